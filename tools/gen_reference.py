#!/usr/bin/env python3
"""Generate tests/data/reference.csv: high-precision values and derivatives of every catalog
activation, used by tests/native/activation_reference.rs.

Recipe (see tools/README.md):
  python3 tools/gen_reference.py            # writes tests/data/reference.csv
  python3 tools/gen_reference.py --check    # regenerates in memory, fails if the file differs

Each function follows torch's definition exactly, including its piecewise choices: softplus's
`beta*x > threshold` linear branch (the test of the *floating-point* product, as torch does it),
the one-sided derivatives torch's backward kernels pick at kinks (relu'(0) = 0, leaky_relu'(0) =
negative_slope, elu'(0) = alpha, hardtanh'(min) = hardtanh'(max) = 0, hardswish'(-3) = -1/2, ...).
Inputs and parameters are the exact binary64 numbers written in the file; constants (SELU's
alpha/scale, sqrt(2/pi), 0.044715) are their mathematical decimal definitions.

Every quantity is evaluated with mpmath at >= 60 significant digits and re-evaluated at doubled
precision until two successive results agree to 55 digits (this is what makes cancelling forms
like x - tanh(x) at x = 1e-300 exact). The result is rounded to the nearest binary64 (via a
60-digit decimal string, which Python's float() rounds correctly, subnormals and overflow to inf
included) and written with 17 significant digits, so the decimal in the file reads back as exactly
that binary64.
"""

import argparse
import io
import sys
from pathlib import Path

from mpmath import mp, mpf

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "reference.csv"
# Dense rows over the far negative tail of gelu_tanh, checked with a purely relative bound (the
# main table's absolute floor of 1e-15 hides any error once |f| < 1e-3).
TAIL_OUT = OUT.with_name("gelu_tanh_tail.csv")

BASE_DPS = 60
AGREE_DIGITS = 55
MAX_DPS = 20000
# An exact 0 must hold to this many digits (see `converged`): a cancellation down to the smallest
# subnormal f64 (~5e-324, from terms of order 1) needs ~330 more digits than the result keeps.
ZERO_DPS = 1920

SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_SCALE = "1.0507009873554804934193349852946"
GELU_TANH_C = "0.044715"


# ----------------------------------------------------------------------------------------------
# Building blocks, all exact at the current mp precision (mpmath has an unbounded exponent range,
# so exp(-1e300) is a tiny positive number, never an underflow).


def sigmoid(z):
    return 1 / (1 + mp.exp(-z))


def sigmoid_d(z):
    s = sigmoid(z)
    return s * sigmoid(-z)


def softplus(z):
    return mp.log1p(mp.exp(z))


def sech2(z):
    return 1 / mp.cosh(z) ** 2


def erfc(y):
    """erfc(y); mpmath's erfc fails for y beyond ~1e8, where the asymptotic series
    erfc(y) = e^(-y^2)/(y sqrt(pi)) * sum_n (-1)^n (2n-1)!! / (2y^2)^n has terms shrinking by at
    least 1e-16 each, so 8 terms are exact far beyond 60 digits."""
    if abs(y) <= mpf(10) ** 8:
        return mp.erfc(y)
    if y < 0:
        return 2 - erfc(-y)
    s, term = mpf(0), mpf(1)
    for n in range(8):
        s += term
        term *= -(2 * n + 1) / (2 * y * y)
    return mp.exp(-y * y) / (y * mp.sqrt(mp.pi)) * s


def ncdf(x):
    return erfc(-x / mp.sqrt(2)) / 2


def npdf(x):
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def gelu_tanh_z(x):
    """2u, where u = sqrt(2/pi) (x + c x^3); 1/2 (1 + tanh u) = sigmoid(2u) exactly."""
    c = mpf(GELU_TANH_C)
    return 2 * mp.sqrt(2 / mp.pi) * (x + c * x**3)


# ----------------------------------------------------------------------------------------------
# The functions: name -> (value(x, p, xf), derivative(x, p, xf)); x is the exact mpf input, xf
# the same input as a Python float (for torch's floating-point branch tests), p the parameters
# as exact mpf values.


def leaky(slope_of):
    def value(x, p, xf):
        return x if x > 0 else slope_of(p) * x

    def deriv(x, p, xf):
        return mpf(1) if x > 0 else slope_of(p)

    return value, deriv


