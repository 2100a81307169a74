//! The section-5 reference cases of `tests/reference/shock/cases_v2/` (independent Python
//! implementation with exact fractions, `tests/reference/stall/README.md`), reproduced to 1e-9
//! through the library: the graph by `io::json::parse`, the `shocks` and `edge_shocks`
//! (convention 5, selected by `shock::edge::select`), the model's `parameters`, one
//! `shock::run_with_edges`.
//!
//! What is compared is listed in one place: [`CASES`] (file prefixes run), [`PARAMETERS`] (the
//! case parameters understood), [`TOTALS`] and [`NODE_FIELDS`] (expected keys compared) and
//! [`APART`] (expected keys compared on their own). Any key
//! of a case outside these lists fails the test, so a case that needs more cannot pass silently;
//! adding a total is one line here.

use std::path::{Path, PathBuf};

use serde_json::Value;
use shockgraph::shock::{self, EdgeShock, Haircut, Model, Params, Shock, ShockResult, Totals};
use shockgraph::Network;

use crate::common::{root, tol};

/// Case files run, by name prefix.
const CASES: &[&str] = &["edge_", "basis_"];

/// Case parameters understood (`basis` is applied to the graph by `common::case_graph`).
const PARAMETERS: &[&str] = &["alpha", "beta", "basis"];

/// A total compared against the expected key of that name.
type Total = (&'static str, fn(&Totals, &ShockResult) -> f64);

/// Expected totals compared (`rounds` and `iterations` are both section 2's `rounds`).
const TOTALS: &[Total] = &[
    ("total_loss", |t, _| t.total_loss),
    ("impact", |t, _| t.impact),
    ("distressed", |t, _| t.distressed as f64),
    ("defaulted", |t, _| t.defaulted as f64),
    ("rounds", |_, r| f64::from(r.rounds)),
    ("iterations", |t, _| f64::from(t.iterations)),
    ("value_lost", |t, _| t.value_lost),
    ("depth", |t, _| t.depth.map_or(f64::NAN, f64::from)),
];

/// Expected keys compared apart from [`TOTALS`]: `loss_by_kind` (a map), `nodes`.
const APART: &[&str] = &["loss_by_kind", "nodes"];

/// Per-node fields compared (`first_round` and the Eisenberg–Noe figures when present).
const NODE_FIELDS: &[&str] = &[
    "distress",
    "loss",
    "state",
    "first_round",
    "payment",
    "payment_ratio",
    "equity",
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= tol::REFERENCE * (1.0 + b.abs())
}

fn case_paths() -> Vec<PathBuf> {
    CASES
        .iter()
        .flat_map(|c| crate::common::json_files("tests/reference/shock/cases_v2", c))
        .collect()
}

/// The case's node shocks.
fn shocks(net: &Network, case: &Value) -> Vec<Shock> {
    case["shocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            Shock::new(
                net.node(s["node"].as_str().unwrap()).unwrap(),
                Haircut::new(s["haircut"].as_f64().unwrap()).unwrap(),
            )
        })
        .collect()
}

/// The case's edge shocks (convention 5): every edge each selector names, with its haircut.
fn edge_shocks(net: &Network, case: &Value) -> shockgraph::Result<Vec<EdgeShock>> {
    let mut out = Vec::new();
    for s in case["edge_shocks"].as_array().into_iter().flatten() {
        let h = Haircut::new(s["haircut"].as_f64().unwrap())?;
        let edges = shock::edge::select(
            net,
            s["from"].as_str().unwrap(),
            s["to"].as_str().unwrap(),
            s.get("kind").and_then(Value::as_str),
        )?;
        out.extend(edges.into_iter().map(|e| EdgeShock::new(e, h)));
    }
    Ok(out)
}

fn params(case: &Value, errs: &mut Vec<String>, name: &str) -> Params {
    let mut params = Params::default();
    for (k, v) in case["parameters"].as_object().unwrap() {
        if !PARAMETERS.contains(&k.as_str()) {
            errs.push(format!("{name}: parameter `{k}` is not understood here"));
        }
        match k.as_str() {
            "alpha" => params = params.with_alpha(v.as_f64().unwrap()).unwrap(),
            "beta" => params = params.with_beta(v.as_f64().unwrap()).unwrap(),
            _ => {}
        }
    }
    params
}

