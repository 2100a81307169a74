//! petgraph views of the compact CSR arrays, so petgraph's algorithms run on a [`Network`]
//! without copying it into a petgraph graph type (which would take ~50 bytes per edge more).
//!
//! [`BiCsr`] pairs an out-adjacency with its transpose and implements petgraph's visit traits
//! (`IntoNeighborsDirected`, `Visitable`, `IntoNodeIdentifiers`, `NodeIndexable`), which is what
//! petgraph's depth-first searches need (and `petgraph::algo::kosaraju_scc`, which the tests
//! of [`super::scc`] use as the reference). The feedback loops are found by
//! [`super::scc::strongly_connected`] (forward-backward from a pivot, then Tarjan's search on
//! the rest, with no recursion).

use fixedbitset::FixedBitSet;
use petgraph::visit::{
    Dfs, GraphBase, GraphRef, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers, NodeCount,
    NodeIndexable, Reversed, Visitable,
};
use petgraph::Direction;

use super::{Csr, Network};

/// A directed graph seen through its out- and in-adjacency CSRs.
#[derive(Debug, Clone, Copy)]
pub struct BiCsr<'a> {
    /// Out-adjacency.
    pub out: &'a Csr,
    /// In-adjacency (the transpose of `out`).
    pub inc: &'a Csr,
}

impl<'a> BiCsr<'a> {
    /// The distress graph of `net` (obligor -> exposed end) with its cached transpose.
    #[must_use]
    pub fn distress(net: &'a Network) -> Self {
        BiCsr {
            out: net.distress(),
            inc: net.distress_in(),
        }
    }

    /// The graph of `net` as written (`from -> to`) with its cached transpose.
    #[must_use]
    pub fn written(net: &'a Network) -> Self {
        BiCsr {
            out: net.written(),
            inc: net.written_in(),
        }
    }
}

/// Which way a search follows the edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Along {
    /// Along the edges (downstream).
    Out,
    /// Against the edges (upstream).
    In,
}

/// Every node reachable from `starts` in `view` (the starts included), each once, in the order
/// of petgraph's depth-first search.
#[must_use]
pub fn reachable(view: BiCsr<'_>, starts: &[u32], along: Along) -> Vec<u32> {
    fn walk<G>(g: G, starts: &[u32], out: &mut Vec<u32>)
    where
        G: IntoNeighbors<NodeId = u32> + Visitable<Map = FixedBitSet>,
    {
        let mut dfs = Dfs::empty(g);
        dfs.stack.extend(starts.iter().rev());
        while let Some(v) = dfs.next(g) {
            out.push(v);
        }
    }
    let mut out = Vec::new();
    match along {
        Along::Out => walk(view, starts, &mut out),
        Along::In => walk(Reversed(view), starts, &mut out),
    }
    out
}

impl GraphBase for BiCsr<'_> {
    type NodeId = u32;
    type EdgeId = (u32, u32);
}

impl GraphRef for BiCsr<'_> {}

/// Neighbours of one node in one direction.
pub struct Neighbors<'a>(std::slice::Iter<'a, super::Adj>);

impl Iterator for Neighbors<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.0.next().map(|a| a.target)
    }
}

impl<'a> IntoNeighbors for BiCsr<'a> {
    type Neighbors = Neighbors<'a>;
    fn neighbors(self, a: u32) -> Neighbors<'a> {
        Neighbors(self.out.row(a as usize).iter())
    }
}

impl<'a> IntoNeighborsDirected for BiCsr<'a> {
    type NeighborsDirected = Neighbors<'a>;
    fn neighbors_directed(self, a: u32, d: Direction) -> Neighbors<'a> {
        match d {
            Direction::Outgoing => Neighbors(self.out.row(a as usize).iter()),
            Direction::Incoming => Neighbors(self.inc.row(a as usize).iter()),
        }
    }
}

impl IntoNodeIdentifiers for BiCsr<'_> {
    type NodeIdentifiers = std::ops::Range<u32>;
    fn node_identifiers(self) -> std::ops::Range<u32> {
        0..self.out.node_count() as u32
    }
}

impl NodeIndexable for BiCsr<'_> {
    fn node_bound(&self) -> usize {
        self.out.node_count()
    }
    fn to_index(&self, a: u32) -> usize {
        a as usize
    }
    fn from_index(&self, i: usize) -> u32 {
        i as u32
    }
}

impl NodeCount for BiCsr<'_> {
    fn node_count(&self) -> usize {
        self.out.node_count()
    }
}

impl Visitable for BiCsr<'_> {
    type Map = FixedBitSet;
    fn visit_map(&self) -> FixedBitSet {
        FixedBitSet::with_capacity(self.out.node_count())
    }
    fn reset_map(&self, map: &mut FixedBitSet) {
        map.clear();
        map.grow(self.out.node_count());
    }
}

/// Strongly connected components of the distress graph with more than one node: the loops of
/// mutual exposure along which distress can feed back. Each component is sorted by node index;
/// components are sorted by size, largest first, then by their first node.
pub fn feedback_loops(net: &Network) -> Vec<Vec<u32>> {
    let mut sccs: Vec<Vec<u32>> = super::scc::strongly_connected(net.distress(), net.distress_in())
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|mut c| {
            c.sort_unstable();
            c
        })
        .collect();
    sccs.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    sccs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    #[test]
    fn finds_cycles_of_mutual_exposure() {
        // a <-> b is a loop; c hangs off it; d <-> e <-> f is another loop.
        let net = graph(
            &[
                ("a", 1.0),
                ("b", 1.0),
                ("c", 1.0),
                ("d", 1.0),
                ("e", 1.0),
                ("f", 1.0),
            ],
            &[
                ("a", "b", 1.0),
                ("b", "a", 1.0),
                ("b", "c", 1.0),
                ("d", "e", 1.0),
                ("e", "f", 1.0),
                ("f", "d", 1.0),
            ],
        );
        assert_eq!(feedback_loops(&net), vec![vec![3, 4, 5], vec![0, 1]]);
    }
}
