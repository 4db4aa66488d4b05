//! "Export as Keras": the training setup as a standalone Keras 3 script — the MNIST article's own
//! framework, on torch, JAX or TensorFlow (`--backend`). Same layers, activations (the article's
//! tanh GELU passed as a function), initialisers, loss head, optimizer with our clipping, L1/L2,
//! dropout (AlphaDropout in SELU nets), batch size, epochs and seed; `--replay` starts from our
//! initial weights and follows our batch order, learning rates and dropout masks step for step;
//! `--save-model` writes our model file.
//!
//! Where Keras's defaults differ from our trainer the script says so and matches ours: Adam's ε is
//! added to √v̂ in torch's place (Keras adds it to √v before the bias correction, and defaults to
//! 1e-7), momentum follows torch's rule, glorot/he/lecun *normal* are untruncated (Keras truncates
//! at 2σ), losses are computed from the logits (Keras on torch clips probabilities at 1e-7) except
//! the article's as-written loss, which is Keras's own `binary_crossentropy` on a softmax layer.

use super::script::{
    self, dense_rows, image_block, param, py_float32, shape_py, ImageLayer, ImagePart,
};
use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::nn::{DropoutKind, Head, Init, Optimizer, TrainConfig};

pub use super::script::DataChoice;

/// Python expression building the Keras layer that applies activation `a` after a dense layer
/// (or a conv layer: `conv`; PReLU then learns one slope per filter).
fn activation_layer(a: &Activation, per_unit: bool, conv: bool) -> Result<String> {
    let p = |k: &str| param(a, k);
    let f = |expr: &str| format!("keras.layers.Activation(lambda x: {expr})");
    let named = |name: &str| format!("keras.layers.Activation({name:?})");
    Ok(match a.name() {
        "identity" => named("linear"),
        "sigmoid" | "tanh" | "relu" | "selu" | "relu6" | "silu" | "softsign" | "mish" => {
            named(a.name())
        }
        // The string "gelu" is the exact (erf) GELU in Keras 3, as ours.
        "gelu" => named("gelu"),
        // The article's own function: a string would give the exact GELU instead.
        "gelu_tanh" => "keras.layers.Activation(gelu_tanh)".into(),
        "hardsigmoid" => named("hard_sigmoid"),
        "hardswish" => named("hard_silu"),
        "logsigmoid" => named("log_sigmoid"),
        "tanhshrink" => named("tanh_shrink"),
        // Keras's leaky_relu defaults to slope 0.2 (its LeakyReLU layer to 0.3): always explicit.
        "leaky_relu" => f(&format!(
            "keras.activations.leaky_relu(x, negative_slope={})",
            p("negative_slope")
        )),
        "prelu" => {
            let shared = match (conv, per_unit) {
                (true, _) => "[1, 2]",
                (false, true) => "None",
                (false, false) => "[1]",
            };
            format!(
                "TorchPReLU(alpha_initializer=keras.initializers.Constant({}), shared_axes={shared})",
                p("init")
            )
        }
        "rrelu" => format!("RReLU({}, {})", p("lower"), p("upper")),
        "elu" => f(&format!("keras.activations.elu(x, alpha={})", p("alpha"))),
        "celu" => f(&format!("keras.activations.celu(x, alpha={})", p("alpha"))),
        "hardtanh" => f(&format!("ops.clip(x, {}, {})", p("min_val"), p("max_val"))),
        "swish" => f(&format!("x * ops.sigmoid({} * x)", p("beta"))),
        "softplus" => {
            let (b, t) = (p("beta"), p("threshold"));
            f(&format!(
                "ops.where(x * {b} > {t}, x, ops.softplus(x * {b}) / {b})"
            ))
        }
        "softshrink" => f(&format!(
            "keras.activations.soft_shrink(x, threshold={})",
            p("lambd")
        )),
        "hardshrink" => f(&format!(
            "keras.activations.hard_shrink(x, threshold={})",
            p("lambd")
        )),
        "arctan" => f("ops.arctan(x)"),
        // The exponential branches are clamped to x ≤ 0 so the unused side of `where` cannot
        // overflow and turn the gradient into NaN.
        "elish" => f("ops.where(x >= 0, x, ops.expm1(ops.minimum(x, 0.0))) * ops.sigmoid(x)"),
        "hard_elish" => f(
            "ops.where(x >= 0, x, ops.expm1(ops.minimum(x, 0.0))) * ops.clip((x + 1) / 2, 0.0, 1.0)",
        ),
        "squareplus" => f(&format!("keras.activations.squareplus(x, b={})", p("b"))),
        "bent_identity" => f("(ops.sqrt(x * x + 1) - 1) / 2 + x"),
        "sin" => f("ops.sin(x)"),
        "gaussian" => f("ops.exp(-x * x)"),
        "custom" => {
            let formula = a.formula().expect("custom activations carry a formula");
            format!(
                "keras.layers.Activation(lambda x: {})  # f(x) = {}",
                formula.to_keras("x"),
                formula.source().replace('\n', " ")
            )
        }
        other => {
            return Err(Error::text(
                format!("`{other}` has no Keras export yet"),
                format!("`{other}` 还不能导出为 Keras"),
            ))
        }
    })
}

