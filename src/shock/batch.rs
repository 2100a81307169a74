//! Batched differential DebtRank: [`LANES`] single-node shocks propagated together.
//!
//! The all-node sweep of `graph rank` runs one shock per node. Run one at a time, each shock
//! reads the out-edges of its frontier on its own; here a block of up to [`LANES`] sources
//! shares one pass: the state is an `n x LANES` block stored row-major (the lanes of a node are
//! contiguous), and each round reads every frontier row's out-edges once for all the lanes
//! whose increment is due there, updating the lanes with one short, vectorisable loop.
//!
//! # Model and conventions
//! Exactly those of [`super::debtrank`] (Bardoscia, Battiston, Caccioli & Caldarelli 2015),
//! lane by lane: lane `b` is the run of `super::debtrank::propagate` with the single shock
//! `(sources[b], haircut)`. A lane's frontier is tracked by a bit per node and lane, so a lane
//! passes on an increment exactly when that run would (increments at or below the tolerance
//! are held back, the source starts in the frontier when its haircut is positive, a node is
//! re-evaluated only in the lanes that sent it something). All lanes share the round count, so
//! the round cap stops them where the single runs stop. Only the order in which a node's
//! incoming losses are added can differ from the single run (a few ulps).
//!
//! # Complexity
//! Per round O(LANES x out-edges of the frontier rows); the block is reset sparsely (only the
//! rows a batch touched), so a batch costs what its shocks reach, not the graph's size.

use super::{cap, Haircut, Params};
use crate::model::Network;

/// Shocks propagated together (bits of the lane masks).
pub const LANES: usize = 8;

/// Lane mask: bit `b` for lane `b`.
type Mask = u8;

/// Reusable `n x LANES` state of a batch, reset sparsely.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Source of each lane (`len` <= [`LANES`]).
    sources: Vec<u32>,
    /// Haircut of every lane's source.
    haircut: f64,
    /// Current relative distress, row-major `n x LANES`.
    h: Vec<f64>,
    /// Distress already passed on.
    passed: Vec<f64>,
    /// Cumulative loss received through the network, in graph units.
    received: Vec<f64>,
    /// Lanes that received something this round, per node.
    sent: Vec<Mask>,
    /// Whether a node is in [`Batch::rows`].
    seen: Vec<bool>,
    /// Every node whose slots may be non-zero.
    rows: Vec<u32>,
}

impl Batch {
    /// A batch for a graph of `n` nodes.
    #[must_use]
    pub fn new(n: usize) -> Self {
        Batch {
            sources: Vec::with_capacity(LANES),
            haircut: 0.0,
            h: vec![0.0; n * LANES],
            passed: vec![0.0; n * LANES],
            received: vec![0.0; n * LANES],
            sent: vec![0; n],
            seen: vec![false; n],
            rows: Vec::new(),
        }
    }

    #[inline]
    fn touch(&mut self, i: u32) {
        let s = &mut self.seen[i as usize];
        if !*s {
            *s = true;
            self.rows.push(i);
        }
    }

    /// Seed of node `i` in lane `b`.
    #[inline]
    fn seed(&self, i: usize, b: usize) -> f64 {
        if self.sources[b] as usize == i {
            self.haircut
        } else {
            0.0
        }
    }

    /// Propagates the single-node shocks `(sources[b], haircut)` (at most [`LANES`], no node
    /// twice) with differential DebtRank. `buffer` holds every node's buffer. Returns whether
    /// every lane converged within the round cap.
    ///
    /// # Panics
    /// When `sources` has more than [`LANES`] entries.
    pub fn run(
        &mut self,
        net: &Network,
        buffer: &[f64],
        sources: &[u32],
        haircut: Haircut,
        params: &Params,
    ) -> bool {
        assert!(sources.len() <= LANES, "at most {LANES} sources per batch");
        self.reset();
        self.sources.extend_from_slice(sources);
        self.haircut = haircut.get();
        let tol = params.tolerance();
        let csr = net.distress();
        // (node, lanes due to pass on) in the order the single runs would visit them.
        let mut frontier: Vec<(u32, Mask)> = Vec::new();
        for (b, &k) in sources.iter().enumerate() {
            self.touch(k);
            self.h[k as usize * LANES + b] = self.haircut;
            if self.haircut > 0.0 {
                frontier.push((k, 1 << b));
            }
        }
        let mut touched: Vec<u32> = Vec::new();
        let mut round: usize = 1;
        let mut converged = true;
        let mut d = [0.0f64; LANES];
        while !frontier.is_empty() {
            if round > params.max_rounds() {
                converged = false;
                break;
            }
            for &(j, mask) in &frontier {
                let base = j as usize * LANES;
                let mut due: Mask = 0;
                for (b, db) in d.iter_mut().enumerate() {
                    *db = 0.0;
                    if mask & (1 << b) != 0 {
                        let x = self.h[base + b] - self.passed[base + b];
                        if x > 0.0 {
                            self.passed[base + b] = self.h[base + b];
                            *db = x;
                            due |= 1 << b;
                        }
                    }
                }
                if due == 0 {
                    continue;
                }
                for a in csr.row(j as usize) {
                    let i = a.target as usize;
                    let r = &mut self.received[i * LANES..(i + 1) * LANES];
                    for (x, db) in r.iter_mut().zip(&d) {
                        *x += db * a.weight;
                    }
                    if self.sent[i] == 0 {
                        touched.push(a.target);
                    }
                    self.sent[i] |= due;
                }
            }
            frontier.clear();
            for &i in &touched {
                let iu = i as usize;
                let lanes = std::mem::take(&mut self.sent[iu]);
                self.touch(i);
                let mut pending: Mask = 0;
                for b in (0..self.sources.len()).filter(|&b| lanes & (1 << b) != 0) {
                    let s = iu * LANES + b;
                    let new = distress_of(self.seed(iu, b), self.received[s], buffer[iu]);
                    if new > self.h[s] {
                        self.h[s] = new;
                        if new - self.passed[s] > tol {
                            pending |= 1 << b;
                        }
                    }
                }
                if pending != 0 {
                    frontier.push((i, pending));
                }
            }
            touched.clear();
            round += 1;
        }
        converged
    }

    /// Nodes whose distress may be non-zero in some lane, sorted by index.
    pub fn rows_sorted(&mut self) -> &[u32] {
        self.rows.sort_unstable();
        &self.rows
    }

    /// Final distress of node `i` in lane `b`.
    #[inline]
    #[must_use]
    pub fn distress(&self, i: usize, b: usize) -> f64 {
        self.h[i * LANES + b]
    }

    /// Distress of node `i` in lane `b` beyond its initial distress (the haircut at the source).
    #[inline]
    #[must_use]
    pub fn increase(&self, i: usize, b: usize) -> f64 {
        self.h[i * LANES + b] - self.seed(i, b)
    }

    /// Clears every slot the last run touched.
    fn reset(&mut self) {
        for &i in &self.rows {
            let i = i as usize;
            self.h[i * LANES..(i + 1) * LANES].fill(0.0);
            self.passed[i * LANES..(i + 1) * LANES].fill(0.0);
            self.received[i * LANES..(i + 1) * LANES].fill(0.0);
            self.seen[i] = false;
        }
        self.rows.clear();
        self.sources.clear();
    }
}

/// Relative distress from a seed and the loss received (as [`super::Workspace`]'s).
#[inline]
fn distress_of(seed: f64, received: f64, buffer: f64) -> f64 {
    if buffer > 0.0 {
        cap(seed + received / buffer)
    } else if received > 0.0 {
        1.0
    } else {
        seed
    }
}
