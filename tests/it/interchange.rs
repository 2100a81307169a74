//! GraphML, GEXF and node-link JSON: round trips of the default graph, hostile text escaped,
//! bad files refused with their place, and the `graph export` / `--graph` dispatch.

use shockgraph::io;
use shockgraph::Network;

use crate::common::{file, graph};

/// What the interchange formats carry, as one comparable text.
fn carried(net: &Network) -> String {
    io::nodelink::to_string(net)
}

#[test]
fn graphml_round_trip_of_the_default_graph() {
    let net = io::load_default().unwrap();
    let text = io::graphml::to_string(&net);
    let back = io::graphml::parse(&text, "g.graphml").unwrap();
    assert_eq!(carried(&net), carried(&back));
    assert_eq!(back.node_count(), net.node_count());
    assert_eq!(back.edge_count(), net.edge_count());
    // Well-formed XML with every node and edge.
    let doc = roxmltree::Document::parse(&text).unwrap();
    let count = |tag: &str| doc.descendants().filter(|n| n.has_tag_name(tag)).count();
    assert_eq!(count("node"), net.node_count());
    assert_eq!(count("edge"), net.edge_count());
}

#[test]
fn node_link_round_trip_of_the_default_graph() {
    let net = io::load_default().unwrap();
    let text = io::nodelink::to_string(&net);
    let back = io::nodelink::parse(&text, "g.json").unwrap();
    assert_eq!(text, carried(&back));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["directed"], true);
    assert_eq!(doc["edges"].as_array().unwrap().len(), net.edge_count());
}

const HOSTILE: &str = r#"{"nodes": [
  {"id": "a", "label": "<b>&amp; \"q\" 'x' ]]> </graph>\u0001", "kind": "company", "buffer": 1},
  {"id": "b", "label": "&lt;script&gt;alert(1)&lt;/script&gt;", "buffer": 2}],
 "edges": [{"from": "a", "to": "b", "amount": 1.5, "recovery": 0.25}]}"#;

#[test]
fn hostile_labels_are_escaped_in_every_xml_format() {
    let net = io::json::parse(HOSTILE, "h.json").unwrap();
    for text in [io::graphml::to_string(&net), io::gexf::to_string(&net)] {
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let labels: Vec<String> = doc
            .descendants()
            .filter_map(|n| {
                n.attribute("label").map(String::from).or_else(|| {
                    (n.attribute("key") == Some("n_label")).then(|| n.text().unwrap_or("").into())
                })
            })
            .collect();
        assert_eq!(
            labels,
            [
                "<b>&amp; \"q\" 'x' ]]> </graph>\u{FFFD}",
                "&lt;script&gt;alert(1)&lt;/script&gt;"
            ]
        );
    }
    let back = io::graphml::parse(&io::graphml::to_string(&net), "h.graphml").unwrap();
    assert_eq!(
        back.label(0_usize),
        "<b>&amp; \"q\" 'x' ]]> </graph>\u{FFFD}"
    );
    assert_eq!(back.label(1_usize), "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_eq!(back.edge(0_usize).recovery, 0.25);
}

#[test]
fn hostile_ids_in_graphml_are_refused_with_their_place() {
    let text = r#"<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="directed">
    <node id="&quot;&gt;&lt;script&gt;"/>
    <node id="b"/>
  </graph>
</graphml>"#;
    let err = io::graphml::parse(text, "h.graphml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("h.graphml"), "{err}");
    assert!(err.contains("nodes[0]"), "{err}");
    assert!(err.contains("\"><script>"), "{err}");
}

#[test]
fn bad_graphml_names_the_line() {
    let undirected = "<graphml>\n<graph edgedefault=\"undirected\"/>\n</graphml>";
    let err = io::graphml::parse(undirected, "u.graphml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("u.graphml:2:"), "{err}");
    assert!(err.contains("undirected"), "{err}");

    let bad_number = r#"<graphml>
<key id="d" for="node" attr.name="buffer" attr.type="double"/>
<graph edgedefault="directed">
<node id="a"><data key="d">lots</data></node>
</graph></graphml>"#;
    let err = io::graphml::parse(bad_number, "n.graphml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("n.graphml:4:"), "{err}");
    assert!(
        err.contains("`buffer` must be a number, not `lots`"),
        "{err}"
    );

    let broken = "<graphml><graph edgedefault=\"directed\"><node id=\"a\"></graph></graphml>";
    let err = io::graphml::parse(broken, "b.graphml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not valid XML"), "{err}");

    let err = io::graphml::parse("<html/>", "x.graphml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a GraphML file"), "{err}");
}

#[test]
fn node_link_accepts_links_and_numeric_ids_and_refuses_undirected() {
    let text = r#"{"directed": true, "multigraph": false, "graph": {},
        "nodes": [{"id": 0, "buffer": 1}, {"id": 1, "buffer": 2}],
        "links": [{"source": 0, "target": 1, "amount": 3, "weight": 9}]}"#;
    let net = io::nodelink::parse(text, "l.json").unwrap();
    assert_eq!(net.id(0_usize), "0");
    assert_eq!(net.edge(0_usize).amount, 3.0);
    let undirected = r#"{"directed": false, "nodes": [], "links": []}"#;
    let err = io::nodelink::parse(undirected, "u.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("undirected"), "{err}");
    let missing = r#"{"directed": true, "nodes": [{"id": "a"}, {"id": "b"}],
        "edges": [{"source": "a", "target": "b"}]}"#;
    let err = io::nodelink::parse(missing, "m.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("m.json") && err.contains("edges[0]"), "{err}");
}

#[test]
fn gexf_colours_nodes_by_kind() {
    let net = io::load_default().unwrap();
    let text = io::gexf::to_string(&net);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut by_kind = std::collections::BTreeMap::new();
    for node in doc.descendants().filter(|n| n.has_tag_name("node")) {
        let kind = node
            .descendants()
            .find(|a| a.attribute("for") == Some("kind"))
            .and_then(|a| a.attribute("value"))
            .unwrap()
            .to_string();
        let c = node
            .children()
            .find(|c| c.tag_name().name() == "color")
            .unwrap();
        let rgb = (c.attribute("r"), c.attribute("g"), c.attribute("b"));
        let rgb = format!("{rgb:?}");
        assert_eq!(by_kind.entry(kind).or_insert_with(|| rgb.clone()), &rgb);
    }
    let distinct: std::collections::BTreeSet<_> = by_kind.values().collect();
    assert!(distinct.len() > 1 && distinct.len() == by_kind.len().min(8));
}

#[test]
fn export_and_load_through_the_command_line() {
    for (fmt, ext) in [("graphml", "graphml"), ("node-link", "json")] {
        let out = graph().args(["export", "--format", fmt]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let (_dir, path) = file(&format!("g.{ext}"), &text);
        graph()
            .args(["info", "--format", "json", "--graph"])
            .arg(&path)
            .assert()
            .success();
    }
    let out = graph()
        .args(["export", "--format", "gexf"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("viz:color"));
}
