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
//! reset it sparsely, so each shock costs what it reaches. Under differential DebtRank a shock
//! whose frontier grows large finishes in Gauss–Seidel sweeps to its least fixed point, eight
//! such shocks at a time with their distress interleaved node by node
//! (`src/shock/gauss_seidel.rs`): each pass over the impact matrix serves all eight, and
//! each shock keeps the bits it has alone. (Blocks of 8 or 4 sources in *synchronous* rounds,
//! pushed or pulled, were built before and measured slower from 100k nodes on, their per-round
//! bookkeeping costing more than the shared reads saved: `docs/benchmarks.md`, "All-node
//! DebtRank ranking".) Eisenberg–Noe runs the full clearing per node (meant for small and
//! medium graphs).

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::Result;
use crate::model::Network;
use crate::model::NodeId;
use crate::shock::debtrank::{self, Ended};
use crate::shock::{self, gauss_seidel, Haircut, Model, Params, Shock, State, Trace, Workspace};

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

/// The fixed point of the vulnerability sums: a distress `h` counts as `round(h * 2^60)`.
pub const FIXED: f64 = (1u64 << 60) as f64;

/// The sweep of some of the sources ([`sweep_sources`]): their rows, and every node's
/// vulnerability sum over those sources' shocks, still in 2^-60 fixed point so that the sums
/// of disjoint sets of sources add up exactly ([`vulnerability`] turns a full sum into the
/// mean).
#[derive(Debug, Clone, PartialEq)]
pub struct PartialSweep {
    /// One row per source, in the order of the sources; `vulnerability` is 0 here.
    pub rows: Vec<SweepRow>,
    /// Per node (by index): the sum of its final distress over the shocks of the sources
    /// other than itself, in units of 2^-60.
    pub vulnerability_sums: Vec<i128>,
}

/// A node's vulnerability from its fixed-point sum over the shocks of all `n` nodes: the mean
/// over the `n - 1` others.
#[must_use]
pub fn vulnerability(sum: i128, n: usize) -> f64 {
    let others = (n.saturating_sub(1)).max(1) as f64;
    sum as f64 / FIXED / others
}

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
    let all: Vec<u32> = (0..n as u32).collect();
    let part = sweep_sources(net, model, haircut, params, &all, progress)?;
    let mut rows = part.rows;
    for (row, &v) in rows.iter_mut().zip(&part.vulnerability_sums) {
        row.vulnerability = vulnerability(v, n);
    }
    Ok(rows)
}

/// The sweep of the single-node shocks of `sources` only (node indices, ascending, no
/// repeats): what one shard of a ranking computes (`super::shard`).
///
/// Each source's row, and its share of every vulnerability sum, is the same to the bit as in
/// the sweep of all nodes: every source is shocked alone, whatever else is in `sources`.
///
/// # Errors
/// As [`sweep`].
///
/// # Panics
/// When `sources` is not ascending or names a node beyond the graph.
pub fn sweep_sources(
    net: &Network,
    model: Model,
    haircut: Haircut,
    params: &Params,
    sources: &[u32],
    progress: &(dyn Fn(usize) + Sync),
) -> Result<PartialSweep> {
    let n = net.node_count();
    assert!(
        sources.windows(2).all(|w| w[0] < w[1]) && sources.last().is_none_or(|&k| (k as usize) < n),
        "sources ascending and in the graph"
    );
    let params = params.with_trace(Trace::Off);
    let buffer: Vec<f64> = if model == Model::EisenbergNoe {
        Vec::new()
    } else {
        let all: Vec<u32> = (0..n as u32).collect();
        shock::buffers(net, model, &all)?
    };
    let total_value: f64 = (0..n).map(|i| net.value(i)).sum();
    let done = AtomicUsize::new(0);
    let total = sources.len();
    // Counts a finished source; reports every 64th and the last.
    let tick = || {
        let d = done.fetch_add(1, Ordering::Relaxed) + 1;
        if d.is_multiple_of(64) || d == total {
            progress(d);
        }
    };
    let threads = rayon::current_num_threads().max(1);
    let chunk = total.div_ceil(threads * 8).max(1);
    // Every chunk adds its vulnerability sums into one array when it ends: they are integers,
    // so the order of the additions does not change them, and only one array per running
    // chunk is alive (not one per chunk: 16 x n x 16 bytes at 2 threads).
    let sums = std::sync::Mutex::new(vec![0i128; n]);
    shock::prepare(net, model);
    let parts: Vec<Result<Vec<SweepRow>>> = sources
        .par_chunks(chunk)
        .map(|part| {
            let mut vuln = vec![0i128; n];
            let rows = if model == Model::EisenbergNoe {
                let mut rows = Vec::with_capacity(part.len());
                for &k in part {
                    rows.push(clearing_row(
                        net, model, haircut, &params, k as usize, &mut vuln,
                    )?);
                    tick();
                }
                rows
            } else {
                let ctx = Cascades {
                    net,
                    model,
                    haircut,
                    params: &params,
                    buffer: &buffer,
                    total_value,
                };
                ctx.rows(part, &mut vuln, &tick)
            };
            let mut all = sums
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for (a, v) in all.iter_mut().zip(&vuln) {
                *a += v;
            }
            Ok(rows)
        })
        .collect();
    let mut rows = Vec::with_capacity(total);
    for p in parts {
        rows.extend(p?);
    }
    Ok(PartialSweep {
        rows,
        vulnerability_sums: sums
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    })
}

