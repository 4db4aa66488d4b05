//! The page state ⇄ URL hash: round trips, every rejection path, and hostile input never panics.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::state::{
    hash_lang, DerivMode, Lang, PageState, Theme, DEFAULT_RANGE, MAX_ABS_X, MAX_FUNCTIONS,
    MAX_HASH_LEN, MIN_SPAN,
};
use activation_lab::Activation;
use proptest::prelude::*;

fn err(hash: &str) -> String {
    match PageState::parse(hash) {
        Ok(s) => panic!("`{hash}` should be rejected, parsed as {s:?}"),
        Err(e) => e.to_string(),
    }
}

fn names(s: &PageState) -> Vec<&'static str> {
    s.functions().iter().map(|a| a.name()).collect()
}

#[test]
fn empty_hash_is_the_default_state() {
    let d = PageState::default();
    assert_eq!(PageState::parse("").unwrap(), d);
    assert_eq!(PageState::parse("#").unwrap(), d);
    assert_eq!(names(&d), ["relu", "gelu", "silu"]);
    assert!(d.derivative);
    assert_eq!(d.range(), DEFAULT_RANGE);
    assert_eq!(
        d.focus().as_deref(),
        Some("relu"),
        "focus falls back to the first function"
    );
}

#[test]
fn default_round_trips() {
    let d = PageState::default();
    let hash = d.to_hash();
    assert_eq!(hash, "fn=relu,gelu,silu&deriv=1&range=-5:5");
    assert_eq!(PageState::parse(&hash).unwrap(), d);
    assert_eq!(PageState::parse(&format!("#{hash}")).unwrap(), d);
}

#[test]
fn every_setting_round_trips() {
    let hash = "fn=leaky_relu,elu,hardtanh,softplus&deriv=0&dmode=overlay&range=-0.25:1e-5\
                &fp16=1&focus=elu&leaky_relu.negative_slope=0.2&elu.alpha=1.5\
                &hardtanh.min_val=-2&softplus.beta=2.5&softplus.threshold=10&lang=zh&theme=dark";
    let s = PageState::parse(hash).unwrap();
    assert_eq!(names(&s), ["leaky_relu", "elu", "hardtanh", "softplus"]);
    assert!(!s.derivative);
    assert_eq!(s.deriv_mode, DerivMode::Overlay);
    assert_eq!(s.range(), (-0.25, 1e-5));
    assert!(s.fp16);
    assert_eq!(s.focus().as_deref(), Some("elu"));
    assert_eq!(s.lang, Some(Lang::Zh));
    assert_eq!(s.theme, Some(Theme::Dark));
    assert_eq!(
        s.functions()[0],
        Activation::new("leaky_relu", &[("negative_slope", 0.2)]).unwrap()
    );
    assert_eq!(
        s.functions()[2],
        Activation::new("hardtanh", &[("min_val", -2.0)]).unwrap()
    );
    assert_eq!(
        s.functions()[3],
        Activation::new("softplus", &[("beta", 2.5), ("threshold", 10.0)]).unwrap()
    );
    let again = PageState::parse(&s.to_hash()).unwrap();
    assert_eq!(again, s);
    assert_eq!(again.to_hash(), s.to_hash(), "serialisation is canonical");
}

#[test]
fn bare_parameter_applies_to_every_selected_function_taking_it() {
    let s = PageState::parse("fn=elu,celu,relu&alpha=0.5").unwrap();
    assert_eq!(s.functions()[0].params(), vec![("alpha", 0.5)]);
    assert_eq!(s.functions()[1].params(), vec![("alpha", 0.5)]);
    assert_eq!(s.functions()[2].params(), vec![]);
}

#[test]
fn percent_encoding_and_aliases_are_accepted() {
    let s = PageState::parse("fn=GELU%2Cleaky-relu&range=%2D3:3").unwrap();
    assert_eq!(names(&s), ["gelu", "leaky_relu"]);
    assert_eq!(s.range(), (-3.0, 3.0));
    let s = PageState::parse("fn=&deriv=0").unwrap();
    assert!(s.functions().is_empty(), "an empty list is a valid choice");
    assert_eq!(PageState::parse(&s.to_hash()).unwrap(), s);
    let s = PageState::parse("fn=relu&&deriv=1&").unwrap();
    assert_eq!(names(&s), ["relu"], "empty segments are skipped");
    let s = PageState::parse("theme=auto").unwrap();
    assert_eq!(s.theme, None);
}

