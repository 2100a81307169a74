//! Reusable state of the propagation models (DebtRank, classic DebtRank, threshold).
//!
//! A [`Workspace`] holds one slot per node and remembers which slots a shock touched, so that
//! resetting it costs time in proportion to what the shock reached, not to the graph's size.
//! One workspace per thread lets `graph rank` run a shock per node without reallocating.

use rayon::prelude::*;

use super::{state_of, Model, Params, Round, Shock, ShockResult, State};

/// Nodes per parallel task in the result's per-node passes.
const MIN_LEN: usize = 1 << 14;

/// Relative distress from a seed and the loss received: `min(1, seed + received / buffer)`
/// ([`super::cap`]), or 1 on any positive loss when the buffer is not positive.
#[inline]
pub(crate) fn distress(seed: f64, received: f64, buffer: f64) -> f64 {
    if buffer > 0.0 {
        super::cap(seed + received / buffer)
    } else if received > 0.0 {
        1.0
    } else {
        seed
    }
}

/// Per-node scratch state, reset sparsely.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Initial distress h(1) (the haircuts).
    pub(crate) seed: Vec<f64>,
    /// Cumulative loss received through the network, in graph units.
    pub(crate) received: Vec<f64>,
    /// Current relative distress.
    pub(crate) h: Vec<f64>,
    /// Distress already passed on (DebtRank), or share of exposure passed (threshold).
    pub(crate) passed: Vec<f64>,
    /// Bit flags: [`MARK`], [`DONE`], [`ACTIVE`].
    pub(crate) flag: Vec<u8>,
    /// Round first hit, 0 = never.
    pub(crate) first: Vec<u32>,
    /// Every node whose slots are non-zero, in first-touch order (not kept once a pull round
    /// ran: see `dense`).
    pub(crate) hit: Vec<u32>,
    seen: Vec<bool>,
    /// Increments passed on in a pull round (zero outside its frontier and between rounds).
    pub(crate) delta: Vec<f64>,
    /// A pull round ran: any slot may be non-zero, `hit` is incomplete and the reset clears
    /// every slot.
    pub(crate) dense: bool,
    /// Round-by-round changes (with tracing on).
    pub(crate) trace: Vec<Round>,
    /// Running total loss (sum of (h - h(1)) * buffer) for the trace.
    pub(crate) running: f64,
    /// Last round in which some distress changed.
    pub(crate) rounds: u32,
}

/// Flag: queued in this round's touched list.
pub(crate) const MARK: u8 = 1;
/// Flag: defaulted and passed on (threshold) / inactive (classic DebtRank).
pub(crate) const DONE: u8 = 2;
/// Flag: distressed and due to pass on (classic DebtRank).
pub(crate) const ACTIVE: u8 = 4;

impl Workspace {
    /// A workspace for `n` nodes.
    pub fn new(n: usize) -> Self {
        Workspace {
            seed: vec![0.0; n],
            received: vec![0.0; n],
            h: vec![0.0; n],
            passed: vec![0.0; n],
            flag: vec![0; n],
            first: vec![0; n],
            hit: Vec::new(),
            seen: vec![false; n],
            delta: vec![0.0; n],
            dense: false,
            trace: Vec::new(),
            running: 0.0,
            rounds: 0,
        }
    }

    /// Number of node slots.
    pub fn len(&self) -> usize {
        self.h.len()
    }

    /// Remembers that node `i` has non-zero slots.
    #[inline]
    pub(crate) fn touch(&mut self, i: u32) {
        let s = &mut self.seen[i as usize];
        if !*s {
            *s = true;
            self.hit.push(i);
        }
    }

    /// A pushed increment: every node exposed to `j` receives `amount` times its exposure
    /// (row `j` of the distress graph) and is queued once in `touched`. Returns the row's
    /// length (the edges touched).
    #[inline]
    pub(crate) fn push_row(
        &mut self,
        csr: &crate::model::Csr,
        j: usize,
        amount: f64,
        touched: &mut Vec<u32>,
    ) -> u64 {
        let row = csr.row(j);
        for a in row {
            let i = a.target as usize;
            self.received[i] += amount * a.weight;
            if self.flag[i] & MARK == 0 {
                self.flag[i] |= MARK;
                touched.push(a.target);
            }
        }
        row.len() as u64
    }

