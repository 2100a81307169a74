//! Who is exposed to whom, directly and through cascades.
//!
//! For a node X, [`exposure`] with [`Direction::To`] gives every node's
//! - **direct** exposure to X: `exposure(X -> i)` on the distress graph (amount net of
//!   recovery), and its leverage `Lambda_iX = exposure / buffer_i`;
//! - **cascade** loss: its loss when X fails fully (haircut 1) under a shock model;
//! - **linear** total through all paths: `sum_{k>=1} (Lambda^k e_X)_i`, i.e.
//!   `Lambda (I - Lambda)^-1 e_X`, the uncapped linearisation of DebtRank, where the series
//!   converges (it diverges when the spectral radius of `Lambda` on the nodes X reaches is >= 1;
//!   the result says so instead of giving a number);
//! - optionally its **main path**: the path from X with the largest product of
//!   `min(1, Lambda)` along it (the share of X's default that reaches it through that path alone
//!   in classic DebtRank), found with Dijkstra on `-ln min(1, Lambda)`.
//!
//! [`Direction::Of`] answers the reverse question: what X itself is exposed to: for every
//! node k, X's direct exposure to k, X's loss when k fails fully, X's linear distress through
//! all paths from k, and the main path from k to X. It runs one shock per node that can reach
//! X on the distress graph.
//!
//! Conventions as in `docs/model.md`: distress flows obligor -> exposed end; `Lambda_ij` =
//! exposure(j -> i) / `buffer_i`. Every node the computation reaches needs a buffer.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::error::Result;
use crate::model::view::{reachable, Along, BiCsr};
use crate::model::{Csr, Network, NodeId};
use crate::shock::{self, Haircut, Model, Params, Shock, Workspace};

/// Which way an exposure question runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Who is exposed to X (X fails).
    To,
    /// What X is exposed to (each of X's counterparties fails).
    Of,
}

impl Direction {
    /// `to` or `from`, as in the JSON output.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Direction::To => "to",
            Direction::Of => "from",
        }
    }
}

/// Whether [`exposure`] finds the main path to each node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paths {
    /// No paths (cheaper).
    #[default]
    Skip,
    /// The strongest path to (or from) every row's node.
    Find,
}

/// How the all-paths series ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    /// It converged.
    Converged,
    /// It grows without bound (spectral radius >= 1, or a reached buffer of 0).
    Diverges,
    /// It neither converged nor blew up within the iteration limit.
    Unsettled,
}

/// One node's exposure to (or of) X.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureRow {
    /// The counterparty.
    pub node: NodeId,
    /// Direct exposure in graph units.
    pub direct: f64,
    /// Direct exposure over the exposed node's buffer (Lambda), if it has a buffer > 0.
    pub direct_leverage: Option<f64>,
    /// Loss of the exposed node in the cascade, graph units.
    pub cascade_loss: f64,
    /// Distress of the exposed node in the cascade.
    pub cascade_distress: f64,
    /// Linear total through all paths, in distress units (not capped), when the series
    /// converges.
    pub linear_distress: Option<f64>,
    /// Same in graph units (times the exposed node's buffer).
    pub linear_loss: Option<f64>,
    /// Main path (node indices from the failing node to the exposed one), if asked for.
    pub path: Option<Vec<NodeId>>,
    /// Product of min(1, Lambda) along the main path.
    pub path_strength: Option<f64>,
}

/// The answer for one node X.
#[derive(Debug, Clone)]
pub struct Exposure {
    /// X.
    pub node: NodeId,
    /// Who is exposed to X, or what X is exposed to.
    pub direction: Direction,
    /// The cascade model.
    pub model: Model,
    /// How the linear series ended.
    pub linear: Series,
    /// Iterations the linear series took.
    pub linear_iterations: usize,
    /// Rows for every node with a non-zero direct, cascade or linear figure, sorted by cascade
    /// loss descending, then linear loss, then id.
    pub rows: Vec<ExposureRow>,
}

const LINEAR_TOL: f64 = 1e-13;
const LINEAR_MAX_ITER: usize = 100_000;