def elu_value(x, alpha, scale=1, input_scale=1):
    """torch's elu kernel: x <= 0 -> alpha*scale... with negcoef = alpha*scale."""
    if x <= 0:
        return alpha * scale * mp.expm1(x * input_scale)
    return x * scale


def elu_deriv(x, alpha, scale=1, input_scale=1):
    """torch's elu_backward (is_result=False): x <= 0 takes the exponential branch."""
    if x <= 0:
        return input_scale * alpha * scale * mp.exp(x * input_scale)
    return mpf(scale)


def swish_value(x, beta):
    return x * sigmoid(beta * x)


def swish_deriv(x, beta):
    z = beta * x
    return sigmoid(z) + z * sigmoid_d(z)


def softplus_value(x, p, xf):
    beta, threshold = p["beta"], p["threshold"]
    # torch: (x * beta) > threshold, evaluated in the tensor's dtype (f64 here).
    if xf * float(beta) > float(threshold):
        return x
    return softplus(beta * x) / beta


def softplus_deriv(x, p, xf):
    beta, threshold = p["beta"], p["threshold"]
    if xf * float(beta) > float(threshold):
        return mpf(1)
    return sigmoid(beta * x)


def mish_value(x, p, xf):
    return x * mp.tanh(softplus(x))


def mish_deriv(x, p, xf):
    sp = softplus(x)
    return mp.tanh(sp) + x * sech2(sp) * sigmoid(x)


def hardswish_deriv(x, p, xf):
    # torch's hardswish_backward: x < -3 -> 0, x <= 3 -> x/3 + 1/2, else 1.
    if x < -3:
        return mpf(0)
    if x <= 3:
        return x / 3 + mpf(1) / 2
    return mpf(1)


def clamp(x, lo, hi):
    return min(max(x, lo), hi)


# ELiSH / HardELiSH (Basirat & Roth 2018): a base (x on the right, e^x - 1 on the left) times a
# gate (sigmoid, or the hard sigmoid clamp((x + 1)/2, 0, 1) whose slope is 1/2 strictly inside
# (-1, 1), hardtanh's convention at the corners).
def elish_value(x, p, xf):
    return x * sigmoid(x) if x >= 0 else mp.expm1(x) * sigmoid(x)


def elish_deriv(x, p, xf):
    if x >= 0:
        return swish_deriv(x, 1)
    return mp.exp(x) * sigmoid(x) + mp.expm1(x) * sigmoid_d(x)


def hard_gate(x):
    return clamp((x + 1) / 2, mpf(0), mpf(1))


def hard_elish_value(x, p, xf):
    base = x if x >= 0 else mp.expm1(x)
    return base * hard_gate(x)


def hard_elish_deriv(x, p, xf):
    base = x if x >= 0 else mp.expm1(x)
    base_d = mpf(1) if x >= 0 else mp.exp(x)
    gate_d = mpf(1) / 2 if -1 < x < 1 else mpf(0)
    return base_d * hard_gate(x) + base * gate_d


# Squareplus (Barron 2021): (x + sqrt(x^2 + b))/2; with b = 0 it is relu, and its derivative at
# 0 then takes relu's one-sided 0.
def squareplus_value(x, p, xf):
    return (x + mp.sqrt(x * x + p["b"])) / 2


def squareplus_deriv(x, p, xf):
    b = p["b"]
    if b == 0:
        return mpf(1) if x > 0 else mpf(0)
    return (1 + x / mp.sqrt(x * x + b)) / 2


# torch's softshrink/hardshrink and their backward: zero on the closed band [-lambd, lambd].
def softshrink_value(x, p, xf):
    lam = p["lambd"]
    if x > lam:
        return x - lam
    if x < -lam:
        return x + lam
    return mpf(0)


def hardshrink_value(x, p, xf):
    lam = p["lambd"]
    return x if (x > lam or x < -lam) else mpf(0)


def shrink_deriv(x, p, xf):
    lam = p["lambd"]
    return mpf(1) if (x > lam or x < -lam) else mpf(0)


