//! The shareable page state of the curves view and its URL-hash form.
//!
//! One validation path: the page's controls, the URL hash and the embed element all change the state
//! through these methods, so a hostile link is rejected by the same rules that keep the sliders sane.
//! Hash format (keys in any order, all optional):
//!
//! ```text
//! fn=gelu,relu&deriv=1&dmode=below&range=-5:5&fp16=0&focus=gelu&gelu.x=…&leaky_relu.negative_slope=0.1&lang=zh&theme=dark
//! ```
//!
//! A custom formula is listed in `fn` by its key, `f(<compact formula>)`, e.g.
//! `fn=relu,f(x*sigmoid(1.702*x))`; commas inside its parentheses do not split the list.
//!
//! A parameter key is either qualified (`elu.alpha=0.5`) or bare (`alpha=0.5`, applied to every
//! selected function that takes `alpha`). Values may be percent-encoded. Missing keys keep defaults.

use crate::activation::{formula_of_spec, truncate_for_message, Activation};
use crate::error::{Error, Result};

/// Longest hash accepted, in bytes: a full page state needs a few hundred; anything longer is noise.
pub const MAX_HASH_LEN: usize = 2048;
/// Most `key=value` pairs in one hash.
pub const MAX_PAIRS: usize = 64;
/// Most functions drawn at once: beyond this the legend and colours stop being readable.
pub const MAX_FUNCTIONS: usize = 12;
/// Largest |x| a range bound may have (matches the parameter cap; fp16 overflows long before).
pub const MAX_ABS_X: f64 = 1.0e6;
/// Narrowest x-range: below this, neighbouring pixel columns sample the same f64 value.
pub const MIN_SPAN: f64 = 1.0e-4;
/// Range shown when the hash gives none.
pub const DEFAULT_RANGE: (f64, f64) = (-5.0, 5.0);
/// Samples per range check of a custom formula (the warning under the formula input).
pub const RANGE_CHECK_SAMPLES: usize = 2_000;
/// Functions shown when the hash gives none: the three every article compares.
pub const DEFAULT_FUNCTIONS: &[&str] = &["relu", "gelu", "silu"];

/// Where the derivative is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivMode {
    /// Its own chart under the curves.
    Below,
    /// Dashed, on the curve chart.
    Overlay,
}

/// UI language. `None` in the state means "the visitor's remembered choice".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

/// Colour theme. `None` in the state means "follow prefers-color-scheme".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl DerivMode {
    pub fn key(self) -> &'static str {
        match self {
            DerivMode::Below => "below",
            DerivMode::Overlay => "overlay",
        }
    }
    pub fn from_key(s: &str) -> Result<Self> {
        match s {
            "below" => Ok(DerivMode::Below),
            "overlay" => Ok(DerivMode::Overlay),
            other => Err(bad_value(
                "dmode",
                other,
                ("expected `below` or `overlay`", "应为 `below` 或 `overlay`"),
            )),
        }
    }
}

