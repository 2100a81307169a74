//! The validated network: columnar node and edge arrays plus CSR views.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use hashbrown::HashTable;

use super::csr::Csr;
use super::kinds::{Exposed, Kinds, DEFAULT_NODE_KIND};
use super::meta::{EdgeMeta, GraphMeta, NodeMeta};

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
    pub index: u32,
    /// Node index of `from`.
    pub from: u32,
    /// Node index of `to`.
    pub to: u32,
    /// Edge kind index into [`Kinds::edges`].
    pub kind: u16,
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
///   (`amount * (1 - recovery)`), the direction in which losses travel (design page, section 1);
/// - [`Network::written`]: edges `from -> to` as written, weighted by amount, for centralities.
///
/// Parallel edges are merged in both views (weights summed).
#[derive(Debug)]
pub struct Network {
    pub(crate) meta: GraphMeta,
    pub(crate) kinds: Kinds,
    pub(crate) ids: Vec<Box<str>>,
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
    pub(crate) distress: Csr,
    pub(crate) written: OnceLock<Csr>,
}

/// Bits of [`Network::given`]: which optional node figures the input gave.
pub(crate) const GIVEN_EA: u8 = 1;
pub(crate) const GIVEN_EL: u8 = 2;

/// Id -> index map that stores only `u32`s, hashing the ids held in `Network::ids`.
#[derive(Default)]
pub(crate) struct IdIndex {
    table: HashTable<u32>,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

impl IdIndex {
    fn with_capacity(n: usize) -> Self {
        IdIndex {
            table: HashTable::with_capacity(n),
            hasher: foldhash::fast::FixedState::with_seed(0x5eed_0f5a_0c00),
        }
    }

    #[inline]
    fn get(&self, ids: &[Box<str>], id: &str) -> Option<u32> {
        let h = self.hasher.hash_one(id);
        self.table.find(h, |&i| &*ids[i as usize] == id).copied()
    }

