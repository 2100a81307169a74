//! Eigenvector centrality by the shifted power iteration NetworkX uses.

use rayon::prelude::*;

use super::{det_pass, no_convergence, Convergence, Iterated, View, ITER_HINT, MIN_LEN};
use crate::error::Result;

/// Largest amount beyond which the iteration runs on A / (largest amount): the squares of the
/// norm overflow near 1.3e154, and an eigenvector does not change with the scale of A.
const SCALE_ABOVE: f64 = 1e100;

/// The shifted power iteration x <- (A/s + I)^T x / ||.||_2 from x(0) = 1/n, with s = 1 (the
/// NetworkX iteration, bit for bit) unless an amount exceeds [`SCALE_ABOVE`], then s = the
/// largest amount (same eigenvector, no overflow: issue 13). Returns the result and the last
/// norm times s, which tends to `lambda_max` + s.
///
/// Each iteration makes two parallel passes over the nodes: the pull over the in-adjacency with
/// the sum of squares, then the scaling with the L1 change; both reductions by fixed chunks
/// added in a fixed order ([`det_pass`]), so the result has the same bits on any number of
/// threads.
pub(crate) fn power(g: &View<'_>, conv: Convergence) -> (Iterated, f64, bool) {
    let n = g.node_count();
    let scale = shift(g);
    let inv_scale = 1.0 / scale;
    let threshold = n as f64 * conv.tol;
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let mut it = Iterated {
        scores: Vec::new(),
        iterations: 0,
        residual: f64::INFINITY,
    };
    let mut norm = 1.0;
    let mut parts: Vec<f64> = Vec::new();
    while it.iterations < conv.max_iter {
        it.iterations += 1;
        // One pass pulls (A/s + I)^T x and the partial sums of its squares, a second one
        // scales it to norm 1 and sums the L1 change.
        det_pass(&mut next, &mut parts, |first, chunk| {
            let mut squares = 0.0;
            let (init, coef) = (|v| x[v], |w| w * inv_scale);
            g.inc
                .pull()
                .sums(&x, first, chunk.len(), init, coef, |v, acc| {
                    chunk[v - first] = acc;
                    squares += acc * acc;
                });
            squares
        });
        norm = parts.iter().sum::<f64>().sqrt();
        if norm == 0.0 || !norm.is_finite() {
            norm = 1.0;
        }
        let inv = 1.0 / norm;
        det_pass(&mut next, &mut parts, |first, chunk| {
            let mut change = 0.0;
            for (i, out) in chunk.iter_mut().enumerate() {
                *out *= inv;
                change += (*out - x[first + i]).abs();
            }
            change
        });
        it.residual = parts.iter().sum();
        std::mem::swap(&mut x, &mut next);
        if it.residual < threshold {
            it.scores = x;
            return (it, norm * scale, true);
        }
    }
    it.scores = x;
    (it, norm * scale, false)
}

/// Eigenvector centrality (Bonacich 1987, "Power and centrality: a family of measures",
/// American Journal of Sociology 92(5): 1170), weighted, as NetworkX's
/// `eigenvector_centrality(G, weight="weight")` computes it.
///
/// Direction: the left eigenvector, `x_v` proportional to sum_{u->v} `w_uv` `x_u`: a node is central
/// when central nodes have edges *to* it (in-edges as written). Weights: the summed amounts.
/// Normalisation: Euclidean norm 1, entries >= 0 (Perron vector).
///
/// Iteration: x(0) = 1/n, x(k+1) = (A + I)^T x(k) / ||(A + I)^T x(k)||_2 (the shift by I makes
/// it converge on periodic graphs and does not change the eigenvector); stops when the L1 change
/// is below n tol. On graphs that are not strongly connected the result is the limit of this
/// iteration, as in NetworkX (nodes upstream of the dominant component get 0).
///
/// # Errors
/// [`crate::Error::NoConvergence`] after `max_iter` iterations: the largest eigenvalue is not
/// simple enough for the iteration (e.g. acyclic graphs, several equally strong cycles).
pub fn eigenvector(g: &View<'_>, conv: Convergence) -> Result<Iterated> {
    conv.check()?;
    if g.node_count() == 0 {
        return Ok(Iterated {
            scores: Vec::new(),
            iterations: 0,
            residual: 0.0,
        });
    }
    let (it, _, converged) = power(g, conv);
    if converged {
        Ok(it)
    } else {
        Err(no_convergence(
            "eigenvector centrality power iteration",
            &it,
            g.node_count() as f64 * conv.tol,
            format!(
                "{ITER_HINT}; on acyclic graphs or graphs whose strongest cycles tie, the \
                 iteration converges slowly or not at all: try pagerank or katz"
            ),
        ))
    }
}

