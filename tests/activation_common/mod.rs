//! Shared by the activation test files: the parameter sets of the reference table (one source of
//! truth for "several parameter values per function") and where each function has kinks.
#![allow(dead_code)]

use activation_lab::activation::Activation;

/// Every distinct (function, parameters) pair in tests/data/reference.csv, in file order.
pub fn param_sets() -> Vec<Activation> {
    let text = include_str!("../data/reference.csv");
    let mut out: Vec<Activation> = Vec::new();
    for line in text.lines().skip(1) {
        let mut f = line.split(',');
        let (name, params) = (f.next().unwrap(), f.next().unwrap());
        let pairs: Vec<(&str, f64)> = params
            .split(';')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k, v.parse().unwrap())
            })
            .collect();
        let act = Activation::new(name, &pairs).unwrap();
        if !out.contains(&act) {
            out.push(act);
        }
    }
    out
}

/// Points where the function or its derivative is not continuous (or, for softplus, where
/// torch switches to the identity); finite differences are meaningless across them.
pub fn kinks(a: &Activation) -> Vec<f64> {
    use Activation::*;
    match *a {
        Relu | LeakyRelu { .. } | Prelu { .. } | Rrelu { .. } | Elu { .. } | Celu { .. } | Selu => {
            vec![0.0]
        }
        Relu6 => vec![0.0, 6.0],
        Hardtanh { min_val, max_val } => vec![min_val, max_val],
        Hardsigmoid | Hardswish => vec![-3.0, 3.0],
        Softplus { beta, threshold } => vec![threshold / beta],
        Step => vec![0.0],
        HardElish => vec![-1.0, 1.0],
        Softshrink { lambd } | Hardshrink { lambd } => vec![-lambd, lambd],
        // b = 0 is relu.
        Squareplus { b: 0.0 } => vec![0.0],
        _ => vec![],
    }
}
