//! Centrality measures on the graph as written.
//!
//! Every measure reads the graph the way `docs/centrality.md` fixes it: edges `from -> to`
//! as in the file, `amount` as the weight of the weighted measures, parallel edges merged by
//! summing their amounts ([`Network::written`]). With those conventions the numbers are the ones
//! NetworkX 3.x gives on a `networkx.DiGraph` holding the same (summed) edge list, with its
//! default parameters and `weight="weight"`, except that the iterative measures are converged
//! tightly (default tolerance 1e-12 instead of NetworkX's 1e-6). `docs/centrality.md` gives each
//! definition, and `tests/reference/centrality/` the NetworkX reference values.
//!
//! | measure | function | direction | weights | normalisation |
//! |---|---|---|---|---|
//! | in-degree, out-degree | [`degree::in_degree`], [`degree::out_degree`] | in / out | none | 1/(n-1) |
//! | in-strength, out-strength | [`degree::in_strength`], [`degree::out_strength`] | in / out | amount | none |
//! | pagerank | [`pagerank::pagerank`] | score flows along edges | amount | sums to 1 |
//! | eigenvector | [`eigenvector::eigenvector`] | left eigenvector (in-edges) | amount | L2 = 1 |
//! | katz | [`katz::katz`] | in-edges | amount | L2 = 1 |
//! | hubs, authorities | [`hits::hits`] | out / in | amount | each sums to 1 |
//! | betweenness | [`paths::betweenness`] | directed paths | hops, or 1/amount | 1/((n-1)(n-2)) |
//! | sampled betweenness | [`sampled::betweenness`] | directed paths, K pivots | hops, or 1/amount | NetworkX's `k=` |
//! | closeness | [`paths::closeness`] | distances to the node | hops, or 1/amount | Wasserman–Faust |
//! | harmonic | [`paths::harmonic`] | distances to the node | hops, or 1/amount | none |
//!
//! Everything runs on the compact index view (CSR rows, `u32` indices); loops over nodes or
//! sources run in parallel with rayon, and every reduction is done in a fixed order, so results
//! are identical whatever the number of threads.

pub mod degree;
pub mod eigenvector;
pub mod hits;
mod inadj;
pub mod katz;
pub mod pagerank;
pub mod paths;
pub mod sampled;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Param, Result};
use crate::model::gather::PullRows;
use crate::model::{Csr, Network, NodeVec};
use inadj::InAdj;

/// A centrality measure of `graph centrality --measure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Number of distinct in-neighbours / (n - 1) (NetworkX `in_degree_centrality`).
    InDegree,
    /// Number of distinct out-neighbours / (n - 1) (NetworkX `out_degree_centrality`).
    OutDegree,
    /// Sum of the amounts on in-edges (weighted in-degree).
    InStrength,
    /// Sum of the amounts on out-edges (weighted out-degree).
    OutStrength,
    /// PageRank (Brin & Page 1998), weight = amount, alpha 0.85.
    Pagerank,
    /// Eigenvector centrality (Bonacich 1987), left eigenvector, weight = amount.
    Eigenvector,
    /// Katz centrality (Katz 1953), alpha 0.1 (or 0.9 / `lambda_max` when 0.1 diverges),
    /// beta 1, weight = amount.
    Katz,
    /// HITS hub scores (Kleinberg 1999), weight = amount.
    Hubs,
    /// HITS authority scores (Kleinberg 1999), weight = amount.
    Authorities,
    /// Shortest-path betweenness (Brandes 2001), unweighted unless `weighted`.
    Betweenness,
    /// Closeness over incoming distances (Freeman 1979; Wasserman–Faust for unreachable nodes).
    Closeness,
    /// Harmonic centrality over incoming distances (Marchiori & Latora 2000; Rochat 2009).
    Harmonic,
}

impl Serialize for Measure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl Measure {
    /// Every measure, in the order of `--all`'s columns.
    pub const ALL: [Measure; 12] = [
        Measure::InDegree,
        Measure::OutDegree,
        Measure::InStrength,
        Measure::OutStrength,
        Measure::Pagerank,
        Measure::Eigenvector,
        Measure::Katz,
        Measure::Hubs,
        Measure::Authorities,
        Measure::Betweenness,
        Measure::Closeness,
        Measure::Harmonic,
    ];

