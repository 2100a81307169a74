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
    /// Complexity: O(V + E log d) time where d is the largest out-degree, O(V + E) space;
    /// rows are sorted in parallel.
    pub fn from_triples(n: usize, len: usize, triple: impl Fn(usize) -> (u32, u32, f64)) -> Csr {
        let mut offsets = vec![0usize; n + 1];
        for e in 0..len {
            let (s, _, _) = triple(e);
            offsets[s as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut adj = vec![
            Adj {
                target: 0,
                weight: 0.0
            };
            len
        ];
        for e in 0..len {
            let (s, t, w) = triple(e);
            let p = &mut fill[s as usize];
            adj[*p] = Adj {
                target: t,
                weight: w,
            };
            *p += 1;
        }
        drop(fill);
        // Sort and merge every row in parallel; rows are disjoint slices.
        let mut rows: Vec<&mut [Adj]> = Vec::with_capacity(n);
        let mut rest: &mut [Adj] = &mut adj;
        for i in 0..n {
            let (row, tail) = rest.split_at_mut(offsets[i + 1] - offsets[i]);
            rows.push(row);
            rest = tail;
        }
        let lens: Vec<usize> = rows
            .into_par_iter()
            .map(|row| {
                if row.len() > 1 {
                    row.sort_unstable_by_key(|a| a.target);
                }
                let mut w = 0usize;
                for r in 0..row.len() {
                    if w > 0 && row[w - 1].target == row[r].target {
                        row[w - 1].weight += row[r].weight;
                    } else {
                        row[w] = row[r];
                        w += 1;
                    }
                }
                w
            })
            .collect();
        // Compact in place.
        let mut write = 0usize;
        let mut new_offsets = Vec::with_capacity(n + 1);
        new_offsets.push(0);
        for i in 0..n {
            let start = offsets[i];
            for k in 0..lens[i] {
                adj[write + k] = adj[start + k];
            }
            write += lens[i];
            new_offsets.push(write);
        }
        adj.truncate(write);
        adj.shrink_to_fit();
        Csr {
            offsets: new_offsets,
            adj,
        }
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

    /// Out-degree (distinct neighbours) of node `i`.
    #[inline]
    pub fn degree(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// The transposed adjacency (in-adjacency as a CSR of the reversed graph).
    pub fn transpose(&self) -> Csr {
        let n = self.node_count();
        let mut triples: Vec<(u32, u32, f64)> = Vec::with_capacity(self.adj.len());
        for i in 0..n {
            for a in self.row(i) {
                triples.push((a.target, i as u32, a.weight));
            }
        }
        Csr::from_triples(n, triples.len(), |e| triples[e])
    }

    /// Memory held by the arrays, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * std::mem::size_of::<usize>()
            + self.adj.capacity() * std::mem::size_of::<Adj>()
    }
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
    fn empty_graph() {
        let c = Csr::from_triples(2, 0, |_| unreachable!());
        assert_eq!(c.pair_count(), 0);
        assert!(c.row(1).is_empty());
    }
}
