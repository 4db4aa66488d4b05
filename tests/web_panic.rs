//! A Rust panic inside the wasm is reported (by console_error_panic_hook, installed by the crate's
//! start function) instead of being swallowed as a bare "unreachable" trap. Its own test binary,
//! because a panic leaves the wasm instance in an undefined state.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function call_capturing_console_error(f) {
  const logged = [];
  const original = console.error;
  console.error = (...args) => logged.push(args.map(String).join(" "));
  let thrown = "";
  try {
    f();
  } catch (e) {
    thrown = String(e);
  } finally {
    console.error = original;
  }
  return JSON.stringify({ logged, thrown });
}
"#)]
extern "C" {
    fn call_capturing_console_error(f: &Closure<dyn Fn()>) -> String;
}

/// Runs a closure that hits a real bug (index out of bounds) from JS, returning what was logged.
fn panic_report() -> String {
    let panicking = Closure::<dyn Fn()>::new(|| {
        let v: Vec<u8> = Vec::new();
        std::hint::black_box(v[std::hint::black_box(3)]);
    });
    let report = call_capturing_console_error(&panicking);
    // The closure's wasm frame was abandoned by the trap; leak it rather than drop it.
    std::mem::forget(panicking);
    report
}

#[wasm_bindgen_test]
fn a_panic_reaches_the_console_with_its_message() {
    // Start from Rust's default hook (what a build without ours would have; its control run is
    // tests/web_panic_control.rs), then install the crate's hook as the page does at start.
    drop(std::panic::take_hook());
    activation_lab::web::start();
    let report = panic_report();
    assert!(
        report.contains("index out of bounds") && report.contains("web_panic.rs"),
        "the panic message and location should be logged: {report}"
    );
    assert!(
        report.contains("unreachable") || report.contains("RuntimeError"),
        "the call should still fail (abort), not return normally: {report}"
    );
}
