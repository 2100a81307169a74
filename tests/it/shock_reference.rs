//! Every case under `tests/reference/shock/cases/` (independent Python implementation with
//! exact fractions, hand computations, and published figures of `NetworkRiskMeasures` and
//! systemicrisk; see that folder's README) must be reproduced to 1e-9.

use std::path::Path;

use serde_json::Value;
use shockgraph::shock::{self, Haircut, Model, Params, Shock};

use crate::common::{root, tol};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= tol::REFERENCE * (1.0 + b.abs())
}

fn check_case(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let case: Value = serde_json::from_str(&text).unwrap();
    let name = case["name"].as_str().unwrap().to_string();
    let graph_text = serde_json::to_string(&case["graph"]).unwrap();
    let net = shockgraph::io::json::parse(&graph_text, &name).unwrap();
    let model = Model::parse(case["model"].as_str().unwrap()).unwrap();
    let mut params = Params::default();
    if let Some(a) = case["parameters"]["alpha"].as_f64() {
        params = params.with_alpha(a).unwrap();
    }
    if let Some(b) = case["parameters"]["beta"].as_f64() {
        params = params.with_beta(b).unwrap();
    }
    let shocks: Vec<Shock> = case["shocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            Shock::new(
                net.node(s["node"].as_str().unwrap()).unwrap(),
                Haircut::new(s["haircut"].as_f64().unwrap()).unwrap(),
            )
        })
        .collect();
    let r = shock::run(&net, model, &shocks, &params).unwrap();
    let t = r.totals(&net);
    let exp = &case["expected"];
    let mut errs = Vec::new();
    let cmp = |errs: &mut Vec<String>, what: String, got: f64, want: f64| {
        if !close(got, want) {
            errs.push(format!("{name}: {what}: got {got}, want {want}"));
        }
    };
    cmp(
        &mut errs,
        "total_loss".into(),
        t.total_loss,
        exp["total_loss"].as_f64().unwrap(),
    );
    cmp(
        &mut errs,
        "impact".into(),
        t.impact,
        exp["impact"].as_f64().unwrap(),
    );
    cmp(
        &mut errs,
        "distressed".into(),
        t.distressed as f64,
        exp["distressed"].as_f64().unwrap(),
    );
    cmp(
        &mut errs,
        "defaulted".into(),
        t.defaulted as f64,
        exp["defaulted"].as_f64().unwrap(),
    );
    if let Some(rounds) = exp.get("rounds").and_then(Value::as_u64) {
        if u64::from(r.rounds) != rounds {
            errs.push(format!("{name}: rounds: got {}, want {rounds}", r.rounds));
        }
    }
    for (id, want) in exp["nodes"].as_object().unwrap() {
        let i = net.index_of(id).unwrap();
        cmp(
            &mut errs,
            format!("{id}.distress"),
            r.distress[i],
            want["distress"].as_f64().unwrap(),
        );
        cmp(
            &mut errs,
            format!("{id}.loss"),
            r.loss[i],
            want["loss"].as_f64().unwrap(),
        );
        if let Some(fr) = want.get("first_round") {
            let got = r.first_round[i].map(u64::from);
            if got != fr.as_u64() {
                errs.push(format!("{name}: {id}.first_round: got {got:?}, want {fr}"));
            }
        }
        let state = r.state[i].as_str();
        if state != want["state"].as_str().unwrap() {
            errs.push(format!(
                "{name}: {id}.state: got {state}, want {}",
                want["state"]
            ));
        }
        if let Some(c) = &r.clearing {
            for (field, got) in [
                ("payment", c.payment[i]),
                ("payment_ratio", c.payment_ratio[i]),
                ("equity", c.equity[i]),
            ] {
                cmp(
                    &mut errs,
                    format!("{id}.{field}"),
                    got,
                    want[field].as_f64().unwrap(),
                );
            }
        }
    }
    errs
}

#[test]
fn reference_cases_reproduced() {
    let paths = crate::common::json_files("tests/reference/shock/cases", "");
    assert!(
        paths.len() >= 50,
        "expected the reference cases, found {}",
        paths.len()
    );
    let mut errs = Vec::new();
    for p in &paths {
        errs.extend(check_case(p));
    }
    assert!(
        errs.is_empty(),
        "{} mismatches:\n{}",
        errs.len(),
        errs.join("\n")
    );
}

#[test]
fn literature_cases_present_for_each_family() {
    let dir = root().join("tests/reference/shock/cases");
    for prefix in [
        "lit_nrm_classic",
        "lit_nrm_debtrank",
        "lit_systemicrisk_en",
        "lit_systemicrisk_rv",
    ] {
        let found = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(prefix)
            })
            .count();
        assert!(found >= 1, "no literature case {prefix}*");
    }
}
