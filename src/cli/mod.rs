//! Command-line interface: clap definitions and one file per subcommand. Each subcommand
//! parses its arguments, calls the library and hands the rendered output to [`emit`].

#![allow(
    clippy::doc_markdown,
    reason = "the doc comments of the clap types are the --help text, written for a terminal"
)]

mod adjust;
mod centrality;
mod completions;
mod concentration;
mod diff;
pub mod entry;
pub mod error;
mod export;
mod exposure;
mod info;
mod limits;
mod merge;
mod progress;
mod rank;
mod report;
mod scenarios;
mod schema;
mod shock;
mod stall;
mod sweep;
mod terminal;
mod tipping;
mod validate;
mod values;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, Parser, Subcommand, ValueEnum};
use shockgraph::{io, Error, Network, Result};

pub use error::{usage, CliError, CliResult};

const EXAMPLES: &str = "\
Examples:
  graph shock --node openai --haircut 0.5       who loses what if OpenAI's growth stalls
  graph shock --node openai --haircut 0.5 --format json
  graph stall --graph examples/data/stall.json --node lab --growth 0
                                                year by year, if a lab's revenue stops growing
  graph info                                    what the embedded graph holds
  graph diff snapshot-2025-12 default           how the graph grew since December 2025
  graph export --format dot | dot -Tsvg > g.svg the graph as a diagram
  graph validate examples/data/my-graph.json    check a graph file, listing every problem
  graph shock --graph examples/data/edges.csv --nodes examples/data/nodes.csv --node n1 --haircut 1

Without --graph every command runs on the embedded graph of the AI-infrastructure economy
(graphs/ai-infra-2026.json); the files of these examples are in examples/data/. Exit codes: 0 success, 1 failure while running, 2 bad input or usage.";

/// shockgraph: who loses what when a node of a commitment network stalls.
#[derive(Debug, Parser)]
#[command(
    name = "graph",
    version,
    about = "Dependency-graph analysis: shock propagation (DebtRank, threshold cascades, Eisenberg–Noe) on weighted graphs of commitments",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after the subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// Graph file: `.json` (shockgraph/1 or NetworkX node-link), `.graphml` or `.csv` (edge
    /// list); `-` reads standard input. Default: the embedded AI-infrastructure graph.
    #[arg(long, global = true, value_name = "FILE")]
    pub graph: Option<PathBuf>,
    /// Nodes CSV to go with a CSV edge list (id plus any of label, kind, buffer,
    /// external_assets, external_liabilities, value); `-` reads standard input.
    #[arg(long, global = true, value_name = "FILE")]
    pub nodes: Option<PathBuf>,
    /// Output format (table, json, csv; export: dot, svg, json, csv).
    #[arg(long, global = true, value_enum)]
    pub format: Option<OutFormat>,
    /// Write the output to FILE instead of standard output (a regular file whole or not at
    /// all; devices and FIFOs directly; `-` is standard output).
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Basis of buffers and equity stakes: book (buffer; stakes at carrying amount) or market
    /// (every buffer := the node's value; stakes at market_value).
    /// [default: book, or the scenario's]
    #[arg(long, global = true, value_enum, help_heading = SENSITIVITY)]
    pub basis: Option<adjust::BasisArg>,
    /// Set the recovery of every edge of KIND (or of all edges: all=R) to R in [0, 1]
    /// (repeatable; a kind's own figure wins over all=).
    #[arg(long, global = true, value_name = "KIND=R", help_heading = SENSITIVITY)]
    pub recovery: Vec<String>,
    /// Set node ID's buffer to B (repeatable; with --basis market only for a node without a
    /// value).
    #[arg(long, global = true, value_name = "ID=B", help_heading = SENSITIVITY)]
    pub buffer: Vec<String>,
    /// Set node ID's value to V (repeatable; with --basis market also its buffer).
    #[arg(long, global = true, value_name = "ID=V", help_heading = SENSITIVITY)]
    pub value: Vec<String>,
    /// Leave out node ID and every edge at it (repeatable).
    #[arg(long, global = true, value_name = "ID", help_heading = SENSITIVITY)]
    pub drop: Vec<String>,
    /// Leave out the edges FROM -> TO as written (only those of KIND if given; repeatable).
    #[arg(long, global = true, value_name = "FROM:TO[:KIND]", help_heading = SENSITIVITY)]
    pub drop_edge: Vec<String>,
    /// Keep only edges with a source of this status or stronger (firm > reported > estimate >
    /// assumption); edges without sources are left out.
    #[arg(long, global = true, value_enum, help_heading = SENSITIVITY)]
    pub min_status: Option<adjust::StatusArg>,
    /// Run counts above the documented limits (--samples, --steps, --max-iter; docs/cli.md),
    /// which can take minutes or gigabytes.
    #[arg(long, global = true)]
    pub force: bool,
    /// No progress bar and no warnings on standard error (errors are still printed).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

