//! `graph rank` report.

use std::fmt::Write as _;

use serde::Serialize;

#[cfg(feature = "cli")]
use super::{pct, table};
use crate::analysis::{Ranking, SortBy, SweepRow};
use crate::model::Network;

/// One node in `graph rank --format json`: its id and kind, then the library's row.
#[derive(Debug, Clone, Serialize)]
pub struct RankEntry<'a> {
    /// Node id.
    pub id: &'a str,
    /// 1..N by impact.
    pub rank: usize,
    /// Node kind.
    pub kind: &'a str,
    /// Shock results.
    #[serde(flatten)]
    pub sweep: &'a SweepRow,
    /// PageRank.
    pub pagerank: Option<f64>,
    /// Eigenvector centrality.
    pub eigenvector: Option<f64>,
    /// Betweenness.
    pub betweenness: Option<f64>,
}

/// `graph rank --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct RankReport<'a> {
    /// Model, haircut, threads-independent settings, notes.
    pub parameters: serde_json::Value,
    /// Nodes in the order asked for (`by`, default rank order).
    pub nodes: Vec<RankEntry<'a>>,
}

/// Builds the report, sorted by `by` descending (ties by id; `rank` ascending).
pub fn build<'a>(net: &'a Network, r: &'a Ranking, by: SortBy) -> RankReport<'a> {
    let basis = super::basis::with_basis(net, serde_json::json!({}));
    build_with(&|i| net.id(i), &|i| net.node_kind(i), &basis, r, by)
}

/// [`build`] with the nodes' ids and kinds given by index, and the `basis` (and
/// `overrides`) of the parameters given as an object ([`super::basis::with_basis`] of an
/// empty one): for a ranking rebuilt without its graph (`super::shard`).
pub fn build_with<'a>(
    id: &dyn Fn(usize) -> &'a str,
    kind: &dyn Fn(usize) -> &'a str,
    basis: &serde_json::Value,
    r: &'a Ranking,
    by: SortBy,
) -> RankReport<'a> {
    let nodes = r
        .sorted_by_id(id, by)
        .into_iter()
        .map(|x| RankEntry {
            id: id(x.node.index()),
            rank: x.rank,
            kind: kind(x.node.index()),
            sweep: &x.sweep,
            pagerank: x.pagerank,
            eigenvector: x.eigenvector,
            betweenness: x.betweenness,
        })
        .collect();
    let mut parameters = serde_json::json!({
        "model": r.model.name(),
        "haircut": r.haircut.get(),
        "tolerance": r.tolerance,
        "by": by.name(),
        "notes": r.notes,
        "betweenness_samples": r.betweenness_sampling.map(|s| s.samples),
        "betweenness_seed": r.betweenness_sampling.map(|s| s.seed),
    });
    if let (Some(p), Some(b)) = (parameters.as_object_mut(), basis.as_object()) {
        p.extend(b.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    RankReport { parameters, nodes }
}

/// CSV with the JSON field names.
pub fn to_csv(rep: &RankReport<'_>) -> String {
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
    // Each figure is formatted into one reused buffer (a million rows made eleven strings
    // each before): the same text as `to_string`.
    let mut buf = String::new();
    let mut field = |w: &mut csv::Writer<Vec<u8>>, v: Option<&dyn std::fmt::Display>| {
        buf.clear();
        if let Some(v) = v {
            write!(buf, "{v}").expect("writing to a String");
        }
        w.write_field(&buf).expect("csv");
    };
    for e in &rep.nodes {
        let s = &e.sweep;
        let figures: [Option<&dyn std::fmt::Display>; 11] = [
            Some(&e.id),
            Some(&e.rank),
            Some(&e.kind),
            Some(&s.impact),
            Some(&s.total_loss),
            Some(&s.distressed),
            Some(&s.defaulted),
            Some(&s.vulnerability),
            e.pagerank.as_ref().map(|x| x as &dyn std::fmt::Display),
            e.eigenvector.as_ref().map(|x| x as &dyn std::fmt::Display),
            e.betweenness.as_ref().map(|x| x as &dyn std::fmt::Display),
        ];
        for f in figures {
            field(&mut w, f);
        }
        w.write_record(std::iter::empty::<&[u8]>()).expect("csv");
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
}

/// The table.
#[cfg(feature = "cli")]
pub fn to_table(net: &Network, rep: &RankReport<'_>, r: &Ranking, top: usize) -> String {
    to_table_with(&super::basis::label(net), rep, r, top)
}

/// [`to_table`] with [`super::basis::label`] given (for a ranking rebuilt without its graph).
#[cfg(feature = "cli")]
pub fn to_table_with(basis_label: &str, rep: &RankReport<'_>, r: &Ranking, top: usize) -> String {
    let mut out = format!(
        "Systemic importance: each node alone loses {} of its value (model {}, {}); sorted by {}\n",
        pct(r.haircut.get()),
        r.model.name(),
        basis_label,
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
    let opt = |x: Option<f64>| x.map_or_else(|| "-".into(), |v| format!("{v:.4}"));
    for e in rep.nodes.iter().take(top) {
        t.add_row(vec![
            e.rank.to_string(),
            e.id.to_string(),
            e.kind.to_string(),
            pct(e.sweep.impact),
            e.sweep.distressed.to_string(),
            e.sweep.defaulted.to_string(),
            pct(e.sweep.vulnerability),
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
