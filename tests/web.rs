//! Browser tests: the wasm API evaluated in headless Chromium (`make browser-test`).
#![cfg(target_arch = "wasm32")]

use activation_lab::web;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn evaluate_through_the_wasm_api() {
    let y = web::evaluate("gelu", 1.0).expect("gelu is in the catalog");
    assert!((y - 0.841_344_746_068_542_9).abs() < 1e-15, "gelu(1) = {y}");
    let d = web::evaluate_derivative("relu", 0.0).expect("relu is in the catalog");
    assert_eq!(d, 0.0, "relu'(0) follows torch");
    assert!(web::evaluate("sigmod", 1.0).is_err());
}