/// Python expression of a Keras initializer equal to our `init` (Keras's own `*_normal` ones
/// truncate at 2σ; ours, as torch's, do not).
fn init_expr(init: Init) -> &'static str {
    match init {
        Init::GlorotUniform => "\"glorot_uniform\"",
        Init::GlorotNormal => {
            "keras.initializers.VarianceScaling(1.0, \"fan_avg\", \"untruncated_normal\")"
        }
        Init::HeUniform => "\"he_uniform\"",
        Init::HeNormal => "keras.initializers.VarianceScaling(2.0, \"fan_in\", \"untruncated_normal\")",
        Init::LecunNormal => {
            "keras.initializers.VarianceScaling(1.0, \"fan_in\", \"untruncated_normal\")  # lecun_normal"
        }
    }
}

/// A `FRONT`/`HIDDEN` line's trailing `# …` comment must not swallow the row's closing
/// parenthesis: comments go on the line after.
fn split_comment(expr: &str) -> (&str, Option<&str>) {
    match expr.split_once("  # ") {
        Some((e, c)) => (e, Some(c)),
        None => (expr, None),
    }
}

/// `    row,` plus the comments of its pieces on the lines above.
fn row_with_comments(row: String, pieces: &[&str]) -> String {
    let mut out = String::new();
    for c in pieces.iter().filter_map(|p| split_comment(p).1) {
        out.push_str(&format!("    # {c}\n"));
    }
    out + &row
}

