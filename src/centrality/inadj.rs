//! The in-adjacency the pull iterations read, and its parallel construction.
//!
//! Layout: compressed sparse rows as a structure of arrays, `offsets` (n + 1), `src` (u32 per
//! entry) and `weight` (f64 per entry), so a pull over row v reads 12 bytes per in-edge and
//! nothing else. Row v lists v's in-neighbours sorted by index, each once, with the summed
//! amount (the out-adjacency's entries, transposed).
//!
//! Construction ([`InAdj::transpose`]): a two-pass bucket sort, in parallel and without a random
//! write per edge.
//! 1. The sources are cut into as many contiguous ranges as there are threads (up to 8), of
//!    about equal numbers of entries; each range counts its entries per target.
//! 2. Each range copies its entries, in source order, to its own slice of every block of 2^k
//!    consecutive targets (about 256 blocks: a few hundred sequential write streams).
//! 3. Each block, small enough to stay in cache, places its entries row by row (a stable
//!    counting sort by target) directly into the final arrays.
//!
//! Every entry of a target comes from the ranges in order and, within a range, in source
//! order, so the rows come out sorted by source whatever the number of threads: the structure,
//! and every sum over a row, are the same on any thread count.

use rayon::prelude::*;

use crate::model::Csr;

/// In-adjacency in CSR form with separate neighbour and weight arrays.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct InAdj {
    pub(super) offsets: Vec<usize>,
    pub(super) src: Vec<u32>,
    pub(super) weight: Vec<f64>,
}

/// Fewest entries for which the transpose is cut into several source ranges.
const PARALLEL_FROM: usize = 1 << 16;

impl InAdj {
    /// Transposes `out` (rows sorted by source, see the module documentation), in parallel.
    pub(crate) fn transpose(out: &Csr) -> InAdj {
        let parts = if out.pair_count() < PARALLEL_FROM {
            1
        } else {
            rayon::current_num_threads().clamp(1, 8)
        };
        InAdj::transpose_in(out, parts)
    }

    /// [`InAdj::transpose`] with the sources cut into `parts` ranges.
    pub(super) fn transpose_in(out: &Csr, parts: usize) -> InAdj {
        let n = out.node_count();
        let m = out.pair_count();
        if n == 0 {
            return InAdj {
                offsets: vec![0],
                ..InAdj::default()
            };
        }
        let ranges = source_ranges(out.offsets(), parts.max(1));
        let counts: Vec<Vec<u32>> = ranges
            .par_iter()
            .map(|r| {
                let mut c = vec![0u32; n];
                for a in &out.entries()[out.offsets()[r.start]..out.offsets()[r.end]] {
                    c[a.target as usize] += 1;
                }
                c
            })
            .collect();
        let mut offsets = vec![0usize; n + 1];
        for t in 0..n {
            offsets[t + 1] = offsets[t] + counts.iter().map(|c| c[t] as usize).sum::<usize>();
        }
        let blocks = Blocks::new(n, &counts);
        drop(counts);
        // Step 2: (target << 32 | source) and the weight of every entry, by block.
        let mut key = vec![0u64; m];
        let mut wt = vec![0.0f64; m];
        blocks
            .split(&offsets, &mut key, &mut wt)
            .into_par_iter()
            .zip(&ranges)
            .for_each(|(mut slices, r)| {
                for u in r.clone() {
                    for a in out.row(u) {
                        let k = (a.target >> blocks.shift) as usize;
                        let p = slices.cursor[k];
                        slices.key[k][p] = u64::from(a.target) << 32 | u as u64;
                        slices.wt[k][p] = a.weight;
                        slices.cursor[k] = p + 1;
                    }
                }
            });
        // Step 3: each block places its entries by target.
        let mut src = vec![0u32; m];
        let mut weight = vec![0.0f64; m];
        blocks
            .final_slices(&offsets, &key, &wt, &mut src, &mut weight)
            .into_par_iter()
            .for_each(|(rows, key, wt, src, weight)| {
                let base = offsets[rows.start];
                let mut fill: Vec<usize> = offsets[rows.clone()].iter().map(|o| o - base).collect();
                for (k, w) in key.iter().zip(wt) {
                    let p = &mut fill[(k >> 32) as usize - rows.start];
                    src[*p] = *k as u32;
                    weight[*p] = *w;
                    *p += 1;
                }
            });
        InAdj {
            offsets,
            src,
            weight,
        }
    }

    #[inline]
    pub(super) fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i]..self.offsets[i + 1]
    }
}

/// `parts` contiguous ranges of rows with about equal numbers of entries (some maybe empty).
fn source_ranges(offsets: &[usize], parts: usize) -> Vec<std::ops::Range<usize>> {
    let n = offsets.len() - 1;
    let m = offsets[n];
    let mut cuts: Vec<usize> = (0..=parts)
        .map(|c| {
            if c == parts {
                n
            } else {
                offsets.partition_point(|&o| o < m * c / parts).min(n)
            }
        })
        .collect();
    cuts[0] = 0;
    cuts.windows(2).map(|w| w[0]..w[1].max(w[0])).collect()
}

/// The blocks of 2^`shift` consecutive targets, and every source range's share of each.
struct Blocks {
    n: usize,
    shift: u32,
    /// `share[c][k]`: entries of source range `c` with a target in block `k`.
    share: Vec<Vec<usize>>,
}

