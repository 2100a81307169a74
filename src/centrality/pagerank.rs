//! PageRank by pull-based power iteration over the in-adjacency.

use rayon::prelude::*;

use super::{
    check_alpha_pagerank, check_personalization, det_pass, det_sum, no_convergence, Convergence,
    Iterated, View, ITER_HINT, MIN_LEN,
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
/// stops when ||x(k+1) - x(k)||_1 < n tol.
///
/// Work per iteration, O(V + E), two parallel passes over the nodes: the shares
/// `x_u * (1 / s_u)` (a sequential pass that also leaves them in cache for the next one), then the
/// pull over the in-adjacency (12 bytes per edge, its gathers prefetched:
/// `src/model/gather.rs`), which also adds each node's part of the L1
/// change and of the next dangling mass d(k+1) to its chunk's partial sums. The chunks and the
/// order of their sums are fixed (`det_pass` in `centrality`): the same bits on any number of
/// threads. (Pre-multiplying the weights by `1 / s_u` into a second per-edge array, which saves
/// the first pass, was measured slower on the 2-core machine: `docs/benchmarks.md`, "PageRank
/// against the bandwidth floor".)
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
    let chain = Transitions::new(g);
    let it = if let Some(p) = personalization {
        let s: f64 = p.iter().sum();
        let p: Vec<f64> = p.iter().map(|w| w / s).collect();
        iterate(g, &chain, alpha, |v| p[v], conv)
    } else {
        let uniform = 1.0 / n as f64;
        iterate(g, &chain, alpha, |_| uniform, conv)
    };
    it.map_err(|it| {
        no_convergence(
            "pagerank power iteration",
            &it,
            n as f64 * conv.tol,
            format!(
                "{ITER_HINT}; a damping factor close to 1 (`damping` {alpha}) converges slowly"
            ),
        )
    })
}

/// What the random walk needs besides the in-adjacency: 1 / out-strength and the dangling
/// nodes.
struct Transitions {
    /// 1 / `s_u`; 0 when u is dangling.
    inv_strength: Vec<f64>,
    /// Bit v set: v has no out-strength (no out-edges, or amounts summing to 0).
    dangling: Vec<u64>,
}

impl Transitions {
    fn new(g: &View<'_>) -> Transitions {
        let n = g.node_count();
        let inv_strength: Vec<f64> = (0..n)
            .into_par_iter()
            .with_min_len(MIN_LEN)
            .map(|u| {
                let s: f64 = g.out.row(u).iter().map(|a| a.weight).sum();
                if s > 0.0 {
                    1.0 / s
                } else {
                    0.0
                }
            })
            .collect();
        let dangling: Vec<u64> = inv_strength
            .par_chunks(64)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u64, |b, (i, &s)| b | (u64::from(s == 0.0) << i))
            })
            .collect();
        Transitions {
            inv_strength,
            dangling,
        }
    }

    #[inline]
    fn is_dangling(&self, v: usize) -> bool {
        (self.dangling[v >> 6] >> (v & 63)) & 1 == 1
    }
}

