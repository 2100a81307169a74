//! Every centrality of `graph centrality` against NetworkX: the reference files
//! `tests/reference/centrality/ref_*.json` (written by `make_reference.py` with NetworkX 3.6.1,
//! converged to ~1e-14) on the default graph, a 50-node random weighted digraph, a graph with
//! dangling nodes and a disconnected graph. Agreement required: 1e-9 (relative to the score's
//! size when it exceeds 1, e.g. strengths in graph units).
//!
//! `cargo test --test it centrality_reference -- --nocapture` prints the largest deviation per
//! measure.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use shockgraph::centrality::{self, Measure, Params, View};
use shockgraph::{Error, Network};

use crate::common::{root, tol};

fn dir() -> PathBuf {
    root().join("tests/reference/centrality")
}

fn load(reference: &Value) -> Network {
    let fixture = reference["fixture"].as_str().unwrap();
    if fixture == "graphs/ai-infra-2026.json" {
        shockgraph::io::load_default().unwrap()
    } else {
        let path = root().join(fixture);
        shockgraph::io::load(Some(&path), None).unwrap()
    }
}

/// The graph must be the one the reference was computed on (same nodes, same summed edges).
fn check_graph(name: &str, net: &Network, reference: &Value) {
    let nodes: Vec<&str> = reference["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let ours: Vec<&str> = (0..net.node_count()).map(|i| net.id(i)).collect();
    assert_eq!(
        ours, nodes,
        "{name}: the nodes differ from the reference's; regenerate it with \
         python3 tests/reference/centrality/make_reference.py"
    );
    let mut want: BTreeMap<(String, String), f64> = BTreeMap::new();
    for e in reference["edges"].as_array().unwrap() {
        want.insert(
            (
                e[0].as_str().unwrap().to_string(),
                e[1].as_str().unwrap().to_string(),
            ),
            e[2].as_f64().unwrap(),
        );
    }
    let g = net.written();
    let mut got = BTreeMap::new();
    for u in 0..net.node_count() {
        for a in g.row(u) {
            got.insert(
                (net.id(u).to_string(), net.id(a.target as usize).to_string()),
                a.weight,
            );
        }
    }
    assert_eq!(got.len(), want.len(), "{name}: edge count differs");
    for (k, w) in &want {
        let g = got.get(k).copied();
        assert!(
            g.is_some_and(|g| (g - w).abs() <= tol::REFERENCE_EDGES * w.abs().max(1.0)),
            "{name}: edge {k:?}: reference {w}, graph {g:?}; regenerate the reference"
        );
    }
}

fn params_of(net: &Network, case: &Value) -> Params {
    let p = &case["parameters"];
    let mut params = Params {
        alpha: p["alpha"].as_f64(),
        beta: p["beta"].as_f64(),
        weighted: p["weighted"].as_bool().unwrap_or(false),
        ..Params::default()
    };
    if let Some(map) = p["personalization"].as_object() {
        let mut v = vec![0.0; net.node_count()];
        for (id, w) in map {
            v[net.index_of(id).unwrap().index()] = w.as_f64().unwrap();
        }
        params.personalization = Some(v);
    }
    params
}

fn describe(case: &Value) -> String {
    format!(
        "{} {}",
        case["measure"].as_str().unwrap(),
        serde_json::to_string(&case["parameters"]).unwrap()
    )
}

#[test]
fn networkx_reference() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name()
                    .and_then(|f| f.to_str())
                    .is_some_and(|f| f.starts_with("ref_"))
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "four reference graphs expected");
    let mut worst: BTreeMap<String, f64> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for f in &files {
        let reference: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let name = reference["graph"].as_str().unwrap().to_string();
        let net = load(&reference);
        check_graph(&name, &net, &reference);
        let view = View::new(&net);
        for case in reference["cases"].as_array().unwrap() {
            let measure = Measure::parse(case["measure"].as_str().unwrap()).unwrap();
            let params = params_of(&net, case);
            let got = centrality::compute(&view, measure, &params);
            let what = format!("{name}: {}", describe(case));
            if case.get("error").is_some() {
                match got {
                    Err(Error::NoConvergence { .. }) => {}
                    Err(e) => failures.push(format!("{what}: wrong error {e}")),
                    Ok(_) => failures.push(format!("{what}: NetworkX fails, we converged")),
                }
                checked += 1;
                continue;
            }
            let got = match got {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!("{what}: {e}"));
                    continue;
                }
            };
            let scores = case["scores"].as_object().unwrap();
            assert_eq!(scores.len(), net.node_count());
            let mut dev = 0.0f64;
            for (id, want) in scores {
                let want = want.as_f64().unwrap();
                let i = net.index_of(id).unwrap();
                let d = (got.values[i] - want).abs() / want.abs().max(1.0);
                dev = dev.max(d);
                if d.is_nan() || d > tol::REFERENCE {
                    failures.push(format!("{what}: {id}: got {}, want {want}", got.values[i]));
                }
            }
            let key = match (measure.is_path_based(), params.weighted) {
                (true, true) => format!("{measure} (weighted)"),
                _ => measure.to_string(),
            };
            let w = worst.entry(key).or_insert(0.0);
            *w = w.max(dev);
            checked += 1;
        }
    }
    println!("largest deviation from NetworkX per measure ({checked} cases):");
    for (m, d) in &worst {
        println!("  {m:<24} {d:.2e}");
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every measure is covered.
    for m in Measure::ALL {
        assert!(worst.contains_key(m.name()), "{m} not checked");
    }
}

