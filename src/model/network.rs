//! The validated network: columnar node and edge arrays plus CSR views.
//!
//! [`NetworkBuilder`] (in `builder.rs`) builds it; the ids and their index are in `ids.rs`.

use std::sync::OnceLock;

use super::csr::Csr;
use super::ids::{IdArena, IdIndex};
use super::index::{EdgeId, EdgeIx, EdgeKindId, NodeId, NodeIx};
use super::kinds::{Exposed, Kinds};
use super::meta::{EdgeMeta, GraphMeta, NodeMeta};
use super::terms::Terms;
use crate::error::{Error, Result};

pub use super::builder::{NetworkBuilder, Refusal};
pub use super::ids::{valid_id, MAX_ID_LEN};
pub(crate) use super::ids::{IdKey, IdLookup};

/// Numeric figures of a node as given in the input (before defaults).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NodeFigures {
    /// Loss-absorbing capacity, if given.
    pub buffer: Option<f64>,
    /// Assets outside the graph (default 0).
    pub external_assets: Option<f64>,
    /// Liabilities to creditors outside the graph (default 0).
    pub external_liabilities: Option<f64>,
    /// Economic weight for impact (default: buffer).
    pub value: Option<f64>,
}

/// One edge as stored, by index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeRef {
    /// Position of the edge in the input.
    pub index: EdgeId,
    /// The `from` node.
    pub from: NodeId,
    /// The `to` node.
    pub to: NodeId,
    /// The edge kind, an index into [`Kinds::edges`].
    pub kind: EdgeKindId,
    /// Amount, > 0.
    pub amount: f64,
    /// Recovery rate in [0, 1].
    pub recovery: f64,
}

impl EdgeRef {
    /// `amount * (1 - recovery)`: what the exposed end loses if the obligor fails fully.
    #[inline]
    pub fn exposure(&self) -> f64 {
        self.amount * (1.0 - self.recovery)
    }
}

/// A validated, weighted, directed, typed graph of commitments and dependencies.
///
/// Nodes are indexed `0..node_count()` (`u32`) in input order; edges likewise. Numeric data live
/// in flat columns (about 26 bytes per edge and 40 bytes per node plus the id text), descriptive
/// data (labels, sources, notes) in sparse side tables, so a graph of 1M nodes / 10M edges fits
/// in a few hundred MB.
///
/// Two CSR views serve the algorithms:
/// - [`Network::distress`]: edges obligor -> exposed end weighted by exposure
///   (`amount * (1 - recovery)`), the direction in which losses travel (`docs/model.md#exposure-and-the-distress-graph`);
/// - [`Network::written`]: edges `from -> to` as written, weighted by amount, for centralities.
///
/// Parallel edges are merged in both views (weights summed).
#[derive(Debug)]
pub struct Network {
    pub(crate) meta: GraphMeta,
    pub(crate) kinds: Kinds,
    pub(crate) ids: IdArena,
    pub(crate) index: IdIndex,
    pub(crate) node_kind: Vec<u16>,
    pub(crate) buffer: Vec<Option<f64>>,
    pub(crate) external_assets: Vec<f64>,
    pub(crate) external_liabilities: Vec<f64>,
    pub(crate) value: Vec<Option<f64>>,
    pub(crate) node_meta: Vec<Option<Box<NodeMeta>>>,
    pub(crate) given: Vec<u8>,
    pub(crate) edge_from: Vec<u32>,
    pub(crate) edge_to: Vec<u32>,
    pub(crate) edge_kind: Vec<u16>,
    pub(crate) amount: Vec<f64>,
    /// Empty when every recovery is 0, else one per edge.
    pub(crate) recovery: Vec<f64>,
    pub(crate) edge_meta: hashbrown::HashMap<u32, Box<EdgeMeta>>,
    /// Schedules, notice periods, market values and funding (empty for most graphs).
    pub(crate) terms: Terms,
    /// What [`Network::adjusted`] applied (none for a network as read).
    pub(crate) applied: Option<Box<super::adjust::Applied>>,
    pub(crate) distress: Csr,
    pub(crate) distress_in: OnceLock<Csr>,
    pub(crate) written: OnceLock<Csr>,
    pub(crate) written_in: OnceLock<Csr>,
    pub(crate) impact: OnceLock<super::impact::Impact>,
    pub(crate) obligations: OnceLock<super::obligations::Obligations>,
}

/// Bits of [`Network::given`]: which optional node figures the input gave.
pub(crate) const GIVEN_EA: u8 = 1;
pub(crate) const GIVEN_EL: u8 = 2;

