//! Systemic importance of every node: `graph rank`.
//!
//! Combines the all-node shock sweep ([`super::impact`]) with centralities of the graph as
//! written ([`crate::centrality`]):
//! - `impact`: the shock `impact` (`docs/model.md#totals`) when the node alone gets the haircut
//!   (default 1, a full default) under the chosen model: DebtRank's R when the model is
//!   DebtRank (Battiston et al. 2012; Bardoscia et al. 2015);
//! - `distressed`, `defaulted`: other nodes it pushes into distress / default;
//! - `vulnerability`: the mean distress it suffers over the single-node shocks of all others;
//! - `total_loss` of its shock;
//! - `pagerank`, `eigenvector`, `betweenness` (NetworkX conventions, see `docs/centrality.md`).
//!   Exact betweenness is O(V E); above [`BETWEENNESS_LIMIT`] nodes it is estimated from
//!   [`betweenness_samples`] source pivots (Brandes & Pich 2007, [`centrality::sampled`], seed
//!   [`centrality::sampled::DEFAULT_SEED`]) and the parameters and notes say so. A centrality that fails (e.g. eigenvector on a graph without
//!   cycles) is null with the reason in the notes.
//!
//! `rank` numbers the nodes 1..N by impact, descending, ties by id.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::impact::{self, SweepRow};
use crate::centrality::sampled::Sampling;
use crate::centrality::{self, Measure, View};
use crate::error::Result;
use crate::model::{Network, NodeId};
use crate::shock::{Haircut, Model, Params};

/// Exact betweenness is computed up to this many nodes; above, it is sampled.
pub const BETWEENNESS_LIMIT: usize = 20_000;

/// Fewest pivots of the sampled betweenness of a ranking.
pub const MIN_BETWEENNESS_SAMPLES: usize = 64;

/// Pivots of the sampled betweenness of a ranking on `n` > [`BETWEENNESS_LIMIT`] nodes:
/// `ceil(L^2 / n)` with L the limit, at least [`MIN_BETWEENNESS_SAMPLES`].
///
/// Why: Brandes' algorithm costs one search, O(E), per source. The exact betweenness at the
/// limit costs L searches on a graph of L nodes, about L * d * L edge visits with d the mean
/// degree; K pivots on n nodes of the same mean degree cost K * d * n. Equal cost gives
/// K = L^2 / n: 20,000 pivots just above the limit, 400 at 1M nodes, 40 at 10M (raised to 64,
/// where the all-node shock sweep of the ranking costs far more anyway). The relative error of
/// a node's estimate shrinks like 1/sqrt(K) (`docs/centrality.md`, "Sampled betweenness").
#[must_use]
pub fn betweenness_samples(n: usize) -> usize {
    let l = BETWEENNESS_LIMIT as u128;
    let k = (l * l).div_ceil(n.max(1) as u128);
    (k.min(n as u128) as usize).max(MIN_BETWEENNESS_SAMPLES)
}

/// Whether a ranking computes the centrality columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Centralities {
    /// PageRank, eigenvector and betweenness (exact up to [`BETWEENNESS_LIMIT`] nodes, sampled
    /// above).
    #[default]
    Include,
    /// Only the shock columns.
    Skip,
}

/// The column a ranking is listed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Rank order (impact descending, ties by id).
    #[default]
    Rank,
    /// Impact.
    Impact,
    /// Total loss.
    TotalLoss,
    /// Other nodes pushed into distress.
    Distressed,
    /// Other nodes pushed into default.
    Defaulted,
    /// Vulnerability.
    Vulnerability,
    /// PageRank.
    Pagerank,
    /// Eigenvector centrality.
    Eigenvector,
    /// Betweenness.
    Betweenness,
}

impl SortBy {
    /// Every column, in the order of the output.
    pub const ALL: [SortBy; 9] = [
        SortBy::Rank,
        SortBy::Impact,
        SortBy::TotalLoss,
        SortBy::Distressed,
        SortBy::Defaulted,
        SortBy::Vulnerability,
        SortBy::Pagerank,
        SortBy::Eigenvector,
        SortBy::Betweenness,
    ];

    /// The column's name (as in the JSON and CSV output).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            SortBy::Rank => "rank",
            SortBy::Impact => "impact",
            SortBy::TotalLoss => "total_loss",
            SortBy::Distressed => "distressed",
            SortBy::Defaulted => "defaulted",
            SortBy::Vulnerability => "vulnerability",
            SortBy::Pagerank => "pagerank",
            SortBy::Eigenvector => "eigenvector",
            SortBy::Betweenness => "betweenness",
        }
    }

    /// The sort key of a row: larger first (rank: smaller first).
    fn key(self, r: &RankRow) -> f64 {
        let opt = |x: Option<f64>| x.unwrap_or(f64::NEG_INFINITY);
        match self {
            SortBy::Rank => -(r.rank as f64),
            SortBy::Impact => r.sweep.impact,
            SortBy::TotalLoss => r.sweep.total_loss,
            SortBy::Distressed => r.sweep.distressed as f64,
            SortBy::Defaulted => r.sweep.defaulted as f64,
            SortBy::Vulnerability => r.sweep.vulnerability,
            SortBy::Pagerank => opt(r.pagerank),
            SortBy::Eigenvector => opt(r.eigenvector),
            SortBy::Betweenness => opt(r.betweenness),
        }
    }
}

