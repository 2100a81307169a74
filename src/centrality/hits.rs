//! HITS hubs and authorities by power iteration.

use rayon::prelude::*;

use super::{det_pass, no_convergence, Convergence, Iterated, View, ITER_HINT, MIN_LEN};
use crate::error::Result;

/// Hub and authority scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Hits {
    /// Hub score per node (sums to 1).
    pub hubs: Vec<f64>,
    /// Authority score per node (sums to 1).
    pub authorities: Vec<f64>,
    /// Iterations done.
    pub iterations: usize,
    /// L1 change of the last iteration (hubs plus authorities).
    pub residual: f64,
}

/// Scales `v`, which sums to `sum`, to sum 1 (left as is when the sum is 0).
fn scale(v: &mut [f64], sum: f64) {
    if sum > 0.0 {
        let inv = 1.0 / sum;
        v.par_iter_mut()
            .with_min_len(MIN_LEN)
            .for_each(|x| *x *= inv);
    }
}

/// HITS hubs and authorities (Kleinberg 1999, "Authoritative sources in a hyperlinked
/// environment", Journal of the ACM 46(5): 604), weighted, as NetworkX's `hits(G)` computes
/// them (NetworkX reads the edge attribute `weight`).
///
/// Definition: authorities a = the principal right singular vector of the amount-weighted
/// adjacency A (the Perron vector of A^T A), hubs h = A a. Direction: a node is a good authority
/// when good hubs have edges *to* it, a good hub when it has edges to good authorities.
/// Weights: the summed amounts. Normalisation: each vector sums to 1 (NetworkX
/// `normalized=True`).
///
/// Iteration: h(0) = 1/n; a = A^T h, h = A a, both rescaled to sum 1, until the L1 change of
/// h plus that of a is below n tol. NetworkX computes the same vectors with a sparse SVD
/// (ARPACK); they agree whenever the largest singular value is simple (when it is not, HITS
/// itself is not unique: this iteration returns the limit from the uniform start). A graph
/// without edges has no hubs or authorities: all scores 0. Each iteration makes two pulls
/// (a over the in-adjacency, h over the out-adjacency) and two scaling passes, every sum by
/// fixed chunks added in a fixed order (`det_pass` in `centrality`): the same bits on any
/// number of threads.
///
/// # Errors
/// [`crate::Error::NoConvergence`] after `max_iter` iterations (the two largest singular
/// values are close).
pub fn hits(g: &View<'_>, conv: Convergence) -> Result<Hits> {
    conv.check()?;
    let n = g.node_count();
    if n == 0 || g.out.pair_count() == 0 {
        return Ok(Hits {
            hubs: vec![0.0; n],
            authorities: vec![0.0; n],
            iterations: 0,
            residual: 0.0,
        });
    }
    let threshold = n as f64 * conv.tol;
    let mut h = vec![1.0 / n as f64; n];
    let mut a = vec![0.0; n];
    let mut a_last = vec![0.0; n];
    let mut h_next = vec![0.0; n];
    let mut parts: Vec<f64> = Vec::new();
    let mut it = Iterated {
        scores: Vec::new(),
        iterations: 0,
        residual: f64::INFINITY,
    };
    while it.iterations < conv.max_iter {
        it.iterations += 1;
        std::mem::swap(&mut a, &mut a_last);
        // a = A^T h (pull over the in-adjacency) with its partial sums, then scaled to sum 1.
        det_pass(&mut a, &mut parts, |first, chunk| {
            let mut sum = 0.0;
            let (init, coef) = (|_| 0.0, |w| w);
            g.inc
                .pull()
                .sums(&h, first, chunk.len(), init, coef, |v, acc| {
                    chunk[v - first] = acc;
                    sum += acc;
                });
            sum
        });
        scale(&mut a, parts.iter().sum());
        // h = A a (over the out-adjacency) with its partial sums, then one pass scales it to
        // sum 1 and adds up the change of both vectors.
        det_pass(&mut h_next, &mut parts, |first, chunk| {
            let mut sum = 0.0;
            for (i, out) in chunk.iter_mut().enumerate() {
                let mut acc = 0.0;
                for e in g.out.row(first + i) {
                    acc += a[e.target as usize] * e.weight;
                }
                *out = acc;
                sum += acc;
            }
            sum
        });
        let total: f64 = parts.iter().sum();
        let inv = if total > 0.0 { 1.0 / total } else { 1.0 };
        det_pass(&mut h_next, &mut parts, |first, chunk| {
            let mut change = 0.0;
            for (i, out) in chunk.iter_mut().enumerate() {
                let v = first + i;
                if total > 0.0 {
                    *out *= inv;
                }
                change += (*out - h[v]).abs() + (a[v] - a_last[v]).abs();
            }
            change
        });
        it.residual = parts.iter().sum();
        std::mem::swap(&mut h, &mut h_next);
        if it.iterations > 1 && it.residual < threshold {
            return Ok(Hits {
                hubs: h,
                authorities: a,
                iterations: it.iterations,
                residual: it.residual,
            });
        }
    }
    Err(no_convergence(
        "hits power iteration",
        &it,
        threshold,
        format!(
            "{ITER_HINT}; HITS converges slowly when the two largest singular values of the \
             weighted adjacency are close"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn run(g: &crate::model::Csr) -> Hits {
        hits(&View::from_csr(g), Convergence::default()).unwrap()
    }

    #[test]
    fn star_centre_is_the_authority() {
        let r = run(&in_star(5));
        assert_close(&r.authorities, &[1.0, 0.0, 0.0, 0.0, 0.0], 1e-15);
        assert_close(&r.hubs, &[0.0, 0.25, 0.25, 0.25, 0.25], 1e-15);
    }

    #[test]
    fn complete_graph_is_uniform() {
        let r = run(&complete(5));
        assert_close(&r.hubs, &[0.2; 5], 1e-14);
        assert_close(&r.authorities, &[0.2; 5], 1e-14);
    }

    #[test]
    fn bipartite_weighted() {
        // Hubs 0, 1 -> authorities 2, 3. A = [[2, 1], [1, 2]] on that block: singular vector
        // (1, 1) with sigma 3, the other (1, -1) with sigma 1: both uniform.
        let g = csr(4, &[(0, 2, 2.0), (0, 3, 1.0), (1, 2, 1.0), (1, 3, 2.0)]);
        let r = run(&g);
        assert_close(&r.hubs, &[0.5, 0.5, 0.0, 0.0], 1e-14);
        assert_close(&r.authorities, &[0.0, 0.0, 0.5, 0.5], 1e-14);
        // A = [[3, 1], [0, 1]]: A^T A = [[9, 3], [3, 2]]; Perron vector of it.
        let g = csr(4, &[(0, 2, 3.0), (0, 3, 1.0), (1, 3, 1.0)]);
        let r = run(&g);
        let (p, q) = (9.0, 2.0);
        let lam = f64::midpoint(p, q) + (((p - q) / 2.0f64).powi(2) + 9.0).sqrt();
        // (9 - lam) x + 3 y = 0 => y = (lam - 9) x / 3.
        let (x, y) = (1.0, (lam - 9.0) / 3.0);
        let (s2, s3) = (x / (x + y), y / (x + y));
        assert_close(&r.authorities, &[0.0, 0.0, s2, s3], 1e-12);
        let (h0, h1) = (3.0 * s2 + s3, s3);
        assert_close(&r.hubs, &[h0 / (h0 + h1), h1 / (h0 + h1), 0.0, 0.0], 1e-12);
    }

    #[test]
    fn no_edges_no_scores() {
        let r = run(&csr(3, &[]));
        assert_eq!(r.hubs, vec![0.0; 3]);
        assert_eq!(r.authorities, vec![0.0; 3]);
    }
}
