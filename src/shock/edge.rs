//! Edge shocks (model contract 5.3): one edge's own haircut.
//!
//! Write O for an edge's obligor end and `H_e` for its haircut: the one given, else `h_O(1)`
//! (O's node haircut, 0 when O is not shocked). In round 1 the exposed end of every edge loses
//! `H_e * exposure(e)`; afterwards each edge passes on what its model says, never more than its
//! exposure. The propagation kernels work on the merged distress graph, which passes, per edge,
//! the share of its exposure given by the obligor's `passed` slot; an edge with its own haircut
//! gets the difference between its own cumulative share and that standard share added to its
//! exposed end, round by round, as the obligor's `passed` slot moves. With no edge shocks nothing
//! here runs, so results are bit-identical to the node-shock kernels.

use super::workspace::{Workspace, MARK};
use super::Haircut;
use crate::error::{Error, Param, Result};
use crate::model::{EdgeId, Network};

/// The edges a selector `FROM:TO[:KIND]` names (convention 5 of
/// `tests/reference/stall/README.md`): FROM and TO as written in the file (not obligor and
/// exposed end); without `kind` every edge FROM -> TO (all kinds, parallel edges included),
/// with `kind` only the edges of that kind (parallel ones together). In input order.
///
/// # Errors
/// [`Error::UnknownNode`] for FROM or TO; [`Error::InvalidParameter`] ([`Param::Shocks`]) for
/// a kind the graph does not know or a selector that matches no edge.
pub fn select(net: &Network, from: &str, to: &str, kind: Option<&str>) -> Result<Vec<EdgeId>> {
    let (f, t) = (net.node(from)?, net.node(to)?);
    let kind_id = match kind {
        Some(k) => Some(net.kinds().edge(k).ok_or_else(|| {
            Error::param(
                Param::Shocks,
                format!(
                    "`{k}` is not an edge kind of this graph (one of: {})",
                    net.kinds().edge_names().join(", ")
                ),
                Some("leave the kind out to select every edge FROM -> TO"),
            )
        })?),
        None => None,
    };
    let found: Vec<EdgeId> = net
        .edges()
        .filter(|e| e.from == f && e.to == t && kind_id.is_none_or(|k| e.kind == k))
        .map(|e| e.index)
        .collect();
    if found.is_empty() {
        let what = match kind {
            Some(k) => format!("{from}:{to}:{k}"),
            None => format!("{from}:{to}"),
        };
        return Err(Error::param(
            Param::Shocks,
            format!("the graph has no edge {what}"),
            Some("FROM and TO as written in the file: the edge's `from` and `to`"),
        ));
    }
    Ok(found)
}

/// One edge and its own haircut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeShock {
    /// The edge (its position in the input).
    pub edge: EdgeId,
    /// The share of the claim on that edge that is lost.
    pub haircut: Haircut,
}

impl EdgeShock {
    /// Edge `edge` loses the share `haircut`.
    #[must_use]
    pub fn new(edge: EdgeId, haircut: Haircut) -> EdgeShock {
        EdgeShock { edge, haircut }
    }
}

/// An edge shock resolved against the network, with the correction applied so far.
#[derive(Debug, Clone, Copy)]
struct Corr {
    obligor: u32,
    exposed: u32,
    exposure: f64,
    haircut: f64,
    /// The obligor's node haircut `h_O(1)`.
    seed: f64,
    /// The correction added to the exposed end so far, in graph units.
    applied: f64,
    /// Threshold: the obligor is node-shocked at 1, so it defaults in round 1 and passes the
    /// rest of the exposure in round 2 (convention 6).
    seed_default: bool,
}

/// The cumulative share of its exposure an edge has passed on, per model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// Differential DebtRank: `min(1, H_e + passed_O - h_O(1))`.
    Differential,
    /// Threshold: `H_e`, then 1 from the round after the obligor defaults (a node shocked at 1
    /// defaults in round 1 and tops its edges up in round 2).
    Threshold,
}

/// The edge shocks of one run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Corrections(Vec<Corr>);

impl Corrections {
    /// Resolves `edges` against `net`; call after the node shocks have been seeded in `ws`.
    pub fn new(net: &Network, ws: &Workspace, edges: &[EdgeShock]) -> Self {
        Corrections(
            edges
                .iter()
                .map(|s| {
                    let e = net.edge(s.edge);
                    let (o, x) = net.distress_pair(&e);
                    Corr {
                        obligor: o.raw(),
                        exposed: x.raw(),
                        exposure: e.exposure(),
                        haircut: s.haircut.get(),
                        seed: ws.seed[o.index()],
                        applied: 0.0,
                        seed_default: false,
                    }
                })
                .collect(),
        )
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Threshold: marks the edges whose obligor is node-shocked at 1 (defaulted in round 1:
    /// convention 6 has it pass `(1 - H_e) * w_e` in round 2); whether one of them has
    /// something left to pass.
    pub fn mark_seed_defaults(&mut self) -> bool {
        let mut left = false;
        for c in &mut self.0 {
            c.seed_default = c.seed >= 1.0;
            left |= c.seed_default && c.haircut < 1.0;
        }
        left
    }

    /// Adds to each exposed end the change of its edge's correction since the last call, given
    /// the share the obligor has passed on through the distress graph (`ws.passed`), and queues
    /// the exposed ends that moved in `touched` (marked [`MARK`]).
    pub fn apply(&mut self, rule: Rule, round: u32, ws: &mut Workspace, touched: &mut Vec<u32>) {
        for c in &mut self.0 {
            let passed = ws.passed[c.obligor as usize];
            let own = match rule {
                Rule::Differential => (c.haircut + passed - c.seed).clamp(0.0, 1.0),
                Rule::Threshold => {
                    if passed >= 1.0 && (c.seed < 1.0 || (c.seed_default && round >= 2)) {
                        1.0
                    } else {
                        c.haircut
                    }
                }
            };
            let target = (own - passed) * c.exposure;
            let delta = target - c.applied;
            if delta == 0.0 {
                continue;
            }
            c.applied = target;
            let x = c.exposed as usize;
            ws.received[x] += delta;
            if ws.flag[x] & MARK == 0 {
                ws.flag[x] |= MARK;
                touched.push(c.exposed);
            }
        }
    }
}