/// One source range's slices of every block, with a write cursor each.
struct RangeSlices<'a> {
    key: Vec<&'a mut [u64]>,
    wt: Vec<&'a mut [f64]>,
    cursor: Vec<usize>,
}

/// One block's rows, its entries (keys and weights), and its slices of the final arrays.
type BlockJob<'a> = (
    std::ops::Range<usize>,
    &'a [u64],
    &'a [f64],
    &'a mut [u32],
    &'a mut [f64],
);

impl Blocks {
    fn new(n: usize, counts: &[Vec<u32>]) -> Blocks {
        // The same blocks as the distress CSR's placement (`Csr::from_triples`).
        let (shift, share) = crate::model::csr::block_shares(n, counts);
        Blocks { n, shift, share }
    }

    fn count(&self) -> usize {
        self.share.first().map_or(0, Vec::len)
    }

    /// Targets of block `k`.
    fn rows(&self, k: usize) -> std::ops::Range<usize> {
        (k << self.shift)..((k + 1) << self.shift).min(self.n)
    }

    /// Cuts the staging arrays into every source range's share of every block (block after
    /// block, and within a block range after range).
    fn split<'a>(
        &self,
        offsets: &[usize],
        key: &'a mut [u64],
        wt: &'a mut [f64],
    ) -> Vec<RangeSlices<'a>> {
        let mut out: Vec<RangeSlices<'a>> = (0..self.share.len())
            .map(|_| RangeSlices {
                key: Vec::with_capacity(self.count()),
                wt: Vec::with_capacity(self.count()),
                cursor: vec![0; self.count()],
            })
            .collect();
        let (mut key, mut wt) = (key, wt);
        for k in 0..self.count() {
            debug_assert_eq!(
                self.share.iter().map(|s| s[k]).sum::<usize>(),
                offsets[self.rows(k).end] - offsets[self.rows(k).start]
            );
            for (c, part) in out.iter_mut().enumerate() {
                let size = self.share[c][k];
                let (a, at) = std::mem::take(&mut key).split_at_mut(size);
                let (b, bt) = std::mem::take(&mut wt).split_at_mut(size);
                part.key.push(a);
                part.wt.push(b);
                (key, wt) = (at, bt);
            }
        }
        out
    }

    /// Every block's rows with its staged entries and its slices of the final arrays.
    fn final_slices<'a>(
        &self,
        offsets: &[usize],
        key: &'a [u64],
        wt: &'a [f64],
        src: &'a mut [u32],
        weight: &'a mut [f64],
    ) -> Vec<BlockJob<'a>> {
        let mut jobs = Vec::with_capacity(self.count());
        let (mut key, mut wt, mut src, mut weight) = (key, wt, src, weight);
        for k in 0..self.count() {
            let rows = self.rows(k);
            let size = offsets[rows.end] - offsets[rows.start];
            let (a, at) = key.split_at(size);
            let (b, bt) = wt.split_at(size);
            let (c, ct) = std::mem::take(&mut src).split_at_mut(size);
            let (d, dt) = std::mem::take(&mut weight).split_at_mut(size);
            jobs.push((rows, a, b, c, d));
            (key, wt, src, weight) = (at, bt, ct, dt);
        }
        jobs
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{csr, random};
    use super::*;

    /// The in-adjacency row by row, the obvious way.
    fn naive(out: &Csr) -> InAdj {
        let n = out.node_count();
        let mut rows: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for u in 0..n {
            for a in out.row(u) {
                rows[a.target as usize].push((u as u32, a.weight));
            }
        }
        let mut t = InAdj {
            offsets: vec![0],
            ..InAdj::default()
        };
        for r in rows {
            for (s, w) in r {
                t.src.push(s);
                t.weight.push(w);
            }
            t.offsets.push(t.src.len());
        }
        t
    }

    #[test]
    fn matches_the_row_by_row_transpose_for_any_cut() {
        for (n, len) in [(1, 0), (1, 3), (2, 5), (7, 30), (300, 2000), (5000, 40_000)] {
            let g = random(n, len, n as u64 * 31 + 7);
            let want = naive(&g);
            for parts in [1, 2, 3, 8] {
                assert_eq!(InAdj::transpose_in(&g, parts), want, "n {n} parts {parts}");
            }
        }
    }

    #[test]
    fn rows_without_entries_and_empty_graphs() {
        let g = csr(4, &[(3, 0, 1.0), (0, 0, 2.0)]);
        let t = InAdj::transpose_in(&g, 2);
        assert_eq!(t.offsets, vec![0, 2, 2, 2, 2]);
        assert_eq!(t.src, vec![0, 3]);
        assert_eq!(t.weight, vec![2.0, 1.0]);
        let e = InAdj::transpose(&Csr::default());
        assert_eq!(e.offsets, vec![0]);
        assert!(e.src.is_empty() && e.weight.is_empty());
    }

    #[test]
    fn same_on_one_and_two_threads() {
        let g = random(20_000, 200_000, 99);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| InAdj::transpose(&g));
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| InAdj::transpose(&g));
        assert_eq!(one, two);
        assert_eq!(one, naive(&g));
    }
}
