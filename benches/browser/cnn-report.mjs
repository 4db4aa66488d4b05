// The convolutional part of the bench report (issue 15): PyTorch on one thread as a reference
// (when a torch venv exists), native Rust from criterion's `training_cnn` group, and the README
// table with effective GFLOP/s and the targets.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

/** The venv's python: $ACTLAB_PYTHON, else $TORCH_VENV or target/torch-venv (`make torch-env`). */
function torchPython(repo) {
  if (process.env.ACTLAB_PYTHON) return process.env.ACTLAB_PYTHON;
  const py = path.join(process.env.TORCH_VENV ?? path.join(repo, "target/torch-venv"), "bin/python");
  return fs.existsSync(py) ? py : null;
}

/** samples/s per net id of PyTorch with one thread, or null without a torch venv. */
export function torchCnn(repo, rows, minS = 3) {
  const py = torchPython(repo);
  if (!py) {
    console.error("cnn: no torch venv (make torch-env, or ACTLAB_PYTHON=…): PyTorch column left empty");
    return null;
  }
  const job = { min_s: minS, nets: rows.map((r) => ({ id: r.id, net: r.net, batch: r.batch, clip: r.clip })) };
  const out = spawnSync(py, [path.join(repo, "benches/torch_cnn.py")], { input: JSON.stringify(job), encoding: "utf8" });
  if (out.status !== 0) {
    console.error(`cnn: PyTorch run failed (exit ${out.status}):\n${out.stderr}`);
    return null;
  }
  const res = JSON.parse(out.stdout);
  return { version: res.torch, sps: Object.fromEntries(res.runs.map((r) => [r.id, r.samples_per_s])) };
}

/** Adds native (criterion) and PyTorch samples/s to the in-page rows. */
export function cnnRows(measured, criterion, torch) {
  return measured.map((r) => ({
    id: r.id,
    batch: r.batch,
    layers: r.net.layers,
    flops_per_sample: r.flops_per_sample,
    wasm_sps: r.wasm?.samples_per_s ?? null,
    convnetjs_sps: r.convnetjs?.samples_per_s ?? null,
    tfjs_cpu_sps: r.tfjs_cpu?.samples_per_s ?? null,
    native_sps: criterion("training_cnn", `${r.id}_batch${r.batch}`),
    torch_sps: torch?.sps[r.id] ?? null,
    timed: { wasm: r.wasm, convnetjs: r.convnetjs, tfjs_cpu: r.tfjs_cpu },
  }));
}

const LABEL = {
  "small-cnn": "small CNN (ConvNetJS-sized): `conv8k5same,pool2,conv16k5same,pool3` → 10",
  "article-cnn": "the article's CNN: `conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5` → 10",
};
// Targets: ≥ 20× ConvNetJS on the small net; ≥ 40 % of PyTorch's one-thread throughput.
const CONVNETJS_X = 20;
const TORCH_SHARE = 0.4;
// The issue's figures for that share: 40 % of PyTorch's 2-thread throughput per core on this
// machine (≈ 8,900/s and ≈ 1,000/s on 2 cores), samples/s.
const ISSUE_FLOOR = { "small-cnn": 1800, "article-cnn": 200 };

const sps = (v) => (v == null ? "–" : v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toPrecision(2));
const cell = (v, flops) => (v == null ? "–" : `${sps(v)} (${((v * flops) / 1e9).toFixed(v * flops >= 1e9 ? 1 : 2)})`);
const x = (a, b) => (a == null || b == null ? "–" : `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×`);