impl Global {
    /// Prints a non-essential note (a warning whose content the output also holds) to standard
    /// error, unless --quiet.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("warning: {text}");
            }
        }
    }
}

/// Help heading of the basis and sensitivity flags.
const SENSITIVITY: &str = "Basis and sensitivity (applied in this order: drops and --min-status, then --recovery/--buffer/--value, then --basis)";

/// Every output format a command may accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// Human-readable table.
    Table,
    /// JSON.
    Json,
    /// CSV with a header row.
    Csv,
    /// Graphviz DOT (export).
    Dot,
    /// SVG rendered by Graphviz `dot` (export).
    Svg,
    /// GraphML with every node and edge attribute (export; NetworkX, Gephi).
    Graphml,
    /// GEXF 1.3 with nodes coloured by kind (export; Gephi).
    Gexf,
    /// NetworkX node-link JSON (export; `nx.node_link_graph(data, edges="edges")`).
    NodeLink,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a shock: who loses what, round by round, if nodes' growth stalls.
    Shock(shock::ShockCmd),
    /// Node and edge counts, totals, largest edges and each node's exposure.
    Info(info::InfoCmd),
    /// Check a graph file and report every problem (exit 0 only when valid).
    Validate(validate::ValidateCmd),
    /// Write the graph as DOT, SVG, JSON (normalised) or CSV (edge list).
    Export(export::ExportCmd),
    /// Who is exposed to a node, directly and through cascades (or, --reverse, what it is
    /// exposed to).
    Exposure(exposure::ExposureCmd),
    /// Concentration of claims: largest counterparty's share and HHI; group shares.
    Concentration(concentration::ConcentrationCmd),
    /// Systemic importance of every node: impact of its failure, vulnerability, centralities.
    Rank(rank::RankCmd),
    /// A node's growth stalls: year by year, what it pays, who loses what, through which
    /// contracts.
    Stall(stall::StallCmd),
    /// Sweep the haircut on nodes from 0 to 1: total loss, impact, distressed and defaulted.
    Sweep(sweep::SweepCmd),
    /// Reverse stress test: the smallest haircut on a node that tips a target into default.
    Tipping(tipping::TippingCmd),
    /// One self-contained HTML report of a shock: scenario, diagram, tables, sweep plots,
    /// concentration and sources (opens offline).
    Report(report::ReportCmd),
    /// Compare two graphs: nodes and edges added, removed and changed; a shock on both.
    Diff(diff::DiffCmd),
    /// Combine the shard files of `rank --shard K/N` (or `shock --samples S --shard K/N`) into
    /// the unsharded output.
    Merge(merge::MergeCmd),
    /// Print the JSON Schema of the graph file format.
    Schema(schema::SchemaCmd),
    /// Centrality of every node (degree, PageRank, Katz, HITS, betweenness...), as NetworkX has it.
    Centrality(centrality::CentralityCmd),
    /// The scenario library embedded in the binary, one line each (--scenario takes the names).
    Scenarios(scenarios::ScenariosCmd),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    Completions(completions::CompletionsCmd),
    /// Print the man page (roff): of the command line, or of one command.
    Man(completions::ManCmd),
}

