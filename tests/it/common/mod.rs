//! Helpers shared by the modules of the integration-test harness: the `graph` command, the
//! crate root, fixtures and temporary files.

pub mod report;
pub mod tol;

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;

/// The `graph` binary built by this package, ready for arguments.
pub fn graph() -> Command {
    cargo_bin_cmd!("graph")
}

/// The crate root (`CARGO_MANIFEST_DIR`): every fixture and reference path starts here.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Writes `content` to `name` in a fresh temp dir and returns (dir, path); the directory is
/// removed when the returned guard is dropped.
pub fn file(name: &str, content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, content).unwrap();
    (dir, p)
}

/// The graph of a reference case (`case["graph"]`), in the case's basis
/// (`case["parameters"]["basis"]`, default book).
pub fn case_graph(case: &serde_json::Value, name: &str) -> shockgraph::Network {
    let text = serde_json::to_string(&case["graph"]).unwrap();
    let net = shockgraph::io::json::parse(&text, name).unwrap();
    match case["parameters"]["basis"].as_str() {
        None | Some("book") => net,
        Some(b) => {
            let adj = shockgraph::model::Adjustments {
                basis: shockgraph::model::Basis::parse(b).unwrap(),
                ..Default::default()
            };
            net.adjusted(&adj).unwrap()
        }
    }
}

/// The embedded default graph's node and edge counts (tests follow the graph, not a literal).
pub fn default_counts() -> (usize, usize) {
    let net = shockgraph::io::load_default().unwrap();
    (net.node_count(), net.edge_count())
}

/// The label of a node of the embedded default graph.
pub fn default_label(id: &str) -> String {
    let net = shockgraph::io::load_default().unwrap();
    net.label(net.node(id).unwrap().index()).to_string()
}

/// The `.json` files of `dir` (relative to the crate root) whose names start with `prefix`,
/// sorted.
pub fn json_files(dir: &str, prefix: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    paths.sort();
    paths
}

/// Fails with every mismatch of a reference run, one per line.
pub fn assert_no_mismatch(errs: &[String]) {
    assert!(
        errs.is_empty(),
        "{} mismatches:\n{}",
        errs.len(),
        errs.join("\n")
    );
}

/// Runs `graph <args>` and asserts exit code 2, a message containing every `needles`, no panic.
pub fn bad(args: &[&str], needles: &[&str]) -> String {
    let out = graph().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let all = format!("{stdout}{stderr}");
    assert_eq!(out.status.code(), Some(2), "args {args:?}\n{all}");
    assert!(!all.contains("panicked"), "panic for {args:?}:\n{all}");
    for n in needles {
        assert!(all.contains(n), "`{n}` not in output of {args:?}:\n{all}");
    }
    all
}