/** The README subsection (markdown lines). */
export function cnnSection(cnn, meta) {
  const lines = ["### Convolutional training (ReLU, MNIST 28×28×1, one thread; samples/s, effective GFLOP/s in brackets)", ""];
  lines.push("| net | batch | MFLOP / sample | wasm (ours) | ConvNetJS 0.3.0 | TF.js cpu | native | PyTorch 1 thread | ours / ConvNetJS | ours / TF.js | ours / PyTorch |");
  lines.push("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
  for (const r of cnn.rows) {
    const f = r.flops_per_sample;
    lines.push(`| ${LABEL[r.id] ?? r.id} | ${r.batch} | ${(f / 1e6).toFixed(1)} | ${cell(r.wasm_sps, f)} | ${cell(r.convnetjs_sps, f)} | ${cell(r.tfjs_cpu_sps, f)} | ${cell(r.native_sps, f)} | ${cell(r.torch_sps, f)} | ${x(r.wasm_sps, r.convnetjs_sps)} | ${x(r.wasm_sps, r.tfjs_cpu_sps)} | ${x(r.wasm_sps, r.torch_sps)} |`);
  }
  lines.push(
    "",
    "Every engine trains the same layers (the core's presets `small-cnn` and `article-cnn`, ReLU) at the preset's batch size, the browser ones in the same headless Chromium tab, after a warm-up, " +
      `for at least ${(cnn.min_ms / 1000).toFixed(1)} s each (at least one whole batch). ` +
      "Ours, TF.js and PyTorch: Adam(0.001), the article net with clip value 0.5, dropout active; ConvNetJS 0.3.0 has no Adam, so adadelta as in its MNIST demo (it trains sample by sample and updates every batch). " +
      "TF.js runs its cpu backend: its wasm backend registers no `Conv2DBackpropFilter`, so it cannot train a conv net. " +
      "ConvNetJS and TF.js get the first training samples of the same MNIST split; PyTorch " +
      `${meta.torch ? `${meta.torch} (\`torch.set_num_threads(1)\`, \`benches/torch_cnn.py\`)` : "(not measured: no torch venv; `make torch-env`)"} random inputs of the same shape; native is criterion's \`training_cnn\` group (benches/native/benches/training.rs). ` +
      "Effective GFLOP/s = samples/s × the net's FLOP count per training sample, the same count for every engine: 2 FLOP per multiply-add of the forward pass, the weight gradients and the input gradients of every conv and dense layer (none for the first layer's input); pooling, activations, dropout, softmax and the optimizer are not counted.",
    "",
  );
  return lines;
}

/** Target lines for the CNN part. */
export function cnnTargets(cnn, verdict) {
  const small = cnn.rows.find((r) => r.id === "small-cnn");
  const lines = [];
  if (small?.convnetjs_sps) {
    const r = small.wasm_sps / small.convnetjs_sps;
    lines.push(`- CNN: wasm ≥ ${CONVNETJS_X}× ConvNetJS on the small net: ${r.toFixed(0)}× — ${verdict(r >= CONVNETJS_X)}`);
  }
  const shares = cnn.rows.filter((r) => r.torch_sps != null).map((r) => `${r.id} ${((100 * r.wasm_sps) / r.torch_sps).toFixed(0)} %`);
  const ok = cnn.rows.every((r) => r.torch_sps != null && r.wasm_sps >= TORCH_SHARE * r.torch_sps);
  lines.push(
    shares.length
      ? `- CNN: wasm on one thread ≥ ${TORCH_SHARE * 100} % of PyTorch on one thread, both nets: ${shares.join(", ")} — ${verdict(ok)}`
      : `- CNN: wasm ≥ ${TORCH_SHARE * 100} % of PyTorch on one thread: not measured (no torch venv)`,
  );
  const floors = cnn.rows.filter((r) => ISSUE_FLOOR[r.id]);
  lines.push(
    `- CNN: the issue's figures for that share (40 % of PyTorch's 2-thread throughput per core): ` +
      floors.map((r) => `${r.id} ${sps(r.wasm_sps)}/s ≥ ${sps(ISSUE_FLOOR[r.id])}`).join(", ") +
      ` — ${verdict(floors.every((r) => r.wasm_sps >= ISSUE_FLOOR[r.id]))}`,
  );
  return lines;
}

/** BENCH_ONLY=cnn: replaces the convolutional subsection and the CNN target lines of the README's
 * performance section, leaving the rest (measured by the last full run) as it is. */
export function spliceCnn(readme, sectionLines, targetLines, note) {
  const sub = [...sectionLines, note, "", ""].join("\n");
  const at = readme.indexOf("\n### Convolutional training");
  let out;
  if (at >= 0) {
    const end = readme.indexOf("\n### ", at + 1);
    out = readme.slice(0, at + 1) + sub + readme.slice(end + 1);
  } else {
    const page = readme.indexOf("\n### Page\n");
    if (page < 0) throw new Error("README has no performance section: run the full `make bench` first");
    out = readme.slice(0, page + 1) + sub + readme.slice(page + 1);
  }
  const lines = out.split("\n").filter((l) => !l.startsWith("- CNN:"));
  const targets = lines.indexOf("### Targets");
  if (targets < 0) throw new Error("README has no targets list: run the full `make bench` first");
  let end = targets + 2; // past the heading and its blank line
  while (end < lines.length && lines[end].startsWith("- ")) end++;
  lines.splice(end, 0, ...targetLines);
  return lines.join("\n");
}