impl Lang {
    pub fn key(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
    pub fn from_key(s: &str) -> Result<Self> {
        match s {
            "en" => Ok(Lang::En),
            "zh" => Ok(Lang::Zh),
            other => Err(bad_value(
                "lang",
                other,
                ("expected `en` or `zh`", "应为 `en` 或 `zh`"),
            )),
        }
    }
}

impl Theme {
    pub fn key(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    /// `auto` is accepted and means "no explicit theme".
    pub fn from_key(s: &str) -> Result<Option<Self>> {
        match s {
            "light" => Ok(Some(Theme::Light)),
            "dark" => Ok(Some(Theme::Dark)),
            "auto" => Ok(None),
            other => Err(bad_value(
                "theme",
                other,
                (
                    "expected `light`, `dark` or `auto`",
                    "应为 `light`、`dark` 或 `auto`",
                ),
            )),
        }
    }
}

/// Everything the curves view shows; always valid (fields with invariants are private).
#[derive(Debug, Clone, PartialEq)]
pub struct PageState {
    functions: Vec<Activation>,
    /// Derivative shown.
    pub derivative: bool,
    pub deriv_mode: DerivMode,
    range: (f64, f64),
    /// Show the IEEE half-precision curves and their error.
    pub fp16: bool,
    /// Key ([`Activation::key`]) of the function the info panel describes.
    focus: Option<String>,
    pub lang: Option<Lang>,
    pub theme: Option<Theme>,
}

impl Default for PageState {
    fn default() -> Self {
        PageState {
            functions: DEFAULT_FUNCTIONS
                .iter()
                .map(|n| Activation::from_name(n).expect("default functions are in the catalog"))
                .collect(),
            derivative: true,
            deriv_mode: DerivMode::Below,
            range: DEFAULT_RANGE,
            fp16: false,
            focus: None,
            lang: None,
            theme: None,
        }
    }
}

/// A rejected link setting; `why` in English and Chinese.
fn bad_value(key: &str, value: &str, (why, why_zh): (&str, &str)) -> Error {
    let value = truncate_for_message(value);
    Error::text(
        format!("link setting `{key}` = `{value}`: {why}"),
        format!("链接设置 `{key}` = `{value}`：{why_zh}"),
    )
}

/// Shortest text that parses back to the same f64 (exponent form for tiny/huge magnitudes).
pub fn format_number(v: f64) -> String {
    let s = format!("{v:?}");
    match s.strip_suffix(".0") {
        Some(int) => int.to_string(),
        None => s,
    }
}

fn parse_number(key: &str, s: &str) -> Result<f64> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| bad_value(key, s, ("not a number", "不是数字")))?;
    if !v.is_finite() {
        return Err(bad_value(
            key,
            s,
            ("must be a finite number", "须为有限的数"),
        ));
    }
    Ok(v)
}

fn parse_flag(key: &str, s: &str) -> Result<bool> {
    match s {
        "1" => Ok(true),
        "0" => Ok(false),
        other => Err(bad_value(key, other, ("expected 0 or 1", "应为 0 或 1"))),
    }
}

/// Strict percent-decoding: `%XX` escapes, then UTF-8. `+` is kept (the hash is not a form).
pub(crate) fn percent_decode(s: &str) -> Result<String> {
    if !s.contains('%') {
        return Ok(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    let near = truncate_for_message(&s[i..]);
                    Error::text(
                        format!("link contains a broken %-escape near `{near}`"),
                        format!("链接在 `{near}` 附近有残缺的 %-转义"),
                    )
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| {
        Error::text(
            "link contains %-escapes that are not UTF-8 text",
            "链接中的 %-转义不是 UTF-8 文本",
        )
    })
}

/// Validates a range: finite, ordered, within ±MAX_ABS_X and at least MIN_SPAN wide.
pub fn check_range(lo: f64, hi: f64) -> Result<(f64, f64)> {
    if !lo.is_finite() || !hi.is_finite() {
        return Err(Error::text(
            "x-range bounds must be finite numbers",
            "x 范围的端点须为有限的数",
        ));
    }
    if lo.abs() > MAX_ABS_X || hi.abs() > MAX_ABS_X {
        let most = format_number(MAX_ABS_X);
        return Err(Error::text(
            format!("x-range bounds must lie within ±{most}"),
            format!("x 范围的端点须在 ±{most} 之内"),
        ));
    }
    if hi - lo < MIN_SPAN {
        let span = format_number(MIN_SPAN);
        return Err(Error::text(
            format!("x-range start must be below its end by at least {span}"),
            format!("x 范围的起点须比终点至少小 {span}"),
        ));
    }
    Ok((lo, hi))
}

/// The `key=value` parts of a URL hash (with or without the leading `#`), as `PageState::parse`
/// splits them.
fn hash_parts(hash: &str) -> impl Iterator<Item = &str> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    hash.split('&').filter(|p| !p.is_empty())
}

