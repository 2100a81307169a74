//! Eisenberg–Noe clearing with optional Rogers–Veraart default costs.
//!
//! Eisenberg & Noe (2001), "Systemic risk in financial systems", Management Science 47(2):
//! 236–249, doi:10.1287/mnsc.47.2.236.9835; Rogers & Veraart (2013), "Failure and rescue in an
//! interbank network", Management Science 59(4): 882–898, doi:10.1287/mnsc.1120.1569.
//!
//! # Model
//! Obligations are all edges but `equity` and `guarantee` (a guarantee is contingent;
//! `tests/reference/stall/README.md`, conventions 7a and 9): the obligor owes the exposed end the edge's face
//! `amount` (`from` owes `to` for the built-in kinds; edge `recovery` plays no part, clearing
//! finds recoveries itself). `L_ij` sums what `i` owes `j`; `pbar_i = sum_j L_ij +
//! external_liabilities_i` (outside creditors are paid pari passu); `Pi_ij = L_ij / pbar_i`.
//! With external assets `e`, the clearing vector solves
//!
//! `p = min(pbar, max(0, e + Pi^T p))` (Eisenberg–Noe), or, with default costs
//! `p_i = pbar_i` if `e_i + (Pi^T p)_i >= pbar_i`, else `alpha e_i + beta (Pi^T p)_i`
//! (Rogers–Veraart; `alpha = beta = 1` is Eisenberg–Noe).
//!
//! The greatest clearing vector is found by Rogers & Veraart's greatest-clearing-vector
//! algorithm (their Definition 3.6, which for alpha = beta = 1 is Eisenberg & Noe's
//! fictitious-default algorithm): start from `p = pbar`; repeatedly take the set D of nodes that
//! cannot pay in full, solve the linear system for `p_D` with everyone else paying in full,
//! until D stops growing (at most V steps). Systems of up to [`DENSE_LIMIT`] defaulted nodes
//! are solved exactly by Gaussian elimination; larger ones by Gauss–Seidel sweeps started
//! above the solution, to a relative change of 1e-15.
//!
//! # Haircut and outputs
//! The haircut cuts the shocked nodes' external assets, `e_X <- (1 - h) e_X`. Per node:
//! `payment = p_i`, `payment_ratio = p_i / pbar_i` (1 when `pbar_i = 0`), `equity = e_i +
//! inflow_i - pbar_i` after clearing (can be negative), `loss` = equity before the shock
//! (external assets before the haircut + claims at face value - pbar) minus equity after;
//! `distress = loss / equity_before` clamped to [0, 1] (1 when equity before <= 0 and loss > 0).
//! A node has defaulted when `p_i < pbar_i`. For the totals, `h(1)` of a shocked node is the
//! distress its haircut alone causes (`h e_X / equity_before`, clamped) and each node's
//! `buffer` weights its distress; a node without a buffer uses its equity before (>= 0).
//!
//! # Edge shocks (model contract 5.3; `tests/reference/stall/README.md`, convention 7)
//! "The obligor's payment on the edge is cut by `H_e`" is read as a write-down of that
//! obligation: `L'_e = (1 - c_e) L_e` with `c_e = max(0, H_e - h_O(1))` for an edge given `H_e`
//! (`h_O(1)` = the obligor's node haircut, which already reaches every creditor of O through
//! O's smaller external assets; only the excess is specific to the edge, so a node shock equals
//! its edge-shock form exactly). The obligor's liability, `pbar'_O = pbar_O - sum_e c_e L_e`,
//! and the pro-rata shares `Pi` of its creditors are those of `L'`; haircuts on `equity` and
//! `guarantee` edges do nothing. Outputs (7d): equity before as above (face amounts), equity
//! after `= e' + inflow - pbar'`, `loss` = before - after, negative for an obligor whose
//! liability was written down while it stayed solvent; `payment_ratio = p / pbar'`; defaulted iff
//! `p < pbar'`. Totals (7e): a node contributes `max(0, h_final - h(1))`, so the result's
//! `initial` holds `min(h(1), h_final)` (a write-down gain never offsets other nodes' losses; in
//! node-shock runs `h_final >= h(1)` already).
//!
//! # Complexity
//! O(E) to build the obligation structure and its transpose (by creditor), once per network
//! ([`Network::obligations`]). Edge write-downs rebuild the matrix by obligor (O(E), for the
//! amounts owed and the payments passed on) and override the cut pairs' amounts in the cached
//! transpose (`linear::CutPairs`) instead of transposing again. Each step: O(V) to find the
//! nodes that cannot pay in full (in parallel by blocks, in index order) and to mark D's
//! members; the linear system of the defaulted set D from D's own rows of the transpose (the
//! payments of the solvent obligors into D and the coupling within D; `linear.rs`), `O(E_D)`
//! where `E_D` is the number of obligations owed to D; the linear solve; and the creditors'
//! inflows after the new payments (O(E) of the rows that moved, cut by creditor range). Every
//! sum keeps the serial order of its additions (blocks joined in order; each row's payments in
//! increasing obligor index; the coupling in D's order), so the results have the same bits on
//! any number of threads, and as when every obligor's row was scanned (unit test). The
//! Gauss–Seidel sweeps are serial.

