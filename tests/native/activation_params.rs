//! Every way `Activation::new` rejects input, with the message a person will read.

use activation_lab::activation::{names, Activation};
use activation_lab::Error;

fn message(name: &str, params: &[(&str, f64)]) -> String {
    match Activation::new(name, params) {
        Ok(a) => panic!("{name} {params:?} was accepted as {a:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn unknown_name_lists_every_valid_name() {
    let m = message("swishy", &[]);
    assert!(
        m.starts_with("unknown activation `swishy`; valid names: identity, sigmoid, "),
        "{m}"
    );
    for n in names() {
        assert!(m.contains(n), "{n} missing from: {m}");
    }
    assert!(matches!(
        Activation::new("swishy", &[]),
        Err(Error::UnknownActivation { .. })
    ));
}

#[test]
fn hostile_names_are_truncated_in_the_message() {
    let long = "x".repeat(10_000);
    let m = message(&long, &[]);
    assert!(m.len() < 1_000, "message is {} bytes", m.len());
    assert!(m.contains(&format!("`{}…`", "x".repeat(40))), "{m}");
    assert!(message("", &[]).starts_with("unknown activation ``;"));
}

#[test]
fn names_are_matched_case_and_dash_insensitively() {
    let a = Activation::new(" Leaky-ReLU ", &[]).unwrap();
    assert_eq!(a.name(), "leaky_relu");
    assert_eq!(a.params(), vec![("negative_slope", 0.01)]);
}

#[test]
fn unknown_key_names_the_valid_keys() {
    assert_eq!(
        message("elu", &[("beta", 1.0)]),
        "`elu` has no parameter `beta`; it takes: alpha"
    );
    assert_eq!(
        message("hardtanh", &[("min", -2.0)]),
        "`hardtanh` has no parameter `min`; it takes: min_val, max_val"
    );
    assert_eq!(
        message("relu", &[("alpha", 1.0)]),
        "`relu` has no parameter `alpha`; it takes: no parameters"
    );
    assert!(matches!(
        Activation::new("relu", &[("alpha", 1.0)]),
        Err(Error::UnknownParameter { .. })
    ));
}

#[test]
fn non_finite_values_are_rejected() {
    assert_eq!(
        message("elu", &[("alpha", f64::NAN)]),
        "`elu`: parameter `alpha` = NaN is invalid: must be a finite number"
    );
    assert_eq!(
        message("swish", &[("beta", f64::INFINITY)]),
        "`swish`: parameter `beta` = inf is invalid: must be a finite number"
    );
    assert_eq!(
        message("hardtanh", &[("max_val", f64::NEG_INFINITY)]),
        "`hardtanh`: parameter `max_val` = -inf is invalid: must be a finite number"
    );
}

#[test]
fn out_of_range_values_name_the_range() {
    assert_eq!(
        message("softplus", &[("beta", 0.0)]),
        "`softplus`: parameter `beta` = 0 is invalid: must lie in [0.000001, 1000000]"
    );
    assert_eq!(
        message("softplus", &[("threshold", -1.0)]),
        "`softplus`: parameter `threshold` = -1 is invalid: must lie in [0.000001, 1000000]"
    );
    assert_eq!(
        message("rrelu", &[("upper", 1.5)]),
        "`rrelu`: parameter `upper` = 1.5 is invalid: must lie in [0, 1]"
    );
    assert_eq!(
        message("leaky_relu", &[("negative_slope", 2e6)]),
        "`leaky_relu`: parameter `negative_slope` = 2000000 is invalid: must lie in [-1000000, 1000000]"
    );
    // The edges themselves are valid.
    assert!(Activation::new("softplus", &[("beta", 1e-6), ("threshold", 1e6)]).is_ok());
    assert!(Activation::new("rrelu", &[("lower", 0.0), ("upper", 1.0)]).is_ok());
}

#[test]
fn hardtanh_needs_min_below_max() {
    assert_eq!(
        message("hardtanh", &[("min_val", 1.0), ("max_val", 1.0)]),
        "`hardtanh`: parameter `min_val` = 1 is invalid: must be smaller than max_val (1)"
    );
    assert_eq!(
        message("hardtanh", &[("min_val", 2.0)]),
        "`hardtanh`: parameter `min_val` = 2 is invalid: must be smaller than max_val (1)"
    );
    assert!(Activation::new("hardtanh", &[("min_val", 0.99)]).is_ok());
}

#[test]
fn rrelu_needs_lower_not_above_upper() {
    assert_eq!(
        message("rrelu", &[("lower", 0.5), ("upper", 0.2)]),
        "`rrelu`: parameter `lower` = 0.5 is invalid: must not exceed upper (0.2)"
    );
    // Equal bounds are a fixed slope, which torch accepts.
    assert!(Activation::new("rrelu", &[("lower", 0.2), ("upper", 0.2)]).is_ok());
}

#[test]
fn celu_alpha_must_not_be_zero() {
    assert_eq!(
        message("celu", &[("alpha", 0.0)]),
        "`celu`: parameter `alpha` = 0 is invalid: must not be 0"
    );
    assert_eq!(
        message("celu", &[("alpha", -0.0)]),
        "`celu`: parameter `alpha` = -0 is invalid: must not be 0"
    );
    assert!(matches!(
        Activation::new("celu", &[("alpha", 0.0)]),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn overrides_apply_and_the_rest_keep_torch_defaults() {
    let a = Activation::new("softplus", &[("threshold", 5.0)]).unwrap();
    assert_eq!(a.params(), vec![("beta", 1.0), ("threshold", 5.0)]);
    // A later override of the same key wins.
    let b = Activation::new("elu", &[("alpha", 2.0), ("alpha", 0.5)]).unwrap();
    assert_eq!(b.params(), vec![("alpha", 0.5)]);
}
