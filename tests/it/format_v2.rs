//! The credit-layer fields of the graph format (docs/format.md "Credit-layer terms",
//! conventions 9-14 of tests/reference/stall/README.md): every bad value is refused with exit
//! code 2, the file, the JSON path of the field and a message naming it; old files load as
//! before; `graph validate` reports warnings without failing.

use serde_json::Value;

use crate::common::{file, fixture, graph};

/// Two nodes `a`, `b` and the given edges.
fn with_edges(edges: &str) -> String {
    format!(
        r#"{{"as_of":"2026-11","nodes":[{{"id":"a","buffer":1}},{{"id":"b","buffer":1}}],"edges":[{edges}]}}"#
    )
}

/// Node `a` with the given funding, owing `b` 10.
fn with_funding(funding: &str) -> String {
    format!(
        r#"{{"as_of":"2026-11","nodes":[{{"id":"a","buffer":1,"funding":{funding}}},{{"id":"b","buffer":1}}],"edges":[{{"from":"a","to":"b","amount":10}}]}}"#
    )
}

const EDGE: &str = "edges[0] (`a` -> `b`)";
const NODE: &str = "nodes[0] (`a`)";

/// Validates `graph` as `g.json` and returns its problems as (location, message), asserting
/// exit code 2, that every location starts with the file's path, and that the table output
/// (the default) shows the same.
fn problems(graph_text: &str) -> Vec<(String, String)> {
    let (_d, p) = file("g.json", graph_text);
    let path = p.to_str().unwrap();
    let out = graph()
        .args(["validate", path, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{graph_text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    let list: Vec<(String, String)> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let loc = p["location"].as_str().unwrap();
            let rest = loc
                .strip_prefix(&format!("{path}: "))
                .unwrap_or_else(|| panic!("`{loc}` does not start with the file `{path}`"));
            (rest.to_string(), p["message"].as_str().unwrap().to_string())
        })
        .collect();
    let table = graph().args(["validate", path]).output().unwrap();
    assert_eq!(table.status.code(), Some(2));
    let text = String::from_utf8_lossy(&table.stdout);
    for (loc, msg) in &list {
        assert!(
            text.contains(loc.as_str()) && text.contains(msg.as_str()),
            "{text}"
        );
    }
    list
}

/// Asserts that `graph` has exactly one problem, at `location` with `message`.
fn one_problem(graph_text: &str, location: &str, message: &str) {
    let got = problems(graph_text);
    assert_eq!(
        got,
        vec![(location.to_string(), message.to_string())],
        "{graph_text}"
    );
}

/// Asserts that `graph` is valid (exit 0).
fn valid(graph_text: &str) {
    let (_d, p) = file("g.json", graph_text);
    let out = graph()
        .args(["validate", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{graph_text}\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

// ---------------------------------------------------------------- schedules (convention 10)

#[test]
fn schedule_must_sum_to_amount_within_1e9_relative() {
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","amount":10,"schedule":{"2027":5,"2028":4}}"#),
        &format!("{EDGE}.schedule"),
        "`schedule` sums to 9, but `amount` is 10",
    );
    // 4e-10 relative: accepted; 2e-9 relative: refused.
    valid(&with_edges(
        r#"{"from":"a","to":"b","amount":10,"schedule":{"2027":5,"2028":5.000000004}}"#,
    ));
    let got = problems(&with_edges(
        r#"{"from":"a","to":"b","amount":10,"schedule":{"2027":5,"2028":5.00000002}}"#,
    ));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, format!("{EDGE}.schedule"));
    assert!(
        got[0].1.starts_with("`schedule` sums to 10.0000000")
            && got[0].1.ends_with("`amount` is 10"),
        "{}",
        got[0].1
    );
}

#[test]
fn schedule_years_must_be_years_in_range() {
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","amount":10,"schedule":{"1800":10}}"#),
        &format!("{EDGE}.schedule.1800"),
        "`schedule.1800`: year 1800 is out of range (1900..=2200)",
    );
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","amount":10,"schedule":{"27":10}}"#),
        &format!("{EDGE}.schedule.27"),
        "`schedule.27` is not a year",
    );
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","amount":10,"schedule":{"start":1800,"years":2}}"#),
        &format!("{EDGE}.schedule.start"),
        "`schedule.start`: year 1800 is out of range (1900..=2200)",
    );
}

