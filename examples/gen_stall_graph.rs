//! Generates a seeded scale-free growth-stall graph as one JSON graph file: the edges of
//! `gen_graph` (same seed, same endpoints and amounts), each `equity` with probability
//! `--equity-share` and else `debt` with a `{start, years}` schedule within 2027-2034, and
//! `funding` on the node owing the most scheduled edges so that flat revenue defaults in its
//! 3rd or 4th year.
//!
//! ```text
//! cargo run --release --example gen_stall_graph -- --nodes 1000000 --edges 10000000 --seed 1 \
//!     --out bench-data/stall1m.json
//! ```
//!
//! See `benches/support/gen.rs` (`generate_stall_json`) for the model; docs/benchmarks.md,
//! "Growth stall (1M / 10M)", for its use.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/support/gen.rs"]
mod gen;

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use clap::Parser;

/// Seeded scale-free growth-stall graph generator (JSON).
#[derive(Parser)]
struct Args {
    /// Number of nodes.
    #[arg(long, default_value_t = 100_000)]
    nodes: usize,
    /// Number of edges.
    #[arg(long, default_value_t = 1_000_000)]
    edges: usize,
    /// PRNG seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of the edges of kind `equity` (no schedule).
    #[arg(long, default_value_t = 0.1)]
    equity_share: f64,
    /// JSON graph output.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::io::Result<()> {
    let a = Args::parse();
    if let Some(d) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(d)?;
    }
    let params = gen::GenParams {
        nodes: a.nodes,
        edges: a.edges,
        seed: a.seed,
        ..gen::GenParams::default()
    };
    let t = std::time::Instant::now();
    let mut out = BufWriter::new(File::create(&a.out)?);
    let s = gen::generate_stall_json(&params, a.equity_share, &mut out)?;
    eprintln!(
        "wrote {} ({} nodes, {} edges of which {} equity, {} bytes) in {:.2?}; hub n{} owes {} scheduled edges, due per year {:?}, flat revenue {:.6}: defaults in {:?}",
        a.out.display(),
        a.nodes,
        a.edges,
        s.equity_edges,
        s.bytes,
        t.elapsed(),
        s.hub,
        s.hub_edges,
        s.hub_due.iter().map(|d| d.round()).collect::<Vec<_>>(),
        s.revenue,
        s.default_year
    );
    Ok(())
}
