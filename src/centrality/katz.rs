//! Katz centrality by the Jacobi iteration NetworkX uses.

use rayon::prelude::*;

use super::{det_pass, det_sum, eigenvector, no_convergence, Convergence, Iterated, View, MIN_LEN};
use crate::error::{Error, Param, Result};

/// Scores beyond this mean the series diverges (stopping before they overflow).
const DIVERGED: f64 = 1e150;

/// Katz centrality (Katz 1953, "A new status index derived from sociometric analysis",
/// Psychometrika 18(1): 39), weighted, as NetworkX's `katz_centrality(G, alpha, beta,
/// weight="weight")` computes it (with `normalized=True`).
///
/// Definition: x = alpha A^T x + beta, i.e. `x_v` = alpha sum_{u->v} `w_uv` `x_u` + beta: every walk
/// ending at v counts, attenuated by alpha per step and weighted by the product of its amounts.
/// Direction: in-edges as written (walks *into* the node). Weights: the summed amounts.
/// Normalisation: Euclidean norm 1 (so beta, a scalar, cancels out of the result).
///
/// The series converges only when alpha < 1 / `lambda_max`, `lambda_max` the largest eigenvalue of
/// the amount-weighted adjacency; with amounts in billions NetworkX's default alpha 0.1 is often
/// too large, and an explicit alpha that large is reported as non-convergence with the
/// admissible bound in the hint. Without an explicit alpha, [`default_alpha`] picks one that
/// converges.
///
/// Iteration: x(0) = 0, x(k+1) = alpha A^T x(k) + beta; stops when the L1 change divided by
/// max(1, `max_v` |`x_v`|) is below n tol (NetworkX: the L1 change itself; the scale keeps the
/// test meaningful when the unnormalised scores are large), then normalises. The residual
/// reported on failure is that relative change; scores beyond 1e150 stop the iteration as
/// diverging. Each iteration is one parallel pass over the nodes (the pull over the
/// in-adjacency, the change and the largest score), its sums by fixed chunks added in a fixed
/// order (`det_pass` in `centrality`): the same bits on any number of threads.
///
/// # Errors
/// [`Error::InvalidParameter`] when alpha < 0 or alpha or beta is not finite;
/// [`Error::NoConvergence`] when the iteration diverges or needs more than `max_iter`
/// iterations.
pub fn katz(g: &View<'_>, alpha: f64, beta: f64, conv: Convergence) -> Result<Iterated> {
    conv.check()?;
    if !(alpha.is_finite() && alpha >= 0.0) {
        return Err(Error::param(
            Param::KatzAlpha,
            format!("katz's attenuation factor must be a finite number >= 0, not {alpha}"),
            Some("it must also be below 1 / (largest eigenvalue of the weighted adjacency)"),
        ));
    }
    if !beta.is_finite() {
        return Err(Error::param(
            Param::KatzBeta,
            format!("{beta} is not a finite number"),
            None,
        ));
    }
    let n = g.node_count();
    if n == 0 {
        return Ok(Iterated {
            scores: Vec::new(),
            iterations: 0,
            residual: 0.0,
        });
    }
    let mut x = vec![0.0; n];
    let mut next = vec![0.0; n];
    let mut it = Iterated {
        scores: Vec::new(),
        iterations: 0,
        residual: f64::INFINITY,
    };
    let threshold = n as f64 * conv.tol;
    let mut parts: Vec<(f64, f64)> = Vec::new();
    while it.iterations < conv.max_iter {
        it.iterations += 1;
        // One pass: the pull, the L1 change and the largest score.
        det_pass(&mut next, &mut parts, |first, chunk| {
            let (mut change, mut largest) = (0.0, 1.0f64);
            let (init, coef) = (|_| 0.0, |w| w);
            g.inc
                .pull()
                .sums(&x, first, chunk.len(), init, coef, |v, acc| {
                    let out = alpha * acc + beta;
                    chunk[v - first] = out;
                    change += (out - x[v]).abs();
                    largest = largest.max(out.abs());
                });
            (change, largest)
        });
        let change: f64 = parts.iter().map(|p| p.0).sum();
        let scale = parts.iter().fold(1.0f64, |m, p| m.max(p.1));
        std::mem::swap(&mut x, &mut next);
        if !(change.is_finite() && scale < DIVERGED) {
            break;
        }
        it.residual = change / scale;
        if it.residual < threshold {
            let norm = det_sum(n, |v| x[v] * x[v]).sqrt();
            let s = if norm > 0.0 { 1.0 / norm } else { 1.0 };
            x.par_iter_mut().with_min_len(MIN_LEN).for_each(|v| *v *= s);
            it.scores = x;
            return Ok(it);
        }
    }
    let estimate = Convergence {
        max_iter: conv.max_iter.max(10_000),
        tol: 1e-10,
    };
    let hint = match eigenvector::spectral_radius(g, estimate) {
        Some(lambda) if lambda > 0.0 && alpha * lambda >= 1.0 => format!(
            "the series diverges: alpha must be below 1 / lambda_max = {:.4e}, where \
             lambda_max = {lambda:.6} is the largest eigenvalue of the amount-weighted adjacency \
             (amounts are in the graph's units, so NetworkX's default 0.1 is often too large); \
             try `katz_alpha` {:.3e}",
            1.0 / lambda,
            0.5 / lambda
        ),
        Some(lambda) if lambda > 0.0 => format!(
            "alpha * lambda_max = {:.6} is close to 1 (lambda_max = {lambda:.6}), so the series \
             converges slowly: raise `max_iter` or lower `katz_alpha`",
            alpha * lambda
        ),
        _ => "raise `max_iter`, loosen `tol`, or lower `katz_alpha` (it must be below 1 / the \
              largest eigenvalue of the amount-weighted adjacency)"
            .to_string(),
    };
    if !it.residual.is_finite() {
        it.residual = f64::INFINITY;
    }
    Err(no_convergence(
        "katz centrality iteration",
        &it,
        threshold,
        hint,
    ))
}