#[test]
fn schedule_amounts_must_not_be_negative() {
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","amount":10,"schedule":{"2027":11,"2028":-1}}"#),
        &format!("{EDGE}.schedule.2028"),
        "`schedule.2028` is -1, but it must be >= 0",
    );
}

#[test]
fn empty_schedule_and_zero_years_are_refused() {
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","amount":10,"schedule":{}}"#),
        &format!("{EDGE}.schedule"),
        "`schedule` is empty",
    );
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","amount":10,"schedule":{"start":2027,"years":0}}"#),
        &format!("{EDGE}.schedule.years"),
        "`schedule.years` is 0: the schedule must run 1 year or more and end by 2200",
    );
    valid(&with_edges(
        r#"{"from":"a","to":"b","amount":10,"schedule":{"start":2027,"years":1}}"#,
    ));
}

// ---------------------------------------------------------------- which edges (conventions 1, 9)

#[test]
fn schedule_and_notice_only_on_obligation_edges() {
    for kind in ["equity", "guarantee"] {
        one_problem(
            &with_edges(&format!(
                r#"{{"from":"a","to":"b","kind":"{kind}","amount":10,"schedule":{{"2027":10}}}}"#
            )),
            &format!("{EDGE}.schedule"),
            &format!(
                "`schedule` on an edge of kind `{kind}`: only obligation edges have a payment schedule"
            ),
        );
        one_problem(
            &with_edges(&format!(
                r#"{{"from":"a","to":"b","kind":"{kind}","amount":10,"schedule":{{"start":2027,"years":2}}}}"#
            )),
            &format!("{EDGE}.schedule"),
            &format!(
                "`schedule` on an edge of kind `{kind}`: only obligation edges have a payment schedule"
            ),
        );
        one_problem(
            &with_edges(&format!(
                r#"{{"from":"a","to":"b","kind":"{kind}","amount":10,"notice_months":6}}"#
            )),
            &format!("{EDGE}.notice_months"),
            &format!(
                "`notice_months` on an edge of kind `{kind}`: only obligation edges have a notice period"
            ),
        );
    }
    // Every other kind, a declared one included, may carry both.
    for kind in [
        "lease",
        "debt",
        "compute_commitment",
        "chip_purchase",
        "revenue",
    ] {
        valid(&with_edges(&format!(
            r#"{{"from":"a","to":"b","kind":"{kind}","amount":10,"schedule":{{"2027":4,"2028":6}},"notice_months":18}}"#
        )));
    }
    valid(
        r#"{"as_of":"2026-11","kinds":{"edges":{"rent":{"exposed":"to"}}},
            "nodes":[{"id":"a"},{"id":"b"}],
            "edges":[{"from":"a","to":"b","kind":"rent","amount":10,"schedule":{"start":2027,"years":2},"notice_months":0}]}"#,
    );
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","amount":10,"notice_months":-3}"#),
        &format!("{EDGE}.notice_months"),
        "`notice_months` is -3, but it must be >= 0",
    );
}

