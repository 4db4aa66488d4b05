//! The MNIST article's loss as written (`Loss::SoftmaxBce`, `--as-written`): binary cross-entropy
//! of the softmax outputs against one-hot targets, averaged over the outputs, as Keras computes
//! `loss='binary_crossentropy'` after a softmax layer, with its exact gradient (the finite-
//! difference check is in tests/native/nn_gradcheck.rs; PyTorch's and Keras's own losses in
//! tests/export_keras*.rs). Here: the values against a plain f64 formula, finiteness where the
//! network is confidently wrong, and the binary accuracy Keras 2 printed as `accuracy`.

use std::process::Command;

use activation_lab::data::Task;
use activation_lab::nn::loss::{Head, Loss, Targets};

/// The loss of one row by the textbook formula in f64 (no log-sum-exp care).
fn plain(z: &[f64], y: usize) -> f64 {
    let m = z.iter().cloned().fold(f64::MIN, f64::max);
    let s: f64 = z.iter().map(|v| (v - m).exp()).sum();
    let k = z.len() as f64;
    -z.iter()
        .enumerate()
        .map(|(j, v)| {
            let p = (v - m).exp() / s;
            if j == y {
                p.ln()
            } else {
                (1.0 - p).ln()
            }
        })
        .sum::<f64>()
        / k
}

fn evaluate(z: &[f64], y: u32) -> (f64, Vec<f64>, Vec<f64>, usize) {
    let k = z.len();
    let (mut p, mut d) = (vec![0.0; k], vec![0.0; k]);
    let r = Head::SoftmaxBce.evaluate(z, k, Targets::Labels(&[y]), &mut p, Some(&mut d), 1.0);
    (r.loss_sum, p, d, r.binary_correct)
}

#[test]
fn loss_is_binary_cross_entropy_averaged_over_the_softmax_outputs() {
    let ten = Task::Classification { classes: 10 };
    assert_eq!(Loss::SoftmaxBce.head_for(ten).unwrap(), Head::SoftmaxBce);
    assert_eq!(Head::SoftmaxBce.outputs(ten), 10);
    assert_eq!(Loss::parse("as-written").unwrap(), Loss::SoftmaxBce);
    assert!(Loss::SoftmaxBce.head_for(Task::Regression).is_err());
    let z = [0.3, -1.2, 2.5, 0.0, 0.7];
    for y in 0..5 {
        let (loss, p, _, _) = evaluate(&z, y as u32);
        let want = plain(&z, y);
        assert!(
            (loss - want).abs() <= 1e-14 * want,
            "y={y}: {loss} vs {want}"
        );
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }
}

#[test]
fn confidently_wrong_stays_finite_with_the_exact_limit() {
    // z = (200, 0, 0), label 1: p_0 = 1 − 2e−200; ln p_1 = −200 − ln(1 + 2e−200) ≈ −200,
    // ln(1 − p_0) ≈ −200 + ln 2, ln(1 − p_2) ≈ 0: L = (400 − ln 2)/3.
    let want = (400.0 - 2f64.ln()) / 3.0;
    let (loss, _, d, _) = evaluate(&[200.0, 0.0, 0.0], 1);
    assert!((loss - want).abs() < 1e-12, "{loss} vs {want}");
    // ∂L/∂z in the limit: ln p_1 gives (−1, 1, 0), ln(p_1 + p_2) = ln(1 − p_0) gives (−1, ½, ½)
    // (z_1 moves p_1 alone, half of that sum), ln(1 − p_2) nothing; L = −⅓·Σ: (⅔, −½, −⅙),
    // summing to 0 as every softmax gradient does.
    for (got, want) in d.iter().zip([2.0 / 3.0, -0.5, -1.0 / 6.0]) {
        assert!((got - want).abs() < 1e-12, "{d:?}");
    }
    // The f32 path, where e^−200 underflows, gives the same.
    let mut p = [0f32; 3];
    let mut g = [0f32; 3];
    let r = Head::SoftmaxBce.evaluate(
        &[200f32, 0.0, 0.0],
        3,
        Targets::Labels(&[1]),
        &mut p,
        Some(&mut g),
        1.0,
    );
    assert!(
        (f64::from(r.loss_sum) - want).abs() < 1e-4 * want,
        "{}",
        r.loss_sum
    );
    assert!(
        (g[0] - 2.0 / 3.0).abs() < 1e-6 && (g[1] + 0.5).abs() < 1e-6,
        "{g:?}"
    );
}

#[test]
fn a_net_at_chance_scores_ninety_percent_binary_accuracy() {
    // Equal logits over 10 classes: every p = 0.1 < 0.5, so 9 of 10 outputs are "right".
    let (_, p, _, hits) = evaluate(&[0.0; 10], 3);
    assert!(p.iter().all(|&v| (v - 0.1).abs() < 1e-15));
    assert_eq!(hits, 9);
    // A confident right answer gets all 10; a confident wrong one 8.
    let mut z = [0.0; 10];
    z[3] = 10.0;
    assert_eq!(evaluate(&z, 3).3, 10);
    assert_eq!(evaluate(&z, 4).3, 8);
}

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_as_written_reports_both_accuracies_and_the_clipped_share() {
    let (ok, csv, err) = cli(&[
        "train",
        "--dataset",
        "digits",
        "--as-written",
        "--clip-value",
        "0.01",
        "--epochs",
        "3",
    ]);
    assert!(ok, "{err}");
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| head.iter().position(|h| *h == name).expect(name);
    let (acc, bin) = (col("test_acc"), col("test_binary_acc"));
    let clipped = [col("clipped_1"), col("clipped_2")];
    assert_eq!(head.len(), clipped[1] + 1, "{head:?}");
    let rows: Vec<Vec<f64>> = lines
        .map(|l| {
            l.split(',')
                .enumerate()
                .map(|(i, v)| if i == 1 { 0.0 } else { v.parse().unwrap() })
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        // Binary accuracy counts the nine right "no"s of every sample: ≥ 0.8 whatever the net.
        assert!(
            r[bin] >= 0.8 && r[bin] <= 1.0 && r[bin] >= r[acc] * 0.1 + 0.8,
            "{r:?}"
        );
        for &c in &clipped {
            assert!((0.0..=1.0).contains(&r[c]), "{r:?}");
        }
    }
    // At clip value 0.01 the first epoch clips a visible share of the output layer's gradient.
    assert!(rows[0][clipped[1]] > 0.0, "{:?}", rows[0]);
    assert!(
        rows[2][acc] > 0.5,
        "the as-written loss still trains: {:?}",
        rows[2]
    );

    let (ok, _, err) = cli(&[
        "train",
        "--dataset",
        "digits",
        "--as-written",
        "--loss",
        "mse",
    ]);
    assert!(!ok && err.contains("--as-written"), "{err}");
}
