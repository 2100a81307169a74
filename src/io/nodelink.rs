//! NetworkX's node-link JSON (`nx.node_link_data` / `nx.node_link_graph`), both ways.
//!
//! Written: `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [...],
//! "edges": [...]}` with the node attributes `label`, `kind`, `buffer`, `value`,
//! `external_assets`, `external_liabilities` and the edge attributes `kind`, `amount`,
//! `recovery`; the graph's name, unit, currency, date and declared kinds go in `graph`.
//! NetworkX reads it with `nx.node_link_graph(data, edges="edges")`.
//!
//! Read: the same, with the edge list under `edges` or (older NetworkX) `links`; node ids that
//! are numbers become their decimal text. Attributes shockgraph does not know are ignored. The
//! result is checked like a `shockgraph/1` file, so problems name `nodes[i]` / `edges[j]`.

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::json;
use crate::error::{Error, Problem, Result};
use crate::model::Network;

/// Node attributes carried by the interchange formats, in their order.
pub const NODE_ATTRS: [&str; 6] = [
    "label",
    "kind",
    "buffer",
    "value",
    "external_assets",
    "external_liabilities",
];
/// Edge attributes carried by the interchange formats.
pub const EDGE_ATTRS: [&str; 3] = ["kind", "amount", "recovery"];
/// Graph attributes carried by the interchange formats (`kinds` as JSON text in XML).
pub const GRAPH_ATTRS: [&str; 6] = ["name", "description", "as_of", "currency", "unit", "kinds"];

/// Graph, node and edge attribute maps.
pub(crate) type Flat = (
    Map<String, Value>,
    Vec<Map<String, Value>>,
    Vec<Map<String, Value>>,
);

/// The flat attribute maps of a network: graph, nodes (with `id`), edges (with `source`,
/// `target`), each holding only the attributes above that are set.
pub(crate) fn flat(net: &Network) -> Flat {
    let file = json::to_file(net);
    let full = serde_json::to_value(&file).expect("graph serialises");
    let pick = |v: &Value, keys: &[&str]| -> Map<String, Value> {
        keys.iter()
            .filter_map(|k| v.get(*k).map(|x| ((*k).to_string(), x.clone())))
            .collect()
    };
    let graph = pick(&full, &GRAPH_ATTRS);
    let nodes = full["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            let mut m = Map::new();
            m.insert("id".into(), n["id"].clone());
            m.extend(pick(n, &NODE_ATTRS));
            m
        })
        .collect();
    let edges = full["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("source".into(), e["from"].clone());
            m.insert("target".into(), e["to"].clone());
            m.extend(pick(e, &EDGE_ATTRS));
            m
        })
        .collect();
    (graph, nodes, edges)
}

/// Builds a network from flat maps (the inverse of [`flat`]), checked like a JSON graph file.
///
/// # Errors
/// [`Error::InvalidInput`] naming `file` and the record at fault.
pub(crate) fn from_flat(
    graph: &Map<String, Value>,
    nodes: &[Map<String, Value>],
    edges: &[Map<String, Value>],
    file: &str,
) -> (Option<Network>, Vec<Problem>) {
    let mut t = FlatText::new(graph);
    for n in nodes {
        t.node(n);
    }
    t.start_edges();
    for e in edges {
        t.edge(e);
    }
    t.finish(file)
}

/// The `shockgraph/1` text of flat maps, written record by record (no value tree of the
/// whole graph): the graph attributes, then the nodes, then the edges.
pub(crate) struct FlatText {
    text: String,
    first: bool,
}

impl FlatText {
    pub(crate) fn new(graph: &Map<String, Value>) -> Self {
        let mut top = Map::new();
        top.insert("format".into(), Value::from(json::FORMAT));
        for k in GRAPH_ATTRS {
            if let Some(v) = graph.get(k) {
                top.insert(k.into(), v.clone());
            }
        }
        let mut text = serde_json::to_string(&Value::Object(top)).expect("value serialises");
        text.pop(); // the closing brace
        text.push_str(",\"nodes\":[");
        FlatText { text, first: true }
    }

    fn push(&mut self, m: Map<String, Value>) {
        if !self.first {
            self.text.push(',');
        }
        self.first = false;
        self.text
            .push_str(&serde_json::to_string(&Value::Object(m)).expect("value serialises"));
    }

    pub(crate) fn node(&mut self, n: &Map<String, Value>) {
        let mut m = Map::new();
        if let Some(id) = n.get("id") {
            m.insert("id".into(), id_text(id));
        }
        for k in NODE_ATTRS {
            if let Some(v) = n.get(k) {
                m.insert(k.into(), v.clone());
            }
        }
        self.push(m);
    }

