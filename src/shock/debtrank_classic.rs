//! Classic DebtRank.
//!
//! Battiston, Puliga, Kaushik, Tasca & Caldarelli (2012), "DebtRank: Too central to fail?
//! Financial networks, the FED and systemic risk", Scientific Reports 2: 541,
//! doi:10.1038/srep00541.
//!
//! # Model
//! Nodes are undistressed (U), distressed (D) or inactive (I). The shocked nodes start
//! distressed at their haircut, `h_X(1) = h`. In each round every node that was D in the
//! previous round passes its distress level once, then becomes I:
//!
//! `h_i(t) = min(1, h_i(t-1) + sum_{j: s_j(t-1) = D} W_ij h_j(t-1))`, `W_ij = min(1, Lambda_ij)`,
//! `Lambda_ij = exposure(j -> i) / buffer_i`;
//! `s_i(t) = D` if `h_i(t) > 0` and `s_i(t-1) = U`; `I` if `s_i(t-1) = D`; else unmoved.
//!
//! Distress received after a node has passed its level on is kept but never passed on, so
//! classic DebtRank never exceeds differential DebtRank ([`super::debtrank`]). Every node passes
//! on at most once: the model ends after at most V rounds.
//!
//! # Conventions
//! As [`super::debtrank`]: distress flows obligor -> exposed end; round 1 holds the shocked
//! nodes' level and their counterparties' first losses; buffer 0 means any positive loss
//! defaults (h = 1); needs `buffer` on every reachable node.
//!
//! # Edge shocks (model contract 5.3; `tests/reference/stall/README.md`, convention 6)
//! Each edge `e = i <- O` has the impact weight `omega_e = W_iO * w_e / w_iO`, with
//! `W_iO = min(1, Lambda_iO)` over the parallel edges `i <- O` (section 2's W, split pro rata
//! by exposure `w_e`). Round 1: every edge passes its haircut `H_e` (the one given, else
//! `h_O(1)`), so its exposed end gains `H_e * omega_e`, and the edge has passed `pi_e := H_e`;
//! round 1 *is* the node-shocked nodes' one propagation step, after which they are inactive (an
//! edge given less than its obligor's haircut is never topped up later). A node first
//! distressed in round r passes, in round r+1, `max(0, h_j - pi_e)` on each of its edges (`h_j`
//! its level at the end of round r), then is inactive. An edge-shocked obligor that is not
//! node-shocked keeps `h_O(1) = 0` and moves only if feedback reaches it. Without edge shocks
//! the node-shock kernel runs unchanged.
//!
//! # Complexity
//! Pushed rounds read each node's row once over the whole cascade: O(V + E) time, O(V) memory.
//! A round whose frontier's out-edges are a sizeable share of all edges pulls instead, one
//! parallel pass over every node's in-row (O(V + E) per such round, [`super::pull`]). With edge
//! shocks, O(V + E) more to lay the edges out by obligor (those runs always push).

use std::collections::HashMap;

use super::pull::{for_frontier, frontier_out_edges, pull_round, use_pull, Node};
use super::workspace::{Workspace, ACTIVE, DONE, MARK};
use super::{EdgeShock, Model, Params, Shock, ShockResult};
use crate::error::Result;
use crate::model::Network;

/// Runs classic DebtRank. See the module documentation.
///
/// # Errors
/// [`crate::Error::MissingData`] when a reachable node has no buffer.
pub fn run(net: &Network, shocks: &[Shock], params: &Params) -> Result<ShockResult> {
    super::run_sparse(net, Model::DebtRankClassic, shocks, &[], params, propagate)
}

