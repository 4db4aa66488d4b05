// One run of a comparison in a worker of its own (www/js/train-compare-pool.js starts up to
// hardwareConcurrency − 1 of them). It builds the whole line-up's CompareSession from the hash and
// the data the page sent — so the split, init stream and batch order are the serial run's — narrows
// it to its run and trains it, posting every check. Messages: www/js/train-protocol.js
// (TO_COMPARE / FROM_COMPARE). Cancelling terminates the worker; any failure ends it with
// `cmp-failed` and leaves the other runs alone.
import init, { CompareSession, setLang } from "./pkg-train/activation_lab.js";
import { FROM_COMPARE, TO_COMPARE, dispatcher, message } from "./js/train-protocol.js";

// An embedded widget's worker gets the page's compiled module (www/js/embed-runtime.js): one download.
const ready = init({ module_or_path: self.activationLabWasm ?? new URL("./pkg-train/activation_lab_bg.wasm", import.meta.url) });
const post = (type, fields) => self.postMessage(message(FROM_COMPARE, type, fields));
const errorOf = (e) => String(e?.message ?? e);
let crashNext = false;
// Embedded widgets hold a run between checks (`cmp-pause`) and step it check by check (`cmp-step`).
let held = false;
let steps = 0;
let release = null;
/** Resolves when the run may take its next check: at once unless it is held with no step asked. */
async function mayGo() {
  while (held && steps === 0) await new Promise((r) => (release = r));
  if (held) steps -= 1;
}
const wake = () => {
  release?.();
  release = null;
};

// A zero-delay yield between checks (setTimeout clamps nested calls to ≥ 4 ms), so the test hook
// gets through while the run trains.
const channel = new MessageChannel();
let resume = null;
channel.port1.onmessage = () => resume?.();
const yieldNow = () =>
  new Promise((r) => {
    resume = r;
    channel.port2.postMessage(0);
  });

function failed(e) {
  post("cmp-failed", { message: errorOf(e) });
  self.close();
}

async function train(m) {
  if (m.lang) setLang(m.lang);
  const cmp = m.data === undefined ? new CompareSession(m.hash, m.images) : CompareSession.withData(m.hash, m.data);
  cmp.only(m.run);
  for (;;) {
    await mayGo();
    if (crashNext) throw new WebAssembly.RuntimeError("unreachable (forced by the test-crash message)");
    const event = JSON.parse(cmp.advance());
    post("cmp", { event });
    if (event.done) break;
    await yieldNow();
  }
  cmp.free();
  post("cmp-end");
}

const handle = dispatcher(TO_COMPARE, {
  "cmp-run": train,
  "test-crash": () => {
    crashNext = true;
  },
  "cmp-pause": (m) => {
    held = !!m.paused;
    steps = 0;
    wake();
  },
  "cmp-step": () => {
    held = true;
    steps += 1;
    wake();
  },
});

self.onmessage = async ({ data }) => {
  try {
    await ready;
    await handle(data);
  } catch (e) {
    failed(e);
  }
};
