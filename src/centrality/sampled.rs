//! Sampled betweenness: Brandes' sums over a random subset of sources (pivots).
//!
//! Brandes & Pich (2007), "Centrality estimation in large networks", International Journal of
//! Bifurcation and Chaos 17(7): 2303: run the single-source stage of Brandes' algorithm from K
//! pivots drawn uniformly without replacement, and extrapolate. Cost O(K E) (O(K E log V)
//! weighted) instead of O(V E).
//!
//! Scaling: exactly NetworkX's `betweenness_centrality(G, k=K)` (3.6, `_rescale` with
//! `sampled_nodes`, `endpoints=False`, `normalized=True`, directed). With d(v) the sum over the
//! pivots s != v of the dependency of s on v:
//! - a node that is not a pivot: d(v) / (K (n-2));
//! - a pivot: d(v) / ((K-1) (n-2)) (its own source contributes nothing);
//!
//! which are the exact normalisation 1/((n-1)(n-2)) times (n-1)/K and (n-1)/(K-1): given
//! whether v was drawn, each other node is a pivot with probability K/(n-1) or (K-1)/(n-1), so
//! both estimates are unbiased. K = n gives the exact value; K = 1 has no estimate for its pivot
//! (NetworkX gives NaN) and is refused.
//!
//! Determinism: the pivots are `rand::seq::index::sample` with a ChaCha8 generator seeded by
//! the seed, sorted; the sweep sums them in a fixed order, so the output depends on the seed
//! only, not on the number of threads.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::paths::{self, SOURCE_CHUNK};
use super::View;
use crate::error::{Error, Param, Result};

/// Seed of the pivot draw when none is given.
pub const DEFAULT_SEED: u64 = 0;

/// How many pivots to draw, and the seed of the draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sampling {
    /// Number of pivots K (>= 2); K >= n computes the exact betweenness.
    pub samples: usize,
    /// Seed of the draw: the same seed and K give the same pivots on any number of threads.
    pub seed: u64,
}

impl Sampling {
    /// K pivots with the default seed.
    #[must_use]
    pub fn new(samples: usize) -> Self {
        Sampling {
            samples,
            seed: DEFAULT_SEED,
        }
    }

    /// Checks K >= 2.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] ([`Param::Samples`]) for K < 2.
    pub fn check(&self) -> Result<()> {
        if self.samples < 2 {
            return Err(Error::param(
                Param::Samples,
                format!(
                    "sampled betweenness needs at least 2 pivots, not {}",
                    self.samples
                ),
                Some("the error shrinks like 1/sqrt(K): use e.g. 100 or more pivots"),
            ));
        }
        Ok(())
    }

    /// Whether the result is exact on `n` nodes (every node is a pivot).
    #[must_use]
    pub fn is_exact(&self, n: usize) -> bool {
        self.samples >= n
    }
}

