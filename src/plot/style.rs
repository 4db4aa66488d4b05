//! Colours and sizes for the charts, for light and dark pages and any device-pixel ratio.

use plotters::style::RGBColor;

/// How to draw: theme and device-pixel ratio (text and lines scale with it, so a 2× canvas looks
/// like a 1× one, only sharper).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub dark: bool,
    /// Backend pixels per CSS pixel (`devicePixelRatio`); 1 for SVG.
    pub scale: f64,
    /// Extra factor for font sizes only (backends disagree on what a font size means).
    pub text: f64,
}

/// Series colours on a light background: distinct hues, each ≥ 3:1 contrast against white.
const LIGHT: [RGBColor; 12] = [
    RGBColor(0x1f, 0x6f, 0xb4),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x2c, 0x8c, 0x2c),
    RGBColor(0xe0, 0x6c, 0x00),
    RGBColor(0x8a, 0x4f, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xc8, 0x3c, 0x9a),
    RGBColor(0x0f, 0x8f, 0x9f),
    RGBColor(0x5f, 0x5f, 0x5f),
    RGBColor(0x8a, 0x8a, 0x00),
    RGBColor(0x39, 0x3b, 0x99),
    RGBColor(0x63, 0x79, 0x39),
];

/// The same hues, lightened for a dark background.
const DARK: [RGBColor; 12] = [
    RGBColor(0x6c, 0xb4, 0xff),
    RGBColor(0xff, 0x6b, 0x6b),
    RGBColor(0x5f, 0xd3, 0x5f),
    RGBColor(0xff, 0xa9, 0x4d),
    RGBColor(0xc4, 0xa0, 0xff),
    RGBColor(0xd9, 0xa7, 0x7f),
    RGBColor(0xff, 0x9a, 0xd5),
    RGBColor(0x4d, 0xd9, 0xe6),
    RGBColor(0xc8, 0xc8, 0xc8),
    RGBColor(0xe0, 0xe0, 0x60),
    RGBColor(0x9a, 0xa0, 0xff),
    RGBColor(0xb5, 0xcf, 0x6b),
];

impl Default for Style {
    fn default() -> Self {
        Style {
            dark: false,
            scale: 1.0,
            text: 1.0,
        }
    }
}

impl Style {
    pub fn background(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x16, 0x1b, 0x22)
        } else {
            RGBColor(0xff, 0xff, 0xff)
        }
    }

    /// Text and axes.
    pub fn foreground(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xd8, 0xde, 0xe6)
        } else {
            RGBColor(0x22, 0x26, 0x2e)
        }
    }

    pub fn grid(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x2e, 0x36, 0x42)
        } else {
            RGBColor(0xe3, 0xe6, 0xea)
        }
    }

    /// The x = 0 and y = 0 lines.
    pub fn zero_axis(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x5a, 0x66, 0x75)
        } else {
            RGBColor(0x9a, 0xa2, 0xad)
        }
    }

    /// Colour of the i-th selected function (the palette repeats after 12).
    pub fn series(&self, i: usize) -> RGBColor {
        let palette = if self.dark { &DARK } else { &LIGHT };
        palette[i % palette.len()]
    }

    /// `#rrggbb` of the i-th series, for the page's legend swatches and readout.
    pub fn series_hex(&self, i: usize) -> String {
        let c = self.series(i);
        format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
    }

    /// A font size in CSS pixels turned into the backend's font size.
    pub fn font(&self, css: f64) -> f64 {
        css * self.scale * self.text
    }

    /// A length in CSS pixels turned into backend pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }
}
