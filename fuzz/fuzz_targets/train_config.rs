//! The training-config JSON (`TrainConfig` via serde + `validate`): what the worker, the CLI and
//! saved models read. Properties: never panics; a config that validates serialises to JSON that
//! parses back to an equal, still valid config, and its size check stays within the caps.
#![no_main]

use activation_lab::nn::TrainConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(config) = serde_json::from_slice::<TrainConfig>(data) else {
        return;
    };
    if config.validate().is_err() {
        return;
    }
    let json = serde_json::to_string(&config).expect("a valid config serialises");
    let back: TrainConfig = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("own JSON {json} rejected: {e}"));
    assert_eq!(back, config, "JSON round trip changed the config");
    back.validate().expect("round-tripped config still valid");
    // Sizing never overflows or panics for the largest inputs the page offers (MNIST 784 → 10).
    let _ = config.check_size(784, 10);
});