#[test]
fn market_value_only_on_equity_edges() {
    for kind in ["debt", "lease", "guarantee"] {
        one_problem(
            &with_edges(&format!(
                r#"{{"from":"a","to":"b","kind":"{kind}","amount":10,"market_value":12}}"#
            )),
            &format!("{EDGE}.market_value"),
            &format!(
                "`market_value` on an edge of kind `{kind}`: only `equity` stakes have a market value"
            ),
        );
    }
    one_problem(
        &with_edges(r#"{"from":"a","to":"b","kind":"equity","amount":10,"market_value":0}"#),
        &format!("{EDGE}.market_value"),
        "`market_value` is 0, but it must be > 0",
    );
    valid(&with_edges(
        r#"{"from":"a","to":"b","kind":"equity","amount":10,"market_value":25}"#,
    ));
}

// ---------------------------------------------------------------- funding (convention 13)

#[test]
fn funding_figures_must_be_non_negative_and_cost_ratio_at_most_1() {
    for field in ["cash", "revenue"] {
        one_problem(
            &with_funding(&format!(r#"{{"year":2027,"{field}":-1}}"#)),
            &format!("{NODE}.funding.{field}"),
            &format!("`funding.{field}` is -1, but it must be >= 0"),
        );
    }
    one_problem(
        &with_funding(r#"{"year":2027,"cash":1,"revenue":5,"cost_ratio":1.5}"#),
        &format!("{NODE}.funding.cost_ratio"),
        "`funding.cost_ratio` is 1.5, but it must be <= 1",
    );
    one_problem(
        &with_funding(r#"{"year":2027,"cost_ratio":-0.5}"#),
        &format!("{NODE}.funding.cost_ratio"),
        "`funding.cost_ratio` is -0.5, but it must be >= 0",
    );
    one_problem(
        &with_funding(r#"{"year":2027,"plan":{"2028":-3}}"#),
        &format!("{NODE}.funding.plan.2028"),
        "`funding.plan.2028` is -3, but it must be >= 0",
    );
    one_problem(
        &with_funding(r#"{"year":2027,"capital":{"2028":-4}}"#),
        &format!("{NODE}.funding.capital.2028"),
        "`funding.capital.2028` is -4, but it must be >= 0",
    );
    one_problem(
        &with_funding(r#"{"year":1800}"#),
        &format!("{NODE}.funding.year"),
        "`funding.year`: year 1800 is out of range (1900..=2200)",
    );
    // `year` alone is enough: cash, revenue and cost_ratio default to 0 (convention 13).
    valid(&with_funding(r#"{"year":2027}"#));
}

#[test]
fn funding_nan_or_infinite_figures_are_refused() {
    // JSON has no NaN: a literal too large for a double is a JSON error at its place.
    let text = with_funding(r#"{"year":2027,"cash":1e999}"#);
    let (_d, p) = file("g.json", &text);
    let out = graph()
        .args(["validate", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("g.json:1:"), "{all}");
    assert!(all.contains("number out of range"), "{all}");
    // Through the library, NaN and infinity are refused with the field named.
    use shockgraph::model::{Funding, GraphMeta, Kinds, NetworkBuilder, NodeFigures};
    for (field, x) in [("cash", f64::NAN), ("revenue", f64::INFINITY)] {
        let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 1, 0);
        let i = b.add_node("a", 0, NodeFigures::default(), None).unwrap();
        let mut f = Funding {
            year: 2027,
            cash: 1.0,
            revenue: 1.0,
            plan: std::collections::BTreeMap::default(),
            cost_ratio: 0.0,
            capital: std::collections::BTreeMap::default(),
        };
        if field == "cash" {
            f.cash = x;
        } else {
            f.revenue = x;
        }
        let e = b.set_funding(i, f).unwrap_err();
        assert_eq!(
            e.message,
            format!("`funding.{field}` is {x}, not a finite number")
        );
    }
}

#[test]
fn funding_plan_and_capital_keys_must_be_years() {
    one_problem(
        &with_funding(r#"{"year":2027,"plan":{"next":3}}"#),
        &format!("{NODE}.funding.plan.next"),
        "`funding.plan.next` is not a year",
    );
    one_problem(
        &with_funding(r#"{"year":2027,"capital":{"2028x":3}}"#),
        &format!("{NODE}.funding.capital.2028x"),
        "`funding.capital.2028x` is not a year",
    );
    one_problem(
        &with_funding(r#"{"year":2027,"capital":{"3000":3}}"#),
        &format!("{NODE}.funding.capital.3000"),
        "`funding.capital.3000`: year 3000 is out of range (1900..=2200)",
    );
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let text = r#"{"as_of":"2026-11",
        "nodes":[{"id":"a","funding":{"year":2027,"cash":-1,"plan":{"x":1}}},{"id":"b"}],
        "edges":[{"from":"a","to":"b","amount":10,"schedule":{}},
                 {"from":"b","to":"a","kind":"equity","amount":1,"notice_months":3}]}"#;
    let got = problems(text);
    let locs: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        locs,
        [
            "nodes[0] (`a`).funding.plan.x",
            "edges[0] (`a` -> `b`).schedule",
            "edges[1] (`b` -> `a`).notice_months",
        ],
        "{got:?}"
    );
}

// ---------------------------------------------------------------- old files, warnings

/// The shock JSON of `graph shock` on `path` (the `graph` entry removed: it names the file).
fn shock_json(path: &str, args: &[&str]) -> Value {
    let out = graph()
        .args(["shock", "--graph", path, "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
    if let Some(o) = v.as_object_mut() {
        o.remove("graph");
    }
    v
}

#[test]
fn old_files_load_unchanged_and_terms_do_not_move_a_shock() {
    // Old fixtures (no credit-layer field) load with no terms and no warnings.
    for name in ["nrm-3-node.json", "tricky.json", "edge-shock.json"] {
        let net = shockgraph::io::load(Some(&fixture(name)), None).unwrap();
        assert!(!net.has_terms(), "{name}");
        assert!(net.warnings().is_empty(), "{name}");
    }
    // Adding schedules, notice periods and funding to an old file leaves a book-basis shock
    // exactly as it was (schedules play no role in `graph shock`, convention 10).
    let old_path = fixture("nrm-3-node.json");
    let mut g: Value = serde_json::from_str(&std::fs::read_to_string(&old_path).unwrap()).unwrap();
    let first = g["nodes"][0]["id"].as_str().unwrap().to_string();
    g["nodes"][0]["funding"] = serde_json::json!({"year": 2027, "cash": 5, "revenue": 3});
    for e in g["edges"].as_array_mut().unwrap() {
        let kind = e["kind"].as_str().unwrap_or("debt").to_string();
        if kind != "equity" && kind != "guarantee" {
            e["schedule"] = serde_json::json!({"start": 2027, "years": 3});
            e["notice_months"] = serde_json::json!(6);
        }
    }
    let (_d, new_path) = file("nrm-3-node.json", &g.to_string());
    let args = ["--node", first.as_str(), "--haircut", "0.6"];
    let before = shock_json(old_path.to_str().unwrap(), &args);
    let after = shock_json(new_path.to_str().unwrap(), &args);
    assert_eq!(before, after);
    assert!(before["total_loss"].as_f64().unwrap() > 0.0, "{before}");
}

#[test]
fn validate_prints_warnings_and_still_exits_0() {
    // `a` has funding but owes nothing (its only edge is a stake it holds... in `b`: equity
    // exposes `from`, so `a` is not the obligor).
    let text = r#"{"nodes":[{"id":"a","buffer":1,"funding":{"year":2027,"cash":1}},{"id":"b","buffer":1}],
        "edges":[{"from":"a","to":"b","kind":"equity","amount":2}]}"#;
    let (_d, p) = file("g.json", text);
    let path = p.to_str().unwrap();
    let out = graph().args(["validate", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let want =
        "node `a` gives `funding` but has no obligation edges, so a stall of it has nothing to pay";
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [format!("warning: {path}: {want}")],
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: "));
    let out = graph()
        .args(["validate", path, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["warnings"], serde_json::json!([want]));
    // A funded node that owes something: no warning, an empty list.
    let (_d, p) = file("g.json", &with_funding(r#"{"year":2027,"cash":1}"#));
    let out = graph()
        .args(["validate", p.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["warnings"], serde_json::json!([]));
}

#[test]
fn nodes_csv_has_no_funding_column() {
    let (dir, p) = file("e.csv", "from,to,amount\na,b,1\n");
    let nodes = dir.path().join("n.csv");
    std::fs::write(&nodes, "id,buffer,funding\na,1,\nb,2,\n").unwrap();
    let out = graph()
        .args([
            "validate",
            p.to_str().unwrap(),
            "--nodes",
            nodes.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("unknown column `funding`"), "{all}");
}
