//! Command-line integration tests of bad input: every bad-input case (exit code 2, a message
//! naming the problem, no panic, no partial output file), and a good small graph beside them.

use serde_json::Value;

use crate::common::{bad, file, graph};

const GOOD: &str = r#"{"nodes":[{"id":"a","buffer":1},{"id":"b","buffer":2}],
"edges":[{"from":"a","to":"b","amount":1}]}"#;

// ---------------------------------------------------------------- bad input

#[test]
fn malformed_json_names_line_and_column() {
    let (_d, p) = file(
        "g.json",
        "{\"nodes\": [\n  {\"id\": \"a\"}\n  {\"id\": \"b\"}\n]}",
    );
    let msg = bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["g.json:3:3", "malformed JSON"],
    );
    assert!(msg.contains('^'), "caret under the place: {msg}");
}

#[test]
fn unknown_field_names_its_path() {
    let (_d, p) = file(
        "g.json",
        r#"{"nodes":[{"id":"a","bufer":1},{"id":"b"}],"edges":[{"from":"a","to":"b","amount":1,"weight":2}]}"#,
    );
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["nodes[0].bufer", "unknown field `bufer`", "edges[0].weight"],
    );
}

#[test]
fn missing_node_id() {
    let (_d, p) = file("g.json", r#"{"nodes":[{"label":"A"}]}"#);
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["nodes[0]", "missing field `id`"],
    );
}

#[test]
fn duplicate_node_id() {
    let (_d, p) = file("g.json", r#"{"nodes":[{"id":"a"},{"id":"a"}]}"#);
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["nodes[1]", "duplicate node id `a`"],
    );
}

#[test]
fn edge_to_unknown_node_suggests_nearest() {
    let (_d, p) = file(
        "g.json",
        r#"{"nodes":[{"id":"openai"},{"id":"oracle"}],"edges":[{"from":"openai","to":"oracel","amount":1}]}"#,
    );
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["edges[0]", "unknown node `oracel`", "did you mean `oracle`"],
    );
}

#[test]
fn non_positive_amount() {
    let (_d, p) = file(
        "g.json",
        r#"{"nodes":[{"id":"a"},{"id":"b"}],"edges":[{"from":"a","to":"b","amount":0}]}"#,
    );
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["edges[0]", "`amount` is 0", "> 0"],
    );
    let (_d, p) = file("e.csv", "from,to,amount\na,b,-3\n");
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["e.csv:2", "`amount` is -3"],
    );
}

#[test]
fn nan_and_infinite_numbers() {
    let (_d, p) = file("e.csv", "from,to,amount\na,b,NaN\nb,c,inf\n");
    bad(
        &["validate", p.to_str().unwrap()],
        &["e.csv:2", "`amount` is NaN", "e.csv:3", "`amount` is inf"],
    );
    let (_d, p) = file("g.json", r#"{"nodes":[{"id":"a","buffer":1e999}]}"#);
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["g.json:1", "number out of range"],
    );
}

#[test]
fn recovery_outside_unit_interval() {
    let (_d, p) = file(
        "g.json",
        r#"{"nodes":[{"id":"a"},{"id":"b"}],"edges":[{"from":"a","to":"b","amount":1,"recovery":1.5}]}"#,
    );
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["edges[0]", "`recovery` is 1.5", "[0, 1]"],
    );
}

#[test]
fn negative_buffer() {
    let (_d, p) = file("g.json", r#"{"nodes":[{"id":"a","buffer":-5}]}"#);
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["nodes[0] (`a`).buffer", "`buffer` is -5", ">= 0"],
    );
}

#[test]
fn unknown_kinds() {
    let (_d, p) = file(
        "g.json",
        r#"{"nodes":[{"id":"a","kind":"hedge_fund"},{"id":"b"}],"edges":[{"from":"a","to":"b","amount":1,"kind":"loan"}]}"#,
    );
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &[
            "unknown node kind `hedge_fund`",
            "unknown edge kind `loan`",
            "kinds.edges",
        ],
    );
}

#[test]
fn empty_graph() {
    let (_d, p) = file("g.json", r#"{"nodes":[],"edges":[]}"#);
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["the graph has no nodes"],
    );
    let (_d, p) = file("e.csv", "from,to,amount\n");
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["the graph has no nodes"],
    );
}

#[test]
fn self_loop_is_rejected_and_says_so() {
    let (_d, p) = file(
        "g.json",
        r#"{"nodes":[{"id":"a"}],"edges":[{"from":"a","to":"a","amount":1}]}"#,
    );
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["self-loop on `a`", "rejected"],
    );
}

#[test]
fn invalid_id_and_date() {
    let (_d, p) = file(
        "g.json",
        r#"{"as_of":"Nov 2026","nodes":[{"id":"Open AI"}]}"#,
    );
    bad(
        &["validate", p.to_str().unwrap()],
        &[
            "`Nov 2026` is not an ISO 8601 date",
            "`Open AI` is not a valid id",
        ],
    );
}

#[test]
fn validate_reports_every_problem() {
    let (_d, p) = file(
        "g.json",
        r#"{"nodes":[{"id":"a","buffer":-1},{"id":"a"},{"id":"b","kind":"bank","value":-2}],
            "edges":[{"from":"a","to":"zz","amount":1},{"from":"b","to":"a","amount":-1},{"from":"b","to":"b","amount":2}]}"#,
    );
    let out = bad(&["validate", p.to_str().unwrap()], &["6 problems"]);
    for n in [
        "buffer",
        "duplicate",
        "value",
        "unknown node `zz`",
        "`amount` is -1",
        "self-loop",
    ] {
        assert!(out.contains(n), "{n}");
    }
    let json = graph()
        .args(["validate", p.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["problems"].as_array().unwrap().len(), 6);
}

