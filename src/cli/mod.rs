//! Command-line interface: clap definitions and one file per subcommand. Each subcommand
//! parses its arguments, calls the library and hands the rendered output to [`emit`].

#![allow(
    clippy::doc_markdown,
    reason = "the doc comments of the clap types are the --help text, written for a terminal"
)]

mod centrality;
mod concentration;
pub mod error;
mod export;
mod exposure;
mod info;
mod rank;
mod report;
mod scenarios;
mod schema;
mod shock;
mod sweep;
mod tipping;
mod validate;
mod values;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use shockgraph::{io, Error, Network, Result};

pub use error::{usage, CliError, CliResult};

const EXAMPLES: &str = "\
Examples:
  graph shock --node openai --haircut 0.5       who loses what if OpenAI's growth stalls
  graph shock --node openai --haircut 0.5 --format json
  graph info                                    what the embedded graph holds
  graph export --format dot | dot -Tsvg > g.svg the graph as a diagram
  graph validate my-graph.json                  check a graph file, listing every problem
  graph shock --graph edges.csv --nodes nodes.csv --node n1 --haircut 1

Without --graph every command runs on the embedded graph of the AI-infrastructure economy
(graphs/ai-infra-2026.json). Exit codes: 0 success, 1 failure while running, 2 bad input or usage.";

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
    /// Graph file: `.json` (shockgraph/1) or `.csv` (edge list). Default: the embedded
    /// AI-infrastructure graph.
    #[arg(long, global = true, value_name = "FILE")]
    pub graph: Option<PathBuf>,
    /// Nodes CSV to go with a CSV edge list (id plus any of label, kind, buffer,
    /// external_assets, external_liabilities, value).
    #[arg(long, global = true, value_name = "FILE")]
    pub nodes: Option<PathBuf>,
    /// Output format (table, json, csv; export: dot, svg, json, csv).
    #[arg(long, global = true, value_enum)]
    pub format: Option<OutFormat>,
    /// Write the output to FILE (atomically: whole or not at all) instead of standard output.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

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
    /// Sweep the haircut on nodes from 0 to 1: total loss, impact, distressed and defaulted.
    Sweep(sweep::SweepCmd),
    /// Reverse stress test: the smallest haircut on a node that tips a target into default.
    Tipping(tipping::TippingCmd),
    /// One self-contained HTML report of a shock: scenario, diagram, tables, sweep plots,
    /// concentration and sources (opens offline).
    Report(report::ReportCmd),
    /// Print the JSON Schema of the graph file format.
    Schema(schema::SchemaCmd),
    /// Centrality of every node (degree, PageRank, Katz, HITS, betweenness...), as NetworkX has it.
    Centrality(centrality::CentralityCmd),
    /// The scenario library embedded in the binary, one line each (--scenario takes the names).
    Scenarios(scenarios::ScenariosCmd),
}

/// Runs the parsed command; returns the exit code.
pub fn run(cli: &Cli) -> CliResult<i32> {
    match &cli.command {
        Command::Shock(c) => c.run(&cli.global),
        Command::Info(c) => c.run(&cli.global),
        Command::Validate(c) => c.run(&cli.global),
        Command::Export(c) => c.run(&cli.global),
        Command::Exposure(c) => c.run(&cli.global),
        Command::Concentration(c) => c.run(&cli.global),
        Command::Rank(c) => c.run(&cli.global),
        Command::Sweep(c) => c.run(&cli.global),
        Command::Tipping(c) => c.run(&cli.global),
        Command::Report(c) => c.run(&cli.global),
        Command::Schema(c) => c.run(&cli.global),
        Command::Centrality(c) => c.run(&cli.global),
        Command::Scenarios(c) => c.run(&cli.global),
    }
}

/// Loads the graph named by the global options.
pub fn load(g: &Global) -> Result<Network> {
    io::load(g.graph.as_deref(), g.nodes.as_deref())
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

/// Writes `bytes` to `--output` (atomically) or to standard output.
pub fn emit(g: &Global, bytes: &[u8]) -> Result<()> {
    if let Some(path) = &g.output {
        write_file(path, bytes)
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(|source| Error::Io {
                action: "write",
                path: PathBuf::from("<stdout>"),
                source,
            })
    }
}

/// Writes a file atomically.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    io::write_atomic(path, |w| {
        w.write_all(bytes).map_err(|source| Error::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
    })
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