    /// The measure's name on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Measure::InDegree => "in-degree",
            Measure::OutDegree => "out-degree",
            Measure::InStrength => "in-strength",
            Measure::OutStrength => "out-strength",
            Measure::Pagerank => "pagerank",
            Measure::Eigenvector => "eigenvector",
            Measure::Katz => "katz",
            Measure::Hubs => "hubs",
            Measure::Authorities => "authorities",
            Measure::Betweenness => "betweenness",
            Measure::Closeness => "closeness",
            Measure::Harmonic => "harmonic",
        }
    }

    /// The measure named `s` (as [`Measure::name`] spells it).
    #[must_use]
    pub fn parse(s: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.name() == s)
    }

    /// Whether the measure is computed by an iteration (and so takes `max_iter` and `tol`).
    pub fn is_iterative(self) -> bool {
        matches!(
            self,
            Measure::Pagerank
                | Measure::Eigenvector
                | Measure::Katz
                | Measure::Hubs
                | Measure::Authorities
        )
    }

    /// Whether the measure is a shortest-path measure (and so takes `weighted`).
    pub fn is_path_based(self) -> bool {
        matches!(
            self,
            Measure::Betweenness | Measure::Closeness | Measure::Harmonic
        )
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// When an iterative measure stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Convergence {
    /// Most iterations before giving up with [`Error::NoConvergence`].
    pub max_iter: usize,
    /// Stop when the L1 change of the score vector in one iteration is below `n * tol`
    /// (NetworkX's criterion; NetworkX's default tol is 1e-6, shockgraph's 1e-12).
    pub tol: f64,
}

/// Default iteration cap of the iterative measures.
pub const DEFAULT_MAX_ITER: usize = 10_000;
/// Default tolerance of the iterative measures (per node, L1).
pub const DEFAULT_TOL: f64 = 1e-12;
/// Default PageRank damping factor (NetworkX's).
pub const DEFAULT_PAGERANK_ALPHA: f64 = 0.85;
/// Default Katz attenuation factor (NetworkX's) when the series converges with it; else
/// [`katz::default_alpha`] takes 0.9 / `lambda_max`.
pub const DEFAULT_KATZ_ALPHA: f64 = katz::NETWORKX_ALPHA;
/// Default Katz constant term (NetworkX's).
pub const DEFAULT_KATZ_BETA: f64 = 1.0;

impl Default for Convergence {
    fn default() -> Self {
        Convergence {
            max_iter: DEFAULT_MAX_ITER,
            tol: DEFAULT_TOL,
        }
    }
}

impl Convergence {
    /// Checks the values: `max_iter >= 1`, `tol` finite and > 0.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] ([`Param::MaxIter`], [`Param::Tol`]) naming the bad value.
    pub fn check(&self) -> Result<()> {
        if self.max_iter == 0 {
            return Err(Error::param(
                Param::MaxIter,
                "must be at least 1",
                Some("the default is 10000"),
            ));
        }
        if !(self.tol.is_finite() && self.tol > 0.0) {
            return Err(Error::param(
                Param::Tol,
                format!("{} is not a positive number", self.tol),
                Some("the default is 1e-12 (NetworkX's is 1e-6)"),
            ));
        }
        Ok(())
    }
}

/// The result of an iterative measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Iterated {
    /// One score per node.
    pub scores: Vec<f64>,
    /// Iterations done.
    pub iterations: usize,
    /// L1 change of the last iteration.
    pub residual: f64,
}