#[test]
fn tiny_and_huge_numbers_stay_short_in_the_hash() {
    let mut s = PageState::default();
    s.set_range(-MAX_ABS_X, 1e-300).unwrap();
    s.set_selected("softplus", true).unwrap();
    s.set_param("softplus", "beta", 1.234_567_890_123_456_7e-6)
        .unwrap();
    let hash = s.to_hash();
    assert!(hash.len() < 200, "{hash}");
    assert_eq!(PageState::parse(&hash).unwrap(), s);
}

#[test]
fn rejections_name_the_problem() {
    let long = format!("fn={}", "a".repeat(1 << 20));
    assert!(err(&long).contains("too long"));
    let just_over = "x".repeat(MAX_HASH_LEN + 1);
    assert!(err(&just_over).contains("too long"));
    let many = (0..65)
        .map(|i| format!("k{i}=1"))
        .collect::<Vec<_>>()
        .join("&");
    assert!(err(&many).contains("too many settings"));
    assert!(err("fn").contains("no `=value`"));
    assert!(err("deriv=1&deriv=0").contains("appears twice"));

    let hostile = err("fn=<img src=x onerror=alert(1)>");
    assert!(hostile.contains("unknown activation"), "{hostile}");
    let hostile_long = err(&format!("fn={}", "<b>".repeat(600)));
    assert!(
        hostile_long.len() < 400,
        "messages stay short: {}",
        hostile_long.len()
    );
    assert!(err("fn=relu,ReLU").contains("twice"));
    let thirteen = activation_lab::activation::names()[..MAX_FUNCTIONS + 1].join(",");
    assert!(err(&format!("fn={thirteen}")).contains("too many functions"));

    assert!(err("deriv=2").contains("expected 0 or 1"));
    assert!(err("fp16=yes").contains("expected 0 or 1"));
    assert!(err("dmode=side").contains("`below` or `overlay`"));
    assert!(err("lang=fr").contains("`en` or `zh`"));
    assert!(err("theme=blue").contains("`light`, `dark` or `auto`"));

    assert!(err("range=5").contains("start:end"));
    assert!(err("range=a:5").contains("not a number"));
    assert!(err("range=-inf:5").contains("finite"));
    assert!(err("range=NaN:5").contains("finite"));
    assert!(err("range=5:-5").contains("below its end"));
    assert!(err(&format!("range=0:{}", MIN_SPAN / 2.0)).contains("below its end"));
    assert!(err("range=-2e6:0").contains("within"));

    assert!(err("fn=relu&focus=gelu").contains("not one of the selected"));
    assert!(err("focus=nope").contains("unknown activation"));

    assert!(err("fn=relu&elu.alpha=1").contains("not selected"));
    assert!(err("fn=elu&elu.beta=1").contains("has no parameter `beta`"));
    assert!(err("fn=relu&beta=1").contains("no selected function takes it"));
    assert!(err("fn=rrelu&rrelu.lower=2").contains("must lie in"));
    assert!(err("fn=rrelu&rrelu.lower=0.9&rrelu.upper=0.1").contains("must not exceed"));
    assert!(err("fn=hardtanh&hardtanh.min_val=2").contains("smaller than max_val"));
    assert!(err("fn=elu&alpha=inf").contains("finite"));
    assert!(err("fn=elu&alpha=1..2").contains("not a number"));
    assert!(err("fn=elu&alpha=2e7").contains("must lie in"));

    assert!(err("fn=%G1").contains("broken %-escape"));
    assert!(err("fn=relu%").contains("broken %-escape"));
    assert!(err("fn=%FF%FE").contains("not UTF-8"));
}

#[test]
fn setters_apply_the_same_rules() {
    let mut s = PageState::default();
    s.set_selected("elu", true).unwrap();
    s.set_selected("elu", true).unwrap(); // idempotent
    assert_eq!(names(&s), ["relu", "gelu", "silu", "elu"]);
    s.set_param("elu", "alpha", 2.0).unwrap();
    let before = s.clone();
    assert!(s.set_param("elu", "alpha", f64::NAN).is_err());
    assert!(s.set_param("elu", "beta", 1.0).is_err());
    assert!(s
        .set_param("tanh", "x", 1.0)
        .unwrap_err()
        .to_string()
        .contains("not selected"));
    assert!(s.set_range(1.0, 1.0).is_err());
    assert!(s.set_selected("nope", true).is_err());
    assert_eq!(s, before, "rejected changes leave the state alone");

    s.set_focus("elu").unwrap();
    assert!(s.set_focus("tanh").is_err());
    s.set_selected("elu", false).unwrap();
    assert_eq!(
        s.focus().as_deref(),
        Some("relu"),
        "deselecting the focus falls back"
    );

    for name in activation_lab::activation::names().iter().skip(3) {
        let _ = s.set_selected(name, true);
    }
    assert_eq!(s.functions().len(), MAX_FUNCTIONS);
    assert!(s
        .set_selected("tanhshrink", true)
        .unwrap_err()
        .to_string()
        .contains("at most"));
}

