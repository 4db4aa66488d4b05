//! Hostile input against the URL-hash parser (`PageState::parse`), the one gate for links, embed
//! attributes and `activation-lab plot`. Complements tests/native/state.rs with structured hostile
//! generators (numbers at the edges of f64, percent-encoded bytes including invalid UTF-8, every
//! catalog key) and the concrete attacks recorded in docs/hosting.md.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::activation::{names, CATALOG};
use activation_lab::state::{PageState, MAX_HASH_LEN, MAX_PAIRS};
use proptest::prelude::*;

fn rejected(hash: &str) -> String {
    match PageState::parse(hash) {
        Ok(s) => panic!("hash should be rejected, parsed as {s:?}"),
        Err(e) => e.to_string(),
    }
}

/// Accepted ⇒ its own hash parses to the same state and is a fixed point.
fn assert_round_trip(hash: &str) -> Result<(), TestCaseError> {
    if let Ok(s) = PageState::parse(hash) {
        let written = s.to_hash();
        let again = PageState::parse(&written)
            .map_err(|e| TestCaseError::fail(format!("{hash:?} → {written:?} rejected: {e}")))?;
        prop_assert_eq!(&again, &s);
        prop_assert!(written.len() <= MAX_HASH_LEN);
        prop_assert_eq!(again.to_hash(), written);
    }
    Ok(())
}

/// Numbers a hostile link might carry.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| format!("{v}")),
        any::<f64>().prop_map(|v| format!("{v:e}")),
        (-10.0f64..10.0).prop_map(|v| format!("{v}")),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("-Infinity".to_string()),
        Just("1e308".to_string()),
        Just("1e-320".to_string()),
        Just("-0".to_string()),
        Just("0x10".to_string()),
        Just("".to_string()),
        "[0-9eE.+-]{1,12}",
    ]
}

/// `%XX` escapes of arbitrary bytes (so also invalid UTF-8 and NUL).
fn percent_bytes() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..8)
        .prop_map(|b| b.iter().map(|x| format!("%{x:02X}")).collect())
}

fn key() -> impl Strategy<Value = String> {
    let mut keys: Vec<String> = [
        "fn", "deriv", "dmode", "range", "fp16", "focus", "lang", "theme",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for spec in CATALOG {
        for p in spec.params {
            keys.push(p.name.to_string());
            keys.push(format!("{}.{}", spec.name, p.name));
        }
    }
    prop_oneof![4 => proptest::sample::select(keys), 1 => "[a-z_.]{1,12}", 1 => percent_bytes()]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        number_text(),
        proptest::sample::subsequence(names(), 0..=14).prop_map(|v| v.join(",")),
        (number_text(), number_text()).prop_map(|(a, b)| format!("{a}:{b}")),
        proptest::sample::select(vec![
            "0", "1", "below", "overlay", "en", "zh", "dark", "auto"
        ])
        .prop_map(str::to_string),
        percent_bytes(),
        "<[a-z]{1,6}[^&]{0,20}>",
    ]
}

/// A key with a value of the kind it expects (mostly), or a hostile mix.
fn pair() -> impl Strategy<Value = (String, String)> {
    let bare_params: Vec<String> = CATALOG
        .iter()
        .flat_map(|s| s.params.iter().map(|p| p.name.to_string()))
        .collect();
    let sane = || (-3.0f64..3.0).prop_map(|v| format!("{v}"));
    prop_oneof![
        2 => proptest::sample::subsequence(names(), 1..=12).prop_map(|v| ("fn".into(), v.join(","))),
        1 => (proptest::sample::select(vec!["deriv", "fp16"]), proptest::sample::select(vec!["0", "1", "2"]))
            .prop_map(|(k, v)| (k.to_string(), v.to_string())),
        1 => proptest::sample::select(vec!["below", "overlay", "above"]).prop_map(|v| ("dmode".into(), v.into())),
        1 => proptest::sample::select(vec!["en", "zh", "fr"]).prop_map(|v| ("lang".into(), v.into())),
        1 => proptest::sample::select(vec!["light", "dark", "auto"]).prop_map(|v| ("theme".into(), v.into())),
        2 => (prop_oneof![3 => sane(), 1 => number_text()], prop_oneof![3 => sane(), 1 => number_text()])
            .prop_map(|(a, b)| ("range".into(), format!("{a}:{b}"))),
        2 => (proptest::sample::select(bare_params), prop_oneof![3 => sane(), 1 => number_text()]),
        1 => (key(), value()),
    ]
}

fn structured_hash() -> impl Strategy<Value = String> {
    (proptest::collection::vec(pair(), 0..8), any::<bool>()).prop_map(|(pairs, hash_prefix)| {
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{}{}", if hash_prefix { "#" } else { "" }, body.join("&"))
    })
}

