//! `graph validate`: every problem of a graph file.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use shockgraph::report::{self, Format};
use shockgraph::{io, Problem};

use super::{emit, report_format, CliResult, Global};

/// Check a graph file and report every problem found (not just the first). Exits 0 only for
/// a valid file, 2 otherwise. Warnings (allowed but probably mistakes, such as `funding` on a
/// node that owes nothing) go to stderr as `warning: ...` lines and do not change the exit code.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  graph validate graphs/ai-infra-2026.json\n  graph validate examples/data/edges.csv --nodes examples/data/nodes.csv --format json"
)]
pub struct ValidateCmd {
    /// The file to check (default: --graph, else the embedded graph).
    pub file: Option<PathBuf>,
}

#[derive(Serialize)]
struct ProblemEntry<'a> {
    location: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct ValidateReport<'a> {
    file: String,
    valid: bool,
    nodes: Option<usize>,
    edges: Option<usize>,
    problems: Vec<ProblemEntry<'a>>,
    warnings: &'a [String],
}

impl ValidateCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "validate")?;
        let path = self.file.as_deref().or(g.graph.as_deref());
        let name = path.map_or(io::DEFAULT_GRAPH_NAME.to_string(), io::input::display_name);
        let (net, problems): (_, Vec<Problem>) = io::load_collect(path, g.nodes.as_deref(), true)?;
        let valid = net.is_some() && problems.is_empty();
        let warnings = net
            .as_ref()
            .map(shockgraph::Network::warnings)
            .unwrap_or_default();
        for w in &warnings {
            g.note(&format!("{name}: {w}"));
        }
        let rep = ValidateReport {
            file: name.clone(),
            valid,
            nodes: net.as_ref().map(shockgraph::Network::node_count),
            edges: net.as_ref().map(shockgraph::Network::edge_count),
            problems: problems
                .iter()
                .map(|p| ProblemEntry {
                    location: &p.location,
                    message: &p.message,
                    hint: p.hint.as_deref(),
                })
                .collect(),
            warnings: &warnings,
        };
        let text = match fmt {
            Format::Json => report::to_json(&rep),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(["location", "message", "hint"])
                    .expect("csv");
                for p in &problems {
                    w.write_record([
                        p.location.as_str(),
                        p.message.as_str(),
                        p.hint.as_deref().unwrap_or(""),
                    ])
                    .expect("csv");
                }
                String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
            }
            Format::Table => {
                if valid {
                    let n = net.as_ref().expect("valid");
                    format!(
                        "ok: `{name}` is a valid graph ({} nodes, {} edges)\n",
                        n.node_count(),
                        n.edge_count()
                    )
                } else {
                    let mut s = format!(
                        "`{name}` is not a valid graph: {} problem{}\n",
                        problems.len(),
                        if problems.len() == 1 { "" } else { "s" }
                    );
                    for p in &problems {
                        s.push_str(&format!("  {p}\n"));
                    }
                    if problems.len() >= 1000 {
                        s.push_str("  (stopped after 1000 problems)\n");
                    }
                    s
                }
            }
        };
        emit(g, text.as_bytes())?;
        Ok(if valid { 0 } else { 2 })
    }
}
