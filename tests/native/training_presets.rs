//! The training page's presets live in the core (`training::presets`); the page only asks for
//! them. Each is a valid setup that says what the page's buttons promise.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::experiment::Contender;
use activation_lab::nn::ActivationSpec;
use activation_lab::training::presets::{
    compare_preset, short_label, COMPARE_CHOICES, COMPARE_PRESETS, DEEP_SIGMOID, RATIO_PRESET,
};
use activation_lab::training::TrainSetup;

fn setup(pairs: &[(&str, String)]) -> TrainSetup {
    let hash: Vec<String> = pairs.iter().map(|(k, v)| format!("t.{k}={v}")).collect();
    TrainSetup::parse_hash(&hash.join("&")).unwrap()
}

#[test]
fn compare_presets_are_valid_setups() {
    for name in COMPARE_PRESETS {
        for ds in ["circle", "digits", "mnist"] {
            let s = setup(&compare_preset(name, ds).unwrap());
            assert!(s.compare.len() >= 2, "{name}: {:?}", s.compare);
        }
    }
    // The article preset keeps MNIST when it is shown, else the 8×8 digits.
    assert_eq!(
        setup(&compare_preset("article", "mnist").unwrap())
            .data
            .name(),
        "mnist"
    );
    assert_eq!(
        setup(&compare_preset("article", "xor").unwrap())
            .data
            .name(),
        "digits"
    );
    // The ratio preset compares exactly its two activations.
    let (name, fast, slow) = RATIO_PRESET;
    let labels: Vec<String> = setup(&compare_preset(name, "digits").unwrap())
        .compare
        .iter()
        .map(Contender::label)
        .collect();
    assert_eq!(labels, vec![fast.to_string(), slow.to_string()]);
    let e = compare_preset("nope", "digits").unwrap_err().to_string();
    assert!(e.contains("nope") && e.contains("article"), "{e}");
}

#[test]
fn choices_and_skip_preset_parse() {
    for c in COMPARE_CHOICES {
        Contender::parse(c).unwrap();
    }
    assert_eq!(short_label("relu+bn").unwrap(), "relu+bn");
    assert_eq!(
        short_label("leaky_relu(negative_slope=0.2)").unwrap(),
        "leaky_relu 0.2"
    );
    assert_eq!(short_label("gelu").unwrap(), "gelu");
    assert!(short_label("nope(").is_err());
    let pairs: Vec<(&str, String)> = DEEP_SIGMOID
        .iter()
        .map(|&(k, v)| (k, v.to_string()))
        .collect();
    let s = setup(&pairs);
    assert_eq!(s.config.dense_units(), vec![16; 10]);
    assert!(s.config.residual);
}

