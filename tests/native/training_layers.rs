//! `t.layers`: the page's link carries a layer list in the core's one syntax (src/nn/layers.rs).
//! It parses and writes back, wins over `t.h` (old `t.h` links read as before), is refused with a
//! clear en/zh message when hostile or impossible (unknown items, huge counts, conv layers on a
//! flat data set, caps), and the setup it gives trains through the same builder the worker uses.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::nn::layer::spec::{ARTICLE_CNN, SMALL_CNN};
use activation_lab::nn::parse_layers;
use activation_lab::nn::{Status, Trainer};
use activation_lab::training::defaults::apply_keeping;
use activation_lab::training::fields::field_problems;
use activation_lab::training::TrainSetup;

fn err(hash: &str) -> String {
    TrainSetup::parse_hash(hash).expect_err(hash).to_string()
}

#[test]
fn the_articles_net_parses_and_round_trips() {
    let s = TrainSetup::parse_hash(&format!("t.ds=mnist&t.layers={ARTICLE_CNN}")).unwrap();
    assert_eq!(s.config.layers, parse_layers(ARTICLE_CNN).unwrap());
    assert_eq!(s.config.dense_units(), vec![128]);
    let hash = s.to_hash();
    assert!(hash.contains(&format!("t.layers={ARTICLE_CNN}&")), "{hash}");
    assert!(!hash.contains("t.h="), "{hash}");
    assert_eq!(TrainSetup::parse_hash(&hash).unwrap(), s);
    // The ConvNetJS-sized net has no dense layer at all.
    let s = TrainSetup::parse_hash(&format!("t.ds=digits&t.layers={SMALL_CNN}")).unwrap();
    assert!(s.config.dense_units().is_empty());
    assert_eq!(TrainSetup::parse_hash(&s.to_hash()).unwrap(), s);
    // Strides, padding and a pool stride survive the trip; case and spaces are normalised.
    let s = TrainSetup::parse_hash("t.ds=mnist&t.layers=CONV8k5s2same, pool3s2,flatten,dense64")
        .unwrap();
    assert!(
        s.to_hash()
            .contains("t.layers=conv8k5s2same,pool3s2,flatten,64&"),
        "{}",
        s.to_hash()
    );
}

#[test]
fn layers_win_over_widths_and_old_links_are_unchanged() {
    let s = TrainSetup::parse_hash("t.ds=digits&t.h=8,8&t.layers=conv8k3,flatten,32").unwrap();
    assert_eq!(s.config.dense_units(), vec![32]);
    assert_eq!(s.config.layers.len(), 3);
    // An old link: no layer list, widths as given, written back as `t.h`.
    let old = "t.ds=circle&t.h=8,4&t.act=tanh&t.lr=0.03";
    let s = TrainSetup::parse_hash(old).unwrap();
    assert!(activation_lab::nn::layer::spec::is_plain_mlp(
        &s.config.layers
    ));
    assert_eq!(s.config.dense_units(), vec![8, 4]);
    let hash = s.to_hash();
    assert!(
        hash.starts_with("t.ds=circle&t.h=8,4&t.act=tanh&"),
        "{hash}"
    );
    assert!(!hash.contains("layers"), "{hash}");
    // A list of plain widths is the MLP `t.h` describes, on any data set.
    let s = TrainSetup::parse_hash("t.ds=spiral&t.layers=16,16").unwrap();
    assert!(activation_lab::nn::layer::spec::is_plain_mlp(
        &s.config.layers
    ));
    assert_eq!(s.config.dense_units(), vec![16, 16]);
    assert!(s.to_hash().contains("t.h=16,16&"));
    // A data set alone fills in its default network; a layer list replaces it.
    let s = TrainSetup::parse_hash("t.ds=mnist&t.layers=conv4k3,pool2").unwrap();
    assert!(
        s.config.dense_units().is_empty(),
        "{:?}",
        s.config.dense_units()
    );
}

