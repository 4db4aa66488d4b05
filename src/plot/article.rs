//! The MNIST article's two figures, redrawn from a comparison: "Model accuracy" and "Model loss",
//! test accuracy and test loss per epoch with one line per activation. The article leaves sigmoid
//! out of both (it sits at chance and squashes the others' scale); with its loss as written, the
//! accuracy it plotted was Keras 2's binary accuracy, so that is what this chart shows for such
//! runs (the compare charts beside it keep the categorical one).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::Style;
use super::traces::{draw_lines, LineChart, Series};

/// One epoch's test figures: (epoch, accuracy, binary accuracy, loss).
pub type ArticleEpoch = (usize, Option<f32>, Option<f32>, Option<f32>);

/// One run's per-epoch test figures.
pub struct ArticleRun<'a> {
    pub label: &'a str,
    pub epochs: Vec<ArticleEpoch>,
}

/// Titles and the x label in the page's language.
pub struct ArticleLabels<'a> {
    pub accuracy: &'a str,
    /// The accuracy panel's title when the runs report Keras 2's binary accuracy.
    pub binary_accuracy: &'a str,
    pub loss: &'a str,
    pub x: &'a str,
}

/// Whether the runs are the article's loss as written (they carry the binary accuracy).
pub fn is_binary(runs: &[ArticleRun]) -> bool {
    runs.iter().flat_map(|r| &r.epochs).any(|e| e.2.is_some())
}

/// The two panels: accuracy (binary when the runs carry it) and loss; a run labelled `sigmoid`
/// only when `show_sigmoid`. Colours follow the run's place in the line-up, as the compare charts,
/// so hiding sigmoid changes no other line's colour.
pub fn article_charts(
    runs: &[ArticleRun],
    show_sigmoid: bool,
    labels: &ArticleLabels,
) -> [LineChart; 2] {
    let binary = is_binary(runs);
    let series = |pick: &dyn Fn(&ArticleEpoch) -> Option<f32>| {
        runs.iter()
            .enumerate()
            .filter(|(_, r)| show_sigmoid || r.label != "sigmoid")
            .map(|(i, r)| Series {
                label: r.label.to_string(),
                color: i,
                dashed: false,
                points: r
                    .epochs
                    .iter()
                    .filter_map(|e| pick(e).map(|v| (e.0 as f64, f64::from(v))))
                    .collect(),
            })
            .filter(|s| !s.points.is_empty())
            .collect::<Vec<_>>()
    };
    let accuracy = LineChart {
        title: if binary {
            labels.binary_accuracy
        } else {
            labels.accuracy
        }
        .to_string(),
        x_label: labels.x.to_string(),
        log_y: false,
        y_range: None,
        x_integer: true,
        series: series(&|e| if binary { e.2 } else { e.1 }),
    };
    let loss = LineChart {
        title: labels.loss.to_string(),
        x_label: labels.x.to_string(),
        log_y: false,
        y_range: None,
        x_integer: true,
        series: series(&|e| e.3),
    };
    [accuracy, loss]
}

/// Draws the two panels side by side on a wide area, one above the other on a narrow one.
pub fn draw_article<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    charts: &[LineChart; 2],
    style: &Style,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&style.background())?;
    let (w, h) = area.dim_in_pixel();
    let grid = if w >= h { (1, 2) } else { (2, 1) };
    for (chart, panel) in charts.iter().zip(area.split_evenly(grid)) {
        draw_lines(&panel, chart, style)?;
    }
    Ok(())
}
