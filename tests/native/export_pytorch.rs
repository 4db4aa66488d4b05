//! "Export as PyTorch": generated scripts compile, carry the exact configuration, map every
//! catalog activation, train one epoch in real torch, run under torchrun (DDP) with the same
//! losses as one process, and save a model file our CLI opens. Needs the torch venv
//! (tools/torch-env.sh, run by `make test`); without torch these tests fail, they never skip.
#![cfg(not(target_arch = "wasm32"))]

use crate::export_pytorch_common;

use std::path::PathBuf;
use std::process::Command;

use export_pytorch_common::{
    cli, data_dir, python_command, run_python, run_scripts, save_and_eval,
};

use activation_lab::activation::{names, Activation};
use activation_lab::export::pytorch::{pytorch_script, DataChoice};
use activation_lab::nn::{
    parse_layers, ActivationSpec, DropoutKind, Init, Loss, Optimizer, TrainConfig,
};

fn write(name: &str, script: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("actlab-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.py"));
    std::fs::write(&path, script).unwrap();
    path
}

fn configs() -> Vec<(&'static str, TrainConfig, DataChoice)> {
    vec![
        (
            "circle_default",
            TrainConfig::default(),
            DataChoice::named("circle"),
        ),
        (
            "spiral_elu_nesterov_clip",
            TrainConfig {
                layers: activation_lab::nn::layer::spec::dense_list(&[16, 8]),
                activations: vec![ActivationSpec::parse("elu(alpha=0.5)").unwrap()],
                optimizer: Optimizer::parse("nesterov").unwrap(),
                clip_value: Some(0.5),
                clip_norm: Some(2.0),
                l1: 1e-4,
                l2: 1e-3,
                dropout: 0.1,
                seed: 7,
                ..TrainConfig::default()
            },
            DataChoice {
                noise: 10.0,
                samples: Some(400),
                ..DataChoice::named("spiral")
            },
        ),
        (
            "digits_selu_alpha_dropout",
            TrainConfig {
                layers: activation_lab::nn::layer::spec::dense_list(&[32, 32]),
                activations: vec![ActivationSpec::named("selu")],
                init: Some(Init::LecunNormal),
                dropout: 0.05,
                dropout_kind: DropoutKind::Alpha,
                loss: Loss::SoftmaxCrossEntropy,
                ..TrainConfig::default()
            },
            DataChoice::named("digits"),
        ),
        (
            "mnist_per_layer_prelu",
            TrainConfig {
                layers: activation_lab::nn::layer::spec::dense_list(&[64, 32]),
                activations: ActivationSpec::parse_list("prelu(0.1),leaky_relu(0.2)").unwrap(),
                prelu_per_unit: true,
                optimizer: Optimizer::Sgd,
                batch_size: 128,
                ..TrainConfig::default()
            },
            DataChoice::named("mnist"),
        ),
        (
            "plane_regression_mse",
            TrainConfig {
                loss: Loss::Mse,
                ..TrainConfig::default()
            },
            DataChoice::named("plane"),
        ),
        (
            "digits_cnn_selu_alpha_dropout",
            {
                let mut c = TrainConfig {
                    activations: vec![ActivationSpec::named("selu")],
                    dropout_kind: DropoutKind::Alpha,
                    batch_size: 64,
                    ..TrainConfig::default()
                };
                c.set_layers(
                    parse_layers("conv8k3same,conv6k4same,pool2,drop0.25,flatten,16,drop0.2")
                        .unwrap(),
                );
                c
            },
            DataChoice::named("digits"),
        ),
        (
            "xor_mse_onehot",
            TrainConfig {
                loss: Loss::Mse,
                activations: vec![ActivationSpec::parse("swish(beta=1.5)").unwrap()],
                ..TrainConfig::default()
            },
            DataChoice::named("xor"),
        ),
    ]
}

#[test]
fn generated_scripts_compile_and_embed_the_exact_config() {
    for (name, config, data) in configs() {
        let script = pytorch_script(&config, &data).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The docstring carries the config JSON; it reads back to the same config.
        let json_line = script
            .lines()
            .find(|l| l.starts_with('{'))
            .expect("config JSON line");
        let back: TrainConfig = serde_json::from_str(json_line).unwrap();
        assert_eq!(back, config, "{name}");
        assert!(
            script.contains(&format!("SEED = {}", config.seed)),
            "{name}"
        );
        assert!(
            script.contains(&format!("BATCH_SIZE = {}", config.batch_size)),
            "{name}"
        );
        assert!(
            script.contains(&format!("EPOCHS = {}", config.epochs)),
            "{name}"
        );
        assert_eq!(script.matches("nn.Linear(fan_in, units)").count(), 1);
        assert_eq!(
            script
                .lines()
                .filter(|l| l.starts_with("    (") && l.contains("lambda:"))
                .count(),
            config.dense_units().len(),
            "{name}: one HIDDEN row per layer"
        );
        let path = write(name, &script);
        let (ok, out, err) = run_python(&["-m", "py_compile", path.to_str().unwrap()]);
        assert!(ok, "{name}: py_compile failed:\n{out}{err}");
    }
}

