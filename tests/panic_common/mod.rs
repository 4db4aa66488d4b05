//! The JS shim both panic tests use: run a closure that panics (a real bug: index out of
//! bounds) from JS, capturing what reaches console.error and what was thrown.

use wasm_bindgen::prelude::*;
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
pub fn panic_report() -> String {
    let panicking = Closure::<dyn Fn()>::new(|| {
        let v: Vec<u8> = Vec::new();
        std::hint::black_box(v[std::hint::black_box(3)]);
    });
    let report = call_capturing_console_error(&panicking);
    // The closure's wasm frame was abandoned by the trap; leak it rather than drop it.
    std::mem::forget(panicking);
    report
}
