//! The network view chart (src/plot/network.rs) drawn to SVG: tiles and edges where the layout
//! says, edge colours by sign, dead tiles crossed in red, caps summarised, hit tests.

use crate::svg_common;

use activation_lab::data::Extent;
use activation_lab::nn::{ActivationSpec, Head, Init, Layer, Net, TrainConfig};
use activation_lab::plot::network::{
    draw_network, layout, preferred_height, Hit, NetworkLabels, RECT_BUDGET,
};
use activation_lab::plot::{render_to_svg, Style};
use activation_lab::view::unit_maps::UnitMaps;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

fn net(inputs: usize, hidden: &[usize], outputs: usize) -> Net<f32> {
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(hidden),
        activations: vec![ActivationSpec::named("relu")],
        init: Some(Init::HeNormal),
        ..TrainConfig::default()
    };
    let head = if outputs == 1 {
        Head::SigmoidBce
    } else {
        Head::Softmax
    };
    // Built without the caps: some views here are wider than a run may be.
    let p = activation_lab::nn::build::plan(&config, None, inputs, outputs).unwrap();
    let mut n = Net::new(p.input, p.layers, head);
    n.init(&mut Pcg64Mcg::seed_from_u64(3));
    n
}

fn labels() -> NetworkLabels {
    NetworkLabels {
        input: "inputs".into(),
        layer: "layer".into(),
        output: "output".into(),
        more: "+{n} more".into(),
        dead: "{n} dead".into(),
    }
}

fn svg(maps: &UnitMaps, w: u32) -> String {
    let style = Style::default();
    let h = preferred_height(maps, w, &style);
    render_to_svg(w, h, &style, |area, style| {
        draw_network(area, maps, &labels(), style).map(|_| ())
    })
    .unwrap()
}

#[test]
fn columns_tiles_edges_and_dead_marks() {
    let mut n = net(2, &[4, 3], 1);
    // Unit 0 of layer 1: zero weights, negative bias → dead.
    let Layer::Dense(d) = n.layers[0].clone() else {
        unreachable!("a flat net starts with its first dense layer")
    };
    for k in 0..2 {
        n.params[d.weights.start + k * 4] = 0.0;
    }
    n.params[d.biases.start] = -1.0;
    let maps = UnitMaps::plane(&n, Extent::PLAYGROUND, &[]).unwrap();
    assert!(maps.columns[1].dead[0]);
    let s = svg(&maps, 600);
    let texts = svg_common::texts(&s);
    for want in ["inputs", "layer 1 (4)", "layer 2 (3)", "output", "1 dead"] {
        assert!(
            texts.iter().any(|t| t == want),
            "missing {want:?} in {texts:?}"
        );
    }
    // Edges: one line per weight (2·4 + 4·3 + 3·1 = 23), plus the dead tile's two crossing lines.
    let lines = s.matches("<polyline").count();
    assert_eq!(lines, 23 + 2, "{lines} polylines");
    assert!(
        s.contains("#D62728") || s.contains("#d62728"),
        "no red dead mark"
    );
    // Orange and blue both appear (inputs span negative and positive).
    assert!(
        s.to_lowercase().contains("#0877bd") || s.contains("rgb(8,119,189)") || has_blueish(&s)
    );
}

fn has_blueish(s: &str) -> bool {
    // Cells are mixed with the background; any fill whose blue channel dominates counts.
    s.split("fill=\"#").skip(1).any(|t| {
        let hex = &t[..6];
        let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        c(4) > c(0).saturating_add(40)
    })
}

