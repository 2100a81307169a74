//! `graph info`: counts, totals, largest edges, each node's exposure.

use clap::Args;
use shockgraph::analysis;
use shockgraph::report::{self, summary, Format};

use super::{emit, emit_stream, load, report_format, CliResult, Global};

/// Node and edge counts by kind, total amounts, the largest edges, and each node's totals in
/// and out, its exposure and its largest counterparty's share.
///
/// Example: graph info --format json
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  graph info\n  graph info --graph examples/data/edges.csv --format csv > my-nodes.csv\n  graph info --graph examples/data/edges.csv --nodes my-nodes.csv\n\nThe node table's CSV loads back as a nodes file: --nodes reads id, kind and buffer from it\nand reads over the columns it derives from the edges (amount_in ... largest_share)."
)]
pub struct InfoCmd {
    /// How many of the largest edges to list.
    #[arg(long, default_value_t = 10)]
    pub top_edges: usize,
    /// How many nodes the table lists (JSON and CSV list all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
}

impl InfoCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "info")?;
        let net = load(g)?;
        // The table lists `--top` nodes: only those are selected and ordered.
        let rows = matches!(fmt, Format::Table).then_some(self.top);
        let rep = analysis::summary(&net, self.top_edges, rows);
        let text = match fmt {
            Format::Table => summary::to_table(&net, &rep, self.top),
            Format::Json => {
                // A million node rows: written while they are serialised, not held as a string.
                report::note_json_named(&net, &rep);
                emit_stream(g, |w| summary::write_json(w, &net, &rep))?;
                return Ok(0);
            }
            Format::Csv => summary::to_csv(&net, &rep),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}