#[test]
fn csv_problems_name_the_line() {
    let (_d, p) = file("e.csv", "from,to,weight\na,b,1\n");
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["e.csv:1", "unknown column `weight`"],
    );
    let (_d, p) = file("e.csv", "from,to,amount\na,b,1\nc,d\n");
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["e.csv:3", "2 fields"],
    );
    let (dir, p) = file("e.csv", "from,to,amount\na,b,1\na,c,2\n");
    let nodes = dir.path().join("n.csv");
    std::fs::write(&nodes, "id,buffer\na,1\nb,2\ncc,3\n").unwrap();
    bad(
        &[
            "info",
            "--graph",
            p.to_str().unwrap(),
            "--nodes",
            nodes.to_str().unwrap(),
        ],
        &["e.csv:3", "unknown node `c`", "did you mean `cc`"],
    );
}

#[test]
fn unknown_extension_and_missing_file() {
    let (_d, p) = file("g.yaml", "nodes: []");
    bad(
        &["info", "--graph", p.to_str().unwrap()],
        &["extension `.yaml`"],
    );
    bad(
        &["info", "--graph", "/nonexistent/g.json"],
        &["cannot read `/nonexistent/g.json`"],
    );
}

#[test]
fn failed_run_leaves_no_output_file() {
    let (dir, p) = file("g.json", r#"{"nodes":[{"id":"a","buffer":-1}]}"#);
    let out = dir.path().join("out.json");
    bad(
        &[
            "export",
            "--format",
            "json",
            "--graph",
            p.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &["buffer"],
    );
    assert!(!out.exists());
    bad(
        &["shock", "--node", "nobody", "-o", out.to_str().unwrap()],
        &["unknown node"],
    );
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the input remains");
}

// ---------------------------------------------------------------- bad shock input

#[test]
fn unknown_shock_node_suggests_nearest() {
    bad(
        &["shock", "--node", "opnai"],
        &["unknown node `opnai`", "did you mean `openai`"],
    );
}

#[test]
fn haircut_out_of_range_or_nan() {
    bad(
        &["shock", "--node", "openai", "--haircut", "1.5"],
        &["haircut on `openai` is 1.5", "[0, 1]"],
    );
    bad(
        &["shock", "--node", "openai", "--haircut", "NaN"],
        &["haircut on `openai` is NaN"],
    );
    bad(
        &["shock", "--shock", "openai=-0.1"],
        &["haircut on `openai` is -0.1"],
    );
    bad(&["shock", "--shock", "openai"], &["not of the form ID=H"]);
    bad(
        &["shock", "--shock", "openai=0.5", "--shock", "openai=0.2"],
        &["`openai` is shocked twice"],
    );
    bad(&["shock"], &["no node to shock"]);
}

#[test]
fn alpha_beta_checked() {
    bad(
        &[
            "shock",
            "--node",
            "openai",
            "--model",
            "eisenberg-noe",
            "--alpha",
            "-1",
        ],
        &["--alpha", "not in [0, 1]"],
    );
    bad(
        &["shock", "--node", "openai", "--beta", "0.5"],
        &["belong to eisenberg-noe"],
    );
}

#[test]
fn missing_buffers_named() {
    let (_d, p) = file("e.csv", "from,to,amount\na,b,1\nb,c,1\n");
    bad(
        &["shock", "--graph", p.to_str().unwrap(), "--node", "a"],
        &["needs `buffer`", "3 nodes", "`a`, `b`, `c`"],
    );
    bad(
        &[
            "shock",
            "--graph",
            p.to_str().unwrap(),
            "--node",
            "a",
            "--model",
            "eisenberg-noe",
        ],
        &["needs `external_assets`"],
    );
}

#[test]
fn bad_scenario_file() {
    let (_d, p) = file("s.json", r#"{"shocks":[{"node":"openai","hair":0.5}]}"#);
    bad(
        &["shock", "--scenario", p.to_str().unwrap()],
        &["s.json", "unknown field `hair`"],
    );
    let (_d, p) = file("s.json", r#"{"model":"debtrnk","shocks":[]}"#);
    bad(
        &["shock", "--scenario", p.to_str().unwrap()],
        &["unknown model `debtrnk`"],
    );
}

#[test]
fn wrong_format_for_command() {
    bad(&["info", "--format", "dot"], &["table, json or csv"]);
    bad(
        &["export", "--format", "table"],
        &["dot, svg, json, csv, graphml, gexf or node-link"],
    );
}

#[test]
fn good_small_graph_and_nodes_csv() {
    let (_d, p) = file("g.json", GOOD);
    graph()
        .args(["shock", "--graph", p.to_str().unwrap(), "--node", "a"])
        .assert()
        .success();
    let (dir, e) = file(
        "e.csv",
        "from,to,amount,kind,recovery\na,b,10,compute_commitment,0.5\n",
    );
    let n = dir.path().join("n.csv");
    std::fs::write(
        &n,
        "id,label,kind,buffer,value\na,Alpha,ai_lab,4,\nb,Beta,cloud,2,7\n",
    )
    .unwrap();
    let out = graph()
        .args([
            "shock",
            "--graph",
            e.to_str().unwrap(),
            "--nodes",
            n.to_str().unwrap(),
        ])
        .args(["--node", "a", "--haircut", "0.2", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // b loses 0.2 * 10 * (1 - 0.5) = 1 of its buffer 2.
    let b = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "b")
        .unwrap();
    assert_eq!(b["loss"], 1.0);
    assert_eq!(b["distress"], 0.5);
}
