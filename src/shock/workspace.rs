//! Reusable state of the propagation models (DebtRank, classic DebtRank, threshold).
//!
//! A [`Workspace`] holds one slot per node and remembers which slots a shock touched, so that
//! resetting it costs time in proportion to what the shock reached, not to the graph's size.
//! One workspace per thread lets `graph rank` run a shock per node without reallocating.

use super::{state_of, Model, Params, Round, ShockResult, State};

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
    /// Every node whose slots are non-zero, in first-touch order.
    pub(crate) hit: Vec<u32>,
    seen: Vec<bool>,
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

    /// Clears every slot a shock touched.
    pub fn reset(&mut self) {
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
        if buffer > 0.0 {
            super::cap(self.seed[i] + self.received[i] / buffer)
        } else if self.received[i] > 0.0 {
            1.0
        } else {
            self.seed[i]
        }
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

    /// Dense result of the last propagation.
    pub(crate) fn result(
        &mut self,
        model: Model,
        params: &Params,
        shocks: &[super::Shock],
        buffer: Vec<f64>,
        converged: bool,
        edges_touched: u64,
    ) -> ShockResult {
        let n = self.len();
        let loss = (0..n).map(|i| self.h[i] * buffer[i]).collect();
        let state = (0..n).map(|i| self.state(model, i)).collect();
        ShockResult {
            model,
            params: *params,
            shocks: shocks.to_vec(),
            edge_shocks: Vec::new(),
            converged,
            rounds: self.rounds,
            distress: self.h.clone().into(),
            initial: self.seed.clone().into(),
            loss,
            state,
            first_round: self.first.iter().map(|&f| (f > 0).then_some(f)).collect(),
            trace: std::mem::take(&mut self.trace),
            clearing: None,
            buffer: buffer.into(),
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
