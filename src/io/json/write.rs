//! Writing the normalised graph: kinds explicit, defaults left out; it loads back unchanged.

use std::collections::BTreeMap;

use super::records::{
    EdgeKindDecl, EdgeRecord, GraphFile, KindsDecl, NodeKindDecl, NodeRecord, FORMAT,
};
use crate::model::Network;

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
