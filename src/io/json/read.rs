//! Reading: syntax, then every record on its own, every problem collected with its place.

use serde::Deserialize;

use super::check::{add_edge_record, add_node_record};
use super::keys::{self, DUPLICATE_HINT};
use super::records::{EdgeRecord, Header, KindsDecl, NodeRecord, FORMAT};
use super::valid_date;
use crate::error::{Error, Problem, Result};
use crate::model::kinds::{EdgeKind, NodeKind, LATER_BUILTINS};
use crate::model::{GraphMeta, Kinds, Network, NetworkBuilder};

/// Collects problems with a location prefix.
pub(super) struct Problems<'a> {
    file: &'a str,
    list: Vec<Problem>,
}

impl Problems<'_> {
    pub(super) fn push(&mut self, path: &str, message: impl Into<String>, hint: Option<String>) {
        self.list.push(Problem::new(
            format!("{}: {path}", self.file),
            message,
            hint,
        ));
    }
}

/// `file:line:column` and a hint for a syntax error.
fn syntax_problem(file: &str, text: &str, e: &serde_json::Error) -> Problem {
    let line_text = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
    let shown: String = line_text.chars().take(120).collect();
    let caret = " ".repeat(e.column().saturating_sub(1).min(120));
    let msg = e.to_string();
    // serde_json appends " at line L column C"; we show the place in front instead.
    let msg = msg
        .rsplit_once(" at line ")
        .map(|(m, _)| m.to_string())
        .unwrap_or(msg);
    Problem::new(
        format!("{file}:{}:{}", e.line(), e.column()),
        format!("malformed JSON: {msg}\n      | {shown}\n      | {caret}^"),
        Some("check for a missing comma, quote or bracket just before this place".into()),
    )
}

/// The message of a data error without the " at line L column C" `serde_json` appends when it
/// reads text (records are read from slices, where that place would mislead; the JSON path
/// says where).
fn data_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    if e.line() == 0 {
        return msg;
    }
    let place = format!(" at line {} column {}", e.line(), e.column());
    msg.strip_suffix(&place).map_or(msg.clone(), str::to_string)
}

/// Deserialises `T` from `text` (the whole file or one record's slice), with the JSON path of
/// the first error.
fn read_one<'a, T: Deserialize<'a>>(
    text: &'a str,
) -> std::result::Result<T, serde_path_to_error::Error<serde_json::Error>> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de)
}

/// A deserialisation error of one record, with its JSON path.
fn record_problem<T>(
    probs: &mut Problems<'_>,
    prefix: &str,
    r: std::result::Result<T, serde_path_to_error::Error<serde_json::Error>>,
) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." {
                prefix.to_string()
            } else {
                format!("{prefix}.{path}")
            };
            let inner = data_message(e.inner());
            let hint = if inner.contains("unknown field") {
                Some(
                    "remove the field or check its spelling; docs/format.md lists the fields"
                        .into(),
                )
            } else if inner.contains("missing field") {
                Some("docs/format.md lists the required fields".into())
            } else if inner.contains("duplicate field") {
                Some(DUPLICATE_HINT.into())
            } else {
                None
            };
            probs.push(&path, inner, hint);
            None
        }
    }
}

/// Parses and validates a JSON graph. `file` names the input in messages.
///
/// # Errors
/// [`Error::InvalidInput`] listing every problem found.
pub fn parse(text: &str, file: &str) -> Result<Network> {
    let (net, problems) = parse_collect(text, file);
    match net {
        Some(n) if problems.is_empty() => Ok(n),
        _ => Err(Error::InvalidInput {
            file: file.to_string(),
            problems,
        }),
    }
}

