//! www/data/notes.json is the pros/cons texts of every catalog function, generated from the core
//! (`src/activation/info.rs`): the curves build leaves the texts out of its wasm and the page
//! fetches this file for the info panel. This test keeps the two identical.
//! Regenerate with `UPDATE_NOTES_JSON=1 cargo test --test native notes_json`.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use activation_lab::activation::{Activation, CATALOG};
use serde::Serialize;

#[derive(Serialize)]
struct Notes {
    en: &'static [&'static str],
    zh: &'static [&'static str],
}

fn generated() -> String {
    let notes: BTreeMap<&str, Notes> = CATALOG
        .iter()
        .map(|spec| {
            let i = Activation::from_name(spec.name).unwrap().info();
            (
                i.name,
                Notes {
                    en: i.notes_en,
                    zh: i.notes_zh,
                },
            )
        })
        .collect();
    serde_json::to_string_pretty(&notes).unwrap() + "\n"
}

#[test]
fn notes_json_matches_the_core_texts() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/notes.json");
    let want = generated();
    if std::env::var_os("UPDATE_NOTES_JSON").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "www/data/notes.json is out of date with src/activation/info.rs; \
         run `UPDATE_NOTES_JSON=1 cargo test --test native notes_json`"
    );
}

#[test]
fn every_catalog_function_has_notes_in_both_languages() {
    let json: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    for spec in CATALOG {
        let entry = &json[spec.name];
        for lang in ["en", "zh"] {
            let n = entry[lang].as_array().map_or(0, Vec::len);
            assert!(n >= 2, "{} has {n} {lang} notes", spec.name);
        }
    }
}
