//! The payment waterfall of a growth stall (`docs/model.md`, "Growth stalls"; model contract
//! 5.5): year by year, what a node whose growth stalls can pay on its obligations, and what its
//! creditors lose on each edge.
//!
//! Revenue is anchored at `funding.year`: `r(funding.year) = funding.revenue`, then
//! `r(t) = r(t-1) * (1 + G)`, or with a plan `r(t) = plan[t]` when given, else `r(t-1)`. From
//! the first run year on, `available(t) = cash(t-1) + r(t) * (1 - cost_ratio) + capital(t)`
//! (`cash` before the first run year is `funding.cash`), `paid(t) = min(due(t), available(t))`,
//! paid pro rata over the edges due, and `cash(t) = available(t) - paid(t)`. When
//! `paid(t) < due(t)`:
//! - [`Policy::Default`]: the node defaults in year t and pays nothing after it; each edge loses
//!   its unpaid part of year t plus everything scheduled after t (beyond the run's last year
//!   too), the latter capped by the edge's `notice_months` n at
//!   `sum_{k>=1} min(1, max(0, (n - 12 (k - 1)) / 12)) * due(t + k)`; all of it is recognised
//!   in year t.
//! - [`Policy::ProRata`]: the contracts go on; each year's unpaid part is lost in that year.
//!
//! Amounts scheduled before the first run year count as settled; an edge without a schedule is
//! due in full in the graph's `as_of` year.

use crate::error::{Error, Param, Result};
use crate::model::{EdgeId, Funding, Network, NodeId};

/// A year's shortfall smaller than this share of what is due is rounding, not a shortfall.
pub const SHORTFALL_TOLERANCE: f64 = 1e-12;

/// How the stalled node's revenue develops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Growth {
    /// A constant yearly growth rate G (> -1): `r(t) = r(t-1) * (1 + G)`; 0 is flat.
    Rate(f64),
    /// The node's `funding.plan` (a year missing from it keeps the previous year's revenue).
    Plan,
    /// The plan's growth scaled by s: `r(t) = r(t-1) * (1 + s * (p(t) / p(t-1) - 1))`, with `p`
    /// the plan carried forward over missing years and `p(funding.year) = funding.revenue`
    /// (s = 1 follows the plan, s = 0 is flat). A plan year after a planned 0 keeps the revenue.
    ScaledPlan(f64),
}

/// What happens when the stalled node cannot pay all that is due in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    /// It defaults that year and pays nothing afterwards (the default).
    #[default]
    Default,
    /// It pays every creditor pro rata each year and the contracts go on.
    ProRata,
}

impl Policy {
    /// The name used in outputs: `default` or `pro-rata`.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Default => "default",
            Policy::ProRata => "pro-rata",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<Policy> {
        match s {
            "default" => Some(Policy::Default),
            "pro-rata" | "pro_rata" | "prorata" => Some(Policy::ProRata),
            _ => None,
        }
    }
}

/// The stall asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct StallSpec {
    /// The node whose growth stalls.
    pub node: NodeId,
    /// How its revenue develops.
    pub growth: Growth,
    /// First year of the run (default: `funding.year`; not earlier).
    pub from: Option<i32>,
    /// Last year of the run (default: the last year one of its obligation edges schedules).
    pub to: Option<i32>,
    /// What a shortfall does.
    pub policy: Policy,
    /// Funding to use instead of the node's own (a scenario's variant), `None` for the graph's.
    pub funding: Option<Funding>,
}

impl StallSpec {
    /// A stall of `node` with `growth` over the default years, under `policy`, on the graph's
    /// funding.
    #[must_use]
    pub fn new(node: NodeId, growth: Growth, policy: Policy) -> StallSpec {
        StallSpec {
            node,
            growth,
            from: None,
            to: None,
            policy,
            funding: None,
        }
    }
}

/// One year of the waterfall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaterYear {
    /// Calendar year.
    pub year: i32,
    /// Revenue `r(t)`.
    pub revenue: f64,
    /// New capital.
    pub capital: f64,
    /// Due on the obligation edges.
    pub due: f64,
    /// Available to pay (`None` after a default).
    pub available: Option<f64>,
    /// Paid.
    pub paid: f64,
    /// Cash carried to the next year (`None` after a default).
    pub cash: Option<f64>,
}

impl WaterYear {
    /// `paid / due`, 1 when nothing is due.
    pub fn coverage(&self) -> f64 {
        if self.due > 0.0 {
            self.paid / self.due
        } else {
            1.0
        }
    }
}

