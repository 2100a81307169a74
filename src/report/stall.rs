//! The growth-stall report: `graph stall` as a table, JSON (model contract 5.5) or CSV (one row
//! per year).

use serde::Serialize;

use super::shock::{self as rshock, ShockReport};
#[cfg(feature = "cli")]
use super::{num, pct, table};
use crate::analysis::{Growth, Stall, WaterYear};
use crate::model::Network;
use crate::shock::{Model, State};

/// One year as reported.
#[derive(Debug, Clone, Serialize)]
pub struct YearEntry {
    /// Calendar year.
    pub year: i32,
    /// Due on the stalled node's obligation edges.
    pub due: f64,
    /// Paid.
    pub paid: f64,
    /// `paid / due` (1 when nothing is due).
    pub coverage: f64,
    /// The (first) stalled node's own haircut `h_X(1)` in the year's run.
    pub haircut: f64,
    /// With several stalled nodes: each one's own haircut.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub haircuts: std::collections::BTreeMap<String, f64>,
    /// Total loss through the network of the year's run (cumulative losses up to the year).
    pub total_loss: f64,
    /// Impact of the year's run.
    pub impact: f64,
    /// Value lost in the year's run.
    pub value_lost: f64,
    /// Nodes distressed at the end of the year's run.
    pub distressed: usize,
    /// Nodes defaulted at the end of the year's run.
    pub defaulted: usize,
    /// Nodes defaulted for the first time in this year's run.
    pub new_defaults: Vec<String>,
}

/// One obligation edge of the stalled node as reported.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeEntry {
    /// `from` node.
    pub from: String,
    /// `to` node.
    pub to: String,
    /// Edge kind.
    pub kind: String,
    /// Face amount (what is scheduled in all).
    pub amount: f64,
    /// Paid during the run.
    pub paid: f64,
    /// Lost (gross, before recovery).
    pub lost: f64,
    /// `lost / amount`.
    pub haircut: f64,
    /// How firm the amount is: the strongest status among the edge's sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::model::Status>,
}

/// One node as reported.
#[derive(Debug, Clone, Serialize)]
pub struct NodeEntry {
    /// Node id.
    pub id: String,
    /// Node kind.
    pub kind: String,
    /// Loss in the last year's run.
    pub loss: f64,
    /// Distress in the last year's run.
    pub distress: f64,
    /// State in the last year's run.
    pub state: State,
    /// First run year in which its distress is above 0.
    pub first_year: Option<i32>,
}

/// One year of the payment waterfall (the cash path behind `due` and `paid`).
#[derive(Debug, Clone, Serialize)]
pub struct CashEntry {
    /// Calendar year.
    pub year: i32,
    /// Revenue.
    pub revenue: f64,
    /// New capital.
    pub capital: f64,
    /// Available to pay (null after a default).
    pub available: Option<f64>,
    /// Cash carried to the next year (null after a default).
    pub cash: Option<f64>,
}

/// One stalled node: how its revenue develops, when it defaults, its cash path.
#[derive(Debug, Clone, Serialize)]
pub struct StalledEntry {
    /// Node id.
    pub node: String,
    /// Growth rate, null with a plan.
    pub growth: Option<f64>,
    /// `plan` (the funding plan), `scaled-plan` or `growth`.
    pub revenue: &'static str,
    /// With a scaled plan: the scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_scale: Option<f64>,
    /// The year it defaults (null if never).
    pub default_year: Option<i32>,
    /// Its cash path.
    pub waterfall: Vec<CashEntry>,
}

/// The `graph stall --format json` document.
#[derive(Debug, Clone, Serialize)]
pub struct StallReport {
    /// The stalled node (several: their ids joined by ", ").
    pub node: String,
    /// Revenue growth rate, null with `--plan` (or when several stalled nodes grow differently).
    pub growth: Option<f64>,
    /// `default` or `pro-rata`.
    pub policy: &'static str,
    /// Shock model.
    pub model: Model,
    /// Parameters (years, plan, model parameters).
    pub parameters: serde_json::Value,
    /// Year by year.
    pub years: Vec<YearEntry>,
    /// The year the node defaults (several: the first default among them; null if none,
    /// always null under pro-rata). Each node's is in `stalled`.
    pub default_year: Option<i32>,
    /// The stalled node's obligation edges, by loss descending.
    pub edges: Vec<EdgeEntry>,
    /// The cash path of the waterfall (one stalled node; see `stalled` for several).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waterfall: Option<Vec<CashEntry>>,
    /// Every stalled node.
    pub stalled: Vec<StalledEntry>,
    /// The shock of the last year.
    pub shock: ShockReport,
    /// Every node, by loss descending, ties by id.
    pub nodes: Vec<NodeEntry>,
}

