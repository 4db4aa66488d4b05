//! The pictures a CNN playground shows, from the core: the first conv layer's filters as small
//! images (per filter and input channel, signed, one symmetric scale for the whole layer so
//! filters compare), and for one chosen image the feature map of every conv layer (after its
//! nonlinearity) and every pool layer, in evaluation mode, with the network's prediction for it.
//!
//! A layer has up to hundreds of maps; the view keeps the first [`MAX_MAPS_SHOWN`] per layer
//! (always the same ones, so a reader can watch them change while training) and says how many
//! exist. Each layer's maps share one symmetric scale (largest |value| over all its maps).
//!
//! [`ConvMaps::to_flat`] packs everything into one `f32` buffer for the worker → page trip;
//! [`ConvMaps::from_flat`] checks and unpacks it.

use super::has_image_layers;
use super::packed::PackedReader;
use crate::data::{Dataset, Task};
use crate::error::{Error, Result};
use crate::nn::{Layer, Mode, Net};
use crate::training::confusion::predicted_class;

/// Most feature maps drawn per layer; the rest are counted ("32 maps, 16 shown").
pub const MAX_MAPS_SHOWN: usize = 16;
/// Most first-layer filters drawn.
pub const MAX_FILTERS_SHOWN: usize = 64;
/// Most input channels drawn per filter (the image sets here have one).
pub const MAX_CHANNELS_SHOWN: usize = 4;
/// Largest map side the packed form accepts (the page's images are at most 28×28).
const MAX_SIDE: usize = 1024;
/// Tag of the packed format (bumped on any change to it).
const FORMAT: f32 = 1.0;

/// The first conv layer's weights as images.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterImages {
    pub kernel: usize,
    /// Input channels of the layer, and how many are drawn per filter.
    pub channels: usize,
    pub channels_shown: usize,
    /// Filters of the layer, and how many are drawn (the first ones).
    pub filters: usize,
    pub shown: usize,
    /// Largest |weight| of the whole layer (every filter shares it).
    pub scale: f32,
    /// Per shown filter, per shown channel: `kernel²` weights, row-major (ky, kx).
    pub weights: Vec<f32>,
}

impl FilterImages {
    /// The `kernel²` image of filter `f`, channel `c`.
    pub fn image(&self, f: usize, c: usize) -> &[f32] {
        let kk = self.kernel * self.kernel;
        let at = (f * self.channels_shown + c) * kk;
        &self.weights[at..at + kk]
    }
}

/// What a row of maps is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapLayerKind {
    /// The image itself (grey levels).
    Input,
    /// A conv layer's output after its nonlinearity.
    Conv,
    /// A max-pool layer's output.
    Pool,
    /// An average-pool layer's output (global average pooling: one 1×1 map per channel).
    AvgPool,
    /// A batch norm layer's output.
    BatchNorm,
}

impl MapLayerKind {
    /// Every kind with its key (the page's JSON and the tests read it): the one list. A kind's code
    /// in the packed buffer is its place here.
    const ALL: [(MapLayerKind, &'static str); 5] = [
        (MapLayerKind::Input, "input"),
        (MapLayerKind::Conv, "conv"),
        (MapLayerKind::Pool, "pool"),
        (MapLayerKind::AvgPool, "avgpool"),
        (MapLayerKind::BatchNorm, "batchnorm"),
    ];

    /// `input`, `conv`, `pool`, `avgpool`, `batchnorm`.
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, key)| key)
    }

    fn code(self) -> usize {
        Self::ALL.iter().position(|(k, _)| *k == self).unwrap_or(0)
    }

    fn from_code(code: usize) -> Option<Self> {
        Self::ALL.get(code).map(|(k, _)| *k)
    }
}