/// NetworkX's default attenuation factor, kept whenever the series converges with it.
pub const NETWORKX_ALPHA: f64 = 0.1;

/// Share of the bound 1 / `lambda_max` that [`default_alpha`] takes when 0.1 is too large.
pub const BOUND_SHARE: f64 = 0.9;

/// The attenuation factor used when none is given: min(0.1, 0.9 / `lambda_max`). That is
/// NetworkX's 0.1 whenever it lies comfortably inside the convergence bound alpha <
/// 1 / `lambda_max` of Katz (1953) (so those graphs give NetworkX's numbers), else 0.9 of the
/// bound: the error then shrinks by a factor alpha `lambda_max` <= 0.9 per iteration, where an
/// alpha just under the bound would need hundreds of thousands. The choice is continuous in
/// `lambda_max`. `lambda_max` is the largest eigenvalue of the amount-weighted adjacency, by
/// power iteration. When that does not converge (a periodic graph), the bound
/// min(largest row sum, largest column sum) >= `lambda_max` of a non-negative matrix stands in
/// for it, so the default still converges; with no cycle (`lambda_max` = 0) it is 0.1.
pub fn default_alpha(g: &View<'_>) -> f64 {
    let estimate = Convergence {
        max_iter: 10_000,
        tol: 1e-10,
    };
    let lambda = eigenvector::spectral_radius(g, estimate).unwrap_or_else(|| sum_bound(g));
    if lambda > 0.0 {
        NETWORKX_ALPHA.min(BOUND_SHARE / lambda)
    } else {
        NETWORKX_ALPHA
    }
}