#[test]
fn katz_on_the_default_graph_takes_0_9_of_the_bound_and_names_it_when_explicit() {
    let net = shockgraph::io::load_default().unwrap();
    let view = View::new(&net);
    // NetworkX's 0.1 diverges here (lambda_max is about 143): the default is 0.9 / lambda_max,
    // and it equals the explicit run at that alpha.
    let s = centrality::compute(&view, Measure::Katz, &Params::default()).unwrap();
    let a = s.alpha.unwrap();
    assert!(a < 0.1 && a > 0.0, "{a}");
    assert_eq!(a, centrality::katz::default_alpha(&view));
    let explicit = Params {
        alpha: Some(a),
        ..Params::default()
    };
    let e = centrality::compute(&view, Measure::Katz, &explicit).unwrap();
    assert_eq!(e.values, s.values);
    // An explicit 0.1 still fails, naming the bound.
    let p = Params {
        alpha: Some(0.1),
        ..Params::default()
    };
    let msg = centrality::compute(&view, Measure::Katz, &p)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("did not converge"), "{msg}");
    assert!(msg.contains("lambda_max"), "{msg}");
    // 0.9 of the bound: lambda_max = 0.9 / alpha, and 0.1 * lambda_max > 1.
    assert!(0.1 * 0.9 / a > 1.0);
}

