//! Custom formulas on the curves page: `f(…)` keys in the URL hash, the setters, the range
//! warning, and hostile formulas rejected with a message (never a panic or a hang).
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::plot::readout;
use activation_lab::state::{PageState, MAX_HASH_LEN};

fn keys(s: &PageState) -> Vec<String> {
    s.functions().iter().map(|a| a.key()).collect()
}

#[test]
fn formula_key_round_trips_in_compact_form() {
    let mut s = PageState::default();
    let key = s.add_formula("x * sigmoid(1.702 * x)").unwrap();
    assert_eq!(key, "f(x*sigmoid(1.702*x))");
    assert_eq!(
        s.focus().as_deref(),
        Some(key.as_str()),
        "a new formula is focused"
    );
    let hash = s.to_hash();
    assert!(
        hash.contains("fn=relu,gelu,silu,f(x*sigmoid(1.702*x))"),
        "{hash}"
    );
    assert!(hash.contains("focus=f(x*sigmoid(1.702*x))"), "{hash}");
    let back = PageState::parse(&hash).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.to_hash(), hash);
}

#[test]
fn commas_inside_a_formula_do_not_split_the_function_list() {
    let s = PageState::parse("fn=f(max(0.1*x, x)),relu,f(min(x,1))&elu.alpha=1").unwrap_err();
    assert!(s.to_string().contains("elu"), "{s}");
    let s = PageState::parse("fn=f(max(0.1*x, x)),relu,f(min(x,1))").unwrap();
    assert_eq!(keys(&s), ["f(max(0.1*x,x))", "relu", "f(min(x,1))"]);
    // The leaky-relu-by-formula matches the catalog's leaky_relu(0.1) value and slope.
    let r = readout(&s, -2.0);
    assert_eq!((r[0].value, r[0].derivative), (-0.2, 0.1));
    let back = PageState::parse(&s.to_hash()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn percent_encoded_formulas_are_accepted() {
    let s = PageState::parse("fn=f(x%20*%20sigmoid(x))").unwrap();
    assert_eq!(keys(&s), ["f(x*sigmoid(x))"]);
}

#[test]
fn the_same_formula_spelled_twice_is_one_function() {
    let mut s = PageState::parse("fn=relu").unwrap();
    s.add_formula("x*sigmoid(x)").unwrap();
    s.add_formula(" x * SIGMOID( x ) ").unwrap();
    assert_eq!(keys(&s), ["relu", "f(x*sigmoid(x))"]);
    let e = PageState::parse("fn=f(x*x),f(x * x)")
        .unwrap_err()
        .to_string();
    assert!(e.contains("twice"), "{e}");
    s.set_selected("f(x * sigmoid(x))", false).unwrap();
    assert_eq!(keys(&s), ["relu"]);
    assert_eq!(
        s.focus().as_deref(),
        Some("relu"),
        "removing the focus falls back"
    );
}

#[test]
fn errors_carry_the_column_and_a_suggestion() {
    let mut s = PageState::default();
    let before = s.clone();
    let e = s.add_formula("sigmod(x)").unwrap_err().to_string();
    assert!(e.contains("unknown function `sigmod` at 1"), "{e}");
    assert!(e.contains("did you mean sigmoid"), "{e}");
    let e = s.add_formula("x * sigmod(x)").unwrap_err().to_string();
    assert!(e.contains("at 5"), "{e}");
    let e = PageState::parse("fn=f(x*)").unwrap_err().to_string();
    assert!(e.contains("formula") && e.contains("at 3"), "{e}");
    assert_eq!(s, before, "rejected formulas change nothing");
}

#[test]
fn custom_formulas_take_no_parameters() {
    let mut s = PageState::parse("fn=f(x*x),elu&alpha=0.5").unwrap();
    assert_eq!(s.functions()[1].params(), [("alpha", 0.5)]);
    assert!(s.set_param("f(x*x)", "alpha", 1.0).is_err());
    assert!(PageState::parse("fn=f(x*x)&alpha=0.5").is_err());
}

#[test]
fn undefined_parts_of_the_range_give_a_warning() {
    let mut s = PageState::parse("fn=relu,f(ln(x)),f(sqrt(x+2))&range=-2:2").unwrap();
    let w = s.range_warnings();
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(w[0].0, "f(ln(x))");
    assert!(w[0].1.contains("not finite"), "{}", w[0].1);
    // sqrt(x + 2) is finite at −2 but its slope is not: the derivative warning.
    assert!(w[1].1.contains("derivative"), "{}", w[1].1);
    s.set_range(1.0, 3.0).unwrap();
    assert!(s.range_warnings().is_empty(), "both are fine on [1, 3]");
}

#[test]
fn hostile_formulas_are_rejected_cleanly() {
    let mut s = PageState::default();
    for text in [
        "alert(1)".to_string(),
        "x".repeat(1 << 20),
        format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000)),
        "-".repeat(10_000) + "x",
        "constructor".to_string(),
        "x; alert(1)".to_string(),
        "</script><script>alert(1)</script>".to_string(),
        String::new(),
    ] {
        let e = s.add_formula(&text).unwrap_err().to_string();
        assert!(!e.is_empty() && e.len() < 400, "{} chars: {e}", text.len());
    }
    assert_eq!(keys(&s), ["relu", "gelu", "silu"]);
    // Through the hash: cut by the length cap before the parser sees it.
    let long = format!("fn=f({})", "x+".repeat(MAX_HASH_LEN) + "x");
    assert!(PageState::parse(&long).is_err());
    let deep = format!("fn=f({}x{})", "(".repeat(300), ")".repeat(300));
    let e = PageState::parse(&deep).unwrap_err().to_string();
    assert!(e.contains("nest"), "{e}");
}

#[test]
fn no_slope_is_drawn_where_the_function_is_undefined() {
    let s = PageState::parse("fn=f(ln(x))").unwrap();
    let r = readout(&s, -1.0);
    assert!(r[0].value.is_nan() && r[0].derivative.is_nan(), "{r:?}");
    assert_eq!(readout(&s, 2.0)[0].derivative, 0.5);
}
