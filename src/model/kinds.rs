//! Node and edge kinds: the built-in ones of `docs/model.md#nodes-and-edges` and the ones a graph file declares.

use serde::{Deserialize, Serialize};

use super::index::EdgeKindId;

/// Which end of an edge loses value when the other end stalls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Exposed {
    /// The edge's `from` end is exposed (e.g. the holder of an equity stake).
    From,
    /// The edge's `to` end is exposed (e.g. the creditor, the seller with a backlog).
    To,
}

/// An edge kind: its name, its exposed end and a description.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeKind {
    /// Name as written in files (`compute_commitment`, ...).
    pub name: String,
    /// The end that is exposed.
    pub exposed: Exposed,
    /// Human-readable meaning.
    pub description: String,
    /// True for the built-in kinds (`docs/model.md#nodes-and-edges`), false for declared ones.
    pub builtin: bool,
}

/// A node kind: its name and a description.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeKind {
    /// Name as written in files (`ai_lab`, ...).
    pub name: String,
    /// Human-readable meaning.
    pub description: String,
    /// True for the built-in kinds (`docs/model.md#nodes-and-edges`), false for declared ones.
    pub builtin: bool,
}

/// Built-in edge kinds: (name, exposed end, meaning).
pub const BUILTIN_EDGE_KINDS: [(&str, Exposed, &str); 5] = [
    (
        "compute_commitment",
        Exposed::To,
        "from committed to buy cloud/compute capacity from to",
    ),
    (
        "chip_purchase",
        Exposed::To,
        "from committed to buy chips/systems from to",
    ),
    ("debt", Exposed::To, "from owes to (loan, bond, payable)"),
    ("revenue", Exposed::To, "from is a customer paying to"),
    (
        "equity",
        Exposed::From,
        "from holds an equity stake in to (amount = stake value)",
    ),
];

/// Built-in node kinds: (name, meaning).
pub const BUILTIN_NODE_KINDS: [(&str, &str); 7] = [
    ("ai_lab", "AI lab"),
    ("cloud", "cloud / compute provider"),
    ("chip_vendor", "chip vendor"),
    ("investor", "investor"),
    ("company", "company"),
    ("bank", "bank"),
    ("other", "other"),
];

/// Index of the default edge kind (`debt`) in a [`Kinds`] table.
pub const DEFAULT_EDGE_KIND: EdgeKindId = EdgeKindId::from_raw(2);
/// Index of the default node kind (`other`) in a [`Kinds`] table.
pub const DEFAULT_NODE_KIND: u16 = 6;

/// The kinds a network knows: built-ins first (in the order above), then declared ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Kinds {
    /// Edge kinds, indexed by the `u16` stored per edge.
    pub edges: Vec<EdgeKind>,
    /// Node kinds, indexed by the `u16` stored per node.
    pub nodes: Vec<NodeKind>,
}

impl Default for Kinds {
    fn default() -> Self {
        Kinds {
            edges: BUILTIN_EDGE_KINDS
                .iter()
                .map(|(n, e, d)| EdgeKind {
                    name: (*n).to_string(),
                    exposed: *e,
                    description: (*d).to_string(),
                    builtin: true,
                })
                .collect(),
            nodes: BUILTIN_NODE_KINDS
                .iter()
                .map(|(n, d)| NodeKind {
                    name: (*n).to_string(),
                    description: (*d).to_string(),
                    builtin: true,
                })
                .collect(),
        }
    }
}

impl Kinds {
    /// Index of the edge kind `name`, if known.
    pub fn edge(&self, name: &str) -> Option<EdgeKindId> {
        self.edges
            .iter()
            .position(|k| k.name == name)
            .map(EdgeKindId::new)
    }

    /// Index of the node kind `name`, if known.
    pub fn node(&self, name: &str) -> Option<u16> {
        self.nodes
            .iter()
            .position(|k| k.name == name)
            .map(|i| i as u16)
    }

    /// Names of the edge kinds, for error hints.
    pub fn edge_names(&self) -> Vec<&str> {
        self.edges.iter().map(|k| k.name.as_str()).collect()
    }

    /// Names of the node kinds, for error hints.
    pub fn node_names(&self) -> Vec<&str> {
        self.nodes.iter().map(|k| k.name.as_str()).collect()
    }
}
