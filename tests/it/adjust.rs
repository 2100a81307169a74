//! Bases and sensitivity flags (`docs/model.md` 5.1 and 5.6): each flag's effect on a small
//! graph worked by hand, the record of every result's `parameters`, bad ids with "did you
//! mean" (exit 2), market = book when values equal buffers (proptest), and the reference cases
//! `tests/reference/shock/cases_v2/basis_*.json` (convention 1) reproduced to 1e-9.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Value};
use shockgraph::io::json as gjson;
use shockgraph::model::{Adjustments, Basis};
use shockgraph::shock::{self, Haircut, Model, Params, Shock};
use shockgraph::{Network, NodeId};

use crate::common::{file, graph, tol};

/// p (`ai_lab`, buffer 10, value 100), q (investor, 20, value 50), r (cloud, 40), u (lender,
/// 25). q holds equity in p at 8 (`market_value` 100, a firm source); p owes r a compute
/// commitment of 20 (an estimate); q owes u a debt of 30 (no source).
///
/// Shock p 0.5, debtrank, book basis: q loses 0.5 * 8 = 4 (h 0.2); r 0.5 * 20 = 10 (h 0.25);
/// u 0.2 * 30 = 6 (h 0.24). Total loss 20; values 100 + 50 + 40 + 25 = 215.
const GRAPH: &str = r#"{"nodes": [
  {"id": "p", "kind": "ai_lab", "buffer": 10, "value": 100},
  {"id": "q", "kind": "investor", "buffer": 20, "value": 50},
  {"id": "r", "kind": "cloud", "buffer": 40},
  {"id": "u", "kind": "lender", "buffer": 25}],
 "edges": [
  {"from": "q", "to": "p", "kind": "equity", "amount": 8, "market_value": 100,
   "sources": [{"title": "filing", "date": "2026", "status": "firm"}]},
  {"from": "p", "to": "r", "kind": "compute_commitment", "amount": 20,
   "sources": [{"title": "guess", "date": "2026", "status": "estimate"}]},
  {"from": "q", "to": "u", "kind": "debt", "amount": 30}]}"#;

