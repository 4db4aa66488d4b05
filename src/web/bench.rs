//! Entry points for the browser benchmark (benches/browser): whole training epochs, timed by the
//! bench page with `performance.now()` (its kernel timing is `kernel_bench.rs`, shared with the
//! page). Nothing here is used by the product page.

use std::sync::Arc;

use wasm_bindgen::prelude::*;

use super::js_err;
use crate::data::images::{parse_images, ImageSource};
use crate::data::{Split, Task, TwoD};
use crate::experiment::preset;
use crate::nn::{ActivationSpec, TrainConfig, Trainer};

/// A trainer set up exactly like benches/native/benches/training.rs (ReLU, Adam, lr 0.001) for
/// one of its nets.
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

    /// The CNN preset `name` (`small-cnn`, `article-cnn`: the core's layers, batch size, optimizer
    /// and clip value) with ReLU on the MNIST subset, as `training_cnn` in
    /// benches/native/benches/training.rs.
    pub fn cnn(name: &str, mnist_bytes: &[u8]) -> Result<TrainBench, JsError> {
        let p = preset(name).map_err(js_err)?;
        let mut config = (p.variant)(&p.config, &ActivationSpec::named("relu"));
        config.epochs = 10_000;
        let source = ImageSource::from_name(p.dataset).map_err(js_err)?;
        let set = parse_images(mnist_bytes).map_err(js_err)?;
        let split = Arc::new(source.default_split(&set).map_err(js_err)?);
        let trainer = Trainer::new(config.clone(), Arc::clone(&split)).map_err(js_err)?;
        Ok(TrainBench {
            trainer,
            config,
            split,
        })
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

    /// Samples per mini-batch.
    #[wasm_bindgen(js_name = batchSize)]
    pub fn batch_size(&self) -> usize {
        self.config.batch_size
    }

    /// The preset's gradient clip value (Keras `clipvalue`), if any.
    #[wasm_bindgen(js_name = clipValue)]
    pub fn clip_value(&self) -> Option<f32> {
        self.config.clip_value
    }

    /// Floating-point operations of one training sample in the matrix products (forward, weight
    /// and input gradients; `Mlp::training_flops_per_sample`).
    #[wasm_bindgen(js_name = flopsPerSample)]
    pub fn flops_per_sample(&self) -> f64 {
        self.trainer.network().training_flops_per_sample() as f64
    }

    /// `{"input": [height, width, channels], "classes": n, "layers": [...]}` (the core's layer
    /// list), so the bench page builds the same net in the other engines.
    #[wasm_bindgen(js_name = netJson)]
    pub fn net_json(&self) -> Result<String, JsError> {
        let train = &self.split.train;
        let shape = train
            .shape
            .ok_or_else(|| JsError::new("the bench's CNN needs an image data set"))?;
        let classes = match train.task {
            Task::Classification { classes } => classes,
            Task::Regression => return Err(JsError::new("the bench's CNN needs classes")),
        };
        let net = serde_json::json!({
            "input": [shape.height, shape.width, shape.channels],
            "classes": classes,
            "layers": self.config.layers,
        });
        Ok(net.to_string())
    }

    /// Inputs of the first `n` training samples (sample after sample, height × width × channels),
    /// the same batches for the other engines.
    #[wasm_bindgen(js_name = trainInputs)]
    pub fn train_inputs(&self, n: usize) -> Vec<f32> {
        let train = &self.split.train;
        let n = n.min(train.len());
        train.inputs[..n * train.features].to_vec()
    }

    /// Labels of the first `n` training samples.
    #[wasm_bindgen(js_name = trainLabels)]
    pub fn train_labels(&self, n: usize) -> Vec<u32> {
        let train = &self.split.train;
        train.labels[..n.min(train.labels.len())].to_vec()
    }

    /// `k` mini-batches; returns the samples processed.
    pub fn steps(&mut self, k: usize) -> usize {
        self.trainer.step(k) * self.config.batch_size
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
