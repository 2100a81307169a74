//! `graph diff A B`: how one graph differs from another — nodes and edges added, removed and
//! changed, edge-kind totals, and a shock run on both, side by side.
//!
//! Conventions (documented in `docs/analysis.md`, "Comparing two graphs"):
//! - nodes are matched by id; edges by the key (from, to, kind), parallel edges of one key
//!   taken together: their amounts summed, their recovery the amount-weighted mean
//!   `1 - Σ exposure / Σ amount`, so the key's exposure is the sum of the edges' exposures;
//! - node figures are compared as the file gives them (`buffer`, `value`, `external_assets`,
//!   `external_liabilities`, `kind`, `label`): a figure given on one side only is a change
//!   whose `old` or `new` is null and whose `change` is null;
//! - every change has `change = new - old` and `relative = change / |old|` (null when `old`
//!   is 0 or absent);
//! - lists of changes are ordered by `|change|` descending, ties by id and field, then the
//!   figures given on one side only, then the texts (kind, label), each by id and field; added and removed nodes by id, added and
//!   removed edges by amount descending, ties by key; edge kinds by name;
//! - the shock is `graph shock --node X --haircut H --model M` on each graph, with its totals
//!   (model contract 5.2: `total_loss`, `impact`, `value_lost`, `depth`, `iterations`, the
//!   distressed and defaulted counts) and the [`TOP_LOSSES`] largest node losses.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::Result;
use crate::model::Network;
use crate::shock::{self, Haircut, Model, Params, Shock, State};

/// How many of the largest node losses each side of a shock comparison lists.
pub const TOP_LOSSES: usize = 10;

/// Two figures differing by at most this much, relative to the larger, count as equal (the
/// recovery of parallel edges is a ratio of sums, which may round differently).
const SAME: f64 = 1e-12;

/// A figure as the file gives it: a number or a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figure {
    /// A number (buffer, value, amount, ...).
    Number(f64),
    /// A text (kind, label).
    Text(String),
}

impl Figure {
    fn number(&self) -> Option<f64> {
        match self {
            Figure::Number(x) => Some(*x),
            Figure::Text(_) => None,
        }
    }

    /// The figure as written in a CSV cell or a table.
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Figure::Number(x) => x.to_string(),
            Figure::Text(s) => s.clone(),
        }
    }
}

/// One field that differs between A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The node id, or the edge key `from:to:kind`.
    pub id: String,
    /// The field (`buffer`, `value`, `external_assets`, `external_liabilities`, `kind`,
    /// `label`; edges: `amount`, `recovery`).
    pub field: &'static str,
    /// In A (null when A does not give it).
    pub old: Option<Figure>,
    /// In B (null when B does not give it).
    pub new: Option<Figure>,
    /// `new - old` when both are numbers, else null.
    pub change: Option<f64>,
    /// `change / |old|`, null when `old` is 0 or not a number.
    pub relative: Option<f64>,
}

impl FieldChange {
    fn new(id: String, field: &'static str, old: Option<Figure>, new: Option<Figure>) -> Self {
        let (o, n) = (
            old.as_ref().and_then(Figure::number),
            new.as_ref().and_then(Figure::number),
        );
        let change = o.zip(n).map(|(o, n)| n - o);
        let relative = o
            .zip(change)
            .and_then(|(o, c)| (o != 0.0).then(|| c / o.abs()));
        FieldChange {
            id,
            field,
            old,
            new,
            change,
            relative,
        }
    }

    /// The ordering class: 0 for a number on both sides, 1 for a number given on one side
    /// only, 2 for a text.
    fn class(&self) -> u8 {
        match (&self.old, &self.new) {
            (Some(Figure::Text(_)), _) | (_, Some(Figure::Text(_))) => 2,
            _ if self.change.is_none() => 1,
            _ => 0,
        }
    }
}

/// A node present in one graph only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeEntry {
    /// Node id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Node kind.
    pub kind: String,
    /// Buffer, if given.
    pub buffer: Option<f64>,
    /// Value (`value`, else `buffer`, else 0).
    pub value: f64,
}

/// The edges of one key (from, to, kind) in one graph, parallel edges together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeEntry {
    /// `from` node.
    pub from: String,
    /// `to` node.
    pub to: String,
    /// Edge kind.
    pub kind: String,
    /// How many edges of the graph have this key.
    pub edges: usize,
    /// Their amounts summed.
    pub amount: f64,
    /// `1 - Σ exposure / Σ amount`: the amount-weighted mean recovery.
    pub recovery: f64,
}