/// min(largest row sum, largest column sum) of the amount-weighted adjacency: an upper bound
/// on its spectral radius (a non-negative matrix's `lambda_max` is at most any induced norm).
fn sum_bound(g: &View<'_>) -> f64 {
    let out = g.out();
    let mut col = vec![0.0f64; out.node_count()];
    let mut row_max = 0.0f64;
    for v in 0..out.node_count() {
        let mut r = 0.0;
        for a in out.row(v) {
            r += a.weight;
            col[a.target as usize] += a.weight;
        }
        row_max = row_max.max(r);
    }
    row_max.min(col.into_iter().fold(0.0, f64::max))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn k(g: &crate::model::Csr, alpha: f64) -> Result<Vec<f64>> {
        katz(&View::from_csr(g), alpha, 1.0, Convergence::default()).map(|i| i.scores)
    }

    #[test]
    fn the_default_converges_where_the_radius_estimate_does_not() {
        // a <-> b is periodic (eigenvalues +-sqrt(3000 * 2500)), so power iteration for
        // lambda_max does not settle; the row/column-sum bound stands in and Katz converges.
        let g = csr(3, &[(0, 1, 3000.0), (1, 0, 2500.0), (1, 2, 5.0)]);
        let v = View::from_csr(&g);
        let alpha = default_alpha(&v);
        let lambda = (3000.0f64 * 2500.0).sqrt();
        assert!(alpha * lambda < 1.0, "alpha {alpha}");
        assert!(alpha <= BOUND_SHARE / lambda);
        assert!(k(&g, alpha).is_ok());
    }

    #[test]
    fn complete_graph_is_uniform() {
        assert_close(
            &k(&complete(5), 0.1).unwrap(),
            &[1.0 / 5f64.sqrt(); 5],
            1e-13,
        );
    }

    #[test]
    fn star_closed_form() {
        // Leaves -> centre: x_leaf = beta, x_centre = beta + alpha * 4 beta.
        let a = 0.1;
        let (c, l): (f64, f64) = (1.0 + 4.0 * a, 1.0);
        let norm = (c * c + 4.0 * l * l).sqrt();
        assert_close(
            &k(&in_star(5), a).unwrap(),
            &[c / norm, l / norm, l / norm, l / norm, l / norm],
            1e-14,
        );
    }

    #[test]
    fn weighted_chain() {
        // 0 -> 1 (2.0) -> 2 (3.0): x0 = 1, x1 = 1 + 2a, x2 = 1 + 3a x1.
        let g = csr(3, &[(0, 1, 2.0), (1, 2, 3.0)]);
        let a = 0.2;
        let raw = [1.0, 1.0 + 2.0 * a, 1.0 + 3.0 * a * (1.0 + 2.0 * a)];
        let norm = raw.iter().map(|v| v * v).sum::<f64>().sqrt();
        let want: Vec<f64> = raw.iter().map(|v| v / norm).collect();
        assert_close(&k(&g, a).unwrap(), &want, 1e-14);
    }

    #[test]
    fn default_alpha_is_networkx_s_when_it_converges_else_inside_the_bound() {
        // lambda_max = 1 (unit cycle): 0.1 converges and is kept.
        assert_eq!(default_alpha(&View::from_csr(&cycle(4))), NETWORKX_ALPHA);
        // No cycle: lambda_max = 0, any alpha converges.
        assert_eq!(default_alpha(&View::from_csr(&in_star(5))), NETWORKX_ALPHA);
        // lambda_max = 20: 0.1 diverges, 0.9 / 20 = 0.045 is taken, and converges.
        let e: Vec<_> = (0..4u32).map(|i| (i, (i + 1) % 4, 20.0)).collect();
        let g = csr(4, &e);
        let a = default_alpha(&View::from_csr(&g));
        assert!((a - 0.045).abs() < 1e-9, "{a}");
        assert!(katz(&View::from_csr(&g), a, 1.0, Convergence::default()).is_ok());
        // At the bound (lambda_max = 10, 0.1 * 10 = 1) 0.1 diverges: 0.9 / 10 is taken.
        let e: Vec<_> = (0..4u32).map(|i| (i, (i + 1) % 4, 10.0)).collect();
        let a = default_alpha(&View::from_csr(&csr(4, &e)));
        assert!((a - 0.09).abs() < 1e-9, "{a}");
        // lambda_max = 9: 0.1 is inside the bound (0.9 / 9 = 0.1), and kept.
        let e: Vec<_> = (0..4u32).map(|i| (i, (i + 1) % 4, 9.0)).collect();
        let a = default_alpha(&View::from_csr(&csr(4, &e)));
        assert!((a - 0.1).abs() < 1e-9, "{a}");
    }

    #[test]
    fn divergence_is_reported_with_the_bound() {
        // Cycle with weight 10: lambda_max = 10, alpha 0.1 is exactly at the bound.
        let e: Vec<_> = (0..4u32).map(|i| (i, (i + 1) % 4, 20.0)).collect();
        let g = csr(4, &e);
        let err = katz(
            &View::from_csr(&g),
            0.1,
            1.0,
            Convergence {
                max_iter: 5000,
                tol: 1e-12,
            },
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("did not converge"), "{msg}");
        assert!(msg.contains("1 / lambda_max = 5.0000e-2"), "{msg}");
        assert!(katz(&View::from_csr(&g), 0.04, 1.0, Convergence::default()).is_ok());
        assert!(katz(&View::from_csr(&g), -0.1, 1.0, Convergence::default()).is_err());
    }
}
