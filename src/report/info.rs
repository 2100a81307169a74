//! `graph info`: what a graph holds.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{num, pct, table};
use crate::model::Network;

/// Count and total amount of one edge kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindTotal {
    /// Edge kind.
    pub kind: String,
    /// Exposed end (`from` or `to`).
    pub exposed: String,
    /// Number of edges.
    pub count: usize,
    /// Sum of amounts.
    pub amount: f64,
}

/// One edge as listed.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeEntry {
    /// `from` id.
    pub from: String,
    /// `to` id.
    pub to: String,
    /// Edge kind.
    pub kind: String,
    /// Amount.
    pub amount: f64,
    /// Recovery rate.
    pub recovery: f64,
}

/// A node's totals.
#[derive(Debug, Clone, Serialize)]
pub struct NodeTotals {
    /// Node id.
    pub id: String,
    /// Node kind.
    pub kind: String,
    /// Sum of amounts on edges into the node (as written).
    pub amount_in: f64,
    /// Sum of amounts on edges out of the node (as written).
    pub amount_out: f64,
    /// What the node loses if every counterparty fails: sum of exposures where it is the
    /// exposed end.
    pub exposure: f64,
    /// The counterparty it is most exposed to.
    pub largest_counterparty: Option<String>,
    /// That counterparty's share of its exposure.
    pub largest_share: f64,
    /// Buffer, if given.
    pub buffer: Option<f64>,
}

/// The `graph info --format json` document.
#[derive(Debug, Clone, Serialize)]
pub struct InfoReport {
    /// Graph name.
    pub name: Option<String>,
    /// Date of the figures.
    pub as_of: Option<String>,
    /// Currency.
    pub currency: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Number of nodes.
    pub nodes: usize,
    /// Number of edges.
    pub edges: usize,
    /// Nodes per kind.
    pub node_kinds: BTreeMap<String, usize>,
    /// Edges and amounts per kind.
    pub edge_kinds: Vec<KindTotal>,
    /// The largest edges by amount.
    pub largest_edges: Vec<EdgeEntry>,
    /// Every node's totals, by exposure descending, ties by id.
    pub node_totals: Vec<NodeTotals>,
    /// Loops of mutual exposure (strongly connected components of the distress graph with
    /// more than one node), largest first; at most 20, each listing at most 50 ids.
    pub feedback_loops: Vec<FeedbackLoop>,
}

/// A loop of mutual exposure along which distress can feed back.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackLoop {
    /// Number of nodes in the loop.
    pub size: usize,
    /// Their ids, sorted (at most 50).
    pub nodes: Vec<String>,
}

/// Builds the info report, listing the `top` largest edges.
pub fn build(net: &Network, top: usize) -> InfoReport {
    let n = net.node_count();
    let mut node_kinds = BTreeMap::new();
    for i in 0..n {
        *node_kinds.entry(net.node_kind(i).to_string()).or_insert(0) += 1;
    }
    let k = net.kinds();
    let mut per_kind = vec![(0usize, 0.0f64); k.edges.len()];
    let (mut amount_in, mut amount_out) = (vec![0.0; n], vec![0.0; n]);
    for e in net.edges() {
        per_kind[e.kind as usize].0 += 1;
        per_kind[e.kind as usize].1 += e.amount;
        amount_out[e.from as usize] += e.amount;
        amount_in[e.to as usize] += e.amount;
    }
    let edge_kinds = k
        .edges
        .iter()
        .zip(&per_kind)
        .filter(|(_, c)| c.0 > 0)
        .map(|(kind, c)| KindTotal {
            kind: kind.name.clone(),
            exposed: match kind.exposed {
                crate::model::Exposed::From => "from".into(),
                crate::model::Exposed::To => "to".into(),
            },
            count: c.0,
            amount: c.1,
        })
        .collect();
    let mut order: Vec<usize> = (0..net.edge_count()).collect();
    order.sort_by(|&a, &b| {
        net.edge(b)
            .amount
            .total_cmp(&net.edge(a).amount)
            .then(a.cmp(&b))
    });
    let largest_edges = order
        .iter()
        .take(top)
        .map(|&e| {
            let e = net.edge(e);
            EdgeEntry {
                from: net.id(e.from as usize).into(),
                to: net.id(e.to as usize).into(),
                kind: net.edge_kind_name(e.kind).into(),
                amount: e.amount,
                recovery: e.recovery,
            }
        })
        .collect();
    // Exposure of i to obligor j sits in the distress graph row j; transpose to group by i.
    let incoming = net.distress().transpose();
    let mut node_totals: Vec<NodeTotals> = (0..n)
        .map(|i| {
            let row = incoming.row(i);
            let exposure: f64 = row.iter().map(|a| a.weight).sum::<f64>() + 0.0;
            let best = row.iter().max_by(|a, b| {
                a.weight
                    .total_cmp(&b.weight)
                    .then_with(|| net.id(b.target as usize).cmp(net.id(a.target as usize)))
            });
            NodeTotals {
                id: net.id(i).into(),
                kind: net.node_kind(i).into(),
                amount_in: amount_in[i],
                amount_out: amount_out[i],
                exposure,
                largest_counterparty: best.map(|a| net.id(a.target as usize).to_string()),
                largest_share: best.map_or(0.0, |a| {
                    if exposure > 0.0 {
                        a.weight / exposure
                    } else {
                        0.0
                    }
                }),
                buffer: net.buffer(i),
            }
        })
        .collect();
    node_totals.sort_by(|a, b| b.exposure.total_cmp(&a.exposure).then(a.id.cmp(&b.id)));
    let feedback_loops = crate::model::view::feedback_loops(net)
        .into_iter()
        .take(20)
        .map(|c| {
            let mut nodes: Vec<String> =
                c.iter().map(|&i| net.id(i as usize).to_string()).collect();
            nodes.sort();
            nodes.truncate(50);
            FeedbackLoop {
                size: c.len(),
                nodes,
            }
        })
        .collect();
    let m = net.meta();
    InfoReport {
        name: m.name.clone(),
        as_of: m.as_of.clone(),
        currency: m.currency.clone(),
        unit: m.unit.clone(),
        nodes: n,
        edges: net.edge_count(),
        node_kinds,
        edge_kinds,
        largest_edges,
        node_totals,
        feedback_loops,
    }
}

