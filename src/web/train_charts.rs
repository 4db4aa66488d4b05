//! The page side of a training run: `TrainCharts` keeps the run's history and the latest decision
//! map, misclassified images, confusion matrix and learning-rate plan, and draws them on demand.

use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::js_err;
use super::train::HEATMAP_RESOLUTION;
use super::train_json::{CompareRun, DigitsJson, EpochRecordIn, Labels, LivePointIn, PointsJson};
use crate::data::Extent;
use crate::nn::LrPlan;
use crate::plot::article::{article_charts, draw_article, ArticleLabels, ArticleRun};
use crate::plot::boundary::{draw_boundary, Boundary};
use crate::plot::confusion::{draw_confusion, ConfusionLabels};
use crate::plot::digits::draw_digits;
use crate::plot::layers::{layer_chart_named, LayerNames, LayerPanel};
use crate::plot::traces::{
    draw_lines_over, draw_lr_strip, metric_series, plan_range, record_at, LineChart, Metric, Series,
};
use crate::plot::{ChartMapping, Style};
use crate::training::{ConfusionMatrix, History, TrainRecord, TrainSetup};

/// The page side: the run's history, last decision map / misclassified images / confusion
/// matrix and the learning-rate plan, drawn on demand (at most once per animation frame, the page
/// decides). Keeps each chart's last pixel mapping for hover readouts.
#[wasm_bindgen]
#[derive(Default)]
pub struct TrainCharts {
    history: History,
    heat: Vec<f32>,
    points: Option<PointsJson>,
    digits: Option<DigitsJson>,
    confusion: Option<ConfusionMatrix>,
    plan: Option<LrPlan>,
    mappings: Vec<(String, ChartMapping)>,
    compare: Vec<CompareRun>,
    /// Epochs per compare run (the compare charts' x axis).
    compare_epochs: u32,
    /// The article's figures show the sigmoid run (the article leaves it out).
    article_sigmoid: bool,
}

#[wasm_bindgen]
impl TrainCharts {
    #[wasm_bindgen(constructor)]
    pub fn new() -> TrainCharts {
        TrainCharts::default()
    }

    /// Forgets the run (traces, map, images).
    pub fn clear(&mut self) {
        *self = TrainCharts {
            compare: std::mem::take(&mut self.compare),
            article_sigmoid: self.article_sigmoid,
            ..TrainCharts::default()
        };
    }

    #[wasm_bindgen(getter)]
    pub fn records(&self) -> u32 {
        self.history.len() as u32
    }

    /// Adds a record (JSON from `TrainSession.evaluate`).
    pub fn push(&mut self, record: &str) -> Result<(), JsError> {
        let r: TrainRecord =
            serde_json::from_str(record).map_err(|e| JsError::new(&format!("bad record: {e}")))?;
        self.history.push(r);
        Ok(())
    }

    /// The latest record as JSON (`null` before the first).
    pub fn latest(&self) -> String {
        self.history
            .records()
            .last()
            .and_then(|r| serde_json::to_string(r).ok())
            .unwrap_or_else(|| "null".into())
    }

    /// The record nearest to fractional `epoch`, as JSON (hover readout).
    pub fn nearest(&self, epoch: f64) -> String {
        self.history
            .nearest(epoch)
            .and_then(|r| serde_json::to_string(r).ok())
            .unwrap_or_else(|| "null".into())
    }

    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(&mut self, json: &str) {
        self.points = serde_json::from_str(json).ok();
    }

    #[wasm_bindgen(js_name = setHeatmap)]
    pub fn set_heatmap(&mut self, values: Vec<f32>) {
        self.heat = values;
    }

    #[wasm_bindgen(js_name = setDigits)]
    pub fn set_digits(&mut self, json: &str) {
        self.digits = serde_json::from_str(json).ok();
    }

    /// The confusion matrix JSON from `TrainSession.confusion` (`null` clears it).
    #[wasm_bindgen(js_name = setConfusion)]
    pub fn set_confusion(&mut self, json: &str) {
        self.confusion = serde_json::from_str(json).ok();
    }

    /// The latest confusion matrix as JSON (`null` before one), for the page's summary text.
    pub fn confusion(&self) -> String {
        self.confusion
            .as_ref()
            .and_then(|m| {
                serde_json::to_string(&serde_json::json!({
                    "classes": m.classes,
                    "counts": m.counts,
                    "total": m.total(),
                    "accuracy": m.accuracy(),
                    "per_class": m.per_class_accuracy(),
                }))
                .ok()
            })
            .unwrap_or_else(|| "null".into())
    }