/// The maps of one layer for the chosen image.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayer {
    pub kind: MapLayerKind,
    /// 1-based number among the layers of its kind ("conv 2"); 0 for the input.
    pub number: usize,
    pub height: usize,
    pub width: usize,
    /// Maps (channels) of the layer, and how many are kept (the first ones).
    pub channels: usize,
    pub shown: usize,
    /// Largest |value| over all the layer's maps (0 when all are 0).
    pub scale: f32,
    /// `shown × height × width` values, map after map, row-major.
    pub maps: Vec<f32>,
}

impl MapLayer {
    /// The `i`-th kept map.
    pub fn map(&self, i: usize) -> &[f32] {
        let n = self.height * self.width;
        &self.maps[i * n..(i + 1) * n]
    }
}

/// The chosen image and what the network makes of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleInfo {
    /// Its index in the test set and the set's size.
    pub index: usize,
    pub count: usize,
    /// True class (`None` for a regression set).
    pub label: Option<u32>,
    /// Predicted class (`None` for a regression set) and its head output.
    pub predicted: Option<u32>,
    pub confidence: f32,
    /// After a "next misclassified" search that found none: how many images it looked at (this
    /// one is the last of them); 0 otherwise. The whole set (`count`) means all are right.
    pub searched: usize,
}

/// Everything the conv view draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvMaps {
    /// `None` when the image part has no conv layer (pool only).
    pub filters: Option<FilterImages>,
    pub sample: SampleInfo,
    /// The input first, then every conv and pool layer in order.
    pub layers: Vec<MapLayer>,
}

/// How the picker moves through the test set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seek {
    Stay,
    Previous,
    Next,
    /// The next misclassified image after the current one (wrapping around).
    Wrong,
}

impl Seek {
    pub fn from_name(name: &str) -> Result<Self> {
        Ok(match name {
            "" | "stay" => Seek::Stay,
            "prev" => Seek::Previous,
            "next" => Seek::Next,
            "wrong" => Seek::Wrong,
            _ => {
                return Err(Error::Invalid(format!(
                    "unknown image step `{name}`: use stay, prev, next or wrong"
                )))
            }
        })
    }
}

fn refuse_dense() -> Error {
    Error::Invalid(
        "filters and feature maps need a network with conv or pool layers; this one has dense \
         layers only (an MLP): add e.g. conv8k3,pool2,flatten before the dense layers"
            .into(),
    )
}

/// The first conv layer's filters of `net` (`None` when its image part has no conv layer).
pub fn filter_images(net: &Net<f32>) -> Result<Option<FilterImages>> {
    if !has_image_layers(net) {
        return Err(refuse_dense());
    }
    let first = net.layers.iter().find_map(|l| match l {
        Layer::Conv2d(c) => Some(c),
        _ => None,
    });
    let Some(c) = first else {
        return Ok(None);
    };
    let w = &net.params[c.weights.clone()];
    let (k, ch, f) = (c.kernel, c.input.channels, c.filters());
    let shown = f.min(MAX_FILTERS_SHOWN);
    let channels_shown = ch.min(MAX_CHANNELS_SHOWN);
    let mut weights = Vec::with_capacity(shown * channels_shown * k * k);
    for filter in 0..shown {
        for channel in 0..channels_shown {
            // Weight rows are (ky·k + kx)·C_in + c, one column per filter.
            weights.extend((0..k * k).map(|p| w[(p * ch + channel) * f + filter]));
        }
    }
    Ok(Some(FilterImages {
        kernel: k,
        channels: ch,
        channels_shown,
        filters: f,
        shown,
        scale: max_abs(w),
        weights,
    }))
}

/// Largest finite |value| (0 for none).
pub fn max_abs(values: &[f32]) -> f32 {
    values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f32, |m, v| m.max(v.abs()))
}

/// The first `shown` channel planes of an HWC buffer, plane after plane.
fn planes(hwc: &[f32], pixels: usize, channels: usize, shown: usize) -> Vec<f32> {
    let mut out = vec![0.0; shown * pixels];
    for (p, pos) in hwc[..pixels * channels].chunks_exact(channels).enumerate() {
        for (c, &v) in pos[..shown].iter().enumerate() {
            out[c * pixels + p] = v;
        }
    }
    out
}

