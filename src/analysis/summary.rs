//! What a graph holds: counts and amounts by kind, the largest edges, each node's totals and
//! largest counterparty, and the feedback loops of the distress graph (what `graph info`
//! shows).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::view::feedback_loops;
use crate::model::{Exposed, Network, NodeId};

/// Count and total amount of one edge kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindTotal {
    /// Edge kind.
    pub kind: String,
    /// Exposed end (`from` or `to`).
    pub exposed: String,
    /// Number of edges.
    pub count: usize,
    /// Sum of amounts.
    pub amount: f64,
}

/// One edge as listed.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeEntry {
    /// `from`.
    pub from: NodeId,
    /// `to`.
    pub to: NodeId,
    /// Edge kind.
    pub kind: String,
    /// Amount.
    pub amount: f64,
    /// Recovery rate.
    pub recovery: f64,
}

/// A node's totals.
#[derive(Debug, Clone, Serialize)]
pub struct NodeTotals<'a> {
    /// The node.
    #[serde(rename = "id")]
    pub node: NodeId,
    /// Node kind (borrowed from the network: no string made per node).
    pub kind: &'a str,
    /// Sum of amounts on edges into the node (as written).
    pub amount_in: f64,
    /// Sum of amounts on edges out of the node (as written).
    pub amount_out: f64,
    /// What the node loses if every counterparty fails: sum of exposures where it is the
    /// exposed end.
    pub exposure: f64,
    /// The counterparty it is most exposed to.
    pub largest_counterparty: Option<NodeId>,
    /// That counterparty's share of its exposure.
    pub largest_share: f64,
    /// Buffer, if given.
    pub buffer: Option<f64>,
}

/// What a graph holds (the `graph info --format json` document).
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    /// Graph name.
    pub name: Option<String>,
    /// Date of the figures.
    pub as_of: Option<String>,
    /// Currency.
    pub currency: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Number of nodes.
    pub nodes: usize,
    /// Number of edges.
    pub edges: usize,
    /// Nodes per kind.
    pub node_kinds: BTreeMap<String, usize>,
    /// Edges and amounts per kind.
    pub edge_kinds: Vec<KindTotal>,
    /// The largest edges by amount.
    pub largest_edges: Vec<EdgeEntry>,
    /// The nodes' totals, by exposure descending, ties by id: every node, or the first rows
    /// of that order when [`summary`] was asked for fewer.
    pub node_totals: Vec<NodeTotals<'a>>,
    /// Loops of mutual exposure (strongly connected components of the distress graph with
    /// more than one node), largest first; at most 20, each listing at most 50 ids.
    pub feedback_loops: Vec<FeedbackLoop>,
}

/// A loop of mutual exposure along which distress can feed back.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackLoop {
    /// Number of nodes in the loop.
    pub size: usize,
    /// The nodes, sorted by id (at most 50).
    pub nodes: Vec<NodeId>,
}

/// The summary of `net`, listing its `top` largest edges and the first `node_rows` nodes by
/// exposure (every node with `None`).
///
/// Only the listed rows are ordered: with `Some(k)` the k first nodes are selected in O(n) and
/// sorted (what the table of `graph info` shows), with `None` every node is sorted.
#[must_use]
pub fn summary(net: &Network, top: usize, node_rows: Option<usize>) -> Summary<'_> {
    let n = net.node_count();
    // Three independent pieces of work, each mostly serial, run side by side: the feedback
    // loops (a search of the distress graph), the totals by kind and by node (one pass over
    // the edges in their stored order), and the exposure ordering with the largest edges.
    // The node rows are built when the last two are done. The distress transpose, which the
    // loops and the exposure both read, is built first (in parallel).
    let _ = net.distress_in();
    let (loops, ((node_kinds, edge_kinds, amounts), (largest_edges, exposure, order))) =
        rayon::join(
            || feedback_loops(net),
            || {
                rayon::join(
                    || kind_and_node_totals(net),
                    || {
                        let largest = largest_edges(net, top);
                        // Exposure of i to obligor j sits in the distress graph row j; the
                        // transpose groups it by i.
                        let incoming = net.distress_in();
                        let exposure: Vec<f64> = (0..n)
                            .into_par_iter()
                            .with_min_len(4096)
                            .map(|i| incoming.row(i).iter().map(|a| a.weight).sum::<f64>() + 0.0)
                            .collect();
                        let order = by_exposure(net, &exposure, node_rows);
                        (largest, exposure, order)
                    },
                )
            },
        );
    let [amount_in, amount_out] = &amounts;
    let node_totals = rows_of(net, &order, [amount_in, amount_out, &exposure]);
    let feedback_loops = loops
        .into_iter()
        .take(20)
        .map(|c| {
            let mut nodes: Vec<NodeId> = c.iter().map(|&i| NodeId::from_raw(i)).collect();
            nodes.sort_by(|&a, &b| net.id(a).cmp(net.id(b)));
            nodes.truncate(50);
            FeedbackLoop {
                size: c.len(),
                nodes,
            }
        })
        .collect();
    let m = net.meta();
    Summary {
        name: m.name.clone(),
        as_of: m.as_of.clone(),
        currency: m.currency.clone(),
        unit: m.unit.clone(),
        nodes: n,
        edges: net.edge_count(),
        node_kinds,
        edge_kinds,
        largest_edges,
        node_totals,
        feedback_loops,
    }
}