#[test]
fn hostile_and_impossible_lists_are_refused_clearly() {
    let e = err("t.ds=mnist&t.layers=conv999999k3");
    assert!(e.contains("filters must be 1 to 256, got 999999"), "{e}");
    let e = err("t.ds=mnist&t.layers=conv99999999999999999999k3");
    assert!(e.contains("expected the filter count"), "{e}");
    let e = err("t.ds=circle&t.layers=conv8k3,flatten,8");
    assert!(
        e.contains("conv layers need an image data set (8×8 digits, MNIST)"),
        "{e}"
    );
    let e = err("t.ds=xor&t.layers=pool2");
    assert!(e.contains("need an image data set"), "{e}");
    let e = err("t.ds=mnist&t.layers=lstm64");
    assert!(e.contains("unknown layer"), "{e}");
    let many = vec!["8"; 100].join(",");
    let e = err(&format!("t.ds=mnist&t.layers={many}"));
    assert!(e.contains("too many"), "{e}");
    let e = err("t.ds=digits&t.layers=conv8k9");
    assert!(e.contains("does not fit its 8×8×1 input"), "{e}");
    let e = err("t.ds=mnist&t.layers=conv64k3s2,flatten,1024");
    assert!(e.contains("parameters; at most"), "{e}");
    let e = err("t.ds=mnist&t.bs=4096&t.layers=conv256k3same");
    assert!(e.contains("needs too much memory"), "{e}");
    let e = err("t.ds=mnist&t.layers=flatten,conv8k3");
    assert!(e.contains("convolutions and pooling go first"), "{e}");
    let e = err("t.ds=mnist&t.layers=");
    assert!(e.contains("empty"), "{e}");
    let e = err("t.ds=mnist&t.layers=conv8k3&t.layers=conv8k3");
    assert!(e.contains("appears twice"), "{e}");
    // The global dropout and a layer list do not mix: the list carries its own.
    let e = err("t.ds=mnist&t.layers=conv8k3,flatten,32&t.do=0.2");
    assert!(e.contains("drop<rate> items"), "{e}");
}

#[test]
fn the_form_names_a_bad_layer_list_in_both_languages() {
    let p = field_problems(&[("ds", "mnist"), ("layers", "conv999999k3")]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key, "layers");
    assert!(
        p[0].en
            .starts_with("layer `conv999999k3`: filters must be 1 to 256"),
        "{}",
        p[0].en
    );
    assert!(
        p[0].zh.contains("滤波器个数须在 1 – 256 之内，现为 999999"),
        "{}",
        p[0].zh
    );
    assert!(!p[0].en.contains("t.layers"), "{}", p[0].en);

    let p = field_problems(&[("ds", "circle"), ("layers", "conv8k3,flatten,8")]);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].en
            .starts_with("conv layers need an image data set (8×8 digits, MNIST)"),
        "{}",
        p[0].en
    );
    assert!(
        p[0].zh
            .starts_with("卷积层需要图像数据集（8×8 数字、MNIST）"),
        "{}",
        p[0].zh
    );

    let p = field_problems(&[("ds", "mnist"), ("layers", "conv8k3,drop2")]);
    assert!(p[0].zh.contains("丢弃率须在 (0, 1) 之内"), "{}", p[0].zh);
    let p = field_problems(&[("ds", "mnist"), ("layers", "drop0.5,conv8k3")]);
    assert!(
        p[0].zh.contains("须紧跟在卷积、池化或全连接层之后"),
        "{}",
        p[0].zh
    );

    // The batch is the companion of the memory cap; a bad batch is its own problem only.
    let p = field_problems(&[("ds", "mnist"), ("bs", "4096"), ("layers", "conv256k3same")]);
    assert_eq!(p.len(), 1);
    assert!(p[0].en.contains("too much memory"), "{}", p[0].en);
    let p = field_problems(&[("ds", "mnist"), ("bs", "-1"), ("layers", "conv8k3")]);
    let keys: Vec<&str> = p.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["bs"]);
    // One activation per conv and dense layer: 2 conv + 1 dense = 3.
    let ok = [
        ("ds", "digits"),
        ("layers", "conv4k3,conv4k3,flatten,16"),
        ("act", "relu,tanh,elu"),
    ];
    assert!(field_problems(&ok).is_empty(), "{:?}", field_problems(&ok));
    let p = field_problems(&[
        ("ds", "digits"),
        ("layers", "conv4k3,conv4k3,flatten,16"),
        ("act", "relu,tanh"),
    ]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key, "act");
}

#[test]
fn a_data_set_switch_drops_conv_layers_the_new_set_cannot_run() {
    let mut s =
        TrainSetup::parse_hash(&format!("t.ds=mnist&t.layers={ARTICLE_CNN}&t.bs=128")).unwrap();
    // Kept by the user, and still possible on the 8×8 digits? conv3+conv3+pool2 fit 8×8.
    s.data = activation_lab::training::DataChoice::parse("digits").unwrap();
    let applied = apply_keeping(&mut s, None, &["layers"]);
    assert_eq!(s.config.layers, parse_layers(ARTICLE_CNN).unwrap());
    assert!(applied.changes.iter().all(|c| c.key != "h"));
    s.validate().unwrap();
    // To a flat set: the set's default network, and the sentence says so.
    s.data = activation_lab::training::DataChoice::parse("circle").unwrap();
    let applied = apply_keeping(&mut s, None, &["layers"]);
    assert!(activation_lab::nn::layer::spec::is_plain_mlp(
        &s.config.layers
    ));
    assert_eq!(s.config.dense_units(), vec![8, 8]);
    assert!(
        applied.en.contains(&format!("network {ARTICLE_CNN} → 8,8")),
        "{}",
        applied.en
    );
    s.validate().unwrap();
    // Not kept: the default network of the new image set.
    let mut s = TrainSetup::parse_hash("t.ds=mnist&t.layers=conv8k3,pool2").unwrap();
    s.data = activation_lab::training::DataChoice::parse("digits").unwrap();
    apply_keeping(&mut s, None, &[]);
    assert!(activation_lab::nn::layer::spec::is_plain_mlp(
        &s.config.layers
    ));
    assert_eq!(s.config.dense_units(), vec![32]);
}

