//! The graph model: nodes, typed weighted directed edges, kinds, provenance and CSR views.
//!
//! An edge reads "`from` owes, pays, commits to or invests in `to`". Each edge kind declares
//! which end is *exposed* (loses value when the other end stalls); the *distress graph* points
//! from the obligor to the exposed end with weight `amount * (1 - recovery)`. See
//! `docs/model.md` for the conventions.

pub mod adjust;
mod builder;
pub mod csr;
pub(crate) mod gather;
mod ids;
pub mod impact;
pub mod index;
pub mod kinds;
pub mod meta;
mod named;
pub mod network;
pub mod obligations;
mod perturb;
pub mod scc;
pub mod terms;
pub mod view;

pub use adjust::{Adjustments, Applied, Basis, EdgeSelector};
pub use csr::{Adj, Csr};
pub use impact::Impact;
pub use index::{EdgeId, EdgeIx, EdgeKindId, NodeId, NodeIx, NodeVec};
pub use kinds::{EdgeKind, Exposed, Kinds, NodeKind};
pub use meta::{Attribute, EdgeMeta, FigureBounds, GraphMeta, NodeMeta, Source, Status};
pub use named::Named;
pub use network::{valid_id, EdgeRef, Network, NetworkBuilder, NodeFigures, Refusal, MAX_ID_LEN};
pub use obligations::Obligations;
pub use terms::{Funding, Schedule, ScheduleSpec};
