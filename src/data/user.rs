//! The user's own data as the page hands it over (and keeps it in the browser): either points
//! edited on the map ([`PointSet`]) or CSV text with the task to read it as. One JSON form,
//! validated here on every load, so the worker, a reload and the tests all go through the same
//! checks.
//!
//! ```json
//! {"kind":"points","set":"{…PointSet::to_json…}"}
//! {"kind":"csv","task":"auto","text":"x1,x2,label\n…"}
//! ```

use serde::{Deserialize, Serialize};

use super::csv::{parse_csv, CsvData, CsvTask, Normalisation, MAX_BYTES};
use super::points::PointSet;
use super::split::stratified_split;
use super::{Dataset, Split, Task};
use crate::error::{Error, Result};

/// How to read a CSV's last column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvChoice {
    /// Class numbers if every label is one (0..9, no gaps), else regression targets.
    Auto,
    Classes,
    Regression,
}

/// The wire/storage form.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Wire {
    Points { set: String },
    Csv { task: CsvChoice, text: String },
}

/// Parsed and validated user data.
#[derive(Debug, Clone, PartialEq)]
pub enum UserData {
    Points(PointSet),
    Csv(CsvData),
}

/// What the page shows about a loaded set (rows, features, classes, normalisation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserSummary {
    pub kind: &'static str,
    pub rows: usize,
    pub features: usize,
    /// Class count, `None` for regression.
    pub classes: Option<usize>,
    /// Rows per class (empty for regression).
    pub counts: Vec<usize>,
    /// Column names, label/target last (CSV only).
    pub columns: Vec<String>,
    pub header: bool,
    /// Per-feature mean and std used to standardise (CSV only).
    pub normalisation: Option<Normalisation>,
}

impl UserData {
    /// Parses the wire JSON and validates its contents (points via `PointSet::from_json`, CSV
    /// via `parse_csv` with its line-numbered errors).
    pub fn from_json(json: &str) -> Result<UserData> {
        // The CSV cap plus JSON escaping (at most 6 bytes per byte for control characters).
        if json.len() > 6 * MAX_BYTES + 1024 {
            return Err(Error::text(
                format!(
                    "the data is {} bytes; the limit is {MAX_BYTES} bytes (1 MiB) of CSV",
                    json.len()
                ),
                format!(
                    "数据有 {} 字节；CSV 的上限为 {MAX_BYTES} 字节（1 MiB）",
                    json.len()
                ),
            ));
        }
        if json.trim().is_empty() {
            return Err(Error::text(
                "no data loaded yet: add points on the map, or load or paste a CSV",
                "还没有数据：请在图上添加点，或载入、粘贴 CSV",
            ));
        }
        let wire: Wire = serde_json::from_str(json).map_err(|e| {
            Error::text(
                format!("the saved data is not readable: {e}"),
                "保存的数据无法读取（格式已损坏）",
            )
        })?;
        match wire {
            Wire::Points { set } => PointSet::from_json(&set).map(UserData::Points),
            Wire::Csv { task, text } => parse_csv_choice(&text, task).map(UserData::Csv),
        }
    }

    /// The wire JSON of edited points.
    pub fn points_json(set: &PointSet) -> String {
        serde_json::to_string(&Wire::Points { set: set.to_json() }).unwrap_or_default()
    }

    /// The wire JSON of CSV text (not validated; `from_json` does that).
    pub fn csv_json(text: &str, task: CsvChoice) -> String {
        serde_json::to_string(&Wire::Csv {
            task,
            text: text.to_string(),
        })
        .unwrap_or_default()
    }

    pub fn dataset(&self) -> Dataset {
        match self {
            UserData::Points(p) => p.to_dataset(),
            UserData::Csv(c) => c.dataset.clone(),
        }
    }

    /// Edited points all train (see `points`); CSV rows split by `train_ratio` with `seed`,
    /// stratified per class for classification.
    pub fn split(&self, train_ratio: f64, seed: u64) -> Result<Split> {
        match self {
            UserData::Points(p) => p.to_split(),
            UserData::Csv(c) => stratified_split(&c.dataset, train_ratio, seed),
        }
    }

    pub fn summary(&self) -> UserSummary {
        let d = self.dataset();
        let classes = match d.task {
            Task::Classification { classes } => Some(classes),
            Task::Regression => None,
        };
        let (kind, columns, header, normalisation) = match self {
            UserData::Points(_) => ("points", Vec::new(), false, None),
            UserData::Csv(c) => (
                "csv",
                c.columns.clone(),
                c.header,
                Some(c.normalisation.clone()),
            ),
        };
        UserSummary {
            kind,
            rows: d.len(),
            features: d.features,
            classes,
            counts: d.class_counts(),
            columns,
            header,
            normalisation,
        }
    }
}

/// `parse_csv` with [`CsvChoice::Auto`]: classes when every label is a class number, otherwise a
/// regression target; when neither reading works, the error of the reading that got further
/// (a later line; the label's message on a tie), so `1,2,cat` says the label is not a class.
pub fn parse_csv_choice(text: &str, choice: CsvChoice) -> Result<CsvData> {
    match choice {
        CsvChoice::Classes => parse_csv(text, CsvTask::Classes),
        CsvChoice::Regression => parse_csv(text, CsvTask::Regression),
        CsvChoice::Auto => match parse_csv(text, CsvTask::Classes) {
            Ok(d) => Ok(d),
            Err(class_err) => match parse_csv(text, CsvTask::Regression) {
                Ok(d) => Ok(d),
                Err(reg_err) => Err(match (&class_err, &reg_err) {
                    (Error::Csv { line: a, .. }, Error::Csv { line: b, .. }) if a >= b => class_err,
                    _ => reg_err,
                }),
            },
        },
    }
}
