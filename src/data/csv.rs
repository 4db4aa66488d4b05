//! User data from CSV text (an uploaded file or a paste): `x1,x2,label` for classification,
//! `x1,…,xn,y` for regression — the last column is always the label or target.
//!
//! What is accepted, so a person can predict it:
//! - One header row is optional. The first content line is a header when *none* of its fields is a
//!   number (`x1,x2,label`); otherwise it is data (so `1,2,cat` is an error on line 1, not a header).
//! - The delimiter is taken from the first content line: `,` if it has one, else tab, else `;`,
//!   else runs of spaces. Fields are trimmed; one pair of surrounding `"` is removed. Quoted
//!   delimiters are not supported (numbers never need them).
//! - `\n` or `\r\n` line ends, a leading byte-order mark, blank lines and lines starting with `#`
//!   are fine. Line numbers in errors count every physical line from 1.
//! - Numbers are Rust/JS decimal syntax (`-1.5`, `2e-3`); NaN and ±∞ are rejected.
//! - Labels: [`CsvTask::Binary`] takes 0/1, [`CsvTask::Classes`] takes 0..k−1 with k ≤
//!   [`MAX_CLASSES`], every class present; integral decimals such as `1.0` count as integers.
//! - Caps: [`MAX_BYTES`] of text, [`MAX_ROWS`] data rows, [`MAX_FEATURES`] features, at least
//!   [`MIN_ROWS`] rows.
//!
//! The returned inputs are standardised per feature (mean 0, standard deviation 1, population
//! formula as scikit-learn's `StandardScaler`); the statistics come back for the page to show and
//! to map new points (clicks, heatmap grids) the same way. A constant feature is only centred (its
//! std is reported as 0 and treated as 1). Regression targets are left as given.

use super::{Dataset, Task};
use crate::error::{Error, Result};

/// Largest text accepted (1 MiB).
pub const MAX_BYTES: usize = 1 << 20;
/// Most data rows.
pub const MAX_ROWS: usize = 20_000;
/// Most feature columns (the label/target column comes on top).
pub const MAX_FEATURES: usize = 64;
/// Fewest data rows (a split needs one train and one test sample).
pub const MIN_ROWS: usize = 2;
/// Most classes for [`CsvTask::Classes`] (the page has ten class colours; digits have ten).
pub const MAX_CLASSES: u32 = 10;

/// What the last column means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTask {
    /// Labels 0/1.
    Binary,
    /// Labels 0..k−1, k from 2 to [`MAX_CLASSES`], inferred from the largest label.
    Classes,
    /// Any finite real target.
    Regression,
}

/// Per-feature standardisation: `z = (v − mean) / std` (std 0 is treated as 1). Serialisable so a
/// saved model carries it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Normalisation {
    pub mean: Vec<f64>,
    /// Population standard deviation; 0 for a constant feature.
    pub std: Vec<f64>,
}

impl Normalisation {
    fn scale(&self, i: usize) -> f64 {
        if self.std[i] > 0.0 {
            self.std[i]
        } else {
            1.0
        }
    }

    /// Standardises one sample in place (e.g. a clicked point in original units).
    /// Panics if the sample's length is not the number of features (a caller bug).
    pub fn apply(&self, sample: &mut [f32]) {
        assert_eq!(sample.len(), self.mean.len(), "apply: feature count");
        for (i, v) in sample.iter_mut().enumerate() {
            *v = ((f64::from(*v) - self.mean[i]) / self.scale(i)) as f32;
        }
    }

    /// Maps one standardised sample back to original units.
    pub fn invert(&self, sample: &mut [f32]) {
        assert_eq!(sample.len(), self.mean.len(), "invert: feature count");
        for (i, v) in sample.iter_mut().enumerate() {
            *v = (f64::from(*v) * self.scale(i) + self.mean[i]) as f32;
        }
    }
}

/// A parsed CSV: the standardised set, its column names and the statistics used.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvData {
    pub dataset: Dataset,
    /// One name per column, the label/target last: the header's, or `x1…xn` and `label`/`y`.
    pub columns: Vec<String>,
    /// Whether the first content line was a header.
    pub header: bool,
    pub normalisation: Normalisation,
}