/// What the rows of a cascade model's sources need.
struct Cascades<'a> {
    net: &'a Network,
    model: Model,
    haircut: Haircut,
    params: &'a Params,
    buffer: &'a [f64],
    total_value: f64,
}

impl Cascades<'_> {
    /// The rows of the sources of `part`, in its order, adding every other node's final
    /// distress to `vuln`; `tick` once per source done.
    ///
    /// Each source is shocked alone in one reused workspace. Under differential DebtRank a
    /// shock whose frontier grows large stops its pushed rounds there
    /// ([`shock::debtrank::push_until_large`]) and joins a group of up to
    /// [`gauss_seidel::LANES`] such shocks that finish together in Gauss–Seidel sweeps
    /// ([`gauss_seidel::Lanes`]); each shock's distress has the same bits as when swept alone,
    /// so its row does not depend on the rest of `part`.
    fn rows(&self, part: &[u32], vuln: &mut [i128], tick: &(dyn Fn() + Sync)) -> Vec<SweepRow> {
        let n = self.net.node_count();
        let mut rows: Vec<Option<SweepRow>> = vec![None; part.len()];
        let mut ws = Workspace::new(n);
        let mut lanes: Option<gauss_seidel::Lanes> = None;
        // (position in `part`, source) of each lane of `lanes`.
        let mut waiting: Vec<(usize, usize)> = Vec::new();
        for (p, k) in part.iter().map(|&k| k as usize).enumerate() {
            let s = [Shock::new(NodeId::new(k), self.haircut)];
            if self.model == Model::DebtRank {
                let ended =
                    debtrank::push_until_large(&mut ws, self.net, self.buffer, &s, self.params);
                if let Ended::Large { round } = ended {
                    let group = lanes.get_or_insert_with(|| gauss_seidel::Lanes::new(n));
                    group.add(k, self.haircut.get(), round, &ws);
                    ws.reset();
                    waiting.push((p, k));
                    if group.is_full() {
                        self.finish(group, &mut waiting, &mut rows, vuln, tick);
                    }
                    continue;
                }
            } else {
                let propagate = shock::propagator(self.model).expect("cascade model");
                propagate(&mut ws, self.net, self.buffer, &s, &[], self.params);
            }
            let mut reached = ws.touched().into_owned();
            reached.sort_unstable();
            let nodes = reached.iter().map(|&i| {
                let i = i as usize;
                (i, ws.h[i], ws.seed[i], ws.state(self.model, i))
            });
            rows[p] = Some(self.row(nodes, k, vuln));
            ws.reset();
            tick();
        }
        if let Some(group) = lanes.as_mut().filter(|g| g.len() > 0) {
            self.finish(group, &mut waiting, &mut rows, vuln, tick);
        }
        rows.into_iter()
            .map(|r| r.expect("every source has its row"))
            .collect()
    }

    /// Sweeps the group of `waiting` shocks to their fixed points and fills in their rows.
    fn finish(
        &self,
        group: &mut gauss_seidel::Lanes,
        waiting: &mut Vec<(usize, usize)>,
        rows: &mut [Option<SweepRow>],
        vuln: &mut [i128],
        tick: &(dyn Fn() + Sync),
    ) {
        group.run(self.net.impact(), self.params);
        for (l, &(p, k)) in waiting.iter().enumerate() {
            let g = &*group;
            let nodes = (0..self.net.node_count()).filter_map(|i| {
                let h = g.distress(i, l);
                let seed = if i == k { self.haircut.get() } else { 0.0 };
                (h != 0.0 || seed != 0.0).then(|| (i, h, seed, shock::state_of(h)))
            });
            rows[p] = Some(self.row(nodes, k, vuln));
            tick();
        }
        waiting.clear();
        group.clear();
    }

    /// The row of source `k` from every node its shock reached, in index order, as (node,
    /// final distress, seed, state), adding every other node's final distress to `vuln`. The
    /// sums run in index order over the reached nodes, so they equal `ShockResult::totals` to
    /// the bit (the nodes left out add nothing).
    fn row(
        &self,
        nodes: impl Iterator<Item = (usize, f64, f64, State)>,
        k: usize,
        vuln: &mut [i128],
    ) -> SweepRow {
        let mut row = SweepRow {
            impact: 0.0,
            total_loss: 0.0,
            distressed: 0,
            defaulted: 0,
            vulnerability: 0.0,
        };
        let mut weighted = 0.0;
        for (i, h, seed, state) in nodes {
            let dh = h - seed;
            weighted += self.net.value(i) * dh;
            row.total_loss += dh * self.buffer[i];
            if i != k {
                vuln[i] += (h * FIXED).round() as i128;
                match state {
                    State::Distressed => row.distressed += 1,
                    State::Defaulted => row.defaulted += 1,
                    State::Undistressed => {}
                }
            }
        }
        row.impact = if self.total_value > 0.0 {
            weighted / self.total_value
        } else {
            0.0
        };
        row
    }
}

