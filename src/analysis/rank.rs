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
//!   Exact betweenness is O(V E); above [`BETWEENNESS_LIMIT`] nodes it is left out (null) and
//!   the parameters say so. A centrality that fails (e.g. eigenvector on a graph without
//!   cycles) is null with the reason in the notes.
//!
//! `rank` numbers the nodes 1..N by impact, descending, ties by id.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::impact::{self, SweepRow};
use crate::centrality::{self, Measure, View};
use crate::error::Result;
use crate::model::{Network, NodeId};
use crate::shock::{Haircut, Model, Params};

/// Exact betweenness is skipped above this many nodes.
pub const BETWEENNESS_LIMIT: usize = 20_000;

/// Whether a ranking computes the centrality columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Centralities {
    /// PageRank, eigenvector and (up to [`BETWEENNESS_LIMIT`] nodes) betweenness.
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
    /// Remarks (skipped or failed columns).
    pub notes: Vec<String>,
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
    let n = net.node_count();
    let rows = impact::sweep(net, model, haircut, params, progress)?;
    let mut notes = Vec::new();
    let mut columns: [Option<Vec<f64>>; 3] = [None, None, None];
    if centralities == Centralities::Include {
        let view = View::new(net);
        let cp = centrality::Params::default();
        let mut measures = vec![Measure::Pagerank, Measure::Eigenvector];
        if n <= BETWEENNESS_LIMIT {
            measures.push(Measure::Betweenness);
        } else {
            notes.push(format!(
                "betweenness left out: exact Brandes betweenness is O(V E) and the graph has {n} nodes (limit {BETWEENNESS_LIMIT}); `graph centrality --measure betweenness` computes it"
            ));
        }
        for (k, (m, r)) in centrality::compute_many(&view, &measures, &cp)
            .into_iter()
            .enumerate()
        {
            match r {
                Ok(s) => columns[k] = Some(s.values.into_vec()),
                Err(e) => notes.push(format!("{} left out: {e}", m.name())),
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        rows[b]
            .impact
            .total_cmp(&rows[a].impact)
            .then_with(|| net.id(a).cmp(net.id(b)))
    });
    let col = |k: usize, i: usize| columns[k].as_ref().map(|v| v[i]);
    let rows = order
        .iter()
        .enumerate()
        .map(|(pos, &i)| RankRow {
            node: NodeId::new(i),
            rank: pos + 1,
            sweep: rows[i],
            pagerank: col(0, i),
            eigenvector: col(1, i),
            betweenness: col(2, i),
        })
        .collect();
    Ok(Ranking {
        model,
        haircut,
        tolerance: params.tolerance(),
        rows,
        notes,
    })
}

impl Ranking {
    /// The rows by `by`, descending (rank: ascending), ties by id.
    #[must_use]
    pub fn sorted(&self, net: &Network, by: SortBy) -> Vec<&RankRow> {
        let mut rows: Vec<&RankRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| {
            by.key(b)
                .total_cmp(&by.key(a))
                .then_with(|| net.id(a.node).cmp(net.id(b.node)))
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
}