use super::{Clearing, EdgeShock, Model, Params, Recorder, Shock, ShockResult, State};
use crate::error::{Error, Result};
use std::borrow::Cow;

use rayon::prelude::*;

use crate::model::{obligations, Csr, Network};

mod linear;
use linear::{solve, CutPairs};

/// Largest defaulted set solved by dense Gaussian elimination.
pub const DENSE_LIMIT: usize = 400;

/// Relative slack when deciding that a node cannot pay in full.
const SHORT_EPS: f64 = 1e-13;

/// The obligation matrix: row `i` lists whom `i` owes and how much (face value). Every edge
/// kind but `equity` and `guarantee` is an obligation (convention 7a). A copy of the network's
/// cached one ([`Network::obligations`]).
pub fn obligations(net: &Network) -> Csr {
    net.obligations().matrix().clone()
}

/// The write-downs of the edge shocks (convention 7c): `(edge, c_e)` with `c_e = max(0, H_e -
/// h_O(1)) > 0`, obligation edges only.
fn write_downs(net: &Network, haircut: &[f64], edges: &[EdgeShock]) -> Vec<(usize, f64)> {
    edges
        .iter()
        .filter_map(|s| {
            let e = net.edge(s.edge);
            if !net.kinds().is_obligation(e.kind) {
                return None;
            }
            let o = net.distress_pair(&e).0.index();
            let c = (s.haircut.get() - haircut[o]).max(0.0);
            (c > 0.0).then_some((e.index.index(), c))
        })
        .collect()
}

/// Runs Eisenberg–Noe / Rogers–Veraart clearing. See the module documentation.
///
/// # Errors
/// [`Error::MissingData`] when no node of the graph gives `external_assets`.
pub fn run(net: &Network, shocks: &[Shock], params: &Params) -> Result<ShockResult> {
    run_with_edges(net, shocks, &[], params)
}

/// Runs the clearing with node shocks and edge shocks (module documentation, "Edge shocks").
///
/// # Errors
/// [`Error::MissingData`] when no node of the graph gives `external_assets`.
pub fn run_with_edges(
    net: &Network,
    shocks: &[Shock],
    edges: &[EdgeShock],
    params: &Params,
) -> Result<ShockResult> {
    let n = net.node_count();
    if !(0..n).any(|i| net.has_external_assets(i)) {
        let mut nodes: Vec<String> = (0..n).map(|i| net.id(i).to_string()).collect();
        nodes.sort();
        return Err(Error::MissingData {
            model: Model::EisenbergNoe.name().into(),
            field: "external_assets".into(),
            nodes,
        });
    }
    let sys = System::new(net, shocks, edges);
    let cleared = sys.clear(shocks, params);
    let mut r = sys.result(net, shocks, params, cleared);
    r.edge_shocks = edges.to_vec();
    Ok(r)
}

/// The clearing problem: obligations, what each node owes, its assets before and after the
/// haircut, and its equity before the shock. Borrows the network's cached obligation structure
/// ([`Network::obligations`]) unless edge shocks write obligations down.
struct System<'a> {
    /// Row `i`: whom `i` owes and how much (face value after the edge write-downs).
    ob: Cow<'a, Csr>,
    /// The network's obligations by creditor (row `i`: who owes `i` and how much, at face).
    by_creditor: &'a Csr,
    /// The written-down amounts of the pairs that edge write-downs cut, which replace
    /// `by_creditor`'s (empty without edge shocks).
    cut: CutPairs,
    /// Everything each node owes after the write-downs, outside creditors included.
    pbar: Cow<'a, [f64]>,
    /// The write-down of each node's liabilities, `sum_e c_e L_e` (empty without edge shocks).
    written_down: Vec<f64>,
    /// External assets before the haircut.
    e_pre: &'a [f64],
    /// External assets after the haircut.
    e: Vec<f64>,
    /// The haircut of each node (0 when not shocked).
    haircut: Vec<f64>,
    /// Claims on others at face value (before the write-downs).
    face: &'a [f64],
    /// Claims on others after the write-downs (what the node receives when all pay in full).
    claims: Cow<'a, [f64]>,
    /// External assets before the haircut + claims at face - pbar (before the write-downs).
    equity_before: &'a [f64],
}