impl fmt::Display for SortBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SortBy {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<SortBy, String> {
        SortBy::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| format!("unknown column `{s}`"))
    }
}

/// One node's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankRow {
    /// The node.
    #[serde(rename = "id")]
    pub node: NodeId,
    /// 1..N by impact.
    pub rank: usize,
    /// Shock results.
    #[serde(flatten)]
    pub sweep: SweepRow,
    /// PageRank.
    pub pagerank: Option<f64>,
    /// Eigenvector centrality.
    pub eigenvector: Option<f64>,
    /// Betweenness.
    pub betweenness: Option<f64>,
}

/// The ranking.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// Model of the sweep.
    pub model: Model,
    /// Haircut of each single-node shock.
    pub haircut: Haircut,
    /// DebtRank tolerance used.
    pub tolerance: f64,
    /// Rows in rank order.
    pub rows: Vec<RankRow>,
    /// Remarks (skipped, failed or sampled columns).
    pub notes: Vec<String>,
    /// The pivots and seed of the betweenness column when it is sampled (`None`: exact or not
    /// computed).
    pub betweenness_sampling: Option<Sampling>,
}

/// Ranks every node. `progress` receives the number of shocks done.
///
/// # Errors
/// As [`impact::sweep`].
pub fn rank(
    net: &Network,
    model: Model,
    haircut: Haircut,
    params: &Params,
    centralities: Centralities,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Ranking> {
    let rows = impact::sweep(net, model, haircut, params, progress)?;
    let columns = centrality_columns(net, centralities);
    Ok(assemble(
        model,
        haircut,
        params.tolerance(),
        &rows,
        columns,
        &|i| net.id(i),
    ))
}

/// The centrality columns of a ranking, computed on the whole graph, and the notes on them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CentralityColumns {
    /// PageRank per node (by index); `None` when not computed or failed.
    pub pagerank: Option<Vec<f64>>,
    /// Eigenvector centrality per node.
    pub eigenvector: Option<Vec<f64>>,
    /// Betweenness per node.
    pub betweenness: Option<Vec<f64>>,
    /// Remarks: sampled or failed columns.
    pub notes: Vec<String>,
    /// The pivots and seed of a sampled betweenness.
    pub betweenness_sampling: Option<Sampling>,
}

/// PageRank, eigenvector and betweenness of every node (none with [`Centralities::Skip`]); a
/// measure that fails is `None` with the reason in the notes.
#[must_use]
pub fn centrality_columns(net: &Network, centralities: Centralities) -> CentralityColumns {
    let n = net.node_count();
    let mut out = CentralityColumns::default();
    if centralities == Centralities::Skip {
        return out;
    }
    let view = View::new(net);
    let mut cp = centrality::Params::default();
    if n > BETWEENNESS_LIMIT {
        let s = Sampling::new(betweenness_samples(n));
        cp.sampling = Some(s);
        out.betweenness_sampling = Some(s);
        out.notes.push(format!(
            "betweenness sampled: estimated from {} source pivots (seed {}; Brandes & Pich 2007, scaled as NetworkX's k=), as exact Brandes betweenness is O(V E) and the graph has {n} nodes (limit {BETWEENNESS_LIMIT}); `graph centrality --measure betweenness` computes it exactly",
            s.samples, s.seed
        ));
    }
    let measures = [
        Measure::Pagerank,
        Measure::Eigenvector,
        Measure::Betweenness,
    ];
    for (k, (m, r)) in centrality::compute_many(&view, &measures, &cp)
        .into_iter()
        .enumerate()
    {
        match r {
            Ok(s) => {
                let v = Some(s.values.into_vec());
                match k {
                    0 => out.pagerank = v,
                    1 => out.eigenvector = v,
                    _ => out.betweenness = v,
                }
            }
            Err(e) => out.notes.push(format!("{} left out: {e}", m.name())),
        }
    }
    out
}

