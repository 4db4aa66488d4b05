use activation_lab::data::images::{DIGITS, MNIST};
use activation_lab::experiment::*;
use activation_lab::nn::*;
fn main() {
    let mnist = std::sync::Arc::new(MNIST.load_split().unwrap());
    let digits = std::sync::Arc::new(DIGITS.load_split().unwrap());
    for (name, split) in [("mnist", mnist.clone()), ("digits", digits.clone())] {
        for act in ["sigmoid", "tanh", "relu"] {
            let c = TrainConfig {
                hidden: vec![30; 4],
                activations: vec![ActivationSpec::named(act)],
                optimizer: Optimizer::Sgd,
                lr: 0.1,
                batch_size: 10,
                ..TrainConfig::default()
            };
            let p = gradient_probe(&c, split.clone(), 2).unwrap();
            println!(
                "{name} {act} init {:?} w {:?} epochs {:?}",
                p.at_init, p.weights_at_init, p.per_epoch
            );
        }
    }
    for (act, init) in [
        ("selu", None),
        ("selu", Some(Init::HeNormal)),
        ("tanh", None),
        ("relu", None),
        ("relu", Some(Init::GlorotUniform)),
        ("gelu", None),
    ] {
        let p = normalization_probe(&ActivationSpec::named(act), init, 32, 100, 1000, 1).unwrap();
        let l = &p.layers;
        println!(
            "{act} {:?}: L1 {:?} L8 {:?} L16 {:?} L32 {:?}",
            p.init, l[0], l[7], l[15], l[31]
        );
    }
    for (opt, lr, target) in [
        (Optimizer::Sgd, 0.05f32, 0.05f32),
        (Optimizer::parse("momentum").unwrap(), 0.01, 0.05),
        (Optimizer::Sgd, 0.05, 0.25),
    ] {
        let base = TrainConfig {
            hidden: vec![32, 32],
            optimizer: opt,
            lr,
            batch_size: 32,
            epochs: 200,
            ..TrainConfig::default()
        };
        let r = convergence_ratio(
            &base,
            digits.clone(),
            &ActivationSpec::named("relu"),
            &ActivationSpec::named("tanh"),
            target,
            5,
        )
        .unwrap();
        println!(
            "{opt:?} lr {lr} target {target}: relu {:?} tanh {:?} ratio {:?}",
            r.fast.steps_to_target, r.slow.steps_to_target, r.ratio
        );
    }
}
