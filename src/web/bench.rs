//! Entry points for the browser benchmark (benches/browser): activation kernels over buffers that
//! live in wasm memory, and whole training epochs, both timed by the bench page with
//! `performance.now()`. Nothing here is used by the product page.

use std::sync::Arc;

use wasm_bindgen::prelude::*;

use super::js_err;
use crate::activation::Activation;
use crate::data::images::{parse_images, ImageSource};
use crate::data::{Split, TwoD};
use crate::nn::{TrainConfig, Trainer};

/// Input, upstream gradient and output buffers for the kernel benchmark.
#[wasm_bindgen]
pub struct KernelBench {
    x: Vec<f32>,
    grad: Vec<f32>,
    out: Vec<f32>,
}

#[wasm_bindgen]
impl KernelBench {
    /// n inputs x_i = −8 + 16·frac(i·(√5−1)/2), the same formula as benches/kernels.rs and the
    /// page's plain-JS loops; upstream gradient 0.5 − |x|/16.
    #[wasm_bindgen(constructor)]
    pub fn new(n: usize) -> KernelBench {
        let x: Vec<f32> = (0..n)
            .map(|i| (-8.0 + 16.0 * (i as f64 * 0.618_033_988_749_895).fract()) as f32)
            .collect();
        let grad = x.iter().map(|v| 0.5 - v.abs() / 16.0).collect();
        KernelBench {
            out: vec![0.0; n],
            x,
            grad,
        }
    }

    /// Runs the forward kernel of `name` (default parameters) `reps` times; returns a checksum
    /// element so the work cannot be skipped.
    pub fn forward(&mut self, name: &str, reps: u32) -> Result<f32, JsError> {
        let a = Activation::from_name(name).map_err(js_err)?;
        for _ in 0..reps {
            a.forward(&self.x, &mut self.out);
        }
        Ok(self.out[self.out.len() / 3])
    }

    /// Runs the backward kernel of `name` `reps` times; returns a checksum element.
    pub fn backward(&mut self, name: &str, reps: u32) -> Result<f32, JsError> {
        let a = Activation::from_name(name).map_err(js_err)?;
        for _ in 0..reps {
            a.backward(&self.x, &self.grad, &mut self.out);
        }
        Ok(self.out[self.out.len() / 3])
    }
}

/// A trainer set up exactly like benches/training.rs (ReLU, Adam, lr 0.001) for one of its nets.
#[wasm_bindgen]
pub struct TrainBench {
    trainer: Trainer,
    config: TrainConfig,
    split: Arc<Split>,
}

#[wasm_bindgen]
impl TrainBench {
    /// 2-8-8-1 on the circle set (500 points, half for training), batch `batch`.
    pub fn circle(batch: usize) -> Result<TrainBench, JsError> {
        let split = TwoD::Circle
            .generate_split(500, 0.0, 0.5, 1)
            .map_err(js_err)?;
        Self::build(split, vec![8, 8], batch)
    }

    /// `<source>` (digits or mnist) from its uncompressed image file, one hidden layer.
    pub fn images(
        source: &str,
        bytes: &[u8],
        hidden: usize,
        batch: usize,
    ) -> Result<TrainBench, JsError> {
        let source = ImageSource::from_name(source).map_err(js_err)?;
        let set = parse_images(bytes).map_err(js_err)?;
        let split = source.default_split(&set).map_err(js_err)?;
        Self::build(split, vec![hidden], batch)
    }

    fn build(split: Split, hidden: Vec<usize>, batch: usize) -> Result<TrainBench, JsError> {
        let config = TrainConfig::benchmark(hidden, batch);
        let split = Arc::new(split);
        let trainer = Trainer::new(config.clone(), Arc::clone(&split)).map_err(js_err)?;
        Ok(TrainBench {
            trainer,
            config,
            split,
        })
    }

    /// Training samples per epoch.
    #[wasm_bindgen(js_name = trainLen)]
    pub fn train_len(&self) -> usize {
        self.split.train.len()
    }

    /// One epoch of training steps; returns the samples processed.
    pub fn epoch(&mut self) -> Result<usize, JsError> {
        let steps = self.trainer.steps_per_epoch();
        if self.trainer.step(steps) < steps {
            self.trainer =
                Trainer::new(self.config.clone(), Arc::clone(&self.split)).map_err(js_err)?;
            self.trainer.step(steps);
        }
        Ok(self.split.train.len())
    }
}
