//! Degree and strength (weighted degree) centralities.
//!
//! Degrees count distinct neighbours: parallel edges are one edge of the merged graph, as they
//! are one edge of a `networkx.DiGraph`. Strengths add the amounts of every edge, parallel ones
//! included (Barrat, Barthélemy, Pastor-Satorras & Vespignani 2004, PNAS 101(11): 3747).

use rayon::prelude::*;

use super::{Rows, View, MIN_LEN};

fn normalised_degree(n: usize, deg: impl Fn(usize) -> usize + Sync) -> Vec<f64> {
    if n <= 1 {
        return vec![1.0; n];
    }
    let s = 1.0 / (n as f64 - 1.0);
    (0..n)
        .into_par_iter()
        .with_min_len(MIN_LEN)
        .map(|i| deg(i) as f64 * s)
        .collect()
}

/// In-degree centrality (Freeman 1979, Social Networks 1(3): 215): the number of distinct nodes
/// with an edge to the node, divided by n - 1 (NetworkX `in_degree_centrality`; 1 for every node
/// of a one-node graph).
///
/// Direction: in-edges as written. Weights: ignored. Normalisation: 1/(n-1).
pub fn in_degree(g: &View<'_>) -> Vec<f64> {
    normalised_degree(g.node_count(), |i| g.inc.len_of(i))
}

/// Out-degree centrality (Freeman 1979): the number of distinct nodes the node has an edge to,
/// divided by n - 1 (NetworkX `out_degree_centrality`).
///
/// Direction: out-edges as written. Weights: ignored. Normalisation: 1/(n-1).
pub fn out_degree(g: &View<'_>) -> Vec<f64> {
    normalised_degree(g.node_count(), |i| g.out.len_of(i))
}

fn strength(n: usize, rows: &impl Rows) -> Vec<f64> {
    (0..n)
        .into_par_iter()
        .with_min_len(MIN_LEN)
        .map(|i| {
            let mut s = 0.0;
            rows.each(i, |_, w| s += w);
            s
        })
        .collect()
}

/// In-strength (Barrat et al. 2004): the sum of the amounts of the edges into the node
/// (NetworkX `G.in_degree(weight="weight")`).
///
/// Direction: in-edges as written. Weights: amount. Normalisation: none (graph units).
pub fn in_strength(g: &View<'_>) -> Vec<f64> {
    strength(g.node_count(), &g.inc)
}

/// Out-strength (Barrat et al. 2004): the sum of the amounts of the edges out of the node
/// (NetworkX `G.out_degree(weight="weight")`).
///
/// Direction: out-edges as written. Weights: amount. Normalisation: none (graph units).
pub fn out_strength(g: &View<'_>) -> Vec<f64> {
    strength(g.node_count(), g.out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn star_degrees() {
        let g = in_star(5);
        let v = View::from_csr(&g);
        assert_eq!(in_degree(&v), vec![1.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(out_degree(&v), vec![0.0, 0.25, 0.25, 0.25, 0.25]);
        assert_eq!(in_strength(&v), vec![4.0, 0.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn parallel_edges_count_once_for_degree_and_sum_for_strength() {
        let g = csr(3, &[(0, 1, 2.0), (0, 1, 3.0), (2, 1, 1.0)]);
        let v = View::from_csr(&g);
        assert_eq!(in_degree(&v), vec![0.0, 1.0, 0.0]);
        assert_eq!(out_degree(&v), vec![0.5, 0.0, 0.5]);
        assert_eq!(in_strength(&v), vec![0.0, 6.0, 0.0]);
        assert_eq!(out_strength(&v), vec![5.0, 0.0, 1.0]);
    }

    #[test]
    fn single_node_has_degree_one() {
        let g = csr(1, &[]);
        let v = View::from_csr(&g);
        assert_eq!(in_degree(&v), vec![1.0]);
        assert_eq!(out_degree(&v), vec![1.0]);
        assert_eq!(out_strength(&v), vec![0.0]);
    }
}
