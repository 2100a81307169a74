//! Threshold (default) cascade.
//!
//! Furfine (2003), "Interbank exposures: quantifying the risk of contagion", Journal of Money,
//! Credit and Banking 35(1): 111–128; Gai & Kapadia (2010), "Contagion in financial networks",
//! Proceedings of the Royal Society A 466: 2401–2423, doi:10.1098/rspa.2009.0410.
//!
//! # Model
//! Round 1 applies the haircuts: a shocked node X starts at distress `h`, and every node `j`
//! exposed to X loses `h * exposure(X -> j)`. Afterwards only defaults propagate: a node
//! defaults when its cumulative loss reaches its buffer (`loss >= buffer`, with buffer 0: any
//! positive loss), and in the next round passes its full exposure (already net of recovery) to
//! the nodes exposed to it, once. A shocked node that later defaults passes on only the part not
//! passed in round 1, `(1 - h) * exposure`, so each exposure is lost at most once. Nodes that do
//! not default keep their partial losses (distress `loss / buffer`).
//!
//! # Conventions
//! Distress flows obligor -> exposed end; losses are capped at the buffer; needs `buffer` on
//! every reachable node.
//!
//! # Complexity
//! Every node passes on at most twice (its haircut, then its default): O(V + E) time when
//! pushed, O(V) memory; a round whose defaults' out-edges are a sizeable share of all edges
//! pulls instead (O(V + E), [`super::pull`]).

use super::edge::{Corrections, EdgeShock, Rule};
use super::pull::{pull_round, use_pull, Node};
use super::workspace::{distress, Workspace, DONE, MARK};
use super::{Model, Params, Shock, ShockResult};
use crate::error::Result;
use crate::model::Network;

/// With edge shocks, a distress increase at or below this is a rounding residue of an edge's
/// correction cancelling the merged pass, and is not a change.
const RESIDUE: f64 = 1e-12;

/// Runs the threshold cascade. See the module documentation.
///
/// # Errors
/// [`crate::Error::MissingData`] when a reachable node has no buffer.
pub fn run(net: &Network, shocks: &[Shock], params: &Params) -> Result<ShockResult> {
    super::run_sparse(net, Model::Threshold, shocks, &[], params, propagate)
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
    let csr = net.distress();
    let mut changes = Vec::new();
    // Nodes that pass on in the coming round, with the share of their exposure they pass.
    let mut frontier: Vec<(u32, f64)> = Vec::new();
    seed(ws, shocks, params, &mut frontier, &mut changes);
    let mut round: u32 = 1;
    let mut touched: Vec<u32> = Vec::new();
    let mut edges_touched = 0u64;
    let mut corr = Corrections::new(net, ws, edge_shocks);
    // Edge shocks alone start a round 1 even when no node is shocked.
    let mut pending = !corr.is_empty();
    // Edges of nodes shocked at 1 that were given less: topped up in round 2.
    let mut top_up = corr.mark_seed_defaults();
    // An edge's correction can cancel the merged graph's pass on it (an edge already passed in
    // full whose obligor defaults): what is left is rounding, not a loss. Without edge shocks
    // every increase counts, as before.
    let residue = if corr.is_empty() { 0.0 } else { RESIDUE };
    while !frontier.is_empty() || pending {
        let out_edges: usize = frontier.iter().map(|&(j, _)| csr.degree(j as usize)).sum();
        if use_pull(frontier.len(), out_edges, csr.pair_count()) {
            edges_touched += pulled_round(
                ws,
                net,
                &mut corr,
                round,
                residue,
                params,
                &mut frontier,
                &mut touched,
                &mut changes,
            );
        } else {
            edges_touched += push_round(
                ws,
                net,
                buffer,
                &mut corr,
                round,
                residue,
                params,
                &mut frontier,
                &mut touched,
                &mut changes,
            );
        }
        if params.trace() {
            ws.push_round(round, std::mem::take(&mut changes));
        }
        pending = std::mem::take(&mut top_up);
        round += 1;
    }
    (true, edges_touched)
}

/// Round 1's seeds: every shocked node starts at its haircut; one with a positive haircut passes
/// that share of its exposure in round 1 (joins `frontier`), and is done when it is 1.
fn seed(
    ws: &mut Workspace,
    shocks: &[Shock],
    params: &Params,
    frontier: &mut Vec<(u32, f64)>,
    changes: &mut Vec<(u32, f64)>,
) {
    for s in shocks {
        if let Some(h) = ws.seed_shock(s, params.trace(), changes) {
            let i = s.node.index();
            frontier.push((s.node.raw(), h));
            ws.passed[i] = h;
            if h >= 1.0 {
                ws.flag[i] |= DONE;
            }
        }
    }
}

