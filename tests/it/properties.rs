//! Property tests (proptest) of the shock models and of the JSON format, on random small
//! graphs: zero shock gives zero loss, monotonicity in the haircut, bounds, relabelling
//! invariance, termination, classic <= differential DebtRank, Eisenberg–Noe fixed point and
//! maximality, JSON round trip.

use proptest::prelude::*;
use serde_json::json;
use shockgraph::io::json as gjson;
use shockgraph::shock::{self, Model, Params, Shock, ShockResult};
use shockgraph::Network;

use crate::common::tol;

const KINDS: [&str; 5] = [
    "debt",
    "compute_commitment",
    "chip_purchase",
    "revenue",
    "equity",
];

#[derive(Debug, Clone)]
struct Spec {
    nodes: Vec<(f64, f64, f64, f64)>, // buffer, external_assets, external_liabilities, value
    edges: Vec<(usize, usize, usize, f64, f64)>, // from, to, kind, amount, recovery
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..10).prop_flat_map(|n| {
        let node = (
            prop_oneof![Just(0.0), 0.5f64..30.0],
            0.0f64..40.0,
            prop_oneof![Just(0.0), 0.0f64..10.0],
            prop_oneof![Just(0.0), 0.0f64..50.0],
        );
        let edge = (
            0..n,
            0..n,
            0usize..KINDS.len(),
            0.1f64..40.0,
            prop_oneof![Just(0.0), Just(0.3), Just(1.0), 0.0f64..1.0],
        );
        (
            proptest::collection::vec(node, n),
            proptest::collection::vec(edge, 0..(3 * n)),
        )
            .prop_map(|(nodes, edges)| Spec {
                nodes,
                edges: edges.into_iter().filter(|e| e.0 != e.1).collect(),
            })
    })
}

/// The graph as JSON, nodes listed in the order `perm` (a relabelling) with ids `n<i>`.
fn to_json(s: &Spec, perm: &[usize], solvent: bool) -> String {
    let nodes: Vec<_> = perm
        .iter()
        .map(|&i| {
            let (b, e, l, v) = s.nodes[i];
            // "solvent": external assets cover everything the node owes.
            let owed: f64 = s
                .edges
                .iter()
                .filter(|x| x.0 == i && KINDS[x.2] != "equity")
                .map(|x| x.3)
                .sum::<f64>()
                + l;
            let e = if solvent { e + owed } else { e };
            json!({"id": format!("n{i}"), "buffer": b, "external_assets": e,
                   "external_liabilities": l, "value": v})
        })
        .collect();
    let mut order: Vec<usize> = (0..s.edges.len()).collect();
    if perm.first() != Some(&0) {
        order.reverse();
    }
    let edges: Vec<_> = order
        .iter()
        .map(|&k| {
            let (f, t, kind, a, r) = s.edges[k];
            json!({"from": format!("n{f}"), "to": format!("n{t}"), "kind": KINDS[kind],
                   "amount": a, "recovery": r})
        })
        .collect();
    json!({"nodes": nodes, "edges": edges}).to_string()
}

fn net(s: &Spec, solvent: bool) -> Network {
    let id: Vec<usize> = (0..s.nodes.len()).collect();
    gjson::parse(&to_json(s, &id, solvent), "prop").unwrap()
}

fn run(n: &Network, model: Model, node: usize, h: f64) -> ShockResult {
    shock::run(
        n,
        model,
        &[Shock::new(
            shockgraph::NodeId::new(node),
            shockgraph::shock::Haircut::new(h).unwrap(),
        )],
        &Params::default(),
    )
    .unwrap()
}

