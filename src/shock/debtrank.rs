//! Differential DebtRank.
//!
//! Bardoscia, Battiston, Caccioli & Caldarelli (2015), "DebtRank: a microscopic foundation for
//! shock propagation", `PLoS` ONE 10(6): e0130406, doi:10.1371/journal.pone.0130406.
//!
//! # Model
//! Relative distress `h_i = loss_i / buffer_i` in [0, 1]. The shocked nodes start at their
//! haircut, `h_X(1) = h`, everyone else at 0. Every *increment* of distress is passed on:
//!
//! `h_i(t+1) = min(1, h_i(t) + sum_j Lambda_ij (h_j(t) - h_j(t-1)))`, with
//! `Lambda_ij = exposure(j -> i) / buffer_i` (not capped),
//!
//! so a node exposed to `j` loses `exposure(j -> i) * Δh_j` each time `j`'s distress grows. The
//! iteration is monotone and converges to the least fixed point of `h = min(1, s + Lambda h)`
//! (`s` = the haircuts). Increments at or below the tolerance ([`super::TOLERANCE`] = 1e-14 by
//! default, [`super::Params::tolerance`]) are held back until they add up;
//! propagation stops when no distress changes by more than that.
//!
//! # Conventions
//! - Direction: distress flows along the distress graph, obligor -> exposed end.
//! - Haircut: round 1 sets `h_X = h` and every node exposed to `X` loses `h * exposure(X -> j)`.
//! - A node with buffer 0 is defaulted (h = 1) by any positive loss.
//! - Needs `buffer` on every node the shock can reach.
//!
//! # Complexity
//! A pushed round touches only the out-edges of nodes whose distress grew by more than the
//! tolerance: O(sum of their degrees); once those are a sizeable share of all edges the round
//! pulls instead, one parallel pass over every node's in-row (O(V + E), [`super::pull`]).
//! O(V) memory for the state; the in-rows are built once per network
//! ([`crate::model::Impact`]).

use super::edge::{Corrections, EdgeShock, Rule};
use super::pull::{for_frontier, frontier_out_edges, pull_round, use_pull};
use super::workspace::{distress, Workspace, MARK};
use super::{Model, Params, Shock, ShockResult};
use crate::error::Result;
use crate::model::Network;

/// Runs differential DebtRank. See the module documentation.
///
/// # Errors
/// [`crate::Error::MissingData`] when a reachable node has no buffer.
pub fn run(net: &Network, shocks: &[Shock], params: &Params) -> Result<ShockResult> {
    super::run_sparse(net, Model::DebtRank, shocks, &[], params, propagate)
}

/// Differential DebtRank's least fixed point for `shocks`, as the all-node sweep of `graph
/// rank` computes it ([`propagate_to_fixed_point`]): every node's final distress, and the
/// passes over the graph (pushed rounds, then Gauss–Seidel sweeps) up to the last that raised
/// some distress. For measuring the sweeps against the rounds (`examples/bench_fixed_point.rs`).
///
/// # Errors
/// No shock or a node shocked twice; a reachable node without a buffer.
#[doc(hidden)]
pub fn fixed_point(net: &Network, shocks: &[Shock], params: &Params) -> Result<(Vec<f64>, u32)> {
    super::check_shocks(net, shocks)?;
    let params = params.with_trace(super::Trace::Off);
    let r = super::run_sparse(
        net,
        super::Model::DebtRank,
        shocks,
        &[],
        &params,
        propagate_to_fixed_point,
    )?;
    Ok((r.distress.to_vec(), r.rounds))
}

/// Propagates in a reset workspace; returns (converged, edges touched).
///
/// Each round pushes the frontier's increments along its out-edges, or, when the frontier's
/// out-edges are a sizeable share of the graph ([`super::pull::use_pull`]), pulls them along
/// every node's row of the impact matrix in one fused parallel pass
/// ([`super::pull::pull_round`]): the same synchronous round either way.
pub(crate) fn propagate(
    ws: &mut Workspace,
    net: &Network,
    buffer: &[f64],
    shocks: &[Shock],
    edge_shocks: &[EdgeShock],
    params: &Params,
) -> (bool, u64) {
    propagate_with(ws, net, buffer, shocks, edge_shocks, params, Finish::Rounds).pair()
}

/// Propagates to the least fixed point only, for callers that read nothing but the final
/// distress (the all-node sweep of `graph rank`): the pushed rounds as in [`propagate`] while
/// the frontier is small, then, from the round that would pull, Gauss–Seidel sweeps
/// ([`super::gauss_seidel`]) instead of synchronous pulled rounds. The rounds, the first round
/// of each node and the trace are then not those of the synchronous process, so this is used
/// only without tracing and without edge shocks (else it is [`propagate`]).
pub(crate) fn propagate_to_fixed_point(
    ws: &mut Workspace,
    net: &Network,
    buffer: &[f64],
    shocks: &[Shock],
    edge_shocks: &[EdgeShock],
    params: &Params,
) -> (bool, u64) {
    let finish = if edge_shocks.is_empty() && !params.trace() {
        Finish::GaussSeidel
    } else {
        Finish::Rounds
    };
    propagate_with(ws, net, buffer, shocks, edge_shocks, params, finish).pair()
}

