//! The validated network: columnar node and edge arrays plus CSR views.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use rayon::prelude::*;

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
    pub(crate) distress: Csr,
    pub(crate) distress_in: OnceLock<Csr>,
    pub(crate) written: OnceLock<Csr>,
}

/// Bits of [`Network::given`]: which optional node figures the input gave.
pub(crate) const GIVEN_EA: u8 = 1;
pub(crate) const GIVEN_EL: u8 = 2;

/// The node ids back to back in one string, with their end offsets.
///
/// Ids are ASCII (see [`valid_id`]), so every offset is a character boundary. One allocation
/// instead of one per id: about 8 bytes per node plus the text.
#[derive(Debug, Default)]
pub(crate) struct IdArena {
    text: String,
    ends: Vec<usize>,
}

impl IdArena {
    fn with_capacity(n: usize) -> Self {
        IdArena {
            text: String::with_capacity(n * 8),
            ends: Vec::with_capacity(n),
        }
    }

    /// Number of ids.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no id.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Id `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    fn reserve(&mut self, additional: usize) {
        self.text.reserve(additional * 8);
        self.ends.reserve(additional);
    }

    /// All ids in index order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }
}

/// The hashing key of an id. Ids of up to 7 bytes are their own key (the bytes, zero-padded,
/// and the length in the top byte), so comparing keys compares the ids; longer ones have a
/// 64-bit hash with the top bit set, checked against the text on a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdKey {
    key: u64,
    hash: u64,
}

const ID_HASH_SEED: u64 = 0x5eed_0f5a_0c00;

#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let p = (a as u128) * (b as u128);
    (p as u64) ^ ((p >> 64) as u64)
}

impl IdKey {
    /// The key of the id `id` (any bytes; only valid ids are ever found).
    #[inline(always)]
    pub(crate) fn new(id: &[u8]) -> IdKey {
        let len = id.len();
        let key = if len <= 7 {
            // The bytes in place, read with (possibly overlapping) whole loads rather than
            // copied into a buffer first (a copy stalls the load that reads it back).
            let bytes = if len >= 4 {
                let lo = u32::from_le_bytes([id[0], id[1], id[2], id[3]]);
                let hi = u32::from_le_bytes([id[len - 4], id[len - 3], id[len - 2], id[len - 1]]);
                u64::from(lo) | (u64::from(hi) << (8 * (len - 4)))
            } else if len > 0 {
                u64::from(id[0])
                    | (u64::from(id[len / 2]) << (8 * (len / 2)))
                    | (u64::from(id[len - 1]) << (8 * (len - 1)))
            } else {
                0
            };
            bytes | ((len as u64) << 56)
        } else {
            foldhash::fast::FixedState::with_seed(ID_HASH_SEED).hash_one(id) | (1 << 63)
        };
        Self::from_key(key)
    }

    #[inline]
    fn from_key(key: u64) -> IdKey {
        IdKey {
            key,
            hash: fold_mul(key, 0x9e37_79b9_7f4a_7c15 ^ ID_HASH_SEED),
        }
    }

    /// Whether the key alone identifies the id (no text comparison needed).
    #[inline]
    fn exact(&self) -> bool {
        self.key >> 63 == 0
    }
}

const EMPTY_SLOT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u64,
    idx: u32,
}

const EMPTY: Slot = Slot {
    key: 0,
    idx: EMPTY_SLOT,
};

/// Id -> index map: open addressing with linear probing over 16-byte slots that hold the
/// [`IdKey`] and the index, so a lookup of a short id reads one slot (usually one cache line)
/// and never the id text. At most half full: 32 bytes per node or less.
#[derive(Clone)]
pub(crate) struct IdIndex {
    slots: Vec<Slot>,
    len: usize,
}

impl Default for IdIndex {
    fn default() -> Self {
        IdIndex::with_capacity(0)
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.len)
    }
}

impl IdIndex {
    fn with_capacity(n: usize) -> Self {
        let cap = n.saturating_mul(2).max(16).next_power_of_two();
        IdIndex {
            slots: vec![EMPTY; cap],
            len: 0,
        }
    }

    #[inline]
    fn start(&self, k: &IdKey) -> usize {
        k.hash as usize & (self.slots.len() - 1)
    }

