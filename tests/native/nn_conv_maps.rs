//! The conv view's core (src/nn/conv_maps.rs): first-layer filters as images and one image's
//! feature maps per conv/pool layer, checked against sums written out by hand in the test (not
//! the product's conv), the display caps, the prediction against the trainer's, the picker, the
//! refusal of MLPs, and the packed form (round trip, damaged buffers).
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;

use activation_lab::data::{ImageSource, Shape, Split};
use activation_lab::nn::build::network;
use activation_lab::nn::{parse_layers, ActivationSpec, Head, Net, TrainConfig, Trainer};
use activation_lab::training::confusion::predicted_class;
use activation_lab::view::conv_maps::{
    filter_images, seek, seek_limit, ConvMaps, MapLayerKind, SampleInfo, Seek, MAX_MAPS_SHOWN,
    SEEK_MAC_BUDGET, SEEK_MIN_IMAGES,
};
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

fn config(layers: &str, act: &str) -> TrainConfig {
    let mut c = TrainConfig {
        activations: vec![ActivationSpec::parse(act).unwrap()],
        lr: 0.003,
        batch_size: 32,
        epochs: 2,
        seed: 5,
        ..TrainConfig::default()
    };
    c.set_layers(parse_layers(layers).unwrap());
    c
}

/// `conv2k3,pool2,flatten,4` (relu) on 4×4×1 images, 3 classes, with hand-set conv weights:
/// filter 0 sums its 3×3 window, filter 1 is top-left minus centre; biases 0 and 0.5.
fn hand_net() -> Net<f32> {
    let c = config("conv2k3,pool2,flatten,4", "relu");
    let mut rng = Pcg64Mcg::seed_from_u64(1);
    let mut net = network(
        &c,
        Some(Shape::new(4, 4, 1)),
        16,
        3,
        Head::Softmax,
        &mut rng,
    )
    .unwrap();
    let conv = net.convs().next().unwrap().clone();
    // Weight row (ky·3 + kx)·C_in + c, column = filter (src/nn/conv.rs).
    for p in 0..9 {
        net.params[conv.weights.start + p * 2] = 1.0;
        net.params[conv.weights.start + p * 2 + 1] = match p {
            0 => 1.0,
            4 => -1.0,
            _ => 0.0,
        };
    }
    net.params[conv.biases.start] = 0.0;
    net.params[conv.biases.start + 1] = 0.5;
    net
}

fn sample() -> SampleInfo {
    SampleInfo {
        index: 0,
        count: 1,
        label: Some(2),
        predicted: None,
        confidence: 0.0,
        searched: 0,
    }
}

#[test]
fn feature_maps_of_a_hand_set_conv_layer_are_the_sums_written_out() {
    let net = hand_net();
    // Pixel (y, x) = y·4 + x, scaled: a ramp whose window sums are easy to write down.
    let image: Vec<f32> = (0..16).map(|i| i as f32 / 16.0).collect();
    let m = ConvMaps::of_image(&net, &image, sample()).unwrap();
    let kinds: Vec<_> = m.layers.iter().map(|l| (l.kind, l.number)).collect();
    assert_eq!(
        kinds,
        [
            (MapLayerKind::Input, 0),
            (MapLayerKind::Conv, 1),
            (MapLayerKind::Pool, 1)
        ]
    );
    assert_eq!(m.layers[0].map(0), &image[..]);
    let conv = &m.layers[1];
    assert_eq!(
        (conv.height, conv.width, conv.channels, conv.shown),
        (2, 2, 2, 2)
    );
    // Filter 0 at (oy, ox): Σ over the 3×3 window of (y·4 + x)/16, y = oy..oy+2, x = ox..ox+2
    // = (9·(4·oy + ox) + 9·(4 + 1)) / 16 (the window's mean offset is (1, 1)).
    // Filter 1: relu(x[oy][ox] − x[oy+1][ox+1] + 0.5) = relu(−5/16 + 0.5) = 3/16 everywhere.
    for (oy, ox) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        let sum = 9.0 * (4 * oy + ox + 5) as f32 / 16.0;
        assert!(
            (conv.map(0)[oy * 2 + ox] - sum).abs() < 1e-5,
            "sum at {oy},{ox}"
        );
        assert!((conv.map(1)[oy * 2 + ox] - 3.0 / 16.0).abs() < 1e-6);
    }
    assert!((conv.scale - 9.0 * 10.0 / 16.0).abs() < 1e-5);
    // Max-pool 2×2 of the 2×2 maps: the largest of each.
    let pool = &m.layers[2];
    assert_eq!((pool.height, pool.width, pool.channels), (1, 1, 2));
    assert!((pool.map(0)[0] - 90.0 / 16.0).abs() < 1e-5);
    assert!((pool.map(1)[0] - 3.0 / 16.0).abs() < 1e-6);
    // The filters as images, in (ky, kx) order, with the layer's one scale.
    let f = m.filters.as_ref().unwrap();
    assert_eq!((f.kernel, f.channels, f.filters, f.shown), (3, 1, 2, 2));
    assert_eq!(f.image(0, 0), &[1.0; 9]);
    assert_eq!(
        f.image(1, 0),
        &[1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0]
    );
    assert_eq!(f.scale, 1.0);
}

