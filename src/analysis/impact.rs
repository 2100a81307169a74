//! All-node shock sweep: every node alone gets the same haircut, in parallel.
//!
//! For each node `k` the sweep records the shock's `impact` (`docs/model.md`, "Totals"), how many
//! *other* nodes end distressed or defaulted, and adds every other node's final distress to
//! its `vulnerability` (the mean distress a node suffers over the single-node shocks of all
//! other nodes). This is the systemic-importance half of `graph rank`.
//!
//! # Determinism
//! Per-node results do not depend on scheduling. Vulnerability sums are accumulated in 2^-60
//! fixed point (`i128`), whose addition is associative, so the result is bit-identical with 1
//! or N threads.
//!
//! # Complexity
//! One propagation per node; the DebtRank-style models reuse one workspace per chunk and
//! reset it sparsely, so each shock costs what it reaches. Eisenberg–Noe runs the full clearing
//! per node (meant for small and medium graphs).

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::Result;
use crate::model::Network;
use crate::model::NodeId;
use crate::shock::{self, Haircut, Model, Params, Shock, State, Trace, Workspace};

/// One node's row of the sweep.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SweepRow {
    /// Shock impact when this node alone gets the haircut.
    pub impact: f64,
    /// Total loss (`docs/model.md`, "Totals") of that shock.
    pub total_loss: f64,
    /// Other nodes distressed (not defaulted) at the end of that shock.
    pub distressed: usize,
    /// Other nodes defaulted at the end of that shock.
    pub defaulted: usize,
    /// Mean distress this node suffers over the shocks of all other nodes.
    pub vulnerability: f64,
}

const FIXED: f64 = (1u64 << 60) as f64;

/// Runs the sweep. `progress` is called with the number of nodes done so far (from any
/// thread, in increasing steps).
///
/// # Errors
/// Invalid haircut or parameters; missing buffers (every node needs one for the DebtRank-style
/// models, since every node is shocked).
pub fn sweep(
    net: &Network,
    model: Model,
    haircut: Haircut,
    params: &Params,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<SweepRow>> {
    let n = net.node_count();
    let params = params.with_trace(Trace::Off);
    let buffer: Vec<f64> = if model == Model::EisenbergNoe {
        Vec::new()
    } else {
        let all: Vec<u32> = (0..n as u32).collect();
        shock::buffers(net, model, &all)?
    };
    let total_value: f64 = (0..n).map(|i| net.value(i)).sum();
    let done = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().max(1);
    let chunk = n.div_ceil(threads * 8).max(1);
    let starts: Vec<usize> = (0..n).step_by(chunk).collect();
    let parts: Vec<Result<(Vec<SweepRow>, Vec<i128>)>> = starts
        .par_iter()
        .map(|&start| {
            let end = (start + chunk).min(n);
            let mut rows = Vec::with_capacity(end - start);
            let mut vuln = vec![0i128; n];
            let mut ws = (model != Model::EisenbergNoe).then(|| Workspace::new(n));
            for k in start..end {
                let s = [Shock::new(NodeId::new(k), haircut)];
                let row = if let Some(ws) = ws.as_mut() {
                    let propagate = shock::propagator(model).expect("cascade model");
                    propagate(ws, net, &buffer, &s, &[], &params);
                    let mut row = SweepRow {
                        impact: 0.0,
                        total_loss: 0.0,
                        distressed: 0,
                        defaulted: 0,
                        vulnerability: 0.0,
                    };
                    let mut weighted = 0.0;
                    // Index order, so the sums equal `ShockResult::totals` to the bit.
                    ws.hit.sort_unstable();
                    for &i in &ws.hit {
                        let iu = i as usize;
                        let dh = ws.h[iu] - ws.seed[iu];
                        weighted += net.value(iu) * dh;
                        row.total_loss += dh * buffer[iu];
                        if iu != k {
                            vuln[iu] += (ws.h[iu] * FIXED).round() as i128;
                            match ws.state(model, iu) {
                                State::Distressed => row.distressed += 1,
                                State::Defaulted => row.defaulted += 1,
                                State::Undistressed => {}
                            }
                        }
                    }
                    row.impact = if total_value > 0.0 {
                        weighted / total_value
                    } else {
                        0.0
                    };
                    ws.reset();
                    row
                } else {
                    let r = shock::run(net, model, &s, &params)?;
                    let t = r.totals(net);
                    let mut row = SweepRow {
                        impact: t.impact,
                        total_loss: t.total_loss,
                        distressed: 0,
                        defaulted: 0,
                        vulnerability: 0.0,
                    };
                    for i in (0..n).filter(|&i| i != k) {
                        vuln[i] += (r.distress[i] * FIXED).round() as i128;
                        match r.state[i] {
                            State::Distressed => row.distressed += 1,
                            State::Defaulted => row.defaulted += 1,
                            State::Undistressed => {}
                        }
                    }
                    row
                };
                rows.push(row);
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                if d.is_multiple_of(64) || d == n {
                    progress(d);
                }
            }
            Ok((rows, vuln))
        })
        .collect();
    let mut rows = Vec::with_capacity(n);
    let mut vuln = vec![0i128; n];
    for p in parts {
        let (r, v) = p?;
        rows.extend(r);
        for (a, b) in vuln.iter_mut().zip(v) {
            *a += b;
        }
    }
    let others = (n.saturating_sub(1)).max(1) as f64;
    for (row, v) in rows.iter_mut().zip(vuln) {
        row.vulnerability = v as f64 / FIXED / others;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    #[test]
    fn matches_single_shocks_and_hand_computation() {
        // x owes a 10, a owes b 4; buffers x 10, a 5, b 8.
        // Shock x fully: a loses 10 >= 5 -> 1; b loses 4 -> 0.5.
        // Shock a fully: b 0.5. Shock b: nothing.
        let net = graph(
            &[("x", 10.0), ("a", 5.0), ("b", 8.0)],
            &[("x", "a", 10.0), ("a", "b", 4.0)],
        );
        let rows = sweep(
            &net,
            Model::DebtRank,
            Haircut::FULL,
            &Params::default(),
            &|_| {},
        )
        .unwrap();
        // impact of x: (5 * 1 + 8 * 0.5) / 23
        assert!((rows[0].impact - 9.0 / 23.0).abs() < 1e-15);
        assert_eq!((rows[0].distressed, rows[0].defaulted), (1, 1));
        assert!((rows[1].impact - 4.0 / 23.0).abs() < 1e-15);
        assert_eq!(rows[2].impact, 0.0);
        // vulnerability of b: (0.5 + 0.5) / 2; of a: (1 + 0) / 2; of x: 0.
        assert_eq!(rows[2].vulnerability, 0.5);
        assert_eq!(rows[1].vulnerability, 0.5);
        assert_eq!(rows[0].vulnerability, 0.0);
        for (k, row) in rows.iter().enumerate() {
            let r = shock::run(
                &net,
                Model::DebtRank,
                &[Shock::new(NodeId::new(k), Haircut::FULL)],
                &Params::default(),
            )
            .unwrap();
            assert_eq!(row.impact, r.totals(&net).impact);
        }
    }
}