/// The language a URL hash asks for (`lang=zh`), read even when the rest of the hash is rejected,
/// so that the page can tell the rejection in the link's language. Malformed parts are skipped.
pub fn hash_lang(hash: &str) -> Option<Lang> {
    hash_parts(hash).take(MAX_PAIRS).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        if percent_decode(key).ok()? != "lang" {
            return None;
        }
        Lang::from_key(&percent_decode(value).ok()?).ok()
    })
}

impl PageState {
    /// Parses a URL hash (with or without the leading `#`). An empty hash is the default state.
    pub fn parse(hash: &str) -> Result<Self> {
        if hash.len() > MAX_HASH_LEN {
            return Err(Error::text(
                format!(
                    "link settings are too long ({} characters; at most {MAX_HASH_LEN})",
                    hash.len()
                ),
                format!(
                    "链接设置太长（{} 个字符；最多 {MAX_HASH_LEN} 个）",
                    hash.len()
                ),
            ));
        }
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in hash_parts(hash) {
            if pairs.len() == MAX_PAIRS {
                return Err(Error::text(
                    format!("link has too many settings (at most {MAX_PAIRS})"),
                    format!("链接的设置太多（最多 {MAX_PAIRS} 项）"),
                ));
            }
            let (k, v) = part.split_once('=').ok_or_else(|| {
                let part = truncate_for_message(part);
                Error::text(
                    format!("link setting `{part}` has no `=value`"),
                    format!("链接设置 `{part}` 缺少 `=值`"),
                )
            })?;
            let key = percent_decode(k)?;
            let value = percent_decode(v)?;
            if pairs.iter().any(|(seen, _)| *seen == key) {
                let key = truncate_for_message(&key);
                return Err(Error::text(
                    format!("link setting `{key}` appears twice"),
                    format!("链接设置 `{key}` 出现了两次"),
                ));
            }
            pairs.push((key, value));
        }

        let mut state = PageState::default();
        let names: Vec<String> = match pairs.iter().find(|(k, _)| k == "fn") {
            Some((_, list)) => parse_function_list(list)?,
            None => DEFAULT_FUNCTIONS.iter().map(|n| n.to_string()).collect(),
        };
        let mut overrides: Vec<Vec<(String, f64)>> = vec![Vec::new(); names.len()];
        let mut focus = None;
        for (key, value) in &pairs {
            match key.as_str() {
                "fn" => {}
                // The training view's pairs (`crate::training::setup`).
                k if k.starts_with("t.") => {}
                "deriv" => state.derivative = parse_flag(key, value)?,
                "dmode" => state.deriv_mode = DerivMode::from_key(value)?,
                "range" => {
                    let (lo, hi) = value.split_once(':').ok_or_else(|| {
                        bad_value(
                            key,
                            value,
                            (
                                "expected `start:end`, e.g. -5:5",
                                "应为 `起点:终点`，如 -5:5",
                            ),
                        )
                    })?;
                    let (lo, hi) = (parse_number(key, lo)?, parse_number(key, hi)?);
                    state.range = check_range(lo, hi).map_err(|e| {
                        bad_value(key, value, (&e.message_in(false), &e.message_in(true)))
                    })?;
                }
                "fp16" => state.fp16 = parse_flag(key, value)?,
                "lang" => state.lang = Some(Lang::from_key(value)?),
                "theme" => state.theme = Theme::from_key(value)?,
                // embed.html's views: the training and compare widgets read their own hash
                // (`training::embed`); this parser is the curves view's.
                "view" if value == "curves" => {}
                "view" => {
                    return Err(bad_value(
                        key,
                        value,
                        (
                            "the curves view is `curves`; `train` and `compare` are embed.html's widgets",
                            "曲线视图为 `curves`；`train` 与 `compare` 是 embed.html 的小部件",
                        ),
                    ))
                }
                "focus" => {
                    let k = function_key(value)?;
                    if !names.contains(&k) {
                        return Err(bad_value(
                            key,
                            value,
                            ("not one of the selected functions", "不是选中的函数之一"),
                        ));
                    }
                    focus = Some(k);
                }
                param => {
                    let v = parse_number(param, value)?;
                    assign_param(&names, &mut overrides, param, v)?;
                }
            }
        }
        state.functions = names
            .iter()
            .zip(&overrides)
            .map(|(name, ov)| {
                let ov: Vec<(&str, f64)> = ov.iter().map(|(k, v)| (k.as_str(), *v)).collect();
                Activation::new(name, &ov)
            })
            .collect::<Result<_>>()?;
        state.focus = focus;
        state.check_link_length()?;
        Ok(state)
    }

