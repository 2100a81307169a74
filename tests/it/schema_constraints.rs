//! The published JSON Schema (`graph schema`, docs/graph.schema.json) carries the real
//! constraints of `graph validate` (issue 13, item 5): every file that `validate` rejects for a
//! rule JSON Schema can express is rejected by the schema too, one case per rule below, and
//! every valid graph (fixtures, `graphs/*.json`) passes it. Removing a constraint from the
//! schema makes its case pass the schema and this test fail.
//!
//! The rules JSON Schema cannot express are listed in `inexpressible()`: each is still
//! rejected by `validate`, and each passes the schema (so the list stays honest: a rule that
//! becomes expressible moves to `expressible()`).

use std::path::Path;

use serde_json::Value;

use crate::common::root;

/// Two nodes `a`, `b` (buffers 1) with `node_extra` merged into `a` and one edge `a -> b` of 10
/// with `edge_extra` merged into it; `top_extra` is merged into the top level.
fn graph_with(top_extra: &str, node_extra: &str, edge_extra: &str) -> String {
    let sep = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!(",{s}")
        }
    };
    format!(
        r#"{{"format":"shockgraph/1"{top},"nodes":[{{"id":"a","buffer":1{node}}},{{"id":"b","buffer":1}}],"edges":[{{"from":"a","to":"b","amount":10{edge}}}]}}"#,
        top = sep(top_extra),
        node = sep(node_extra),
        edge = sep(edge_extra),
    )
}

fn node(extra: &str) -> String {
    graph_with("", extra, "")
}

fn edge(extra: &str) -> String {
    graph_with("", "", extra)
}

const SOURCE: &str = r#""title":"t","date":"2026-11","status":"firm""#;

/// (rule, rejected file) for every rule of `validate` that the schema expresses.
fn expressible() -> Vec<(&'static str, String)> {
    let mut all = expressible_top_and_node_rules();
    all.extend(expressible_edge_rules());
    all.extend(expressible_funding_and_kind_rules());
    all
}