const MODELS: [Model; 4] = [
    Model::DebtRank,
    Model::DebtRankClassic,
    Model::Threshold,
    Model::EisenbergNoe,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn zero_haircut_zero_loss(s in spec(), pick in 0usize..100) {
        for model in MODELS {
            let n = net(&s, model == Model::EisenbergNoe);
            let r = run(&n, model, pick % s.nodes.len(), 0.0);
            let t = r.totals(&n);
            prop_assert_eq!(t.total_loss, 0.0, "{:?}", model);
            prop_assert!(r.loss.iter().all(|&l| l == 0.0), "{:?}", model);
            prop_assert!(r.distress.iter().all(|&h| h == 0.0), "{:?}", model);
        }
    }

    #[test]
    fn monotone_in_haircut_and_bounded(s in spec(), pick in 0usize..100, a in 0.0f64..=1.0, b in 0.0f64..=1.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        for model in MODELS {
            let n = net(&s, false);
            let node = pick % s.nodes.len();
            let r1 = run(&n, model, node, lo);
            let r2 = run(&n, model, node, hi);
            prop_assert!(r1.converged && r2.converged, "{:?} terminates", model);
            for i in 0..n.node_count() {
                prop_assert!(r1.distress[i] <= r2.distress[i] + tol::ORDER_DISTRESS, "{:?} node {} distress {} > {}", model, i, r1.distress[i], r2.distress[i]);
                prop_assert!(r1.loss[i] <= r2.loss[i] + tol::ORDER_LOSS, "{:?} node {} loss", model, i);
                for r in [&r1, &r2] {
                    prop_assert!((0.0..=1.0).contains(&r.distress[i]), "{:?} distress in [0,1]", model);
                    if model != Model::EisenbergNoe {
                        prop_assert!(r.loss[i] <= n.buffer(i).unwrap() + tol::BUFFER_CAP, "{:?} loss <= buffer", model);
                    }
                }
            }
            // (total_loss leaves the shocked node's h(1) out, so it need not grow with the
            // haircut; the sum of all losses does.)
            let sum = |r: &ShockResult| r.loss.iter().sum::<f64>();
            prop_assert!(sum(&r1) <= sum(&r2) + tol::ORDER_LOSS, "{:?} sum of losses", model);
        }
    }

    #[test]
    fn relabelling_changes_nothing(s in spec(), pick in 0usize..100, h in 0.0f64..=1.0, rot in 1usize..10) {
        let k = s.nodes.len();
        let id: Vec<usize> = (0..k).collect();
        let perm: Vec<usize> = (0..k).map(|i| (i + rot) % k).rev().collect();
        let a = gjson::parse(&to_json(&s, &id, false), "a").unwrap();
        let b = gjson::parse(&to_json(&s, &perm, false), "b").unwrap();
        let node = pick % k;
        let id_s = format!("n{node}");
        for model in MODELS {
            let ra = run(&a, model, a.index_of(&id_s).unwrap().index(), h);
            let rb = run(&b, model, b.index_of(&id_s).unwrap().index(), h);
            for i in 0..k {
                let x = format!("n{i}");
                let (ia, ib) = (a.index_of(&x).unwrap(), b.index_of(&x).unwrap());
                prop_assert!((ra.distress[ia] - rb.distress[ib]).abs() < tol::RELABEL, "{:?} {}", model, x);
                prop_assert_eq!(ra.state[ia], rb.state[ib]);
            }
            let (ta, tb) = (ra.totals(&a), rb.totals(&b));
            prop_assert!((ta.total_loss - tb.total_loss).abs() < tol::RELABEL * (1.0 + ta.total_loss.abs()));
            prop_assert!((ta.impact - tb.impact).abs() < tol::RELABEL);
        }
    }

    #[test]
    fn classic_never_exceeds_differential(s in spec(), pick in 0usize..100, h in 0.0f64..=1.0) {
        let n = net(&s, false);
        let node = pick % s.nodes.len();
        let c = run(&n, Model::DebtRankClassic, node, h);
        let d = run(&n, Model::DebtRank, node, h);
        for i in 0..n.node_count() {
            prop_assert!(c.distress[i] <= d.distress[i] + tol::ORDER_DISTRESS, "node {}: classic {} > differential {}", i, c.distress[i], d.distress[i]);
        }
    }

    #[test]
    fn eisenberg_noe_is_the_greatest_clearing_vector(s in spec(), pick in 0usize..100, h in 0.0f64..=1.0) {
        let n = net(&s, false);
        let node = pick % s.nodes.len();
        let r = run(&n, Model::EisenbergNoe, node, h);
        let p = &r.clearing.as_ref().unwrap().payment;
        // Rebuild L, pbar, e independently from the edge list.
        let k = n.node_count();
        let mut l = vec![vec![0.0; k]; k];
        for e in n.edges() {
            if n.edge_kind_name(e.kind) != "equity" {
                l[e.from.index()][e.to.index()] += e.amount;
            }
        }
        let pbar: Vec<f64> = (0..k).map(|i| l[i].iter().sum::<f64>() + n.external_liabilities(i)).collect();
        let e: Vec<f64> = (0..k).map(|i| n.external_assets(i) * if i == node { 1.0 - h } else { 1.0 }).collect();
        let phi = |p: &[f64]| -> Vec<f64> {
            (0..k).map(|i| {
                let inflow: f64 = (0..k).filter(|&j| pbar[j] > 0.0).map(|j| l[j][i] / pbar[j] * p[j]).sum();
                pbar[i].min((e[i] + inflow).max(0.0))
            }).collect()
        };
        let fp = phi(p);
        for i in 0..k {
            prop_assert!((fp[i] - p[i]).abs() <= tol::FIXED_POINT * (1.0 + pbar[i]), "fixed point at {}: {} vs {}", i, fp[i], p[i]);
        }
        // Plain iteration from pbar decreases to the greatest fixed point.
        let mut q = pbar.clone();
        for _ in 0..20000 {
            let nq = phi(&q);
            let change: f64 = nq.iter().zip(&q).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            q = nq;
            if change < tol::PLAIN_ITERATION_STOP { break; }
        }
        for i in 0..k {
            prop_assert!((q[i] - p[i]).abs() <= tol::GREATEST_FIXED_POINT * (1.0 + pbar[i]), "greatest at {}: iteration {} vs {}", i, q[i], p[i]);
        }
    }

    #[test]
    fn json_round_trip(s in spec()) {
        let n = net(&s, false);
        let once = gjson::to_string(&n);
        let back = gjson::parse(&once, "once").unwrap();
        prop_assert_eq!(gjson::to_string(&back), once);
        prop_assert_eq!(back.node_count(), n.node_count());
        prop_assert_eq!(back.edge_count(), n.edge_count());
    }
}
