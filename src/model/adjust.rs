//! The two bases (`docs/model.md` 5.1) and sensitivity without editing files (5.6): a copy of a
//! network with nodes or edges dropped, figures overridden and the market basis applied.
//!
//! [`Network::adjusted`] applies an [`Adjustments`] value in a fixed order:
//! 1. **Drops**: `drop` removes nodes and every edge at them, `drop_edge` removes the edges a
//!    selector `FROM:TO[:KIND]` names, and `min_status` keeps only the edges with at least one
//!    source of that status or stronger (firm > reported > estimate > assumption); an edge
//!    without sources is dropped.
//! 2. **Overrides** on what is left: `recovery` (per edge kind, or `all`; a kind's own figure
//!    wins over `all`), then `buffer` and `value` per node. An overridden figure is exact: its
//!    `low`/`high` bounds are removed, so uncertainty sampling leaves it alone.
//! 3. **Basis** (convention 1 of `tests/reference/stall/README.md`): under [`Basis::Market`]
//!    every node's buffer becomes its value (which defaults to its buffer; a node with neither
//!    keeps none) and every `equity` edge's amount becomes its `market_value` (else `amount`).
//!    Nothing else changes: obligation edges, external assets and liabilities, and `value`
//!    itself. A node's buffer bounds become its value bounds, and an equity edge's bounds are
//!    scaled with its amount. So `--value X=V --basis market` gives X the buffer V, while
//!    `--buffer X=B --basis market` is refused for a node with a `value` (the basis would
//!    replace the override).
//!
//! The copy remembers what was applied ([`Network::adjustments`]) so that every result can
//! record its basis and overrides.

use std::fmt;

use super::index::{EdgeId, NodeId};
use super::meta::{EdgeMeta, FigureBounds, NodeMeta, Status};
use super::network::{nearest, Network, NodeFigures};
use super::NetworkBuilder;
use crate::error::{Error, Param, Problem, Result};

/// Which figures measure loss-absorbing capacity and equity stakes (`docs/model.md` 5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Basis {
    /// Book: nodes' `buffer`, equity stakes at their carrying `amount` (the default).
    #[default]
    Book,
    /// Market: every buffer := `value`, equity stakes at `market_value` (else `amount`).
    Market,
}

impl Basis {
    /// Both bases.
    pub const ALL: [Basis; 2] = [Basis::Book, Basis::Market];

    /// The name as written in files and on the command line (`book`, `market`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Basis::Book => "book",
            Basis::Market => "market",
        }
    }

    /// The basis called `name`, if any.
    #[must_use]
    pub fn parse(name: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.name() == name)
    }

    /// One line on the basis.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Basis::Book => "book value: nodes' buffers, equity stakes at their carrying amount",
            Basis::Market => "market value: every buffer := the node's value, equity stakes at their market_value",
        }
    }
}

/// Edges named `FROM:TO[:KIND]`: every edge written from `from` to `to` (all kinds, parallel
/// edges included), or only those of `kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeSelector {
    /// The `from` node as written in the file.
    pub from: String,
    /// The `to` node as written in the file.
    pub to: String,
    /// The edge kind, if only that kind is meant.
    pub kind: Option<String>,
}

impl fmt::Display for EdgeSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.from, self.to)?;
        if let Some(k) = &self.kind {
            write!(f, ":{k}")?;
        }
        Ok(())
    }
}

/// What [`Network::adjusted`] applies: a basis and the sensitivity overrides of
/// `docs/model.md` 5.6, in the order documented in this module.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adjustments {
    /// The basis (default book).
    pub basis: Basis,
    /// Recovery overrides `(kind, R)`; the kind `all` means every edge.
    pub recovery: Vec<(String, f64)>,
    /// Buffer overrides `(node, B)`.
    pub buffer: Vec<(String, f64)>,
    /// Value overrides `(node, V)`.
    pub value: Vec<(String, f64)>,
    /// Nodes dropped with their edges.
    pub drop: Vec<String>,
    /// Edges dropped.
    pub drop_edge: Vec<EdgeSelector>,
    /// Keep only edges with a source of this status or stronger.
    pub min_status: Option<Status>,
}

