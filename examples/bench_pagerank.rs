//! Times the iterative centralities after the load: the pull structure, then each solve.
//!
//! ```text
//! cargo run --release --example bench_pagerank -- bench-data/g1m.csv bench-data/g1m-nodes.csv
//! ```
//!
//! Loads the graph and builds its as-written CSR (`Network::written`, cached by the network;
//! both timed apart), then, `RUNS` times (default 3):
//! - `view`: the transpose of that CSR, the in-adjacency every pull reads
//!   (`centrality::View::new`);
//! - `pagerank`: the whole PageRank solve on that view at `TOL` (default 1e-16 per node, as
//!   `graph centrality --measure pagerank --tol 1e-16`), its iterations and time per iteration;
//! - with `ALL=1`, eigenvector, Katz (alpha `KATZ_ALPHA`, default 1e-4, so that no spectral
//!   radius estimate is timed with it) and HITS at the default tolerance the same way.
//!
//! Also prints the process's CPU time per iteration (`/proc/self/stat`, 10 ms ticks).
//! Prints the sum and the largest score of each result, and with `SCORES=PREFIX` writes the
//! scores of each measure of the first run to `PREFIX-<measure>.txt` (one `{:e}` per line, the
//! shortest text that reads back to the same bits, by node index), for a comparison with
//! another build.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use shockgraph::centrality::{self, Convergence, Measure, Params, View};

fn env<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// CPU time of the whole process so far (user + system, all threads), in seconds, from
/// `/proc/self/stat` (Linux; 0 elsewhere). On a busy machine it is steadier than the wall time,
/// which then includes the time the threads wait for a core.
fn cpu_seconds() -> f64 {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (in parentheses): utime and stime are the 12th
            // and 13th.
            let rest = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
            Some(rest.get(11)?.parse::<u64>().ok()? + rest.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    // USER_HZ is 100 on Linux.
    ticks as f64 / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: bench_pagerank EDGES.csv [NODES.csv]");
        std::process::exit(2);
    }
    let runs: usize = env("RUNS", 3);
    let tol: f64 = env("TOL", 1e-16);
    let all = std::env::var("ALL").is_ok_and(|v| v == "1");
    let t = Instant::now();
    let net = match shockgraph::io::load(Some(Path::new(&args[0])), args.get(1).map(Path::new)) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "load: {:.3} s  nodes: {}  edges: {}  threads: {}",
        t.elapsed().as_secs_f64(),
        net.node_count(),
        net.edge_count(),
        rayon::current_num_threads()
    );
    let t = Instant::now();
    let pairs = net.written().pair_count();
    println!(
        "as-written CSR (built once per network): {:.1} ms, {pairs} distinct pairs",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut measures = vec![(Measure::Pagerank, tol)];
    if all {
        let d = centrality::DEFAULT_TOL;
        measures.extend([
            (Measure::Eigenvector, d),
            (Measure::Katz, d),
            (Measure::Authorities, d),
        ]);
    }
    for run in 0..runs {
        let t = Instant::now();
        let view = View::new(&net);
        let build = t.elapsed().as_secs_f64();
        print!("run {run}: view {:.1} ms", build * 1e3);
        for &(m, tol) in &measures {
            let params = Params {
                alpha: (m == Measure::Katz).then(|| env("KATZ_ALPHA", 1e-4)),
                convergence: Convergence {
                    max_iter: centrality::DEFAULT_MAX_ITER,
                    tol,
                },
                ..Params::default()
            };
            let (t, cpu) = (Instant::now(), cpu_seconds());
            let s = match centrality::compute(&view, m, &params) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("\n{m}: {e}");
                    std::process::exit(1);
                }
            };
            let secs = t.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu;
            let iters = s.iterations.unwrap_or(0);
            let v: &[f64] = &s.values;
            print!(
                "  | {m} {:.1} ms, {iters} it, {:.2} ms/it, cpu {:.2} ms/it (sum {:.6}, max {:.6e})",
                secs * 1e3,
                secs * 1e3 / iters.max(1) as f64,
                cpu * 1e3 / iters.max(1) as f64,
                v.iter().sum::<f64>(),
                v.iter().copied().fold(0.0, f64::max)
            );
            if run == 0 {
                if let Ok(prefix) = std::env::var("SCORES") {
                    let path = format!("{prefix}-{m}.txt");
                    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
                    for x in v {
                        writeln!(f, "{x:e}").unwrap();
                    }
                }
            }
        }
        println!();
    }
}
