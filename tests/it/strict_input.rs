//! Issue 13, input side: duplicate JSON keys refused with their place in every JSON input;
//! unbounded inputs (character devices, overlong lines and ids) refused quickly with exit 2;
//! `--graph -` reads standard input.

use crate::common::{file, graph};

/// `graph validate` on `text` (saved as `name`): fails with exit 2, returns stderr.
fn refused(name: &str, text: &str) -> String {
    let (_dir, path) = file(name, text);
    let out = graph()
        .args(["validate", "--graph"])
        .arg(&path)
        .output()
        .unwrap();
    // `validate` lists the problems on standard output.
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{text}");
    text
}

fn assert_duplicate(err: &str, place: &str, key: &str) {
    assert!(
        err.contains(place) && err.contains(&format!("duplicate key `{key}`")),
        "want `{key}` at `{place}` in:\n{err}"
    );
    assert!(err.contains("appear only once"), "hint missing:\n{err}");
}

#[test]
fn duplicate_field_of_a_node_is_refused() {
    let err = refused(
        "g.json",
        r#"{"nodes": [{"id": "a"}, {"id": "b", "buffer": 10, "buffer": 20}]}"#,
    );
    assert_duplicate(&err, "g.json: nodes[1]", "buffer");
}

#[test]
fn duplicate_field_of_an_edge_is_refused() {
    let err = refused(
        "g.json",
        r#"{"nodes": [{"id": "a"}, {"id": "b"}],
            "edges": [{"from": "a", "to": "b", "amount": 1, "amount": 5}]}"#,
    );
    assert_duplicate(&err, "g.json: edges[0]", "amount");
}

#[test]
fn duplicate_top_level_key_is_refused() {
    let err = refused(
        "g.json",
        r#"{"nodes": [{"id": "a"}], "name": "x", "nodes": [{"id": "b"}]}"#,
    );
    assert_duplicate(&err, "g.json: (top level)", "nodes");
}

#[test]
fn duplicate_declared_kind_is_refused() {
    let err = refused(
        "g.json",
        r#"{"kinds": {"edges": {"royalty": {"exposed": "to"}, "royalty": {"exposed": "from"}}},
            "nodes": [{"id": "a"}]}"#,
    );
    assert_duplicate(&err, "g.json: kinds.edges", "royalty");
}

#[test]
fn duplicate_schedule_year_is_refused() {
    let err = refused(
        "g.json",
        r#"{"nodes": [{"id": "a"}, {"id": "b"}],
            "edges": [{"from": "a", "to": "b", "kind": "compute_contract", "amount": 120,
                       "schedule": {"2027": 60, "2028": 60, "2027": 0}}]}"#,
    );
    assert_duplicate(&err, "g.json: edges[0].schedule", "2027");
}

#[test]
fn duplicate_attribute_is_refused() {
    let err = refused(
        "g.json",
        r#"{"nodes": [{"id": "a", "attributes": {"x": {"value": 1}, "x": {"value": 2}}}]}"#,
    );
    assert_duplicate(&err, "g.json: nodes[0].attributes", "x");
}

/// `graph shock --scenario` on `text`: fails with exit 2, returns stderr.
fn scenario_refused(text: &str) -> String {
    let (_dir, path) = file("s.json", text);
    let out = graph()
        .args(["shock", "--scenario"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn duplicate_keys_in_a_scenario_are_refused() {
    let err = scenario_refused(
        r#"{"model": "debtrank", "model": "threshold",
            "shocks": [{"node": "openai", "haircut": 0.5}]}"#,
    );
    assert_duplicate(&err, "(at `(top level)`)", "model");
    let err = scenario_refused(
        r#"{"shocks": [{"node": "openai", "haircut": 0.5}],
            "overrides": {"buffer": {"nvidia": 1, "nvidia": 2}}}"#,
    );
    assert_duplicate(&err, "(at `overrides.buffer`)", "nvidia");
}

#[test]
fn duplicate_keys_in_node_link_json_are_refused() {
    let err = refused(
        "nl.json",
        r#"{"directed": true, "multigraph": true, "graph": {},
            "nodes": [{"id": "a", "buffer": 1, "buffer": 2}, {"id": "b"}],
            "edges": [{"source": "a", "target": "b", "amount": 1}]}"#,
    );
    assert_duplicate(&err, "nl.json: nodes[0]", "buffer");
    let err = refused(
        "nl.json",
        r#"{"directed": true, "directed": false, "graph": {}, "nodes": [{"id": "a"}], "edges": []}"#,
    );
    assert_duplicate(&err, "nl.json: (top level)", "directed");
}

const TINY: &str = r#"{"nodes": [{"id": "a", "buffer": 1}, {"id": "b", "buffer": 1}],
 "edges": [{"from": "a", "to": "b", "amount": 2}]}"#;

#[cfg(unix)]
#[test]
fn character_devices_are_refused_at_once() {
    use std::time::Duration;
    let (dir, edges) = file("e.csv", "from,to,amount\na,b,1\n");
    let zero_csv = dir.path().join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &zero_csv).unwrap();
    let zero_json = dir.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero_json).unwrap();
    let runs: [Vec<std::ffi::OsString>; 4] = [
        vec!["validate".into(), "--graph".into(), zero_csv.into()],
        vec!["validate".into(), "--graph".into(), zero_json.into()],
        vec![
            "validate".into(),
            "--graph".into(),
            edges.into(),
            "--nodes".into(),
            "/dev/zero".into(),
        ],
        vec!["shock".into(), "--scenario".into(), "/dev/zero".into()],
    ];
    for args in runs {
        let out = graph()
            .args(&args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("is a character device"), "{args:?}: {err}");
    }
}

