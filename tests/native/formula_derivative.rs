//! Formula derivatives: exact (dual numbers) against central finite differences away from kinks,
//! and the documented one-sided choices at kinks.

use activation_lab::formula::Formula;

const FORMULAS: &[&str] = &[
    "x",
    "x * sigmoid(1.702 * x)",
    "x*tanh(ln(1+exp(x)))",
    "x * tanh(softplus(x))",
    "max(0.1*x, x)",
    "min(0.1*x, x)",
    "relu(x) - 0.5*relu(-x)",
    "abs(x)^1.5",
    "x^2",
    "x^3 - 2*x",
    "-x^2",
    "2^-x",
    "x^x^0.5 / 10",
    "abs(x)^x",
    "pow(abs(x) + 1, sin(x))",
    "1 - 2 - x",
    "(1 + x) / (2 + x^2)",
    "exp(-x*x)",
    "expm1(x/2) + log1p(abs(x))",
    "ln(abs(x)) + log(1 + x^2)",
    "log2(abs(x)) + log10(abs(x))",
    "sqrt(abs(x))",
    "sin(x) + cos(x) + tan(x/8)",
    "sinh(x/2) * cosh(x/3)",
    "atan(x) + arctan(2*x)",
    "asinh(x)",
    "x * (1 + erf(x / sqrt(2))) / 2",
    "erfc(x)",
    "sign(x) + step(x) + x",
    "pi * x + e",
    "sigmoid(x) * (1 - sigmoid(x))",
    "x / (1 + abs(x))",
    "max(x, sin(x)) + min(cos(x), x/3)",
    "softplus(2*x) / 2",
];

/// Points away from 0 (every kink above sits at 0 or where two curves cross; crossings of
/// max/min are avoided by skipping points where the two arguments are close).
fn points() -> Vec<f64> {
    (0..240)
        .map(|i| -6.0 + 0.05 * i as f64 + 0.0137)
        .filter(|x| x.abs() > 0.05)
        .collect()
}

#[test]
fn derivative_matches_central_differences_away_from_kinks() {
    let mut compared = 0;
    for text in FORMULAS {
        let f = Formula::parse(text).unwrap();
        for x in points() {
            let h = 1e-6 * (1.0 + x.abs());
            let (up, down) = (f.value(x + h), f.value(x - h));
            if !(up.is_finite() && down.is_finite() && f.value(x).is_finite()) {
                continue;
            }
            let numeric = (up - down) / (2.0 * h);
            let exact = f.derivative(x);
            // Skip points near a kink: the one-sided slopes disagree there.
            let left = (f.value(x) - f.value(x - h)) / h;
            let right = (f.value(x + h) - f.value(x)) / h;
            if (left - right).abs() > 1e-3 * (1.0 + numeric.abs()) {
                continue;
            }
            let tolerance = 1e-5 * (1.0 + exact.abs());
            assert!(
                (exact - numeric).abs() <= tolerance,
                "`{text}` at {x}: exact {exact}, central difference {numeric}"
            );
            compared += 1;
        }
    }
    assert!(compared > 7000, "only {compared} comparisons ran");
}

#[test]
fn value_and_derivative_agree_with_the_separate_calls() {
    for text in FORMULAS {
        let f = Formula::parse(text).unwrap();
        for x in points() {
            let (v, d) = f.value_and_derivative(x);
            assert!(
                v.to_bits() == f.value(x).to_bits() || v.is_nan(),
                "`{text}` at {x}"
            );
            assert!(d.to_bits() == f.derivative(x).to_bits() || d.is_nan());
        }
    }
}

#[test]
fn derivatives_are_exact_where_they_are_known_in_closed_form() {
    type Case = (&'static str, fn(f64) -> f64);
    let cases: &[Case] = &[
        ("x^2", |x| 2.0 * x),
        ("x^3", |x| 3.0 * x * x),
        ("exp(x)", f64::exp),
        ("sin(x)", f64::cos),
        ("ln(x)", |x| 1.0 / x),
        ("sigmoid(x)", |x| {
            let s = 1.0 / (1.0 + (-x).exp());
            s * (1.0 - s)
        }),
        ("softplus(x)", |x| 1.0 / (1.0 + (-x).exp())),
        ("tanh(x)", |x| 1.0 - x.tanh().powi(2)),
        ("atan(x)", |x| 1.0 / (1.0 + x * x)),
    ];
    for &(text, d) in cases {
        let f = Formula::parse(text).unwrap();
        for x in [0.25, 0.5, 1.0, 1.5, 2.0, 3.0] {
            let (got, want) = (f.derivative(x), d(x));
            assert!(
                (got - want).abs() <= 1e-14 * (1.0 + want.abs()),
                "`{text}`′({x}) = {got}, want {want}"
            );
        }
    }
}

#[test]
fn kinks_follow_the_documented_one_sided_choice() {
    let at_zero = |text: &str| Formula::parse(text).unwrap().derivative(0.0);
    assert_eq!(at_zero("relu(x)"), 0.0);
    assert_eq!(at_zero("abs(x)"), 0.0);
    assert_eq!(at_zero("sign(x)"), 0.0);
    assert_eq!(at_zero("step(x)"), 0.0);
    // max/min: the first argument wins a tie.
    assert_eq!(at_zero("max(0.1*x, x)"), 0.1);
    assert_eq!(at_zero("max(x, 0.1*x)"), 1.0);
    assert_eq!(at_zero("max(0, x)"), 0.0);
    assert_eq!(at_zero("min(x, 0.5*x)"), 1.0);
    assert_eq!(at_zero("min(0.5*x, x)"), 0.5);
    // Values at the kink.
    let f = Formula::parse("step(x) + sign(x)").unwrap();
    assert_eq!(f.value(0.0), 0.0);
    assert_eq!(f.value(2.0), 2.0);
    assert_eq!(f.value(-2.0), -1.0);
    // A flat argument does not turn an infinite slope into NaN.
    assert_eq!(at_zero("sqrt(0*x)"), 0.0);
    assert_eq!(at_zero("x^0"), 0.0);
    assert_eq!(Formula::parse("x^0").unwrap().value(0.0), 1.0);
    assert!(Formula::parse("(-2)^x").unwrap().derivative(2.0).is_nan());
    assert_eq!(Formula::parse("x^2").unwrap().derivative(-3.0), -6.0);
    assert_eq!(Formula::parse("0^x").unwrap().derivative(2.0), 0.0);
    // Infinite slope where the true one is infinite.
    assert_eq!(at_zero("sqrt(x)"), f64::INFINITY);
}
