//! The JSON Schema in docs/ stays in sync with the types; DOT export is pinned by a snapshot;
//! the embedded default graph validates and holds the seed article's five commitments.

use shockgraph::io;
use shockgraph::report::dot::{to_dot, DotOptions};

use crate::common::root;

#[test]
fn schema_in_docs_is_in_sync() {
    let path = root().join("docs/graph.schema.json");
    let want = io::json::schema_json();
    if std::env::var_os("SHOCKGRAPH_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/graph.schema.json is out of date: run `SHOCKGRAPH_UPDATE_SCHEMA=1 cargo test --test it formats::schema` (or `graph schema > docs/graph.schema.json`)"
    );
}

#[test]
fn default_graph_validates_and_holds_the_seed_commitments() {
    let net = io::load_default().unwrap();
    let file = std::fs::read_to_string(root().join("graphs/ai-infra-2026.json")).unwrap();
    assert_eq!(
        file,
        io::DEFAULT_GRAPH,
        "the embedded graph is the file in graphs/"
    );
    let seed = [
        ("openai", "microsoft", 280.0),
        ("openai", "oracle", 300.0),
        ("openai", "amazon", 138.0),
        ("anthropic", "google_cloud", 200.0),
        ("anthropic", "amazon", 100.0),
    ];
    for (f, t, amount) in seed {
        let (fi, ti) = (net.index_of(f).unwrap(), net.index_of(t).unwrap());
        let e = net
            .edges()
            .find(|e| {
                e.from == fi && e.to == ti && net.edge_kind_name(e.kind) == "compute_commitment"
            })
            .unwrap_or_else(|| panic!("no {f} -> {t} commitment"));
        assert_eq!(e.amount, amount, "{f} -> {t}");
        let meta = net.edge_meta(e.index).unwrap();
        assert!(
            meta.sources
                .iter()
                .any(|s| s.title.to_lowercase().contains("seed")),
            "{f} -> {t} cites the seed article"
        );
    }
    assert_eq!(net.meta().currency.as_deref(), Some("USD"));
    assert_eq!(net.meta().unit.as_deref(), Some("billion"));
}

#[test]
fn default_graph_figures_all_have_sources() {
    let net = io::load_default().unwrap();
    for e in net.edges() {
        let m = net.edge_meta(e.index);
        assert!(
            m.is_some_and(|m| !m.sources.is_empty()),
            "edge {} has no source",
            e.index
        );
    }
    for i in 0..net.node_count() {
        let f = net.figures(i);
        let m = net.node_meta(i).expect("node metadata");
        for (name, given) in [
            ("buffer", f.buffer.is_some()),
            ("value", f.value.is_some()),
            ("external_assets", f.external_assets.is_some()),
            ("external_liabilities", f.external_liabilities.is_some()),
        ] {
            if given {
                assert!(
                    m.sources.iter().any(|s| s.figure.as_deref() == Some(name)),
                    "{}: `{name}` has no source",
                    net.id(i)
                );
            }
        }
    }
}

#[test]
fn dot_snapshot() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/tricky.json")).unwrap();
    let net = io::json::parse(&text, "tricky.json").unwrap();
    insta::assert_snapshot!("tricky_dot", to_dot(&net, &DotOptions::default()));
}