/// `graph <command> --graph GRAPH <args> --format json`, parsed.
fn run_json(command: &[&str], args: &[&str]) -> Value {
    let (_dir, path) = file("g.json", GRAPH);
    let out = graph()
        .args(command)
        .arg("--graph")
        .arg(&path)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{command:?} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `graph shock --node p --haircut 0.5` with `args`, as JSON.
fn shock(args: &[&str]) -> Value {
    run_json(&["shock", "--node", "p", "--haircut", "0.5"], args)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= tol::REFERENCE * (1.0 + b.abs())
}

fn total(v: &Value) -> f64 {
    v["total_loss"].as_f64().unwrap()
}

/// A node's loss, or `None` when the output does not list it.
fn loss(v: &Value, id: &str) -> Option<f64> {
    v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .map(|n| n["loss"].as_f64().unwrap())
}

#[test]
fn book_is_the_default_and_is_recorded() {
    let v = shock(&[]);
    assert!(close(total(&v), 20.0), "{v}");
    assert_eq!(v["parameters"]["basis"], "book");
    assert!(v["parameters"].get("overrides").is_none());
    assert_eq!(shock(&["--basis", "book"]), v);
}

#[test]
fn market_basis_uses_values_and_market_values() {
    // Buffers := values (p 100, q 50, r 40, u 25); the stake counts at 100. q = min(1, 50/50)
    // = 1 (loss 50), r 0.25 (10), u min(1, 30/25) = 1 (25): 85 (reference basis_market_dr).
    let v = shock(&["--basis", "market"]);
    assert!(close(total(&v), 85.0), "{v}");
    assert!(close(loss(&v, "p").unwrap(), 50.0));
    assert_eq!(v["parameters"]["basis"], "market");
    assert!(close(v["impact"].as_f64().unwrap(), 85.0 / 215.0));
}

#[test]
fn recovery_overrides_by_kind_and_all() {
    // debt=0.5: u's exposure 15, h 0.2 * 15 / 25 = 0.12, loss 3: total 17.
    let v = shock(&["--recovery", "debt=0.5"]);
    assert!(close(total(&v), 17.0), "{v}");
    assert_eq!(
        v["parameters"]["overrides"],
        json!({"recovery": {"debt": 0.5}})
    );
    // all=0.5 with debt=0: q loses 2 (h 0.1), r 5, u 0.1 * 30 = 3: total 10.
    let v = shock(&["--recovery", "all=0.5", "--recovery", "debt=0"]);
    assert!(close(total(&v), 10.0), "{v}");
}

#[test]
fn buffer_and_value_overrides() {
    // q's buffer 8: h_q = 4/8 = 0.5, u = 0.5 * 30 / 25 = 0.6 (loss 15): 4 + 10 + 15 = 29.
    let v = shock(&["--buffer", "q=8"]);
    assert!(close(total(&v), 29.0), "{v}");
    assert_eq!(v["parameters"]["overrides"], json!({"buffer": {"q": 8.0}}));
    // p's value 200: same losses, impact over a total value of 315 instead of 215.
    let book = shock(&[]);
    let v = shock(&["--value", "p=200"]);
    assert!(close(total(&v), 20.0));
    let ratio = v["impact"].as_f64().unwrap() / book["impact"].as_f64().unwrap();
    assert!(close(ratio, 215.0 / 315.0), "{ratio}");
    // Overrides come before the basis: under market p's buffer is its new value 60.
    let v = shock(&["--value", "p=60", "--basis", "market"]);
    assert!(close(loss(&v, "p").unwrap(), 30.0), "{v}");
}

#[test]
fn drops_and_min_status() {
    // Without u (or without the debt q -> u) the total is 4 + 10 = 14.
    let v = shock(&["--drop", "u"]);
    assert!(close(total(&v), 14.0), "{v}");
    assert_eq!(loss(&v, "u"), None);
    assert_eq!(v["parameters"]["overrides"]["nodes_dropped"], 1);
    assert_eq!(v["parameters"]["overrides"]["edges_dropped"], 1);
    let v = shock(&["--drop-edge", "q:u"]);
    assert!(close(total(&v), 14.0), "{v}");
    assert_eq!(loss(&v, "u"), Some(0.0));
    let v = shock(&["--drop-edge", "q:u:debt"]);
    assert!(close(total(&v), 14.0), "{v}");
    // firm: only the stake is kept (the commitment is an estimate, the debt has no source).
    let v = shock(&["--min-status", "firm"]);
    assert!(close(total(&v), 4.0), "{v}");
    assert_eq!(v["parameters"]["overrides"]["edges_dropped"], 2);
    assert_eq!(v["parameters"]["overrides"]["min_status"], "firm");
    let v = shock(&["--min-status", "reported"]);
    assert!(close(total(&v), 4.0), "{v}");
    let v = shock(&["--min-status", "estimate"]);
    assert!(close(total(&v), 14.0), "{v}");
}

#[test]
fn every_result_records_basis_and_overrides() {
    let args = ["--basis", "market", "--drop", "u"];
    let want = json!({"drop": ["u"], "nodes_dropped": 1, "edges_dropped": 1});
    let check = |v: &Value, what: &str| {
        assert_eq!(v["basis"], "market", "{what}: {v}");
        assert_eq!(v["overrides"], want, "{what}: {v}");
    };
    check(&shock(&args)["parameters"], "shock");
    check(&run_json(&["rank"], &args)["parameters"], "rank");
    check(
        &run_json(&["sweep", "--node", "p", "--steps", "2"], &args)["parameters"],
        "sweep",
    );
    check(
        &run_json(&["tipping", "--node", "p", "--target", "q"], &args)["shock"]["parameters"],
        "tipping",
    );
    check(
        &run_json(&["exposure", "--node", "p"], &args)["parameters"],
        "exposure",
    );
    check(
        &run_json(&["centrality", "--measure", "pagerank"], &args)["parameters"],
        "centrality",
    );
    check(
        &run_json(&["centrality", "--all"], &args)["parameters"],
        "centrality --all",
    );
}

#[test]
fn export_writes_the_adjusted_graph() {
    let v = run_json(&["export"], &["--drop", "u", "--basis", "market"]);
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3, "{v}");
    assert_eq!(nodes[0]["buffer"], 100.0);
    assert_eq!(nodes[0]["value"], 100.0);
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2, "{v}");
    assert_eq!(edges[0]["amount"], 100.0);
    assert_eq!(edges[1]["amount"], 20.0);
}