/// CSV of the node totals.
pub fn to_csv(rep: &InfoReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "kind",
        "amount_in",
        "amount_out",
        "exposure",
        "largest_counterparty",
        "largest_share",
        "buffer",
    ])
    .expect("csv to memory");
    for t in &rep.node_totals {
        w.write_record([
            t.id.clone(),
            t.kind.clone(),
            t.amount_in.to_string(),
            t.amount_out.to_string(),
            t.exposure.to_string(),
            t.largest_counterparty.clone().unwrap_or_default(),
            t.largest_share.to_string(),
            t.buffer.map(|b| b.to_string()).unwrap_or_default(),
        ])
        .expect("csv to memory");
    }
    String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8")
}

/// The human-readable report; node rows are capped at `top_nodes`.
pub fn to_table(rep: &InfoReport, top_nodes: usize) -> String {
    let unit = match (&rep.currency, &rep.unit) {
        (Some(c), Some(u)) => format!(" ({c} {u})"),
        _ => String::new(),
    };
    let mut out = format!(
        "{}{}: {} nodes, {} edges{unit}\n",
        rep.name.as_deref().unwrap_or("graph"),
        rep.as_of
            .as_deref()
            .map(|d| format!(" as of {d}"))
            .unwrap_or_default(),
        rep.nodes,
        rep.edges
    );
    let kinds: Vec<String> = rep
        .node_kinds
        .iter()
        .map(|(k, c)| format!("{k} {c}"))
        .collect();
    out.push_str(&format!("Nodes by kind: {}\n\n", kinds.join(", ")));
    let mut t = table(
        &["edge kind", "exposed end", "edges", "total amount"],
        &[2, 3],
    );
    for k in &rep.edge_kinds {
        t.add_row(vec![
            k.kind.clone(),
            k.exposed.clone(),
            k.count.to_string(),
            num(k.amount),
        ]);
    }
    out.push_str(&format!("{t}\n\nLargest edges:\n"));
    let mut t = table(&["from", "to", "kind", "amount", "recovery"], &[3, 4]);
    for e in &rep.largest_edges {
        t.add_row(vec![
            e.from.clone(),
            e.to.clone(),
            e.kind.clone(),
            num(e.amount),
            num(e.recovery),
        ]);
    }
    out.push_str(&format!(
        "{t}\n\nNodes by exposure (what each loses if all its counterparties fail):\n"
    ));
    let mut t = table(
        &[
            "node",
            "kind",
            "in",
            "out",
            "exposure",
            "buffer",
            "largest counterparty",
            "share",
        ],
        &[2, 3, 4, 5, 7],
    );
    for n in rep.node_totals.iter().take(top_nodes) {
        t.add_row(vec![
            n.id.clone(),
            n.kind.clone(),
            num(n.amount_in),
            num(n.amount_out),
            num(n.exposure),
            n.buffer.map(num).unwrap_or_else(|| "-".into()),
            n.largest_counterparty.clone().unwrap_or_else(|| "-".into()),
            if n.largest_counterparty.is_some() {
                pct(n.largest_share)
            } else {
                "-".into()
            },
        ]);
    }
    out.push_str(&format!("{t}\n"));
    if rep.node_totals.len() > top_nodes {
        out.push_str(&format!(
            "... {} more nodes (use --format csv for all)\n",
            rep.node_totals.len() - top_nodes
        ));
    }
    if rep.feedback_loops.is_empty() {
        out.push_str("\nNo feedback loops: distress cannot come back to a node it left.\n");
    } else {
        out.push_str("\nFeedback loops (nodes whose distress can come back to them):\n");
        for l in &rep.feedback_loops {
            let more = if l.size > l.nodes.len() {
                format!(", ... ({} more)", l.size - l.nodes.len())
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  {} nodes: {}{more}\n",
                l.size,
                l.nodes.join(", ")
            ));
        }
    }
    out
}