/// The waterfall's outcome: per year and per obligation edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    /// The run's years, in order.
    pub years: Vec<WaterYear>,
    /// The year the node defaults (`Policy::Default` only).
    pub default_year: Option<i32>,
    /// The node's obligation edges, in input order.
    pub edges: Vec<EdgeId>,
    /// What each of them was paid during the run.
    pub paid: Vec<f64>,
    /// `lost[k][y]`: the loss on edge k recognised in run year y (index into `years`).
    pub lost: Vec<Vec<f64>>,
}

impl Waterfall {
    /// Total loss recognised on edge k over the run.
    pub fn lost_total(&self, k: usize) -> f64 {
        self.lost[k].iter().sum()
    }

    /// Loss recognised on edge k up to and including run year `y`.
    pub fn lost_until(&self, k: usize, y: usize) -> f64 {
        self.lost[k][..=y].iter().sum()
    }
}

/// The node's obligation edges: every edge it is the obligor of, but `equity` and `guarantee`
/// (custom kinds included).
pub fn obligation_edges(net: &Network, x: NodeId) -> Vec<EdgeId> {
    net.edges()
        .filter(|e| net.kinds().is_obligation(e.kind) && net.distress_pair(e).0 == x)
        .map(|e| e.index)
        .collect()
}