/// The round-trip property only means something if non-trivial hashes get accepted.
#[test]
fn the_generator_produces_accepted_non_default_hashes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = structured_hash();
    let default = PageState::default();
    let accepted = (0..2000)
        .filter(|_| {
            let h = strategy.new_tree(&mut runner).unwrap().current();
            PageState::parse(&h).is_ok_and(|s| s != default)
        })
        .count();
    assert!(
        accepted >= 40,
        "only {accepted} of 2000 generated hashes were accepted"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn structured_hostile_hashes_never_panic_and_round_trip(hash in structured_hash()) {
        assert_round_trip(&hash)?;
    }

    #[test]
    fn arbitrary_unicode_never_panics(hash in "\\PC{0,400}") {
        assert_round_trip(&hash)?;
    }

    #[test]
    fn accepted_parameters_are_finite_and_within_the_catalog_limits(
        pairs in proptest::collection::vec((key(), number_text()), 1..6),
    ) {
        let fns = names().join(",");
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let hash = format!("fn={}&{}", &fns[..fns.len().min(200)], body.join("&"));
        if let Ok(s) = PageState::parse(&hash) {
            for a in s.functions() {
                let spec = CATALOG.iter().find(|c| c.name == a.name()).unwrap();
                for ((k, v), p) in a.params().into_iter().zip(spec.params) {
                    prop_assert!(v.is_finite() && v >= p.min && v <= p.max, "{}.{k} = {v}", a.name());
                }
            }
            let (lo, hi) = s.range();
            prop_assert!(lo.is_finite() && hi.is_finite() && lo < hi);
        }
    }
}

#[test]
fn script_in_the_hash_is_rejected_with_a_short_message() {
    let m = rejected("fn=relu&deriv=<script>alert(1)</script>");
    assert!(m.contains("deriv") && m.contains("expected 0 or 1"), "{m}");
    let m = rejected("fn=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert!(m.contains("unknown activation"), "{m}");
    assert!(
        m.len() < 600,
        "message echoes the whole input: {} bytes",
        m.len()
    );
}

#[test]
fn a_one_megabyte_hash_is_rejected_before_any_work() {
    let huge = format!("fn={}", "a".repeat(1 << 20));
    let m = rejected(&huge);
    assert!(
        m.contains("too long") && m.contains(&MAX_HASH_LEN.to_string()),
        "{m}"
    );
    let many = vec!["deriv=1"; MAX_PAIRS + 1].join("&");
    assert!(many.len() <= MAX_HASH_LEN);
    let m = rejected(&many);
    assert!(
        m.contains("too many settings") || m.contains("twice"),
        "{m}"
    );
}

#[test]
fn non_finite_numbers_are_rejected() {
    for v in ["NaN", "nan", "inf", "-inf", "Infinity", "1e309", "-1e400"] {
        let m = rejected(&format!("fn=elu&elu.alpha={v}"));
        assert!(
            m.contains("finite") || m.contains("not a number"),
            "{v}: {m}"
        );
        let m = rejected(&format!("range={v}:1"));
        assert!(
            m.contains("finite") || m.contains("not a number"),
            "{v}: {m}"
        );
    }
}

#[test]
fn percent_escapes_that_are_not_utf8_are_rejected() {
    for h in [
        "fn=%FF",
        "fn=%C3%28",
        "fn=%ED%A0%80",
        "%80=1",
        "fn=relu%",
        "fn=relu%G1",
    ] {
        let m = rejected(h);
        assert!(
            m.contains("not UTF-8") || m.contains("broken %-escape"),
            "{h}: {m}"
        );
    }
    // A NUL byte decodes but names no function.
    assert!(rejected("fn=relu%00").contains("unknown activation"));
}

/// Found by the page_hash fuzzer (make test, 2026-12-08): a 2,036-character hash was accepted, but
/// the hash the page then writes for it spells its formulas out (`----2` → `-(-(-(-2)))`) in 2,136
/// characters, over [`MAX_HASH_LEN`], so reloading the page's own link failed. Whatever is
/// accepted must write a hash that is accepted again, to the same state.
#[test]
fn an_accepted_hash_whose_written_form_is_longer_still_reads_back() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/hash_longer_once_written.txt"
    ))
    .unwrap();
    let hash = String::from_utf8_lossy(&bytes);
    assert!(
        hash.len() <= MAX_HASH_LEN,
        "the input itself is within the cap"
    );
    match PageState::parse(&hash) {
        Ok(state) => {
            let written = state.to_hash();
            let again = PageState::parse(&written).unwrap_or_else(|e| {
                panic!("its own hash ({} chars) is rejected: {e}", written.len())
            });
            assert_eq!(again, state);
        }
        Err(e) => {
            let m = e.to_string();
            assert!(
                m.contains("too long") && m.contains(&MAX_HASH_LEN.to_string()),
                "{m}"
            );
        }
    }
}

/// The same rule for what the page's controls build: a state whose link would be too long is
/// refused with a message and left as it was, so the hash the page writes always reads back.
#[test]
fn formulas_added_from_the_page_never_make_a_link_that_cannot_be_read_back() {
    let mut state = PageState::parse("").unwrap();
    // About 900 characters and 110 instructions each: within the formula caps.
    let long = |k: usize| format!("x*{k}{}", "+1.2345678901234".repeat(55));
    let mut refused = None;
    for k in 1..=6 {
        let before = state.clone();
        match state.add_formula(&long(k)) {
            Ok(_) => {
                let written = state.to_hash();
                let again = PageState::parse(&written).unwrap_or_else(|e| {
                    panic!(
                        "after formula {k} the page's hash ({} chars) is rejected: {e}",
                        written.len()
                    )
                });
                assert_eq!(again, state);
            }
            Err(e) => {
                assert_eq!(
                    state, before,
                    "a refused formula leaves the state as it was"
                );
                refused = Some(e.to_string());
                break;
            }
        }
    }
    let m = refused.expect("six 900-character formulas cannot fit in one link");
    assert!(
        m.contains("too long") && m.contains(&MAX_HASH_LEN.to_string()),
        "{m}"
    );
}
