//! `graph stall` on the command line: scenarios with flags over them, several stalled nodes
//! drawn, years out of range; and `graph export --format csv` left as data.

use serde_json::Value;

use crate::common::{file, graph};

fn stall_json(args: &[&str]) -> Value {
    let o = graph()
        .arg("stall")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn flags_override_a_scenario() {
    // --growth applies to every stalled node of the scenario, not only to --node ones.
    let v = stall_json(&["--scenario", "openai-anthropic-stall", "--growth", "0.5"]);
    for x in v["stalled"].as_array().unwrap() {
        assert_eq!(x["growth"], 0.5, "{x}");
    }
    // A --node already in the scenario keeps its entry (no second stall of it).
    let v = stall_json(&["--scenario", "openai-stall", "--node", "openai"]);
    assert_eq!(v["stalled"].as_array().unwrap().len(), 1);
    // The first default among several stalled nodes is the top-level default year.
    let v = stall_json(&["--scenario", "openai-anthropic-stall"]);
    assert_eq!(v["default_year"], 2027);
}

#[test]
fn the_year_chart_draws_several_stalled_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("years.svg");
    let o = graph()
        .args(["stall", "--scenario", "openai-anthropic-stall", "--plot"])
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(
        texts.iter().any(|t| t.contains("own haircut of openai")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("own haircut of anthropic")),
        "{texts:?}"
    );
}

#[test]
fn years_out_of_range_are_refused() {
    let o = graph()
        .args(["stall", "--node", "openai", "--from", "2000000000"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("out of range"));
}

#[test]
fn exported_csv_is_data_not_made_spreadsheet_safe() {
    let (_dir, g) = file(
        "f.json",
        r#"{"nodes": [{"id": "a", "label": "=x", "buffer": 1}, {"id": "b", "buffer": 1}],
            "edges": [{"from": "a", "to": "b", "amount": 2}]}"#,
    );
    let o = graph()
        .args(["export", "--graph", g.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.contains('\''), "{out}");
}

#[test]
fn a_flag_override_replaces_the_scenarios_for_the_same_node() {
    let (_dir, sc) = file(
        "s.json",
        r#"{"shocks": [{"node": "openai", "haircut": 0.5}],
            "overrides": {"buffer": {"oracle": 50, "coreweave": 9}}}"#,
    );
    let run = |extra: &[&str]| -> Value {
        let o = graph()
            .args([
                "shock",
                "--scenario",
                sc.to_str().unwrap(),
                "--format",
                "json",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let buffer = |v: &Value, id: &str| {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap()["buffer"]
            .as_f64()
            .unwrap()
    };
    let v = run(&[]);
    assert_eq!(buffer(&v, "oracle"), 50.0);
    let v = run(&["--buffer", "oracle=20"]);
    assert_eq!(buffer(&v, "oracle"), 20.0);
    assert_eq!(
        buffer(&v, "coreweave"),
        9.0,
        "the scenario's other override stays"
    );
}
