//! The obligation structure of Eisenberg–Noe clearing, built once per network.
//!
//! Eisenberg & Noe (2001): `L_ij` sums what `i` owes `j` at face value over every edge but
//! `equity` and `guarantee` (a guarantee is contingent; `tests/reference/stall/README.md`,
//! conventions 7a and 9), laid out by obligor; `pbar_i = sum_j L_ij + external_liabilities_i`;
//! the claims `sum_j L_ji` each node holds; the same matrix by creditor (its transpose, so that
//! a clearing step reads only the rows of the nodes that default); and the equity before any
//! shock, `e_i + claims_i - pbar_i`. None of it depends on a shock, so
//! [`super::Network::obligations`] builds it on first use and every clearing of the network
//! reuses it (edge write-downs build their own matrix by obligor and override the cut pairs of
//! the cached one by creditor).

use rayon::prelude::*;

use super::{Csr, EdgeId, Network};

/// Obligations by obligor, with what each node owes, is owed and is worth before a shock.
#[derive(Debug, Clone, Default)]
pub struct Obligations {
    matrix: Csr,
    by_creditor: Csr,
    owed: Vec<f64>,
    claims: Vec<f64>,
    equity_before: Vec<f64>,
}

impl Obligations {
    /// Builds the structure of `net` (O(V + E), the pairs gathered in parallel).
    pub fn new(net: &Network) -> Obligations {
        let matrix = matrix(net, &[]);
        let by_creditor = matrix.transpose();
        let n = net.node_count();
        let owed = owed(net, &matrix);
        let claims = claims(&matrix);
        let equity_before = (0..n)
            .map(|i| net.external_assets(i) + claims[i] - owed[i])
            .collect();
        Obligations {
            matrix,
            by_creditor,
            owed,
            claims,
            equity_before,
        }
    }

    /// Row `i`: whom `i` owes and how much (face value).
    pub fn matrix(&self) -> &Csr {
        &self.matrix
    }

    /// Row `i`: who owes `i` and how much (face value), by obligor index; the transpose of
    /// [`Obligations::matrix`].
    pub fn by_creditor(&self) -> &Csr {
        &self.by_creditor
    }

    /// `pbar_i`: everything node `i` owes, outside creditors included.
    pub fn owed(&self) -> &[f64] {
        &self.owed
    }

    /// What each node is owed by the others, at face value.
    pub fn claims(&self) -> &[f64] {
        &self.claims
    }

    /// External assets + claims at face - `pbar`, before any shock.
    pub fn equity_before(&self) -> &[f64] {
        &self.equity_before
    }

    /// Memory held by the arrays, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.matrix.heap_bytes()
            + self.by_creditor.heap_bytes()
            + (self.owed.capacity() + self.claims.capacity() + self.equity_before.capacity()) * 8
    }
}

/// The obligation matrix after the write-downs `cut` (`(edge index, c_e)`, sorted or not):
/// `(1 - c_e) L_e`, by obligor.
pub fn matrix(net: &Network, cut: &[(usize, f64)]) -> Csr {
    let cuts: std::collections::HashMap<usize, f64> = cut.iter().copied().collect();
    let pairs: Vec<(u32, u32, f64)> = (0..net.edge_count())
        .into_par_iter()
        .with_min_len(1 << 14)
        .filter_map(|k| {
            let e = net.edge(EdgeId::new(k));
            if !net.kinds().is_obligation(e.kind) {
                return None;
            }
            let (ob, ex) = net.distress_pair(&e);
            let amount = match cuts.get(&k) {
                Some(c) => (1.0 - c) * e.amount,
                None => e.amount,
            };
            Some((ob.raw(), ex.raw(), amount))
        })
        .collect();
    Csr::from_triples_par(net.node_count(), pairs.len(), |k| pairs[k])
}

/// `pbar`: each row's sum plus the node's external liabilities.
pub fn owed(net: &Network, matrix: &Csr) -> Vec<f64> {
    (0..net.node_count())
        .into_par_iter()
        .with_min_len(1 << 12)
        .map(|i| matrix.row(i).iter().map(|a| a.weight).sum::<f64>() + net.external_liabilities(i))
        .collect()
}

/// Each node's claims on the others: the matrix's column sums, in row order.
pub fn claims(matrix: &Csr) -> Vec<f64> {
    let mut c = vec![0.0f64; matrix.node_count()];
    for j in 0..matrix.node_count() {
        for a in matrix.row(j) {
            c[a.target as usize] += a.weight;
        }
    }
    c
}
