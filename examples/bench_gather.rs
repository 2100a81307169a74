//! Times one pull pass over the impact matrix (the inner loop of every pull round and of the
//! PageRank family) with and without a software prefetch of the gathered vector, and without
//! the gather at all.
//!
//! ```text
//! cargo run --release --example bench_gather -- EDGES.csv NODES.csv
//! ```
//!
//! Loads the graph, copies the impact matrix's rows into one structure of arrays (the layout
//! of `shockgraph::model::Impact`), fills a dense vector `x` of n values, and runs
//! `y_i = sum_e w_e * x[src_e]` over all rows in blocks of 2,048 rows (in parallel over the
//! blocks unless `RAYON_NUM_THREADS=1`). Variants, each run `RUNS` times (default 7) in
//! turn, A B C A B C ...:
//! - `plain`: the loop the kernels had before `src/model/gather.rs`;
//! - `prefetch D`: the same loop prefetching the cache line of `x[src[e + D]]` (distances
//!   from `DISTS`, default `16,64,96,128,512`; the kernels use 96);
//! - `no gather`: `x[src_e & 1023]`, a vector that stays in L1: the cost of streaming the
//!   matrix and adding the terms, with the random reads taken away.
//!
//! Prints the median and best time of each, in ms and ns per entry, and checks that the
//! prefetched sums are bit-identical to the plain ones.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::Instant;

use prefetch_index::prefetch_index;
use rayon::prelude::*;

const BLOCK: usize = 2048;

struct Flat {
    offsets: Vec<usize>,
    src: Vec<u32>,
    weight: Vec<f64>,
}

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    Plain,
    Prefetch(usize),
    NoGather,
}

impl Variant {
    fn label(self) -> String {
        match self {
            Variant::Plain => "plain".into(),
            Variant::Prefetch(d) => format!("prefetch {d}"),
            Variant::NoGather => "no gather".into(),
        }
    }
}

fn block(m: &Flat, x: &[f64], first: usize, ys: &mut [f64], v: Variant) {
    let (src, w) = (&m.src, &m.weight);
    for (k, y) in ys.iter_mut().enumerate() {
        let (a, b) = (m.offsets[first + k], m.offsets[first + k + 1]);
        let mut s = 0.0;
        match v {
            Variant::Plain => {
                for (&j, &w) in src[a..b].iter().zip(&w[a..b]) {
                    s += w * x[j as usize];
                }
            }
            Variant::Prefetch(d) => {
                for e in a..b {
                    if let Some(&ahead) = src.get(e + d) {
                        prefetch_index(x, ahead as usize);
                    }
                    s += w[e] * x[src[e] as usize];
                }
            }
            Variant::NoGather => {
                for (&j, &w) in src[a..b].iter().zip(&w[a..b]) {
                    s += w * x[(j & 1023) as usize];
                }
            }
        }
        *y = s;
    }
}

fn pass(m: &Flat, x: &[f64], y: &mut [f64], v: Variant) {
    y.par_chunks_mut(BLOCK)
        .enumerate()
        .for_each(|(c, ys)| block(m, x, c * BLOCK, ys, v));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: bench_gather EDGES.csv NODES.csv");
        std::process::exit(2);
    }
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7)
        .max(1);
    let dists: Vec<usize> = std::env::var("DISTS")
        .unwrap_or_else(|_| "16,64,96,128,512".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let net = match shockgraph::io::load(Some(Path::new(&args[0])), Some(Path::new(&args[1]))) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let imp = net.impact();
    let n = imp.node_count();
    let mut m = Flat {
        offsets: Vec::with_capacity(n + 1),
        src: Vec::with_capacity(imp.pair_count()),
        weight: Vec::with_capacity(imp.pair_count()),
    };
    m.offsets.push(0);
    for i in 0..n {
        let (s, w) = imp.row(i);
        m.src.extend_from_slice(s);
        m.weight.extend_from_slice(w);
        m.offsets.push(m.src.len());
    }
    let x: Vec<f64> = (0..n).map(|i| 1e-3 / (1.0 + (i % 97) as f64)).collect();
    let mut variants = vec![Variant::Plain];
    variants.extend(dists.iter().map(|&d| Variant::Prefetch(d)));
    variants.push(Variant::NoGather);
    let mut y = vec![0.0; n];
    let mut reference = vec![0.0; n];
    pass(&m, &x, &mut reference, Variant::Plain);
    let mut times = vec![Vec::with_capacity(runs); variants.len()];
    for _ in 0..runs {
        for (t, &v) in times.iter_mut().zip(&variants) {
            let start = Instant::now();
            pass(&m, &x, &mut y, v);
            t.push(start.elapsed().as_secs_f64() * 1e3);
            if matches!(v, Variant::Prefetch(_))
                && y.iter()
                    .zip(&reference)
                    .any(|(a, b)| a.to_bits() != b.to_bits())
            {
                eprintln!("error: {} differs from plain", v.label());
                std::process::exit(1);
            }
        }
    }
    let entries = m.src.len();
    println!(
        "nodes {n}  entries {entries}  threads {}  runs {runs}",
        rayon::current_num_threads()
    );
    for (mut t, v) in times.into_iter().zip(&variants) {
        t.sort_by(f64::total_cmp);
        let median = t[t.len() / 2];
        println!(
            "{:>12}: median {median:7.2} ms  best {:7.2} ms  ({:.2} ns per entry)",
            v.label(),
            t[0],
            median * 1e6 / entries as f64
        );
    }
}
