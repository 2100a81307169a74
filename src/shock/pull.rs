//! Fused parallel pull rounds of the cascade models (differential and classic DebtRank,
//! threshold), and the switch between push and pull.
//!
//! A round is synchronous: every node's new distress depends only on what its obligors passed
//! on in the previous round (`x_j`: the increment in differential DebtRank, the level in
//! classic DebtRank, the share of exposure in the threshold model). It can be computed two
//! ways:
//!
//! - **push**: walk the out-rows of the frontier (the nodes passing something on) in the
//!   distress graph and add `x_j * exposure(j -> i)` to each exposed end `i` — one random write
//!   per edge, the cheap way while the frontier is small;
//! - **pull**: every node sums `exposure(j -> i) * x_j` over its own row of
//!   [`crate::model::Impact`] (its obligors, in increasing order, 12 bytes per entry), with `x`
//!   a dense vector that is zero outside the frontier — a sequential read of the whole matrix,
//!   the cheap way once the frontier's out-edges are a sizeable share of all edges.
//!
//! `Lambda_ij = exposure(j -> i) / buffer_i` is applied per row: differential DebtRank and the
//! threshold model divide the node's summed loss by its buffer once, classic DebtRank caps each
//! entry's `exposure / buffer_i` at 1 (Battiston et al. 2012), exactly as their push rounds do.
//!
//! `use_pull` picks pull when the frontier's out-edges exceed [`pull_permille`] thousandths of
//! all entries (default [`PULL_PERMILLE`], measured in `docs/benchmarks.md`, "One full-default
//! shock") and the frontier has more than [`MIN_PULL_FRONTIER`] nodes.
//!
//! `pull_round` fuses the whole round into one parallel pass over fixed blocks of `CHUNK` (2,048)
//! nodes: each node pulls its sum, applies the model's update (a closure of the model: the cap
//! at 1, the buffer-0 rule, the tolerance hold-back of differential DebtRank, unchanged) and, if
//! it joins the next frontier, lands in its block's list; the blocks' lists are concatenated in
//! block order, so no `(node, value)` pairs are collected and no serial pass visits the touched
//! nodes. A node's sum runs over its own row in a fixed order (increasing obligor) and the
//! blocks do not depend on the thread count, so the result is the same on any number
//! of threads. Push and pull add a node's incoming terms in different orders, so the two can
//! differ in the last bits (tested to 1e-12; on the 1M-node graph the largest difference
//! from the push-heavy kernel before this one is 7.6e-15).

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::workspace::{Workspace, MARK};
use crate::model::gather::PullRows;
use crate::model::Impact;

/// Nodes per block of a pull round (the unit of parallel work and of the frontier lists).
pub(crate) const CHUNK: usize = 2048;

/// Default switch point: pull when the frontier's out-edges exceed this many thousandths of
/// all entries of the impact matrix.
pub const PULL_PERMILLE: usize = 20;

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

