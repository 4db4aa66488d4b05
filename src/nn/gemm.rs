//! The one matrix product the convolution layers need, `C += A · B` on row-major slices, register
//! blocked (4 rows × 16 or 8 columns of accumulators) so it auto-vectorises: SSE2/AVX natively,
//! simd128 in the wasm build. No fused multiply-add: every element is `c + Σ_p a·b` summed in
//! order p = 0, 1, …, whatever the block or the instruction set, so results are bit-identical on
//! every machine and every code path (and f64 for the gradient check takes the same route).
//!
//! Natively on x86-64 the f32 product is also compiled with AVX enabled and chosen at run time
//! when the CPU has it (same arithmetic, twice the lanes).

use super::real::Real;

/// Rows of `C` per register block.
const ROWS: usize = 4;

/// `c[M×N] += a[M×K] · b[K×N]`, all row-major and dense (`a.len() = m·k`, …).
pub fn gemm_acc<T: Real>(m: usize, k: usize, n: usize, a: &[T], b: &[T], c: &mut [T]) {
    gemm(Layout::A, true, m, k, n, a, b, c);
}

/// `c[M×N] = a[M×K] · b[K×N]` (overwrites `c`; the same values as zeroing it and [`gemm_acc`]).
pub fn gemm_set<T: Real>(m: usize, k: usize, n: usize, a: &[T], b: &[T], c: &mut [T]) {
    gemm(Layout::A, false, m, k, n, a, b, c);
}

/// `c[M×N] += a_tᵀ · b[K×N]` for `a_t` of `K×M` (row-major): the product with the transpose of
/// `a_t` without forming it (the weight gradient `colsᵀ · dz`); the same values as
/// [`gemm_acc`] on the transposed matrix.
pub fn gemm_tn_acc<T: Real>(m: usize, k: usize, n: usize, a_t: &[T], b: &[T], c: &mut [T]) {
    gemm(Layout::At, true, m, k, n, a_t, b, c);
}

/// How `A` is stored: `M×K` row-major, or its transpose (`K×M` row-major).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    A,
    At,
}

