//! A Rust panic inside the wasm is reported (by console_error_panic_hook, installed by the crate's
//! start function) instead of being swallowed as a bare "unreachable" trap. Its own test binary,
//! because a panic leaves the wasm instance in an undefined state.
#![cfg(target_arch = "wasm32")]

mod panic_common;
use panic_common::panic_report;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_panic_reaches_the_console_with_its_message() {
    // Start from Rust's default hook (what a build without ours would have; its control run is
    // tests/web_panic_control.rs), then install the crate's hook as the page does at start.
    drop(std::panic::take_hook());
    activation_lab::web::start();
    let report = panic_report();
    assert!(
        report.contains("index out of bounds") && report.contains("panic_common"),
        "the panic message and location should be logged: {report}"
    );
    assert!(
        report.contains("unreachable") || report.contains("RuntimeError"),
        "the call should still fail (abort), not return normally: {report}"
    );
}
