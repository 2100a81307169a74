//! `graph info` as CSV, a table and JSON (the JSON is [`Summary`] itself through
//! [`crate::model::Named`], its node rows rendered in parallel: [`write_json`]).

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

/// Rows of the node table rendered per parallel task when the JSON is written.
const JSON_ROWS_PER_TASK: usize = 8192;

/// Writes `graph info --format json`: the same bytes as [`super::to_json_named`] of `rep`,
/// made while written. The node rows (a million on a big graph) are rendered in parallel,
/// a bounded group of tasks at a time, and written in order; the fields before and after them
/// are rendered by `serde_json` as always. It does not note non-finite figures: call
/// [`super::note_json_named`] first.
///
/// # Errors
/// The writer's I/O errors.
pub fn write_json(w: &mut dyn std::io::Write, net: &Network, rep: &Summary) -> std::io::Result<()> {
    use crate::model::Named;
    use rayon::prelude::*;
    use serde::Serialize;

    /// The fields before `node_totals`, in the order of [`Summary`].
    #[derive(Serialize)]
    struct Head<'a> {
        name: &'a Option<String>,
        as_of: &'a Option<String>,
        currency: &'a Option<String>,
        unit: &'a Option<String>,
        nodes: usize,
        edges: usize,
        node_kinds: &'a std::collections::BTreeMap<String, usize>,
        edge_kinds: &'a [crate::analysis::KindTotal],
        largest_edges: &'a [crate::analysis::EdgeEntry],
    }
    /// The fields after it.
    #[derive(Serialize)]
    struct Tail<'a> {
        feedback_loops: &'a [crate::analysis::FeedbackLoop],
    }
    let head = Head {
        name: &rep.name,
        as_of: &rep.as_of,
        currency: &rep.currency,
        unit: &rep.unit,
        nodes: rep.nodes,
        edges: rep.edges,
        node_kinds: &rep.node_kinds,
        edge_kinds: &rep.edge_kinds,
        largest_edges: &rep.largest_edges,
    };
    let head = serde_json::to_vec_pretty(&Named::new(net, &head))?;
    let tail = serde_json::to_vec_pretty(&Named::new(
        net,
        &Tail {
            feedback_loops: &rep.feedback_loops,
        },
    ))?;
    // `{\n ... \n}` without its closing line, then the rows at depth 2 (four spaces), then the
    // tail without its opening line.
    w.write_all(head.strip_suffix(b"\n}").unwrap_or(&head))?;
    w.write_all(b",\n  \"node_totals\": ")?;
    if rep.node_totals.is_empty() {
        w.write_all(b"[]")?;
    } else {
        w.write_all(b"[\n")?;
        let group = JSON_ROWS_PER_TASK * rayon::current_num_threads().max(1) * 4;
        for (g, rows) in rep.node_totals.chunks(group).enumerate() {
            let parts: Vec<std::io::Result<Vec<u8>>> = rows
                .par_chunks(JSON_ROWS_PER_TASK)
                .enumerate()
                .map(|(c, rows)| {
                    let mut out = Vec::with_capacity(rows.len() * 256);
                    let mut one = Vec::with_capacity(512);
                    for (k, row) in rows.iter().enumerate() {
                        if g + c + k > 0 {
                            out.extend_from_slice(b",\n");
                        }
                        one.clear();
                        serde_json::to_writer_pretty(&mut one, &Named::new(net, row))?;
                        indent(&mut out, &one, b"    ");
                    }
                    Ok(out)
                })
                .collect();
            for p in parts {
                w.write_all(&p?)?;
            }
        }
        w.write_all(b"\n  ]")?;
    }
    w.write_all(b",\n")?;
    w.write_all(tail.strip_prefix(b"{\n").unwrap_or(&tail))?;
    w.write_all(b"\n")
}

/// Appends `text` to `out` with `pad` at the start of each of its lines.
fn indent(out: &mut Vec<u8>, text: &[u8], pad: &[u8]) {
    for line in text.split(|&b| b == b'\n') {
        if !out.is_empty() && out.last() != Some(&b'\n') {
            out.push(b'\n');
        }
        out.extend_from_slice(pad);
        out.extend_from_slice(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    fn written(net: &Network, rep: &Summary) -> String {
        let mut w = Vec::new();
        write_json(&mut w, net, rep).unwrap();
        String::from_utf8(w).unwrap()
    }

    /// The parallel writer gives `to_json_named`'s bytes: on the built-in graph, on a graph
    /// of more rows than one group of tasks (rows cut across tasks and groups, on 1 and 2
    /// threads), and with no node rows at all.
    #[test]
    fn parallel_json_is_the_serialised_summary() {
        let net = crate::io::load_default().unwrap();
        let rep = crate::analysis::summary(&net, 10, None);
        assert_eq!(
            written(&net, &rep),
            crate::report::to_json_named(&net, &rep)
        );

        let n = 3 * JSON_ROWS_PER_TASK * 4 * 2 + 17;
        let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        let nodes: Vec<(&str, f64)> = names.iter().map(|s| (s.as_str(), 1.0)).collect();
        let edges: Vec<(&str, &str, f64)> = (0..n)
            .map(|i| {
                (
                    names[i].as_str(),
                    names[(i + 1 + i % 5) % n].as_str(),
                    1.0 + (i % 97) as f64,
                )
            })
            .collect();
        let big = graph(&nodes, &edges);
        let rep = crate::analysis::summary(&big, 10, None);
        let want = crate::report::to_json_named(&big, &rep);
        for threads in [1, 2] {
            let got = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| written(&big, &rep));
            assert!(got == want, "{threads} threads");
        }

        let none = crate::analysis::summary(&net, 10, Some(0));
        assert!(none.node_totals.is_empty());
        assert_eq!(
            written(&net, &none),
            crate::report::to_json_named(&net, &none)
        );
    }
}