    /// The run's learning-rate plan, for the strip under the loss chart: the setup in `hash` and
    /// the session's steps per epoch.
    #[wasm_bindgen(js_name = setPlan)]
    pub fn set_plan(&mut self, hash: &str, steps_per_epoch: u32) -> Result<(), JsError> {
        let s = TrainSetup::parse_hash(hash).map_err(js_err)?;
        let plan = LrPlan::new(
            s.config.schedule,
            s.config.lr,
            steps_per_epoch as usize,
            s.config.epochs,
        )
        .map_err(js_err)?;
        self.plan = Some(plan);
        Ok(())
    }

    /// The record under backing-store pixel column `px` of chart `kind` as last drawn, as JSON
    /// (`null` before that chart is drawn or without records). The pixel→epoch mapping is the
    /// chart code's, not the page's.
    #[wasm_bindgen(js_name = recordAt)]
    pub fn record_at(&self, kind: &str, px: f64) -> String {
        self.mappings
            .iter()
            .find(|(k, _)| k == kind)
            .and_then(|(_, m)| record_at(self.history.records(), m, px))
            .and_then(|r| serde_json::to_string(r).ok())
            .unwrap_or_else(|| "null".into())
    }

    /// Starts a comparison of `epochs` epochs per run with these run labels (JSON arrays: the
    /// canonical ones for the CSV, `displays` for the legends, as the setup's `compare` and
    /// `compare_labels`).
    #[wasm_bindgen(js_name = compareStart)]
    pub fn compare_start(
        &mut self,
        labels: &str,
        displays: &str,
        epochs: u32,
    ) -> Result<(), JsError> {
        let read = |json: &str| -> Result<Vec<String>, JsError> {
            serde_json::from_str(json).map_err(|e| JsError::new(&e.to_string()))
        };
        let (labels, displays) = (read(labels)?, read(displays)?);
        self.compare = labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| CompareRun {
                display: displays.get(i).cloned().unwrap_or_else(|| label.clone()),
                label,
                records: Vec::new(),
                live: Vec::new(),
            })
            .collect();
        self.compare_epochs = epochs;
        Ok(())
    }

    /// Adds an epoch record (JSON `EpochRecord`) to run `run`; its live points up to that epoch
    /// are done with.
    #[wasm_bindgen(js_name = comparePush)]
    pub fn compare_push(&mut self, run: usize, record: &str) -> Result<(), JsError> {
        let r: EpochRecordIn =
            serde_json::from_str(record).map_err(|e| JsError::new(&e.to_string()))?;
        if let Some(c) = self.compare.get_mut(run) {
            let epoch = r.epoch as f64;
            c.live.retain(|l| l.epoch > epoch);
            c.records.push(r);
        }
        Ok(())
    }

    /// Adds a live point (JSON `{epoch, test_accuracy, test_loss}`, a fractional epoch) to run
    /// `run`: its lines go on there until its next epoch record.
    #[wasm_bindgen(js_name = compareLive)]
    pub fn compare_live(&mut self, run: usize, point: &str) -> Result<(), JsError> {
        let p: LivePointIn =
            serde_json::from_str(point).map_err(|e| JsError::new(&e.to_string()))?;
        if let Some(c) = self.compare.get_mut(run) {
            let last = c.records.last().map_or(0.0, |r| r.epoch as f64);
            if p.epoch > last && p.epoch.is_finite() {
                c.live.push(p);
            }
        }
        Ok(())
    }

    /// The comparison's test-accuracy lines as drawn (epoch records, then a running run's live
    /// points): JSON `[{label, points: [[epoch, accuracy], …]}]`, for the page tests.
    #[wasm_bindgen(js_name = compareSeries)]
    pub fn compare_series(&self) -> String {
        series_json(&self.compare_chart("cmp_acc", false, &Labels::default()))
    }

    /// The activation mean/std lines per layer as drawn (`cmp_stats`): JSON
    /// `[{label, points: [[layer, value], …]}]` (means, then stds, per run), for the page tests.
    #[wasm_bindgen(js_name = compareStats)]
    pub fn compare_stats(&self) -> String {
        series_json(&self.compare_stats_chart(&Labels::default()))
    }

    /// Whether the article's figures (`cmp_article`) show the sigmoid run.
    #[wasm_bindgen(js_name = setArticleSigmoid)]
    pub fn set_article_sigmoid(&mut self, show: bool) {
        self.article_sigmoid = show;
    }

    /// The run's traces as CSV.
    pub fn csv(&self) -> String {
        self.history.to_csv()
    }

    /// The comparison's per-epoch traces as CSV (one row per run and epoch).
    #[wasm_bindgen(js_name = compareCsv)]
    pub fn compare_csv(&self) -> String {
        let binary = self
            .compare
            .iter()
            .flat_map(|r| &r.records)
            .any(|r| r.test_binary_accuracy.is_some());
        let mut out =
            String::from("activation,epoch,train_loss,train_accuracy,test_loss,test_accuracy");
        out.push_str(if binary {
            ",test_binary_accuracy\n"
        } else {
            "\n"
        });
        let opt = |v: Option<f32>| v.map(|v| v.to_string()).unwrap_or_default();
        for run in &self.compare {
            for r in &run.records {
                out.push_str(&format!(
                    "\"{}\",{},{},{},{},{}",
                    run.label.replace('"', "'"),
                    r.epoch,
                    r.train_loss,
                    opt(r.train_accuracy),
                    opt(r.test_loss),
                    opt(r.test_accuracy)
                ));
                if binary {
                    out.push_str(&format!(",{}", opt(r.test_binary_accuracy)));
                }
                out.push('\n');
            }
        }
        out
    }

    /// Draws chart `kind` on `canvas` (backing store already sized by the page). Kinds: `loss`,
    /// `lr`, `accuracy`, `boundary`, `digits`, `confusion`, `grad`, `meanstd`, `dead`, `alpha`,
    /// `cmp_acc`, `cmp_loss`, `cmp_grad`, `cmp_dead`, `cmp_stats`, `cmp_article` (the article's two
    /// figures), `clip`. Returns the mapping JSON (or `null`).
    pub fn draw(
        &mut self,
        canvas: HtmlCanvasElement,
        kind: &str,
        log_y: bool,
        dark: bool,
        scale: f64,
        labels: &str,
    ) -> Result<String, JsError> {
        let labels: Labels = serde_json::from_str(labels).unwrap_or_default();
        let m = super::paint_canvas(canvas, dark, scale, "chart", |root, style| {
            self.draw_on(root, kind, log_y, &labels, style)
        })?;
        self.mappings.retain(|(k, _)| k != kind);
        if let Some(m) = m {
            self.mappings.push((kind.to_string(), m));
        }
        Ok(mapping_json(m))
    }

    /// The same chart as an SVG document.
    pub fn svg(
        &self,
        kind: &str,
        width: u32,
        height: u32,
        log_y: bool,
        dark: bool,
        labels: &str,
    ) -> Result<String, JsError> {
        chart_svg(
            width,
            height,
            dark,
            labels,
            |root, labels: &Labels, style| {
                self.draw_on(root, kind, log_y, labels, style).map(|_| ())
            },
        )
    }
}

