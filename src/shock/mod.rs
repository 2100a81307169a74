//! Shock propagation: who loses what, round by round, when nodes' growth stalls.
//!
//! `graph shock --node X --haircut h` means: X's growth stalls and every claim on X loses the
//! share `h` of its value. Four models (`docs/shock-models.md` has the maths and worked examples):
//!
//! | model | module | paper |
//! |---|---|---|
//! | `debtrank` (default) | [`debtrank`] | Bardoscia, Battiston, Caccioli & Caldarelli 2015 |
//! | `debtrank-classic` | [`debtrank_classic`] | Battiston, Puliga, Kaushik, Tasca & Caldarelli 2012 |
//! | `threshold` | [`threshold`] | Furfine 2003; Gai & Kapadia 2010 |
//! | `eisenberg-noe` | [`eisenberg_noe`] | Eisenberg & Noe 2001; Rogers & Veraart 2013 |
//!
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
pub mod edge;
pub mod eisenberg_noe;
pub(crate) mod gauss_seidel;
mod params;
pub mod pull;
mod result;
pub mod threshold;
pub(crate) mod workspace;

pub(crate) use workspace::Workspace;

use crate::error::{Error, Param, Result};
use crate::model::Network;

pub use edge::EdgeShock;
pub use params::{Haircut, Model, Params, Shock, Trace, MAX_ROUNDS, TOLERANCE};
pub use result::{Clearing, Round, ShockResult, State, Totals};

/// Distress within this of 1 counts as 1 (default): a loss that equals the buffer exactly can
/// land a few ulps short of it when summed in floating point.
pub(crate) const DEFAULT_SNAP: f64 = 1e-12;

/// Caps relative distress at 1 and snaps values within [`DEFAULT_SNAP`] of 1 to 1.
#[inline]
pub(crate) fn cap(h: f64) -> f64 {
    if h >= 1.0 - DEFAULT_SNAP {
        1.0
    } else {
        h
    }
}