/// One pulled round: the frontier's shares along every node's row of the impact matrix, in one
/// fused parallel pass ([`pull_round`]); the nodes that default in it replace `frontier`, each
/// with the share of its exposure not passed yet. Returns the edges touched.
#[allow(clippy::too_many_arguments)]
fn pulled_round(
    ws: &mut Workspace,
    net: &Network,
    corr: &mut Corrections,
    round: u32,
    residue: f64,
    params: &Params,
    frontier: &mut Vec<(u32, f64)>,
    touched: &mut Vec<u32>,
    changes: &mut Vec<(u32, f64)>,
) -> u64 {
    // The pull matrix is built on the first round that pulls (a shock that only
    // pushes never pays for it).
    let imp = net.impact();
    for &(j, share) in frontier.iter() {
        ws.delta[j as usize] = share;
    }
    if !corr.is_empty() {
        corr.apply(Rule::Threshold, round, ws, touched);
        touched.clear();
    }
    let pulled = pull_round(ws, imp, imp.rows(), round, params.trace(), |mut n, s| {
        pulled_update(&mut n, s, residue)
    });
    let edges_touched = imp.pair_count() as u64;
    for &(j, _) in frontier.iter() {
        ws.delta[j as usize] = 0.0;
    }
    ws.running += pulled.running;
    changes.extend_from_slice(&pulled.changes);
    frontier.clear();
    for i in pulled.frontier {
        let iu = i as usize;
        frontier.push((i, 1.0 - ws.passed[iu]));
        ws.passed[iu] = 1.0;
    }
    edges_touched
}

/// One pushed round: the frontier's shares along its out-edges, then the update of every node
/// they reached; the nodes that default in it replace `frontier`, each with the share of its
/// exposure not passed yet. Returns the edges touched.
#[allow(clippy::too_many_arguments)]
fn push_round(
    ws: &mut Workspace,
    net: &Network,
    buffer: &[f64],
    corr: &mut Corrections,
    round: u32,
    residue: f64,
    params: &Params,
    frontier: &mut Vec<(u32, f64)>,
    touched: &mut Vec<u32>,
    changes: &mut Vec<(u32, f64)>,
) -> u64 {
    let csr = net.distress();
    let mut edges_touched = 0u64;
    for &(j, share) in frontier.iter() {
        edges_touched += ws.push_row(csr, j as usize, share, touched);
    }
    if !corr.is_empty() {
        corr.apply(Rule::Threshold, round, ws, touched);
    }
    frontier.clear();
    for &i in touched.iter() {
        let iu = i as usize;
        ws.flag[iu] &= !MARK;
        ws.touch(i);
        let new = ws.distress_of(iu, buffer[iu]);
        if new > ws.h[iu] + residue {
            ws.running += (new - ws.h[iu]) * buffer[iu];
            ws.h[iu] = new;
            ws.record(round, i);
            if params.trace() {
                changes.push((i, new));
            }
        }
        if ws.h[iu] >= 1.0 && ws.flag[iu] & DONE == 0 {
            ws.flag[iu] |= DONE;
            frontier.push((i, 1.0 - ws.passed[iu]));
            ws.passed[iu] = 1.0;
        }
    }
    touched.clear();
    edges_touched
}

/// A node's update in a pull round: adds what it pulled, raises its distress when that grows
/// by more than `residue`, and joins the next frontier when it defaults now.
fn pulled_update(n: &mut Node<'_>, s: f64, residue: f64) -> (Option<f64>, bool) {
    *n.received += s;
    let new = distress(n.seed, *n.received, n.buffer);
    let old = *n.h;
    let raised = new > old + residue;
    if raised {
        *n.h = new;
    }
    let join = *n.h >= 1.0 && *n.flag & DONE == 0;
    if join {
        *n.flag |= DONE;
    }
    (raised.then_some(old), join)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    #[test]
    fn only_defaults_propagate() {
        // x owes a 10, a owes b 4, b owes c 4. Buffers: x 10, a 5, b 8, c 1.
        // Shock x by 0.4: a loses 4 < 5, stays distressed (0.8); nothing else moves.
        let net = graph(
            &[("x", 10.0), ("a", 5.0), ("b", 8.0), ("c", 1.0)],
            &[("x", "a", 10.0), ("a", "b", 4.0), ("b", "c", 4.0)],
        );
        let r = run(
            &net,
            &[crate::test_support::shock(0, 0.4)],
            &Params::default(),
        )
        .unwrap();
        assert_eq!(r.distress, vec![0.4, 0.8, 0.0, 0.0]);
        // Shock x by 0.5: a loses 5 = buffer: defaults, passes 4 to b in round 2 (h_b = 0.5).
        let r = run(
            &net,
            &[crate::test_support::shock(0, 0.5)],
            &Params::default(),
        )
        .unwrap();
        assert_eq!(r.distress, vec![0.5, 1.0, 0.5, 0.0]);
        assert_eq!(r.state[1], crate::shock::State::Defaulted);
        assert_eq!(r.first_round[2], Some(2));
    }

    #[test]
    fn shocked_node_that_defaults_later_passes_the_rest() {
        // a owes b 10, b owes a 10. Buffers a 10, b 4.
        // Shock a by 0.5: b loses 5 >= 4 -> defaults (round 1), passes 10 to a in round 2:
        // a's distress 0.5 + 10/10 -> 1, defaults, passes the remaining 0.5 * 10 = 5 to b
        // (already defaulted, loss capped at its buffer).
        let net = graph(
            &[("a", 10.0), ("b", 4.0)],
            &[("a", "b", 10.0), ("b", "a", 10.0)],
        );
        let r = run(
            &net,
            &[crate::test_support::shock(0, 0.5)],
            &Params::default(),
        )
        .unwrap();
        assert_eq!(r.distress, vec![1.0, 1.0]);
        assert_eq!(r.loss, vec![10.0, 4.0]);
        assert_eq!(r.rounds, 2);
    }
}
