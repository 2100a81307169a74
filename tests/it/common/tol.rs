//! Named tolerances of the integration tests. Each comparison says which one it uses, so the
//! strictness of every check can be read (and reviewed) in one place. Changing a value here
//! loosens or tightens every check that uses it: do not, without a reason in the commit message.

/// Independent reference values: the shock cases of `tests/reference/shock/` (exact fractions,
/// R packages) and the NetworkX centralities of `tests/reference/centrality/`, compared relative
/// to the size of the value (`|got - want| <= REFERENCE * (1 + |want|)` for shocks,
/// `|got - want| / max(|want|, 1) <= REFERENCE` for centralities).
pub const REFERENCE: f64 = 1e-9;

/// The summed edge weights of a centrality reference graph against the graph we load (both are
/// read from decimal text): relative to `max(|w|, 1)`.
pub const REFERENCE_EDGES: f64 = 1e-12;

/// Figures published to 7 significant digits (the `NetworkRiskMeasures` README's DebtRank of its
/// 3-bank example): half a unit in the last published digit.
pub const PUBLISHED_7_DIGITS: f64 = 5e-8;

/// A figure with a closed form, or the same sum taken in another order: only rounding apart
/// (vulnerability as a mean of distresses, the seed article's backlog share 1048/2091).
pub const ANALYTIC: f64 = 1e-15;

/// The two directions of the linear (Neumann-series) exposure, `exposure_of` and `exposure_to`,
/// solved separately: `|a - b| <= LINEAR_SERIES * (1 + |a|)`.
pub const LINEAR_SERIES: f64 = 1e-9;

/// PageRank scores, printed as JSON and summed back: within this of 1.
pub const PAGERANK_SUM: f64 = 1e-12;

/// Slack when one run's distress (in [0, 1]) must not exceed another's: monotonicity in the
/// haircut, classic DebtRank below differential DebtRank.
pub const ORDER_DISTRESS: f64 = 1e-12;

/// Slack when one run's losses (graph units) must not exceed another's: monotonicity in the
/// haircut, per node and summed.
pub const ORDER_LOSS: f64 = 1e-9;

/// Slack on "a cascade model never takes more than the buffer" (graph units).
pub const BUFFER_CAP: f64 = 1e-12;

/// The same random graph with its nodes and edges listed in another order: distress, impact and
/// (relative to `1 + |total|`) total loss agree to this.
pub const RELABEL: f64 = 1e-9;

/// The Eisenberg–Noe payment vector is a fixed point of the clearing map, checked by applying
/// the map once more: `|phi(p) - p| <= FIXED_POINT * (1 + pbar)` per node.
pub const FIXED_POINT: f64 = 1e-9;

/// The Eisenberg–Noe payment vector is the greatest fixed point: plain iteration of the clearing
/// map from `pbar` (stopped by [`PLAIN_ITERATION_STOP`]) lands within
/// `GREATEST_FIXED_POINT * (1 + pbar)` of it.
pub const GREATEST_FIXED_POINT: f64 = 1e-7;

/// The test's own plain iteration of the clearing map stops when no payment moves by this much.
pub const PLAIN_ITERATION_STOP: f64 = 1e-15;

/// Sampling: the median of 500 triangular draws on [2, 10] with mode 6 lies within this of 6.
pub const SAMPLED_MEDIAN: f64 = 0.5;
