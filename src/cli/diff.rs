//! `graph diff A B`: how one graph differs from another, and what that does to a shock.

use std::path::{Path, PathBuf};

use clap::Args;
use shockgraph::analysis::{self, DiffOptions};
use shockgraph::io::{self, library};
use shockgraph::report::{diff as rdiff, Format};
use shockgraph::shock::{Haircut, Model, Params};
use shockgraph::Network;

use super::values::ModelArg;
use super::{emit, report_format, usage, CliResult, Global};

/// The name of the embedded default graph as A or B.
const DEFAULT: &str = "default";
/// The name of the embedded December-2025 snapshot as A or B.
const SNAPSHOT: &str = "snapshot-2025-12";

const GRAPH_HINT: &str =
    "give a graph file (.json, .csv, .graphml) or one of the names default, snapshot-2025-12";

/// Compare two graphs: nodes and edges added, removed and changed, edge totals by kind, and a
/// shock run on both side by side.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph diff snapshot-2025-12 default           how the embedded graph grew since Dec 2025
  graph diff snapshot-2025-12 default --node openai --node oracle --haircut 0.3
  graph diff examples/data/old.json examples/data/new.json --format csv
                                                one row per changed item
  graph diff examples/data/old.csv examples/data/new.csv \\
    --nodes-a examples/data/old-nodes.csv --nodes-b examples/data/new-nodes.csv

A and B are graph files (as --graph takes them) or the names `default` (the embedded graph)
and `snapshot-2025-12` (the embedded earlier snapshot). Edges are matched by (from, to, kind),
parallel edges summed. See docs/analysis.md, \"Comparing two graphs\".")]
pub struct DiffCmd {
    /// The old graph: a file, `default` or `snapshot-2025-12`.
    #[arg(value_name = "A")]
    pub a: String,
    /// The new graph: a file, `default` or `snapshot-2025-12`.
    #[arg(value_name = "B")]
    pub b: String,
    /// Nodes CSV to go with A when A is a CSV edge list.
    #[arg(long, value_name = "FILE")]
    pub nodes_a: Option<PathBuf>,
    /// Nodes CSV to go with B when B is a CSV edge list.
    #[arg(long, value_name = "FILE")]
    pub nodes_b: Option<PathBuf>,
    /// Node to shock in both graphs, one at a time (repeatable; default openai). A node
    /// missing from either graph is skipped with a note.
    #[arg(long = "node", id = "node", value_name = "ID")]
    pub nodes: Vec<String>,
    /// Haircut on each --node, in [0, 1].
    #[arg(long, default_value_t = 0.5, allow_negative_numbers = true)]
    pub haircut: f64,
    /// Shock model.
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    /// How many rows each list of the table shows (JSON and CSV list all).
    #[arg(long, default_value_t = 20)]
    pub top: usize,
}

impl DiffCmd {
    /// The files among A, B and their nodes CSVs (not the embedded names), for the check that
    /// `--output` does not overwrite an input.
    pub fn input_paths(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = [&self.a, &self.b]
            .into_iter()
            .filter(|s| s.as_str() != DEFAULT && s.as_str() != SNAPSHOT)
            .map(Path::new)
            .collect();
        v.extend(self.nodes_a.as_deref());
        v.extend(self.nodes_b.as_deref());
        v
    }

    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "diff")?;
        if g.graph.is_some() || g.nodes.is_some() {
            return Err(usage(
                "--graph/--nodes",
                "`graph diff` takes its two graphs as A and B, not --graph or --nodes",
                Some("graph diff old.json new.json (with --nodes-a/--nodes-b for CSV edge lists)"),
            ));
        }
        let haircut = Haircut::new(self.haircut).map_err(|_| {
            usage(
                "--haircut",
                format!("the haircut is {}, but it must be in [0, 1]", self.haircut),
                Some("0.5 means every claim on the node loses half its value; 1 is a full default"),
            )
        })?;
        let a = load_one("A", &self.a, self.nodes_a.as_deref(), "--nodes-a")?;
        let b = load_one("B", &self.b, self.nodes_b.as_deref(), "--nodes-b")?;
        let opts = DiffOptions {
            nodes: if self.nodes.is_empty() {
                vec!["openai".to_string()]
            } else {
                self.nodes.clone()
            },
            haircut,
            model: self.model.map_or(Model::DebtRank, |m| m.0),
            params: Params::default(),
        };
        let d = analysis::diff(&a, &self.a, &b, &self.b, &opts)?;
        let text = match fmt {
            Format::Table => rdiff::to_table(&d, self.top),
            Format::Json => rdiff::to_json(&d),
            Format::Csv => rdiff::to_csv(&d),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}

/// Loads A or B: one of the embedded names, else a file.
fn load_one(which: &str, name: &str, nodes: Option<&Path>, nodes_flag: &str) -> CliResult<Network> {
    let embedded = name == DEFAULT || name == SNAPSHOT;
    if embedded && nodes.is_some() {
        return Err(usage(
            nodes_flag,
            format!("{which} is the embedded graph `{name}`, which takes no nodes CSV"),
            Some("--nodes-a/--nodes-b go with CSV edge lists"),
        ));
    }
    match name {
        DEFAULT => return Ok(io::load_default()?),
        SNAPSHOT => return Ok(library::load_snapshot()?),
        _ => {}
    }
    let path = Path::new(name);
    if !path.exists() {
        let what = if path.extension().is_none() && path.components().count() == 1 {
            format!("`{name}` is neither a graph file nor the name of an embedded graph")
        } else {
            format!("no file {name}")
        };
        return Err(usage(which, what, Some(GRAPH_HINT)));
    }
    Ok(io::load(Some(path), nodes)?)
}