#[test]
fn a_linked_conv_net_trains_as_the_worker_builds_it() {
    // The worker's path (src/web/train.rs): parse the hash, build the split from the image
    // file's bytes, `Trainer::new` on the config. 8×8 digits keep this quick.
    let s = TrainSetup::parse_hash(
        "t.ds=digits&t.layers=conv8k3same,pool2,flatten,32&t.lr=0.003&t.bs=32&t.ep=3&t.seed=2",
    )
    .unwrap();
    let bytes = std::fs::read("www/data/digits8x8.bin").unwrap();
    let split = s.build_split(Some(&bytes)).unwrap();
    let mut t = Trainer::new(s.config.clone(), split).unwrap();
    let test = |t: &mut Trainer| t.evaluate().test.unwrap();
    let first = test(&mut t);
    while t.status() == Status::Running {
        t.run_epoch();
    }
    let last = test(&mut t);
    assert!(
        last.loss.is_finite() && last.loss < 0.5 * first.loss,
        "test loss {} → {}",
        first.loss,
        last.loss
    );
    assert!(last.accuracy.unwrap() > 0.85, "{:?}", last.accuracy);
}

/// The form's pairs of a CNN preset, as the page sends them (keys with `None` left out).
fn preset_setup(name: &str) -> TrainSetup {
    let pairs = activation_lab::training::presets::cnn_preset(name).unwrap();
    let keyed: Vec<(String, String)> = pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (format!("t.{k}"), v)))
        .collect();
    TrainSetup::from_pairs(keyed.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap()
}

#[test]
fn the_articles_cnn_preset_is_the_article_exactly() {
    // Seed 002's Keras script: MNIST, Conv2D(32,3×3) → Conv2D(64,3×3) → MaxPool 2×2 → Dropout
    // 0.25 → Flatten → Dense 128 → Dropout 0.5 → Dense 10 softmax; Adam 1e-3, clipvalue 0.5,
    // batch 128, relu.
    let s = preset_setup("article-cnn");
    assert_eq!(s.data.name(), "mnist");
    assert_eq!(
        activation_lab::nn::format_layers(&s.config.layers),
        "conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5"
    );
    let c = &s.config;
    assert_eq!(c.optimizer.name(), "adam");
    assert_eq!(c.lr, 1e-3);
    assert_eq!(c.clip_value, Some(0.5));
    assert_eq!(c.clip_norm, None);
    assert_eq!(c.batch_size, 128);
    assert_eq!(c.activations.len(), 1);
    assert_eq!(c.activations[0].label(), "relu");
    assert_eq!((c.l1, c.l2, c.dropout), (0.0, 0.0, 0.0));
    let cmp: Vec<String> = s
        .compare
        .iter()
        .map(|a| a.activation.name.clone())
        .collect();
    assert_eq!(
        cmp,
        ["sigmoid", "relu", "elu", "leaky_relu", "selu", "gelu_tanh"]
    );
    // One source: the CLI's `compare --preset article-cnn` config.
    let cli = activation_lab::experiment::compare::preset("article-cnn").unwrap();
    assert_eq!(c.layers, cli.config.layers);
    assert_eq!(c.epochs, cli.config.epochs);

    // The ConvNetJS-sized net.
    let s = preset_setup("small-cnn");
    assert_eq!(
        activation_lab::nn::format_layers(&s.config.layers),
        "conv8k5same,pool2,conv16k5same,pool3"
    );
    assert_eq!(s.config.clip_value, None);
    assert!(activation_lab::training::presets::cnn_preset("big-cnn").is_err());
}

