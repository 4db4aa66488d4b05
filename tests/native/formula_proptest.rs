//! Property tests for the formula parser: generated valid formulas parse, evaluate and round-trip;
//! arbitrary strings never panic and every error names a column inside the text (or just past it).
// proptest is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::formula::{Formula, MAX_CHARS};
use activation_lab::Error;
use proptest::prelude::*;

/// Random formulas from the grammar: leaves x, numbers, constants; unary and binary operators and
/// every function, with random spacing choices.
fn formula() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("X".to_string()),
        Just("pi".to_string()),
        Just("e".to_string()),
        (0.0f64..100.0).prop_map(|v| format!("{v}")),
        (0u32..1000).prop_map(|v| format!("{v}e-2")),
    ];
    leaf.prop_recursive(6, 48, 3, |inner| {
        let unary = prop_oneof![
            Just("exp"),
            Just("expm1"),
            Just("ln"),
            Just("log"),
            Just("log1p"),
            Just("log2"),
            Just("log10"),
            Just("sqrt"),
            Just("abs"),
            Just("sin"),
            Just("cos"),
            Just("tan"),
            Just("tanh"),
            Just("sinh"),
            Just("cosh"),
            Just("atan"),
            Just("arctan"),
            Just("asinh"),
            Just("erf"),
            Just("erfc"),
            Just("sigmoid"),
            Just("softplus"),
            Just("relu"),
            Just("sign"),
            Just("step"),
        ];
        let binary_fn = prop_oneof![Just("max"), Just("min"), Just("pow")];
        let operator = prop_oneof![
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
            Just("^"),
            Just("**"),
            Just(" + "),
            Just(" * ")
        ];
        prop_oneof![
            (unary, inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            (binary_fn, inner.clone(), inner.clone())
                .prop_map(|(f, a, b)| format!("{f}({a}, {b})")),
            (inner.clone(), operator, inner.clone()).prop_map(|(a, op, b)| format!("{a}{op}{b}")),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("-{a}")),
        ]
    })
}

fn column_of(text: &str) -> Option<usize> {
    match Formula::parse(text) {
        Ok(_) => None,
        Err(Error::Formula {
            column, message, ..
        }) => {
            assert!(
                message.contains(&format!(" at {column}")),
                "message must name its column: {message}"
            );
            Some(column)
        }
        Err(other) => panic!("unexpected error kind: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_formulas_parse_evaluate_and_round_trip(text in formula(), x in -10.0f64..10.0) {
        let f = Formula::parse(&text);
        prop_assert!(f.is_ok(), "`{}` rejected: {:?}", text, f.err());
        let f = f.unwrap();
        let v = f.value(x);
        let (v2, d) = f.value_and_derivative(x);
        prop_assert!(v.to_bits() == v2.to_bits() || (v.is_nan() && v2.is_nan()));
        prop_assert_eq!(d.to_bits() == f.derivative(x).to_bits() || d.is_nan(), true);
        let again = Formula::parse(f.source());
        prop_assert!(again.is_ok(), "canonical `{}` rejected: {:?}", f.source(), again.err());
        let again = again.unwrap();
        prop_assert_eq!(again.source(), f.source());
        let w = again.value(x);
        prop_assert!(w.to_bits() == v.to_bits() || (w.is_nan() && v.is_nan()),
            "`{}` → `{}` changed the value at {}: {} vs {}", text, f.source(), x, v, w);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in ".{0,200}") {
        if let Some(column) = column_of(&text) {
            prop_assert!(column >= 1 && column <= text.chars().count().max(MAX_CHARS) + 1);
        }
    }

    #[test]
    fn strings_from_the_formula_alphabet_never_panic(
        text in "[x0-9.eE+\\-*/^(),a-z π−×（）]{0,120}"
    ) {
        if let Some(column) = column_of(&text) {
            prop_assert!(column >= 1 && column <= text.chars().count() + 1,
                "column {} outside `{}`", column, text);
        }
    }

    #[test]
    fn deep_random_nesting_never_overflows(open in 0usize..700, close in 0usize..700, ops in "[-+(]{0,300}") {
        let text = format!("{}{ops}x{}", "(".repeat(open), ")".repeat(close));
        let _ = column_of(&text);
    }
}