/// Sum over k >= 1 of M^k `e_x`, where `apply(z)` computes M z. Returns how it ended, the
/// vector when it converged, and the iterations.
fn neumann(
    n: usize,
    x: usize,
    apply: impl Fn(&[f64], &mut [f64]),
) -> (Series, Option<Vec<f64>>, usize) {
    let mut e = vec![0.0; n];
    e[x] = 1.0;
    let mut y = vec![0.0; n];
    let mut next = vec![0.0; n];
    let mut z = vec![0.0; n];
    for it in 1..=LINEAR_MAX_ITER {
        // y_{t+1} = M (e_x + y_t)
        for i in 0..n {
            z[i] = e[i] + y[i];
        }
        next.fill(0.0);
        apply(&z, &mut next);
        let mut change = 0.0f64;
        let mut size = 0.0f64;
        for i in 0..n {
            change = change.max((next[i] - y[i]).abs());
            size = size.max(next[i].abs());
        }
        std::mem::swap(&mut y, &mut next);
        if !size.is_finite() || size > 1e12 {
            return (Series::Diverges, None, it);
        }
        if change <= LINEAR_TOL * size.max(1.0) {
            return (Series::Converged, Some(y), it);
        }
    }
    (Series::Unsettled, None, LINEAR_MAX_ITER)
}

#[derive(PartialEq)]
struct Item(f64, u32);
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Item {
    fn cmp(&self, o: &Self) -> Ordering {
        // min-heap on cost, ties by index
        o.0.total_cmp(&self.0).then_with(|| o.1.cmp(&self.1))
    }
}

/// Strongest paths from `src` over `csr`, where the strength of an entry (a -> b, w) is
/// `min(1, w / buffer[exposed])`; `exposed_is_target` says which end's buffer divides.
/// Returns the predecessor array and the strength of the best path to each node.
fn strongest_paths(
    csr: &Csr,
    src: usize,
    buffer: &[f64],
    exposed_is_target: bool,
) -> (Vec<u32>, Vec<f64>) {
    let n = csr.node_count();
    let mut cost = vec![f64::INFINITY; n];
    let mut pred = vec![u32::MAX; n];
    let mut heap = BinaryHeap::new();
    cost[src] = 0.0;
    heap.push(Item(0.0, src as u32));
    while let Some(Item(c, u)) = heap.pop() {
        if c > cost[u as usize] {
            continue;
        }
        for a in csr.row(u as usize) {
            let exposed = if exposed_is_target {
                a.target as usize
            } else {
                u as usize
            };
            let lev = if buffer[exposed] > 0.0 {
                (a.weight / buffer[exposed]).min(1.0)
            } else {
                1.0
            };
            if lev <= 0.0 {
                continue;
            }
            let nc = c - lev.ln();
            let v = a.target as usize;
            if nc < cost[v] || (nc == cost[v] && u < pred[v]) {
                cost[v] = nc;
                pred[v] = u;
                heap.push(Item(nc, a.target));
            }
        }
    }
    let strength = cost.iter().map(|c| (-c).exp()).collect();
    (pred, strength)
}

fn path_to(pred: &[u32], src: usize, dst: usize) -> Option<Vec<NodeId>> {
    if dst == src || pred[dst] == u32::MAX {
        return None;
    }
    let mut p = vec![NodeId::new(dst)];
    let mut cur = dst;
    while cur != src {
        cur = pred[cur] as usize;
        p.push(NodeId::new(cur));
    }
    p.reverse();
    Some(p)
}

fn sort_rows(net: &Network, rows: &mut [ExposureRow]) {
    rows.sort_by(|a, b| {
        b.cascade_loss
            .total_cmp(&a.cascade_loss)
            .then_with(|| {
                b.linear_loss
                    .unwrap_or(0.0)
                    .total_cmp(&a.linear_loss.unwrap_or(0.0))
            })
            .then_with(|| b.direct.total_cmp(&a.direct))
            .then_with(|| net.id(a.node).cmp(net.id(b.node)))
    });
}