    /// Errors when the hash this state writes would be longer than a link may be: what the page
    /// holds it must be able to share and read back. The written form can be longer than what was
    /// typed (formulas spelled out in full: `----2` is `-(-(-(-2)))`), so the cap on the input
    /// alone did not ensure it (found by the page_hash fuzzer).
    fn check_link_length(&self) -> Result<()> {
        let n = self.to_hash().len();
        if n <= MAX_HASH_LEN {
            return Ok(());
        }
        Err(Error::text(
            format!(
                "link settings are too long once written out ({n} characters; at most {MAX_HASH_LEN}): remove or shorten a formula"
            ),
            format!("链接设置写出后太长（{n} 个字符；最多 {MAX_HASH_LEN} 个）：请删除或缩短一个公式"),
        ))
    }

    /// Applies `change`, then keeps it only if the state still fits in a link; otherwise the state
    /// is left as it was and the error says why.
    fn change_within_link<T>(&mut self, change: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let before = self.clone();
        let result = change(self).and_then(|v| self.check_link_length().map(|()| v));
        if result.is_err() {
            *self = before;
        }
        result
    }

    /// The hash (without `#`) that [`PageState::parse`] turns back into this state. Parameters at
    /// their defaults and unset language/theme are left out, so links stay short.
    pub fn to_hash(&self) -> String {
        let mut parts = vec![format!(
            "fn={}",
            self.functions
                .iter()
                .map(Activation::key)
                .collect::<Vec<_>>()
                .join(",")
        )];
        parts.push(format!("deriv={}", u8::from(self.derivative)));
        if self.deriv_mode != DerivMode::Below {
            parts.push(format!("dmode={}", self.deriv_mode.key()));
        }
        parts.push(format!(
            "range={}:{}",
            format_number(self.range.0),
            format_number(self.range.1)
        ));
        if self.fp16 {
            parts.push("fp16=1".into());
        }
        if let Some(f) = &self.focus {
            parts.push(format!("focus={f}"));
        }
        for a in &self.functions {
            // Custom formulas carry their numbers inside the formula.
            let Ok(spec) = Activation::spec(a.name()) else {
                continue;
            };
            for ((key, value), ps) in a.params().into_iter().zip(spec.params) {
                if value != ps.default {
                    parts.push(format!("{}.{key}={}", a.name(), format_number(value)));
                }
            }
        }
        if let Some(l) = self.lang {
            parts.push(format!("lang={}", l.key()));
        }
        if let Some(t) = self.theme {
            parts.push(format!("theme={}", t.key()));
        }
        parts.join("&")
    }

    /// Selected functions with their parameters, in drawing (and colour) order.
    pub fn functions(&self) -> &[Activation] {
        &self.functions
    }

    /// The x-range `(start, end)`, start < end.
    pub fn range(&self) -> (f64, f64) {
        self.range
    }

    /// The function the info panel describes: the chosen one, else the first selected.
    /// Its key ([`Activation::key`]).
    pub fn focus(&self) -> Option<String> {
        self.focus
            .clone()
            .or_else(|| self.functions.first().map(Activation::key))
    }

    /// The focused function itself.
    pub fn focused(&self) -> Option<&Activation> {
        let key = self.focus()?;
        self.functions.iter().find(|a| a.key() == key)
    }

