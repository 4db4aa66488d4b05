//! The layer-list syntax (`--layers`, the page's hash): every item kind, its round trip through
//! `format_layers`, the ordering rules and the caps, each bad spec with a message naming it.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::nn::layer::conv2d::Padding;
use activation_lab::nn::layer::spec::{ARTICLE_CNN, SMALL_CNN};
use activation_lab::nn::{format_layers, parse_layers, LayerSpec, TrainConfig};

#[test]
fn the_articles_net_reads_as_written() {
    let l = parse_layers(ARTICLE_CNN).unwrap();
    assert_eq!(
        l,
        vec![
            LayerSpec::Conv {
                filters: 32,
                kernel: 3,
                stride: 1,
                padding: Padding::Valid
            },
            LayerSpec::Conv {
                filters: 64,
                kernel: 3,
                stride: 1,
                padding: Padding::Valid
            },
            LayerSpec::Pool { size: 2, stride: 2 },
            LayerSpec::Dropout { rate: 0.25 },
            LayerSpec::Flatten,
            LayerSpec::Dense { units: 128 },
            LayerSpec::Dropout { rate: 0.5 },
        ]
    );
    assert_eq!(format_layers(&l), ARTICLE_CNN);
}

#[test]
fn stride_padding_and_pool_stride_options() {
    let l = parse_layers("conv16k5s2same, POOL3s2, conv8k3valid, dense64, 10").unwrap();
    assert_eq!(
        l[0],
        LayerSpec::Conv {
            filters: 16,
            kernel: 5,
            stride: 2,
            padding: Padding::Same
        }
    );
    assert_eq!(l[1], LayerSpec::Pool { size: 3, stride: 2 });
    assert_eq!(
        l[2],
        LayerSpec::Conv {
            filters: 8,
            kernel: 3,
            stride: 1,
            padding: Padding::Valid
        }
    );
    assert_eq!(l[3], LayerSpec::Dense { units: 64 });
    assert_eq!(parse_layers(&format_layers(&l)).unwrap(), l);
    assert_eq!(format_layers(&parse_layers(SMALL_CNN).unwrap()), SMALL_CNN);
}

#[test]
fn bad_specs_say_what_is_wrong() {
    for (spec, says) in [
        ("", "empty"),
        ("conv", "filter count"),
        ("conv8", "`k`"),
        ("conv8k", "kernel size"),
        ("conv0k3", "filters must be 1 to 256"),
        ("conv8k99", "kernel must be 1 to 15"),
        ("conv8k3s9", "stride must be 1 to 8"),
        ("conv8k3full", "unexpected text"),
        ("pool", "window size"),
        ("pool2x", "unexpected text"),
        ("pool2s", "stride after"),
        ("drop", "dropout rate"),
        ("conv8k3,drop1.5", "(0, 1)"),
        ("conv8k3,dropNaN", "(0, 1)"),
        ("drop0.2,16", "must follow"),
        ("16,conv8k3", "convolutions and pooling go first"),
        ("conv8k3,flatten,flatten", "twice"),
        ("conv8k3,flatten,drop0.5", "must follow"),
        ("relu", "unknown layer"),
        ("99999999999", "unknown layer"),
        ("2000", "units must be 1 to 1024"),
    ] {
        let err = parse_layers(spec).unwrap_err().to_string();
        assert!(err.contains(says), "`{spec}`: {err}");
    }
    let many = vec!["8"; 65].join(",");
    assert!(parse_layers(&many)
        .unwrap_err()
        .to_string()
        .contains("too many"));
}

#[test]
fn a_config_checks_its_layer_list_against_hidden_and_dropout() {
    let mut c = TrainConfig::default();
    c.set_layers(parse_layers("conv4k3,pool2,16,drop0.5").unwrap());
    assert_eq!(c.dense_units(), vec![16]);
    c.validate().unwrap();
    let json = serde_json::to_string(&c).unwrap();
    let back: TrainConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    // The widths and a list that disagree (only text can say both: one list in memory).
    let mut mismatched: serde_json::Value = serde_json::from_str(&json).unwrap();
    mismatched["hidden"] = serde_json::json!([8]);
    assert!(serde_json::from_value::<TrainConfig>(mismatched)
        .unwrap_err()
        .to_string()
        .contains("do not match"));
    let global_dropout = TrainConfig {
        dropout: 0.3,
        ..c.clone()
    };
    assert!(global_dropout
        .validate()
        .unwrap_err()
        .to_string()
        .contains("drop<rate>"));
    // One activation per conv and dense layer (2 here), or one for all.
    let two = TrainConfig {
        activations: activation_lab::nn::ActivationSpec::parse_list("relu,tanh").unwrap(),
        ..c.clone()
    };
    two.validate().unwrap();
    assert_eq!(two.conv_activation(0).unwrap().key(), "relu");
    assert_eq!(two.activation(0).unwrap().key(), "tanh");
}

/// Dropout and a BatchNorm before the activation follow a conv, a pool or a dense layer; a
/// BatchNorm after the activation only a conv or dense one (it normalises their activations).
#[test]
fn dropout_and_batch_norm_must_follow_a_layer() {
    let refusal = |s: &str| parse_layers(s).expect_err(s).to_string();
    for list in ["drop0.5,8", "bn,8", "8,bn,bn"] {
        let e = refusal(list);
        assert!(
            e.contains("must follow a conv, pool or dense layer"),
            "{list}: {e}"
        );
    }
    let e = refusal("conv4k3,pool2,bnpost,flatten,8");
    assert!(e.contains("must follow a conv or dense layer"), "{e}");
    for ok in [
        "8,drop0.5,8",
        "8,bn,drop0.5,8",
        "conv4k3,pool2,bn,flatten,8",
        "conv4k3,gap,drop0.2",
    ] {
        parse_layers(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
}
