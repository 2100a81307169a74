//! `graph sweep --edge` and `graph tipping --edge` (model contract 5.3): hand-checked curves
//! and tipping points on `tests/fixtures/edge-shock.json`, each sweep point equal to
//! `graph shock` at that haircut, fixed edge shocks at every point, and the usage errors.

use serde_json::Value;
use shockgraph::analysis::{self, Lever, Target};
use shockgraph::shock::{self, EdgeShock, Haircut, Model, Params};
use shockgraph::EdgeId;

use crate::common::{fixture, graph, tol};

/// x owes a 10 and c 10, a owes b 4; buffers x 10, a 5, b 8, c 10.
fn run(args: &[&str]) -> std::process::Output {
    let f = fixture("edge-shock.json");
    graph().arg("--graph").arg(&f).args(args).output().unwrap()
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn totals(p: &Value) -> Vec<f64> {
    ["total_loss", "impact", "distressed", "defaulted"]
        .iter()
        .map(|k| p[k].as_f64().unwrap())
        .collect()
}

#[test]
fn edge_curve_hand_checked_and_equal_to_graph_shock() {
    // Edge x:a at h: a loses 10h (capped at its buffer 5), b loses min(1, 2h) * 4 (DebtRank):
    // h = 0.25: 2.5 + 2 = 4.5; h >= 0.5: 5 + 4 = 9. Nothing else moves (x is not shocked).
    let s = json(&["sweep", "--edge", "x:a", "--steps", "4", "--format", "json"]);
    let curve = &s["curves"][0];
    assert_eq!(curve["edge"], "x:a");
    assert!(curve.get("node").is_none());
    let got: Vec<f64> = curve["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total_loss"].as_f64().unwrap())
        .collect();
    assert_eq!(got, vec![0.0, 4.5, 9.0, 9.0, 9.0]);
    for model in ["debtrank", "debtrank-classic", "threshold"] {
        let s = json(&[
            "sweep", "--edge", "x:a", "--model", model, "--steps", "4", "--format", "json",
        ]);
        for p in s["curves"][0]["points"].as_array().unwrap() {
            let h = p["haircut"].as_f64().unwrap();
            let edge = format!("x:a={h}");
            let shock = json(&[
                "shock", "--edge", &edge, "--model", model, "--format", "json",
            ]);
            assert_eq!(totals(p), totals(&shock), "{model} at haircut {h}");
        }
    }
}

