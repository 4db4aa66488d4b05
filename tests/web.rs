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

#[wasm_bindgen_test]
fn page_api_parses_serialises_and_exports() {
    let page = web::Page::from_hash("#fn=elu,tanh&elu.alpha=0.5&deriv=0").expect("valid hash");
    let again = web::Page::from_hash(&page.hash()).expect("round trip");
    assert_eq!(again.hash(), page.hash());
    assert!(page.hash().contains("elu.alpha=0.5"));
    assert!(web::Page::from_hash("fn=<img src=x onerror=alert(1)>").is_err());
    let svg = page.svg(600, 400, false).expect("svg renders");
    assert!(svg.starts_with("<svg") && svg.contains("<polyline"));
    assert_eq!(page.csv(11).lines().count(), 12);
    assert!(
        page.readout_at_x(0.5).is_none(),
        "no readout before the first draw"
    );
    assert!(web::catalog_json().contains("\"family\":\"hard_mobile\""));
}