    /// Selects (with default parameters) or deselects a function, named by its catalog name or
    /// as a custom formula `f(<formula>)`. Returns the function's key.
    pub fn set_selected(&mut self, name: &str, on: bool) -> Result<String> {
        self.change_within_link(|state| state.select(name, on))
    }

    fn select(&mut self, name: &str, on: bool) -> Result<String> {
        let key = function_key(name)?;
        let pos = self.functions.iter().position(|a| a.key() == key);
        match (on, pos) {
            (true, None) => {
                if self.functions.len() >= MAX_FUNCTIONS {
                    return Err(Error::text(
                        format!("at most {MAX_FUNCTIONS} functions can be drawn at once"),
                        format!("最多同时画 {MAX_FUNCTIONS} 个函数"),
                    ));
                }
                self.functions.push(Activation::new(&key, &[])?);
            }
            (false, Some(i)) => {
                self.functions.remove(i);
                if self.focus.as_deref() == Some(key.as_str()) {
                    self.focus = None;
                }
            }
            _ => {}
        }
        Ok(key)
    }

    /// Adds the formula `text` (in x) as a custom curve and focuses it; returns its key. Errors
    /// carry the column within `text`.
    pub fn add_formula(&mut self, text: &str) -> Result<String> {
        let a = Activation::custom(text)?;
        self.change_within_link(|state| {
            let key = state.select(&a.key(), true)?;
            state.focus = Some(key.clone());
            Ok(key)
        })
    }

    /// The custom functions whose formula is NaN or infinite somewhere on the plotted range,
    /// with the warning to show: (key, message).
    pub fn range_warnings(&self) -> Vec<(String, String)> {
        self.range_warnings_in(false)
    }

    /// The same with the messages in Chinese (`zh`) or English.
    pub fn range_warnings_in(&self, zh: bool) -> Vec<(String, String)> {
        let (lo, hi) = self.range;
        self.functions
            .iter()
            .filter_map(|a| {
                let check = a.formula()?.check(lo, hi, RANGE_CHECK_SAMPLES).ok()?;
                Some((a.key(), check.warning_in(zh)?))
            })
            .collect()
    }

    /// Sets one parameter of a selected function; the catalog's range rules apply.
    pub fn set_param(&mut self, name: &str, key: &str, value: f64) -> Result<()> {
        self.change_within_link(|state| state.replace_param(name, key, value))
    }

    fn replace_param(&mut self, name: &str, key: &str, value: f64) -> Result<()> {
        let spec = Activation::spec(name)?;
        let slot = self
            .functions
            .iter_mut()
            .find(|a| a.name() == spec.name)
            .ok_or_else(|| {
                Error::text(
                    format!("`{}` is not selected", spec.name),
                    format!("`{}` 未被选中", spec.name),
                )
            })?;
        let mut params: Vec<(&str, f64)> = slot.params();
        match params.iter_mut().find(|(k, _)| *k == key) {
            Some(p) => p.1 = value,
            None => params.push((key, value)), // let `new` name the valid keys
        }
        *slot = Activation::new(spec.name, &params)?;
        Ok(())
    }

    /// Chooses the function the info panel describes; it must be selected.
    pub fn set_focus(&mut self, name: &str) -> Result<()> {
        self.change_within_link(|state| state.focus_on(name))
    }

    fn focus_on(&mut self, name: &str) -> Result<()> {
        let key = function_key(name)?;
        if !self.functions.iter().any(|a| a.key() == key) {
            let key = truncate_for_message(&key);
            return Err(Error::text(
                format!("`{key}` is not selected"),
                format!("`{key}` 未被选中"),
            ));
        }
        self.focus = Some(key);
        Ok(())
    }

    /// Sets the x-range; rejected ranges leave the state unchanged.
    pub fn set_range(&mut self, lo: f64, hi: f64) -> Result<()> {
        self.range = check_range(lo, hi)?;
        Ok(())
    }

