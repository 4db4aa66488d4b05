//! Activation kernels timed in the browser over buffers that live in wasm memory: the browser
//! benchmark (benches/browser, `bench-exports` build) and the page's "measure the cost" action
//! (www/cost-worker.js, which loads the training build) both time `forward`/`backward` with
//! `performance.now()`. Inputs are the core's `timing_inputs`.

use wasm_bindgen::prelude::*;

use super::js_err;
use crate::activation::{timing_inputs, Activation, TIMING_ELEMENTS};
use crate::nn::ActivationSpec;

/// Input, upstream gradient and output buffers for kernel timing.
#[wasm_bindgen]
pub struct KernelBench {
    x: Vec<f32>,
    grad: Vec<f32>,
    out: Vec<f32>,
}

/// Most elements a `KernelBench` may hold (16 × the timed size; 3 buffers of 64 MiB at most).
const MAX_ELEMENTS: usize = 16 * TIMING_ELEMENTS;

/// `relu`, `leaky_relu(0.2)`, `elu(alpha=0.5)` or a formula `f(…)` (default parameters unless
/// given), through the core's one validation path.
fn activation(spec: &str) -> Result<Activation, JsError> {
    ActivationSpec::parse(spec)
        .and_then(|s| s.build())
        .map_err(js_err)
}

#[wasm_bindgen]
impl KernelBench {
    /// `n` elements of the core's timing inputs (1 to 16 M).
    #[wasm_bindgen(constructor)]
    pub fn new(n: usize) -> Result<KernelBench, JsError> {
        if !(1..=MAX_ELEMENTS).contains(&n) {
            return Err(JsError::new(&format!(
                "kernel timing needs 1 to {MAX_ELEMENTS} elements, got {n}"
            )));
        }
        let (x, grad) = timing_inputs(n);
        Ok(KernelBench {
            out: vec![0.0; n],
            x,
            grad,
        })
    }

    /// The elements every timing uses (`TIMING_ELEMENTS`).
    #[wasm_bindgen(js_name = timingElements)]
    pub fn timing_elements() -> usize {
        TIMING_ELEMENTS
    }

    /// A copy of the inputs, for the plain-JS loops to time the same work.
    pub fn inputs(&self) -> Vec<f32> {
        self.x.clone()
    }

    /// A copy of the upstream gradient.
    pub fn upstream(&self) -> Vec<f32> {
        self.grad.clone()
    }

    /// Runs the forward kernel of `spec` `reps` times; returns a checksum element so the work
    /// cannot be skipped.
    pub fn forward(&mut self, spec: &str, reps: u32) -> Result<f32, JsError> {
        let a = activation(spec)?;
        for _ in 0..reps {
            a.forward(&self.x, &mut self.out);
        }
        Ok(self.out[self.out.len() / 3])
    }

    /// Runs the backward kernel of `spec` `reps` times; returns a checksum element.
    pub fn backward(&mut self, spec: &str, reps: u32) -> Result<f32, JsError> {
        let a = activation(spec)?;
        for _ in 0..reps {
            a.backward(&self.x, &self.grad, &mut self.out);
        }
        Ok(self.out[self.out.len() / 3])
    }
}
