//! Control for tests/web_panic.rs: with Rust's default panic hook a panic in the wasm is lost
//! (nothing reaches the console but a bare trap), so the message web_panic.rs sees really comes
//! from the hook the crate installs. One panic per test binary: a panic poisons the instance.
#![cfg(target_arch = "wasm32")]

mod panic_common;
use panic_common::panic_report;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn without_the_hook_a_panic_is_only_a_bare_trap() {
    drop(std::panic::take_hook());
    let report = panic_report();
    assert!(
        !report.contains("index out of bounds"),
        "the default hook should not reach the console: {report}"
    );
    assert!(
        report.contains("unreachable") || report.contains("RuntimeError"),
        "{report}"
    );
}
