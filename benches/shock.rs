//! One full-default differential DebtRank shock (haircut 1, `Params::default()`) on the node
//! with the largest out-degree in the distress graph and on a seeded random node.
//!
//! `cargo bench --bench shock` generates a graph of 100k nodes / 1M edges first;
//! `SHOCKGRAPH_BENCH_GRAPH=bench-data/g1m.csv cargo bench --bench shock` uses that one. The
//! edges touched by each shock are printed once (the work is proportional to them).

#[path = "support/data.rs"]
mod data;
#[path = "support/gen.rs"]
mod gen;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use shockgraph::shock::{self, Model, Params, Shock};

fn shocks(c: &mut Criterion) {
    let g = data::bench_graph();
    let net = shockgraph::io::load(Some(&g.edges), Some(&g.nodes)).expect("the bench graph loads");
    // The largest distress out-degree and a seeded random node (`gen::shock_nodes`).
    let (hub, random) = gen::shock_nodes(&net);
    let mut group = c.benchmark_group("shock");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(20));
    for (name, node) in [("hub", hub), ("random", random)] {
        let s = [Shock::new(
            shockgraph::NodeId::new(node),
            shockgraph::shock::Haircut::new(1.0).unwrap(),
        )];
        let r = shock::run(&net, Model::DebtRank, &s, &Params::default()).expect("the shock runs");
        eprintln!(
            "shock/{}/{name}: node {} (out-degree {}): {} edges touched in {} rounds",
            g.label,
            net.id(node),
            net.distress().degree(node),
            r.edges_touched,
            r.rounds
        );
        group.bench_function(format!("{}/debtrank/{name}", g.label), |b| {
            b.iter(|| shock::run(&net, Model::DebtRank, &s, &Params::default()));
        });
    }
    group.finish();
}

criterion_group!(benches, shocks);
criterion_main!(benches);
