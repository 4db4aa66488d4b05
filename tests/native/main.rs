//! The native integration tests, one test binary: each file here was its own binary (tests/*.rs),
//! and cargo compiled and linked ≈ 75 of them against the whole crate on every change, most of
//! `cargo test`'s build time. Kept apart in tests/: the wasm tests (web*.rs), hardening_memory.rs
//! (its own global allocator counts the process's allocations) and the two release-speed files
//! `make cnn-accuracy` and `make keras-article` build in the `accuracy` profile.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../activation_common/mod.rs"]
mod activation_common;
#[path = "../export_pytorch_common/mod.rs"]
mod export_pytorch_common;
#[path = "../svg_common/mod.rs"]
mod svg_common;

/// Runs the CLI binary with `args` (the cli_* files' one way to call it).
fn run_cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .args(args)
        .output()
        .expect("run activation-lab")
}

mod activation_derivatives;
mod activation_gelu_tanh_tail;
mod activation_info;
mod activation_params;
mod activation_props;
mod activation_reference;
mod cli_conv;
mod cli_eval;
mod cli_list;
mod cli_model;
mod cli_plot;
mod cli_traces_svg;
mod compare_parallel;
mod data_boundary;
mod data_csv;
mod data_csv_proptest;
mod data_images;
mod data_multiclass;
mod data_pad;
mod data_points;
mod data_split;
mod data_toy;
mod data_user;
mod embed_widget;
mod experiment_cli;
mod experiment_probes;
mod export_keras;
mod export_keras_replay;
mod export_pytorch;
mod export_pytorch_replay;
mod formula_derivative;
mod formula_parse;
mod formula_proptest;
mod hardening_config;
mod hardening_state;
mod metrics;
mod model_page;
mod newcomer_core;
mod nn_build_caps;
mod nn_conv_gradcheck;
mod nn_conv_kernels;
mod nn_conv_maps;
mod nn_conv_train;
mod nn_convergence;
mod nn_diagnose;
mod nn_formula;
mod nn_golden_traces;
mod nn_gradcheck;
mod nn_histogram;
mod nn_layer_syntax;
mod nn_loss_as_written;
mod nn_loss_choice;
mod nn_model_file;
mod nn_model_versions;
mod nn_residual;
mod nn_schedule;
mod nn_trainer;
mod nn_unit_maps;
mod notes_json;
mod plot;
mod plot_article;
mod plot_conv_maps;
mod plot_legend;
mod plot_network;
mod plot_robust;
mod plot_train;
mod state;
mod state_formula;
mod tools_stages;
mod training;
mod training_defaults;
mod training_layer_editor;
mod training_layers;
mod training_misclassified;
mod training_presets;