/// The ranking from the sweep's rows (one per node, by index) and the centrality columns:
/// rank 1..N by impact, descending, ties by `id`.
#[must_use]
pub fn assemble<'a>(
    model: Model,
    haircut: Haircut,
    tolerance: f64,
    rows: &[SweepRow],
    columns: CentralityColumns,
    id: &dyn Fn(usize) -> &'a str,
) -> Ranking {
    let n = rows.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        rows[b]
            .impact
            .total_cmp(&rows[a].impact)
            .then_with(|| id(a).cmp(id(b)))
    });
    let col = |c: &Option<Vec<f64>>, i: usize| c.as_ref().map(|v| v[i]);
    let ranked = order
        .iter()
        .enumerate()
        .map(|(pos, &i)| RankRow {
            node: NodeId::new(i),
            rank: pos + 1,
            sweep: rows[i],
            pagerank: col(&columns.pagerank, i),
            eigenvector: col(&columns.eigenvector, i),
            betweenness: col(&columns.betweenness, i),
        })
        .collect();
    Ranking {
        model,
        haircut,
        tolerance,
        rows: ranked,
        notes: columns.notes,
        betweenness_sampling: columns.betweenness_sampling,
    }
}

impl Ranking {
    /// The rows by `by`, descending (rank: ascending), ties by id.
    #[must_use]
    pub fn sorted(&self, net: &Network, by: SortBy) -> Vec<&RankRow> {
        self.sorted_by_id(&|i| net.id(i), by)
    }

    /// [`Ranking::sorted`] with the node ids given by `id` (by node index), for a ranking
    /// rebuilt without its graph (`super::shard`).
    #[must_use]
    pub fn sorted_by_id<'a>(&self, id: &dyn Fn(usize) -> &'a str, by: SortBy) -> Vec<&RankRow> {
        let mut rows: Vec<&RankRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| {
            by.key(b)
                .total_cmp(&by.key(a))
                .then_with(|| id(a.node.index()).cmp(id(b.node.index())))
        });
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    #[test]
    fn ranks_by_impact_with_ties_by_id() {
        // Star: hub owes each leaf 5; leaves owe nothing. Buffers 10.
        let net = graph(
            &[("hub", 10.0), ("b", 10.0), ("a", 10.0)],
            &[("hub", "a", 5.0), ("hub", "b", 5.0)],
        );
        let r = rank(
            &net,
            Model::DebtRank,
            Haircut::FULL,
            &Params::default(),
            Centralities::Include,
            &|_| {},
        )
        .unwrap();
        let ids: Vec<&str> = r.rows.iter().map(|x| net.id(x.node)).collect();
        // hub first (impact (5 + 5) / 30), then a and b tied at 0, by id.
        assert_eq!(ids, ["hub", "a", "b"]);
        assert_eq!(r.rows[0].rank, 1);
        assert!((r.rows[0].sweep.impact - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(r.rows[0].sweep.distressed, 2);
        // Each leaf suffers 0.5 in one of the two other shocks: vulnerability 0.25.
        assert_eq!(r.rows[1].sweep.vulnerability, 0.25);
        assert!(r.rows[0].pagerank.is_some());
    }

    #[test]
    fn sample_size_matches_the_exact_cost_at_the_limit() {
        assert_eq!(betweenness_samples(BETWEENNESS_LIMIT + 1), 20_000);
        assert_eq!(betweenness_samples(1_000_000), 400);
        assert_eq!(betweenness_samples(10_000_000), MIN_BETWEENNESS_SAMPLES);
    }

    #[test]
    fn betweenness_is_sampled_above_the_limit() {
        // A 3-node chain a -> b -> c among isolated nodes, one more than the limit.
        let n = BETWEENNESS_LIMIT + 1;
        let ids: Vec<String> = (0..n).map(|i| format!("n{i:05}")).collect();
        let nodes: Vec<(&str, f64)> = ids.iter().map(|s| (s.as_str(), 10.0)).collect();
        let net = graph(
            &nodes,
            &[("n00000", "n00001", 5.0), ("n00001", "n00002", 5.0)],
        );
        let r = rank(
            &net,
            Model::DebtRank,
            Haircut::FULL,
            &Params::default(),
            Centralities::Include,
            &|_| {},
        )
        .unwrap();
        let s = r.betweenness_sampling.expect("sampled");
        assert_eq!(s.samples, betweenness_samples(n));
        assert!(r.notes.iter().any(|x| x.starts_with("betweenness sampled")));
        let b = |id: &str| {
            r.rows
                .iter()
                .find(|x| net.id(x.node) == id)
                .unwrap()
                .betweenness
                .unwrap()
        };
        // Only b lies on a path; the estimate is the exact value scaled by the sample.
        let pivots = centrality::sampled::pivots(n, s);
        let exact = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
        let want = if pivots.contains(&0) {
            exact * (n as f64 - 1.0) / (s.samples as f64 - f64::from(u8::from(pivots.contains(&1))))
        } else {
            0.0
        };
        assert!((b("n00001") - want).abs() <= 1e-15 * want.max(1e-300));
        assert_eq!(b("n00000"), 0.0);
        assert_eq!(b("n00003"), 0.0);
    }
}