impl EdgeEntry {
    /// The key as written in outputs, `from:to:kind` (the form `--edge` and `--drop-edge`
    /// take).
    #[must_use]
    pub fn key(&self) -> String {
        format!("{}:{}:{}", self.from, self.to, self.kind)
    }
}

/// The edges of one kind in A and in B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindTotals {
    /// Edge kind.
    pub kind: String,
    /// Edges of the kind in A.
    pub count_a: usize,
    /// Their amounts summed.
    pub amount_a: f64,
    /// Edges of the kind in B.
    pub count_b: usize,
    /// Their amounts summed.
    pub amount_b: f64,
}

/// The headline counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Nodes in A.
    pub nodes_a: usize,
    /// Nodes in B.
    pub nodes_b: usize,
    /// Edges in A (parallel ones counted one by one).
    pub edges_a: usize,
    /// Edges in B.
    pub edges_b: usize,
    /// Nodes in B only.
    pub nodes_added: usize,
    /// Nodes in A only.
    pub nodes_removed: usize,
    /// Nodes in both with at least one changed figure.
    pub nodes_changed: usize,
    /// Edge keys in B only.
    pub edges_added: usize,
    /// Edge keys in A only.
    pub edges_removed: usize,
    /// Edge keys in both with a changed amount or recovery.
    pub edges_changed: usize,
}

/// One node's loss in a shock run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeLoss {
    /// Node id.
    pub id: String,
    /// Loss, in graph units.
    pub loss: f64,
    /// Distress (loss / buffer).
    pub distress: f64,
    /// Final state.
    pub state: State,
}

/// A shock's results on one graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShockColumn {
    /// Total loss through the network (contract 5.2).
    pub total_loss: f64,
    /// `value_lost / Σ value`.
    pub impact: f64,
    /// Value lost, in graph units.
    pub value_lost: f64,
    /// Distressed nodes at the end (the shocked one included).
    pub distressed: usize,
    /// Defaulted nodes at the end.
    pub defaulted: usize,
    /// Contagion depth (null for Eisenberg–Noe).
    pub depth: Option<u32>,
    /// Propagation rounds until nothing changed.
    pub iterations: u32,
    /// The [`TOP_LOSSES`] largest node losses, largest first, ties by id (nodes without loss
    /// left out).
    pub top: Vec<NodeLoss>,
}

/// One shocked node, run on A and on B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShockSide {
    /// The shocked node.
    pub node: String,
    /// The run on A (null when the node is not in A, or not in B: then neither is run).
    pub a: Option<ShockColumn>,
    /// The run on B.
    pub b: Option<ShockColumn>,
    /// Why the node was not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What to shock on both graphs.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// The nodes to shock, one at a time (`--node`, default `openai`).
    pub nodes: Vec<String>,
    /// The haircut on each (`--haircut`, default 0.5).
    pub haircut: Haircut,
    /// The shock model.
    pub model: Model,
    /// Model parameters.
    pub params: Params,
}

/// The parameters of a diff as echoed in its outputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffParameters {
    /// Shock model.
    pub model: Model,
    /// Haircut on each shocked node.
    pub haircut: f64,
    /// The shocked nodes.
    pub nodes: Vec<String>,
}

/// The difference between two graphs A (old) and B (new).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Name of A (the path or `default` / `snapshot-2025-12`).
    pub a: String,
    /// Name of B.
    pub b: String,
    /// A's unit label (`USD billion`).
    pub unit_a: String,
    /// B's unit label.
    pub unit_b: String,
    /// What the reader should know (different currencies or units).
    pub warnings: Vec<String>,
    /// The shock's parameters.
    pub parameters: DiffParameters,
    /// Headline counts.
    pub counts: Counts,
    /// Edge totals per kind, every kind of either graph, by name.
    pub kinds: Vec<KindTotals>,
    /// Nodes in B only, by id.
    pub nodes_added: Vec<NodeEntry>,
    /// Nodes in A only, by id.
    pub nodes_removed: Vec<NodeEntry>,
    /// Changed node figures: numbers by `|change|` descending, then figures given on one side
    /// only, then texts (see the module doc).
    pub node_changes: Vec<FieldChange>,
    /// Edge keys in B only, by amount descending.
    pub edges_added: Vec<EdgeEntry>,
    /// Edge keys in A only, by amount descending.
    pub edges_removed: Vec<EdgeEntry>,
    /// Changed edge figures (`amount`, `recovery`), by `|change|` descending.
    pub edge_changes: Vec<FieldChange>,
    /// The shock run on both graphs, one entry per `--node`.
    pub shocks: Vec<ShockSide>,
}

