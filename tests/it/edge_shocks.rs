//! Edge shocks (model contract 5.3): a node shock equals its edge-shock form, to 1e-12, in the
//! models that implement edge shocks (`debtrank`, `threshold`); a hand-checked case; the models
//! without them refuse.

use proptest::prelude::*;
use serde_json::json;
use shockgraph::io::json as gjson;
use shockgraph::shock::{self, EdgeShock, Haircut, Model, Params, Shock, ShockResult};
use shockgraph::{EdgeId, Network, NodeId};

const KINDS: [&str; 5] = [
    "debt",
    "compute_commitment",
    "chip_purchase",
    "revenue",
    "equity",
];

const MODELS: [Model; 2] = [Model::DebtRank, Model::Threshold];

type Edge = (usize, usize, usize, f64, f64); // from, to, kind, amount, recovery

fn spec() -> impl Strategy<Value = (Vec<f64>, Vec<Edge>)> {
    (2usize..9).prop_flat_map(|n| {
        let edge = (
            0..n,
            0..n,
            0usize..KINDS.len(),
            0.1f64..40.0,
            prop_oneof![Just(0.0), Just(0.3), 0.0f64..1.0],
        );
        (
            proptest::collection::vec(prop_oneof![Just(0.0), 0.5f64..30.0], n),
            proptest::collection::vec(edge, 0..(3 * n)),
        )
            .prop_map(|(b, e)| (b, e.into_iter().filter(|x| x.0 != x.1).collect()))
    })
}

fn net(buffers: &[f64], edges: &[Edge]) -> Network {
    let nodes: Vec<_> = buffers
        .iter()
        .enumerate()
        .map(|(i, b)| json!({"id": format!("n{i}"), "buffer": b}))
        .collect();
    let edges: Vec<_> = edges
        .iter()
        .map(|&(f, t, k, a, r)| {
            json!({"from": format!("n{f}"), "to": format!("n{t}"), "kind": KINDS[k],
                   "amount": a, "recovery": r})
        })
        .collect();
    gjson::parse(&json!({"nodes": nodes, "edges": edges}).to_string(), "prop").unwrap()
}

/// Every edge whose obligor is `x`, each with haircut `h`.
fn obligor_edges(n: &Network, x: usize, h: f64) -> Vec<EdgeShock> {
    n.edges()
        .filter(|e| n.distress_pair(e).0.index() == x)
        .map(|e| EdgeShock::new(e.index, Haircut::new(h).unwrap()))
        .collect()
}

fn node_shock(x: usize, h: f64) -> Vec<Shock> {
    vec![Shock::new(NodeId::new(x), Haircut::new(h).unwrap())]
}

