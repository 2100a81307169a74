//! Measures the machine's memory bandwidth with STREAM-like kernels on the rayon pool.
//!
//! ```text
//! RAYON_NUM_THREADS=2 cargo run --release --example bench_bandwidth
//! ```
//!
//! Arrays of `MIB` MiB each (default 256, far beyond the caches), every kernel run `RUNS`
//! times (default 10), the best run reported, as STREAM does (`McCalpin` 1995, "Memory
//! bandwidth and machine balance in current high performance computers", newsletter of the
//! IEEE Technical Committee on Computer Architecture). Bytes are counted as STREAM counts them: the arrays named in the kernel, once each (a write is
//! not counted twice for the cache line the CPU reads before writing it).
//!
//! - `read`:  s += a[i]                   8 bytes per element
//! - `copy`:  a[i] = b[i]                16 bytes per element
//! - `triad`: a[i] = b[i] + q c[i]       24 bytes per element
//!
//! The `read` figure is the one that bounds a pull iteration (`docs/benchmarks.md`,
//! "PageRank"): it reads the edges and writes only one value per node.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use rayon::prelude::*;

const CHUNK: usize = 1 << 16;

fn best(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Sum with eight independent accumulators: a single running sum is a chain of dependent
/// additions and measures the adder's latency, not the memory.
fn sum8(v: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let mut it = v.chunks_exact(8);
    for c in &mut it {
        for (a, x) in acc.iter_mut().zip(c) {
            *a += x;
        }
    }
    acc.iter().sum::<f64>() + it.remainder().iter().sum::<f64>()
}

fn main() {
    let mib: usize = std::env::var("MIB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let n = mib * (1 << 20) / 8;
    // First touch in parallel, so that every thread's pages are mapped by the thread that uses
    // them (as the kernels below split the arrays the same way).
    let fill = |v: f64| -> Vec<f64> {
        let mut a = Vec::with_capacity(n);
        a.par_extend((0..n).into_par_iter().map(|i| v + (i % 7) as f64));
        a
    };
    let mut a = fill(0.0);
    let b = fill(1.0);
    let c = fill(2.0);
    println!(
        "threads: {}  array: {mib} MiB ({n} f64)  runs: {runs}",
        rayon::current_num_threads()
    );
    let mut sink = 0.0;
    let t = best(runs, || {
        sink += b.par_chunks(CHUNK).map(sum8).sum::<f64>();
    });
    let gbs = |bytes: usize, t: f64| bytes as f64 / t / 1e9;
    println!("read:  {:6.1} GB/s  ({:.2} ms)", gbs(8 * n, t), t * 1e3);
    let t = best(runs, || {
        a.par_chunks_mut(CHUNK)
            .zip(b.par_chunks(CHUNK))
            .for_each(|(x, y)| x.copy_from_slice(y));
    });
    println!("copy:  {:6.1} GB/s  ({:.2} ms)", gbs(16 * n, t), t * 1e3);
    let q = 3.0;
    let t = best(runs, || {
        a.par_chunks_mut(CHUNK)
            .zip(b.par_chunks(CHUNK).zip(c.par_chunks(CHUNK)))
            .for_each(|(x, (y, z))| {
                for ((x, y), z) in x.iter_mut().zip(y).zip(z) {
                    *x = y + q * z;
                }
            });
    });
    println!("triad: {:6.1} GB/s  ({:.2} ms)", gbs(24 * n, t), t * 1e3);
    // Keeps the sums from being optimised away.
    println!("checksum: {:.3e}", sink + a[n / 2]);
}