/// Runs the parsed command; returns the exit code.
pub fn run(cli: &Cli) -> CliResult<i32> {
    cli.check_outputs()?;
    shockgraph::report::set_table_width(terminal::table_width(&cli.global));
    let name = match cli.command {
        Command::Validate(_) => Some("validate"),
        Command::Schema(_) => Some("schema"),
        Command::Scenarios(_) => Some("scenarios"),
        Command::Completions(_) => Some("completions"),
        Command::Man(_) => Some("man"),
        Command::Merge(_) => Some("merge"),
        _ => None,
    };
    if let Some(name) = name {
        if !adjust::adjustments(&cli.global)?.is_identity() {
            return Err(usage(
                "--basis/--recovery/--buffer/--value/--drop/--drop-edge/--min-status",
                format!("`graph {name}` does not load a graph to adjust"),
                Some("the basis and sensitivity flags apply to the commands that analyse a graph (shock, info, rank, ...)"),
            ));
        }
    }
    EXPORT_COMMAND.store(matches!(cli.command, Command::Export(_)), Ordering::Relaxed);
    TABLE_COMMAND.store(
        !matches!(
            cli.command,
            Command::Export(_)
                | Command::Report(_)
                | Command::Schema(_)
                | Command::Completions(_)
                | Command::Man(_)
        ),
        Ordering::Relaxed,
    );
    match &cli.command {
        Command::Shock(c) => c.run(&cli.global),
        Command::Info(c) => c.run(&cli.global),
        Command::Validate(c) => c.run(&cli.global),
        Command::Export(c) => c.run(&cli.global),
        Command::Exposure(c) => c.run(&cli.global),
        Command::Concentration(c) => c.run(&cli.global),
        Command::Rank(c) => c.run(&cli.global),
        Command::Stall(c) => c.run(&cli.global),
        Command::Sweep(c) => c.run(&cli.global),
        Command::Tipping(c) => c.run(&cli.global),
        Command::Report(c) => c.run(&cli.global),
        Command::Schema(c) => c.run(&cli.global),
        Command::Centrality(c) => c.run(&cli.global),
        Command::Scenarios(c) => c.run(&cli.global),
        Command::Diff(c) => c.run(&cli.global),
        Command::Merge(c) => c.run(&cli.global),
        Command::Completions(c) => c.run(&cli.global),
        Command::Man(c) => c.run(&cli.global),
    }
}

/// Loads the graph named by the global options, with the basis and sensitivity flags applied
/// (`docs/model.md` 5.1 and 5.6): the one place graphs are loaded, so every command that reads
/// a graph takes them.
pub fn load(g: &Global) -> CliResult<Network> {
    load_for(g, None)
}

/// As [`load`], with a scenario's `basis` and `overrides` applied under the flags: a flag's
/// basis wins over the scenario's, and a flag's override replaces the scenario's for the same
/// node or kind; the scenario's other overrides, drops and `min_status` stay.
pub fn load_for(g: &Global, sc: Option<&shockgraph::io::scenario::Scenario>) -> CliResult<Network> {
    let mut adj = adjust::adjustments(g)?;
    if let Some(sc) = sc {
        let from = sc.adjustments()?;
        if g.basis.is_none() {
            adj.basis = from.basis;
        }
        under(&mut adj.recovery, from.recovery);
        under(&mut adj.buffer, from.buffer);
        under(&mut adj.value, from.value);
        for id in from.drop {
            if !adj.drop.contains(&id) {
                adj.drop.push(id);
            }
        }
        for e in from.drop_edge {
            if !adj.drop_edge.contains(&e) {
                adj.drop_edge.push(e);
            }
        }
        adj.min_status = adj.min_status.or(from.min_status);
    }
    let net = io::load(g.graph.as_deref(), g.nodes.as_deref())?;
    if adj.is_identity() {
        return Ok(net);
    }
    Ok(net.adjusted(&adj)?)
}