/// The pivots of `sampling` on `n` nodes, ascending: K distinct node indices drawn uniformly
/// (every node when K >= n).
#[must_use]
pub fn pivots(n: usize, sampling: Sampling) -> Vec<u32> {
    if sampling.is_exact(n) {
        return (0..n as u32).collect();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(sampling.seed);
    let mut p: Vec<u32> = rand::seq::index::sample(&mut rng, n, sampling.samples)
        .into_iter()
        .map(|i| i as u32)
        .collect();
    p.sort_unstable();
    p
}

/// Sampled betweenness (Brandes & Pich 2007) from the pivots [`pivots`] draws, scaled as
/// NetworkX's `betweenness_centrality(G, k=K)`; the exact [`paths::betweenness`] when K >= n.
///
/// # Errors
/// [`Error::InvalidParameter`] for K < 2.
pub fn betweenness(g: &View<'_>, weighted: bool, sampling: Sampling) -> Result<Vec<f64>> {
    sampling.check()?;
    let n = g.node_count();
    if sampling.is_exact(n) {
        return Ok(paths::betweenness(g, weighted));
    }
    betweenness_from(g, weighted, &pivots(n, sampling))
}

/// Betweenness from the given pivots (distinct node indices), scaled as NetworkX's
/// `betweenness_centrality` scales the sums over its sampled `nodes`.
///
/// # Errors
/// [`Error::InvalidParameter`] when a pivot is out of range or repeated, or fewer than 2 of
/// them are given on more than 2 nodes.
pub fn betweenness_from(g: &View<'_>, weighted: bool, pivots: &[u32]) -> Result<Vec<f64>> {
    let n = g.node_count();
    let mut is_pivot = vec![false; n];
    for &p in pivots {
        let Some(seen) = is_pivot.get_mut(p as usize) else {
            return Err(Error::param(
                Param::Samples,
                format!("pivot {p} is not a node index (the graph has {n} nodes)"),
                None,
            ));
        };
        if *seen {
            return Err(Error::param(
                Param::Samples,
                format!("pivot {p} is given twice"),
                Some("pivots are drawn without replacement"),
            ));
        }
        *seen = true;
    }
    let k = pivots.len();
    if n <= 2 {
        // No pair s != v != t exists: every value is 0, as in NetworkX (no rescaling).
        return Ok(vec![0.0; n]);
    }
    if k < 2 {
        Sampling::new(k).check()?;
    }
    // Few pivots: small tasks so that both cores get work (the chunking depends on K only).
    let chunk = k.div_ceil(64).clamp(1, SOURCE_CHUNK);
    let mut b = paths::dependencies(g, weighted, pivots, chunk);
    let pairs = n as f64 - 2.0;
    let scale_pivot = 1.0 / ((k as f64 - 1.0) * pairs);
    let scale_other = 1.0 / (k as f64 * pairs);
    for (v, x) in b.iter_mut().enumerate() {
        *x *= if is_pivot[v] {
            scale_pivot
        } else {
            scale_other
        };
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn ring(n: usize) -> crate::model::Csr {
        let mut e = Vec::new();
        for i in 0..n as u32 {
            e.push((i, (i + 1) % n as u32, 1.0 + f64::from(i % 5)));
            e.push((i, (i * 7 + 3) % n as u32, 2.0 + f64::from(i % 3)));
        }
        csr(n, &e)
    }

    #[test]
    fn all_pivots_is_exact() {
        let g = ring(60);
        let v = View::from_csr(&g);
        for weighted in [false, true] {
            let exact = paths::betweenness(&v, weighted);
            assert_eq!(betweenness(&v, weighted, Sampling::new(60)).unwrap(), exact);
            assert_eq!(
                betweenness(&v, weighted, Sampling::new(1000)).unwrap(),
                exact
            );
            let all: Vec<u32> = (0..60).collect();
            assert_close(
                &betweenness_from(&v, weighted, &all).unwrap(),
                &exact,
                1e-12,
            );
        }
    }

    #[test]
    fn pivots_are_distinct_sorted_and_seeded() {
        let a = pivots(
            1000,
            Sampling {
                samples: 50,
                seed: 7,
            },
        );
        assert_eq!(a.len(), 50);
        assert!(a.windows(2).all(|w| w[0] < w[1]) && a[49] < 1000);
        assert_eq!(
            a,
            pivots(
                1000,
                Sampling {
                    samples: 50,
                    seed: 7
                }
            )
        );
        assert_ne!(
            a,
            pivots(
                1000,
                Sampling {
                    samples: 50,
                    seed: 8
                }
            )
        );
    }

    #[test]
    fn scaling_of_pivots_and_others() {
        // Directed path 0 -> 1 -> 2 -> 3, pivots {0, 1}: dependencies of 0 on 1 and 2 are
        // 2 and 1, of 1 on 2 is 1. Node 1 is a pivot: 2 / ((2-1)(4-2)) = 1; node 2 is not:
        // (1 + 1) / (2 (4-2)) = 0.5.
        let g = csr(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        let v = View::from_csr(&g);
        assert_close(
            &betweenness_from(&v, false, &[0, 1]).unwrap(),
            &[0.0, 1.0, 0.5, 0.0],
            1e-15,
        );
    }

    #[test]
    fn refuses_bad_pivots() {
        let g = ring(10);
        let v = View::from_csr(&g);
        assert!(betweenness(&v, false, Sampling::new(1)).is_err());
        assert!(betweenness(&v, false, Sampling::new(0)).is_err());
        assert!(betweenness_from(&v, false, &[3]).is_err());
        assert!(betweenness_from(&v, false, &[3, 3]).is_err());
        assert!(betweenness_from(&v, false, &[3, 10]).is_err());
    }

    #[test]
    fn same_on_one_and_two_threads() {
        let g = ring(700);
        let v = View::from_csr(&g);
        let s = Sampling {
            samples: 90,
            seed: 3,
        };
        let run = |t: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .unwrap()
                .install(|| betweenness(&v, true, s).unwrap())
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert!(one.iter().all(|x| x.is_finite() && *x >= 0.0));
    }

    #[test]
    fn mean_over_seeds_approaches_exact() {
        // Unbiased estimator: the mean over 400 fixed seeds of K = 10 out of 40 is within a few
        // percent of the exact total (deterministic: the seeds are fixed).
        let g = ring(40);
        let v = View::from_csr(&g);
        let exact = paths::betweenness(&v, false);
        let mut mean = vec![0.0; 40];
        let runs = 400;
        for seed in 0..runs {
            let b = betweenness(&v, false, Sampling { samples: 10, seed }).unwrap();
            for (m, x) in mean.iter_mut().zip(b) {
                *m += x / runs as f64;
            }
        }
        let err: f64 = mean.iter().zip(&exact).map(|(m, e)| (m - e).abs()).sum();
        let size: f64 = exact.iter().sum();
        assert!(err / size < 0.05, "relative L1 error {}", err / size);
        // One sample alone is much further off.
        let one = betweenness(
            &v,
            false,
            Sampling {
                samples: 10,
                seed: 0,
            },
        )
        .unwrap();
        let err1: f64 = one.iter().zip(&exact).map(|(m, e)| (m - e).abs()).sum();
        assert!(err1 > 2.0 * err);
    }
}
