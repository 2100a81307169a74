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
//!   matrix and adding the terms, with the random reads taken away;
//! - `flat gather`: the products `w_e * x[src_e]` of a block written to a buffer in one loop
//!   with no row ends (no sums): the cost of the gathers alone, with the branch at each row's
//!   end taken away (its sums are not compared);
//! - `hub-permuted`: the sources renumbered by how many entries read them, most first, so
//!   that the most-read values share cache lines; `x` is copied into that order on every
//!   pass (timed with it) and the prefetch at 96 kept. Each row keeps its order, so the sums
//!   are bit-identical;
//! - `blocked K`: propagation blocking (S. Beamer, K. Asanović and D. Patterson, "Reducing
//!   PageRank communication via propagation blocking", IPDPS 2017), rows cut into bins of
//!   2^K consecutive rows (`BLOCK_BITS`, default `15,16`): a first pass reads `x` in order and
//!   writes each source's value once per bin its entries reach, a second pass per bin adds
//!   `w_e * value` into the bin's rows, which stay in cache. The entries of a bin are kept in
//!   source order, so each row adds its terms in its own order: bit-identical sums.
//!
//! Prints the median and best time of each, in ms and ns per entry, and checks that the
//! prefetched and permuted sums are bit-identical to the plain ones.
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
    Flat,
    HubPermuted,
    Blocked(u32),
}

impl Variant {
    fn label(self) -> String {
        match self {
            Variant::Plain => "plain".into(),
            Variant::Prefetch(d) => format!("prefetch {d}"),
            Variant::NoGather => "no gather".into(),
            Variant::Flat => "flat gather".into(),
            Variant::HubPermuted => "hub-permuted".into(),
            Variant::Blocked(k) => format!("blocked {k}"),
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
            Variant::Flat | Variant::HubPermuted | Variant::Blocked(_) => {
                unreachable!("own pass functions")
            }
        }
        *y = s;
    }
}

/// The sources renumbered by how many entries read them, most first: `src` in the new
/// numbers, and the old number of each new one.
struct Permuted {
    src: Vec<u32>,
    old: Vec<u32>,
}

impl Permuted {
    fn new(m: &Flat, n: usize) -> Permuted {
        let mut reads = vec![0u32; n];
        for &j in &m.src {
            reads[j as usize] += 1;
        }
        let mut old: Vec<u32> = (0..n as u32).collect();
        old.sort_by_key(|&i| (std::cmp::Reverse(reads[i as usize]), i));
        let mut new = vec![0u32; n];
        for (k, &o) in old.iter().enumerate() {
            new[o as usize] = k as u32;
        }
        let top: usize = old
            .iter()
            .take(131_072)
            .map(|&o| reads[o as usize] as usize)
            .sum();
        println!(
            "the 131,072 most-read sources (1 MB of x) serve {:.1} % of the entries",
            100.0 * top as f64 / m.src.len().max(1) as f64
        );
        Permuted {
            src: m.src.iter().map(|&j| new[j as usize]).collect(),
            old,
        }
    }
}

fn flat_pass(m: &Flat, x: &[f64], y: &mut [f64]) {
    y.par_chunks_mut(BLOCK)
        .enumerate()
        .for_each_init(Vec::new, |t: &mut Vec<f64>, (c, ys)| {
            let (a, b) = (m.offsets[c * BLOCK], m.offsets[c * BLOCK + ys.len()]);
            t.clear();
            t.extend(
                m.src[a..b]
                    .iter()
                    .zip(&m.weight[a..b])
                    .map(|(&j, &w)| w * x[j as usize]),
            );
            ys[0] = t.last().copied().unwrap_or(0.0);
        });
}

fn permuted_pass(m: &Flat, p: &Permuted, x: &[f64], y: &mut [f64]) {
    let xp: Vec<f64> = p
        .old
        .par_iter()
        .with_min_len(4096)
        .map(|&o| x[o as usize])
        .collect();
    y.par_chunks_mut(BLOCK).enumerate().for_each(|(c, ys)| {
        for (k, y) in ys.iter_mut().enumerate() {
            let (a, b) = (m.offsets[c * BLOCK + k], m.offsets[c * BLOCK + k + 1]);
            let mut s = 0.0;
            for e in a..b {
                if let Some(&ahead) = p.src.get(e + 96) {
                    prefetch_index(&xp, ahead as usize);
                }
                s += m.weight[e] * xp[p.src[e] as usize];
            }
            *y = s;
        }
    });
}

/// Sources per task of a blocked pass's first phase.
const SOURCES: usize = 1 << 14;

/// The matrix cut into bins of `2^bits` consecutive rows, each bin's entries in source order
/// (a run: one source's entries in one bin).
struct Blocked {
    bits: u32,
    /// Per source, the bins of its runs, in order (`runs_of[u]..runs_of[u + 1]`).
    runs_of: Vec<usize>,
    bin_of_run: Vec<u32>,
    /// Per bin, in source order: each run's length; each entry's row within the bin and weight.
    run_len: Vec<Vec<u32>>,
    row: Vec<Vec<u32>>,
    weight: Vec<Vec<f64>>,
    /// Where the first phase writes: per task of `SOURCES` sources, the start of each bin's
    /// segment (tasks one after the other, bins in order within a task); `bins + 1` each.
    segment: Vec<Vec<usize>>,
    values: usize,
}