#[test]
fn tables_print_the_basis_next_to_the_model() {
    let (_dir, path) = file("g.json", GRAPH);
    let out = graph()
        .args([
            "shock", "--node", "p", "--basis", "market", "--buffer", "r=5", "--graph",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("model debtrank, basis: market value; overrides: buffer r=5"),
        "{text}"
    );
}

/// `graph shock --node p` on GRAPH with `args`: exit 2, every needle in the message, no panic.
fn refused(args: &[&str], needles: &[&str]) {
    let (_dir, path) = file("g.json", GRAPH);
    let out = graph()
        .args(["shock", "--node", "p", "--graph"])
        .arg(&path)
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(
            err.contains(n),
            "`{n}` not in the message for {args:?}: {err}"
        );
    }
}

#[test]
fn bad_values_are_refused_with_hints() {
    refused(
        &["--drop", "qq"],
        &["invalid --drop", "`qq`", "did you mean `q`"],
    );
    refused(
        &["--buffer", "rr=3"],
        &["invalid --buffer", "did you mean `r`"],
    );
    refused(
        &["--value", "uu=3"],
        &["invalid --value", "did you mean `u`"],
    );
    refused(
        &["--drop-edge", "q:uu"],
        &["invalid --drop-edge", "did you mean `u`"],
    );
    refused(
        &["--drop-edge", "q:u:dbt"],
        &["invalid --drop-edge", "did you mean `debt`"],
    );
    refused(
        &["--drop-edge", "p:q"],
        &["invalid --drop-edge", "no edge p:q"],
    );
    refused(
        &["--drop-edge", "p"],
        &["invalid --drop-edge", "FROM:TO[:KIND]"],
    );
    refused(
        &["--recovery", "dbt=0.5"],
        &["invalid --recovery", "did you mean `debt`"],
    );
    refused(
        &["--recovery", "debt=1.5"],
        &["invalid --recovery", "debt=1.5", "[0, 1]"],
    );
    refused(&["--recovery", "debt"], &["invalid --recovery", "KIND=R"]);
    refused(&["--buffer", "q=-1"], &["invalid --buffer", "q=-1", ">= 0"]);
    refused(&["--value", "q=x"], &["invalid --value", "not a number"]);
    refused(
        &["--drop", "q", "--buffer", "q=1"],
        &["invalid --buffer", "dropped"],
    );
    refused(&["--drop", "p"], &["invalid --drop", "`p` is dropped"]);
    refused(
        &["--buffer", "q=1", "--basis", "market"],
        &["invalid --buffer", "value (50)"],
    );
    refused(&["--basis", "fair"], &["fair"]);
    refused(&["--min-status", "assumption"], &["assumption"]);
}

// ------------------------------------------------------------------ market = book (proptest)

type Edge = (usize, usize, usize, f64, f64);
const KINDS: [&str; 4] = ["debt", "compute_commitment", "revenue", "equity"];

/// A random graph whose values equal its buffers (given, or left to default) and without
/// market values.
fn random_net(buffers: &[f64], explicit: &[bool], edges: &[Edge]) -> Network {
    let nodes: Vec<Value> = buffers
        .iter()
        .zip(explicit)
        .enumerate()
        .map(|(i, (&b, &v))| {
            if v {
                json!({"id": format!("n{i}"), "buffer": b, "value": b})
            } else {
                json!({"id": format!("n{i}"), "buffer": b})
            }
        })
        .collect();
    let edges: Vec<Value> = edges
        .iter()
        .map(|&(f, t, k, a, r)| {
            json!({"from": format!("n{f}"), "to": format!("n{t}"), "kind": KINDS[k],
                   "amount": a, "recovery": r})
        })
        .collect();
    gjson::parse(&json!({"nodes": nodes, "edges": edges}).to_string(), "prop").unwrap()
}

