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
//! `s_i(t) = D` if `h_i(t) > 0` and `s_i(t-1) = U`; `I` if `s_i(t-1) = D`; else unchanged.
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

use super::{buffers, reach, state_of, Model, Params, Recorder, Shock, ShockResult};
use crate::error::Result;
use crate::model::Network;

/// Runs classic DebtRank. See the module documentation.
///
/// # Errors
/// [`crate::Error::MissingData`] when a reachable node has no buffer.
pub fn run(net: &Network, shocks: &[Shock], params: &Params) -> Result<ShockResult> {
    let n = net.node_count();
    let buffer = buffers(net, Model::DebtRankClassic, &reach(net, shocks))?;
    let csr = net.distress();
    let mut initial = vec![0.0f64; n];
    let mut h = vec![0.0f64; n];
    // 0 = undistressed, 1 = distressed, 2 = inactive
    let mut status = vec![0u8; n];
    let mut rec = Recorder::new(n, params.trace);
    let mut running = 0.0f64;
    let mut frontier: Vec<(u32, f64)> = Vec::new();
    let mut changes = Vec::new();
    for s in shocks {
        let i = s.node as usize;
        initial[i] = s.haircut;
        h[i] = s.haircut;
        if s.haircut > 0.0 {
            status[i] = 1;
            rec.hit(1, s.node);
            frontier.push((s.node, s.haircut));
            changes.push((s.node, s.haircut));
        }
    }
    let mut round: u32 = 1;
    let mut edges_touched = 0u64;
    let mut newly: Vec<u32> = Vec::new();
    while !frontier.is_empty() {
        // Levels are those of the previous round: `frontier` holds the snapshot.
        for &(j, hj) in &frontier {
            status[j as usize] = 2;
            let row = csr.row(j as usize);
            edges_touched += row.len() as u64;
            for a in row {
                let i = a.target as usize;
                let old = h[i];
                let new = if buffer[i] > 0.0 {
                    (old + (a.weight / buffer[i]).min(1.0) * hj).min(1.0)
                } else if a.weight > 0.0 && hj > 0.0 {
                    1.0
                } else {
                    old
                };
                if new > old {
                    running += (new - old) * buffer[i];
                    h[i] = new;
                    rec.hit(round, a.target);
                    if status[i] == 0 {
                        status[i] = 1;
                        newly.push(a.target);
                    }
                }
            }
        }
        if params.trace {
            let mut touched: Vec<u32> = frontier
                .iter()
                .flat_map(|&(j, _)| csr.row(j as usize).iter().map(|a| a.target))
                .collect();
            touched.sort_unstable();
            touched.dedup();
            for i in touched {
                if rec.first_round[i as usize].is_some() {
                    changes.push((i, h[i as usize]));
                }
            }
        }
        rec.round(round, std::mem::take(&mut changes), running);
        frontier = newly.drain(..).map(|i| (i, h[i as usize])).collect();
        round += 1;
    }
    let loss: Vec<f64> = (0..n).map(|i| h[i] * buffer[i]).collect();
    let state = h.iter().map(|&x| state_of(x)).collect();
    Ok(ShockResult {
        model: Model::DebtRankClassic,
        params: *params,
        shocks: shocks.to_vec(),
        converged: true,
        rounds: rec.rounds,
        distress: h,
        initial,
        loss,
        state,
        first_round: rec.first_round,
        trace: rec.trace,
        clearing: None,
        buffer,
        edges_touched,
    })
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
            &[Shock {
                node: 0,
                haircut: 0.2,
            }],
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
            &[Shock {
                node: 0,
                haircut: 0.4,
            }],
            &Params::default(),
        )
        .unwrap();
        assert!((r.distress[1] - 0.4).abs() < 1e-15);
    }
}