/// One `HIDDEN` row per hidden dense layer — (in, out, activation factory, init factory,
/// dropout rate) — and the output layer's fan-in.
fn hidden_rows(config: &TrainConfig, t: &script::Target) -> Result<(Vec<String>, usize)> {
    let (rows, fan_in) = dense_rows(config, t, "Keras")?;
    let rows = rows
        .iter()
        .map(|r| {
            let act = activation_layer(&r.activation, config.prelu_per_unit, false)?;
            let init = init_expr(r.init);
            let row = format!(
                "    ({}, {}, lambda: {}, lambda: {}, {}),",
                r.inputs,
                r.units,
                split_comment(&act).0,
                split_comment(init).0,
                py_float32(r.dropout)
            );
            Ok(row_with_comments(row, &[&act, init]))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((rows, fan_in))
}

/// The image part's `FRONT` rows.
fn front_rows(image: &ImagePart) -> Result<Vec<String>> {
    image
        .layers
        .iter()
        .map(|layer| {
            Ok(match layer {
                ImageLayer::Conv(c) => {
                    let act = activation_layer(&c.activation, true, true)?;
                    let init = init_expr(c.init);
                    let [left, right, top, bottom] = c.pad;
                    let row = format!(
                        "    conv({}, {}, {}, stride={}, pad=({left}, {right}, {top}, {bottom}), \
                         same={}, activation=lambda: {}, init=lambda: {}, shapes=({}, {})),",
                        c.c_in,
                        c.filters,
                        c.kernel,
                        c.stride,
                        if c.same { "True" } else { "False" },
                        split_comment(&act).0,
                        split_comment(init).0,
                        shape_py(c.input),
                        shape_py(c.output),
                    );
                    row_with_comments(row, &[&act, init])
                }
                ImageLayer::Pool { size, stride } => format!("    pool({size}, stride={stride}),"),
                ImageLayer::Dropout { rate, kind } => format!(
                    "    dropout(rate={}, alpha={}),",
                    py_float32(*rate),
                    if *kind == DropoutKind::Alpha {
                        "True"
                    } else {
                        "False"
                    }
                ),
            })
        })
        .collect()
}

/// The script's optimizer line: Keras's class where its rule is ours, else a subclass with ours.
fn optimizer_expr(config: &TrainConfig) -> String {
    let lr = py_float32(config.lr);
    match config.optimizer {
        Optimizer::Sgd => format!("LabSGD(learning_rate={lr}, **clipping())"),
        Optimizer::Momentum { momentum, nesterov } => format!(
            "LabSGD(learning_rate={lr}, momentum={}, nesterov={}, **clipping())",
            py_float32(momentum),
            if nesterov { "True" } else { "False" }
        ),
        Optimizer::Adam { beta1, beta2, eps } => format!(
            "TorchAdam(learning_rate={lr}, beta_1={}, beta_2={}, epsilon={}, **clipping())",
            py_float32(beta1),
            py_float32(beta2),
            py_float32(eps)
        ),
    }
}

/// The head's Python: output activation, loss, metrics and how labels are encoded.
fn head_block(head: Head) -> &'static str {
    match head {
        Head::Softmax => {
            "HEAD = \"softmax\"\nOUTPUT_ACTIVATION = None  # logits: the loss takes them (from_logits)\n\
             LOSS = keras.losses.CategoricalCrossentropy(from_logits=True)\n\
             METRICS = lambda: [keras.metrics.CategoricalAccuracy(name=\"acc\")]\nONE_HOT = True\n"
        }
        Head::SoftmaxBce => {
            "HEAD = \"softmax_bce\"\n\
             # The MNIST article as written: loss='binary_crossentropy' on its softmax layer. Keras 2\n\
             # reported metrics=['accuracy'] for it as binary accuracy over the 10 outputs (0.90 for a\n\
             # net that is at chance); both are reported here.\n\
             OUTPUT_ACTIVATION = \"softmax\"\nLOSS = keras.losses.BinaryCrossentropy()\n\
             METRICS = lambda: [keras.metrics.CategoricalAccuracy(name=\"acc\"), keras.metrics.BinaryAccuracy(name=\"binary_acc\")]\n\
             ONE_HOT = True\n"
        }
        Head::SigmoidBce => {
            "HEAD = \"bce\"\nOUTPUT_ACTIVATION = None  # one logit: the loss takes it (from_logits)\n\
             LOSS = keras.losses.BinaryCrossentropy(from_logits=True)\n\
             METRICS = lambda: [keras.metrics.BinaryAccuracy(name=\"acc\", threshold=0.0)]\nONE_HOT = False\n"
        }
        Head::SigmoidMse => {
            "HEAD = \"sigmoid_mse\"\nOUTPUT_ACTIVATION = \"sigmoid\"\nLOSS = keras.losses.MeanSquaredError()\n\
             METRICS = lambda: [keras.metrics.BinaryAccuracy(name=\"acc\")]\nONE_HOT = False\n"
        }
        Head::Mse => {
            "HEAD = \"mse\"\nOUTPUT_ACTIVATION = None\nLOSS = keras.losses.MeanSquaredError()\n\
             METRICS = lambda: [keras.metrics.CategoricalAccuracy(name=\"acc\")] if TASK[\"kind\"] == \"classification\" else []\n\
             ONE_HOT = TASK[\"kind\"] == \"classification\"\n"
        }
    }
}

/// The script for `config` on `data`. Errors are the core's validation messages.
pub fn keras_script(config: &TrainConfig, data: &DataChoice) -> Result<String> {
    keras_script_with_replay(config, data, None)
}

/// [`keras_script`] that, given the file name of a replay document (`export::replay`, written
/// next to the script), starts from our initial weights and follows our trainer step for step.
pub fn keras_script_with_replay(
    config: &TrainConfig,
    data: &DataChoice,
    replay_file: Option<&str>,
) -> Result<String> {
    let t = script::target(config, data, "Keras")?;
    let (image, front, _) = script::network(config, &t, "Keras", front_rows)?;
    let (layers, _) = hidden_rows(config, &t)?;
    let out_init = init_expr(config.init.unwrap_or(Init::GlorotUniform));
    let mut script = script::opening(config, data, &t, replay_file, &KERAS)?;
    script.push_str(head_block(t.head));
    script.push_str(&format!(
        r#"DROPOUT_ALPHA = {alpha}  # AlphaDropout after the dense layers (the article's SELU branch)
HAS_RRELU = {rrelu}

{image_block}
# (in, out, activation layer, kernel initializer, dropout rate) per hidden dense layer
HIDDEN = [
{layers}
]
OUTPUT_INIT = lambda: {out_init}


def make_optimizer():
    return {optimizer}
"#,
        alpha = if config.dropout_kind == DropoutKind::Alpha {
            "True"
        } else {
            "False"
        },
        rrelu = if config.activations.iter().any(|a| a.name == "rrelu") {
            "True"
        } else {
            "False"
        },
        image_block = image_block(image.as_ref(), &front),
        layers = layers.join("\n"),
        out_init = split_comment(out_init).0,
        optimizer = optimizer_expr(config),
    ));
    script.push_str(MAIN);
    Ok(script)
}

const KERAS: script::Framework = script::Framework {
    name: "Keras 3",
    usage: USAGE,
    prelude: PRELUDE,
    wrap_data: "",
};

const USAGE: &str = "Run (needs keras >= 3, numpy and one backend: torch, jax or tensorflow; see docs/export.md):
  python3 this_script.py [--backend torch|jax|tensorflow] [--epochs N] [--data-dir DIR] [--save-model FILE]
Same layers, activations, initialisers, loss, optimizer (with activation-lab's clipping), L1/L2,
dropout, batch size and seed as the tab; Keras's random streams differ, so numbers match in
behaviour, not bit for bit -- unless the script was exported with --replay: then it starts from our
initial weights and follows our data, batch order, learning rates and dropout masks step for step.";

/// The backend choice (before keras is imported), imports and the script's Keras classes.
const PRELUDE: &str = r#"
import argparse
import gzip
import json
import math
import os
import struct
import sys

import numpy as np


def _backend():
    """--backend (or $KERAS_BACKEND, else torch): Keras reads it when it is first imported."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--backend", choices=["torch", "jax", "tensorflow"], default=None)
    chosen = pre.parse_known_args()[0].backend or os.environ.get("KERAS_BACKEND") or "torch"
    os.environ["KERAS_BACKEND"] = chosen
    return chosen


BACKEND = _backend()
try:
    import keras
    from keras import ops
except ImportError as e:
    raise SystemExit(f"Keras on the {BACKEND} backend cannot load ({e}); pip install keras {BACKEND}")
if keras.backend.backend() != BACKEND:
    raise SystemExit(f"keras was already imported with the {keras.backend.backend()} backend, not {BACKEND}")


def gelu_tanh(x):
    """The MNIST article's GELU, passed to Keras as a function: in Keras 3 the string 'gelu' is the
    exact (erf) GELU, and the article's custom-object registration no longer applies."""
    return 0.5 * x * (1 + ops.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * ops.power(x, 3))))


