//! What every neuron computes, for the page's network view (TF Playground's diagram, done in the
//! core): one batched forward pass of the network over the decision map's grid gives each hidden
//! unit's activation at every grid point, plus the head's output; a unit that is exactly 0 over
//! the whole plane *and* over the data is flagged dead. For image data sets the view shows instead
//! each first-layer unit's incoming weights as an image.
//!
//! The page's caps (64 layers × 1024 units) are far more than fit on a screen, so the view shows
//! at most [`MAX_UNITS_SHOWN`] units per layer and [`MAX_LAYERS_SHOWN`] hidden layers (the first
//! and last halves, with a gap between), and counts the rest; the grid's resolution shrinks for
//! large networks so one pass stays within [`MAC_BUDGET`] multiply-adds.
//!
//! [`UnitMaps::to_flat`] packs everything into one `f32` buffer (the worker transfers it to the
//! page without copying); [`UnitMaps::from_flat`] checks and unpacks it on the other side.

use super::packed::PackedReader;
use super::{dense_layers, has_image_layers, DenseLayer};
use crate::data::{grid, Extent};
use crate::error::{Error, Result};
use crate::nn::trainer::{head_outputs, EVAL_CHUNK};
use crate::nn::{Mode, Net, Workspace};

/// Most units drawn per layer; the rest are counted ("+ 24 more").
pub const MAX_UNITS_SHOWN: usize = 16;
/// Most hidden layers drawn: the first and last halves of this many, with a gap between.
pub const MAX_LAYERS_SHOWN: usize = 8;
/// Grid cells per side for small networks (the decision map's resolution).
pub const MAX_MAP_RESOLUTION: usize = 48;
/// Fewest cells per side, however large the network.
pub const MIN_MAP_RESOLUTION: usize = 8;
/// Multiply-adds one grid pass may cost before the resolution is lowered (≈ 20–40 ms in wasm).
pub const MAC_BUDGET: f64 = 2.0e7;
/// Tag of the packed format (bumped on any change to it).
const FORMAT: f32 = 1.0;

/// What a column of tiles is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The input features (x₁, x₂ over the plane).
    Input,
    /// Hidden layer `l` (0 = next to the inputs).
    Hidden(usize),
    /// The head's outputs (probabilities or values).
    Output,
}

/// What the tiles show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapKind {
    /// Each tile is a unit's value over the input plane (`resolution`² cells, row 0 = top).
    Plane,
    /// Each tile is a first-layer unit's incoming weights as a `resolution`² image.
    Weights,
}

/// One column of tiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub kind: ColumnKind,
    /// Units in the layer (shown or not).
    pub units: usize,
    /// Indices of the units drawn (the first [`MAX_UNITS_SHOWN`]).
    pub shown: Vec<usize>,
    /// One bias per shown unit (0 for inputs).
    pub bias: Vec<f32>,
    /// Per shown unit: dead (exactly 0 over the plane and the data). Always false for inputs and
    /// outputs.
    pub dead: Vec<bool>,
    /// Dead units among all `units` of the layer.
    pub dead_count: usize,
    /// `shown.len() × resolution²` values, tile by tile.
    pub maps: Vec<f32>,
}

impl Column {
    /// The map of the `i`-th shown unit.
    pub fn map(&self, i: usize, cells: usize) -> &[f32] {
        &self.maps[i * cells..(i + 1) * cells]
    }
}

/// Everything the network view draws.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitMaps {
    pub kind: MapKind,
    pub resolution: usize,
    pub extent: Extent,
    pub columns: Vec<Column>,
    /// `edges[i]` holds the weights from `columns[i]`'s shown units to `columns[i + 1]`'s
    /// (row-major, `from × to`), or `None` where layers between them are not drawn.
    pub edges: Vec<Option<Vec<f32>>>,
}

/// Grid cells per side for `net`: [`MAX_MAP_RESOLUTION`] unless a pass would cost more than
/// [`MAC_BUDGET`], never below [`MIN_MAP_RESOLUTION`].
pub fn resolution_for<T: crate::nn::real::Real>(net: &Net<T>) -> usize {
    let macs: f64 = net.layers.iter().map(|l| l.macs() as f64).sum();
    let fit = (MAC_BUDGET / macs.max(1.0)).sqrt().floor() as usize;
    fit.clamp(MIN_MAP_RESOLUTION, MAX_MAP_RESOLUTION)
}