/// Runs a case; the list of mismatches (empty when it is reproduced).
fn check_case(path: &Path) -> Vec<String> {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name = case["name"].as_str().unwrap().to_string();
    let net = crate::common::case_graph(&case, &name);
    let model = Model::parse(case["model"].as_str().unwrap()).unwrap();
    let mut errs = Vec::new();
    let params = params(&case, &mut errs, &name);
    let edges = edge_shocks(&net, &case).unwrap();
    let r = shock::run_with_edges(&net, model, &shocks(&net, &case), &edges, &params).unwrap();
    let t = r.totals(&net);
    let exp = &case["expected"];
    for (key, want) in exp.as_object().unwrap() {
        if APART.contains(&key.as_str()) {
            continue;
        }
        match TOTALS.iter().find(|(k, _)| k == key) {
            Some((_, get)) => {
                let got = get(&t, &r);
                if !close(got, want.as_f64().unwrap()) {
                    errs.push(format!("{name}: {key}: got {got}, want {want}"));
                }
            }
            None => errs.push(format!("{name}: expected `{key}` is not compared here")),
        }
    }
    let by_kind = r.loss_by_kind(&net);
    let want_by_kind = exp["loss_by_kind"].as_object().unwrap();
    if by_kind.len() != want_by_kind.len() {
        errs.push(format!(
            "{name}: loss_by_kind: got {by_kind:?}, want {want_by_kind:?}"
        ));
    }
    for (k, w) in want_by_kind {
        let got = by_kind.get(k).copied().unwrap_or(f64::NAN);
        if !close(got, w.as_f64().unwrap()) {
            errs.push(format!("{name}: loss_by_kind.{k}: got {got}, want {w}"));
        }
    }
    for (id, want) in exp["nodes"].as_object().unwrap() {
        let i = net.index_of(id).unwrap().index();
        for (field, w) in want.as_object().unwrap() {
            if !NODE_FIELDS.contains(&field.as_str()) {
                errs.push(format!("{name}: {id}.{field} is not compared here"));
                continue;
            }
            if let Some(e) = node_mismatch(&r, i, field, w) {
                errs.push(format!("{name}: {id}.{field}: {e}"));
            }
        }
    }
    errs
}

/// Compares one per-node field; `Some(description)` when it differs.
fn node_mismatch(r: &ShockResult, i: usize, field: &str, want: &Value) -> Option<String> {
    let num =
        |got: f64| (!close(got, want.as_f64().unwrap())).then(|| format!("got {got}, want {want}"));
    let clearing = || r.clearing.as_ref().expect("Eisenberg–Noe figures");
    match field {
        "distress" => num(r.distress[i]),
        "loss" => num(r.loss[i]),
        "payment" => num(clearing().payment[i]),
        "payment_ratio" => num(clearing().payment_ratio[i]),
        "equity" => num(clearing().equity[i]),
        "state" => {
            let got = r.state[i].as_str();
            (got != want.as_str().unwrap()).then(|| format!("got {got}, want {want}"))
        }
        "first_round" => {
            let got = r.first_round[i].map(u64::from);
            (got != want.as_u64()).then(|| format!("got {got:?}, want {want}"))
        }
        _ => unreachable!("NODE_FIELDS lists every field handled"),
    }
}

#[test]
fn edge_cases_reproduced() {
    let paths = case_paths();
    assert!(
        paths.len() >= 16,
        "expected the edge_* reference cases, found {}",
        paths.len()
    );
    for model in ["dr_", "drc_", "thr_", "en_"] {
        assert!(
            paths
                .iter()
                .any(|p| p.to_string_lossy().contains(&format!("edge_{model}"))),
            "no edge case for {model}"
        );
    }
    let errs: Vec<String> = paths.iter().flat_map(|p| check_case(p)).collect();
    crate::common::assert_no_mismatch(&errs);
}

fn kind_selector_case() -> (Network, Value) {
    let path = root().join("tests/reference/shock/cases_v2/edge_dr_kind_selector.json");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let net = shockgraph::io::json::parse(&case["graph"].to_string(), "kind").unwrap();
    (net, case)
}

#[test]
fn a_selector_matching_nothing_is_an_error() {
    let (net, mut case) = kind_selector_case();
    case["edge_shocks"] = serde_json::json!([{"from": "a", "to": "o", "haircut": 0.5}]);
    let e = edge_shocks(&net, &case).unwrap_err().to_string();
    assert!(e.contains("no edge a:o"), "{e}");
    case["edge_shocks"] =
        serde_json::json!([{"from": "o", "to": "a", "kind": "equity", "haircut": 0.5}]);
    let e = edge_shocks(&net, &case).unwrap_err().to_string();
    assert!(e.contains("no edge o:a:equity"), "{e}");
    case["edge_shocks"] =
        serde_json::json!([{"from": "o", "to": "a", "kind": "no_such_kind", "haircut": 0.5}]);
    let e = edge_shocks(&net, &case).unwrap_err().to_string();
    assert!(e.contains("not an edge kind"), "{e}");
}

#[test]
fn an_edge_matched_twice_is_an_error() {
    // o:a (every kind) and o:a:debt both name the debt edge o -> a.
    let (net, mut case) = kind_selector_case();
    case["edge_shocks"] = serde_json::json!([
        {"from": "o", "to": "a", "haircut": 0.5},
        {"from": "o", "to": "a", "kind": "debt", "haircut": 1.0}
    ]);
    let edges = edge_shocks(&net, &case).unwrap();
    for model in [
        Model::DebtRank,
        Model::DebtRankClassic,
        Model::Threshold,
        Model::EisenbergNoe,
    ] {
        let e = shock::run_with_edges(&net, model, &[], &edges, &Params::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("shocked twice"), "{model}: {e}");
    }
}
