//! Reading the flat f32 buffers the training worker sends to the page (the network view, the conv
//! maps): every read is bounds- and range-checked, so a corrupt buffer is an error, not a panic.
//! Each view adds its own record readers in an `impl PackedReader` next to its format.

use crate::error::{Error, Result};

pub(crate) struct PackedReader<'a> {
    pub(crate) buf: &'a [f32],
    pub(crate) at: usize,
    /// What the buffer holds, for messages ("network view data").
    what: &'static str,
}

impl<'a> PackedReader<'a> {
    pub(crate) fn new(buf: &'a [f32], what: &'static str) -> Self {
        PackedReader { buf, at: 0, what }
    }

    pub(crate) fn bad(&self, why: &str) -> Error {
        Error::Invalid(format!("{}: {why}", self.what))
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [f32]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or_else(|| self.bad("truncated"))?;
        let s = &self.buf[self.at..end];
        self.at = end;
        Ok(s)
    }

    /// A whole number in 0..=max.
    pub(crate) fn int(&mut self, max: usize) -> Result<usize> {
        let v = self.take(1)?[0];
        if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && f64::from(v) <= max as f64 {
            Ok(v as usize)
        } else {
            Err(self.bad("count out of range"))
        }
    }
}