/// The hidden layers drawn: all when they fit, else the first and last halves of the budget.
pub fn shown_layers(n_hidden: usize) -> Vec<usize> {
    if n_hidden <= MAX_LAYERS_SHOWN {
        return (0..n_hidden).collect();
    }
    let half = MAX_LAYERS_SHOWN / 2;
    (0..half).chain(n_hidden - half..n_hidden).collect()
}

/// Which units of a layer have a nonzero output for some row of `inputs` (row-major, the net's
/// input width), in evaluation mode; one `Vec` per hidden layer.
pub fn active_on(net: &Net<f32>, inputs: &[f32]) -> Vec<Vec<bool>> {
    let dense = dense_layers(net);
    let hidden = &dense[..dense.len() - 1];
    let mut active: Vec<Vec<bool>> = hidden.iter().map(|d| vec![false; d.outputs]).collect();
    for_each_chunk(net, inputs, |x, ws, rows| {
        mark_active(net, hidden, x, ws, rows, &mut active)
    });
    active
}

/// Runs `net` over `inputs` in evaluation chunks, calling `f(chunk, workspace, rows)` after each.
fn for_each_chunk(
    net: &Net<f32>,
    inputs: &[f32],
    mut f: impl FnMut(&[f32], &Workspace<f32>, usize),
) {
    let n_in = net.inputs();
    let total = inputs.len() / n_in;
    let mut ws = net.workspace(EVAL_CHUNK.min(total.max(1)));
    let mut start = 0;
    while start < total {
        let rows = (total - start).min(ws.capacity);
        let x = &inputs[start * n_in..(start + rows) * n_in];
        net.forward(x, rows, &mut ws, &mut Mode::Eval);
        f(x, &ws, rows);
        start += rows;
    }
}

/// The values of hidden dense layer `d` in the last forward over `x`.
fn values<'a>(net: &Net<f32>, d: &DenseLayer, x: &'a [f32], ws: &'a Workspace<f32>) -> &'a [f32] {
    net.output_of(
        x,
        ws,
        d.read.expect("a hidden layer is read after its activation"),
    )
}

fn mark_active(
    net: &Net<f32>,
    hidden: &[DenseLayer],
    x: &[f32],
    ws: &Workspace<f32>,
    rows: usize,
    active: &mut [Vec<bool>],
) {
    for (d, flags) in hidden.iter().zip(active.iter_mut()) {
        let units = d.outputs;
        for row in values(net, d, x, ws)[..rows * units].chunks_exact(units) {
            for (f, &v) in flags.iter_mut().zip(row) {
                *f |= v != 0.0;
            }
        }
    }
}

impl UnitMaps {
    /// The network view of a 2-input `net` over `extent`: one forward pass over the grid (at
    /// [`resolution_for`]), every shown unit's map, the head's output per cell, dead flags
    /// (`data_active`: which hidden units were nonzero on some data sample, as
    /// [`active_on`] or the trainer's last evaluation give it; empty = no data known).
    pub fn plane(net: &Net<f32>, extent: Extent, data_active: &[Vec<bool>]) -> Result<Self> {
        if net.inputs() != 2 || has_image_layers(net) {
            return Err(Error::Invalid(format!(
                "the network view over the plane needs 2 inputs, this network has {}",
                net.inputs()
            )));
        }
        let res = resolution_for(net);
        let points = grid(extent, res)?;
        let cells = res * res;
        let dense = dense_layers(net);
        let hidden = &dense[..dense.len() - 1];
        let layers = shown_layers(hidden.len());
        let mut columns = vec![input_column(&points, cells)];
        for &l in &layers {
            columns.push(empty_column(net, &dense, ColumnKind::Hidden(l), cells));
        }
        let out_w = net.outputs();
        let mut output = empty_column(net, &dense, ColumnKind::Output, cells);
        let mut active: Vec<Vec<bool>> = hidden.iter().map(|d| vec![false; d.outputs]).collect();
        let mut at = 0;
        let mut probs = vec![0.0f32; EVAL_CHUNK * out_w];
        for_each_chunk(net, &points, |x, ws, rows| {
            mark_active(net, hidden, x, ws, rows, &mut active);
            for (c, &l) in layers.iter().enumerate() {
                let units = hidden[l].outputs;
                let v = &values(net, &hidden[l], x, ws)[..rows * units];
                copy_units(&mut columns[c + 1], v, units, at, cells);
            }
            let logits = net.logits(x, ws, rows);
            head_outputs(net.head, logits, out_w, &mut probs[..rows * out_w]);
            copy_units(&mut output, &probs[..rows * out_w], out_w, at, cells);
            at += rows;
        });
        for (c, &l) in layers.iter().enumerate() {
            let data = data_active.get(l).map(Vec::as_slice).unwrap_or(&[]);
            let dead_all: Vec<bool> = (0..active[l].len())
                .map(|u| !active[l][u] && !data.get(u).copied().unwrap_or(false))
                .collect();
            let col = &mut columns[c + 1];
            col.dead_count = dead_all.iter().filter(|&&d| d).count();
            col.dead = col.shown.iter().map(|&u| dead_all[u]).collect();
        }
        for v in &mut output.maps {
            if !v.is_finite() {
                *v = 0.0;
            }
        }
        columns.push(output);
        let edges = edges_between(net, &dense, &columns);
        Ok(UnitMaps {
            kind: MapKind::Plane,
            resolution: res,
            extent,
            columns,
            edges,
        })
    }