#[test]
fn the_layer_panels_name_conv_layers_and_their_dead_filters() {
    use activation_lab::plot::layers::{layer_chart, LayerPanel};
    use activation_lab::training::TrainRecord;
    let s = TrainSetup::parse_hash("t.ds=digits&t.layers=conv4k3,conv4k3,pool2,flatten,16&t.ep=1")
        .unwrap();
    let bytes = std::fs::read("www/data/digits8x8.bin").unwrap();
    let mut t = Trainer::new(s.config.clone(), s.build_split(Some(&bytes)).unwrap()).unwrap();
    t.step(3);
    t.evaluate();
    let r = TrainRecord::from_snapshot(&t.snapshot(), t.steps_per_epoch()).unwrap();
    assert_eq!(r.conv_layers, 2);
    // conv 1, conv 2, dense 16, output.
    assert_eq!(r.grad_norms.len(), 4);
    assert_eq!(r.act_mean.len(), 3);
    assert_eq!(r.dead_fraction.len(), 3);
    let labels = |panel| -> Vec<String> {
        layer_chart(std::slice::from_ref(&r), panel, "t", "x", "layer", "output")
            .series
            .iter()
            .map(|s| s.label.clone())
            .collect()
    };
    assert_eq!(
        labels(LayerPanel::GradNorm),
        ["conv 1", "conv 2", "layer 1", "output"]
    );
    let dead = labels(LayerPanel::Dead);
    assert_eq!(
        &dead[..3],
        ["conv 1 dead filters", "conv 2 dead filters", "layer 1 dead"]
    );
    // A plain MLP's panels are as before.
    let s = TrainSetup::parse_hash("t.ds=digits&t.h=16,8&t.ep=1").unwrap();
    let mut t = Trainer::new(s.config.clone(), s.build_split(Some(&bytes)).unwrap()).unwrap();
    t.evaluate();
    let r = TrainRecord::from_snapshot(&t.snapshot(), t.steps_per_epoch()).unwrap();
    assert_eq!(r.conv_layers, 0);
    let names: Vec<String> = layer_chart(&[r], LayerPanel::GradNorm, "t", "x", "layer", "output")
        .series
        .iter()
        .map(|s| s.label.clone())
        .collect();
    assert_eq!(names, ["layer 1", "layer 2", "output"]);
}

#[test]
fn a_limited_evaluation_reads_a_prefix_of_each_set() {
    let s = TrainSetup::parse_hash("t.ds=digits&t.layers=conv4k3,flatten,16&t.ep=1").unwrap();
    let bytes = std::fs::read("www/data/digits8x8.bin").unwrap();
    let split = s.build_split(Some(&bytes)).unwrap();
    let mut t = Trainer::new(s.config.clone(), std::sync::Arc::clone(&split)).unwrap();
    t.step(5);
    t.set_eval_limit(Some(100));
    assert_eq!(t.eval_samples(split.test.len()), 100);
    let e = t.evaluate();
    // Independently: the accuracy of the predictions on the first 100 test images.
    let f = split.test.features;
    let out = t.predict(&split.test.inputs[..100 * f]).unwrap();
    let width = out.len() / 100;
    let correct = (0..100)
        .filter(|&i| {
            let row = &out[i * width..(i + 1) * width];
            let best = (0..width)
                .max_by(|&a, &b| row[a].total_cmp(&row[b]))
                .unwrap();
            best as u32 == split.test.labels[i]
        })
        .count();
    assert_eq!(e.test.unwrap().accuracy, Some(correct as f32 / 100.0));
    t.set_eval_limit(None);
    assert_eq!(t.eval_samples(split.test.len()), split.test.len());
    // The page's budget: the article's CNN on MNIST reads a prefix, the small one everything.
    use activation_lab::training::budget::{eval_limit, MIN_EVAL_SAMPLES};
    let cost = |layers: &str| {
        let s = TrainSetup::parse_hash(&format!("t.ds=mnist&t.layers={layers}")).unwrap();
        let mnist = activation_lab::data::ImageSource::from_name("mnist")
            .unwrap()
            .load_split()
            .unwrap();
        Trainer::new(s.config, mnist)
            .unwrap()
            .training_flops_per_sample()
    };
    assert_eq!(eval_limit(cost(ARTICLE_CNN), 8000), Some(MIN_EVAL_SAMPLES));
    let small = eval_limit(cost(SMALL_CNN), 8000).unwrap();
    assert!(small > 2000, "{small}");
    // A plain MLP reads every image, as before.
    assert_eq!(eval_limit(cost("128"), 8000), None);
}

#[test]
fn a_saved_conv_run_loads_back_with_its_layer_list_in_the_link() {
    let s =
        TrainSetup::parse_hash("t.ds=digits&t.layers=conv4k3same,pool2,flatten,16&t.ep=1").unwrap();
    let bytes = std::fs::read("www/data/digits8x8.bin").unwrap();
    let mut t = Trainer::new(s.config.clone(), s.build_split(Some(&bytes)).unwrap()).unwrap();
    t.step(2);
    let json = s.save_model(&t);
    let loaded = TrainSetup::load_model(&json, &TrainSetup::default()).unwrap();
    assert_eq!(loaded.setup.config.layers, s.config.layers);
    assert_eq!(loaded.setup.data.name(), "digits");
    let hash = loaded.setup.to_hash();
    assert!(
        hash.contains("t.layers=conv4k3same,pool2,flatten,16&"),
        "{hash}"
    );
}
