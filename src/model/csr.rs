//! Compressed sparse row adjacency with `u32` node indices.

use rayon::prelude::*;

/// One entry of a CSR row: the neighbour and the (summed) weight of the edges to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adj {
    /// Neighbour's node index.
    pub target: u32,
    /// Sum of the weights of the parallel edges to `target`.
    pub weight: f64,
}

/// Out-adjacency in compressed sparse row form.
///
/// Row `i` holds the neighbours of node `i` sorted by index; parallel edges are merged and their
/// weights summed, so each (source, target) pair appears once. Memory: 8 bytes per node plus
/// 16 bytes per distinct pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    offsets: Vec<usize>,
    adj: Vec<Adj>,
}

impl Csr {
    /// Builds the adjacency of `n` nodes from `(source, target, weight)` triples.
    ///
    /// Complexity: O(V + E log d) time where d is the largest out-degree, O(V + E) space.
    ///
    /// The entries are first distributed by blocks of sources (a few hundred write streams,
    /// which caches and TLBs absorb, instead of one random write per edge across the whole
    /// array), then each block, small enough to stay in cache, is placed row by row, sorted
    /// and merged, in parallel; a last pass closes the gaps left by merged parallel edges.
    /// [`Csr::from_triples_par`] also runs the first two passes in parallel.
    pub fn from_triples(n: usize, len: usize, triple: impl Fn(usize) -> (u32, u32, f64)) -> Csr {
        let counts = count_sources(n, 0..len, &triple);
        let layout = Layout::new(n, &[counts]);
        let (mut adj, mut src) = Layout::storage(len);
        {
            let mut parts = layout.split(&mut adj, &mut src);
            distribute(0..len, &triple, &layout, &mut parts[0]);
        }
        layout.finish(adj, src)
    }

    /// [`Csr::from_triples`] with every pass in parallel (`triple` is called from several
    /// threads).
    pub fn from_triples_par(
        n: usize,
        len: usize,
        triple: impl Fn(usize) -> (u32, u32, f64) + Sync,
    ) -> Csr {
        let chunks = if len < 1 << 16 {
            1
        } else {
            rayon::current_num_threads().clamp(1, 8)
        };
        let ranges: Vec<std::ops::Range<usize>> = (0..chunks)
            .map(|c| len * c / chunks..len * (c + 1) / chunks)
            .collect();
        let counts: Vec<Vec<u32>> = ranges
            .par_iter()
            .map(|r| count_sources(n, r.clone(), &triple))
            .collect();
        let layout = Layout::new(n, &counts);
        drop(counts);
        let (mut adj, mut src) = Layout::storage(len);
        {
            let parts = layout.split(&mut adj, &mut src);
            parts
                .into_par_iter()
                .zip(ranges)
                .for_each(|(mut part, r)| distribute(r, &triple, &layout, &mut part));
        }
        layout.finish(adj, src)
    }

    /// Number of nodes (rows).
    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of distinct (source, target) pairs.
    pub fn pair_count(&self) -> usize {
        self.adj.len()
    }

