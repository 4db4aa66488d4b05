//! Formula parser: valid formulas against Rust closures, canonical text, exact error columns and
//! messages, hostile inputs, the finite check.

use activation_lab::formula::{Formula, Gap, MAX_CHARS, MAX_DEPTH, MAX_OPS};
use activation_lab::Error;

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// Points over [-8, 8] that avoid 0 exactly and are not a regular grid.
fn points() -> Vec<f64> {
    (0..161).map(|i| -8.0 + 0.1 * i as f64 + 0.0123).collect()
}

fn close(a: f64, b: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    a == b || (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

type Case = (&'static str, fn(f64) -> f64);

const VALID: &[Case] = &[
    ("x", |x| x),
    ("x * sigmoid(1.702 * x)", |x| x * sigmoid(1.702 * x)),
    ("max(0.1*x, x)", |x| (0.1 * x).max(x)),
    ("min(0.1*x, x)", |x| (0.1 * x).min(x)),
    ("x*tanh(ln(1+exp(x)))", |x| x * (1.0 + x.exp()).ln().tanh()),
    ("x * tanh(softplus(x))", |x| x * softplus(x).tanh()),
    ("relu(x) - 0.5*relu(-x)", |x| {
        x.max(0.0) - 0.5 * (-x).max(0.0)
    }),
    ("abs(x)^1.5", |x| x.abs().powf(1.5)),
    ("x^2", |x| x * x),
    ("x**3", |x| x * x * x),
    ("-x^2", |x| -(x * x)),
    ("2^-x", |x| 2f64.powf(-x)),
    ("2^3^x", |x| 2f64.powf(3f64.powf(x))),
    ("pow(x, 2) + 1", |x| x * x + 1.0),
    ("1 - 2 - x", |x| 1.0 - 2.0 - x),
    ("8 / 2 / x", |x| 8.0 / 2.0 / x),
    ("1 + 2 * x - x / 4", |x| 1.0 + 2.0 * x - x / 4.0),
    ("(1 + x) * (2 - x)", |x| (1.0 + x) * (2.0 - x)),
    ("-(-x)", |x| x),
    ("+x", |x| x),
    ("x - -x", |x| 2.0 * x),
    ("exp(-x*x)", |x| (-x * x).exp()),
    ("expm1(x) + log1p(abs(x))", |x| x.exp_m1() + x.abs().ln_1p()),
    ("ln(abs(x)) + log(abs(x))", |x| 2.0 * x.abs().ln()),
    ("log2(abs(x)) + log10(abs(x))", |x| {
        x.abs().log2() + x.abs().log10()
    }),
    ("sqrt(abs(x))", |x| x.abs().sqrt()),
    ("sin(x) + cos(x) + tan(x/8)", |x| {
        x.sin() + x.cos() + (x / 8.0).tan()
    }),
    ("sinh(x/2) * cosh(x/3)", |x| {
        (x / 2.0).sinh() * (x / 3.0).cosh()
    }),
    ("atan(x) + arctan(2*x)", |x| x.atan() + (2.0 * x).atan()),
    ("asinh(x)", |x| x.asinh()),
    ("x * (1 + erf(x / sqrt(2))) / 2", |x| {
        x * (1.0 + libm::erf(x / 2f64.sqrt())) / 2.0
    }),
    ("erfc(x)", libm::erfc),
    ("sign(x) + step(x)", |x| {
        x.signum() + if x > 0.0 { 1.0 } else { 0.0 }
    }),
    ("sgn(x) * heaviside(x)", |x| if x > 0.0 { 1.0 } else { 0.0 }),
    ("pi * x + e", |x| {
        std::f64::consts::PI * x + std::f64::consts::E
    }),
    ("π*x", |x| std::f64::consts::PI * x),
    ("e^x", f64::exp),
    ("1.5e-3 * x + .5 + 2.", |x| 1.5e-3 * x + 0.5 + 2.0),
    ("1E2*x", |x| 100.0 * x),
    ("X * Sigmoid(X)", |x| x * sigmoid(x)),
    ("  x\t*\n2  ", |x| 2.0 * x),
    ("3 − x × 2 ÷ 4 · x", |x| 3.0 - x * 2.0 / 4.0 * x),
    ("max（x，0）", |x| x.max(0.0)),
    ("softplus(x) - ln(2)", |x| softplus(x) - 2f64.ln()),
];

#[test]
fn valid_formulas_match_rust_closures_everywhere() {
    for &(text, f) in VALID {
        let formula = Formula::parse(text).unwrap_or_else(|e| panic!("`{text}` rejected: {e}"));
        for x in points() {
            let (got, want) = (formula.value(x), f(x));
            assert!(close(got, want), "`{text}` at {x}: got {got}, want {want}");
        }
    }
}

#[test]
fn canonical_source_is_tidy_and_parses_back_to_the_same_formula() {
    let cases = [
        ("x*sigmoid(1.702*x)", "x * sigmoid(1.702 * x)"),
        ("max(0.1*x,x)", "max(0.1 * x, x)"),
        ("x**2", "x^2"),
        ("pow(x, 2)", "x^2"),
        ("LOG(X)", "ln(x)"),
        ("arctan(x)", "atan(x)"),
        ("--x", "-(-x)"),
        ("((x))", "x"),
        ("(x^2)^3", "(x^2)^3"),
        ("x^(2^3)", "x^2^3"),
        ("(-x)^2", "(-x)^2"),
        ("-(x^2)", "-x^2"),
        ("1 - (x - 1)", "1 - (x - 1)"),
        ("(1 - x) - 1", "1 - x - 1"),
        ("x / (2 * x)", "x / (2 * x)"),
        ("x + (1 + x)", "x + (1 + x)"),
        ("3.141592653589793 * x", "pi * x"),
        ("1e20*x", "1e20 * x"),
        ("0.00001*x", "1e-5 * x"),
        ("+x", "x"),
        ("π", "pi"),
    ];
    for (text, canonical) in cases {
        let f = Formula::parse(text).unwrap();
        assert_eq!(f.source(), canonical, "canonical text of `{text}`");
        assert_eq!(f.to_string(), canonical);
        let again = Formula::parse(f.source()).unwrap();
        assert_eq!(
            again, f,
            "`{canonical}` must parse back to the same program"
        );
    }
    for &(text, _) in VALID {
        let f = Formula::parse(text).unwrap();
        let again: Formula = f.source().parse().unwrap();
        assert_eq!(again, f, "`{text}` → `{}` must round-trip", f.source());
    }
}

fn error(text: &str) -> (usize, String) {
    match Formula::parse(text) {
        Err(Error::Formula {
            column, message, ..
        }) => (column, message),
        other => panic!("`{text}` should be a formula error, got {other:?}"),
    }
}

#[test]
fn errors_point_at_the_exact_column_with_a_helpful_message() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "x * sigmod(x)",
            5,
            "unknown function `sigmod` at 5; did you mean sigmoid?",
        ),
        (
            "sigmiod(x)",
            1,
            "unknown function `sigmiod` at 1; did you mean sigmoid?",
        ),
        (
            "x + tahn(x)",
            5,
            "unknown function `tahn` at 5; did you mean tanh?",
        ),
        (
            "softpuls(x)",
            1,
            "unknown function `softpuls` at 1; did you mean softplus?",
        ),
        (
            "2 * y",
            5,
            "unknown variable `y` at 5; the only variable is x (constants: pi, e)",
        ),
        (
            "x * pie",
            5,
            "unknown variable `pie` at 5; did you mean pi?",
        ),
        (
            "x * (1 + x",
            5,
            "unclosed parenthesis: the `(` at 5 has no matching `)`",
        ),
        (
            "max(x, 0",
            4,
            "unclosed parenthesis: the `(` of `max` at 4 has no matching `)`",
        ),
        ("x + 1)", 6, "unmatched `)` at 6: no `(` opens it"),
        (
            "(x + )",
            6,
            "unexpected `)` at 6: expected a number, x, a function or `(` before it",
        ),
        (
            "x * * 2",
            5,
            "unexpected `*` at 5: expected a number, x, a function or `(`",
        ),
        (
            "x +",
            4,
            "the formula ends too early at 4: expected a number, x, a function or `(`",
        ),
        (
            "2x",
            2,
            "missing operator before `x` at 2; write `*` to multiply (e.g. 2*x)",
        ),
        (
            "x x",
            3,
            "missing operator before `x` at 3; write `*` to multiply (e.g. 2*x)",
        ),
        (
            "(x)(x)",
            4,
            "missing operator before `(` at 4; write `*` to multiply (e.g. 2*x)",
        ),
        (
            "x(2)",
            2,
            "missing operator after `x` at 2: write x*(…) to multiply",
        ),
        (
            "max(x)",
            1,
            "`max` at 1 takes two arguments, e.g. max(x, 0); got 1",
        ),
        (
            "x + sin(x, 1)",
            5,
            "`sin` at 5 takes one argument, e.g. sin(x); got 2",
        ),
        (
            "relu()",
            1,
            "`relu` at 1 takes one argument, e.g. relu(x); got 0",
        ),
        (
            "sigmoid * x",
            1,
            "`sigmoid` at 1 is a function: write sigmoid(…) with its argument in parentheses",
        ),
        (
            "pi(x)",
            1,
            "`pi` at 1 is a constant, not a function; write pi*(…) to multiply",
        ),
        (
            "",
            1,
            "the formula is empty at 1: type an expression in x, e.g. x * sigmoid(x)",
        ),
        (
            " \t ",
            1,
            "the formula is empty at 1: type an expression in x, e.g. x * sigmoid(x)",
        ),
        (
            "x + ()",
            5,
            "empty parentheses at 5: put an expression inside",
        ),
        ("x $ 2", 3, "unexpected character `$` at 3"),
        (
            "x = 2",
            3,
            "unexpected character `=` at 3; comparisons are not supported (try step(x) or max/min)",
        ),
        (
            "[x]",
            1,
            "unexpected character `[` at 1; use ( and ) for grouping",
        ),
        ("x + 1e400", 5, "the number `1e400` at 5 is too large"),
        (
            "x + .",
            5,
            "a lone `.` at 5 is not a number; write e.g. 0.5",
        ),
        (
            "x, 2",
            2,
            "unexpected `,` at 2: commas only separate the arguments of max, min and pow",
        ),
        (
            "(x, 2)",
            3,
            "unexpected `,` at 3: only max, min and pow take two arguments",
        ),
        // Columns count characters, not bytes.
        ("π × ☃", 5, "unexpected character `☃` at 5"),
    ];
    for &(text, column, message) in cases {
        let (got_column, got_message) = error(text);
        assert_eq!(
            (got_column, got_message.as_str()),
            (column, message),
            "error for `{text}`"
        );
    }
}