thread_local! {
    /// A switch point `(permille, min frontier)` in force on this thread (tests).
    static OVERRIDE: std::cell::Cell<Option<(usize, usize)>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with the switch point `(permille, min_frontier)` on the calling thread (the thread
/// that runs the propagation decides push or pull): the tests force every round to push or to
/// pull with it.
#[cfg(test)]
pub(crate) fn with_switch<R>(permille: usize, min_frontier: usize, f: impl FnOnce() -> R) -> R {
    OVERRIDE.with(|o| o.set(Some((permille, min_frontier))));
    let r = f();
    OVERRIDE.with(|o| o.set(None));
    r
}

/// A rayon pool of `threads` threads on each of which the switch point `(permille,
/// min_frontier)` is in force (set on every thread by a broadcast): for tests of code whose
/// propagations run on rayon's workers (the all-node sweep), which [`with_switch`], set on the
/// calling thread only, does not reach.
#[cfg(test)]
pub(crate) fn pool_with_switch(
    threads: usize,
    permille: usize,
    min_frontier: usize,
) -> rayon::ThreadPool {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.broadcast(|_| OVERRIDE.with(|o| o.set(Some((permille, min_frontier)))));
    pool
}

/// Whether a round whose frontier has `frontier` nodes and `out_edges` out-edges should pull.
#[inline]
pub(crate) fn use_pull(frontier: usize, out_edges: usize, entries: usize) -> bool {
    let (permille, min_frontier) = OVERRIDE
        .with(std::cell::Cell::get)
        .unwrap_or((pull_permille(), MIN_PULL_FRONTIER));
    frontier > min_frontier && out_edges as u128 * 1000 > permille as u128 * entries as u128
}

/// Fewest frontier nodes for which the frontier's bookkeeping runs in parallel.
const PAR_FRONTIER: usize = 1 << 14;

/// Calls `f(entry, &mut slots[node(entry)])` for every entry of `frontier`. When the frontier
/// is `sorted` by node (as a pull round leaves it) and large, the blocks of [`CHUNK`] nodes run
/// in parallel, each over its own run of the frontier (found by binary search); else in order.
/// A frontier lists each node once and `f` writes only its node's slot, so the result is the
/// same either way.
pub(crate) fn for_frontier<T: Sync, S: Send>(
    frontier: &[T],
    sorted: bool,
    node: impl Fn(&T) -> usize + Sync,
    slots: &mut [S],
    f: impl Fn(&T, &mut S) + Sync,
) {
    if !sorted || frontier.len() < PAR_FRONTIER {
        for t in frontier {
            f(t, &mut slots[node(t)]);
        }
        return;
    }
    slots
        .par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(c, block)| {
            let base = c * CHUNK;
            let from = frontier.partition_point(|t| node(t) < base);
            let to = frontier.partition_point(|t| node(t) < base + block.len());
            for t in &frontier[from..to] {
                f(t, &mut block[node(t) - base]);
            }
        });
}

/// The frontier's out-edges in `csr` (for the push/pull switch), summed in parallel when the
/// frontier is large.
pub(crate) fn frontier_out_edges<T: Sync>(
    frontier: &[T],
    node: impl Fn(&T) -> usize + Sync,
    csr: &crate::model::Csr,
) -> usize {
    if frontier.len() < PAR_FRONTIER {
        frontier.iter().map(|t| csr.degree(node(t))).sum()
    } else {
        frontier.par_iter().map(|t| csr.degree(node(t))).sum()
    }
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

/// Runs one fused pull round over every node: `s_i = sum_j w_ij * ws.delta[j]` over the
/// entries `w_ij` of `rows` (the exposures of `imp`, [`Impact::rows`], or classic DebtRank's
/// stored coefficients, [`Impact::classic_rows`]);
/// the nodes with `s_i > 0` or marked [`MARK`] (edge-shock corrections) are passed to
/// `update`, which returns the distress before the change when it raised it, and whether the
/// node joins the next frontier. Records the round a node first changes in; clears [`MARK`];
/// marks the workspace dense.
pub(crate) fn pull_round<U>(
    ws: &mut Workspace,
    imp: &Impact,
    rows: PullRows<'_>,
    round: u32,
    trace: bool,
    update: U,
) -> Pulled
where
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
                rows.sums(
                    delta,
                    base,
                    h.len(),
                    |_| 0.0,
                    |w| w,
                    |i, s| {
                        let k = i - base;
                        if !(s > 0.0 || flag[k] & MARK != 0) {
                            return;
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
                    },
                );
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

#[cfg(test)]
mod tests {
    use super::with_switch;
    use crate::model::Network;
    use crate::shock::{self, EdgeShock, Haircut, Model, Params, Shock, ShockResult, Trace};
    use crate::test_support::{graph, graph_opt};
    use crate::{EdgeId, Error, NodeId};

    #[test]
    fn frontier_bookkeeping_is_the_same_in_parallel_and_in_order() {
        // 200,000 slots, a sorted frontier of every third node from 17 (66,661 entries, past
        // the parallel threshold; its runs end inside the blocks of `CHUNK` nodes).
        let n = 200_000;
        let frontier: Vec<(u32, f64)> = (17..n as u32)
            .step_by(3)
            .map(|j| (j, f64::from(j) * 0.5))
            .collect();
        assert!(frontier.len() > super::PAR_FRONTIER);
        let node = |&(j, _): &(u32, f64)| j as usize;
        let run = |sorted: bool, threads: usize| {
            let mut slots = vec![-1.0f64; n];
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    super::for_frontier(&frontier, sorted, node, &mut slots, |&(_, v), s| {
                        *s = v;
                    });
                });
            slots
        };
        let want: Vec<f64> = (0..n)
            .map(|i| {
                if i >= 17 && (i - 17) % 3 == 0 {
                    i as f64 * 0.5
                } else {
                    -1.0
                }
            })
            .collect();
        assert_eq!(run(false, 1), want);
        assert_eq!(run(true, 1), want);
        assert_eq!(run(true, 2), want);
        let csr = crate::model::Csr::from_triples_par(n, frontier.len(), |k| {
            (frontier[k].0, (frontier[k].0 + 1) % n as u32, 1.0)
        });
        assert_eq!(
            super::frontier_out_edges(&frontier, node, &csr),
            frontier.len()
        );
    }

    /// A seeded random graph: `n` nodes, about `n * deg` debts with heavy-tailed obligors (a
    /// few hubs), buffers between 5 and 60, and a few buffer-0 nodes.
    fn random_graph(n: usize, deg: usize, seed: u64) -> Network {
        random_graph_without(n, deg, seed, usize::MAX)
    }

    /// [`random_graph`] where node `missing` gives no buffer.
    fn random_graph_without(n: usize, deg: usize, seed: u64, missing: usize) -> Network {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        let nodes: Vec<(&str, Option<f64>)> = names
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let b = if i % 97 == 5 {
                    0.0
                } else {
                    5.0 + (next() % 5500) as f64 / 100.0
                };
                (s.as_str(), (i != missing).then_some(b))
            })
            .collect();
        let mut edges = Vec::new();
        for _ in 0..n * deg {
            // Obligors skewed towards low indices (hubs), creditors uniform.
            let r = (next() % 1_000_000) as f64 / 1e6;
            let from = ((r * r * r) * n as f64) as usize % n;
            let to = (next() % n as u64) as usize;
            if from != to {
                let amount = 0.5 + (next() % 1000) as f64 / 100.0;
                edges.push((names[from].as_str(), names[to].as_str(), amount));
            }
        }
        graph_opt(&nodes, &edges)
    }

    fn run(net: &Network, model: Model, edges: &[EdgeShock], trace: bool) -> ShockResult {
        let shocks = [Shock::new(NodeId::new(0), Haircut::FULL)];
        let params = Params::default().with_trace(if trace { Trace::On } else { Trace::Off });
        shock::run_with_edges(net, model, &shocks, edges, &params).unwrap()
    }

    const PUSH: (usize, usize) = (usize::MAX, usize::MAX);
    const PULL: (usize, usize) = (0, 0);

    fn forced(
        (p, m): (usize, usize),
        net: &Network,
        model: Model,
        edges: &[EdgeShock],
    ) -> ShockResult {
        with_switch(p, m, || run(net, model, edges, false))
    }

    fn assert_close(a: &ShockResult, b: &ShockResult, what: &str) {
        assert_eq!(a.state, b.state, "{what}: states");
        assert_eq!(a.first_round, b.first_round, "{what}: first rounds");
        assert_eq!(a.rounds, b.rounds, "{what}: rounds");
        let worst = a
            .distress
            .iter()
            .zip(b.distress.iter())
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        assert!(worst <= 1e-12, "{what}: distress differs by {worst}");
    }

    #[test]
    fn pull_rounds_equal_push_rounds_in_every_model() {
        let net = random_graph(3000, 8, 7);
        let edge = [EdgeShock::new(EdgeId::new(3), Haircut::new(0.7).unwrap())];
        for model in [Model::DebtRank, Model::DebtRankClassic, Model::Threshold] {
            for edges in [&[][..], &edge[..]] {
                let push = forced(PUSH, &net, model, edges);
                let pull = forced(PULL, &net, model, edges);
                // Classic DebtRank with edge shocks passes edge by edge (no pull rounds).
                if model != Model::DebtRankClassic || edges.is_empty() {
                    assert!(pull.edges_touched > push.edges_touched, "{model:?}: pulled");
                }
                assert!(
                    push.totals(&net).distressed > 100,
                    "{model:?}: a wide cascade"
                );
                assert_close(&push, &pull, model.name());
            }
        }
    }

    #[test]
    fn pull_rounds_are_identical_on_one_and_two_threads() {
        let net = random_graph(3000, 8, 11);
        for model in [Model::DebtRank, Model::DebtRankClassic, Model::Threshold] {
            let on = |threads: usize| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap()
                    .install(|| with_switch(0, 0, || run(&net, model, &[], true)))
            };
            let (one, two) = (on(1), on(2));
            assert_eq!(one.distress, two.distress, "{}", model.name());
            assert_eq!(one.trace, two.trace, "{}", model.name());
            assert_eq!(one.first_round, two.first_round, "{}", model.name());
        }
    }

    #[test]
    fn a_node_without_buffer_reached_by_a_pull_round_is_named() {
        let net = random_graph_without(3000, 8, 7, 2999);
        for model in [Model::DebtRank, Model::DebtRankClassic, Model::Threshold] {
            for switch in [PUSH, PULL] {
                let shocks = [Shock::new(NodeId::new(0), Haircut::FULL)];
                let r = with_switch(switch.0, switch.1, || {
                    shock::run(&net, model, &shocks, &Params::default())
                });
                match r {
                    Err(Error::MissingData { nodes, .. }) => {
                        assert_eq!(nodes, vec!["n2999".to_string()], "{}", model.name());
                    }
                    other => panic!("{}: {:?}", model.name(), other.map(|r| r.rounds)),
                }
            }
        }
    }

    #[test]
    fn pulled_cycle_reaches_the_hand_computed_fixed_point() {
        // As debtrank's cycle test, every round pulled: h_a = 0.2 / 0.75, h_b = h_a / 2.
        let net = graph(
            &[("a", 10.0), ("b", 10.0)],
            &[("a", "b", 5.0), ("b", "a", 5.0)],
        );
        let shocks = [Shock::new(NodeId::new(0), Haircut::new(0.2).unwrap())];
        let r = with_switch(0, 0, || {
            shock::run(&net, Model::DebtRank, &shocks, &Params::default()).unwrap()
        });
        assert!((r.distress[0] - 4.0 / 15.0).abs() < 1e-13);
        assert!((r.distress[1] - 2.0 / 15.0).abs() < 1e-13);
        // Every round read both entries of the matrix.
        assert_eq!(r.edges_touched, 2 * u64::from(r.rounds));
    }
}