FUNCS = {
    "identity": (lambda x, p, xf: x, lambda x, p, xf: mpf(1)),
    # Heaviside with step(0) = 0; derivative 0 everywhere (0 at the jump, by convention).
    "step": (lambda x, p, xf: mpf(1) if x > 0 else mpf(0), lambda x, p, xf: mpf(0)),
    "sigmoid": (lambda x, p, xf: sigmoid(x), lambda x, p, xf: sigmoid_d(x)),
    "tanh": (lambda x, p, xf: mp.tanh(x), lambda x, p, xf: sech2(x)),
    "arctan": (lambda x, p, xf: mp.atan(x), lambda x, p, xf: 1 / (1 + x * x)),
    "relu": (
        lambda x, p, xf: x if x > 0 else mpf(0),
        lambda x, p, xf: mpf(1) if x > 0 else mpf(0),
    ),
    "leaky_relu": leaky(lambda p: p["negative_slope"]),
    "prelu": leaky(lambda p: p["init"]),
    # Evaluation mode: a fixed slope (lower + upper) / 2.
    "rrelu": leaky(lambda p: (p["lower"] + p["upper"]) / 2),
    "elu": (
        lambda x, p, xf: elu_value(x, p["alpha"]),
        lambda x, p, xf: elu_deriv(x, p["alpha"]),
    ),
    # torch: celu(x, alpha) = elu(x, alpha, scale=1, input_scale=1/alpha).
    "celu": (
        lambda x, p, xf: elu_value(x, p["alpha"], 1, 1 / p["alpha"]),
        lambda x, p, xf: elu_deriv(x, p["alpha"], 1, 1 / p["alpha"]),
    ),
    "selu": (
        lambda x, p, xf: elu_value(x, mpf(SELU_ALPHA), mpf(SELU_SCALE)),
        lambda x, p, xf: elu_deriv(x, mpf(SELU_ALPHA), mpf(SELU_SCALE)),
    ),
    "gelu": (
        lambda x, p, xf: x * ncdf(x),
        lambda x, p, xf: ncdf(x) + x * npdf(x),
    ),
    "gelu_tanh": (
        lambda x, p, xf: x * sigmoid(gelu_tanh_z(x)),
        lambda x, p, xf: sigmoid(gelu_tanh_z(x))
        + x
        * sigmoid_d(gelu_tanh_z(x))
        * 2
        * mp.sqrt(2 / mp.pi)
        * (1 + 3 * mpf(GELU_TANH_C) * x * x),
    ),
    # torch: relu6 = hardtanh(x, 0, 6); hardtanh_backward passes the gradient only strictly inside.
    "relu6": (
        lambda x, p, xf: clamp(x, mpf(0), mpf(6)),
        lambda x, p, xf: mpf(1) if 0 < x < 6 else mpf(0),
    ),
    "hardtanh": (
        lambda x, p, xf: clamp(x, p["min_val"], p["max_val"]),
        lambda x, p, xf: mpf(1) if p["min_val"] < x < p["max_val"] else mpf(0),
    ),
    # torch: min(max(x + 3, 0), 6) / 6; backward 1/6 strictly inside (-3, 3).
    "hardsigmoid": (
        lambda x, p, xf: clamp(x + 3, mpf(0), mpf(6)) / 6,
        lambda x, p, xf: mpf(1) / 6 if -3 < x < 3 else mpf(0),
    ),
    "hardswish": (
        lambda x, p, xf: x * clamp(x + 3, mpf(0), mpf(6)) / 6,
        hardswish_deriv,
    ),
    "silu": (
        lambda x, p, xf: swish_value(x, 1),
        lambda x, p, xf: swish_deriv(x, 1),
    ),
    "swish": (
        lambda x, p, xf: swish_value(x, p["beta"]),
        lambda x, p, xf: swish_deriv(x, p["beta"]),
    ),
    "mish": (mish_value, mish_deriv),
    "elish": (elish_value, elish_deriv),
    "hard_elish": (hard_elish_value, hard_elish_deriv),
    "softplus": (softplus_value, softplus_deriv),
    "squareplus": (squareplus_value, squareplus_deriv),
    "softsign": (
        lambda x, p, xf: x / (1 + abs(x)),
        lambda x, p, xf: 1 / (1 + abs(x)) ** 2,
    ),
    "bent_identity": (
        lambda x, p, xf: (mp.sqrt(x * x + 1) - 1) / 2 + x,
        lambda x, p, xf: x / (2 * mp.sqrt(x * x + 1)) + 1,
    ),
    "logsigmoid": (
        lambda x, p, xf: -softplus(-x),
        lambda x, p, xf: sigmoid(-x),
    ),
    "tanhshrink": (
        lambda x, p, xf: x - mp.tanh(x),
        lambda x, p, xf: mp.tanh(x) ** 2,
    ),
    "softshrink": (softshrink_value, shrink_deriv),
    "hardshrink": (hardshrink_value, shrink_deriv),
    "sin": (lambda x, p, xf: mp.sin(x), lambda x, p, xf: mp.cos(x)),
    "gaussian": (lambda x, p, xf: mp.exp(-x * x), lambda x, p, xf: -2 * x * mp.exp(-x * x)),
}

