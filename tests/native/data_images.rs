//! The image-set format: round trip, every rejection path, and the shipped digits / MNIST files.
// Reads the shipped files from disk, so native only (the parser itself is plain portable Rust).
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::images::{
    is_gzip, load_images_file, DIGITS, DIGITS_PATH, HEADER_LEN, MAX_FILE_BYTES, MNIST, MNIST_PATH,
};
use activation_lab::data::{parse_images, ImageSet, ImageSource, Task};

/// Three 2×3 images, 4 classes, pixels 0..=9.
fn small() -> ImageSet {
    ImageSet {
        rows: 2,
        cols: 3,
        classes: 4,
        pixel_max: 9,
        labels: vec![3, 0, 1],
        pixels: (0..18).map(|i| (i % 10) as u8).collect(),
    }
}

fn rejection(bytes: &[u8]) -> String {
    match parse_images(bytes) {
        Ok(set) => panic!("accepted a bad file: {set:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn encode_then_parse_round_trips() {
    let set = small();
    let bytes = set.encode();
    assert_eq!(bytes.len(), HEADER_LEN + 3 + 18);
    assert_eq!(&bytes[..4], b"ALIM");
    assert_eq!(parse_images(&bytes).unwrap(), set);
    assert_eq!(set.image(1), &[6, 7, 8, 9, 0, 1]);
}

#[test]
fn dataset_inputs_are_pixels_over_pixel_max() {
    let set = small();
    let d = set.to_dataset();
    assert_eq!(d.features, 6);
    assert_eq!(d.task, Task::Classification { classes: 4 });
    assert_eq!(d.len(), 3);
    assert_eq!(d.labels, vec![3, 0, 1]);
    assert_eq!(d.sample(1)[3], 1.0, "pixel 9 of 9 is full ink");
    assert_eq!(d.sample(0)[0], 0.0);
    assert!((d.sample(0)[3] - 3.0 / 9.0).abs() < 1e-7);
    assert_eq!(set.input_scale(), 1.0 / 9.0);
    assert_eq!(
        set.scale_input(&[0.0, 4.5, 9.0, 20.0, -1.0, f32::NAN]),
        vec![0.0, 0.5, 1.0, 1.0, 0.0, 0.0]
    );
}

#[test]
fn bad_magic_version_and_reserved_bytes_are_rejected() {
    let good = small().encode();
    let mut b = good.clone();
    b[0] = b'X';
    assert!(rejection(&b).contains("magic"));
    let mut b = good.clone();
    b[4] = 2;
    assert!(rejection(&b).contains("version 2"));
    let mut b = good.clone();
    b[7] = 1;
    assert!(rejection(&b).contains("reserved"));
    let mut b = good.clone();
    b[5] = 0;
    assert!(rejection(&b).contains("pixel_max"));
    assert!(rejection(&[0x1f, 0x8b, 8, 0]).contains("gzip"));
    assert!(rejection(b"").contains("header"));
    assert!(rejection(b"ALIM\x01").contains("header"));
}

#[test]
fn truncated_and_overlong_files_are_rejected() {
    let good = small().encode();
    for cut in [HEADER_LEN, HEADER_LEN + 2, good.len() - 1] {
        let msg = rejection(&good[..cut]);
        assert!(msg.contains("truncated"), "{cut}: {msg}");
    }
    let mut long = good.clone();
    long.push(0);
    assert!(rejection(&long).contains("trailing"));
}

#[test]
fn out_of_range_labels_and_pixels_are_rejected() {
    let mut set = small();
    set.labels[2] = 4;
    let msg = rejection(&set.encode());
    assert!(
        msg.contains("image 2 has label 4") && msg.contains("4 classes"),
        "{msg}"
    );
    let mut set = small();
    set.pixels[13] = 10;
    let msg = rejection(&set.encode());
    assert!(
        msg.contains("image 2") && msg.contains("above pixel_max 9"),
        "{msg}"
    );
}

#[test]
fn absurd_sizes_are_rejected_before_allocating() {
    let header = |n: u32, rows: u16, cols: u16, classes: u16| {
        let mut h = small().encode()[..HEADER_LEN].to_vec();
        h[8..12].copy_from_slice(&n.to_le_bytes());
        h[12..14].copy_from_slice(&rows.to_le_bytes());
        h[14..16].copy_from_slice(&cols.to_le_bytes());
        h[16..18].copy_from_slice(&classes.to_le_bytes());
        h
    };
    assert!(rejection(&header(0, 2, 3, 4)).contains("0 images"));
    assert!(rejection(&header(u32::MAX, 2, 3, 4)).contains("images"));
    assert!(rejection(&header(3, 0, 3, 4)).contains("image size"));
    assert!(rejection(&header(3, 2, 257, 4)).contains("image size"));
    assert!(rejection(&header(3, u16::MAX, u16::MAX, 4)).contains("image size"));
    assert!(rejection(&header(3, 2, 3, 1)).contains("classes"));
    assert!(rejection(&header(3, 2, 3, 257)).contains("classes"));
    // Within every per-field cap, but 1e6 images of 256×256 exceed the file limit.
    let msg = rejection(&header(1_000_000, 256, 256, 10));
    assert!(msg.contains(&MAX_FILE_BYTES.to_string()), "{msg}");
}

#[test]
fn any_prefix_or_corruption_of_a_good_file_errors_instead_of_panicking() {
    let good = small().encode();
    for cut in 0..good.len() {
        assert!(parse_images(&good[..cut]).is_err(), "prefix {cut} accepted");
    }
    // Flipping any single byte either still parses to a valid set or is rejected; never panics.
    for i in 0..good.len() {
        let mut b = good.clone();
        b[i] ^= 0xff;
        if let Ok(set) = parse_images(&b) {
            assert!(set.labels.iter().all(|&l| (l as usize) < set.classes));
        }
    }
}

#[test]
fn load_reports_missing_files() {
    let msg = load_images_file("/nonexistent/digits.bin")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("/nonexistent/digits.bin"), "{msg}");
}

#[test]
fn sources_resolve_by_name() {
    assert_eq!(ImageSource::from_name("digits").unwrap(), DIGITS);
    assert_eq!(ImageSource::from_name("MNIST").unwrap(), MNIST);
    let msg = ImageSource::from_name("cifar").unwrap_err().to_string();
    assert!(
        msg.contains("cifar") && msg.contains("digits, mnist"),
        "{msg}"
    );
    assert_eq!(DIGITS.path().to_str().unwrap(), DIGITS_PATH);
    assert_eq!(MNIST.path().to_str().unwrap(), MNIST_PATH);
}

#[test]
fn shipped_digits_match_scikit_learn() {
    let set = load_images_file(DIGITS_PATH).unwrap();
    assert_eq!(
        (set.len(), set.rows, set.cols, set.classes, set.pixel_max),
        (1797, 8, 8, 10, 16)
    );
    let counts = set.to_dataset().class_counts();
    assert_eq!(
        counts,
        vec![178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    );
    // The first row of sklearn's digits.csv.gz: a zero.
    assert_eq!(set.labels[0], 0);
    assert_eq!(
        &set.image(0)[..16],
        &[0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]
    );
    assert_eq!(set.pixels.iter().copied().max(), Some(16));

    let split = DIGITS.load_split().unwrap();
    assert_eq!((split.train.len(), split.test.len()), (1437, 360));
    let test_counts = split.test.class_counts();
    for (c, (&t, &all)) in test_counts.iter().zip(&counts).enumerate() {
        assert!(
            (t as f64 - all as f64 * 0.2).abs() < 1.0,
            "class {c}: {t} of {all}"
        );
    }
    assert_eq!(
        split,
        DIGITS.load_split().unwrap(),
        "the default split is fixed"
    );
    assert!(split.train.inputs.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn shipped_mnist_subset_has_ten_thousand_digits() {
    let bytes = std::fs::read(MNIST_PATH).unwrap();
    assert!(is_gzip(&bytes), "mnist10k is stored gzip-compressed");
    let set = load_images_file(MNIST_PATH).unwrap();
    assert_eq!(
        (set.len(), set.rows, set.cols, set.classes, set.pixel_max),
        (10_000, 28, 28, 10, 255)
    );
    let counts = set.to_dataset().class_counts();
    assert_eq!(
        counts,
        vec![1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
    );
    // Real grey-level digits, not binarised: full ink occurs and so do many intermediate values.
    assert_eq!(set.pixels.iter().copied().max(), Some(255));
    let greys = set.pixels.iter().filter(|&&p| p > 0 && p < 255).count();
    assert!(greys > 500_000, "{greys}");
    // A digit's ink sits in the middle: the border rows are blank in almost every image.
    let first_row_ink = (0..set.len())
        .filter(|&i| set.image(i)[..28].iter().any(|&p| p > 0))
        .count();
    assert!(first_row_ink < 100, "{first_row_ink}");

    let split = MNIST.load_split().unwrap();
    assert_eq!((split.train.len(), split.test.len()), (8000, 2000));
    assert_eq!(split.train.features, 784);
    assert_eq!(split.test.class_counts().iter().sum::<usize>(), 2000);
}
