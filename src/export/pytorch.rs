//! "Export as PyTorch": a standalone Python script that trains the same network as a
//! [`TrainConfig`] — same layers, activation and its parameters, init, loss head, optimizer, L1/L2,
//! clipping, dropout, batch size, epochs and seed — on the same data set (the shipped
//! `data/*.bin[.gz]` file, or the 2-D set regenerated with the same formulas as `data::toy`).
//!
//! Not bit-identical to the tab: torch has its own random streams (init, batch order, the 2-D
//! points), so curves match in shape, not to the last digit. Everything else is a straight
//! translation; the validation is the core's (`TrainConfig::validate`, the catalog, `head_for`).

use super::script::{
    self, dense_rows, image_block, param, py_float32, shape_py, ImageLayer, ImagePart,
};
use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::nn::{DropoutKind, Head, Init, Optimizer, TrainConfig};

pub use super::script::DataChoice;

/// Python expression building the torch module for one hidden layer's activation.
fn activation_module(a: &Activation, units: usize, per_unit: bool) -> Result<String> {
    let p = |k: &str| param(a, k);
    Ok(match a.name() {
        "identity" => "nn.Identity()".into(),
        "sigmoid" => "nn.Sigmoid()".into(),
        "tanh" => "nn.Tanh()".into(),
        "relu" => "nn.ReLU()".into(),
        "leaky_relu" => format!("nn.LeakyReLU(negative_slope={})", p("negative_slope")),
        "prelu" => format!(
            "nn.PReLU(num_parameters={}, init={})",
            if per_unit { units } else { 1 },
            p("init")
        ),
        "rrelu" => format!("nn.RReLU(lower={}, upper={})", p("lower"), p("upper")),
        "elu" => format!("nn.ELU(alpha={})", p("alpha")),
        "celu" => format!("nn.CELU(alpha={})", p("alpha")),
        "selu" => "nn.SELU()".into(),
        "gelu" => "nn.GELU()".into(),
        "gelu_tanh" => "nn.GELU(approximate=\"tanh\")".into(),
        "relu6" => "nn.ReLU6()".into(),
        "hardtanh" => format!(
            "nn.Hardtanh(min_val={}, max_val={})",
            p("min_val"),
            p("max_val")
        ),
        "hardsigmoid" => "nn.Hardsigmoid()".into(),
        "hardswish" => "nn.Hardswish()".into(),
        "silu" => "nn.SiLU()".into(),
        "swish" => format!("Swish(beta={})", p("beta")),
        "mish" => "nn.Mish()".into(),
        "softplus" => format!(
            "nn.Softplus(beta={}, threshold={})",
            p("beta"),
            p("threshold")
        ),
        "softsign" => "nn.Softsign()".into(),
        "logsigmoid" => "nn.LogSigmoid()".into(),
        "tanhshrink" => "nn.Tanhshrink()".into(),
        "softshrink" => format!("nn.Softshrink(lambd={})", p("lambd")),
        "hardshrink" => format!("nn.Hardshrink(lambd={})", p("lambd")),
        // No torch module: a `Lambda` (defined in the script's helpers) around a tensor
        // expression. The exponential branches are clamped to x ≤ 0 so the unused side of
        // `torch.where` cannot overflow and turn the gradient into NaN.
        "arctan" => lambda("arctan", "torch.atan(x)"),
        "elish" => lambda(
            "elish",
            "torch.where(x >= 0, x, torch.expm1(torch.clamp(x, max=0.0))) * torch.sigmoid(x)",
        ),
        "hard_elish" => lambda(
            "hard_elish",
            "torch.where(x >= 0, x, torch.expm1(torch.clamp(x, max=0.0))) \
             * torch.clamp((x + 1) / 2, 0.0, 1.0)",
        ),
        "squareplus" => lambda(
            "squareplus",
            &format!("(x + torch.sqrt(x * x + {})) / 2", p("b")),
        ),
        "bent_identity" => lambda("bent_identity", "(torch.sqrt(x * x + 1) - 1) / 2 + x"),
        "sin" => lambda("sin", "torch.sin(x)"),
        "gaussian" => lambda("gaussian", "torch.exp(-x * x)"),
        "custom" => {
            let f = a.formula().expect("custom activations carry a formula");
            lambda(&format!("f(x) = {}", f.source()), &f.to_torch("x"))
        }
        other => {
            return Err(Error::text(
                format!("`{other}` has no PyTorch export yet"),
                format!("`{other}` 还不能导出为 PyTorch"),
            ))
        }
    })
}

