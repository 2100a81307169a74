//! Who is exposed to whom, directly and through cascades.
//!
//! For a node X, [`exposure_to`] gives every node's
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
//! [`exposure_of`] answers the reverse question: what X itself is exposed to.
//!
//! Conventions as in `docs/model.md`: distress flows obligor -> exposed end; Lambda_ij =
//! exposure(j -> i) / buffer_i. Every node the computation reaches needs a buffer.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::error::Result;
use crate::model::{Csr, Network};
use crate::shock::{self, Model, Params, Shock, Workspace};

/// One node's exposure to (or of) X.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureRow {
    /// The counterparty.
    pub node: u32,
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
    pub path: Option<Vec<u32>>,
    /// Product of min(1, Lambda) along the main path.
    pub path_strength: Option<f64>,
}

/// The answer for one node X.
#[derive(Debug, Clone)]
pub struct Exposure {
    /// X.
    pub node: u32,
    /// `true`: who is exposed to X; `false`: what X is exposed to.
    pub to_node: bool,
    /// The cascade model.
    pub model: Model,
    /// Whether the linear series converged.
    pub linear_converged: bool,
    /// Iterations the linear series took.
    pub linear_iterations: usize,
    /// Rows for every node with a non-zero direct, cascade or linear figure, sorted by cascade
    /// loss descending, then linear loss, then id.
    pub rows: Vec<ExposureRow>,
}

const LINEAR_TOL: f64 = 1e-13;
const LINEAR_MAX_ITER: usize = 100_000;

/// Sum over k >= 1 of M^k e_x, where `apply(z)` computes M z. Returns the vector and the
/// iterations, or `None` when it diverges or does not settle.
fn neumann(n: usize, x: usize, apply: impl Fn(&[f64], &mut [f64])) -> (Option<Vec<f64>>, usize) {
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
        next.iter_mut().for_each(|v| *v = 0.0);
        apply(&z, &mut next);
        let mut change = 0.0f64;
        let mut size = 0.0f64;
        for i in 0..n {
            change = change.max((next[i] - y[i]).abs());
            size = size.max(next[i].abs());
        }
        std::mem::swap(&mut y, &mut next);
        if !size.is_finite() || size > 1e12 {
            return (None, it);
        }
        if change <= LINEAR_TOL * size.max(1.0) {
            return (Some(y), it);
        }
    }
    (None, LINEAR_MAX_ITER)
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

fn path_to(pred: &[u32], src: usize, dst: usize) -> Option<Vec<u32>> {
    if dst == src || pred[dst] == u32::MAX {
        return None;
    }
    let mut p = vec![dst as u32];
    let mut cur = dst;
    while cur != src {
        cur = pred[cur] as usize;
        p.push(cur as u32);
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
            .then_with(|| net.id(a.node as usize).cmp(net.id(b.node as usize)))
    });
}

