// UI text in English and Simplified Chinese. Elements carry data-i18n="key" (textContent),
// data-i18n-aria="key" (aria-label) or data-i18n-title="key" (title); `applyI18n` fills them.

const STRINGS = {
  en: {
    title: "Activation Lab",
    subtitle: "Activation functions and their derivatives, computed exactly by a Rust core in WebAssembly.",
    language: "Language",
    theme: "Theme",
    theme_auto: "System",
    theme_light: "Light",
    theme_dark: "Dark",
    functions: "Functions",
    family_classic: "Classic",
    family_relu_family: "ReLU family",
    family_exponential: "Exponential family",
    family_smooth_gated: "Smooth / self-gated",
    family_hard_mobile: "Hard / mobile",
    view: "View",
    show_derivative: "Show derivative",
    deriv_where: "Derivative chart",
    deriv_below: "Own chart below",
    deriv_overlay: "Overlaid, dashed",
    fp16: "fp16 (half precision) with error band",
    x_range: "x range",
    range_from: "from",
    range_to: "to",
    apply: "Apply",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    reset_view: "Reset range",
    parameters: "Parameters",
    no_params: "The selected functions have no adjustable parameters.",
    fixed: "fixed",
    chart_label: "Chart of the selected activation functions. Arrow keys move the crosshair, Shift+arrows pan, + and − zoom.",
    chart_hint: "Wheel: zoom · drag: pan · hover or touch: exact values · keys: ← → + −",
    readout_hint: "Point at the chart for exact values.",
    info: "About",
    describe: "Describe",
    formula: "Formula",
    derivative: "Derivative",
    range: "Range",
    monotonic: "Monotonic",
    smooth: "Smooth",
    zero_centred: "Zero-centred",
    saturating: "Saturating",
    bounded: "Bounded",
    cost: "Compute cost",
    cost_value: "≈ {n}× ReLU",
    yes: "yes",
    no: "no",
    notes: "Pros and cons",
    notes_missing: "Notes for this function are on their way.",
    nothing_selected: "Select a function to see its details.",
    share: "Share & export",
    copy_link: "Copy link",
    copy_embed: "Copy embed code",
    download_png: "PNG",
    download_svg: "SVG",
    download_csv: "CSV",
    export: "Download",
    copied: "Copied to the clipboard.",
    copy_failed: "Copy failed — select the text below and copy it by hand.",
    embed_code: "Embed code",
    embed_iframe: "iframe (any site)",
    embed_element: "Custom element (one script tag)",
    notice_bad_link: "This link's settings could not be used ({msg}). Showing the default view.",
    dismiss: "Dismiss",
    loading: "Loading…",
    load_failed: "The WebAssembly module could not be loaded.",
    too_many: "At most 12 functions at once.",
    open_full: "Open in Activation Lab",
  },
  zh: {
    title: "激活函数实验室",
    subtitle: "激活函数及其导数，由 Rust 核心在 WebAssembly 中精确计算。",
    language: "语言",
    theme: "主题",
    theme_auto: "跟随系统",
    theme_light: "浅色",
    theme_dark: "深色",
    functions: "函数",
    family_classic: "经典",
    family_relu_family: "ReLU 家族",
    family_exponential: "指数族",
    family_smooth_gated: "平滑 / 自门控",
    family_hard_mobile: "硬限幅 / 移动端",
    view: "视图",
    show_derivative: "显示导数",
    deriv_where: "导数图",
    deriv_below: "下方单独绘制",
    deriv_overlay: "叠加（虚线）",
    fp16: "fp16（半精度）及误差带",
    x_range: "x 范围",
    range_from: "从",
    range_to: "到",
    apply: "应用",
    zoom_in: "放大",
    zoom_out: "缩小",
    reset_view: "重置范围",
    parameters: "参数",
    no_params: "所选函数没有可调参数。",
    fixed: "固定",
    chart_label: "所选激活函数的图表。方向键移动十字线，Shift+方向键平移，+ 和 − 缩放。",
    chart_hint: "滚轮：缩放 · 拖动：平移 · 悬停或触摸：精确数值 · 键盘：← → + −",
    readout_hint: "指向图表即可查看精确数值。",
    info: "简介",
    describe: "查看",
    formula: "公式",
    derivative: "导数",
    range: "值域",
    monotonic: "单调",
    smooth: "光滑",
    zero_centred: "零中心",
    saturating: "饱和",
    bounded: "有界",
    cost: "计算开销",
    cost_value: "≈ {n}× ReLU",
    yes: "是",
    no: "否",
    notes: "优缺点",
    notes_missing: "该函数的说明即将补充。",
    nothing_selected: "选择一个函数以查看详情。",
    share: "分享与导出",
    copy_link: "复制链接",
    copy_embed: "复制嵌入代码",
    download_png: "PNG",
    download_svg: "SVG",
    download_csv: "CSV",
    export: "下载",
    copied: "已复制到剪贴板。",
    copy_failed: "复制失败——请手动选择下方文本并复制。",
    embed_code: "嵌入代码",
    embed_iframe: "iframe（适用于任何网站）",
    embed_element: "自定义元素（只需一个 script 标签）",
    notice_bad_link: "链接中的设置无法使用（{msg}），已显示默认视图。",
    dismiss: "关闭",
    loading: "加载中…",
    load_failed: "无法加载 WebAssembly 模块。",
    too_many: "最多同时显示 12 个函数。",
    open_full: "在激活函数实验室中打开",
  },
};

