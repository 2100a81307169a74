//! Seeded, deterministic generator of scale-free directed weighted graphs (Chung–Lu style).
//!
//! Shared by `examples/gen_graph.rs` and the Criterion benches (included with `#[path]`).
//!
//! Model: every node gets an out-weight and an in-weight drawn from power laws
//! (`w(r) ∝ (r + r0)^(-1/(γ-1))` for the node of rank `r`, ranks assigned by independent random
//! permutations for out and in). Each edge picks its `from` with probability proportional to
//! the out-weight and its `to` proportional to the in-weight (sampled in O(1) by inverting the
//! continuous CDF), so expected out/in-degrees follow power laws with exponents `γ_out`/`γ_in`.
//! Self-loops are redrawn; parallel edges may occur (the network merges them). Amounts are
//! lognormal. Every edge is of the default kind `debt`: `from` owes `to`, so `to` is exposed.
//!
//! Buffers: `buffer_i = exposure_i * f_i` with `exposure_i` the node's total claims in the graph
//! (sum of the amounts it is owed) and `f_i` lognormal (median `buffer_factor`), at least
//! `min_buffer`; so `sum_j Lambda_ij = 1 / f_i` and a full default of a big obligor distresses
//! its creditors noticeably without wiping out the graph. `value = buffer + debts owed`.

#![allow(dead_code)]

use std::io::{self, Write};

/// Parameters of the generator.
#[derive(Debug, Clone, Copy)]
pub struct GenParams {
    /// Number of nodes (ids `n0`..`n{nodes-1}`).
    pub nodes: usize,
    /// Number of edges.
    pub edges: usize,
    /// Seed of the PRNG.
    pub seed: u64,
    /// Power-law exponent of the out-degree distribution.
    pub gamma_out: f64,
    /// Power-law exponent of the in-degree distribution.
    pub gamma_in: f64,
    /// Rank offset `r0` (larger = less extreme hubs).
    pub rank_offset: f64,
    /// Median of the lognormal amount.
    pub amount_median: f64,
    /// Sigma of the lognormal amount.
    pub amount_sigma: f64,
    /// Median of the lognormal buffer factor.
    pub buffer_factor: f64,
    /// Sigma of the lognormal buffer factor.
    pub buffer_sigma: f64,
    /// Smallest buffer.
    pub min_buffer: f64,
}

impl Default for GenParams {
    fn default() -> Self {
        GenParams {
            nodes: 100_000,
            edges: 1_000_000,
            seed: 1,
            gamma_out: 2.3,
            gamma_in: 2.5,
            rank_offset: 1.0,
            amount_median: 10.0,
            amount_sigma: 1.5,
            buffer_factor: 2.0,
            buffer_sigma: 0.5,
            min_buffer: 1.0,
        }
    }
}

/// xoshiro256** seeded with splitmix64.
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    /// Next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let r = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        r
    }

    /// Uniform in [0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n.
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Standard normal (Box–Muller, one value per call).
    #[inline]
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Lognormal with the given median and sigma.
    #[inline]
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
}

/// O(1) sampler of ranks `0..n` with `P(r) ∝ (r + r0)^(-a)` (continuous approximation).
struct PowerLaw {
    n: usize,
    r0: f64,
    one_minus_a: f64,
    lo: f64,
    span: f64,
}

impl PowerLaw {
    fn new(n: usize, gamma: f64, r0: f64) -> PowerLaw {
        let a = 1.0 / (gamma - 1.0);
        let one_minus_a = 1.0 - a;
        let lo = r0.powf(one_minus_a);
        let hi = (n as f64 + r0).powf(one_minus_a);
        PowerLaw {
            n,
            r0,
            one_minus_a,
            lo,
            span: hi - lo,
        }
    }

    #[inline]
    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.uniform();
        let x = (self.lo + u * self.span).powf(1.0 / self.one_minus_a) - self.r0;
        (x.max(0.0) as usize).min(self.n - 1)
    }
}

fn permutation(n: usize, rng: &mut Rng) -> Vec<u32> {
    let mut p: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        p.swap(i, rng.below(i + 1));
    }
    p
}

/// Writes `n{i}`.
#[inline]
fn put_id(out: &mut Vec<u8>, i: u32) {
    out.push(b'n');
    put_uint(out, u64::from(i));
}

