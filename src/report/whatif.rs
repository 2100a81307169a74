//! `graph sweep` and `graph tipping` reports.

use serde::Serialize;

use super::shock::ShockReport;
#[cfg(feature = "cli")]
use super::{num, pct, table};
use crate::analysis::Curve;
use crate::model::Network;
use crate::shock::Model;

/// `graph sweep --format json` (serialise it inside [`crate::model::Named`]).
#[derive(Debug, Clone, Serialize)]
pub struct SweepReport<'a> {
    /// Model.
    pub model: Model,
    /// Parameters (steps, model parameters).
    pub parameters: serde_json::Value,
    /// One curve per node.
    pub curves: &'a [Curve],
}

/// CSV: one row per (node, haircut).
pub fn sweep_csv(net: &Network, rep: &SweepReport<'_>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "node",
        "haircut",
        "total_loss",
        "impact",
        "distressed",
        "defaulted",
    ])
    .expect("csv");
    for c in rep.curves {
        for p in &c.points {
            w.write_record([
                net.id(c.node).to_string(),
                p.haircut.to_string(),
                p.totals.total_loss.to_string(),
                p.totals.impact.to_string(),
                p.totals.distressed.to_string(),
                p.totals.defaulted.to_string(),
            ])
            .expect("csv");
        }
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
}

/// The sweep table.
#[cfg(feature = "cli")]
pub fn sweep_table(net: &Network, rep: &SweepReport<'_>) -> String {
    let unit = net.meta().unit_label();
    let mut out = String::new();
    for c in rep.curves {
        out.push_str(&format!(
            "Haircut sweep on {} (model {}, {}; losses in {unit}):\n",
            net.id(c.node),
            rep.model.name(),
            super::basis::label(net)
        ));
        let mut t = table(
            &["haircut", "total loss", "impact", "distressed", "defaulted"],
            &[0, 1, 2, 3, 4],
        );
        for p in &c.points {
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
    /// Shocked node.
    pub node: String,
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
    let target = if rep.target == "any" {
        "any other node".to_string()
    } else {
        format!("`{}`", rep.target)
    };
    match rep.haircut {
        None => format!(
            "No haircut up to 1.0 on `{}` puts {target} {what} (model {}, {}).\nAt haircut 1 the total loss is {} and {} nodes default.\n",
            rep.node,
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
                "The smallest haircut on `{}` that puts {target}{who} {what} is {h:.6} (to 1e-6; model {}, {}).\n\nThe cascade at that haircut:\n",
                rep.node,
                rep.shock.model.name(),
                super::basis::label(net)
            );
            s.push_str(&super::shock::to_table(net, &rep.shock, 40));
            s
        }
    }
}
