//! Issue 26's proof that the layer redesign changes no number: each case trains a fixed setup for a
//! few steps and writes, as f32 bit patterns, every batch loss, the evaluation after (loss,
//! accuracy, per-layer statistics), the last step's gradient norms and an FNV-1a hash of every
//! parameter. `tests/data/golden/<case>.txt` was written by the engine *before* the redesign
//! (commit ea34c49, `Net` + `Front`) and each run must reproduce it line for line.
//!
//! The traces are read through today's public API, so this file may change how it reads them; the
//! fixtures may not change. `GOLDEN_WRITE=1 cargo test --test native nn_golden_traces` rewrites them (only
//! ever on the pre-redesign engine).
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use activation_lab::data::{ImageSource, Split};
use activation_lab::experiment::{gradient_probe, normalization_probe, preset};
use activation_lab::nn::{ActivationSpec, Init, Optimizer, TrainConfig, Trainer};
use activation_lab::training::TrainSetup;

fn bits(v: f32) -> String {
    format!("{:08x}", v.to_bits())
}

fn fnv(values: &[f32]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        for b in v.to_bits().to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Trains `steps` mini-batches, then evaluates (on at most `eval` samples of each set) and writes
/// the trace.
fn trace(config: TrainConfig, split: Arc<Split>, steps: usize, eval: usize) -> String {
    let mut t = Trainer::new(config, split).expect("valid setup");
    t.set_eval_limit(Some(eval));
    let mut out = String::new();
    writeln!(out, "params {}", t.network().params.len()).unwrap();
    writeln!(out, "init {}", fnv(&t.network().params)).unwrap();
    for s in 0..steps {
        assert_eq!(t.step(1), 1, "step {s} ran");
        let snap = t.snapshot();
        writeln!(
            out,
            "step {} loss {}",
            s + 1,
            bits(snap.batch_loss.unwrap())
        )
        .unwrap();
    }
    let snap = t.snapshot();
    let (conv, dense) = snap.grad_norms.split_at(snap.conv_layers);
    for (i, g) in conv.iter().enumerate() {
        writeln!(out, "conv {i} grad_norm {}", bits(*g)).unwrap();
    }
    for (i, g) in dense.iter().enumerate() {
        writeln!(out, "dense {i} grad_norm {}", bits(*g)).unwrap();
    }
    // The engine before the redesign reported PReLU slopes of dense layers only.
    for (i, a) in snap.prelu_alpha[snap.conv_layers..].iter().enumerate() {
        writeln!(out, "dense {i} prelu {}", fnv(a)).unwrap();
    }
    writeln!(
        out,
        "clipped {} {}",
        bits(snap.clipped_value_fraction),
        bits(snap.clipped_norm_fraction)
    )
    .unwrap();
    let e = t.evaluate();
    writeln!(
        out,
        "train loss {} acc {}",
        bits(e.train.loss),
        bits(e.train.accuracy.unwrap_or(-1.0))
    )
    .unwrap();
    if let Some(test) = e.test {
        writeln!(
            out,
            "test loss {} acc {}",
            bits(test.loss),
            bits(test.accuracy.unwrap_or(-1.0))
        )
        .unwrap();
    }
    for (what, stats) in [("conv", e.conv()), ("dense", e.dense())] {
        for (i, s) in stats.iter().enumerate() {
            writeln!(
                out,
                "{what} {i} mean {} std {} dead {} sparsity {}",
                bits(s.mean),
                bits(s.std),
                bits(s.dead_fraction),
                bits(s.sparsity)
            )
            .unwrap();
        }
    }
    writeln!(out, "final {}", fnv(&t.network().params)).unwrap();
    out
}

fn check(case: &str, got: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/golden")
        .join(format!("{case}.txt"));
    if std::env::var_os("GOLDEN_WRITE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (the fixture is missing)", path.display()));
    for (n, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        assert_eq!(g, w, "{case}: line {} differs", n + 1);
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "{case}: line count"
    );
}

fn setup_split(hash: &str) -> (TrainConfig, Arc<Split>) {
    let setup = TrainSetup::parse_hash(hash).expect(hash);
    let split = setup.build_split(None).expect("2-D split");
    (setup.config, split)
}

