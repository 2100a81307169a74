//! What-if tools: haircut sweeps and tipping points (reverse stress tests).
//!
//! - [`sweep`]: the haircut on a node from 0 to 1 in equal steps; each point is exactly the
//!   `graph shock` result at that haircut (same code path, same totals).
//! - [`tipping`]: the smallest haircut on a node that puts a target into default (or its
//!   distress at or above a level), by bisection to 1e-6 on the monotone response. Every model
//!   is monotone in the haircut (tested by property tests), so bisection is sound.
//! - [`sweep_with`] and [`tipping_with`] do the same for a [`Lever`]: a node's haircut or the
//!   haircut of a selection of edges (model contract 5.3, `FROM:TO[:KIND]`), with fixed edge
//!   shocks applied at every point. The cascades are monotone in an edge haircut too (property
//!   test); in Eisenberg–Noe an edge haircut writes an obligation down (convention 7c), which
//!   helps the obligor and its other creditors, so a tipping search on an edge is sound for the
//!   targets that stand to lose from the write-down (the creditor and those exposed to it).

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use serde::Serialize;

use crate::error::{Error, Param, Result};
use crate::model::{EdgeId, Network, NodeId};
use crate::shock::{
    self, EdgeShock, Haircut, Model, Params, Shock, ShockResult, State, Totals, Trace,
};

/// The most steps a sweep takes.
pub const MAX_STEPS: usize = 100_000;

/// One point of a sweep: the totals of the shock at that haircut.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SweepPoint {
    /// Haircut on the node.
    pub haircut: f64,
    /// The shock's totals (`docs/model.md#totals`).
    #[serde(flatten)]
    pub totals: Totals,
}

/// The sweep of one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curve {
    /// The shocked node.
    pub node: NodeId,
    /// Points in increasing haircut, `steps + 1` of them from 0 to 1.
    pub points: Vec<SweepPoint>,
}

/// What a sweep or a tipping search turns: one node's haircut, or one haircut on a selection of
/// edges (every edge of `edges` gets it; `label` is the selector as written, `FROM:TO[:KIND]`).
#[derive(Debug, Clone, PartialEq)]
pub enum Lever {
    /// A node shock on this node.
    Node(NodeId),
    /// An edge shock on each of these edges (model contract 5.3).
    Edges {
        /// The selector as written, `FROM:TO[:KIND]`.
        label: String,
        /// The edges it names (`shock::edge::select`).
        edges: Vec<EdgeId>,
    },
}

impl Lever {
    /// The shock at haircut `h`, with the `fixed` edge shocks.
    fn run(
        &self,
        net: &Network,
        model: Model,
        h: f64,
        fixed: &[EdgeShock],
        params: &Params,
    ) -> Result<ShockResult> {
        let h = Haircut::new(h)?;
        match self {
            Lever::Node(node) => {
                shock::run_with_edges(net, model, &[Shock::new(*node, h)], fixed, params)
            }
            Lever::Edges { edges, .. } => {
                let mut all: Vec<EdgeShock> = edges.iter().map(|&e| EdgeShock::new(e, h)).collect();
                all.extend_from_slice(fixed);
                shock::run_with_edges(net, model, &[], &all, params)
            }
        }
    }

    /// The node a tipping search must not target (the shocked node), if any.
    fn shocked(&self) -> Option<NodeId> {
        match self {
            Lever::Node(n) => Some(*n),
            Lever::Edges { .. } => None,
        }
    }
}

/// The sweep of one edge selection (`graph sweep --edge FROM:TO[:KIND]`); JSON
/// `{"edge": "from:to[:kind]", "points": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeCurve {
    /// The selector as written.
    pub edge: String,
    /// The edges it names.
    #[serde(skip)]
    pub edges: Vec<EdgeId>,
    /// Points in increasing haircut on those edges, `steps + 1` of them from 0 to 1.
    pub points: Vec<SweepPoint>,
}

/// Sweeps the haircut on each node of `nodes` (one curve each) from 0 to 1 in `steps` steps.
///
/// # Errors
/// `steps` of 0, or the shock's own errors.
pub fn sweep(
    net: &Network,
    model: Model,
    nodes: &[NodeId],
    steps: usize,
    params: &Params,
) -> Result<Vec<Curve>> {
    let levers: Vec<Lever> = nodes.iter().map(|&n| Lever::Node(n)).collect();
    let (curves, _) = sweep_with(net, model, &levers, &[], steps, params)?;
    Ok(curves)
}

/// Sweeps each lever's haircut from 0 to 1 in `steps` steps, the `fixed` edge shocks applied at
/// every point: one [`Curve`] per node lever and one [`EdgeCurve`] per edge lever, in the order
/// given. Each point equals `shock::run_with_edges` at that haircut.
///
/// # Errors
/// `steps` of 0 or above [`MAX_STEPS`], or the shock's own errors (an edge both swept and
/// fixed is shocked twice).
pub fn sweep_with(
    net: &Network,
    model: Model,
    levers: &[Lever],
    fixed: &[EdgeShock],
    steps: usize,
    params: &Params,
) -> Result<(Vec<Curve>, Vec<EdgeCurve>)> {
    sweep_with_progress(
        net,
        model,
        levers,
        fixed,
        steps,
        params,
        &super::no_progress,
    )
}

