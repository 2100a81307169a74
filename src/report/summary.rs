//! `graph info` as CSV and a table (the JSON is [`Summary`] itself, through [`crate::model::Named`]).

#[cfg(feature = "cli")]
use super::{num, pct, table};
use crate::analysis::Summary;
use crate::model::Network;

/// CSV of the node totals.
pub fn to_csv(net: &Network, rep: &Summary) -> String {
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
            net.id(t.node).to_string(),
            t.kind.to_string(),
            t.amount_in.to_string(),
            t.amount_out.to_string(),
            t.exposure.to_string(),
            t.largest_counterparty
                .map(|c| net.id(c).to_string())
                .unwrap_or_default(),
            t.largest_share.to_string(),
            t.buffer.map(|b| b.to_string()).unwrap_or_default(),
        ])
        .expect("csv to memory");
    }
    String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8")
}

#[cfg(feature = "cli")]
/// The human-readable report; node rows are capped at `top_nodes`.
pub fn to_table(net: &Network, rep: &Summary, top_nodes: usize) -> String {
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
            net.id(e.from).to_string(),
            net.id(e.to).to_string(),
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
            net.id(n.node).to_string(),
            n.kind.to_string(),
            num(n.amount_in),
            num(n.amount_out),
            num(n.exposure),
            n.buffer.map_or_else(|| "-".into(), num),
            n.largest_counterparty
                .map_or_else(|| "-".into(), |c| net.id(c).to_string()),
            if n.largest_counterparty.is_some() {
                pct(n.largest_share)
            } else {
                "-".into()
            },
        ]);
    }
    out.push_str(&format!("{t}\n"));
    if rep.nodes > top_nodes {
        out.push_str(&format!(
            "... {} more nodes (use --format csv for all)\n",
            rep.nodes - top_nodes
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
            let ids: Vec<&str> = l.nodes.iter().map(|&i| net.id(i)).collect();
            out.push_str(&format!("  {} nodes: {}{more}\n", l.size, ids.join(", ")));
        }
    }
    out
}
