// Plain-JS activation kernels over Float32Arrays: what a blog author would write with Math.*,
// default parameters, one hand-written loop per function and pass (no eval, so they run under
// the page's Content-Security-Policy). Shared by the browser benchmark (benches/browser/bench.js)
// and the page's cost measurement (www/cost-worker.js); both time them against the wasm kernels
// on the same inputs (the core's, `KernelBench.inputs`).

const SS = 1.0507009873554805, SA = 1.6732632423543772, SQ2PI = Math.sqrt(2 / Math.PI);
const sig = (x) => 1 / (1 + Math.exp(-x));
// Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7), the usual JS erf.
function erf(x) {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
function dgeluTanh(x) {
  const u = SQ2PI * (x + 0.044715 * x * x * x);
  const t = Math.tanh(u);
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQ2PI * (1 + 3 * 0.044715 * x * x);
}
function dmish(x) {
  const sp = Math.log1p(Math.exp(x));
  const t = Math.tanh(sp);
  return t + x * (1 - t * t) * sig(x);
}

/** name → [forward(xs, gs, out), backward(xs, gs, out)]: out = f(x), out = f′(x)·g. */
export const JS_KERNELS = {
  identity: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x; } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = g; } },
  ],
  sigmoid: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = 1 / (1 + Math.exp(-x)); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = sig(x) * (1 - sig(x)) * g; } },
  ],
  tanh: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = Math.tanh(x); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = (1 - Math.tanh(x) ** 2) * g; } },
  ],
  relu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x > 0 ? x : 0; } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 0 ? g : 0; } },
  ],
  leaky_relu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x > 0 ? x : 0.01 * x; } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 0 ? g : 0.01 * g; } },
  ],
  prelu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x > 0 ? x : 0.25 * x; } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 0 ? g : 0.25 * g; } },
  ],
  rrelu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x > 0 ? x : 0.22916666666666666 * x; } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 0 ? g : 0.22916666666666666 * g; } },
  ],
  elu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x > 0 ? x : Math.exp(x) - 1; } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 0 ? g : Math.exp(x) * g; } },
  ],
  celu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x > 0 ? x : Math.exp(x) - 1; } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 0 ? g : Math.exp(x) * g; } },
  ],
  selu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x > 0 ? SS * x : SS * SA * (Math.exp(x) - 1); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 0 ? SS * g : SS * SA * Math.exp(x) * g; } },
  ],
  gelu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = 0.5 * x * (1 + erf(x / Math.SQRT2)); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = (0.5 * (1 + erf(x / Math.SQRT2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)) * g; } },
  ],
  gelu_tanh: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = 0.5 * x * (1 + Math.tanh(SQ2PI * (x + 0.044715 * x * x * x))); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = dgeluTanh(x) * g; } },
  ],
  relu6: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = Math.min(Math.max(x, 0), 6); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 0 && x < 6 ? g : 0; } },
  ],
  hardtanh: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = Math.min(Math.max(x, -1), 1); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > -1 && x < 1 ? g : 0; } },
  ],
  hardsigmoid: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = Math.min(Math.max(x / 6 + 0.5, 0), 1); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > -3 && x < 3 ? g / 6 : 0; } },
  ],
  hardswish: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x * Math.min(Math.max(x + 3, 0), 6) / 6; } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x < -3 ? 0 : x > 3 ? g : ((2 * x + 3) / 6) * g; } },
  ],
  silu: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x * sig(x); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = sig(x) * (1 + x * (1 - sig(x))) * g; } },
  ],
  swish: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x * sig(x); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = sig(x) * (1 + x * (1 - sig(x))) * g; } },
  ],
  mish: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x * Math.tanh(Math.log1p(Math.exp(x))); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = dmish(x) * g; } },
  ],
  softplus: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x > 20 ? x : Math.log1p(Math.exp(x)); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = x > 20 ? g : sig(x) * g; } },
  ],
  softsign: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x / (1 + Math.abs(x)); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = g / (1 + Math.abs(x)) ** 2; } },
  ],
  logsigmoid: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = Math.log(sig(x)); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = (1 - sig(x)) * g; } },
  ],
  tanhshrink: [
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i]; out[i] = x - Math.tanh(x); } },
    (xs, gs, out) => { for (let i = 0, n = xs.length; i < n; i++) { const x = xs[i], g = gs[i]; out[i] = Math.tanh(x) ** 2 * g; } },
  ],
};

/** Best-of-`rounds` mean time per call (ms) of fn, each round at least minMs long. */
export function timeIt(fn, minMs, rounds = 3) {
  fn();
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    let reps = 0;
    const t0 = performance.now();
    let t;
    do {
      fn();
      reps++;
      t = performance.now() - t0;
    } while (t < minMs);
    best = Math.min(best, t / reps);
  }
  return best;
}
