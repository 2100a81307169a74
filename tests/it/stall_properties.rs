//! Properties of growth stalls on random graphs without notice periods (a notice cap can make
//! an earlier default cheaper for a creditor, so these do not hold with one): lower growth
//! never improves an edge's loss or a year's coverage; `pro-rata` never loses more on an edge
//! than `default`; a stall whose funding covers everything equals no shock.

use proptest::prelude::*;
use serde_json::json;
use shockgraph::analysis::{self, Growth, Policy, Stall, StallSpec};
use shockgraph::shock::{Model, Params};
use shockgraph::Network;

const EPS: f64 = 1e-9;

/// A stalled node `x` owing `k` creditors on yearly schedules over 2027-2031, creditors owing
/// each other, and `x`'s funding.
fn graph(
    schedules: &[Vec<f64>],
    cross: &[(usize, usize, f64)],
    cash: f64,
    revenue: f64,
    cost_ratio: f64,
) -> Network {
    let k = schedules.len();
    let mut nodes = vec![json!({"id": "x", "buffer": 10.0, "funding":
        {"year": 2027, "cash": cash, "revenue": revenue, "cost_ratio": cost_ratio}})];
    for c in 0..k {
        nodes.push(json!({"id": format!("c{c}"), "buffer": 5.0 + c as f64}));
    }
    let mut edges = Vec::new();
    for (c, s) in schedules.iter().enumerate() {
        let sched: serde_json::Map<String, serde_json::Value> = s
            .iter()
            .enumerate()
            .map(|(y, a)| ((2027 + y).to_string(), json!(a)))
            .collect();
        edges.push(json!({"from": "x", "to": format!("c{c}"), "kind": "compute_commitment",
            "amount": s.iter().sum::<f64>(), "schedule": sched}));
    }
    for &(a, b, w) in cross {
        if a % k != b % k {
            edges.push(json!({"from": format!("c{}", a % k), "to": format!("c{}", b % k), "amount": w}));
        }
    }
    edges.push(json!({"from": "c0", "to": "x", "kind": "equity", "amount": 3.0}));
    let g = json!({"as_of": "2026-12", "nodes": nodes, "edges": edges});
    shockgraph::io::json::parse(&g.to_string(), "prop.json").unwrap()
}

fn run(net: &Network, growth: f64, policy: Policy) -> Stall {
    let spec = StallSpec::new(net.node("x").unwrap(), Growth::Rate(growth), policy);
    analysis::stall(net, Model::DebtRank, &spec, &Params::default()).unwrap()
}

/// Loss per edge in input order.
fn lost(s: &Stall) -> Vec<(u32, f64)> {
    let mut v: Vec<(u32, f64)> = s.edges.iter().map(|e| (e.edge.raw(), e.lost)).collect();
    v.sort_by_key(|x| x.0);
    v
}

fn schedules() -> impl Strategy<Value = Vec<Vec<f64>>> {
    prop::collection::vec(
        prop::collection::vec(prop_oneof![Just(0.0), 1.0..50.0f64], 5)
            .prop_filter("something due", |s| s.iter().any(|&a| a > 0.0)),
        1..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn lower_growth_never_helps(
        s in schedules(),
        cross in prop::collection::vec((0usize..5, 0usize..5, 1.0..20.0f64), 0..6),
        cash in 0.0..60.0f64, revenue in 0.0..60.0f64, cost in 0.0..0.9f64,
        g_low in -0.9..0.5f64, dg in 0.0..1.0f64,
    ) {
        let net = graph(&s, &cross, cash, revenue, cost);
        for policy in [Policy::Default, Policy::ProRata] {
            let low = run(&net, g_low, policy);
            let high = run(&net, g_low + dg, policy);
            for ((_, a), (_, b)) in lost(&low).iter().zip(lost(&high)) {
                prop_assert!(*a >= b - EPS, "{policy:?}: edge loss {a} under lower growth < {b}");
            }
            for (a, b) in low.years.iter().zip(&high.years) {
                prop_assert!(a.coverage <= b.coverage + EPS, "{policy:?} {}: coverage {} > {}", a.year, a.coverage, b.coverage);
                prop_assert!(a.totals.total_loss >= b.totals.total_loss - EPS);
            }
        }
    }

    #[test]
    fn pro_rata_never_loses_more_than_default(
        s in schedules(),
        cash in 0.0..60.0f64, revenue in 0.0..60.0f64, cost in 0.0..0.9f64, g in -0.9..1.0f64,
    ) {
        let net = graph(&s, &[], cash, revenue, cost);
        let d = run(&net, g, Policy::Default);
        let p = run(&net, g, Policy::ProRata);
        prop_assert_eq!(p.default_year(), None);
        for ((_, a), (_, b)) in lost(&p).iter().zip(lost(&d)) {
            prop_assert!(*a <= b + EPS, "pro-rata edge loss {a} > default {b}");
        }
    }

    #[test]
    fn a_funded_stall_equals_no_shock(
        s in schedules(),
        cross in prop::collection::vec((0usize..5, 0usize..5, 1.0..20.0f64), 0..6),
        g in -0.5..1.0f64,
    ) {
        let due: f64 = s.iter().flatten().sum();
        let net = graph(&s, &cross, due, 0.0, 0.0);
        for policy in [Policy::Default, Policy::ProRata] {
            let st = run(&net, g, policy);
            prop_assert_eq!(st.default_year(), None);
            prop_assert!(st.years.iter().all(|y| y.coverage == 1.0 && y.totals.total_loss == 0.0 && y.totals.distressed == 0));
            prop_assert!(st.edges.iter().all(|e| e.lost == 0.0));
            prop_assert!(st.first_year.iter().all(Option::is_none));
            prop_assert!(st.shock.distress.iter().all(|&h| h == 0.0));
        }
    }
}