/// Propagates in a reset workspace; returns (converged, edges touched).
pub(crate) fn propagate(
    ws: &mut Workspace,
    net: &Network,
    buffer: &[f64],
    shocks: &[Shock],
    edge_shocks: &[EdgeShock],
    params: &Params,
) -> (bool, u64) {
    if !edge_shocks.is_empty() {
        return propagate_edges(ws, net, buffer, shocks, edge_shocks, params);
    }
    let csr = net.distress();
    // Nodes distressed in the previous round, with their level then (the snapshot they pass).
    let mut frontier: Vec<(u32, f64)> = Vec::new();
    let mut changes = Vec::new();
    for s in shocks {
        if let Some(h) = ws.seed_shock(s, params.trace(), &mut changes) {
            ws.flag[s.node.index()] |= ACTIVE;
            frontier.push((s.node.raw(), h));
        }
    }
    let mut round: u32 = 1;
    let mut edges_touched = 0u64;
    let mut newly: Vec<u32> = Vec::new();
    let mut moved: Vec<u32> = Vec::new();
    // Whether `frontier` is in increasing node order (as a pull round leaves it).
    let mut sorted = false;
    while !frontier.is_empty() {
        let node = |&(j, _): &(u32, f64)| j as usize;
        for_frontier(&frontier, sorted, node, &mut ws.flag, |_, f| {
            *f = (*f & !ACTIVE) | DONE;
        });
        let out_edges = frontier_out_edges(&frontier, node, csr);
        if use_pull(frontier.len(), out_edges, csr.pair_count()) {
            // The pull matrix is built on the first round that pulls (a shock that only
            // pushes never pays for it).
            let imp = net.impact();
            for_frontier(&frontier, sorted, node, &mut ws.delta, |&(_, hj), d| {
                *d = hj;
            });
            let rows = imp.classic_rows();
            let pulled = pull_round(ws, imp, rows, round, params.trace(), |mut n, s| {
                pulled_update(&mut n, s)
            });
            edges_touched += imp.pair_count() as u64;
            for_frontier(&frontier, sorted, node, &mut ws.delta, |_, d| *d = 0.0);
            ws.running += pulled.running;
            changes.extend_from_slice(&pulled.changes);
            newly = pulled.frontier;
            sorted = true;
        } else {
            sorted = false;
            for &(j, hj) in &frontier {
                let row = csr.row(j as usize);
                edges_touched += row.len() as u64;
                for a in row {
                    let i = a.target as usize;
                    let old = ws.h[i];
                    let new = if buffer[i] > 0.0 {
                        super::cap(old + (a.weight / buffer[i]).min(1.0) * hj)
                    } else if a.weight > 0.0 && hj > 0.0 {
                        1.0
                    } else {
                        old
                    };
                    if new > old {
                        ws.running += (new - old) * buffer[i];
                        ws.h[i] = new;
                        ws.record(round, a.target);
                        if params.trace() {
                            moved.push(a.target);
                        }
                        if ws.flag[i] & (ACTIVE | DONE) == 0 {
                            ws.flag[i] |= ACTIVE;
                            newly.push(a.target);
                        }
                    }
                }
            }
            if params.trace() {
                moved.sort_unstable();
                moved.dedup();
                changes.extend(moved.drain(..).map(|i| (i, ws.h[i as usize])));
            }
        }
        if params.trace() {
            ws.push_round(round, std::mem::take(&mut changes));
        }
        frontier.clear();
        frontier.extend(newly.drain(..).map(|i| (i, ws.h[i as usize])));
        round += 1;
    }
    (true, edges_touched)
}

/// A node's update in a pull round: adds the sum of `min(1, exposure / buffer) * h_j` it
/// pulled (capped at 1; any positive loss defaults a node without a buffer), and joins the
/// next frontier the first time its distress rises.
fn pulled_update(n: &mut Node<'_>, s: f64) -> (Option<f64>, bool) {
    let old = *n.h;
    let new = if n.buffer > 0.0 {
        super::cap(old + s)
    } else if s > 0.0 {
        1.0
    } else {
        old
    };
    if new > old {
        *n.h = new;
        let join = *n.flag & (ACTIVE | DONE) == 0;
        if join {
            *n.flag |= ACTIVE;
        }
        (Some(old), join)
    } else {
        (None, false)
    }
}

/// One edge of the edge-shock path, laid out by obligor.
#[derive(Debug, Clone, Copy)]
struct OutEdge {
    /// The edge's index.
    edge: u32,
    /// Its exposed end.
    target: u32,
    /// Its impact weight `omega_e`.
    omega: f64,
    /// Whether it carries exposure (`w_e > 0`: a buffer-0 end defaults on any positive pass).
    live: bool,
}

