// The learn page's measured figures: what each claim's widget reports (its `activation-figures`
// event, docs/embedding.md) turned into the one number the text compares with the article's, and
// the range the text states for it. Pure functions, no DOM: tests/e2e/learn-page.mjs imports this
// module in Node and checks them on hand-made records.

/** The range the page states for each figure, [low, high] inclusive; `digits` significant digits
 * shown. The text next to each figure quotes these (learn-i18n.js, `expect_*`). */
export const FIGURES = {
  // Nielsen's argument: σ′ ≤ 1/4 everywhere (its maximum, at 0).
  sigmoid_slope: { range: [0.2, 0.25], digits: 3 },
  // Deep sigmoid net: first hidden layer's weight-gradient norm over the last hidden layer's.
  grad_ratio_sigmoid: { range: [0, 0.1], digits: 2 },
  grad_ratio_relu: { range: [0.3, 10], digits: 2 },
  // Dead units at a high learning rate: ReLU's worst layer, and the worst layer of its fixes.
  dead_relu: { range: [0.2, 1], digits: 2 },
  dead_fixed: { range: [0, 0.05], digits: 2 },
  // SELU with LeCun-normal initialisation, depth 32: the deepest layer's mean and std.
  selu_mean: { range: [-0.1, 0.1], digits: 2 },
  selu_std: { range: [0.9, 1.1], digits: 3 },
  // SELU against BatchNorm (16 × 64 on MNIST, 3 epochs): SELU's test accuracy minus ReLU+BN's,
  // and the deepest layer's std of SELU and of plain ReLU (nothing holds it).
  svb_gap: { range: [0.05, 1], digits: 2 },
  svb_selu_std: { range: [0.8, 2], digits: 3 },
  svb_relu_std: { range: [1.5, 10], digits: 3 },
  // Smooth, non-monotone: each dips below zero (its minimum on [-6, 6]).
  gelu_min: { range: [-0.5, -0.01], digits: 3 },
  silu_min: { range: [-0.5, -0.01], digits: 3 },
  mish_min: { range: [-0.5, -0.01], digits: 3 },
  // Cost: forward time of Mish over ReLU's on this device.
  cost_mish: { range: [1, Infinity], digits: 2 },
  // "≈6× faster": epochs tanh needs to reach the target over the epochs ReLU needs.
  speed_ratio: { range: [0.5, 1.5], digits: 2 },
  // The article's comparison: the worst of the ReLU family minus sigmoid, test accuracy.
  family_margin: { range: [0.01, 1], digits: 2 },
};

/** Whether `value` lies in figure `id`'s stated range. */
export function inRange(id, value) {
  const [lo, hi] = FIGURES[id].range;
  return Number.isFinite(value) && value >= lo && value <= hi;
}

/** Hidden layers' first over last weight-gradient norm (`norms` ends with the output layer's). */
export function gradientRatio(norms) {
  const hidden = norms.slice(0, -1);
  if (hidden.length < 2 || !(hidden.at(-1) > 0)) return NaN;
  return hidden[0] / hidden.at(-1);
}

/** The run of a comparison whose label is `name` or starts with `name(`. */
export function runOf(runs, name) {
  return runs.find((r) => r.label === name || r.label.startsWith(`${name}(`));
}

const FAMILY = ["relu", "leaky_relu", "elu", "selu", "gelu"];

/** Figures of a finished comparison, by what the widget compares (`data-figures` on it). */
const FROM_COMPARE = {
  gradients(runs) {
    return {
      grad_ratio_sigmoid: gradientRatio(runOf(runs, "sigmoid")?.last?.grad_norms ?? []),
      grad_ratio_relu: gradientRatio(runOf(runs, "relu")?.last?.grad_norms ?? []),
    };
  },
  dead(runs) {
    const worst = (r) => Math.max(...(r?.last?.dead_fractions ?? [NaN]));
    const fixes = runs.filter((r) => r !== runOf(runs, "relu"));
    return { dead_relu: worst(runOf(runs, "relu")), dead_fixed: Math.max(...fixes.map(worst)) };
  },
  batchnorm(runs) {
    const acc = (name) => runOf(runs, name)?.summary?.final_test_accuracy ?? NaN;
    const deepestStd = (name) => runOf(runs, name)?.last?.act_std?.at(-1) ?? NaN;
    return { svb_gap: acc("selu") - acc("relu+bn"), svb_selu_std: deepestStd("selu"), svb_relu_std: deepestStd("relu") };
  },
  speed(runs) {
    const epochs = (name) => runOf(runs, name)?.summary?.epochs_to_target ?? NaN;
    return { speed_ratio: epochs("tanh") / epochs("relu") };
  },
  family(runs) {
    const acc = (r) => r?.summary?.final_test_accuracy ?? NaN;
    const family = FAMILY.map((n) => acc(runOf(runs, n))).filter((a) => !Number.isNaN(a));
    return { family_margin: family.length ? Math.min(...family) - acc(runOf(runs, "sigmoid")) : NaN };
  },
};

/** The deepest hidden layer's mean and std of a training record. */
function deepest(record) {
  return { selu_mean: record.act_mean.at(-1), selu_std: record.act_std.at(-1) };
}

/** The figures an `activation-figures` event fills in, for a widget measuring `kind`; {} until
 * there is something to report (a comparison reports when all its runs are done). */
export function figuresOf(kind, detail) {
  if (detail.view === "compare") return detail.finished && FROM_COMPARE[kind] ? FROM_COMPARE[kind](detail.runs) : {};
  if (kind === "depth" && detail.record && detail.state !== "running") return deepest(detail.record);
  return {};
}

/** Maximum of f′ (`slope` true) or minimum of f over [-6, 6], sampled every 0.001 through the
 * core (`evaluate(name, x)`), refined to the grid point: the curves element's own numbers. */
export function extremum(evaluate, name, { max = false } = {}) {
  let best = max ? -Infinity : Infinity;
  for (let i = -6000; i <= 6000; i++) {
    const v = evaluate(name, i / 1000);
    if (max ? v > best : v < best) best = v;
  }
  return best;
}

/** Time of `name`'s forward pass over ReLU's, from the cost table's rows (elements/s). */
export function costRatio(rows, name) {
  const relu = rows.get("relu")?.forward?.wasm;
  const other = rows.get(name)?.forward?.wasm;
  return relu && other ? relu / other : NaN;
}

/** `value` to `digits` significant digits, as the page shows it. */
export function shown(id, value) {
  return Number(value.toPrecision(FIGURES[id].digits));
}
