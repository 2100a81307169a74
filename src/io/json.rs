//! The JSON graph format (`shockgraph/1`): strict reading that reports every problem, and
//! writing of the normalised graph.
//!
//! Reading goes in two stages: the text is parsed into a `serde_json::Value` (syntax errors
//! carry line and column), then every node and edge is deserialised on its own with
//! `serde_path_to_error`, so one bad record does not hide the others. Semantic checks (ids,
//! ranges, kinds, references) follow and are collected too.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Problem, Result};
use crate::model::kinds::{EdgeKind, NodeKind, DEFAULT_EDGE_KIND, DEFAULT_NODE_KIND};
use crate::model::{
    Attribute, EdgeMeta, Exposed, FigureBounds, GraphMeta, Kinds, Network, NetworkBuilder,
    NodeFigures, NodeId, NodeMeta, Source,
};

/// The current format version.
pub const FORMAT: &str = "shockgraph/1";

fn default_format() -> String {
    FORMAT.to_string()
}

/// A graph file as written: the top level of the JSON format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "shockgraph graph file", extend("$id" = "https://shockgraph.invalid/graph.schema.json"))]
pub struct GraphFile {
    /// Format version; only `shockgraph/1` exists.
    #[serde(default = "default_format")]
    pub format: String,
    /// Name of the graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// ISO 8601 date the figures describe (`2026-11-27` or `2026-11`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Currency of every amount (e.g. `USD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Scale of every amount (e.g. `billion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Node and edge kinds beyond the built-in ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<KindsDecl>,
    /// The nodes (at least one).
    pub nodes: Vec<NodeRecord>,
    /// The edges.
    #[serde(default)]
    pub edges: Vec<EdgeRecord>,
}

/// Declared kinds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KindsDecl {
    /// Edge kinds by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub edges: BTreeMap<String, EdgeKindDecl>,
    /// Node kinds by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub nodes: BTreeMap<String, NodeKindDecl>,
}

/// A declared edge kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EdgeKindDecl {
    /// Which end loses value when the other end stalls.
    pub exposed: Exposed,
    /// Meaning of the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A declared node kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeKindDecl {
    /// Meaning of the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A node as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeRecord {
    /// Unique id, lowercase `[a-z0-9][a-z0-9_.-]*`.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Node kind (default `other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Loss-absorbing capacity, >= 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer: Option<f64>,
    /// Assets outside the graph, >= 0 (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_assets: Option<f64>,
    /// Owed to creditors outside the graph, >= 0 (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_liabilities: Option<f64>,
    /// Economic weight for impact, >= 0 (default: buffer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Lower bounds of uncertain figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<FigureBounds>,
    /// Upper bounds of uncertain figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<FigureBounds>,
    /// Sources of the figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Further figures.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, Attribute>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An edge as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EdgeRecord {
    /// The node that owes, pays, commits to or invests in `to`.
    pub from: String,
    /// The counterparty.
    pub to: String,
    /// Edge kind (default `debt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Amount in the graph's unit, > 0.
    pub amount: f64,
    /// Share of the claim the exposed end keeps if the obligor fails, in [0, 1] (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<f64>,
    /// Lower bound of the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Upper bound of the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// Sources of the amount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Top level with nodes and edges left raw, so each record is checked on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    #[serde(default = "default_format")]
    format: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    kinds: Option<KindsDecl>,
    nodes: Vec<Value>,
    #[serde(default)]
    edges: Vec<Value>,
}

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

/// Collects problems with a location prefix.
struct Problems<'a> {
    file: &'a str,
    list: Vec<Problem>,
}