/// A pass of the edge-shock path: (edge slot in the obligor layout, share passed).
type Pass = (usize, f64);

/// The edges of `net` grouped by obligor (`offsets[j]..offsets[j + 1]`), each with its impact
/// weight `omega_e = min(1, w_iO / buffer_i) * w_e / w_iO` (0 when `buffer_i` or `w_iO` is 0).
fn out_edges(net: &Network, buffer: &[f64]) -> (Vec<usize>, Vec<OutEdge>) {
    let n = net.node_count();
    let mut pair: HashMap<(u32, u32), f64> = HashMap::new();
    let mut offsets = vec![0usize; n + 1];
    for e in net.edges() {
        let (o, x) = net.distress_pair(&e);
        *pair.entry((o.raw(), x.raw())).or_insert(0.0) += e.exposure();
        offsets[o.index() + 1] += 1;
    }
    for j in 0..n {
        offsets[j + 1] += offsets[j];
    }
    let mut slot = offsets.clone();
    let mut out = vec![
        OutEdge {
            edge: 0,
            target: 0,
            omega: 0.0,
            live: false
        };
        net.edge_count()
    ];
    for e in net.edges() {
        let (o, x) = net.distress_pair(&e);
        let total = pair[&(o.raw(), x.raw())];
        let b = buffer[x.index()];
        let w = e.exposure();
        let omega = if b > 0.0 && total > 0.0 {
            (total / b).min(1.0) * w / total
        } else {
            0.0
        };
        out[slot[o.index()]] = OutEdge {
            edge: e.index.index() as u32,
            target: x.raw(),
            omega,
            live: w > 0.0,
        };
        slot[o.index()] += 1;
    }
    (offsets, out)
}

/// Classic DebtRank with edge shocks (module documentation, "Edge shocks"): per-edge passes,
/// every node's cumulative gain kept uncapped in `ws.received` (the passes are never negative,
/// so `min(1, h(1) + sum)` equals capping round by round).
fn propagate_edges(
    ws: &mut Workspace,
    net: &Network,
    buffer: &[f64],
    shocks: &[Shock],
    edge_shocks: &[EdgeShock],
    params: &Params,
) -> (bool, u64) {
    let (offsets, out) = out_edges(net, buffer);
    // What each edge has passed so far, as a share of its exposure (pi_e).
    let mut pi = vec![0.0f64; net.edge_count()];
    let mut pos = vec![false; net.node_count()];
    let (mut passes, mut changes) =
        first_passes(ws, net, shocks, edge_shocks, &offsets, &out, params);
    let mut round: u32 = 1;
    let mut edges_touched = 0u64;
    let mut touched: Vec<u32> = Vec::new();
    let mut frontier: Vec<u32> = Vec::new();
    while !passes.is_empty() {
        edges_touched += passes.len() as u64;
        apply_passes(ws, &out, &passes, &mut pi, &mut pos, &mut touched);
        passes.clear();
        frontier.clear();
        for &x in &touched {
            let xu = x as usize;
            ws.flag[xu] &= !MARK;
            let old = ws.h[xu];
            let new = if buffer[xu] > 0.0 {
                super::cap((ws.seed[xu] + ws.received[xu]).min(1.0))
            } else if pos[xu] {
                1.0
            } else {
                old
            };
            if new > old {
                ws.running += (new - old) * buffer[xu];
                ws.h[xu] = new;
                ws.record(round, x);
                if params.trace() {
                    changes.push((x, new));
                }
                if ws.flag[xu] & (ACTIVE | DONE) == 0 {
                    ws.flag[xu] |= ACTIVE;
                    frontier.push(x);
                }
            }
        }
        touched.clear();
        if params.trace() {
            changes.sort_unstable_by_key(|c| c.0);
            ws.push_round(round, std::mem::take(&mut changes));
        }
        // The nodes first distressed this round pass their level minus what each edge passed.
        for &j in &frontier {
            let ju = j as usize;
            ws.flag[ju] = (ws.flag[ju] & !ACTIVE) | DONE;
            for (k, a) in out
                .iter()
                .enumerate()
                .take(offsets[ju + 1])
                .skip(offsets[ju])
            {
                passes.push((k, (ws.h[ju] - pi[a.edge as usize]).max(0.0)));
            }
        }
        round += 1;
    }
    (true, edges_touched)
}