/// Parses CSV text for `task`; errors name the line (`Error::Csv`), or the whole text for caps.
pub fn parse_csv(text: &str, task: CsvTask) -> Result<CsvData> {
    if text.len() > MAX_BYTES {
        return Err(Error::text(
            format!(
                "the CSV text is {} bytes; the limit is {MAX_BYTES} bytes (1 MiB)",
                text.len()
            ),
            format!(
                "CSV 文本有 {} 字节，上限为 {MAX_BYTES} 字节（1 MiB）",
                text.len()
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix('\r').unwrap_or(line)))
        .filter(|(_, line)| {
            let t = line.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .peekable();

    let Some(&(first_number, first_line)) = lines.peek() else {
        return Err(Error::text(
            "the CSV text has no rows; expected lines like `x1,x2,label`",
            "CSV 文本没有数据行；应为形如 `x1,x2,label` 的行",
        ));
    };
    let delimiter = Delimiter::detect(first_line);
    let first_fields = delimiter.split(first_line);
    let width = first_fields.len();
    if width < 2 {
        return Err(csv_error(
            first_number,
            format!(
                "found 1 column; expected the features then the {} (e.g. `x1,x2,label`)",
                task.last_column()
            ),
            format!(
                "只有 1 列；应先是特征，最后一列是{}（如 `x1,x2,label`）",
                task.last_column_zh()
            ),
        ));
    }
    if width > MAX_FEATURES + 1 {
        return Err(csv_error(
            first_number,
            format!(
                "found {width} columns; at most {MAX_FEATURES} features plus the {} are allowed",
                task.last_column()
            ),
            format!(
                "有 {width} 列；最多允许 {MAX_FEATURES} 个特征加一列{}",
                task.last_column_zh()
            ),
        ));
    }
    let header = first_fields.iter().all(|f| f.parse::<f64>().is_err());
    let columns: Vec<String> = if header {
        lines.next();
        first_fields.iter().map(|f| f.to_string()).collect()
    } else {
        (1..width)
            .map(|i| format!("x{i}"))
            .chain(std::iter::once(task.last_column().to_string()))
            .collect()
    };
    let features = width - 1;

    let mut inputs: Vec<f64> = Vec::new();
    let mut last: Vec<f64> = Vec::new();
    for (number, line) in lines {
        if last.len() == MAX_ROWS {
            return Err(csv_error(
                number,
                format!("more than {MAX_ROWS} data rows; the limit is {MAX_ROWS}"),
                format!("数据行超过 {MAX_ROWS} 行；上限为 {MAX_ROWS} 行"),
            ));
        }
        let fields = delimiter.split(line);
        if fields.len() != width {
            return Err(csv_error(
                number,
                format!("expected {width} columns, found {}", fields.len()),
                format!("应有 {width} 列，实际有 {} 列", fields.len()),
            ));
        }
        for (i, field) in fields.iter().enumerate() {
            let name = &columns[i];
            if field.is_empty() {
                return Err(csv_error(
                    number,
                    format!("column {} ({name}) is empty", i + 1),
                    format!("第 {} 列（{name}）为空", i + 1),
                ));
            }
            if i == features {
                last.push(task.target(field, number)?);
            } else {
                inputs.push(number_in(field, i, name, number)?);
            }
        }
    }
    let rows = last.len();
    if rows < MIN_ROWS {
        return Err(Error::text(
            format!(
                "the CSV text has {rows} data row{}; at least {MIN_ROWS} are needed",
                if rows == 1 { "" } else { "s" }
            ),
            format!("CSV 文本只有 {rows} 行数据；至少需要 {MIN_ROWS} 行"),
        ));
    }

    let normalisation = statistics(&inputs, features);
    let mut standardised: Vec<f32> = inputs.iter().map(|&v| v as f32).collect();
    for sample in standardised.chunks_exact_mut(features) {
        normalisation.apply(sample);
    }
    let dataset = match task {
        CsvTask::Regression => Dataset {
            features,
            shape: None,
            task: Task::Regression,
            inputs: standardised,
            labels: Vec::new(),
            targets: last.iter().map(|&t| t as f32).collect(),
        },
        CsvTask::Binary | CsvTask::Classes => {
            let labels: Vec<u32> = last.iter().map(|&l| l as u32).collect();
            let classes = check_classes(&labels)?;
            Dataset {
                features,
                shape: None,
                task: Task::Classification { classes },
                inputs: standardised,
                labels,
                targets: Vec::new(),
            }
        }
    };
    Ok(CsvData {
        dataset,
        columns,
        header,
        normalisation,
    })
}

impl CsvTask {
    fn last_column(self) -> &'static str {
        match self {
            CsvTask::Regression => "y",
            _ => "label",
        }
    }

    /// The last column's name in Chinese.
    fn last_column_zh(self) -> &'static str {
        match self {
            CsvTask::Regression => "目标值 y",
            _ => "标签 label",
        }
    }

    /// The label or target in the last column of line `number`.
    fn target(self, field: &str, number: usize) -> Result<f64> {
        let value = field.parse::<f64>();
        match self {
            CsvTask::Regression => {
                let v = value.map_err(|_| {
                    csv_error(
                        number,
                        format!("target `{}` is not a number", shown(field)),
                        format!("目标值 `{}` 不是数字", shown(field)),
                    )
                })?;
                if v.is_finite() {
                    Ok(v)
                } else {
                    Err(csv_error(
                        number,
                        format!("target `{}` is not a finite number", shown(field)),
                        format!("目标值 `{}` 不是有限的数", shown(field)),
                    ))
                }
            }
            CsvTask::Binary | CsvTask::Classes => {
                let (max, wanted, wanted_zh) = match self {
                    CsvTask::Binary => (1, "0/1".to_string(), "0/1".to_string()),
                    _ => (
                        MAX_CLASSES - 1,
                        format!("a class number 0 to {}", MAX_CLASSES - 1),
                        format!("0 到 {} 的类别编号", MAX_CLASSES - 1),
                    ),
                };
                match value {
                    Ok(v) if v.fract() == 0.0 && (0.0..=f64::from(max)).contains(&v) => Ok(v),
                    _ => Err(csv_error(
                        number,
                        format!("label `{}` is not {wanted}", shown(field)),
                        format!("标签 `{}` 不是{wanted_zh}", shown(field)),
                    )),
                }
            }
        }
    }
}

/// Classes in use: at least two, none missing below the largest (labels are already in range).
fn check_classes(labels: &[u32]) -> Result<usize> {
    let classes = labels.iter().max().map_or(0, |&m| m as usize + 1);
    let mut counts = vec![0usize; classes];
    for &l in labels {
        counts[l as usize] += 1;
    }
    if counts.iter().filter(|&&c| c > 0).count() < 2 {
        return Err(Error::text(
            format!(
                "every row has label {}; a classification set needs at least two classes",
                classes.saturating_sub(1)
            ),
            format!(
                "每一行的标签都是 {}；分类数据集至少需要两个类别",
                classes.saturating_sub(1)
            ),
        ));
    }
    if let Some(missing) = counts.iter().position(|&c| c == 0) {
        return Err(Error::text(
            format!(
                "no row has label {missing}, but labels go up to {}; labels must be 0..k-1 without gaps",
                classes - 1
            ),
            format!(
                "没有一行的标签是 {missing}，但标签最大到 {}；标签须为 0..k-1，中间不能缺",
                classes - 1
            ),
        ));
    }
    Ok(classes)
}

fn number_in(field: &str, column: usize, name: &str, line: usize) -> Result<f64> {
    let at = format!("in column {} ({name})", column + 1);
    let at_zh = format!("第 {} 列（{name}）中的", column + 1);
    match field.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(csv_error(
            line,
            format!("`{}` {at} is not a finite number", shown(field)),
            format!("{at_zh} `{}` 不是有限的数", shown(field)),
        )),
        Err(_) => Err(csv_error(
            line,
            format!("`{}` {at} is not a number", shown(field)),
            format!("{at_zh} `{}` 不是数字", shown(field)),
        )),
    }
}

/// Mean and population standard deviation per feature (two passes, in f64).
fn statistics(inputs: &[f64], features: usize) -> Normalisation {
    let rows = (inputs.len() / features) as f64;
    let mut mean = vec![0.0; features];
    for sample in inputs.chunks_exact(features) {
        for (m, &v) in mean.iter_mut().zip(sample) {
            *m += v;
        }
    }
    for m in &mut mean {
        *m /= rows;
    }
    let mut var = vec![0.0; features];
    for sample in inputs.chunks_exact(features) {
        for ((s, &v), &m) in var.iter_mut().zip(sample).zip(&mean) {
            *s += (v - m) * (v - m);
        }
    }
    let std = var.iter().map(|s| (s / rows).sqrt()).collect();
    Normalisation { mean, std }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Delimiter {
    Char(char),
    Spaces,
}

impl Delimiter {
    fn detect(line: &str) -> Delimiter {
        [',', '\t', ';']
            .into_iter()
            .find(|&c| line.contains(c))
            .map_or(Delimiter::Spaces, Delimiter::Char)
    }

    fn split(self, line: &str) -> Vec<&str> {
        match self {
            Delimiter::Char(c) => line.split(c).map(unquote).collect(),
            Delimiter::Spaces => line.split_whitespace().map(unquote).collect(),
        }
    }
}

/// A field without surrounding spaces and one pair of surrounding double quotes.
fn unquote(field: &str) -> &str {
    let f = field.trim();
    f.strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .map_or(f, str::trim)
}

fn csv_error(line: usize, message: String, message_zh: String) -> Error {
    Error::Csv {
        line,
        message,
        message_zh,
    }
}

/// A field as quoted in a message, shortened if huge.
fn shown(field: &str) -> String {
    const MAX: usize = 24;
    if field.chars().count() <= MAX {
        field.to_string()
    } else {
        let head: String = field.chars().take(MAX).collect();
        format!("{head}…")
    }
}
