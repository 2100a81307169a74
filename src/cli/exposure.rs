//! `graph exposure`: who is exposed to a node, directly and through cascades.

use clap::Args;
use shockgraph::analysis::exposure::{exposure, Direction, Paths};
use shockgraph::report::{self, exposure as rexp, Format};
use shockgraph::shock::Params;

use super::values::ModelArg;
use super::{emit, load, report_format, CliResult, Global};

/// Who is exposed to a node and how much: direct exposure, the loss in the cascade of its
/// full default (--model, default debtrank), and the linear total through all paths
/// (Lambda (I - Lambda)^-1 applied to its default, where that series converges).
/// `--reverse` shows what the node itself is exposed to.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph exposure --node openai
  graph exposure --node openai --paths
  graph exposure --node oracle --reverse --model threshold --format json")]
pub struct ExposureCmd {
    /// The node.
    #[arg(long, value_name = "ID")]
    pub node: String,
    /// Cascade model.
    #[arg(long, value_enum, default_value = "debtrank")]
    pub model: ModelArg,
    /// Show the main path by which each node's loss arrives.
    #[arg(long)]
    pub paths: bool,
    /// Show what the node is exposed to instead of who is exposed to it.
    #[arg(long)]
    pub reverse: bool,
    /// How many rows the table lists (JSON and CSV list all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
}

impl ExposureCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "exposure")?;
        let net = load(g)?;
        let x = net.node(&self.node)?;
        let direction = if self.reverse {
            Direction::Of
        } else {
            Direction::To
        };
        let paths = if self.paths { Paths::Find } else { Paths::Skip };
        let e = exposure(&net, x, direction, self.model.0, &Params::default(), paths)?;
        let rep = rexp::exposure(&net, &e);
        let text = match fmt {
            Format::Table => rexp::exposure_table(&net, &rep, self.top),
            Format::Json => report::to_json(&rep),
            Format::Csv => rexp::exposure_csv(&rep),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}