    /// The first hidden layer's incoming weights as `side`² images (side² must be the input
    /// width), one per shown unit; dead flags from `data_active` alone.
    pub fn weight_images(net: &Net<f32>, side: usize, data_active: &[Vec<bool>]) -> Result<Self> {
        let dense = dense_layers(net);
        // After conv layers the first dense layer reads feature maps, not pixels: no images.
        if has_image_layers(net) || dense.len() < 2 || side * side != net.inputs() {
            return Err(Error::Invalid(format!(
                "weight images need a dense first hidden layer (no conv layers) and {0}×{0} inputs",
                side
            )));
        }
        let d = &dense[0];
        let cells = side * side;
        let mut col = empty_column(net, &dense, ColumnKind::Hidden(0), cells);
        let w = &net.params[d.weights.clone()];
        for (i, &u) in col.shown.iter().enumerate() {
            for k in 0..cells {
                col.maps[i * cells + k] = w[k * d.outputs + u];
            }
        }
        let data = data_active.first().map(Vec::as_slice).unwrap_or(&[]);
        let active = |u: usize| data.get(u).copied().unwrap_or(true);
        col.dead = col.shown.iter().map(|&u| !active(u)).collect();
        col.dead_count = (0..d.outputs).filter(|&u| !active(u)).count();
        Ok(UnitMaps {
            kind: MapKind::Weights,
            resolution: side,
            extent: Extent::PLAYGROUND,
            columns: vec![col],
            edges: vec![],
        })
    }

    pub fn cells(&self) -> usize {
        self.resolution * self.resolution
    }
}

fn input_column(points: &[f32], cells: usize) -> Column {
    let mut maps = vec![0.0; 2 * cells];
    for (k, p) in points.chunks_exact(2).enumerate() {
        maps[k] = p[0];
        maps[cells + k] = p[1];
    }
    Column {
        kind: ColumnKind::Input,
        units: 2,
        shown: vec![0, 1],
        bias: vec![0.0; 2],
        dead: vec![false; 2],
        dead_count: 0,
        maps,
    }
}

fn empty_column(net: &Net<f32>, dense: &[DenseLayer], kind: ColumnKind, cells: usize) -> Column {
    let l = match kind {
        ColumnKind::Hidden(l) => l,
        _ => dense.len() - 1,
    };
    let d = &dense[l];
    let shown: Vec<usize> = (0..d.outputs.min(MAX_UNITS_SHOWN)).collect();
    let bias = shown
        .iter()
        .map(|&u| net.params[d.biases.start + u])
        .collect();
    Column {
        kind,
        units: d.outputs,
        dead: vec![false; shown.len()],
        dead_count: 0,
        maps: vec![0.0; shown.len() * cells],
        bias,
        shown,
    }
}

/// Copies the shown units' values of a chunk (`rows × units`, starting at grid cell `at`).
fn copy_units(col: &mut Column, values: &[f32], units: usize, at: usize, cells: usize) {
    for (r, row) in values.chunks_exact(units).enumerate() {
        for (i, &u) in col.shown.iter().enumerate() {
            col.maps[i * cells + at + r] = row[u];
        }
    }
}

/// The dense layer feeding a column (its index in `net.layers`).
fn layer_of(kind: ColumnKind, n_layers: usize) -> Option<usize> {
    match kind {
        ColumnKind::Input => None,
        ColumnKind::Hidden(l) => Some(l),
        ColumnKind::Output => Some(n_layers - 1),
    }
}

fn edges_between(
    net: &Net<f32>,
    dense: &[DenseLayer],
    columns: &[Column],
) -> Vec<Option<Vec<f32>>> {
    let n = dense.len();
    columns
        .windows(2)
        .map(|pair| {
            let to = layer_of(pair[1].kind, n)?;
            let from = layer_of(pair[0].kind, n).map_or(0, |l| l + 1);
            if from != to {
                return None;
            }
            let d = &dense[to];
            let w = &net.params[d.weights.clone()];
            let mut out = Vec::with_capacity(pair[0].shown.len() * pair[1].shown.len());
            for &i in &pair[0].shown {
                for &j in &pair[1].shown {
                    out.push(w[i * d.outputs + j]);
                }
            }
            Some(out)
        })
        .collect()
}

