// The speed control (epochs per second, or as fast as possible) and the time left of a long run.
// The worker paces its training by the `speed` message (www/js/train-protocol.js); every fresh
// worker gets the current setting when it says it is ready. The time left comes from the run's
// fractional epochs (steps over steps per epoch) through a smoothed estimate (www/js/time-left.js).
import { onLangChange, t } from "./i18n.js";
import { TimeLeft, formatDuration } from "./time-left.js";

const $ = (id) => document.getElementById(id);
/** Runs expected to end sooner than this show no time left. */
export const ETA_MIN_SECONDS = 5;

/** `epochs()`: the shown run's epoch count; `onReset(fn)` calls `fn` when another run is shown. */
export function setupSpeed({ channel, epochs, onReset }) {
  const select = $("t-speed");
  const eps = () => Number(select.value) || 0;
  const sendSpeed = () => channel.send("speed", { eps: eps() });
  const estimate = new TimeLeft();
  let stepsPerEpoch = 1;
  let left = null;
  const show = () => {
    $("t-eta").textContent = left !== null && left >= ETA_MIN_SECONDS ? t("t_eta", { t: formatDuration(left) }) : "";
  };
  const forget = () => {
    estimate.reset();
    left = null;
    show();
  };
  select.addEventListener("change", () => {
    sendSpeed();
    forget();
  });
  channel.on("ready", sendSpeed);
  onLangChange(show);
  onReset(forget);
  channel.on("session", (m) => {
    stepsPerEpoch = Math.max(1, m.stepsPerEpoch);
    forget();
  });
  channel.on("tick", (m) => {
    if (!m.playing) return forget();
    left = estimate.update(performance.now(), m.steps / stepsPerEpoch, epochs());
    show();
  });
}