/// A chart as an SVG document (the training page's "SVG" buttons): `labels` is the page's
/// translated labels JSON (defaults when it does not parse), `dark` the theme, `draw` paints.
pub(super) fn chart_svg<L: serde::de::DeserializeOwned + Default, E: std::fmt::Display>(
    width: u32,
    height: u32,
    dark: bool,
    labels: &str,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>, &L, &Style) -> Result<(), E>,
) -> Result<String, JsError> {
    let labels: L = serde_json::from_str(labels).unwrap_or_default();
    let style = Style {
        dark,
        ..Style::default()
    };
    crate::plot::render_to_svg(
        width.clamp(200, 4000),
        height.clamp(150, 4000),
        &style,
        |root, style| draw(root, &labels, style),
    )
    .map_err(js_err)
}

/// A chart's lines as JSON `[{label, points}]` (the page tests read what is drawn).
fn series_json(chart: &LineChart) -> String {
    let runs: Vec<serde_json::Value> = chart
        .series
        .iter()
        .map(|s| serde_json::json!({"label": s.label, "points": s.points}))
        .collect();
    serde_json::Value::Array(runs).to_string()
}

fn mapping_json(m: Option<ChartMapping>) -> String {
    match m {
        Some(m) => serde_json::json!({
            "x0": m.x_range.0, "x1": m.x_range.1, "y0": m.y_range.0, "y1": m.y_range.1,
            "left": m.left, "right": m.right, "top": m.top, "bottom": m.bottom,
        })
        .to_string(),
        None => "null".into(),
    }
}

