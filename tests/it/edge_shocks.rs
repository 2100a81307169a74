//! Edge shocks (model contract 5.3): a node shock equals its edge-shock form, to 1e-12, in all
//! four models; hand-checked cases (the section-5 reference cases are in `reference_v2`);
//! duplicates are errors.

use proptest::prelude::*;
use serde_json::json;
use shockgraph::io::json as gjson;
use shockgraph::shock::{self, EdgeShock, Haircut, Model, Params, Shock, ShockResult};
use shockgraph::{EdgeId, Network, NodeId};

const KINDS: [&str; 7] = [
    "debt",
    "compute_commitment",
    "chip_purchase",
    "revenue",
    "equity",
    "lease",
    "guarantee",
];

const MODELS: [Model; 4] = [
    Model::DebtRank,
    Model::DebtRankClassic,
    Model::Threshold,
    Model::EisenbergNoe,
];

/// The cascades, in which an edge shock's round-1 loss is `H_e * exposure` (not Eisenberg–Noe,
/// where a node haircut cuts external assets and an edge haircut writes an obligation down).
const CASCADES: [Model; 3] = [Model::DebtRank, Model::DebtRankClassic, Model::Threshold];

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
        .map(|(i, b)| {
            // Eisenberg–Noe balance sheets derived from the buffer: some nodes short of assets.
            json!({"id": format!("n{i}"), "buffer": b, "external_assets": 2.0 * b,
                   "external_liabilities": if i % 3 == 0 { *b } else { 0.0 }})
        })
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
        for model in CASCADES {
            let a = shock::run(&n, model, &node_shock(x, h), &Params::default()).unwrap();
            let b = shock::run_with_edges(&n, model, &[], &es, &Params::default()).unwrap();
            assert_close(&a, &b, Some(x))?;
        }
    }

    /// Eisenberg–Noe is pari passu: an edge haircut at or below the obligor's node haircut
    /// writes nothing down (c_e = max(0, H_e - h_O(1)) = 0), so the result is the node shock's.
    #[test]
    fn en_edge_haircut_below_the_node_haircut_does_nothing(s in spec(), pick in 0usize..100, h in 0.0f64..=1.0, f in 0.0f64..=1.0) {
        let n = net(&s.0, &s.1);
        let x = pick % n.node_count();
        let a = shock::run(&n, Model::EisenbergNoe, &node_shock(x, h), &Params::default()).unwrap();
        let b = shock::run_with_edges(&n, Model::EisenbergNoe, &node_shock(x, h), &obligor_edges(&n, x, f * h), &Params::default()).unwrap();
        assert_close(&a, &b, None)?;
    }

    /// A larger edge haircut never lowers a DebtRank-family or threshold node's distress.
    #[test]
    fn cascades_are_monotone_in_an_edge_haircut(s in spec(), pick in 0usize..100, lo in 0.0f64..=1.0, up in 0.0f64..=1.0) {
        let n = net(&s.0, &s.1);
        prop_assume!(n.edge_count() > 0);
        let e = EdgeId::new(pick % n.edge_count());
        let hi = lo + (1.0 - lo) * up;
        for model in CASCADES {
            let run = |h: f64| shock::run_with_edges(&n, model, &[], &[EdgeShock::new(e, Haircut::new(h).unwrap())], &Params::default()).unwrap();
            let (a, b) = (run(lo), run(hi));
            for i in 0..n.node_count() {
                prop_assert!(b.distress[i] >= a.distress[i] - 1e-12, "{} node {} {} > {}", model, i, a.distress[i], b.distress[i]);
            }
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
    for model in CASCADES {
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
fn classic_tops_up_only_what_an_edge_has_not_passed() {
    // n0 at 0.5 as a node, its edge to n1 at 0.2. Round 1: n1 gains 0.2 * min(1, 10/5) = 0.2,
    // n3 gains 0.5 * 1 = 0.5; n0 is inactive afterwards, so the edge n0 -> n1 is never topped up.
    // Round 2: n1 (first distressed in round 1) passes 0.2 * min(1, 4/8) = 0.1 to n2.
    let n = small();
    let es = [EdgeShock::new(EdgeId::new(0), Haircut::new(0.2).unwrap())];
    let r = shock::run_with_edges(
        &n,
        Model::DebtRankClassic,
        &node_shock(0, 0.5),
        &es,
        &Params::default(),
    )
    .unwrap();
    assert_eq!(r.distress, vec![0.5, 0.2, 0.1, 0.5]);
    assert_eq!(r.first_round, vec![Some(1), Some(1), Some(2), Some(1)]);
    assert_eq!(r.rounds, 2);
    // Edge n0 -> n1 alone at 1: n1 at min(1, 1 * 1) = 1, passes 1 * 0.5 to n2.
    let es = [EdgeShock::new(EdgeId::new(0), Haircut::FULL)];
    let r =
        shock::run_with_edges(&n, Model::DebtRankClassic, &[], &es, &Params::default()).unwrap();
    assert_eq!(r.distress, vec![0.0, 1.0, 0.5, 0.0]);
}

#[test]
fn en_write_down_of_a_solvent_obligor() {
    // o (external assets 30, buffer 10) owes a 20 and b 10: equity before 30 - 30 = 0.
    // --edge o:a=0.5, o not shocked: L'_oa = 10, pbar'_o = 20 <= 30, o pays in full;
    // a: claims 20 at face, receives 10: loss 10, distress 10/20; o: equity after 10, loss -10,
    // distress 0; b is paid in full.
    let n = gjson::parse(
        &json!({"nodes": [
            {"id": "o", "buffer": 10, "external_assets": 30},
            {"id": "a", "buffer": 20, "external_assets": 0},
            {"id": "b", "buffer": 10, "external_assets": 0}],
          "edges": [{"from": "o", "to": "a", "amount": 20}, {"from": "o", "to": "b", "amount": 10}]})
        .to_string(),
        "en",
    )
    .unwrap();
    let es = [EdgeShock::new(EdgeId::new(0), Haircut::new(0.5).unwrap())];
    let r = shock::run_with_edges(&n, Model::EisenbergNoe, &[], &es, &Params::default()).unwrap();
    let c = r.clearing.as_ref().unwrap();
    assert_eq!(c.payment, vec![20.0, 0.0, 0.0]);
    assert_eq!(c.payment_ratio[0], 1.0);
    assert_eq!(c.equity, vec![10.0, 10.0, 10.0]);
    assert_eq!(r.loss, vec![-10.0, 10.0, 0.0]);
    assert_eq!(r.distress, vec![0.0, 0.5, 0.0]);
    // Totals count max(0, h_final - h(1)) (convention 7e): o's gain offsets nothing.
    assert_eq!(r.totals(&n).total_loss, 10.0);
}

#[test]
fn threshold_node_shocked_at_one_tops_its_edges_up_in_round_two() {
    // x (buffer 10) owes a 10, a (buffer 20) owes b 10; x shocked at 1, its edge to a at 0.2.
    // Round 1: a loses 2; x, shocked at 1, has defaulted. Round 2: x passes the part of the
    // exposure not yet passed, 0.8 * 10 = 8: a at 10/20 = 0.5, not defaulted (b untouched).
    // Differential DebtRank passes min(1, 0.2 + 1 - 1) = 0.2 only: a at 0.1, b at 0.1.
    let n = net(
        &[10.0, 20.0, 10.0],
        &[(0, 1, 0, 10.0, 0.0), (1, 2, 0, 10.0, 0.0)],
    );
    let es = [EdgeShock::new(EdgeId::new(0), Haircut::new(0.2).unwrap())];
    let shocks = node_shock(0, 1.0);
    let r = shock::run_with_edges(&n, Model::Threshold, &shocks, &es, &Params::default()).unwrap();
    assert_eq!(r.distress, vec![1.0, 0.5, 0.0]);
    assert_eq!(r.first_round, vec![Some(1), Some(1), None]);
    assert_eq!(r.rounds, 2);
    assert_eq!(r.totals(&n).total_loss, 10.0);
    let r = shock::run_with_edges(&n, Model::DebtRank, &shocks, &es, &Params::default()).unwrap();
    assert_eq!(r.distress, vec![1.0, 0.1, 0.1]);
}

#[test]
fn duplicates_are_errors_in_every_model() {
    let n = small();
    let es = [EdgeShock::new(EdgeId::new(0), Haircut::FULL)];
    let twice = [es[0], es[0]];
    for model in MODELS {
        let e = shock::run_with_edges(&n, model, &[], &twice, &Params::default()).unwrap_err();
        assert!(e.to_string().contains("shocked twice"), "{e}");
    }
}