impl Diff {
    /// Whether the graphs hold the same nodes and edges with the same figures.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.nodes_added.is_empty()
            && self.nodes_removed.is_empty()
            && self.node_changes.is_empty()
            && self.edges_added.is_empty()
            && self.edges_removed.is_empty()
            && self.edge_changes.is_empty()
    }
}

/// Compares A (`a`, named `name_a`) with B, and runs the shock of `opts` on both.
///
/// # Errors
/// An error of the shock model on either graph (a missing buffer, say).
pub fn diff(
    a: &Network,
    name_a: &str,
    b: &Network,
    name_b: &str,
    opts: &DiffOptions,
) -> Result<Diff> {
    let (unit_a, unit_b) = (a.meta().unit_label(), b.meta().unit_label());
    let mut warnings = Vec::new();
    if a.meta().currency != b.meta().currency || a.meta().unit != b.meta().unit {
        warnings.push(format!(
            "A is in {} and B in {}: amounts are compared as numbers, without conversion",
            or_none(&unit_a),
            or_none(&unit_b)
        ));
    }
    let (nodes_added, nodes_removed) = (only_in(b, a), only_in(a, b));
    let node_changes = node_changes(a, b);
    let (ea, eb) = (edge_keys(a), edge_keys(b));
    let mut edges_added: Vec<EdgeEntry> = eb
        .iter()
        .filter(|(k, _)| !ea.contains_key(*k))
        .map(|(_, e)| e.clone())
        .collect();
    let mut edges_removed: Vec<EdgeEntry> = ea
        .iter()
        .filter(|(k, _)| !eb.contains_key(*k))
        .map(|(_, e)| e.clone())
        .collect();
    for list in [&mut edges_added, &mut edges_removed] {
        list.sort_by(|x, y| {
            y.amount
                .total_cmp(&x.amount)
                .then_with(|| x.key().cmp(&y.key()))
        });
    }
    let mut edge_changes = Vec::new();
    for (k, x) in &ea {
        if let Some(y) = eb.get(k) {
            for (field, o, n) in [
                ("amount", x.amount, y.amount),
                ("recovery", x.recovery, y.recovery),
            ] {
                if differ(o, n) {
                    let (o, n) = (Some(Figure::Number(o)), Some(Figure::Number(n)));
                    edge_changes.push(FieldChange::new(x.key(), field, o, n));
                }
            }
        }
    }
    sort_changes(&mut edge_changes);
    let counts = Counts {
        nodes_a: a.node_count(),
        nodes_b: b.node_count(),
        edges_a: a.edge_count(),
        edges_b: b.edge_count(),
        nodes_added: nodes_added.len(),
        nodes_removed: nodes_removed.len(),
        nodes_changed: distinct(&node_changes),
        edges_added: edges_added.len(),
        edges_removed: edges_removed.len(),
        edges_changed: distinct(&edge_changes),
    };
    let shocks = opts
        .nodes
        .iter()
        .map(|id| shock_side(a, name_a, b, name_b, id, opts))
        .collect::<Result<Vec<_>>>()?;
    Ok(Diff {
        a: name_a.to_string(),
        b: name_b.to_string(),
        unit_a,
        unit_b,
        warnings,
        parameters: DiffParameters {
            model: opts.model,
            haircut: opts.haircut.get(),
            nodes: opts.nodes.clone(),
        },
        counts,
        kinds: kind_totals(a, b),
        nodes_added,
        nodes_removed,
        node_changes,
        edges_added,
        edges_removed,
        edge_changes,
        shocks,
    })
}

fn or_none(unit: &str) -> &str {
    if unit.is_empty() {
        "no stated unit"
    } else {
        unit
    }
}

/// Whether two figures differ by more than rounding ([`SAME`]).
fn differ(o: f64, n: f64) -> bool {
    (n - o).abs() > SAME * o.abs().max(n.abs())
}

/// How many distinct ids a list of changes names.
fn distinct(changes: &[FieldChange]) -> usize {
    changes.iter().map(|c| &c.id).collect::<BTreeSet<_>>().len()
}