class TorchPReLU(keras.layers.PReLU):
    """PReLU with torch's (and activation-lab's) slope at exactly 0: alpha. Keras writes it as
    relu(x) - alpha relu(-x), whose slope at 0 is 0; a conv layer over an image's blank border with
    zero biases has x = 0 exactly, so the difference shows from the second step of a replay."""

    def call(self, x):
        return ops.where(x > 0, x, self.alpha * x)


class RReLU(keras.layers.Layer):
    """torch's RReLU: a random negative slope in [lower, upper] per value while training, their
    mean otherwise (Keras has no such layer)."""

    def __init__(self, lower, upper, **kwargs):
        super().__init__(**kwargs)
        self.lower, self.upper = lower, upper
        self.seed = keras.random.SeedGenerator(SEED)

    def call(self, x, training=False):
        if training:
            slope = keras.random.uniform(ops.shape(x), self.lower, self.upper, seed=self.seed)
        else:
            slope = (self.lower + self.upper) / 2
        return ops.where(x >= 0, x, x * slope)


class NoiseStream:
    """activation-lab's training-noise stream (rand_pcg's Mcg128Xsl64 from the replay's
    `noise_state`): one uniform f64 per dropout value, layer after layer in forward order, so a
    replay drops the units our trainer dropped. 128-bit products in 32-bit limbs, vectorised."""

    M = 0x2360ED051FC65DA44385DF649FCCF645

    def __init__(self, state):
        self.state, self.offsets, self.powers, self.u, self.rows = int(state), [0], None, None, 0

    def set_widths(self, widths):
        self.offsets = np.cumsum([0] + widths).tolist()

    @staticmethod
    def limbs(v):
        return np.array([(v >> (32 * i)) & 0xFFFFFFFF for i in range(4)], dtype=np.uint64).reshape(4, 1)

    @staticmethod
    def mul(a, b):
        """a * b mod 2^128 for (4, n) limb arrays (b may be (4, 1))."""
        acc = [np.zeros(np.broadcast(a[0], b[0]).shape, np.uint64) for _ in range(4)]
        for i in range(4):
            for j in range(4 - i):
                p = a[i] * b[j]
                acc[i + j] += p & np.uint64(0xFFFFFFFF)
                if i + j + 1 < 4:
                    acc[i + j + 1] += p >> np.uint64(32)
        carry = np.uint64(0)
        for k in range(4):
            acc[k] = acc[k] + carry
            carry = acc[k] >> np.uint64(32)
            acc[k] &= np.uint64(0xFFFFFFFF)
        return np.stack(acc)

    def power_table(self, n):
        """M^1 .. M^n as limbs (grown by doubling, kept for the next step)."""
        if self.powers is None:
            self.powers = self.limbs(self.M)
        while self.powers.shape[1] < n:
            k = self.powers.shape[1]
            self.powers = np.concatenate([self.powers, self.mul(self.powers, self.limbs(pow(self.M, k, 1 << 128)))], 1)
        return self.powers[:, :n]

    def begin_step(self, rows):
        """Draws this step's uniforms: `rows` samples times every dropout layer's width."""
        n = rows * self.offsets[-1]
        self.rows = rows
        if n == 0:
            return
        s = self.mul(self.power_table(n), self.limbs(self.state))
        hi, lo = (s[3] << np.uint64(32)) | s[2], (s[1] << np.uint64(32)) | s[0]
        x, rot = hi ^ lo, s[3] >> np.uint64(26)
        x = (x >> rot) | (x << ((np.uint64(64) - rot) & np.uint64(63)))
        self.u = (x >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
        self.state = self.state * pow(self.M, n, 1 << 128) % (1 << 128)

    def uniforms(self, layer):
        return self.u[self.offsets[layer] * self.rows:self.offsets[layer + 1] * self.rows]


class LabDropout(keras.layers.Layer):
    """Dropout (AlphaDropout with `alpha`) whose training masks come from activation-lab's noise
    stream (replay only): the same values drop in both engines, so even the article's CNN with
    its two dropout layers replays step for step."""

    def __init__(self, rate, alpha, noise, index, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.alpha, self.noise, self.index = rate, alpha, noise, index
        if alpha:  # SELU's saturation value and the affine map restoring mean 0, variance 1
            a_prime = -1.0507009873554804934193349852946 * 1.6732632423543772848170429916717
            q = 1.0 - rate
            a = (q + a_prime * a_prime * q * rate) ** -0.5
            b = -a * rate * a_prime
            self.a, self.b, self.dropped = np.float32(a), np.float32(b), np.float32(a * a_prime + b)
        else:
            self.scale = np.float32(1.0 / (1.0 - rate))

    def call(self, x, training=False):
        if not training or x.shape[0] is None:
            return x
        keep = ops.convert_to_tensor(self.noise.uniforms(self.index).reshape(tuple(x.shape)) >= self.rate)
        if self.alpha:
            return ops.where(keep, x * self.a + self.b, self.dropped)
        return ops.where(keep, x * self.scale, 0.0)


def clipping():
    """Keras takes one of clipvalue / global_clipnorm; with both, OurClipping does the two."""
    if CLIP_VALUE is not None and CLIP_NORM is None:
        return {"clipvalue": CLIP_VALUE}
    if CLIP_NORM is not None and CLIP_VALUE is None:
        return {"global_clipnorm": CLIP_NORM}
    return {}


class OurClipping:
    """activation-lab's order when both are set: each component to +-CLIP_VALUE, then the whole
    gradient rescaled to global norm <= CLIP_NORM."""

    def _clip_gradients(self, grads):
        if CLIP_VALUE is None or CLIP_NORM is None:
            return super()._clip_gradients(grads)
        grads = [ops.clip(g, -CLIP_VALUE, CLIP_VALUE) for g in grads]
        norm = ops.sqrt(sum(ops.sum(ops.square(g)) for g in grads))
        scale = ops.where(norm > CLIP_NORM, CLIP_NORM / norm, 1.0)
        return [g * ops.cast(scale, g.dtype) for g in grads]


class TorchAdam(OurClipping, keras.optimizers.Adam):
    """Adam as activation-lab (and torch) update: p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
    Keras's own Adam adds eps to sqrt(v) before the bias correction (and defaults to 1e-7), which
    is an effective eps that changes with the step: the first steps differ where sqrt(v) is tiny."""

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr, g = ops.cast(learning_rate, dtype), ops.cast(gradient, dtype)
        # The betas as float32, as ours: 1 - b is then exact, and the bias corrections use the same
        # numbers as the moments (1 - 0.999 in float64 is 1.3e-5 away from 1 - float32(0.999)).
        b1, b2 = float(np.float32(self.beta_1)), float(np.float32(self.beta_2))
        t = ops.cast(self.iterations + 1, dtype)
        bc1 = 1 - ops.power(ops.cast(b1, dtype), t)
        bc2 = 1 - ops.power(ops.cast(b2, dtype), t)
        m = self._momentums[self._get_variable_index(variable)]
        v = self._velocities[self._get_variable_index(variable)]
        self.assign(m, ops.add(ops.multiply(m, b1), ops.multiply(g, 1 - b1)))
        self.assign(v, ops.add(ops.multiply(v, b2), ops.multiply(ops.square(g), 1 - b2)))
        denominator = ops.add(ops.divide(ops.sqrt(v), ops.sqrt(bc2)), self.epsilon)
        self.assign_sub(variable, ops.divide(ops.multiply(m, lr / bc1), denominator))


class LabSGD(OurClipping, keras.optimizers.SGD):
    """SGD; with momentum torch's rule v = mu v + g, p -= lr v (Nesterov: p -= lr (g + mu v)).
    Keras keeps lr inside its velocity, which differs once the learning rate changes (schedules)."""

    def update_step(self, gradient, variable, learning_rate):
        lr, g = ops.cast(learning_rate, variable.dtype), ops.cast(gradient, variable.dtype)
        if self.momentum == 0:
            self.assign_sub(variable, ops.multiply(g, lr))
            return
        v = self.momentums[self._get_variable_index(variable)]
        self.assign(v, ops.add(ops.multiply(v, self.momentum), g))
        step = ops.add(g, ops.multiply(v, self.momentum)) if self.nesterov else v
        self.assign_sub(variable, ops.multiply(step, lr))
"#;

/// Building, training, evaluating, replaying and saving the model.
const MAIN: &str = r#"

def regularizer():
    """activation-lab's L1/L2 on conv and dense kernels (l1 |w| + l2/2 w^2: Keras's L2 has no 1/2)."""
    if L1 == 0 and L2 == 0:
        return None
    return keras.regularizers.L1L2(l1=L1, l2=L2 / 2)


def build_model(noise=None):
    """The network as a functional model, and its (layer, activation layer) pairs: conv layers,
    then dense layers (the output layer last, without), for loading and saving weights. With
    `noise` (a replay), dropout layers take activation-lab's masks."""
    inputs = keras.Input(shape=(FEATURES,))
    x, convs, dense, widths = inputs, [], [], []

    def drop(rate, alpha, width):
        if rate <= 0:
            return None
        if noise is not None:
            widths.append(width)
            return LabDropout(rate, alpha, noise, len(widths) - 1)
        return keras.layers.AlphaDropout(rate) if alpha else keras.layers.Dropout(rate)

    if IMAGE is not None:
        x = keras.layers.Reshape(IMAGE)(x)  # our rows are HWC: Keras's channels_last as they are
        for row in FRONT:
            if row["kind"] == "conv":
                layer = keras.layers.Conv2D(row["filters"], row["kernel"], strides=row["stride"],
                                            padding="same" if row["same"] else "valid",
                                            kernel_initializer=row["init"](), kernel_regularizer=regularizer())
                act = row["activation"]()
                x = act(layer(x))
                convs.append((layer, act))
            elif row["kind"] == "pool":
                x = keras.layers.MaxPooling2D(row["size"], strides=row["stride"])(x)
            else:
                x = drop(row["rate"], row["alpha"], int(np.prod(x.shape[1:])))(x)
        x = keras.layers.Flatten()(x)
    for _, units, activation, init, rate in HIDDEN:
        layer = keras.layers.Dense(units, kernel_initializer=init(), kernel_regularizer=regularizer())
        act = activation()
        x = act(layer(x))
        dense.append((layer, act))
        d = drop(rate, DROPOUT_ALPHA, units)
        if d is not None:
            x = d(x)
    out = keras.layers.Dense(OUTPUTS, activation=OUTPUT_ACTIVATION, kernel_initializer=OUTPUT_INIT(),
                             kernel_regularizer=regularizer())
    dense.append((out, None))
    model = keras.Model(inputs, out(x))
    if noise is not None:
        noise.set_widths(widths)
    model.compile(optimizer=make_optimizer(), loss=LOSS, metrics=METRICS(),
                  run_eagerly=noise is not None and BACKEND != "torch")
    return model, convs, dense


def targets(y):
    """Our labels as the loss takes them: one-hot rows, or one column (two classes, regression)."""
    if ONE_HOT:
        return np.eye(OUTPUTS, dtype=np.float32)[y]
    return y.astype(np.float32).reshape(-1, 1)


def hits(out, y):
    """(correct, binary) of a chunk's outputs: the categorical count as our trainer's, and the
    outputs on the right side of 0.5 over OUTPUTS (Keras's binary accuracy, the as-written head)."""
    if TASK["kind"] == "regression":
        return float("nan"), 0.0
    if HEAD == "bce":
        return float(((out[:, 0] >= 0) == (y == 1)).sum()), 0.0
    if HEAD == "sigmoid_mse":
        return float(((out[:, 0] >= 0.5) == (y == 1)).sum()), 0.0
    binary = ((out > 0.5) == (targets(y) > 0.5)).sum() / OUTPUTS if HEAD == "softmax_bce" else 0.0
    return float((out.argmax(1) == y).sum()), float(binary)


def evaluate(model, x, y):
    """Mean loss (without the L1/L2 penalty), accuracy and binary accuracy over (x, y) in chunks,
    in inference mode."""
    total, correct, binary = 0.0, 0.0, 0.0
    for start in range(0, len(x), EVAL_CHUNK):
        xb, yb = x[start:start + EVAL_CHUNK], y[start:start + EVAL_CHUNK]
        out = model(xb, training=False)
        total += float(ops.convert_to_numpy(LOSS(targets(yb), out))) * len(xb)
        c, b = hits(ops.convert_to_numpy(out), yb)
        correct += c
        binary += b
    n = max(len(x), 1)
    return total / n, correct / n, binary / n


def penalty(model):
    """The L1/L2 term Keras adds to the loss it reports (activation-lab reports the data loss)."""
    return float(sum(float(ops.convert_to_numpy(l)) for l in model.losses))


def save_model(convs, dense, path, epochs, steps):
    """Writes the weights as activation-lab's model file: Keras's Dense kernels (inputs x outputs)
    and Conv2D kernels (kernel row, kernel column, input channel, filter) are our layouts."""
    def triple(layer, act):
        w, b = layer.get_weights()
        return w, b, act.get_weights()[0] if isinstance(act, keras.layers.PReLU) else None
    write_model_file(path, [triple(*d) for d in dense], [triple(*c) for c in convs], epochs, steps)


def load_initial(convs, dense, initial):
    """Copies a model file's parameters (activation-lab's init) into the model."""
    dense_w, conv_w = initial_arrays(initial)
    for (layer, act), (w, b, a) in list(zip(convs, conv_w)) + list(zip(dense, dense_w)):
        layer.set_weights([w, b])
        if a is not None and isinstance(act, keras.layers.PReLU):
            act.set_weights([a.reshape(act.get_weights()[0].shape)])


def replay_main():
    """Follows activation-lab's run: its initial weights, data, batch order, learning rates and
    (without RReLU) dropout masks. Prints step,loss,lab_loss,rel_diff for the recorded steps."""
    replay = read_replay()
    (x_train, y_train), (x_test, y_test) = replay_arrays(replay)
    noise = NoiseStream(replay["noise_state"]) if "noise_state" in replay and not HAS_RRELU else None
    model, convs, dense = build_model(noise)
    load_initial(convs, dense, replay["initial"])
    ours = replay["losses"]
    steps = ARGS.steps if ARGS.steps is not None else max(len(ours), 1)
    print("step,loss,lab_loss,rel_diff")
    for step, idx, lr in replay_steps(replay, len(x_train), steps):
        if noise is not None:
            noise.begin_step(len(idx))
        model.optimizer.learning_rate = lr
        before = penalty(model)
        logs = model.train_on_batch(x_train[idx], targets(y_train[idx]), return_dict=True)
        replay_row(step, float(logs["loss"]) - before, ours)
    test_loss, test_acc, _ = evaluate(model, x_test, y_test)
    print(f"after {steps} steps: test_loss={test_loss:.9g} test_acc={test_acc:.6f}", flush=True)
    if ARGS.save_model:
        per_epoch = (len(x_train) + replay["batch"] - 1) // replay["batch"]
        save_model(convs, dense, ARGS.save_model, steps // per_epoch, steps)


def main():
    keras.utils.set_random_seed(SEED)
    if REPLAY_FILE is not None and not ARGS.no_replay:
        return replay_main()
    (x_train, y_train), (x_test, y_test) = load_data(SEED)
    model, convs, dense = build_model()
    epochs = ARGS.epochs if ARGS.epochs is not None else EPOCHS
    print(f"training with Keras {keras.__version__} on {BACKEND}", file=sys.stderr, flush=True)
    extra = ",train_binary_acc,test_binary_acc" if HEAD == "softmax_bce" else ""
    print("epoch,train_loss,train_acc,test_loss,test_acc" + extra, flush=True)
    steps = 0
    for epoch in range(1, epochs + 1):
        model.fit(x_train, targets(y_train), batch_size=min(BATCH_SIZE, len(x_train)), epochs=1,
                  shuffle=True, verbose=0)
        steps += -(-len(x_train) // BATCH_SIZE)
        row, binary = [epoch], []
        for x, y in ((x_train, y_train), (x_test, y_test)):
            loss, acc, b = evaluate(model, x, y)
            row += [f"{loss:.9g}", f"{acc:.4f}"]
            binary.append(f"{b:.4f}")
        print(",".join(map(str, row + (binary if extra else []))), flush=True)
    if ARGS.save_model:
        save_model(convs, dense, ARGS.save_model, epochs, steps)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["torch", "jax", "tensorflow"], default=None,
                        help="Keras backend (default: $KERAS_BACKEND, else torch)")
    parser.add_argument("--epochs", type=int, default=None, help="override the exported epoch count")
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"),
                        help="folder holding the data/*.bin[.gz] files, or the full MNIST in torchvision's "
                             "layout (DIR/MNIST/raw/train-images-idx3-ubyte[.gz] ...)")
    parser.add_argument("--save-model", metavar="FILE", default=None,
                        help="write the trained weights as an activation-lab model file (opens in the page)")
    parser.add_argument("--steps", type=int, default=None, help="replay: steps to run (default: those recorded)")
    parser.add_argument("--no-replay", action="store_true", help="ignore the replay file; train normally")
    ARGS = parser.parse_args()
    main()
"#;
