//! The network view's core (src/nn/unit_maps.rs): shapes, agreement of the batched grid pass with
//! the network's ordinary one-point forward pass and with the trainer's predictions, dead-unit
//! detection on constructed nets, the display caps, and the packed form.

use std::sync::Arc;

use activation_lab::data::{grid, Extent, TwoD};
use activation_lab::nn::layer::activation::Mode;
use activation_lab::nn::{ActivationSpec, Head, Init, Net, TrainConfig, Trainer};
use activation_lab::view::unit_maps::{
    active_on, resolution_for, ColumnKind, MapKind, UnitMaps, MAX_LAYERS_SHOWN, MAX_MAP_RESOLUTION,
    MAX_UNITS_SHOWN, MIN_MAP_RESOLUTION,
};
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

fn net(inputs: usize, hidden: &[usize], act: &str, outputs: usize, head: Head) -> Net<f32> {
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(hidden),
        activations: vec![ActivationSpec::named(act)],
        init: Some(Init::GlorotNormal),
        ..TrainConfig::default()
    };
    let rng = &mut Pcg64Mcg::seed_from_u64(7);
    activation_lab::nn::build::network(&config, None, inputs, outputs, head, rng).unwrap()
}

/// The weight and bias ranges of dense layer `l` (0: the first).
fn dense(n: &Net<f32>, l: usize) -> activation_lab::nn::layer::dense::Dense {
    n.layers
        .iter()
        .filter_map(|x| match x {
            activation_lab::nn::Layer::Dense(d) => Some(d.clone()),
            _ => None,
        })
        .nth(l)
        .unwrap()
}

fn circle_trainer(hidden: Vec<usize>) -> Trainer {
    let split = TwoD::Circle.generate_split(200, 0.0, 0.5, 1).unwrap();
    let mut t = Trainer::new(TrainConfig::benchmark(hidden, 10), Arc::new(split)).unwrap();
    t.step(30);
    t.evaluate();
    t
}

#[test]
fn shapes_of_a_2_8_8_1_network() {
    let t = circle_trainer(vec![8, 8]);
    let m = UnitMaps::plane(t.network(), Extent::PLAYGROUND, t.data_active()).unwrap();
    assert_eq!(m.kind, MapKind::Plane);
    assert_eq!(m.resolution, MAX_MAP_RESOLUTION);
    let cells = 48 * 48;
    let kinds: Vec<ColumnKind> = m.columns.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ColumnKind::Input,
            ColumnKind::Hidden(0),
            ColumnKind::Hidden(1),
            ColumnKind::Output
        ]
    );
    for (c, n) in m.columns.iter().zip([2, 8, 8, 1]) {
        assert_eq!(
            (c.units, c.shown.len(), c.dead.len(), c.bias.len()),
            (n, n, n, n)
        );
        assert_eq!(c.maps.len(), n * cells);
        assert!(c.maps.iter().all(|v| v.is_finite()));
    }
    let sizes: Vec<usize> = m.edges.iter().map(|e| e.as_ref().unwrap().len()).collect();
    assert_eq!(sizes, [16, 64, 8]);
    // Edge weights are the net's: input 1 → hidden unit 5 is W0[1, 5].
    let net = t.network();
    let w0 = &net.params[dense(net, 0).weights];
    assert_eq!(m.edges[0].as_ref().unwrap()[8 + 5], w0[8 + 5]);
    // Input tiles are the plane's coordinates: x grows to the right, y to the top.
    let x = m.columns[0].map(0, cells);
    let y = m.columns[0].map(1, cells);
    assert!(x[0] < x[47] && y[0] > y[47 * 48]);
}

