// Where the page keeps the user's own data: localStorage, one key per kind (`t.ds=custom|csv`).
// A link names only the kind; the text lives in this browser.

export const STORE = { custom: "activation-lab.points", csv: "activation-lab.csv" };

/** The stored text for data set `name` ("" when none, or when the set is not the user's). */
export const stored = (name) => {
  if (!STORE[name]) return "";
  try {
    return localStorage.getItem(STORE[name]) ?? "";
  } catch {
    return "";
  }
};

/** Keeps `value` for data set `name`; false when the browser refuses (full or disabled). */
export const store = (name, value) => {
  try {
    localStorage.setItem(STORE[name], value);
    return true;
  } catch {
    return false;
  }
};

/** Whether data set `name` is the user's own (kept here, not in the link). */
export const isUserData = (name) => Boolean(STORE[name]);

export const message = (e) => String(e?.message ?? e);
