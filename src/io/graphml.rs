//! GraphML (<http://graphml.graphdrawing.org/>), both ways, as NetworkX reads and writes it.
//!
//! Written: one directed `<graph>` with `<key>` declarations for the node attributes `label`,
//! `kind` (string), `buffer`, `value`, `external_assets`, `external_liabilities` (double), the
//! edge attributes `kind` (string), `amount`, `recovery` (double) and the graph attributes
//! `name`, `description`, `as_of`, `currency`, `unit` and `kinds` (the declared kinds as JSON
//! text). Parallel edges are kept (NetworkX reads them into a `MultiDiGraph`). Every value and
//! id goes through quick-xml's escaping.
//!
//! Read: keys are matched by their `attr.name`; values of keys typed `double`, `float`, `int` or
//! `long` are numbers. Other attributes, `<default>` values and nested graphs are ignored; an
//! undirected graph is refused. The result is checked like a `shockgraph/1` file, so a problem
//! names `nodes[i]` / `edges[j]` (in document order); XML syntax errors name the line.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::nodelink::{flat, from_flat, EDGE_ATTRS, GRAPH_ATTRS, NODE_ATTRS};
use super::xml::{place, Xml};
use crate::error::{Error, Problem, Result};
use crate::model::Network;

const NS: &str = "http://graphml.graphdrawing.org/xmlns";

fn attr_type(name: &str) -> &'static str {
    match name {
        "buffer" | "value" | "external_assets" | "external_liabilities" | "amount" | "recovery" => {
            "double"
        }
        _ => "string",
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string()),
        other => other.to_string(),
    }
}

/// The network as GraphML.
pub fn to_string(net: &Network) -> String {
    let (graph, nodes, edges) = flat(net);
    let mut x = Xml::new();
    x.open(
        "graphml",
        &[
            ("xmlns", NS),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    );
    let decls: [(&str, &str, &[&str]); 3] = [
        ("graph", "g_", &GRAPH_ATTRS),
        ("node", "n_", &NODE_ATTRS),
        ("edge", "e_", &EDGE_ATTRS),
    ];
    for (domain, prefix, names) in decls {
        for name in names {
            let id = format!("{prefix}{name}");
            x.empty(
                "key",
                &[
                    ("id", &id),
                    ("for", domain),
                    ("attr.name", name),
                    ("attr.type", attr_type(name)),
                ],
            );
        }
    }
    x.open("graph", &[("id", "G"), ("edgedefault", "directed")]);
    let data = |x: &mut Xml, prefix: &str, m: &Map<String, Value>, names: &[&str]| {
        for name in names {
            if let Some(v) = m.get(*name) {
                x.text("data", &[("key", &format!("{prefix}{name}"))], &text_of(v));
            }
        }
    };
    data(&mut x, "g_", &graph, &GRAPH_ATTRS);
    for n in &nodes {
        x.open("node", &[("id", n["id"].as_str().unwrap_or_default())]);
        data(&mut x, "n_", n, &NODE_ATTRS);
        x.close("node");
    }
    for e in &edges {
        x.open(
            "edge",
            &[
                ("source", e["source"].as_str().unwrap_or_default()),
                ("target", e["target"].as_str().unwrap_or_default()),
            ],
        );
        data(&mut x, "e_", e, &EDGE_ATTRS);
        x.close("edge");
    }
    x.close("graph");
    x.close("graphml");
    x.finish()
}

/// Reads GraphML.
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

/// Reads GraphML, collecting problems.
pub fn parse_collect(text: &str, file: &str) -> (Option<Network>, Vec<Problem>) {
    match read(text, file) {
        Ok(Parts {
            graph,
            nodes,
            edges,
        }) => from_flat(&graph, &nodes, &edges, file),
        Err(p) => (None, vec![p]),
    }
}

#[derive(Default)]
struct Parts {
    graph: Map<String, Value>,
    nodes: Vec<Map<String, Value>>,
    edges: Vec<Map<String, Value>>,
}

/// Where `<data>` goes.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Graph,
    Node,
    Edge,
}

struct Key {
    name: String,
    numeric: bool,
}

fn attrs(e: &BytesStart<'_>) -> std::result::Result<HashMap<String, String>, quick_xml::Error> {
    let mut m = HashMap::new();
    for a in e.attributes() {
        let a = a.map_err(quick_xml::Error::from)?;
        let k = a.key.as_ref().to_string();
        let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?;
        m.insert(k, v.into_owned());
    }
    Ok(m)
}

struct State<'t> {
    file: &'t str,
    text: &'t str,
    keys: HashMap<String, Key>,
    parts: Parts,
    /// Open `<node>`/`<edge>`/`<graph>` targets (innermost last).
    stack: Vec<Target>,
    depth_graph: usize,
    /// The key of the open `<data>` and its text so far.
    data: Option<(String, String, u64)>,
}

