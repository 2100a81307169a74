//! The JSON graph format (`shockgraph/1`): strict reading that reports every problem, and
//! writing of the normalised graph.
//!
//! Reading goes in three stages: one pass over the text checks its syntax (errors carry line
//! and column) and refuses keys given twice in an object (`keys`); the top level is read with
//! the nodes and edges left as raw slices of the text; then every node and edge is
//! deserialised from its slice with `serde_path_to_error`, so one bad record does not hide the
//! others. No value tree of the whole file is built (peak memory in `docs/benchmarks.md`).
//! Semantic checks (ids, ranges, kinds, references) follow and are collected too.

mod check;
pub(crate) mod keys;
mod read;
mod records;
pub(crate) mod schema;
mod write;

pub use read::{parse, parse_collect};
pub use records::{
    EdgeKindDecl, EdgeRecord, GraphFile, KindsDecl, NodeKindDecl, NodeRecord, FORMAT,
};
pub use write::{to_file, to_string, write};

/// The JSON Schema of the graph format, as pretty-printed JSON.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(GraphFile);
    let mut s = serde_json::to_string_pretty(&schema).expect("schema serialises");
    s.push('\n');
    s
}

/// Whether `s` is an ISO 8601 date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with plausible fields.
pub fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => num(y, 4),
        [y, m] => num(y, 4) && num(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, d] => {
            num(y, 4)
                && num(m, 2)
                && num(d, 2)
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(valid_date("2026-11-27"));
        assert!(valid_date("2026-11"));
        assert!(valid_date("2026"));
        assert!(!valid_date("2026-13"));
        assert!(!valid_date("26-11"));
        assert!(!valid_date("2026/11"));
    }

    #[test]
    fn minimal_graph_loads_with_defaults() {
        let n = parse(
            r#"{"nodes":[{"id":"a","buffer":1},{"id":"b"}],"edges":[{"from":"a","to":"b","amount":2}]}"#,
            "t.json",
        )
        .unwrap();
        assert_eq!(n.node_count(), 2);
        assert_eq!(n.edge_kind_name(n.edge(0usize).kind), "debt");
        assert_eq!(n.node_kind(1usize), "other");
    }
}