/// The power iteration with personalization `p`; the last state when it does not converge.
fn iterate(
    g: &View<'_>,
    chain: &Transitions,
    alpha: f64,
    p: impl Fn(usize) -> f64 + Sync,
    conv: Convergence,
) -> std::result::Result<Iterated, Iterated> {
    let n = g.node_count();
    let threshold = n as f64 * conv.tol;
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let mut share = vec![0.0; n];
    let mut parts: Vec<(f64, f64)> = Vec::new();
    let mut d = det_sum(n, |v| if chain.is_dangling(v) { x[v] } else { 0.0 });
    let mut it = Iterated {
        scores: Vec::new(),
        iterations: 0,
        residual: f64::INFINITY,
    };
    while it.iterations < conv.max_iter {
        it.iterations += 1;
        share
            .par_iter_mut()
            .with_min_len(MIN_LEN)
            .zip(x.par_iter().zip(&chain.inv_strength))
            .for_each(|(s, (xu, inv))| *s = xu * inv);
        let rows = g.inc.pull();
        det_pass(&mut next, &mut parts, |first, chunk| {
            let (mut change, mut dangling) = (0.0, 0.0);
            let (init, coef) = (|_| 0.0, |w| w);
            rows.sums(&share, first, chunk.len(), init, coef, |v, acc| {
                let pv = p(v);
                let new = alpha * (acc + d * pv) + (1.0 - alpha) * pv;
                change += (new - x[v]).abs();
                if chain.is_dangling(v) {
                    dangling += new;
                }
                chunk[v - first] = new;
            });
            (change, dangling)
        });
        it.residual = parts.iter().map(|c| c.0).sum();
        d = parts.iter().map(|c| c.1).sum();
        std::mem::swap(&mut x, &mut next);
        if it.residual < threshold {
            it.scores = x;
            return Ok(it);
        }
    }
    Err(it)
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

    /// The iteration of the documentation written out the plain way: `x_u / s_u` pushed along
    /// every out-edge, the dangling mass summed over the nodes with no out-strength.
    fn plain(g: &crate::model::Csr, alpha: f64, p: Option<&[f64]>, tol: f64) -> (Vec<f64>, usize) {
        let n = g.node_count();
        let p: Vec<f64> = match p {
            Some(p) => p.iter().map(|w| w / p.iter().sum::<f64>()).collect(),
            None => vec![1.0 / n as f64; n],
        };
        let s: Vec<f64> = (0..n)
            .map(|u| g.row(u).iter().map(|a| a.weight).sum())
            .collect();
        let mut x = vec![1.0 / n as f64; n];
        for k in 1.. {
            let d: f64 = (0..n).filter(|&u| s[u] <= 0.0).map(|u| x[u]).sum();
            let mut next: Vec<f64> = p
                .iter()
                .map(|pv| alpha * d * pv + (1.0 - alpha) * pv)
                .collect();
            for u in (0..n).filter(|&u| s[u] > 0.0) {
                for a in g.row(u) {
                    next[a.target as usize] += alpha * x[u] * a.weight / s[u];
                }
            }
            let change: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
            x = next;
            if change < n as f64 * tol {
                return (x, k);
            }
        }
        unreachable!()
    }

    #[test]
    fn agrees_with_the_plain_iteration_on_random_graphs() {
        // Some nodes dangling, one with out-edges of amount 0 (dangling too).
        for (n, len, seed) in [(5, 6, 1), (50, 120, 2), (300, 900, 3), (6000, 30_000, 4)] {
            let base = random(n, len, seed);
            let mut t: Vec<(u32, u32, f64)> = (0..n)
                .flat_map(|u| {
                    base.row(u)
                        .iter()
                        .map(move |a| (u as u32, a.target, a.weight))
                })
                .collect();
            t.retain(|e| e.0 != 1);
            t.push((1, 2, 0.0));
            let g = csr(n, &t);
            let pers: Vec<f64> = (0..n).map(|i| (i % 3) as f64).collect();
            for p in [None, Some(&pers[..])] {
                for alpha in [0.0, 0.5, 0.85, 1.0] {
                    let conv = Convergence {
                        max_iter: 100_000,
                        tol: 1e-13,
                    };
                    let got = pagerank(&View::from_csr(&g), alpha, p, conv).unwrap();
                    let (want, k) = plain(&g, alpha, p, 1e-13);
                    assert_close(&got.scores, &want, 1e-14);
                    // The stopping test compares sums that differ in their last bits: the two
                    // may stop one iteration apart.
                    assert!(got.iterations.abs_diff(k) <= 1, "{} vs {k}", got.iterations);
                    assert!((got.scores.iter().sum::<f64>() - 1.0).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn relabelling_the_nodes_relabels_the_scores() {
        let n = 5000;
        let g = random(n, 20_000, 9);
        // v -> (7 v + 3) mod n is a permutation (7 and 5000 are coprime).
        let perm = |v: usize| (7 * v + 3) % n;
        let t: Vec<(u32, u32, f64)> = (0..n)
            .flat_map(|u| {
                g.row(u)
                    .iter()
                    .map(move |a| (perm(u) as u32, perm(a.target as usize) as u32, a.weight))
            })
            .collect();
        let h = csr(n, &t);
        let a = pr(&g, 0.85, None);
        let b = pr(&h, 0.85, None);
        for v in 0..n {
            assert!((a[v] - b[perm(v)]).abs() < 1e-15, "node {v}");
        }
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