/// Puts a scenario's `(key, figure)` overrides under the flags': the scenario's entries for
/// keys the flags also give are dropped, the others come first.
fn under(flags: &mut Vec<(String, f64)>, scenario: Vec<(String, f64)>) {
    let mut merged: Vec<(String, f64)> = scenario
        .into_iter()
        .filter(|(k, _)| flags.iter().all(|(f, _)| f != k))
        .collect();
    merged.append(flags);
    *flags = merged;
}

/// The report format from `--format`, refusing the ones the command does not have.
pub fn report_format(g: &Global, command: &str) -> CliResult<shockgraph::report::Format> {
    use shockgraph::report::Format;
    match g.format {
        None | Some(OutFormat::Table) => Ok(Format::Table),
        Some(OutFormat::Json) => Ok(Format::Json),
        Some(OutFormat::Csv) => Ok(Format::Csv),
        Some(f) => Err(usage(
            "--format",
            format!("`graph {command}` writes table, json or csv, not {f:?}").to_lowercase(),
            Some("dot and svg are formats of `graph export` (or use `graph shock --dot FILE`)"),
        )),
    }
}

/// Whether the running command is `graph export` (its CSV is data to load back), set once by
/// [`run`].
static EXPORT_COMMAND: AtomicBool = AtomicBool::new(false);

/// Whether the running command's default output is a terminal table (not DOT, HTML or the
/// schema), set once by [`run`].
static TABLE_COMMAND: AtomicBool = AtomicBool::new(false);

/// Longest line of a table, in bytes, before it is cut with "(N more bytes)".
const MAX_TABLE_LINE: usize = 4096;

/// Writes `bytes` to `--output` or to standard output. Tables (and the other text meant for a
/// terminal) have their control characters escaped and overlong lines cut first; JSON and CSV
/// are written as they are (JSON escapes control characters itself).
///
/// The finiteness guard of every output is here: a non-finite figure noted while the output
/// was formatted (`report::finite`), or one in a CSV's numeric column, fails the run (exit 1)
/// naming the figure, and nothing is written.
pub fn emit(g: &Global, bytes: &[u8]) -> Result<()> {
    let csv_text = matches!(g.format, Some(OutFormat::Csv))
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten();
    if let Some(nf) = shockgraph::report::finite::take()
        .or_else(|| csv_text.and_then(shockgraph::report::finite::find_in_csv))
    {
        return Err(Error::NonFinite {
            figure: nf.place,
            value: nf.value,
        });
    }
    let table =
        TABLE_COMMAND.load(Ordering::Relaxed) && matches!(g.format, None | Some(OutFormat::Table));
    // Reports' CSV is made spreadsheet-safe; `graph export --format csv` is interchange data
    // that loads back, so it is written as it is.
    let csv = matches!(g.format, Some(OutFormat::Csv)) && !EXPORT_COMMAND.load(Ordering::Relaxed);
    let safe: std::borrow::Cow<'_, str>;
    let bytes = match std::str::from_utf8(bytes) {
        Ok(text) if table => {
            safe = shockgraph::report::text::terminal_safe(text, MAX_TABLE_LINE).into();
            safe.as_bytes()
        }
        Ok(text) if csv => {
            safe = shockgraph::report::text::csv_formula_safe(text);
            safe.as_bytes()
        }
        _ => bytes,
    };
    match &g.output {
        Some(path) => write_file(path, bytes),
        None => write_file(std::path::Path::new("-"), bytes),
    }
}

/// Writes what `fill` produces to `-o` (standard output without it) while it is produced, for
/// outputs too big to hold as one string (`graph export --format json|csv` of a big graph). The
/// same conventions as [`emit`] for where it goes; `fill` writes data that needs no terminal or
/// spreadsheet escaping.
pub fn emit_stream(
    g: &Global,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    if let Some(nf) = shockgraph::report::finite::take() {
        return Err(Error::NonFinite {
            figure: nf.place,
            value: nf.value,
        });
    }
    write_stream(
        g.output.as_deref().unwrap_or(std::path::Path::new("-")),
        fill,
    )
}