    /// Zooms by `factor` (> 1 widens) keeping `anchor` fixed on screen; clamped to the valid limits
    /// instead of failing, because a wheel should never produce an error.
    pub fn zoom(&mut self, anchor: f64, factor: f64) {
        let (lo, hi) = self.range;
        if !factor.is_finite() || factor <= 0.0 || !anchor.is_finite() {
            return;
        }
        let span = hi - lo;
        let new_span = (span * factor).clamp(MIN_SPAN, 2.0 * MAX_ABS_X);
        let anchor = anchor.clamp(lo, hi);
        let t = (anchor - lo) / span;
        let new_lo = anchor - t * new_span;
        self.range = clamp_window(new_lo, new_span);
    }

    /// Shifts the range by `dx` data units, stopping at the ±MAX_ABS_X limits.
    pub fn pan(&mut self, dx: f64) {
        if !dx.is_finite() {
            return;
        }
        let (lo, hi) = self.range;
        self.range = clamp_window(lo + dx, hi - lo);
    }
}

/// A window of width `span` starting near `lo`, moved inside ±MAX_ABS_X.
fn clamp_window(lo: f64, span: f64) -> (f64, f64) {
    let lo = lo.clamp(-MAX_ABS_X, MAX_ABS_X - span);
    let hi = (lo + span).min(MAX_ABS_X);
    (lo, hi)
}

/// The key of a function named by its catalog name (any accepted spelling) or `f(<formula>)`.
fn function_key(name: &str) -> Result<String> {
    if formula_of_spec(name).is_some() {
        return Ok(Activation::new(name, &[])?.key());
    }
    Ok(Activation::spec(name)?.name.to_string())
}

/// Splits a comma list at the commas outside parentheses (`relu,f(max(x,0))` is two items).
fn split_top_level(list: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0i64, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&list[start..]);
    items
}

fn parse_function_list(list: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for raw in split_top_level(list)
        .into_iter()
        .filter(|s| !s.trim().is_empty())
    {
        if names.len() == MAX_FUNCTIONS {
            return Err(Error::text(
                format!("link selects too many functions (at most {MAX_FUNCTIONS})"),
                format!("链接选中的函数太多（最多 {MAX_FUNCTIONS} 个）"),
            ));
        }
        let name = function_key(raw)?;
        if names.contains(&name) {
            let name = truncate_for_message(&name);
            return Err(Error::text(
                format!("link lists `{name}` twice"),
                format!("链接两次列出了 `{name}`"),
            ));
        }
        names.push(name);
    }
    Ok(names)
}

/// Routes `fn.param=v` or bare `param=v` to the selected functions' overrides.
fn assign_param(
    names: &[String],
    overrides: &mut [Vec<(String, f64)>],
    key: &str,
    value: f64,
) -> Result<()> {
    if let Some((fname, param)) = key.split_once('.') {
        let spec = Activation::spec(fname)?;
        let i = names.iter().position(|n| n == spec.name).ok_or_else(|| {
            Error::text(
                format!(
                    "link sets a parameter of `{}`, which is not selected",
                    spec.name
                ),
                format!("链接设置了 `{}` 的参数，但它未被选中", spec.name),
            )
        })?;
        overrides[i].push((param.to_string(), value));
        return Ok(());
    }
    let mut used = false;
    for (i, name) in names.iter().enumerate() {
        let Ok(spec) = Activation::spec(name) else {
            continue; // a custom formula takes no parameters
        };
        if spec.params.iter().any(|p| p.name == key) {
            overrides[i].push((key.to_string(), value));
            used = true;
        }
    }
    if used {
        Ok(())
    } else {
        let key = truncate_for_message(key);
        Err(Error::text(
            format!("unknown link setting `{key}` (no selected function takes it)"),
            format!("未知的链接设置 `{key}`（选中的函数都不接受它）"),
        ))
    }
}