impl Adjustments {
    /// True when some override (anything but the basis) is given.
    #[must_use]
    pub fn has_overrides(&self) -> bool {
        !(self.recovery.is_empty()
            && self.buffer.is_empty()
            && self.value.is_empty()
            && self.drop.is_empty()
            && self.drop_edge.is_empty()
            && self.min_status.is_none())
    }

    /// True when applying them changes nothing (book basis, no override).
    #[must_use]
    pub fn is_identity(&self) -> bool {
        self.basis == Basis::Book && !self.has_overrides()
    }
}

/// What an adjusted network records: the adjustments and how many nodes and edges they
/// dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// The adjustments applied.
    pub adjustments: Adjustments,
    /// Nodes dropped (`drop`).
    pub nodes_dropped: usize,
    /// Edges dropped (at dropped nodes, by `drop_edge`, by `min_status`).
    pub edges_dropped: usize,
}

/// "did you mean" for `id` among `candidates`, or the fallback.
fn did_you_mean<'a>(candidates: impl Iterator<Item = &'a str>, id: &str, fallback: &str) -> String {
    let near = nearest(candidates, id, 3);
    if near.is_empty() {
        fallback.to_string()
    } else {
        format!(
            "did you mean {}?",
            near.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

const NODE_LIST_HINT: &str = "the graph's node ids are listed by `graph info`";

impl Network {
    /// What [`Network::adjusted`] applied to make this network (book basis and nothing else
    /// for a network read from a file).
    pub fn adjustments(&self) -> &Adjustments {
        static NONE: std::sync::OnceLock<Adjustments> = std::sync::OnceLock::new();
        self.applied.as_ref().map_or_else(
            || NONE.get_or_init(Adjustments::default),
            |a| &a.adjustments,
        )
    }

    /// The adjustments with the counts of dropped nodes and edges, if any were applied.
    pub fn applied(&self) -> Option<&Applied> {
        self.applied.as_deref()
    }

    fn node_arg(&self, param: Param, id: &str, what: &str) -> Result<NodeId> {
        self.index_of(id).ok_or_else(|| {
            Error::param(
                param,
                format!("{what}: the graph has no node `{id}`"),
                Some(&did_you_mean(self.ids.iter(), id, NODE_LIST_HINT)),
            )
        })
    }

    /// The edges a selector names (at least one).
    fn select_edges(&self, s: &EdgeSelector) -> Result<Vec<usize>> {
        let what = format!("`{s}`");
        let from = self.node_arg(Param::DropEdge, &s.from, &what)?;
        let to = self.node_arg(Param::DropEdge, &s.to, &what)?;
        let kind = match &s.kind {
            None => None,
            Some(k) => Some(self.kinds.edge(k).ok_or_else(|| {
                Error::param(
                    Param::DropEdge,
                    format!("{what}: `{k}` is not an edge kind of this graph"),
                    Some(&did_you_mean(
                        self.kinds.edge_names().into_iter(),
                        k,
                        &format!("one of: {}", self.kinds.edge_names().join(", ")),
                    )),
                )
            })?),
        };
        let found: Vec<usize> = self
            .edges()
            .filter(|e| e.from == from && e.to == to && kind.is_none_or(|k| e.kind == k))
            .map(|e| e.index.index())
            .collect();
        if found.is_empty() {
            return Err(Error::param(
                Param::DropEdge,
                format!("the graph has no edge {s}"),
                Some("FROM and TO as written in the file (from owes, pays or invests in to); `graph info` lists the largest edges"),
            ));
        }
        Ok(found)
    }

    /// The recovery of every edge kind after the overrides (`None`: keep each edge's own).
    fn recovery_overrides(&self, adj: &Adjustments) -> Result<Vec<Option<f64>>> {
        let mut all = None;
        let mut per_kind = vec![None; self.kinds.edges.len()];
        for (k, r) in &adj.recovery {
            if !(r.is_finite() && (0.0..=1.0).contains(r)) {
                return Err(Error::param(
                    Param::Recovery,
                    format!("`{k}={r}`: a recovery must be in [0, 1]"),
                    Some("recovery is the share of a claim kept when the obligor fails, e.g. 0.4"),
                ));
            }
            let slot = if k == "all" {
                &mut all
            } else {
                let i = self.kinds.edge(k).ok_or_else(|| {
                    Error::param(
                        Param::Recovery,
                        format!("`{k}={r}`: `{k}` is not an edge kind of this graph"),
                        Some(&did_you_mean(
                            self.kinds.edge_names().into_iter().chain(["all"]),
                            k,
                            &format!("one of: all, {}", self.kinds.edge_names().join(", ")),
                        )),
                    )
                })?;
                &mut per_kind[i.index()]
            };
            if slot.replace(*r).is_some() {
                return Err(Error::param(
                    Param::Recovery,
                    format!("`{k}` is given twice"),
                    Some("give each kind once"),
                ));
            }
        }
        Ok(per_kind.into_iter().map(|r| r.or(all)).collect())
    }

    /// Per node, the figure override `(node, x)` of `list`, checked.
    fn figure_overrides(
        &self,
        param: Param,
        list: &[(String, f64)],
        dropped: &[bool],
    ) -> Result<Vec<Option<f64>>> {
        let mut out = vec![None; self.node_count()];
        for (id, x) in list {
            let what = format!("`{id}={x}`");
            let i = self.node_arg(param, id, &what)?;
            if !(x.is_finite() && *x >= 0.0) {
                return Err(Error::param(
                    param,
                    format!("{what}: the figure must be a finite number >= 0"),
                    None,
                ));
            }
            if dropped[i.index()] {
                return Err(Error::param(
                    param,
                    format!("{what}: node `{id}` is dropped"),
                    Some("leave out the override or the drop"),
                ));
            }
            if out[i.index()].replace(*x).is_some() {
                return Err(Error::param(
                    param,
                    format!("node `{id}` is given twice"),
                    Some("give each node once"),
                ));
            }
        }
        Ok(out)
    }

    /// Which nodes `adj.drop` removes.
    fn dropped_nodes(&self, adj: &Adjustments) -> Result<Vec<bool>> {
        let mut dropped = vec![false; self.node_count()];
        for id in &adj.drop {
            let i = self.node_arg(Param::Drop, id, &format!("`{id}`"))?;
            if std::mem::replace(&mut dropped[i.index()], true) {
                return Err(Error::param(
                    Param::Drop,
                    format!("node `{id}` is given twice"),
                    None,
                ));
            }
        }
        if dropped.iter().all(|&d| d) {
            return Err(Error::param(
                Param::Drop,
                "every node of the graph is dropped",
                Some("a graph needs at least one node"),
            ));
        }
        Ok(dropped)
    }

    /// Which edges the drops and `min_status` keep.
    fn kept_edges(&self, adj: &Adjustments, dropped: &[bool]) -> Result<Vec<bool>> {
        let mut keep: Vec<bool> = self
            .edges()
            .map(|e| !dropped[e.from.index()] && !dropped[e.to.index()])
            .collect();
        for s in &adj.drop_edge {
            for e in self.select_edges(s)? {
                keep[e] = false;
            }
        }
        if let Some(min) = adj.min_status {
            for (e, k) in keep.iter_mut().enumerate() {
                let sourced = self.edge_meta(e).is_some_and(|m| {
                    m.sources
                        .iter()
                        .any(|s| s.status.strength() >= min.strength())
                });
                *k &= sourced;
            }
        }
        Ok(keep)
    }

    /// A copy of the network with `adj` applied, in the order of this module's documentation
    /// (drops and `min_status`, then overrides, then the basis), built through
    /// [`NetworkBuilder`] so the copy is validated like any input. Terms (schedules, notice
    /// periods, market values, funding) and descriptive data are copied for what is kept.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming the adjustment for an unknown node (with "did you
    /// mean"), edge kind or edge, a figure out of its domain (negative buffer or value,
    /// recovery outside [0, 1]), an id given twice, an override of a dropped node, a buffer
    /// override the market basis would replace, every node dropped, or a network that is itself
    /// already adjusted.
    pub fn adjusted(&self, adj: &Adjustments) -> Result<Network> {
        if self.applied.is_some() {
            return Err(Error::param(
                Param::Drop,
                "the network is already adjusted",
                Some("apply every adjustment in one call, to the network as read"),
            ));
        }
        let dropped = self.dropped_nodes(adj)?;
        let keep = self.kept_edges(adj, &dropped)?;
        let recovery = self.recovery_overrides(adj)?;
        let buffer = self.figure_overrides(Param::Buffer, &adj.buffer, &dropped)?;
        let value = self.figure_overrides(Param::Value, &adj.value, &dropped)?;
        let market = adj.basis == Basis::Market;
        if market {
            self.check_market_buffers(adj, &value)?;
        }
        let kept_nodes = dropped.iter().filter(|&&d| !d).count();
        let kept_edges = keep.iter().filter(|&&k| k).count();
        let mut b = NetworkBuilder::new(
            self.meta.clone(),
            self.kinds.clone(),
            kept_nodes,
            kept_edges,
        );
        let mut new_id: Vec<Option<NodeId>> = vec![None; self.node_count()];
        for i in (0..self.node_count()).filter(|&i| !dropped[i]) {
            let (f, meta) = self.adjusted_node(i, buffer[i], value[i], market);
            let n = b
                .add_node(self.id(i), self.node_kind[i], f, meta)
                .map_err(|r| rebuilt(self.id(i), r))?;
            if let Some(fu) = self.funding(i) {
                b.set_funding(n, fu.clone())
                    .map_err(|r| rebuilt(self.id(i), r))?;
            }
            new_id[i] = Some(n);
        }
        for e in self.edges().filter(|e| keep[e.index.index()]) {
            let at = format!("{}:{}", self.id(e.from), self.id(e.to));
            let (amount, meta) = self.adjusted_edge(e.index, market);
            let r = recovery[e.kind.index()].unwrap_or(e.recovery);
            let (from, to) = (new_id[e.from.index()], new_id[e.to.index()]);
            let (Some(from), Some(to)) = (from, to) else {
                return Err(rebuilt(
                    &at,
                    super::Refusal::new("an edge at a dropped node", None),
                ));
            };
            let n = b
                .add_edge(from, to, e.kind, amount, r, meta)
                .map_err(|x| rebuilt(&at, x))?;
            self.copy_edge_terms(&mut b, e.index, n)
                .map_err(|x| rebuilt(&at, x))?;
        }
        let mut net = b.finish().map_err(|r| rebuilt("graph", r))?;
        net.applied = Some(Box::new(Applied {
            adjustments: adj.clone(),
            nodes_dropped: self.node_count() - kept_nodes,
            edges_dropped: self.edge_count() - kept_edges,
        }));
        Ok(net)
    }

    /// Refuses a buffer override that the market basis would replace by the node's value.
    fn check_market_buffers(&self, adj: &Adjustments, value: &[Option<f64>]) -> Result<()> {
        for (id, b) in &adj.buffer {
            let i = self
                .node_arg(Param::Buffer, id, &format!("`{id}={b}`"))?
                .index();
            if let Some(v) = value[i].or(self.value[i]) {
                return Err(Error::param(
                    Param::Buffer,
                    format!("`{id}={b}` has no effect on the market basis, where `{id}`'s buffer is its value ({v})"),
                    Some("override the value instead, or use the book basis"),
                ));
            }
        }
        Ok(())
    }

    /// Node `i`'s figures and descriptive data after the overrides and the basis.
    fn adjusted_node(
        &self,
        i: usize,
        buffer: Option<f64>,
        value: Option<f64>,
        market: bool,
    ) -> (NodeFigures, Option<NodeMeta>) {
        let mut f = self.figures(i);
        let mut meta = self.node_meta(i).cloned();
        let clear = |m: &mut Option<NodeMeta>, set: fn(&mut FigureBounds)| {
            if let Some(m) = m {
                for b in [m.low.as_mut(), m.high.as_mut()].into_iter().flatten() {
                    set(b);
                }
            }
        };
        if buffer.is_some() {
            f.buffer = buffer;
            clear(&mut meta, |b| b.buffer = None);
        }
        if value.is_some() {
            f.value = value;
            clear(&mut meta, |b| b.value = None);
        }
        if market {
            if f.value.is_some() {
                clear(&mut meta, |b| b.buffer = b.value);
            }
            f.buffer = f.value.or(f.buffer);
        }
        (f, meta)
    }

    /// Edge `e`'s amount and descriptive data under the basis.
    fn adjusted_edge(&self, e: EdgeId, market: bool) -> (f64, Option<EdgeMeta>) {
        let edge = self.edge(e);
        let mut meta = self.edge_meta(e).cloned();
        let mark = self.market_value(e).filter(|_| market);
        match mark {
            Some(mv) if self.kinds.is_equity(edge.kind) => {
                let k = mv / edge.amount;
                if let Some(m) = &mut meta {
                    m.low = m.low.map(|x| x * k);
                    m.high = m.high.map(|x| x * k);
                }
                (mv, meta)
            }
            _ => (edge.amount, meta),
        }
    }

    /// Copies old edge `old`'s schedule, notice period and market value to new edge `new`.
    fn copy_edge_terms(
        &self,
        b: &mut NetworkBuilder,
        old: EdgeId,
        new: EdgeId,
    ) -> std::result::Result<(), super::Refusal> {
        if let Some(s) = self.schedule(old) {
            b.set_schedule(new, &s.spec())?;
        }
        if let Some(n) = self.notice_months(old) {
            b.set_notice_months(new, n)?;
        }
        if let Some(v) = self.market_value(old) {
            b.set_market_value(new, v)?;
        }
        Ok(())
    }
}

/// A refusal of the builder while rebuilding (not expected: the figures were checked).
fn rebuilt(at: &str, r: super::Refusal) -> Error {
    Error::InvalidInput {
        file: "<adjusted graph>".into(),
        problems: vec![Problem::new(at, r.message, r.hint)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::json;

    fn net() -> Network {
        json::parse(
            r#"{"nodes": [
                {"id": "p", "kind": "ai_lab", "buffer": 10, "value": 100,
                 "low": {"buffer": 5, "value": 80}, "high": {"buffer": 20, "value": 120}},
                {"id": "q", "kind": "investor", "buffer": 20, "value": 50},
                {"id": "r", "kind": "cloud", "buffer": 40},
                {"id": "u", "kind": "lender"}],
              "edges": [
                {"from": "q", "to": "p", "kind": "equity", "amount": 8, "market_value": 100,
                 "low": 4, "high": 16,
                 "sources": [{"title": "t", "date": "2026", "status": "estimate"}]},
                {"from": "p", "to": "r", "kind": "compute_commitment", "amount": 20,
                 "schedule": {"2027": 5, "2028": 15}, "notice_months": 6,
                 "sources": [{"title": "t", "date": "2026", "status": "firm"}]},
                {"from": "q", "to": "u", "kind": "debt", "amount": 30, "recovery": 0.5}]}"#,
            "t",
        )
        .unwrap()
    }

    #[test]
    fn market_basis_is_convention_1() {
        let n = net();
        let m = n
            .adjusted(&Adjustments {
                basis: Basis::Market,
                ..Adjustments::default()
            })
            .unwrap();
        let b: Vec<_> = m.nodes().map(|i| m.buffer(i)).collect();
        assert_eq!(b, [Some(100.0), Some(50.0), Some(40.0), None]);
        assert_eq!(m.value_given(0usize), Some(100.0));
        let a: Vec<f64> = m.edges().map(|e| e.amount).collect();
        assert_eq!(a, [100.0, 20.0, 30.0]);
        assert_eq!(m.edge_meta(0usize).unwrap().low, Some(50.0));
        let low = m.node_meta(0usize).unwrap().low.clone().unwrap();
        assert_eq!(low.buffer, Some(80.0));
        assert_eq!(m.schedule(1usize).unwrap().due(2028), 15.0);
        assert_eq!(m.notice_months(1usize), Some(6.0));
        assert_eq!(m.adjustments().basis, Basis::Market);
        // An overridden figure is exact: its range is gone.
        let o = n
            .adjusted(&Adjustments {
                buffer: vec![("p".into(), 7.0)],
                ..Adjustments::default()
            })
            .unwrap();
        let m0 = o.node_meta(0usize).unwrap();
        assert_eq!(m0.low.as_ref().unwrap().buffer, None);
        assert_eq!(m0.high.as_ref().unwrap().value, Some(120.0));
        assert!(o.unknown("zz").to_string().contains("unknown node"));
        assert_eq!(n.adjustments().basis, Basis::Book);
        assert!(m.adjusted(&Adjustments::default()).is_err());
    }

    #[test]
    fn drops_then_overrides_then_basis() {
        let n = net();
        let adj = Adjustments {
            basis: Basis::Market,
            recovery: vec![("all".into(), 0.2), ("debt".into(), 0.4)],
            value: vec![("p".into(), 60.0)],
            buffer: vec![("r".into(), 7.0)],
            min_status: Some(Status::Estimate),
            ..Adjustments::default()
        };
        let m = n.adjusted(&adj).unwrap();
        // The debt edge has no sources: dropped by min_status.
        assert_eq!(m.edge_count(), 2);
        assert_eq!(m.buffer(0usize), Some(60.0));
        assert_eq!(m.buffer(2usize), Some(7.0));
        assert!(m.edges().all(|e| e.recovery == 0.2));
        assert_eq!(m.applied().unwrap().edges_dropped, 1);
        let firm = n
            .adjusted(&Adjustments {
                min_status: Some(Status::Firm),
                drop: vec!["r".into()],
                ..Adjustments::default()
            })
            .unwrap();
        assert_eq!((firm.node_count(), firm.edge_count()), (3, 0));
    }

    #[test]
    fn refusals_name_the_adjustment() {
        let n = net();
        let err = |adj: Adjustments| n.adjusted(&adj).unwrap_err().to_string();
        let e = err(Adjustments {
            buffer: vec![("pp".into(), 1.0)],
            ..Adjustments::default()
        });
        assert!(
            e.contains("invalid buffer") && e.contains("did you mean `p`"),
            "{e}"
        );
        let e = err(Adjustments {
            recovery: vec![("dept".into(), 0.5)],
            ..Adjustments::default()
        });
        assert!(e.contains("did you mean `debt`"), "{e}");
        let e = err(Adjustments {
            recovery: vec![("debt".into(), 1.5)],
            ..Adjustments::default()
        });
        assert!(e.contains("[0, 1]"), "{e}");
        let e = err(Adjustments {
            buffer: vec![("p".into(), -1.0)],
            ..Adjustments::default()
        });
        assert!(e.contains(">= 0"), "{e}");
        let e = err(Adjustments {
            drop_edge: vec![EdgeSelector {
                from: "p".into(),
                to: "q".into(),
                kind: None,
            }],
            ..Adjustments::default()
        });
        assert!(e.contains("no edge p:q"), "{e}");
        let e = err(Adjustments {
            drop: vec!["p".into(), "q".into(), "r".into(), "u".into()],
            ..Adjustments::default()
        });
        assert!(e.contains("every node"), "{e}");
        let e = err(Adjustments {
            basis: Basis::Market,
            buffer: vec![("q".into(), 1.0)],
            ..Adjustments::default()
        });
        assert!(e.contains("no effect on the market basis"), "{e}");
        let e = err(Adjustments {
            drop: vec!["p".into()],
            value: vec![("p".into(), 1.0)],
            ..Adjustments::default()
        });
        assert!(e.contains("dropped"), "{e}");
    }
}