# Parameter sets per function (torch names; every parameter written explicitly). Functions not
# listed take no parameters.
PARAM_SETS = {
    "leaky_relu": [{"negative_slope": 0.01}, {"negative_slope": 0.2}],
    "prelu": [{"init": 0.25}, {"init": 0.1}],
    "rrelu": [{"lower": 1 / 8, "upper": 1 / 3}, {"lower": 0.1, "upper": 0.3}],
    "elu": [{"alpha": 1.0}, {"alpha": 0.5}, {"alpha": 2.0}],
    "celu": [{"alpha": 1.0}, {"alpha": 0.3}],
    "hardtanh": [{"min_val": -1.0, "max_val": 1.0}, {"min_val": -2.0, "max_val": 0.5}],
    "softplus": [
        {"beta": 1.0, "threshold": 20.0},
        {"beta": 2.0, "threshold": 20.0},
        {"beta": 1.0, "threshold": 5.0},
        {"beta": 2.0, "threshold": 5.0},
    ],
    "swish": [{"beta": 1.0}, {"beta": 0.5}, {"beta": 3.0}],
    "squareplus": [{"b": 4.0}, {"b": 1.0}, {"b": 0.0}],
    "softshrink": [{"lambd": 0.5}, {"lambd": 1.5}],
    "hardshrink": [{"lambd": 0.5}, {"lambd": 1.5}],
}

F64_MAX = sys.float_info.max
TINY = [5e-324, 1e-310, 1e-300, 1e-100, 1e-8, 1e-3]
MODERATE = [0.05, 0.1, 0.1 + 1e-12, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 3.7, 4.0, 5.0,
            6.0, 7.5, 10.0]
LARGE = [15.0, 20.0, 30.0, 37.5, 40.0, 100.0, 700.0, 745.0, 800.0, 1e4, 1e8, 1e20, 1e160, 1e300]
MAGNITUDES = TINY + MODERATE + LARGE + [F64_MAX]
KINKS = [0.0, 3.0, -3.0, 6.0, 1.0, -1.0]
# Offsets beside kinks: a round one and one whose binary expansion is not short.
NEAR = [1e-9, 3.7e-7]


def grid(params):
    """Whole-range grid, symmetric, plus points at and just beside every kink of this parameter
    set (0, +-1, +-3, 6, hardtanh's min/max, softplus's threshold/beta, the shrinks' +-lambd)."""
    xs = {0.0, -0.0}
    for m in MAGNITUDES:
        xs.update((m, -m))
    kinks = list(KINKS)
    if "min_val" in params:
        kinks += [params["min_val"], params["max_val"]]
    if "lambd" in params:
        kinks += [params["lambd"], -params["lambd"]]
    if "threshold" in params:
        kinks.append(params["threshold"] / params["beta"])
    for k in kinks:
        xs.add(k)
        for d in NEAR:
            xs.update((k - d, k + d))
    # Keep -0.0 distinct from 0.0 (a set treats them as equal).
    out = sorted(xs)
    if 0.0 in out:
        out.insert(out.index(0.0), -0.0)
    return out


