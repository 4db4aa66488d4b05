//! A 2-D set the user edits point by point on the decision map (ConvNetJS's 2-D demo): add a point
//! of a class (or with a regression value), remove the point nearest a click, clear. The set lives
//! in the page, is saved in the browser as JSON ([`PointSet::to_json`]) and re-validated on load
//! ([`PointSet::from_json`]), so a hand-edited or corrupt stored value is an error, never a panic.
//!
//! Points are in the plane's own units (the Playground's square `[-6, 6]²`, where the map draws),
//! not standardised. Every point trains: the split has an empty test set, as in ConvNetJS, so a
//! handful of clicks is enough to train on.

use serde::{Deserialize, Serialize};

use super::csv::MAX_CLASSES;
use super::toy::MAX_SAMPLES;
use super::{Dataset, Split, Task};
use crate::error::{Error, Result};

/// Half the side of the square points may be placed in (the decision map's extent).
pub const HALF_WIDTH: f32 = 6.0;
/// Most points in one edited set (the generated sets' cap).
pub const MAX_POINTS: usize = MAX_SAMPLES;
/// Largest regression value accepted (the Playground's targets are about −1..1).
pub const MAX_VALUE: f32 = 1e3;
/// Version written by [`PointSet::to_json`]; others are refused with a message.
const FORMAT_VERSION: u32 = 1;

/// What the points' values mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PointTask {
    /// Labels `0..classes`; `classes` is 2..=[`MAX_CLASSES`]. A class may have no points yet.
    Classes { classes: u32 },
    /// One real value per point.
    Regression,
}

/// An editable 2-D set: `x, y` pairs and one label or value per point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointSet {
    task: PointTask,
    xy: Vec<f32>,
    values: Vec<f32>,
}

/// The stored form (also what `from_json` accepts).
#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    task: PointTask,
    /// `[x, y, label-or-value]` per point.
    points: Vec<[f32; 3]>,
}

impl PointSet {
    /// An empty set for `task` (validated).
    pub fn new(task: PointTask) -> Result<PointSet> {
        check_task(task)?;
        Ok(PointSet {
            task,
            xy: Vec::new(),
            values: Vec::new(),
        })
    }

    /// The points of a 2-D set (e.g. the generated set the user starts editing from). Points
    /// outside the square are left out (noisy Gaussian tails), so every kept point can be
    /// clicked away again.
    pub fn from_dataset(data: &Dataset) -> Result<PointSet> {
        if data.features != 2 {
            return Err(Error::Invalid(format!(
                "only 2-D sets can be edited on the map; this one has {} features",
                data.features
            )));
        }
        let task = match data.task {
            Task::Classification { classes } => PointTask::Classes {
                classes: classes as u32,
            },
            Task::Regression => PointTask::Regression,
        };
        let mut set = PointSet::new(task)?;
        for i in 0..data.len().min(MAX_POINTS) {
            let p = data.sample(i);
            let v = match data.task {
                Task::Classification { .. } => data.labels[i] as f32,
                Task::Regression => data.targets[i],
            };
            if in_square(p[0]) && in_square(p[1]) {
                set.add(p[0], p[1], v)?;
            }
        }
        Ok(set)
    }

    /// Train and test points of a split, together.
    pub fn from_split(split: &Split) -> Result<PointSet> {
        let mut set = PointSet::from_dataset(&split.train)?;
        let rest = PointSet::from_dataset(&split.test)?;
        if rest.task != set.task {
            return Err(Error::Invalid("train and test sets differ in task".into()));
        }
        let room = MAX_POINTS - set.len();
        let take = rest.len().min(room);
        set.xy.extend_from_slice(&rest.xy[..2 * take]);
        set.values.extend_from_slice(&rest.values[..take]);
        Ok(set)
    }

    pub fn task(&self) -> PointTask {
        self.task
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `x, y` pairs, point after point.
    pub fn xy(&self) -> &[f32] {
        &self.xy
    }

    /// Label (as a number) or value per point.
    pub fn values(&self) -> &[f32] {
        &self.values
    }

    /// Points per class (empty for regression).
    pub fn class_counts(&self) -> Vec<usize> {
        match self.task {
            PointTask::Classes { classes } => {
                let mut counts = vec![0; classes as usize];
                for &v in &self.values {
                    counts[v as usize] += 1;
                }
                counts
            }
            PointTask::Regression => Vec::new(),
        }
    }

    /// Adds a point. A label equal to the current class count adds a class (up to
    /// [`MAX_CLASSES`]), so "new class" is one click.
    pub fn add(&mut self, x: f32, y: f32, value: f32) -> Result<()> {
        if !(in_square(x) && in_square(y)) {
            return Err(Error::text(
                format!("point ({x}, {y}) is outside the square [-{HALF_WIDTH}, {HALF_WIDTH}]²"),
                format!("点 ({x}, {y}) 在正方形 [-{HALF_WIDTH}, {HALF_WIDTH}]² 之外"),
            ));
        }
        if self.len() >= MAX_POINTS {
            return Err(Error::text(
                format!("the set already has {MAX_POINTS} points, the most it can hold"),
                format!("这个点集已有 {MAX_POINTS} 个点，不能再多了"),
            ));
        }
        match &mut self.task {
            PointTask::Classes { classes } => {
                let ok = value.fract() == 0.0 && value >= 0.0 && value <= *classes as f32;
                if !ok || value as u32 >= MAX_CLASSES {
                    let most = (*classes).min(MAX_CLASSES - 1);
                    return Err(Error::text(
                        format!("class `{value}` is not a class number 0 to {most}"),
                        format!("类别 `{value}` 不是 0 到 {most} 的类别编号"),
                    ));
                }
                if value as u32 == *classes {
                    *classes += 1;
                }
            }
            PointTask::Regression => {
                if !(value.is_finite() && value.abs() <= MAX_VALUE) {
                    return Err(Error::text(
                        format!(
                            "value `{value}` must be a number from -{MAX_VALUE} to {MAX_VALUE}"
                        ),
                        format!("值 `{value}` 须为 -{MAX_VALUE} 到 {MAX_VALUE} 之间的数"),
                    ));
                }
            }
        }
        self.xy.extend_from_slice(&[x, y]);
        self.values.push(value);
        Ok(())
    }

    /// Removes the point nearest `(x, y)` if it lies within `radius` (plane units); returns its
    /// index before removal. Ties go to the earlier point.
    pub fn remove_nearest(&mut self, x: f32, y: f32, radius: f32) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for (i, p) in self.xy.chunks_exact(2).enumerate() {
            let d = (p[0] - x).hypot(p[1] - y);
            if d <= radius && best.is_none_or(|(_, b)| d < b) {
                best = Some((i, d));
            }
        }
        let (i, _) = best?;
        self.xy.drain(2 * i..2 * i + 2);
        self.values.remove(i);
        Some(i)
    }

