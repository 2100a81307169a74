//! Growth stalls (`graph stall`; `docs/model.md`, "Growth stalls"; model contract 5.5): a node's
//! revenue stops growing, its payment [`waterfall`] says what it pays and what
//! each creditor loses, year by year, and the chosen shock model propagates those losses.
//!
//! Each year t gets one independent shock run on the losses recognised up to and including t:
//! every obligation edge e of the stalled node X gets the edge shock
//! `H_e(t) = lost_e(<= t) / amount_e` (0 for an edge paid in full, which then passes only
//! feedback), and X itself the node shock `h_X(1)(t) = sum_e H_e(t) exposure_e / sum_e
//! exposure_e` (0 when that exposure is 0), which its other edges (its shareholders' `equity`,
//! the `guarantee`s of it) take as their haircut. A year whose haircuts equal the previous
//! year's reuses that run: the stall costs one waterfall and one cascade per year in which
//! something new is lost.
//!
//! [`stall_all`] stalls several nodes together (a scenario of the library: OpenAI and
//! Anthropic flat at once): each pays from its own waterfall and every year's run shocks all
//! of them.

use super::waterfall::{self, Growth, Policy, StallSpec, Waterfall};
use crate::error::{Error, Param, Result};
use crate::io::scenario::{FundingPatch, Scenario};
use crate::model::Funding;
use crate::model::{EdgeId, Network, NodeId, NodeVec};
use crate::shock::{self, EdgeShock, Haircut, Model, Params, Shock, ShockResult, State, Totals};

/// One year of a stall.
#[derive(Debug, Clone, PartialEq)]
pub struct StallYear {
    /// Calendar year.
    pub year: i32,
    /// Due on the stalled nodes' obligation edges.
    pub due: f64,
    /// Paid.
    pub paid: f64,
    /// `paid / due` (1 when nothing is due).
    pub coverage: f64,
    /// The node shock `h_X(1)` of each stalled node in the year's run (in the order given).
    pub initial: Vec<f64>,
    /// The totals of the year's run.
    pub totals: Totals,
    /// Nodes that are defaulted in this year's run and in no earlier year's, by id.
    pub new_defaults: Vec<NodeId>,
}

/// One obligation edge of a stalled node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StallEdge {
    /// The edge.
    pub edge: EdgeId,
    /// Its face amount.
    pub amount: f64,
    /// Paid during the run's years.
    pub paid: f64,
    /// Lost (gross, before recovery).
    pub lost: f64,
    /// `lost / amount`.
    pub haircut: f64,
}

/// The outcome of a growth stall.
#[derive(Debug, Clone)]
pub struct Stall {
    /// What was asked for, one entry per stalled node.
    pub specs: Vec<StallSpec>,
    /// The shock model that propagated the losses.
    pub model: Model,
    /// The payment waterfall of each stalled node.
    pub waterfalls: Vec<Waterfall>,
    /// One entry per run year (the union of the stalled nodes' windows).
    pub years: Vec<StallYear>,
    /// The obligation edges, by loss descending, then from, to, kind.
    pub edges: Vec<StallEdge>,
    /// The last year's run.
    pub shock: ShockResult,
    /// Per node, the first run year whose run gives it distress above 0.
    pub first_year: NodeVec<Option<i32>>,
}

impl Stall {
    /// The first year a stalled node defaults (with one node: its default year), `None` if
    /// none does (always under pro-rata). Each node's is in [`Stall::waterfalls`].
    pub fn default_year(&self) -> Option<i32> {
        self.waterfalls.iter().filter_map(|w| w.default_year).min()
    }

    /// The stalled nodes' growth rate when they all grow at one rate, `None` with a plan or
    /// with different rates.
    pub fn growth_rate(&self) -> Option<f64> {
        let rate = |s: &StallSpec| match s.growth {
            Growth::Rate(g) => Some(g),
            Growth::Plan | Growth::ScaledPlan(_) => None,
        };
        let first = rate(&self.specs[0])?;
        self.specs
            .iter()
            .all(|s| rate(s) == Some(first))
            .then_some(first)
    }
}