    /// Returns the index of `id`, inserting `next` if absent (and reporting whether it did).
    #[inline]
    fn get_or_insert(&mut self, ids: &[Box<str>], id: &str, next: u32) -> (u32, bool) {
        let h = self.hasher.hash_one(id);
        let hasher = &self.hasher;
        match self.table.entry(
            h,
            |&i| &*ids[i as usize] == id,
            |&i| hasher.hash_one(&*ids[i as usize]),
        ) {
            hashbrown::hash_table::Entry::Occupied(o) => (*o.get(), false),
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(next);
                (next, true)
            }
        }
    }
}

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
    pub fn id(&self, i: usize) -> &str {
        &self.ids[i]
    }

    /// Index of the node `id`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(&self.ids, id).map(|i| i as usize)
    }

    /// Up to `k` known ids closest to `id` (edit distance), for "did you mean" hints.
    pub fn nearest_ids(&self, id: &str, k: usize) -> Vec<&str> {
        nearest(self.ids.iter().map(|s| &**s), id, k)
    }

    /// Display label of node `i` (the id when none is given).
    pub fn label(&self, i: usize) -> &str {
        self.node_meta[i]
            .as_ref()
            .and_then(|m| m.label.as_deref())
            .unwrap_or(&self.ids[i])
    }

    /// Kind name of node `i`.
    pub fn node_kind(&self, i: usize) -> &str {
        &self.kinds.nodes[self.node_kind[i] as usize].name
    }

    /// Kind index of node `i`.
    pub fn node_kind_index(&self, i: usize) -> u16 {
        self.node_kind[i]
    }

    /// Buffer of node `i`, if given.
    #[inline]
    pub fn buffer(&self, i: usize) -> Option<f64> {
        self.buffer[i]
    }

    /// External assets of node `i` (0 when not given).
    #[inline]
    pub fn external_assets(&self, i: usize) -> f64 {
        self.external_assets[i]
    }

    /// External liabilities of node `i` (0 when not given).
    #[inline]
    pub fn external_liabilities(&self, i: usize) -> f64 {
        self.external_liabilities[i]
    }

    /// Whether the input gave `external_assets` for node `i`.
    pub fn has_external_assets(&self, i: usize) -> bool {
        self.given[i] & GIVEN_EA != 0
    }

    /// `value` of node `i` as given, if any.
    pub fn value_given(&self, i: usize) -> Option<f64> {
        self.value[i]
    }

    /// Economic weight of node `i`: `value`, else `buffer`, else 0.
    #[inline]
    pub fn value(&self, i: usize) -> f64 {
        self.value[i].or(self.buffer[i]).unwrap_or(0.0)
    }

    /// Descriptive data of node `i`, if any.
    pub fn node_meta(&self, i: usize) -> Option<&NodeMeta> {
        self.node_meta[i].as_deref()
    }

    /// The input figures of node `i`.
    pub fn figures(&self, i: usize) -> NodeFigures {
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
    pub fn edge(&self, e: usize) -> EdgeRef {
        EdgeRef {
            index: e as u32,
            from: self.edge_from[e],
            to: self.edge_to[e],
            kind: self.edge_kind[e],
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
    pub fn edge_kind_name(&self, kind: u16) -> &str {
        &self.kinds.edges[kind as usize].name
    }

    /// Descriptive data of edge `e`, if any.
    pub fn edge_meta(&self, e: usize) -> Option<&EdgeMeta> {
        self.edge_meta.get(&(e as u32)).map(|b| &**b)
    }

    /// The exposed end and the obligor of edge `e`: `(obligor, exposed)`.
    #[inline]
    pub fn distress_pair(&self, e: &EdgeRef) -> (u32, u32) {
        match self.kinds.edges[e.kind as usize].exposed {
            Exposed::To => (e.from, e.to),
            Exposed::From => (e.to, e.from),
        }
    }

    /// Distress graph: row `j` lists the nodes exposed to obligor `j` with the summed exposure.
    pub fn distress(&self) -> &Csr {
        &self.distress
    }

    /// The graph as written (`from -> to`, weight = summed amount), built on first use.
    pub fn written(&self) -> &Csr {
        self.written.get_or_init(|| {
            Csr::from_triples(self.node_count(), self.edge_count(), |e| {
                (self.edge_from[e], self.edge_to[e], self.amount[e])
            })
        })
    }

    /// Approximate heap memory of the numeric arrays and CSR views, in bytes.
    pub fn heap_bytes(&self) -> usize {
        let ids: usize = self.ids.iter().map(|s| s.len() + 16).sum();
        ids + self.index.table.capacity() * 5
            + self.node_kind.capacity() * 2
            + (self.buffer.capacity() + self.value.capacity()) * 16
            + (self.external_assets.capacity() + self.external_liabilities.capacity()) * 8
            + self.node_meta.capacity() * 8
            + self.given.capacity()
            + (self.edge_from.capacity() + self.edge_to.capacity()) * 4
            + self.edge_kind.capacity() * 2
            + (self.amount.capacity() + self.recovery.capacity()) * 8
            + self.distress.heap_bytes()
            + self.written.get().map_or(0, Csr::heap_bytes)
    }
}

/// Up to `k` candidates closest to `id`: ids containing it (or contained in it) first, then by
/// Damerau–Levenshtein distance, then alphabetically. Only reasonably close ids are returned.
pub fn nearest<'a>(candidates: impl Iterator<Item = &'a str>, id: &str, k: usize) -> Vec<&'a str> {
    let mut scored: Vec<(u8, usize, &str)> = candidates
        .filter_map(|c| {
            let d = strsim::damerau_levenshtein(c, id);
            let related = c.contains(id) || id.contains(c);
            let limit = (id.len().max(c.len()) / 3).max(2);
            (d <= limit || related).then_some((u8::from(!related), d, c))
        })
        .collect();
    scored.sort();
    scored.truncate(k);
    scored.into_iter().map(|(_, _, c)| c).collect()
}

/// Incremental constructor of a [`Network`] used by the readers.
///
/// Checks the invariants that concern single values (finite, ranges, known ids) and reports
/// them as plain messages; the readers attach file locations.
#[derive(Debug)]
pub struct NetworkBuilder {
    net: Network,
}

/// Why a builder call was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Refusal {
    fn new(message: impl Into<String>, hint: Option<String>) -> Self {
        Refusal {
            message: message.into(),
            hint,
        }
    }
}

/// Whether `id` is a valid node id: lowercase `[a-z0-9][a-z0-9_.-]*`.
pub fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|&c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'.' || c == b'-'
        })
}

fn check_nonneg(field: &str, v: Option<f64>) -> Result<(), Refusal> {
    match v {
        Some(x) if !x.is_finite() => Err(Refusal::new(
            format!("`{field}` is {x}, not a finite number"),
            None,
        )),
        Some(x) if x < 0.0 => Err(Refusal::new(
            format!("`{field}` is {x}, but it must be >= 0"),
            None,
        )),
        _ => Ok(()),
    }
}