/// Runs the pushed rounds of `shocks` (no edge shocks, no trace) until the propagation ends or
/// a round would pull: then it stops before that round and says so ([`Ended::Large`]), leaving
/// the workspace as the rounds so far left it, for the caller to finish with Gauss–Seidel
/// sweeps of several shocks at once ([`super::gauss_seidel::Lanes`]). Only pushed rounds ran,
/// so the workspace lists every node it touched.
pub(crate) fn push_until_large(
    ws: &mut Workspace,
    net: &Network,
    buffer: &[f64],
    shocks: &[Shock],
    params: &Params,
) -> Ended {
    let params = params.with_trace(super::Trace::Off);
    propagate_with(ws, net, buffer, shocks, &[], &params, Finish::Handoff)
}

/// How a propagation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// It ran to its end: (converged, edges touched).
    Done(bool, u64),
    /// A round would have pulled ([`push_until_large`] only): `round` is that round, not run.
    Large { round: u32 },
}

impl Ended {
    /// (converged, edges touched) of a propagation that ran to its end; a handed-over one has
    /// not converged.
    fn pair(self) -> (bool, u64) {
        match self {
            Ended::Done(converged, edges) => (converged, edges),
            Ended::Large { .. } => (false, 0),
        }
    }
}

/// How [`propagate_with`] goes on once the frontier is large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Finish {
    /// Synchronous pulled rounds (the model's rounds, first rounds and trace).
    Rounds,
    /// Gauss–Seidel sweeps to the same fixed point (final distress only).
    GaussSeidel,
    /// Stop before the round and hand the state over ([`push_until_large`]).
    Handoff,
}

fn propagate_with(
    ws: &mut Workspace,
    net: &Network,
    buffer: &[f64],
    shocks: &[Shock],
    edge_shocks: &[EdgeShock],
    params: &Params,
    finish: Finish,
) -> Ended {
    let csr = net.distress();
    let tol = params.tolerance();
    let mut frontier: Vec<u32> = Vec::new();
    // Whether `frontier` is in increasing node order (as a pull round leaves it).
    let mut sorted = false;
    let mut changes = Vec::new();
    for s in shocks {
        if ws.seed_shock(s, params.trace(), &mut changes).is_some() {
            frontier.push(s.node.raw());
        }
    }
    let mut round: u32 = 1;
    let mut touched: Vec<u32> = Vec::new();
    let mut edges_touched = 0u64;
    let mut converged = true;
    let mut corr = Corrections::new(net, ws, edge_shocks);
    // Edge shocks alone start a round 1 even when no node is shocked.
    let mut pending = !corr.is_empty();
    while !frontier.is_empty() || pending {
        pending = false;
        if round as usize > params.max_rounds() {
            converged = false;
            break;
        }
        let out_edges = frontier_out_edges(&frontier, |&j| j as usize, csr);
        if use_pull(frontier.len(), out_edges, csr.pair_count()) {
            match finish {
                Finish::Rounds => {}
                Finish::GaussSeidel => {
                    let (converged, edges) =
                        super::gauss_seidel::sweeps(ws, net.impact(), round, params);
                    return Ended::Done(converged, edges_touched + edges);
                }
                Finish::Handoff => return Ended::Large { round },
            }
            // The pull matrix is built on the first round that pulls (a shock that only
            // pushes never pays for it).
            let imp = net.impact();
            // Each frontier node's increment, then its level passed on (delta is 0 outside
            // the frontier, so delta > 0 marks the nodes that pass something).
            let node = |&j: &u32| j as usize;
            let (h, passed) = (&ws.h, &ws.passed);
            for_frontier(&frontier, sorted, node, &mut ws.delta, |&j, d| {
                let inc = h[j as usize] - passed[j as usize];
                if inc > 0.0 {
                    *d = inc;
                }
            });
            let (h, delta) = (&ws.h, &ws.delta);
            for_frontier(&frontier, sorted, node, &mut ws.passed, |&j, p| {
                if delta[j as usize] > 0.0 {
                    *p = h[j as usize];
                }
            });
            if !corr.is_empty() {
                corr.apply(Rule::Differential, round, ws, &mut touched);
                touched.clear();
            }
            let pulled = pull_round(ws, imp, imp.rows(), round, params.trace(), |n, s| {
                *n.received += s;
                let new = distress(n.seed, *n.received, n.buffer);
                if new > *n.h {
                    let old = std::mem::replace(n.h, new);
                    (Some(old), new - *n.passed > tol)
                } else {
                    (None, false)
                }
            });
            edges_touched += imp.pair_count() as u64;
            for_frontier(&frontier, sorted, node, &mut ws.delta, |_, d| *d = 0.0);
            ws.running += pulled.running;
            changes.extend_from_slice(&pulled.changes);
            frontier = pulled.frontier;
            sorted = true;
        } else {
            sorted = false;
            edges_touched += push_round(
                ws,
                net,
                buffer,
                &mut corr,
                round,
                params,
                &mut frontier,
                &mut touched,
                &mut changes,
            );
        }
        if params.trace() {
            ws.push_round(round, std::mem::take(&mut changes));
        }
        round += 1;
    }
    Ended::Done(converged, edges_touched)
}

