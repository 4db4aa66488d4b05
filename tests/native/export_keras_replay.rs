//! `export-keras --replay`: the Keras 3 script (torch backend) starts from our initial weights and
//! follows our data, batch order, learning rates and — through our noise stream, which the script
//! draws itself — our dropout masks, so Keras's per-step training loss must match the one our
//! trainer recorded step for step: ≤ 1e-5 relative on the first step, ≤ 1e-3 over the first 200,
//! as for PyTorch (tests/native/export_pytorch_replay.rs). The article's CNN (71.6 MFLOP per sample, 200
//! steps of 128) is in tests/export_keras_article.rs, run by `make keras-article` in release.
//! Needs torch and keras: tools/torch-env.sh (run by `make test`) builds the venv.
#![cfg(not(target_arch = "wasm32"))]

use crate::export_pytorch_common;

use export_pytorch_common::{check_step_for_step, STEPS};

#[test]
fn keras_follows_our_trainer_step_for_step() {
    let table = [
        // The page's "article" compare preset: the article's settings on an MLP (MNIST 784-64-10,
        // Adam 1e-3, batch 128, clip value 0.5).
        (
            "dense_preset_mnist_relu",
            "--dataset mnist --layers 64 --optimizer adam --lr 0.001 --batch 128 --clip-value 0.5",
        ),
        (
            "dense_preset_mnist_as_written",
            "--dataset mnist --layers 64 --optimizer adam --lr 0.001 --batch 128 --clip-value 0.5 --as-written",
        ),
        ("adam_digits", "--dataset digits --optimizer adam --lr 0.01"),
        ("sgd_circle_bce", "--dataset circle --optimizer sgd --lr 0.1"),
        (
            "nesterov_cosine_gelu_tanh",
            "--dataset digits --activation gelu_tanh --optimizer nesterov --lr 0.05 --schedule cosine --warmup-steps 20",
        ),
        (
            "clip_value_and_norm_l1_l2",
            "--dataset digits --optimizer momentum --lr 0.1 --clip-value 0.02 --clip-norm 0.5 --l1 0.0001 --l2 0.01",
        ),
        ("prelu_per_unit", "--dataset digits --activation prelu(0.1) --prelu-per-unit"),
        ("leaky_relu_elu_mse", "--dataset digits --layers 32,16 --activation leaky_relu(0.2),elu --loss mse"),
        ("mse_xor_sigmoid", "--dataset xor --loss mse --optimizer sgd --lr 0.5"),
        ("regression_plane", "--dataset plane --loss mse --activation softplus"),
        ("formula_moons", "--dataset moons --activation f(max(0.1*x,x)+0.1*sin(x))"),
        // Dropout draws its masks from our noise stream in the script: step for step too.
        ("dropout_digits", "--dataset digits --layers 32,16 --dropout 0.3"),
        (
            "selu_alpha_dropout",
            "--dataset digits --activation selu --alpha-dropout --dropout 0.2",
        ),
        (
            "conv_same_s2_prelu_dropout",
            "--dataset digits --layers conv8k3same,conv8k3s2same,drop0.25,flatten,32,drop0.5 --activation prelu(0.1) --clip-value 0.5",
        ),
        (
            "conv_pool_selu_alpha",
            "--dataset digits --layers conv6k4same,pool3s2,drop0.2,16 --activation selu --alpha-dropout",
        ),
    ];
    check_step_for_step("export-keras", "keras-replay", &table, STEPS);
}

/// The state the replay file gives the script is our noise stream's: a generator built from it
/// draws what the trainer's noise stream draws (the script's own PCG is checked end to end by the
/// dropout replays above).
#[test]
fn the_replay_noise_state_is_our_noise_stream() {
    use activation_lab::nn::trainer::{noise_stream, noise_stream_state};
    use rand::Rng;
    for seed in [0, 1, 7, u64::MAX] {
        let mut ours = noise_stream(seed);
        let mut rebuilt = rand_pcg::Pcg64Mcg::new(noise_stream_state(seed));
        for _ in 0..1000 {
            assert_eq!(
                ours.random::<f64>().to_bits(),
                rebuilt.random::<f64>().to_bits()
            );
        }
    }
}
