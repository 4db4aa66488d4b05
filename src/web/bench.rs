//! Entry points for the browser benchmark (benches/browser): whole training epochs, timed by the
//! bench page with `performance.now()` (its kernel timing is `kernel_bench.rs`, shared with the
//! page). Nothing here is used by the product page.

use std::sync::Arc;

use wasm_bindgen::prelude::*;

use super::js_err;
use crate::data::images::{parse_images, ImageSource};
use crate::data::{Split, TwoD};
use crate::nn::{TrainConfig, Trainer};

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
