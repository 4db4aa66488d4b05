//! What the page's info panel and `activation-lab list` show about each function.

/// Grouping used by the page's checkbox list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Classic,
    ReluFamily,
    Exponential,
    SmoothGated,
    HardMobile,
}

impl Family {
    /// Stable key for UIs and translations.
    pub fn key(self) -> &'static str {
        match self {
            Family::Classic => "classic",
            Family::ReluFamily => "relu_family",
            Family::Exponential => "exponential",
            Family::SmoothGated => "smooth_gated",
            Family::HardMobile => "hard_mobile",
        }
    }
}

/// Static description of one catalog function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Info {
    pub name: &'static str,
    /// Human name, e.g. "Leaky ReLU".
    pub display: &'static str,
    pub family: Family,
    /// f(x) as plain text (Unicode maths).
    pub formula: &'static str,
    /// f′(x) as plain text.
    pub derivative: &'static str,
    /// Output range with default parameters, e.g. "(0, 1)".
    pub range: &'static str,
    pub monotonic: bool,
    /// Continuously differentiable everywhere.
    pub smooth: bool,
    /// Output roughly centred on zero (odd-ish around 0).
    pub zero_centred: bool,
    /// Derivative tends to 0 on at least one side.
    pub saturating: bool,
    /// Output bounded on both sides.
    pub bounded: bool,
    /// Relative cost per element (relu = 1), measured order of magnitude.
    pub cost: u8,
    /// Two to four pros and cons, English.
    pub notes_en: &'static [&'static str],
    /// The same notes, Simplified Chinese.
    pub notes_zh: &'static [&'static str],
}

macro_rules! info {
    ($name:literal, $display:literal, $family:ident, $f:literal, $d:literal, $range:literal,
     mono=$m:literal, smooth=$s:literal, zc=$z:literal, sat=$sat:literal, bounded=$b:literal, cost=$c:literal) => {
        Info {
            name: $name,
            display: $display,
            family: Family::$family,
            formula: $f,
            derivative: $d,
            range: $range,
            monotonic: $m,
            smooth: $s,
            zero_centred: $z,
            saturating: $sat,
            bounded: $b,
            cost: $c,
            notes_en: &[],
            notes_zh: &[],
        }
    };
}

