//! PageRank by pull-based power iteration over the in-adjacency.

use rayon::prelude::*;

use super::{
    check_alpha_pagerank, check_personalization, det_sum, no_convergence, Convergence, Iterated,
    Rows, View, ITER_HINT, MIN_LEN,
};
use crate::error::Result;

/// PageRank (Brin & Page 1998, "The anatomy of a large-scale hypertextual Web search engine",
/// Computer Networks 30: 107), weighted, as NetworkX's `pagerank(G, alpha, personalization,
/// weight="weight")` computes it.
///
/// Direction: rank flows along the edges as written, `from -> to`; a node ranks high when
/// high-ranked nodes have edges to it. Weights: a node passes its rank to its out-neighbours in
/// proportion to the (summed) amounts. Dangling nodes (no out-edges) pass theirs to every node
/// in proportion to the personalization (uniformly without one), as NetworkX does. Teleport:
/// with probability `1 - alpha` to the personalization (normalised to sum 1), else uniform.
/// Normalisation: the scores sum to 1.
///
/// Iteration: x(0) = 1/n; x(k+1)_v = alpha (sum_{u->v} x(k)_u `w_uv` / `s_u` + d(k) `p_v`) +
/// (1 - alpha) `p_v` where `s_u` is u's out-strength and d(k) the rank held by dangling nodes;
/// stops when ||x(k+1) - x(k)||_1 < n tol. Each iteration is O(V + E), parallel over nodes.
///
/// # Errors
/// [`crate::Error::InvalidParameter`] when alpha is outside [0, 1] or the personalization is not
/// n weights >= 0 with a positive sum; [`crate::Error::NoConvergence`] after `max_iter`
/// iterations.
pub fn pagerank(
    g: &View<'_>,
    alpha: f64,
    personalization: Option<&[f64]>,
    conv: Convergence,
) -> Result<Iterated> {
    conv.check()?;
    check_alpha_pagerank(alpha)?;
    let n = g.node_count();
    if let Some(p) = personalization {
        check_personalization(p, n)?;
    }
    if n == 0 {
        return Ok(Iterated {
            scores: Vec::new(),
            iterations: 0,
            residual: 0.0,
        });
    }
    let p: Vec<f64> = match personalization {
        Some(p) => {
            let s: f64 = p.iter().sum();
            p.iter().map(|w| w / s).collect()
        }
        None => vec![1.0 / n as f64; n],
    };
    // 1 / out-strength, 0 for dangling nodes.
    let inv_strength: Vec<f64> = (0..n)
        .into_par_iter()
        .with_min_len(MIN_LEN)
        .map(|u| {
            let mut s = 0.0;
            g.out.each(u, |_, w| s += w);
            if s > 0.0 {
                1.0 / s
            } else {
                0.0
            }
        })
        .collect();
    let dangling: Vec<u32> = (0..n as u32)
        .filter(|&u| inv_strength[u as usize] == 0.0)
        .collect();
    let threshold = n as f64 * conv.tol;
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let mut share = vec![0.0; n];
    let mut it = Iterated {
        scores: Vec::new(),
        iterations: 0,
        residual: f64::INFINITY,
    };
    while it.iterations < conv.max_iter {
        it.iterations += 1;
        let d = det_sum(dangling.len(), |k| x[dangling[k] as usize]);
        share
            .par_iter_mut()
            .with_min_len(MIN_LEN)
            .zip(x.par_iter().zip(&inv_strength))
            .for_each(|(s, (xu, inv))| *s = xu * inv);
        next.par_iter_mut()
            .with_min_len(MIN_LEN)
            .enumerate()
            .for_each(|(v, out)| {
                let mut acc = 0.0;
                g.inc.each(v, |u, w| acc += share[u] * w);
                *out = alpha * (acc + d * p[v]) + (1.0 - alpha) * p[v];
            });
        it.residual = det_sum(n, |v| (next[v] - x[v]).abs());
        std::mem::swap(&mut x, &mut next);
        if it.residual < threshold {
            it.scores = x;
            return Ok(it);
        }
    }
    Err(no_convergence(
        "pagerank power iteration",
        &it,
        threshold,
        format!("{ITER_HINT}; a damping factor close to 1 (`damping` {alpha}) converges slowly"),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Error;

    fn pr(g: &crate::model::Csr, alpha: f64, p: Option<&[f64]>) -> Vec<f64> {
        pagerank(&View::from_csr(g), alpha, p, Convergence::default())
            .unwrap()
            .scores
    }

    #[test]
    fn cycle_and_complete_graph_are_uniform() {
        assert_close(&pr(&cycle(4), 0.85, None), &[0.25; 4], 1e-14);
        assert_close(&pr(&complete(5), 0.85, None), &[0.2; 5], 1e-14);
    }

    #[test]
    fn star_into_centre() {
        // Leaves 1..4 -> 0; 0 is dangling and spreads its rank uniformly.
        // Leaves: x_l = (1-a)/5 + a x_0/5; centre: x_0 = (1-a)/5 + a (4 x_l + x_0/5).
        // With sum 1: x_0 = 1 - 4 x_l, so x_l = (1-a)/5 + a (1 - 4 x_l)/5 => x_l = 1 / (5 + 4a).
        let a = 0.85;
        let xl = 1.0 / (5.0 + 4.0 * a);
        let got = pr(&in_star(5), a, None);
        assert_close(&got, &[1.0 - 4.0 * xl, xl, xl, xl, xl], 1e-12);
    }

    #[test]
    fn weights_split_rank() {
        // 0 -> 1 (weight 3), 0 -> 2 (weight 1), 1 -> 0, 2 -> 0; alpha 1 would give
        // x0 = 1/2, x1 = 3/8, x2 = 1/8; check alpha = 0.5 against the linear solve:
        // x0 = 1/6 + 1/2 (x1 + x2), x1 = 1/6 + 1/2 * 3/4 x0, x2 = 1/6 + 1/2 * 1/4 x0.
        let g = csr(3, &[(0, 1, 3.0), (0, 2, 1.0), (1, 0, 1.0), (2, 0, 1.0)]);
        let got = pr(&g, 0.5, None);
        // x1 + x2 = 1/3 + x0/2 => x0 = 1/6 + 1/6 + x0/4 => x0 = 4/9.
        let x0 = 4.0 / 9.0;
        let want = [x0, 1.0 / 6.0 + 0.375 * x0, 1.0 / 6.0 + 0.125 * x0];
        // The iteration stops at an L1 change < n * 1e-12; the error left is of that order.
        assert_close(&got, &want, 1e-11);
        assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-14);
    }

    #[test]
    fn personalization_also_receives_dangling_rank() {
        // 0 -> 1, 1 dangling; personalization all on 0.
        // x0 = a x1 + (1-a), x1 = a x0.  => x0 = 1/(1+a).
        let g = csr(2, &[(0, 1, 1.0)]);
        let a = 0.85;
        let got = pr(&g, a, Some(&[2.0, 0.0]));
        assert_close(&got, &[1.0 / (1.0 + a), a / (1.0 + a)], 1e-12);
    }

    #[test]
    fn bad_parameters() {
        let g = cycle(3);
        let v = View::from_csr(&g);
        let c = Convergence::default();
        assert!(pagerank(&v, 1.5, None, c).is_err());
        assert!(pagerank(&v, 0.85, Some(&[0.0, 0.0, 0.0]), c).is_err());
        assert!(pagerank(&v, 0.85, Some(&[1.0, -1.0, 1.0]), c).is_err());
        assert!(pagerank(&v, 0.85, Some(&[1.0]), c).is_err());
    }

    #[test]
    fn non_convergence_names_iterations_and_residual() {
        let g = csr(3, &[(0, 1, 1.0), (1, 2, 5.0), (0, 2, 1.0)]);
        let e = pagerank(
            &View::from_csr(&g),
            0.85,
            None,
            Convergence {
                max_iter: 1,
                tol: 1e-12,
            },
        )
        .unwrap_err();
        match e {
            Error::NoConvergence {
                iterations,
                residual,
                ..
            } => {
                assert_eq!(iterations, 1);
                assert!(residual > 0.0);
            }
            other => panic!("{other}"),
        }
    }
}