/// One pushed round: the frontier's increments along its out-edges, then the update of every
/// node they reached (the next frontier replaces `frontier`). Returns the edges touched.
#[allow(clippy::too_many_arguments)]
fn push_round(
    ws: &mut Workspace,
    net: &Network,
    buffer: &[f64],
    corr: &mut Corrections,
    round: u32,
    params: &Params,
    frontier: &mut Vec<u32>,
    touched: &mut Vec<u32>,
    changes: &mut Vec<(u32, f64)>,
) -> u64 {
    let csr = net.distress();
    let mut edges_touched = 0u64;
    for &j in frontier.iter() {
        let j = j as usize;
        let d = ws.h[j] - ws.passed[j];
        if d <= 0.0 {
            continue;
        }
        ws.passed[j] = ws.h[j];
        edges_touched += ws.push_row(csr, j, d, touched);
    }
    if !corr.is_empty() {
        corr.apply(Rule::Differential, round, ws, touched);
    }
    frontier.clear();
    for &i in touched.iter() {
        let iu = i as usize;
        ws.flag[iu] &= !MARK;
        ws.touch(i);
        let new = ws.distress_of(iu, buffer[iu]);
        if new > ws.h[iu] {
            ws.running += (new - ws.h[iu]) * buffer[iu];
            ws.h[iu] = new;
            ws.record(round, i);
            if params.trace() {
                changes.push((i, new));
            }
            if new - ws.passed[iu] > params.tolerance() {
                frontier.push(i);
            }
        }
    }
    touched.clear();
    edges_touched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shock::State;
    use crate::test_support::graph;

    /// Chain a -> b -> c of debts (b owes a? no: `from` owes `to`, so `to` is exposed).
    /// Edges: x owes a 10 (a exposed to x), a owes b 4 (b exposed to a).
    #[test]
    fn chain_hand_computed() {
        // buffers: x 10, a 5, b 8. Shock x by 0.5.
        // Round 1: a loses 0.5 * 10 = 5 -> h_a = 1 (defaulted).
        // Round 2: a's increment 1 passes: b loses 1 * 4 = 4 -> h_b = 0.5.
        let net = graph(
            &[("x", 10.0), ("a", 5.0), ("b", 8.0)],
            &[("x", "a", 10.0), ("a", "b", 4.0)],
        );
        let r = run(
            &net,
            &[crate::test_support::shock(0, 0.5)],
            &Params::default(),
        )
        .unwrap();
        assert_eq!(r.distress, vec![0.5, 1.0, 0.5]);
        assert_eq!(r.loss, vec![5.0, 5.0, 4.0]);
        assert_eq!(
            r.state,
            vec![State::Distressed, State::Defaulted, State::Distressed]
        );
        assert_eq!(r.first_round, vec![Some(1), Some(1), Some(2)]);
        assert_eq!(r.rounds, 2);
        let t = r.totals(&net);
        // total loss excludes x's initial 0.5 * 10.
        assert_eq!(t.total_loss, 9.0);
        assert_eq!(t.impact, 9.0 / 23.0);
        assert_eq!((t.distressed, t.defaulted), (2, 1));
    }

    #[test]
    fn cycle_feedback_reaches_geometric_sum() {
        // a owes b 5, b owes a 5; buffers 10 each: Lambda = 0.5 both ways.
        // Shock a by 0.2: fixed point h_b = 0.5 h_a, h_a = 0.2 + 0.5 h_b
        // => h_a = 0.2 / 0.75 = 4/15, h_b = 2/15.
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
        assert!((r.distress[0] - 4.0 / 15.0).abs() < 1e-13);
        assert!((r.distress[1] - 2.0 / 15.0).abs() < 1e-13);
        assert!(r.converged);
    }

    #[test]
    fn zero_buffer_defaults_on_any_loss() {
        let net = graph(&[("a", 1.0), ("b", 0.0)], &[("a", "b", 1e-9)]);
        let r = run(
            &net,
            &[crate::test_support::shock(0, 0.1)],
            &Params::default(),
        )
        .unwrap();
        assert_eq!(r.distress[1], 1.0);
        assert_eq!(r.loss[1], 0.0);
    }
}