#[test]
fn unknown_function_without_a_close_match_lists_the_known_ones() {
    let (column, message) = error("alert(1)");
    assert_eq!(column, 1);
    assert!(message.starts_with("unknown function `alert` at 1; known functions: exp, "));
    for name in ["sigmoid", "softplus", "max", "erf"] {
        assert!(message.contains(name), "{message}");
    }
    // Aliases are not repeated in the list.
    assert!(!message.contains("arctan"), "{message}");
}

#[test]
fn hostile_inputs_are_rejected_cleanly() {
    // 1 MB of text: refused by length before it is scanned.
    let huge = "x+".repeat(512 * 1024);
    let (column, message) = error(&huge);
    assert_eq!(column, MAX_CHARS + 1);
    assert_eq!(
        message,
        "the formula is too long at 1001: at most 1000 characters"
    );
    // Exactly at the cap is fine; one more character is not.
    let at_cap = format!("x + 0.{}1", "0".repeat(MAX_CHARS - 7));
    assert_eq!(at_cap.chars().count(), MAX_CHARS);
    assert!(Formula::parse(&at_cap).is_ok());
    assert_eq!(error(&format!("{at_cap} ")).0, MAX_CHARS + 1);
    // The cap counts characters, not bytes: 1,000 `π` (2 bytes each) are not "too long".
    assert_ne!(error(&"π".repeat(MAX_CHARS)).0, MAX_CHARS + 1);
    // 10,000 nested parentheses: too long first.
    let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(error(&deep).0, MAX_CHARS + 1);
    // Nesting within the length cap: refused at the level that goes over.
    let nested = |n: usize| format!("{}x{}", "(".repeat(n), ")".repeat(n));
    assert!(Formula::parse(&nested(MAX_DEPTH)).is_ok());
    let (column, message) = error(&nested(MAX_DEPTH + 1));
    assert_eq!(column, MAX_DEPTH + 1);
    assert_eq!(
        message,
        "the formula is nested too deeply at 65: at most 64 levels of parentheses, calls, signs \
         and powers"
    );
    assert_eq!(error(&nested(400)).0, MAX_DEPTH + 1);
    // Deep chains of signs, calls and powers count too.
    assert_eq!(error(&format!("{}x", "-".repeat(300))).0, MAX_DEPTH + 1);
    assert!(Formula::parse(&format!("{}x{}", "exp(".repeat(100), ")".repeat(100))).is_err());
    assert!(Formula::parse(&vec!["x"; 200].join("^")).is_err());
    // Unclosed nesting at the cap still reports the cap or the missing `)`, never overflows.
    assert!(Formula::parse(&"(".repeat(MAX_CHARS)).is_err());
    assert!(Formula::parse(&")".repeat(MAX_CHARS)).is_err());
    // Many operations within the length cap: refused by the instruction cap.
    let wide = vec!["x"; MAX_CHARS / 2].join("+");
    let (_, message) = error(&wide);
    assert_eq!(
        message,
        format!(
            "the formula is too large at {}: at most {MAX_OPS} numbers, variables and operations",
            message
                .split(" at ")
                .nth(1)
                .and_then(|s| s.split(':').next())
                .unwrap()
        )
    );
    // A long unknown name is shortened in the message.
    let (_, message) = error(&format!("{}(x)", "a".repeat(900)));
    assert!(message.starts_with(&format!("unknown function `{}…` at 1;", "a".repeat(24))));
    assert!(!message.contains(&"a".repeat(25)), "{message}");
    // Control characters and script-looking input.
    assert!(error("x\u{0}")
        .1
        .contains("unexpected character `\\0` at 2"));
    assert_eq!(error("alert(document.cookie)").0, 1);
    assert_eq!(
        error("new Function('x')"),
        (
            1,
            "unknown variable `new` at 1; the only variable is x (constants: pi, e)".to_string()
        )
    );
    // Errors come in reading order: the first mistake is reported, whatever its kind.
    assert_eq!(error("sigmod(x) $ 1e999").0, 1);
    assert_eq!(error("x $ sigmod(x)").0, 3);
    assert_eq!(error("x + 1e999 + (").0, 5);
}