fn cash(w: &WaterYear) -> CashEntry {
    CashEntry {
        year: w.year,
        revenue: w.revenue,
        capital: w.capital,
        available: w.available,
        cash: w.cash,
    }
}

/// Builds the report of a stall.
pub fn build(net: &Network, s: &Stall) -> StallReport {
    let mut parameters = rshock::parameters(net, &s.shock);
    let (first, last) = (
        s.years.first().map(|y| y.year),
        s.years.last().map(|y| y.year),
    );
    parameters["from"] = first.into();
    parameters["to"] = last.into();
    parameters["plan"] = matches!(s.specs[0].growth, Growth::Plan).into();
    let years = s
        .years
        .iter()
        .map(|y| YearEntry {
            year: y.year,
            due: y.due,
            paid: y.paid,
            coverage: y.coverage,
            haircut: y.initial[0],
            haircuts: if s.specs.len() > 1 {
                s.specs
                    .iter()
                    .zip(&y.initial)
                    .map(|(sp, &h)| (net.id(sp.node).to_string(), h))
                    .collect()
            } else {
                std::collections::BTreeMap::new()
            },
            total_loss: y.totals.total_loss,
            impact: y.totals.impact,
            value_lost: y.totals.value_lost,
            distressed: y.totals.distressed,
            defaulted: y.totals.defaulted,
            new_defaults: y
                .new_defaults
                .iter()
                .map(|&i| net.id(i).to_string())
                .collect(),
        })
        .collect();
    let edges = s
        .edges
        .iter()
        .map(|e| {
            let er = net.edge(e.edge);
            EdgeEntry {
                from: net.id(er.from).to_string(),
                to: net.id(er.to).to_string(),
                kind: net.edge_kind_name(er.kind).to_string(),
                amount: e.amount,
                paid: e.paid,
                lost: e.lost,
                haircut: e.haircut,
                status: net
                    .edge_meta(e.edge)
                    .and_then(|m| crate::model::Status::strongest(&m.sources, None)),
            }
        })
        .collect();
    let nodes = s
        .shock
        .order(net)
        .into_iter()
        .map(|i| NodeEntry {
            id: net.id(i).to_string(),
            kind: net.node_kind(i).to_string(),
            loss: s.shock.loss[i],
            distress: s.shock.distress[i],
            state: s.shock.state[i],
            first_year: s.first_year[i],
        })
        .collect();
    let stalled: Vec<StalledEntry> = s
        .specs
        .iter()
        .zip(&s.waterfalls)
        .map(|(sp, w)| StalledEntry {
            node: net.id(sp.node).to_string(),
            growth: match sp.growth {
                Growth::Rate(g) => Some(g),
                _ => None,
            },
            revenue: match sp.growth {
                Growth::Rate(_) => "growth",
                Growth::Plan => "plan",
                Growth::ScaledPlan(_) => "scaled-plan",
            },
            plan_scale: match sp.growth {
                Growth::ScaledPlan(x) => Some(x),
                _ => None,
            },
            default_year: w.default_year,
            waterfall: w.years.iter().map(cash).collect(),
        })
        .collect();
    StallReport {
        node: stalled
            .iter()
            .map(|x| x.node.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        growth: s.growth_rate(),
        policy: s.specs[0].policy.name(),
        model: s.model,
        parameters,
        years,
        default_year: s.default_year(),
        edges,
        waterfall: (stalled.len() == 1).then(|| stalled[0].waterfall.clone()),
        stalled,
        shock: rshock::build(net, &s.shock, false),
        nodes,
    }
}

/// CSV: one row per year with the JSON field names (`new_defaults` joined by spaces).
pub fn to_csv(rep: &StallReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "year",
        "due",
        "paid",
        "coverage",
        "haircut",
        "total_loss",
        "impact",
        "value_lost",
        "distressed",
        "defaulted",
        "new_defaults",
    ])
    .expect("csv to memory");
    for y in &rep.years {
        w.write_record([
            y.year.to_string(),
            y.due.to_string(),
            y.paid.to_string(),
            y.coverage.to_string(),
            y.haircut.to_string(),
            y.total_loss.to_string(),
            y.impact.to_string(),
            y.value_lost.to_string(),
            y.distressed.to_string(),
            y.defaulted.to_string(),
            y.new_defaults.join(" "),
        ])
        .expect("csv to memory");
    }
    String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8")
}