// ---------- packed form ----------

impl UnitMaps {
    /// One buffer: `[format, kind, resolution, x_min, x_max, y_min, y_max, columns]`, then per
    /// column `[kind, layer, units, shown, dead_count]` + shown indices + biases + dead flags +
    /// maps, then per pair of columns `[0]` or `[1]` + its weights.
    pub fn to_flat(&self) -> Vec<f32> {
        let e = self.extent;
        let mut out = vec![
            FORMAT,
            match self.kind {
                MapKind::Plane => 0.0,
                MapKind::Weights => 1.0,
            },
            self.resolution as f32,
            e.x_min as f32,
            e.x_max as f32,
            e.y_min as f32,
            e.y_max as f32,
            self.columns.len() as f32,
        ];
        for c in &self.columns {
            let (kind, layer) = match c.kind {
                ColumnKind::Input => (0.0, 0),
                ColumnKind::Hidden(l) => (1.0, l),
                ColumnKind::Output => (2.0, 0),
            };
            out.extend([
                kind,
                layer as f32,
                c.units as f32,
                c.shown.len() as f32,
                c.dead_count as f32,
            ]);
            out.extend(c.shown.iter().map(|&u| u as f32));
            out.extend(&c.bias);
            out.extend(c.dead.iter().map(|&d| f32::from(u8::from(d))));
            out.extend(&c.maps);
        }
        for e in &self.edges {
            match e {
                None => out.push(0.0),
                Some(w) => {
                    out.push(1.0);
                    out.extend(w);
                }
            }
        }
        out
    }

    /// Unpacks [`Self::to_flat`]'s buffer, checking every count against the buffer's length.
    pub fn from_flat(buf: &[f32]) -> Result<Self> {
        let mut r = PackedReader::new(buf, "network view data");
        if r.take(1)?[0] != FORMAT {
            return Err(bad("unknown format"));
        }
        let kind = match r.int(1)? {
            0 => MapKind::Plane,
            _ => MapKind::Weights,
        };
        let resolution = r.int(crate::data::grid::MAX_RESOLUTION)?;
        let ext = r.take(4)?;
        let extent = Extent {
            x_min: f64::from(ext[0]),
            x_max: f64::from(ext[1]),
            y_min: f64::from(ext[2]),
            y_max: f64::from(ext[3]),
        };
        let cells = resolution * resolution;
        let n_cols = r.int(MAX_LAYERS_SHOWN + 2)?;
        let mut columns = Vec::with_capacity(n_cols);
        for _ in 0..n_cols {
            columns.push(r.column(cells)?);
        }
        let mut edges = Vec::new();
        for pair in columns.windows(2) {
            edges.push(match r.int(1)? {
                0 => None,
                _ => Some(r.take(pair[0].shown.len() * pair[1].shown.len())?.to_vec()),
            });
        }
        if r.at != buf.len() {
            return Err(bad("trailing values"));
        }
        Ok(UnitMaps {
            kind,
            resolution,
            extent,
            columns,
            edges,
        })
    }
}

fn bad(what: &str) -> Error {
    Error::Invalid(format!("network view data: {what}"))
}

impl PackedReader<'_> {
    fn column(&mut self, cells: usize) -> Result<Column> {
        let code = self.int(2)?;
        let layer = self.int(crate::nn::limits::MAX_LAYERS)?;
        let kind = match code {
            0 => ColumnKind::Input,
            1 => ColumnKind::Hidden(layer),
            _ => ColumnKind::Output,
        };
        let units = self.int(crate::nn::limits::MAX_UNITS)?;
        let n = self.int(MAX_UNITS_SHOWN.min(units))?;
        let dead_count = self.int(units)?;
        let shown = (0..n)
            .map(|_| self.int(units.saturating_sub(1)))
            .collect::<Result<Vec<_>>>()?;
        let bias = self.take(n)?.to_vec();
        let dead = (0..n)
            .map(|_| self.int(1).map(|d| d == 1))
            .collect::<Result<Vec<_>>>()?;
        let maps = self.take(n * cells)?.to_vec();
        Ok(Column {
            kind,
            units,
            shown,
            bias,
            dead,
            dead_count,
            maps,
        })
    }
}
