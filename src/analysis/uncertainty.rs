//! Uncertainty ranges: shocks on sampled figures.
//!
//! Nodes and edges may give `low`/`high` for their figures (an edge for its amount; a node for
//! `buffer`, `external_assets`, `external_liabilities`, `value`). [`sample`] draws every
//! uncertain figure in its range, independently, `samples` times, runs the shock on each draw
//! in parallel, and summarises per-node and total losses by their 5th, 50th and 95th
//! percentiles (linear interpolation between order statistics, as numpy's default) and each
//! node's probability of ending defaulted.
//!
//! Distributions: uniform on [low, high] (default), or triangular on [low, high] with the
//! figure as given as its mode. A missing `low` (or `high`) means the given figure is the
//! bound.
//!
//! Determinism: draw `s` uses its own ChaCha8 generator seeded from `(seed, s)`, and figures
//! are drawn in a fixed order (edges, then nodes), so the output depends on the seed only,
//! not on the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};

use rand::distr::Distribution;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::error::{Error, Param, Result};
use crate::model::{Network, NodeFigures};
use crate::shock::{self, Model, Params, Shock, State, Trace};

/// How a figure is drawn inside its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dist {
    /// Uniform on [low, high].
    #[default]
    Uniform,
    /// Triangular on [low, high] with the given figure as mode.
    Triangular,
}

impl Dist {
    /// Both distributions.
    pub const ALL: [Dist; 2] = [Dist::Uniform, Dist::Triangular];

    /// The name (`uniform`, `triangular`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Dist::Uniform => "uniform",
            Dist::Triangular => "triangular",
        }
    }

    /// One line on the distribution.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Dist::Uniform => "Uniform on [low, high]",
            Dist::Triangular => "Triangular on [low, high] with the given figure as mode",
        }
    }
}

/// The most draws [`sample`] takes.
pub const MAX_SAMPLES: usize = 10_000_000;

/// How to sample: how many draws, the seed, and the distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleConfig {
    /// Number of draws, 1 to [`MAX_SAMPLES`].
    pub samples: usize,
    /// Seed: the same seed gives the same draws on any number of threads.
    pub seed: u64,
    /// Distribution of a figure in its range.
    pub dist: Dist,
}

/// Percentiles and default probability of one node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NodeSummary {
    /// 5th percentile of the loss.
    pub loss_p5: f64,
    /// Median loss.
    pub loss_p50: f64,
    /// 95th percentile of the loss.
    pub loss_p95: f64,
    /// Share of draws in which the node ends defaulted.
    pub default_probability: f64,
}

/// The summary of a sampled shock.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleSummary {
    /// Number of draws.
    pub samples: usize,
    /// Seed.
    pub seed: u64,
    /// Number of uncertain figures drawn per sample.
    pub uncertain: usize,
    /// Per node, by index.
    pub nodes: Vec<NodeSummary>,
    /// 5th percentile of the total loss.
    pub total_loss_p5: f64,
    /// Median total loss.
    pub total_loss_p50: f64,
    /// 95th percentile of the total loss.
    pub total_loss_p95: f64,
}

/// One uncertain figure: where it lives and its range and mode.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Edge(usize),
    Node(usize, Figure),
}

/// A node figure that can carry a range.
#[derive(Debug, Clone, Copy)]
enum Figure {
    Buffer,
    ExternalAssets,
    ExternalLiabilities,
    Value,
}

impl Figure {
    const ALL: [Figure; 4] = [
        Figure::Buffer,
        Figure::ExternalAssets,
        Figure::ExternalLiabilities,
        Figure::Value,
    ];

    fn of(self, f: &NodeFigures) -> Option<f64> {
        match self {
            Figure::Buffer => f.buffer,
            Figure::ExternalAssets => f.external_assets,
            Figure::ExternalLiabilities => f.external_liabilities,
            Figure::Value => f.value,
        }
    }

    fn bound(self, b: &crate::model::FigureBounds) -> Option<f64> {
        match self {
            Figure::Buffer => b.buffer,
            Figure::ExternalAssets => b.external_assets,
            Figure::ExternalLiabilities => b.external_liabilities,
            Figure::Value => b.value,
        }
    }

    fn set(self, f: &mut NodeFigures, x: f64) {
        let slot = match self {
            Figure::Buffer => &mut f.buffer,
            Figure::ExternalAssets => &mut f.external_assets,
            Figure::ExternalLiabilities => &mut f.external_liabilities,
            Figure::Value => &mut f.value,
        };
        *slot = Some(x);
    }
}

#[derive(Debug, Clone, Copy)]
struct Range {
    slot: Slot,
    low: f64,
    mode: f64,
    high: f64,
}