def converged(f):
    """Evaluate f() at increasing precision until two successive results agree to AGREE_DIGITS.
    An exact 0 counts only once it has held up to ZERO_DPS digits: mpmath never underflows, so a
    0 is either true or a cancellation the precision has not yet resolved (x - tanh(x) at
    x = 1e-100 is 0 at 60 and 120 digits and 3.3e-301 from 240 on)."""
    dps = BASE_DPS
    with mp.workdps(dps):
        prev = +f()
    while True:
        dps *= 2
        if dps > MAX_DPS:
            raise RuntimeError("no convergence")
        with mp.workdps(dps):
            cur = +f()
            if cur == 0 and prev == 0:
                if dps >= ZERO_DPS:
                    return cur
                continue
            if cur == prev or abs(cur - prev) <= abs(cur) * mpf(10) ** (-AGREE_DIGITS):
                return cur
            prev = cur


def to_f64(v):
    """Round an mpf to the nearest binary64 (correctly: Python's float() of a decimal string)."""
    with mp.workdps(BASE_DPS + 10):
        return float(mp.nstr(v, BASE_DPS, strip_zeros=False, min_fixed=1, max_fixed=0))


def fmt(v):
    return "%.17g" % v


def fmt_params(params):
    return "".join(f"{k}={fmt(v)};" for k, v in params.items())


def rows():
    for name, (fv, fd) in FUNCS.items():
        for params in PARAM_SETS.get(name, [{}]):
            for xf in grid(params):
                x = mpf(xf)

                def exact_params():
                    return {k: mpf(v) for k, v in params.items()}

                value = to_f64(converged(lambda: fv(x, exact_params(), xf)))
                deriv = to_f64(converged(lambda: fd(x, exact_params(), xf)))
                yield name, fmt_params(params), fmt(xf), fmt(value), fmt(deriv)


def render():
    buf = io.StringIO()
    buf.write("name,params,x,value,derivative\n")
    for r in rows():
        buf.write(",".join(r) + "\n")
    return buf.getvalue()


def gelu_tanh_literal(x):
    """The article's form 1/2 x (1 + tanh u), u = sqrt(2/pi) (x + c x^3), as written. In the
    negative tail 1 + tanh u ~ 2 e^(2u) cancels: at x = -11.75 it is ~1e-58, so one evaluation at
    60 digits keeps 2 of them and is off by 2.0e-4 relative (-4.52433e-58 instead of
    -4.52341e-58). `converged` raises the precision until two evaluations agree, so it gets the
    right value from this form too; the table itself uses x sigma(2u), which never cancels."""
    c = mpf(GELU_TANH_C)
    return x * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + c * x**3))) / 2


def render_tail():
    """gelu_tanh from x = -3 down in steps of 1/64 (exact binary64 inputs) for as long as the
    value is a normal f64 (to x ~ -20.6), plus the odd points -11.7500001 and -20.1: value and
    derivative, at the same precision as the main table. Every value is also computed from the
    literal tanh form (`gelu_tanh_literal`) and must agree to AGREE_DIGITS - 5 digits: two
    formulas, one cancelling and one not, checking each other."""
    fv, fd = FUNCS["gelu_tanh"]
    xs = [-3 - k / 64 for k in range(0, 64 * 19)] + [-11.7500001, -20.1]
    buf = io.StringIO()
    buf.write("x,value,derivative\n")
    for xf in sorted(set(xs), reverse=True):
        x = mpf(xf)
        exact = converged(lambda: fv(x, {}, xf))
        literal = converged(lambda: gelu_tanh_literal(x))
        with mp.workdps(BASE_DPS):
            if abs(literal - exact) > abs(exact) * mpf(10) ** (5 - AGREE_DIGITS):
                raise RuntimeError(f"gelu_tanh({xf}): the tanh and sigmoid forms disagree")
        value = to_f64(exact)
        deriv = to_f64(converged(lambda: fd(x, {}, xf)))
        if abs(value) < 2.2250738585072014e-308 or abs(deriv) < 2.2250738585072014e-308:
            continue
        buf.write(f"{fmt(xf)},{fmt(value)},{fmt(deriv)}\n")
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if the files are out of date")
    args = ap.parse_args()
    for out, text in ((OUT, render()), (TAIL_OUT, render_tail())):
        if args.check:
            if out.read_text() != text:
                sys.exit(f"{out} is out of date; run tools/gen_reference.py")
            print(f"{out} is up to date")
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"wrote {text.count(chr(10)) - 1} rows to {out}")


if __name__ == "__main__":
    main()
