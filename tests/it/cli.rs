//! Command-line integration tests: outputs of every command (the default graph, exports and
//! diagrams, the analysis commands) and review-finding regressions. The bad-input cases (exit
//! code 2, a message naming the problem, no panic, no partial output file) are in
//! `cli_bad_input.rs`.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{bad, default_counts, default_label, file, fixture, graph, root};

// ---------------------------------------------------------------- default graph

#[test]
fn default_graph_shock_table() {
    graph()
        .args(["shock", "--node", "openai", "--haircut", "0.5"])
        .assert()
        .success()
        .stdout(predicate::str::contains("model debtrank"))
        .stdout(predicate::str::contains("oracle"))
        .stdout(predicate::str::contains("defaulted"))
        .stdout(predicate::str::contains("Total loss through the network"));
}

#[test]
fn default_graph_shock_json_shape() {
    let out = graph()
        .args([
            "shock",
            "--node",
            "openai",
            "--haircut",
            "0.5",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["model"], "debtrank");
    assert_eq!(v["shocks"][0]["node"], "openai");
    assert_eq!(v["shocks"][0]["haircut"], 0.5);
    assert_eq!(v["converged"], true);
    for k in ["rounds", "total_loss", "impact", "distressed", "defaulted"] {
        assert!(v[k].is_number(), "{k}");
    }
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), default_counts().0, "every node is listed");
    // Sorted by loss descending, ties by id.
    for w in nodes.windows(2) {
        let (a, b) = (
            w[0]["loss"].as_f64().unwrap(),
            w[1]["loss"].as_f64().unwrap(),
        );
        assert!(a > b || (a == b && w[0]["id"].as_str() < w[1]["id"].as_str()));
    }
    let openai = nodes.iter().find(|n| n["id"] == "openai").unwrap();
    assert_eq!(openai["first_round"], 1);
    let untouched = nodes.iter().find(|n| n["id"] == "meta").unwrap();
    assert_eq!(untouched["state"], "undistressed");
    assert!(untouched["first_round"].is_null());
}