#[test]
fn the_largest_valid_formulas_work() {
    let wide = vec!["x"; MAX_OPS / 2].join("+");
    let f = Formula::parse(&wide).unwrap();
    assert_eq!(f.value(1.0), (MAX_OPS / 2) as f64);
    assert_eq!(f.derivative(3.0), (MAX_OPS / 2) as f64);
    // Right-leaning nesting right at the depth cap keeps many operands pending.
    let mut text = String::from("x");
    for _ in 0..MAX_DEPTH - 1 {
        text = format!("x + x * ({text})");
    }
    let f = Formula::parse(&text).unwrap();
    assert!(f.value(0.5).is_finite());
    assert!(f.derivative(0.5).is_finite());
}

#[test]
fn nan_in_gives_nan_out_and_undefined_regions_are_not_finite() {
    let f = Formula::parse("x * sigmoid(x) + relu(x) + step(x) + sign(x) + max(x, 0)").unwrap();
    assert!(f.value(f64::NAN).is_nan());
    assert!(f.derivative(f64::NAN).is_nan());
    let ln = Formula::parse("ln(x)").unwrap();
    assert!(ln.value(-1.0).is_nan());
    assert_eq!(ln.value(0.0), f64::NEG_INFINITY);
    // Stable pieces stay finite far out.
    let f = Formula::parse("sigmoid(x) + softplus(x) - relu(x) + tanh(x)").unwrap();
    for x in [-1e300, -800.0, 800.0, 1e300] {
        assert!(f.value(x).is_finite(), "{x}");
        assert!(f.derivative(x).is_finite(), "{x}");
    }
}