/// The outcome of the clearing algorithm.
struct Cleared {
    /// The clearing vector.
    p: Vec<f64>,
    /// What each node receives from the others.
    inflow: Vec<f64>,
    rec: Recorder,
    converged: bool,
    edges_touched: u64,
    /// The last step that changed a payment.
    last_change: u32,
}

impl<'a> System<'a> {
    fn new(net: &'a Network, shocks: &[Shock], edges: &[EdgeShock]) -> System<'a> {
        let n = net.node_count();
        let cached = net.obligations();
        let e_pre: &[f64] = &net.external_assets;
        let mut e = e_pre.to_vec();
        let mut haircut = vec![0.0; n];
        for s in shocks {
            let i = s.node.index();
            haircut[i] = s.haircut.get();
            e[i] = (1.0 - s.haircut.get()) * e_pre[i];
        }
        let cuts = write_downs(net, &haircut, edges);
        let (ob, cut, pbar, claims, written_down) = if cuts.is_empty() {
            (
                Cow::Borrowed(cached.matrix()),
                CutPairs::default(),
                Cow::Borrowed(cached.owed()),
                Cow::Borrowed(cached.claims()),
                Vec::new(),
            )
        } else {
            let mut written_down = vec![0.0f64; n];
            for &(k, c) in &cuts {
                let e = net.edge(k);
                written_down[net.distress_pair(&e).0.index()] += c * e.amount;
            }
            let ob = obligations::matrix(net, &cuts);
            let pbar = obligations::owed(net, &ob);
            let claims = obligations::claims(&ob);
            let cut = CutPairs::new(net, &ob, &cuts);
            (
                Cow::Owned(ob),
                cut,
                Cow::Owned(pbar),
                Cow::Owned(claims),
                written_down,
            )
        };
        System {
            ob,
            by_creditor: cached.by_creditor(),
            cut,
            pbar,
            written_down,
            e_pre,
            e,
            haircut,
            face: cached.claims(),
            claims,
            equity_before: cached.equity_before(),
        }
    }

    /// The write-down of node `i`'s liabilities (0 without edge shocks).
    fn written_down(&self, i: usize) -> f64 {
        self.written_down.get(i).copied().unwrap_or(0.0)
    }

    /// The greatest clearing vector by Rogers & Veraart's algorithm: grow the set of nodes
    /// that cannot pay in full, solve for their payments, until the set stops growing.
    fn clear(&self, shocks: &[Shock], params: &Params) -> Cleared {
        let n = self.pbar.len();
        let (ob, pbar, e) = (&*self.ob, &*self.pbar, &self.e);
        let mut p = pbar.to_vec();
        let mut inflow = self.claims.to_vec();
        let mut rec = Recorder::new(n, params.trace());
        for s in shocks {
            if s.haircut.get() > 0.0 && self.e_pre[s.node.index()] > 0.0 {
                rec.hit(1, s.node.raw());
            }
        }
        let mut in_d = vec![false; n];
        let mut d: Vec<u32> = Vec::new();
        let mut converged = true;
        let mut edges_touched = 0u64;
        let mut step: u32 = 0;
        let mut last_change: u32 = 0;
        // Distress last reported in the trace, so each round lists only real changes.
        let mut traced = if params.trace() {
            vec![0.0f64; n]
        } else {
            Vec::new()
        };
        loop {
            step += 1;
            // The nodes that cannot pay in full, found by blocks in parallel, in index order.
            let owed_in = &inflow;
            let short: Vec<u32> = in_d
                .par_chunks(PER_NODE)
                .enumerate()
                .flat_map_iter(|(b, block)| {
                    let first = b * PER_NODE;
                    block.iter().enumerate().filter_map(move |(k, &done)| {
                        let i = first + k;
                        (!done && pbar[i] - (e[i] + owed_in[i]) > SHORT_EPS * pbar[i])
                            .then_some(i as u32)
                    })
                })
                .collect();
            let grew = !short.is_empty();
            for &i in &short {
                in_d[i as usize] = true;
            }
            d.extend(short);
            if !grew {
                break;
            }
            if step as usize > params.max_rounds() {
                converged = false;
                break;
            }
            let new_p = solve(
                (self.by_creditor, &self.cut),
                pbar,
                e,
                &p,
                &d,
                (params.alpha(), params.beta()),
                &mut converged,
            );
            // Apply the changes and update the creditors' inflows.
            let mut changes: Vec<u32> = if step == 1 {
                shocks.iter().map(|s| s.node.raw()).collect()
            } else {
                Vec::new()
            };
            let mut moved: Vec<(u32, f64)> = Vec::new();
            for (k, &i) in d.iter().enumerate() {
                let iu = i as usize;
                let delta = new_p[k] - p[iu];
                if delta != 0.0 && pbar[iu] > 0.0 {
                    last_change = step;
                    rec.hit(step, i);
                    let row = ob.row(iu);
                    edges_touched += row.len() as u64;
                    if delta < 0.0 && params.trace() {
                        changes.extend(row.iter().map(|a| a.target));
                    }
                    moved.push((i, delta));
                    p[iu] = new_p[k];
                    if params.trace() {
                        changes.push(i);
                    }
                }
            }
            pass_on(ob, pbar, &moved, step, &mut inflow, &mut rec.first_round);
            if params.trace() {
                self.trace_round(&mut rec, step, changes, &inflow, &mut traced);
            }
        }
        Cleared {
            p,
            inflow,
            rec,
            converged,
            edges_touched,
            last_change,
        }
    }

    /// Records the distress of the nodes that changed in a step (only real changes).
    fn trace_round(
        &self,
        rec: &mut Recorder,
        step: u32,
        mut changes: Vec<u32>,
        inflow: &[f64],
        traced: &mut [f64],
    ) {
        changes.sort_unstable();
        changes.dedup();
        let snapshot: Vec<(u32, f64)> = changes
            .iter()
            .filter_map(|&i| {
                let iu = i as usize;
                let after = self.e[iu] + inflow[iu] - self.pbar[iu];
                let eb = self.equity_before[iu];
                let h = distress(eb, eb - after);
                (h != traced[iu]).then(|| {
                    traced[iu] = h;
                    (i, h)
                })
            })
            .collect();
        rec.round(step, snapshot, f64::NAN);
    }

    /// Round 1 of the trace when nobody defaulted: the haircut's direct effect on the shocked
    /// nodes.
    fn haircut_round(&self, rec: &mut Recorder, shocks: &[Shock]) {
        let (e_pre, equity_before) = (self.e_pre, self.equity_before);
        let changes: Vec<(u32, f64)> = shocks
            .iter()
            .filter(|s| s.haircut.get() > 0.0 && e_pre[s.node.index()] > 0.0)
            .map(|s| {
                let i = s.node.index();
                (
                    s.node.raw(),
                    distress(equity_before[i], s.haircut.get() * e_pre[i]),
                )
            })
            .collect();
        rec.round(1, changes, f64::NAN);
    }

    /// Per-node losses, distress, states and the trace's running totals.
    fn result(&self, net: &Network, shocks: &[Shock], params: &Params, c: Cleared) -> ShockResult {
        let n = self.pbar.len();
        let (pbar, e_pre, equity_before) = (&*self.pbar, self.e_pre, self.equity_before);
        let Cleared {
            p,
            inflow,
            mut rec,
            converged,
            edges_touched,
            last_change,
        } = c;
        // Every per-node figure is computed in parallel, node by node (the same values on any
        // number of threads).
        let per_node = || (0..n).into_par_iter().with_min_len(PER_NODE);
        let equity: Vec<f64> = per_node()
            .map(|i| self.e[i] + inflow[i] - pbar[i])
            .collect();
        if params.trace() && rec.trace.is_empty() {
            self.haircut_round(&mut rec, shocks);
        }
        // Loss = equity before - equity after = haircut * e_X + (claims at face - inflow)
        // - write-down of its liabilities, written so that a node whose claims were paid in
        // full loses exactly its haircut loss (the same number as its h(1) numerator: no
        // rounding residue in the totals). A write-down can make it negative (7d).
        let loss: Vec<f64> = per_node()
            .map(|i| {
                let l = self.haircut[i] * e_pre[i] + (self.face[i] - inflow[i]);
                if self.written_down(i) > 0.0 {
                    l - self.written_down(i)
                } else {
                    l.max(0.0)
                }
            })
            .collect();
        let h: Vec<f64> = per_node()
            .map(|i| distress(equity_before[i], loss[i]))
            .collect();
        let initial: Vec<f64> = per_node()
            .map(|i| distress(equity_before[i], self.haircut[i] * e_pre[i]))
            .collect();
        let state = per_node()
            .map(|i| {
                if p[i] < pbar[i] {
                    State::Defaulted
                } else if loss[i] > 0.0 {
                    State::Distressed
                } else {
                    State::Undistressed
                }
            })
            .collect::<Vec<_>>()
            .into();
        let buffer: Vec<f64> = per_node()
            .map(|i| net.buffer(i).unwrap_or(equity_before[i].max(0.0)))
            .collect();
        let payment_ratio = per_node()
            .map(|i| if pbar[i] > 0.0 { p[i] / pbar[i] } else { 1.0 })
            .collect::<Vec<_>>()
            .into();
        let mut trace = rec.trace;
        trace_totals(&mut trace, &initial, &buffer);
        let mut first_round = rec.first_round;
        first_round
            .par_iter_mut()
            .zip(&loss)
            .with_min_len(PER_NODE)
            .for_each(|(first, &loss)| {
                // A node that lost nothing was not hit; one that lost was hit in step 1 at
                // the latest.
                if loss <= 0.0 {
                    *first = None;
                } else if first.is_none() {
                    *first = Some(1);
                }
            });
        // Totals count max(0, h_final - h(1)) (convention 7e).
        let initial: Vec<f64> = initial
            .par_iter()
            .zip(&h)
            .with_min_len(PER_NODE)
            .map(|(a, b)| a.min(*b))
            .collect();
        // Steps of the clearing algorithm that changed a payment (1 when only the haircut acted).
        let rounds = if loss.par_iter().with_min_len(PER_NODE).any(|&l| l > 0.0) {
            last_change.max(1)
        } else {
            0
        };
        ShockResult {
            model: Model::EisenbergNoe,
            params: *params,
            shocks: shocks.to_vec(),
            edge_shocks: Vec::new(),
            converged,
            rounds,
            distress: h.into(),
            initial: initial.into(),
            loss: loss.into(),
            state,
            first_round: first_round.into(),
            trace,
            clearing: Some(Clearing {
                payment: p.into(),
                payment_ratio,
                equity: equity.into(),
                equity_before: equity_before.to_vec().into(),
            }),
            buffer: buffer.into(),
            edges_touched,
        }
    }
}

/// Fills the trace's running totals now that the buffers are known: after each round, the sum
/// over nodes of (distress so far - initial) * buffer.
fn trace_totals(trace: &mut [super::Round], initial: &[f64], buffer: &[f64]) {
    let mut current = initial.to_vec();
    for r in trace {
        for &(i, hi) in &r.changes {
            current[i as usize] = hi.max(initial[i as usize]);
        }
        r.total_loss = current
            .iter()
            .zip(initial)
            .zip(buffer)
            .map(|((c, i), b)| (c - i) * b)
            .sum();
    }
}

/// `loss / equity_before` clamped to [0, 1]; 1 when equity before <= 0 and loss > 0.
fn distress(equity_before: f64, loss: f64) -> f64 {
    if loss <= 0.0 {
        0.0
    } else if equity_before <= 0.0 {
        1.0
    } else {
        (loss / equity_before).clamp(0.0, 1.0)
    }
}

/// The creditors' inflows after the payments `moved` (`(node, change of its payment)`, in the
/// order of D): `inflow_t += L_it / pbar_i * delta_i`, and a creditor of a payment that fell is
/// marked hit in `step` (`first_round`). The creditors are cut into one contiguous range per
/// thread (at most 8); each range's task reads every moved row and applies the entries that
/// land in it, so every creditor adds its terms in the order of D, as one serial loop does
/// (the same bits on any number of threads).
fn pass_on(
    ob: &Csr,
    pbar: &[f64],
    moved: &[(u32, f64)],
    step: u32,
    inflow: &mut [f64],
    first_round: &mut [Option<u32>],
) {
    let n = inflow.len();
    if n == 0 || moved.is_empty() {
        return;
    }
    // At most 8 ranges: every range reads every moved row, so more would read more than they
    // save.
    let part = n.div_ceil(rayon::current_num_threads().clamp(1, 8));
    inflow
        .par_chunks_mut(part)
        .zip(first_round.par_chunks_mut(part))
        .enumerate()
        .for_each(|(c, (inflow, first))| {
            let lo = c * part;
            for &(i, delta) in moved {
                let iu = i as usize;
                for a in ob.row(iu) {
                    let Some(t) = (a.target as usize).checked_sub(lo) else {
                        continue;
                    };
                    if t < inflow.len() {
                        inflow[t] += a.weight / pbar[iu] * delta;
                        if delta < 0.0 && first[t].is_none() {
                            first[t] = Some(step);
                        }
                    }
                }
            }
        });
}

/// Nodes per parallel task of the per-node figures of a result.
const PER_NODE: usize = 1 << 14;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph_en;