    /// Starts node shock `s`: the node's seed and distress become its haircut; a positive
    /// haircut counts as a change of round 1 (listed in `changes` when `trace` is on). Returns
    /// the haircut when it is positive (the node then passes something in round 1).
    pub(crate) fn seed_shock(
        &mut self,
        s: &Shock,
        trace: bool,
        changes: &mut Vec<(u32, f64)>,
    ) -> Option<f64> {
        let (i, h) = (s.node.index(), s.haircut.get());
        self.touch(s.node.raw());
        self.seed[i] = h;
        self.h[i] = h;
        if h <= 0.0 {
            return None;
        }
        self.record(1, s.node.raw());
        if trace {
            changes.push((s.node.raw(), h));
        }
        Some(h)
    }

    /// Records that node `i`'s distress changed in `round`.
    #[inline]
    pub(crate) fn record(&mut self, round: u32, i: u32) {
        self.touch(i);
        let f = &mut self.first[i as usize];
        if *f == 0 {
            *f = round;
        }
        if round > self.rounds {
            self.rounds = round;
        }
    }

    /// The nodes whose slots are non-zero, in first-touch order for push-only runs, by index
    /// once a pull round ran.
    pub(crate) fn touched(&self) -> std::borrow::Cow<'_, [u32]> {
        if self.dense {
            (0..self.len() as u32)
                .filter(|&i| {
                    let i = i as usize;
                    self.h[i] != 0.0 || self.received[i] != 0.0 || self.seed[i] != 0.0
                })
                .collect::<Vec<u32>>()
                .into()
        } else {
            self.hit.as_slice().into()
        }
    }

    /// Clears every slot a shock touched.
    pub fn reset(&mut self) {
        if self.dense {
            self.seed.fill(0.0);
            self.received.fill(0.0);
            self.h.fill(0.0);
            self.passed.fill(0.0);
            self.flag.fill(0);
            self.first.fill(0);
            self.seen.fill(false);
            self.dense = false;
        }
        for &i in &self.hit {
            let i = i as usize;
            self.seed[i] = 0.0;
            self.received[i] = 0.0;
            self.h[i] = 0.0;
            self.passed[i] = 0.0;
            self.flag[i] = 0;
            self.first[i] = 0;
            self.seen[i] = false;
        }
        self.hit.clear();
        self.trace.clear();
        self.running = 0.0;
        self.rounds = 0;
    }

    /// Relative distress of node `i` from its seed and the loss it received.
    #[inline]
    pub(crate) fn distress_of(&self, i: usize, buffer: f64) -> f64 {
        distress(self.seed[i], self.received[i], buffer)
    }

    /// Final state of node `i` under `model`.
    #[inline]
    pub(crate) fn state(&self, model: Model, i: usize) -> State {
        if model == Model::Threshold {
            if self.flag[i] & DONE != 0 {
                State::Defaulted
            } else if self.h[i] > 0.0 {
                State::Distressed
            } else {
                State::Undistressed
            }
        } else {
            state_of(self.h[i])
        }
    }

    /// Dense result of the last propagation, consuming the workspace (its distress and seed
    /// slots become the result's). The per-node arrays are built in parallel.
    pub(crate) fn into_result(
        self,
        model: Model,
        params: &Params,
        shocks: &[super::Shock],
        buffer: &[f64],
        converged: bool,
        edges_touched: u64,
    ) -> ShockResult {
        let n = self.len();
        let state = (0..n)
            .into_par_iter()
            .with_min_len(MIN_LEN)
            .map(|i| self.state(model, i))
            .collect::<Vec<State>>();
        let first_round = self
            .first
            .par_iter()
            .with_min_len(MIN_LEN)
            .map(|&f| (f > 0).then_some(f))
            .collect::<Vec<Option<u32>>>();
        let loss = self
            .h
            .par_iter()
            .zip(buffer)
            .with_min_len(MIN_LEN)
            .map(|(h, b)| h * b)
            .collect::<Vec<f64>>();
        ShockResult {
            model,
            params: *params,
            shocks: shocks.to_vec(),
            edge_shocks: Vec::new(),
            converged,
            rounds: self.rounds,
            distress: self.h.into(),
            initial: self.seed.into(),
            loss: loss.into(),
            state: state.into(),
            first_round: first_round.into(),
            trace: self.trace,
            clearing: None,
            buffer: buffer
                .par_iter()
                .with_min_len(MIN_LEN)
                .copied()
                .collect::<Vec<f64>>()
                .into(),
            edges_touched,
        }
    }

    /// Appends a round to the trace.
    pub(crate) fn push_round(&mut self, round: u32, changes: Vec<(u32, f64)>) {
        if !changes.is_empty() {
            self.trace.push(Round {
                round,
                changes,
                total_loss: self.running,
            });
        }
    }
}
