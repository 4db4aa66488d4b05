//! The conv and max-pool kernels against direct textbook loops (an independent reference: no
//! im2col, no matrix product), for padding valid/same, strides 1–3 and several channels.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::Shape;
use activation_lab::nn::layer::conv2d::{out_side, Conv2d, Padding};
use activation_lab::nn::layer::max_pool2d::MaxPool2d;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

fn conv(input: Shape, filters: usize, k: usize, s: usize, padding: Padding) -> Conv2d {
    let (oh, pt) = out_side(input.height, k, s, padding).unwrap();
    let (ow, pl) = out_side(input.width, k, s, padding).unwrap();
    let nw = k * k * input.channels * filters;
    Conv2d {
        input,
        output: Shape::new(oh, ow, filters),
        kernel: k,
        stride: s,
        padding,
        pad_top: pt,
        pad_left: pl,
        weights: 0..nw,
        biases: nw..nw + filters,
        init: activation_lab::nn::Init::GlorotUniform,
    }
}

/// z[oy,ox,f] = b[f] + Σ w[ky,kx,c,f]·x[oy·s+ky−pt, ox·s+kx−pl, c], zero outside.
fn direct(c: &Conv2d, params: &[f64], x: &[f64]) -> Vec<f64> {
    let (i, o, k) = (c.input, c.output, c.kernel);
    let mut z = vec![0.0; o.len()];
    for oy in 0..o.height {
        for ox in 0..o.width {
            for f in 0..o.channels {
                let mut s = params[c.biases.start + f];
                for ky in 0..k {
                    for kx in 0..k {
                        let iy = (oy * c.stride + ky) as isize - c.pad_top as isize;
                        let ix = (ox * c.stride + kx) as isize - c.pad_left as isize;
                        if iy < 0 || ix < 0 || iy >= i.height as isize || ix >= i.width as isize {
                            continue;
                        }
                        for ch in 0..i.channels {
                            let xv = x[((iy as usize) * i.width + ix as usize) * i.channels + ch];
                            let w = params[((ky * k + kx) * i.channels + ch) * o.channels + f];
                            s += w * xv;
                        }
                    }
                }
                z[(oy * o.width + ox) * o.channels + f] = s;
            }
        }
    }
    z
}

#[test]
fn conv_forward_matches_the_direct_sum() {
    let mut rng = Pcg64Mcg::seed_from_u64(1);
    let cases = [
        (Shape::new(7, 7, 1), 3, 3, 1, Padding::Valid),
        (Shape::new(7, 6, 2), 4, 3, 2, Padding::Same),
        (Shape::new(9, 8, 3), 5, 5, 3, Padding::Same),
        (Shape::new(28, 28, 1), 8, 5, 1, Padding::Same),
        (Shape::new(6, 9, 2), 17, 2, 2, Padding::Valid),
    ];
    for (shape, f, k, s, pad) in cases {
        let c = conv(shape, f, k, s, pad);
        let params: Vec<f64> = (0..c.biases.end)
            .map(|_| rng.random::<f64>() - 0.5)
            .collect();
        let rows = 2;
        let x: Vec<f64> = (0..rows * shape.len())
            .map(|_| rng.random::<f64>())
            .collect();
        let mut z = vec![0.0; rows * c.output.len()];
        let mut cols = vec![0.0; c.scratch_len()];
        c.forward(&params, &x, rows, &mut z, &mut cols);
        for r in 0..rows {
            let want = direct(&c, &params, &x[r * shape.len()..(r + 1) * shape.len()]);
            let got = &z[r * c.output.len()..(r + 1) * c.output.len()];
            for (a, b) in got.iter().zip(&want) {
                assert!(
                    (a - b).abs() < 1e-12,
                    "{shape} k{k} s{s} {pad:?}: {a} vs {b}"
                );
            }
        }
    }
}

#[test]
fn same_padding_follows_tensorflow() {
    // TF: out = ⌈n/s⌉, total padding = max((out−1)·s + k − n, 0), top gets the smaller half.
    assert_eq!(out_side(28, 5, 1, Padding::Same), Some((28, 2)));
    assert_eq!(out_side(7, 3, 2, Padding::Same), Some((4, 1)));
    assert_eq!(out_side(6, 3, 2, Padding::Same), Some((3, 0)));
    assert_eq!(out_side(28, 3, 1, Padding::Valid), Some((26, 0)));
    assert_eq!(out_side(2, 3, 1, Padding::Valid), None);
}

#[test]
fn max_pool_matches_the_direct_max_and_routes_gradients_to_the_winner() {
    let mut rng = Pcg64Mcg::seed_from_u64(3);
    for (shape, size, stride) in [
        (Shape::new(8, 8, 2), 2, 2),
        (Shape::new(9, 7, 3), 3, 2),
        (Shape::new(14, 14, 1), 3, 3),
        (Shape::new(5, 5, 1), 2, 1),
    ] {
        let p = MaxPool2d::new(shape, size, stride).unwrap();
        let x: Vec<f64> = (0..shape.len()).map(|_| rng.random::<f64>()).collect();
        let mut y = vec![0.0; p.output.len()];
        let mut arg = vec![0u32; p.output.len()];
        p.forward(&x, 1, &mut y, &mut arg);
        let o = p.output;
        assert_eq!(o.height, (shape.height - size) / stride + 1);
        for oy in 0..o.height {
            for ox in 0..o.width {
                for c in 0..o.channels {
                    let mut m = f64::NEG_INFINITY;
                    for ky in 0..size {
                        for kx in 0..size {
                            let at = ((oy * stride + ky) * shape.width + ox * stride + kx)
                                * shape.channels
                                + c;
                            m = m.max(x[at]);
                        }
                    }
                    let i = (oy * o.width + ox) * o.channels + c;
                    assert_eq!(y[i], m);
                    assert_eq!(x[arg[i] as usize], m);
                }
            }
        }
        let dy: Vec<f64> = (0..o.len()).map(|i| i as f64 + 1.0).collect();
        let mut dx = vec![7.0; shape.len()];
        p.backward(&dy, &arg, 1, &mut dx);
        assert_eq!(dx.iter().sum::<f64>(), dy.iter().sum::<f64>());
    }
    assert!(MaxPool2d::new(Shape::new(2, 2, 1), 3, 1).is_none());
}