impl Problems<'_> {
    fn push(&mut self, path: &str, message: impl Into<String>, hint: Option<String>) {
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
            let inner = e.into_inner().to_string();
            let hint = if inner.contains("unknown field") {
                Some(
                    "remove the field or check its spelling; docs/format.md lists the fields"
                        .into(),
                )
            } else if inner.contains("missing field") {
                Some("docs/format.md lists the required fields".into())
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
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return (None, vec![syntax_problem(file, text, &e)]),
    };
    if !root.is_object() {
        probs.push(
            "(top level)",
            "a graph file is a JSON object with `nodes` and `edges`",
            Some("see docs/format.md".into()),
        );
        return (None, probs.list);
    }
    let header: Header = match record_problem(
        &mut probs,
        "(top level)",
        serde_path_to_error::deserialize(&root),
    ) {
        Some(h) => h,
        None => {
            // Report per-record problems too when the top level is otherwise readable.
            return (None, probs.list);
        }
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
        let Some(r) =
            record_problem::<NodeRecord>(&mut probs, &prefix, serde_path_to_error::deserialize(v))
        else {
            continue;
        };
        add_node_record(&mut probs, &mut b, &prefix, r);
    }
    for (i, v) in h.edges.iter().enumerate() {
        let prefix = format!("edges[{i}]");
        let Some(r) =
            record_problem::<EdgeRecord>(&mut probs, &prefix, serde_path_to_error::deserialize(v))
        else {
            continue;
        };
        add_edge_record(&mut probs, &mut b, &prefix, r);
    }
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
        if kinds.edge(name).is_some() {
            probs.push(
                &format!("kinds.edges.{name}"),
                format!("edge kind `{name}` is built in and cannot be redeclared"),
                None,
            );
        } else if !crate::model::valid_id(name) {
            probs.push(
                &format!("kinds.edges.{name}"),
                format!("`{name}` is not a valid kind name"),
                Some("kind names are lowercase like ids, e.g. `lease`".into()),
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
        if kinds.node(name).is_some() {
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

const NODE_FIGURES: [&str; 4] = ["buffer", "external_assets", "external_liabilities", "value"];

fn check_sources(probs: &mut Problems<'_>, prefix: &str, sources: &[Source], node: bool) {
    for (k, s) in sources.iter().enumerate() {
        if !valid_date(&s.date) {
            probs.push(
                &format!("{prefix}.sources[{k}].date"),
                format!("`{}` is not an ISO 8601 date", s.date),
                Some("write `2026-11-27` or `2026-11`".into()),
            );
        }
        if let Some(f) = &s.figure {
            if !node {
                probs.push(
                    &format!("{prefix}.sources[{k}].figure"),
                    "`figure` is for node sources; an edge source backs the amount",
                    None,
                );
            } else if !NODE_FIGURES.contains(&f.as_str()) {
                probs.push(
                    &format!("{prefix}.sources[{k}].figure"),
                    format!("unknown figure `{f}`"),
                    Some(format!("one of: {}", NODE_FIGURES.join(", "))),
                );
            }
        }
    }
}

fn add_node_record(probs: &mut Problems<'_>, b: &mut NetworkBuilder, prefix: &str, r: NodeRecord) {
    let at = format!("{prefix} (`{}`)", r.id);
    let kind = match &r.kind {
        None => DEFAULT_NODE_KIND,
        Some(k) => {
            if let Some(i) = b.kinds().node(k) {
                i
            } else {
                probs.push(
                    &format!("{at}.kind"),
                    format!("unknown node kind `{k}`"),
                    Some(format!(
                        "one of: {} (or declare it under `kinds.nodes`)",
                        b.kinds().node_names().join(", ")
                    )),
                );
                DEFAULT_NODE_KIND
            }
        }
    };
    check_sources(probs, &at, &r.sources, true);
    for (name, a) in &r.attributes {
        if !a.value.is_finite() {
            probs.push(
                &format!("{at}.attributes.{name}.value"),
                "not a finite number",
                None,
            );
        }
        if let Some(d) = &a.date {
            if !valid_date(d) {
                probs.push(
                    &format!("{at}.attributes.{name}.date"),
                    format!("`{d}` is not an ISO 8601 date"),
                    None,
                );
            }
        }
        check_sources(probs, &format!("{at}.attributes.{name}"), &a.sources, false);
    }
    let mut figures = NodeFigures {
        buffer: r.buffer,
        external_assets: r.external_assets,
        external_liabilities: r.external_liabilities,
        value: r.value,
    };
    check_ranges(probs, &at, &figures, r.low.as_ref(), r.high.as_ref());
    // Report each bad figure, then add the node without it so that edges to it still resolve.
    for (name, slot) in [
        ("buffer", &mut figures.buffer),
        ("external_assets", &mut figures.external_assets),
        ("external_liabilities", &mut figures.external_liabilities),
        ("value", &mut figures.value),
    ] {
        if let Some(x) = *slot {
            if !x.is_finite() || x < 0.0 {
                probs.push(
                    &format!("{at}.{name}"),
                    format!("`{name}` is {x}, but it must be >= 0"),
                    None,
                );
                *slot = None;
            }
        }
    }
    let meta = NodeMeta {
        label: r.label,
        low: r.low,
        high: r.high,
        sources: r.sources,
        attributes: r.attributes,
        note: r.note,
    };
    let meta = (meta != NodeMeta::default()).then_some(meta);
    if let Err(e) = b.add_node(&r.id, kind, figures, meta) {
        probs.push(&format!("{at}.id"), e.message, e.hint);
    }
}

fn check_ranges(
    probs: &mut Problems<'_>,
    at: &str,
    f: &NodeFigures,
    low: Option<&FigureBounds>,
    high: Option<&FigureBounds>,
) {
    let pick = |b: Option<&FigureBounds>, name: &str| {
        b.and_then(|b| match name {
            "buffer" => b.buffer,
            "external_assets" => b.external_assets,
            "external_liabilities" => b.external_liabilities,
            _ => b.value,
        })
    };
    for name in NODE_FIGURES {
        let v = match name {
            "buffer" => f.buffer,
            "external_assets" => f.external_assets,
            "external_liabilities" => f.external_liabilities,
            _ => f.value,
        };
        let (lo, hi) = (pick(low, name), pick(high, name));
        if (lo.is_some() || hi.is_some()) && v.is_none() {
            probs.push(
                &format!("{at}.low/high.{name}"),
                format!("a range is given for `{name}` but the node has no `{name}`"),
                Some(format!("give `{name}` itself too (the central figure)")),
            );
            continue;
        }
        let Some(v) = v else { continue };
        if let Some(lo) = lo {
            if !(lo >= 0.0 && lo <= v) {
                probs.push(
                    &format!("{at}.low.{name}"),
                    format!("low {lo} must satisfy 0 <= low <= {name} ({v})"),
                    None,
                );
            }
        }
        if let Some(hi) = hi {
            if !(hi >= v && hi.is_finite()) {
                probs.push(
                    &format!("{at}.high.{name}"),
                    format!("high {hi} must satisfy {name} ({v}) <= high"),
                    None,
                );
            }
        }
    }
}

fn add_edge_record(probs: &mut Problems<'_>, b: &mut NetworkBuilder, prefix: &str, r: EdgeRecord) {
    let at = format!("{prefix} (`{}` -> `{}`)", r.from, r.to);
    let mut ok = true;
    let endpoint = |probs: &mut Problems<'_>, field: &str, id: &str| -> Option<NodeId> {
        if let Some(i) = b.index_of(id) {
            Some(i)
        } else {
            let near = b.nearest_ids(id, 3);
            let hint = if near.is_empty() {
                "declare the node in `nodes` first".to_string()
            } else {
                format!(
                    "did you mean {}?",
                    near.iter()
                        .map(|x| format!("`{x}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            probs.push(
                &format!("{at}.{field}"),
                format!("edge refers to unknown node `{id}`"),
                Some(hint),
            );
            None
        }
    };
    let from = endpoint(probs, "from", &r.from);
    let to = endpoint(probs, "to", &r.to);
    let kind = match &r.kind {
        None => DEFAULT_EDGE_KIND,
        Some(k) => b.kinds().edge(k).unwrap_or_else(|| {
            probs.push(
                &format!("{at}.kind"),
                format!("unknown edge kind `{k}`"),
                Some(format!(
                    "one of: {} (or declare it under `kinds.edges` with its exposed end)",
                    b.kinds().edge_names().join(", ")
                )),
            );
            ok = false;
            DEFAULT_EDGE_KIND
        }),
    };
    check_sources(probs, &at, &r.sources, false);
    if let Some(lo) = r.low {
        if !(lo > 0.0 && lo <= r.amount) {
            probs.push(
                &format!("{at}.low"),
                format!("low {lo} must satisfy 0 < low <= amount ({})", r.amount),
                None,
            );
        }
    }
    if let Some(hi) = r.high {
        if !(hi >= r.amount && hi.is_finite()) {
            probs.push(
                &format!("{at}.high"),
                format!("high {hi} must satisfy amount ({}) <= high", r.amount),
                None,
            );
        }
    }
    let recovery = r.recovery.unwrap_or(0.0);
    let meta = EdgeMeta {
        low: r.low,
        high: r.high,
        sources: r.sources,
        note: r.note,
    };
    match (from, to) {
        (Some(f), Some(t)) if ok => {
            if let Err(e) = b.add_edge(f, t, kind, r.amount, recovery, Some(meta)) {
                let field = ["amount", "recovery"]
                    .into_iter()
                    .find(|f| e.message.contains(&format!("`{f}`")))
                    .unwrap_or("to");
                probs.push(&format!("{at}.{field}"), e.message, e.hint);
            }
        }
        _ => {
            // Still check the numbers so every problem is reported.
            if let Err(e) = NetworkBuilder::check_edge(0, 1, r.amount, recovery, "") {
                probs.push(&format!("{at}.amount"), e.message, e.hint);
            }
        }
    }
}

/// The normalised file form of a network (kinds explicit, defaults left out).
pub fn to_file(net: &Network) -> GraphFile {
    let k = net.kinds();
    let declared_edges: BTreeMap<String, EdgeKindDecl> = k
        .edges
        .iter()
        .filter(|e| !e.builtin)
        .map(|e| {
            (
                e.name.clone(),
                EdgeKindDecl {
                    exposed: e.exposed,
                    description: (!e.description.is_empty()).then(|| e.description.clone()),
                },
            )
        })
        .collect();
    let declared_nodes: BTreeMap<String, NodeKindDecl> = k
        .nodes
        .iter()
        .filter(|n| !n.builtin)
        .map(|n| {
            (
                n.name.clone(),
                NodeKindDecl {
                    description: (!n.description.is_empty()).then(|| n.description.clone()),
                },
            )
        })
        .collect();
    let kinds = (!declared_edges.is_empty() || !declared_nodes.is_empty()).then_some(KindsDecl {
        edges: declared_edges,
        nodes: declared_nodes,
    });
    let m = net.meta();
    GraphFile {
        format: FORMAT.to_string(),
        name: m.name.clone(),
        description: m.description.clone(),
        as_of: m.as_of.clone(),
        currency: m.currency.clone(),
        unit: m.unit.clone(),
        kinds,
        nodes: (0..net.node_count())
            .map(|i| {
                let f = net.figures(i);
                let meta = net.node_meta(i).cloned().unwrap_or_default();
                NodeRecord {
                    id: net.id(i).to_string(),
                    label: meta.label,
                    kind: Some(net.node_kind(i).to_string()),
                    buffer: f.buffer,
                    external_assets: f.external_assets,
                    external_liabilities: f.external_liabilities,
                    value: f.value,
                    low: meta.low,
                    high: meta.high,
                    sources: meta.sources,
                    attributes: meta.attributes,
                    note: meta.note,
                }
            })
            .collect(),
        edges: net
            .edges()
            .map(|e| {
                let meta = net.edge_meta(e.index.index()).cloned().unwrap_or_default();
                EdgeRecord {
                    from: net.id(e.from.index()).to_string(),
                    to: net.id(e.to.index()).to_string(),
                    kind: Some(net.edge_kind_name(e.kind).to_string()),
                    amount: e.amount,
                    recovery: (e.recovery != 0.0).then_some(e.recovery),
                    low: meta.low,
                    high: meta.high,
                    sources: meta.sources,
                    note: meta.note,
                }
            })
            .collect(),
    }
}

/// The normalised graph as pretty JSON (loads back to the same network).
pub fn to_string(net: &Network) -> String {
    let mut s = serde_json::to_string_pretty(&to_file(net)).expect("graph serialises");
    s.push('\n');
    s
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