#[test]
fn caps_are_summarised_and_the_layout_fits() {
    let n = net(2, &[40; 10], 3);
    let maps = UnitMaps::plane(&n, Extent::PLAYGROUND, &[]).unwrap();
    let s = svg(&maps, 900);
    let texts = svg_common::texts(&s);
    assert!(
        texts.iter().filter(|t| *t == "+24 more").count() == 8,
        "{texts:?}"
    );
    // Many tiles get coarser cells: the cell rectangles stay within the budget (plus one border
    // per tile and the background).
    let rects = s.matches("<rect").count();
    assert!(
        rects <= RECT_BUDGET + 2 + 8 * 16 + 3 + 1,
        "{rects} rectangles"
    );
    assert!(rects > 2000, "{rects} rectangles: tiles not painted");
    assert!(texts.iter().any(|t| t == "⋯"));
    assert!(texts.iter().any(|t| t == "layer 10 (40)"));
    let style = Style::default();
    let h = preferred_height(&maps, 900, &style);
    let lay = layout(&maps, 900, h, &style);
    assert_eq!(lay.tiles.len(), 2 + 8 * 16 + 3);
    for t in &lay.tiles {
        assert!(
            t.x >= 0 && t.y >= 0 && t.x + t.size <= 900 && t.y + t.size <= h as i32,
            "{t:?} outside 900×{h}"
        );
    }
}

#[test]
fn hit_tests_find_tiles_and_edges() {
    let n = net(2, &[3], 1);
    let maps = UnitMaps::plane(&n, Extent::PLAYGROUND, &[]).unwrap();
    let style = Style::default();
    let h = preferred_height(&maps, 600, &style);
    let lay = layout(&maps, 600, h, &style);
    let t = lay
        .tiles
        .iter()
        .find(|t| t.column == 1 && t.index == 2)
        .unwrap();
    let centre = (f64::from(t.x + t.size / 2), f64::from(t.y + t.size / 2));
    assert_eq!(
        lay.hit(&maps, centre.0, centre.1, 4.0),
        Some(Hit::Tile {
            column: 1,
            index: 2
        })
    );
    // Midpoint of the edge from input 0 to hidden unit 1.
    let a = lay
        .tiles
        .iter()
        .find(|t| t.column == 0 && t.index == 0)
        .unwrap();
    let b = lay
        .tiles
        .iter()
        .find(|t| t.column == 1 && t.index == 1)
        .unwrap();
    let mid = (
        f64::from(a.x + a.size + b.x) / 2.0,
        f64::from(a.y + a.size / 2 + b.y + b.size / 2) / 2.0,
    );
    assert_eq!(
        lay.hit(&maps, mid.0, mid.1, 4.0),
        Some(Hit::Edge {
            column: 0,
            from: 0,
            to: 1
        })
    );
    assert_eq!(lay.hit(&maps, 1.0, f64::from(h) - 1.0, 4.0), None);
}

#[test]
fn weight_images_draw_as_a_grid() {
    let n = net(64, &[20], 10);
    let maps = UnitMaps::weight_images(&n, 8, &[]).unwrap();
    let s = svg(&maps, 640);
    assert!(svg_common::texts(&s).iter().any(|t| t == "+4 more"));
    let style = Style::default();
    let lay = layout(&maps, 640, preferred_height(&maps, 640, &style), &style);
    assert_eq!(lay.tiles.len(), 16);
    // 8 per row at 640 px: two rows.
    let rows: std::collections::BTreeSet<i32> = lay.tiles.iter().map(|t| t.y).collect();
    assert_eq!(rows.len(), 2);
}

/// A column title is a template: "第 {n} 层" puts the number inside (the page in 中文 showed
/// "第几层 1 (32)", a question word before the number).
#[test]
fn layer_titles_follow_the_language_template() {
    let n = net(2, &[4, 3], 1);
    let maps = UnitMaps::plane(&n, Extent::PLAYGROUND, &[]).unwrap();
    let style = Style::default();
    let h = preferred_height(&maps, 600, &style);
    let zh = NetworkLabels {
        layer: "第 {n} 层".into(),
        ..labels()
    };
    let s = render_to_svg(600, h, &style, |area, style| {
        draw_network(area, &maps, &zh, style).map(|_| ())
    })
    .unwrap();
    let texts = svg_common::texts(&s);
    for want in ["第 1 层 (4)", "第 2 层 (3)"] {
        assert!(
            texts.iter().any(|t| t == want),
            "missing {want:?} in {texts:?}"
        );
    }
}