    /// Removes every point; the task (and class count) stays.
    pub fn clear(&mut self) {
        self.xy.clear();
        self.values.clear();
    }

    /// The stored JSON form: `{"version":1,"task":{"kind":"classes","classes":2},"points":[[x,y,label],…]}`.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            version: FORMAT_VERSION,
            task: self.task,
            points: self
                .xy
                .chunks_exact(2)
                .zip(&self.values)
                .map(|(p, &v)| [p[0], p[1], v])
                .collect(),
        };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Parses and validates a stored set: every point goes through [`PointSet::add`], so a stored
    /// value can hold nothing a click could not have made.
    pub fn from_json(text: &str) -> Result<PointSet> {
        // 3 numbers of at most ~40 characters per point, plus slack: refuse bigger text unread.
        const MAX_JSON: usize = 128 * MAX_POINTS + 1024;
        if text.len() > MAX_JSON {
            return Err(Error::text(
                format!(
                    "the saved points are {} bytes; at most {MAX_JSON} are accepted",
                    text.len()
                ),
                format!("保存的点有 {} 字节；最多接受 {MAX_JSON} 字节", text.len()),
            ));
        }
        let stored: Stored = serde_json::from_str(text).map_err(|e| {
            Error::text(
                format!("the saved points are not readable: {e}"),
                "保存的点无法读取（格式已损坏）",
            )
        })?;
        if stored.version != FORMAT_VERSION {
            return Err(Error::text(
                format!(
                    "the saved points have format version {}; this page reads version {FORMAT_VERSION}",
                    stored.version
                ),
                format!(
                    "保存的点的格式版本为 {}；本页读取版本 {FORMAT_VERSION}",
                    stored.version
                ),
            ));
        }
        if stored.points.len() > MAX_POINTS {
            return Err(Error::text(
                format!(
                    "the saved set has {} points; at most {MAX_POINTS} are accepted",
                    stored.points.len()
                ),
                format!(
                    "保存的点集有 {} 个点；最多接受 {MAX_POINTS} 个",
                    stored.points.len()
                ),
            ));
        }
        let mut set = PointSet::new(stored.task)?;
        // Classes are fixed by the stored task; a label may not grow them here.
        let fixed = set.task;
        for (i, [x, y, v]) in stored.points.into_iter().enumerate() {
            set.add(x, y, v).map_err(|e| {
                Error::text(
                    format!("saved point {}: {e}", i + 1),
                    format!("保存的第 {} 个点：{}", i + 1, e.message_in(true)),
                )
            })?;
            if set.task != fixed {
                return Err(Error::text(
                    format!(
                        "saved point {}: class `{v}` is not below the saved class count",
                        i + 1
                    ),
                    format!("保存的第 {} 个点：类别 `{v}` 不小于保存的类别数", i + 1),
                ));
            }
        }
        Ok(set)
    }

    /// The points as a dataset (classification labels or regression targets).
    pub fn to_dataset(&self) -> Dataset {
        match self.task {
            PointTask::Classes { classes } => Dataset {
                features: 2,
                shape: None,
                task: Task::Classification {
                    classes: classes as usize,
                },
                inputs: self.xy.clone(),
                labels: self.values.iter().map(|&v| v as u32).collect(),
                targets: Vec::new(),
            },
            PointTask::Regression => Dataset {
                features: 2,
                shape: None,
                task: Task::Regression,
                inputs: self.xy.clone(),
                labels: Vec::new(),
                targets: self.values.clone(),
            },
        }
    }

    /// Every point trains, the test set is empty (see the module docs). An empty set is an error
    /// that tells the user what to do.
    pub fn to_split(&self) -> Result<Split> {
        if self.is_empty() {
            return Err(Error::text(
                "the custom set has no points yet: click on the map to add some",
                "自定义点集还没有点：请在图上点击添加",
            ));
        }
        let train = self.to_dataset();
        let test = Dataset {
            inputs: Vec::new(),
            labels: Vec::new(),
            targets: Vec::new(),
            ..train.clone()
        };
        Ok(Split { train, test })
    }
}

fn in_square(v: f32) -> bool {
    v.is_finite() && v.abs() <= HALF_WIDTH
}

fn check_task(task: PointTask) -> Result<()> {
    match task {
        PointTask::Classes { classes } if !(2..=MAX_CLASSES).contains(&classes) => {
            Err(Error::Invalid(format!(
                "a point set has 2 to {MAX_CLASSES} classes, got {classes}"
            )))
        }
        _ => Ok(()),
    }
}
