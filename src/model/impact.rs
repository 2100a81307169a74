//! The impact matrix of the DebtRank-style models, laid out for pull rounds.
//!
//! `Lambda_ij = exposure(j -> i) / buffer_i` (Bardoscia et al. 2015; Battiston et al. 2012 cap
//! it at 1). It is stored once per network ([`super::Network::impact`]) by *exposed* node: row
//! `i` lists the obligors `j` that `i` is exposed to, in increasing `j`, as a structure of
//! arrays (`u32` obligor, `f64` exposure: 12 bytes per entry, against 16 for the array of
//! [`super::Adj`]), with every node's buffer beside it. Row `i` shares one buffer, so the
//! kernels apply `1 / buffer_i` once per row, not once per entry: differential DebtRank and
//! the threshold model sum the exposures and divide the node's total once (the push rounds do
//! the same, so both give the bits of the hand-checked cases), classic DebtRank caps each
//! entry's `exposure / buffer_i` at 1 as its push rounds do. Folding `1 / buffer_i` into the
//! stored weights would change results in the last bit (`w * (1 / b)` is not `w / b`) for no
//! gain: the division is per node either way. Classic DebtRank's division is per entry, so its
//! coefficients `min(1, exposure / buffer_i)`, the very values its push rounds compute, are
//! stored once beside the exposures when it first pulls (`Impact::classic_rows`).
//!
//! A node with buffer 0 (or none) is defaulted by any positive loss: only the sign of what it
//! receives matters.

use std::sync::OnceLock;

use rayon::prelude::*;

use super::{Csr, Network};

/// `Lambda` by exposed node, and the per-node scale and buffer the kernels need.
#[derive(Debug, Clone, Default)]
pub struct Impact {
    offsets: Vec<usize>,
    source: Vec<u32>,
    weight: Vec<f64>,
    buffer: Vec<f64>,
    all_buffers: bool,
    /// Classic DebtRank's coefficients `min(1, exposure / buffer_i)` (the exposure itself where
    /// the buffer is not positive), built on first use ([`Impact::classic_rows`]).
    classic: OnceLock<Vec<f64>>,
}

impl Impact {
    /// Builds the matrix of `net` (parallel; O(V + E)). Reuses the network's transposed
    /// distress graph when it is already built, else transposes for the time of the build.
    pub fn new(net: &Network) -> Impact {
        let n = net.node_count();
        let buffer: Vec<f64> = (0..n).map(|i| net.buffer(i).unwrap_or(0.0)).collect();
        let all_buffers = (0..n).all(|i| net.buffer(i).is_some());
        let local;
        let inc: &Csr = if let Some(c) = net.distress_in.get() {
            c
        } else {
            local = net.distress().transpose();
            &local
        };
        let offsets = inc.offsets().to_vec();
        let source = inc.entries().par_iter().map(|a| a.target).collect();
        let weight = inc.entries().par_iter().map(|a| a.weight).collect();
        Impact {
            offsets,
            source,
            weight,
            buffer,
            all_buffers,
            classic: OnceLock::new(),
        }
    }

    /// Number of nodes.
    #[inline]
    pub fn node_count(&self) -> usize {
        self.buffer.len()
    }

    /// Number of entries (distinct obligor, exposed-end pairs).
    #[inline]
    pub fn pair_count(&self) -> usize {
        self.source.len()
    }

    /// Row `i`: the obligors `i` is exposed to and the exposures, `buffer_i * Lambda_ij`.
    #[inline]
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let r = self.offsets[i]..self.offsets[i + 1];
        (&self.source[r.clone()], &self.weight[r])
    }

    /// The whole matrix, for the pull kernels ([`super::gather::PullRows::sums`]).
    #[inline]
    pub(crate) fn rows(&self) -> super::gather::PullRows<'_> {
        super::gather::PullRows {
            offsets: &self.offsets,
            src: &self.source,
            weight: &self.weight,
        }
    }

    /// The matrix with classic DebtRank's coefficients, `min(1, exposure / buffer_i)` per entry
    /// (Battiston et al. 2012; the exposure itself where `buffer_i` is not positive), computed
    /// once per network on first use: 8 more bytes per entry, and no division in the pull
    /// rounds. Each coefficient is the same expression the push rounds evaluate, so push and
    /// pull still agree to the bit on every term. Built on the calling thread (one pass, about
    /// 30 ms at 10M entries), not by parallel jobs: it may be first asked for inside a parallel
    /// loop of shocks ([`crate::shock::prepare`] says why that matters).
    pub(crate) fn classic_rows(&self) -> super::gather::PullRows<'_> {
        let weight = self.classic.get_or_init(|| {
            let mut out = Vec::with_capacity(self.weight.len());
            for i in 0..self.node_count() {
                let b = self.buffer[i];
                let r = self.offsets[i]..self.offsets[i + 1];
                out.extend(self.weight[r].iter().map(|&w| classic_coefficient(w, b)));
            }
            out
        });
        super::gather::PullRows {
            offsets: &self.offsets,
            src: &self.source,
            weight,
        }
    }

    /// Every node's buffer (0 where none is given).
    #[inline]
    pub fn buffer(&self) -> &[f64] {
        &self.buffer
    }

    /// Whether every node gives a buffer (the models' buffer check can then be skipped).
    #[inline]
    pub fn all_buffers(&self) -> bool {
        self.all_buffers
    }

    /// Memory held by the arrays, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * std::mem::size_of::<usize>()
            + self.source.capacity() * 4
            + (self.weight.capacity() + self.buffer.capacity()) * 8
            + self.classic.get().map_or(0, |c| c.capacity() * 8)
    }
}

/// Classic DebtRank's coefficient of an entry of exposure `w` in a row of buffer `b`:
/// `min(1, w / b)`, or `w` when `b` is not positive (the model then defaults the node on any
/// positive loss, whatever the coefficient).
#[inline]
pub(crate) fn classic_coefficient(w: f64, b: f64) -> f64 {
    if b > 0.0 {
        (w / b).min(1.0)
    } else {
        w
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::graph;

    #[test]
    fn rows_by_exposed_node() {
        // x owes a 10 and b 4; a owes b 2. Buffers x 10, a 5, b 0.
        let net = graph(
            &[("x", 10.0), ("a", 5.0), ("b", 0.0)],
            &[("x", "a", 10.0), ("x", "b", 4.0), ("a", "b", 2.0)],
        );
        let imp = net.impact();
        assert_eq!(imp.row(0), (&[][..], &[][..]));
        assert_eq!(imp.row(1), (&[0u32][..], &[10.0][..]));
        assert_eq!(imp.row(2), (&[0u32, 1][..], &[4.0, 2.0][..]));
        assert_eq!(imp.buffer(), &[10.0, 5.0, 0.0]);
        assert!(imp.all_buffers());
        assert_eq!(imp.pair_count(), 3);
    }
}
