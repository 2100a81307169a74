//! Shock propagation: who loses what, round by round, when nodes' growth stalls.
//!
//! `graph shock --node X --haircut h` means: X's growth stalls and every claim on X loses the
//! share `h` of its value. Four models (`docs/models.md` has the maths and worked examples):
//!
//! | model | module | paper |
//! |---|---|---|
//! | `debtrank` (default) | [`debtrank`] | Bardoscia, Battiston, Caccioli & Caldarelli 2015 |
//! | `debtrank-classic` | [`debtrank_classic`] | Battiston, Puliga, Kaushik, Tasca & Caldarelli 2012 |
//! | `threshold` | [`threshold`] | Furfine 2003; Gai & Kapadia 2010 |
//! | `eisenberg-noe` | [`eisenberg_noe`] | Eisenberg & Noe 2001; Rogers & Veraart 2013 |
//!
//! Distress travels along the network's distress graph (obligor -> exposed end, weight
//! `amount * (1 - recovery)`). Relative distress `h_i = loss_i / buffer_i` in [0, 1] is measured
//! against the pre-shock buffer; `Lambda_ij = exposure(j -> i) / buffer_i`. A node with buffer 0
//! is defaulted by any positive loss. Propagation is sparse: each round touches only the edges
//! out of nodes whose distress changed, so a shock costs time in proportion to what it reaches.
//!
//! Totals leave the shocked nodes' initial distress `h(1)` out, as DebtRank's R does:
//! `total_loss = sum_i (h_i - h_i(1)) * buffer_i`,
//! `impact = sum_i value_i (h_i - h_i(1)) / sum_i value_i`.

pub mod debtrank;
pub mod debtrank_classic;
pub mod eisenberg_noe;
pub mod threshold;
pub mod workspace;

pub use workspace::Workspace;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Network;

/// The shock models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    /// Differential DebtRank (Bardoscia et al. 2015): every increment of distress is passed on.
    #[value(name = "debtrank")]
    #[serde(rename = "debtrank")]
    DebtRank,
    /// Classic DebtRank (Battiston et al. 2012): a node passes its distress on once.
    #[value(name = "debtrank-classic")]
    #[serde(rename = "debtrank-classic")]
    DebtRankClassic,
    /// Default cascade (Furfine 2003; Gai & Kapadia 2010): only defaults propagate.
    Threshold,
    /// Eisenberg–Noe clearing (2001), with optional Rogers–Veraart default costs (2013).
    #[value(name = "eisenberg-noe")]
    #[serde(rename = "eisenberg-noe")]
    EisenbergNoe,
}

impl Model {
    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Model::DebtRank => "debtrank",
            Model::DebtRankClassic => "debtrank-classic",
            Model::Threshold => "threshold",
            Model::EisenbergNoe => "eisenberg-noe",
        }
    }

    /// Parses a model name.
    pub fn parse(s: &str) -> Option<Model> {
        [
            Model::DebtRank,
            Model::DebtRankClassic,
            Model::Threshold,
            Model::EisenbergNoe,
        ]
        .into_iter()
        .find(|m| m.name() == s)
    }
}

/// One shocked node and its haircut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shock {
    /// Node index.
    pub node: u32,
    /// Haircut in [0, 1].
    pub haircut: f64,
}

/// Model parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Rogers–Veraart: share of external assets a defaulted node realises (1 = Eisenberg–Noe).
    pub alpha: f64,
    /// Rogers–Veraart: share of interbank inflow a defaulted node realises (1 = Eisenberg–Noe).
    pub beta: f64,
    /// Record the round-by-round trace.
    pub trace: bool,
    /// Stop after this many rounds (reported as not converged).
    pub max_rounds: usize,
    /// Differential DebtRank: increments of distress at or below this are held back (default
    /// [`TOLERANCE`]). Larger values trade accuracy for speed on big graphs: every held-back
    /// increment is below it.
    pub tolerance: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            alpha: 1.0,
            beta: 1.0,
            trace: false,
            max_rounds: 1_000_000,
            tolerance: TOLERANCE,
        }
    }
}

/// Changes below this (in relative distress) are not passed on; DebtRank stops when no
/// distress changes by more than this.
pub const TOLERANCE: f64 = 1e-14;

/// Distress within this of 1 counts as 1 (default): a loss that equals the buffer exactly can
/// land a few ulps short of it when summed in floating point.
pub const DEFAULT_SNAP: f64 = 1e-12;

/// Caps relative distress at 1 and snaps values within [`DEFAULT_SNAP`] of 1 to 1.
#[inline]
pub fn cap(h: f64) -> f64 {
    if h >= 1.0 - DEFAULT_SNAP {
        1.0
    } else {
        h
    }
}