impl Network {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.ids.len()
    }

    /// Number of edges as given (parallel edges counted separately).
    pub fn edge_count(&self) -> usize {
        self.amount.len()
    }

    /// Graph-level metadata.
    pub fn meta(&self) -> &GraphMeta {
        &self.meta
    }

    /// The kinds table.
    pub fn kinds(&self) -> &Kinds {
        &self.kinds
    }

    /// Id of node `i`.
    #[inline]
    pub fn id(&self, i: impl NodeIx) -> &str {
        let i = i.ix();
        self.ids.get(i)
    }

    /// The node `id`, if the graph has it.
    pub fn index_of(&self, id: &str) -> Option<NodeId> {
        self.index.get(&self.ids, id).map(NodeId::from_raw)
    }

    /// The node `id`, or [`Error::UnknownNode`] with the nearest known ids.
    ///
    /// # Errors
    /// [`Error::UnknownNode`] when the graph has no node `id`.
    pub fn node(&self, id: &str) -> Result<NodeId> {
        self.index_of(id).ok_or_else(|| self.unknown(id))
    }

    /// The error for an id the graph does not have, with "did you mean" suggestions (or, for a
    /// node [`Network::adjusted`] dropped, an error saying so).
    #[must_use]
    pub fn unknown(&self, id: &str) -> Error {
        if self.adjustments().drop.iter().any(|d| d == id) {
            return Error::param(
                crate::error::Param::Drop,
                format!("node `{id}` is dropped, so it cannot be named here"),
                Some("leave out the drop, or name another node"),
            );
        }
        Error::unknown_node(
            id,
            self.nearest_ids(id, 3)
                .into_iter()
                .map(String::from)
                .collect(),
        )
    }

    /// All nodes, in index order.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = NodeId> {
        (0..self.node_count()).map(NodeId::new)
    }

    /// Up to `k` known ids closest to `id` (edit distance), for "did you mean" hints.
    pub fn nearest_ids(&self, id: &str, k: usize) -> Vec<&str> {
        nearest(self.ids.iter(), id, k)
    }

    /// Display label of node `i` (the id when none is given).
    pub fn label(&self, i: impl NodeIx) -> &str {
        let i = i.ix();
        self.node_meta[i]
            .as_ref()
            .and_then(|m| m.label.as_deref())
            .unwrap_or(self.ids.get(i))
    }

    /// Kind name of node `i`.
    pub fn node_kind(&self, i: impl NodeIx) -> &str {
        let i = i.ix();
        &self.kinds.nodes[self.node_kind[i] as usize].name
    }

    /// Kind index of node `i`.
    pub fn node_kind_index(&self, i: impl NodeIx) -> u16 {
        let i = i.ix();
        self.node_kind[i]
    }

    /// Buffer of node `i`, if given.
    #[inline]
    pub fn buffer(&self, i: impl NodeIx) -> Option<f64> {
        let i = i.ix();
        self.buffer[i]
    }

    /// External assets of node `i` (0 when not given).
    #[inline]
    pub fn external_assets(&self, i: impl NodeIx) -> f64 {
        let i = i.ix();
        self.external_assets[i]
    }

    /// External liabilities of node `i` (0 when not given).
    #[inline]
    pub fn external_liabilities(&self, i: impl NodeIx) -> f64 {
        let i = i.ix();
        self.external_liabilities[i]
    }

    /// Whether the input gave `external_assets` for node `i`.
    pub fn has_external_assets(&self, i: impl NodeIx) -> bool {
        let i = i.ix();
        self.given[i] & GIVEN_EA != 0
    }

    /// `value` of node `i` as given, if any.
    pub fn value_given(&self, i: impl NodeIx) -> Option<f64> {
        let i = i.ix();
        self.value[i]
    }

    /// Economic weight of node `i`: `value`, else `buffer`, else 0.
    #[inline]
    pub fn value(&self, i: impl NodeIx) -> f64 {
        let i = i.ix();
        self.value[i].or(self.buffer[i]).unwrap_or(0.0)
    }

    /// Descriptive data of node `i`, if any.
    pub fn node_meta(&self, i: impl NodeIx) -> Option<&NodeMeta> {
        let i = i.ix();
        self.node_meta[i].as_deref()
    }

    /// The input figures of node `i`.
    pub fn figures(&self, i: impl NodeIx) -> NodeFigures {
        let i = i.ix();
        NodeFigures {
            buffer: self.buffer[i],
            external_assets: (self.given[i] & GIVEN_EA != 0).then_some(self.external_assets[i]),
            external_liabilities: (self.given[i] & GIVEN_EL != 0)
                .then_some(self.external_liabilities[i]),
            value: self.value[i],
        }
    }

    /// Edge `e`.
    #[inline]
    pub fn edge(&self, e: impl EdgeIx) -> EdgeRef {
        let e = e.ix();
        EdgeRef {
            index: EdgeId::new(e),
            from: NodeId::from_raw(self.edge_from[e]),
            to: NodeId::from_raw(self.edge_to[e]),
            kind: EdgeKindId::from_raw(self.edge_kind[e]),
            amount: self.amount[e],
            recovery: if self.recovery.is_empty() {
                0.0
            } else {
                self.recovery[e]
            },
        }
    }

    /// All edges in input order.
    pub fn edges(&self) -> impl ExactSizeIterator<Item = EdgeRef> + '_ {
        (0..self.edge_count()).map(|e| self.edge(e))
    }

    /// Kind name of an edge kind index.
    pub fn edge_kind_name(&self, kind: EdgeKindId) -> &str {
        &self.kinds.edges[kind.index()].name
    }

    /// Descriptive data of edge `e`, if any.
    pub fn edge_meta(&self, e: impl EdgeIx) -> Option<&EdgeMeta> {
        self.edge_meta.get(&(e.ix() as u32)).map(|b| &**b)
    }

    /// The exposed end and the obligor of edge `e`: `(obligor, exposed)`.
    #[inline]
    pub fn distress_pair(&self, e: &EdgeRef) -> (NodeId, NodeId) {
        match self.kinds.edges[e.kind.index()].exposed {
            Exposed::To => (e.from, e.to),
            Exposed::From => (e.to, e.from),
        }
    }

    /// Distress graph: row `j` lists the nodes exposed to obligor `j` with the summed exposure.
    pub fn distress(&self) -> &Csr {
        &self.distress
    }

    /// The distress graph transposed: row `i` lists the obligors `i` is exposed to, with the
    /// summed exposure. Built on first use (by the pull rounds of DebtRank).
    pub fn distress_in(&self) -> &Csr {
        self.distress_in.get_or_init(|| self.distress.transpose())
    }

    /// The impact matrix of the DebtRank-style models, `Lambda_ij = exposure(j -> i) /
    /// buffer_i`, laid out by exposed node (the rows the pull rounds read), built on first use.
    pub fn impact(&self) -> &super::impact::Impact {
        self.impact.get_or_init(|| super::impact::Impact::new(self))
    }

    /// The impact matrix if a pull round already built it.
    pub fn impact_if_built(&self) -> Option<&super::impact::Impact> {
        self.impact.get()
    }

    /// The obligation structure of Eisenberg–Noe clearing (obligations by obligor, what each
    /// node owes and is owed, its equity before a shock), built on first use.
    pub fn obligations(&self) -> &super::obligations::Obligations {
        self.obligations
            .get_or_init(|| super::obligations::Obligations::new(self))
    }

    /// The graph as written (`from -> to`, weight = summed amount), built on first use.
    pub fn written(&self) -> &Csr {
        self.written.get_or_init(|| {
            Csr::from_triples_par(self.node_count(), self.edge_count(), |e| {
                (self.edge_from[e], self.edge_to[e], self.amount[e])
            })
        })
    }

    /// The graph as written, transposed (row `i`: the nodes with an edge into `i`), built on
    /// first use.
    pub fn written_in(&self) -> &Csr {
        self.written_in.get_or_init(|| self.written().transpose())
    }

    /// Approximate heap memory of the numeric arrays and CSR views, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.index.heap_bytes()
            + self.node_kind.capacity() * 2
            + (self.buffer.capacity() + self.value.capacity()) * 16
            + (self.external_assets.capacity() + self.external_liabilities.capacity()) * 8
            + self.node_meta.capacity() * 8
            + self.given.capacity()
            + (self.edge_from.capacity() + self.edge_to.capacity()) * 4
            + self.edge_kind.capacity() * 2
            + (self.amount.capacity() + self.recovery.capacity()) * 8
            + self.terms.heap_bytes()
            + self.distress.heap_bytes()
            + self.written.get().map_or(0, Csr::heap_bytes)
            + self.written_in.get().map_or(0, Csr::heap_bytes)
            + self.distress_in.get().map_or(0, Csr::heap_bytes)
            + self
                .impact
                .get()
                .map_or(0, super::impact::Impact::heap_bytes)
            + self
                .obligations
                .get()
                .map_or(0, super::obligations::Obligations::heap_bytes)
    }
}

