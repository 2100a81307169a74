//! Times one full-default shock (haircut 1) per model, in process, on a loaded graph.
//!
//! ```text
//! cargo run --release --example bench_shock -- EDGES.csv NODES.csv [MODEL,...]
//! ```
//!
//! Loads the graph once, then for each model (default: `debtrank,debtrank-classic,threshold`;
//! `eisenberg-noe` needs `external_assets` in the nodes file) and for the node with the largest
//! distress out-degree and a seeded random node with a positive out-degree (the nodes of
//! `bench_load`), runs the shock `SHOCKS` times (default 5) and prints the best and median wall
//! time, edges touched, rounds, distressed and defaulted nodes and the impact. The first run of
//! each model is timed apart (`first`): it includes building the network's cached views.
//! `TOLERANCE` overrides the tolerance; `PULL_PERMILLE` the push/pull switch point
//! (`shockgraph::shock::pull`: 0 pulls every round of more than 64 nodes, 1001 never pulls).
//! With `DUMP=DIR`, each shock's distress vector is
//! written to `DIR/MODEL-LABEL.f64` (little-endian f64, one per node) to compare two builds.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/support/gen.rs"]
mod gen;

use std::path::Path;
use std::time::{Duration, Instant};

use shockgraph::shock::{self, Haircut, Model, Params, Shock};

fn env<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: bench_shock EDGES.csv NODES.csv [MODEL,...]");
        std::process::exit(2);
    }
    let runs: usize = env("SHOCKS", 5).max(1);
    let tolerance: f64 = env("TOLERANCE", shock::TOLERANCE);
    let dump = std::env::var("DUMP").ok();
    if let Some(p) = std::env::var("PULL_PERMILLE")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        shock::pull::set_pull_permille(p);
    }
    let models: Vec<Model> = args
        .get(2)
        .map_or("debtrank,debtrank-classic,threshold", String::as_str)
        .split(',')
        .map(|m| match m.parse::<Model>() {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        })
        .collect();
    let t = Instant::now();
    let net = match shockgraph::io::load(Some(Path::new(&args[0])), Some(Path::new(&args[1]))) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "load_seconds: {:.3}  nodes: {}  edges: {}  threads: {}",
        t.elapsed().as_secs_f64(),
        net.node_count(),
        net.edge_count(),
        rayon::current_num_threads()
    );
    // The largest distress out-degree and a seeded random node (`gen::shock_nodes`).
    let (hub, random) = gen::shock_nodes(&net);
    let params = Params::default()
        .with_tolerance(tolerance)
        .expect("a tolerance in [0, 1)");
    for &model in &models {
        for (label, node) in [("hub", hub), ("random", random)] {
            let shocks = [Shock::new(shockgraph::NodeId::new(node), Haircut::FULL)];
            let t = Instant::now();
            let first = shock::run(&net, model, &shocks, &params);
            let first_time = t.elapsed();
            let mut times = Vec::with_capacity(runs);
            let mut last = first;
            for _ in 0..runs {
                let t = Instant::now();
                last = shock::run(&net, model, &shocks, &params);
                times.push(t.elapsed());
            }
            times.sort();
            let best = times[0];
            let median = times[times.len() / 2];
            let r = match last {
                Ok(r) => r,
                Err(e) => {
                    println!("{} {label}: error: {e}", model.name());
                    continue;
                }
            };
            let tot = r.totals(&net);
            println!(
                "{} {label} {} (out-degree {}): first {:.1} ms, best {:.1} ms, median {:.1} ms of {runs}; edges_touched {}; rounds {}; distressed {}; defaulted {}; impact {:.6e}",
                model.name(),
                net.id(node),
                net.distress().degree(node),
                ms(first_time),
                ms(best),
                ms(median),
                r.edges_touched,
                r.rounds,
                tot.distressed,
                tot.defaulted,
                tot.impact
            );
            if let Some(dir) = &dump {
                let bytes: Vec<u8> = r.distress.iter().flat_map(|x| x.to_le_bytes()).collect();
                let path = Path::new(dir).join(format!("{}-{label}.f64", model.name()));
                if let Err(e) = std::fs::write(&path, bytes) {
                    eprintln!("error: writing {}: {e}", path.display());
                    std::process::exit(1);
                }
            }
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