/// A node's state at the end of a shock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
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
    /// p_i: all the node pays, outside creditors included.
    pub payment: Vec<f64>,
    /// p_i / pbar_i (1 when the node owes nothing).
    pub payment_ratio: Vec<f64>,
    /// Equity after clearing: e_i + inflow_i - pbar_i (can be negative).
    pub equity: Vec<f64>,
    /// Equity before the shock (external assets before the haircut + claims at face - pbar).
    pub equity_before: Vec<f64>,
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
    /// Whether propagation reached its fixed point.
    pub converged: bool,
    /// Rounds in which some distress changed.
    pub rounds: u32,
    /// Final relative distress h_i in [0, 1].
    pub distress: Vec<f64>,
    /// Initial distress h_i(1) (the haircut on shocked nodes, 0 elsewhere).
    pub initial: Vec<f64>,
    /// Loss of each node in graph units (`h * buffer`; Eisenberg–Noe: equity lost).
    pub loss: Vec<f64>,
    /// Final state.
    pub state: Vec<State>,
    /// Round in which the node was first hit (1 for the shocked nodes and their direct
    /// counterparties), `None` if never.
    pub first_round: Vec<Option<u32>>,
    /// Round-by-round trace (with `Params::trace`).
    pub trace: Vec<Round>,
    /// Eisenberg–Noe clearing figures.
    pub clearing: Option<Clearing>,
    /// The buffer used for each node in the totals.
    pub buffer: Vec<f64>,
    /// Edges (CSR entries) visited, a measure of the work done.
    pub edges_touched: u64,
}

/// Totals of a shock (design page, section 2).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Totals {
    /// `sum_i (h_i - h_i(1)) * buffer_i`.
    pub total_loss: f64,
    /// `sum_i value_i (h_i - h_i(1)) / sum_i value_i` (0 when the total value is 0).
    pub impact: f64,
    /// Nodes distressed at the end (shocked ones included).
    pub distressed: usize,
    /// Nodes defaulted at the end (shocked ones included).
    pub defaulted: usize,
}

