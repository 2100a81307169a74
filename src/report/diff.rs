//! The comparison of two graphs, `graph diff A B`: a table, JSON (the [`Diff`] itself, shape in
//! `docs/output.md`) or CSV (one row per changed item).

#[cfg(feature = "cli")]
use super::{num, pct, table};
use crate::analysis::diff::{Diff, EdgeEntry, FieldChange, Figure, NodeEntry, ShockColumn};

/// JSON: the [`Diff`] as it is (`docs/output.md`, "graph diff").
pub fn to_json(d: &Diff) -> String {
    super::to_json(d)
}

type Row = [String; 7];

fn cell(f: Option<&Figure>) -> String {
    f.map(Figure::text).unwrap_or_default()
}

fn opt(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

fn change_rows(item: &str, changes: &[FieldChange], rows: &mut Vec<Row>) {
    for c in changes {
        rows.push([
            item.into(),
            "changed".into(),
            c.id.clone(),
            c.field.into(),
            cell(c.old.as_ref()),
            cell(c.new.as_ref()),
            opt(c.change),
        ]);
    }
}

fn node_rows(kind: &str, nodes: &[NodeEntry], rows: &mut Vec<Row>) {
    for n in nodes {
        let (old, new, change) = if kind == "added" {
            (String::new(), n.value.to_string(), n.value)
        } else {
            (n.value.to_string(), String::new(), -n.value)
        };
        rows.push([
            "node".into(),
            kind.into(),
            n.id.clone(),
            "value".into(),
            old,
            new,
            change.to_string(),
        ]);
    }
}

fn edge_rows(kind: &str, edges: &[EdgeEntry], rows: &mut Vec<Row>) {
    for e in edges {
        let (old, new, change) = if kind == "added" {
            (String::new(), e.amount.to_string(), e.amount)
        } else {
            (e.amount.to_string(), String::new(), -e.amount)
        };
        rows.push([
            "edge".into(),
            kind.into(),
            e.key(),
            "amount".into(),
            old,
            new,
            change.to_string(),
        ]);
    }
}

/// The shock's figures that differ between A and B, as `(field, a, b)`.
fn shock_fields(a: &ShockColumn, b: &ShockColumn) -> Vec<(&'static str, f64, f64)> {
    let depth = |c: &ShockColumn| c.depth.map_or(f64::NAN, f64::from);
    #[allow(clippy::cast_precision_loss, reason = "node counts are far below 2^52")]
    let all = [
        ("total_loss", a.total_loss, b.total_loss),
        ("impact", a.impact, b.impact),
        ("value_lost", a.value_lost, b.value_lost),
        ("distressed", a.distressed as f64, b.distressed as f64),
        ("defaulted", a.defaulted as f64, b.defaulted as f64),
        ("depth", depth(a), depth(b)),
        (
            "iterations",
            f64::from(a.iterations),
            f64::from(b.iterations),
        ),
    ];
    all.into_iter()
        .filter(|(_, x, y)| x != y && !(x.is_nan() && y.is_nan()))
        .collect()
}

/// CSV: one row per changed item, `item,kind,id,field,old,new,change`. `item` is `node`,
/// `edge` (id `from:to:kind`), `edge_kind` or `shock` (id the shocked node); `kind` is
/// `added`, `removed` or `changed`. An added or removed node is one row with its `value`, an
/// added or removed edge key one row with its `amount`; changed edge-kind totals (`count`,
/// `amount`) and shock totals appear only where A and B differ. Empty cells: not given.
pub fn to_csv(d: &Diff) -> String {
    let mut rows: Vec<Row> = Vec::new();
    node_rows("added", &d.nodes_added, &mut rows);
    node_rows("removed", &d.nodes_removed, &mut rows);
    change_rows("node", &d.node_changes, &mut rows);
    edge_rows("added", &d.edges_added, &mut rows);
    edge_rows("removed", &d.edges_removed, &mut rows);
    change_rows("edge", &d.edge_changes, &mut rows);
    for k in &d.kinds {
        #[allow(clippy::cast_precision_loss, reason = "edge counts are far below 2^52")]
        let fields = [
            ("count", k.count_a as f64, k.count_b as f64),
            ("amount", k.amount_a, k.amount_b),
        ];
        for (field, a, b) in fields {
            if a != b {
                rows.push([
                    "edge_kind".into(),
                    "changed".into(),
                    k.kind.clone(),
                    field.into(),
                    a.to_string(),
                    b.to_string(),
                    (b - a).to_string(),
                ]);
            }
        }
    }
    for s in &d.shocks {
        if let (Some(a), Some(b)) = (&s.a, &s.b) {
            for (field, x, y) in shock_fields(a, b) {
                let show = |v: f64| {
                    if v.is_nan() {
                        String::new()
                    } else {
                        v.to_string()
                    }
                };
                rows.push([
                    "shock".into(),
                    "changed".into(),
                    s.node.clone(),
                    field.into(),
                    show(x),
                    show(y),
                    show(y - x),
                ]);
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["item", "kind", "id", "field", "old", "new", "change"])
        .expect("csv to memory");
    for r in rows {
        w.write_record(&r).expect("csv to memory");
    }
    String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8")
}

#[cfg(feature = "cli")]
fn show(f: Option<&Figure>) -> String {
    match f {
        Some(Figure::Number(x)) => num(*x),
        Some(Figure::Text(s)) => clip(s),
        None => "-".into(),
    }
}

/// Longest text (a label) a table cell shows before it is cut with "...".
#[cfg(feature = "cli")]
const MAX_CELL: usize = 40;

#[cfg(feature = "cli")]
fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_CELL {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX_CELL - 3).collect();
        format!("{cut}...")
    }
}

#[cfg(feature = "cli")]
fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

#[cfg(feature = "cli")]
fn rel(x: Option<f64>) -> String {
    x.map_or_else(
        || "-".into(),
        |r| {
            if r > 0.0 {
                format!("+{}", pct(r))
            } else {
                pct(r)
            }
        },
    )
}

/// "... N more" after a list cut at `top`.
#[cfg(feature = "cli")]
fn more(out: &mut String, len: usize, top: usize) {
    if len > top {
        out.push_str(&format!(
            "... {} more (use --top N, or --format json for all)\n",
            len - top
        ));
    }
}

#[cfg(feature = "cli")]
fn changes_table(out: &mut String, title: &str, what: &str, changes: &[FieldChange], top: usize) {
    if changes.is_empty() {
        out.push_str(&format!("\n{title}: none\n"));
        return;
    }
    let mut t = table(
        &[what, "field", "A", "B", "change", "relative"],
        &[2, 3, 4, 5],
    );
    for c in changes.iter().take(top) {
        t.add_row(vec![
            c.id.clone(),
            c.field.to_string(),
            show(c.old.as_ref()),
            show(c.new.as_ref()),
            c.change.map_or_else(|| "-".into(), signed),
            rel(c.relative),
        ]);
    }
    out.push_str(&format!("\n{title} ({}):\n{t}\n", changes.len()));
    more(out, changes.len(), top);
}

#[cfg(feature = "cli")]
fn nodes_table(out: &mut String, title: &str, nodes: &[NodeEntry], top: usize) {
    if nodes.is_empty() {
        out.push_str(&format!("\n{title}: none\n"));
        return;
    }
    let mut t = table(&["node", "label", "kind", "buffer", "value"], &[3, 4]);
    for n in nodes.iter().take(top) {
        t.add_row(vec![
            n.id.clone(),
            clip(&n.label),
            n.kind.clone(),
            n.buffer.map_or_else(|| "-".into(), num),
            num(n.value),
        ]);
    }
    out.push_str(&format!("\n{title} ({}):\n{t}\n", nodes.len()));
    more(out, nodes.len(), top);
}

#[cfg(feature = "cli")]
fn edges_table(out: &mut String, title: &str, edges: &[EdgeEntry], top: usize) {
    if edges.is_empty() {
        out.push_str(&format!("\n{title}: none\n"));
        return;
    }
    let mut t = table(&["from", "to", "kind", "amount", "recovery"], &[3, 4]);
    for e in edges.iter().take(top) {
        let amount = if e.edges > 1 {
            format!("{} ({} edges)", num(e.amount), e.edges)
        } else {
            num(e.amount)
        };
        t.add_row(vec![
            e.from.clone(),
            e.to.clone(),
            e.kind.clone(),
            amount,
            pct(e.recovery),
        ]);
    }
    out.push_str(&format!("\n{title} ({}):\n{t}\n", edges.len()));
    more(out, edges.len(), top);
}

#[cfg(feature = "cli")]
fn summary(out: &mut String, d: &Diff) {
    let c = &d.counts;
    #[allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
    let delta = |a: usize, b: usize| signed(b as f64 - a as f64);
    let mut t = table(&["", "A", "B", "change"], &[1, 2, 3]);
    t.add_row(vec![
        "nodes".into(),
        c.nodes_a.to_string(),
        c.nodes_b.to_string(),
        delta(c.nodes_a, c.nodes_b),
    ]);
    t.add_row(vec![
        "edges".into(),
        c.edges_a.to_string(),
        c.edges_b.to_string(),
        delta(c.edges_a, c.edges_b),
    ]);
    out.push_str(&format!("{t}\n"));
    out.push_str(&format!(
        "Nodes: {} added, {} removed, {} with changed figures. Edges (by from, to, kind): {} added, {} removed, {} changed.\n",
        c.nodes_added, c.nodes_removed, c.nodes_changed, c.edges_added, c.edges_removed, c.edges_changed
    ));
}

#[cfg(feature = "cli")]
fn kinds_table(out: &mut String, d: &Diff, unit_s: &str) {
    let mut t = table(
        &[
            "edge kind",
            "edges A",
            "amount A",
            "edges B",
            "amount B",
            "change",
        ],
        &[1, 2, 3, 4, 5],
    );
    for k in &d.kinds {
        t.add_row(vec![
            k.kind.clone(),
            k.count_a.to_string(),
            num(k.amount_a),
            k.count_b.to_string(),
            num(k.amount_b),
            signed(k.amount_b - k.amount_a),
        ]);
    }
    out.push_str(&format!("\nEdge totals by kind{unit_s}:\n{t}\n"));
}

#[cfg(feature = "cli")]
fn shock_tables(out: &mut String, d: &Diff, unit_s: &str) {
    let p = &d.parameters;
    for s in &d.shocks {
        let (Some(a), Some(b)) = (&s.a, &s.b) else {
            out.push_str(&format!(
                "\nShock on {}: {}\n",
                s.node,
                s.note.as_deref().unwrap_or("not run")
            ));
            continue;
        };
        out.push_str(&format!(
            "\nShock: every claim on {} loses {} ({}), on A and on B{unit_s}:\n",
            s.node,
            pct(p.haircut),
            p.model.name()
        ));
        let mut t = table(&["", "A", "B", "change"], &[1, 2, 3]);
        let depth = |c: &ShockColumn| c.depth.map_or_else(|| "-".into(), |x| x.to_string());
        #[allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
        let count = |x: usize, y: usize| signed(y as f64 - x as f64);
        let rows: [[String; 4]; 7] = [
            [
                "total loss".into(),
                num(a.total_loss),
                num(b.total_loss),
                signed(b.total_loss - a.total_loss),
            ],
            [
                "impact".into(),
                pct(a.impact),
                pct(b.impact),
                rel(Some(b.impact - a.impact)),
            ],
            [
                "value lost".into(),
                num(a.value_lost),
                num(b.value_lost),
                signed(b.value_lost - a.value_lost),
            ],
            [
                "distressed".into(),
                a.distressed.to_string(),
                b.distressed.to_string(),
                count(a.distressed, b.distressed),
            ],
            [
                "defaulted".into(),
                a.defaulted.to_string(),
                b.defaulted.to_string(),
                count(a.defaulted, b.defaulted),
            ],
            [
                "contagion depth (hops)".into(),
                depth(a),
                depth(b),
                String::new(),
            ],
            [
                "iterations".into(),
                a.iterations.to_string(),
                b.iterations.to_string(),
                String::new(),
            ],
        ];
        for r in rows {
            t.add_row(r.to_vec());
        }
        out.push_str(&format!("{t}\n"));
        let mut l = table(&["#", "A: node", "loss", "B: node", "loss"], &[0, 2, 4]);
        for k in 0..a.top.len().max(b.top.len()) {
            let side = |c: &ShockColumn| {
                c.top.get(k).map_or((String::new(), String::new()), |x| {
                    (x.id.clone(), num(x.loss))
                })
            };
            let ((an, al), (bn, bl)) = (side(a), side(b));
            l.add_row(vec![(k + 1).to_string(), an, al, bn, bl]);
        }
        out.push_str(&format!("Largest losses, A and B:\n{l}\n"));
    }
}

/// The human-readable comparison: the summary, edge totals by kind, added, removed and
/// changed nodes and edges (each list cut at `top`), and the shock side by side.
#[cfg(feature = "cli")]
pub fn to_table(d: &Diff, top: usize) -> String {
    let unit_s = if d.unit_a.is_empty() {
        String::new()
    } else {
        format!(" ({})", d.unit_a)
    };
    let mut out = format!("Comparing A = {} with B = {}\n", d.a, d.b);
    for w in &d.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    summary(&mut out, d);
    kinds_table(&mut out, d, &unit_s);
    nodes_table(&mut out, "Nodes added, in B only", &d.nodes_added, top);
    nodes_table(&mut out, "Nodes removed, in A only", &d.nodes_removed, top);
    edges_table(&mut out, "Edges added, in B only", &d.edges_added, top);
    edges_table(&mut out, "Edges removed, in A only", &d.edges_removed, top);
    changes_table(&mut out, "Edges changed", "edge", &d.edge_changes, top);
    changes_table(
        &mut out,
        "Node figures changed",
        "node",
        &d.node_changes,
        top,
    );
    shock_tables(&mut out, d, &unit_s);
    out
}
