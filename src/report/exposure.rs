//! `graph exposure` and `graph concentration` reports.

use serde::Serialize;

use super::{num, pct, table};
use crate::concentration::{GroupConcentration, NodeConcentration};
use crate::exposure::Exposure;
use crate::model::Network;

/// One row of `graph exposure --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct ExposureEntry {
    /// Counterparty id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// Direct exposure (graph units).
    pub direct: f64,
    /// Direct exposure over the exposed node's buffer.
    pub direct_leverage: Option<f64>,
    /// Loss in the cascade (graph units).
    pub cascade_loss: f64,
    /// Distress in the cascade.
    pub cascade_distress: f64,
    /// Linear total through all paths (graph units), null when the series diverges.
    pub linear_loss: Option<f64>,
    /// Same in distress units.
    pub linear_distress: Option<f64>,
    /// Main path (ids), with `--paths`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
    /// Product of min(1, Lambda) along the path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_strength: Option<f64>,
}

/// `graph exposure --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct ExposureReport {
    /// The node asked about.
    pub node: String,
    /// `to` (who is exposed to the node) or `from` (what the node is exposed to, `--reverse`).
    pub direction: &'static str,
    /// Cascade model.
    pub model: crate::shock::Model,
    /// Whether the all-paths series converged.
    pub linear_converged: bool,
    /// Its iterations.
    pub linear_iterations: usize,
    /// Rows, by cascade loss descending, then linear loss, direct exposure, id.
    pub rows: Vec<ExposureEntry>,
}

/// Builds the exposure report.
pub fn exposure(net: &Network, e: &Exposure) -> ExposureReport {
    let id = |i: u32| net.id(i as usize).to_string();
    ExposureReport {
        node: id(e.node),
        direction: if e.to_node { "to" } else { "from" },
        model: e.model,
        linear_converged: e.linear_converged,
        linear_iterations: e.linear_iterations,
        rows: e
            .rows
            .iter()
            .map(|r| ExposureEntry {
                id: id(r.node),
                kind: net.node_kind(r.node as usize).to_string(),
                direct: r.direct,
                direct_leverage: r.direct_leverage,
                cascade_loss: r.cascade_loss,
                cascade_distress: r.cascade_distress,
                linear_loss: r.linear_loss,
                linear_distress: r.linear_distress,
                path: r.path.as_ref().map(|p| p.iter().map(|&i| id(i)).collect()),
                path_strength: r.path_strength,
            })
            .collect(),
    }
}

/// CSV of the exposure rows.
pub fn exposure_csv(rep: &ExposureReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "kind",
        "direct",
        "direct_leverage",
        "cascade_loss",
        "cascade_distress",
        "linear_loss",
        "linear_distress",
        "path",
        "path_strength",
    ])
    .expect("csv");
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for r in &rep.rows {
        w.write_record([
            r.id.clone(),
            r.kind.clone(),
            r.direct.to_string(),
            opt(r.direct_leverage),
            r.cascade_loss.to_string(),
            r.cascade_distress.to_string(),
            opt(r.linear_loss),
            opt(r.linear_distress),
            r.path.as_ref().map(|p| p.join(">")).unwrap_or_default(),
            opt(r.path_strength),
        ])
        .expect("csv");
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
}

/// The exposure table.
pub fn exposure_table(net: &Network, rep: &ExposureReport, top: usize) -> String {
    let unit = match net.meta().unit_label() {
        u if u.is_empty() => String::new(),
        u => format!(" ({u})"),
    };
    let mut out = if rep.direction == "to" {
        format!(
            "Who is exposed to {}{unit}: direct claims, losses if it fails fully ({}), and the linear total through all paths\n",
            rep.node,
            rep.model.name()
        )
    } else {
        format!(
            "What {} is exposed to{unit}: its direct claims, its loss if each counterparty fails fully ({}), and the linear total through all paths\n",
            rep.node,
            rep.model.name()
        )
    };
    let with_path = rep.rows.iter().any(|r| r.path.is_some());
    let mut header = vec![
        "node",
        "kind",
        "direct",
        "direct / buffer",
        "cascade loss",
        "cascade distress",
        "all paths (linear)",
    ];
    if with_path {
        header.extend(["main path", "strength"]);
    }
    let mut t = table(&header, &[2, 3, 4, 5, 6, 8]);
    for r in rep.rows.iter().take(top) {
        let mut row = vec![
            r.id.clone(),
            r.kind.clone(),
            num(r.direct),
            r.direct_leverage.map(pct).unwrap_or_else(|| "-".into()),
            num(r.cascade_loss),
            pct(r.cascade_distress),
            r.linear_loss.map(num).unwrap_or_else(|| "diverges".into()),
        ];
        if with_path {
            row.push(r.path.as_ref().map(|p| p.join(" > ")).unwrap_or_default());
            row.push(r.path_strength.map(pct).unwrap_or_default());
        }
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    if rep.rows.len() > top {
        out.push_str(&format!(
            "... {} more (use --top N or --format csv)\n",
            rep.rows.len() - top
        ));
    }
    if rep.rows.is_empty() {
        out.push_str("No exposures.\n");
    }
    if !rep.linear_converged {
        out.push_str(
            "The all-paths series diverges (the leverage matrix's spectral radius on the reached nodes is >= 1, or a reached node has buffer 0): only the capped cascade is meaningful.\n",
        );
    }
    if with_path {
        out.push_str(
            "Main path: the path with the largest product of min(1, exposure / buffer) along it.\n",
        );
    }
    out
}

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

/// A holder's row in a group figure.
#[derive(Debug, Clone, Serialize)]
pub struct HolderEntry {
    /// Holder id.
    pub id: String,
    /// Claims on the named obligors.
    pub on: f64,
    /// All its claims.
    pub total: f64,
    /// `on / total`.
    pub share: f64,
    /// Its `backlog` attribute.
    pub backlog: Option<f64>,
    /// The date of that figure.
    pub backlog_date: Option<String>,
    /// `on / backlog`.
    pub share_of_backlog: Option<f64>,
}

/// The group part of `graph concentration --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct GroupEntry {
    /// Holder ids.
    pub holders: Vec<String>,
    /// Obligor ids.
    pub on: Vec<String>,
    /// Combined claims on the obligors.
    pub claims_on: f64,
    /// Combined claims.
    pub claims_total: f64,
    /// `claims_on / claims_total`.
    pub share: f64,
    /// Combined backlog attributes.
    pub backlog: Option<f64>,
    /// `claims_on / backlog`.
    pub share_of_backlog: Option<f64>,
    /// Per holder.
    pub per_holder: Vec<HolderEntry>,
}