#[test]
fn parameters_and_options_reach_the_script() {
    let (_, config, data) = configs().remove(1);
    let s = pytorch_script(&config, &data).unwrap();
    assert!(s.contains("nn.ELU(alpha=0.5)"), "activation parameter");
    assert!(s.contains("torch.optim.SGD(groups, lr=0.01, momentum=0.9, nesterov=True)"));
    assert!(s.contains("CLIP_VALUE = 0.5") && s.contains("CLIP_NORM = 2.0"));
    assert!(s.contains("nn.Dropout(p=0.1)"));
    assert!(
        s.contains("DATASET = \"spiral\"")
            && s.contains("SAMPLES = 400")
            && s.contains("NOISE = 10.0")
    );
    let (_, config, data) = configs().remove(3);
    let s = pytorch_script(&config, &data).unwrap();
    assert!(
        s.contains("nn.PReLU(num_parameters=64, init=0.1)")
            && s.contains("nn.LeakyReLU(negative_slope=0.2)")
    );
    assert!(s.contains("DATA_FILE = \"data/mnist10k.bin.gz\""));
}

/// A layer list becomes `FRONT` rows with the core's geometry: `same` padding split as ours
/// (k3: one pixel each side; k4: one left/top, two right/bottom, so a ZeroPad2d),
/// pooling, dropout kinds per place, per-channel PReLU, and the dense widths after the flatten.
#[test]
fn conv_layer_lists_reach_the_script() {
    let (_, config, data) = configs()
        .into_iter()
        .find(|c| c.0 == "digits_cnn_selu_alpha_dropout")
        .unwrap();
    let s = pytorch_script(&config, &data).unwrap();
    assert!(s.contains("IMAGE = (8, 8, 1)"), "{s}");
    assert!(
        s.contains("    conv(1, 8, 3, stride=1, pad=(1, 1, 1, 1), activation=lambda: nn.SELU()")
    );
    assert!(
        s.contains("    conv(8, 6, 4, stride=1, pad=(1, 2, 1, 2), activation=lambda: nn.SELU()")
    );
    assert!(s.contains("    pool(2, stride=2),\n    dropout(lambda: nn.AlphaDropout(p=0.25)),"));
    // 8×8 → same 8×8×8 → same 8×8×6 → pool 4×4×6 = 96 inputs to the dense layer.
    assert!(s.contains("    (96, 16, lambda: nn.SELU(), "), "{s}");
    assert!(s.contains("lambda: nn.AlphaDropout(p=0.2)),"));
    assert!(s.contains("nn.ZeroPad2d((left, right, top, bottom))") && s.contains("FlattenHWC()"));

    let mut prelu = TrainConfig {
        activations: ActivationSpec::parse_list("prelu(0.1),relu").unwrap(),
        ..TrainConfig::default()
    };
    prelu.set_layers(parse_layers("conv5k3,pool3s2,12").unwrap());
    let s = pytorch_script(&prelu, &DataChoice::named("mnist")).unwrap();
    assert!(s.contains("IMAGE = (28, 28, 1)"));
    assert!(s.contains("    conv(1, 5, 3, stride=1, pad=(0, 0, 0, 0), activation=lambda: nn.PReLU(num_parameters=5, init=0.1)"));
    assert!(s.contains("    pool(3, stride=2),"));
    // 28 → valid 26 → pool3 s2 12: 12·12·5 inputs.
    assert!(s.contains(&format!("    ({}, 12, lambda: nn.ReLU()", 12 * 12 * 5)));

    let e = pytorch_script(&prelu, &DataChoice::named("circle")).unwrap_err();
    assert!(e.to_string().contains("need image data"), "{e}");
    let mut too_big = prelu.clone();
    too_big.activations = vec![ActivationSpec::named("relu")];
    too_big.set_layers(parse_layers("conv8k9,conv8k9,conv8k9,conv8k9").unwrap());
    let e = pytorch_script(&too_big, &DataChoice::named("mnist")).unwrap_err();
    assert!(e.to_string().contains("does not fit"), "{e}");
}