    /// The row of node `i`.
    #[inline]
    pub fn row(&self, i: usize) -> &[Adj] {
        &self.adj[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Row offsets: row `i` holds the entries `offsets[i]..offsets[i + 1]` of [`Csr::entries`]
    /// (`n + 1` values, the first 0).
    #[inline]
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// Every entry, row after row.
    #[inline]
    pub fn entries(&self) -> &[Adj] {
        &self.adj
    }

    /// Out-degree (distinct neighbours) of node `i`.
    #[inline]
    pub fn degree(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// The transposed adjacency (in-adjacency as a CSR of the reversed graph).
    #[must_use]
    pub fn transpose(&self) -> Csr {
        let n = self.node_count();
        // The row of every entry (4 bytes per entry rather than a 16-byte triple).
        let mut row_of = vec![0u32; self.adj.len()];
        for i in 0..n {
            row_of[self.offsets[i]..self.offsets[i + 1]].fill(i as u32);
        }
        Csr::from_triples_par(n, self.adj.len(), |p| {
            (self.adj[p].target, row_of[p], self.adj[p].weight)
        })
    }

    /// Memory held by the arrays, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * std::mem::size_of::<usize>()
            + self.adj.capacity() * std::mem::size_of::<Adj>()
    }
}

/// The blocks of a bucket placement of `n` rows: about 256 blocks of `2^shift` consecutive
/// rows. Returns `shift` and, for every chunk of the input (its per-row entry `counts`), its
/// number of entries in every block.
pub(crate) fn block_shares(n: usize, counts: &[Vec<u32>]) -> (u32, Vec<Vec<usize>>) {
    let shift = (n / 256).max(1).next_power_of_two().trailing_zeros();
    let blocks = if n == 0 { 0 } else { ((n - 1) >> shift) + 1 };
    let share = counts
        .iter()
        .map(|c| {
            (0..blocks)
                .map(|k| {
                    let (lo, hi) = (k << shift, ((k + 1) << shift).min(n));
                    c[lo..hi].iter().map(|&x| x as usize).sum()
                })
                .collect()
        })
        .collect();
    (shift, share)
}

/// Out-degrees (parallel edges counted) of the sources of `range`.
fn count_sources(
    n: usize,
    range: std::ops::Range<usize>,
    triple: &impl Fn(usize) -> (u32, u32, f64),
) -> Vec<u32> {
    let mut counts = vec![0u32; n];
    for e in range {
        let (s, _, _) = triple(e);
        counts[s as usize] += 1;
    }
    counts
}

/// Where the entries go: row offsets before merging, and the blocks of `2^shift` rows (about
/// 256 of them) with, for every chunk of the input, its share of every block.
struct Layout {
    n: usize,
    offsets: Vec<usize>,
    shift: u32,
    /// `share[c][k]`: entries of chunk `c` in block `k`.
    share: Vec<Vec<usize>>,
}

/// One chunk's slices of every block, with a write cursor each.
struct ChunkSlices<'a> {
    adj: Vec<&'a mut [Adj]>,
    src: Vec<&'a mut [u32]>,
    cursor: Vec<usize>,
}

impl Layout {
    fn new(n: usize, counts: &[Vec<u32>]) -> Layout {
        let mut offsets = vec![0usize; n + 1];
        for i in 0..n {
            let d: usize = counts.iter().map(|c| c[i] as usize).sum();
            offsets[i + 1] = offsets[i] + d;
        }
        let (shift, share) = block_shares(n, counts);
        Layout {
            n,
            offsets,
            shift,
            share,
        }
    }

    fn blocks(&self) -> usize {
        self.share.first().map_or(0, Vec::len)
    }

    /// Rows of block `k`.
    fn rows(&self, k: usize) -> std::ops::Range<usize> {
        (k << self.shift)..((k + 1) << self.shift).min(self.n)
    }

    /// The entry array (written in parallel, so that first touches of fresh memory are shared
    /// too) and the source of every entry.
    fn storage(len: usize) -> (Vec<Adj>, Vec<u32>) {
        let mut adj = Vec::with_capacity(len);
        adj.par_extend((0..len).into_par_iter().map(|_| Adj {
            target: 0,
            weight: 0.0,
        }));
        (adj, vec![0u32; len])
    }

    /// Cuts the arrays into every chunk's share of every block.
    fn split<'a>(&self, adj: &'a mut [Adj], src: &'a mut [u32]) -> Vec<ChunkSlices<'a>> {
        let chunks = self.share.len();
        let mut out: Vec<ChunkSlices<'a>> = (0..chunks)
            .map(|_| ChunkSlices {
                adj: Vec::with_capacity(self.blocks()),
                src: Vec::with_capacity(self.blocks()),
                cursor: vec![0; self.blocks()],
            })
            .collect();
        let (mut adj, mut src) = (adj, src);
        for k in 0..self.blocks() {
            for (c, part) in out.iter_mut().enumerate() {
                let size = self.share[c][k];
                let (a, at) = std::mem::take(&mut adj).split_at_mut(size);
                let (s, st) = std::mem::take(&mut src).split_at_mut(size);
                part.adj.push(a);
                part.src.push(s);
                (adj, src) = (at, st);
            }
        }
        out
    }