/// A `Lambda` module (see the script helpers) computing `expr` of the tensor `x`.
fn lambda(label: &str, expr: &str) -> String {
    format!("Lambda(lambda x: {expr}, {label:?})")
}

/// Python statement initialising `weight` (fan_in = columns of torch's `out × in` matrix).
fn init_call(init: Init) -> &'static str {
    match init {
        Init::GlorotUniform => "nn.init.xavier_uniform_(layer.weight)",
        Init::GlorotNormal => "nn.init.xavier_normal_(layer.weight)",
        Init::HeUniform => "nn.init.kaiming_uniform_(layer.weight, nonlinearity=\"relu\")",
        Init::HeNormal => "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\")",
        Init::LecunNormal => "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"linear\")",
    }
}

/// Python expression building a dropout module (`nn.Dropout` or, for SELU nets, `nn.AlphaDropout`),
/// or `None` for rate 0.
fn dropout_expr(rate: f32, kind: DropoutKind) -> String {
    if rate <= 0.0 {
        return "None".into();
    }
    match kind {
        DropoutKind::Standard => format!("nn.Dropout(p={})", py_float32(rate)),
        DropoutKind::Alpha => format!("nn.AlphaDropout(p={})", py_float32(rate)),
    }
}

/// One `HIDDEN` row per hidden dense layer — (in, out, activation, init, dropout) — and the
/// output layer's fan-in.
fn hidden_rows(config: &TrainConfig, inputs: usize) -> Result<(Vec<String>, usize)> {
    let (rows, fan_in) = dense_rows(config, inputs)?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(format!(
                "    ({}, {}, lambda: {}, lambda layer: {}, lambda: {}),",
                r.inputs,
                r.units,
                activation_module(&r.activation, r.units, config.prelu_per_unit)?,
                init_call(r.init),
                dropout_expr(r.dropout, config.dropout_kind)
            ))
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
                    let [left, right, top, bottom] = c.pad;
                    format!(
                        "    conv({}, {}, {}, stride={}, pad=({left}, {right}, {top}, {bottom}), \
                         activation=lambda: {}, init=lambda layer: {}, shapes=({}, {})),",
                        c.c_in,
                        c.filters,
                        c.kernel,
                        c.stride,
                        activation_module(&c.activation, c.filters, true)?,
                        init_call(c.init),
                        shape_py(c.input),
                        shape_py(c.output),
                    )
                }
                ImageLayer::Pool { size, stride } => format!("    pool({size}, stride={stride}),"),
                ImageLayer::Dropout { rate, kind } => {
                    format!("    dropout(lambda: {}),", dropout_expr(*rate, *kind))
                }
            })
        })
        .collect()
}

/// The script for `config` on `data`. Errors are the core's validation messages.
pub fn pytorch_script(config: &TrainConfig, data: &DataChoice) -> Result<String> {
    pytorch_script_with_replay(config, data, None)
}