    /// Index of the id with key `k` and bytes `id`.
    #[inline(always)]
    pub(crate) fn find(&self, ids: &IdArena, k: &IdKey, id: &[u8]) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut p = self.start(k);
        loop {
            let s = self.slots[p];
            if s.idx == EMPTY_SLOT {
                return None;
            }
            if s.key == k.key && (k.exact() || ids.get(s.idx as usize).as_bytes() == id) {
                return Some(s.idx);
            }
            p = (p + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, ids: &IdArena, id: &str) -> Option<u32> {
        self.find(ids, &IdKey::new(id.as_bytes()), id.as_bytes())
    }

    /// Inserts an id known to be absent.
    fn insert_new(&mut self, k: &IdKey, idx: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(k, idx);
        self.len += 1;
    }

    #[inline]
    fn place(&mut self, k: &IdKey, idx: u32) {
        let mask = self.slots.len() - 1;
        let mut p = self.start(k);
        while self.slots[p].idx != EMPTY_SLOT {
            p = (p + 1) & mask;
        }
        self.slots[p] = Slot { key: k.key, idx };
    }

    fn grow(&mut self) {
        self.resize((self.slots.len() * 2).max(16));
    }

    /// Makes room for `n` ids in all.
    fn reserve_total(&mut self, n: usize) {
        let cap = n.saturating_mul(2).max(16).next_power_of_two();
        if cap > self.slots.len() {
            self.resize(cap);
        }
    }

    fn resize(&mut self, cap: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; cap]);
        for s in old.into_iter().filter(|s| s.idx != EMPTY_SLOT) {
            self.place(&IdKey::from_key(s.key), s.idx);
        }
    }

    fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }
}

/// Read-only id lookups, shareable between threads (used by the CSV reader).
#[derive(Clone, Copy)]
pub(crate) struct IdLookup<'a> {
    index: &'a IdIndex,
    ids: &'a IdArena,
}

