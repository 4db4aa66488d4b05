//! The draw pad's preparation: a vertical stroke becomes a centred "1" with the training data's
//! value range, for both the 28×28 MNIST and the 8×8 digits layouts; empty and bad input.

use activation_lab::data::pad::{prepare, PadTarget};

const SIDE: usize = 280;

/// A pad with a soft-edged vertical stroke `width` px wide, centred at column `cx`, rows `y0..y1`.
fn stroke(cx: f64, y0: usize, y1: usize, width: f64) -> Vec<u8> {
    let mut ink = vec![0u8; SIDE * SIDE];
    for y in y0..y1 {
        for x in 0..SIDE {
            let d = (x as f64 + 0.5 - cx).abs();
            let v = ((width / 2.0 + 1.0 - d).clamp(0.0, 1.0) * 255.0) as u8;
            ink[y * SIDE + x] = v;
        }
    }
    ink
}

/// Ink per column and per row, and the centre of mass.
fn profile(img: &[f32], side: usize) -> (Vec<f32>, Vec<f32>, f64, f64) {
    let mut cols = vec![0.0; side];
    let mut rows = vec![0.0; side];
    let (mut m, mut sx, mut sy) = (0.0f64, 0.0f64, 0.0f64);
    for (i, &v) in img.iter().enumerate() {
        let (x, y) = (i % side, i / side);
        cols[x] += v;
        rows[y] += v;
        m += f64::from(v);
        sx += f64::from(v) * (x as f64 + 0.5);
        sy += f64::from(v) * (y as f64 + 0.5);
    }
    (cols, rows, sx / m, sy / m)
}

#[test]
fn a_vertical_stroke_becomes_a_centred_mnist_one() {
    // Drawn off-centre, near the pad's left edge: the preparation must centre it.
    let ink = stroke(60.0, 40, 240, 22.0);
    let img = prepare(&ink, SIDE, PadTarget::Mnist).unwrap();
    assert_eq!(img.len(), 28 * 28);
    assert!(img.iter().all(|v| (0.0..=1.0).contains(v)));
    let (cols, rows, cx, cy) = profile(&img, 28);
    assert!(
        (cx - 14.0).abs() < 0.05 && (cy - 14.0).abs() < 0.05,
        "centre of mass ({cx}, {cy})"
    );
    // 200 px tall → 20 rows of ink (rows 4..24), nothing above or below.
    let inked_rows: Vec<usize> = (0..28).filter(|&r| rows[r] > 0.01).collect();
    assert_eq!(inked_rows.first(), Some(&4));
    assert_eq!(inked_rows.last(), Some(&23));
    // Narrow: ink in at most 4 columns around the middle, full ink in the stroke's core.
    let inked_cols = cols.iter().filter(|&&c| c > 0.01).count();
    assert!(
        (2..=4).contains(&inked_cols),
        "{inked_cols} inked columns: {cols:?}"
    );
    let max = img.iter().cloned().fold(0.0, f32::max);
    assert!(max > 0.95, "stroke core ink {max}");
}

#[test]
fn a_vertical_stroke_becomes_an_eight_by_eight_one_in_the_digits_range() {
    let ink = stroke(200.0, 60, 220, 20.0);
    let img = prepare(&ink, SIDE, PadTarget::Digits).unwrap();
    assert_eq!(img.len(), 64);
    assert!(img.iter().all(|v| (0.0..=1.0).contains(v)));
    let (cols, rows, cx, _) = profile(&img, 8);
    // Every row inked (the digits fill the box's height), as the shipped "1"s.
    assert!(rows.iter().all(|&r| r > 0.5), "rows {rows:?}");
    // Centred: the middle columns 3 and 4 carry the ink, the borders none.
    assert!((cx - 4.0).abs() < 0.3, "centre x {cx}");
    assert!(cols[0] < 0.01 && cols[7] < 0.01, "border columns {cols:?}");
    assert!(cols[3] > 4.0 && cols[4] > 4.0, "middle columns {cols:?}");
    // Thickened to about two cells, like optdigits' 1s (ink mass per row ≈ 1.5–3 cells).
    let per_row = rows.iter().sum::<f32>() / 8.0;
    assert!((1.2..=3.2).contains(&per_row), "ink per row {per_row}");
}

#[test]
fn empty_pad_is_all_zero_and_bad_sizes_are_refused() {
    let blank = vec![0u8; SIDE * SIDE];
    assert!(prepare(&blank, SIDE, PadTarget::Mnist)
        .unwrap()
        .iter()
        .all(|&v| v == 0.0));
    assert!(prepare(&blank, SIDE, PadTarget::Digits)
        .unwrap()
        .iter()
        .all(|&v| v == 0.0));
    assert!(prepare(&blank[1..], SIDE, PadTarget::Mnist).is_err());
    assert!(prepare(&[0; 16], 4, PadTarget::Mnist).is_err());
    assert!(PadTarget::for_features(2).is_err());
    assert_eq!(PadTarget::for_features(784).unwrap(), PadTarget::Mnist);
    assert_eq!(PadTarget::for_features(64).unwrap(), PadTarget::Digits);
}

#[test]
fn a_tiny_dot_is_scaled_up_without_exceeding_full_ink() {
    let mut ink = vec![0u8; SIDE * SIDE];
    for y in 100..104 {
        for x in 150..154 {
            ink[y * SIDE + x] = 255;
        }
    }
    let img = prepare(&ink, SIDE, PadTarget::Mnist).unwrap();
    let max = img.iter().cloned().fold(0.0, f32::max);
    assert!((max - 1.0).abs() < 1e-6, "max {max}");
    let (_, _, cx, cy) = profile(&img, 28);
    assert!((cx - 14.0).abs() < 0.05 && (cy - 14.0).abs() < 0.05);
}