/// Writes what `fill` produces to `path` (`-` for standard output) while it is produced,
/// through [`io::output::write_output`].
pub fn write_stream(
    path: &std::path::Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    io::output::write_output(path, |w| {
        fill(w).map_err(|source| Error::Io {
            action: "write",
            path: if io::output::is_stdout(path) {
                PathBuf::from("<stdout>")
            } else {
                path.to_path_buf()
            },
            source,
        })
    })
}

/// Writes an output file (`-` for standard output) through [`io::output::write_output`]:
/// regular files atomically, devices and FIFOs directly.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    write_stream(path, |w| w.write_all(bytes))
}

impl Cli {
    /// Every output file of the command line, with the flag that names it.
    fn outputs(&self) -> Vec<(&'static str, &std::path::Path)> {
        let mut v = Vec::new();
        if let Some(p) = &self.global.output {
            v.push(("--output", p.as_path()));
        }
        match &self.command {
            Command::Shock(c) => {
                if let Some(p) = &c.dot {
                    v.push(("--dot", p.as_path()));
                }
                if let Some(p) = &c.svg {
                    v.push(("--svg", p.as_path()));
                }
            }
            Command::Sweep(c) => {
                if let Some(p) = &c.plot {
                    v.push(("--plot", p.as_path()));
                }
            }
            Command::Stall(c) => {
                for (flag, p) in [("--svg", &c.svg), ("--dot", &c.dot), ("--plot", &c.plot)] {
                    if let Some(p) = p {
                        v.push((flag, p.as_path()));
                    }
                }
            }
            Command::Export(c) => {
                if let Some(p) = &c.nodes_out {
                    v.push(("--nodes-out", p.as_path()));
                }
            }
            _ => {}
        }
        v
    }

    /// Every input file of the command line.
    fn inputs(&self) -> Vec<&std::path::Path> {
        let mut v: Vec<&std::path::Path> = Vec::new();
        v.extend(self.global.graph.as_deref());
        v.extend(self.global.nodes.as_deref());
        match &self.command {
            Command::Shock(c) => v.extend(c.shock.scenario.as_deref()),
            Command::Export(c) => v.extend(c.shock.scenario.as_deref()),
            Command::Report(c) => v.extend(c.shock.scenario.as_deref()),
            Command::Validate(c) => v.extend(c.file.as_deref()),
            Command::Stall(c) => v.extend(c.scenario.as_deref()),
            Command::Diff(c) => v.extend(c.input_paths()),
            Command::Merge(c) => v.extend(c.input_paths()),
            _ => {}
        }
        v
    }

    /// Refuses, before anything is read or written, an output that is one of the inputs or
    /// that another output flag also names.
    fn check_outputs(&self) -> CliResult<()> {
        let outs = self.outputs();
        let paths: Vec<&std::path::Path> = outs.iter().map(|o| o.1).collect();
        if let Some((o, i)) = io::output::clash(&paths, &self.inputs()) {
            let flag = outs.iter().find(|x| x.1 == o).map_or("--output", |x| x.0);
            return Err(usage(
                flag,
                format!(
                    "{} is the same file as the input {}; writing it would destroy the input",
                    o.display(),
                    i.display()
                ),
                Some("write the output to another file"),
            ));
        }
        for (k, a) in outs.iter().enumerate() {
            for b in &outs[k + 1..] {
                if a.1 == b.1 && !io::output::is_stdout(a.1) || io::output::same_output(a.1, b.1) {
                    return Err(usage(
                        &format!("{}/{}", a.0, b.0),
                        format!("both name {}; one would overwrite the other", a.1.display()),
                        Some("give each output its own file"),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let a = Cli::try_parse_from(["graph", "--format", "json", "info"]).unwrap();
        let b = Cli::try_parse_from(["graph", "info", "--format", "json"]).unwrap();
        assert_eq!(a.global.format, b.global.format);
    }
}
