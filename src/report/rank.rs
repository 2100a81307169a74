//! `graph rank` report.

use serde::Serialize;

use super::{pct, table};
use crate::model::Network;
use crate::rank::Ranking;

/// One node in `graph rank --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct RankEntry {
    /// Node id.
    pub id: String,
    /// 1..N by impact.
    pub rank: usize,
    /// Node kind.
    pub kind: String,
    /// Shock impact when this node alone gets the haircut.
    pub impact: f64,
    /// Total loss of that shock.
    pub total_loss: f64,
    /// Other nodes it pushes into distress.
    pub distressed: usize,
    /// Other nodes it pushes into default.
    pub defaulted: usize,
    /// Mean distress it suffers over the other nodes' shocks.
    pub vulnerability: f64,
    /// PageRank.
    pub pagerank: Option<f64>,
    /// Eigenvector centrality.
    pub eigenvector: Option<f64>,
    /// Betweenness.
    pub betweenness: Option<f64>,
}

/// `graph rank --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct RankReport {
    /// Model, haircut, threads-independent settings, notes.
    pub parameters: serde_json::Value,
    /// Nodes in the order asked for (`--by`, default rank order).
    pub nodes: Vec<RankEntry>,
}

/// Columns `--by` accepts.
pub const SORT_COLUMNS: [&str; 9] = [
    "rank",
    "impact",
    "total_loss",
    "distressed",
    "defaulted",
    "vulnerability",
    "pagerank",
    "eigenvector",
    "betweenness",
];

fn key(e: &RankEntry, by: &str) -> f64 {
    match by {
        "impact" => e.impact,
        "total_loss" => e.total_loss,
        "distressed" => e.distressed as f64,
        "defaulted" => e.defaulted as f64,
        "vulnerability" => e.vulnerability,
        "pagerank" => e.pagerank.unwrap_or(f64::NEG_INFINITY),
        "eigenvector" => e.eigenvector.unwrap_or(f64::NEG_INFINITY),
        "betweenness" => e.betweenness.unwrap_or(f64::NEG_INFINITY),
        _ => -(e.rank as f64),
    }
}

/// Builds the report, sorted by `by` descending (ties by id; `rank` ascending).
pub fn build(net: &Network, r: &Ranking, by: &str) -> RankReport {
    let mut nodes: Vec<RankEntry> = r
        .rows
        .iter()
        .map(|x| RankEntry {
            id: net.id(x.node as usize).to_string(),
            rank: x.rank,
            kind: net.node_kind(x.node as usize).to_string(),
            impact: x.sweep.impact,
            total_loss: x.sweep.total_loss,
            distressed: x.sweep.distressed,
            defaulted: x.sweep.defaulted,
            vulnerability: x.sweep.vulnerability,
            pagerank: x.pagerank,
            eigenvector: x.eigenvector,
            betweenness: x.betweenness,
        })
        .collect();
    nodes.sort_by(|a, b| {
        key(b, by)
            .total_cmp(&key(a, by))
            .then_with(|| a.id.cmp(&b.id))
    });
    RankReport {
        parameters: serde_json::json!({
            "model": r.model.name(),
            "haircut": r.haircut,
            "tolerance": r.tolerance,
            "by": by,
            "notes": r.notes,
        }),
        nodes,
    }
}

/// CSV with the JSON field names.
pub fn to_csv(rep: &RankReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "rank",
        "kind",
        "impact",
        "total_loss",
        "distressed",
        "defaulted",
        "vulnerability",
        "pagerank",
        "eigenvector",
        "betweenness",
    ])
    .expect("csv");
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for e in &rep.nodes {
        w.write_record([
            e.id.clone(),
            e.rank.to_string(),
            e.kind.clone(),
            e.impact.to_string(),
            e.total_loss.to_string(),
            e.distressed.to_string(),
            e.defaulted.to_string(),
            e.vulnerability.to_string(),
            opt(e.pagerank),
            opt(e.eigenvector),
            opt(e.betweenness),
        ])
        .expect("csv");
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
}

/// The table.
pub fn to_table(rep: &RankReport, r: &Ranking, top: usize) -> String {
    let mut out = format!(
        "Systemic importance: each node alone loses {} of its value (model {}); sorted by {}\n",
        pct(r.haircut),
        r.model.name(),
        rep.parameters["by"].as_str().unwrap_or("rank")
    );
    let mut t = table(
        &[
            "rank",
            "node",
            "kind",
            "impact",
            "distressed",
            "defaulted",
            "vulnerability",
            "pagerank",
            "eigenvector",
            "betweenness",
        ],
        &[0, 3, 4, 5, 6, 7, 8, 9],
    );
    let opt = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_else(|| "-".into());
    for e in rep.nodes.iter().take(top) {
        t.add_row(vec![
            e.rank.to_string(),
            e.id.clone(),
            e.kind.clone(),
            pct(e.impact),
            e.distressed.to_string(),
            e.defaulted.to_string(),
            pct(e.vulnerability),
            opt(e.pagerank),
            opt(e.eigenvector),
            opt(e.betweenness),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    if rep.nodes.len() > top {
        out.push_str(&format!(
            "... {} more nodes (use --top N or --format csv)\n",
            rep.nodes.len() - top
        ));
    }
    out.push_str(
        "impact: value-weighted share of the system lost through the network when the node fails; distressed/defaulted: other nodes it pushes into distress/default; vulnerability: mean distress it suffers when each other node fails.\n",
    );
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}
