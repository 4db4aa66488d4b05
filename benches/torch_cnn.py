"""PyTorch reference for the browser bench's CNN table (benches/browser/run.mjs runs it when a
torch venv exists): trains each net of the JSON on stdin ({"min_s": s, "nets": [{"id", "net":
{"input": [h, w, c], "classes", "layers": [...]}, "batch", "clip"}]}, the core's layer list) with
ReLU, Adam(1e-3), softmax cross-entropy, on ONE thread, and prints [{"id", "samples_per_s"}].
Inputs are random MNIST-shaped batches (throughput does not depend on the values)."""

import json
import sys
import time

import torch
from torch import nn


def build(net):
    h, w, c = net["input"]
    layers, image, shape = [], True, (c, h, w)
    for l in net["layers"]:
        k = l["kind"]
        if k == "conv":
            layers += [nn.Conv2d(shape[0], l["filters"], l["kernel"], l["stride"],
                                 padding="same" if l["padding"] == "same" else 0), nn.ReLU()]
        elif k == "pool":
            layers.append(nn.MaxPool2d(l["size"], l["stride"]))
        elif k == "dropout":
            layers.append(nn.Dropout(l["rate"]))
        elif k in ("flatten", "dense") and image:
            layers.append(nn.Flatten())
            image = False
        if k == "dense":
            layers += [nn.LazyLinear(l["units"]), nn.ReLU()]
        if image and layers:
            shape = nn.Sequential(*layers)(torch.zeros(1, c, h, w)).shape[1:]
    if image:
        layers.append(nn.Flatten())
    layers.append(nn.LazyLinear(net["classes"]))
    return nn.Sequential(*layers)


def run(spec, min_s):
    net, batch, clip = spec["net"], spec["batch"], spec.get("clip")
    h, w, c = net["input"]
    model = build(net)
    xs = [torch.randn(batch, c, h, w) for _ in range(4)]
    ys = [torch.randint(0, net["classes"], (batch,)) for _ in range(4)]
    model(xs[0])  # materialise the lazy layers before the optimizer sees them
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    model.train()

    def step(i):
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xs[i % 4]), ys[i % 4]).backward()
        if clip is not None:
            nn.utils.clip_grad_value_(model.parameters(), clip)
        opt.step()

    for i in range(2):
        step(i)
    steps, t0 = 0, time.perf_counter()
    while True:
        step(steps)
        steps += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_s:
            break
    return {"id": spec["id"], "samples_per_s": steps * batch / elapsed}


def main():
    torch.set_num_threads(1)
    job = json.load(sys.stdin)
    out = [run(spec, job["min_s"]) for spec in job["nets"]]
    print(json.dumps({"torch": torch.__version__, "runs": out}))


if __name__ == "__main__":
    main()