#[test]
fn check_reports_where_a_formula_is_not_finite() {
    let clean = Formula::parse("x * sigmoid(x)").unwrap();
    let report = clean.check(-6.0, 6.0, 121).unwrap();
    assert!(report.is_finite());
    assert_eq!(report.warning(), None);

    let ln = Formula::parse("ln(x)").unwrap();
    let report = ln.check(-6.0, 6.0, 97).unwrap();
    assert_eq!(report.value_gaps.len(), 1);
    let gap = report.value_gaps[0];
    assert_eq!(gap.from, -6.0);
    assert_eq!(gap.to, 0.0, "{gap:?}");
    let warning = report.warning().unwrap();
    assert!(warning.contains("not finite"), "{warning}");
    assert!(warning.contains("[-6, 0]"), "{warning}");

    // 1/x: a single bad sample at 0 in the value, and in the derivative.
    let inv = Formula::parse("1/x").unwrap();
    // Step 0.25 is exact, so the sample at 0 is exactly 0.
    let report = inv.check(-4.0, 4.0, 33).unwrap();
    assert_eq!(report.value_gaps.len(), 1);
    assert_eq!(report.value_gaps[0].from, report.value_gaps[0].to);
    assert_eq!(report.derivative_gaps.len(), 1);

    // sqrt(x + 4): finite value, infinite slope at the left end only.
    let cusp = Formula::parse("sqrt(x + 4)").unwrap();
    let report = cusp.check(-4.0, 4.0, 33).unwrap();
    assert!(report.value_gaps.is_empty());
    assert_eq!(
        report.derivative_gaps,
        vec![Gap {
            from: -4.0,
            to: -4.0
        }]
    );
    assert!(report.warning().unwrap().contains("derivative"));

    // ln(sin(x)) on (0, 20]: the negative half-periods (π..2π, 3π..4π, 5π..6π) are three gaps.
    let waves = Formula::parse("ln(sin(x))").unwrap();
    let report = waves.check(0.01, 20.0, 2000).unwrap();
    assert_eq!(report.value_gaps.len(), 3);

    assert!(clean.check(1.0, 1.0, 10).is_err());
    assert!(clean.check(f64::NAN, 1.0, 10).is_err());
    assert!(clean.check(0.0, 1.0, 1).is_err());
    assert!(clean.check(0.0, 1.0, 1_000_000).is_err());
}

