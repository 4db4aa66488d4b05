//! The training page's save and load in core terms: a run (its [`TrainSetup`] and trainer) becomes
//! a model file (`nn::model_file`, the format the CLI reads and writes), and a model file becomes
//! the setup that restores the form and the `t.` link. Pure Rust; the wasm skin only forwards.

use serde::Serialize;

use super::setup::{DataChoice, TrainSetup};
use crate::activation::truncate_for_message;
use crate::data::Task;
use crate::error::{Error, Result};
use crate::nn::{DataInfo, Generated, ModelFile, Trainer};

/// What the page tells the user beside a successful load (translated by the page).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum LoadNote {
    /// The file names no data set the page has (CSV data, another tool's label) or none at all;
    /// the model fits the current data's shape, so it runs on that.
    DataKept { name: Option<String> },
    /// The 2-D data was generated with another seed than the model's training seed; the page
    /// regenerates it with the training seed (the link has one seed), so the points differ.
    DataSeed { file_seed: u64 },
    /// The file carries an input standardisation the page does not apply to its data.
    Normalisation,
    /// Some setting of the model's config has no `t.` key yet: the run uses the file's config,
    /// but a copied link would not reproduce it.
    LinkIncomplete,
}

/// A checked model file with the setup that shows it on the page.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    pub file: ModelFile,
    pub setup: TrainSetup,
    pub notes: Vec<LoadNote>,
}

impl TrainSetup {
    /// The data as the model file records it, so the CLI (`eval-model`) and a later load
    /// regenerate the same points.
    pub fn data_info(&self) -> DataInfo {
        let generated = match self.data {
            // The user's points and CSV live in the browser only; the file names them.
            DataChoice::TwoD(_) | DataChoice::Function => Some(Generated {
                samples: self.samples,
                noise: self.noise,
                train_ratio: self.train_ratio,
                seed: self.config.seed,
            }),
            DataChoice::Images(_) | DataChoice::Custom | DataChoice::Csv => None,
        };
        DataInfo {
            generated,
            ..DataInfo::named(self.data.name())
        }
    }

    /// The model file of `trainer`, a run of this setup.
    pub fn save_model(&self, trainer: &Trainer) -> String {
        trainer.save_with_data(self.data_info())
    }

    /// Parses and checks a model file and works out the setup that shows it: the file's config,
    /// its data set when the page has it (else `current`'s data, when the shapes fit), and
    /// `current`'s comparison line-up and target. Errors say why the file cannot be used.
    pub fn load_model(json: &str, current: &TrainSetup) -> Result<LoadedModel> {
        let file = ModelFile::parse(json)?;
        let task: Task = file.task.into();
        let shape = (file.features, task);
        let mut notes = Vec::new();
        let mut setup = TrainSetup {
            config: file.config.clone(),
            ..current.clone()
        };
        let named = file
            .data
            .as_ref()
            .and_then(|d| DataChoice::parse(&d.name).ok().map(|c| (d, c)));
        match named {
            Some((info, choice)) if shape_of(&setup, choice) == shape => {
                setup.data = choice;
                if let DataChoice::TwoD(d) = choice {
                    let g = info.generated.unwrap_or(Generated {
                        samples: d.default_samples(),
                        noise: 0.0,
                        train_ratio: 0.5,
                        seed: file.config.seed,
                    });
                    setup.samples = g.samples;
                    setup.noise = g.noise;
                    setup.train_ratio = g.train_ratio;
                    if g.seed != file.config.seed {
                        notes.push(LoadNote::DataSeed { file_seed: g.seed });
                    }
                }
            }
            _ if current.shape() == shape => notes.push(LoadNote::DataKept {
                name: file.data.as_ref().map(|d| d.name.clone()),
            }),
            _ => {
                let name = file.data.as_ref().map_or_else(
                    || "unnamed data".to_string(),
                    |d| format!("`{}`", truncate_for_message(&d.name)),
                );
                let name_zh = file.data.as_ref().map_or_else(
                    || "未命名的数据".to_string(),
                    |d| format!("`{}`", truncate_for_message(&d.name)),
                );
                return Err(Error::text(
                    format!(
                        "the model was trained on {name} ({}); the page has no such data set and the \
                         current one ({}, {}) does not fit it",
                        describe(shape),
                        current.data.name(),
                        describe(current.shape())
                    ),
                    format!(
                        "模型是在 {name_zh}（{}）上训练的；页面没有这个数据集，当前的数据集（{}，{}）也不适合它",
                        describe_zh(shape),
                        current.data.name(),
                        describe_zh(current.shape())
                    ),
                ));
            }
        }
        if file
            .data
            .as_ref()
            .is_some_and(|d| d.normalisation.is_some())
        {
            notes.push(LoadNote::Normalisation);
        }
        setup.validate()?;
        // What the link gives back is what the page shows; the run keeps the file's config even
        // where the link cannot say it.
        let linked = TrainSetup::parse_hash(&setup.to_hash())?;
        if linked.config != setup.config {
            notes.push(LoadNote::LinkIncomplete);
        }
        let setup = TrainSetup {
            config: file.config.clone(),
            ..linked
        };
        Ok(LoadedModel { file, setup, notes })
    }
}

/// The data shape `setup` would have with `choice` as its data.
fn shape_of(setup: &TrainSetup, choice: DataChoice) -> (usize, Task) {
    TrainSetup {
        data: choice,
        ..setup.clone()
    }
    .shape()
}

fn describe_zh((features, task): (usize, Task)) -> String {
    match task {
        Task::Classification { classes } => format!("{features} 个特征，{classes} 个类别"),
        Task::Regression => format!("{features} 个特征，回归"),
    }
}

fn describe((features, task): (usize, Task)) -> String {
    match task {
        Task::Classification { classes } => format!("{features} features, {classes} classes"),
        Task::Regression => format!("{features} features, regression"),
    }
}