/// [`sweep_with`], calling `progress(shocks done, levers x (steps + 1))` after each point.
///
/// # Errors
/// As [`sweep_with`].
pub fn sweep_with_progress(
    net: &Network,
    model: Model,
    levers: &[Lever],
    fixed: &[EdgeShock],
    steps: usize,
    params: &Params,
    progress: super::Progress<'_>,
) -> Result<(Vec<Curve>, Vec<EdgeCurve>)> {
    if steps == 0 || steps > MAX_STEPS {
        return Err(Error::param(
            Param::Steps,
            format!("{steps} is not between 1 and {MAX_STEPS}"),
            Some("20 steps give points every 0.05"),
        ));
    }
    let params = params.with_trace(Trace::Off);
    let (mut curves, mut edge_curves) = (Vec::new(), Vec::new());
    let (done, total) = (AtomicUsize::new(0), levers.len() * (steps + 1));
    shock::prepare(net, model);
    for lever in levers {
        let points = (0..=steps)
            .into_par_iter()
            .map(|k| {
                let haircut = k as f64 / steps as f64;
                let r = lever.run(net, model, haircut, fixed, &params)?;
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok(SweepPoint {
                    haircut,
                    totals: r.totals(net),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        match lever {
            Lever::Node(node) => curves.push(Curve {
                node: *node,
                points,
            }),
            Lever::Edges { label, edges } => edge_curves.push(EdgeCurve {
                edge: label.clone(),
                edges: edges.clone(),
                points,
            }),
        }
    }
    Ok((curves, edge_curves))
}

/// What a tipping point is sought for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// This node's distress reaching the level.
    Node(NodeId),
    /// Any node other than the shocked one reaching the level.
    Any,
}

/// The answer of a reverse stress test.
#[derive(Debug, Clone)]
pub struct Tipping {
    /// Smallest haircut (to [`TIPPING_TOLERANCE`]) at which the target reaches the level, or
    /// `None` when no haircut up to 1 does.
    pub haircut: Option<f64>,
    /// The node that tips (for `Target::Any`, the first to reach the level at that haircut).
    pub tipped: Option<NodeId>,
    /// The shock at that haircut (at haircut 1 when none tips).
    pub shock: ShockResult,
    /// Bisection steps.
    pub iterations: usize,
}

/// The hint when the target is the shocked node (a front end may put its own in its place).
pub const TARGET_HINT: &str = "pick another node, or any node";

/// Precision of [`tipping`] on the haircut.
pub const TIPPING_TOLERANCE: f64 = 1e-6;

/// The most shocks [`tipping`] runs: haircut 1, haircut 0, and 20 bisection steps (2^-20 <
/// [`TIPPING_TOLERANCE`]); the total its progress hook is given.
pub const TIPPING_RUNS: usize = 22;

fn reached(
    net: &Network,
    r: &ShockResult,
    shocked: Option<NodeId>,
    target: Target,
    level: f64,
) -> Option<NodeId> {
    let net_id = |i: usize| net.id(i);
    let hit = |i: usize| {
        if level >= 1.0 {
            r.state[i] == State::Defaulted
        } else {
            r.distress[i] >= level
        }
    };
    match target {
        Target::Node(y) => hit(y.index()).then_some(y),
        Target::Any => {
            // The most distressed node other than the shocked one, ties by id.
            (0..r.distress.len())
                .filter(|&i| Some(NodeId::new(i)) != shocked && hit(i))
                .max_by(|&a, &b| {
                    r.distress[a]
                        .total_cmp(&r.distress[b])
                        .then_with(|| net_id(b).cmp(net_id(a)))
                })
                .map(NodeId::new)
        }
    }
}

/// The smallest haircut on `node` at which `target` reaches `level` (1 = default: the node's
/// state is defaulted; below 1: its distress is at least `level`).
///
/// # Errors
/// Level outside (0, 1], target equal to the shocked node, or the shock's own errors.
pub fn tipping(
    net: &Network,
    model: Model,
    node: NodeId,
    target: Target,
    level: f64,
    params: &Params,
) -> Result<Tipping> {
    tipping_with(net, model, &Lever::Node(node), &[], target, level, params)
}

/// [`tipping`] for any [`Lever`] (a node's haircut or an edge selection's), with the `fixed`
/// edge shocks applied at every step. For an edge lever, `Target::Any` counts every node
/// (no node is shocked as such).
///
/// # Errors
/// Level outside (0, 1], target equal to the shocked node, or the shock's own errors.
pub fn tipping_with(
    net: &Network,
    model: Model,
    turned: &Lever,
    fixed: &[EdgeShock],
    target: Target,
    level: f64,
    params: &Params,
) -> Result<Tipping> {
    tipping_with_progress(
        net,
        model,
        turned,
        fixed,
        target,
        level,
        params,
        &super::no_progress,
    )
}

/// [`tipping_with`], calling `progress(shocks run, TIPPING_RUNS)` after each shock.
///
/// # Errors
/// As [`tipping_with`].
#[allow(
    clippy::too_many_arguments,
    reason = "tipping_with's arguments and the hook"
)]
pub fn tipping_with_progress(
    net: &Network,
    model: Model,
    turned: &Lever,
    fixed: &[EdgeShock],
    target: Target,
    level: f64,
    params: &Params,
    progress: super::Progress<'_>,
) -> Result<Tipping> {
    if !(level > 0.0 && level <= 1.0) {
        return Err(Error::param(
            Param::Level,
            format!("{level} is not in (0, 1]"),
            Some("1 (the default) means default; 0.5 means distress of at least 50%"),
        ));
    }
    let shocked = turned.shocked();
    if let Some(node) = shocked.filter(|&n| target == Target::Node(n)) {
        return Err(Error::param(
            Param::Target,
            format!("the target `{}` is the shocked node itself", net.id(node)),
            Some(TARGET_HINT),
        ));
    }
    let runs = AtomicUsize::new(0);
    let run = |h: f64| {
        let r = turned.run(net, model, h, fixed, params);
        progress(
            (runs.fetch_add(1, Ordering::Relaxed) + 1).min(TIPPING_RUNS),
            TIPPING_RUNS,
        );
        r
    };
    let top = run(1.0)?;
    if reached(net, &top, shocked, target, level).is_none() {
        return Ok(Tipping {
            haircut: None,
            tipped: None,
            shock: top,
            iterations: 0,
        });
    }
    let bottom = run(0.0)?;
    if let Some(t) = reached(net, &bottom, shocked, target, level) {
        return Ok(Tipping {
            haircut: Some(0.0),
            tipped: Some(t),
            shock: bottom,
            iterations: 0,
        });
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let mut best = top;
    let mut iterations = 0;
    while hi - lo > TIPPING_TOLERANCE {
        let mid = 0.5 * (lo + hi);
        let r = run(mid)?;
        if reached(net, &r, shocked, target, level).is_some() {
            hi = mid;
            best = r;
        } else {
            lo = mid;
        }
        iterations += 1;
    }
    let tipped = reached(net, &best, shocked, target, level);
    Ok(Tipping {
        haircut: Some(hi),
        tipped,
        shock: best,
        iterations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    fn chain() -> Network {
        // x owes a 10, a owes b 4; buffers x 10, a 5, b 8.
        graph(
            &[("x", 10.0), ("a", 5.0), ("b", 8.0)],
            &[("x", "a", 10.0), ("a", "b", 4.0)],
        )
    }

    #[test]
    fn sweep_end_points_equal_single_shocks() {
        let net = chain();
        let c = sweep(
            &net,
            Model::DebtRank,
            &[NodeId::new(0)],
            4,
            &Params::default(),
        )
        .unwrap();
        assert_eq!(c[0].points.len(), 5);
        assert_eq!(c[0].points[0].totals.total_loss, 0.0);
        // At h: a loses 10h (capped at 5), passes its distress min(1, 2h) * 4 to b.
        // h = 0.25: a 0.5 (loss 2.5), b 0.25 (loss 2): total 4.5.
        assert_eq!(c[0].points[1].totals.total_loss, 4.5);
        // h = 1: a 1 (5), b 0.5 (4): total 9.
        assert_eq!(c[0].points[4].totals.total_loss, 9.0);
    }

    #[test]
    fn tipping_point_hand_computed() {
        // a defaults when 10 h >= 5, i.e. h = 0.5.
        let net = chain();
        let t = tipping(
            &net,
            Model::DebtRank,
            NodeId::new(0),
            Target::Node(NodeId::new(1)),
            1.0,
            &Params::default(),
        )
        .unwrap();
        let h = t.haircut.unwrap();
        assert!(h >= 0.5 && h - 0.5 <= TIPPING_TOLERANCE, "{h}");
        assert_eq!(t.shock.state[1], State::Defaulted);
        // b's distress reaches 0.25 when a's distress reaches 0.5, i.e. h = 0.25.
        let t = tipping(
            &net,
            Model::DebtRank,
            NodeId::new(0),
            Target::Node(NodeId::new(2)),
            0.25,
            &Params::default(),
        )
        .unwrap();
        assert!((t.haircut.unwrap() - 0.25).abs() <= TIPPING_TOLERANCE);
        // b never defaults (at most 0.5).
        let t = tipping(
            &net,
            Model::DebtRank,
            NodeId::new(0),
            Target::Node(NodeId::new(2)),
            1.0,
            &Params::default(),
        )
        .unwrap();
        assert!(t.haircut.is_none());
        // Any: a is the first to default.
        let t = tipping(
            &net,
            Model::DebtRank,
            NodeId::new(0),
            Target::Any,
            1.0,
            &Params::default(),
        )
        .unwrap();
        assert_eq!(t.tipped, Some(NodeId::new(1)));
    }
}