/// Parameters of [`compute`]; `Default` gives NetworkX's defaults with a tight tolerance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params {
    /// PageRank damping (default 0.85) or Katz attenuation (default 0.1, or 0.9 / `lambda_max`
    /// when 0.1 diverges: [`katz::default_alpha`]); `None`: the default of the measure.
    pub alpha: Option<f64>,
    /// Katz constant term (default 1).
    pub beta: Option<f64>,
    /// PageRank personalization, one weight per node (normalised to sum 1; also where dangling
    /// nodes send their rank). `None`: uniform.
    pub personalization: Option<Vec<f64>>,
    /// Shortest-path measures: use distance 1/amount instead of hop counts.
    pub weighted: bool,
    /// Stopping rule of the iterative measures.
    pub convergence: Convergence,
    /// Betweenness only: estimate it from a sample of sources ([`sampled`], Brandes & Pich
    /// 2007) instead of every node. `None`: exact. The other measures ignore it.
    pub sampling: Option<sampled::Sampling>,
}

/// The scores of one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Which measure.
    pub measure: Measure,
    /// One score per node, by node index.
    pub values: NodeVec<f64>,
    /// Iterations done (iterative measures).
    pub iterations: Option<usize>,
    /// The alpha used: PageRank's damping or Katz's attenuation (for Katz without an explicit
    /// alpha, the one [`katz::default_alpha`] picked); `None` for the other measures.
    pub alpha: Option<f64>,
}

/// The graph as written in both directions, built once and shared by several measures.
///
/// `out` is [`Network::written`] (row i: out-neighbours of i with the summed amounts); `inc`
/// its transpose (row i: in-neighbours of i, sorted by index).
#[derive(Debug)]
pub struct View<'a> {
    out: &'a Csr,
    inc: InAdj,
}

impl<'a> View<'a> {
    /// Both directions of `net` as written.
    pub fn new(net: &'a Network) -> Self {
        View::from_csr(net.written())
    }

    /// Both directions of an out-adjacency.
    pub fn from_csr(out: &'a Csr) -> Self {
        View {
            out,
            inc: InAdj::transpose(out),
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.out.node_count()
    }

    /// The out-adjacency (as written).
    pub fn out(&self) -> &Csr {
        self.out
    }
}

impl InAdj {
    /// The whole in-adjacency, for the prefetched pulls ([`PullRows::sums`]).
    #[inline]
    pub(crate) fn pull(&self) -> PullRows<'_> {
        PullRows {
            offsets: &self.offsets,
            src: &self.src,
            weight: &self.weight,
        }
    }
}

/// Row access shared by the out- and in-adjacency.
pub(crate) trait Rows: Sync {
    /// Calls `f(neighbour, weight)` for every entry of row `i`.
    fn each(&self, i: usize, f: impl FnMut(usize, f64));
    /// Number of entries of row `i`.
    fn len_of(&self, i: usize) -> usize;
}

impl Rows for Csr {
    #[inline]
    fn each(&self, i: usize, mut f: impl FnMut(usize, f64)) {
        for a in self.row(i) {
            f(a.target as usize, a.weight);
        }
    }
    #[inline]
    fn len_of(&self, i: usize) -> usize {
        self.degree(i)
    }
}

impl Rows for InAdj {
    #[inline]
    fn each(&self, i: usize, mut f: impl FnMut(usize, f64)) {
        let r = self.range(i);
        for (s, w) in self.src[r.clone()].iter().zip(&self.weight[r]) {
            f(*s as usize, *w);
        }
    }
    #[inline]
    fn len_of(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }
}

/// Chunk length of the deterministic parallel reductions.
const SUM_CHUNK: usize = 4096;

/// Sum of `f(i)` for `i` in `0..n`, in parallel but always added in the same order.
pub(crate) fn det_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    if n <= SUM_CHUNK {
        return (0..n).map(&f).sum();
    }
    let parts: Vec<f64> = (0..n.div_ceil(SUM_CHUNK))
        .into_par_iter()
        .map(|c| (c * SUM_CHUNK..((c + 1) * SUM_CHUNK).min(n)).map(&f).sum())
        .collect();
    parts.into_iter().sum()
}