/// The scale s of [`power`], which is also its shift in the units of A: 1, or the largest
/// amount when one exceeds [`SCALE_ABOVE`].
fn shift(g: &View<'_>) -> f64 {
    let largest = g
        .inc
        .weight
        .par_iter()
        .with_min_len(MIN_LEN)
        .map(|w| w.abs())
        .reduce(|| 0.0, f64::max);
    if largest > SCALE_ABOVE {
        largest
    } else {
        1.0
    }
}

/// Largest eigenvalue of the amount-weighted adjacency, if the power iteration converges.
pub(crate) fn spectral_radius(g: &View<'_>, conv: Convergence) -> Option<f64> {
    if g.node_count() == 0 {
        return None;
    }
    let (_, norm, converged) = power(g, conv);
    converged.then_some((norm - shift(g)).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Error;

    fn ev(g: &crate::model::Csr) -> Vec<f64> {
        eigenvector(&View::from_csr(g), Convergence::default())
            .unwrap()
            .scores
    }

    #[test]
    fn complete_graph_k5() {
        let s = 1.0 / 5f64.sqrt();
        assert_close(&ev(&complete(5)), &[s; 5], 1e-13);
        let k5 = complete(5);
        let v = View::from_csr(&k5);
        let r = spectral_radius(&v, Convergence::default()).unwrap();
        assert!((r - 4.0).abs() < 1e-10, "{r}");
    }

    #[test]
    fn cycle_converges_thanks_to_the_shift() {
        assert_close(&ev(&cycle(6)), &[1.0 / 6f64.sqrt(); 6], 1e-13);
    }

    #[test]
    fn weighted_two_cycle_with_tail() {
        // 0 <-> 1 with weights 4 (0->1) and 1 (1->0): lambda = 2, left eigenvector x1 = 2 x0.
        // 1 -> 2 with weight 1: x2 = x1 / lambda = x0.
        let g = csr(3, &[(0, 1, 4.0), (1, 0, 1.0), (1, 2, 1.0)]);
        let got = ev(&g);
        let s = 1.0 / 6f64.sqrt();
        assert_close(&got, &[s, 2.0 * s, s], 1e-12);
    }

    #[test]
    fn amounts_near_double_precision_give_the_same_eigenvector() {
        // Issue 13: the squares of the norm overflowed (last change NaN, no convergence).
        let small = csr(3, &[(0, 1, 3.0), (1, 2, 1.0), (2, 0, 2.0), (1, 0, 1.0)]);
        let huge = csr(
            3,
            &[(0, 1, 3e300), (1, 2, 1e300), (2, 0, 2e300), (1, 0, 1e300)],
        );
        let (a, b) = (ev(&small), ev(&huge));
        assert!(b.iter().all(|x| x.is_finite()), "{b:?}");
        assert_close(&a, &b, 1e-9);
        let r_small = spectral_radius(&View::from_csr(&small), Convergence::default()).unwrap();
        let r_huge = spectral_radius(&View::from_csr(&huge), Convergence::default()).unwrap();
        assert!(
            (r_huge / 1e300 - r_small).abs() < 1e-9 * r_small,
            "{r_small} {r_huge}"
        );
    }

    #[test]
    fn in_star_does_not_converge() {
        // Acyclic: A is nilpotent and (A+I)^k x / norm converges only like 1/k.
        let e = eigenvector(
            &View::from_csr(&in_star(4)),
            Convergence {
                max_iter: 200,
                tol: 1e-12,
            },
        )
        .unwrap_err();
        assert!(matches!(
            e,
            Error::NoConvergence {
                iterations: 200,
                ..
            }
        ));
    }
}