#[test]
fn every_catalog_activation_has_a_torch_module() {
    for name in names() {
        let config = TrainConfig {
            activations: vec![ActivationSpec::named(name)],
            ..TrainConfig::default()
        };
        let script = pytorch_script(&config, &DataChoice::named("circle"));
        // A network of step units has no gradient: refused with the reason, not exported.
        if Activation::new(name, &[]).unwrap().trainable().is_err() {
            let e = script.expect_err(name).to_string();
            assert!(e.contains("cannot be trained"), "{name}: {e}");
            continue;
        }
        let s = script.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            s.contains("lambda: nn.")
                || s.contains("lambda: Swish(")
                || s.contains("lambda: Lambda("),
            "{name}"
        );
    }
}

#[test]
fn invalid_setups_are_the_cores_errors() {
    let bad = TrainConfig {
        epochs: 0,
        ..TrainConfig::default()
    };
    assert!(pytorch_script(&bad, &DataChoice::named("circle"))
        .unwrap_err()
        .to_string()
        .contains("epochs"));
    let e = pytorch_script(&TrainConfig::default(), &DataChoice::named("imagenet")).unwrap_err();
    assert!(e.to_string().contains("unknown dataset"), "{e}");
    let e = pytorch_script(
        &TrainConfig::default(),
        &DataChoice {
            samples: Some(1_000_000_000),
            ..DataChoice::named("circle")
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("number of points"), "{e}");
    let bce = TrainConfig {
        loss: Loss::SigmoidBce,
        ..TrainConfig::default()
    };
    assert!(pytorch_script(&bce, &DataChoice::named("digits"))
        .unwrap_err()
        .to_string()
        .contains("2 classes"));
}

/// Every exported configuration trains one epoch in real torch (one Python process for all).
#[test]
fn every_configuration_trains_one_epoch_in_torch() {
    let jobs: Vec<(PathBuf, Vec<String>)> = configs()
        .into_iter()
        .map(|(name, config, data)| {
            let path = write(
                &format!("run_{name}"),
                &pytorch_script(&config, &data).unwrap(),
            );
            let args = ["--epochs", "1", "--device", "cpu", "--data-dir", data_dir()];
            (path, args.iter().map(|s| s.to_string()).collect())
        })
        .collect();
    let outputs = run_scripts(&jobs);
    for ((name, _, _), out) in configs().iter().zip(outputs) {
        let last = out.lines().last().unwrap_or_default();
        let f: Vec<&str> = last.split(',').collect();
        assert!(f.len() == 5 && f[0] == "1", "{name}: {out}");
        let loss: f64 = f[1].parse().unwrap();
        assert!(loss.is_finite() && loss > 0.0, "{name}: {out}");
    }
}

/// Epoch rows `epoch,train_loss,train_acc,test_loss,test_acc` of a normal-mode run.
fn epoch_rows(out: &str) -> Vec<Vec<f64>> {
    out.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect()
}

/// `torchrun --nproc_per_node=2` (DDP, gloo on CPU, DistributedSampler, global batch split over
/// the ranks) prints, from rank 0 only, the same epoch losses as one process with the same global
/// batch: the global batches are the same samples, DDP averages the two half-batch gradients.
#[test]
fn torchrun_two_processes_match_one_process() {
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[16, 16]),
        optimizer: Optimizer::parse("momentum").unwrap(),
        l2: 1e-3,
        clip_norm: Some(1.0),
        ..TrainConfig::default()
    };
    let path = write(
        "ddp",
        &pytorch_script(&config, &DataChoice::named("circle")).unwrap(),
    );
    let script = path.to_str().unwrap();
    let common = ["--epochs", "2", "--device", "cpu"];
    let (ok, single, err) = run_python(&[&[script][..], &common].concat());
    assert!(ok, "single process failed:\n{single}\n{err}");
    let out = python_command()
        .args([
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc_per_node=2",
            script,
        ])
        .args(common)
        .env("OMP_NUM_THREADS", "1")
        .output()
        .unwrap();
    let (ddp, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "torchrun failed:\n{ddp}\n{err}");
    assert_eq!(
        ddp.matches("epoch,train_loss").count(),
        1,
        "only rank 0 prints:\n{ddp}"
    );
    assert!(
        err.contains("training on 2 process(es), device cpu, gloo, 16 samples per process"),
        "{err}"
    );
    let (a, b) = (epoch_rows(&single), epoch_rows(&ddp));
    assert_eq!(a.len(), 2, "{single}");
    assert_eq!(b.len(), 2, "{ddp}");
    for (ra, rb) in a.iter().zip(&b) {
        for col in [1, 3] {
            let rel = (ra[col] - rb[col]).abs() / ra[col].abs();
            println!(
                "epoch {} column {col}: one process {}, torchrun {} (rel {rel:.2e})",
                ra[0], ra[col], rb[col]
            );
            assert!(rel <= 1e-4, "epoch {}: {} vs {}", ra[0], ra[col], rb[col]);
        }
    }
}