impl Blocked {
    fn new(m: &Flat, n: usize, bits: u32) -> Blocked {
        let nbins = n.div_ceil(1 << bits).max(1);
        // The entries by source, each source's in row order.
        let mut start = vec![0usize; n + 1];
        for &u in &m.src {
            start[u as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut to = vec![(0u32, 0.0f64); m.src.len()];
        for v in 0..n {
            for e in m.offsets[v]..m.offsets[v + 1] {
                let u = m.src[e] as usize;
                to[fill[u]] = (v as u32, m.weight[e]);
                fill[u] += 1;
            }
        }
        let tasks = n.div_ceil(SOURCES);
        let mut b = Blocked {
            bits,
            runs_of: vec![0; n + 1],
            bin_of_run: Vec::new(),
            run_len: vec![Vec::new(); nbins],
            row: vec![Vec::new(); nbins],
            weight: vec![Vec::new(); nbins],
            segment: Vec::with_capacity(tasks),
            values: 0,
        };
        let mut per_task = vec![vec![0usize; nbins]; tasks];
        for u in 0..n {
            let entries = &to[start[u]..start[u + 1]];
            for run in entries.chunk_by(|a, c| a.0 >> bits == c.0 >> bits) {
                let bin = (run[0].0 >> bits) as usize;
                b.run_len[bin].push(run.len() as u32);
                b.row[bin].extend(run.iter().map(|a| a.0 & ((1 << bits) - 1)));
                b.weight[bin].extend(run.iter().map(|a| a.1));
                b.bin_of_run.push(bin as u32);
                per_task[u / SOURCES][bin] += 1;
            }
            b.runs_of[u + 1] = b.bin_of_run.len();
        }
        for counts in &per_task {
            let mut seg = Vec::with_capacity(nbins + 1);
            for &c in counts {
                seg.push(b.values);
                b.values += c;
            }
            seg.push(b.values);
            b.segment.push(seg);
        }
        b
    }

    fn pass(&self, x: &[f64], y: &mut [f64], values: &mut [f64]) {
        let bins = self.run_len.len();
        // Phase 1: each task writes its sources' values into its own region, bin by bin.
        let mut regions = Vec::with_capacity(self.segment.len());
        let mut rest = &mut values[..];
        for seg in &self.segment {
            let (region, tail) = rest.split_at_mut(seg[bins] - seg[0]);
            regions.push(region);
            rest = tail;
        }
        regions.into_par_iter().enumerate().for_each(|(t, region)| {
            let seg = &self.segment[t];
            let mut at: Vec<usize> = seg[..bins].iter().map(|&s| s - seg[0]).collect();
            let first = t * SOURCES;
            let xs = &x[first..(first + SOURCES).min(x.len())];
            for (u, &xu) in (first..).zip(xs) {
                for &bin in &self.bin_of_run[self.runs_of[u]..self.runs_of[u + 1]] {
                    region[at[bin as usize]] = xu;
                    at[bin as usize] += 1;
                }
            }
        });
        // Phase 2: each bin's rows from its runs, in source order.
        let values = &*values;
        y.par_chunks_mut(1 << self.bits)
            .enumerate()
            .for_each(|(bin, ys)| {
                ys.fill(0.0);
                let (lens, rows, ws) = (&self.run_len[bin], &self.row[bin], &self.weight[bin]);
                let (mut e, mut r) = (0, 0);
                for seg in &self.segment {
                    for &xu in &values[seg[bin]..seg[bin + 1]] {
                        let end = e + lens[r] as usize;
                        for (&row, &w) in rows[e..end].iter().zip(&ws[e..end]) {
                            ys[row as usize] += w * xu;
                        }
                        (e, r) = (end, r + 1);
                    }
                }
            });
    }
}

/// What the variants need besides the matrix.
struct Prepared {
    permuted: Permuted,
    blocked: Vec<Blocked>,
    values: Vec<f64>,
}

fn pass(m: &Flat, p: &mut Prepared, x: &[f64], y: &mut [f64], v: Variant) {
    match v {
        Variant::Flat => return flat_pass(m, x, y),
        Variant::HubPermuted => return permuted_pass(m, &p.permuted, x, y),
        Variant::Blocked(k) => {
            let b = p.blocked.iter().find(|b| b.bits == k).expect("built");
            if p.values.len() < b.values {
                p.values.resize(b.values, 0.0);
            }
            return b.pass(x, y, &mut p.values);
        }
        _ => {}
    }
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
    variants.push(Variant::Flat);
    variants.push(Variant::HubPermuted);
    let block_bits: Vec<u32> = std::env::var("BLOCK_BITS")
        .unwrap_or_else(|_| "15,16".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|&k| (1..32).contains(&k))
        .collect();
    variants.extend(block_bits.iter().map(|&k| Variant::Blocked(k)));
    let mut prepared = Prepared {
        permuted: Permuted::new(&m, n),
        blocked: block_bits.iter().map(|&k| Blocked::new(&m, n, k)).collect(),
        values: Vec::new(),
    };
    let mut y = vec![0.0; n];
    let mut reference = vec![0.0; n];
    pass(&m, &mut prepared, &x, &mut reference, Variant::Plain);
    let mut times = vec![Vec::with_capacity(runs); variants.len()];
    for _ in 0..runs {
        for (t, &v) in times.iter_mut().zip(&variants) {
            let start = Instant::now();
            pass(&m, &mut prepared, &x, &mut y, v);
            t.push(start.elapsed().as_secs_f64() * 1e3);
            if matches!(
                v,
                Variant::Prefetch(_) | Variant::HubPermuted | Variant::Blocked(_)
            ) && y
                .iter()
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