fn map_layer(
    kind: MapLayerKind,
    number: usize,
    shape: crate::data::Shape,
    hwc: &[f32],
) -> MapLayer {
    let pixels = shape.height * shape.width;
    let values = &hwc[..pixels * shape.channels];
    let shown = shape.channels.min(MAX_MAPS_SHOWN);
    MapLayer {
        kind,
        number,
        height: shape.height,
        width: shape.width,
        channels: shape.channels,
        shown,
        scale: max_abs(values),
        maps: planes(values, pixels, shape.channels, shown),
    }
}

impl ConvMaps {
    /// Filters, and the feature maps of `image` (one sample, HWC as the data set stores it)
    /// through `net` in evaluation mode. `sample` gets the prediction filled in.
    pub fn of_image(net: &Net<f32>, image: &[f32], mut sample: SampleInfo) -> Result<Self> {
        if !has_image_layers(net) {
            return Err(refuse_dense());
        }
        if image.len() != net.input.len() || !image.iter().all(|v| v.is_finite()) {
            return Err(Error::Invalid(format!(
                "feature maps: the image must be {} finite values ({}), got {}",
                net.input.len(),
                net.input,
                image.len()
            )));
        }
        let filters = filter_images(net)?;
        let mut ws = net.workspace(1);
        net.forward(image, 1, &mut ws, &mut Mode::Eval);
        let mut layers = vec![map_layer(MapLayerKind::Input, 0, net.input, image)];
        // Each kind's layers are numbered apart ("conv 2", "pool 1").
        let mut numbers = [0usize; MapLayerKind::ALL.len()];
        for (i, l) in net.layers.iter().enumerate() {
            let kind = match l {
                Layer::Dense(_) => break,
                // A conv layer is seen after its nonlinearity.
                Layer::Activation(_) => MapLayerKind::Conv,
                Layer::MaxPool2d(_) => MapLayerKind::Pool,
                Layer::AvgPool2d(_) => MapLayerKind::AvgPool,
                // BatchNorm between a conv and its activation is part of that conv's map (seen
                // after the nonlinearity); elsewhere (after an activation or a pool) it is its own.
                Layer::BatchNorm(_) if i > 0 && matches!(net.layers[i - 1], Layer::Conv2d(_)) => {
                    continue
                }
                Layer::BatchNorm(_) => MapLayerKind::BatchNorm,
                // Conv before its activation; dropout and flatten are identities in evaluation.
                _ => continue,
            };
            let k = kind.code();
            numbers[k] += 1;
            let out = net.output_of(image, &ws, i);
            layers.push(map_layer(kind, numbers[k], l.output(), out));
        }
        let o = net.outputs();
        let mut probs = vec![0.0; o];
        net.head.predict(net.logits(image, &ws, 1), &mut probs);
        sample.confidence = probs[0];
        if sample.label.is_some() {
            let p = predicted_class(&probs);
            sample.predicted = Some(p as u32);
            sample.confidence = match (o, p) {
                (1, 0) => 1.0 - probs[0],
                (1, _) => probs[0],
                _ => probs[p],
            };
        }
        Ok(ConvMaps {
            filters,
            sample,
            layers,
        })
    }

    /// The view of test image `index` of `data` (its label and the network's prediction).
    pub fn of_test(net: &Net<f32>, data: &Dataset, index: usize) -> Result<Self> {
        if index >= data.len() {
            return Err(Error::Invalid(format!(
                "feature maps: image {index} does not exist, the test set has {}",
                data.len()
            )));
        }
        let sample = SampleInfo {
            index,
            count: data.len(),
            label: data.labels.get(index).copied(),
            predicted: None,
            confidence: 0.0,
            searched: 0,
        };
        Self::of_image(net, data.sample(index), sample)
    }
}

/// Where the picker lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Landing {
    pub index: usize,
    /// A "next misclassified" search that found none: images looked at (`index` is the last of
    /// them, so the next search goes on from there); 0 otherwise.
    pub searched: usize,
}

