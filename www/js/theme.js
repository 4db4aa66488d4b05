// Light/dark theme: an explicit choice (remembered) or the system's prefers-color-scheme.
const KEY = "activation-lab.theme";
const systemDark = matchMedia("(prefers-color-scheme: dark)");

/** The remembered choice: "light", "dark" or "auto". */
export function storedTheme() {
  try {
    const v = localStorage.getItem(KEY);
    if (v === "light" || v === "dark") return v;
  } catch {
    // Blocked storage: follow the system.
  }
  return "auto";
}

export function rememberTheme(choice) {
  try {
    if (choice === "auto") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Not remembered; applies to this visit only.
  }
}

/** Whether a choice means dark right now. */
export function isDark(choice) {
  return choice === "dark" || (choice !== "light" && systemDark.matches);
}

/** Sets data-theme on `root` (CSS variables switch on it). */
export function applyTheme(choice, root = document.documentElement) {
  root.dataset.theme = isDark(choice) ? "dark" : "light";
}

/** Calls `fn` when the system scheme changes. */
export function onSystemThemeChange(fn) {
  systemDark.addEventListener("change", fn);
}