#[test]
fn relu_zeroes_negative_sums_and_the_scale_is_the_layers_largest_magnitude() {
    let mut net = hand_net();
    let conv = net.convs().next().unwrap().clone();
    // Filter 1 becomes −(top-left) + centre − 0.5 … all its outputs are below 0 for this image.
    net.params[conv.weights.start + 1] = -1.0;
    net.params[conv.weights.start + 4 * 2 + 1] = 0.25;
    net.params[conv.biases.start + 1] = -0.5;
    net.params[conv.weights.start + 3 * 2] = -3.0; // filter 0 gets a large negative weight
    let image = vec![1.0; 16];
    let m = ConvMaps::of_image(&net, &image, sample()).unwrap();
    let conv_l = &m.layers[1];
    // Filter 0: 8·1 − 3 = 5; filter 1: −1 + 0.25 − 0.5 < 0 → 0.
    assert!(conv_l.map(0).iter().all(|&v| (v - 5.0).abs() < 1e-6));
    assert!(conv_l.map(1).iter().all(|&v| v == 0.0));
    assert_eq!(conv_l.scale, 5.0);
    // The filters' shared scale is the largest |w| of the layer: 3.
    assert_eq!(m.filters.unwrap().scale, 3.0);
}

fn digits() -> Split {
    ImageSource::from_name("digits")
        .unwrap()
        .load_split()
        .unwrap()
}

#[test]
fn caps_prediction_and_picker_on_a_trained_digits_cnn() {
    let split = Arc::new(digits());
    let mut t = Trainer::new(
        config("conv24k3same,pool2,drop0.25,conv8k3,flatten,16", "relu"),
        Arc::clone(&split),
    )
    .unwrap();
    t.step(20);
    let test = &split.test;
    let out = t.predict(&test.inputs).unwrap();
    let net = t.network();
    let m = ConvMaps::of_test(net, test, 7).unwrap();
    // input, conv 1 (8×8×24: 16 of 24 kept), pool 1, conv 2 (dropout has no row).
    let rows: Vec<_> = m
        .layers
        .iter()
        .map(|l| (l.kind, l.number, l.height, l.channels, l.shown))
        .collect();
    assert_eq!(
        rows,
        [
            (MapLayerKind::Input, 0, 8, 1, 1),
            (MapLayerKind::Conv, 1, 8, 24, MAX_MAPS_SHOWN),
            (MapLayerKind::Pool, 1, 4, 24, MAX_MAPS_SHOWN),
            (MapLayerKind::Conv, 2, 2, 8, 8),
        ]
    );
    assert_eq!(m.layers[1].maps.len(), 16 * 64);
    // The prediction is the trainer's own (its batched predict over the whole test set).
    let p = predicted_class(&out[7 * 10..8 * 10]) as u32;
    assert_eq!(m.sample.label, Some(test.labels[7]));
    assert_eq!(m.sample.predicted, Some(p));
    assert!((m.sample.confidence - out[7 * 10 + p as usize]).abs() < 1e-5);
    // Picker: wrap-around steps, and "wrong" = the first misclassified after the current image.
    let n = test.len();
    let at = |from, how| seek(net, test, from, how).unwrap().index;
    assert_eq!(at(0, Seek::Previous), n - 1);
    assert_eq!(at(n - 1, Seek::Next), 0);
    assert_eq!(at(n + 50, Seek::Stay), n - 1);
    let wrong: Vec<usize> = (0..n)
        .filter(|&i| predicted_class(&out[i * 10..(i + 1) * 10]) as u32 != test.labels[i])
        .collect();
    assert!(
        wrong.len() > 2,
        "after 20 steps some digits are still wrong"
    );
    for from in [0, wrong[0], n - 1] {
        let expect = wrong
            .iter()
            .copied()
            .find(|&i| i > from)
            .unwrap_or(wrong[0]);
        let l = seek(net, test, from, Seek::Wrong).unwrap();
        assert_eq!((l.index, l.searched), (expect, 0));
    }
    // Every label set to the prediction: the search looks at the whole (small net's) set, finds
    // nothing, says so and lands back where it started.
    let mut all_right = test.clone();
    all_right.labels = (0..n)
        .map(|i| predicted_class(&out[i * 10..(i + 1) * 10]) as u32)
        .collect();
    assert_eq!(seek_limit(net, n), n);
    let l = seek(net, &all_right, 5, Seek::Wrong).unwrap();
    assert_eq!((l.index, l.searched), (5, n));
    assert!(ConvMaps::of_test(net, test, n).is_err());
}