/// [`pytorch_script`] that, given the file name of a replay document (see `export::replay`,
/// written next to the script), starts from our initial weights and follows our trainer step for
/// step.
pub fn pytorch_script_with_replay(
    config: &TrainConfig,
    data: &DataChoice,
    replay_file: Option<&str>,
) -> Result<String> {
    let t = script::target(config, data, "PyTorch")?;
    let (image, front, dense_in) = script::network(config, &t, front_rows)?;
    let (layers, fan_in) = hidden_rows(config, dense_in)?;
    let out_init = init_call(config.init.unwrap_or(Init::GlorotUniform));
    let (loss_fn, head_name) = match t.head {
        Head::SigmoidBce => ("nn.BCEWithLogitsLoss()", "bce"),
        Head::Softmax => ("nn.CrossEntropyLoss()", "softmax"),
        Head::SigmoidMse => ("nn.MSELoss()", "sigmoid_mse"),
        Head::Mse => ("nn.MSELoss()", "mse"),
        Head::SoftmaxBce => ("softmax_bce", "softmax_bce"),
    };
    let lr = py_float32(config.lr);
    let optimizer = match config.optimizer {
        Optimizer::Sgd => format!("torch.optim.SGD(groups, lr={lr})"),
        Optimizer::Momentum { momentum, nesterov } => format!(
            "torch.optim.SGD(groups, lr={lr}, momentum={}, nesterov={})",
            py_float32(momentum),
            if nesterov { "True" } else { "False" }
        ),
        Optimizer::Adam { beta1, beta2, eps } => format!(
            "torch.optim.Adam(groups, lr={lr}, betas=({}, {}), eps={})",
            py_float32(beta1),
            py_float32(beta2),
            py_float32(eps)
        ),
    };
    let mut script = script::opening(config, data, &t, replay_file, &TORCH)?;
    script.push_str(&format!(
        r#"HEAD = {head_name:?}

{image_block}
# (in, out, activation factory, weight init, dropout factory) per hidden dense layer
HIDDEN = [
{layers}
]


def output_layer():
    layer = nn.Linear({fan_in}, OUTPUTS)
    {out_init}
    return layer


def make_optimizer(model):
    # L1 and L2 reach the weight gradients before clipping (regularise_and_clip), as in
    # activation-lab's trainer, so the optimizer itself has no weight decay.
    groups = [{{"params": list(model.parameters()), "weight_decay": 0.0}}]
    return {optimizer}


LOSS = {loss_fn}
"#,
        layers = layers.join("\n"),
        image_block = image_block(image.as_ref(), &front),
    ));
    script.push_str(MAIN);
    Ok(script)
}

const TORCH: script::Framework = script::Framework {
    name: "PyTorch",
    usage: USAGE,
    prelude: PRELUDE,
    wrap_data: "to_torch",
};

const USAGE: &str = "Run (needs torch and numpy; see docs/export.md in the repository):
  python3 this_script.py [--epochs N] [--device auto|cpu|cuda|mps] [--data-dir DIR] [--save-model FILE]
  torchrun --nproc_per_node=N this_script.py ...   (DistributedDataParallel; rank 0 prints and saves)
Same layers, activation, init, loss, optimizer, regularisation, clipping, batch size and seed as
the tab; torch's random streams differ, so numbers match in behaviour, not bit for bit -- unless the
script was exported with --replay: then it starts from our initial weights and follows our data,
batch order and learning rates step for step.";

/// The torch script's imports and modules (the framework-free helpers follow: `script::SHARED_PY`).
const PRELUDE: &str = r#"
import argparse
import gzip
import json
import math
import os
import struct
import sys

import numpy as np
import torch
from torch import nn


class Lambda(nn.Module):
    """An element-wise activation torch has no module for, from a tensor expression."""

    def __init__(self, fn, name):
        super().__init__()
        self.fn = fn
        self.name = name

    def forward(self, x):
        return self.fn(x)

    def extra_repr(self):
        return self.name


def softmax_bce(logits, y):
    """The MNIST article's loss as written: binary cross-entropy of the softmax outputs against the
    one-hot targets, averaged over the outputs (Keras's loss='binary_crossentropy' after a softmax
    layer). From the logits: ln(1 - p_k) is the log-sum-exp of the other logits, so it stays finite."""
    k = logits.shape[1]
    diagonal = torch.eye(k, dtype=torch.bool, device=logits.device)
    others = logits.unsqueeze(1).expand(-1, k, -1).masked_fill(diagonal, float("-inf"))
    total = torch.logsumexp(logits, 1, keepdim=True)
    log_p, log_q = logits - total, torch.logsumexp(others, 2) - total
    return -torch.where(nn.functional.one_hot(y, k).bool(), log_p, log_q).mean()


def T(v):
    """A formula constant as a 0-d tensor, so torch.maximum & co. accept it."""
    return torch.tensor(v, dtype=torch.float32)