/// The row of source `k` under Eisenberg–Noe clearing (a full clearing per source), adding
/// every other node's final distress to `vuln`.
fn clearing_row(
    net: &Network,
    model: Model,
    haircut: Haircut,
    params: &Params,
    k: usize,
    vuln: &mut [i128],
) -> Result<SweepRow> {
    let r = shock::run(net, model, &[Shock::new(NodeId::new(k), haircut)], params)?;
    let t = r.totals(net);
    let mut row = SweepRow {
        impact: t.impact,
        total_loss: t.total_loss,
        distressed: 0,
        defaulted: 0,
        vulnerability: 0.0,
    };
    for i in (0..net.node_count()).filter(|&i| i != k) {
        vuln[i] += (r.distress[i] * FIXED).round() as i128;
        match r.state[i] {
            State::Distressed => row.distressed += 1,
            State::Defaulted => row.defaulted += 1,
            State::Undistressed => {}
        }
    }
    Ok(row)
}

/// The unit in which shards deal out sources: blocks of `BLOCK` consecutive node indices
/// (`super::shard`). A source's row does not depend on which sources share its block or
/// shard, so any size would merge exactly; 8 is the partition rule shard files have always
/// named.
pub const BLOCK: usize = 8;

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

#[cfg(test)]
mod pulled_tests {
    use super::*;
    use crate::test_support::graph;

    /// A hub owes 1 to each of 100 nodes `m_i`, each `m_i` owes 1 to its own `t_i`; every
    /// buffer is 1. The hub's shock defaults the 100 `m_i` in round 1; round 2 starts from a
    /// frontier holding half the edges, so it pulls, and defaults the 100 `t_i`. By hand: the
    /// hub's row has loss 200 and 200 nodes defaulted besides the hub.
    #[test]
    fn nodes_reached_in_a_pulled_round_count_in_every_model() {
        let names: Vec<String> = (0..100)
            .flat_map(|i| [format!("m{i:03}"), format!("t{i:03}")])
            .collect();
        let mut nodes: Vec<(&str, f64)> = vec![("hub", 1.0)];
        nodes.extend(names.iter().map(|s| (s.as_str(), 1.0)));
        let mut edges: Vec<(&str, &str, f64)> = Vec::new();
        for pair in names.chunks(2) {
            edges.push(("hub", pair[0].as_str(), 1.0));
            edges.push((pair[0].as_str(), pair[1].as_str(), 1.0));
        }
        let net = graph(&nodes, &edges);
        for model in [Model::DebtRank, Model::DebtRankClassic, Model::Threshold] {
            let rows = sweep(&net, model, Haircut::FULL, &Params::default(), &|_| {}).unwrap();
            assert_eq!(rows[0].total_loss, 200.0, "{model:?}");
            assert_eq!(rows[0].defaulted, 200, "{model:?}");
            for (k, row) in rows.iter().enumerate().step_by(37) {
                let r = shock::run(
                    &net,
                    model,
                    &[Shock::new(NodeId::new(k), Haircut::FULL)],
                    &Params::default(),
                )
                .unwrap();
                let t = r.totals(&net);
                assert_eq!(row.impact, t.impact, "{model:?} source {k}");
                assert_eq!(row.total_loss, t.total_loss, "{model:?} source {k}");
            }
        }
    }
}