/// The scenario line: who stalls, how revenue develops, the policy and the model.
#[cfg(feature = "cli")]
fn headline(rep: &StallReport) -> String {
    let growth: Vec<String> = rep
        .stalled
        .iter()
        .map(|x| {
            let how = match (x.revenue, x.growth, x.plan_scale) {
                (_, Some(0.0), _) => "revenue flat".to_string(),
                (_, Some(g), _) => format!("revenue {} a year", signed_pct(g)),
                (_, _, Some(k)) => format!("revenue at {} of its plan's growth", pct(k)),
                _ => "revenue as its funding plan".to_string(),
            };
            format!("{} ({how})", x.node)
        })
        .collect();
    let policy = match rep.policy {
        "default" => "a shortfall is a default: nothing is paid afterwards, later payments are lost (up to notice periods)",
        _ => "a shortfall is paid pro rata each year and the contracts go on",
    };
    format!(
        "Growth stall: {}; {policy}; losses propagated by {}\n",
        growth.join(", "),
        rep.model.name()
    )
}

/// The table's "first default" cell: up to five ids, then how many more (JSON lists all).
#[cfg(feature = "cli")]
fn first_defaults(ids: &[String]) -> String {
    const SHOWN: usize = 5;
    if ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!(
            "{}, ... ({} more)",
            ids[..SHOWN].join(", "),
            ids.len() - SHOWN
        )
    }
}

/// What happened to each stalled node's payments.
#[cfg(feature = "cli")]
fn outcome(rep: &StallReport) -> String {
    rep.stalled
        .iter()
        .map(|x| match x.default_year {
            Some(y) => format!("{} defaults in {y}.\n", x.node),
            None if rep.policy == "pro-rata" => format!(
                "{} keeps paying pro rata (no default under this policy).\n",
                x.node
            ),
            None => format!("{} pays everything due in the run.\n", x.node),
        })
        .collect()
}

#[cfg(feature = "cli")]
fn signed_pct(g: f64) -> String {
    if g > 0.0 {
        format!("+{}", pct(g))
    } else {
        pct(g)
    }
}

/// The human-readable report: years, the node's obligations, the nodes hit, the totals.
#[cfg(feature = "cli")]
pub fn to_table(net: &Network, rep: &StallReport, top: usize) -> String {
    let unit = net.meta().unit_label();
    let unit_s = if unit.is_empty() {
        String::new()
    } else {
        format!(" ({unit})")
    };
    let mut out = headline(rep);
    let mut t = table(
        &[
            "year",
            "due",
            "paid",
            "coverage",
            "own haircut",
            "total loss",
            "impact",
            "distressed",
            "defaulted",
            "first default",
        ],
        &[1, 2, 3, 4, 5, 6, 7, 8],
    );
    for y in &rep.years {
        t.add_row(vec![
            y.year.to_string(),
            num(y.due),
            num(y.paid),
            pct(y.coverage),
            if y.haircuts.is_empty() {
                pct(y.haircut)
            } else {
                y.haircuts
                    .iter()
                    .map(|(id, h)| format!("{id} {}", pct(*h)))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            num(y.total_loss),
            pct(y.impact),
            y.distressed.to_string(),
            y.defaulted.to_string(),
            first_defaults(&y.new_defaults),
        ]);
    }
    out.push_str(&format!(
        "Year by year{unit_s}; each year's losses are those recognised up to that year, propagated once:\n{t}\n"
    ));
    out.push_str(&outcome(rep));
    let mut e = table(
        &[
            "from",
            "to",
            "kind",
            "scheduled",
            "paid",
            "lost",
            "haircut",
            "source",
        ],
        &[3, 4, 5, 6],
    );
    for x in &rep.edges {
        e.add_row(vec![
            x.from.clone(),
            x.to.clone(),
            x.kind.clone(),
            num(x.amount),
            num(x.paid),
            num(x.lost),
            pct(x.haircut),
            x.status.map_or("-", |s| s.as_str()).to_string(),
        ]);
    }
    out.push_str(&format!(
        "\nObligations of {}{unit_s} (lost: unpaid and cancelled, before recovery; source: how firm the amount is, the strongest of its sources):\n{e}\n",
        rep.node
    ));
    let mut n = table(
        &[
            "node",
            "kind",
            "loss",
            "loss / buffer",
            "state",
            "first year",
        ],
        &[2, 3, 5],
    );
    let hit: Vec<&NodeEntry> = rep
        .nodes
        .iter()
        .filter(|x| x.loss > 0.0 || x.distress > 0.0)
        .collect();
    for x in hit.iter().take(top) {
        n.add_row(vec![
            x.id.clone(),
            x.kind.clone(),
            num(x.loss),
            pct(x.distress),
            x.state.as_str().to_string(),
            x.first_year.map_or_else(|| "-".into(), |y| y.to_string()),
        ]);
    }
    out.push_str(&format!(
        "\nLosses in the last year's run{unit_s}, largest first:\n{n}\n"
    ));
    if hit.len() > top {
        out.push_str(&format!(
            "... {} more nodes with losses (use --top N, or --format json for all)\n",
            hit.len() - top
        ));
    }
    out.push_str(&rshock::totals_lines(&rep.shock, &unit_s));
    out
}
