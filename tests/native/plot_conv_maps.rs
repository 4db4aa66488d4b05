//! The conv view chart (src/plot/conv_maps.rs) drawn to SVG: titles per section with counts and
//! caps, tiles where the layout says and inside the area at phone width, the filters' signed
//! colours (blue positive, orange negative), the input in grey, relu maps never orange.

use crate::svg_common;

use activation_lab::data::Shape;
use activation_lab::nn::build::network;
use activation_lab::nn::{parse_layers, ActivationSpec, Head, Net, TrainConfig};
use activation_lab::plot::boundary::class_colour;
use activation_lab::plot::conv_maps::{draw_conv_maps, layout, preferred_height, ConvMapsLabels};
use activation_lab::plot::{render_to_svg, Style};
use activation_lab::view::conv_maps::{ConvMaps, SampleInfo};
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// `layers` (relu) on 12×12×1 images, 10 classes; conv 1's filter 0 has +1 top-left and −1 at
/// the centre, every other weight of that filter 0; the other filters' weights are all below 1.
fn net(layers: &str) -> Net<f32> {
    let mut c = TrainConfig {
        activations: vec![ActivationSpec::parse("relu").unwrap()],
        ..TrainConfig::default()
    };
    c.set_layers(parse_layers(layers).unwrap());
    let mut rng = Pcg64Mcg::seed_from_u64(2);
    let mut n = network(
        &c,
        Some(Shape::new(12, 12, 1)),
        144,
        10,
        Head::Softmax,
        &mut rng,
    )
    .unwrap();
    let conv = n.convs().next().unwrap().clone();
    let f = conv.filters();
    // Other filters shrunk so |w| < 1: filter 0's ±1 set the layer's scale.
    for w in &mut n.params[conv.weights.clone()] {
        *w *= 0.1;
    }
    for p in 0..9 {
        n.params[conv.weights.start + p * f] = match p {
            0 => 1.0,
            4 => -1.0,
            _ => 0.0,
        };
    }
    n
}

fn maps(n: &Net<f32>) -> ConvMaps {
    let image: Vec<f32> = (0..144).map(|i| ((i * 7) % 11) as f32 / 10.0).collect();
    let s = SampleInfo {
        index: 3,
        count: 10,
        label: Some(4),
        predicted: None,
        confidence: 0.0,
        searched: 0,
    };
    ConvMaps::of_image(n, &image, s).unwrap()
}

fn svg(m: &ConvMaps, w: u32, style: &Style) -> String {
    let h = preferred_height(m, w, style);
    render_to_svg(w, h, style, |area, style| {
        draw_conv_maps(area, m, &ConvMapsLabels::default(), style).map(|_| ())
    })
    .unwrap()
}

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// `(x, y, fill)` of every filled rectangle (outlines have no fill).
fn rects(svg: &str) -> Vec<(i32, i32, String)> {
    let attr = |r: &str, name: &str| -> Option<String> {
        let at = r.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(r[at..at + r[at..].find('"')?].to_string())
    };
    svg.split("<rect")
        .skip(1)
        .filter_map(|r| {
            let r = &r[..r.find("/>")?];
            let fill = attr(r, "fill").filter(|f| f.starts_with('#'))?;
            Some((
                attr(r, "x")?.parse().ok()?,
                attr(r, "y")?.parse().ok()?,
                fill,
            ))
        })
        .collect()
}

#[test]
fn titles_count_maps_and_say_how_many_are_shown() {
    let n = net("conv24k3,pool2,conv4k3,flatten,16");
    let m = maps(&n);
    let s = svg(&m, 700, &Style::default());
    let texts = svg_common::texts(&s);
    let has = |prefix: &str| texts.iter().any(|t| t.starts_with(prefix));
    assert!(has("conv 1 filters · 24 of 3×3 · ±"), "{texts:?}");
    assert!(has("input image 12×12"), "{texts:?}");
    assert!(has("conv 1 · 24 maps 10×10, 16 shown · ±"), "{texts:?}");
    assert!(has("pool 1 · 24 maps 5×5, 16 shown · ±"), "{texts:?}");
    assert!(has("conv 2 · 4 maps 3×3 · ±"), "{texts:?}");
    assert_eq!(texts.len(), 5);
}

#[test]
fn filters_are_signed_colours_and_relu_maps_never_negative() {
    let n = net("conv8k3,pool2,flatten,16");
    let m = maps(&n);
    let style = Style::default();
    let s = svg(&m, 700, &style);
    let lay = layout(&m, 700, &style);
    let all = rects(&s);
    let fill_at = |x: i32, y: i32| {
        all.iter()
            .find(|(rx, ry, f)| (*rx, *ry) == (x, y) && f != "none")
            .map(|r| r.2.clone())
    };
    // Filter 0 (section 0, tile 0): +1 top-left, −1 centre, both the layer's largest |w|: full
    // blue and full orange.
    let t = lay.tiles[0];
    let cell = t.w / 3;
    let f = m.filters.as_ref().unwrap();
    let (top_left, centre) = (
        fill_at(t.x, t.y).unwrap(),
        fill_at(t.x + cell, t.y + cell).unwrap(),
    );
    assert_eq!(f.scale, 1.0);
    assert_eq!(top_left, hex(class_colour(1)));
    assert_eq!(centre, hex(class_colour(0)));
    let parse = |h: &str| {
        let v = u32::from_str_radix(&h[1..], 16).unwrap();
        ((v >> 16) as i32, ((v >> 8) & 255) as i32, (v & 255) as i32)
    };
    let (r, _, b) = parse(&top_left);
    assert!(b > r, "positive weight is blue: {top_left}");
    let (r, _, b) = parse(&centre);
    assert!(r > b, "negative weight is orange: {centre}");
    // Relu maps (section 2 = conv 1): no cell redder than it is blue.
    for tile in lay.tiles.iter().filter(|t| t.section == 2) {
        for (x, y, fill) in &all {
            if *x >= tile.x && *x < tile.x + tile.w && *y >= tile.y && *y < tile.y + tile.h {
                let (r, _, b) = parse(fill);
                assert!(b >= r, "relu map cell {fill}");
            }
        }
    }
    // The input (section 1) is grey.
    let input = lay.tiles.iter().find(|t| t.section == 1).unwrap();
    let (r, g, b) = parse(&fill_at(input.x, input.y).unwrap());
    assert!(r == g && g == b);
}

#[test]
fn a_phone_width_keeps_every_tile_inside_and_wraps_rows() {
    let n = net("conv32k3,conv16k3,pool2,flatten,16");
    let m = maps(&n);
    let style = Style {
        scale: 2.0,
        ..Style::default()
    };
    let w = 350 * 2;
    let lay = layout(&m, w, &style);
    let h = preferred_height(&m, w, &style) as i32;
    assert!(lay
        .tiles
        .iter()
        .all(|t| t.x >= 0 && t.x + t.w <= w as i32 && t.y + t.h <= h));
    // 32 filters + input + 16 + 16 + 16 maps.
    assert_eq!(lay.tiles.len(), 32 + 1 + 16 * 3);
    let rows_of = |s: usize| {
        let mut ys: Vec<i32> = lay
            .tiles
            .iter()
            .filter(|t| t.section == s)
            .map(|t| t.y)
            .collect();
        ys.dedup();
        ys.len()
    };
    assert!(rows_of(0) > 1 && rows_of(2) > 1, "wrapped rows");
    // Tiles never overlap.
    for (i, a) in lay.tiles.iter().enumerate() {
        for b in &lay.tiles[i + 1..] {
            let apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}
