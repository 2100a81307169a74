//! `graph concentration`: how much of a node's claims rest on one counterparty.

use clap::Args;
use shockgraph::analysis::concentration;
use shockgraph::model::EdgeKindId;
use shockgraph::report::{self, concentration as rconc, Format};
use shockgraph::{Network, NodeId, Result};

use super::{emit, load, report_format, usage, CliResult, Global};

/// For every node, its largest counterparty's share of what it is owed and the
/// Herfindahl–Hirschman index of its claims; with --holders and --on, the share of the
/// holders' combined claims (and of their recorded backlog) that the named nodes account for.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph concentration
  graph concentration --holders microsoft,oracle,google_cloud,amazon --on openai,anthropic --kind compute_commitment
      (the seed article's \"roughly half of the four clouds' backlog\")")]
pub struct ConcentrationCmd {
    /// Holders of the claims (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub holders: Vec<String>,
    /// Obligors whose share is wanted (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub on: Vec<String>,
    /// Count only edges of this kind (repeatable or comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "KIND")]
    pub kind: Vec<String>,
    /// How many nodes the table lists.
    #[arg(long, default_value_t = 40)]
    pub top: usize,
}

fn ids(net: &Network, list: &[String]) -> Result<Vec<NodeId>> {
    list.iter().map(|s| net.node(s.trim())).collect()
}

impl ConcentrationCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "concentration")?;
        let net = load(g)?;
        let kinds: Vec<EdgeKindId> = self
            .kind
            .iter()
            .map(|k| {
                net.kinds().edge(k).ok_or_else(|| {
                    usage(
                        "--kind",
                        format!("unknown edge kind `{k}`"),
                        Some(&format!("one of: {}", net.kinds().edge_names().join(", "))),
                    )
                })
            })
            .collect::<CliResult<_>>()?;
        let kinds_opt = (!kinds.is_empty()).then_some(kinds.as_slice());
        let group = match (self.holders.is_empty(), self.on.is_empty()) {
            (true, true) => None,
            (false, false) => Some(concentration::group(
                &net,
                &ids(&net, &self.holders)?,
                &ids(&net, &self.on)?,
                kinds_opt,
            )?),
            _ => {
                return Err(usage(
                    "--holders/--on",
                    "a group figure needs both --holders and --on",
                    Some("--holders microsoft,oracle --on openai"),
                ))
            }
        };
        let rows = concentration::per_node(&net, kinds_opt);
        let rep = rconc::concentration(&net, self.kind.clone(), &rows, group.as_ref());
        let text = match fmt {
            Format::Table => rconc::concentration_table(&net, &rep, self.top),
            Format::Json => report::to_json_named(&net, &rep),
            Format::Csv => rconc::concentration_csv(&net, &rep),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}