fn ranges(net: &Network) -> Vec<Range> {
    let mut out = Vec::new();
    for e in net.edges() {
        if let Some(m) = net.edge_meta(e.index) {
            if m.low.is_some() || m.high.is_some() {
                let (lo, hi) = (m.low.unwrap_or(e.amount), m.high.unwrap_or(e.amount));
                if hi > lo {
                    out.push(Range {
                        slot: Slot::Edge(e.index.index()),
                        low: lo,
                        mode: e.amount,
                        high: hi,
                    });
                }
            }
        }
    }
    for i in 0..net.node_count() {
        let Some(m) = net.node_meta(i) else { continue };
        let f = net.figures(i);
        for k in Figure::ALL {
            let Some(v) = k.of(&f) else { continue };
            let (lo, hi) = (
                m.low.as_ref().and_then(|b| k.bound(b)),
                m.high.as_ref().and_then(|b| k.bound(b)),
            );
            if lo.is_some() || hi.is_some() {
                let (lo, hi) = (lo.unwrap_or(v), hi.unwrap_or(v));
                if hi > lo {
                    out.push(Range {
                        slot: Slot::Node(i, k),
                        low: lo,
                        mode: v,
                        high: hi,
                    });
                }
            }
        }
    }
    out
}

/// Seed of draw `s`: splitmix64 of the seed and the draw number.
fn draw_seed(seed: u64, s: u64) -> u64 {
    let mut z = seed ^ s.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `p`-th percentile (0..=1) of sorted values, linear interpolation.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = p * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Runs the shock on `samples` draws of the uncertain figures.
///
/// # Errors
/// `samples` of 0; the shock's own errors.
pub fn sample(
    net: &Network,
    model: Model,
    shocks: &[Shock],
    params: &Params,
    config: SampleConfig,
) -> Result<SampleSummary> {
    sample_with_progress(net, model, shocks, params, config, &super::no_progress)
}

/// [`sample`], calling `progress(draws done, samples)` after each draw.
///
/// # Errors
/// As [`sample`].
pub fn sample_with_progress(
    net: &Network,
    model: Model,
    shocks: &[Shock],
    params: &Params,
    config: SampleConfig,
    progress: super::Progress<'_>,
) -> Result<SampleSummary> {
    let all: Vec<usize> = (0..config.samples).collect();
    let d = draws(net, model, shocks, params, config, &all, progress)?;
    Ok(summarize(
        net.node_count(),
        config,
        uncertain_figures(net),
        &d,
    ))
}

/// How many figures of the graph carry a range (`low` < `high`) and are drawn per sample.
#[must_use]
pub fn uncertain_figures(net: &Network) -> usize {
    ranges(net).len()
}

/// What one draw leaves for the summary: the figures its percentiles and default
/// probabilities need, kept sparse.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    /// The draw's number, 0..samples: its figures are drawn from `(seed, draw)` alone.
    pub draw: usize,
    /// Every node whose loss is not `+0.0`, with its loss, by index.
    pub losses: Vec<(u32, f64)>,
    /// The nodes that end defaulted, by index.
    pub defaulted: Vec<u32>,
    /// The total loss of the draw.
    pub total_loss: f64,
}

/// Runs the draws `which` (numbers below `config.samples`) of [`sample`]: draw `s` is the same
/// whichever call (or shard) runs it.
///
/// # Errors
/// As [`sample`].
pub fn draws(
    net: &Network,
    model: Model,
    shocks: &[Shock],
    params: &Params,
    config: SampleConfig,
    which: &[usize],
    progress: super::Progress<'_>,
) -> Result<Vec<Draw>> {
    let SampleConfig {
        samples,
        seed,
        dist,
    } = config;
    if samples == 0 || samples > MAX_SAMPLES {
        return Err(Error::param(
            Param::Samples,
            format!("{samples} is not between 1 and {MAX_SAMPLES}"),
            Some("1000 draws give stable 5th and 95th percentiles"),
        ));
    }
    assert!(which.iter().all(|&s| s < samples), "draws below `samples`");
    let rs = ranges(net);
    let params = params.with_trace(Trace::Off);
    let base_amounts: Vec<f64> = net.edges().map(|e| e.amount).collect();
    let base_figures: Vec<NodeFigures> = (0..net.node_count()).map(|i| net.figures(i)).collect();
    let done = AtomicUsize::new(0);
    if rs.is_empty() {
        // Every draw shocks `net` itself: its caches are built once, before the parallel loop.
        shock::prepare(net, model);
    }
    which
        .par_iter()
        .map(|&s| {
            let mut rng = ChaCha8Rng::seed_from_u64(draw_seed(seed, s as u64));
            let mut amounts = base_amounts.clone();
            let mut figures = base_figures.clone();
            for r in &rs {
                let x = match dist {
                    Dist::Uniform => rng.random_range(r.low..=r.high),
                    Dist::Triangular => rand_distr::Triangular::new(r.low, r.high, r.mode)
                        .expect("low <= mode <= high is validated on load")
                        .sample(&mut rng),
                };
                match r.slot {
                    Slot::Edge(e) => amounts[e] = x,
                    Slot::Node(i, k) => k.set(&mut figures[i], x),
                }
            }
            let drawn = if rs.is_empty() {
                None
            } else {
                Some(net.with_figures(&amounts, &figures).map_err(|r| {
                    Error::param(
                        Param::Samples,
                        format!("a drawn figure is invalid: {}", r.message),
                        None,
                    )
                })?)
            };
            let g = drawn.as_ref().unwrap_or(net);
            let r = shock::run(g, model, shocks, &params)?;
            let t = r.totals(g);
            let losses = (0..r.loss.len())
                .filter(|&i| r.loss[i].to_bits() != 0)
                .map(|i| (i as u32, r.loss[i]))
                .collect();
            let defaulted = (0..r.state.len())
                .filter(|&i| r.state[i] == State::Defaulted)
                .map(|i| i as u32)
                .collect();
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, which.len());
            Ok(Draw {
                draw: s,
                losses,
                defaulted,
                total_loss: t.total_loss,
            })
        })
        .collect()
}