/// Exposures around `x`: with [`Direction::To`], who is exposed to `x`, directly, in the
/// cascade of `x`'s full default under `model`, and linearly through all paths; with
/// [`Direction::Of`], what `x` is exposed to, the same figures seen from `x`.
///
/// # Errors
/// Missing buffers on the nodes the computation reaches; model errors.
pub fn exposure(
    net: &Network,
    x: NodeId,
    direction: Direction,
    model: Model,
    params: &Params,
    paths: Paths,
) -> Result<Exposure> {
    let n = net.node_count();
    let xi = x.index();
    let view = BiCsr::distress(net);
    // The walk runs along the distress graph (To) or against it (Of).
    let walk = match direction {
        Direction::To => view.out,
        Direction::Of => view.inc,
    };
    // The nodes whose shocks matter (Of: every node that can reach x), and every node those
    // shocks can reach, which all need a buffer.
    let sources: Vec<u32> = match direction {
        Direction::To => vec![x.raw()],
        Direction::Of => {
            let mut up = reachable(view, &[x.raw()], Along::In);
            up.retain(|&k| k != x.raw());
            up.sort_unstable();
            up
        }
    };
    // To: the shock runs first, so that its model's own complaints come first.
    let early = match direction {
        Direction::To => Some(cascade_to(net, x, model, params)?),
        Direction::Of => None,
    };
    let mut starts = sources.clone();
    starts.push(x.raw());
    let reached = reachable(view, &starts, Along::Out);
    let buffer = shock::buffers(net, Model::DebtRank, &reached)?;
    let cascade = match early {
        Some(c) => c,
        None => cascade_of(net, x, &sources, model, params, &buffer)?,
    };
    // To: y = sum_m Lambda^m e_x, rows divided by the exposed (target) buffer;
    // Of: z_k = sum_m (Lambda^m)_{x k}, iterating z = Lambda^T (e_x + z), rows divided by the
    // buffer of the node the row belongs to.
    let (linear, linear_values, iterations) = neumann(n, xi, |z, out| {
        for (j, &zj) in z.iter().enumerate() {
            if zj != 0.0 {
                for a in walk.row(j) {
                    let exposed = match direction {
                        Direction::To => a.target as usize,
                        Direction::Of => j,
                    };
                    out[a.target as usize] += a.weight / buffer[exposed] * zj;
                }
            }
        }
    });
    let (pred, strength) = if paths == Paths::Find {
        strongest_paths(walk, xi, &buffer, direction == Direction::To)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut direct = vec![0.0; n];
    for a in walk.row(xi) {
        direct[a.target as usize] += a.weight;
    }
    let mut rows = Vec::new();
    for k in 0..n {
        if k == xi {
            continue;
        }
        let lin = linear_values.as_ref().map(|y| y[k]);
        let (closs, cdist) = cascade[k];
        if direct[k] == 0.0 && closs == 0.0 && cdist == 0.0 && lin.unwrap_or(0.0) == 0.0 {
            continue;
        }
        // The buffer of the exposed end: the row's node (To) or x (Of).
        let b = match direction {
            Direction::To => buffer[k],
            Direction::Of => buffer[xi],
        };
        // Of: the path found runs x <- ... <- k on the transpose; report it from k to x.
        let path = (paths == Paths::Find)
            .then(|| path_to(&pred, xi, k))
            .flatten()
            .map(|mut p| {
                if direction == Direction::Of {
                    p.reverse();
                }
                p
            });
        rows.push(ExposureRow {
            node: NodeId::new(k),
            direct: direct[k],
            direct_leverage: (b > 0.0 && direct[k] > 0.0).then(|| direct[k] / b),
            cascade_loss: closs,
            cascade_distress: cdist,
            linear_distress: lin,
            linear_loss: lin.map(|h| h * b),
            path_strength: path.as_ref().map(|_| strength[k]),
            path,
        });
    }
    sort_rows(net, &mut rows);
    Ok(Exposure {
        node: x,
        direction,
        model,
        linear,
        linear_iterations: iterations,
        rows,
    })
}

/// Per node k, `(loss, distress)` of k in x's full default.
fn cascade_to(net: &Network, x: NodeId, model: Model, params: &Params) -> Result<Vec<(f64, f64)>> {
    let r = shock::run(net, model, &[Shock::new(x, Haircut::FULL)], params)?;
    Ok((0..net.node_count())
        .map(|i| (r.loss[i], r.distress[i]))
        .collect())
}

/// Per node k among `sources` (those that can reach x), `(loss, distress)` of x in k's full
/// default; zero elsewhere.
fn cascade_of(
    net: &Network,
    x: NodeId,
    sources: &[u32],
    model: Model,
    params: &Params,
    buffer: &[f64],
) -> Result<Vec<(f64, f64)>> {
    let n = net.node_count();
    let xi = x.index();
    let mut out = vec![(0.0, 0.0); n];
    let mut ws = (model != Model::EisenbergNoe).then(|| Workspace::new(n));
    for &k in sources {
        let s = [Shock::new(NodeId::from_raw(k), Haircut::FULL)];
        if let Some(ws) = ws.as_mut() {
            let propagate = shock::propagator(model).expect("cascade model");
            propagate(ws, net, buffer, &s, &[], params);
            out[k as usize] = (ws.h[xi] * buffer[xi], ws.h[xi]);
            ws.reset();
        } else {
            let r = shock::run(net, model, &s, params)?;
            out[k as usize] = (r.loss[xi], r.distress[xi]);
        }
    }
    Ok(out)
}

impl Exposure {
    /// Whether the linear series converged.
    #[must_use]
    pub fn linear_converged(&self) -> bool {
        self.linear == Series::Converged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    fn id(i: usize) -> NodeId {
        NodeId::new(i)
    }

    fn chain() -> Network {
        // x owes a 5 (a exposed to x), a owes b 4; buffers x 10, a 10, b 8.
        // Lambda_ax = 0.5, Lambda_ba = 0.5.
        graph(
            &[("x", 10.0), ("a", 10.0), ("b", 8.0)],
            &[("x", "a", 5.0), ("a", "b", 4.0)],
        )
    }

    #[test]
    fn exposure_to_x_on_a_chain() {
        let net = chain();
        let e = exposure(
            &net,
            id(0),
            Direction::To,
            Model::DebtRank,
            &Params::default(),
            Paths::Find,
        )
        .unwrap();
        assert!(e.linear_converged());
        let a = e.rows.iter().find(|r| r.node == id(1)).unwrap();
        let b = e.rows.iter().find(|r| r.node == id(2)).unwrap();
        assert_eq!(a.direct, 5.0);
        assert_eq!(a.direct_leverage, Some(0.5));
        // Cascade: a loses 5 (h 0.5), b loses 0.5 * 4 = 2 (h 0.25).
        assert_eq!(a.cascade_loss, 5.0);
        assert_eq!(b.cascade_loss, 2.0);
        // Linear: a 0.5, b 0.5 * 0.5 = 0.25 (no saturation, equals DebtRank).
        assert!((a.linear_distress.unwrap() - 0.5).abs() < 1e-15);
        assert!((b.linear_distress.unwrap() - 0.25).abs() < 1e-15);
        assert_eq!(b.path.as_deref(), Some(&[id(0), id(1), id(2)][..]));
        assert!((b.path_strength.unwrap() - 0.25).abs() < 1e-15);
        assert_eq!(b.direct, 0.0);
    }

    #[test]
    fn reverse_exposure_of_b() {
        let net = chain();
        let e = exposure(
            &net,
            id(2),
            Direction::Of,
            Model::DebtRank,
            &Params::default(),
            Paths::Find,
        )
        .unwrap();
        let from_x = e.rows.iter().find(|r| r.node == id(0)).unwrap();
        let from_a = e.rows.iter().find(|r| r.node == id(1)).unwrap();
        // b when x fails: 2 (h 0.25); when a fails: 4 (h 0.5).
        assert_eq!(from_x.cascade_loss, 2.0);
        assert_eq!(from_a.cascade_loss, 4.0);
        assert_eq!(from_a.direct, 4.0);
        assert!((from_x.linear_distress.unwrap() - 0.25).abs() < 1e-15);
        assert_eq!(from_x.path.as_deref(), Some(&[id(0), id(1), id(2)][..]));
        assert_eq!(e.rows[0].node, id(1), "sorted by cascade loss");
    }

    #[test]
    fn divergent_series_is_reported() {
        // a and b owe each other more than their buffers: Lambda = 2 both ways.
        let net = graph(
            &[("a", 1.0), ("b", 1.0)],
            &[("a", "b", 2.0), ("b", "a", 2.0)],
        );
        let e = exposure(
            &net,
            id(0),
            Direction::To,
            Model::DebtRank,
            &Params::default(),
            Paths::Skip,
        )
        .unwrap();
        assert_eq!(e.linear, Series::Diverges);
        assert_eq!(e.rows[0].cascade_distress, 1.0);
        assert!(e.rows[0].linear_loss.is_none());
    }
}