#[test]
fn zoom_and_pan_stay_inside_the_limits() {
    let mut s = PageState::default();
    s.zoom(0.0, 0.5);
    assert_eq!(s.range(), (-2.5, 2.5));
    s.zoom(2.5, 2.0);
    assert_eq!(s.range(), (-7.5, 2.5), "anchor stays fixed");
    for _ in 0..200 {
        s.zoom(0.1, 1e-3);
    }
    let (lo, hi) = s.range();
    assert!((hi - lo - MIN_SPAN).abs() < 1e-12 && lo <= 0.1 && hi >= 0.1);
    for _ in 0..200 {
        s.zoom(0.0, 1e3);
    }
    assert_eq!(s.range(), (-MAX_ABS_X, MAX_ABS_X));
    s.set_range(0.0, 10.0).unwrap();
    s.pan(1e9);
    assert_eq!(s.range(), (MAX_ABS_X - 10.0, MAX_ABS_X));
    s.pan(f64::NAN);
    s.zoom(f64::INFINITY, 2.0);
    s.zoom(0.0, -1.0);
    assert_eq!(
        s.range(),
        (MAX_ABS_X - 10.0, MAX_ABS_X),
        "bad input is ignored"
    );
    assert!(PageState::parse(&s.to_hash()).is_ok());
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(hash in ".{0,300}") {
        let _ = PageState::parse(&hash);
    }

    #[test]
    fn hash_like_text_never_panics(hash in "(fn|deriv|range|alpha|elu\\.alpha|%[0-9A-F]{0,2}|[=&,:.#<>0-9a-z-]){0,60}") {
        if let Ok(s) = PageState::parse(&hash) {
            prop_assert_eq!(PageState::parse(&s.to_hash()).unwrap(), s);
        }
    }

    #[test]
    fn valid_states_round_trip(
        picks in proptest::sample::subsequence(activation_lab::activation::names(), 0..=MAX_FUNCTIONS),
        lo in -1e5f64..1e5, span in 1e-3f64..1e5, t in 0.0f64..1.0,
        deriv: bool, overlay: bool, fp16: bool,
    ) {
        let mut s = PageState::default();
        for n in activation_lab::activation::names() { s.set_selected(n, false).unwrap(); }
        for n in &picks { s.set_selected(n, true).unwrap(); }
        for a in s.functions().to_vec() {
            for p in activation_lab::Activation::spec(a.name()).unwrap().params {
                let v = p.slider.0 + t * (p.slider.1 - p.slider.0);
                let _ = s.set_param(a.name(), p.name, v);
            }
        }
        s.set_range(lo, lo + span).unwrap();
        s.derivative = deriv;
        s.deriv_mode = if overlay { DerivMode::Overlay } else { DerivMode::Below };
        s.fp16 = fp16;
        let back = PageState::parse(&s.to_hash()).unwrap();
        prop_assert_eq!(back, s);
    }
}

/// The page reads a link's language before the rest, so a rejected link is explained in it; the
/// core's own pair splitting and percent-decoding decide what `lang` is, not a second parser.
#[test]
fn hash_lang_reads_the_language_even_from_a_rejected_link() {
    assert_eq!(hash_lang("#fn=nope&lang=zh"), Some(Lang::Zh));
    assert!(PageState::parse("#fn=nope&lang=zh").is_err());
    assert_eq!(hash_lang("lang=en&&garbage"), Some(Lang::En));
    assert_eq!(hash_lang("#l%61ng=%7Ah"), Some(Lang::Zh));
    assert_eq!(
        PageState::parse("#l%61ng=%7Ah").unwrap().lang,
        Some(Lang::Zh)
    );
    assert_eq!(hash_lang("#flang=zh&xlang=zh&lang=fr"), None);
    assert_eq!(hash_lang("#lang"), None);
    assert_eq!(hash_lang(""), None);
    assert_eq!(hash_lang("#lang=%zz&lang=zh"), Some(Lang::Zh));
}
