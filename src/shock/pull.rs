//! Fused parallel pull rounds of the cascade models (differential and classic DebtRank,
//! threshold), and the switch between push and pull.
//!
//! A round is synchronous: every node's new distress depends only on the increments its
//! obligors passed on in the previous round. It can be computed two ways:
//!
//! - **push**: walk the out-rows of the frontier (the nodes passing something on) in the
//!   distress graph and add `x_j * Lambda_ij` to each exposed end — one random write per edge,
//!   the cheap way while the frontier is small;
//! - **pull**: every node sums `Lambda_ij x_j` over its own row of [`crate::model::Impact`]
//!   (its obligors, in increasing order), with `x` a dense vector that is zero outside the
//!   frontier — a sequential read of the whole matrix, the cheap way once the frontier's
//!   out-edges are a sizeable share of all edges.
//!
//! [`use_pull`] picks pull when the frontier's out-edges exceed [`pull_permille`] thousandths of
//! all entries (default [`PULL_PERMILLE`], measured in `docs/benchmarks.md`, "One full-default
//! shock") and the frontier has more than [`MIN_PULL_FRONTIER`] nodes.
//!
//! [`pull_round`] fuses the whole round into one parallel pass over fixed blocks of
//! [`CHUNK`] nodes: each node pulls its sum, applies the model's update (cap at 1, the
//! buffer-0 rule, the tolerance hold-back: a closure of the model) and, if it joins the next
//! frontier, lands in its block's list; the blocks' lists are concatenated in block order. A
//! node's sum runs over its own row in a fixed order and the blocks do not depend on the thread
//! count, so the result is the same on any number of threads. Push and pull add a node's
//! incoming terms in different orders, so the two can differ in the last bits.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::workspace::{Workspace, MARK};
use crate::model::Impact;

/// Nodes per block of a pull round (the unit of parallel work and of the frontier lists).
pub(crate) const CHUNK: usize = 2048;

/// Default switch point: pull when the frontier's out-edges exceed this many thousandths of
/// all entries of the impact matrix.
pub const PULL_PERMILLE: usize = 50;

/// Frontiers of at most this many nodes are always pushed.
pub const MIN_PULL_FRONTIER: usize = 64;

static PERMILLE: AtomicUsize = AtomicUsize::new(PULL_PERMILLE);

/// The switch point in use (thousandths of all entries); see [`set_pull_permille`].
pub fn pull_permille() -> usize {
    PERMILLE.load(Ordering::Relaxed)
}

/// Sets the push/pull switch point for the whole process (for measuring it: 0 pulls every
/// round with more than [`MIN_PULL_FRONTIER`] nodes, above 1000 never pulls). Results do not
/// depend on it beyond the order in which a node's incoming terms are added.
#[doc(hidden)]
pub fn set_pull_permille(permille: usize) {
    PERMILLE.store(permille, Ordering::Relaxed);
}

/// Whether a round whose frontier has `frontier` nodes and `out_edges` out-edges should pull.
#[inline]
pub(crate) fn use_pull(frontier: usize, out_edges: usize, entries: usize) -> bool {
    frontier > MIN_PULL_FRONTIER
        && out_edges as u128 * 1000 > pull_permille() as u128 * entries as u128
}

/// `sum_k weight(lam[k]) * delta[src[k]]` over one row, in four interleaved partial sums (the
/// gathers from `delta` overlap instead of waiting on one chain of additions), combined as
/// `(s0 + s1) + (s2 + s3)` then the tail: a fixed order, whatever the thread count.
#[inline]
fn row_sum(src: &[u32], lam: &[f64], delta: &[f64], weight: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0.0f64; 4];
    let (src4, src_tail) = src.split_at(src.len() & !3);
    let (lam4, lam_tail) = lam.split_at(src4.len());
    for (j, w) in src4.chunks_exact(4).zip(lam4.chunks_exact(4)) {
        for q in 0..4 {
            acc[q] += weight(w[q]) * delta[j[q] as usize];
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (&j, &w) in src_tail.iter().zip(lam_tail) {
        s += weight(w) * delta[j as usize];
    }
    s
}

/// One node's slots, as a model's update sees them in a pull round.
pub(crate) struct Node<'a> {
    pub h: &'a mut f64,
    pub received: &'a mut f64,
    pub passed: &'a mut f64,
    pub flag: &'a mut u8,
    pub seed: f64,
    pub buffer: f64,
}