// ── newcomer (issue #18): strings the curves page lacked in one language or both ──
addStrings(
  {
    family_other: "Other",
    nc_meanstd_note:
      "Healthy layers keep their mean near 0 and std near 1; with SELU (and its LeCun init) they stay there in every layer by design: self-normalisation.",
  },
  {
    family_other: "其他",
    nc_meanstd_note: "健康的层让均值接近 0、标准差接近 1；SELU（配合 LeCun 初始化）按设计让每一层都保持在这里：自归一化。",
  },
);
// ── end newcomer ──

/** Adds strings from another module (e.g. the training section's), one object per language. */
export function addStrings(en, zh) {
  Object.assign(STRINGS.en, en);
  Object.assign(STRINGS.zh, zh);
}

const STORAGE_KEY = "activation-lab.lang";
let current = "en";
const listeners = [];

/** The translation of `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  return tIn(current, key, vars);
}

/** `t` in language `l` ("en" | "zh") whatever the page's: each embedded widget speaks its own. */
export function tIn(l, key, vars = {}) {
  const text = STRINGS[l === "zh" ? "zh" : "en"][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ""));
}

export function lang() {
  return current;
}

/** The remembered language, else the browser's preference. */
export function preferredLang() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked (private mode, sandboxed iframe); fall through.
  }
  if (saved === "en" || saved === "zh") return saved;
  return (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** Switches language; `remember` stores it for the next visit. */
export function setLang(next, { remember = false } = {}) {
  current = next === "zh" ? "zh" : "en";
  document.documentElement.lang = current === "zh" ? "zh-Hans" : "en";
  // A language read from the link arrives before the page's listeners exist: fill the static
  // text here, so nothing stays in the language of the first paint.
  applyI18n();
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // Not remembered; the switch still applies to this visit.
    }
  }
  for (const fn of listeners) fn(current);
}

export function onLangChange(fn) {
  listeners.push(fn);
}

/**
 * Keeps the language of a wasm instance's error messages (the core's `setLang`) on the page's:
 * the core's messages (a bad link, a CSV, a model file) then come in 中文 too.
 */
export function followLang(core) {
  core.setLang(current);
  listeners.push((l) => core.setLang(l));
}

/** Whether any language has `key` yet (a lazy module's strings arrive with its code). */
const known = (key) => key in STRINGS.en || key in STRINGS.zh;

/** Fills every data-i18n* element under `root` whose key is known; the others keep the page's own
 * text until their module adds its strings and fills them again. */
export function applyI18n(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) if (known(node.dataset.i18n)) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-aria]"))
    if (known(node.dataset.i18nAria)) node.setAttribute("aria-label", t(node.dataset.i18nAria));
  for (const node of root.querySelectorAll("[data-i18n-title]")) if (known(node.dataset.i18nTitle)) node.title = t(node.dataset.i18nTitle);
  document.title = t("title");
}