fn mnist() -> Arc<Split> {
    Arc::new(
        ImageSource::from_name("mnist")
            .unwrap()
            .load_split()
            .unwrap(),
    )
}

fn digits() -> Arc<Split> {
    Arc::new(
        ImageSource::from_name("digits")
            .unwrap()
            .load_split()
            .unwrap(),
    )
}

/// The page's default training setup (circle, 8,8 ReLU, Adam).
#[test]
fn dense_page_default() {
    let (config, split) = setup_split("t.ds=circle");
    check("dense_page_default", &trace(config, split, 40, 10_000));
}

/// Every dense-path feature at once: PReLU per unit, RReLU, residual skips, dropout, L1/L2,
/// norm clipping, Nesterov, a schedule, BCE head.
#[test]
fn dense_everything() {
    let (mut config, split) = setup_split("t.ds=spiral&t.loss=bce&t.sched=cosine&t.warm=2");
    config.layers = activation_lab::nn::layer::spec::dense_list(&[12, 12, 12, 12]);
    config.activations = ActivationSpec::parse_list("prelu,rrelu,gelu,selu").unwrap();
    config.prelu_per_unit = true;
    config.residual = true;
    config.dropout = 0.1;
    config.l1 = 1e-4;
    config.l2 = 1e-3;
    config.clip_norm = Some(0.5);
    config.optimizer = Optimizer::parse("nesterov").unwrap();
    config.lr = 0.05;
    check("dense_everything", &trace(config, split, 60, 10_000));
}

/// A layer list of dense items with dropout items, AlphaDropout and a per-layer init override,
/// on 8×8 digits (the image set read as a flat vector).
#[test]
fn dense_layer_list_digits() {
    let mut config = TrainConfig {
        activations: ActivationSpec::parse_list("selu").unwrap(),
        init: Some(Init::LecunNormal),
        dropout_kind: activation_lab::nn::DropoutKind::Alpha,
        clip_value: Some(0.05),
        batch_size: 64,
        ..TrainConfig::default()
    };
    config.set_layers(activation_lab::nn::parse_layers("32,drop0.2,16,drop0.1").unwrap());
    check("dense_layer_list_digits", &trace(config, digits(), 30, 400));
}

/// A small conv net on digits with PReLU per filter, L2, both pools and a dense tail.
#[test]
fn conv_digits_prelu() {
    let mut config = TrainConfig {
        activations: ActivationSpec::parse_list("prelu,relu,tanh").unwrap(),
        l2: 1e-3,
        batch_size: 16,
        lr: 0.003,
        ..TrainConfig::default()
    };
    config.set_layers(
        activation_lab::nn::parse_layers("conv6k3same,pool2,conv8k3,drop0.25,flatten,24").unwrap(),
    );
    check("conv_digits_prelu", &trace(config, digits(), 20, 300));
}

/// The article's CNN with its settings (ReLU), and its SELU branch (LeCun normal, AlphaDropout).
#[test]
fn article_cnn_relu_and_selu() {
    let p = preset("article-cnn").unwrap();
    let data = mnist();
    for act in ["relu", "selu"] {
        let config = (p.variant)(&p.config, &ActivationSpec::parse(act).unwrap());
        check(
            &format!("article_cnn_{act}"),
            &trace(config, Arc::clone(&data), 3, 64),
        );
    }
}

/// The probes build networks outside the trainer.
#[test]
fn probes() {
    let mut out = String::new();
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[30, 30, 30]),
        activations: ActivationSpec::parse_list("sigmoid").unwrap(),
        optimizer: Optimizer::parse("sgd").unwrap(),
        lr: 0.1,
        batch_size: 10,
        ..TrainConfig::default()
    };
    let g = gradient_probe(&config, digits(), 1).unwrap();
    for v in g
        .at_init
        .iter()
        .chain(&g.weights_at_init)
        .chain(&g.per_epoch[0])
    {
        write!(out, "{} ", bits(*v)).unwrap();
    }
    writeln!(out).unwrap();
    let n = normalization_probe(&ActivationSpec::named("selu"), None, 16, 64, 256, 3).unwrap();
    for m in &n.layers {
        writeln!(out, "{} {}", bits(m.mean), bits(m.std)).unwrap();
    }
    check("probes", &out);
}
