//! What the page's info panel and `activation-lab list` show about each function.

/// Grouping used by the page's checkbox list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Classic,
    ReluFamily,
    Exponential,
    SmoothGated,
    HardMobile,
    /// Shrinkage, periodic and radial functions (and bent identity): shapes the articles mention
    /// that fit none of the families above.
    Other,
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
            Family::Other => "other",
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
    /// Output range with default parameters, e.g. "(0, 1)" (elu: "(−1, ∞)", not "(−α, ∞)").
    pub range: &'static str,
    pub monotonic: bool,
    /// Continuously differentiable everywhere (with default parameters; softplus's
    /// threshold switch, a 2e-9 step, is ignored).
    pub smooth: bool,
    /// Output roughly centred on zero (odd-ish around 0).
    pub zero_centred: bool,
    /// Derivative tends to 0 on at least one side.
    pub saturating: bool,
    /// Output bounded on both sides.
    pub bounded: bool,
    /// Relative cost per element (relu = 1), measured order of magnitude.
    pub cost: u8,
    /// Two to four pros and cons, English (empty without the `notes` feature: the curves build
    /// fetches them as www/data/notes.json).
    pub notes_en: &'static [&'static str],
    /// The same notes, Simplified Chinese.
    pub notes_zh: &'static [&'static str],
    /// Why gradient descent cannot train with this function (English, Chinese); `None` for
    /// every function that passes a useful gradient.
    pub untrainable: Option<(&'static str, &'static str)>,
}

