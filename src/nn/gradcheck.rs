//! Gradient check: the analytic backward pass against central finite differences of the same
//! objective (mean loss + penalty), in f64 so the differences are accurate to ~1e-9.

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use super::layer::activation::Mode;
use super::loss::Targets;
use super::net::Net;

/// Outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradCheck {
    /// Largest `|analytic − numeric| / max(|analytic|, |numeric|, floor)` over all parameters.
    pub max_rel_error: f64,
    /// The parameter where it occurred.
    pub worst_index: usize,
    pub analytic: f64,
    pub numeric: f64,
    pub checked: usize,
}

/// The objective and its analytic gradient. With `noise_seed`, runs in training mode with the
/// noise stream reseeded on every call, so RReLU slopes and dropout masks are the same in every
/// evaluation and the function being differentiated is well defined.
pub fn objective(
    net: &Net<f64>,
    x: &[f64],
    targets: Targets,
    l1: f64,
    l2: f64,
    noise_seed: Option<u64>,
    grads: Option<&mut [f64]>,
) -> f64 {
    let rows = targets.len();
    let mut ws = net.workspace(rows);
    let mut rng = Pcg64Mcg::seed_from_u64(noise_seed.unwrap_or(0));
    let mut mode = match noise_seed {
        Some(_) => Mode::Train(&mut rng),
        None => Mode::Eval,
    };
    match grads {
        Some(g) => {
            let r = net.loss_and_gradient(x, targets, &mut ws, g, &mut mode);
            r.loss_sum / rows as f64 + net.penalty(l1, l2, Some(g))
        }
        None => {
            let r = net.evaluate_batch(x, targets, &mut ws, &mut mode);
            r.loss_sum / rows as f64 + net.penalty(l1, l2, None)
        }
    }
}

/// Compares every parameter's analytic derivative with a central difference of step `h`.
pub fn check(
    net: &Net<f64>,
    x: &[f64],
    targets: Targets,
    l1: f64,
    l2: f64,
    noise_seed: Option<u64>,
) -> GradCheck {
    const H: f64 = 1e-6;
    // Rounding in the differences is ~1e-10 absolute; below this size an entry is judged absolutely.
    const FLOOR: f64 = 1e-4;
    let mut analytic = vec![0.0; net.params.len()];
    objective(net, x, targets, l1, l2, noise_seed, Some(&mut analytic));
    let mut probe = net.clone();
    let mut worst = GradCheck {
        max_rel_error: 0.0,
        worst_index: 0,
        analytic: 0.0,
        numeric: 0.0,
        checked: 0,
    };
    for (i, (&p, &a)) in net.params.iter().zip(&analytic).enumerate() {
        probe.params[i] = p + H;
        let up = objective(&probe, x, targets, l1, l2, noise_seed, None);
        probe.params[i] = p - H;
        let down = objective(&probe, x, targets, l1, l2, noise_seed, None);
        probe.params[i] = p;
        let numeric = (up - down) / (2.0 * H);
        let err = (a - numeric).abs() / a.abs().max(numeric.abs()).max(FLOOR);
        worst.checked += 1;
        if err > worst.max_rel_error || err.is_nan() {
            worst = GradCheck {
                max_rel_error: if err.is_nan() { f64::INFINITY } else { err },
                worst_index: i,
                analytic: a,
                numeric,
                checked: worst.checked,
            };
        }
    }
    worst
}