impl NetworkBuilder {
    /// A builder with room for `nodes` nodes and `edges` edges.
    pub fn new(meta: GraphMeta, kinds: Kinds, nodes: usize, edges: usize) -> Self {
        NetworkBuilder {
            net: Network {
                meta,
                kinds,
                ids: Vec::with_capacity(nodes),
                index: IdIndex::with_capacity(nodes),
                node_kind: Vec::with_capacity(nodes),
                buffer: Vec::with_capacity(nodes),
                external_assets: Vec::with_capacity(nodes),
                external_liabilities: Vec::with_capacity(nodes),
                value: Vec::with_capacity(nodes),
                node_meta: Vec::with_capacity(nodes),
                given: Vec::with_capacity(nodes),
                edge_from: Vec::with_capacity(edges),
                edge_to: Vec::with_capacity(edges),
                edge_kind: Vec::with_capacity(edges),
                amount: Vec::with_capacity(edges),
                recovery: Vec::new(),
                edge_meta: hashbrown::HashMap::new(),
                distress: Csr::default(),
                written: OnceLock::new(),
            },
        }
    }

    /// The kinds table.
    pub fn kinds(&self) -> &Kinds {
        &self.net.kinds
    }

    /// Number of nodes so far.
    pub fn node_count(&self) -> usize {
        self.net.ids.len()
    }

