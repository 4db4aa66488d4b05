// The speed control (epochs per second, or as fast as possible) and the time left of a long run.
// The worker paces its training by the `speed` message (www/js/train-protocol.js); every fresh
// worker gets the current setting when it says it is ready.
import { formatNumber } from "./dom.js";
import { onLangChange, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
/** Runs expected to end sooner than this show no time left. */
export const ETA_MIN_SECONDS = 5;

/** `epochs()`: the shown run's epoch count. */
export function setupSpeed({ channel, epochs }) {
  const select = $("t-speed");
  const eps = () => Number(select.value) || 0;
  const sendSpeed = () => channel.send("speed", { eps: eps() });
  select.addEventListener("change", () => {
    sendSpeed();
    since = null;
  });
  channel.on("ready", sendSpeed);

  // Time left: measured from the epochs done since Play (the speed setting or the machine's pace).
  let since = null;
  let last = "";
  const show = () => {
    $("t-eta").textContent = last ? t("t_eta", { s: last }) : "";
  };
  onLangChange(show);
  channel.on("session", () => {
    since = null;
    last = "";
    show();
  });
  channel.on("tick", (m) => {
    const now = performance.now();
    if (!m.playing) {
      since = null;
      last = "";
    } else if (!since) {
      since = { t: now, epoch: m.epoch };
    } else if (m.epoch > since.epoch) {
      const perEpoch = (now - since.t) / 1000 / (m.epoch - since.epoch);
      const left = (epochs() - m.epoch) * perEpoch;
      last = left >= ETA_MIN_SECONDS ? formatNumber(Math.round(left)) : "";
    }
    show();
  });
}
