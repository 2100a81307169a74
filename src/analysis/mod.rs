//! Compositions of the engines: what a question about the whole graph needs.
//!
//! | question | function | built on |
//! |---|---|---|
//! | how much does each node's failure cost the system? | [`impact::sweep`] | one shock per node |
//! | which nodes are systemically important? | [`rank`] | [`impact::sweep`] + centralities |
//! | how do losses grow with the haircut? | [`sweep`] | shocks at equal steps |
//! | how large a shock tips a node into default? | [`tipping`] | bisection on shocks |
//! | how sure are the losses, given the figures' ranges? | [`sample`] | shocks on drawn figures |
//! | how to split a ranking or a sampling over machines? | [`shard`] | slices of sources or draws, merged exactly |
//! | who is exposed to a node, and to whom is it exposed? | [`exposure()`] | a shock, a Neumann series, strongest paths |
//! | how concentrated are claims? | [`per_node`], [`group`] | the claims of the graph |
//! | what happens, year by year, if a node's growth stalls? | [`stall()`] | a payment [`waterfall`](waterfall::waterfall) + a shock per year |
//! | how does one graph differ from another? | [`diff()`] | matching by id and edge key + a shock on each |
//! | what does a graph hold? | [`summary()`] | counts, totals, feedback loops |
//!
//! Every function here is deterministic: lists are ordered with ties broken by id, and the
//! parallel ones give the same result on any number of threads.
//!
//! The long-running ones have a `_with_progress` form taking a [`Progress`] hook, which a
//! front end turns into a progress bar; the hook only observes, so the result is the same
//! with or without it.

/// A progress hook: called as `progress(done, total)` with the units of work done so far and
/// their total (shocks, draws, years), from any thread, in no particular order between threads.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// The [`Progress`] hook that reports nothing.
pub fn no_progress(_done: usize, _total: usize) {}

pub mod concentration;
pub mod diff;
pub mod exposure;
pub mod impact;
mod rank;
pub mod scenario_report;
pub mod shard;
pub mod stall;
pub mod summary;
mod uncertainty;
pub mod waterfall;
mod whatif;

pub use concentration::{group, per_node, GroupConcentration, HolderShare, NodeConcentration};
pub use diff::{diff, Diff, DiffOptions};
pub use exposure::{exposure, Direction, Exposure, ExposureRow};
pub use impact::SweepRow;
pub use rank::{
    assemble, betweenness_samples, centrality_columns, rank, Centralities, CentralityColumns,
    RankRow, Ranking, SortBy, BETWEENNESS_LIMIT, MIN_BETWEENNESS_SAMPLES,
};
pub use scenario_report::{ScenarioOptions, ScenarioReport};
pub use shard::{Fingerprint, RankShard, SampleShard, Shard};
pub use stall::{
    scenario_specs, stall, stall_all, stall_all_with_progress, Stall, StallEdge, StallYear,
};
pub use summary::{summary, EdgeEntry, FeedbackLoop, KindTotal, NodeTotals, Summary};
pub use uncertainty::{
    draws, sample, sample_with_progress, summarize, uncertain_figures, Dist, Draw, NodeSummary,
    SampleConfig, SampleSummary, MAX_SAMPLES,
};
pub use waterfall::{Growth, Policy, StallSpec, WaterYear, Waterfall};
pub use whatif::{
    sweep, sweep_with, sweep_with_progress, tipping, tipping_with, tipping_with_progress, Curve,
    EdgeCurve, Lever, SweepPoint, Target, Tipping, MAX_STEPS, TARGET_HINT, TIPPING_RUNS,
    TIPPING_TOLERANCE,
};
