//! [`NetworkBuilder`]: the checked, incremental way to a [`Network`], one node or edge at a time
//! for the JSON reader and the precise CSV path, and in bulk for the CSV reader's fast path.

use std::sync::OnceLock;

use rayon::prelude::*;

use super::csr::Csr;
use super::ids::{valid_id, IdArena, IdIndex, IdKey, IdLookup, MAX_ID_LEN};
use super::index::{EdgeId, EdgeKindId, NodeId};
use super::kinds::{Exposed, Kinds, DEFAULT_NODE_KIND};
use super::meta::{EdgeMeta, GraphMeta, NodeMeta};
use super::network::{nearest, Network, NodeFigures, GIVEN_EA, GIVEN_EL};
use super::terms::{Funding, ScheduleSpec, Terms};

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
    pub(crate) fn new(message: impl Into<String>, hint: Option<String>) -> Self {
        Refusal {
            message: message.into(),
            hint,
        }
    }
}

/// Refuses a graph whose sums are not finite: each node's total claims and obligations
/// (edge amounts plus its external figures), then the sum of every figure of the graph. Every
/// sum the engines form (losses, payments, totals) is bounded by these, so a graph that
/// passes cannot produce an infinite or NaN figure by overflow (two edges of 1.7e308 each are
/// finite alone, infinite together).
fn check_totals(net: &Network) -> Result<(), Refusal> {
    let n = net.ids.len();
    let mut claims = net.external_assets.clone();
    let mut owed = net.external_liabilities.clone();
    for (e, &a) in net.amount.iter().enumerate() {
        claims[net.edge_to[e] as usize] += a;
        owed[net.edge_from[e] as usize] += a;
    }
    let hint = || {
        Some("figures this large overflow double precision (1.8e308) when added; express them in a larger unit".to_string())
    };
    for i in 0..n {
        for (what, v) in [
            ("claims (incoming edges plus external assets)", claims[i]),
            (
                "obligations (outgoing edges plus external liabilities)",
                owed[i],
            ),
        ] {
            if !v.is_finite() {
                return Err(Refusal::new(
                    format!(
                        "node `{}`: its total {what} overflows to {v}",
                        net.ids.get(i)
                    ),
                    hint(),
                ));
            }
        }
    }
    let buffers: f64 = net.buffer.iter().flatten().sum();
    let values: f64 = net.value.iter().flatten().sum();
    let total = claims.iter().sum::<f64>() + owed.iter().sum::<f64>() + buffers + values;
    if !total.is_finite() {
        return Err(Refusal::new(
            format!("the graph's figures add up to {total}, beyond double precision"),
            hint(),
        ));
    }
    Ok(())
}