    /// Places, sorts and merges every block (in parallel), then closes the gaps.
    fn finish(self, mut adj: Vec<Adj>, src: Vec<u32>) -> Csr {
        let n = self.n;
        let offsets = &self.offsets;
        let mut lens = vec![0usize; n];
        let mut jobs = Vec::with_capacity(self.blocks());
        {
            let (mut adj_rest, mut src_rest, mut lens_rest) =
                (&mut adj[..], &src[..], &mut lens[..]);
            for k in 0..self.blocks() {
                let rows = self.rows(k);
                let size = offsets[rows.end] - offsets[rows.start];
                let (a, at) = adj_rest.split_at_mut(size);
                let (s, st) = src_rest.split_at(size);
                let (l, lt) = lens_rest.split_at_mut(rows.len());
                jobs.push((rows.start, a, s, l));
                (adj_rest, src_rest, lens_rest) = (at, st, lt);
            }
        }
        let packed: Vec<usize> = jobs
            .into_par_iter()
            .map_init(Vec::new, |scratch: &mut Vec<Adj>, (lo, a, s, l)| {
                place_block(&offsets[lo..=lo + l.len()], a, s, lo, l, scratch)
            })
            .collect();
        drop(src);
        // Close the gaps: move each block's packed entries to their final place.
        let mut write = 0usize;
        for (k, &p) in packed.iter().enumerate() {
            let start = offsets[self.rows(k).start];
            if start != write {
                adj.copy_within(start..start + p, write);
            }
            write += p;
        }
        let mut new_offsets = Vec::with_capacity(n + 1);
        new_offsets.push(0usize);
        let mut last = 0usize;
        for &l in &lens {
            last += l;
            new_offsets.push(last);
        }
        adj.truncate(write);
        adj.shrink_to_fit();
        Csr {
            offsets: new_offsets,
            adj,
        }
    }
}

/// Writes the entries of `range` into their chunk's slices of their blocks.
fn distribute(
    range: std::ops::Range<usize>,
    triple: &impl Fn(usize) -> (u32, u32, f64),
    layout: &Layout,
    part: &mut ChunkSlices<'_>,
) {
    for e in range {
        let (s, t, w) = triple(e);
        let k = (s >> layout.shift) as usize;
        let p = part.cursor[k];
        part.adj[k][p] = Adj {
            target: t,
            weight: w,
        };
        part.src[k][p] = s;
        part.cursor[k] = p + 1;
    }
}

/// Places the entries of one block of rows (`rows` are the global offsets of rows
/// `lo..lo + lens.len()` plus the end; `src` the source of each entry of `adj`), sorts and
/// merges every row, packs the rows at the start of `adj` and returns the entries kept.
fn place_block(
    rows: &[usize],
    adj: &mut [Adj],
    src: &[u32],
    lo: usize,
    lens: &mut [usize],
    scratch: &mut Vec<Adj>,
) -> usize {
    let base = rows[0];
    scratch.clear();
    scratch.extend_from_slice(adj);
    let mut fill: Vec<usize> = rows[..lens.len()].iter().map(|&o| o - base).collect();
    for (a, &s) in scratch.iter().zip(src) {
        let p = &mut fill[s as usize - lo];
        adj[*p] = *a;
        *p += 1;
    }
    let mut write = 0usize;
    for (r, len) in lens.iter_mut().enumerate() {
        let (start, end) = (rows[r] - base, rows[r + 1] - base);
        let row = &mut adj[start..end];
        if row.len() > 1 {
            row.sort_unstable_by_key(|a| a.target);
        }
        let mut w = 0usize;
        for i in 0..row.len() {
            if w > 0 && row[w - 1].target == row[i].target {
                row[w - 1].weight += row[i].weight;
            } else {
                row[w] = row[i];
                w += 1;
            }
        }
        if start != write {
            adj.copy_within(start..start + w, write);
        }
        write += w;
        *len = w;
    }
    write
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_parallel_edges_and_sorts_rows() {
        let t = [(0u32, 2u32, 1.0), (0, 1, 2.0), (0, 2, 3.0), (2, 0, 5.0)];
        let c = Csr::from_triples(3, t.len(), |e| t[e]);
        assert_eq!(c.node_count(), 3);
        assert_eq!(c.pair_count(), 3);
        assert_eq!(
            c.row(0),
            &[
                Adj {
                    target: 1,
                    weight: 2.0
                },
                Adj {
                    target: 2,
                    weight: 4.0
                }
            ]
        );
        assert!(c.row(1).is_empty());
        assert_eq!(c.degree(2), 1);
        let r = c.transpose();
        assert_eq!(r.row(2)[0].target, 0);
        assert_eq!(r.row(2)[0].weight, 4.0);
        assert_eq!(r.row(0)[0].target, 2);
    }

    #[test]
    fn matches_a_reference_on_random_graphs() {
        use std::collections::BTreeMap;
        let mut x = 0x1234_5678_9abc_def0u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in [1usize, 2, 3, 7, 255, 256, 257, 1000, 5000] {
            for _ in 0..4 {
                let len = (next() % (4 * n as u64 + 10)) as usize;
                let hub = (next() % n as u64) as u32;
                let t: Vec<(u32, u32, f64)> = (0..len)
                    .map(|_| {
                        let s = if next() % 3 == 0 {
                            hub
                        } else {
                            (next() % n as u64) as u32
                        };
                        let d = (next() % n as u64) as u32;
                        (s, d, (next() % 100) as f64 / 4.0)
                    })
                    .collect();
                let c = Csr::from_triples(n, t.len(), |e| t[e]);
                let mut want: Vec<BTreeMap<u32, f64>> = vec![BTreeMap::new(); n];
                for &(s, d, w) in &t {
                    *want[s as usize].entry(d).or_insert(0.0) += w;
                }
                assert_eq!(c.node_count(), n);
                for (i, row) in want.iter().enumerate() {
                    let got: Vec<(u32, f64)> =
                        c.row(i).iter().map(|a| (a.target, a.weight)).collect();
                    let exp: Vec<(u32, f64)> = row.iter().map(|(&k, &v)| (k, v)).collect();
                    assert_eq!(got, exp, "n {n}, row {i}");
                }
                assert_eq!(
                    c.pair_count(),
                    want.iter().map(BTreeMap::len).sum::<usize>()
                );
                assert_eq!(Csr::from_triples_par(n, t.len(), |e| t[e]), c);
                let mut back: Vec<(u32, u32, f64)> = Vec::new();
                for i in 0..n {
                    for a in c.row(i) {
                        back.push((a.target, i as u32, a.weight));
                    }
                }
                assert_eq!(c.transpose(), Csr::from_triples(n, back.len(), |e| back[e]));
            }
        }
    }

    #[test]
    fn parallel_build_matches_sequential_on_a_big_graph() {
        let n = 3000usize;
        let len = 200_000usize;
        let t: Vec<(u32, u32, f64)> = (0..len)
            .map(|e| {
                let s = ((e * 7919) % n) as u32 / (1 + (e % 3) as u32);
                let d = ((e * 104_729 + 17) % n) as u32;
                (s, d, (e % 13) as f64 * 0.5)
            })
            .collect();
        let a = Csr::from_triples(n, len, |e| t[e]);
        let b = Csr::from_triples_par(n, len, |e| t[e]);
        assert_eq!(a, b);
        let total: f64 = t.iter().map(|x| x.2).sum();
        let got: f64 = (0..n).flat_map(|i| a.row(i)).map(|a| a.weight).sum();
        assert_eq!(total, got);
        let back: Vec<(u32, u32, f64)> = (0..n)
            .flat_map(|i| a.row(i).iter().map(move |x| (x.target, i as u32, x.weight)))
            .collect();
        assert_eq!(a.transpose(), Csr::from_triples(n, back.len(), |e| back[e]));
    }

    #[test]
    fn empty_graph() {
        let c = Csr::from_triples(2, 0, |_| unreachable!());
        assert_eq!(c.pair_count(), 0);
        assert!(c.row(1).is_empty());
    }
}
