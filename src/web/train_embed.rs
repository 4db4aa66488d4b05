//! The embeddable widgets' configuration for www/js/embed-*.js: an element's attributes or
//! embed.html's hash → the widget as JSON, and the two snippets of the page's "Copy embed code".
//! Every rule is the core's (`training::embed`).

use serde_json::json;
use wasm_bindgen::prelude::*;

use super::train::setup_json;
use crate::state::Lang;
use crate::training::embed::{lang_hint, ui_lang, View, Widget};
use crate::training::TrainSetup;

/// `{view, element, hash, embed_hash, charts: [{name, kind, panel}], autoplay, speed, theme,
/// lang, ui_lang, setup}`: `hash` the setup's `t.` pairs (the full page's link), `embed_hash` the
/// whole widget as embed.html reads it, `ui_lang` the language it speaks (its own `lang`, else the
/// host's), `setup` as `trainSetup` gives it.
fn widget_json(w: &Widget, host_lang: &str) -> String {
    let charts: Vec<_> = w
        .charts
        .iter()
        .map(|c| json!({"name": c.name(), "kind": c.kind(w.view), "panel": c.is_panel()}))
        .collect();
    let setup: serde_json::Value = serde_json::from_str(&setup_json(&w.setup)).unwrap_or_default();
    json!({
        "view": w.view.name(),
        "element": w.view.element(),
        "hash": w.setup.to_hash(),
        "embed_hash": w.to_hash(),
        "charts": charts,
        "autoplay": w.autoplay,
        "speed": w.speed,
        "theme": w.theme.map(|t| t.key()),
        "lang": w.lang.map(|l| l.key()),
        "ui_lang": ui_lang(w.lang, host_lang).key(),
        "setup": setup,
    })
    .to_string()
}

/// A refusal in the widget's language: its own `lang` when valid, else the host's.
fn refusal(e: crate::Error, own: Option<Lang>, host_lang: &str) -> JsError {
    JsError::new(&e.message_in(ui_lang(own, host_lang) == Lang::Zh))
}

/// The widget an element's attributes describe: `view` is `train` or `compare`, `attributes` a
/// JSON array of `[name, value]` pairs, `host_lang` the page's language tag (`<html lang>`).
/// Throws with a message naming a bad attribute, in the widget's language.
#[wasm_bindgen(js_name = embedWidget)]
pub fn embed_widget(view: &str, attributes: &str, host_lang: &str) -> Result<String, JsError> {
    let attrs: Vec<(String, String)> = serde_json::from_str(attributes)
        .map_err(|e| JsError::new(&format!("widget attributes: {e}")))?;
    let refs: Vec<(&str, &str)> = attrs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let own = lang_hint(refs.iter().copied());
    let view = View::parse(view).map_err(|e| refusal(e, own, host_lang))?;
    let w = Widget::from_attributes(view, &refs).map_err(|e| refusal(e, own, host_lang))?;
    Ok(widget_json(&w, host_lang))
}

/// The widget embed.html's hash describes (`view=train&t.…`); refused in the hash's `lang`, else
/// in `host_lang`.
#[wasm_bindgen(js_name = embedWidgetFromHash)]
pub fn embed_widget_from_hash(hash: &str, host_lang: &str) -> Result<String, JsError> {
    let own = crate::state::hash_lang(hash);
    let w = Widget::parse_hash(hash).map_err(|e| refusal(e, own, host_lang))?;
    Ok(widget_json(&w, host_lang))
}

/// "Copy embed code" of the training (`view` = `train`) or compare section: `{iframe, element}`
/// for the setup in `hash` (its `t.` pairs) with the view's default charts, served from `base`
/// (a URL ending in `/`); the iframe's title in Chinese with `zh`.
#[wasm_bindgen(js_name = embedSnippets)]
pub fn embed_snippets(view: &str, hash: &str, base: &str, zh: bool) -> Result<String, JsError> {
    let lang = if zh { "zh" } else { "en" };
    let view = View::parse(view).map_err(|e| refusal(e, None, lang))?;
    let setup = TrainSetup::parse_hash(hash).map_err(|e| refusal(e, None, lang))?;
    let widget = Widget::for_setup(view, setup).map_err(|e| refusal(e, None, lang))?;
    let (iframe, element) = widget.snippets(base, zh);
    Ok(json!({"iframe": iframe, "element": element}).to_string())
}