class Swish(nn.Module):
    """x * sigmoid(beta * x) with a fixed beta."""

    def __init__(self, beta=1.0):
        super().__init__()
        self.beta = beta

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)


class ToImage(nn.Module):
    """Flat samples (height, width, channels, row by row: activation-lab's HWC layout) -> NCHW."""

    def __init__(self, h, w, c):
        super().__init__()
        self.shape = (h, w, c)

    def forward(self, x):
        return x.reshape(-1, *self.shape).permute(0, 3, 1, 2)


class FlattenHWC(nn.Module):
    """Flatten NCHW feature maps in activation-lab's order (row, column, channel), so the dense
    weights after it are the same numbers in both engines."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).flatten(1)


def to_torch(split):
    """The numpy ((x, y), (x, y)) of the data loaders as torch tensors."""
    return tuple((torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(np.ascontiguousarray(y)))
                 for x, y in split)
"#;

const MAIN: &str = r#"

def image_layers(modules):
    """Appends the image part (FRONT) to `modules`; returns its Conv2d layers and the PReLU module
    (or None) after each."""
    convs, prelu = [], []
    modules.append(ToImage(*IMAGE))
    for row in FRONT:
        if row["kind"] == "conv":
            left, right, top, bottom = row["pad"]
            if (left, top) == (right, bottom):
                layer = nn.Conv2d(row["c_in"], row["filters"], row["kernel"], stride=row["stride"], padding=(top, left))
            else:  # torch pads both sides alike; an odd 'same' padding goes right/bottom first
                modules.append(nn.ZeroPad2d((left, right, top, bottom)))
                layer = nn.Conv2d(row["c_in"], row["filters"], row["kernel"], stride=row["stride"])
            row["init"](layer)
            nn.init.zeros_(layer.bias)
            act = row["activation"]()
            modules += [layer, act]
            convs.append(layer)
            prelu.append(act if isinstance(act, nn.PReLU) else None)
        elif row["kind"] == "pool":
            modules.append(nn.MaxPool2d(row["size"], stride=row["stride"]))
        else:
            modules.append(row["make"]())
    modules.append(FlattenHWC())
    return convs, prelu


def build_model():
    """The network; `model.conv`/`model.dense` list its Conv2d/Linear layers and
    `model.conv_prelu`/`model.prelu` the PReLU module (or None) after each, in order (for loading
    and saving weights)."""
    modules, dense, prelu = [], [], []
    convs, conv_prelu = image_layers(modules) if IMAGE is not None else ([], [])
    for fan_in, units, activation, init, make_dropout in HIDDEN:
        layer = nn.Linear(fan_in, units)
        init(layer)
        nn.init.zeros_(layer.bias)
        act = activation()
        modules += [layer, act]
        dense.append(layer)
        prelu.append(act if isinstance(act, nn.PReLU) else None)
        if make_dropout() is not None:
            modules.append(make_dropout())
    layer = output_layer()
    nn.init.zeros_(layer.bias)
    modules.append(layer)
    dense.append(layer)
    model = nn.Sequential(*modules)
    model.dense, model.prelu, model.conv, model.conv_prelu = dense, prelu, convs, conv_prelu
    return model


def loss_and_correct(model, x, y):
    logits = model(x)
    if HEAD == "bce":
        loss = LOSS(logits.squeeze(1), y.float())
        correct = ((logits.squeeze(1) > 0).long() == y).sum().item()
    elif HEAD == "softmax":
        loss = LOSS(logits, y)
        correct = (logits.argmax(1) == y).sum().item()
    elif HEAD == "softmax_bce":  # the article's loss as written
        loss = LOSS(logits, y)
        correct = (logits.argmax(1) == y).sum().item()
    elif HEAD == "sigmoid_mse":  # squared error on the probability (two classes)
        p = torch.sigmoid(logits.squeeze(1))
        loss = LOSS(p, y.float())
        correct = ((p >= 0.5).long() == y).sum().item()
    elif y.dtype == torch.long:  # MSE on one-hot targets
        loss = LOSS(logits, nn.functional.one_hot(y, OUTPUTS).float())
        correct = (logits.argmax(1) == y).sum().item()
    else:
        loss = LOSS(logits.squeeze(1), y)
        correct = float("nan")
    return loss, correct


def regularise_and_clip(model):
    """activation-lab's order: L1/L2 gradients on the conv and dense weights (not biases or PReLU
    slopes), then
    clip each element to +-CLIP_VALUE, then rescale to global norm <= CLIP_NORM."""
    with torch.no_grad():
        if L1 > 0 or L2 > 0:
            for layer in model.conv + model.dense:
                w = layer.weight
                w.grad.add_(torch.sign(w) * L1 + w * L2)
        grads = [p.grad for p in model.parameters() if p.grad is not None]
        if CLIP_VALUE is not None:
            for g in grads:
                g.clamp_(-CLIP_VALUE, CLIP_VALUE)
        if CLIP_NORM is not None:
            norm = math.sqrt(sum(float(g.double().pow(2).sum()) for g in grads))
            if norm > CLIP_NORM:
                scale = float(np.float32(CLIP_NORM / norm))
                for g in grads:
                    g.mul_(scale)


def train_step(model, net, optimizer, x, y, lr=None):
    """One mini-batch; returns its mean data loss (without the L1/L2 terms)."""
    if lr is not None:
        for group in optimizer.param_groups:
            group["lr"] = lr
    loss, _ = loss_and_correct(net, x, y)
    optimizer.zero_grad()
    loss.backward()
    regularise_and_clip(model)
    optimizer.step()
    return loss.item()


def evaluate(model, data, device):
    """Mean loss and accuracy over (x, y) in chunks, in evaluation mode."""
    x, y = data
    model.eval()
    total, correct = 0.0, 0.0
    with torch.no_grad():
        for start in range(0, len(x), EVAL_CHUNK):
            xb, yb = x[start:start + EVAL_CHUNK].to(device), y[start:start + EVAL_CHUNK].to(device)
            loss, c = loss_and_correct(model, xb, yb)
            total += loss.item() * len(xb)
            correct += c
    model.train()
    n = max(len(x), 1)
    return total / n, correct / n


def pick_device():
    want = ARGS.device
    mps = getattr(torch.backends, "mps", None)
    has_mps = mps is not None and mps.is_available()
    if want == "auto":
        want = "cuda" if torch.cuda.is_available() else ("mps" if has_mps else "cpu")
    if want == "cuda":
        if not torch.cuda.is_available():
            raise SystemExit("--device cuda: torch sees no CUDA device")
        local = int(os.environ.get("LOCAL_RANK", "0"))
        device = torch.device("cuda", local % torch.cuda.device_count())
        torch.cuda.set_device(device)
        return device
    if want == "mps":
        if not has_mps:
            raise SystemExit("--device mps: torch sees no Apple GPU")
        return torch.device("mps")
    return torch.device("cpu")


def save_model(model, path, epochs, steps):
    """Writes the weights as activation-lab's versioned model file (write_model_file): dense
    weights inputs x outputs, conv weights (kernel row, kernel column, input channel) x filters."""
    arr = lambda t: t.detach().float().cpu().numpy()
    slopes = lambda act: arr(act.weight) if act is not None else None
    prelu = model.prelu + [None]
    dense = [(arr(l.weight).T, arr(l.bias), slopes(a)) for l, a in zip(model.dense, prelu)]
    conv = [(arr(l.weight).transpose(2, 3, 1, 0), arr(l.bias), slopes(a))  # F,C,kh,kw -> kh,kw,C,F
            for l, a in zip(model.conv, model.conv_prelu)]
    write_model_file(path, dense, conv, epochs, steps)


def load_initial(model, initial):
    """Copies a model file's parameters (activation-lab's init) into the torch model."""
    dense, conv = initial_arrays(initial)
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    with torch.no_grad():
        for layer, act, (w, b, a) in zip(model.conv, model.conv_prelu, conv):
            layer.weight.copy_(t(w.transpose(3, 2, 0, 1)))
            layer.bias.copy_(t(b))
            if act is not None:
                act.weight.copy_(t(a))
        for layer, act, (w, b, a) in zip(model.dense, model.prelu + [None], dense):
            layer.weight.copy_(t(w.T))
            layer.bias.copy_(t(b))
            if act is not None:
                act.weight.copy_(t(a))


def replay_main(device):
    """Follows activation-lab's run: its initial weights, data, batch order and learning rates.
    Prints step,loss,lab_loss,rel_diff for the steps activation-lab recorded (or --steps)."""
    replay = read_replay()
    (x_train, y_train), test = to_torch(replay_arrays(replay))
    model = build_model()
    load_initial(model, replay["initial"])
    model.to(device)
    optimizer = make_optimizer(model)
    ours = replay["losses"]
    steps = ARGS.steps if ARGS.steps is not None else max(len(ours), 1)
    print("step,loss,lab_loss,rel_diff")
    for step, idx, lr in replay_steps(replay, len(x_train), steps):
        idx = torch.from_numpy(idx)
        loss = train_step(model, model, optimizer, x_train[idx].to(device), y_train[idx].to(device), lr)
        replay_row(step, loss, ours)
    test_loss, test_acc = evaluate(model, test, device)
    print(f"after {steps} steps: test_loss={test_loss:.9g} test_acc={test_acc:.6f}", flush=True)
    if ARGS.save_model:
        per_epoch = (len(x_train) + replay["batch"] - 1) // replay["batch"]
        save_model(model, ARGS.save_model, steps // per_epoch, steps)


def main():
    device = pick_device()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    torch.manual_seed(SEED)
    if REPLAY_FILE is not None and not ARGS.no_replay:
        if world > 1:
            raise SystemExit("a replay runs in one process; drop torchrun or pass --no-replay")
        return replay_main(device)
    if world > 1:
        import torch.distributed as dist
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    (x_train, y_train), (x_test, y_test) = load_data(SEED)
    model = build_model().to(device)  # same seed on every rank: the same initial weights
    net = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel
        net = DistributedDataParallel(model, device_ids=[device] if device.type == "cuda" else None)
    optimizer = make_optimizer(model)
    batch = min(BATCH_SIZE, len(x_train))
    if batch % world != 0:
        raise SystemExit(f"the batch size {batch} does not split evenly over {world} processes")
    local = batch // world
    from torch.utils.data.distributed import DistributedSampler
    sampler = DistributedSampler(range(len(x_train)), num_replicas=world, rank=rank, shuffle=True, seed=SEED)
    epochs = ARGS.epochs if ARGS.epochs is not None else EPOCHS
    steps = 0
    if rank == 0:
        backend = f", {torch.distributed.get_backend()}" if world > 1 else ""
        print(f"training on {world} process(es), device {device}{backend}, {local} samples per process and step",
              file=sys.stderr, flush=True)
        print("epoch,train_loss,train_acc,test_loss,test_acc", flush=True)
    for epoch in range(1, epochs + 1):
        sampler.set_epoch(epoch)
        order = torch.tensor(list(sampler))
        for start in range(0, len(order), local):
            idx = order[start:start + local]
            train_step(model, net, optimizer, x_train[idx].to(device), y_train[idx].to(device))
            steps += 1
        if rank == 0:
            row = [epoch]
            for part in ((x_train, y_train), (x_test, y_test)):
                loss, acc = evaluate(model, part, device)
                row += [f"{loss:.9g}", f"{acc:.4f}"]
            print(",".join(map(str, row)), flush=True)
    if rank == 0 and ARGS.save_model:
        save_model(model, ARGS.save_model, epochs, steps)
    if world > 1:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None, help="override the exported epoch count")
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"),
                        help="folder holding the data/*.bin[.gz] files, or the full MNIST in torchvision's "
                             "layout (DIR/MNIST/raw/train-images-idx3-ubyte[.gz] ...)")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"],
                        help="where to train (auto: cuda, else mps, else cpu)")
    parser.add_argument("--save-model", metavar="FILE", default=None,
                        help="write the trained weights as an activation-lab model file (opens in the page)")
    parser.add_argument("--steps", type=int, default=None, help="replay: steps to run (default: those recorded)")
    parser.add_argument("--no-replay", action="store_true", help="ignore the replay file; train normally")
    ARGS = parser.parse_args()
    main()
"#;