impl State<'_> {
    fn problem(&self, pos: u64, message: impl Into<String>, hint: Option<&str>) -> Problem {
        Problem::new(
            place(self.file, self.text, pos),
            message,
            hint.map(Into::into),
        )
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        pos: u64,
        empty: bool,
    ) -> std::result::Result<(), Problem> {
        let a =
            attrs(e).map_err(|err| self.problem(pos, format!("bad XML attribute: {err}"), None))?;
        let get = |k: &str| a.get(k).cloned();
        match e.local_name().as_ref() {
            "key" => {
                let (Some(id), Some(name)) = (get("id"), get("attr.name")) else {
                    return Ok(());
                };
                let numeric = matches!(
                    get("attr.type").as_deref(),
                    Some("double" | "float" | "int" | "long")
                );
                self.keys.insert(id, Key { name, numeric });
            }
            "graph" => {
                self.depth_graph += 1;
                if get("edgedefault").as_deref() == Some("undirected") {
                    return Err(self.problem(
                        pos,
                        "the graph is undirected; shockgraph's edges have a direction",
                        Some("write a directed graph (edgedefault=\"directed\")"),
                    ));
                }
                if !empty {
                    self.stack.push(Target::Graph);
                }
            }
            "node" if self.depth_graph == 1 => {
                let mut m = Map::new();
                if let Some(id) = get("id") {
                    m.insert("id".into(), Value::String(id));
                }
                self.parts.nodes.push(m);
                if !empty {
                    self.stack.push(Target::Node);
                }
            }
            "edge" if self.depth_graph == 1 => {
                if get("directed").as_deref() == Some("false") {
                    return Err(self.problem(
                        pos,
                        "an undirected edge; shockgraph's edges have a direction",
                        None,
                    ));
                }
                let mut m = Map::new();
                for k in ["source", "target"] {
                    if let Some(v) = get(k) {
                        m.insert(k.into(), Value::String(v));
                    }
                }
                self.parts.edges.push(m);
                if !empty {
                    self.stack.push(Target::Edge);
                }
            }
            "data" if !empty => {
                self.data = Some((get("key").unwrap_or_default(), String::new(), pos));
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> std::result::Result<(), Problem> {
        match name {
            "graph" => {
                self.depth_graph = self.depth_graph.saturating_sub(1);
                self.stack.pop();
            }
            "node" | "edge" if self.depth_graph == 1 => {
                self.stack.pop();
            }
            "data" => {
                if let Some((key, text, pos)) = self.data.take() {
                    self.store(&key, text, pos)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn store(&mut self, key: &str, text: String, pos: u64) -> std::result::Result<(), Problem> {
        let Some(k) = self.keys.get(key) else {
            return Ok(());
        };
        let name = k.name.clone();
        let value = if k.numeric {
            let t = text.trim();
            match t.parse::<f64>() {
                Ok(f) => {
                    serde_json::Number::from_f64(f).map_or(Value::String(t.into()), Value::Number)
                }
                Err(_) => {
                    return Err(self.problem(
                        pos,
                        format!("`{name}` must be a number, not `{t}`"),
                        None,
                    ))
                }
            }
        } else if name == "kinds" {
            if let Ok(dups) = super::json::keys::check(&text) {
                if let Some(d) = dups.first() {
                    return Err(self.problem(
                        pos,
                        format!("`kinds`: {} at `{}`", d.message(), d.place()),
                        Some(super::json::keys::DUPLICATE_HINT),
                    ));
                }
            }
            serde_json::from_str(&text).map_err(|e| {
                self.problem(
                    pos,
                    format!("`kinds` must be the JSON of the declared kinds: {e}"),
                    None,
                )
            })?
        } else {
            Value::String(text)
        };
        let target = match self.stack.last() {
            Some(Target::Graph) if self.depth_graph == 1 => &mut self.parts.graph,
            Some(Target::Node) => self.parts.nodes.last_mut().expect("open node"),
            Some(Target::Edge) => self.parts.edges.last_mut().expect("open edge"),
            _ => return Ok(()),
        };
        if target.contains_key(&name) {
            return Err(self.problem(
                pos,
                format!("`{name}` is given twice on one element (duplicate `data` key `{key}`)"),
                Some("give each attribute once: readers disagree on which copy wins"),
            ));
        }
        target.insert(name, value);
        Ok(())
    }
}

fn read(text: &str, file: &str) -> std::result::Result<Parts, Problem> {
    let mut r = Reader::from_str(text);
    let mut s = State {
        file,
        text,
        keys: HashMap::new(),
        parts: Parts::default(),
        stack: Vec::new(),
        depth_graph: 0,
        data: None,
    };
    let mut seen_graph = false;
    loop {
        let pos = r.buffer_position();
        let ev = r
            .read_event()
            .map_err(|e| s.problem(r.error_position(), format!("not valid XML: {e}"), None))?;
        match ev {
            Event::Start(e) => {
                seen_graph |= e.local_name().as_ref() == "graph";
                s.start(&e, pos, false)?;
            }
            Event::Empty(e) => {
                seen_graph |= e.local_name().as_ref() == "graph";
                s.start(&e, pos, true)?;
            }
            Event::End(e) => s.end(e.local_name().as_ref())?,
            Event::Text(t) => {
                if let Some((_, buf, _)) = s.data.as_mut() {
                    buf.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::CData(t) => {
                if let Some((_, buf, _)) = s.data.as_mut() {
                    buf.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(g) => {
                let name = g.xml_content(quick_xml::XmlVersion::Implicit1_0);
                let raw = format!("&{name};");
                let resolved = quick_xml::escape::unescape(&raw)
                    .map_err(|e| s.problem(pos, format!("unknown entity `{raw}`: {e}"), None))?
                    .into_owned();
                if let Some((_, buf, _)) = s.data.as_mut() {
                    buf.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_graph {
        return Err(Problem::new(
            file,
            "no <graph> element: not a GraphML file",
            Some("GraphML files have <graphml><graph edgedefault=\"directed\">...".into()),
        ));
    }
    Ok(s.parts)
}
