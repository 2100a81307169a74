//! The embedded default graph (second edition, `graphs/ai-infra-2026.json`) as an analyst
//! would check it: every fact it cites exists inside the repository, the main job and the
//! growth stall run on it, no single node makes up more than half of the headline loss, and no
//! node without a balance sheet ranks in the top five.

use std::collections::BTreeSet;

use serde_json::Value;
use shockgraph::analysis::{self, Growth, Policy, StallSpec};
use shockgraph::shock::{self, Haircut, Model, Params, Shock};

use crate::common::root;

fn graph_json() -> Value {
    serde_json::from_str(shockgraph::io::DEFAULT_GRAPH).unwrap()
}

/// Every `facts: <id> (<file>)` a source note cites.
fn cited(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            // A note that cites facts starts `facts: id (graphs/facts/file), id2 (...)`, up to
            // the first `;` (graphs/check.py reads it the same way).
            if let Some(list) = m
                .get("note")
                .and_then(Value::as_str)
                .and_then(|n| n.strip_prefix("facts: "))
            {
                for tok in list.split(';').next().unwrap_or("").split(", ") {
                    let (id, file) = match tok.trim().split_once(" (") {
                        Some((id, rest)) => (id, rest.trim_end_matches(')')),
                        None => (tok.trim(), ""),
                    };
                    out.push((id.to_string(), file.to_string()));
                }
            }
            m.values().for_each(|x| cited(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| cited(x, out)),
        _ => {}
    }
}

fn fact_ids() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for f in ["ai-infra-facts.json", "ai-infra-facts-2.json"] {
        let text = std::fs::read_to_string(root().join("graphs/facts").join(f)).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        let mut stack = vec![&v];
        while let Some(x) = stack.pop() {
            match x {
                Value::Object(m) => {
                    if let Some(id) = m.get("id").and_then(Value::as_str) {
                        ids.insert(id.to_string());
                    }
                    stack.extend(m.values());
                }
                Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
    }
    ids
}

#[test]
fn every_cited_fact_exists_in_graphs_facts() {
    let mut refs = Vec::new();
    cited(&graph_json(), &mut refs);
    assert!(refs.len() > 100, "the graph cites {} facts", refs.len());
    let ids = fact_ids();
    let missing: Vec<_> = refs.iter().filter(|(id, _)| !ids.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "facts cited but not in graphs/facts/: {missing:?}"
    );
    for (id, file) in &refs {
        assert!(
            file.starts_with("graphs/facts/") && root().join(file).exists(),
            "{id} cites {file}, not a file under graphs/facts/"
        );
    }
}

#[test]
fn no_source_points_outside_the_repository() {
    let text = shockgraph::io::DEFAULT_GRAPH;
    for bad in ["../shared", "/work/", "shared/data"] {
        assert!(!text.contains(bad), "the default graph names {bad}");
    }
}

/// `graph shock --node openai --haircut 0.5` on the default graph in `basis`: its totals,
/// after checking that no node makes more than half of the total loss.
fn headline_totals(basis: shockgraph::model::Basis) -> shockgraph::shock::Totals {
    let adj = shockgraph::model::Adjustments {
        basis,
        ..Default::default()
    };
    let net = shockgraph::io::load_default()
        .unwrap()
        .adjusted(&adj)
        .unwrap();
    let openai = net.node("openai").unwrap();
    let r = shock::run(
        &net,
        Model::DebtRank,
        &[Shock::new(openai, Haircut::new(0.5).unwrap())],
        &Params::default(),
    )
    .unwrap();
    let t = r.totals(&net);
    assert!(t.total_loss > 0.0);
    for i in 0..net.node_count() {
        let share = r.contribution(i) * r.buffer[i] / t.total_loss;
        assert!(
            share <= 0.5,
            "{}: {} makes {share:.2} of the total loss",
            basis.name(),
            net.id(i)
        );
    }
    t
}

#[test]
fn headline_shock_has_no_dominant_node_on_the_market_basis() {
    let t = headline_totals(shockgraph::model::Basis::Market);
    // The sketch's market run: total loss 426, impact 0.017, nobody defaulted.
    assert!((t.total_loss - 425.65).abs() < 0.01, "{}", t.total_loss);
    assert_eq!(t.defaulted, 0);
}

#[test]
fn headline_shock_has_no_dominant_node() {
    let t = headline_totals(shockgraph::model::Basis::Book);
    // The independent sketch (python3 graphs/sketch.py) gives 533.16, 18 distressed, 4 defaulted.
    assert!((t.total_loss - 533.16).abs() < 0.01, "{}", t.total_loss);
    assert_eq!((t.distressed, t.defaulted), (18, 4));
}

#[test]
fn openai_stall_runs_on_the_default_graph() {
    let net = shockgraph::io::load_default().unwrap();
    let spec = StallSpec::new(
        net.node("openai").unwrap(),
        Growth::Rate(0.0),
        Policy::Default,
    );
    let s = analysis::stall(&net, Model::DebtRank, &spec, &Params::default()).unwrap();
    // The sketch: pays 2026 in full, defaults in 2027 (coverage 58%), total loss 660.
    assert_eq!(s.default_year(), Some(2027));
    assert!(
        (s.years[1].coverage - 0.576).abs() < 1e-3,
        "{}",
        s.years[1].coverage
    );
    assert!((s.shock.totals(&net).total_loss - 659.67).abs() < 0.01);
}

#[test]
fn rank_top_five_have_balance_sheets() {
    let net = shockgraph::io::load_default().unwrap();
    let o = crate::common::graph()
        .args(["rank", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    for n in v["nodes"].as_array().unwrap().iter().take(5) {
        let id = n["id"].as_str().unwrap();
        let i = net.node(id).unwrap().index();
        assert!(net.buffer(i).unwrap_or(0.0) > 0.0, "{id} has no buffer");
        assert!(net.value(i) > 0.0, "{id} has no value");
    }
}

#[test]
fn check_script_passes() {
    let Ok(o) = std::process::Command::new("python3")
        .arg(root().join("graphs/check.py"))
        .output()
    else {
        eprintln!("python3 not found: graphs/check.py not run (CI runs it)");
        return;
    };
    assert!(
        o.status.success(),
        "graphs/check.py failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn readme_output_is_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("$ graph stall --node openai --growth 0 --top 8\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the README shows graph stall --node openai --growth 0 --top 8");
    let o = crate::common::graph()
        .args(["stall", "--node", "openai", "--growth", "0", "--top", "8"])
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    for line in block.lines().filter(|l| !l.contains("...")) {
        assert!(out.contains(line), "README line not in the output: {line}");
    }
}
