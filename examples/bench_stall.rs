//! Times `analysis::stall` against one `shock::run` in-process on a graph written by
//! `gen_stall_graph` (for graphs whose JSON load is too big for the `graph` CLI: see
//! docs/benchmarks.md, "Growth stall (1M / 10M)").
//!
//! ```text
//! cargo run --release --example bench_stall -- bench-data/stall1m.json n36093
//! ```
//!
//! Reads the generator's own line layout (one record per line, edges before nodes) straight
//! into a `NetworkBuilder`, then prints the build time and, over `RUNS` runs (default 5), the
//! median wall time of the stall (growth 0, policy default, DebtRank) and of one DebtRank
//! shock of haircut 0.5 on the same node, and their ratio.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use shockgraph::analysis::{self, Growth, Policy, StallSpec};
use shockgraph::model::{
    EdgeMeta, Funding, GraphMeta, Kinds, NetworkBuilder, NodeFigures, NodeId, ScheduleSpec,
};
use shockgraph::shock::{self, Haircut, Model, Params, Shock};

/// The text after `"key": ` up to the next `,` or `}` (quotes stripped).
fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("\"{key}\": ");
    let at = line.find(&pat)? + pat.len();
    let rest = &line[at..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    Some(rest[..end].trim_matches('"'))
}

fn num<T: std::str::FromStr>(line: &str, key: &str) -> T {
    field(line, key)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no `{key}` in {line}"))
}

fn node_ix(id: &str) -> usize {
    id[1..].parse().expect("ids are n{i}")
}

struct Edge {
    from: u32,
    to: u32,
    amount: f64,
    equity: bool,
    start: i32,
    years: u32,
}

fn load(path: &str) -> shockgraph::Network {
    let r = BufReader::with_capacity(1 << 20, std::fs::File::open(path).expect("the graph file"));
    let mut edges = Vec::new();
    let mut nodes = Vec::new();
    for line in r.lines() {
        let line = line.expect("readable");
        if line.starts_with("{\"from\"") {
            let equity = line.contains("\"kind\": \"equity\"");
            edges.push(Edge {
                from: node_ix(field(&line, "from").expect("from")) as u32,
                to: node_ix(field(&line, "to").expect("to")) as u32,
                amount: num(&line, "amount"),
                equity,
                start: if equity { 0 } else { num(&line, "start") },
                years: if equity { 0 } else { num(&line, "years") },
            });
        } else if line.starts_with("{\"id\"") {
            nodes.push(line);
        }
    }
    let kinds = Kinds::default();
    let (debt, equity) = (
        kinds.edge("debt").expect("debt"),
        kinds.edge("equity").expect("equity"),
    );
    let other = kinds.node("other").expect("other");
    let mut b = NetworkBuilder::new(GraphMeta::default(), kinds, nodes.len(), edges.len());
    for line in &nodes {
        let figures = NodeFigures {
            buffer: Some(num(line, "buffer")),
            value: Some(num(line, "value")),
            ..NodeFigures::default()
        };
        let i = b
            .add_node(field(line, "id").expect("id"), other, figures, None)
            .expect("a valid node");
        if line.contains("\"funding\"") {
            let f = Funding {
                year: num(line, "year"),
                cash: num(line, "cash"),
                revenue: num(line, "revenue"),
                plan: BTreeMap::new(),
                cost_ratio: num(line, "cost_ratio"),
                capital: BTreeMap::new(),
            };
            b.set_funding(i, f).expect("valid funding");
        }
    }
    for e in &edges {
        let kind = if e.equity { equity } else { debt };
        let (from, to) = (NodeId::new(e.from as usize), NodeId::new(e.to as usize));
        let id = b
            .add_edge(from, to, kind, e.amount, 0.0, None::<EdgeMeta>)
            .expect("a valid edge");
        if !e.equity {
            let spec = ScheduleSpec::Even {
                start: e.start,
                years: e.years,
            };
            b.set_schedule(id, &spec).expect("a valid schedule");
        }
    }
    b.finish().expect("a valid network")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: bench_stall GRAPH.json HUB");
        std::process::exit(2);
    }
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let t = Instant::now();
    let net = load(&args[0]);
    println!(
        "built {} nodes, {} edges in {:.2?}",
        net.node_count(),
        net.edge_count(),
        t.elapsed()
    );
    let hub = net.node(&args[1]).expect("the hub");
    let params = Params::default();
    let spec = StallSpec::new(hub, Growth::Rate(0.0), Policy::Default);
    let shocks = [Shock::new(hub, Haircut::new(0.5).expect("a haircut"))];
    let (mut stall_times, mut shock_times) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let s = analysis::stall(&net, Model::DebtRank, &spec, &params).expect("the stall");
        stall_times.push(t.elapsed());
        let t = Instant::now();
        let r = shock::run(&net, Model::DebtRank, &shocks, &params).expect("the shock");
        shock_times.push(t.elapsed());
        if stall_times.len() == 1 {
            let last = s.years.last().expect("a year").totals;
            println!(
                "stall: default {:?}, {} years, final distressed {} defaulted {}; shock: distressed {}",
                s.default_year(),
                s.years.len(),
                last.distressed,
                last.defaulted,
                r.totals(&net).distressed
            );
        }
    }
    let (stall_med, shock_med) = (median(stall_times), median(shock_times));
    println!(
        "stall median {:.3?}, shock median {:.3?}, ratio {:.2} ({} runs each, interleaved)",
        stall_med,
        shock_med,
        stall_med.as_secs_f64() / shock_med.as_secs_f64(),
        runs.max(1)
    );
}
