//! GEXF 1.3 (<https://gexf.net/>) for Gephi: a directed graph whose nodes carry `kind`,
//! `buffer`, `value`, `external_assets`, `external_liabilities` and edges `kind`, `amount`,
//! `recovery` as attributes, the edge weight is the amount, and nodes are coloured by kind
//! (`viz:color`, the Okabe–Ito palette, which stays distinguishable with the common
//! colour-vision deficiencies) and sized by value. Written through quick-xml, which escapes
//! every id, label and value. Export only.

use serde_json::Value;

use super::nodelink::{flat, EDGE_ATTRS};
use super::xml::Xml;
use crate::model::Network;

/// Okabe–Ito colours, then black, by the rank of the node's kind among the kinds present.
pub const KIND_COLOURS: [(u8, u8, u8); 8] = [
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (0, 114, 178),
    (213, 94, 0),
    (204, 121, 167),
    (0, 0, 0),
];

const NODE_NUMBERS: [&str; 4] = ["buffer", "value", "external_assets", "external_liabilities"];

fn num(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64)
}

/// The network as GEXF 1.3 with Gephi's `viz` colours and sizes.
pub fn to_string(net: &Network) -> String {
    let (graph, nodes, edges) = flat(net);
    // Colours go to the kinds the graph uses, in kind order, so that up to eight kinds get
    // eight distinct colours whatever the kinds' indices.
    let mut present: Vec<u16> = (0..net.node_count())
        .map(|i| net.node_kind_index(i))
        .collect();
    present.sort_unstable();
    present.dedup();
    let mut x = Xml::new();
    x.open(
        "gexf",
        &[
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("version", "1.3"),
        ],
    );
    x.open("meta", &[]);
    x.text("creator", &[], "shockgraph");
    if let Some(d) = graph.get("description").and_then(Value::as_str) {
        x.text("description", &[], d);
    }
    x.close("meta");
    x.open(
        "graph",
        &[("defaultedgetype", "directed"), ("mode", "static")],
    );
    x.open("attributes", &[("class", "node")]);
    x.empty(
        "attribute",
        &[("id", "kind"), ("title", "kind"), ("type", "string")],
    );
    for n in NODE_NUMBERS {
        x.empty("attribute", &[("id", n), ("title", n), ("type", "double")]);
    }
    x.close("attributes");
    x.open("attributes", &[("class", "edge")]);
    for (name, ty) in EDGE_ATTRS.iter().zip(["string", "double", "double"]) {
        x.empty("attribute", &[("id", name), ("title", name), ("type", ty)]);
    }
    x.close("attributes");
    let max_value = (0..net.node_count())
        .map(|i| net.value(i))
        .fold(0.0_f64, f64::max);
    x.open("nodes", &[]);
    for (i, n) in nodes.iter().enumerate() {
        let id = n["id"].as_str().unwrap_or_default();
        let label = n.get("label").and_then(Value::as_str).unwrap_or(id);
        x.open("node", &[("id", id), ("label", label)]);
        x.open("attvalues", &[]);
        x.empty("attvalue", &[("for", "kind"), ("value", net.node_kind(i))]);
        for k in NODE_NUMBERS {
            if let Some(f) = num(n.get(k)) {
                x.empty("attvalue", &[("for", k), ("value", &f.to_string())]);
            }
        }
        x.close("attvalues");
        let rank = present
            .binary_search(&net.node_kind_index(i))
            .expect("every node's kind is present");
        let (r, g, b) = KIND_COLOURS[rank % KIND_COLOURS.len()];
        let (r, g, b) = (r.to_string(), g.to_string(), b.to_string());
        x.empty("viz:color", &[("r", &r), ("g", &g), ("b", &b)]);
        // Area-like sizes between 4 and 40 by value.
        let size = if max_value > 0.0 {
            4.0 + 36.0 * (net.value(i) / max_value).sqrt()
        } else {
            10.0
        };
        x.empty("viz:size", &[("value", &format!("{size:.3}"))]);
        x.close("node");
    }
    x.close("nodes");
    x.open("edges", &[]);
    for (j, e) in edges.iter().enumerate() {
        let amount = num(e.get("amount")).unwrap_or(0.0).to_string();
        x.open(
            "edge",
            &[
                ("id", &j.to_string()),
                ("source", e["source"].as_str().unwrap_or_default()),
                ("target", e["target"].as_str().unwrap_or_default()),
                ("weight", &amount),
            ],
        );
        x.open("attvalues", &[]);
        if let Some(k) = e.get("kind").and_then(Value::as_str) {
            x.empty("attvalue", &[("for", "kind"), ("value", k)]);
        }
        x.empty("attvalue", &[("for", "amount"), ("value", &amount)]);
        let rec = num(e.get("recovery")).unwrap_or(0.0).to_string();
        x.empty("attvalue", &[("for", "recovery"), ("value", &rec)]);
        x.close("attvalues");
        x.close("edge");
    }
    x.close("edges");
    x.close("graph");
    x.close("gexf");
    x.finish()
}