#[inline]
fn put_uint(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[k..]);
}

/// Writes `x` with 6 decimals (x >= 0).
#[inline]
fn put_fixed6(out: &mut Vec<u8>, x: f64) {
    let micros = (x * 1e6).round() as u64;
    put_uint(out, micros / 1_000_000);
    out.push(b'.');
    let frac = micros % 1_000_000;
    let mut buf = [b'0'; 6];
    let mut v = frac;
    for k in (0..6).rev() {
        buf[k] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out.extend_from_slice(&buf);
}

/// One edge: `from` by out-weight, `to` by in-weight (no self-loop), a lognormal amount rounded
/// to 6 decimals.
#[inline]
fn sample_edge(
    p: &GenParams,
    rng: &mut Rng,
    out_perm: &[u32],
    in_perm: &[u32],
    out_law: &PowerLaw,
    in_law: &PowerLaw,
) -> (u32, u32, f64) {
    let from = out_perm[out_law.sample(rng)];
    let to = loop {
        let t = in_perm[in_law.sample(rng)];
        if t != from {
            break t;
        }
    };
    let amount = rng.lognormal(p.amount_median, p.amount_sigma).max(1e-6);
    (from, to, (amount * 1e6).round() / 1e6)
}

/// Summary of a generated graph.
#[derive(Debug, Clone, Copy)]
pub struct GenSummary {
    /// Node with the largest out-degree (edges as generated, parallel edges counted).
    pub max_out_node: u32,
    /// Its out-degree.
    pub max_out_degree: u64,
    /// Largest in-degree.
    pub max_in_degree: u64,
    /// Bytes of the edge list.
    pub edge_bytes: u64,
}

/// Generates the graph: the edge list (`from,to,amount`) to `edges_out` and the nodes file
/// (`id,buffer,value`) to `nodes_out`.
///
/// # Errors
/// Write errors.
pub fn generate(
    p: &GenParams,
    edges_out: &mut dyn Write,
    nodes_out: &mut dyn Write,
) -> io::Result<GenSummary> {
    assert!(p.nodes >= 2, "need at least 2 nodes");
    assert!(p.nodes < u32::MAX as usize);
    let n = p.nodes;
    let mut rng = Rng::new(p.seed);
    let out_perm = permutation(n, &mut rng);
    let in_perm = permutation(n, &mut rng);
    let out_law = PowerLaw::new(n, p.gamma_out, p.rank_offset);
    let in_law = PowerLaw::new(n, p.gamma_in, p.rank_offset);
    let mut claims = vec![0.0f64; n]; // owed to the node
    let mut debts = vec![0.0f64; n]; // owed by the node
    let mut out_deg = vec![0u32; n];
    let mut in_deg = vec![0u32; n];
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    buf.extend_from_slice(b"from,to,amount\n");
    let mut bytes = 0u64;
    for _ in 0..p.edges {
        let (from, to, amount) = sample_edge(p, &mut rng, &out_perm, &in_perm, &out_law, &in_law);
        claims[to as usize] += amount;
        debts[from as usize] += amount;
        out_deg[from as usize] += 1;
        in_deg[to as usize] += 1;
        put_id(&mut buf, from);
        buf.push(b',');
        put_id(&mut buf, to);
        buf.push(b',');
        put_fixed6(&mut buf, amount);
        buf.push(b'\n');
        if buf.len() >= (1 << 20) - 64 {
            edges_out.write_all(&buf)?;
            bytes += buf.len() as u64;
            buf.clear();
        }
    }
    edges_out.write_all(&buf)?;
    bytes += buf.len() as u64;
    buf.clear();
    edges_out.flush()?;

    buf.extend_from_slice(b"id,buffer,value\n");
    for i in 0..n {
        let f = rng.lognormal(p.buffer_factor, p.buffer_sigma);
        let buffer = (claims[i] * f).max(p.min_buffer);
        let value = buffer + debts[i];
        put_id(&mut buf, i as u32);
        buf.push(b',');
        put_fixed6(&mut buf, buffer);
        buf.push(b',');
        put_fixed6(&mut buf, value);
        buf.push(b'\n');
        if buf.len() >= (1 << 20) - 64 {
            nodes_out.write_all(&buf)?;
            buf.clear();
        }
    }
    nodes_out.write_all(&buf)?;
    nodes_out.flush()?;
    let (max_out_node, max_out_degree) = out_deg
        .iter()
        .enumerate()
        .max_by_key(|&(i, &d)| (d, std::cmp::Reverse(i)))
        .map_or((0, 0), |(i, &d)| (i as u32, u64::from(d)));
    Ok(GenSummary {
        max_out_node,
        max_out_degree,
        max_in_degree: u64::from(in_deg.iter().copied().max().unwrap_or(0)),
        edge_bytes: bytes,
    })
}

/// First and last year of the generated schedules (8 years).
pub const STALL_YEARS: (i32, i32) = (2027, 2034);

/// Summary of a generated growth-stall graph.
#[derive(Debug, Clone)]
pub struct StallSummary {
    /// The hub: the node owing the most scheduled edges (as generated), which gets `funding`.
    pub hub: u32,
    /// Its scheduled out-degree.
    pub hub_edges: u64,
    /// What it has due each year of [`STALL_YEARS`].
    pub hub_due: Vec<f64>,
    /// Its flat revenue (cash 0, cost ratio 0).
    pub revenue: f64,
    /// The year flat revenue first falls short of what is due (its default year at growth 0).
    pub default_year: Option<i32>,
    /// Edges of kind `equity`.
    pub equity_edges: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// A flat revenue with which cumulative revenue (cash 0) covers the cumulative dues `due` for
/// the first 3 years but not the 4th (so the node defaults in its 4th year), or, when the dues
/// are too front-loaded for that, the 3rd; and the year it defaults.
fn stall_revenue(due: &[f64]) -> (f64, Option<i32>) {
    let cum: Vec<f64> = due
        .iter()
        .scan(0.0, |c, d| {
            *c += d;
            Some(*c)
        })
        .collect();
    let need = |k: usize| (0..k).map(|j| cum[j] / (j + 1) as f64).fold(0.0, f64::max);
    let r = if need(3) * 1.001 < cum[3] / 4.0 {
        need(3) * 1.001
    } else {
        need(2) * 1.001
    };
    let default = (0..due.len())
        .find(|&k| r * ((k + 1) as f64) < cum[k] * (1.0 - 1e-12))
        .map(|k| STALL_YEARS.0 + k as i32);
    (r, default)
}

/// Generates a growth-stall graph as one JSON graph file (`graph stall` needs `schedule` and
/// `funding`, which the CSV format cannot carry): the same scale-free edges as [`generate`]
/// (same seed, same endpoints and amounts), each of kind `equity` with probability
/// `equity_share` and else `debt` with a `{start, years}` schedule inside [`STALL_YEARS`]
/// (start and length uniform); buffers and values as [`generate`]'s; the node owing the most
/// scheduled edges gets `funding` (year 2027, cash 0, cost ratio 0, flat revenue from
/// [`stall_revenue`]). Edges are written before nodes, so one pass suffices.
///
/// # Errors
/// Write errors.
pub fn generate_stall_json(
    p: &GenParams,
    equity_share: f64,
    out: &mut dyn Write,
) -> io::Result<StallSummary> {
    assert!(p.nodes >= 2, "need at least 2 nodes");
    assert!(p.nodes < u32::MAX as usize);
    let n = p.nodes;
    let (y0, y1) = STALL_YEARS;
    let ny = (y1 - y0 + 1) as usize;
    let mut rng = Rng::new(p.seed);
    let out_perm = permutation(n, &mut rng);
    let in_perm = permutation(n, &mut rng);
    let out_law = PowerLaw::new(n, p.gamma_out, p.rank_offset);
    let in_law = PowerLaw::new(n, p.gamma_in, p.rank_offset);
    // Kinds and schedules come from a second stream, so the edges match `generate`'s.
    let mut extra = Rng::new(p.seed ^ 0x5354_414c_4c00_0000);
    let mut claims = vec![0.0f64; n];
    let mut debts = vec![0.0f64; n];
    let mut sched_deg = vec![0u32; n];
    let mut due = vec![0.0f64; n * ny];
    let mut equity_edges = 0u64;
    let mut bytes = 0u64;
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    buf.extend_from_slice(
        b"{\"format\": \"shockgraph/1\", \"as_of\": \"2026-12\",\n\"edges\": [\n",
    );
    for k in 0..p.edges {
        let (from, to, amount) = sample_edge(p, &mut rng, &out_perm, &in_perm, &out_law, &in_law);
        claims[to as usize] += amount;
        debts[from as usize] += amount;
        if k > 0 {
            buf.extend_from_slice(b",\n");
        }
        buf.extend_from_slice(b"{\"from\": \"");
        put_id(&mut buf, from);
        buf.extend_from_slice(b"\", \"to\": \"");
        put_id(&mut buf, to);
        buf.extend_from_slice(b"\", \"amount\": ");
        put_fixed6(&mut buf, amount);
        if extra.uniform() < equity_share {
            equity_edges += 1;
            buf.extend_from_slice(b", \"kind\": \"equity\"}");
        } else {
            let start = extra.below(ny);
            let years = 1 + extra.below(ny - start);
            let row = from as usize * ny;
            for d in &mut due[row + start..row + start + years] {
                *d += amount / years as f64;
            }
            sched_deg[from as usize] += 1;
            buf.extend_from_slice(b", \"schedule\": {\"start\": ");
            put_uint(&mut buf, (y0 + start as i32) as u64);
            buf.extend_from_slice(b", \"years\": ");
            put_uint(&mut buf, years as u64);
            buf.extend_from_slice(b"}}");
        }
        if buf.len() >= (1 << 20) - 256 {
            out.write_all(&buf)?;
            bytes += buf.len() as u64;
            buf.clear();
        }
    }
    let (hub, &hub_edges) = sched_deg
        .iter()
        .enumerate()
        .max_by_key(|&(i, &d)| (d, std::cmp::Reverse(i)))
        .expect("at least 2 nodes");
    let hub_due = due[hub * ny..(hub + 1) * ny].to_vec();
    let (revenue, default_year) = stall_revenue(&hub_due);
    buf.extend_from_slice(b"\n],\n\"nodes\": [\n");
    for i in 0..n {
        let f = rng.lognormal(p.buffer_factor, p.buffer_sigma);
        let buffer = (claims[i] * f).max(p.min_buffer);
        if i > 0 {
            buf.extend_from_slice(b",\n");
        }
        buf.extend_from_slice(b"{\"id\": \"");
        put_id(&mut buf, i as u32);
        buf.extend_from_slice(b"\", \"buffer\": ");
        put_fixed6(&mut buf, buffer);
        buf.extend_from_slice(b", \"value\": ");
        put_fixed6(&mut buf, buffer + debts[i]);
        if i == hub {
            buf.extend_from_slice(b", \"funding\": {\"year\": ");
            put_uint(&mut buf, y0 as u64);
            buf.extend_from_slice(b", \"cash\": 0, \"revenue\": ");
            put_fixed6(&mut buf, revenue);
            buf.extend_from_slice(b", \"cost_ratio\": 0}");
        }
        buf.push(b'}');
        if buf.len() >= (1 << 20) - 256 {
            out.write_all(&buf)?;
            bytes += buf.len() as u64;
            buf.clear();
        }
    }
    buf.extend_from_slice(b"\n]}\n");
    out.write_all(&buf)?;
    bytes += buf.len() as u64;
    out.flush()?;
    Ok(StallSummary {
        hub: hub as u32,
        hub_edges: u64::from(hub_edges),
        hub_due,
        revenue,
        default_year,
        equity_edges,
        bytes,
    })
}

/// The two nodes the shock benches and examples shock: the one with the largest distress
/// out-degree (ties: the lowest index) and a seeded random node with a positive out-degree
/// (the first of up to 1000 draws; the hub when none has one).
pub fn shock_nodes(net: &shockgraph::Network) -> (usize, usize) {
    let d = net.distress();
    let n = net.node_count();
    let hub = (0..n)
        .max_by_key(|&i| (d.degree(i), std::cmp::Reverse(i)))
        .unwrap_or(0);
    let mut rng = Rng::new(42);
    let random = (0..1000)
        .map(|_| rng.below(n))
        .find(|&i| d.degree(i) > 0)
        .unwrap_or(hub);
    (hub, random)
}