/// Stalled node k's cumulative loss on its k-th edge up to calendar year `t`, with its
/// waterfall starting in `first`.
fn lost_by(w: &Waterfall, edge: usize, t: i32) -> f64 {
    let Some(first) = w.years.first().map(|y| y.year) else {
        return 0.0;
    };
    if t < first {
        return 0.0;
    }
    let y = ((t - first) as usize).min(w.years.len() - 1);
    w.lost_until(edge, y)
}

/// Year `t`'s shocks: a node shock on each stalled node and an edge shock on every obligation
/// edge of each.
fn year_shocks(
    net: &Network,
    specs: &[StallSpec],
    ws: &[Waterfall],
    t: i32,
) -> Result<(Vec<Shock>, Vec<EdgeShock>)> {
    let mut shocks = Vec::with_capacity(specs.len());
    let mut edges = Vec::new();
    for (spec, w) in specs.iter().zip(ws) {
        let (mut weighted, mut exposure) = (0.0, 0.0);
        for (k, &e) in w.edges.iter().enumerate() {
            let er = net.edge(e);
            let h = (lost_by(w, k, t) / er.amount).clamp(0.0, 1.0);
            weighted += h * er.exposure();
            exposure += er.exposure();
            edges.push(EdgeShock::new(e, Haircut::new(h)?));
        }
        let hx = if exposure > 0.0 {
            (weighted / exposure).clamp(0.0, 1.0)
        } else {
            0.0
        };
        shocks.push(Shock::new(spec.node, Haircut::new(hx)?));
    }
    Ok((shocks, edges))
}

/// Runs the growth stall `spec` under `model`.
///
/// # Errors
/// The waterfall's ([`waterfall::waterfall`]: no funding, bad growth or years) and the shock
/// model's (missing buffers or external assets).
pub fn stall(net: &Network, model: Model, spec: &StallSpec, params: &Params) -> Result<Stall> {
    stall_all(net, model, std::slice::from_ref(spec), params)
}

/// Runs growth stalls of several nodes together: each pays from its own waterfall, and each
/// year's run shocks all of them (their node and edge haircuts) at once. The run's years are
/// the union of their windows; `due`, `paid` and `coverage` add up the stalled nodes.
///
/// # Errors
/// No node, a node given twice, and the errors of [`stall`].
pub fn stall_all(
    net: &Network,
    model: Model,
    specs: &[StallSpec],
    params: &Params,
) -> Result<Stall> {
    stall_all_with_progress(net, model, specs, params, &super::no_progress)
}