/// Parses a JSON graph, returning the network (when it could be built) and every problem.
pub fn parse_collect(text: &str, file: &str) -> (Option<Network>, Vec<Problem>) {
    let mut probs = Problems {
        file,
        list: Vec::new(),
    };
    match keys::check(text) {
        Err(e) => return (None, vec![syntax_problem(file, text, &e)]),
        Ok(dups) if !dups.is_empty() => {
            for d in &dups {
                probs.push(d.place(), d.message(), Some(DUPLICATE_HINT.into()));
            }
            return (None, probs.list);
        }
        Ok(_) => {}
    }
    // The syntax is valid: the first byte that is not white space opens the top-level value.
    if !text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{')
    {
        probs.push(
            "(top level)",
            "a graph file is a JSON object with `nodes` and `edges`",
            Some("see docs/format.md".into()),
        );
        return (None, probs.list);
    }
    let Some(header) = record_problem::<Header<'_>>(&mut probs, "(top level)", read_one(text))
    else {
        return (None, probs.list);
    };
    let h = header;
    if h.format != FORMAT {
        probs.push(
            "format",
            format!("unknown format `{}`", h.format),
            Some(format!("this version reads `{FORMAT}`")),
        );
    }
    if let Some(d) = &h.as_of {
        if !valid_date(d) {
            probs.push(
                "as_of",
                format!("`{d}` is not an ISO 8601 date"),
                Some("write `2026-11-27` or `2026-11`".into()),
            );
        }
    }
    let kinds = build_kinds(&mut probs, h.kinds.as_ref());
    let meta = GraphMeta {
        name: h.name,
        description: h.description,
        as_of: h.as_of,
        currency: h.currency,
        unit: h.unit,
    };
    let mut b = NetworkBuilder::new(meta, kinds, h.nodes.len(), h.edges.len());
    if h.nodes.is_empty() {
        probs.push(
            "nodes",
            "the graph has no nodes",
            Some("a graph needs at least one node".into()),
        );
    }
    for (i, v) in h.nodes.iter().enumerate() {
        let prefix = format!("nodes[{i}]");
        let Some(r) = record_problem::<NodeRecord>(&mut probs, &prefix, read_one(v.get())) else {
            continue;
        };
        add_node_record(&mut probs, &mut b, &prefix, r);
    }
    for (i, v) in h.edges.iter().enumerate() {
        let prefix = format!("edges[{i}]");
        let Some(r) = record_problem::<EdgeRecord>(&mut probs, &prefix, read_one(v.get())) else {
            continue;
        };
        add_edge_record(&mut probs, &mut b, &prefix, r);
    }
    // The slices are read: free them before the network is finished (16 bytes a record).
    drop((h.nodes, h.edges));
    if !probs.list.is_empty() {
        return (None, probs.list);
    }
    match b.finish() {
        Ok(n) => (Some(n), probs.list),
        Err(r) => {
            probs.push("nodes", r.message, r.hint);
            (None, probs.list)
        }
    }
}

fn build_kinds(probs: &mut Problems<'_>, decl: Option<&KindsDecl>) -> Kinds {
    let mut kinds = Kinds::default();
    let Some(d) = decl else { return kinds };
    for (name, k) in &d.edges {
        if let Some(i) = kinds
            .edge(name)
            .filter(|_| LATER_BUILTINS.contains(&name.as_str()))
        {
            // A file older than the kind's promotion to built in: its own declaration, exposed
            // end included, wins, so old files load unchanged.
            let slot = &mut kinds.edges[i.index()];
            slot.exposed = k.exposed;
            slot.builtin = false;
            slot.description = k.description.clone().unwrap_or_default();
        } else if kinds.edge(name).is_some() {
            probs.push(
                &format!("kinds.edges.{name}"),
                format!("edge kind `{name}` is built in and cannot be redeclared"),
                None,
            );
        } else if !crate::model::valid_id(name) {
            probs.push(
                &format!("kinds.edges.{name}"),
                format!("`{name}` is not a valid kind name"),
                Some("kind names are lowercase like ids, e.g. `royalty`".into()),
            );
        } else {
            kinds.edges.push(EdgeKind {
                name: name.clone(),
                exposed: k.exposed,
                description: k.description.clone().unwrap_or_default(),
                builtin: false,
            });
        }
    }
    for (name, k) in &d.nodes {
        if let Some(i) = kinds
            .node(name)
            .filter(|_| LATER_BUILTINS.contains(&name.as_str()))
        {
            let slot = &mut kinds.nodes[i as usize];
            slot.builtin = false;
            slot.description = k.description.clone().unwrap_or_default();
        } else if kinds.node(name).is_some() {
            probs.push(
                &format!("kinds.nodes.{name}"),
                format!("node kind `{name}` is built in and cannot be redeclared"),
                None,
            );
        } else if !crate::model::valid_id(name) {
            probs.push(
                &format!("kinds.nodes.{name}"),
                format!("`{name}` is not a valid kind name"),
                Some("kind names are lowercase like ids, e.g. `data_center`".into()),
            );
        } else {
            kinds.nodes.push(NodeKind {
                name: name.clone(),
                description: k.description.clone().unwrap_or_default(),
                builtin: false,
            });
        }
    }
    kinds
}