fn spec() -> impl Strategy<Value = (Vec<f64>, Vec<bool>, Vec<Edge>, usize, f64)> {
    (2usize..8).prop_flat_map(|n| {
        let edge = (0..n, 0..n, 0..KINDS.len(), 0.1f64..40.0, 0.0f64..1.0);
        (
            proptest::collection::vec(prop_oneof![Just(0.0), 0.5f64..30.0], n),
            proptest::collection::vec(any::<bool>(), n),
            proptest::collection::vec(edge, 0..(3 * n)),
            0..n,
            0.0f64..=1.0,
        )
            .prop_map(|(b, v, e, x, h)| {
                (b, v, e.into_iter().filter(|e| e.0 != e.1).collect(), x, h)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn market_equals_book_when_values_are_buffers((b, v, e, x, h) in spec()) {
        let book = random_net(&b, &v, &e);
        let market = book
            .adjusted(&Adjustments { basis: Basis::Market, ..Adjustments::default() })
            .unwrap();
        let shocks = [Shock::new(NodeId::new(x), Haircut::new(h).unwrap())];
        for model in [Model::DebtRank, Model::DebtRankClassic, Model::Threshold] {
            let a = shock::run(&book, model, &shocks, &Params::default()).unwrap();
            let m = shock::run(&market, model, &shocks, &Params::default()).unwrap();
            for i in 0..b.len() {
                prop_assert!((a.distress[i] - m.distress[i]).abs() <= 1e-12, "{:?} distress {}", model, i);
                prop_assert!((a.loss[i] - m.loss[i]).abs() <= 1e-12, "{:?} loss {}", model, i);
                prop_assert_eq!(a.state[i], m.state[i]);
            }
            let (ta, tm) = (a.totals(&book), m.totals(&market));
            prop_assert!((ta.total_loss - tm.total_loss).abs() <= 1e-12);
            prop_assert!((ta.impact - tm.impact).abs() <= 1e-12);
            prop_assert_eq!((ta.distressed, ta.defaulted), (tm.distressed, tm.defaulted));
        }
    }
}

// ------------------------------------------------------------------ reference cases

/// Runs one `basis_*` case through the library: the graph, `parameters.basis`, the shocks.
/// The totals `value_lost`, `loss_by_kind` and `depth` are checked elsewhere (5.2).
fn check_case(path: &Path) -> Vec<String> {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name = case["name"].as_str().unwrap().to_string();
    let read = gjson::parse(&case["graph"].to_string(), &name).unwrap();
    let basis = case["parameters"]["basis"]
        .as_str()
        .map_or(Basis::Book, |b| Basis::parse(b).unwrap());
    let net = read
        .adjusted(&Adjustments {
            basis,
            ..Adjustments::default()
        })
        .unwrap();
    assert!(case["edge_shocks"].as_array().is_none_or(Vec::is_empty));
    let model = Model::parse(case["model"].as_str().unwrap()).unwrap();
    let shocks: Vec<Shock> = case["shocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let node = net.node(s["node"].as_str().unwrap()).unwrap();
            Shock::new(node, Haircut::new(s["haircut"].as_f64().unwrap()).unwrap())
        })
        .collect();
    let r = shock::run(&net, model, &shocks, &Params::default()).unwrap();
    let t = r.totals(&net);
    let exp = &case["expected"];
    let mut errs = Vec::new();
    let mut states = Vec::new();
    let mut cmp = |what: String, got: f64, want: &Value| {
        let want = want.as_f64().unwrap();
        if !close(got, want) {
            errs.push(format!("{name}: {what}: got {got}, want {want}"));
        }
    };
    cmp("total_loss".into(), t.total_loss, &exp["total_loss"]);
    cmp("impact".into(), t.impact, &exp["impact"]);
    cmp("distressed".into(), t.distressed as f64, &exp["distressed"]);
    cmp("defaulted".into(), t.defaulted as f64, &exp["defaulted"]);
    for (id, want) in exp["nodes"].as_object().unwrap() {
        let i = net.node(id).unwrap().index();
        cmp(format!("{id}.distress"), r.distress[i], &want["distress"]);
        cmp(format!("{id}.loss"), r.loss[i], &want["loss"]);
        if r.state[i].as_str() != want["state"] {
            states.push(format!(
                "{name}: {id}.state: got {}, want {}",
                r.state[i].as_str(),
                want["state"]
            ));
        }
    }
    errs.extend(states);
    errs
}

#[test]
fn basis_reference_cases_reproduced() {
    let paths = crate::common::json_files("tests/reference/shock/cases_v2", "basis_");
    assert_eq!(paths.len(), 4, "the four basis cases: {paths:?}");
    let errs: Vec<String> = paths.iter().flat_map(|p| check_case(p)).collect();
    crate::common::assert_no_mismatch(&errs);
}
