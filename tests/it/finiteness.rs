//! Issue 13, item 3: no NaN, infinity or `null` for a number ever leaves with exit 0. The
//! overflow the issue found (two parallel 1.7e308 edges under eisenberg-noe, "Total loss: NaN")
//! is refused before any model runs; amounts near double precision's limit no longer break
//! eigenvector centrality; the emit path's guard itself is tested in `report::finite`. Small
//! figures print readably in tables.

use serde_json::Value;

use crate::common::{file, graph};

/// The issue's case: each edge is finite, their sum is not.
const PARALLEL_1_7E308: &str = r#"{"nodes":[{"id":"a","buffer":1,"external_assets":1},{"id":"b","buffer":1,"external_assets":1}],
"edges":[{"from":"a","to":"b","amount":1.7e308},{"from":"a","to":"b","amount":1.7e308}]}"#;

#[test]
fn an_overflowing_graph_exits_non_zero_with_the_place_and_prints_nothing() {
    let (_d, p) = file("g.json", PARALLEL_1_7E308);
    let path = p.to_str().unwrap();
    for format in ["table", "json", "csv"] {
        for cmd in [
            vec!["shock", "--node", "a", "--model", "eisenberg-noe"],
            vec!["shock", "--node", "a"],
            vec!["rank"],
        ] {
            let out = graph()
                .args(&cmd)
                .args(["--graph", path, "--format", format])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{cmd:?} {format}: {stderr}");
            assert!(
                out.stdout.is_empty(),
                "{cmd:?} {format} printed {:?}",
                String::from_utf8_lossy(&out.stdout)
            );
            assert!(
                stderr.contains("node `a`") && stderr.contains("overflows"),
                "{stderr}"
            );
        }
    }
}

/// Every number of a JSON document, with its path.
fn numbers(v: &Value, path: &str, out: &mut Vec<(String, f64)>) {
    match v {
        Value::Number(n) => out.push((path.to_string(), n.as_f64().unwrap())),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                numbers(x, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                numbers(x, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

fn eigenvector_scores(text: &str) -> Vec<(String, f64)> {
    let (_d, p) = file("g.json", text);
    let out = graph()
        .args([
            "centrality",
            "--measure",
            "eigenvector",
            "--format",
            "json",
            "--graph",
        ])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut all = Vec::new();
    numbers(&v, "", &mut all);
    assert!(all.iter().all(|(_, x)| x.is_finite()));
    let mut scores: Vec<(String, f64)> = v["scores"]
        .as_array()
        .expect("scores")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["score"].as_f64().unwrap(),
            )
        })
        .collect();
    scores.sort_by(|a, b| a.0.cmp(&b.0));
    scores
}

/// Amounts of 1e300 made the norm's squares overflow: "did not converge ... (last change
/// NaN)". The eigenvector does not depend on the scale of the amounts.
#[test]
fn eigenvector_centrality_of_amounts_near_the_limit_is_that_of_the_scaled_graph() {
    let g = |s: &str| {
        format!(
            r#"{{"nodes":[{{"id":"a","buffer":1}},{{"id":"b","buffer":1}},{{"id":"c","buffer":1}}],
"edges":[{{"from":"a","to":"b","amount":3{s}}},{{"from":"b","to":"c","amount":1{s}}},{{"from":"c","to":"a","amount":2{s}}},{{"from":"b","to":"a","amount":1{s}}}]}}"#
        )
    };
    let small = eigenvector_scores(&g(""));
    let huge = eigenvector_scores(&g("e300"));
    assert_eq!(small.len(), 3);
    for ((ia, a), (ib, b)) in small.iter().zip(&huge) {
        assert_eq!(ia, ib);
        assert!((a - b).abs() < 1e-9, "{ia}: {a} vs {b}");
    }
}

/// Figures below 1e-6 print in scientific notation, those down to 1e-6 in fixed point with
/// three significant digits (they printed as `3.00e-8` and `0.0000` before).
#[test]
fn small_figures_print_readably_in_tables() {
    let (_d, p) = file(
        "g.json",
        r#"{"nodes":[{"id":"a","buffer":0.0000123,"external_assets":1},{"id":"b","buffer":2e-9}],
"edges":[{"from":"a","to":"b","amount":3e-8}]}"#,
    );
    let info = graph().args(["info", "--graph"]).arg(&p).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains(" 3e-8 "), "{info}");
    assert!(info.contains(" 0.0000123 "), "{info}");
    let shock = graph()
        .args(["shock", "--node", "b", "--graph"])
        .arg(&p)
        .output()
        .unwrap();
    let shock = String::from_utf8_lossy(&shock.stdout);
    assert!(shock.contains(" 2e-9 "), "{shock}");
    assert!(!shock.contains("2.00e-9"), "{shock}");
}
