//! Generates a seeded scale-free directed weighted graph as CSV (edge list + nodes file).
//!
//! ```text
//! cargo run --release --example gen_graph -- --nodes 1000000 --edges 10000000 --seed 1 \
//!     --out bench-data/g1m.csv --nodes-out bench-data/g1m-nodes.csv
//! ```
//!
//! The same seed and parameters give the same bytes. See `benches/support/gen.rs` for the model.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/support/gen.rs"]
mod gen;

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use clap::Parser;

/// Seeded scale-free graph generator.
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
    /// Out-degree power-law exponent.
    #[arg(long, default_value_t = gen::GenParams::default().gamma_out)]
    gamma_out: f64,
    /// In-degree power-law exponent.
    #[arg(long, default_value_t = gen::GenParams::default().gamma_in)]
    gamma_in: f64,
    /// Median buffer / claims ratio (lognormal).
    #[arg(long, default_value_t = gen::GenParams::default().buffer_factor)]
    buffer_factor: f64,
    /// Sigma of the lognormal buffer factor.
    #[arg(long, default_value_t = gen::GenParams::default().buffer_sigma)]
    buffer_sigma: f64,
    /// Edge list output (`from,to,amount`).
    #[arg(long)]
    out: PathBuf,
    /// Nodes file output (`id,buffer,value`).
    #[arg(long)]
    nodes_out: PathBuf,
}

fn main() -> std::io::Result<()> {
    let a = Args::parse();
    for p in [&a.out, &a.nodes_out] {
        if let Some(d) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(d)?;
        }
    }
    let params = gen::GenParams {
        nodes: a.nodes,
        edges: a.edges,
        seed: a.seed,
        gamma_out: a.gamma_out,
        gamma_in: a.gamma_in,
        buffer_factor: a.buffer_factor,
        buffer_sigma: a.buffer_sigma,
        ..gen::GenParams::default()
    };
    let t = std::time::Instant::now();
    let mut e = BufWriter::new(File::create(&a.out)?);
    let mut n = BufWriter::new(File::create(&a.nodes_out)?);
    let s = gen::generate(&params, &mut e, &mut n)?;
    eprintln!(
        "wrote {} ({} edges, {} bytes) and {} ({} nodes) in {:.2?}; largest out-degree: n{} ({}), largest in-degree: {}",
        a.out.display(),
        a.edges,
        s.edge_bytes,
        a.nodes_out.display(),
        a.nodes,
        t.elapsed(),
        s.max_out_node,
        s.max_out_degree,
        s.max_in_degree
    );
    Ok(())
}