#[test]
fn fixed_edge_shocks_apply_at_every_point() {
    // --edge x:c=0.5 at every point: c loses 5 (total 5 at haircut 0); the node curve on x
    // gives x's edge to a the node haircut, its edge to c keeps 0.5.
    let s = json(&[
        "sweep", "--node", "x", "--edge", "x:c=0.5", "--edge", "a:b", "--steps", "2", "--format",
        "json",
    ]);
    assert_eq!(s["parameters"]["edge_shocks"][0]["edge"], "x:c");
    let curves = s["curves"].as_array().unwrap();
    assert_eq!(curves.len(), 2);
    assert_eq!(curves[0]["node"], "x");
    assert_eq!(curves[1]["edge"], "a:b");
    assert_eq!(curves[0]["points"][0]["total_loss"], 5.0);
    assert_eq!(curves[1]["points"][0]["total_loss"], 5.0);
    // a:b at 1: b loses 4 on top of c's 5.
    assert_eq!(curves[1]["points"][2]["total_loss"], 9.0);
    for p in curves[0]["points"].as_array().unwrap() {
        let h = p["haircut"].as_f64().unwrap().to_string();
        let shock = json(&[
            "shock",
            "--node",
            "x",
            "--haircut",
            &h,
            "--edge",
            "x:c=0.5",
            "--format",
            "json",
        ]);
        assert_eq!(totals(p), totals(&shock), "node x at {h}");
    }
    // An edge both swept and fixed is shocked twice.
    let out = run(&["sweep", "--edge", "x:c", "--edge", "x:c=0.5"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("shocked twice"));
}

#[test]
fn edge_tipping_points_hand_checked() {
    // a defaults when 10h >= 5: h = 0.5; b reaches 25% when a reaches 50%: h = 0.25.
    let t = json(&[
        "tipping", "--edge", "x:a", "--target", "a", "--format", "json",
    ]);
    assert_eq!(t["edge"], "x:a");
    assert!(t.get("node").is_none());
    let h = t["haircut"].as_f64().unwrap();
    assert!(h >= 0.5 && h - 0.5 <= 1e-6, "{h}");
    let t = json(&[
        "tipping", "--edge", "x:a", "--target", "b", "--level", "0.25", "--format", "json",
    ]);
    assert!((t["haircut"].as_f64().unwrap() - 0.25).abs() <= 1e-6);
    // Any node: a is the first to default (no node is shocked as such).
    let t = json(&[
        "tipping", "--edge", "x:a", "--target", "any", "--format", "json",
    ]);
    assert_eq!(t["tipped"], "a");
    // With x:c at 1 fixed, c defaults at once: haircut 0 on x:a already tips `any`.
    let t = json(&[
        "tipping", "--edge", "x:a", "--edge", "x:c=1", "--target", "any", "--format", "json",
    ]);
    assert_eq!(t["haircut"], 0.0);
    assert_eq!(t["tipped"], "c");
    // b never defaults in the threshold model (a's default passes 4 < 8).
    let t = json(&[
        "tipping",
        "--edge",
        "x:a",
        "--target",
        "b",
        "--model",
        "threshold",
        "--format",
        "json",
    ]);
    assert!(t["haircut"].is_null());
}

#[test]
fn edge_lever_usage_errors() {
    for (args, says) in [
        (&["sweep", "--edge", "x:c=0.5"][..], "nothing to sweep"),
        (&["sweep", "--edge", "a:x"][..], "no edge a:x"),
        (
            &["sweep", "--edge", "x:a", "--plot", "/nonexistent/p.svg"][..],
            "node curves only",
        ),
        (
            &["tipping", "--node", "x", "--edge", "x:a", "--target", "b"][..],
            "not several",
        ),
        (
            &["tipping", "--edge", "x:a=0.5", "--target", "b"][..],
            "no haircut to grow",
        ),
        (&["tipping", "--target", "b"][..], "no haircut to grow"),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn eisenberg_noe_edge_sweep_equals_run_with_edges() {
    // o (assets 30) owes a 20 and b 10: a write-down of o -> a by h costs a 20h while o stays
    // solvent (total loss 20h * 20 / 20 = 20h in a's buffer units), b is untouched.
    let net = shockgraph::io::json::parse(
        &serde_json::json!({"nodes": [
            {"id": "o", "buffer": 10, "external_assets": 30},
            {"id": "a", "buffer": 20, "external_assets": 0},
            {"id": "b", "buffer": 10, "external_assets": 0}],
          "edges": [{"from": "o", "to": "a", "amount": 20}, {"from": "o", "to": "b", "amount": 10}]})
        .to_string(),
        "en",
    )
    .unwrap();
    let lever = Lever::Edges {
        label: "o:a".into(),
        edges: vec![EdgeId::new(0)],
    };
    let p = Params::default();
    let (nodes, edges) = analysis::sweep_with(
        &net,
        Model::EisenbergNoe,
        std::slice::from_ref(&lever),
        &[],
        4,
        &p,
    )
    .unwrap();
    assert!(nodes.is_empty());
    for pt in &edges[0].points {
        let es = [EdgeShock::new(
            EdgeId::new(0),
            Haircut::new(pt.haircut).unwrap(),
        )];
        let r = shock::run_with_edges(&net, Model::EisenbergNoe, &[], &es, &p).unwrap();
        assert_eq!(pt.totals, r.totals(&net));
        assert!((pt.totals.total_loss - 20.0 * pt.haircut).abs() <= tol::ANALYTIC * 20.0);
    }
    // a's distress reaches 0.5 at h = 0.5.
    let t = analysis::tipping_with(
        &net,
        Model::EisenbergNoe,
        &lever,
        &[],
        Target::Node(net.node("a").unwrap()),
        0.5,
        &p,
    )
    .unwrap();
    assert!((t.haircut.unwrap() - 0.5).abs() <= 1e-6);
}