/// [`stall_all`], calling `progress(years done, years)` after each year.
///
/// # Errors
/// As [`stall_all`].
pub fn stall_all_with_progress(
    net: &Network,
    model: Model,
    specs: &[StallSpec],
    params: &Params,
    progress: super::Progress<'_>,
) -> Result<Stall> {
    if specs.is_empty() {
        return Err(Error::param(
            Param::Shocks,
            "no node to stall",
            Some("give the node whose growth stalls"),
        ));
    }
    for (k, s) in specs.iter().enumerate() {
        if specs[..k].iter().any(|o| o.node == s.node) {
            return Err(Error::param(
                Param::Shocks,
                format!("`{}` is stalled twice", net.id(s.node)),
                Some("give each node one stall"),
            ));
        }
    }
    let ws: Vec<Waterfall> = specs
        .iter()
        .map(|s| waterfall::waterfall(net, s))
        .collect::<Result<_>>()?;
    let from = ws
        .iter()
        .filter_map(|w| w.years.first())
        .map(|y| y.year)
        .min()
        .expect("a window has a year");
    let to = ws
        .iter()
        .filter_map(|w| w.years.last())
        .map(|y| y.year)
        .max()
        .expect("a window has a year");
    let n = net.node_count();
    let mut first_year: NodeVec<Option<i32>> = vec![None; n].into();
    let mut defaulted_before = vec![false; n];
    let mut years = Vec::with_capacity((to - from + 1) as usize);
    let mut last: Option<(Vec<Shock>, Vec<EdgeShock>, ShockResult, Totals)> = None;
    let n_years = (to - from + 1) as usize;
    for t in from..=to {
        let (node_shocks, edge_shocks) = year_shocks(net, specs, &ws, t)?;
        let same = last
            .as_ref()
            .is_some_and(|(s, e, _, _)| *s == node_shocks && *e == edge_shocks);
        let mut new_defaults = Vec::new();
        // A reused run distresses and defaults the nodes an earlier year already recorded:
        // only a new run is scanned and totalled (one pass over the nodes per run, not per year).
        if !same {
            let r = shock::run_with_edges(net, model, &node_shocks, &edge_shocks, params)?;
            for i in 0..n {
                if r.distress[i] > 0.0 && first_year[i].is_none() {
                    first_year[i] = Some(t);
                }
                if r.state[i] == State::Defaulted && !defaulted_before[i] {
                    defaulted_before[i] = true;
                    new_defaults.push(NodeId::new(i));
                }
            }
            new_defaults.sort_by(|a, b| net.id(*a).cmp(net.id(*b)));
            let totals = r.totals(net);
            last = Some((node_shocks, edge_shocks, r, totals));
        }
        let (shocks, _, _, totals) = last.as_ref().expect("set above");
        let in_year = ws
            .iter()
            .filter_map(|w| w.years.iter().find(|y| y.year == t));
        let (due, paid) = in_year.fold((0.0, 0.0), |(d, p), y| (d + y.due, p + y.paid));
        years.push(StallYear {
            year: t,
            due,
            paid,
            coverage: if due > 0.0 { paid / due } else { 1.0 },
            initial: shocks.iter().map(|s| s.haircut.get()).collect(),
            totals: *totals,
            new_defaults,
        });
        progress((t - from + 1) as usize, n_years);
    }
    let (_, _, shock, _) = last.expect("a run has at least one year");
    let mut edges: Vec<StallEdge> = ws
        .iter()
        .flat_map(|w| w.edges.iter().enumerate().map(move |(k, &e)| (w, k, e)))
        .map(|(w, k, e)| {
            let amount = net.edge(e).amount;
            let loss = w.lost_total(k);
            StallEdge {
                edge: e,
                amount,
                paid: w.paid[k],
                lost: loss,
                haircut: loss / amount,
            }
        })
        .collect();
    edges.sort_by(|a, b| {
        let (ea, eb) = (net.edge(a.edge), net.edge(b.edge));
        b.lost
            .total_cmp(&a.lost)
            .then_with(|| net.id(ea.from).cmp(net.id(eb.from)))
            .then_with(|| net.id(ea.to).cmp(net.id(eb.to)))
            .then_with(|| net.edge_kind_name(ea.kind).cmp(net.edge_kind_name(eb.kind)))
    });
    Ok(Stall {
        specs: specs.to_vec(),
        model,
        waterfalls: ws,
        years,
        edges,
        shock,
        first_year,
    })
}

/// The stall specs of a growth-stall scenario on `net`: each `stall` entry with the scenario's
/// policy and years, and its funding patched by the entry's `funding` fields.
///
/// # Errors
/// Unknown nodes; a funding patch on a node without funding that does not give `year`; a
/// year key that is not a year; figures out of their domain.
pub fn scenario_specs(net: &Network, sc: &Scenario) -> Result<Vec<StallSpec>> {
    let policy = sc
        .policy
        .as_deref()
        .map_or(Some(Policy::Default), Policy::parse)
        .ok_or_else(|| {
            Error::param(Param::Shocks, "unknown policy", Some("default or pro-rata"))
        })?;
    sc.stall
        .iter()
        .map(|st| {
            let node = net.node(&st.node)?;
            let growth = match (st.plan, st.plan_scale) {
                (Some(true), Some(s)) => Growth::ScaledPlan(s),
                (Some(true), None) => Growth::Plan,
                _ => Growth::Rate(st.growth.unwrap_or(0.0)),
            };
            let mut spec = StallSpec::new(node, growth, policy);
            spec.from = sc.from;
            spec.to = sc.to;
            if let Some(patch) = &st.funding {
                spec.funding = Some(patched(net, node, patch)?);
            }
            Ok(spec)
        })
        .collect()
}

