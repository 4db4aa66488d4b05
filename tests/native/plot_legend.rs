//! Issue 29, a Chinese phone: a legend in Chinese is laid out at its real width (a CJK character
//! is a full em, not 0.62 of one), so an in-plot legend box does not sit over a line that passes
//! just inside it, and flowed entries do not run into each other.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::plot::legend::{draw_below, place, Entry, Placement};
use activation_lab::plot::Style;
use plotters::prelude::{IntoDrawingArea, SVGBackend, SeriesLabelPosition};

fn entries<'a>(labels: &[&'a str]) -> Vec<Entry<'a>> {
    labels
        .iter()
        .enumerate()
        .map(|(i, &label)| Entry {
            label,
            color: i,
            dashed: false,
        })
        .collect()
}

#[test]
fn a_chinese_legend_box_is_as_wide_as_its_text() {
    let style = Style::default();
    let labels = ["卷积 1", "卷积 2", "层 1", "输出层"];
    // The widest label, 输出层, is three CJK characters: 33 px at 11 px, plus the mark and margins
    // (48 px) → a box over 0.26 of a 310-px plot. A line at x = 0.745 runs through the upper right
    // corner's box only if the box is that wide; the other corners are crossed by lines.
    let plot = (310.0, 150.0);
    let through_upper_right = vec![(0.745, 0.55), (0.745, 1.0)];
    let lower = vec![(0.0, 0.05), (1.0, 0.05)];
    let upper_left = vec![(0.05, 0.5), (0.05, 1.0)];
    let lines = vec![through_upper_right, lower, upper_left];
    let p = place(&entries(&labels), &lines, plot, 330, Some(false), &style);
    assert!(
        !matches!(p, Placement::Corner(SeriesLabelPosition::UpperRight)),
        "the legend box was laid out too narrow for its Chinese labels and covers the line at x = 0.745"
    );
    // With a line clear of the box the corner is taken.
    let english = ["conv 1", "conv 2", "layer 1", "out"];
    let lines_en = vec![vec![(0.6, 0.55), (0.6, 1.0)]];
    let p = place(
        &entries(&english),
        &lines_en,
        plot,
        330,
        Some(false),
        &style,
    );
    assert!(matches!(
        p,
        Placement::Corner(SeriesLabelPosition::UpperRight)
    ));
}

/// Width of `text` in px at 11 px as fonts draw it: CJK characters a full em (they are set on a
/// square), Latin letters, digits and spaces at most 0.55 em in a sans-serif face.
fn drawn_width(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x2E80 {
                11.0
            } else {
                0.55 * 11.0
            }
        })
        .sum()
}

#[test]
fn flowed_chinese_entries_do_not_run_into_each_other() {
    // The dead-units panel's seven entries in Chinese under a phone's 358-px chart.
    let labels = [
        "卷积 1 死滤波器",
        "卷积 2 死滤波器",
        "层 1 死亡比例",
        "卷积 1 零输出",
        "卷积 2 零输出",
        "层 1 零输出",
        "层 1 死亡",
    ];
    // Laid out as on the page's canvas (text scale 1: `render_to_svg` enlarges text for SVG),
    // read back from an SVG backend.
    let style = Style::default();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (358, 90)).into_drawing_area();
        draw_below(&root, &entries(&labels), &style).unwrap();
        root.present().unwrap();
    }
    let texts: Vec<(f64, f64, String)> = svg
        .split("<text ")
        .skip(1)
        .filter_map(|t| {
            let num = |k: &str| {
                t.split(&format!("{k}=\""))
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()
            };
            let body = t.split('>').nth(1)?.split('<').next()?.trim().to_string();
            Some((num("x")?, num("y")?, body))
        })
        .collect();
    assert_eq!(texts.len(), labels.len(), "{svg}");
    for (x, y, label) in &texts {
        // The next entry on the row: its mark starts 22 px before its text.
        let next = texts
            .iter()
            .filter(|(x2, y2, _)| y2 == y && x2 > x)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((x2, _, next_label)) = next {
            assert!(
                x + drawn_width(label) + 2.0 <= x2 - 22.0,
                "\"{label}\" (from {x}, {:.0} px wide) runs into \"{next_label}\"'s mark at {}",
                drawn_width(label),
                x2 - 22.0
            );
        }
    }
}
