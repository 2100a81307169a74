//! Shortest-path centralities: betweenness, closeness and harmonic.
//!
//! One single-source search per node (breadth-first on hop counts, Dijkstra on distances
//! 1/amount with `weighted`), the sources spread over the rayon pool. Cost: O(V E) unweighted,
//! O(V E log V) weighted, and O(V) memory per thread: fine for tens of thousands of nodes.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::{Rows, View};

/// Per-thread buffers of a single-source distance search (closeness, harmonic).
struct Workspace {
    /// Distance from the source (`INFINITY`: not reached).
    dist: Vec<f64>,
    /// Reached nodes in order of non-decreasing distance (the BFS queue itself when unweighted).
    order: Vec<u32>,
    heap: BinaryHeap<Item>,
}

impl Workspace {
    fn new(n: usize) -> Self {
        Workspace {
            dist: vec![f64::INFINITY; n],
            order: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Clears what the last search touched.
    fn reset(&mut self) {
        for &v in &self.order {
            self.dist[v as usize] = f64::INFINITY;
        }
        self.order.clear();
        self.heap.clear();
    }
}

/// One node's state in Brandes' search. Kept together (one 32-byte record, one cache line) so
/// that checking an edge costs one scattered memory access instead of three: the searches of
/// large graphs are bound by those accesses.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    /// Distance from the source (`INFINITY`: not reached).
    dist: f64,
    /// Number of shortest paths from the source.
    sigma: f64,
    /// Brandes' dependency.
    delta: f64,
}

const UNREACHED: Slot = Slot {
    dist: f64::INFINITY,
    sigma: 0.0,
    delta: 0.0,
};

/// Per-thread buffers of Brandes' search (betweenness).
struct PathWorkspace {
    slot: Vec<Slot>,
    /// Reached nodes in order of non-decreasing distance.
    order: Vec<u32>,
    heap: BinaryHeap<Item>,
}

impl PathWorkspace {
    fn new(n: usize) -> Self {
        PathWorkspace {
            slot: vec![UNREACHED; n],
            order: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Clears what the last search touched.
    fn reset(&mut self) {
        for &v in &self.order {
            self.slot[v as usize] = UNREACHED;
        }
        self.order.clear();
        self.heap.clear();
    }
}

/// Min-heap entry of Dijkstra's search.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Item {
    dist: f64,
    node: u32,
}

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Length of an edge: 1 hop, or 1/amount when weighted.
#[inline]
fn length(weighted: bool, w: f64) -> f64 {
    if weighted {
        1.0 / w
    } else {
        1.0
    }
}

/// Single-source shortest distances from `s` over `rows`. Leaves `ws.order` in non-decreasing
/// distance.
fn search(rows: &impl Rows, s: usize, weighted: bool, ws: &mut Workspace) {
    ws.dist[s] = 0.0;
    if !weighted {
        ws.order.push(s as u32);
        let mut head = 0;
        while head < ws.order.len() {
            let v = ws.order[head] as usize;
            head += 1;
            let dv = ws.dist[v] + 1.0;
            rows.each(v, |w, _| {
                if ws.dist[w] == f64::INFINITY {
                    ws.dist[w] = dv;
                    ws.order.push(w as u32);
                }
            });
        }
        return;
    }
    ws.heap.push(Item {
        dist: 0.0,
        node: s as u32,
    });
    while let Some(Item { dist, node }) = ws.heap.pop() {
        let v = node as usize;
        if dist > ws.dist[v] {
            continue; // stale entry
        }
        ws.order.push(node);
        rows.each(v, |w, amount| {
            let nd = dist + length(true, amount);
            if nd < ws.dist[w] {
                ws.dist[w] = nd;
                ws.heap.push(Item {
                    dist: nd,
                    node: w as u32,
                });
            }
        });
    }
}

/// Single-source shortest paths from `s` along the edges, counting them into `sigma`. Leaves
/// `ws.order` in non-decreasing distance.
fn search_paths(rows: &impl Rows, s: usize, weighted: bool, ws: &mut PathWorkspace) {
    ws.slot[s].dist = 0.0;
    ws.slot[s].sigma = 1.0;
    if !weighted {
        ws.order.push(s as u32);
        let mut head = 0;
        while head < ws.order.len() {
            let v = ws.order[head] as usize;
            head += 1;
            let Slot { dist, sigma, .. } = ws.slot[v];
            let dv = dist + 1.0;
            rows.each(v, |w, _| {
                let x = &mut ws.slot[w];
                if x.dist == f64::INFINITY {
                    x.dist = dv;
                    ws.order.push(w as u32);
                }
                if x.dist == dv {
                    x.sigma += sigma;
                }
            });
        }
        return;
    }
    ws.heap.push(Item {
        dist: 0.0,
        node: s as u32,
    });
    while let Some(Item { dist, node }) = ws.heap.pop() {
        let v = node as usize;
        if dist > ws.slot[v].dist {
            continue; // stale entry
        }
        ws.order.push(node);
        let sv = ws.slot[v].sigma;
        rows.each(v, |w, amount| {
            let nd = dist + length(true, amount);
            let x = &mut ws.slot[w];
            if nd < x.dist {
                x.dist = nd;
                x.sigma = sv;
                ws.heap.push(Item {
                    dist: nd,
                    node: w as u32,
                });
            } else if nd == x.dist {
                x.sigma += sv;
            }
        });
    }
}

/// Sources per task of the betweenness sweep.
pub(crate) const SOURCE_CHUNK: usize = 32;
/// Tasks whose partial sums are held at once.
const BATCH_TASKS: usize = 16;

/// Shortest-path betweenness centrality (Freeman 1977; computed with Brandes 2001, "A faster
/// algorithm for betweenness centrality", Journal of Mathematical Sociology 25(2): 163), as
/// NetworkX's `betweenness_centrality(G)` computes it (`weight=None`, `normalized=True`,
/// `endpoints=False`), or `betweenness_centrality(G, weight="distance")` with distance =
/// 1/amount when `weighted`.
///
/// Definition: b(v) = sum over ordered pairs s != v != t of `sigma_st(v)` / `sigma_st`, the share
/// of shortest s -> t paths through v. Direction: directed paths along the edges as written.
/// Weights: none (hop counts) by default; with `weighted`, an edge's length is 1/amount (large
/// commitments are short links; parallel edges count as one link of the summed amount).
/// Normalisation: 1/((n-1)(n-2)), the number of ordered pairs not involving v (none for n <= 2).
///
/// Weighted path lengths are sums of floats: two paths tie only when their lengths are equal
/// in floating point, as in NetworkX.
pub fn betweenness(g: &View<'_>, weighted: bool) -> Vec<f64> {
    let n = g.node_count();
    let sources: Vec<u32> = (0..n as u32).collect();
    let mut total = dependencies(g, weighted, &sources, SOURCE_CHUNK);
    if n > 2 {
        let scale = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
        for b in &mut total {
            *b *= scale;
        }
    }
    total
}

/// Brandes' unscaled sums over `sources`: for every node v, the sum over the sources s != v of
/// the dependency of s on v (sum over t != s, v of `sigma_st(v)` / `sigma_st`).
///
/// The sources run in parallel, `chunk` per task in the order given; the tasks' sums are added
/// in order, so the result depends on `sources` and `chunk` but not on the number of threads.
pub(crate) fn dependencies(
    g: &View<'_>,
    weighted: bool,
    sources: &[u32],
    chunk: usize,
) -> Vec<f64> {
    let n = g.node_count();
    let mut total = vec![0.0; n];
    let tasks: Vec<&[u32]> = sources.chunks(chunk.max(1)).collect();
    for batch in tasks.chunks(BATCH_TASKS) {
        let partials: Vec<Vec<f64>> = batch
            .par_iter()
            .map_init(
                || PathWorkspace::new(n),
                |ws, chunk| {
                    let mut acc = vec![0.0; n];
                    for &s in *chunk {
                        brandes_source(g, s as usize, weighted, ws, &mut acc);
                    }
                    acc
                },
            )
            .collect();
        for p in partials {
            for (t, x) in total.iter_mut().zip(p) {
                *t += x;
            }
        }
    }
    total
}

/// One source of Brandes' algorithm: adds the dependencies of `s` to `acc`.
fn brandes_source(g: &View<'_>, s: usize, weighted: bool, ws: &mut PathWorkspace, acc: &mut [f64]) {
    ws.reset();
    search_paths(g.out, s, weighted, ws);
    // Predecessors of w are its in-neighbours v with dist(v) + len(v, w) == dist(w), computed
    // with the same float operation as in the search.
    let PathWorkspace { slot, order, .. } = ws;
    for &w in order.iter().rev() {
        let w = w as usize;
        let Slot {
            dist: dw,
            sigma,
            delta,
        } = slot[w];
        let coeff = (1.0 + delta) / sigma;
        g.inc.each(w, |v, amount| {
            let x = &mut slot[v];
            if x.dist + length(weighted, amount) == dw {
                x.delta += x.sigma * coeff;
            }
        });
        if w != s {
            acc[w] += slot[w].delta;
        }
    }
}

/// Per-node values from a search on the in-adjacency from each node (distances *to* it).
fn per_target(
    g: &View<'_>,
    weighted: bool,
    value: impl Fn(usize, &Workspace) -> f64 + Sync,
) -> Vec<f64> {
    let n = g.node_count();
    (0..n)
        .into_par_iter()
        .with_min_len(8)
        .map_init(
            || Workspace::new(n),
            |ws, t| {
                ws.reset();
                search(&g.inc, t, weighted, ws);
                value(t, ws)
            },
        )
        .collect()
}

/// Closeness centrality (Freeman 1979, "Centrality in social networks: conceptual
/// clarification", Social Networks 1(3): 215), with Wasserman & Faust's (1994) correction for
/// graphs that are not strongly connected, as NetworkX's `closeness_centrality(G)` computes it
/// (`wf_improved=True`), or with `distance` = 1/amount when `weighted`.
///
/// Definition: with r(v) the number of nodes that can reach v (v included) and D(v) the sum of
/// their distances *to* v, C(v) = (r - 1) / D * (r - 1) / (n - 1), and 0 when nothing reaches v.
/// Direction: incoming distances, from the other nodes to the node (NetworkX reverses a
/// directed graph for this measure). Weights: hop counts by default, 1/amount with `weighted`.
pub fn closeness(g: &View<'_>, weighted: bool) -> Vec<f64> {
    let n = g.node_count();
    per_target(g, weighted, |_, ws| {
        let total: f64 = ws.order.iter().map(|&u| ws.dist[u as usize]).sum();
        if total > 0.0 && n > 1 {
            let r = ws.order.len() as f64 - 1.0;
            (r / total) * (r / (n as f64 - 1.0))
        } else {
            0.0
        }
    })
}

/// Harmonic centrality (Marchiori & Latora 2000, "Harmony in the small-world", Physica A
/// 285(3-4): 539; Rochat 2009, "Closeness centrality extended to unconnected graphs: the
/// harmonic centrality index", ASNA), as NetworkX's `harmonic_centrality(G)` computes it, or
/// with `distance` = 1/amount when `weighted`.
///
/// Definition: H(v) = sum over u != v of 1 / d(u, v), unreachable nodes adding 0. Direction:
/// incoming distances, from the other nodes to the node. Weights: hop counts by default,
/// 1/amount with `weighted`. Normalisation: none (at most n - 1 unweighted).
pub fn harmonic(g: &View<'_>, weighted: bool) -> Vec<f64> {
    per_target(g, weighted, |_, ws| {
        ws.order
            .iter()
            .map(|&u| ws.dist[u as usize])
            .filter(|&d| d != 0.0)
            .map(|d| 1.0 / d)
            .sum()
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn v(g: &crate::model::Csr) -> View<'_> {
        View::from_csr(g)
    }

    #[test]
    fn directed_path() {
        // 0 -> 1 -> 2 -> 3: node 1 lies on 0->2, 0->3; node 2 on 0->3, 1->3. Scale 1/(3*2).
        let g = csr(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        assert_close(
            &betweenness(&v(&g), false),
            &[0.0, 2.0 / 6.0, 2.0 / 6.0, 0.0],
            1e-15,
        );
        // Closeness of 3: reached by 3 nodes at distances 1+2+3 = 6: (3/6) * (3/3) = 0.5;
        // of 1: one node at distance 1: (1/1) * (1/3).
        assert_close(
            &closeness(&v(&g), false),
            &[0.0, 1.0 / 3.0, 2.0 / 3.0 * 2.0 / 3.0, 0.5],
            1e-15,
        );
        assert_close(
            &harmonic(&v(&g), false),
            &[0.0, 1.0, 1.5, 1.0 + 0.5 + 1.0 / 3.0],
            1e-15,
        );
    }

    #[test]
    fn cycle_values() {
        // Directed 5-cycle: every node lies on the paths between the pairs at distance >= 2
        // around it: for v, pairs (s, t) with v strictly inside the s -> t arc: 1+2+3 = 6.
        let g = cycle(5);
        assert_close(&betweenness(&v(&g), false), &[6.0 / 12.0; 5], 1e-15);
        // Distances to v: 1, 2, 3, 4: closeness 4/10.
        assert_close(&closeness(&v(&g), false), &[0.4; 5], 1e-15);
        assert_close(
            &harmonic(&v(&g), false),
            &[1.0 + 0.5 + 1.0 / 3.0 + 0.25; 5],
            1e-15,
        );
    }

    #[test]
    fn complete_and_star() {
        let k = complete(5);
        assert_close(&betweenness(&v(&k), false), &[0.0; 5], 0.0);
        assert_close(&closeness(&v(&k), false), &[1.0; 5], 1e-15);
        assert_close(&harmonic(&v(&k), false), &[4.0; 5], 1e-15);
        let s = in_star(5);
        assert_close(&closeness(&v(&s), false), &[1.0, 0.0, 0.0, 0.0, 0.0], 1e-15);
        assert_close(&betweenness(&v(&s), false), &[0.0; 5], 0.0);
    }

    #[test]
    fn shortest_paths_split_evenly() {
        // Diamond 0 -> {1, 2} -> 3: two shortest 0 -> 3 paths, each middle node gets 1/2.
        let g = csr(4, &[(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0)]);
        assert_close(
            &betweenness(&v(&g), false),
            &[0.0, 0.5 / 6.0, 0.5 / 6.0, 0.0],
            1e-15,
        );
        // Weighted: amounts 4 on the 0-1-3 route give it length 0.5 against 2 via node 2.
        let g = csr(4, &[(0, 1, 4.0), (0, 2, 1.0), (1, 3, 4.0), (2, 3, 1.0)]);
        assert_close(
            &betweenness(&v(&g), true),
            &[0.0, 1.0 / 6.0, 0.0, 0.0],
            1e-15,
        );
        // Distances to 3 weighted: from 1: 0.25, from 2: 1, from 0: 0.5.
        let h = harmonic(&v(&g), true);
        assert!((h[3] - (4.0 + 1.0 + 2.0)).abs() < 1e-14);
        let c = closeness(&v(&g), true);
        assert!((c[3] - 3.0 / 1.75).abs() < 1e-14);
    }

    #[test]
    fn many_sources_are_deterministic() {
        // More sources than one batch, so several tasks and batches are combined.
        let n = SOURCE_CHUNK * BATCH_TASKS + 37;
        let mut e = Vec::new();
        for i in 0..n as u32 {
            e.push((i, (i + 1) % n as u32, 1.0 + f64::from(i % 7)));
            e.push((i, (i * 7 + 3) % n as u32, 2.0 + f64::from(i % 3)));
        }
        let g = csr(n, &e);
        let a = betweenness(&v(&g), true);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = pool.install(|| betweenness(&v(&g), true));
        assert_eq!(a, b);
        assert!(a.iter().all(|x| x.is_finite() && *x >= 0.0));
    }
}