/// `graph concentration --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct ConcentrationReport {
    /// Edge kinds counted (empty = all).
    pub kinds: Vec<String>,
    /// Every node, by largest share descending.
    pub nodes: Vec<ConcentrationEntry>,
    /// The group figure, with `--holders` and `--on`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupEntry>,
}

/// Builds the concentration report.
pub fn concentration(
    net: &Network,
    kinds: Vec<String>,
    rows: &[NodeConcentration],
    group: Option<&GroupConcentration>,
) -> ConcentrationReport {
    let id = |i: u32| net.id(i as usize).to_string();
    ConcentrationReport {
        kinds,
        nodes: rows
            .iter()
            .map(|r| ConcentrationEntry {
                id: id(r.node),
                kind: net.node_kind(r.node as usize).to_string(),
                claims: r.claims,
                counterparties: r.counterparties,
                largest: r.largest.map(id),
                largest_share: r.largest_share,
                hhi: r.hhi,
            })
            .collect(),
        group: group.map(|g| GroupEntry {
            holders: g.holders.iter().map(|h| id(h.node)).collect(),
            on: g.on.iter().map(|&o| id(o)).collect(),
            claims_on: g.claims_on,
            claims_total: g.claims_total,
            share: g.share,
            backlog: g.backlog,
            share_of_backlog: g.share_of_backlog,
            per_holder: g
                .holders
                .iter()
                .map(|h| HolderEntry {
                    id: id(h.node),
                    on: h.on,
                    total: h.total,
                    share: h.share,
                    backlog: h.backlog,
                    backlog_date: h.backlog_date.clone(),
                    share_of_backlog: h.share_of_backlog,
                })
                .collect(),
        }),
    }
}

/// CSV: the per-node rows (or the per-holder rows when a group is given).
pub fn concentration_csv(rep: &ConcentrationReport) -> String {
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
        for h in &g.per_holder {
            w.write_record([
                h.id.clone(),
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
pub fn concentration_table(net: &Network, rep: &ConcentrationReport, top: usize) -> String {
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
    if let Some(g) = &rep.group {
        out.push_str(&format!(
            "Claims ({kinds}{unit}) of {} on {}:\n",
            g.holders.join(", "),
            g.on.join(", ")
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
        for h in &g.per_holder {
            t.add_row(vec![
                h.id.clone(),
                num(h.on),
                num(h.total),
                pct(h.share),
                h.backlog.map(num).unwrap_or_else(|| "-".into()),
                h.backlog_date.clone().unwrap_or_else(|| "-".into()),
                h.share_of_backlog.map(pct).unwrap_or_else(|| "-".into()),
            ]);
        }
        t.add_row(vec![
            "total".to_string(),
            num(g.claims_on),
            num(g.claims_total),
            pct(g.share),
            g.backlog.map(num).unwrap_or_else(|| "-".into()),
            String::new(),
            g.share_of_backlog.map(pct).unwrap_or_else(|| "-".into()),
        ]);
        out.push_str(&format!("{t}\n"));
        if let Some(s) = g.share_of_backlog {
            out.push_str(&format!(
                "{} account for {} of the holders' combined recorded backlog ({} of {}{}); backlog figures and their sources are node attributes of the graph (`backlog`).\n",
                g.on.join(" and "),
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
