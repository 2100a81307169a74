//! The growth-stall reference cases of `tests/reference/stall/cases/` (independent Python
//! implementation in exact fractions, `tests/reference/shock/reference_v2.py`; conventions in
//! `tests/reference/stall/README.md`) reproduced to 1e-9 through the library and the JSON
//! report that `graph stall --format json` prints.

use std::path::Path;

use serde_json::{Map, Value};
use shockgraph::analysis::{self, Growth, Policy, StallSpec};
use shockgraph::report::stall as rstall;
use shockgraph::shock::{Model, Params};

use crate::common::tol;

/// Compares `got` with `want` on every key `want` has: numbers to the reference tolerance,
/// everything else exactly; lists element by element.
pub fn compare(got: &Value, want: &Value, path: &str, errs: &mut Vec<String>) {
    match (got, want) {
        (Value::Number(g), Value::Number(w)) => {
            let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
            if (g - w).abs() > tol::REFERENCE * (1.0 + w.abs()) {
                errs.push(format!("{path}: got {g}, want {w}"));
            }
        }
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => compare(gv, wv, &format!("{path}.{k}"), errs),
                    None => errs.push(format!("{path}.{k}: missing, want {wv}")),
                }
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            if g.len() != w.len() {
                errs.push(format!("{path}: {} entries, want {}", g.len(), w.len()));
            }
            for (k, (gv, wv)) in g.iter().zip(w).enumerate() {
                compare(gv, wv, &format!("{path}[{k}]"), errs);
            }
        }
        _ if got == want => {}
        _ => errs.push(format!("{path}: got {got}, want {want}")),
    }
}

/// A list of objects with an `id` as an object keyed by it (the cases key nodes by id).
pub fn by_id(list: &Value) -> Value {
    let mut m = Map::new();
    for x in list.as_array().unwrap() {
        m.insert(x["id"].as_str().unwrap().to_string(), x.clone());
    }
    Value::Object(m)
}

/// Edge shocks sorted by from, to, kind (the contract does not fix their order).
pub fn sorted_edges(list: &Value) -> Value {
    let mut v = list.as_array().cloned().unwrap_or_default();
    let key = |x: &Value| {
        (
            x["from"].as_str().unwrap_or("").to_string(),
            x["to"].as_str().unwrap_or("").to_string(),
            x["kind"].as_str().unwrap_or("").to_string(),
        )
    };
    v.sort_by_key(key);
    Value::Array(v)
}

fn check_case(path: &Path) -> Vec<String> {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name = case["name"].as_str().unwrap().to_string();
    let p = &case["parameters"];
    let net = crate::common::case_graph(&case, &name);
    let model = Model::parse(case["model"].as_str().unwrap()).unwrap();
    let mut params = Params::default();
    if let Some(a) = p["alpha"].as_f64() {
        params = params.with_alpha(a).unwrap();
    }
    if let Some(b) = p["beta"].as_f64() {
        params = params.with_beta(b).unwrap();
    }
    let mut spec = StallSpec::new(
        net.node(p["node"].as_str().unwrap()).unwrap(),
        if p["plan"].as_bool() == Some(true) {
            Growth::Plan
        } else {
            Growth::Rate(p["growth"].as_f64().unwrap())
        },
        Policy::parse(p["policy"].as_str().unwrap()).unwrap(),
    );
    spec.from = p["from"].as_i64().map(|y| y as i32);
    spec.to = p["to"].as_i64().map(|y| y as i32);
    let s = match analysis::stall(&net, model, &spec, &params) {
        Ok(s) => s,
        Err(e) => return vec![format!("{name}: {e}")],
    };
    let mut got = serde_json::to_value(rstall::build(&net, &s)).unwrap();
    got["nodes"] = by_id(&got["nodes"]);
    got["shock"]["nodes"] = by_id(&got["shock"]["nodes"]);
    got["shock"]["edge_shocks"] = sorted_edges(&got["shock"]["edge_shocks"]);
    let mut want = case["expected"].clone();
    want["shock"]["edge_shocks"] = sorted_edges(&want["shock"]["edge_shocks"]);
    let mut errs = Vec::new();
    compare(&got, &want, &name, &mut errs);
    errs
}

#[test]
fn stall_reference_cases_reproduced() {
    let paths = crate::common::json_files("tests/reference/stall/cases", "");
    assert!(
        paths.len() >= 15,
        "expected the stall cases, found {}",
        paths.len()
    );
    let errs: Vec<String> = paths.iter().flat_map(|p| check_case(p)).collect();
    crate::common::assert_no_mismatch(&errs);
}
