//! Row sums of a sparse matrix against a dense vector, with the gathers prefetched.
//!
//! Every pull kernel (the cascade models' pull rounds, PageRank, eigenvector, Katz, HITS)
//! computes, for a block of consecutive rows, `s_i = init_i + sum_e coef(w_e) * x[src_e]`
//! over a compressed-sparse-rows matrix held as a structure of arrays (`offsets`, `src`,
//! `weight`). The rows and weights stream from memory in order; the cost is the gather
//! `x[src_e]`, a random read in a vector of `8 n` bytes, which misses the L2 cache once n
//! passes about a hundred thousand. The out-of-order core overlaps only the few gathers its
//! window holds; a software prefetch issued [`AHEAD`] entries in advance (the cache line of
//! `x[src[e + AHEAD]]`, across row ends) keeps many more in flight. Measured on the
//! 1M-node / 10M-edge graph: `docs/benchmarks.md`, "Prefetched gathers".
//!
//! The prefetch is a hint: it changes no value and no order. A row's terms are added one by
//! one in the row's own order, exactly as a plain loop does, so results are bit-identical to
//! it and the same on any number of threads.

use prefetch_index::prefetch_index;

/// How many entries ahead the gather is prefetched (measured: 64 and 128 about level, 16 and
/// 512 slower; `docs/benchmarks.md`, "Prefetched gathers").
pub(crate) const AHEAD: usize = 96;

/// A matrix in compressed sparse rows, borrowed: row `i` is `src[offsets[i]..offsets[i + 1]]`
/// with the weights at the same positions.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PullRows<'a> {
    pub offsets: &'a [usize],
    pub src: &'a [u32],
    pub weight: &'a [f64],
}

impl PullRows<'_> {
    /// For each row `i` in `first..first + count`, in order, calls `row(i, s)` with
    /// `s = init(i) + coef(w_e) * x[src_e] + ...`, the terms added in the row's order.
    /// `coef` maps a stored weight to its coefficient (the identity, or a scale).
    ///
    /// # Panics
    /// When `first + count` exceeds the rows or an entry's `src` is not an index of `x`.
    #[inline]
    pub(crate) fn sums(
        &self,
        x: &[f64],
        first: usize,
        count: usize,
        init: impl Fn(usize) -> f64,
        coef: impl Fn(f64) -> f64,
        mut row: impl FnMut(usize, f64),
    ) {
        let (src, weight) = (self.src, self.weight);
        let mut e = self.offsets[first];
        for (i, &end) in (first..first + count).zip(&self.offsets[first + 1..=first + count]) {
            let mut s = init(i);
            while e < end {
                if let Some(&ahead) = src.get(e + AHEAD) {
                    prefetch_index(x, ahead as usize);
                }
                s += coef(weight[e]) * x[src[e] as usize];
                e += 1;
            }
            row(i, s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain loop the kernels used before: the same bits.
    fn plain(r: &PullRows<'_>, x: &[f64], i: usize, init: f64, scale: f64) -> f64 {
        let mut s = init;
        for e in r.offsets[i]..r.offsets[i + 1] {
            s += (r.weight[e] * scale) * x[r.src[e] as usize];
        }
        s
    }

    #[test]
    fn sums_equal_the_plain_loop_to_the_bit_over_any_block() {
        // 300 rows of 0..9 entries (some empty), long enough for the lookahead to cross rows
        // and the end of the arrays.
        let n = 300;
        let mut offsets = vec![0];
        let (mut src, mut weight) = (Vec::new(), Vec::new());
        for i in 0..n {
            for k in 0..(i * 7) % 10 {
                src.push(((i * 31 + k * 17) % n) as u32);
                weight.push(1.0 / (1.0 + (i + k) as f64));
            }
            offsets.push(src.len());
        }
        let r = PullRows {
            offsets: &offsets,
            src: &src,
            weight: &weight,
        };
        let x: Vec<f64> = (0..n).map(|v| 0.1 + (v as f64).sqrt()).collect();
        for (first, count) in [(0, n), (0, 0), (17, 1), (250, 50), (299, 1), (5, 200)] {
            let mut got = Vec::new();
            r.sums(
                &x,
                first,
                count,
                |i| i as f64 * 0.25,
                |w| w * 0.7,
                |i, s| got.push((i, s)),
            );
            let want: Vec<(usize, f64)> = (first..first + count)
                .map(|i| (i, plain(&r, &x, i, i as f64 * 0.25, 0.7)))
                .collect();
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g.0, w.0);
                assert_eq!(g.1.to_bits(), w.1.to_bits(), "row {}", g.0);
            }
        }
    }
}