/// The summary of all `config.samples` draws of a graph of `n` nodes with `uncertain`
/// uncertain figures ([`uncertain_figures`]), the draws in any order (the percentiles sort
/// each node's losses; a node missing from a draw's `losses` lost `+0.0`).
#[must_use]
pub fn summarize(
    n: usize,
    config: SampleConfig,
    uncertain: usize,
    draws: &[Draw],
) -> SampleSummary {
    let samples = draws.len();
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut defaults = vec![0usize; n];
    for d in draws {
        for &(i, x) in &d.losses {
            columns[i as usize].push(x);
        }
        for &i in &d.defaulted {
            defaults[i as usize] += 1;
        }
    }
    let mut column = Vec::with_capacity(samples);
    let nodes = columns
        .iter()
        .zip(defaults)
        .map(|(losses, defaults)| {
            column.clear();
            column.extend_from_slice(losses);
            column.resize(samples, 0.0);
            column.sort_by(f64::total_cmp);
            NodeSummary {
                loss_p5: percentile(&column, 0.05),
                loss_p50: percentile(&column, 0.5),
                loss_p95: percentile(&column, 0.95),
                default_probability: defaults as f64 / samples as f64,
            }
        })
        .collect();
    let mut totals: Vec<f64> = draws.iter().map(|d| d.total_loss).collect();
    totals.sort_by(f64::total_cmp);
    SampleSummary {
        samples: config.samples,
        seed: config.seed,
        uncertain,
        nodes,
        total_loss_p5: percentile(&totals, 0.05),
        total_loss_p50: percentile(&totals, 0.5),
        total_loss_p95: percentile(&totals, 0.95),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net() -> Network {
        crate::io::json::parse(
            r#"{"nodes":[{"id":"x","buffer":10},{"id":"a","buffer":5,"low":{"buffer":4},"high":{"buffer":8}}],
                "edges":[{"from":"x","to":"a","amount":6,"low":2,"high":10}]}"#,
            "t",
        )
        .unwrap()
    }

    #[test]
    fn percentiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&v, 0.5), 2.5);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert!((percentile(&v, 0.05) - 1.15).abs() < 1e-15);
    }

    #[test]
    fn draws_stay_in_range_and_are_deterministic() {
        let g = net();
        let shocks = [Shock::new(
            crate::model::NodeId::new(0),
            crate::shock::Haircut::FULL,
        )];
        let a = sample(
            &g,
            Model::DebtRank,
            &shocks,
            &Params::default(),
            SampleConfig {
                samples: 200,
                seed: 7,
                dist: Dist::Uniform,
            },
        )
        .unwrap();
        assert_eq!(a.uncertain, 2);
        // a's loss is min(buffer, amount) with amount in [2, 10] and buffer in [4, 8].
        let s = a.nodes[1];
        assert!(s.loss_p5 >= 2.0 && s.loss_p95 <= 8.0, "{s:?}");
        assert!(s.default_probability > 0.0 && s.default_probability < 1.0);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = pool
            .install(|| {
                sample(
                    &g,
                    Model::DebtRank,
                    &shocks,
                    &Params::default(),
                    SampleConfig {
                        samples: 200,
                        seed: 7,
                        dist: Dist::Uniform,
                    },
                )
            })
            .unwrap();
        assert_eq!(a, b, "same seed, one thread or many");
        let c = sample(
            &g,
            Model::DebtRank,
            &shocks,
            &Params::default(),
            SampleConfig {
                samples: 200,
                seed: 8,
                dist: Dist::Triangular,
            },
        )
        .unwrap();
        assert_ne!(a, c);
    }
}