#[test]
fn same_result_with_one_thread() {
    let net = shockgraph::io::load_default().unwrap();
    let view = View::new(&net);
    let p = Params {
        weighted: true,
        ..Params::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    for m in Measure::ALL {
        let a = centrality::compute(&view, m, &p).ok().map(|s| s.values);
        let b = pool
            .install(|| centrality::compute(&view, m, &p))
            .ok()
            .map(|s| s.values);
        assert_eq!(a, b, "{m}");
    }
}

/// The command line: JSON shape of the design page, CSV header, `--all`, and the failure of
/// Katz at NetworkX's alpha on the default graph.
mod cli {
    use serde_json::Value;

    use crate::common::{graph, tol};

    fn run(args: &[&str]) -> (i32, String, String) {
        let out = graph().args(args).output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    #[test]
    fn json_matches_the_design_page() {
        let (code, out, _) = run(&["centrality", "--measure", "pagerank", "--format", "json"]);
        assert_eq!(code, 0);
        let j: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(j["measure"], "pagerank");
        assert_eq!(j["parameters"]["alpha"], 0.85);
        let scores = j["scores"].as_array().unwrap();
        assert_eq!(scores.len(), crate::common::default_counts().0);
        assert_eq!(scores[0]["id"], "openai");
        let sum: f64 = scores.iter().map(|s| s["score"].as_f64().unwrap()).sum();
        assert!((sum - 1.0).abs() < tol::PAGERANK_SUM);
        for w in scores.windows(2) {
            let (a, b) = (
                w[0]["score"].as_f64().unwrap(),
                w[1]["score"].as_f64().unwrap(),
            );
            assert!(
                a > b || (a == b && w[0]["id"].as_str() < w[1]["id"].as_str()),
                "order"
            );
        }
    }

    #[test]
    fn csv_and_personalization() {
        let (code, out, _) = run(&[
            "centrality",
            "--measure",
            "pagerank",
            "--personalization",
            "openai=1",
            "--format",
            "csv",
        ]);
        assert_eq!(code, 0);
        assert!(out.starts_with("id,score\n"), "{out}");
        assert_eq!(out.lines().count(), crate::common::default_counts().0 + 1);
    }

    #[test]
    fn all_includes_katz_with_the_alpha_it_used() {
        let (code, out, err) = run(&["centrality", "--all", "--format", "json"]);
        assert_eq!(code, 0);
        let j: Value = serde_json::from_str(&out).unwrap();
        let measures: Vec<&str> = j["measures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(measures.len(), 12);
        assert!(measures.contains(&"katz"));
        assert!(j.get("left_out").is_none(), "{out}");
        assert!(!err.contains("left out"), "{err}");
        let a = j["parameters"]["katz_alpha"].as_f64().unwrap();
        assert!(a > 0.0 && a < 0.1, "{a}");
        let first = j["nodes"][0].as_object().unwrap();
        assert_eq!(first.len(), 13);
        let (_, table, _) = run(&["centrality", "--all"]);
        assert!(table.contains(&format!("katz alpha {a}")), "{table}");
        // In the text, each node starts with its id.
        let after = &out[out.find("\"nodes\"").unwrap() + "\"nodes\"".len()..];
        let next_key = &after[after.find('"').unwrap()..];
        assert!(next_key.starts_with("\"id\":"), "{next_key}");
    }

    #[test]
    fn katz_default_alpha_converges_and_is_stated_an_explicit_one_fails_with_the_bound() {
        let (code, out, err) = run(&["centrality", "--measure", "katz", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let j: Value = serde_json::from_str(&out).unwrap();
        let a = j["parameters"]["alpha"].as_f64().unwrap();
        assert!(a > 0.0 && a < 0.1, "{a}");
        let (code, table, _) = run(&["centrality", "--measure", "katz"]);
        assert_eq!(code, 0);
        assert!(table.contains(&format!("alpha {a}, beta 1")), "{table}");
        // The stated alpha reproduces the run.
        let (_, again, _) = run(&[
            "centrality",
            "--measure",
            "katz",
            "--alpha",
            &a.to_string(),
            "--format",
            "json",
        ]);
        assert_eq!(again, out);
        let (code, _, err) = run(&["centrality", "--measure", "katz", "--alpha", "0.1"]);
        assert_eq!(code, 1);
        assert!(err.contains("did not converge"), "{err}");
        assert!(err.contains("1 / lambda_max"), "{err}");
        assert!(err.contains("--alpha"), "{err}");
        let (code, out, _) = run(&[
            "centrality",
            "--measure",
            "katz",
            "--alpha",
            "0.002",
            "--format",
            "json",
        ]);
        assert_eq!(code, 0);
        let j: Value = serde_json::from_str(&out).unwrap();
        assert!(j["iterations"].as_u64().unwrap() > 0);
    }

    #[test]
    fn options_that_do_not_apply_are_refused() {
        let (code, _, err) = run(&["centrality", "--measure", "pagerank", "--weighted"]);
        assert_eq!(code, 2);
        assert!(err.contains("--weighted"), "{err}");
        let (code, _, _) = run(&["centrality", "--all", "--alpha", "0.5"]);
        assert_eq!(code, 2);
        let (code, _, err) = run(&[
            "centrality",
            "--measure",
            "pagerank",
            "--personalization",
            "nobody=1",
        ]);
        assert_eq!(code, 2);
        assert!(err.contains("unknown node"), "{err}");
    }

    #[test]
    fn weighted_betweenness_says_so() {
        let (code, out, _) = run(&["centrality", "--measure", "betweenness", "--weighted"]);
        assert_eq!(code, 0);
        assert!(out.contains("1/amount"), "{out}");
    }
}