/// Why `id` is not a valid id: too long (its length, not the id, is shown), or not lowercase.
fn id_refusal(id: &str, hint: &str) -> Refusal {
    if id.len() > MAX_ID_LEN {
        Refusal::new(
            format!(
                "node id of {} bytes is longer than the limit of {MAX_ID_LEN} bytes",
                id.len()
            ),
            Some("ids are short names (e.g. `google_cloud`); put long text in `label`".into()),
        )
    } else {
        Refusal::new(
            format!("node id `{id}` is not a valid id"),
            Some(hint.into()),
        )
    }
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
                terms: Terms::default(),
                applied: None,
                distress: Csr::default(),
                distress_in: OnceLock::new(),
                written: OnceLock::new(),
                written_in: OnceLock::new(),
                impact: OnceLock::new(),
                obligations: OnceLock::new(),
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
    pub fn index_of(&self, id: &str) -> Option<NodeId> {
        self.net.index.get(&self.net.ids, id).map(NodeId::from_raw)
    }

    /// Nearest known ids, for hints.
    pub fn nearest_ids(&self, id: &str, k: usize) -> Vec<&str> {
        nearest(self.net.ids.iter(), id, k)
    }

    /// Adds a node.
    ///
    /// # Errors
    /// A [`Refusal`] for an invalid or duplicate id, or a negative or non-finite figure.
    pub fn add_node(
        &mut self,
        id: &str,
        kind: u16,
        figures: NodeFigures,
        meta: Option<NodeMeta>,
    ) -> Result<NodeId, Refusal> {
        if !valid_id(id) {
            return Err(id_refusal(
                id,
                "ids are lowercase: a letter or digit, then letters, digits, `_`, `.` or `-` (e.g. `google_cloud`)",
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
        Ok(NodeId::from_raw(next))
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
    ///
    /// # Errors
    /// A [`Refusal`] for an invalid id.
    pub fn intern(&mut self, id: &str) -> Result<NodeId, Refusal> {
        let key = IdKey::new(id.as_bytes());
        if let Some(i) = self.net.index.find(&self.net.ids, &key, id.as_bytes()) {
            return Ok(NodeId::from_raw(i));
        }
        if !valid_id(id) {
            return Err(id_refusal(
                id,
                "ids are lowercase: a letter or digit, then letters, digits, `_`, `.` or `-`",
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
        Ok(NodeId::from_raw(next))
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
        IdLookup::new(&self.net.index, &self.net.ids)
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
    ///
    /// # Errors
    /// A [`Refusal`] for an amount that is not finite and > 0, a recovery outside [0, 1], or a
    /// self-loop.
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

    /// Adds edges of one `kind` between known nodes given by index (`from[j] -> to[j]`, with
    /// `amount[j]` and, if given, `recovery[j]`), checking each as [`NetworkBuilder::add_edge`]
    /// does, in parallel: the bulk path of array front ends (no per-edge call).
    ///
    /// # Errors
    /// The position of the first edge refused and why: columns of different lengths (at the
    /// shortest length), an index that is not a node, or [`NetworkBuilder::check_edge`]'s
    /// refusals. Nothing is added then.
    pub fn add_edges(
        &mut self,
        from: &[u32],
        to: &[u32],
        kind: EdgeKindId,
        amount: &[f64],
        recovery: Option<&[f64]>,
    ) -> Result<(), (usize, Refusal)> {
        let m = amount.len();
        let shortest = from
            .len()
            .min(to.len())
            .min(recovery.map_or(m, <[f64]>::len));
        if from.len() != m || to.len() != m || recovery.is_some_and(|r| r.len() != m) {
            return Err((
                shortest.min(m),
                Refusal::new("the edge columns have different lengths", None),
            ));
        }
        let n = self.net.ids.len() as u32;
        let bad = (0..m).into_par_iter().find_first(|&j| {
            let r = recovery.map_or(0.0, |r| r[j]);
            from[j] >= n
                || to[j] >= n
                || Self::check_edge(from[j], to[j], amount[j], r, "").is_err()
        });
        if let Some(j) = bad {
            let r = recovery.map_or(0.0, |r| r[j]);
            let refusal = if from[j] >= n || to[j] >= n {
                Refusal::new(
                    format!(
                        "edge {} -> {} names a node index outside 0..{n}",
                        from[j], to[j]
                    ),
                    None,
                )
            } else {
                let id = self.net.ids.get(from[j] as usize);
                Self::check_edge(from[j], to[j], amount[j], r, id).expect_err("refused above")
            };
            return Err((j, refusal));
        }
        let kinds = vec![kind.raw(); m];
        self.extend_edges_checked(from, to, &kinds, amount, recovery);
        Ok(())
    }

    /// Adds an edge between known nodes.
    ///
    /// # Errors
    /// As [`NetworkBuilder::check_edge`].
    pub fn add_edge(
        &mut self,
        from: NodeId,
        to: NodeId,
        kind: EdgeKindId,
        amount: f64,
        recovery: f64,
        meta: Option<EdgeMeta>,
    ) -> Result<EdgeId, Refusal> {
        let (from, to) = (from.raw(), to.raw());
        Self::check_edge(from, to, amount, recovery, self.net.ids.get(from as usize))?;
        let e = self.net.amount.len() as u32;
        self.net.edge_from.push(from);
        self.net.edge_to.push(to);
        self.net.edge_kind.push(kind.raw());
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
        Ok(EdgeId::new(e as usize))
    }

    /// Gives edge `e` (already added) a payment schedule, checked against its amount.
    ///
    /// # Errors
    /// A [`Refusal`] when the edge is not an obligation (`equity`, `guarantee`), a year is out
    /// of range, a yearly amount is negative, or the amounts do not sum to the edge's `amount`.
    pub fn set_schedule(&mut self, e: EdgeId, spec: &ScheduleSpec) -> Result<(), Refusal> {
        let i = e.index();
        let kind = EdgeKindId::from_raw(self.net.edge_kind[i]);
        if !self.net.kinds.is_obligation(kind) {
            return Err(Refusal::new(
                format!(
                    "`schedule` on an edge of kind `{}`: only obligation edges have a payment schedule",
                    self.net.kinds.edges[kind.index()].name
                ),
                Some(
                    "`schedule` is for obligation edges (every kind but `equity` and `guarantee`)"
                        .into(),
                ),
            ));
        }
        let n = self.net.amount.len();
        self.net.terms.set_schedule(i, n, self.net.amount[i], spec)
    }

    /// Gives edge `e` (already added) a notice period in months.
    ///
    /// # Errors
    /// A [`Refusal`] when the edge is not an obligation or `months` is negative or not finite.
    pub fn set_notice_months(&mut self, e: EdgeId, months: f64) -> Result<(), Refusal> {
        let kind = EdgeKindId::from_raw(self.net.edge_kind[e.index()]);
        if !self.net.kinds.is_obligation(kind) {
            return Err(Refusal::new(
                format!(
                    "`notice_months` on an edge of kind `{}`: only obligation edges have a notice period",
                    self.net.kinds.edges[kind.index()].name
                ),
                Some("`notice_months` is for obligation edges (every kind but `equity` and `guarantee`)".into()),
            ));
        }
        check_nonneg("notice_months", Some(months))?;
        self.net.terms.notice_months.insert(e.raw(), months);
        Ok(())
    }

    /// Gives equity edge `e` (already added) the market value of the stake.
    ///
    /// # Errors
    /// A [`Refusal`] when the edge is not `equity` or `value` is not a finite number > 0.
    pub fn set_market_value(&mut self, e: EdgeId, value: f64) -> Result<(), Refusal> {
        let kind = EdgeKindId::from_raw(self.net.edge_kind[e.index()]);
        if !self.net.kinds.is_equity(kind) {
            return Err(Refusal::new(
                format!(
                    "`market_value` on an edge of kind `{}`: only `equity` stakes have a market value",
                    self.net.kinds.edges[kind.index()].name
                ),
                Some("`market_value` is the mark of an `equity` stake (`amount` is its carrying value)".into()),
            ));
        }
        if !(value.is_finite() && value > 0.0) {
            return Err(Refusal::new(
                format!("`market_value` is {value}, but it must be > 0"),
                Some("leave `market_value` out to use `amount` at market too".into()),
            ));
        }
        self.net.terms.market_value.insert(e.raw(), value);
        Ok(())
    }

    /// Gives node `i` (already added) its funding, checked.
    ///
    /// # Errors
    /// As [`Funding::check`].
    pub fn set_funding(&mut self, i: NodeId, funding: Funding) -> Result<(), Refusal> {
        funding.check()?;
        self.net.terms.funding.insert(i.raw(), Box::new(funding));
        Ok(())
    }

    /// Copies every term of `other` (a network with the same nodes and edges in the same
    /// order), scaling explicit schedules to edges whose amount differs.
    pub(crate) fn copy_terms(&mut self, other: &Terms, old_amounts: &[f64]) {
        let mut t = other.clone();
        for (e, (&new, &old)) in self.net.amount.iter().zip(old_amounts).enumerate() {
            if new != old {
                t.scale_schedule(e, new / old);
            }
        }
        self.net.terms = t;
    }

    /// Finishes the network: builds the distress CSR.
    ///
    /// # Errors
    /// A [`Refusal`] for a graph without nodes, or one whose totals overflow (see
    /// `check_totals`).
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
        check_totals(&net)?;
        net.node_meta.shrink_to_fit();
        net.terms.pad(net.amount.len());
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
    use crate::model::kinds::DEFAULT_EDGE_KIND;

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
        assert!(b.add_edge(a, c, DEFAULT_EDGE_KIND, 0.0, 0.0, None).is_err());
        assert!(b
            .add_edge(a, c, DEFAULT_EDGE_KIND, f64::NAN, 0.0, None)
            .is_err());
        assert!(b.add_edge(a, c, DEFAULT_EDGE_KIND, 1.0, 1.5, None).is_err());
        assert!(b
            .add_edge(a, a, DEFAULT_EDGE_KIND, 1.0, 0.0, None)
            .unwrap_err()
            .message
            .contains("self-loop"));
        let empty = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
        assert!(empty.finish().is_err());
        let mut big = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 2, 2);
        let a = big.add_node("a", 0, NodeFigures::default(), None).unwrap();
        let c = big.add_node("c", 0, NodeFigures::default(), None).unwrap();
        big.add_edge(a, c, DEFAULT_EDGE_KIND, 1.7e308, 0.0, None)
            .unwrap();
        big.add_edge(a, c, DEFAULT_EDGE_KIND, 1.7e308, 0.0, None)
            .unwrap();
        let Err(r) = big.finish() else {
            panic!("overflowing totals are refused")
        };
        assert!(r.message.contains("node `a`"), "{}", r.message);
    }

    #[test]
    fn bulk_edges_materialise_recovery_like_add_edge() {
        let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
        let (a, c) = (b.intern("a").unwrap(), b.intern("c").unwrap());
        b.extend_edges_checked(&[a.raw()], &[c.raw()], &[2], &[1.0], None);
        b.extend_edges_checked(
            &[a.raw(), c.raw()],
            &[c.raw(), a.raw()],
            &[2, 2],
            &[2.0, 3.0],
            Some(&[0.0, 0.5]),
        );
        b.extend_edges_checked(&[a.raw()], &[c.raw()], &[2], &[4.0], None);
        let n = b.finish().unwrap();
        let rec: Vec<f64> = n.edges().map(|e| e.recovery).collect();
        assert_eq!(rec, [0.0, 0.0, 0.5, 0.0]);
        assert_eq!(n.distress().row(0)[0].weight, 7.0);
        assert_eq!(n.distress().row(1)[0].weight, 1.5);
    }

    #[test]
    fn add_edges_equals_add_edge_and_names_the_first_refused() {
        let nodes = |b: &mut NetworkBuilder| {
            for id in ["a", "b", "c"] {
                b.add_node(id, 0, NodeFigures::default(), None).unwrap();
            }
        };
        let (from, to, amount, rec) = (
            [0, 1, 2, 0],
            [1, 2, 0, 2],
            [1.0, 2.0, 3.0, 4.0],
            [0.0, 0.5, 0.0, 0.25],
        );
        let mut one = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 3, 4);
        nodes(&mut one);
        for j in 0..4 {
            let (f, t) = (NodeId::new(from[j] as usize), NodeId::new(to[j] as usize));
            one.add_edge(f, t, DEFAULT_EDGE_KIND, amount[j], rec[j], None)
                .unwrap();
        }
        let mut bulk = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 3, 4);
        nodes(&mut bulk);
        bulk.add_edges(&from, &to, DEFAULT_EDGE_KIND, &amount, Some(&rec))
            .unwrap();
        let (one, bulk) = (one.finish().unwrap(), bulk.finish().unwrap());
        let key = |n: &Network| -> Vec<(usize, usize, f64, f64)> {
            n.edges()
                .map(|e| (e.from.index(), e.to.index(), e.amount, e.recovery))
                .collect()
        };
        assert_eq!(key(&one), key(&bulk));
        for i in 0..3 {
            assert_eq!(one.distress().row(i), bulk.distress().row(i));
        }
        let refused = |from: &[u32], to: &[u32], amount: &[f64], rec: Option<&[f64]>| {
            let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 3, 4);
            nodes(&mut b);
            let (j, r) = b
                .add_edges(from, to, DEFAULT_EDGE_KIND, amount, rec)
                .unwrap_err();
            assert_eq!(b.finish().unwrap().edge_count(), 0, "nothing added");
            (j, r.message)
        };
        let (j, m) = refused(&[0, 1, 1], &[1, 1, 2], &[1.0, 1.0, -1.0], None);
        assert_eq!(j, 1);
        assert!(m.contains("self-loop on `b`"), "{m}");
        let (j, m) = refused(&[0, 7], &[1, 2], &[1.0, 1.0], None);
        assert_eq!(j, 1);
        assert!(m.contains("outside 0..3"), "{m}");
        let (j, m) = refused(&[0, 1], &[1, 2], &[1.0, 1.0], Some(&[0.0, 2.0]));
        assert_eq!(j, 1);
        assert!(m.contains("recovery"), "{m}");
        let (_, m) = refused(&[0], &[1, 2], &[1.0, 1.0], None);
        assert!(m.contains("different lengths"), "{m}");
    }
}