    /// Closes the nodes; edges follow.
    pub(crate) fn start_edges(&mut self) {
        self.text.push_str("],\"edges\":[");
        self.first = true;
    }

    pub(crate) fn edge(&mut self, e: &Map<String, Value>) {
        let mut m = Map::new();
        if let Some(s) = e.get("source") {
            m.insert("from".into(), id_text(s));
        }
        if let Some(t) = e.get("target") {
            m.insert("to".into(), id_text(t));
        }
        for k in EDGE_ATTRS {
            if let Some(v) = e.get(k) {
                m.insert(k.into(), v.clone());
            }
        }
        self.push(m);
    }

    /// Reads the text as a `shockgraph/1` graph named `file`.
    pub(crate) fn finish(mut self, file: &str) -> (Option<Network>, Vec<Problem>) {
        self.text.push_str("]}");
        json::parse_collect(&self.text, file)
    }
}

fn id_text(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

/// The network as NetworkX node-link JSON (pretty, with a final newline).
pub fn to_string(net: &Network) -> String {
    let (graph, nodes, edges) = flat(net);
    let doc = serde_json::json!({
        "directed": true,
        "multigraph": true,
        "graph": graph,
        "nodes": nodes,
        "edges": edges,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("value serialises");
    s.push('\n');
    s
}

/// Reads node-link JSON, collecting problems. A key given twice in an object is refused
/// with its JSON path.
pub fn parse_collect(text: &str, file: &str) -> (Option<Network>, Vec<Problem>) {
    let syntax = |e: serde_json::Error| {
        (
            None,
            vec![Problem::new(
                format!("{file}:{}:{}", e.line(), e.column()),
                format!("not valid JSON: {e}"),
                None,
            )],
        )
    };
    match json::keys::check(text) {
        Err(e) => return syntax(e),
        Ok(dups) if !dups.is_empty() => {
            let problems = dups
                .iter()
                .map(|d| {
                    Problem::new(
                        format!("{file}: {}", d.place()),
                        d.message(),
                        Some(json::keys::DUPLICATE_HINT.into()),
                    )
                })
                .collect();
            return (None, problems);
        }
        Ok(_) => {}
    }
    from_text(text, file)
}

/// Reads node-link JSON.
///
/// # Errors
/// [`Error::InvalidInput`] at the first problem.
pub fn parse(text: &str, file: &str) -> Result<Network> {
    match parse_collect(text, file) {
        (Some(n), _) => Ok(n),
        (None, problems) => Err(Error::InvalidInput {
            file: file.to_string(),
            problems,
        }),
    }
}

/// The objects of the list under `key` (none when the key is absent), each handed to `each`
/// as it is read.
fn objects(
    top: &BTreeMap<String, &RawValue>,
    key: &str,
    file: &str,
    mut each: impl FnMut(&Map<String, Value>),
) -> std::result::Result<(), Problem> {
    let Some(v) = top.get(key) else {
        return Ok(());
    };
    let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(v.get()) else {
        return Err(Problem::new(
            format!("{file}: {key}"),
            format!("`{key}` must be a list"),
            None,
        ));
    };
    for (i, x) in items.iter().enumerate() {
        let Ok(m) = serde_json::from_str::<Map<String, Value>>(x.get()) else {
            return Err(Problem::new(
                format!("{file}: {key}[{i}]"),
                "must be an object",
                None,
            ));
        };
        each(&m);
    }
    Ok(())
}

/// Reads checked node-link text: the top level with its values left as raw slices, then the
/// nodes and edges one by one into the `shockgraph/1` text (no value tree of the whole file).
fn from_text(text: &str, file: &str) -> (Option<Network>, Vec<Problem>) {
    // A top level that is not an object has none of the keys.
    let top: BTreeMap<String, &RawValue> = serde_json::from_str(text).unwrap_or_default();
    if top.get("directed").is_some_and(|v| v.get() == "false") {
        return (
            None,
            vec![Problem::new(
                format!("{file}: directed"),
                "the graph is undirected; shockgraph's edges have a direction",
                Some("export a directed graph (nx.DiGraph or nx.MultiDiGraph)".into()),
            )],
        );
    }
    let edge_key = if top.contains_key("edges") {
        "edges"
    } else {
        "links"
    };
    let graph = top
        .get("graph")
        .and_then(|g| serde_json::from_str::<Map<String, Value>>(g.get()).ok())
        .unwrap_or_default();
    let mut t = FlatText::new(&graph);
    let parts = objects(&top, "nodes", file, |n| t.node(n)).and_then(|()| {
        t.start_edges();
        objects(&top, edge_key, file, |e| t.edge(e))
    });
    match parts {
        Ok(()) => t.finish(file),
        Err(p) => (None, vec![p]),
    }
}