#[allow(clippy::too_many_arguments)]
fn gemm<T: Real>(
    layout: Layout,
    acc: bool,
    m: usize,
    k: usize,
    n: usize,
    a: &[T],
    b: &[T],
    c: &mut [T],
) {
    assert!(
        a.len() >= m * k && b.len() >= k * n && c.len() >= m * n,
        "gemm: short buffer"
    );
    let g = Gemm {
        layout,
        acc,
        m,
        k,
        n,
    };
    #[cfg(target_arch = "x86_64")]
    {
        if std::any::TypeId::of::<T>() == std::any::TypeId::of::<f32>()
            && std::arch::is_x86_feature_detected!("avx")
        {
            // SAFETY: T is f32 (checked above), so the slices are reinterpreted as what they are;
            // the CPU supports AVX (checked above).
            unsafe {
                let a = std::slice::from_raw_parts(a.as_ptr().cast::<f32>(), a.len());
                let b = std::slice::from_raw_parts(b.as_ptr().cast::<f32>(), b.len());
                let c = std::slice::from_raw_parts_mut(c.as_mut_ptr().cast::<f32>(), c.len());
                return gemm_avx(&g, a, b, c);
            }
        }
    }
    g.run(a, b, c);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn gemm_avx(g: &Gemm, a: &[f32], b: &[f32], c: &mut [f32]) {
    g.run(a, b, c);
}

/// One product's shape and mode.
struct Gemm {
    layout: Layout,
    acc: bool,
    m: usize,
    k: usize,
    n: usize,
}

/// Widest column block: 16 lanes natively (two AVX registers per row, 8 accumulators); 8 in
/// wasm, whose engines map simd128 onto 16 SSE registers: a 4×16 block's 16 accumulators plus
/// the operands would spill.
#[cfg(not(target_arch = "wasm32"))]
const WIDE: bool = true;
#[cfg(target_arch = "wasm32")]
const WIDE: bool = false;

impl Gemm {
    #[inline(always)]
    fn run<T: Real>(&self, a: &[T], b: &[T], c: &mut [T]) {
        let n = self.n;
        let mut j = 0;
        while WIDE && j + 16 <= n {
            self.column_block::<T, 16>(j, a, b, c);
            j += 16;
        }
        while j + 8 <= n {
            self.column_block::<T, 8>(j, a, b, c);
            j += 8;
        }
        while j + 4 <= n {
            self.column_block::<T, 4>(j, a, b, c);
            j += 4;
        }
        while j < n {
            self.column_block::<T, 1>(j, a, b, c);
            j += 1;
        }
    }

    /// Columns `j..j+W` of every row of `C`.
    #[inline(always)]
    fn column_block<T: Real, const W: usize>(&self, j: usize, a: &[T], b: &[T], c: &mut [T]) {
        let mut i = 0;
        while i + ROWS <= self.m {
            self.tile::<T, ROWS, W>(i, j, a, b, c);
            i += ROWS;
        }
        while i < self.m {
            self.tile::<T, 1, W>(i, j, a, b, c);
            i += 1;
        }
    }

    /// The register block: `C[i..i+R, j..j+W] (+)= A[i..i+R, :] · B[:, j..j+W]`.
    #[inline(always)]
    fn tile<T: Real, const R: usize, const W: usize>(
        &self,
        i: usize,
        j: usize,
        a: &[T],
        b: &[T],
        c: &mut [T],
    ) {
        let (m, k, n) = (self.m, self.k, self.n);
        let mut acc = [[T::ZERO; W]; R];
        let brows = b.chunks_exact(n).take(k);
        match self.layout {
            Layout::A => {
                let rows: [&[T]; R] = std::array::from_fn(|r| &a[(i + r) * k..(i + r + 1) * k]);
                for (p, brow) in brows.enumerate() {
                    // Gathered before the arithmetic: with a bounds check between the rows'
                    // products the compiler kept the accumulators on the stack (≈ 2× slower).
                    let av: [T; R] = std::array::from_fn(|r| rows[r][p]);
                    let bw: &[T; W] = brow[j..j + W].try_into().expect("W columns");
                    for r in 0..R {
                        for w in 0..W {
                            acc[r][w] += av[r] * bw[w];
                        }
                    }
                }
            }
            Layout::At => {
                for (arow, brow) in a.chunks_exact(m).zip(brows) {
                    let av: &[T; R] = arow[i..i + R].try_into().expect("R rows");
                    let bw: &[T; W] = brow[j..j + W].try_into().expect("W columns");
                    for r in 0..R {
                        for w in 0..W {
                            acc[r][w] += av[r] * bw[w];
                        }
                    }
                }
            }
        }
        for (r, accr) in acc.iter().enumerate() {
            let cr = &mut c[(i + r) * n + j..(i + r) * n + j + W];
            if self.acc {
                for (cv, &s) in cr.iter_mut().zip(accr) {
                    *cv += s;
                }
            } else {
                cr.copy_from_slice(accr);
            }
        }
    }
}

/// `dst[c×r] = srcᵀ` for `src` of `r × c`.
pub fn transpose<T: Real>(src: &[T], r: usize, c: usize, dst: &mut [T]) {
    for (i, row) in src.chunks_exact(c).take(r).enumerate() {
        for (jj, &v) in row.iter().enumerate() {
            dst[jj * r + i] = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_textbook_triple_loop_for_every_block_shape() {
        for &(m, k, n) in &[(1, 1, 1), (5, 3, 7), (9, 17, 33), (4, 8, 16), (7, 2, 29)] {
            let a: Vec<f64> = (0..m * k).map(|v| ((v * 7 % 11) as f64) - 5.0).collect();
            let b: Vec<f64> = (0..k * n).map(|v| ((v * 5 % 13) as f64) * 0.5).collect();
            let mut c: Vec<f64> = (0..m * n).map(|v| v as f64).collect();
            let mut want = c.clone();
            for i in 0..m {
                for jj in 0..n {
                    for p in 0..k {
                        want[i * n + jj] += a[i * k + p] * b[p * n + jj];
                    }
                }
            }
            let mut set = vec![-1.0; m * n];
            gemm_set(m, k, n, &a, &b, &mut set);
            let mut a_t = vec![0.0; m * k];
            transpose(&a, m, k, &mut a_t);
            let mut tn = c.clone();
            gemm_tn_acc(m, k, n, &a_t, &b, &mut tn);
            gemm_acc(m, k, n, &a, &b, &mut c);
            assert_eq!(c, want, "{m}×{k}×{n}");
            assert_eq!(tn, want, "transposed A, {m}×{k}×{n}");
            let zero_start: Vec<f64> = want.iter().zip(0..).map(|(w, v)| w - v as f64).collect();
            assert_eq!(set, zero_start, "set, {m}×{k}×{n}");
        }
    }
}
