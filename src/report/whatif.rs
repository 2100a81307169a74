//! `graph sweep` and `graph tipping` reports.

use serde::ser::SerializeStruct;
use serde::Serialize;

use super::shock::ShockReport;
#[cfg(feature = "cli")]
use super::{num, pct, table};
use crate::analysis::{Curve, EdgeCurve, SweepPoint};
use crate::model::Network;
use crate::shock::Model;

/// `graph sweep --format json` (serialise it inside [`crate::model::Named`]): `curves` lists
/// the node curves (`{"node", "points"}`), then the edge curves (`{"edge", "points"}`).
#[derive(Debug, Clone)]
pub struct SweepReport<'a> {
    /// Model.
    pub model: Model,
    /// Parameters (steps, model parameters).
    pub parameters: serde_json::Value,
    /// One curve per node.
    pub curves: &'a [Curve],
    /// One curve per edge selection (model contract 5.3).
    pub edge_curves: &'a [EdgeCurve],
}

/// The `parameters` of a sweep report: the steps, the Rogers–Veraart costs under
/// Eisenberg–Noe, the graph's basis and overrides, and the fixed edge shocks (`{"edge",
/// "haircut"}` records, left out when there are none).
pub fn sweep_parameters(
    net: &Network,
    model: Model,
    steps: usize,
    params: &crate::shock::Params,
    fixed: Vec<serde_json::Value>,
) -> serde_json::Value {
    let mut parameters = serde_json::json!({ "steps": steps });
    if model == Model::EisenbergNoe {
        parameters["alpha"] = params.alpha().into();
        parameters["beta"] = params.beta().into();
    }
    super::basis::record(net, &mut parameters);
    if !fixed.is_empty() {
        parameters["edge_shocks"] = fixed.into();
    }
    parameters
}

/// A node curve or an edge curve, as it appears in `curves`.
#[derive(Serialize)]
#[serde(untagged)]
enum AnyCurve<'a> {
    Node(&'a Curve),
    Edge(&'a EdgeCurve),
}

impl Serialize for SweepReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let curves: Vec<AnyCurve<'_>> = self
            .curves
            .iter()
            .map(AnyCurve::Node)
            .chain(self.edge_curves.iter().map(AnyCurve::Edge))
            .collect();
        let mut st = s.serialize_struct("SweepReport", 3)?;
        st.serialize_field("model", &self.model)?;
        st.serialize_field("parameters", &self.parameters)?;
        st.serialize_field("curves", &curves)?;
        st.end()
    }
}

/// Each curve of the report: (node id or "", edge selector or "", points).
fn all_curves<'a>(
    net: &'a Network,
    rep: &'a SweepReport<'_>,
) -> impl Iterator<Item = (&'a str, &'a str, &'a [SweepPoint])> {
    rep.curves
        .iter()
        .map(|c| (net.id(c.node), "", c.points.as_slice()))
        .chain(
            rep.edge_curves
                .iter()
                .map(|c| ("", c.edge.as_str(), c.points.as_slice())),
        )
}

/// CSV: one row per (node, haircut); with edge curves, an `edge` column after `node` (one of
/// the two is empty on each row).
pub fn sweep_csv(net: &Network, rep: &SweepReport<'_>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let with_edges = !rep.edge_curves.is_empty();
    let mut header = vec!["node"];
    if with_edges {
        header.push("edge");
    }
    header.extend([
        "haircut",
        "total_loss",
        "impact",
        "distressed",
        "defaulted",
        "value_lost",
        "depth",
        "iterations",
    ]);
    w.write_record(&header).expect("csv");
    for (node, edge, points) in all_curves(net, rep) {
        for p in points {
            let mut row = vec![node.to_string()];
            if with_edges {
                row.push(edge.to_string());
            }
            row.extend([
                p.haircut.to_string(),
                p.totals.total_loss.to_string(),
                p.totals.impact.to_string(),
                p.totals.distressed.to_string(),
                p.totals.defaulted.to_string(),
                p.totals.value_lost.to_string(),
                p.totals.depth.map(|d| d.to_string()).unwrap_or_default(),
                p.totals.iterations.to_string(),
            ]);
            w.write_record(&row).expect("csv");
        }
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
}

/// The sweep table.
#[cfg(feature = "cli")]
pub fn sweep_table(net: &Network, rep: &SweepReport<'_>) -> String {
    let unit = match net.meta().unit_label() {
        u if u.is_empty() => "graph units".to_string(),
        u => u,
    };
    let mut out = String::new();
    for (node, edge, points) in all_curves(net, rep) {
        let on = if edge.is_empty() {
            node.to_string()
        } else {
            format!("edge {edge}")
        };
        out.push_str(&format!(
            "Haircut sweep on {on} (model {}, {}; losses in {unit}):\n",
            rep.model.name(),
            super::basis::label(net)
        ));
        let mut t = table(
            &["haircut", "total loss", "impact", "distressed", "defaulted"],
            &[0, 1, 2, 3, 4],
        );
        for p in points {
            t.add_row(vec![
                format!("{:.3}", p.haircut),
                num(p.totals.total_loss),
                pct(p.totals.impact),
                p.totals.distressed.to_string(),
                p.totals.defaulted.to_string(),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    out
}

/// `graph tipping --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct TippingReport {
    /// Shocked node (absent when an edge selection is shocked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Shocked edge selection, `FROM:TO[:KIND]` (absent when a node is shocked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge: Option<String>,
    /// Target node id or `any`.
    pub target: String,
    /// Distress level sought (1 = default).
    pub level: f64,
    /// Smallest haircut (to 1e-6), or null when none up to 1 does it.
    pub haircut: Option<f64>,
    /// The node that tips (for `any`).
    pub tipped: Option<String>,
    /// The `graph shock` JSON at that haircut (at 1 when none tips).
    pub shock: ShockReport,
}

/// The tipping table.
#[cfg(feature = "cli")]
pub fn tipping_table(net: &Network, rep: &TippingReport) -> String {
    let what = if rep.level >= 1.0 {
        "into default".to_string()
    } else {
        format!("to distress {}", pct(rep.level))
    };
    let (on, target) = match (&rep.node, &rep.edge) {
        (Some(n), _) => (
            format!("`{n}`"),
            if rep.target == "any" {
                "any other node".to_string()
            } else {
                format!("`{}`", rep.target)
            },
        ),
        (None, e) => (
            format!("the edge `{}`", e.as_deref().unwrap_or_default()),
            if rep.target == "any" {
                "any node".to_string()
            } else {
                format!("`{}`", rep.target)
            },
        ),
    };
    match rep.haircut {
        None => format!(
            "No haircut up to 1.0 on {on} puts {target} {what} (model {}, {}).\nAt haircut 1 the total loss is {} and {} nodes default.\n",
            rep.shock.model.name(),
            super::basis::label(net),
            num(rep.shock.totals.total_loss),
            rep.shock.totals.defaulted
        ),
        Some(h) => {
            let who = match (&rep.tipped, rep.target.as_str()) {
                (Some(t), "any") => format!(" (first: `{t}`)"),
                _ => String::new(),
            };
            let mut s = format!(
                "The smallest haircut on {on} that puts {target}{who} {what} is {h:.6} (to 1e-6; model {}, {}).\n\nThe cascade at that haircut:\n",
                rep.shock.model.name(),
                super::basis::label(net)
            );
            s.push_str(&super::shock::to_table(net, &rep.shock, 40));
            s
        }
    }
}