#[test]
fn slice_kernels_agree_with_the_scalar_path() {
    let f = Formula::parse("x * tanh(softplus(x))").unwrap();
    let x: Vec<f32> = (0..200).map(|i| -10.0 + 0.1 * i as f32).collect();
    let mut out = vec![0.0; x.len()];
    f.forward(&x, &mut out);
    let grad_out: Vec<f32> = (0..x.len()).map(|i| 0.5 + (i % 3) as f32).collect();
    let mut grad_in = vec![0.0; x.len()];
    f.backward(&x, &grad_out, &mut grad_in);
    for i in 0..x.len() {
        let xi = f64::from(x[i]);
        assert_eq!(out[i], f.value(xi) as f32);
        assert_eq!(
            grad_in[i],
            (f.derivative(xi) * f64::from(grad_out[i])) as f32
        );
    }
}

/// Every formula mistake has a Chinese message for the page in 中文: the same column, the same
/// quoted token, and no English sentence left in it (issue 18: complete i18n from a link).
#[test]
fn every_formula_error_has_a_chinese_message_with_the_same_column() {
    let deep = format!(
        "{}x{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    let long = "x+".repeat(MAX_CHARS);
    let many = vec!["x"; MAX_OPS].join("+");
    let cases: Vec<&str> = vec![
        "x * sigmod(x)",
        "2 * y",
        "x * pie",
        "x * (1 + x",
        "max(x, 0",
        "x + 1)",
        "(x + )",
        "x * * 2",
        "x +",
        "2x",
        "x x",
        "(x)(x)",
        "x(2)",
        "max(x)",
        "x + sin(x, 1)",
        "relu()",
        "sigmoid * x",
        "pi(x)",
        "",
        "x + ()",
        "x $ 2",
        "x = 2",
        "[x]",
        "x + 1e400",
        "x + .",
        "x, 2",
        "(x, 2)",
        "π × ☃",
        "qqqq(x)",
        "qqqq",
        &deep,
        &long,
        &many,
    ];
    let english = [
        "at ",
        "the ",
        "unexpected",
        "missing",
        "write ",
        "expected",
        "did you",
    ];
    let mut seen = std::collections::HashMap::new();
    for text in cases {
        let (column, en, zh) = match Formula::parse(text) {
            Err(Error::Formula {
                column,
                message,
                message_zh,
            }) => (column, message, message_zh),
            other => panic!("`{text}` should be a formula error, got {other:?}"),
        };
        let shown: String = text.chars().take(20).collect();
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "`{shown}`: no Chinese in {zh:?}"
        );
        for word in english {
            assert!(
                !zh.contains(word),
                "`{shown}`: English `{word}` left in {zh:?}"
            );
        }
        // A whole-formula problem (empty, too complex) names no position worth reading in Chinese.
        let whole = en.contains("is empty at 1") || en.contains("too complex at 1");
        if en.contains(&format!("at {column}")) && !whole {
            assert!(
                zh.contains(&format!("第 {column} 个字符")),
                "`{shown}`: column {column} missing in {zh:?}"
            );
        }
        for quoted in en.split('`').skip(1).step_by(2) {
            assert!(
                zh.contains(&format!("`{quoted}`")),
                "`{shown}`: `{quoted}` missing in {zh:?}"
            );
        }
        assert_eq!(
            Error::Formula {
                column,
                message: en.clone(),
                message_zh: zh.clone()
            }
            .message_in(false),
            en
        );
        if let Some(other) = seen.insert(zh.clone(), en.clone()) {
            assert_eq!(
                other, en,
                "two different English messages share the Chinese {zh:?}"
            );
        }
    }
}