#[test]
fn grid_maps_agree_with_the_ordinary_forward_pass() {
    let mut t = circle_trainer(vec![8, 8]);
    let m = UnitMaps::plane(t.network(), Extent::PLAYGROUND, t.data_active()).unwrap();
    let points = grid(Extent::PLAYGROUND, m.resolution).unwrap();
    let cells = m.cells();
    let probs = t.predict(&points).unwrap();
    let net = t.network().clone();
    let mut ws = net.workspace(1);
    for k in [0, 1, 47, 600, 1200, 2303] {
        let x = &points[2 * k..2 * k + 2];
        net.forward(x, 1, &mut ws, &mut Mode::Eval);
        for (l, col) in m.columns[1..3].iter().enumerate() {
            for (i, &u) in col.shown.iter().enumerate() {
                let want = net.output_of(x, &ws, net.unit_layers()[l].read)[u];
                let got = col.map(i, cells)[k];
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                    "layer {l} unit {u} cell {k}: {got} vs {want}"
                );
            }
        }
        let out = m.columns[3].map(0, cells)[k];
        assert!(
            (out - probs[k]).abs() < 1e-6,
            "cell {k}: {out} vs {}",
            probs[k]
        );
        assert!((0.0..=1.0).contains(&out));
    }
}

/// A ReLU net whose hidden unit 0 has zero weights and bias −1 (dead everywhere), unit 1 zero
/// weights and bias +1 (alive everywhere), unit 2 live only where x > 7 (off the plane).
fn constructed() -> Net<f32> {
    let mut n = net(2, &[3], "relu", 1, Head::SigmoidBce);
    let d = dense(&n, 0);
    let w = &mut n.params[d.weights.clone()];
    w.iter_mut().for_each(|v| *v = 0.0);
    w[2] = 1.0; // x → unit 2
    let b = &mut n.params[d.biases.clone()];
    b.copy_from_slice(&[-1.0, 1.0, -7.0]);
    n
}

#[test]
fn a_dead_relu_is_flagged_and_live_ones_are_not() {
    let n = constructed();
    let m = UnitMaps::plane(&n, Extent::PLAYGROUND, &[]).unwrap();
    let h = &m.columns[1];
    assert_eq!(h.dead, [true, false, true]);
    assert_eq!(h.dead_count, 2);
    assert!(h.map(0, m.cells()).iter().all(|&v| v == 0.0));
    assert!(h.map(1, m.cells()).iter().all(|&v| v == 1.0));
    // Unit 2 is zero over the plane but fires on a data point at x = 8: not dead.
    let data = [8.0f32, 0.0, 0.0, 0.0];
    let active = active_on(&n, &data);
    assert_eq!(active, vec![vec![false, true, true]]);
    let m = UnitMaps::plane(&n, Extent::PLAYGROUND, &active).unwrap();
    assert_eq!(m.columns[1].dead, [true, false, false]);
    assert_eq!(m.columns[1].dead_count, 1);
}

#[test]
fn a_high_learning_rate_kills_units_and_the_view_says_so() {
    let split = TwoD::Circle.generate_split(200, 0.0, 0.5, 1).unwrap();
    let config = TrainConfig {
        lr: 3.0,
        optimizer: activation_lab::nn::Optimizer::Sgd,
        ..TrainConfig::benchmark(vec![8, 8], 10)
    };
    let mut t = Trainer::new(config, Arc::new(split)).unwrap();
    t.step(100);
    t.evaluate();
    let m = UnitMaps::plane(t.network(), Extent::PLAYGROUND, t.data_active()).unwrap();
    let dead: usize = m.columns.iter().map(|c| c.dead_count).sum();
    let hidden_dead: f32 = t
        .last_evaluation()
        .unwrap()
        .dense()
        .iter()
        .map(|h| h.dead_fraction * 8.0)
        .sum();
    assert!(dead > 0, "no dead units after lr 3");
    // Dead over plane and data never exceeds dead over the data alone (the trainer's count).
    assert!(dead as f32 <= hidden_dead + 0.01);
    for c in &m.columns[1..3] {
        for (i, _) in c.shown.iter().enumerate() {
            if c.dead[i] {
                assert!(c.map(i, m.cells()).iter().all(|&v| v == 0.0));
            }
        }
    }
}

