//! `graph exposure` as JSON, CSV and a table.

use serde::Serialize;

#[cfg(feature = "cli")]
use super::{num, pct, table};
use crate::analysis::Exposure;
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
    /// The basis and overrides of the graph ([`super::basis::record`]).
    pub parameters: serde_json::Value,
    /// Whether the all-paths series converged.
    pub linear_converged: bool,
    /// Its iterations.
    pub linear_iterations: usize,
    /// Rows, by cascade loss descending, then linear loss, direct exposure, id.
    pub rows: Vec<ExposureEntry>,
}

/// Builds the exposure report.
pub fn exposure(net: &Network, e: &Exposure) -> ExposureReport {
    let id = |i| net.id(i).to_string();
    ExposureReport {
        node: id(e.node),
        direction: e.direction.name(),
        model: e.model,
        parameters: super::basis::with_basis(net, serde_json::json!({})),
        linear_converged: e.linear_converged(),
        linear_iterations: e.linear_iterations,
        rows: e
            .rows
            .iter()
            .map(|r| ExposureEntry {
                id: id(r.node),
                kind: net.node_kind(r.node).to_string(),
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
#[cfg(feature = "cli")]
pub fn exposure_table(net: &Network, rep: &ExposureReport, top: usize) -> String {
    let unit = match net.meta().unit_label() {
        u if u.is_empty() => String::new(),
        u => format!(" ({u})"),
    };
    let mut out = if rep.direction == "to" {
        format!(
            "Who is exposed to {}{unit}: direct claims, losses if it fails fully ({}, {}), and the linear total through all paths\n",
            rep.node,
            rep.model.name(),
            super::basis::label(net)
        )
    } else {
        format!(
            "What {} is exposed to{unit}: its direct claims, its loss if each counterparty fails fully ({}, {}), and the linear total through all paths\n",
            rep.node,
            rep.model.name(),
            super::basis::label(net)
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
            r.direct_leverage.map_or_else(|| "-".into(), pct),
            num(r.cascade_loss),
            pct(r.cascade_distress),
            r.linear_loss.map_or_else(|| "diverges".into(), num),
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