/// The node's funding with the patch's fields in place of its own.
fn patched(net: &Network, node: NodeId, p: &FundingPatch) -> Result<Funding> {
    let base = net.funding(node).cloned();
    let year = p.year.or(base.as_ref().map(|f| f.year)).ok_or_else(|| {
        Error::param(
            Param::Funding,
            format!(
                "the scenario patches the funding of `{}`, which has none, without giving `year`",
                net.id(node)
            ),
            Some("give the whole funding in the scenario: year, cash, revenue, cost_ratio"),
        )
    })?;
    let years = |m: &std::collections::BTreeMap<String, f64>, field: &str| {
        m.iter()
            .map(|(k, &v)| {
                k.parse::<i32>().map(|y| (y, v)).map_err(|_| {
                    Error::param(
                        Param::Funding,
                        format!(
                            "`funding.{field}` key `{k}` of `{}` is not a year",
                            net.id(node)
                        ),
                        Some(r#"write years as strings: {"2027": 60}"#),
                    )
                })
            })
            .collect::<Result<std::collections::BTreeMap<i32, f64>>>()
    };
    let f = Funding {
        year,
        cash: p.cash.or(base.as_ref().map(|f| f.cash)).unwrap_or(0.0),
        revenue: p
            .revenue
            .or(base.as_ref().map(|f| f.revenue))
            .unwrap_or(0.0),
        plan: match &p.plan {
            Some(m) => years(m, "plan")?,
            None => base.as_ref().map(|f| f.plan.clone()).unwrap_or_default(),
        },
        cost_ratio: p
            .cost_ratio
            .or(base.as_ref().map(|f| f.cost_ratio))
            .unwrap_or(0.0),
        capital: match &p.capital {
            Some(m) => years(m, "capital")?,
            None => base.map(|f| f.capital).unwrap_or_default(),
        },
    };
    f.check().map_err(|r| {
        Error::param(
            Param::Funding,
            format!(
                "the scenario's funding of `{}`: {}",
                net.id(node),
                r.message
            ),
            r.hint.as_deref(),
        )
    })?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net() -> Network {
        crate::io::json::parse(
            r#"{"as_of": "2026-12", "nodes": [
              {"id": "lab", "kind": "ai_lab", "buffer": 50, "funding": {"year": 2027, "cash": 40,
               "revenue": 80, "cost_ratio": 0.25}},
              {"id": "cloud", "kind": "cloud", "buffer": 100}, {"id": "spv", "kind": "spv", "buffer": 10},
              {"id": "lender", "kind": "lender", "buffer": 20}],
             "edges": [
              {"from": "lab", "to": "cloud", "kind": "compute_commitment", "amount": 300,
               "schedule": {"2027": 60, "2028": 80, "2029": 130, "2030": 30}},
              {"from": "lab", "to": "spv", "kind": "lease", "amount": 80,
               "schedule": {"start": 2027, "years": 4}},
              {"from": "spv", "to": "lender", "kind": "debt", "amount": 60, "recovery": 0.5},
              {"from": "cloud", "to": "lab", "kind": "equity", "amount": 40}]}"#,
            "stall.json",
        )
        .unwrap()
    }

    #[test]
    fn default_in_2028_with_the_hand_computed_haircuts() {
        let net = net();
        let spec = StallSpec::new(net.node("lab").unwrap(), Growth::Rate(0.0), Policy::Default);
        let s = stall(&net, Model::DebtRank, &spec, &Params::default()).unwrap();
        assert_eq!(s.default_year(), Some(2028));
        assert_eq!(s.years.len(), 4);
        // Haircuts 176/300 = 44/75 and 44/80 = 11/20; h_X(1) = (176 + 44) / 380 = 11/19.
        assert!((s.edges[0].haircut - 44.0 / 75.0).abs() < 1e-12);
        assert!((s.edges[1].haircut - 11.0 / 20.0).abs() < 1e-12);
        assert!((s.years[1].initial[0] - 11.0 / 19.0).abs() < 1e-12);
        assert_eq!(s.years[0].totals.total_loss, 0.0);
        // The years after the default repeat the default year's totals.
        assert_eq!(s.years[3].totals, s.years[1].totals);
        let lab = net.node("lab").unwrap().index();
        assert_eq!(s.first_year[lab], Some(2028));
    }

    #[test]
    fn a_fully_funded_stall_loses_nothing() {
        let net = net();
        let spec = StallSpec::new(net.node("lab").unwrap(), Growth::Rate(1.0), Policy::Default);
        let s = stall(&net, Model::DebtRank, &spec, &Params::default()).unwrap();
        assert_eq!(s.default_year(), None);
        assert!(s
            .years
            .iter()
            .all(|y| y.totals.total_loss == 0.0 && y.coverage == 1.0));
        assert!(s.first_year.iter().all(Option::is_none));
    }
}