macro_rules! info {
    (@untrainable) => {
        None
    };
    (@untrainable ($ue:literal, $uz:literal)) => {
        Some(($ue, $uz))
    };
    ($name:literal, $display:literal, $family:ident, $f:literal, $d:literal, $range:literal,
     mono=$m:literal, smooth=$s:literal, zc=$z:literal, sat=$sat:literal, bounded=$b:literal, cost=$c:literal,
     en=$en:expr, zh=$zh:expr $(, untrainable=($ue:literal, $uz:literal))?) => {
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
            #[cfg(feature = "notes")]
            notes_en: &$en,
            #[cfg(feature = "notes")]
            notes_zh: &$zh,
            #[cfg(not(feature = "notes"))]
            notes_en: &[],
            #[cfg(not(feature = "notes"))]
            notes_zh: &[],
            untrainable: info!(@untrainable $(($ue, $uz))?),
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
        cost = 1,
        en = [
            "No non-linearity: a stack of layers with identity activations collapses into one linear map.",
            "The gradient is exactly 1 everywhere, which makes it the baseline to compare the others against.",
        ],
        zh = [
            "没有非线性：全部使用恒等激活的多层网络等价于一个线性模型。",
            "导数处处为 1，适合作为比较其他激活函数的基准。",
        ]
    ),
    info!(
        "step",
        "Step (Heaviside)",
        Classic,
        "1 if x > 0, else 0",
        "0 (undefined at 0)",
        "[0, 1]",
        mono = true,
        smooth = false,
        zc = false,
        sat = true,
        bounded = true,
        cost = 1,
        en = [
            "The perceptron's original activation: fires 1 for positive input, 0 otherwise.",
            "Its derivative is 0 everywhere (and undefined at 0), so backpropagation passes no gradient: a network of steps cannot be trained by gradient descent.",
            "Shown for history and comparison; sigmoid and tanh were adopted as its smooth, trainable replacements.",
        ],
        zh = [
            "感知机最早使用的激活函数：输入为正时输出 1，否则输出 0。",
            "它的导数处处为 0（在 0 处不可导），反向传播传不回任何梯度，因此无法用梯度下降训练。",
            "这里用于了解历史和对比；sigmoid 和 tanh 正是作为它平滑、可训练的替代品而被采用的。",
        ],
        untrainable = (
            "step cannot be trained: its derivative is 0 everywhere, so gradient descent gets a zero gradient and the weights never change. Pick sigmoid or tanh, its smooth replacements.",
            "阶跃函数无法训练：它的导数处处为 0，梯度下降得到的梯度恒为 0，权重永远不会更新。请改用它的平滑替代品 sigmoid 或 tanh。"
        )
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
        cost = 4,
        en = [
            "Squashes any input into (0, 1), handy as a probability or a gate.",
            "Saturates: beyond about ±5 the gradient is nearly 0, so deep stacks suffer from vanishing gradients.",
            "Outputs are all positive (not zero-centred), so weight updates tend to zig-zag.",
            "Needs an exponential, which costs more than ReLU's comparison.",
        ],
        zh = [
            "把任意输入压缩到 (0, 1)，适合表示概率或用作门控。",
            "会饱和：输入超过约 ±5 时梯度几乎为 0，深层网络容易出现梯度消失。",
            "输出全为正、不以 0 为中心，权重更新的方向容易来回摆动。",
            "需要计算指数，比 ReLU 的一次比较慢得多。",
        ]
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
        cost = 4,
        en = [
            "Zero-centred output in (−1, 1); usually converges faster than sigmoid.",
            "Still saturates at both ends, so the vanishing-gradient problem remains.",
            "Exponentials make it more expensive than ReLU.",
        ],
        zh = [
            "输出在 (−1, 1) 之间且以 0 为中心，通常比 sigmoid 收敛更快。",
            "两端仍然饱和，并没有解决梯度消失问题。",
            "需要指数运算，计算量比 ReLU 大。",
        ]
    ),
    info!(
        "arctan",
        "Arctan",
        Classic,
        "arctan(x)",
        "1 / (1 + x²)",
        "(≈−1.5708, ≈1.5708)",
        mono = true,
        smooth = true,
        zc = true,
        sat = true,
        bounded = true,
        cost = 4,
        en = [
            "An S-curve like tanh, zero-centred, bounded by ±π/2.",
            "Its derivative 1/(1 + x²) decays only polynomially, so it saturates more slowly than tanh or sigmoid.",
            "Still a saturating function: deep stacks of it lose gradient in the tails.",
        ],
        zh = [
            "和 tanh 一样的 S 形曲线，以 0 为中心，取值范围是 ±π/2。",
            "导数 1/(1 + x²) 只按多项式速度衰减，因此比 tanh、sigmoid 饱和得更慢。",
            "它仍然会饱和：多层堆叠时两端的梯度依然会消失。",
        ]
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
        cost = 1,
        en = [
            "The cheapest non-linearity: one comparison, no exponential.",
            "The gradient is exactly 1 for x > 0, so it does not vanish there; SGD often converges several times faster than with sigmoid or tanh.",
            "Sparse activations: every negative input gives an exact zero.",
            "Dying ReLU: a unit whose input stays negative gets zero gradient and may never recover; the output is not zero-centred either.",
        ],
        zh = [
            "最便宜的非线性：只需一次比较，没有指数运算。",
            "x > 0 时梯度恒为 1，不会消失；用 SGD 训练往往比 sigmoid、tanh 收敛快好几倍。",
            "激活稀疏：所有负输入都直接输出 0。",
            "“死亡 ReLU”：输入始终为负的神经元梯度为 0，可能再也无法恢复；输出也不以 0 为中心。",
        ]
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
        cost = 1,
        en = [
            "A small negative slope (0.01 by default) keeps a gradient for x < 0, so units do not die.",
            "As cheap as ReLU: no exponential.",
            "The slope is a hand-picked hyper-parameter and results can be sensitive to it.",
            "Like ReLU, it does nothing against exploding gradients.",
        ],
        zh = [
            "负半轴保留一个小斜率（默认 0.01），负输入也有梯度，神经元不会“死亡”。",
            "和 ReLU 一样便宜，不需要指数运算。",
            "斜率是手动设定的超参数，效果对它比较敏感。",
            "和 ReLU 一样，无法避免梯度爆炸。",
        ]
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
        cost = 1,
        en = [
            "Like Leaky ReLU, but the negative slope is learned during training (starting at init = 0.25).",
            "More freedom to fit the data at almost no extra cost.",
            "The extra parameters raise the risk of overfitting, especially on small data sets.",
        ],
        zh = [
            "与 Leaky ReLU 相同，但负半轴斜率在训练中学习得到（初始值 init = 0.25）。",
            "几乎不增加计算量，就能更灵活地拟合数据。",
            "多出来的参数会增加过拟合的风险，小数据集上尤其要注意。",
        ]
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
        cost = 1,
        en = [
            "In training every negative slope is drawn at random from [lower, upper]; evaluation uses the fixed mean (lower + upper)/2.",
            "The random slopes act as a regulariser, much like injected noise.",
            "Runs are only reproducible when the random seed is fixed.",
        ],
        zh = [
            "训练时负半轴斜率从 [lower, upper] 中随机抽取，推理时固定为均值 (lower + upper)/2。",
            "随机斜率起到一定的正则化作用，类似于注入噪声。",
            "只有固定随机种子，训练结果才能复现。",
        ]
    ),
    info!(
        "elu",
        "ELU",
        Exponential,
        "x if x > 0, else α·(eˣ − 1)",
        "1 if x > 0, else α·eˣ",
        "(−1, ∞)",
        mono = true,
        // C¹ at α = 1 (both one-sided slopes at 0 are 1); other α leave a kink.
        smooth = true,
        zc = true,
        sat = true,
        bounded = false,
        cost = 3,
        en = [
            "Negative outputs saturate smoothly towards −α, pulling mean activations towards zero and avoiding dead units.",
            "With α = 1 the curve has no kink at 0 (the derivative is continuous); other α leave a kink.",
            "Needs an exponential for x < 0, so it is slower than ReLU and Leaky ReLU.",
            "α is fixed, not learned, and exploding gradients are still possible.",
        ],
        zh = [
            "负半轴平滑地饱和到 −α，使激活均值更接近 0，也避免了神经元死亡。",
            "α = 1 时曲线在 0 处没有折点（导数连续）；其他 α 会留下折点。",
            "负半轴需要计算指数，比 ReLU、Leaky ReLU 慢。",
            "α 是固定值，网络不会学习它；仍然可能出现梯度爆炸。",
        ]
    ),
    info!(
        "celu",
        "CELU",
        Exponential,
        "max(0, x) + min(0, α·(e^(x/α) − 1))",
        "1 if x > 0, else e^(x/α)",
        "(−1, ∞)",
        mono = true,
        smooth = true,
        zc = true,
        sat = true,
        bounded = false,
        cost = 3,
        en = [
            "ELU rewritten so the derivative is continuous at 0 for every α (slope 1 on both sides).",
            "The negative side saturates at −α, keeping mean activations near zero.",
            "Same exponential cost as ELU.",
        ],
        zh = [
            "ELU 的改写形式：无论 α 取何值，导数在 0 处都连续（两侧斜率都是 1）。",
            "负半轴饱和到 −α，使激活均值保持在 0 附近。",
            "和 ELU 一样需要指数运算。",
        ]
    ),
    info!(
        "selu",
        "SELU",
        Exponential,
        "λ·x if x > 0, else λ·α·(eˣ − 1); λ ≈ 1.0507, α ≈ 1.6733",
        "λ if x > 0, else λ·α·eˣ",
        "(≈−1.7581, ∞)",
        mono = true,
        smooth = false,
        zc = true,
        sat = true,
        bounded = false,
        cost = 3,
        en = [
            "Its fixed λ and α make a network self-normalising: with lecun_normal initialisation, activations keep mean ≈ 0 and variance ≈ 1 layer after layer.",
            "The SELU paper proves that gradients can then neither vanish nor explode.",
            "Only works as intended with lecun_normal initialisation, and with AlphaDropout instead of ordinary dropout.",
            "Exponential on the negative side; still few comparisons on CNNs and RNNs.",
        ],
        zh = [
            "固定的 λ 和 α 让网络“自归一化”：配合 lecun_normal 初始化，每层激活的均值保持在 0 附近、方差保持在 1 附近。",
            "论文证明此时梯度既不会消失也不会爆炸。",
            "必须配合 lecun_normal 初始化，dropout 也要换成 AlphaDropout，才能达到预期效果。",
            "负半轴需要指数运算；在 CNN、RNN 上的对比研究还比较少。",
        ]
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
        cost = 6,
        en = [
            "Weights the input by the Gaussian CDF, x·Φ(x): smooth, with a small negative dip near x ≈ −0.75.",
            "The standard choice in Transformers such as BERT and GPT-2.",
            "Not monotonic, and the erf makes it one of the more expensive functions here.",
        ],
        zh = [
            "用标准正态分布函数给输入加权，即 x·Φ(x)：曲线平滑，在 x ≈ −0.75 附近有一个小的负值凹陷。",
            "BERT、GPT-2 等 Transformer 模型的标准选择。",
            "不是单调函数；需要计算 erf，是这里计算量较大的函数之一。",
        ]
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
        cost = 5,
        en = [
            "The tanh approximation of GELU given in the original paper, used in the BERT and GPT-2 code.",
            "Stays within 5e-4 of exact GELU while avoiding erf.",
            "Still needs tanh and a cube, so it remains far costlier than ReLU.",
        ],
        zh = [
            "GELU 论文中给出的 tanh 近似，BERT 和 GPT-2 的代码用的就是它。",
            "与精确 GELU 相差不超过 5e-4，而且不需要计算 erf。",
            "仍要计算 tanh 和三次方，计算量远高于 ReLU。",
        ]
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
        cost = 1,
        en = [
            "ReLU capped at 6: the bounded output keeps enough resolution in low-precision (float16, int8) arithmetic on mobile devices, as in MobileNet.",
            "Cheap: two comparisons.",
            "Zero gradient below 0 and above 6, so units can die or saturate.",
        ],
        zh = [
            "上限为 6 的 ReLU：输出有界，在移动端 float16、int8 等低精度计算中仍能保持足够的数值分辨率，MobileNet 就采用了它。",
            "计算便宜，只需两次比较。",
            "小于 0 和大于 6 的区域梯度都为 0，神经元可能死亡或饱和。",
        ]
    ),
    info!(
        "hardtanh",
        "Hardtanh",
        HardMobile,
        "clamp(x, min_val, max_val)",
        "1 if min_val < x < max_val, else 0",
        "[−1, 1]",
        mono = true,
        smooth = false,
        zc = true,
        sat = true,
        bounded = true,
        cost = 1,
        en = [
            "A piecewise-linear stand-in for tanh: the identity inside [min_val, max_val], clipped outside.",
            "No exponential, so it is cheap and suits low-precision hardware.",
            "The gradient is exactly 0 outside the interval (hard saturation).",
        ],
        zh = [
            "tanh 的分段线性替代：在 [min_val, max_val] 内是恒等映射，区间外被截断。",
            "没有指数运算，计算便宜，适合低精度硬件。",
            "区间外梯度恰好为 0，属于“硬饱和”。",
        ]
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
        cost = 1,
        en = [
            "A piecewise-linear approximation of sigmoid, used in mobile networks such as MobileNetV3.",
            "Only an addition, a clamp and a division by 6: far cheaper than an exponential.",
            "Flat at 0 and 1 outside (−3, 3), where the gradient is exactly zero.",
        ],
        zh = [
            "sigmoid 的分段线性近似，用于 MobileNetV3 等移动端网络。",
            "只需一次加法、一次截断和除以 6，比指数运算便宜得多。",
            "在 (−3, 3) 之外恒为 0 或 1，梯度恰好为 0。",
        ]
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
        cost = 2,
        en = [
            "x·hardsigmoid(x): the cheap piecewise version of Swish introduced with MobileNetV3.",
            "Keeps Swish's small negative dip (minimum −0.375 at x = −1.5) without any exponential.",
            "Not smooth: the derivative jumps at x = −3 and x = 3.",
        ],
        zh = [
            "x·hardsigmoid(x)：随 MobileNetV3 提出的 Swish 低成本分段版本。",
            "保留了 Swish 在负半轴的小凹陷（x = −1.5 处取最小值 −0.375），且无需指数运算。",
            "不光滑：导数在 x = −3 和 x = 3 处跳变。",
        ]
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
        cost = 4,
        en = [
            "x·σ(x): smooth and non-monotonic; small negative inputs still pass some gradient.",
            "Unbounded above, so large inputs do not saturate; bounded below at about −0.28.",
            "Needs an exponential: several times the cost of ReLU.",
        ],
        zh = [
            "x·σ(x)：平滑且非单调，较小的负输入仍能传递梯度。",
            "上方无界，大输入不会饱和；下方有界，最小值约为 −0.28。",
            "需要指数运算，计算量是 ReLU 的数倍。",
        ]
    ),
    info!(
        "swish",
        "Swish",
        SmoothGated,
        "x·σ(βx)",
        "σ(βx) + βx·σ(βx)·(1 − σ(βx))",
        "[≈−0.278, ∞)",
        mono = false,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 4,
        en = [
            "x·σ(βx): β = 1 is SiLU, a large β approaches ReLU and β → 0 approaches x/2.",
            "Smooth and non-monotonic like SiLU; β can be tuned or learned.",
            "Costs an exponential per element, like sigmoid.",
        ],
        zh = [
            "x·σ(βx)：β = 1 时就是 SiLU，β 很大时接近 ReLU，β → 0 时接近 x/2。",
            "与 SiLU 一样平滑、非单调；β 可以手动调节，也可以学习。",
            "和 sigmoid 一样，每个元素都要算一次指数。",
        ]
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
        cost = 7,
        en = [
            "x·tanh(softplus(x)): smooth, non-monotonic and unbounded above, so large inputs do not saturate.",
            "Its small negative region lets gradient flow where ReLU has a hard zero; reported to beat Swish and ReLU, and used in YOLOv4.",
            "Costs an exp, a log and a tanh per element, and its backward pass needs more memory than ReLU's.",
        ],
        zh = [
            "x·tanh(softplus(x))：平滑、非单调，上方无界，大输入不会饱和。",
            "负半轴允许少量负值，梯度可以流过，而不像 ReLU 那样硬性截断为 0；有报告称效果优于 Swish 和 ReLU，YOLOv4 中也得到了验证。",
            "每个元素都要计算 exp、log 和 tanh，反向传播占用的内存也比 ReLU 多。",
        ]
    ),
    info!(
        "elish",
        "ELiSH",
        SmoothGated,
        "x·σ(x) for x ≥ 0; (eˣ − 1)·σ(x) for x < 0",
        "σ(x) + x·σ′(x) for x ≥ 0; eˣ·σ(x) + (eˣ − 1)·σ′(x) for x < 0",
        "(≈−0.1716, ∞)",
        mono = false,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 5,
        en = [
            "Exponential Linear Sigmoid SquasHing (Basirat & Roth 2018): Swish on the right, ELU times a sigmoid on the left.",
            "The negative side dips to about −0.17 and returns to 0, giving a small non-monotonic bump like Swish.",
            "Needs an exponential and a sigmoid; more costly than ReLU, and less studied than Swish or GELU.",
        ],
        zh = [
            "ELiSH（Basirat 与 Roth，2018）：正半轴与 Swish 相同，负半轴是 ELU 乘以 sigmoid。",
            "负半轴先下降到约 −0.17 再回到 0，和 Swish 一样有一个小的非单调凹陷。",
            "需要指数和 sigmoid 运算，比 ReLU 慢，研究也不如 Swish、GELU 充分。",
        ]
    ),
    info!(
        "hard_elish",
        "HardELiSH",
        HardMobile,
        "x·hσ(x) for x ≥ 0; (eˣ − 1)·hσ(x) for x < 0, hσ(x) = clamp((x + 1)/2, 0, 1)",
        "hσ(x) + x·hσ′(x) for x ≥ 0; eˣ·hσ(x) + (eˣ − 1)·hσ′(x) for x < 0",
        "(≈−0.0997, ∞)",
        mono = false,
        smooth = false,
        zc = false,
        sat = true,
        bounded = false,
        cost = 3,
        en = [
            "ELiSH with a piecewise-linear hard sigmoid, from the same paper (Basirat & Roth 2018).",
            "Exactly 0 below −1 and exactly x above 1, with kinks at ±1.",
            "Cheaper than ELiSH on the positive side, but the negative side still needs an exponential.",
        ],
        zh = [
            "ELiSH 的硬化版本，把 sigmoid 换成分段线性的 hard sigmoid，出自同一篇论文（Basirat 与 Roth，2018）。",
            "x < −1 时恰好为 0，x > 1 时恰好等于 x，在 ±1 处有折点。",
            "正半轴比 ELiSH 便宜，但负半轴仍需要计算指数。",
        ]
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
        cost = 4,
        en = [
            "A smooth ReLU: log(1 + e^(βx))/β, always positive, with derivative σ(βx).",
            "Returns x itself where βx > threshold to avoid overflow (a jump of about 2e-9 at the default threshold).",
            "An exp and a log make it costlier than ReLU, and the gradient still vanishes for very negative inputs.",
        ],
        zh = [
            "平滑版的 ReLU：log(1 + e^(βx))/β，输出恒为正，导数就是 σ(βx)。",
            "当 βx > threshold 时直接返回 x，以免溢出（默认阈值处有约 2e-9 的跳变）。",
            "需要指数和对数运算，比 ReLU 慢；输入很负时梯度仍会消失。",
        ]
    ),
    info!(
        "squareplus",
        "Squareplus",
        SmoothGated,
        "(x + √(x² + b)) / 2",
        "(1 + x / √(x² + b)) / 2",
        "(0, ∞)",
        mono = true,
        smooth = true,
        zc = false,
        sat = true,
        bounded = false,
        cost = 2,
        en = [
            "A softplus-like smooth ReLU built from a square root instead of exp and log (Barron 2021).",
            "b sets the curvature at 0: b = 0 is exactly ReLU, the default b = 4 gives squareplus(0) = 1.",
            "Computed as b / (2(√(x² + b) − x)) for negative x, so it never cancels to 0 too early.",
        ],
        zh = [
            "类似 softplus 的平滑 ReLU，用平方根代替指数和对数（Barron，2021）。",
            "b 决定 0 附近的弯曲程度：b = 0 时就是 ReLU，默认 b = 4 时 squareplus(0) = 1。",
            "对负的 x 按 b / (2(√(x² + b) − x)) 计算，不会因相减抵消而过早变成 0。",
        ]
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
        cost = 2,
        en = [
            "x/(1 + |x|): zero-centred like tanh, but approaches ±1 only polynomially, so it saturates more gently.",
            "No exponential: one division and one absolute value.",
            "The gradient still goes to zero for large |x|.",
        ],
        zh = [
            "x/(1 + |x|)：和 tanh 一样以 0 为中心，但只以多项式速度趋近 ±1，饱和得更缓和。",
            "没有指数运算，只需一次除法和一次取绝对值。",
            "|x| 很大时梯度仍然趋于 0。",
        ]
    ),
    info!(
        "bent_identity",
        "Bent identity",
        Other,
        "(√(x² + 1) − 1) / 2 + x",
        "x / (2√(x² + 1)) + 1",
        "(−∞, ∞)",
        mono = true,
        smooth = true,
        zc = true,
        sat = false,
        bounded = false,
        cost = 2,
        en = [
            "The identity bent upwards: slope 1/2 far left, 1 at 0, 3/2 far right.",
            "Smooth, monotonic and never saturating, so gradients neither vanish nor die.",
            "Unbounded on both sides, like the identity, and rarely used in practice.",
        ],
        zh = [
            "向上弯曲的恒等函数：左侧远处斜率为 1/2，0 处为 1，右侧远处为 3/2。",
            "平滑、单调且不饱和，梯度既不会消失也不会“死亡”。",
            "和恒等函数一样两侧都无界，实际中很少使用。",
        ]
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
        cost = 4,
        en = [
            "log σ(x), the building block of numerically stable log-likelihoods such as binary cross-entropy.",
            "Computed as −softplus(−x), which never overflows.",
            "Always negative and unbounded below; rarely used as a hidden-layer activation.",
        ],
        zh = [
            "log σ(x)，是二分类交叉熵等对数似然数值稳定计算的基本组件。",
            "这里按 −softplus(−x) 计算，永远不会溢出。",
            "输出恒为负且下方无界，很少用作隐藏层的激活函数。",
        ]
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
        cost = 4,
        en = [
            "x − tanh(x): almost flat near 0 (it grows like x³/3) and linear far out.",
            "Its gradient tanh²(x) vanishes at 0 rather than in the tails, the opposite of tanh.",
            "Needs a tanh; mainly of interest for sparse coding, rarely used in hidden layers.",
        ],
        zh = [
            "x − tanh(x)：在 0 附近几乎是平的（约为 x³/3），远离 0 时接近线性。",
            "梯度 tanh²(x) 在 0 处消失而不是在两端，和 tanh 恰好相反。",
            "需要计算 tanh；主要用于稀疏编码，很少用在隐藏层。",
        ]
    ),
    info!(
        "softshrink",
        "Softshrink",
        Other,
        "x − λ for x > λ; x + λ for x < −λ; 0 otherwise",
        "1 for |x| > λ; 0 otherwise",
        "(−∞, ∞)",
        mono = true,
        smooth = false,
        zc = true,
        sat = false,
        bounded = false,
        cost = 1,
        en = [
            "Soft thresholding: moves every input λ towards 0 and zeroes the band [−λ, λ] (λ is torch's lambd).",
            "The proximal step of L1 regularisation, used in sparse coding (ISTA) and wavelet denoising.",
            "Inputs inside the band get no gradient, a dead zone like ReLU's but on both sides of 0.",
        ],
        zh = [
            "软阈值：把输入向 0 收缩 λ，并把 [−λ, λ] 区间内的值置为 0（λ 即 torch 的 lambd）。",
            "它是 L1 正则的近端算子，用于稀疏编码（ISTA）和小波去噪。",
            "落在区间内的输入梯度为 0，和 ReLU 的“死区”类似，只是在 0 的两侧都有。",
        ]
    ),
    info!(
        "hardshrink",
        "Hardshrink",
        Other,
        "x for |x| > λ; 0 otherwise",
        "1 for |x| > λ; 0 otherwise",
        "(−∞, ∞)",
        mono = true,
        smooth = false,
        zc = true,
        sat = false,
        bounded = false,
        cost = 1,
        en = [
            "Hard thresholding: keeps inputs with |x| > λ unchanged and zeroes the rest (λ is torch's lambd).",
            "The function jumps by λ at ±λ, so it is not continuous there.",
            "Inputs inside the band get no gradient; used for sparsity, rarely as a hidden activation.",
        ],
        zh = [
            "硬阈值：|x| > λ 的输入保持不变，其余置为 0（λ 即 torch 的 lambd）。",
            "函数在 ±λ 处跳变 λ，因此在这两点不连续。",
            "区间内的输入梯度为 0；常用于稀疏化，很少用作隐藏层激活。",
        ]
    ),
    info!(
        "sin",
        "Sine",
        Other,
        "sin(x)",
        "cos(x)",
        "[−1, 1]",
        mono = false,
        smooth = true,
        zc = true,
        sat = false,
        bounded = true,
        cost = 4,
        en = [
            "Periodic: the activation of SIREN networks, which fit images, sounds and signed distance fields with fine detail.",
            "Its derivative cos(x) never vanishes in the tails, but a periodic function has many equally good inputs, which makes training sensitive to initialisation.",
            "Has no limit at ±∞ (the value there is NaN).",
        ],
        zh = [
            "周期函数：SIREN 网络使用的激活函数，能细致地拟合图像、声音和符号距离场。",
            "导数 cos(x) 在两端不会消失，但周期性意味着许多输入同样好，训练对初始化较敏感。",
            "在 ±∞ 处没有极限（那里的值为 NaN）。",
        ]
    ),
    info!(
        "gaussian",
        "Gaussian",
        Other,
        "e^(−x²)",
        "−2x·e^(−x²)",
        "(0, 1]",
        mono = false,
        smooth = true,
        zc = false,
        sat = true,
        bounded = true,
        cost = 4,
        en = [
            "A bump: 1 at 0, decaying to 0 on both sides, the shape of radial-basis-function networks.",
            "Not monotonic: the same output comes from x and −x.",
            "The gradient vanishes quickly away from 0, so units that drift far out stop learning.",
        ],
        zh = [
            "钟形曲线：0 处为 1，两侧都衰减到 0，是径向基函数网络使用的形状。",
            "不是单调函数：x 和 −x 给出相同的输出。",
            "远离 0 时梯度迅速消失，漂得太远的神经元会停止学习。",
        ]
    ),
];

/// What the info panel shows for a custom formula (the page shows the formula itself).
pub static CUSTOM_INFO: Info = Info {
    name: "custom",
    display: "Your own function",
    family: Family::Other,
    formula: "as typed",
    derivative: "exact, by forward-mode automatic differentiation",
    range: "(?, ?)",
    monotonic: false,
    smooth: false,
    zero_centred: false,
    saturating: false,
    bounded: false,
    cost: 8,
    notes_en: &[
        "Your own formula, parsed and evaluated by the core (never by the browser's JavaScript).",
        "Its derivative is exact: the formula runs on dual numbers (forward-mode differentiation), not finite differences.",
    ],
    notes_zh: &[
        "你自己输入的公式，由核心代码解析和计算（绝不交给浏览器的 JavaScript 执行）。",
        "导数是精确的：公式在对偶数上运行（前向模式自动微分），而不是用有限差分近似。",
    ],
    untrainable: None,
};

/// The entry for a catalog name; every catalog name has one (checked by a test).
pub fn info(name: &str) -> &'static Info {
    INFOS
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no info for catalog entry `{name}`"))
}
