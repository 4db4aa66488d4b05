//! The points of a heatmap over the input plane: the page evaluates the network on them to paint
//! the decision boundary behind the data, like the Playground's background.

use crate::error::{Error, Result};

/// Most cells per side: 512² ≈ 262k evaluations is already more than a canvas needs.
pub const MAX_RESOLUTION: usize = 512;

/// An axis-aligned rectangle of the input plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

impl Extent {
    /// The Playground's input domain, `[-6, 6]²`, where all the 2-D sets live.
    pub const PLAYGROUND: Extent = Extent {
        x_min: -6.0,
        x_max: 6.0,
        y_min: -6.0,
        y_max: 6.0,
    };

    fn validate(&self) -> Result<()> {
        let ok = [self.x_min, self.x_max, self.y_min, self.y_max]
            .iter()
            .all(|v| v.is_finite())
            && self.x_min < self.x_max
            && self.y_min < self.y_max;
        if ok {
            Ok(())
        } else {
            Err(Error::Invalid(format!(
                "grid extent must be finite with min < max on both axes, got x {}..{}, y {}..{}",
                self.x_min, self.x_max, self.y_min, self.y_max
            )))
        }
    }

    /// The centre of cell (`row`, `col`) in a `resolution`² grid; row 0 is the top (largest y).
    pub fn cell_center(&self, resolution: usize, row: usize, col: usize) -> (f64, f64) {
        let r = resolution as f64;
        let x = self.x_min + (col as f64 + 0.5) * (self.x_max - self.x_min) / r;
        let y = self.y_max - (row as f64 + 0.5) * (self.y_max - self.y_min) / r;
        (x, y)
    }
}

/// `resolution`² points, the centres of a `resolution` × `resolution` grid of cells covering
/// `extent`, as `[x, y]` pairs in one buffer (the layout of `Dataset::inputs`). Row-major with the
/// top row (largest y) first and x increasing along a row, i.e. the order of an image's pixels,
/// so output `k` colours pixel (`k / resolution`, `k % resolution`).
pub fn grid(extent: Extent, resolution: usize) -> Result<Vec<f32>> {
    extent.validate()?;
    if !(1..=MAX_RESOLUTION).contains(&resolution) {
        return Err(Error::Invalid(format!(
            "grid resolution must be between 1 and {MAX_RESOLUTION} cells per side, got {resolution}"
        )));
    }
    let mut points = Vec::with_capacity(2 * resolution * resolution);
    for row in 0..resolution {
        for col in 0..resolution {
            let (x, y) = extent.cell_center(resolution, row, col);
            points.push(x as f32);
            points.push(y as f32);
        }
    }
    Ok(points)
}
