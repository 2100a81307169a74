//! Helpers of the `graph report` tests (`report.rs`, `report_browser.rs`): the report of the
//! default graph, built once, and a graph full of markup.

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use super::graph;

/// Whether Graphviz `dot` runs.
pub fn have_dot() -> bool {
    StdCommand::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `graph report <args> --output <dir>/r.html` and returns the page.
pub fn report(dir: &Path, args: &[&str]) -> String {
    let out = dir.join("r.html");
    let o = graph()
        .args(args)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "graph report {args:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(&out).unwrap()
}

/// The default graph's report for OpenAI at haircut 0.5, built once per test binary.
pub fn default_report() -> &'static str {
    use std::sync::OnceLock;
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        report(
            dir.path(),
            &["report", "--node", "openai", "--haircut", "0.5"],
        )
    })
}

/// The report of [`NASTY`] for `lab` at haircut 1, written into `dir`.
pub fn nasty_report(dir: &Path) -> String {
    let g = dir.join("nasty.json");
    std::fs::write(&g, NASTY).unwrap();
    report(
        dir,
        &[
            "report",
            "--graph",
            g.to_str().unwrap(),
            "--node",
            "lab",
            "--haircut",
            "1",
        ],
    )
}

/// A graph with markup in its name, description, labels, source titles and addresses.
pub const NASTY: &str = r#"{
  "format": "shockgraph/1",
  "name": "nasty <b>graph</b> & \"co\"",
  "description": "</style><script>alert('description')</script>",
  "as_of": "2026-11",
  "currency": "USD",
  "unit": "billion",
  "nodes": [
    { "id": "lab", "label": "<script>alert(1)</script>", "kind": "ai_lab", "buffer": 10, "external_assets": 50,
      "sources": [ { "title": "<img src=x onerror=alert(2)>", "url": "javascript:alert(3)", "date": "2026-11", "status": "estimate" } ] },
    { "id": "cloud", "label": "Cloud & \"Co\" 'quoted'", "kind": "cloud", "buffer": 5, "external_assets": 20,
      "attributes": { "backlog": { "value": 40, "date": "2026-03-31",
        "sources": [ { "title": "10-Q <filing>", "url": "https://example.invalid/q?a=1&b=<2>", "date": "2026-04", "status": "firm" } ] } } },
    { "id": "dc", "label": "Données – 東京", "kind": "company", "buffer": 2, "external_assets": 3 }
  ],
  "edges": [
    { "from": "lab", "to": "cloud", "kind": "compute_commitment", "amount": 30, "recovery": 0.5,
      "sources": [ { "title": "deal \"x\" & <y>", "date": "2026-11", "status": "reported" } ] },
    { "from": "cloud", "to": "dc", "kind": "debt", "amount": 4 }
  ]
}"#;
