//! An identity skip (He et al. 2016): the output of a dense layer's block gets the block's input
//! added, `a_l = dropout(f(z_l)) + a_{l−1}`, so the gradient reaches early layers undamped through
//! the sum. The network plans one after every hidden dense layer that is as wide as its input
//! (not the first: the raw features are not a hidden output) when the run asks for skips.

use crate::data::Shape;
use crate::nn::real::Real;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Residual {
    pub shape: Shape,
    /// The layer whose output is added (the block's input).
    pub from: usize,
}

impl Residual {
    /// `out = x + skip` for `rows` samples.
    pub fn forward<T: Real>(&self, x: &[T], skip: &[T], rows: usize, out: &mut [T]) {
        let n = rows * self.shape.len();
        for ((o, &v), &s) in out[..n].iter_mut().zip(&x[..n]).zip(&skip[..n]) {
            *o = v + s;
        }
    }

    /// The gradient passes through unchanged to the block and is added, as a whole, to the
    /// gradient reaching layer `from`'s output: the caller keeps a copy for it.
    pub fn backward<T: Real>(&self, grad: &[T], rows: usize, keep: &mut [T]) {
        let n = rows * self.shape.len();
        keep[..n].copy_from_slice(&grad[..n]);
    }
}