/// The outcome of a pull round.
#[derive(Debug, Default)]
pub(crate) struct Pulled {
    /// The nodes that join the next frontier, by index.
    pub frontier: Vec<u32>,
    /// `(node, new distress)` of the nodes whose distress changed (only with tracing on).
    pub changes: Vec<(u32, f64)>,
    /// Sum of `(new - old distress) * buffer` over the changed nodes, block by block.
    pub running: f64,
    /// Whether some distress changed.
    pub changed: bool,
}

/// Runs one fused pull round over every node: `s_i = sum_j weight(Lambda_ij) * ws.delta[j]`;
/// the nodes with `s_i > 0` or marked [`MARK`] (edge-shock corrections) are passed to
/// `update`, which returns the distress before the change when it raised it, and whether the
/// node joins the next frontier. Records the round a node first changes in; clears [`MARK`];
/// marks the workspace dense.
pub(crate) fn pull_round<W, U>(
    ws: &mut Workspace,
    imp: &Impact,
    round: u32,
    trace: bool,
    weight: W,
    update: U,
) -> Pulled
where
    W: Fn(f64, f64) -> f64 + Sync,
    U: Fn(Node<'_>, f64) -> (Option<f64>, bool) + Sync,
{
    ws.dense = true;
    let delta = &ws.delta;
    let seed = &ws.seed;
    let buffer = imp.buffer();
    let blocks: Vec<Pulled> =
        ws.h.par_chunks_mut(CHUNK)
            .zip(ws.received.par_chunks_mut(CHUNK))
            .zip(ws.passed.par_chunks_mut(CHUNK))
            .zip(ws.flag.par_chunks_mut(CHUNK))
            .zip(ws.first.par_chunks_mut(CHUNK))
            .enumerate()
            .map(|(c, ((((h, received), passed), flag), first))| {
                let base = c * CHUNK;
                let mut out = Pulled::default();
                for k in 0..h.len() {
                    let i = base + k;
                    let (src, lam) = imp.row(i);
                    let b = buffer[i];
                    let s = row_sum(src, lam, delta, |w| weight(w, b));
                    if !(s > 0.0 || flag[k] & MARK != 0) {
                        continue;
                    }
                    flag[k] &= !MARK;
                    let node = Node {
                        h: &mut h[k],
                        received: &mut received[k],
                        passed: &mut passed[k],
                        flag: &mut flag[k],
                        seed: seed[i],
                        buffer: buffer[i],
                    };
                    let (old, join) = update(node, s);
                    if let Some(old) = old {
                        out.changed = true;
                        out.running += (h[k] - old) * buffer[i];
                        if first[k] == 0 {
                            first[k] = round;
                        }
                        if trace {
                            out.changes.push((i as u32, h[k]));
                        }
                    }
                    if join {
                        out.frontier.push(i as u32);
                    }
                }
                out
            })
            .collect();
    let mut all = Pulled {
        frontier: Vec::with_capacity(blocks.iter().map(|b| b.frontier.len()).sum()),
        ..Pulled::default()
    };
    for b in blocks {
        all.frontier.extend_from_slice(&b.frontier);
        all.changes.extend_from_slice(&b.changes);
        all.running += b.running;
        all.changed |= b.changed;
    }
    if all.changed && round > ws.rounds {
        ws.rounds = round;
    }
    all
}
