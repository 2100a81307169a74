//! shockgraph's integration tests, in one test binary (one link instead of one per file):
//! `cargo test --test it`, narrowed by module path, e.g. `cargo test --test it cli::` or
//! `cargo test --test it snapshots_cli`. Shared helpers live in `common/`, the named tolerances
//! of every numerical comparison in `common/tol.rs`, insta snapshots in `snapshots/`.

mod common;

// Bases and sensitivity flags (--basis, --recovery, --buffer, --value, --drop, ...).
mod adjust;

// Exposure, concentration and rank: known answers, the published interbank example, threads.
mod analysis;
// Every centrality measure against the NetworkX 3.6.1 reference files, and its command line.
mod centrality_reference;
// Sampled betweenness: NetworkX's k= with the same pivots, K >= n exact, seeds, --samples.
mod sampled_betweenness;
// The command line: outputs of every command (default graph, exports, analysis commands).
mod cli;
// The command line's bad-input cases (exit 2, a message naming the problem, no partial file).
mod cli_bad_input;
// `graph diff`: a fixture pair with every kind of change, a graph against itself, bad inputs.
mod diff;
// Issue 13 regressions: outputs never replace devices or inputs; overflowing totals refused.
mod hardening;
// Issue 13, input side: duplicate JSON keys, unbounded inputs, `--graph -`.
mod strict_input;
// The default graph: cited facts exist, headline shock and stall, no dominant node, rank top 5.
mod default_graph;
// Edge shocks: a node shock equals its edge-shock form (proptest), hand-checked cases.
mod edge_shocks;
// `graph sweep --edge` and `graph tipping --edge`: hand-checked curves and tipping points.
mod edge_whatif;
// Issue 13: --samples/--steps limits and --force, progress bars and --quiet, SVG without
// Graphviz, tables and the terminal width.
mod limits;
// No NaN, inf or null for a number with exit 0; amounts near the limit; small figures readable.
mod finiteness;
// The JSON Schema in docs/ is in sync, the DOT export snapshot, the embedded default graph.
mod formats;
// The credit-layer fields (schedule, notice_months, market_value, funding): validation messages,
// old files unchanged, `graph validate` warnings.
mod format_v2;
// GraphML, GEXF and node-link JSON: round trips, hostile text, bad files, export and load.
mod interchange;
// Structure-aware fuzzing on stable (seeded, bounded): loaders, models and a few CLI runs.
mod fuzz;
// Issue 13, item 7: completions, man page, `shockgraph`, the help's example files, info CSV as
// nodes file, a BOM in JSON.
mod newcomer;
// Property tests (proptest) of the shock models and of the JSON round trip.
mod properties;
// `graph report`: the self-contained HTML page, its escaping, the pictures in docs/img/.
mod report;
// `graph report` in headless Chromium: no console message, tables and figures, inert markup.
mod report_browser;
// The independent shock reference cases of tests/reference/shock/, reproduced to 1e-9.
mod shock_reference;
// The growth-stall reference cases of tests/reference/stall/, reproduced to 1e-9.
mod stall_reference;
// Growth stalls on random graphs: lower growth never helps, pro-rata <= default, funded = no shock.
mod stall_properties;
// graph stall on the command line: scenarios and flags, several nodes drawn, bad years.
mod stall_cli;
// The section-5 reference cases of tests/reference/shock/cases_v2/ (edge shocks), to 1e-9.
mod reference_v2;
// The JSON Schema carries the rules of `validate` it can express (issue 13, item 5).
mod schema_constraints;
// Sharded ranking and sampling (--shard K/N) and `graph merge`: byte-identical merges, refusals.
mod shard;
// Snapshots (insta-cmd) of every command x output format, --help and error output.
mod snapshots_cli;
// Sweeps, tipping points and uncertainty sampling against `graph shock`.
mod whatif;