fn sort_changes(changes: &mut [FieldChange]) {
    changes.sort_by(|x, y| {
        let size = |c: &FieldChange| c.change.map_or(0.0, f64::abs);
        x.class()
            .cmp(&y.class())
            .then_with(|| size(y).total_cmp(&size(x)))
            .then_with(|| x.id.cmp(&y.id))
            .then_with(|| x.field.cmp(y.field))
    });
}

/// The nodes of `of` that `other` does not have, by id.
fn only_in(of: &Network, other: &Network) -> Vec<NodeEntry> {
    let mut v: Vec<NodeEntry> = of
        .nodes()
        .filter(|&i| other.index_of(of.id(i)).is_none())
        .map(|i| NodeEntry {
            id: of.id(i).to_string(),
            label: of.label(i).to_string(),
            kind: of.node_kind(i).to_string(),
            buffer: of.buffer(i),
            value: of.value(i),
        })
        .collect();
    v.sort_by(|x, y| x.id.cmp(&y.id));
    v
}

/// The figures of node `i` as the file gives them, in output order.
fn node_fields(net: &Network, i: crate::NodeId) -> [(&'static str, Option<Figure>); 6] {
    let f = net.figures(i);
    let num = |x: Option<f64>| x.map(Figure::Number);
    [
        ("buffer", num(f.buffer)),
        ("value", num(f.value)),
        ("external_assets", num(f.external_assets)),
        ("external_liabilities", num(f.external_liabilities)),
        ("kind", Some(Figure::Text(net.node_kind(i).to_string()))),
        (
            "label",
            net.node_meta(i)
                .and_then(|m| m.label.clone())
                .map(Figure::Text),
        ),
    ]
}

/// Every changed figure of the nodes in both graphs.
fn node_changes(a: &Network, b: &Network) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for i in a.nodes() {
        let Some(j) = b.index_of(a.id(i)) else {
            continue;
        };
        for ((field, o), (_, n)) in node_fields(a, i).into_iter().zip(node_fields(b, j)) {
            let same = match (&o, &n) {
                (Some(Figure::Number(x)), Some(Figure::Number(y))) => !differ(*x, *y),
                _ => o == n,
            };
            if !same {
                out.push(FieldChange::new(a.id(i).to_string(), field, o, n));
            }
        }
    }
    sort_changes(&mut out);
    out
}

/// An edge key: (from, to, kind).
type Key = (String, String, String);

/// The edges of a key summed: (count, amount, exposure, the first edge's recovery).
type Sums = (usize, f64, f64, f64);

/// The graph's edges by key (from, to, kind), parallel edges together.
fn edge_keys(net: &Network) -> BTreeMap<Key, EdgeEntry> {
    let mut sums: BTreeMap<Key, Sums> = BTreeMap::new();
    for e in net.edges() {
        let key = (
            net.id(e.from).to_string(),
            net.id(e.to).to_string(),
            net.edge_kind_name(e.kind).to_string(),
        );
        let s = sums.entry(key).or_insert((0, 0.0, 0.0, e.recovery));
        s.0 += 1;
        s.1 += e.amount;
        s.2 += e.exposure();
    }
    sums.into_iter()
        .map(|(k, (n, amount, exposure, first))| {
            // One edge keeps its own recovery exactly; parallel ones the weighted mean.
            let recovery = if n == 1 || amount <= 0.0 {
                first
            } else {
                1.0 - exposure / amount
            };
            let entry = EdgeEntry {
                from: k.0.clone(),
                to: k.1.clone(),
                kind: k.2.clone(),
                edges: n,
                amount,
                recovery,
            };
            (k, entry)
        })
        .collect()
}

/// Count and amount per edge kind in each graph, every kind of either, by name.
fn kind_totals(a: &Network, b: &Network) -> Vec<KindTotals> {
    let mut by: BTreeMap<String, KindTotals> = BTreeMap::new();
    for (net, is_a) in [(a, true), (b, false)] {
        for e in net.edges() {
            let name = net.edge_kind_name(e.kind).to_string();
            let t = by.entry(name.clone()).or_insert(KindTotals {
                kind: name,
                count_a: 0,
                amount_a: 0.0,
                count_b: 0,
                amount_b: 0.0,
            });
            if is_a {
                t.count_a += 1;
                t.amount_a += e.amount;
            } else {
                t.count_b += 1;
                t.amount_b += e.amount;
            }
        }
    }
    by.into_values().collect()
}

