//! Nothing here: the package exists for its criterion benches (`benches/`), run by `make bench`.
