//! gelu_tanh in its far negative tail, where |f| runs from 1e-3 down to the smallest normal f64:
//! value and derivative within 1e-12 *relative* of mpmath (tests/data/gelu_tanh_tail.csv, written
//! by tools/gen_reference.py). The main reference test's absolute floor (1e-15) cannot see errors
//! there, so this one has none.

use activation_lab::activation::Activation;

const REL_TOL: f64 = 1e-12;

#[test]
fn value_and_derivative_are_relatively_exact_in_the_negative_tail() {
    let a = Activation::new("gelu_tanh", &[]).unwrap();
    let text = include_str!("../data/gelu_tanh_tail.csv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x,value,derivative"));
    let (mut worst_v, mut worst_d, mut rows) = ((0.0, 0.0), (0.0, 0.0), 0);
    for line in lines {
        let f: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        let (x, v, d) = (f[0], f[1], f[2]);
        assert!(v.abs() >= f64::MIN_POSITIVE && d.abs() >= f64::MIN_POSITIVE);
        let ev = (a.value(x) - v).abs() / v.abs();
        let ed = (a.derivative(x) - d).abs() / d.abs();
        if ev > worst_v.0 {
            worst_v = (ev, x);
        }
        if ed > worst_d.0 {
            worst_d = (ed, x);
        }
        rows += 1;
    }
    println!(
        "{rows} rows; worst value error {:.3e} at x = {}, derivative {:.3e} at x = {}",
        worst_v.0, worst_v.1, worst_d.0, worst_d.1
    );
    assert!(rows > 1000 && text.contains("\n-11.75,"));
    assert!(
        worst_v.0 <= REL_TOL && worst_d.0 <= REL_TOL,
        "value {:.3e} at {}, derivative {:.3e} at {}",
        worst_v.0,
        worst_v.1,
        worst_d.0,
        worst_d.1
    );
}
