//! Times loading a CSV graph and one full-default DebtRank shock; prints peak RSS.
//!
//! ```text
//! cargo run --release --example bench_load -- bench-data/g1m.csv bench-data/g1m-nodes.csv
//! ```
//!
//! Prints the load wall time, the peak RSS after the load (`VmHWM` of /proc/self/status), then
//! for the node with the largest out-degree and a seeded random node with a positive
//! out-degree: the shock's wall time (best of `SHOCKS` runs, default 5; 0 skips the shocks),
//! edges touched, rounds, distressed and defaulted nodes. `TOLERANCE` overrides the shock's
//! tolerance.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/support/gen.rs"]
mod gen;

use std::path::Path;
use std::time::{Duration, Instant};

use shockgraph::shock::{self, Haircut, Model, Params, Shock};

fn status_kb(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn mib(kb: Option<u64>) -> String {
    kb.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: bench_load EDGES.csv [NODES.csv]");
        std::process::exit(2);
    }
    let runs: usize = std::env::var("SHOCKS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    // `TOLERANCE` overrides `Params::tolerance` (default `shock::TOLERANCE`), to see how the
    // work depends on it.
    let tolerance: f64 = std::env::var("TOLERANCE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(shock::TOLERANCE);
    let edges = Path::new(&args[0]);
    let nodes = args.get(1).map(Path::new);
    let t = Instant::now();
    let net = match shockgraph::io::load(Some(edges), nodes) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let load = t.elapsed();
    println!("load_seconds: {:.3}", load.as_secs_f64());
    println!("peak_rss_after_load: {}", mib(status_kb("VmHWM:")));
    println!("rss_after_load: {}", mib(status_kb("VmRSS:")));
    println!(
        "nodes: {}  edges: {}  distress_pairs: {}  heap_bytes: {:.1} MiB",
        net.node_count(),
        net.edge_count(),
        net.distress().pair_count(),
        net.heap_bytes() as f64 / (1024.0 * 1024.0)
    );
    // The largest distress out-degree and a seeded random node (`gen::shock_nodes`).
    let (hub, random) = gen::shock_nodes(&net);
    for (label, node) in [("hub", hub), ("random", random)] {
        if runs == 0 {
            break;
        }
        let shocks = [Shock::new(shockgraph::NodeId::new(node), Haircut::FULL)];
        let params = Params::default()
            .with_tolerance(tolerance)
            .expect("a tolerance in [0, 1)");
        let mut best = Duration::MAX;
        let mut last = None;
        for _ in 0..runs {
            let t = Instant::now();
            let r = shock::run(&net, Model::DebtRank, &shocks, &params);
            best = best.min(t.elapsed());
            last = Some(r);
        }
        match last.unwrap() {
            Ok(r) => {
                let tot = r.totals(&net);
                println!(
                    "shock_{label}: node {} (out-degree {}), tolerance {tolerance:e}: best {:.1} ms of {runs}; edges_touched {} ({:.1} ns/edge); rounds {}; distressed {}; defaulted {}; impact {:.4}",
                    net.id(node),
                    net.distress().degree(node),
                    best.as_secs_f64() * 1e3,
                    r.edges_touched,
                    best.as_secs_f64() * 1e9 / r.edges_touched.max(1) as f64,
                    r.rounds,
                    tot.distressed,
                    tot.defaulted,
                    tot.impact
                );
            }
            Err(e) => println!("shock_{label}: error: {e}"),
        }
    }
    println!("peak_rss_end: {}", mib(status_kb("VmHWM:")));
}