#[test]
fn saved_torch_model_opens_in_eval_model() {
    let doc = save_and_eval(
        "export-pytorch",
        "save",
        &["--activation", "prelu(0.2)", "--prelu-per-unit"],
        0.8,
    );
    assert_eq!(
        doc["layers"][0]["prelu_alpha"].as_array().unwrap().len(),
        32
    );
}

/// The same for a conv net: the file is version 3 with the image shape and conv layers (weights
/// in our (ky, kx, channel) × filter layout, one PReLU slope per filter) and eval-model, which
/// runs our conv kernels on them, gets torch's test loss and accuracy.
#[test]
fn saved_torch_conv_model_opens_in_eval_model() {
    let flags = [
        "--layers",
        "conv8k3same,conv12k3s2,pool2,flatten,32",
        "--activation",
        "prelu(0.2),relu,relu",
        "--lr",
        "0.01",
    ];
    let doc = save_and_eval("export-pytorch", "save-conv", &flags, 0.85);
    assert_eq!(doc["version"], 3);
    assert_eq!(doc["shape"]["height"], 8);
    let conv: Vec<&serde_json::Value> = doc["layers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "conv2d")
        .collect();
    assert_eq!(conv.len(), 2);
    assert_eq!(conv[0]["weights"].as_array().unwrap().len(), 3 * 3 * 8);
    assert_eq!(conv[0]["prelu_alpha"].as_array().unwrap().len(), 8);
    assert_eq!(conv[1]["weights"].as_array().unwrap().len(), 3 * 3 * 8 * 12);
    assert_eq!(conv[1]["output"]["width"], 3);
    assert!(conv[1].get("prelu_alpha").is_none());
}

/// `export-pytorch --preset`: the article's CNN on MNIST as `compare --preset` runs it (SELU with
/// AlphaDropout, clip value 0.5, batch 128), adjustable by the other flags; an unknown preset is
/// a usage error.
#[test]
fn presets_export_the_articles_cnn() {
    let s = cli(&[
        "export-pytorch",
        "--preset",
        "article-cnn",
        "--activation",
        "selu",
    ]);
    assert!(s.contains("DATASET = \"mnist\"") && s.contains("IMAGE = (28, 28, 1)"));
    assert!(
        s.contains("    conv(1, 32, 3, stride=1, pad=(0, 0, 0, 0), activation=lambda: nn.SELU()")
    );
    assert!(s.contains("    conv(32, 64, 3, stride=1, pad=(0, 0, 0, 0)"));
    assert!(s.contains("    pool(2, stride=2),\n    dropout(lambda: nn.AlphaDropout(p=0.25)),"));
    assert!(s.contains(&format!("    ({}, 128, lambda: nn.SELU()", 12 * 12 * 64)));
    assert!(s.contains("lambda: nn.AlphaDropout(p=0.5)),"));
    assert!(s.contains("CLIP_VALUE = 0.5") && s.contains("BATCH_SIZE = 128"));
    let relu = cli(&["export-pytorch", "--preset", "article-cnn", "--batch", "64"]);
    assert!(relu.contains("nn.Dropout(p=0.25)") && relu.contains("BATCH_SIZE = 64"));
    let small = cli(&[
        "export-pytorch",
        "--preset",
        "small-cnn",
        "--dataset",
        "digits",
    ]);
    assert!(small.contains("IMAGE = (8, 8, 1)") && small.contains("pool(3, stride=3)"));
    let out = Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .args(["export-pytorch", "--preset", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown preset `nope`"));
}

/// The page's replay (the worker hands over the image file's bytes) is the CLI's replay, a FLOP
/// budget records fewer steps of a conv net, and bytes of the wrong image set are refused.
#[test]
fn replay_from_image_bytes_matches_the_files_on_disk() {
    use activation_lab::data::ImageSource;
    use activation_lab::export::replay::{replay, replay_with_images};
    let digits = ImageSource::from_name("digits").unwrap();
    let bytes = std::fs::read(digits.path()).unwrap();
    let mut config = TrainConfig {
        epochs: 2,
        ..TrainConfig::default()
    };
    config.set_layers(parse_layers("conv4k3same,pool2,16").unwrap());
    let data = DataChoice::named("digits");
    let disk = replay(&config, &data, 20).unwrap();
    let page = replay_with_images(&config, &data, 20, Some(&bytes), None).unwrap();
    assert_eq!(page.to_json(), disk.to_json());
    assert_eq!(page.losses.len(), 20);
    let cheap = replay_with_images(&config, &data, 20, Some(&bytes), Some(1)).unwrap();
    assert_eq!(
        cheap.losses.len(),
        1,
        "a tiny budget still records one step"
    );
    let e = replay_with_images(&config, &DataChoice::named("mnist"), 5, Some(&bytes), None)
        .unwrap_err();
    assert!(e.to_string().contains("expected 10000"), "{e}");
}