/// One entry per catalog function, same order as `CATALOG`.
pub static INFOS: &[Info] = &[
    info!(
        "identity",
        "Identity",
        Classic,
        "x",
        "1",
        "(−∞, ∞)",
        mono = true,
        smooth = true,
        zc = true,
        sat = false,
        bounded = false,
        cost = 1
    ),
    info!(
        "sigmoid",
        "Sigmoid",
        Classic,
        "σ(x) = 1 / (1 + e^(−x))",
        "σ(x)·(1 − σ(x))",
        "(0, 1)",
        mono = true,
        smooth = true,
        zc = false,
        sat = true,
        bounded = true,
        cost = 4
    ),
    info!(
        "tanh",
        "Tanh",
        Classic,
        "tanh(x) = 2σ(2x) − 1",
        "1 − tanh²(x)",
        "(−1, 1)",
        mono = true,
        smooth = true,
        zc = true,
        sat = true,
        bounded = true,
        cost = 4
    ),
    info!(
        "relu",
        "ReLU",
        ReluFamily,
        "max(0, x)",
        "1 if x > 0, else 0",
        "[0, ∞)",
        mono = true,
        smooth = false,
        zc = false,
        sat = true,
        bounded = false,
        cost = 1
    ),
    info!(
        "leaky_relu",
        "Leaky ReLU",
        ReluFamily,
        "x if x ≥ 0, else negative_slope·x",
        "1 if x > 0, else negative_slope",
        "(−∞, ∞)",
        mono = true,
        smooth = false,
        zc = false,
        sat = false,
        bounded = false,
        cost = 1
    ),
    info!(
        "prelu",
        "PReLU",
        ReluFamily,
        "x if x ≥ 0, else a·x (a learned, starts at init)",
        "1 if x > 0, else a",
        "(−∞, ∞)",
        mono = true,
        smooth = false,
        zc = false,
        sat = false,
        bounded = false,
        cost = 1
    ),
    info!(
        "rrelu",
        "RReLU",
        ReluFamily,
        "x if x ≥ 0, else a·x; a ~ U(lower, upper) in training, (lower+upper)/2 in evaluation",
        "1 if x > 0, else a",
        "(−∞, ∞)",
        mono = true,
        smooth = false,
        zc = false,
        sat = false,
        bounded = false,
        cost = 1
    ),
    info!(
        "elu",
        "ELU",
        Exponential,
        "x if x > 0, else α·(eˣ − 1)",
        "1 if x > 0, else α·eˣ",
        "(−α, ∞)",
        mono = true,
        smooth = false,
        zc = true,
        sat = true,
        bounded = false,
        cost = 3
    ),
    info!(
        "celu",
        "CELU",
        Exponential,
        "max(0, x) + min(0, α·(e^(x/α) − 1))",
        "1 if x > 0, else e^(x/α)",
        "(−α, ∞)",
        mono = true,
        smooth = true,
        zc = true,
        sat = true,
        bounded = false,
        cost = 3
    ),
    info!(
        "selu",
        "SELU",
        Exponential,
        "λ·x if x > 0, else λ·α·(eˣ − 1); λ ≈ 1.0507, α ≈ 1.6733",
        "λ if x > 0, else λ·α·eˣ",
        "(−λα, ∞)",
        mono = true,
        smooth = false,
        zc = true,
        sat = true,
        bounded = false,
        cost = 3
    ),
    info!(
        "gelu",
        "GELU",
        SmoothGated,
        "x·Φ(x), Φ the standard normal CDF",
        "Φ(x) + x·φ(x)",
        "[≈−0.17, ∞)",
        mono = false,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 6
    ),
    info!(
        "gelu_tanh",
        "GELU (tanh approx.)",
        SmoothGated,
        "½x·(1 + tanh(√(2/π)·(x + 0.044715x³)))",
        "½(1 + tanh u) + ½x·sech²(u)·u′",
        "[≈−0.17, ∞)",
        mono = false,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 5
    ),
    info!(
        "relu6",
        "ReLU6",
        HardMobile,
        "min(max(0, x), 6)",
        "1 if 0 < x < 6, else 0",
        "[0, 6]",
        mono = true,
        smooth = false,
        zc = false,
        sat = true,
        bounded = true,
        cost = 1
    ),
    info!(
        "hardtanh",
        "Hardtanh",
        HardMobile,
        "clamp(x, min_val, max_val)",
        "1 if min_val < x < max_val, else 0",
        "[min_val, max_val]",
        mono = true,
        smooth = false,
        zc = true,
        sat = true,
        bounded = true,
        cost = 1
    ),
    info!(
        "hardsigmoid",
        "Hard sigmoid",
        HardMobile,
        "clamp(x/6 + ½, 0, 1)",
        "1/6 if −3 < x < 3, else 0",
        "[0, 1]",
        mono = true,
        smooth = false,
        zc = false,
        sat = true,
        bounded = true,
        cost = 1
    ),
    info!(
        "hardswish",
        "Hard swish",
        HardMobile,
        "x·clamp(x + 3, 0, 6)/6",
        "0 if x < −3, x/3 + ½ if x ≤ 3, else 1",
        "[−0.375, ∞)",
        mono = false,
        smooth = false,
        zc = false,
        sat = true,
        bounded = false,
        cost = 2
    ),
    info!(
        "silu",
        "SiLU",
        SmoothGated,
        "x·σ(x)",
        "σ(x)·(1 + x·(1 − σ(x)))",
        "[≈−0.278, ∞)",
        mono = false,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 4
    ),
    info!(
        "swish",
        "Swish",
        SmoothGated,
        "x·σ(βx)",
        "σ(βx) + βx·σ(βx)·(1 − σ(βx))",
        "[≈−0.278/β, ∞)",
        mono = false,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 4
    ),
    info!(
        "mish",
        "Mish",
        SmoothGated,
        "x·tanh(softplus(x))",
        "tanh(sp(x)) + x·sech²(sp(x))·σ(x)",
        "[≈−0.309, ∞)",
        mono = false,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 7
    ),
    info!(
        "softplus",
        "Softplus",
        Classic,
        "(1/β)·log(1 + e^(βx)); x where βx > threshold",
        "σ(βx); 1 where βx > threshold",
        "(0, ∞)",
        mono = true,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 4
    ),
    info!(
        "softsign",
        "Softsign",
        Classic,
        "x / (1 + |x|)",
        "1 / (1 + |x|)²",
        "(−1, 1)",
        mono = true,
        smooth = true,
        zc = true,
        sat = true,
        bounded = true,
        cost = 2
    ),
    info!(
        "logsigmoid",
        "Log-sigmoid",
        Classic,
        "log σ(x) = −softplus(−x)",
        "σ(−x)",
        "(−∞, 0)",
        mono = true,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 4
    ),
    info!(
        "tanhshrink",
        "Tanhshrink",
        Classic,
        "x − tanh(x)",
        "tanh²(x)",
        "(−∞, ∞)",
        mono = true,
        smooth = true,
        zc = true,
        sat = false,
        bounded = false,
        cost = 4
    ),
];

/// The entry for a catalog name; every catalog name has one (checked by a test).
pub fn info(name: &str) -> &'static Info {
    INFOS
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no info for catalog entry `{name}`"))
}