/// Runs `f(first, chunk)` on the consecutive chunks of [`SUM_CHUNK`] entries of `out` (the
/// first starting at index `first`), in parallel, and leaves their results in `parts`, in
/// chunk order.
///
/// A per-node pass that also reduces (a residual, a norm) returns its chunk's partial sum,
/// summed from the chunk's first node to its last; the caller adds `parts` in order. The
/// chunks and both orders are fixed, so the result has the same bits on any number of threads,
/// and the same bits as [`det_sum`] over the same terms.
pub(crate) fn det_pass<R: Send>(
    out: &mut [f64],
    parts: &mut Vec<R>,
    f: impl Fn(usize, &mut [f64]) -> R + Sync + Send,
) {
    out.par_chunks_mut(SUM_CHUNK)
        .enumerate()
        .map(|(c, chunk)| f(c * SUM_CHUNK, chunk))
        .collect_into_vec(parts);
}

/// Minimum items per rayon task in the per-node loops.
pub(crate) const MIN_LEN: usize = 512;

pub(crate) fn no_convergence(
    what: &str,
    it: &Iterated,
    tolerance: f64,
    hint: impl Into<String>,
) -> Error {
    Error::NoConvergence {
        what: what.to_string(),
        iterations: it.iterations,
        residual: it.residual,
        tolerance,
        hint: hint.into(),
    }
}

pub(crate) const ITER_HINT: &str =
    "raise `max_iter`, or loosen `tol` (the default 1e-12 is far tighter than NetworkX's 1e-6)";

fn check_alpha_pagerank(alpha: f64) -> Result<()> {
    if !(0.0..=1.0).contains(&alpha) {
        return Err(Error::param(
            Param::Damping,
            format!("pagerank's damping factor must be in [0, 1], not {alpha}"),
            Some("the usual value is 0.85 (the default)"),
        ));
    }
    Ok(())
}

/// Checks a personalization vector: `n` finite weights >= 0 with a positive sum.
fn check_personalization(p: &[f64], n: usize) -> Result<()> {
    if p.len() != n {
        return Err(Error::param(
            Param::Personalization,
            format!("{} weights for {n} nodes", p.len()),
            None,
        ));
    }
    if let Some(w) = p.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
        return Err(Error::param(
            Param::Personalization,
            format!("weight {w} is not a finite number >= 0"),
            None,
        ));
    }
    if p.iter().sum::<f64>() <= 0.0 {
        return Err(Error::param(
            Param::Personalization,
            "the weights sum to 0",
            Some("give at least one node a positive weight, e.g. `personalization` openai=1"),
        ));
    }
    Ok(())
}

/// Computes one measure on `view` with `params`.
///
/// # Errors
/// [`Error::InvalidParameter`] for parameters out of their domain, [`Error::NoConvergence`]
/// when an iterative measure does not converge within `params.convergence.max_iter`.
pub fn compute(view: &View<'_>, measure: Measure, params: &Params) -> Result<Scores> {
    let conv = params.convergence;
    let done = |values: Vec<f64>| Scores {
        measure,
        values: values.into(),
        iterations: None,
        alpha: None,
    };
    let iterated = |it: Iterated, alpha: Option<f64>| Scores {
        measure,
        values: it.scores.into(),
        iterations: Some(it.iterations),
        alpha,
    };
    Ok(match measure {
        Measure::InDegree => done(degree::in_degree(view)),
        Measure::OutDegree => done(degree::out_degree(view)),
        Measure::InStrength => done(degree::in_strength(view)),
        Measure::OutStrength => done(degree::out_strength(view)),
        Measure::Pagerank => {
            let alpha = params.alpha.unwrap_or(DEFAULT_PAGERANK_ALPHA);
            iterated(
                pagerank::pagerank(view, alpha, params.personalization.as_deref(), conv)?,
                Some(alpha),
            )
        }
        Measure::Eigenvector => iterated(eigenvector::eigenvector(view, conv)?, None),
        Measure::Katz => {
            conv.check()?;
            let alpha = params.alpha.unwrap_or_else(|| katz::default_alpha(view));
            iterated(
                katz::katz(view, alpha, params.beta.unwrap_or(DEFAULT_KATZ_BETA), conv)?,
                Some(alpha),
            )
        }
        Measure::Hubs | Measure::Authorities => {
            let h = hits::hits(view, conv)?;
            Scores {
                measure,
                values: if measure == Measure::Hubs {
                    h.hubs.into()
                } else {
                    h.authorities.into()
                },
                iterations: Some(h.iterations),
                alpha: None,
            }
        }
        Measure::Betweenness => done(match params.sampling {
            Some(s) => sampled::betweenness(view, params.weighted, s)?,
            None => paths::betweenness(view, params.weighted),
        }),
        Measure::Closeness => done(paths::closeness(view, params.weighted)),
        Measure::Harmonic => done(paths::harmonic(view, params.weighted)),
    })
}

