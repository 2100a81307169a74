//! Issue 13 (item 4 and papercuts): run-length limits that need `--force`, progress bars only
//! on a terminal and never with `--quiet`, diagrams without Graphviz, tables and the terminal
//! width.

use crate::common::{fixture, graph};

/// A PATH with no Graphviz `dot` on it (the binary is run by its absolute path).
fn path_without_dot() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn shock_svg_without_graphviz_prints_the_table_and_names_dot() {
    let empty = path_without_dot();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("shock.svg");
    let dot = dir.path().join("shock.dot");
    let out = graph()
        .env("PATH", empty.path())
        .args(["shock", "--node", "openai", "--haircut", "0.5", "--svg"])
        .arg(&svg)
        .arg("--dot")
        .arg(&dot)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains("Total loss"), "no table: {stdout}");
    assert!(stderr.contains("Graphviz"), "{stderr}");
    assert!(stderr.contains("graph shock ... --dot FILE"), "{stderr}");
    assert!(!stderr.contains("--format dot"), "{stderr}");
    assert!(!svg.exists(), "no partial SVG");
    assert!(std::fs::read_to_string(&dot).unwrap().starts_with("digraph"));
    // The flag the hint names exists: the same run with --dot alone succeeds.
    graph()
        .env("PATH", empty.path())
        .args(["shock", "--node", "openai", "--haircut", "0.5", "--dot"])
        .arg(dir.path().join("only.dot"))
        .assert()
        .success();
}

#[test]
fn stall_svg_without_graphviz_prints_the_table_and_names_dot() {
    let empty = path_without_dot();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("final.svg");
    let out = graph()
        .env("PATH", empty.path())
        .arg("--graph")
        .arg(fixture("stall.json"))
        .args(["stall", "--node", "lab", "--growth", "0", "--svg"])
        .arg(&svg)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains("lab"), "no table: {stdout}");
    assert!(stderr.contains("graph stall ... --dot FILE"), "{stderr}");
    assert!(!svg.exists());
}