    /// Index of a node added so far.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.net.index.get(&self.net.ids, id)
    }

    /// Nearest known ids, for hints.
    pub fn nearest_ids(&self, id: &str, k: usize) -> Vec<&str> {
        nearest(self.net.ids.iter().map(|s| &**s), id, k)
    }

    /// Adds a node. Refuses invalid or duplicate ids and negative or non-finite figures.
    pub fn add_node(
        &mut self,
        id: &str,
        kind: u16,
        figures: NodeFigures,
        meta: Option<NodeMeta>,
    ) -> Result<u32, Refusal> {
        if !valid_id(id) {
            return Err(Refusal::new(
                format!("node id `{id}` is not a valid id"),
                Some("ids are lowercase: a letter or digit, then letters, digits, `_`, `.` or `-` (e.g. `google_cloud`)".into()),
            ));
        }
        check_nonneg("buffer", figures.buffer)?;
        check_nonneg("external_assets", figures.external_assets)?;
        check_nonneg("external_liabilities", figures.external_liabilities)?;
        check_nonneg("value", figures.value)?;
        let next = self.net.ids.len() as u32;
        if self.net.index.get(&self.net.ids, id).is_some() {
            return Err(Refusal::new(
                format!("duplicate node id `{id}`"),
                Some("each node id may appear once; merge the two entries".into()),
            ));
        }
        self.push_node(id, next, kind, figures, meta);
        Ok(next)
    }

    fn push_node(
        &mut self,
        id: &str,
        next: u32,
        kind: u16,
        f: NodeFigures,
        meta: Option<NodeMeta>,
    ) {
        self.net.ids.push(id.into());
        let ids = &self.net.ids;
        self.net.index.get_or_insert(ids, id, next);
        self.net.node_kind.push(kind);
        self.net.buffer.push(f.buffer);
        self.net
            .external_assets
            .push(f.external_assets.unwrap_or(0.0));
        self.net
            .external_liabilities
            .push(f.external_liabilities.unwrap_or(0.0));
        self.net.value.push(f.value);
        let mut given = 0;
        if f.external_assets.is_some() {
            given |= GIVEN_EA;
        }
        if f.external_liabilities.is_some() {
            given |= GIVEN_EL;
        }
        self.net.given.push(given);
        self.net.node_meta.push(meta.map(Box::new));
    }

    /// Index of node `id`, creating a bare node (kind `other`, no figures) if it is new.
    /// Used by edge lists without a nodes file.
    pub fn intern(&mut self, id: &str) -> Result<u32, Refusal> {
        if let Some(i) = self.net.index.get(&self.net.ids, id) {
            return Ok(i);
        }
        if !valid_id(id) {
            return Err(Refusal::new(
                format!("node id `{id}` is not a valid id"),
                Some(
                    "ids are lowercase: a letter or digit, then letters, digits, `_`, `.` or `-`"
                        .into(),
                ),
            ));
        }
        let next = self.net.ids.len() as u32;
        self.push_node(id, next, DEFAULT_NODE_KIND, NodeFigures::default(), None);
        Ok(next)
    }

    /// Checks an edge's numbers without adding it.
    pub fn check_edge(
        from: u32,
        to: u32,
        amount: f64,
        recovery: f64,
        from_id: &str,
    ) -> Result<(), Refusal> {
        if !amount.is_finite() {
            return Err(Refusal::new(
                format!("`amount` is {amount}, not a finite number"),
                None,
            ));
        }
        if amount <= 0.0 {
            return Err(Refusal::new(
                format!("`amount` is {amount}, but it must be > 0"),
                Some("drop edges with no amount; a reversed claim is an edge the other way".into()),
            ));
        }
        if !(0.0..=1.0).contains(&recovery) {
            return Err(Refusal::new(
                format!("`recovery` is {recovery}, but it must be in [0, 1]"),
                Some(
                    "recovery is the share of the claim kept when the obligor fails, e.g. 0.4"
                        .into(),
                ),
            ));
        }
        if from == to {
            return Err(Refusal::new(
                format!("self-loop on `{from_id}`: an edge's `from` and `to` are the same node"),
                Some("a node cannot be exposed to itself; self-loops are rejected rather than silently dropped: remove the edge".into()),
            ));
        }
        Ok(())
    }

    /// Adds an edge between known node indices.
    pub fn add_edge(
        &mut self,
        from: u32,
        to: u32,
        kind: u16,
        amount: f64,
        recovery: f64,
        meta: Option<EdgeMeta>,
    ) -> Result<u32, Refusal> {
        Self::check_edge(from, to, amount, recovery, &self.net.ids[from as usize])?;
        let e = self.net.amount.len() as u32;
        self.net.edge_from.push(from);
        self.net.edge_to.push(to);
        self.net.edge_kind.push(kind);
        self.net.amount.push(amount);
        if recovery != 0.0 && self.net.recovery.len() != e as usize {
            // First non-zero recovery: materialise the column for the edges so far.
            self.net.recovery = vec![0.0; e as usize];
        }
        if recovery != 0.0 || !self.net.recovery.is_empty() {
            self.net.recovery.push(recovery);
        }
        if let Some(m) = meta.filter(|m| !m.is_empty()) {
            self.net.edge_meta.insert(e, Box::new(m));
        }
        Ok(e)
    }

    /// Finishes the network: refuses an empty graph, builds the distress CSR.
    pub fn finish(self) -> Result<Network, Refusal> {
        let mut net = self.net;
        if net.ids.is_empty() {
            return Err(Refusal::new(
                "the graph has no nodes",
                Some(
                    "a graph needs at least one node (and edges between nodes to do anything)"
                        .into(),
                ),
            ));
        }
        net.node_meta.shrink_to_fit();
        let exposed: Vec<Exposed> = net.kinds.edges.iter().map(|k| k.exposed).collect();
        let n = net.ids.len();
        let (from, to, kind, amount, rec) = (
            &net.edge_from,
            &net.edge_to,
            &net.edge_kind,
            &net.amount,
            &net.recovery,
        );
        net.distress = Csr::from_triples(n, amount.len(), |e| {
            let w = amount[e] * (1.0 - if rec.is_empty() { 0.0 } else { rec[e] });
            match exposed[kind[e] as usize] {
                Exposed::To => (from[e], to[e], w),
                Exposed::From => (to[e], from[e], w),
            }
        });
        Ok(net)
    }
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
        assert_eq!(n.index_of("c"), Some(1));
        assert_eq!(n.index_of("zz"), None);
        assert_eq!(n.edge(0).exposure(), 75.0);
        assert_eq!(n.value(0), 10.0);
    }

    #[test]
    fn refusals() {
        let kinds = Kinds::default();
        let mut b = NetworkBuilder::new(GraphMeta::default(), kinds, 2, 1);
        assert!(b.add_node("Bad", 0, NodeFigures::default(), None).is_err());
        let f = NodeFigures {
            buffer: Some(-1.0),
            ..Default::default()
        };
        assert!(b
            .add_node("a", 0, f, None)
            .unwrap_err()
            .message
            .contains(">= 0"));
        let a = b.add_node("a", 0, NodeFigures::default(), None).unwrap();
        assert!(b
            .add_node("a", 0, NodeFigures::default(), None)
            .unwrap_err()
            .message
            .contains("duplicate"));
        let c = b.add_node("c", 0, NodeFigures::default(), None).unwrap();
        assert!(b.add_edge(a, c, 2, 0.0, 0.0, None).is_err());
        assert!(b.add_edge(a, c, 2, f64::NAN, 0.0, None).is_err());
        assert!(b.add_edge(a, c, 2, 1.0, 1.5, None).is_err());
        assert!(b
            .add_edge(a, a, 2, 1.0, 0.0, None)
            .unwrap_err()
            .message
            .contains("self-loop"));
        let empty = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
        assert!(empty.finish().is_err());
    }

    #[test]
    fn nearest_ids_suggests_close_names() {
        let ids = ["openai", "oracle", "amazon", "anthropic"];
        let got = nearest(ids.iter().copied(), "opnai", 3);
        assert_eq!(got[0], "openai");
        assert!(nearest(ids.iter().copied(), "zzzzzzzzzz", 3).is_empty());
    }
}