impl ShockResult {
    /// The totals, computed from the per-node results.
    pub fn totals(&self, net: &Network) -> Totals {
        let mut total_loss = 0.0;
        let mut weighted = 0.0;
        let mut value = 0.0;
        let (mut distressed, mut defaulted) = (0, 0);
        for i in 0..self.distress.len() {
            let dh = self.distress[i] - self.initial[i];
            total_loss += dh * self.buffer[i];
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
            distressed,
            defaulted,
        }
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

/// Checks the shocks: haircuts in [0, 1], no node twice.
///
/// # Errors
/// [`Error::InvalidParameter`] naming the node.
pub fn check_shocks(net: &Network, shocks: &[Shock]) -> Result<()> {
    if shocks.is_empty() {
        return Err(Error::param(
            "shock",
            "no node to shock",
            Some("give --node ID --haircut H, --shock ID=H, or --scenario FILE"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for s in shocks {
        let id = net.id(s.node as usize);
        if !(0.0..=1.0).contains(&s.haircut) {
            return Err(Error::param(
                "--haircut",
                format!(
                    "the haircut on `{id}` is {}, but it must be in [0, 1]",
                    s.haircut
                ),
                Some("0.5 means every claim on the node loses half its value"),
            ));
        }
        if !seen.insert(s.node) {
            return Err(Error::param(
                "--shock",
                format!("`{id}` is shocked twice"),
                Some("give each node one haircut"),
            ));
        }
    }
    Ok(())
}

/// Nodes reachable from the shocked ones in the distress graph (the shocked ones included).
pub fn reach(net: &Network, shocks: &[Shock]) -> Vec<u32> {
    let n = net.node_count();
    let mut seen = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    for s in shocks {
        if !seen[s.node as usize] {
            seen[s.node as usize] = true;
            stack.push(s.node);
        }
    }
    let mut out = stack.clone();
    while let Some(j) = stack.pop() {
        for a in net.distress().row(j as usize) {
            if !seen[a.target as usize] {
                seen[a.target as usize] = true;
                stack.push(a.target);
                out.push(a.target);
            }
        }
    }
    out
}

/// The buffers of every node (0 where none is given), failing with the nodes among `needed`
/// that lack one.
///
/// # Errors
/// [`Error::MissingData`] listing those nodes, sorted by id.
pub fn buffers(net: &Network, model: Model, needed: &[u32]) -> Result<Vec<f64>> {
    check_buffers(net, model, needed)?;
    Ok((0..net.node_count())
        .map(|i| net.buffer(i).unwrap_or(0.0))
        .collect())
}

/// State from relative distress (DebtRank models): defaulted at 1, distressed above 0.
#[inline]
pub fn state_of(h: f64) -> State {
    if h >= 1.0 {
        State::Defaulted
    } else if h > 0.0 {
        State::Distressed
    } else {
        State::Undistressed
    }
}

/// Runs `model` on `net`.
///
/// # Errors
/// Invalid shocks or parameters, missing buffers or external assets.
pub fn run(net: &Network, model: Model, shocks: &[Shock], params: &Params) -> Result<ShockResult> {
    check_shocks(net, shocks)?;
    if !(params.alpha.is_finite() && (0.0..=1.0).contains(&params.alpha)) {
        return Err(Error::param(
            "--alpha",
            format!("{} is not in [0, 1]", params.alpha),
            Some("alpha is the share of external assets a defaulted node realises (1 = Eisenberg–Noe)"),
        ));
    }
    if !(params.beta.is_finite() && (0.0..=1.0).contains(&params.beta)) {
        return Err(Error::param(
            "--beta",
            format!("{} is not in [0, 1]", params.beta),
            Some("beta is the share of claims on others a defaulted node realises (1 = Eisenberg–Noe)"),
        ));
    }
    if !(params.tolerance.is_finite() && params.tolerance >= 0.0 && params.tolerance < 1.0) {
        return Err(Error::param(
            "--tolerance",
            format!("{} is not in [0, 1)", params.tolerance),
            Some("the default is 1e-14; 1e-9 is plenty for a ranking"),
        ));
    }
    match model {
        Model::DebtRank => debtrank::run(net, shocks, params),
        Model::DebtRankClassic => debtrank_classic::run(net, shocks, params),
        Model::Threshold => threshold::run(net, shocks, params),
        Model::EisenbergNoe => eisenberg_noe::run(net, shocks, params),
    }
}

/// Signature of the sparse propagation of the DebtRank-style models: runs in a reset
/// workspace and returns (converged, edges touched).
pub(crate) type Propagate = fn(&mut Workspace, &Network, &[f64], &[Shock], &Params) -> (bool, u64);

/// The sparse propagation of `model`, `None` for Eisenberg–Noe (a clearing, not a cascade).
pub(crate) fn propagator(model: Model) -> Option<Propagate> {
    match model {
        Model::DebtRank => Some(debtrank::propagate),
        Model::DebtRankClassic => Some(debtrank_classic::propagate),
        Model::Threshold => Some(threshold::propagate),
        Model::EisenbergNoe => None,
    }
}

/// Runs a DebtRank-style model: propagates in a fresh workspace, then checks that every node
/// the shock reached has a buffer (checking afterwards costs nothing extra: the workspace knows
/// which nodes it touched), and returns the dense result.
pub(crate) fn run_sparse(
    net: &Network,
    model: Model,
    shocks: &[Shock],
    params: &Params,
    propagate: Propagate,
) -> Result<ShockResult> {
    let buffer: Vec<f64> = (0..net.node_count())
        .map(|i| net.buffer(i).unwrap_or(0.0))
        .collect();
    let mut ws = Workspace::new(net.node_count());
    let (converged, edges) = propagate(&mut ws, net, &buffer, shocks, params);
    check_buffers(net, model, &ws.hit)?;
    Ok(ws.result(model, params, shocks, buffer, converged, edges))
}

/// Fails with the nodes among `nodes` that have no buffer.
///
/// # Errors
/// [`Error::MissingData`] listing them, sorted by id.
pub fn check_buffers(net: &Network, model: Model, nodes: &[u32]) -> Result<()> {
    let mut missing: Vec<String> = nodes
        .iter()
        .filter(|&&i| net.buffer(i as usize).is_none())
        .map(|&i| net.id(i as usize).to_string())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    missing.sort();
    missing.dedup();
    Err(Error::MissingData {
        model: model.name().into(),
        field: "buffer".into(),
        nodes: missing,
    })
}

/// Shared bookkeeping of the DebtRank-style models: per-round traces and first hits.
pub(crate) struct Recorder {
    pub trace_on: bool,
    pub trace: Vec<Round>,
    pub first_round: Vec<Option<u32>>,
    pub rounds: u32,
}

impl Recorder {
    pub fn new(n: usize, trace_on: bool) -> Self {
        Recorder {
            trace_on,
            trace: Vec::new(),
            first_round: vec![None; n],
            rounds: 0,
        }
    }

    /// Records a node's distress change in `round`.
    pub fn hit(&mut self, round: u32, node: u32) {
        let f = &mut self.first_round[node as usize];
        if f.is_none() {
            *f = Some(round);
        }
        self.rounds = self.rounds.max(round);
    }

    /// Records the changes of a round (only with tracing on).
    pub fn round(&mut self, round: u32, changes: Vec<(u32, f64)>, total_loss: f64) {
        if self.trace_on && !changes.is_empty() {
            self.trace.push(Round {
                round,
                changes,
                total_loss,
            });
        }
    }
}
