//! Regression tests of issue 13 (hardening): each test fails on the code before the fix.
//! Outputs never replace special files nor overwrite an input; graphs whose totals overflow
//! are refused instead of producing NaN with exit 0.

use std::fs;

use crate::common::{file, graph};

const TINY: &str = r#"{"format":"shockgraph/1","nodes":[{"id":"a","buffer":1},{"id":"b","buffer":1}],
"edges":[{"from":"a","to":"b","amount":2}]}"#;

#[cfg(unix)]
#[test]
fn output_to_dev_null_writes_the_device_directly() {
    graph().args(["info", "-o", "/dev/null"]).assert().success();
    let m = fs::metadata("/dev/null").unwrap();
    assert!(!m.is_file(), "/dev/null must stay a device");
    graph()
        .args([
            "shock",
            "--node",
            "openai",
            "--haircut",
            "0.5",
            "--dot",
            "/dev/null",
        ])
        .assert()
        .success();
}

#[test]
fn dash_is_standard_output() {
    let out = graph()
        .args(["info", "--format", "json", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"{"));
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_keeps_the_link() {
    let (dir, target) = file("real.json", "old");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    graph()
        .args(["info", "--format", "json", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&target).unwrap().starts_with('{'));
}

#[test]
fn an_output_that_is_the_input_graph_is_refused_before_writing() {
    let (dir, g) = file("g.json", TINY);
    for flag in ["--dot", "--svg", "-o"] {
        let out = graph()
            .arg("--graph")
            .arg(&g)
            .args(["shock", "--node", "a", "--haircut", "1", flag])
            .arg(dir.path().join(".").join("g.json"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("same file as the input"), "{flag}: {err}");
        assert_eq!(
            fs::read_to_string(&g).unwrap(),
            TINY,
            "{flag}: input untouched"
        );
    }
}

#[test]
fn an_output_that_is_the_scenario_or_validated_file_is_refused() {
    let (dir, g) = file("g.json", TINY);
    let sc = dir.path().join("s.json");
    fs::write(&sc, r#"{"shocks":[{"node":"a","haircut":1}]}"#).unwrap();
    let out = graph()
        .arg("--graph")
        .arg(&g)
        .args(["shock", "--scenario"])
        .arg(&sc)
        .arg("-o")
        .arg(&sc)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = graph()
        .arg("validate")
        .arg(&g)
        .arg("-o")
        .arg(&g)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&g).unwrap(), TINY);
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let (dir, g) = file("g.json", TINY);
    let d = dir.path().join("x.dot");
    let out = graph()
        .arg("--graph")
        .arg(&g)
        .args(["shock", "--node", "a", "--haircut", "1", "--dot"])
        .arg(&d)
        .arg("-o")
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.exists());
}

#[test]
fn overflowing_totals_are_refused_by_validate_with_the_node() {
    let (_dir, g) = file(
        "big.json",
        r#"{"format":"shockgraph/1","nodes":[{"id":"a","buffer":1},{"id":"b","buffer":1}],
"edges":[{"from":"a","to":"b","amount":1.7e308},{"from":"a","to":"b","amount":1.7e308}]}"#,
    );
    let out = graph().arg("validate").arg(&g).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("node `a`") && err.contains("overflow"),
        "{err}"
    );
    let out = graph()
        .arg("--graph")
        .arg(&g)
        .args([
            "shock",
            "--model",
            "eisenberg-noe",
            "--node",
            "a",
            "--haircut",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("NaN"));
}

#[test]
fn control_characters_in_labels_and_names_never_reach_the_terminal_raw() {
    let (_dir, g) = file(
        "esc.json",
        "{\"format\":\"shockgraph/1\",\"name\":\"n\\u001b]0;pwned\\u0007\",\"unit\":\"u\\u001b[1m\",\
\"nodes\":[{\"id\":\"a\",\"label\":\"A\\u001b[2J\",\"buffer\":1},{\"id\":\"b\",\"buffer\":1}],\
\"edges\":[{\"from\":\"a\",\"to\":\"b\",\"amount\":2}]}",
    );
    for cmd in [
        &["info"][..],
        &["shock", "--node", "a", "--haircut", "1"][..],
        &["centrality", "--measure", "pagerank"][..],
    ] {
        let out = graph().arg("--graph").arg(&g).args(cmd).output().unwrap();
        assert!(
            out.status.success(),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.contains(&0x1b), "{cmd:?}: raw ESC in the table");
        assert!(!out.stdout.contains(&0x07), "{cmd:?}: raw BEL in the table");
    }
}

#[test]
fn errors_escape_control_bytes_and_cut_long_excerpts() {
    let long = "x".repeat(100_000);
    let (_dir, g) = file("bad.json", &format!("{{\"format\":\"\u{1b}[31m{long}\"}}"));
    let out = graph().arg("--graph").arg(&g).arg("info").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.contains(&0x1b), "raw ESC in the error");
    assert!(
        out.stderr.len() < 10_000,
        "error of {} bytes",
        out.stderr.len()
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_made_inert() {
    let (_dir, g) = crate::common::file(
        "f.json",
        r#"{"nodes": [{"id": "a", "label": "=HYPERLINK(\"http://evil\")", "buffer": 1},
                      {"id": "b", "label": "@SUM(A1)", "buffer": 1}],
            "edges": [{"from": "a", "to": "b", "amount": 2}]}"#,
    );
    let o = crate::common::graph()
        .args([
            "shock",
            "--graph",
            g.to_str().unwrap(),
            "--node",
            "a",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("'=HYPERLINK"), "{out}");
    assert!(out.contains("'@SUM(A1)"), "{out}");
    assert!(!out.contains(",=HYPERLINK"), "{out}");
}

#[test]
fn huge_figures_print_in_scientific_notation() {
    let (_dir, g) = crate::common::file(
        "h.json",
        r#"{"nodes": [{"id": "a", "buffer": 1e300}, {"id": "b", "buffer": 1e300}],
            "edges": [{"from": "a", "to": "b", "amount": 1e300}]}"#,
    );
    let o = crate::common::graph()
        .args(["shock", "--graph", g.to_str().unwrap(), "--node", "a"])
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("1e300"), "{out}");
    assert!(!out.contains("000000000000000000000"), "{out}");
}
