//! `graph concentration` as JSON, CSV and tables.

use serde::Serialize;

#[cfg(feature = "cli")]
use super::{num, pct, table};
use crate::analysis::{GroupConcentration, NodeConcentration};
use crate::model::Network;

/// One node's row of `graph concentration --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct ConcentrationEntry {
    /// Node id.
    pub id: String,
    /// Node kind.
    pub kind: String,
    /// Total claims.
    pub claims: f64,
    /// Distinct counterparties.
    pub counterparties: usize,
    /// Largest counterparty.
    pub largest: Option<String>,
    /// Its share of the claims.
    pub largest_share: f64,
    /// Herfindahl–Hirschman index.
    pub hhi: f64,
}

/// `graph concentration --format json` (serialise it inside [`crate::model::Named`]).
#[derive(Debug, Clone, Serialize)]
pub struct ConcentrationReport<'a> {
    /// Edge kinds counted (empty = all).
    pub kinds: Vec<String>,
    /// Every node, by largest share descending.
    pub nodes: Vec<ConcentrationEntry>,
    /// The group figure, with `--holders` and `--on`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<&'a GroupConcentration>,
}

/// Builds the concentration report.
pub fn concentration<'a>(
    net: &Network,
    kinds: Vec<String>,
    rows: &[NodeConcentration],
    group: Option<&'a GroupConcentration>,
) -> ConcentrationReport<'a> {
    let id = |i| net.id(i).to_string();
    ConcentrationReport {
        kinds,
        nodes: rows
            .iter()
            .map(|r| ConcentrationEntry {
                id: id(r.node),
                kind: net.node_kind(r.node).to_string(),
                claims: r.claims,
                counterparties: r.counterparties,
                largest: r.largest.map(id),
                largest_share: r.largest_share,
                hhi: r.hhi,
            })
            .collect(),
        group,
    }
}

/// CSV: the per-node rows (or the per-holder rows when a group is given).
pub fn concentration_csv(net: &Network, rep: &ConcentrationReport<'_>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    if let Some(g) = &rep.group {
        w.write_record([
            "id",
            "on",
            "total",
            "share",
            "backlog",
            "backlog_date",
            "share_of_backlog",
        ])
        .expect("csv");
        for h in &g.holders {
            w.write_record([
                net.id(h.node).to_string(),
                h.on.to_string(),
                h.total.to_string(),
                h.share.to_string(),
                opt(h.backlog),
                h.backlog_date.clone().unwrap_or_default(),
                opt(h.share_of_backlog),
            ])
            .expect("csv");
        }
    } else {
        w.write_record([
            "id",
            "kind",
            "claims",
            "counterparties",
            "largest",
            "largest_share",
            "hhi",
        ])
        .expect("csv");
        for r in &rep.nodes {
            w.write_record([
                r.id.clone(),
                r.kind.clone(),
                r.claims.to_string(),
                r.counterparties.to_string(),
                r.largest.clone().unwrap_or_default(),
                r.largest_share.to_string(),
                r.hhi.to_string(),
            ])
            .expect("csv");
        }
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
}

/// The concentration tables.
#[cfg(feature = "cli")]
pub fn concentration_table(net: &Network, rep: &ConcentrationReport<'_>, top: usize) -> String {
    let unit = match net.meta().unit_label() {
        u if u.is_empty() => String::new(),
        u => format!("; {u}"),
    };
    let kinds = if rep.kinds.is_empty() {
        "all kinds".to_string()
    } else {
        rep.kinds.join(", ")
    };
    let mut out = String::new();
    if let Some(g) = rep.group {
        let ids = |v: &mut dyn Iterator<Item = crate::NodeId>| -> Vec<&str> {
            v.map(|i| net.id(i)).collect()
        };
        let holders = ids(&mut g.holders.iter().map(|h| h.node));
        let on = ids(&mut g.on.iter().copied());
        out.push_str(&format!(
            "Claims ({kinds}{unit}) of {} on {}:\n",
            holders.join(", "),
            on.join(", ")
        ));
        let mut t = table(
            &[
                "holder",
                "on them",
                "all claims",
                "share",
                "backlog",
                "as of",
                "share of backlog",
            ],
            &[1, 2, 3, 4, 6],
        );
        for h in &g.holders {
            t.add_row(vec![
                net.id(h.node).to_string(),
                num(h.on),
                num(h.total),
                pct(h.share),
                h.backlog.map_or_else(|| "-".into(), num),
                h.backlog_date.clone().unwrap_or_else(|| "-".into()),
                h.share_of_backlog.map_or_else(|| "-".into(), pct),
            ]);
        }
        t.add_row(vec![
            "total".to_string(),
            num(g.claims_on),
            num(g.claims_total),
            pct(g.share),
            g.backlog.map_or_else(|| "-".into(), num),
            String::new(),
            g.share_of_backlog.map_or_else(|| "-".into(), pct),
        ]);
        out.push_str(&format!("{t}\n"));
        if let Some(s) = g.share_of_backlog {
            out.push_str(&format!(
                "{} account for {} of the holders' combined recorded backlog ({} of {}{}); backlog figures and their sources are node attributes of the graph (`backlog`).\n",
                on.join(" and "),
                pct(s),
                num(g.claims_on),
                num(g.backlog.unwrap_or(0.0)),
                match net.meta().unit_label() {
                    u if u.is_empty() => String::new(),
                    u => format!(" {u}"),
                }
            ));
        }
        return out;
    }
    out.push_str(&format!(
        "Concentration of each node's claims ({kinds}{unit}): largest counterparty's share and HHI\n"
    ));
    let mut t = table(
        &[
            "node",
            "kind",
            "claims",
            "counterparties",
            "largest",
            "share",
            "HHI",
        ],
        &[2, 3, 5, 6],
    );
    for r in rep.nodes.iter().filter(|r| r.claims > 0.0).take(top) {
        t.add_row(vec![
            r.id.clone(),
            r.kind.clone(),
            num(r.claims),
            r.counterparties.to_string(),
            r.largest.clone().unwrap_or_default(),
            pct(r.largest_share),
            format!("{:.3}", r.hhi),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    let without = rep.nodes.iter().filter(|r| r.claims == 0.0).count();
    if without > 0 {
        out.push_str(&format!("{without} nodes hold no claims.\n"));
    }
    out
}
