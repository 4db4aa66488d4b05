//! f32 slice kernels for training. This first version evaluates through the exact f64 scalar path,
//! which is correct to f32 rounding by construction; vectorised f32 kernels replace it per
//! function where a benchmark shows they pay (see benches/).

use super::Activation;

pub(super) fn forward(a: &Activation, x: &[f32], out: &mut [f32]) {
    for (o, &xi) in out.iter_mut().zip(x) {
        *o = a.value(f64::from(xi)) as f32;
    }
}

pub(super) fn backward(a: &Activation, x: &[f32], grad_out: &[f32], grad_in: &mut [f32]) {
    for ((g, &xi), &go) in grad_in.iter_mut().zip(x).zip(grad_out) {
        *g = (a.derivative(f64::from(xi)) * f64::from(go)) as f32;
    }
}