#[test]
fn an_overlong_csv_line_is_refused_with_its_place() {
    let long = format!("from,to,amount\na,b,1\nc,d,{}\n", "1".repeat(1 << 20));
    let err = refused("e.csv", &long);
    assert!(
        err.contains("e.csv:3") && err.contains("longer than 1048576 bytes"),
        "{err}"
    );
    assert!(
        err.len() < 2000,
        "the line is not echoed: {} bytes",
        err.len()
    );
}

#[test]
fn an_overlong_id_is_refused_with_its_place() {
    let id = "a".repeat(300);
    let err = refused(
        "g.json",
        &format!(r#"{{"nodes": [{{"id": "b"}}, {{"id": "{id}"}}]}}"#),
    );
    assert!(
        err.contains("g.json: nodes[1]") && err.contains("longer than the limit of 256 bytes"),
        "{err}"
    );
    let err = refused("e.csv", &format!("from,to,amount\na,{id},1\n"));
    assert!(
        err.contains("e.csv:2") && err.contains("longer than the limit of 256 bytes"),
        "{err}"
    );
    // 256 bytes is still an id.
    let (_dir, path) = file("e.csv", &format!("from,to,amount\na,{},1\n", &id[..256]));
    graph()
        .args(["validate", "--graph"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn graph_dash_reads_standard_input() {
    let out = graph()
        .args(["validate", "--graph", "-"])
        .write_stdin(TINY)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 nodes"));
    // A CSV edge list is told by its first character.
    let out = graph()
        .args(["info", "--graph", "-", "--format", "json"])
        .write_stdin("from,to,amount\nx,y,3\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"x\""));
    // Problems name standard input.
    let out = graph()
        .args(["validate", "--graph", "-"])
        .write_stdin(r#"{"nodes": [{"id": "A"}]}"#)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("<stdin>: nodes[0]"));
}

#[test]
fn duplicate_data_in_graphml_is_refused() {
    let text = r#"<graphml>
<key id="d" for="node" attr.name="buffer" attr.type="double"/>
<key id="k" for="graph" attr.name="kinds"/>
<graph edgedefault="directed">
<node id="a"><data key="d">1</data>
<data key="d">2</data></node>
</graph></graphml>"#;
    let err = refused("g.graphml", text);
    assert!(
        err.contains("g.graphml:6:") && err.contains("`buffer` is given twice"),
        "{err}"
    );
    let kinds = r#"<graphml>
<key id="k" for="graph" attr.name="kinds"/>
<graph edgedefault="directed">
<data key="k">{"edges": {"royalty": {"exposed": "to"}, "royalty": {"exposed": "from"}}}</data>
<node id="a"/>
</graph></graphml>"#;
    let err = refused("g.graphml", kinds);
    assert!(
        err.contains("g.graphml:4:") && err.contains("duplicate key `royalty` at `edges`"),
        "{err}"
    );
}

#[test]
fn nodes_dash_reads_standard_input_and_names_it() {
    let (_dir, edges) = file("e.csv", "from,to,amount\na,b,1\n");
    let out = graph()
        .args(["validate", "--graph"])
        .arg(&edges)
        .args(["--nodes", "-"])
        .write_stdin("id,buffer\na,1\nB,2\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("<stdin>:3: node id `B` is not a valid id"),
        "{text}"
    );
}

#[test]
fn standard_input_edge_cases_from_review() {
    // A byte order mark before a JSON graph on standard input: still JSON.
    let out = graph()
        .args(["validate", "--graph", "-"])
        .write_stdin(format!("\u{feff}{TINY}"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Both inputs from standard input: a usage error, not an empty nodes file.
    let out = graph()
        .args(["validate", "--graph", "-", "--nodes", "-"])
        .write_stdin("from,to,amount\na,b,1\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot both read standard input"), "{err}");
    // Bytes that are not UTF-8 name `<stdin>`, not `-`.
    let out = graph()
        .args(["info", "--graph", "-"])
        .write_stdin(&b"{\"nodes\":[{\"id\":\"a\",\"label\":\"\xff\"}]}"[..])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>") && !err.contains("`-`"), "{err}");
}

#[test]
fn an_overlong_unknown_edge_endpoint_is_refused_without_suggestions() {
    // 200 KB of an id that contains a real one: before the guard in `nearest`, the "did you
    // mean" search compared it with every node (a minute in a debug build) and suggested `a`.
    let long = "a".repeat(200_000);
    let err = refused(
        "g.json",
        &format!(
            r#"{{"nodes": [{{"id": "a"}}, {{"id": "b"}}],
                "edges": [{{"from": "{long}", "to": "b", "amount": 1}}]}}"#
        ),
    );
    assert!(err.contains("edges[0]"), "{}", &err[..err.len().min(2000)]);
    assert!(
        !err.contains("did you mean"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(err.len() < 10_000, "the message repeats the 200 KB id");
}
