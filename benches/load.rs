//! Loading a CSV graph: parse, validate, build the network with its distress CSR.
//!
//! `cargo bench --bench load` generates a graph of 100k nodes / 1M edges first;
//! `SHOCKGRAPH_BENCH_GRAPH=bench-data/g1m.csv cargo bench --bench load` loads that one (and
//! `bench-data/g1m-nodes.csv`). See `docs/benchmarks.md`.

#[path = "support/data.rs"]
mod data;
#[path = "support/gen.rs"]
mod gen;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};

fn load(c: &mut Criterion) {
    let g = data::bench_graph();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(format!("{}/edges+nodes", g.label), |b| {
        b.iter_with_large_drop(|| {
            shockgraph::io::load(Some(&g.edges), Some(&g.nodes)).expect("the bench graph loads")
        });
    });
    group.bench_function(format!("{}/edges-only", g.label), |b| {
        b.iter_with_large_drop(|| {
            shockgraph::io::load(Some(&g.edges), None).expect("the bench graph loads")
        });
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