#[test]
fn caps_bound_what_is_computed_and_sent() {
    let n = net(2, &[40; 12], "tanh", 3, Head::Softmax);
    let m = UnitMaps::plane(&n, Extent::PLAYGROUND, &[]).unwrap();
    assert_eq!(m.columns.len(), MAX_LAYERS_SHOWN + 2);
    let layers: Vec<ColumnKind> = m.columns.iter().map(|c| c.kind).collect();
    assert_eq!(layers[4], ColumnKind::Hidden(3));
    assert_eq!(layers[5], ColumnKind::Hidden(8));
    assert!(m.edges[4].is_none(), "no edges across the gap");
    assert!(m.edges[3].is_some() && m.edges[5].is_some());
    for c in &m.columns[1..=MAX_LAYERS_SHOWN] {
        assert_eq!((c.units, c.shown.len()), (40, MAX_UNITS_SHOWN));
    }
    assert_eq!(m.columns.last().unwrap().shown.len(), 3);
    // The largest accepted width: one pass stays small.
    let big = net(2, &[1024, 1024], "relu", 1, Head::SigmoidBce);
    assert_eq!(resolution_for(&big), MIN_MAP_RESOLUTION);
    let m = UnitMaps::plane(&big, Extent::PLAYGROUND, &[]).unwrap();
    // 35 tiles of 8×8, 2·16 + 16·16 + 16 edges, headers: a few kB whatever the width.
    assert!(m.to_flat().len() < 35 * 64 + 2 * 16 + 16 * 16 + 16 + 200);
}

#[test]
fn packed_form_round_trips_and_rejects_damage() {
    let t = circle_trainer(vec![5, 3]);
    let m = UnitMaps::plane(t.network(), Extent::PLAYGROUND, t.data_active()).unwrap();
    let flat = m.to_flat();
    assert_eq!(UnitMaps::from_flat(&flat).unwrap(), m);
    assert!(UnitMaps::from_flat(&flat[..flat.len() - 1]).is_err());
    let mut longer = flat.clone();
    longer.push(0.0);
    assert!(UnitMaps::from_flat(&longer).is_err());
    for (at, v) in [
        (0, 2.0),
        (2, f32::NAN),
        (2, 1e9),
        (7, 1e6),
        (8, 7.0),
        (11, 1.5),
    ] {
        let mut bad = flat.clone();
        bad[at] = v;
        assert!(UnitMaps::from_flat(&bad).is_err(), "accepted {v} at {at}");
    }
    assert!(UnitMaps::from_flat(&[]).is_err());
}

#[test]
fn weight_images_are_the_first_layer_columns() {
    let n = net(64, &[20], "relu", 10, Head::Softmax);
    let m = UnitMaps::weight_images(&n, 8, &[]).unwrap();
    assert_eq!(
        (m.kind, m.resolution, m.columns.len()),
        (MapKind::Weights, 8, 1)
    );
    let c = &m.columns[0];
    assert_eq!((c.units, c.shown.len()), (20, MAX_UNITS_SHOWN));
    let w = &n.params[dense(&n, 0).weights];
    for u in [0, 3, 15] {
        for k in [0, 9, 63] {
            assert_eq!(c.map(u, 64)[k], w[k * 20 + u]);
        }
    }
    assert_eq!(UnitMaps::from_flat(&m.to_flat()).unwrap(), m);
    assert!(UnitMaps::weight_images(&n, 7, &[]).is_err());
    assert!(UnitMaps::plane(&n, Extent::PLAYGROUND, &[]).is_err());
}

#[test]
#[cfg(not(target_arch = "wasm32"))] // the image sets load from files
fn a_conv_network_has_no_weight_images_and_no_plane_view() {
    // A conv front's first dense layer reads feature maps, not pixels (here 4×4×4 = 64 values,
    // as many as the 8×8 image, so the old check let it through and drew feature-map weights as
    // if they were pixels; with other sizes it indexed past the weights): a clear error instead.
    let split = activation_lab::data::ImageSource::from_name("digits")
        .unwrap()
        .load_split()
        .unwrap();
    let mut c = TrainConfig {
        activations: vec![activation_lab::nn::ActivationSpec::parse("relu").unwrap()],
        epochs: 1,
        ..TrainConfig::default()
    };
    c.set_layers(activation_lab::nn::parse_layers("conv4k3same,pool2,flatten,8").unwrap());
    let t = Trainer::new(c, Arc::new(split)).unwrap();
    let err = UnitMaps::weight_images(t.network(), 8, &[]).unwrap_err();
    assert!(err.to_string().contains("no conv layers"), "{err}");
}