/// Runs the shock on `id` in both graphs, or says why not.
fn shock_side(
    a: &Network,
    name_a: &str,
    b: &Network,
    name_b: &str,
    id: &str,
    opts: &DiffOptions,
) -> Result<ShockSide> {
    let missing: Vec<&str> = [(a, name_a), (b, name_b)]
        .iter()
        .filter(|(net, _)| net.index_of(id).is_none())
        .map(|(_, name)| *name)
        .collect();
    if !missing.is_empty() {
        return Ok(ShockSide {
            node: id.to_string(),
            a: None,
            b: None,
            note: Some(format!(
                "`{id}` is not a node of {}: not shocked",
                missing.join(" nor of ")
            )),
        });
    }
    Ok(ShockSide {
        node: id.to_string(),
        a: Some(column(a, id, opts)?),
        b: Some(column(b, id, opts)?),
        note: None,
    })
}

/// `graph shock --node id --haircut H --model M` on `net`, as a column of the comparison.
fn column(net: &Network, id: &str, opts: &DiffOptions) -> Result<ShockColumn> {
    let node = net.node(id)?;
    let r = shock::run(
        net,
        opts.model,
        &[Shock::new(node, opts.haircut)],
        &opts.params,
    )?;
    let t = r.totals(net);
    let top = r
        .order(net)
        .into_iter()
        .filter(|&i| r.loss[i] > 0.0)
        .take(TOP_LOSSES)
        .map(|i| NodeLoss {
            id: net.id(i).to_string(),
            loss: r.loss[i],
            distress: r.distress[i],
            state: r.state[i],
        })
        .collect();
    Ok(ShockColumn {
        total_loss: t.total_loss,
        impact: t.impact,
        value_lost: t.value_lost,
        distressed: t.distressed,
        defaulted: t.defaulted,
        depth: t.depth,
        iterations: t.iterations,
        top,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::json::parse;

    fn net(nodes: &str, edges: &str) -> Network {
        parse(&format!(r#"{{"nodes":[{nodes}],"edges":[{edges}]}}"#), "t").unwrap()
    }

    fn no_shock() -> DiffOptions {
        DiffOptions {
            nodes: vec![],
            haircut: Haircut::new(0.5).unwrap(),
            model: Model::DebtRank,
            params: Params::default(),
        }
    }

    #[test]
    fn parallel_edges_sum_and_weigh_their_recovery_by_amount() {
        let g = net(
            r#"{"id":"a","buffer":1},{"id":"b","buffer":1}"#,
            r#"{"from":"a","to":"b","amount":30,"recovery":0.5},{"from":"a","to":"b","amount":10}"#,
        );
        let k = edge_keys(&g);
        let e = &k[&("a".into(), "b".into(), "debt".into())];
        assert_eq!((e.edges, e.amount), (2, 40.0));
        assert!((e.recovery - 15.0 / 40.0).abs() < 1e-15);
    }

    #[test]
    fn relative_change_is_null_when_old_is_zero_or_absent() {
        let c = FieldChange::new(
            "x".into(),
            "buffer",
            Some(Figure::Number(0.0)),
            Some(Figure::Number(3.0)),
        );
        assert_eq!((c.change, c.relative), (Some(3.0), None));
        let c = FieldChange::new("x".into(), "buffer", None, Some(Figure::Number(3.0)));
        assert_eq!((c.change, c.relative), (None, None));
        let c = FieldChange::new(
            "x".into(),
            "value",
            Some(Figure::Number(-4.0)),
            Some(Figure::Number(-2.0)),
        );
        assert_eq!((c.change, c.relative), (Some(2.0), Some(0.5)));
    }

    #[test]
    fn edges_that_differ_only_in_kind_are_two_keys() {
        let nodes = r#"{"id":"a","buffer":1},{"id":"b","buffer":1}"#;
        let a = net(nodes, r#"{"from":"a","to":"b","kind":"debt","amount":5}"#);
        let b = net(
            nodes,
            r#"{"from":"a","to":"b","kind":"revenue","amount":5}"#,
        );
        let d = diff(&a, "A", &b, "B", &no_shock()).unwrap();
        assert_eq!(d.edges_added[0].key(), "a:b:revenue");
        assert_eq!(d.edges_removed[0].key(), "a:b:debt");
        assert!(d.edge_changes.is_empty() && d.node_changes.is_empty());
        assert!(!d.is_empty() && d.shocks.is_empty() && d.warnings.is_empty());
    }
}