/// Checks the shocks: at least one, no node twice.
///
/// # Errors
/// [`Error::InvalidParameter`] ([`Param::Shocks`]) naming the node.
pub fn check_shocks(net: &Network, shocks: &[Shock]) -> Result<()> {
    if shocks.is_empty() {
        return Err(Error::param(
            Param::Shocks,
            "no node to shock",
            Some(NO_SHOCK_HINT),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for s in shocks {
        if !seen.insert(s.node) {
            return Err(Error::param(
                Param::Shocks,
                format!("`{}` is shocked twice", net.id(s.node)),
                Some("give each node one haircut"),
            ));
        }
    }
    Ok(())
}

/// The hint of the "no node to shock" error (a front end may put its own in its place).
pub const NO_SHOCK_HINT: &str = "give at least one node and its haircut";

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
/// No shock or a node shocked twice; missing buffers or external assets.
pub fn run(net: &Network, model: Model, shocks: &[Shock], params: &Params) -> Result<ShockResult> {
    check_shocks(net, shocks)?;
    run_checked(net, model, shocks, params)
}

fn run_checked(
    net: &Network,
    model: Model,
    shocks: &[Shock],
    params: &Params,
) -> Result<ShockResult> {
    match model {
        Model::DebtRank => debtrank::run(net, shocks, params),
        Model::DebtRankClassic => debtrank_classic::run(net, shocks, params),
        Model::Threshold => threshold::run(net, shocks, params),
        Model::EisenbergNoe => eisenberg_noe::run(net, shocks, params),
    }
}

/// Runs `model` on `net` with node shocks and edge shocks (model contract 5.3): each edge in
/// `edges` gives the claim on that edge its own haircut, in all four models (conventions 5-7 of
/// `tests/reference/stall/README.md`; [`edge`] has the rules). With no edge shocks this is
/// [`run`], bit for bit.
///
/// # Errors
/// No shock at all, a node or an edge shocked twice; missing buffers (DebtRank family,
/// threshold) or external assets (Eisenberg–Noe).
pub fn run_with_edges(
    net: &Network,
    model: Model,
    shocks: &[Shock],
    edges: &[EdgeShock],
    params: &Params,
) -> Result<ShockResult> {
    if edges.is_empty() {
        return run(net, model, shocks, params);
    }
    if !shocks.is_empty() {
        check_shocks(net, shocks)?;
    }
    let mut seen = std::collections::HashSet::new();
    for s in edges {
        if !seen.insert(s.edge) {
            let e = net.edge(s.edge);
            return Err(Error::param(
                Param::Shocks,
                format!(
                    "the edge `{}:{}:{}` is shocked twice",
                    net.id(e.from),
                    net.id(e.to),
                    net.edge_kind_name(e.kind)
                ),
                Some("give each edge one haircut"),
            ));
        }
    }
    match propagator(model) {
        Some(propagate) => run_sparse(net, model, shocks, edges, params, propagate),
        None => eisenberg_noe::run_with_edges(net, shocks, edges, params),
    }
}

/// Signature of the sparse propagation of the DebtRank-style models: runs in a reset
/// workspace and returns (converged, edges touched).
pub(crate) type Propagate =
    fn(&mut Workspace, &Network, &[f64], &[Shock], &[EdgeShock], &Params) -> (bool, u64);

/// The sparse propagation of `model`, `None` for Eisenberg–Noe (a clearing, not a cascade).
pub(crate) fn propagator(model: Model) -> Option<Propagate> {
    match model {
        Model::DebtRank => Some(debtrank::propagate),
        Model::DebtRankClassic => Some(debtrank_classic::propagate),
        Model::Threshold => Some(threshold::propagate),
        Model::EisenbergNoe => None,
    }
}

/// Builds the network's cached structures that `model`'s shocks read (the impact matrix, and
/// classic DebtRank's coefficients; the obligations for Eisenberg–Noe), so that shocks run in
/// parallel afterwards only read them. Called before every parallel loop of shocks on one
/// network: a cache first asked for inside such a loop would be built by a parallel job inside
/// `OnceLock::get_or_init`, and the worker waiting on that job can steal another shock that
/// asks for the same cache, a re-entrant initialisation that deadlocks (rayon-rs/rayon#592).
pub(crate) fn prepare(net: &Network, model: Model) {
    match model {
        Model::EisenbergNoe => {
            net.obligations();
        }
        Model::DebtRankClassic => {
            net.impact().classic_rows();
        }
        Model::DebtRank | Model::Threshold => {
            net.impact();
        }
    }
}

/// Runs a DebtRank-style model: propagates in a fresh workspace, then checks that every node
/// the shock reached has a buffer (checking afterwards costs nothing extra: the workspace knows
/// which nodes it touched; nothing to check when every node has one), and returns the dense
/// result.
pub(crate) fn run_sparse(
    net: &Network,
    model: Model,
    shocks: &[Shock],
    edges: &[EdgeShock],
    params: &Params,
    propagate: Propagate,
) -> Result<ShockResult> {
    // The buffers: the pull matrix's copy when a pull round already built it, else read here
    // (O(n), like the workspace), so that a shock that only pushes does not build the matrix.
    let local: Vec<f64>;
    let (buffer, all_buffers) = if let Some(imp) = net.impact_if_built() {
        (imp.buffer(), imp.all_buffers())
    } else {
        local = (0..net.node_count())
            .map(|i| net.buffer(i).unwrap_or(0.0))
            .collect();
        let all = (0..net.node_count()).all(|i| net.buffer(i).is_some());
        (local.as_slice(), all)
    };
    let mut ws = Workspace::new(net.node_count());
    let (converged, edges_touched) = propagate(&mut ws, net, buffer, shocks, edges, params);
    if !all_buffers {
        check_buffers(net, model, &ws.touched())?;
    }
    let mut r = ws.into_result(model, params, shocks, buffer, converged, edges_touched);
    r.edge_shocks = edges.to_vec();
    Ok(r)
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