/// The node's funding, or an error naming the fields to give.
///
/// # Errors
/// [`Error::InvalidParameter`] ([`Param::Funding`]) when the node gives no `funding`, saying
/// which fields to give and how.
pub fn funding_of(net: &Network, x: NodeId) -> Result<&Funding> {
    net.funding(x).ok_or_else(|| {
        let with = net
            .nodes()
            .filter(|&i| net.funding(i).is_some())
            .map(|i| format!("`{}`", net.id(i)))
            .collect::<Vec<_>>();
        Error::param(
            Param::Funding,
            format!(
                "`{}` gives no `funding`, which a growth stall needs: its cash, revenue and other costs (fields year, cash, revenue, cost_ratio; optional plan, capital){}",
                net.id(x),
                if with.is_empty() {
                    " — no node of this graph gives it".to_string()
                } else {
                    format!(" — nodes that give it: {}", with.join(", "))
                }
            ),
            Some(r#"add to the node in the graph file: "funding": {"year": 2027, "cash": 40, "revenue": 80, "cost_ratio": 0.25, "plan": {"2028": 100}, "capital": {"2028": 20}} (docs/format.md)"#),
        )
    })
}

/// The last year edge `e` has something due (its schedule's, else the `as_of` year).
fn last_due_year(net: &Network, e: EdgeId) -> Option<i32> {
    match net.schedule(e) {
        Some(s) => s.years().filter(|&(_, a)| a > 0.0).map(|(y, _)| y).last(),
        None => net.as_of_year(),
    }
}

/// What a default at the end of `year` leaves edge `e`'s exposed end after that year: every
/// amount scheduled later, capped by the notice period.
fn after_default(net: &Network, e: EdgeId, year: i32) -> f64 {
    let Some(last) = last_due_year(net, e) else {
        return 0.0;
    };
    let notice = net.notice_months(e);
    (year + 1..=last)
        .map(|y| {
            let share = match notice {
                None => 1.0,
                Some(n) => ((n - 12.0 * f64::from(y - year - 1)) / 12.0).clamp(0.0, 1.0),
            };
            share * net.due(e, y)
        })
        .sum()
}

/// The run's years: `--from` (default `funding.year`, not earlier) to `--to` (default the last
/// year with something due on an obligation edge).
fn run_years(net: &Network, spec: &StallSpec, f: &Funding, edges: &[EdgeId]) -> Result<(i32, i32)> {
    let from = spec.from.unwrap_or(f.year);
    if from < f.year {
        return Err(Error::param(
            Param::Years,
            format!(
                "the run starts in {from}, before `{}`'s funding year {}",
                net.id(spec.node),
                f.year
            ),
            Some("start at or after the funding year, whose cash and revenue the run uses"),
        ));
    }
    if net.as_of_year().is_none() && edges.iter().any(|&e| net.schedule(e).is_none()) {
        return Err(Error::param(
            Param::Years,
            format!(
                "`{}` has obligation edges without a schedule, and the graph has no `as_of` date to make them due",
                net.id(spec.node)
            ),
            Some("give those edges a `schedule`, or the graph an `as_of` date"),
        ));
    }
    let to = match spec.to {
        Some(t) => t,
        None => edges
            .iter()
            .filter_map(|&e| last_due_year(net, e))
            .max()
            .unwrap_or(from)
            .max(from),
    };
    if to < from {
        return Err(Error::param(
            Param::Years,
            format!("the run ends in {to}, before it starts in {from}"),
            Some("give a last year at or after the first"),
        ));
    }
    for (what, y) in [("first", from), ("last", to)] {
        if !crate::model::terms::YEARS.contains(&y) {
            return Err(Error::param(
                Param::Years,
                format!(
                    "the {what} year {y} is out of range ({}..={})",
                    crate::model::terms::YEARS.start(),
                    crate::model::terms::YEARS.end()
                ),
                Some("write calendar years such as 2027"),
            ));
        }
    }
    if to - f.year > 200 {
        return Err(Error::param(
            Param::Years,
            format!(
                "the run covers {} years; at most 200 are allowed",
                to - from + 1
            ),
            Some("give a shorter window"),
        ));
    }
    Ok((from, to))
}

/// Revenue in every year from `funding.year` to `to`, anchored at `funding.year`.
fn revenues(f: &Funding, growth: Growth, to: i32) -> Vec<f64> {
    let mut r = vec![f.revenue];
    let mut plan_prev = f.revenue;
    for t in f.year + 1..=to {
        let prev = *r.last().expect("starts with one entry");
        let plan = f.plan.get(&t).copied().unwrap_or(plan_prev);
        r.push(match growth {
            Growth::Rate(g) => prev * (1.0 + g),
            Growth::Plan => plan,
            Growth::ScaledPlan(s) if plan_prev > 0.0 => prev * (1.0 + s * (plan / plan_prev - 1.0)),
            Growth::ScaledPlan(_) => prev,
        });
        plan_prev = plan;
    }
    r
}

/// Runs the waterfall of `spec` on `net`.
///
/// # Errors
/// The node has no funding; a growth rate at or below -1 or not finite; a window that starts
/// before the funding year or ends before it starts; unscheduled obligations in a graph without
/// `as_of`.
pub fn waterfall(net: &Network, spec: &StallSpec) -> Result<Waterfall> {
    if let Growth::ScaledPlan(x) = spec.growth {
        if !x.is_finite() || x < 0.0 {
            return Err(Error::param(
                Param::Growth,
                format!("the plan scale is {x}, but it must be a number >= 0"),
                Some("1 follows the plan, 0.5 reaches half its growth, 0 is flat"),
            ));
        }
    }
    if let Growth::Rate(g) = spec.growth {
        if !g.is_finite() || g <= -1.0 {
            return Err(Error::param(
                Param::Growth,
                format!("the growth rate is {g}, but it must be a number above -1"),
                Some("0 is flat revenue, 0.5 is +50% a year, -0.3 is -30% a year"),
            ));
        }
    }
    let f = match &spec.funding {
        Some(f) => f,
        None => funding_of(net, spec.node)?,
    };
    let edges = obligation_edges(net, spec.node);
    let (from, to) = run_years(net, spec, f, &edges)?;
    let revenue = revenues(f, spec.growth, to);
    let n_years = (to - from + 1) as usize;
    let mut out = Waterfall {
        years: Vec::with_capacity(n_years),
        default_year: None,
        paid: vec![0.0; edges.len()],
        lost: vec![vec![0.0; n_years]; edges.len()],
        edges,
    };
    let mut cash = f.cash;
    let mut due_e = vec![0.0; out.edges.len()];
    for (y, t) in (from..=to).enumerate() {
        for (k, &e) in out.edges.iter().enumerate() {
            due_e[k] = net.due(e, t);
        }
        let due: f64 = due_e.iter().sum();
        let r = revenue[(t - f.year) as usize];
        let capital = f.capital_in(t);
        if out.default_year.is_some() {
            out.years.push(WaterYear {
                year: t,
                revenue: r,
                capital,
                due,
                available: None,
                paid: 0.0,
                cash: None,
            });
            continue;
        }
        let available = cash + r * (1.0 - f.cost_ratio) + capital;
        if !available.is_finite() {
            return Err(Error::param(
                Param::Growth,
                format!(
                    "the revenue of `{}` overflows by {t} (growth compounds to {r:e})",
                    net.id(spec.node)
                ),
                Some("give a smaller growth rate or a shorter window"),
            ));
        }
        // A shortfall within rounding of the amounts (1e-12 relative) is no shortfall: cash
        // carried over several years can land a few ulps short of an exactly funded due.
        let short = due - available > SHORTFALL_TOLERANCE * due;
        let paid = if short { available.max(0.0) } else { due };
        let ratio = if due > 0.0 { paid / due } else { 1.0 };
        cash = (available - paid).max(0.0);
        out.years.push(WaterYear {
            year: t,
            revenue: r,
            capital,
            due,
            available: Some(available),
            paid,
            cash: Some(cash),
        });
        for (k, &e) in out.edges.iter().enumerate() {
            let paid_e = if short { due_e[k] * ratio } else { due_e[k] };
            out.paid[k] += paid_e;
            if short {
                out.lost[k][y] = due_e[k] - paid_e;
                if spec.policy == Policy::Default {
                    out.lost[k][y] += after_default(net, e, t);
                }
            }
        }
        if short && spec.policy == Policy::Default {
            out.default_year = Some(t);
            // Nothing is paid after a default: the rest of the run only lists what was due.
            cash = 0.0;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference stall graph (`tests/reference/stall/README.md`): dues 80, 100, 150, 50.
    fn lab() -> Network {
        crate::io::json::parse(
            r#"{"as_of": "2026-12", "nodes": [
              {"id": "lab", "buffer": 50, "funding": {"year": 2027, "cash": 40, "revenue": 80,
               "cost_ratio": 0.25, "plan": {"2028": 100, "2030": 200}}},
              {"id": "cloud", "buffer": 100}, {"id": "spv", "buffer": 10}],
             "edges": [
              {"from": "lab", "to": "cloud", "kind": "compute_commitment", "amount": 300,
               "schedule": {"2027": 60, "2028": 80, "2029": 130, "2030": 30}},
              {"from": "lab", "to": "spv", "kind": "lease", "amount": 80,
               "schedule": {"start": 2027, "years": 4}}]}"#,
            "lab.json",
        )
        .unwrap()
    }

    fn spec(net: &Network, growth: Growth, policy: Policy) -> StallSpec {
        StallSpec::new(net.node("lab").unwrap(), growth, policy)
    }

    #[test]
    fn flat_revenue_defaults_in_the_second_year() {
        // 2027: available 40 + 60 = 100, due 80, cash 20. 2028: 20 + 60 = 80 < 100: default.
        let net = lab();
        let w = waterfall(&net, &spec(&net, Growth::Rate(0.0), Policy::Default)).unwrap();
        assert_eq!(w.default_year, Some(2028));
        let cov: Vec<f64> = w.years.iter().map(WaterYear::coverage).collect();
        assert_eq!(cov, vec![1.0, 0.8, 0.0, 0.0]);
        // Cloud: 2028 unpaid 80 * 0.2 = 16, plus 130 + 30 after: 176 of 300 = 44/75.
        assert!((w.lost_total(0) - 176.0).abs() < 1e-12);
        // SPV: 20 * 0.2 = 4 plus 40: 44 of 80 = 11/20.
        assert!((w.lost_total(1) - 44.0).abs() < 1e-12);
        assert_eq!(w.paid, vec![60.0 + 64.0, 20.0 + 16.0]);
    }

    #[test]
    fn pro_rata_loses_only_each_years_shortfall() {
        let net = lab();
        let w = waterfall(&net, &spec(&net, Growth::Rate(0.0), Policy::ProRata)).unwrap();
        assert_eq!(w.default_year, None);
        // 2028 short 20; 2029: 0 + 60 = 60 of 150 due: short 90; 2030: 60 of 50: paid.
        let lost: Vec<f64> = (0..4).map(|y| w.lost[0][y] + w.lost[1][y]).collect();
        assert_eq!(lost, vec![0.0, 20.0, 90.0, 0.0]);
    }

    #[test]
    fn notice_caps_what_follows_a_default() {
        // 18 months' notice on the commitment.
        let json = r#"{"as_of": "2026-12", "nodes": [
              {"id": "lab", "buffer": 50, "funding": {"year": 2027, "cash": 40, "revenue": 80, "cost_ratio": 0.25}},
              {"id": "cloud", "buffer": 100}],
             "edges": [{"from": "lab", "to": "cloud", "kind": "compute_commitment", "amount": 300,
               "notice_months": 18, "schedule": {"2027": 60, "2028": 80, "2029": 130, "2030": 30}}]}"#;
        let net = crate::io::json::parse(json, "n.json").unwrap();
        let w = waterfall(&net, &spec(&net, Growth::Rate(0.0), Policy::Default)).unwrap();
        // 2027: 100 available, 60 due, cash 40; 2028: 100 available, 80 due, cash 20;
        // 2029: 80 of 130: default; unpaid 50 + 18 months: 30 (all of 2030) -> 80.
        assert_eq!(w.default_year, Some(2029));
        assert!((w.lost_total(0) - 80.0).abs() < 1e-12);
    }

    #[test]
    fn refuses_a_node_without_funding_and_a_window_before_it() {
        let net = lab();
        let cloud = net.node("cloud").unwrap();
        let s = StallSpec::new(cloud, Growth::Rate(0.0), Policy::Default);
        let e = waterfall(&net, &s).unwrap_err().to_string();
        assert!(e.contains("funding"), "{e}");
        let s = StallSpec {
            from: Some(2020),
            ..spec(&net, Growth::Rate(0.0), Policy::Default)
        };
        assert!(waterfall(&net, &s).is_err());
        assert!(waterfall(&net, &spec(&net, Growth::Rate(-1.0), Policy::Default)).is_err());
    }
}
