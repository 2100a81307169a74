//! # shockgraph
//!
//! A dependency-graph analysis engine for economies of commitments: companies, clouds, chip
//! vendors, investors and lenders as nodes of a weighted directed graph, and the shocks that
//! travel along it.
//!
//! ## Brief overview
//! - [`model`]: the [`Network`], a validated graph with typed, weighted, directed edges, stored
//!   in flat columns with CSR views, built to hold millions of nodes. An edge reads "`from`
//!   owes, pays, commits to or invests in `to`"; each edge kind says which end is exposed.
//!   Nodes and edges are named by [`NodeId`] and [`EdgeId`].
//! - [`io`]: the JSON graph format (strict, every problem reported with its place), CSV edge
//!   lists, scenario files, the embedded default graph of the AI-infrastructure economy, and
//!   atomic output files.
//! - [`shock`]: the shock models: DebtRank (differential and classic), threshold cascades,
//!   Eisenberg–Noe / Rogers–Veraart clearing.
//! - [`centrality`]: degree, strength, PageRank, eigenvector, Katz, HITS, betweenness,
//!   closeness, harmonic (NetworkX's conventions).
//! - [`analysis`]: compositions of those: all-node impact and ranking, sweeps and tipping
//!   points, uncertainty sampling, exposure, concentration, the summary of a graph.
//! - [`report`]: results as JSON and CSV (and, with the features `cli` and `render`, terminal
//!   tables, DOT/SVG diagrams, plots and the HTML report).
//!
//! ## Example
//! ```
//! use shockgraph::shock::{self, Haircut, Model, Params, Shock};
//!
//! let net = shockgraph::io::load_default()?;
//! let openai = net.node("openai")?;
//! let r = shock::run(
//!     &net,
//!     Model::DebtRank,
//!     &[Shock::new(openai, Haircut::new(0.5)?)],
//!     &Params::default(),
//! )?;
//! let oracle = net.node("oracle")?;
//! assert!(r.distress[oracle.index()] > 0.0);
//! let totals = r.totals(&net);
//! assert!(totals.total_loss > 0.0);
//! # Ok::<(), shockgraph::Error>(())
//! ```
//!
//! The conventions (edge meaning, exposed end, haircut, totals) are in `docs/model.md`.
//!
//! ## Features
//! - `cli` (default): terminal tables (comfy-table) and what the `graph` binary needs (clap,
//!   indicatif).
//! - `render` (default): DOT and SVG diagrams (graphviz-rust), SVG plots (plotters) and the HTML
//!   report.
//!
//! `cargo build --lib --no-default-features` builds the engines alone.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod centrality;
pub mod error;
pub mod io;
pub mod model;
pub mod report;
pub mod shock;

#[cfg(test)]
pub(crate) mod test_support;

// The command line lives in the library (behind its features) so that both binary names,
// `graph` and `shockgraph`, are thin calls of one entry point; its files name the library
// `shockgraph::`, as a binary would.
#[cfg(all(feature = "cli", feature = "render"))]
extern crate self as shockgraph;
#[cfg(all(feature = "cli", feature = "render"))]
#[allow(
    clippy::print_stderr,
    reason = "the command line writes its warnings to standard error, as the binary did"
)]
mod cli;
#[cfg(all(feature = "cli", feature = "render"))]
pub use cli::entry::main as cli_main;

pub use error::{Error, Param, Problem, Result};
pub use model::{EdgeId, Network, NodeId};

/// The README's Rust examples, run as doctests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
