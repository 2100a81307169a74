//! Node and edge kinds: the built-in ones of `docs/model.md#nodes-and-edges` and the ones a graph file declares.

use serde::{Deserialize, Serialize};

use super::index::{EdgeKindId, NodeId};

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
pub const BUILTIN_EDGE_KINDS: [(&str, Exposed, &str); 7] = [
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
    (
        "lease",
        Exposed::To,
        "from leases capacity (a data centre, GPUs) from to and owes the rents",
    ),
    (
        "guarantee",
        Exposed::From,
        "from guarantees to's obligations (amount = the most it can be called for)",
    ),
];

/// Built-in kinds added by the second version of the contract (`docs/model.md` section 5).
/// Older files may declare them under `kinds`; such a declaration wins over the built-in, its
/// exposed end included (reference convention 8), and is kept as the file's own (so the file
/// round-trips).
pub const LATER_BUILTINS: [&str; 4] = ["lease", "guarantee", "lender", "spv"];

/// Built-in node kinds: (name, meaning).
pub const BUILTIN_NODE_KINDS: [(&str, &str); 9] = [
    ("ai_lab", "AI lab"),
    ("cloud", "cloud / compute provider"),
    ("chip_vendor", "chip vendor"),
    ("investor", "investor"),
    ("company", "company"),
    ("bank", "bank"),
    ("other", "other"),
    (
        "lender",
        "lender (bank, private credit, bondholders): the capital behind an exposure",
    ),
    ("spv", "project or financing vehicle"),
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

    /// True for an obligation edge kind: every kind but `equity` and `guarantee` (the kinds
    /// that may carry a `schedule` and `notice_months`).
    pub fn is_obligation(&self, kind: EdgeKindId) -> bool {
        !matches!(
            self.edges[kind.index()].name.as_str(),
            "equity" | "guarantee"
        )
    }

    /// True for the `equity` kind (the kind that may carry a `market_value`).
    pub fn is_equity(&self, kind: EdgeKindId) -> bool {
        self.edges[kind.index()].name == "equity"
    }

    /// The obligor end (the one whose stall costs the other) of an edge of `kind`.
    pub fn obligor(&self, kind: EdgeKindId, from: NodeId, to: NodeId) -> NodeId {
        match self.edges[kind.index()].exposed {
            Exposed::To => from,
            Exposed::From => to,
        }
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