/// Round 1 of the edge-shock path: seeds the node-shocked nodes (done after round 1), and
/// returns their passes, each edge at its given haircut else its obligor's, then those of the
/// edge shocks whose obligor is not node-shocked; with the round's changes when tracing.
fn first_passes(
    ws: &mut Workspace,
    net: &Network,
    shocks: &[Shock],
    edge_shocks: &[EdgeShock],
    offsets: &[usize],
    out: &[OutEdge],
    params: &Params,
) -> (Vec<Pass>, Vec<(u32, f64)>) {
    let mut given = vec![f64::NAN; net.edge_count()];
    for s in edge_shocks {
        given[s.edge.index()] = s.haircut.get();
    }
    let mut changes = Vec::new();
    let mut passes: Vec<Pass> = Vec::new();
    for s in shocks {
        if let Some(h) = ws.seed_shock(s, params.trace(), &mut changes) {
            let i = s.node.index();
            ws.flag[i] |= DONE;
            for k in offsets[i]..offsets[i + 1] {
                let g = given[out[k].edge as usize];
                passes.push((k, if g.is_nan() { h } else { g }));
            }
        }
    }
    for s in edge_shocks {
        let e = net.edge(s.edge);
        let o = net.distress_pair(&e).0.index();
        if ws.seed[o] > 0.0 {
            continue; // passed with its obligor above
        }
        let k = (offsets[o]..offsets[o + 1])
            .find(|&k| out[k].edge as usize == s.edge.index())
            .expect("every edge is laid out under its obligor");
        passes.push((k, s.haircut.get()));
    }
    (passes, changes)
}

/// Applies one round's passes: each edge's `pi_e` grows by its share, and a positive share
/// reaches the edge's exposed end (its gain in `ws.received`, `pos` set when the edge carries
/// exposure), queued once in `touched`.
#[inline]
fn apply_passes(
    ws: &mut Workspace,
    out: &[OutEdge],
    passes: &[Pass],
    pi: &mut [f64],
    pos: &mut [bool],
    touched: &mut Vec<u32>,
) {
    for &(k, d) in passes {
        let a = out[k];
        pi[a.edge as usize] += d;
        if d <= 0.0 {
            continue;
        }
        let x = a.target as usize;
        ws.received[x] += d * a.omega;
        pos[x] |= a.live;
        if ws.flag[x] & MARK == 0 {
            ws.flag[x] |= MARK;
            ws.touch(a.target);
            touched.push(a.target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    #[test]
    fn passes_level_once() {
        // a owes b 5, b owes a 5; buffers 10: W = 0.5 both ways. Shock a by 0.2.
        // Round 1: b gets 0.5 * 0.2 = 0.1 (b becomes D, a inactive).
        // Round 2: b passes 0.1: a gets 0.5 * 0.1 = 0.05 -> h_a = 0.25; a is inactive.
        let net = graph(
            &[("a", 10.0), ("b", 10.0)],
            &[("a", "b", 5.0), ("b", "a", 5.0)],
        );
        let r = run(
            &net,
            &[crate::test_support::shock(0, 0.2)],
            &Params::default(),
        )
        .unwrap();
        assert!((r.distress[0] - 0.25).abs() < 1e-15);
        assert!((r.distress[1] - 0.1).abs() < 1e-15);
        assert_eq!(r.rounds, 2);
    }

    #[test]
    fn impact_is_capped_at_one() {
        // exposure 30 against buffer 10: W = min(1, 3) = 1, so h_b = h_a = 0.4 (not 1).
        let net = graph(&[("a", 10.0), ("b", 10.0)], &[("a", "b", 30.0)]);
        let r = run(
            &net,
            &[crate::test_support::shock(0, 0.4)],
            &Params::default(),
        )
        .unwrap();
        assert!((r.distress[1] - 0.4).abs() < 1e-15);
    }
}
