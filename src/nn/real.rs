//! The float type the network is generic over. Training runs in `f32`; the gradient check runs the
//! very same code in `f64`, so finite differences are precise enough to catch a wrong derivative.

use std::fmt::Debug;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

use crate::activation::Activation;

/// Just enough arithmetic for a dense network, plus the activation kernels for this precision.
pub trait Real:
    Copy
    + Default
    + PartialOrd
    + Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + Send
    + Sync
    + 'static
{
    const ZERO: Self;
    const ONE: Self;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn sqrt(self) -> Self;
    fn abs(self) -> Self;
    fn is_finite(self) -> bool;
    /// `out[i] = f(x[i])`.
    fn act_forward(a: &Activation, x: &[Self], out: &mut [Self]);
    /// `grad_in[i] = f′(x[i]) · grad_out[i]`.
    fn act_backward(a: &Activation, x: &[Self], grad_out: &[Self], grad_in: &mut [Self]);
}

impl Real for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn exp(self) -> Self {
        f32::exp(self)
    }
    fn ln(self) -> Self {
        f32::ln(self)
    }
    fn ln_1p(self) -> Self {
        f32::ln_1p(self)
    }
    fn sqrt(self) -> Self {
        f32::sqrt(self)
    }
    fn abs(self) -> Self {
        f32::abs(self)
    }
    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }
    fn act_forward(a: &Activation, x: &[Self], out: &mut [Self]) {
        a.forward(x, out);
    }
    fn act_backward(a: &Activation, x: &[Self], grad_out: &[Self], grad_in: &mut [Self]) {
        a.backward(x, grad_out, grad_in);
    }
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn from_f64(v: f64) -> Self {
        v
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn exp(self) -> Self {
        f64::exp(self)
    }
    fn ln(self) -> Self {
        f64::ln(self)
    }
    fn ln_1p(self) -> Self {
        f64::ln_1p(self)
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn abs(self) -> Self {
        f64::abs(self)
    }
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
    fn act_forward(a: &Activation, x: &[Self], out: &mut [Self]) {
        for (o, &v) in out.iter_mut().zip(x) {
            *o = a.value(v);
        }
    }
    fn act_backward(a: &Activation, x: &[Self], grad_out: &[Self], grad_in: &mut [Self]) {
        for ((g, &v), &go) in grad_in.iter_mut().zip(x).zip(grad_out) {
            *g = a.derivative(v) * go;
        }
    }
}