/// Computes several measures on one view; HITS runs once for hubs and authorities. A measure
/// that fails (e.g. Katz diverging) gives its error without stopping the others.
///
/// `params.alpha` is used by both PageRank and Katz when given; pass `None` for their own
/// defaults.
pub fn compute_many(
    view: &View<'_>,
    measures: &[Measure],
    params: &Params,
) -> Vec<(Measure, Result<Scores>)> {
    let mut hits_result: Option<Result<hits::Hits>> = None;
    measures
        .iter()
        .map(|&m| {
            let r = match m {
                Measure::Hubs | Measure::Authorities => {
                    let h = hits_result.get_or_insert_with(|| hits::hits(view, params.convergence));
                    match h {
                        Ok(h) => Ok(Scores {
                            measure: m,
                            values: if m == Measure::Hubs {
                                h.hubs.clone().into()
                            } else {
                                h.authorities.clone().into()
                            },
                            iterations: Some(h.iterations),
                            alpha: None,
                        }),
                        Err(e) => Err(e.duplicate()),
                    }
                }
                _ => compute(view, m, params),
            };
            (m, r)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small graphs with known centralities.
    use crate::model::Csr;

    /// A CSR from `(from, to, weight)` triples on `n` nodes.
    pub fn csr(n: usize, edges: &[(u32, u32, f64)]) -> Csr {
        Csr::from_triples(n, edges.len(), |e| edges[e])
    }

    /// Directed cycle 0 -> 1 -> ... -> n-1 -> 0 with unit weights.
    pub fn cycle(n: usize) -> Csr {
        let e: Vec<_> = (0..n as u32)
            .map(|i| (i, (i + 1) % n as u32, 1.0))
            .collect();
        csr(n, &e)
    }

    /// Complete digraph on `n` nodes, unit weights.
    pub fn complete(n: usize) -> Csr {
        let mut e = Vec::new();
        for i in 0..n as u32 {
            for j in 0..n as u32 {
                if i != j {
                    e.push((i, j, 1.0));
                }
            }
        }
        csr(n, &e)
    }

    /// Star with leaves 1..n pointing at the centre 0.
    pub fn in_star(n: usize) -> Csr {
        let e: Vec<_> = (1..n as u32).map(|i| (i, 0, 1.0)).collect();
        csr(n, &e)
    }

    /// A random graph on `n` nodes from `len` edges (parallel edges merged), a quarter of
    /// them into one hub, amounts in [0, 125); nodes without out-edges are left as they fall.
    pub fn random(n: usize, len: usize, seed: u64) -> Csr {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let hub = (next() % n as u64) as u32;
        let t: Vec<(u32, u32, f64)> = (0..len)
            .map(|_| {
                let s = (next() % n as u64) as u32;
                let d = if next() % 4 == 0 {
                    hub
                } else {
                    (next() % n as u64) as u32
                };
                (s, d, (next() % 1000) as f64 / 8.0)
            })
            .collect();
        csr(n, &t)
    }

    /// `f` run on a pool of `threads` threads.
    pub fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(f)
    }

    /// Asserts `a` and `b` agree to `tol` entrywise.
    pub fn assert_close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() <= tol, "entry {i}: {x} vs {y} (tol {tol})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Measure::ALL {
            assert_eq!(Measure::parse(m.name()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.name())
            );
        }
        assert_eq!(Measure::parse("page-rank"), None);
    }

    #[test]
    fn transpose_lists_in_neighbours_sorted() {
        let g = csr(3, &[(2, 0, 1.0), (1, 0, 2.0), (0, 1, 3.0), (0, 1, 1.0)]);
        let v = View::from_csr(&g);
        let mut row = Vec::new();
        v.inc.each(0, |s, w| row.push((s, w)));
        assert_eq!(row, vec![(1, 2.0), (2, 1.0)]);
        row.clear();
        v.inc.each(1, |s, w| row.push((s, w)));
        assert_eq!(row, vec![(0, 4.0)]);
        assert_eq!(v.inc.len_of(2), 0);
    }

    #[test]
    fn det_sum_is_exact_for_integers_and_stable() {
        let n = 3 * SUM_CHUNK + 7;
        assert_eq!(det_sum(n, |i| i as f64), (n * (n - 1) / 2) as f64);
        let f = |i: usize| 1.0 / (i as f64 + 1.0);
        assert_eq!(det_sum(n, f).to_bits(), det_sum(n, f).to_bits());
    }

    #[test]
    fn det_pass_sums_as_det_sum_does() {
        for n in [1, 100, SUM_CHUNK, SUM_CHUNK + 1, 5 * SUM_CHUNK + 3] {
            let f = |i: usize| 1.0 / (i as f64 + 0.7);
            let mut out = vec![0.0; n];
            let mut parts = Vec::new();
            let pass = |out: &mut Vec<f64>, parts: &mut Vec<f64>| {
                det_pass(out, parts, |first, chunk| {
                    let mut s = 0.0;
                    for (i, o) in chunk.iter_mut().enumerate() {
                        *o = f(first + i);
                        s += *o;
                    }
                    s
                });
                parts.iter().sum::<f64>()
            };
            let one = on_threads(1, || pass(&mut out, &mut parts));
            assert_eq!(out, (0..n).map(f).collect::<Vec<_>>());
            let two = on_threads(2, || pass(&mut out, &mut parts));
            assert_eq!(one.to_bits(), two.to_bits(), "n {n}");
            assert_eq!(one.to_bits(), det_sum(n, f).to_bits(), "n {n}");
        }
    }

    #[test]
    fn iterative_measures_are_identical_on_one_and_two_threads() {
        // More nodes than one reduction chunk, so that the chunks run on both threads.
        let g = random(3 * SUM_CHUNK + 11, 12 * SUM_CHUNK, 5);
        let p = Params {
            alpha: None,
            convergence: Convergence {
                max_iter: 100_000,
                tol: 1e-12,
            },
            ..Params::default()
        };
        let run = || {
            let v = View::from_csr(&g);
            [
                Measure::Pagerank,
                Measure::Eigenvector,
                Measure::Katz,
                Measure::Hubs,
                Measure::Authorities,
            ]
            .map(|m| compute(&v, m, &p).map(|s| (s.values, s.iterations)).ok())
        };
        let one = on_threads(1, run);
        let two = on_threads(2, run);
        for (a, b) in one.iter().zip(&two) {
            let (a, b) = (a.as_ref().unwrap(), b.as_ref().unwrap());
            assert_eq!(a.1, b.1);
            assert!(a
                .0
                .iter()
                .zip(b.0.iter())
                .all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }

    #[test]
    fn compute_many_matches_compute() {
        let g = csr(
            5,
            &[
                (0, 1, 1.0),
                (1, 2, 2.0),
                (2, 0, 1.0),
                (2, 3, 0.5),
                (3, 4, 1.0),
                (4, 2, 1.5),
            ],
        );
        let v = View::from_csr(&g);
        let p = Params::default();
        for (m, r) in compute_many(&v, &Measure::ALL, &p) {
            let one = compute(&v, m, &p).unwrap();
            assert_eq!(r.unwrap(), one, "{m}");
        }
    }

    #[test]
    fn bad_convergence_parameters_are_refused() {
        let g = cycle(3);
        let v = View::from_csr(&g);
        let p = Params {
            convergence: Convergence {
                max_iter: 0,
                tol: 1e-12,
            },
            ..Params::default()
        };
        assert!(matches!(
            compute(&v, Measure::Pagerank, &p),
            Err(Error::InvalidParameter { .. })
        ));
        let p = Params {
            convergence: Convergence {
                max_iter: 10,
                tol: -1.0,
            },
            ..Params::default()
        };
        assert!(compute(&v, Measure::Eigenvector, &p).is_err());
    }
}
