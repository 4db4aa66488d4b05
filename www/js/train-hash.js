// The URL hash carries two views: the curves pairs (fn=…&deriv=…) and the training pairs (t.…).
// Each view rewrites only its own pairs; the core parses both (PageState skips `t.` pairs).

const isTrain = (p) => p.startsWith("t.");
const pairs = (hash) => hash.replace(/^#/, "").split("&").filter(Boolean);

/** The training pairs of `hash` (default: the current URL), joined with `&`. */
export function trainPart(hash = location.hash) {
  return pairs(hash).filter(isTrain).join("&");
}

/** The curves pairs of `hash`. */
export function curvesPart(hash = location.hash) {
  return pairs(hash).filter((p) => !isTrain(p)).join("&");
}

/** A full hash (without `#`) from the two parts. */
export function compose(curves = curvesPart(), train = trainPart()) {
  return [curves, train].filter(Boolean).join("&");
}
