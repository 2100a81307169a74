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
//! # Complexity
//! O(V + E) time over the whole cascade (each node's row is read once), O(V) memory.

use super::workspace::{Workspace, ACTIVE, DONE};
use super::{Model, Params, Shock, ShockResult};
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
    _edge_shocks: &[super::EdgeShock],
    params: &Params,
) -> (bool, u64) {
    let csr = net.distress();
    // Nodes distressed in the previous round, with their level then (the snapshot they pass).
    let mut frontier: Vec<(u32, f64)> = Vec::new();
    let mut changes = Vec::new();
    for s in shocks {
        let i = s.node.index();
        ws.touch(s.node.raw());
        ws.seed[i] = s.haircut.get();
        ws.h[i] = s.haircut.get();
        if s.haircut.get() > 0.0 {
            ws.flag[i] |= ACTIVE;
            ws.record(1, s.node.raw());
            frontier.push((s.node.raw(), s.haircut.get()));
            if params.trace() {
                changes.push((s.node.raw(), s.haircut.get()));
            }
        }
    }
    let mut round: u32 = 1;
    let mut edges_touched = 0u64;
    let mut newly: Vec<u32> = Vec::new();
    let mut moved: Vec<u32> = Vec::new();
    while !frontier.is_empty() {
        for &(j, hj) in &frontier {
            ws.flag[j as usize] = (ws.flag[j as usize] & !ACTIVE) | DONE;
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
            ws.push_round(round, std::mem::take(&mut changes));
        }
        frontier.clear();
        frontier.extend(newly.drain(..).map(|i| (i, ws.h[i as usize])));
        round += 1;
    }
    (true, edges_touched)
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