#[cfg(test)]
mod sweep_tests {
    use proptest::prelude::*;

    use super::*;
    use crate::test_support::graph;

    /// The rows the per-source path gives: one `shock::run` per node.
    fn per_source(net: &Network, haircut: Haircut, params: &Params) -> Vec<SweepRow> {
        let n = net.node_count();
        let mut vuln = vec![0.0; n];
        let mut rows: Vec<SweepRow> = (0..n)
            .map(|k| {
                let s = [Shock::new(NodeId::new(k), haircut)];
                let r = shock::run(net, Model::DebtRank, &s, params).unwrap();
                let t = r.totals(net);
                let mut row = SweepRow {
                    impact: t.impact,
                    total_loss: t.total_loss,
                    distressed: 0,
                    defaulted: 0,
                    vulnerability: 0.0,
                };
                for i in (0..n).filter(|&i| i != k) {
                    vuln[i] += r.distress[i];
                    match r.state[i] {
                        State::Distressed => row.distressed += 1,
                        State::Defaulted => row.defaulted += 1,
                        State::Undistressed => {}
                    }
                }
                row
            })
            .collect();
        for (row, v) in rows.iter_mut().zip(vuln) {
            row.vulnerability = v / (n.saturating_sub(1)).max(1) as f64;
        }
        rows
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
    }

    fn sweep_on(threads: usize, net: &Network, h: Haircut, p: &Params) -> Vec<SweepRow> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| sweep(net, Model::DebtRank, h, p, &|_| {}).unwrap())
    }

    fn random_graph(buffers: &[f64], edges: &[(usize, usize, f64)]) -> Network {
        let names: Vec<String> = (0..buffers.len()).map(|i| format!("n{i}")).collect();
        let nodes: Vec<(&str, f64)> = names
            .iter()
            .map(String::as_str)
            .zip(buffers.iter().copied())
            .collect();
        let n = buffers.len();
        let mut seen = std::collections::HashSet::new();
        let edges: Vec<(&str, &str, f64)> = edges
            .iter()
            .map(|&(f, t, a)| (f % n, t % n, a))
            .filter(|&(f, t, _)| f != t && seen.insert((f, t)))
            .map(|(f, t, a)| (names[f].as_str(), names[t].as_str(), a))
            .collect();
        graph(&nodes, &edges)
    }

    #[test]
    fn edgeless_graph_has_no_impact() {
        let nodes: Vec<(String, f64)> = (0..20).map(|i| (format!("n{i}"), 1.0)).collect();
        let nodes: Vec<(&str, f64)> = nodes.iter().map(|(s, b)| (s.as_str(), *b)).collect();
        let net = graph(&nodes, &[]);
        let rows = sweep_on(2, &net, Haircut::FULL, &Params::default());
        assert!(rows
            .iter()
            .all(|r| r.impact == 0.0 && r.vulnerability == 0.0));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Sweep = one DebtRank run per node (to 1e-12), bit-identical on 1 and 2
        /// threads; held-back increments (large tolerance), zero buffers, cycles and the round
        /// cap included.
        #[test]
        fn sweep_equals_per_source(
            buffers in prop::collection::vec(prop_oneof![Just(0.0), 0.5f64..20.0], 1..21),
            edges in prop::collection::vec((0usize..20, 0usize..20, 0.1f64..15.0), 0..60),
            h in 0.0f64..=1.0,
            tol in prop_oneof![Just(1e-14), Just(1e-3), Just(0.05)],
            cap in prop_oneof![Just(2usize), Just(5), Just(10_000)],
        ) {
            let net = random_graph(&buffers, &edges);
            let haircut = Haircut::new(h).unwrap();
            let p = Params::default().with_tolerance(tol).unwrap().with_max_rounds(cap);
            let want = per_source(&net, haircut, &p);
            let one = sweep_on(1, &net, haircut, &p);
            let two = sweep_on(2, &net, haircut, &p);
            prop_assert_eq!(&one, &two);
            for (a, b) in one.iter().zip(&want) {
                prop_assert!(close(a.impact, b.impact), "{a:?} vs {b:?}");
                prop_assert!(close(a.total_loss, b.total_loss), "{a:?} vs {b:?}");
                prop_assert!(close(a.vulnerability, b.vulnerability), "{a:?} vs {b:?}");
                prop_assert_eq!((a.distressed, a.defaulted), (b.distressed, b.defaulted));
            }
        }
    }
}