fn assert_close(
    a: &ShockResult,
    b: &ShockResult,
    skip: Option<usize>,
) -> Result<(), TestCaseError> {
    for i in 0..a.distress.len() {
        if Some(i) == skip {
            continue;
        }
        prop_assert!(
            (a.distress[i] - b.distress[i]).abs() <= 1e-12,
            "node {} distress {} vs {}",
            i,
            a.distress[i],
            b.distress[i]
        );
        prop_assert!(
            (a.loss[i] - b.loss[i]).abs() <= 1e-12 * (1.0 + a.loss[i].abs()),
            "node {} loss {} vs {}",
            i,
            a.loss[i],
            b.loss[i]
        );
        prop_assert_eq!(a.state[i], b.state[i], "node {} state", i);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// A node shock h on X equals h on every edge whose obligor is X plus h_X(1) = h.
    #[test]
    fn node_shock_equals_its_edge_form(s in spec(), pick in 0usize..100, h in 0.0f64..=1.0) {
        let n = net(&s.0, &s.1);
        let x = pick % n.node_count();
        for model in MODELS {
            let a = shock::run(&n, model, &node_shock(x, h), &Params::default()).unwrap();
            let b = shock::run_with_edges(&n, model, &node_shock(x, h), &obligor_edges(&n, x, h), &Params::default()).unwrap();
            assert_close(&a, &b, None)?;
        }
    }

    /// When nothing is exposed to X's distress through the network (no feedback), edge
    /// shocks h on all of X's obligations, with X not shocked as a node, move every other node
    /// exactly as the node shock does: round 1 comes from the edge haircuts alone.
    #[test]
    fn edge_shocks_alone_match_the_node_shock_without_feedback(s in spec(), pick in 0usize..100, h in 0.0f64..=1.0) {
        let n0 = net(&s.0, &s.1);
        let x = pick % n0.node_count();
        let edges: Vec<Edge> = s.1.iter().copied().enumerate()
            .filter(|(k, _)| n0.distress_pair(&n0.edge(*k)).1.index() != x)
            .map(|(_, e)| e)
            .collect();
        let n = net(&s.0, &edges);
        let es = obligor_edges(&n, x, h);
        prop_assume!(!es.is_empty());
        for model in MODELS {
            let a = shock::run(&n, model, &node_shock(x, h), &Params::default()).unwrap();
            let b = shock::run_with_edges(&n, model, &[], &es, &Params::default()).unwrap();
            assert_close(&a, &b, Some(x))?;
        }
    }
}

/// x owes a 10 and c 10, a owes b 4; buffers x 10, a 5, b 8, c 10.
fn small() -> Network {
    net(
        &[10.0, 5.0, 8.0, 10.0],
        &[
            (0, 1, 0, 10.0, 0.0),
            (0, 3, 0, 10.0, 0.0),
            (1, 2, 0, 4.0, 0.0),
        ],
    )
}

#[test]
fn one_edge_hits_its_exposed_end_only() {
    // --edge n0:n1=1: n1 loses 10 >= 5 (defaults, round 1), passes 4 to n2 (h = 0.5, round 2);
    // n3, on n0's other edge, loses nothing; n0 itself is not distressed.
    let n = small();
    let es = [EdgeShock::new(EdgeId::new(0), Haircut::FULL)];
    for model in MODELS {
        let r = shock::run_with_edges(&n, model, &[], &es, &Params::default()).unwrap();
        assert_eq!(r.distress, vec![0.0, 1.0, 0.5, 0.0], "{model}");
        assert_eq!(r.first_round, vec![None, Some(1), Some(2), None], "{model}");
        assert_eq!(r.totals(&n).total_loss, 9.0, "{model}");
    }
}

#[test]
fn an_edge_haircut_overrides_the_node_haircut() {
    // Node n0 at 0.5, but its edge to n1 at 0.2: n1 loses 2 (0.4), n3 loses 5 (0.5);
    // n1 passes its increments on: n2 loses 0.4 * 4 = 1.6 in DebtRank, nothing in threshold.
    let n = small();
    let es = [EdgeShock::new(EdgeId::new(0), Haircut::new(0.2).unwrap())];
    let r = shock::run_with_edges(
        &n,
        Model::DebtRank,
        &node_shock(0, 0.5),
        &es,
        &Params::default(),
    )
    .unwrap();
    assert!((r.distress[1] - 0.4).abs() < 1e-15);
    assert!((r.distress[2] - 0.2).abs() < 1e-15);
    assert!((r.distress[3] - 0.5).abs() < 1e-15);
    let r = shock::run_with_edges(
        &n,
        Model::Threshold,
        &node_shock(0, 0.5),
        &es,
        &Params::default(),
    )
    .unwrap();
    assert_eq!(r.distress, vec![0.5, 0.4, 0.0, 0.5]);
}

#[test]
fn models_without_edge_shocks_refuse_and_duplicates_are_errors() {
    let n = small();
    let es = [EdgeShock::new(EdgeId::new(0), Haircut::FULL)];
    for model in [Model::DebtRankClassic, Model::EisenbergNoe] {
        let e = shock::run_with_edges(&n, model, &[], &es, &Params::default()).unwrap_err();
        assert!(e.to_string().contains("not implemented"), "{e}");
    }
    let twice = [es[0], es[0]];
    let e =
        shock::run_with_edges(&n, Model::DebtRank, &[], &twice, &Params::default()).unwrap_err();
    assert!(e.to_string().contains("shocked twice"), "{e}");
}