#[test]
fn the_articles_experiment_is_the_cli_preset_for_two_epochs() {
    use activation_lab::experiment::Contender;
    use activation_lab::experiment::{article_activations, article_variant, preset};
    use activation_lab::nn::{DropoutKind, Init};
    use activation_lab::training::presets::ARTICLE_CNN_PAGE_EPOCHS;
    // The same pairs whatever the page shows (the experiment is MNIST's).
    let pairs = compare_preset("article-cnn", "circle").unwrap();
    assert_eq!(pairs, compare_preset("article-cnn", "digits").unwrap());
    let s = setup(&pairs);
    assert_eq!(s.data.name(), "mnist");
    let mut want = preset("article-cnn").unwrap().config;
    want.epochs = ARTICLE_CNN_PAGE_EPOCHS;
    assert_eq!(ARTICLE_CNN_PAGE_EPOCHS, 2);
    assert_eq!(s.config, want);
    let lineup: Vec<ActivationSpec> = s.compare.iter().map(|c| c.activation.clone()).collect();
    assert!(s.compare.iter().all(|c| !c.batch_norm));
    assert_eq!(lineup, article_activations());
    let labels: Vec<String> = s.compare.iter().map(Contender::label).collect();
    assert_eq!(labels.len(), 6);
    assert!(labels[3].starts_with("leaky_relu") && labels[3].contains("0.2"));
    assert_eq!(labels[5], "gelu_tanh");
    // Every label has its check box, so unticking one keeps the others.
    for l in &labels {
        assert!(
            COMPARE_CHOICES
                .iter()
                .any(|c| ActivationSpec::parse(c).unwrap().label() == *l),
            "{l} has no check box"
        );
    }
    // The SELU run: LeCun normal everywhere and AlphaDropout; the others standard dropout.
    for a in s.compare.iter().map(|c| &c.activation) {
        let c = article_variant(&s.config, a);
        let selu = a.name == "selu";
        let kind = if selu {
            DropoutKind::Alpha
        } else {
            DropoutKind::Standard
        };
        assert_eq!(c.dropout_kind, kind, "{}", a.label());
        let inits = c.layer_inits().unwrap();
        let convs = c.conv_inits().unwrap();
        assert_eq!(convs.len(), 2);
        if selu {
            assert!(convs
                .iter()
                .chain(&inits[..inits.len() - 1])
                .all(|i| *i == Init::LecunNormal));
        }
    }
    // The form's other keys are switched off, not left as the reader typed them.
    for key in [
        "l1", "l2", "do", "cn", "dk", "loss", "sched", "warm", "stop", "res", "init",
    ] {
        assert!(pairs.iter().any(|(k, _)| *k == key), "{key} missing");
    }
    assert!(pairs
        .iter()
        .any(|(k, v)| *k == "layers" && v.starts_with("conv32k3")));
}

/// The compare section's runs at once come from the core (the page asks `compareWorkers`): one
/// core left to the page, at least one run, no more than a comparison's activations.
#[test]
fn compare_workers_leave_the_page_a_core() {
    use activation_lab::training::presets::compare_workers;
    assert_eq!(compare_workers(0), 1);
    assert_eq!(compare_workers(1), 1);
    assert_eq!(compare_workers(2), 1);
    assert_eq!(compare_workers(4), 3);
    assert_eq!(
        compare_workers(64),
        activation_lab::training::setup::MAX_COMPARE
    );
}

/// Issue 26's page side: the SELU-vs-BatchNorm preset is the CLI's `selu-vs-batchnorm` (its 16 × 64
/// MLP as a layer list, so a conv list the form held does not stay; its three runs, each with a
/// check box), whatever data set the page shows.
#[test]
fn the_selu_vs_batchnorm_preset_is_the_cli_preset() {
    use activation_lab::experiment::preset;
    let pairs = compare_preset("selu-vs-batchnorm", "circle").unwrap();
    assert_eq!(pairs, compare_preset("selu-vs-batchnorm", "mnist").unwrap());
    assert!(
        pairs
            .iter()
            .any(|(k, v)| *k == "layers" && v.split(',').count() == 16),
        "{pairs:?}"
    );
    assert!(pairs.iter().all(|(k, _)| *k != "h"), "{pairs:?}");
    let s = setup(&pairs);
    assert_eq!(s.data.name(), "mnist");
    let p = preset("selu-vs-batchnorm").unwrap();
    assert_eq!(s.config, p.config);
    assert_eq!(s.compare, p.activations);
    let labels: Vec<String> = s.compare.iter().map(Contender::label).collect();
    assert_eq!(labels, ["selu", "relu+bn", "relu"]);
    assert!(labels.iter().all(|l| COMPARE_CHOICES.contains(&l.as_str())));
    // Over a form that held the article's CNN and its clipping, the preset's own network wins.
    let mut over = compare_preset("article-cnn", "mnist").unwrap();
    for (k, v) in pairs {
        over.retain(|(key, _)| *key != k);
        over.push((k, v));
    }
    assert_eq!(setup(&over).config, p.config);
}