/// Who is exposed to `x`, directly, in the cascade of `x`'s full default under `model`, and
/// linearly through all paths.
///
/// # Errors
/// Missing buffers on nodes the shock reaches; model errors.
pub fn exposure_to(
    net: &Network,
    x: usize,
    model: Model,
    params: &Params,
    paths: bool,
) -> Result<Exposure> {
    let n = net.node_count();
    let shock = [Shock {
        node: x as u32,
        haircut: 1.0,
    }];
    let r = shock::run(net, model, &shock, params)?;
    let reached = shock::reach(net, &shock);
    let buffer = shock::buffers(net, Model::DebtRank, &reached)?;
    let csr = net.distress();
    // A reached node with buffer 0 has infinite leverage: the sum becomes infinite and is
    // reported as divergent.
    let (linear, iterations) = neumann(n, x, |z, out| {
        for (j, &zj) in z.iter().enumerate() {
            if zj != 0.0 {
                for a in csr.row(j) {
                    let i = a.target as usize;
                    out[i] += a.weight / buffer[i] * zj;
                }
            }
        }
    });
    let (pred, strength) = if paths {
        strongest_paths(csr, x, &buffer, true)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut direct = vec![0.0; n];
    for a in csr.row(x) {
        direct[a.target as usize] += a.weight;
    }
    let mut rows = Vec::new();
    for i in 0..n {
        if i == x {
            continue;
        }
        let lin = linear.as_ref().map(|y| y[i]);
        if direct[i] == 0.0 && r.loss[i] == 0.0 && r.distress[i] == 0.0 && lin.unwrap_or(0.0) == 0.0
        {
            continue;
        }
        let path = if paths { path_to(&pred, x, i) } else { None };
        rows.push(ExposureRow {
            node: i as u32,
            direct: direct[i],
            direct_leverage: (buffer[i] > 0.0 && direct[i] > 0.0).then(|| direct[i] / buffer[i]),
            cascade_loss: r.loss[i],
            cascade_distress: r.distress[i],
            linear_distress: lin,
            linear_loss: lin.map(|h| h * buffer[i]),
            path_strength: path.as_ref().map(|_| strength[i]),
            path,
        });
    }
    sort_rows(net, &mut rows);
    Ok(Exposure {
        node: x as u32,
        to_node: true,
        model,
        linear_converged: linear.is_some(),
        linear_iterations: iterations,
        rows,
    })
}

/// What `x` is exposed to: for every node k, x's direct exposure to k, x's loss when k fails
/// fully under `model`, and x's linear distress through all paths from k.
///
/// Runs one shock per node that can reach `x` on the distress graph.
///
/// # Errors
/// Missing buffers; model errors.
pub fn exposure_of(
    net: &Network,
    x: usize,
    model: Model,
    params: &Params,
    paths: bool,
) -> Result<Exposure> {
    let n = net.node_count();
    let inc = net.distress().transpose();
    // Nodes that can reach x: reverse search from x.
    let mut seen = vec![false; n];
    let mut stack = vec![x as u32];
    seen[x] = true;
    let mut sources = Vec::new();
    while let Some(u) = stack.pop() {
        for a in inc.row(u as usize) {
            if !seen[a.target as usize] {
                seen[a.target as usize] = true;
                sources.push(a.target);
                stack.push(a.target);
            }
        }
    }
    sources.sort_unstable();
    let mut needed = sources.clone();
    needed.push(x as u32);
    // Everything downstream of the sources may be reached by their shocks.
    let all_reached = shock::reach(
        net,
        &needed
            .iter()
            .map(|&k| Shock {
                node: k,
                haircut: 1.0,
            })
            .collect::<Vec<_>>(),
    );
    let buffer = shock::buffers(net, Model::DebtRank, &all_reached)?;
    let mut cascade = vec![(0.0, 0.0); n];
    let mut ws = (model != Model::EisenbergNoe).then(|| Workspace::new(n));
    for &k in &sources {
        let s = [Shock {
            node: k,
            haircut: 1.0,
        }];
        match ws.as_mut() {
            Some(ws) => {
                let propagate = shock::propagator(model).expect("cascade model");
                propagate(ws, net, &buffer, &s, params);
                cascade[k as usize] = (ws.h[x] * buffer[x], ws.h[x]);
                ws.reset();
            }
            None => {
                let r = shock::run(net, model, &s, params)?;
                cascade[k as usize] = (r.loss[x], r.distress[x]);
            }
        }
    }
    // z_k = sum_{m>=1} (Lambda^m)_{x k}: iterate z = Lambda^T (e_x + z).
    let (linear, iterations) = neumann(n, x, |u, out| {
        for (i, &ui) in u.iter().enumerate() {
            if ui != 0.0 {
                for a in inc.row(i) {
                    out[a.target as usize] += a.weight / buffer[i] * ui;
                }
            }
        }
    });
    let (pred, strength) = if paths {
        strongest_paths(&inc, x, &buffer, false)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut direct = vec![0.0; n];
    for a in inc.row(x) {
        direct[a.target as usize] += a.weight;
    }
    let mut rows = Vec::new();
    for k in 0..n {
        if k == x {
            continue;
        }
        let lin = linear.as_ref().map(|z| z[k]);
        let (closs, cdist) = cascade[k];
        if direct[k] == 0.0 && closs == 0.0 && cdist == 0.0 && lin.unwrap_or(0.0) == 0.0 {
            continue;
        }
        // The path found runs x <- ... <- k on the transpose; report it from k to x.
        let path = if paths {
            path_to(&pred, x, k).map(|mut p| {
                p.reverse();
                p
            })
        } else {
            None
        };
        rows.push(ExposureRow {
            node: k as u32,
            direct: direct[k],
            direct_leverage: (buffer[x] > 0.0 && direct[k] > 0.0).then(|| direct[k] / buffer[x]),
            cascade_loss: closs,
            cascade_distress: cdist,
            linear_distress: lin,
            linear_loss: lin.map(|h| h * buffer[x]),
            path_strength: path.as_ref().map(|_| strength[k]),
            path,
        });
    }
    sort_rows(net, &mut rows);
    Ok(Exposure {
        node: x as u32,
        to_node: false,
        model,
        linear_converged: linear.is_some(),
        linear_iterations: iterations,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

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
        let e = exposure_to(&net, 0, Model::DebtRank, &Params::default(), true).unwrap();
        assert!(e.linear_converged);
        let a = e.rows.iter().find(|r| r.node == 1).unwrap();
        let b = e.rows.iter().find(|r| r.node == 2).unwrap();
        assert_eq!(a.direct, 5.0);
        assert_eq!(a.direct_leverage, Some(0.5));
        // Cascade: a loses 5 (h 0.5), b loses 0.5 * 4 = 2 (h 0.25).
        assert_eq!(a.cascade_loss, 5.0);
        assert_eq!(b.cascade_loss, 2.0);
        // Linear: a 0.5, b 0.5 * 0.5 = 0.25 (no saturation, equals DebtRank).
        assert!((a.linear_distress.unwrap() - 0.5).abs() < 1e-15);
        assert!((b.linear_distress.unwrap() - 0.25).abs() < 1e-15);
        assert_eq!(b.path.as_deref(), Some(&[0u32, 1, 2][..]));
        assert!((b.path_strength.unwrap() - 0.25).abs() < 1e-15);
        assert_eq!(b.direct, 0.0);
    }

    #[test]
    fn reverse_exposure_of_b() {
        let net = chain();
        let e = exposure_of(&net, 2, Model::DebtRank, &Params::default(), true).unwrap();
        let from_x = e.rows.iter().find(|r| r.node == 0).unwrap();
        let from_a = e.rows.iter().find(|r| r.node == 1).unwrap();
        // b when x fails: 2 (h 0.25); when a fails: 4 (h 0.5).
        assert_eq!(from_x.cascade_loss, 2.0);
        assert_eq!(from_a.cascade_loss, 4.0);
        assert_eq!(from_a.direct, 4.0);
        assert!((from_x.linear_distress.unwrap() - 0.25).abs() < 1e-15);
        assert_eq!(from_x.path.as_deref(), Some(&[0u32, 1, 2][..]));
        assert_eq!(e.rows[0].node, 1, "sorted by cascade loss");
    }

    #[test]
    fn divergent_series_is_reported() {
        // a and b owe each other more than their buffers: Lambda = 2 both ways.
        let net = graph(
            &[("a", 1.0), ("b", 1.0)],
            &[("a", "b", 2.0), ("b", "a", 2.0)],
        );
        let e = exposure_to(&net, 0, Model::DebtRank, &Params::default(), false).unwrap();
        assert!(!e.linear_converged);
        assert_eq!(e.rows[0].cascade_distress, 1.0);
        assert!(e.rows[0].linear_loss.is_none());
    }
}
