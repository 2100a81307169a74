//! Differential DebtRank's rounds against the Gauss–Seidel sweeps of `graph rank`, source by
//! source, and the all-node sweep's time at several push/pull switch points.
//!
//! ```text
//! cargo run --release --example bench_fixed_point -- EDGES.csv NODES.csv
//! ```
//!
//! Loads the graph, then for `SOURCES` nodes (default 12, spread evenly over the indices) with
//! haircut 1: the synchronous rounds (`shock::run`, the default tolerance), the fixed point as
//! `graph rank` computes it (`shock::debtrank::fixed_point`: pushed rounds, then sweeps), and
//! both at tolerance 0 (run until nothing changes, the fixed point to the last bits). Prints
//! per source the rounds and the passes, the times, and each one's largest distance from the
//! tolerance-0 fixed point of the rounds, in distress and in total loss. With `STEP=K` it then
//! times `analysis::impact::sweep_sources` over every K-th node, twice, at each switch point
//! of `PERMILLE` (default `20`; `shock::pull::set_pull_permille`), at the tolerance
//! `TOLERANCE` (default 1e-14).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::Instant;

use shockgraph::analysis::impact;
use shockgraph::shock::{self, debtrank, Haircut, Model, Params, Shock};
use shockgraph::{Network, NodeId};

fn env<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn total_loss(net: &Network, h: &[f64], k: usize) -> f64 {
    (0..net.node_count())
        .map(|i| {
            let seed = if i == k { 1.0 } else { 0.0 };
            (h[i] - seed) * net.buffer(i).unwrap_or(0.0)
        })
        .sum()
}

fn largest_gap(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: bench_fixed_point EDGES.csv NODES.csv");
        std::process::exit(2);
    }
    let net = match shockgraph::io::load(Some(Path::new(&args[0])), Some(Path::new(&args[1]))) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let n = net.node_count();
    let count: usize = env("SOURCES", 12).clamp(1, n);
    let default = Params::default();
    let exact = Params::default().with_tolerance(0.0).expect("tolerance 0");
    println!("nodes {n}, threads {}", rayon::current_num_threads());
    let (mut t_rounds, mut t_sweeps) = (0.0, 0.0);
    for s in 0..count {
        let k = s * n / count;
        let shocks = [Shock::new(NodeId::new(k), Haircut::FULL)];
        let t = Instant::now();
        let r = shock::run(&net, Model::DebtRank, &shocks, &default).expect("shock");
        let tr = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (h, passes) = debtrank::fixed_point(&net, &shocks, &default).expect("fixed point");
        let ts = t.elapsed().as_secs_f64();
        t_rounds += tr;
        t_sweeps += ts;
        let x = shock::run(&net, Model::DebtRank, &shocks, &exact).expect("exact");
        let (hx, passes_x) = debtrank::fixed_point(&net, &shocks, &exact).expect("exact sweeps");
        let lx = total_loss(&net, &x.distress, k);
        println!(
            "{}: rounds {} ({:.1} ms), passes {passes} ({:.1} ms); tolerance 0: rounds {}, passes {passes_x}, gap {:.1e}; \
             from the exact: rounds {:.1e} / loss {:.1e}, sweeps {:.1e} / loss {:.1e}",
            net.id(k),
            r.rounds,
            tr * 1e3,
            ts * 1e3,
            x.rounds,
            largest_gap(&hx, &x.distress),
            largest_gap(&r.distress, &x.distress),
            (total_loss(&net, &r.distress, k) - lx).abs(),
            largest_gap(&h, &x.distress),
            (total_loss(&net, &h, k) - lx).abs(),
        );
    }
    println!(
        "{count} sources: rounds {:.1} ms, sweeps {:.1} ms per source",
        t_rounds * 1e3 / count as f64,
        t_sweeps * 1e3 / count as f64
    );
    let step: usize = env("STEP", 0);
    if step == 0 {
        return;
    }
    let sources: Vec<u32> = (0..n as u32).step_by(step).collect();
    let tolerance: f64 = env("TOLERANCE", shock::TOLERANCE);
    let swept = Params::default()
        .with_tolerance(tolerance)
        .expect("a tolerance in [0, 1)");
    let permilles = std::env::var("PERMILLE").unwrap_or_else(|_| "20".into());
    for pass in 0..2 {
        for p in permilles.split(',').filter_map(|p| p.parse::<usize>().ok()) {
            shock::pull::set_pull_permille(p);
            let t = Instant::now();
            let part = impact::sweep_sources(
                &net,
                Model::DebtRank,
                Haircut::FULL,
                &swept,
                &sources,
                &|_| {},
            )
            .expect("sweep");
            let sum: f64 = part.rows.iter().map(|r| r.impact).sum();
            println!(
                "sweep of {} sources at tolerance {tolerance:e}, pass {pass}, switch {p} permille: {:.2} s (sum of impacts {sum:.15e})",
                sources.len(),
                t.elapsed().as_secs_f64()
            );
        }
    }
}