    /// 40,000 nodes (more than two blocks of the parallel scans) on a ring with seeded chords,
    /// every fourth node short of assets: the defaulted set passes the dense limit, so the
    /// Gauss–Seidel path, the parallel scans and the parallel pass-on all run.
    #[test]
    fn a_large_clearing_is_identical_on_one_and_two_threads() {
        let n = 40_000;
        let ids: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        let nodes: Vec<(&str, f64, f64)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), if i % 4 == 0 { 0.5 } else { 3.0 }, 0.0))
            .collect();
        let mut edges = Vec::new();
        let mut s: u64 = 7;
        for i in 0..n {
            edges.push((ids[i].as_str(), ids[(i + 1) % n].as_str(), 2.0));
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = (s >> 33) as usize % n;
            if j != i {
                edges.push((ids[i].as_str(), ids[j].as_str(), 1.0 + (s % 7) as f64));
            }
        }
        let net = graph_en(&nodes, &edges);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    run(
                        &net,
                        &[crate::test_support::shock(1, 1.0)],
                        &Params::default(),
                    )
                    .unwrap()
                })
        };
        let (one, two) = (on(1), on(2));
        let defaulted = one.state.iter().filter(|s| **s == State::Defaulted).count();
        assert!(defaulted > DENSE_LIMIT, "{defaulted} defaulted");
        assert!(one.rounds >= 2, "{} rounds", one.rounds);
        assert_eq!(one.distress, two.distress);
        assert_eq!(one.first_round, two.first_round);
        assert_eq!(one.rounds, two.rounds);
        let (c1, c2) = (one.clearing.unwrap(), two.clearing.unwrap());
        assert_eq!(c1.payment, c2.payment);
        assert_eq!(c1.equity, c2.equity);
    }

    #[test]
    fn two_node_default_hand_computed() {
        // a owes b 10; e_a = 4, e_b = 1. pbar_a = 10 > 4: a pays 4, b receives 4.
        let net = graph_en(&[("a", 4.0, 0.0), ("b", 1.0, 0.0)], &[("a", "b", 10.0)]);
        let r = run(
            &net,
            &[crate::test_support::shock(0, 0.0)],
            &Params::default(),
        )
        .unwrap();
        let c = r.clearing.as_ref().unwrap();
        assert_eq!(c.payment, vec![4.0, 0.0]);
        assert_eq!(c.payment_ratio, vec![0.4, 1.0]);
        // b: equity before 1 + 10 = 11, after 1 + 4 = 5: loss 6, distress 6/11.
        assert_eq!(c.equity, vec![-6.0, 5.0]);
        assert_eq!(r.loss[1], 6.0);
        assert!((r.distress[1] - 6.0 / 11.0).abs() < 1e-15);
        assert_eq!(r.state[0], State::Defaulted);
    }

    #[test]
    fn rogers_veraart_costs_lower_payments() {
        // Same graph, alpha = 0.5: a pays 0.5 * 4 = 2.
        let net = graph_en(&[("a", 4.0, 0.0), ("b", 1.0, 0.0)], &[("a", "b", 10.0)]);
        let params = Params::default().with_alpha(0.5).unwrap();
        let r = run(&net, &[crate::test_support::shock(0, 0.0)], &params).unwrap();
        assert_eq!(r.clearing.unwrap().payment[0], 2.0);
    }
}
