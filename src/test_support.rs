//! Small graph constructors for unit tests.

use crate::model::kinds::DEFAULT_EDGE_KIND;
use crate::model::{GraphMeta, Kinds, Network, NetworkBuilder, NodeFigures, NodeId};
use crate::shock::{Haircut, Shock};

/// Node `i` loses the share `h`.
pub fn shock(i: usize, h: f64) -> Shock {
    Shock::new(NodeId::new(i), Haircut::new(h).unwrap())
}

/// Nodes `(id, buffer)` and debt edges `(from, to, amount)` (`from` owes `to`).
pub fn graph(nodes: &[(&str, f64)], edges: &[(&str, &str, f64)]) -> Network {
    let nodes: Vec<(&str, Option<f64>)> = nodes.iter().map(|&(id, b)| (id, Some(b))).collect();
    graph_opt(&nodes, edges)
}

/// As [`graph`], with `None` for a node that gives no buffer.
pub fn graph_opt(nodes: &[(&str, Option<f64>)], edges: &[(&str, &str, f64)]) -> Network {
    let mut b = NetworkBuilder::new(
        GraphMeta::default(),
        Kinds::default(),
        nodes.len(),
        edges.len(),
    );
    for (id, buf) in nodes {
        let f = NodeFigures {
            buffer: *buf,
            ..Default::default()
        };
        b.add_node(id, 6, f, None).unwrap();
    }
    for (f, t, a) in edges {
        let (f, t) = (b.index_of(f).unwrap(), b.index_of(t).unwrap());
        b.add_edge(f, t, DEFAULT_EDGE_KIND, *a, 0.0, None).unwrap();
    }
    b.finish().unwrap()
}

/// Nodes `(id, external_assets, external_liabilities)` and debt edges for Eisenberg–Noe.
pub fn graph_en(nodes: &[(&str, f64, f64)], edges: &[(&str, &str, f64)]) -> Network {
    let mut b = NetworkBuilder::new(
        GraphMeta::default(),
        Kinds::default(),
        nodes.len(),
        edges.len(),
    );
    for (id, e, l) in nodes {
        let f = NodeFigures {
            external_assets: Some(*e),
            external_liabilities: Some(*l),
            ..Default::default()
        };
        b.add_node(id, 6, f, None).unwrap();
    }
    for (f, t, a) in edges {
        let (f, t) = (b.index_of(f).unwrap(), b.index_of(t).unwrap());
        b.add_edge(f, t, DEFAULT_EDGE_KIND, *a, 0.0, None).unwrap();
    }
    b.finish().unwrap()
}