/// The top-level and node rules among [`expressible`] ones.
fn expressible_top_and_node_rules() -> Vec<(&'static str, String)> {
    vec![
        (
            "format is shockgraph/1",
            graph_with(r#""as_of":"2026""#, "", "").replace("shockgraph/1", "shockgraph/2"),
        ),
        (
            "as_of is a date",
            graph_with(r#""as_of":"2026-13""#, "", ""),
        ),
        (
            "as_of is a date (day)",
            graph_with(r#""as_of":"2026-11-32""#, "", ""),
        ),
        ("at least one node", r#"{"nodes":[],"edges":[]}"#.into()),
        ("nodes is required", r#"{"edges":[]}"#.into()),
        (
            "no unknown top-level field",
            graph_with(r#""colour":"red""#, "", ""),
        ),
        (
            "edges is an array",
            r#"{"nodes":[{"id":"a"}],"edges":{}}"#.into(),
        ),
        (
            "id pattern (uppercase)",
            r#"{"nodes":[{"id":"Bad"}]}"#.into(),
        ),
        (
            "id pattern (control character)",
            "{\"nodes\":[{\"id\":\"a\\u001b[31m\"}]}".into(),
        ),
        ("id pattern (empty)", r#"{"nodes":[{"id":""}]}"#.into()),
        ("id pattern (space)", r#"{"nodes":[{"id":"a b"}]}"#.into()),
        ("id is a string", r#"{"nodes":[{"id":7}]}"#.into()),
        ("node kind pattern", node(r#""kind":"Big Lab""#)),
        (
            "buffer >= 0",
            node(r#""buffer":-1"#).replace(r#""buffer":1,"buffer""#, r#""buffer""#),
        ),
        ("external_assets >= 0", node(r#""external_assets":-1"#)),
        (
            "external_liabilities >= 0",
            node(r#""external_liabilities":-0.5"#),
        ),
        ("value >= 0", node(r#""value":-3"#)),
        (
            "buffer is a number",
            r#"{"nodes":[{"id":"a","buffer":"1"}]}"#.into(),
        ),
        ("low bounds >= 0", node(r#""low":{"buffer":-1}"#)),
        (
            "high bounds >= 0",
            r#"{"nodes":[{"id":"a","value":0,"high":{"value":-1}}]}"#.into(),
        ),
        ("no unknown bound", node(r#""low":{"cash":1}"#)),
        ("no unknown node field", node(r#""colour":"red""#)),
        (
            "source date",
            node(&format!(
                r#""sources":[{{{}}}]"#,
                SOURCE.replace("2026-11", "11/2026")
            )),
        ),
        (
            "source status enum",
            node(&format!(
                r#""sources":[{{{}}}]"#,
                SOURCE.replace("firm", "rumour")
            )),
        ),
        (
            "source title required",
            node(r#""sources":[{"date":"2026","status":"firm"}]"#),
        ),
        (
            "node source names a node figure",
            node(&format!(r#""sources":[{{{SOURCE},"figure":"amount"}}]"#)),
        ),
        (
            "edge source names an edge figure",
            edge(&format!(r#""sources":[{{{SOURCE},"figure":"buffer"}}]"#)),
        ),
        (
            "attribute source names an edge figure",
            node(&format!(
                r#""attributes":{{"revenue":{{"value":1,"sources":[{{{SOURCE},"figure":"buffer"}}]}}}}"#
            )),
        ),
        (
            "attribute date",
            node(r#""attributes":{"revenue":{"value":1,"date":"soon"}}"#),
        ),
        (
            "attribute value required",
            node(r#""attributes":{"revenue":{"unit":"x"}}"#),
        ),
    ]
}

/// The edge rules among [`expressible`] ones.
fn expressible_edge_rules() -> Vec<(&'static str, String)> {
    vec![
        (
            "edge from pattern",
            edge("").replace(r#""from":"a""#, r#""from":"A""#),
        ),
        (
            "edge to pattern",
            edge("").replace(r#""to":"b""#, r#""to":"""#),
        ),
        ("edge kind pattern", edge(r#""kind":"Loan!""#)),
        (
            "amount > 0 (zero)",
            edge("").replace(r#""amount":10"#, r#""amount":0"#),
        ),
        (
            "amount > 0 (negative)",
            edge("").replace(r#""amount":10"#, r#""amount":-10"#),
        ),
        (
            "amount is required",
            r#"{"nodes":[{"id":"a"},{"id":"b"}],"edges":[{"from":"a","to":"b"}]}"#.into(),
        ),
        (
            "amount is a number",
            edge("").replace(r#""amount":10"#, r#""amount":"10""#),
        ),
        ("recovery <= 1", edge(r#""recovery":1.5"#)),
        ("recovery >= 0", edge(r#""recovery":-0.1"#)),
        ("no unknown edge field", edge(r#""weight":1"#)),
        ("market_value only on equity", edge(r#""market_value":5"#)),
        (
            "market_value > 0",
            edge(r#""kind":"equity","market_value":0"#),
        ),
        (
            "schedule only on obligations",
            edge(r#""kind":"equity","schedule":{"start":2027,"years":2}"#),
        ),
        (
            "notice_months only on obligations",
            edge(r#""kind":"guarantee","notice_months":3"#),
        ),
        ("notice_months >= 0", edge(r#""notice_months":-1"#)),
        ("edge low > 0", edge(r#""low":0"#)),
        ("edge high > 0", edge(r#""high":-1"#)),
        (
            "schedule start year in range",
            edge(r#""schedule":{"start":1800,"years":2}"#),
        ),
        (
            "schedule runs 1 year or more",
            edge(r#""schedule":{"start":2027,"years":0}"#),
        ),
        (
            "schedule runs at most 301 years",
            edge(r#""schedule":{"start":1900,"years":400}"#),
        ),
        ("schedule is not empty", edge(r#""schedule":{}"#)),
        (
            "schedule keys are years (digits)",
            edge(r#""schedule":{"27":10}"#),
        ),
        (
            "schedule keys are years (range)",
            edge(r#""schedule":{"2300":10}"#),
        ),
        (
            "schedule amounts >= 0",
            edge(r#""schedule":{"2027":-5,"2028":15}"#),
        ),
        (
            "no unknown schedule field",
            edge(r#""schedule":{"start":2027,"years":2,"every":1}"#),
        ),
    ]
}

/// The funding and declared-kind rules among [`expressible`] ones.
fn expressible_funding_and_kind_rules() -> Vec<(&'static str, String)> {
    vec![
        ("funding year in range", node(r#""funding":{"year":1800}"#)),
        ("funding year required", node(r#""funding":{"cash":1}"#)),
        (
            "funding cash >= 0",
            node(r#""funding":{"year":2026,"cash":-1}"#),
        ),
        (
            "funding revenue >= 0",
            node(r#""funding":{"year":2026,"revenue":-1}"#),
        ),
        (
            "funding cost_ratio <= 1",
            node(r#""funding":{"year":2026,"cost_ratio":1.5}"#),
        ),
        (
            "funding cost_ratio >= 0",
            node(r#""funding":{"year":2026,"cost_ratio":-0.5}"#),
        ),
        (
            "funding plan keys are years",
            node(r#""funding":{"year":2026,"plan":{"next":1}}"#),
        ),
        (
            "funding plan >= 0",
            node(r#""funding":{"year":2026,"plan":{"2027":-1}}"#),
        ),
        (
            "funding capital keys in range",
            node(r#""funding":{"year":2026,"capital":{"1776":1}}"#),
        ),
        (
            "funding capital >= 0",
            node(r#""funding":{"year":2026,"capital":{"2027":-1}}"#),
        ),
        (
            "no unknown funding field",
            node(r#""funding":{"year":2026,"debt":1}"#),
        ),
        (
            "declared edge kind: not a built-in",
            graph_with(r#""kinds":{"edges":{"debt":{"exposed":"to"}}}"#, "", ""),
        ),
        (
            "declared edge kind: name pattern",
            graph_with(r#""kinds":{"edges":{"Royalty":{"exposed":"to"}}}"#, "", ""),
        ),
        (
            "declared edge kind: exposed end",
            graph_with(
                r#""kinds":{"edges":{"royalty":{"exposed":"both"}}}"#,
                "",
                "",
            ),
        ),
        (
            "declared node kind: not a built-in",
            graph_with(r#""kinds":{"nodes":{"bank":{}}}"#, "", ""),
        ),
        (
            "declared node kind: name pattern",
            graph_with(r#""kinds":{"nodes":{"data center":{}}}"#, "", ""),
        ),
        (
            "no unknown kinds field",
            graph_with(r#""kinds":{"links":{}}"#, "", ""),
        ),
    ]
}

/// (rule, rejected file) for the rules JSON Schema cannot express: each needs another part of
/// the document, arithmetic, or the number's spelling.
fn inexpressible() -> Vec<(&'static str, String)> {
    vec![
        // A reference to another record's id.
        ("an edge's endpoint is a declared node", edge("").replace(r#""to":"b""#, r#""to":"zz""#)),
        // Uniqueness of one field across array items.
        ("node ids are unique", r#"{"nodes":[{"id":"a"},{"id":"a"}]}"#.into()),
        // Equality of two fields of one record.
        ("no self-loop", edge("").replace(r#""to":"b""#, r#""to":"a""#)),
        // Depends on the file's own `kinds` declarations.
        ("a kind is built in or declared", edge(r#""kind":"royalty""#)),
        ("a node kind is built in or declared", node(r#""kind":"fund""#)),
        // Sums over the whole graph in double precision.
        ("totals do not overflow", r#"{"nodes":[{"id":"a","buffer":1},{"id":"b","buffer":1}],"edges":[{"from":"a","to":"b","amount":1.7e308},{"from":"a","to":"b","amount":1.7e308}]}"#.into()),
        // Arithmetic between fields.
        ("a schedule sums to amount", edge(r#""schedule":{"2027":1,"2028":2}"#)),
        ("an even schedule ends by 2200", edge(r#""schedule":{"start":2100,"years":200}"#)),
        ("a node's low <= its figure", node(r#""low":{"buffer":5}"#)),
        ("a node's high >= its figure", node(r#""high":{"buffer":0.5}"#)),
        ("an edge's low <= amount", edge(r#""low":20"#)),
        ("an edge's high >= amount", edge(r#""high":5"#)),
        // A bound needs its central figure, which lives beside it in the record.
        ("a range needs its figure", node(r#""low":{"value":1}"#)),
        // JSON Schema's integer admits 2027.0; the reader wants the integer spelling.
        ("a year is written as an integer", node(r#""funding":{"year":2026.0}"#)),
        // Not JSON at all: nothing for a schema to apply to.
        ("the file is JSON", r#"{"nodes":[{"id":"a",}]}"#.into()),
    ]
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&shockgraph::io::json::schema_json()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn rejected_by_validate(text: &str) -> bool {
    shockgraph::io::json::parse(text, "case.json").is_err()
}

#[test]
fn every_expressible_rejection_is_rejected_by_the_schema() {
    let v = validator();
    let mut wrong = Vec::new();
    for (rule, text) in expressible() {
        assert!(
            rejected_by_validate(&text),
            "`{rule}`: validate accepts {text}"
        );
        let inst: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rule}: {e}"));
        if v.is_valid(&inst) {
            wrong.push(format!("{rule}: {text}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "the schema accepts files that validate rejects:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn inexpressible_rules_are_rejected_by_validate_and_pass_the_schema() {
    let v = validator();
    let mut names = std::collections::HashSet::new();
    for (rule, text) in inexpressible().into_iter().chain(expressible()) {
        assert!(names.insert(rule), "rule `{rule}` listed twice");
        assert!(
            rejected_by_validate(&text),
            "`{rule}`: validate accepts {text}"
        );
    }
    for (rule, text) in inexpressible() {
        if let Ok(inst) = serde_json::from_str::<Value>(&text) {
            assert!(
                v.is_valid(&inst),
                "`{rule}` is listed as inexpressible but the schema rejects it: move it to expressible()"
            );
        }
    }
}

fn json_graphs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(json_graphs(&p));
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Every graph file shipped (fixtures, the graphs of `graphs/` and its facts, the graphs of the
/// reference cases in `tests/reference/`) is judged the same by the schema and by `validate`;
/// scenario files (no `nodes`) are not graphs and are skipped.
#[test]
fn shipped_files_are_judged_alike_by_the_schema_and_validate() {
    let v = validator();
    let mut seen = 0;
    for dir in ["tests/fixtures", "graphs", "tests/reference"] {
        for p in json_graphs(&root().join(dir)) {
            let text = std::fs::read_to_string(&p).unwrap();
            let Ok(file) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            // A reference case holds its graph under `graph`.
            let inst = match file.get("graph") {
                Some(g) if g.get("nodes").is_some() => g.clone(),
                _ => file,
            };
            if inst.get("nodes").is_none() {
                continue;
            }
            let text = inst.to_string();
            seen += 1;
            let ok = !rejected_by_validate(&text);
            let errors: Vec<String> = v
                .iter_errors(&inst)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            if ok {
                assert!(
                    errors.is_empty(),
                    "{} is valid but fails the schema: {errors:?}",
                    p.display()
                );
            } else {
                assert!(
                    !errors.is_empty(),
                    "{} is rejected by validate but passes the schema",
                    p.display()
                );
            }
        }
    }
    assert!(seen >= 90, "only {seen} graph files found");
}

/// The default graph embedded in the binary passes the schema.
#[test]
fn the_default_graph_passes_the_schema() {
    let v = validator();
    let text = shockgraph::io::json::to_string(&shockgraph::io::library::load_snapshot().unwrap());
    let inst: Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = v.iter_errors(&inst).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}