/// Multiply-adds one "next misclassified" search may spend (≈ 0.1–0.5 s in wasm), so a click
/// never holds the worker for long on a big network…
pub const SEEK_MAC_BUDGET: u64 = 400_000_000;
/// …though it always looks at this many images (or the whole set).
pub const SEEK_MIN_IMAGES: usize = 64;

/// Images one "next misclassified" search looks at for `net` on a set of `n`.
pub fn seek_limit(net: &Net<f32>, n: usize) -> usize {
    // Forward multiply-adds ≈ a sixth of the training flops (2 per MAC, ~3 passes).
    let per_image = (net.training_flops_per_sample() / 6).max(1);
    ((SEEK_MAC_BUDGET / per_image) as usize)
        .clamp(SEEK_MIN_IMAGES, n.max(1))
        .min(n)
}

/// The test image the picker lands on from `from` (clamped into the set first): the previous or
/// next one (wrapping), or the next one `net` misclassifies among the following
/// [`seek_limit`] images (else the last of those, with `searched` set).
pub fn seek(net: &Net<f32>, data: &Dataset, from: usize, how: Seek) -> Result<Landing> {
    let n = data.len();
    if n == 0 {
        return Err(Error::Invalid("feature maps: the test set is empty".into()));
    }
    let from = from.min(n - 1);
    let at = |index| Landing { index, searched: 0 };
    Ok(match how {
        Seek::Stay => at(from),
        Seek::Previous => at((from + n - 1) % n),
        Seek::Next => at((from + 1) % n),
        Seek::Wrong => {
            let limit = seek_limit(net, n);
            match next_wrong(net, data, from, limit)? {
                Some(i) => at(i),
                None => Landing {
                    index: (from + limit) % n,
                    searched: limit,
                },
            }
        }
    })
}

/// Rows predicted per pass while looking for a misclassified image.
const SEEK_CHUNK: usize = 32;

/// The first of the `limit` images after `from` (wrapping) that `net` misclassifies.
fn next_wrong(net: &Net<f32>, data: &Dataset, from: usize, limit: usize) -> Result<Option<usize>> {
    if !matches!(data.task, Task::Classification { .. }) {
        return Err(Error::Invalid(
            "feature maps: a regression set has no misclassified images".into(),
        ));
    }
    if net.inputs() != data.features {
        return Err(Error::Invalid(
            "feature maps: the network does not read this data set".into(),
        ));
    }
    let (n, f, o) = (data.len(), data.features, net.outputs());
    let mut ws = net.workspace(SEEK_CHUNK);
    let mut probs = vec![0.0; o];
    let mut x = Vec::with_capacity(SEEK_CHUNK * f);
    let mut done = 0;
    while done < limit {
        let rows = (limit - done).min(SEEK_CHUNK);
        let order: Vec<usize> = (0..rows).map(|r| (from + 1 + done + r) % n).collect();
        x.clear();
        for &i in &order {
            x.extend_from_slice(data.sample(i));
        }
        net.forward(&x, rows, &mut ws, &mut Mode::Eval);
        let logits = net.logits(&x, &ws, rows);
        for (r, &i) in order.iter().enumerate() {
            net.head.predict(&logits[r * o..(r + 1) * o], &mut probs);
            if predicted_class(&probs) as u32 != data.labels[i] {
                return Ok(Some(i));
            }
        }
        done += rows;
    }
    Ok(None)
}

// ---------- packed form ----------

