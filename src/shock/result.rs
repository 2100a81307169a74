//! The outcome of a shock: per-node distress, losses and states, and the totals.

use serde::{Deserialize, Serialize};

use super::{Model, Params, Shock};
use crate::model::{Network, NodeVec};

/// A node's state at the end of a shock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// No loss.
    Undistressed,
    /// Some loss, not defaulted.
    Distressed,
    /// Loss reached the buffer (or, in Eisenberg–Noe, pays less than it owes).
    Defaulted,
}

impl State {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Undistressed => "undistressed",
            State::Distressed => "distressed",
            State::Defaulted => "defaulted",
        }
    }
}

/// The nodes whose distress changed in one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    /// Round number (1 = the shock's direct losses).
    pub round: u32,
    /// `(node, distress after the round)` for every node whose distress changed.
    pub changes: Vec<(u32, f64)>,
    /// Sum over all nodes of `(h - h(1)) * buffer` after the round.
    pub total_loss: f64,
}

/// Eisenberg–Noe per-node figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Clearing {
    /// `p_i`: all the node pays, outside creditors included.
    pub payment: NodeVec<f64>,
    /// `p_i` / `pbar_i` (1 when the node owes nothing).
    pub payment_ratio: NodeVec<f64>,
    /// Equity after clearing: `e_i` + `inflow_i` - `pbar_i` (can be negative).
    pub equity: NodeVec<f64>,
    /// Equity before the shock (external assets before the haircut + claims at face - pbar).
    pub equity_before: NodeVec<f64>,
}

/// The outcome of a shock.
#[derive(Debug, Clone)]
pub struct ShockResult {
    /// The model that produced it.
    pub model: Model,
    /// Its parameters.
    pub params: Params,
    /// The shocks applied.
    pub shocks: Vec<Shock>,
    /// The edge shocks applied (model contract 5.3), empty for node shocks alone.
    pub edge_shocks: Vec<super::EdgeShock>,
    /// Whether propagation reached its fixed point.
    pub converged: bool,
    /// Rounds in which some distress changed.
    pub rounds: u32,
    /// Final relative distress `h_i` in [0, 1].
    pub distress: NodeVec<f64>,
    /// Initial distress `h_i(1)` (the haircut on shocked nodes, 0 elsewhere).
    pub initial: NodeVec<f64>,
    /// Loss of each node in graph units (`h * buffer`; Eisenberg–Noe: equity lost).
    pub loss: NodeVec<f64>,
    /// Final state.
    pub state: NodeVec<State>,
    /// Round in which the node was first hit (1 for the shocked nodes and their direct
    /// counterparties), `None` if never.
    pub first_round: NodeVec<Option<u32>>,
    /// Round-by-round trace (with `Params::trace`).
    pub trace: Vec<Round>,
    /// Eisenberg–Noe clearing figures.
    pub clearing: Option<Clearing>,
    /// The buffer used for each node in the totals.
    pub buffer: NodeVec<f64>,
    /// Edges (CSR entries) visited, a measure of the work done.
    pub edges_touched: u64,
}

/// Totals of a shock (`docs/model.md#totals`): what the shock does through the network, the
/// shocked nodes' initial distress `h(1)` left out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// `sum_i c_i * buffer_i`, with `c_i = h_i - h_i(1)` (Eisenberg–Noe: `max(0, h_i - h_i(1))`).
    pub total_loss: f64,
    /// `value_lost / sum_i value_i` (0 when the total value is 0).
    pub impact: f64,
    /// `sum_i c_i * value_i`, in graph units: what `impact` is a share of.
    pub value_lost: f64,
    /// Nodes distressed at the end (shocked ones included).
    pub distressed: usize,
    /// Nodes defaulted at the end (shocked ones included).
    pub defaulted: usize,
    /// Contagion depth: the largest `first_round` of a distressed node minus 1 (0 when the
    /// shock stops at the shocked nodes' direct counterparties). `None` for Eisenberg–Noe,
    /// which clears at once and has no rounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<u32>,
    /// Propagation rounds the model ran until nothing changed (the `rounds` of earlier
    /// versions, which outputs keep as an alias).
    pub iterations: u32,
}

impl Default for Totals {
    fn default() -> Self {
        Totals {
            total_loss: 0.0,
            impact: 0.0,
            value_lost: 0.0,
            distressed: 0,
            defaulted: 0,
            depth: Some(0),
            iterations: 0,
        }
    }
}

impl ShockResult {
    /// Node `i`'s contribution to the totals, `h_i - h_i(1)` (Eisenberg–Noe: never below 0,
    /// so that a write-down gain of an obligor does not offset other nodes' losses).
    #[inline]
    pub fn contribution(&self, i: usize) -> f64 {
        let dh = self.distress[i] - self.initial[i];
        if self.model == Model::EisenbergNoe {
            dh.max(0.0)
        } else {
            dh
        }
    }

    /// The totals, computed from the per-node results.
    pub fn totals(&self, net: &Network) -> Totals {
        let mut total_loss = 0.0;
        let mut weighted = 0.0;
        let mut value = 0.0;
        let (mut distressed, mut defaulted) = (0, 0);
        let mut deepest = 0u32;
        for i in 0..self.distress.len() {
            let dh = self.contribution(i);
            total_loss += dh * self.buffer[i];
            if self.distress[i] > 0.0 {
                deepest = deepest.max(self.first_round[i].unwrap_or(0));
            }
            // `value` defaults to the buffer used (Eisenberg–Noe may fall back to equity).
            let v = net.value_given(i).unwrap_or(self.buffer[i]);
            weighted += v * dh;
            value += v;
            match self.state[i] {
                State::Distressed => distressed += 1,
                State::Defaulted => defaulted += 1,
                State::Undistressed => {}
            }
        }
        Totals {
            total_loss,
            impact: if value > 0.0 { weighted / value } else { 0.0 },
            value_lost: weighted,
            distressed,
            defaulted,
            depth: (self.model != Model::EisenbergNoe).then(|| deepest.saturating_sub(1)),
            iterations: self.rounds,
        }
    }

    /// `total_loss` split by node kind: every node kind of the graph, zeros included, in name
    /// order; the entries add up to `total_loss`.
    pub fn loss_by_kind(&self, net: &Network) -> std::collections::BTreeMap<String, f64> {
        let mut by: std::collections::BTreeMap<String, f64> = std::collections::BTreeMap::new();
        for i in 0..self.distress.len() {
            *by.entry(net.node_kind(i).to_string()).or_insert(0.0) +=
                self.contribution(i) * self.buffer[i];
        }
        by
    }

    /// Node indices sorted by loss, descending, ties by id.
    pub fn order(&self, net: &Network) -> Vec<usize> {
        let mut o: Vec<usize> = (0..self.loss.len()).collect();
        o.sort_by(|&a, &b| {
            self.loss[b]
                .total_cmp(&self.loss[a])
                .then_with(|| net.id(a).cmp(net.id(b)))
        });
        o
    }
}