/// Node counts by kind, edge counts and amounts by kind, and each node's amounts in and out
/// (`[in, out]`), in one pass over the edges in their stored order.
fn kind_and_node_totals(net: &Network) -> (BTreeMap<String, usize>, Vec<KindTotal>, [Vec<f64>; 2]) {
    let n = net.node_count();
    let k = net.kinds();
    let mut per_node_kind = vec![0usize; k.nodes.len()];
    for i in 0..n {
        per_node_kind[net.node_kind_index(i) as usize] += 1;
    }
    let node_kinds: BTreeMap<String, usize> = k
        .nodes
        .iter()
        .zip(&per_node_kind)
        .filter(|(_, &c)| c > 0)
        .map(|(kind, &c)| (kind.name.clone(), c))
        .collect();
    let mut per_kind = vec![(0usize, 0.0f64); k.edges.len()];
    let (mut amount_in, mut amount_out) = (vec![0.0; n], vec![0.0; n]);
    for e in net.edges() {
        per_kind[e.kind.index()].0 += 1;
        per_kind[e.kind.index()].1 += e.amount;
        amount_out[e.from.index()] += e.amount;
        amount_in[e.to.index()] += e.amount;
    }
    let edge_kinds = k
        .edges
        .iter()
        .zip(&per_kind)
        .filter(|(_, c)| c.0 > 0)
        .map(|(kind, c)| KindTotal {
            kind: kind.name.clone(),
            exposed: match kind.exposed {
                Exposed::From => "from".into(),
                Exposed::To => "to".into(),
            },
            count: c.0,
            amount: c.1,
        })
        .collect();
    (node_kinds, edge_kinds, [amount_in, amount_out])
}

/// The `top` largest edges, largest first.
fn largest_edges(net: &Network, top: usize) -> Vec<EdgeEntry> {
    largest(top, net.edges().map(|e| e.amount))
        .into_iter()
        .map(|e| {
            let e = net.edge(e);
            EdgeEntry {
                from: e.from,
                to: e.to,
                kind: net.edge_kind_name(e.kind).into(),
                amount: e.amount,
                recovery: e.recovery,
            }
        })
        .collect()
}

/// The rows of the nodes in `order`, from their amounts in and out and their exposure.
fn rows_of<'a>(
    net: &'a Network,
    order: &[u32],
    [amount_in, amount_out, exposure]: [&[f64]; 3],
) -> Vec<NodeTotals<'a>> {
    let incoming = net.distress_in();
    order
        .par_iter()
        .with_min_len(4096)
        .map(|&i| {
            let i = i as usize;
            let best = incoming.row(i).iter().max_by(|a, b| {
                a.weight
                    .total_cmp(&b.weight)
                    .then_with(|| net.id(b.target as usize).cmp(net.id(a.target as usize)))
            });
            NodeTotals {
                node: NodeId::new(i),
                kind: net.node_kind(i),
                amount_in: amount_in[i],
                amount_out: amount_out[i],
                exposure: exposure[i],
                largest_counterparty: best.map(|a| NodeId::from_raw(a.target)),
                largest_share: best.map_or(0.0, |a| {
                    if exposure[i] > 0.0 {
                        a.weight / exposure[i]
                    } else {
                        0.0
                    }
                }),
                buffer: net.buffer(i),
            }
        })
        .collect()
}

