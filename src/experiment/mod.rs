//! Experiments (filled below).