type Drawn<DB> =
    Result<Option<ChartMapping>, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

impl TrainCharts {
    /// Draws chart `kind`; returns its pixel mapping (charts with an x axis) or `None`.
    fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        kind: &str,
        log_y: bool,
        labels: &Labels,
        style: &Style,
    ) -> Drawn<DB> {
        let records = self.history.records();
        match kind {
            "loss" | "accuracy" => {
                let metric = if kind == "loss" {
                    Metric::Loss
                } else {
                    Metric::Accuracy
                };
                let chart = LineChart {
                    title: labels.title.clone(),
                    x_label: labels.x.clone(),
                    log_y: log_y && metric == Metric::Loss,
                    y_range: (metric == Metric::Accuracy).then_some((0.0, 1.0)),
                    x_integer: false,
                    series: metric_series(records, metric, (&labels.train, &labels.test)),
                };
                draw_lines_over(root, &chart, self.run_range(), style).map(Some)
            }
            "lr" => {
                let Some(plan) = &self.plan else {
                    return Ok(None);
                };
                let now = records.last().map(|r| r.epoch);
                draw_lr_strip(root, plan, now, &labels.lr, &labels.x, style).map(Some)
            }
            "confusion" => {
                let l = ConfusionLabels {
                    predicted: labels.predicted.clone(),
                    truth: labels.truth.clone(),
                    accuracy: labels.accuracy.clone(),
                    empty: labels.empty.clone(),
                };
                draw_confusion(root, self.confusion.as_ref(), &l, style).map(|_| None)
            }
            "boundary" => self.draw_map(root, style),
            "digits" => {
                let (side, items) = self
                    .digits
                    .as_ref()
                    .map_or((0, &[][..]), |d| (d.side, &d.items[..]));
                draw_digits(root, items, side, &labels.empty, style).map(|_| None)
            }
            "cmp_stats" => {
                let chart = self.compare_stats_chart(labels);
                draw_lines_over(root, &chart, None, style).map(Some)
            }
            "cmp_acc" | "cmp_loss" | "cmp_grad" | "cmp_dead" => {
                let chart = self.compare_chart(kind, log_y, labels);
                // The runs' epochs from the start, so a running line grows into its frame.
                let range = (!matches!(kind, "cmp_grad" | "cmp_dead") && self.compare_epochs > 0)
                    .then_some((0.0, f64::from(self.compare_epochs)));
                draw_lines_over(root, &chart, range, style).map(Some)
            }
            "cmp_article" => draw_article(root, &self.article_charts(labels), style).map(|_| None),
            other => match LayerPanel::from_key(other) {
                Some(panel) => {
                    let en = LayerNames::ENGLISH;
                    fn or<'s>(s: &'s str, d: &'s str) -> &'s str {
                        if s.is_empty() {
                            d
                        } else {
                            s
                        }
                    }
                    let names = LayerNames {
                        layer: &labels.layer,
                        output: &labels.output,
                        conv: or(&labels.conv, en.conv),
                        mean: or(&labels.mean, en.mean),
                        std: or(&labels.std, en.std),
                        dead: or(&labels.dead, en.dead),
                        zeros: or(&labels.zeros, en.zeros),
                        dead_filters: or(&labels.dead_filters, en.dead_filters),
                    };
                    let chart = layer_chart_named(records, panel, &labels.title, &labels.x, &names);
                    draw_lines_over(root, &chart, self.run_range(), style).map(Some)
                }
                None => Ok(None),
            },
        }
    }

    /// The x range of the run's charts over epochs: the whole planned run (as the learning-rate
    /// strip under the loss chart), so every chart's epochs line up and a run grows into its
    /// frame; `None` (fitted to the data) before the run's plan is known.
    fn run_range(&self) -> Option<(f64, f64)> {
        let (lo, hi) = plan_range(self.plan.as_ref()?);
        let last = self.history.records().last().map_or(hi, |r| r.epoch);
        Some((lo, hi.max(last)))
    }

    /// The decision map with the run's points.
    fn draw_map<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Drawn<DB> {
        let empty = PointsJson::default();
        let p = self.points.as_ref().unwrap_or(&empty);
        let b = Boundary {
            extent: Extent::PLAYGROUND,
            resolution: HEATMAP_RESOLUTION,
            values: &self.heat,
            train: (&p.train, &p.train_labels),
            test: (&p.test, &p.test_labels),
            regression: p.regression,
        };
        draw_boundary(root, &b, style).map(Some)
    }

    /// Each run's activation mean (solid) and std (dashed) per layer after its last epoch: SELU
    /// keeps them near 0 and 1 with depth, plain ReLU drifts (`cmp_stats`).
    fn compare_stats_chart(&self, labels: &Labels) -> LineChart {
        let or = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        let (mean, std) = (or(&labels.mean, "mean"), or(&labels.std, "std"));
        let mut series = Vec::new();
        for (i, run) in self.compare.iter().enumerate() {
            let Some(last) = run.records.last() else {
                continue;
            };
            for (values, what, dashed) in
                [(&last.act_mean, &mean, false), (&last.act_std, &std, true)]
            {
                let points = values
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.is_finite())
                    .map(|(l, &v)| ((l + 1) as f64, f64::from(v)))
                    .collect();
                series.push(Series {
                    label: format!("{} {what}", run.display),
                    color: i,
                    dashed,
                    points,
                });
            }
        }
        LineChart {
            title: labels.title.clone(),
            x_label: labels.x.clone(),
            log_y: false,
            y_range: None,
            x_integer: true,
            series,
        }
    }

    /// The article's two figures from the comparison's runs.
    fn article_charts(&self, labels: &Labels) -> [LineChart; 2] {
        let runs: Vec<ArticleRun> = self
            .compare
            .iter()
            .map(|run| ArticleRun {
                label: &run.label,
                epochs: run
                    .records
                    .iter()
                    .map(|r| {
                        (
                            r.epoch,
                            r.test_accuracy,
                            r.test_binary_accuracy,
                            r.test_loss,
                        )
                    })
                    .collect(),
            })
            .collect();
        let or = |s: &'static str, t: &String| {
            if t.is_empty() {
                s.to_string()
            } else {
                t.clone()
            }
        };
        let (acc, binary, loss) = (
            or("Model accuracy (test)", &labels.title),
            or(
                "Model accuracy (binary, as Keras 2 printed)",
                &labels.binary_title,
            ),
            or("Model loss (test)", &labels.loss_title),
        );
        let l = ArticleLabels {
            accuracy: &acc,
            binary_accuracy: &binary,
            loss: &loss,
            x: &labels.x,
        };
        article_charts(&runs, self.article_sigmoid, &l)
    }

    /// The comparison's charts: test accuracy or loss per epoch (`cmp_acc`, `cmp_loss`),
    /// Nielsen's picture, the gradient norm per layer after the last epoch (`cmp_grad`), or the
    /// dead-unit fraction per hidden layer after the last epoch (`cmp_dead`: dying ReLUs).
    fn compare_chart(&self, kind: &str, log_y: bool, labels: &Labels) -> LineChart {
        let grad = kind == "cmp_grad";
        let dead = kind == "cmp_dead";
        let acc = kind == "cmp_acc";
        let series: Vec<Series> = self
            .compare
            .iter()
            .enumerate()
            .filter_map(|(i, run)| {
                let points: Vec<(f64, f64)> = if grad || dead {
                    let last = run.records.last()?;
                    let values = if grad {
                        &last.grad_norms
                    } else {
                        &last.dead_fractions
                    };
                    let by_layer = values.iter().enumerate();
                    by_layer
                        .map(|(l, &v)| ((l + 1) as f64, f64::from(v)))
                        .collect()
                } else {
                    let records = run.records.iter().filter_map(|r| {
                        let v = if acc { r.test_accuracy } else { r.test_loss };
                        v.map(|v| (r.epoch as f64, f64::from(v)))
                    });
                    let live = run.live.iter().filter_map(|l| {
                        let v = if acc {
                            l.test_accuracy
                        } else {
                            Some(l.test_loss)
                        };
                        v.map(|v| (l.epoch, f64::from(v)))
                    });
                    records.chain(live).collect()
                };
                Some(Series {
                    label: run.display.clone(),
                    color: i,
                    dashed: false,
                    points,
                })
            })
            .collect();
        let y_range = acc.then(|| {
            let ys = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
            crate::plot::traces::accuracy_range(ys)
        });
        LineChart {
            title: labels.title.clone(),
            x_label: labels.x.clone(),
            log_y: grad || (log_y && !acc && !dead),
            y_range: if dead { Some((0.0, 1.0)) } else { y_range },
            x_integer: grad || dead,
            series,
        }
    }
}
