//! The linear pixel↔data mapping of one chart panel, kept after drawing for hover and pan.

/// Pixel positions of a panel's data rectangle and the data ranges they show. Pixels are backend
/// pixels (the canvas backing store), with y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartMapping {
    /// Data x shown at `left` and `right`.
    pub x_range: (f64, f64),
    /// Data y shown at `bottom` and `top`.
    pub y_range: (f64, f64),
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl ChartMapping {
    /// Data x under pixel column `px` (extrapolates outside the panel).
    pub fn pixel_to_x(&self, px: f64) -> f64 {
        let t = (px - self.left) / (self.right - self.left);
        self.x_range.0 + t * (self.x_range.1 - self.x_range.0)
    }

    /// Pixel column of data x.
    pub fn x_to_pixel(&self, x: f64) -> f64 {
        let t = (x - self.x_range.0) / (self.x_range.1 - self.x_range.0);
        self.left + t * (self.right - self.left)
    }

    /// Data y under pixel row `py` (extrapolates outside the panel).
    pub fn pixel_to_y(&self, py: f64) -> f64 {
        let t = (py - self.bottom) / (self.top - self.bottom);
        self.y_range.0 + t * (self.y_range.1 - self.y_range.0)
    }

    /// Pixel row of data y.
    pub fn y_to_pixel(&self, y: f64) -> f64 {
        let t = (y - self.y_range.0) / (self.y_range.1 - self.y_range.0);
        self.bottom + t * (self.top - self.bottom)
    }

    /// Data x units per pixel column (for drag panning).
    pub fn x_per_pixel(&self) -> f64 {
        (self.x_range.1 - self.x_range.0) / (self.right - self.left)
    }

    /// Whether a pixel lies over the data rectangle.
    pub fn contains(&self, px: f64, py: f64) -> bool {
        px >= self.left && px <= self.right && py >= self.top && py <= self.bottom
    }
}