/// Up to `k` candidates closest to `id`: ids containing it (or contained in it) first, then by
/// Damerau–Levenshtein distance, then alphabetically. Only reasonably close ids are returned.
///
/// Cost: an `id` longer than [`MAX_ID_LEN`] cannot name a node and gets no suggestion (a 200 KB
/// unknown id would otherwise cost a quadratic distance per candidate); a candidate whose
/// length in characters differs from `id`'s by more than the limit is passed over without
/// computing the distance, which is at least that difference (so the result is unchanged).
pub fn nearest<'a>(candidates: impl Iterator<Item = &'a str>, id: &str, k: usize) -> Vec<&'a str> {
    if id.len() > MAX_ID_LEN {
        return Vec::new();
    }
    let id_chars = id.chars().count();
    let mut scored: Vec<(u8, usize, &str)> = candidates
        .filter_map(|c| {
            let related = c.contains(id) || id.contains(c);
            let limit = (id.len().max(c.len()) / 3).max(2);
            if !related && c.chars().count().abs_diff(id_chars) > limit {
                return None;
            }
            let d = strsim::damerau_levenshtein(c, id);
            (d <= limit || related).then_some((u8::from(!related), d, c))
        })
        .collect();
    scored.sort_unstable();
    scored.truncate(k);
    scored.into_iter().map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Network {
        let kinds = Kinds::default();
        let eq = kinds.edge("equity").unwrap();
        let cc = kinds.edge("compute_commitment").unwrap();
        let mut b = NetworkBuilder::new(GraphMeta::default(), kinds, 3, 3);
        let f = NodeFigures {
            buffer: Some(10.0),
            ..Default::default()
        };
        let a = b.add_node("a", 0, f, None).unwrap();
        let c = b.add_node("c", 1, f, None).unwrap();
        let i = b.add_node("i", 3, f, None).unwrap();
        b.add_edge(a, c, cc, 100.0, 0.25, None).unwrap();
        b.add_edge(a, c, cc, 20.0, 0.0, None).unwrap();
        b.add_edge(i, a, eq, 5.0, 0.0, None).unwrap();
        b.finish().unwrap()
    }

    #[test]
    fn distress_graph_follows_exposed_end() {
        let n = small();
        // a -> c commitments: c is exposed to a, 75 + 20.
        let row = n.distress().row(0);
        assert_eq!(row.len(), 2);
        assert_eq!(row[0].target, 1);
        assert_eq!(row[0].weight, 95.0);
        // i holds equity in a: i is exposed to a, so distress a -> i.
        assert_eq!(row[1].target, 2);
        assert_eq!(row[1].weight, 5.0);
        // As written: i -> a.
        assert_eq!(n.written().row(2)[0].target, 0);
        assert_eq!(n.written().row(0)[0].weight, 120.0);
    }

    #[test]
    fn lookups() {
        let n = small();
        assert_eq!(n.index_of("c"), Some(NodeId::new(1)));
        assert_eq!(n.index_of("zz"), None);
        assert_eq!(n.edge(0usize).exposure(), 75.0);
        assert_eq!(n.value(0usize), 10.0);
    }

    #[test]
    fn nearest_ids_suggests_close_names() {
        let ids = ["openai", "oracle", "amazon", "anthropic"];
        let got = nearest(ids.iter().copied(), "opnai", 3);
        assert_eq!(got[0], "openai");
        assert!(nearest(ids.iter().copied(), "zzzzzzzzzz", 3).is_empty());
        // Length pre-filter: same answers as the full distance on every candidate.
        let many = [
            "ab",
            "abcdefgh",
            "openai-x",
            "o",
            "openaiopenai",
            "anthropic",
            "xai",
        ];
        for probe in [
            "opnai",
            "open",
            "a",
            "abcdefghij",
            "openaiopenaiopenai",
            "é",
            "xa",
        ] {
            let brute: Vec<&str> = {
                let mut s: Vec<(u8, usize, &str)> = many
                    .iter()
                    .filter_map(|&c| {
                        let d = strsim::damerau_levenshtein(c, probe);
                        let related = c.contains(probe) || probe.contains(c);
                        let limit = (probe.len().max(c.len()) / 3).max(2);
                        (d <= limit || related).then_some((u8::from(!related), d, c))
                    })
                    .collect();
                s.sort_unstable();
                s.truncate(3);
                s.into_iter().map(|(_, _, c)| c).collect()
            };
            assert_eq!(nearest(many.iter().copied(), probe, 3), brute, "{probe}");
        }
        // An id past the id length limit gets no suggestion (though it contains "openai").
        let long = "openai".repeat(40_000);
        assert!(nearest(ids.iter().copied(), &long, 3).is_empty());
    }
}