#[test]
fn shock_csv_has_header_and_every_node() {
    let out = graph()
        .args(["shock", "--node", "openai", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,label,kind,loss,distress,state,first_round,buffer"
    );
    assert_eq!(lines.count(), default_counts().0);
}

#[test]
fn shock_trace_lists_rounds() {
    graph()
        .args(["shock", "--node", "openai", "--haircut", "0.5", "--trace"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Round by round"));
    let out = graph()
        .args(["shock", "--node", "openai", "--trace", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["trace"][0]["round"], 1);
}

#[test]
fn every_model_runs_on_the_default_graph() {
    for m in ["debtrank", "debtrank-classic", "threshold", "eisenberg-noe"] {
        let out = graph()
            .args([
                "shock",
                "--node",
                "openai",
                "--haircut",
                "0.5",
                "--model",
                m,
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{m}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["model"], m);
        if m == "eisenberg-noe" {
            assert!(v["nodes"][0]["payment_ratio"].is_number());
        }
    }
}

#[test]
fn scenario_file_and_shock_pairs() {
    let (_d, p) = file(
        "s.json",
        r#"{"model":"threshold","shocks":[{"node":"openai","haircut":0.5},{"node":"anthropic","haircut":0.2}]}"#,
    );
    let out = graph()
        .args([
            "shock",
            "--scenario",
            p.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["model"], "threshold");
    assert_eq!(v["shocks"].as_array().unwrap().len(), 2);
    let a = graph()
        .args([
            "shock",
            "--shock",
            "openai=0.5",
            "--shock",
            "anthropic=0.2",
            "--model",
            "threshold",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        a.stdout, out.stdout,
        "scenario file and --shock pairs agree"
    );
}

#[test]
fn info_and_validate_default_graph() {
    graph()
        .arg("info")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{} nodes",
            default_counts().0
        )))
        .stdout(predicate::str::contains("compute_commitment"));
    graph()
        .args(["validate", "graphs/ai-infra-2026.json"])
        .current_dir(root())
        .assert()
        .success()
        .stdout(predicate::str::contains("is a valid graph"));
    let out = graph().args(["info", "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["nodes"], default_counts().0);
    assert_eq!(v["node_totals"][0]["id"], "amazon");
}

#[test]
fn global_options_after_the_subcommand() {
    let a = graph().args(["--format", "json", "info"]).output().unwrap();
    let b = graph().args(["info", "--format", "json"]).output().unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn export_json_loads_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let once = dir.path().join("once.json");
    graph()
        .args([
            "export",
            "--format",
            "json",
            "--output",
            once.to_str().unwrap(),
        ])
        .assert()
        .success();
    let twice = graph()
        .args([
            "export",
            "--format",
            "json",
            "--graph",
            once.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&once).unwrap(), twice.stdout);
    graph()
        .args(["info", "--graph", once.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn export_csv_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("edges.csv");
    graph()
        .args(["export", "--format", "csv", "-o", p.to_str().unwrap()])
        .assert()
        .success();
    graph()
        .args(["info", "--graph", p.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{} edges",
            default_counts().1
        )));
}

#[test]
fn export_json_to_stdout_is_the_file() {
    // Written while it is made, to standard output or atomically to a file: the same bytes.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.json");
    graph()
        .args(["export", "--format", "json", "-o", p.to_str().unwrap()])
        .assert()
        .success();
    let out = graph()
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::read(&p).unwrap(), out.stdout);
    assert_eq!(
        out.stdout,
        shockgraph::io::json::to_string(&shockgraph::io::load_default().unwrap()).into_bytes()
    );
}

#[test]
fn export_csv_with_nodes_out_keeps_every_node_figure() {
    let dir = tempfile::tempdir().unwrap();
    let (e, n) = (dir.path().join("edges.csv"), dir.path().join("nodes.csv"));
    let (e, n) = (e.to_str().unwrap(), n.to_str().unwrap());
    // Without --nodes-out the loss is said, not silent.
    graph()
        .args(["export", "--format", "csv", "-o", e])
        .assert()
        .success()
        .stderr(predicate::str::contains("--nodes-out"));
    graph()
        .args(["export", "--format", "csv", "-o", e, "--nodes-out", n])
        .assert()
        .success()
        .stderr("");
    let back =
        shockgraph::io::load(Some(std::path::Path::new(e)), Some(std::path::Path::new(n))).unwrap();
    let orig = shockgraph::io::load_default().unwrap();
    assert_eq!(back.node_count(), orig.node_count());
    assert_eq!(back.edge_count(), orig.edge_count());
    for i in 0..orig.node_count() {
        let j = back.index_of(orig.id(i)).unwrap();
        assert_eq!(back.figures(j), orig.figures(i), "{}", orig.id(i));
        assert_eq!(back.node_kind(j), orig.node_kind(i), "{}", orig.id(i));
        assert_eq!(
            back.node_meta(j).and_then(|m| m.label.clone()),
            orig.node_meta(i).and_then(|m| m.label.clone())
        );
    }
    // The same shock on both.
    let a = graph()
        .args(["shock", "--node", "openai", "--format", "json"])
        .output()
        .unwrap();
    let b = graph()
        .args([
            "shock", "--node", "openai", "--format", "json", "--graph", e, "--nodes", n,
        ])
        .output()
        .unwrap();
    let total = |o: &std::process::Output| {
        serde_json::from_slice::<Value>(&o.stdout).unwrap()["total_loss"]
            .as_f64()
            .unwrap()
    };
    assert!(
        (total(&a) - total(&b)).abs() < 1e-9,
        "{} vs {}",
        total(&a),
        total(&b)
    );
    // --nodes-out belongs to the CSV export.
    graph()
        .args(["export", "--format", "json", "--nodes-out", n])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format csv"));
}

fn has_dot() -> bool {
    std::process::Command::new("dot").arg("-V").output().is_ok()
}

#[test]
fn export_dot_renders_with_graphviz() {
    let out = graph()
        .args(["export", "--format", "dot"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains("<B>Legend</B>"));
    if !has_dot() {
        return;
    }
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("<svg"));
}

#[test]
fn export_svg_and_shock_diagrams() {
    if !has_dot() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("g.svg");
    graph()
        .args(["export", "--format", "svg", "-o", svg.to_str().unwrap()])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    let (d, s) = (dir.path().join("s.dot"), dir.path().join("s.svg"));
    graph()
        .args(["shock", "--node", "openai", "--haircut", "0.5"])
        .args(["--dot", d.to_str().unwrap(), "--svg", s.to_str().unwrap()])
        .assert()
        .success();
    let dot = std::fs::read_to_string(&d).unwrap();
    assert!(dot.contains(&format!("Shock: {} haircut 0.5", default_label("openai"))));
    assert!(dot.contains("100%: defaulted"));
    assert!(dot.contains("passed on"));
    assert!(std::fs::read_to_string(&s).unwrap().contains("<svg"));
}

#[test]
fn tricky_labels_escape_in_dot() {
    let out = graph()
        .args(["export", "--format", "dot", "--graph"])
        .arg(fixture("tricky.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(dot.contains(r#"Lab \"Quote\" &amp; Sons"#));
    assert!(dot.contains(r"Cloud\nNew line"));
    assert!(dot.contains(r"Back\\slash <fund>"));
    assert!(dot.contains("東京"));
}

#[test]
fn missing_dot_gives_install_hint() {
    let out = graph()
        .args(["export", "--format", "svg"])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("apt-get install graphviz"), "{err}");
}

#[test]
fn schema_command_prints_the_schema() {
    graph()
        .arg("schema")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"$schema\""));
}
// ---------------------------------------------------------------- analysis commands

#[test]
fn exposure_command_outputs() {
    graph()
        .args(["exposure", "--node", "openai", "--paths"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Who is exposed to openai"))
        .stdout(predicate::str::contains("openai > oracle"));
    let out = graph()
        .args([
            "exposure",
            "--node",
            "oracle",
            "--reverse",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["direction"], "from");
    assert_eq!(v["rows"][0]["id"], "openai");
    let csv = graph()
        .args(["exposure", "--node", "openai", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&csv.stdout).starts_with("id,kind,direct,"));
    bad(
        &["exposure", "--node", "opena"],
        &["unknown node `opena`", "`openai`"],
    );
}

#[test]
fn concentration_command_reproduces_the_seed_share() {
    let out = graph()
        .args([
            "concentration",
            "--holders",
            "microsoft,oracle,google_cloud,amazon",
        ])
        .args([
            "--on",
            "openai,anthropic",
            "--kind",
            "compute_commitment",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["group"]["claims_on"], 1048.0);
    assert_eq!(v["group"]["backlog"], 2091.0);
    graph()
        .arg("concentration")
        .assert()
        .success()
        .stdout(predicate::str::contains("HHI"));
    bad(
        &["concentration", "--holders", "oracle"],
        &["needs both --holders and --on"],
    );
    bad(
        &["concentration", "--kind", "loan"],
        &["unknown edge kind `loan`"],
    );
}

#[test]
fn rank_command_outputs() {
    let out = graph().args(["rank", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), default_counts().0);
    assert_eq!(nodes[0]["rank"], 1);
    assert_eq!(nodes[0]["id"], "openai");
    for k in [
        "impact",
        "vulnerability",
        "pagerank",
        "eigenvector",
        "betweenness",
    ] {
        assert!(nodes[0][k].is_number(), "{k}");
    }
    let single = graph()
        .args(["rank", "--format", "json"])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert_eq!(single.stdout, out.stdout, "1 thread = N threads");
    graph()
        .args(["rank", "--by", "vulnerability", "--top", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sorted by vulnerability"));
    bad(&["rank", "--by", "size"], &["unknown column `size`"]);
    bad(&["rank", "--haircut", "2"], &["not in [0, 1]"]);
}

// ---------------------------------------------------------------- regressions (review findings)

#[test]
fn tipping_any_breaks_ties_by_id_and_empty_sums_are_positive_zero() {
    let (dir, e) = file("e.csv", "from,to,amount\nx,zz,10\nx,aa,10\n");
    let n = dir.path().join("n.csv");
    std::fs::write(&n, "id,buffer\nx,10\nzz,1\naa,1\n").unwrap();
    let (e, n) = (e.to_str().unwrap(), n.to_str().unwrap());
    let out = graph()
        .args([
            "tipping", "--graph", e, "--nodes", n, "--node", "x", "--target", "any", "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["tipped"], "aa",
        "zz and aa tip together: ties go to the smaller id"
    );
    let out = graph()
        .args([
            "concentration",
            "--graph",
            e,
            "--nodes",
            n,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("-0.0"), "{text}");
    // An isolated direction gives an empty answer in both directions, not an error.
    for extra in [&[][..], &["--reverse"][..]] {
        graph()
            .args(["exposure", "--graph", e, "--nodes", n, "--node", "x"])
            .args(extra)
            .assert()
            .success();
    }
}

#[test]
fn nodes_out_and_output_spelled_differently_are_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("out.csv");
    let b = dir.path().join(".").join("out.csv");
    graph()
        .args([
            "export",
            "--format",
            "csv",
            "-o",
            a.to_str().unwrap(),
            "--nodes-out",
        ])
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one would overwrite the other"));
    assert!(!a.exists());
    // A nodes file that cannot be written leaves the edge list as it was.
    std::fs::write(&a, "old").unwrap();
    graph()
        .args([
            "export",
            "--format",
            "csv",
            "-o",
            a.to_str().unwrap(),
            "--nodes-out",
        ])
        .arg(dir.path().join("missing-dir").join("n.csv"))
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
}