/// Node indices by exposure descending, ties by id: all of them, or the first `rows` (selected
/// in O(n), then sorted). Ids are unique, so the order is total and the unstable (parallel)
/// sort and the selection are deterministic.
fn by_exposure(net: &Network, exposure: &[f64], rows: Option<usize>) -> Vec<u32> {
    let cmp = |a: &u32, b: &u32| {
        exposure[*b as usize]
            .total_cmp(&exposure[*a as usize])
            .then_with(|| net.id(*a as usize).cmp(net.id(*b as usize)))
    };
    let mut order: Vec<u32> = (0..exposure.len() as u32).collect();
    match rows {
        Some(k) if k < order.len() => {
            if k == 0 {
                return Vec::new();
            }
            order.select_nth_unstable_by(k - 1, cmp);
            order.truncate(k);
            order.sort_unstable_by(cmp);
        }
        _ => {
            // Every node: sort (exposure, index) pairs, whose keys sit next to each other,
            // rather than indices that each look their exposure up at random.
            let mut keyed: Vec<(f64, u32)> =
                order.iter().map(|&i| (exposure[i as usize], i)).collect();
            keyed.par_sort_unstable_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| net.id(a.1 as usize).cmp(net.id(b.1 as usize)))
            });
            order = keyed.into_iter().map(|(_, i)| i).collect();
        }
    }
    order
}

/// Positions of the `k` largest values, largest first, ties by position: a bounded heap in one
/// pass (O(m log k) time, O(k) memory) where sorting every edge to print ten took most of
/// `graph info` on big graphs.
fn largest(k: usize, values: impl Iterator<Item = f64>) -> Vec<usize> {
    use std::cmp::{Ordering, Reverse};
    use std::collections::BinaryHeap;
    /// Larger value first, then smaller position: `Ord` says which entry ranks higher.
    #[derive(PartialEq)]
    struct Entry(f64, usize);
    impl Eq for Entry {}
    impl PartialOrd for Entry {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Entry {
        fn cmp(&self, other: &Self) -> Ordering {
            self.0.total_cmp(&other.0).then(other.1.cmp(&self.1))
        }
    }
    if k == 0 {
        return Vec::new();
    }
    // A min-heap of the best k so far: its top is the weakest kept.
    let mut heap: BinaryHeap<Reverse<Entry>> = BinaryHeap::with_capacity(k + 1);
    for (i, v) in values.enumerate() {
        let e = Entry(v, i);
        if heap.len() < k {
            heap.push(Reverse(e));
        } else if heap.peek().is_some_and(|w| e > w.0) {
            heap.pop();
            heap.push(Reverse(e));
        }
    }
    let mut best: Vec<Entry> = heap.into_iter().map(|r| r.0).collect();
    best.sort_by(|a, b| b.cmp(a));
    best.into_iter().map(|e| e.1).collect()
}

#[cfg(test)]
mod tests {
    use super::{by_exposure, largest, summary};
    use crate::test_support::graph;

    #[test]
    fn the_first_rows_are_the_head_of_the_full_order() {
        // Exposures 0, 2, 2, 5, 0, 1 (ties broken by id), and every head length.
        let net = graph(
            &[
                ("f", 1.0),
                ("e", 1.0),
                ("d", 1.0),
                ("c", 1.0),
                ("b", 1.0),
                ("a", 1.0),
            ],
            &[
                ("a", "e", 2.0),
                ("a", "d", 2.0),
                ("b", "c", 5.0),
                ("c", "a", 1.0),
            ],
        );
        let exposure: Vec<f64> = (0..6)
            .map(|i| net.distress_in().row(i).iter().map(|a| a.weight).sum())
            .collect();
        let all = by_exposure(&net, &exposure, None);
        let ids: Vec<&str> = all.iter().map(|&i| net.id(i as usize)).collect();
        assert_eq!(ids, ["c", "d", "e", "a", "b", "f"]);
        for k in 0..=8 {
            assert_eq!(
                by_exposure(&net, &exposure, Some(k)),
                all[..k.min(6)].to_vec()
            );
            let rows: Vec<_> = summary(&net, 3, Some(k))
                .node_totals
                .iter()
                .map(|t| t.node)
                .collect();
            let full: Vec<_> = summary(&net, 3, None)
                .node_totals
                .iter()
                .map(|t| t.node)
                .collect();
            assert_eq!(rows, full[..k.min(6)].to_vec());
        }
    }

    #[test]
    fn largest_equals_a_full_sort_with_ties_by_position() {
        let v: [f64; 8] = [3.0, 1.0, 3.0, 7.0, 0.5, 7.0, 2.0, 3.0];
        let mut order: Vec<usize> = (0..v.len()).collect();
        order.sort_by(|&a, &b| v[b].total_cmp(&v[a]).then(a.cmp(&b)));
        for k in 0..=v.len() + 2 {
            assert_eq!(
                largest(k, v.iter().copied()),
                order[..k.min(v.len())].to_vec(),
                "k = {k}"
            );
        }
    }
}
