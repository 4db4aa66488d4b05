//! Control for tests/web_panic.rs: with Rust's default panic hook a panic in the wasm is lost
//! (nothing reaches the console but a bare trap), so the message web_panic.rs sees really comes
//! from the hook the crate installs. One panic per test binary: a panic poisons the instance.
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