impl ConvMaps {
    /// One buffer: `[format, index, count, label|−1, predicted|−1, confidence, searched]`, then `[0]` or
    /// `[1, kernel, channels, channels_shown, filters, shown, scale]` + filter weights, then
    /// `[layers]` and per layer `[kind, number, height, width, channels, shown, scale]` + maps.
    pub fn to_flat(&self) -> Vec<f32> {
        let s = &self.sample;
        let opt = |v: Option<u32>| v.map_or(-1.0, |v| v as f32);
        let mut out = vec![
            FORMAT,
            s.index as f32,
            s.count as f32,
            opt(s.label),
            opt(s.predicted),
            s.confidence,
            s.searched as f32,
        ];
        match &self.filters {
            None => out.push(0.0),
            Some(f) => {
                out.extend([1.0, f.kernel as f32, f.channels as f32]);
                out.extend([f.channels_shown as f32, f.filters as f32, f.shown as f32]);
                out.push(f.scale);
                out.extend(&f.weights);
            }
        }
        out.push(self.layers.len() as f32);
        for l in &self.layers {
            out.extend([l.kind.code() as f32, l.number as f32, l.height as f32]);
            out.extend([l.width as f32, l.channels as f32, l.shown as f32, l.scale]);
            out.extend(&l.maps);
        }
        out
    }

    /// Unpacks [`Self::to_flat`]'s buffer, checking every count against the buffer's length.
    pub fn from_flat(buf: &[f32]) -> Result<Self> {
        let mut r = PackedReader::new(buf, "feature map data");
        if r.take(1)?[0] != FORMAT {
            return Err(bad("unknown format"));
        }
        let index = r.int(u32::MAX as usize)?;
        let count = r.int(u32::MAX as usize)?;
        let label = r.class()?;
        let predicted = r.class()?;
        let confidence = r.finite()?;
        let searched = r.int(count)?;
        let filters = match r.int(1)? {
            0 => None,
            _ => Some(r.filters()?),
        };
        let n = r.int(crate::nn::config::MAX_LAYERS + 1)?;
        let layers = (0..n).map(|_| r.layer()).collect::<Result<Vec<_>>>()?;
        if r.at != buf.len() {
            return Err(bad("trailing values"));
        }
        Ok(ConvMaps {
            filters,
            sample: SampleInfo {
                index,
                count,
                label,
                predicted,
                confidence,
                searched,
            },
            layers,
        })
    }
}

fn bad(what: &str) -> Error {
    Error::Invalid(format!("feature map data: {what}"))
}

impl PackedReader<'_> {
    fn finite(&mut self) -> Result<f32> {
        let v = self.take(1)?[0];
        if v.is_finite() {
            Ok(v)
        } else {
            Err(bad("non-finite value"))
        }
    }

    /// A class, or −1 for none.
    fn class(&mut self) -> Result<Option<u32>> {
        if self.buf.get(self.at) == Some(&-1.0) {
            self.at += 1;
            return Ok(None);
        }
        Ok(Some(self.int(u32::MAX as usize)? as u32))
    }

    fn filters(&mut self) -> Result<FilterImages> {
        let kernel = self.int(MAX_SIDE)?;
        let channels = self.int(u32::MAX as usize)?;
        let channels_shown = self.int(MAX_CHANNELS_SHOWN.min(channels))?;
        let filters = self.int(u32::MAX as usize)?;
        let shown = self.int(MAX_FILTERS_SHOWN.min(filters))?;
        let scale = self.finite()?;
        let weights = self
            .take(shown * channels_shown * kernel * kernel)?
            .to_vec();
        Ok(FilterImages {
            kernel,
            channels,
            channels_shown,
            filters,
            shown,
            scale,
            weights,
        })
    }

    fn layer(&mut self) -> Result<MapLayer> {
        let last = MapLayerKind::ALL.len() - 1;
        let kind = MapLayerKind::from_code(self.int(last)?).ok_or_else(|| bad("layer kind"))?;
        let number = self.int(crate::nn::config::MAX_LAYERS)?;
        let height = self.int(MAX_SIDE)?;
        let width = self.int(MAX_SIDE)?;
        let channels = self.int(u32::MAX as usize)?;
        let shown = self.int(MAX_MAPS_SHOWN.min(channels))?;
        let scale = self.finite()?;
        let maps = self.take(shown * height * width)?.to_vec();
        Ok(MapLayer {
            kind,
            number,
            height,
            width,
            channels,
            shown,
            scale,
            maps,
        })
    }
}
