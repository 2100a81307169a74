//! # shockgraph
//!
//! A dependency-graph analysis engine for economies of commitments: companies, clouds, chip
//! vendors and investors as nodes of a weighted directed graph, and the shocks that travel
//! along it.
//!
//! ## Brief overview
//! - [`Network`] (module [`model`]): a validated graph with typed, weighted, directed edges,
//!   stored in flat columns with `u32` indices and CSR views, built to hold millions of nodes.
//!   An edge reads "`from` owes, pays, commits to or invests in `to`"; each edge kind says which
//!   end is exposed.
//! - [`io`]: the JSON graph format (strict, every problem reported with its place), CSV edge
//!   lists, the embedded default graph of the AI-infrastructure economy, atomic output files.
//! - [`shock`]: DebtRank (differential and classic), threshold cascades, Eisenberg–Noe /
//!   Rogers–Veraart clearing.
//! - [`export`]: DOT diagrams (graphviz-rust) and SVG via Graphviz `dot`.
//! - [`report`]: tables, JSON and CSV for the command line.
//!
//! ## Example
//! ```
//! use shockgraph::{io, shock};
//!
//! let net = io::load_default().unwrap();
//! let openai = net.index_of("openai").unwrap() as u32;
//! let r = shock::run(
//!     &net,
//!     shock::Model::DebtRank,
//!     &[shock::Shock { node: openai, haircut: 0.5 }],
//!     &shock::Params::default(),
//! )
//! .unwrap();
//! let oracle = net.index_of("oracle").unwrap();
//! assert!(r.distress[oracle] > 0.0);
//! ```
//!
//! The conventions (edge meaning, exposed end, haircut, totals) are in `docs/model.md`.
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod all_nodes;
pub mod centrality;
pub mod concentration;
pub mod error;
pub mod export;
pub mod exposure;
pub mod io;
pub mod model;
pub mod plot;
pub mod rank;
pub mod report;
pub mod shock;
pub mod uncertainty;
pub mod whatif;

#[cfg(test)]
pub(crate) mod test_support;

pub use error::{Error, Problem, Result};
pub use model::Network;