#[test]
fn a_search_for_a_misclassified_image_on_a_big_net_is_bounded_and_goes_on_where_it_stopped() {
    let split = Arc::new(digits());
    let mut t = Trainer::new(
        config("conv64k3same,conv64k3same,flatten,16", "relu"),
        Arc::clone(&split),
    )
    .unwrap();
    let mut test = split.test.clone();
    let n = test.len();
    let out = t.predict(&test.inputs).unwrap();
    let net = t.network();
    // Forward multiply-adds per image, counted here: two convs over 8×8 positions, then dense.
    let macs = 64 * 9 * 64 + 64 * (9 * 64) * 64 + 64 * 64 * 16 + 16 * 10;
    let limit = seek_limit(net, n);
    let expect = (SEEK_MAC_BUDGET as usize / macs).max(SEEK_MIN_IMAGES);
    assert!(
        limit < n && limit.abs_diff(expect) <= expect / 5,
        "limit {limit}, about {expect}"
    );
    // All right but one image just past the first search's window.
    test.labels = (0..n)
        .map(|i| predicted_class(&out[i * 10..(i + 1) * 10]) as u32)
        .collect();
    let from = 10;
    let target = (from + limit + 5) % n;
    test.labels[target] = (test.labels[target] + 1) % 10;
    let first = seek(net, &test, from, Seek::Wrong).unwrap();
    assert_eq!((first.index, first.searched), ((from + limit) % n, limit));
    let second = seek(net, &test, first.index, Seek::Wrong).unwrap();
    assert_eq!((second.index, second.searched), (target, 0));
}

#[test]
fn a_dense_network_is_refused_with_a_clear_error() {
    let split = Arc::new(digits());
    let t = Trainer::new(config("32", "relu"), Arc::clone(&split)).unwrap();
    for err in [
        ConvMaps::of_test(t.network(), &split.test, 0).unwrap_err(),
        filter_images(t.network()).unwrap_err(),
    ] {
        assert!(err.to_string().contains("dense layers only"), "{err}");
    }
    assert!(Seek::from_name("sideways").is_err());
    assert_eq!(Seek::from_name("wrong").unwrap(), Seek::Wrong);
}

#[test]
fn the_packed_form_round_trips_and_damage_is_refused() {
    let net = hand_net();
    let image: Vec<f32> = (0..16).map(|i| (i % 5) as f32 / 4.0).collect();
    let m = ConvMaps::of_image(&net, &image, sample()).unwrap();
    let flat = m.to_flat();
    assert_eq!(ConvMaps::from_flat(&flat).unwrap(), m);
    assert!(ConvMaps::from_flat(&flat[..flat.len() - 1]).is_err());
    let mut longer = flat.clone();
    longer.push(0.0);
    assert!(ConvMaps::from_flat(&longer).is_err());
    for (at, v) in [(0, 2.0), (6, 2.0), (6, f32::NAN)] {
        let mut bad = flat.clone();
        bad[at] = v;
        assert!(ConvMaps::from_flat(&bad).is_err(), "value {v} at {at}");
    }
    // A huge map count fails on the buffer length, without allocating for it.
    let mut huge = flat.clone();
    let layers_at = flat.len() - m.layers.iter().map(|l| 7 + l.maps.len()).sum::<usize>();
    huge[layers_at + 3] = 1000.0; // the input layer's width
    assert!(ConvMaps::from_flat(&huge).is_err());
    // Bad images are refused, not run.
    assert!(ConvMaps::of_image(&net, &image[..15], sample()).is_err());
    let mut nan = image.clone();
    nan[3] = f32::NAN;
    assert!(ConvMaps::of_image(&net, &nan, sample()).is_err());
}

/// The maps follow the picture a reader has of the net: a BatchNorm between a conv and its
/// activation belongs to that conv's map (which is seen after the nonlinearity), while a BatchNorm
/// after an activation or a pool is a map of its own, in list order. (It used to list "batch
/// norm 1" before "conv 1" for `conv4k3same,bn,…`.)
#[test]
fn batch_norm_maps_come_in_the_order_of_the_layer_list() {
    let c = config("conv4k3same,bn,avgpool2,conv4k3same,bnpost,gap", "relu");
    let mut rng = Pcg64Mcg::seed_from_u64(2);
    let net = network(
        &c,
        Some(Shape::new(8, 8, 1)),
        64,
        3,
        Head::Softmax,
        &mut rng,
    )
    .unwrap();
    let image: Vec<f32> = (0..64).map(|i| (i % 7) as f32 / 7.0).collect();
    let sample = SampleInfo {
        index: 0,
        count: 1,
        label: None,
        predicted: None,
        confidence: 0.0,
        searched: 0,
    };
    let maps = ConvMaps::of_image(&net, &image, sample).unwrap();
    let kinds: Vec<(MapLayerKind, usize)> =
        maps.layers.iter().map(|l| (l.kind, l.number)).collect();
    assert_eq!(
        kinds,
        vec![
            (MapLayerKind::Input, 0),
            (MapLayerKind::Conv, 1),
            (MapLayerKind::AvgPool, 1),
            (MapLayerKind::Conv, 2),
            (MapLayerKind::BatchNorm, 1),
            (MapLayerKind::AvgPool, 2),
        ]
    );
    // The global pool reduces each map to one value.
    let gap = maps.layers.last().unwrap();
    assert_eq!((gap.height, gap.width), (1, 1));
}