impl IdLookup<'_> {
    /// Index of the id `id` with key `k` (`k == IdKey::new(id)`).
    #[inline]
    pub(crate) fn find(&self, k: &IdKey, id: &[u8]) -> Option<u32> {
        self.index.find(self.ids, k, id)
    }

    /// Reads the slot where the search for `k` starts, so that a batch of lookups waits for
    /// memory once rather than once per id. The value means nothing.
    #[inline]
    pub(crate) fn touch(&self, k: &IdKey) -> u32 {
        self.index.slots[self.index.start(k)].idx
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
        self.ids.get(i)
    }

    /// Index of the node `id`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(&self.ids, id).map(|i| i as usize)
    }

    /// Up to `k` known ids closest to `id` (edit distance), for "did you mean" hints.
    pub fn nearest_ids(&self, id: &str, k: usize) -> Vec<&str> {
        nearest(self.ids.iter(), id, k)
    }

    /// Display label of node `i` (the id when none is given).
    pub fn label(&self, i: usize) -> &str {
        self.node_meta[i]
            .as_ref()
            .and_then(|m| m.label.as_deref())
            .unwrap_or(self.ids.get(i))
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

    /// The distress graph transposed: row `i` lists the obligors `i` is exposed to, with the
    /// summed exposure. Built on first use (by the pull rounds of DebtRank).
    pub fn distress_in(&self) -> &Csr {
        self.distress_in.get_or_init(|| self.distress.transpose())
    }

    /// The graph as written (`from -> to`, weight = summed amount), built on first use.
    pub fn written(&self) -> &Csr {
        self.written.get_or_init(|| {
            Csr::from_triples_par(self.node_count(), self.edge_count(), |e| {
                (self.edge_from[e], self.edge_to[e], self.amount[e])
            })
        })
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

/// Appends `src` to `dst`, copying in parallel when it is large (so that the first writes to
/// fresh memory, page faults included, are shared between threads too).
fn extend_par<T: Copy + Send + Sync>(dst: &mut Vec<T>, src: &[T]) {
    if src.len() < 1 << 15 {
        dst.extend_from_slice(src);
    } else {
        dst.par_extend(src.par_iter().copied());
    }
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
                ids: IdArena::with_capacity(nodes),
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
                distress_in: OnceLock::new(),
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
        nearest(self.net.ids.iter(), id, k)
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
        let key = IdKey::new(id.as_bytes());
        if self
            .net
            .index
            .find(&self.net.ids, &key, id.as_bytes())
            .is_some()
        {
            return Err(Refusal::new(
                format!("duplicate node id `{id}`"),
                Some("each node id may appear once; merge the two entries".into()),
            ));
        }
        self.push_node(id, &key, next, kind, figures, meta);
        Ok(next)
    }

    fn push_node(
        &mut self,
        id: &str,
        key: &IdKey,
        next: u32,
        kind: u16,
        f: NodeFigures,
        meta: Option<NodeMeta>,
    ) {
        self.net.ids.push(id);
        self.net.index.insert_new(key, next);
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
        let key = IdKey::new(id.as_bytes());
        if let Some(i) = self.net.index.find(&self.net.ids, &key, id.as_bytes()) {
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
        self.push_node(
            id,
            &key,
            next,
            DEFAULT_NODE_KIND,
            NodeFigures::default(),
            None,
        );
        Ok(next)
    }

    /// [`NetworkBuilder::intern`] for the CSV reader's fast path: the id's bytes and key are
    /// given; `None` when the id is new and not valid (the caller then reports the line).
    pub(crate) fn intern_key(&mut self, key: &IdKey, id: &[u8]) -> Option<u32> {
        if let Some(i) = self.net.index.find(&self.net.ids, key, id) {
            return Some(i);
        }
        let id = std::str::from_utf8(id).ok().filter(|s| valid_id(s))?;
        let next = self.net.ids.len() as u32;
        self.push_node(
            id,
            key,
            next,
            DEFAULT_NODE_KIND,
            NodeFigures::default(),
            None,
        );
        Some(next)
    }

    /// Reserves room for `additional` more nodes.
    pub(crate) fn reserve_nodes(&mut self, additional: usize) {
        let n = &mut self.net;
        n.ids.reserve(additional);
        n.index.reserve_total(n.ids.len() + additional);
        n.node_kind.reserve(additional);
        n.buffer.reserve(additional);
        n.external_assets.reserve(additional);
        n.external_liabilities.reserve(additional);
        n.value.reserve(additional);
        n.node_meta.reserve(additional);
        n.given.reserve(additional);
    }

    /// Appends nodes for the CSV reader's fast path, which checked every id (valid) and figure
    /// (finite, >= 0) as [`NetworkBuilder::add_node`] does. Node `k` has the id
    /// `bytes[spans[k].0..spans[k].1]` with key `keys[k]`. Stops before the first id already
    /// taken (by an earlier node or one of these) and returns how many nodes were appended.
    pub(crate) fn extend_nodes_checked(
        &mut self,
        bytes: &[u8],
        spans: &[(u32, u32)],
        keys: &[IdKey],
        kind: &[u16],
        figures: &[NodeFigures],
        meta: &mut [Option<Box<NodeMeta>>],
    ) -> usize {
        let first = self.net.ids.len();
        let mut added = 0;
        'chunks: for (spans, keys) in spans.chunks(32).zip(keys.chunks(32)) {
            let lookup = self.lookup();
            let mut sink = 0u32;
            for k in keys {
                sink ^= lookup.touch(k);
            }
            std::hint::black_box(sink);
            for (&(s, e), key) in spans.iter().zip(keys) {
                let id = &bytes[s as usize..e as usize];
                let net = &mut self.net;
                if net.index.find(&net.ids, key, id).is_some() {
                    break 'chunks;
                }
                let id = std::str::from_utf8(id).expect("checked ids are ASCII");
                debug_assert!(valid_id(id));
                net.ids.push(id);
                net.index.insert_new(key, (first + added) as u32);
                added += 1;
            }
        }
        let f = &figures[..added];
        let n = &mut self.net;
        extend_par(&mut n.node_kind, &kind[..added]);
        n.buffer.par_extend(f.par_iter().map(|f| f.buffer));
        n.external_assets
            .par_extend(f.par_iter().map(|f| f.external_assets.unwrap_or(0.0)));
        n.external_liabilities
            .par_extend(f.par_iter().map(|f| f.external_liabilities.unwrap_or(0.0)));
        n.value.par_extend(f.par_iter().map(|f| f.value));
        n.given.par_extend(f.par_iter().map(|f| {
            (u8::from(f.external_assets.is_some()) * GIVEN_EA)
                | (u8::from(f.external_liabilities.is_some()) * GIVEN_EL)
        }));
        n.node_meta
            .extend(meta[..added].iter_mut().map(std::mem::take));
        added
    }

    /// Read-only id lookups that can be shared between threads.
    pub(crate) fn lookup(&self) -> IdLookup<'_> {
        IdLookup {
            index: &self.net.index,
            ids: &self.net.ids,
        }
    }

    /// Appends edges whose values already passed [`NetworkBuilder::check_edge`] (the CSV
    /// reader's fast path checks the same conditions). `recovery` is `None` when all are 0.
    pub(crate) fn extend_edges_checked(
        &mut self,
        from: &[u32],
        to: &[u32],
        kind: &[u16],
        amount: &[f64],
        recovery: Option<&[f64]>,
    ) {
        let n = &mut self.net;
        let e = n.amount.len();
        debug_assert!(from.len() == amount.len() && to.len() == amount.len());
        debug_assert!(kind.len() == amount.len());
        extend_par(&mut n.edge_from, from);
        extend_par(&mut n.edge_to, to);
        extend_par(&mut n.edge_kind, kind);
        extend_par(&mut n.amount, amount);
        match recovery {
            Some(r) if !n.recovery.is_empty() => extend_par(&mut n.recovery, r),
            Some(r) => {
                if let Some(first) = r.iter().position(|&x| x != 0.0) {
                    // First non-zero recovery: materialise the column for the edges so far.
                    n.recovery.reserve(e + amount.len());
                    n.recovery.resize(e + first, 0.0);
                    n.recovery.extend_from_slice(&r[first..]);
                }
            }
            None if !n.recovery.is_empty() => n.recovery.resize(e + amount.len(), 0.0),
            None => {}
        }
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
        Self::check_edge(from, to, amount, recovery, self.net.ids.get(from as usize))?;
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
        net.distress = Csr::from_triples_par(n, amount.len(), |e| {
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
    fn id_index_grows_and_tells_ids_apart() {
        let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
        let long = |i: usize| format!("a_rather_long_node_id_{i}");
        for i in 0..5000 {
            b.intern(&format!("n{i}")).unwrap();
            b.intern(&long(i)).unwrap();
        }
        assert_eq!(b.node_count(), 10_000);
        for i in 0..5000 {
            assert_eq!(b.index_of(&format!("n{i}")), Some(2 * i as u32));
            assert_eq!(b.index_of(&long(i)), Some(2 * i as u32 + 1));
        }
        assert_eq!(b.index_of("n5000"), None);
        assert_eq!(b.index_of("n1\0"), None);
        assert_eq!(b.index_of(""), None);
        assert_eq!(b.index_of("a_rather_long_node_id_5000"), None);
        let key = IdKey::new(b"n17");
        assert_eq!(b.lookup().find(&key, b"n17"), Some(34));
        assert_eq!(b.intern_key(&IdKey::new(b"Bad"), b"Bad"), None);
        assert_eq!(b.intern_key(&IdKey::new(b"fresh"), b"fresh"), Some(10_000));
        let n = b.finish().unwrap();
        assert_eq!(n.id(10_000), "fresh");
        assert_eq!(n.id(3), long(1));
        assert_eq!(n.index_of("n4999"), Some(9998));
    }

    #[test]
    fn short_keys_are_the_bytes_and_the_length() {
        for id in ["", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg"] {
            let mut b = [0u8; 8];
            b[..id.len()].copy_from_slice(id.as_bytes());
            b[7] = id.len() as u8;
            assert_eq!(IdKey::new(id.as_bytes()).key, u64::from_le_bytes(b), "{id}");
            assert!(IdKey::new(id.as_bytes()).exact());
        }
        assert_ne!(IdKey::new(b"ab"), IdKey::new(b"ab\0"));
        assert!(!IdKey::new(b"abcdefgh").exact());
    }

    #[test]
    fn bulk_edges_materialise_recovery_like_add_edge() {
        let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
        let (a, c) = (b.intern("a").unwrap(), b.intern("c").unwrap());
        b.extend_edges_checked(&[a], &[c], &[2], &[1.0], None);
        b.extend_edges_checked(&[a, c], &[c, a], &[2, 2], &[2.0, 3.0], Some(&[0.0, 0.5]));
        b.extend_edges_checked(&[a], &[c], &[2], &[4.0], None);
        let n = b.finish().unwrap();
        let rec: Vec<f64> = n.edges().map(|e| e.recovery).collect();
        assert_eq!(rec, [0.0, 0.0, 0.5, 0.0]);
        assert_eq!(n.distress().row(0)[0].weight, 7.0);
        assert_eq!(n.distress().row(1)[0].weight, 1.5);
    }

    #[test]
    fn nearest_ids_suggests_close_names() {
        let ids = ["openai", "oracle", "amazon", "anthropic"];
        let got = nearest(ids.iter().copied(), "opnai", 3);
        assert_eq!(got[0], "openai");
        assert!(nearest(ids.iter().copied(), "zzzzzzzzzz", 3).is_empty());
    }
}
