//! `graph stall`: a node's growth stalls; year by year, who loses what.

use std::path::PathBuf;

use clap::Args;
use shockgraph::analysis::{self, Growth, StallSpec};
use shockgraph::report::dot::{self, DotOptions, Overlay};
use shockgraph::report::{self, stall as rstall, stall_plot, Format};
use shockgraph::shock::{Model, Params};

use super::values::{ModelArg, PolicyArg};
use super::{emit, load, report_format, usage, write_file, CliResult, Global};

/// A node's growth stalls: its revenue stops growing (or follows its plan), it pays its
/// scheduled obligations out of cash, revenue and new capital, and a shortfall is lost by its
/// creditors. Year by year: due, paid, coverage, and the losses the shock model propagates.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph stall --graph tests/fixtures/stall.json --node lab --growth 0
  graph stall --graph tests/fixtures/stall.json --node lab --growth 0.5 --policy pro-rata
  graph stall --graph tests/fixtures/stall.json --node lab --plan --format json
  graph stall --graph tests/fixtures/stall.json --node lab --growth 0 --plot years.svg --svg final.svg

The node needs `funding` in the graph file: {\"year\": 2027, \"cash\": 40, \"revenue\": 80,
\"cost_ratio\": 0.25, \"plan\": {\"2028\": 100}, \"capital\": {\"2028\": 20}}, and its obligation
edges a `schedule` (else they are due in the graph's as_of year). See docs/shock-models.md.")]
pub struct StallCmd {
    /// The node whose growth stalls (repeatable: the nodes stall together, each paying from
    /// its own funding).
    #[arg(long = "node", id = "node", value_name = "ID", required = true)]
    pub nodes: Vec<String>,
    /// Yearly revenue growth from the funding year: 0 is flat (the default), -0.3 is -30% a
    /// year.
    #[arg(long, value_name = "G", allow_negative_numbers = true, conflicts_with = "plan")]
    pub growth: Option<f64>,
    /// Revenue follows the node's `funding.plan` instead (a year missing from the plan keeps
    /// the previous year's revenue).
    #[arg(long)]
    pub plan: bool,
    /// First year of the run (default: the funding year; not earlier).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year of the run (default: the last year the node's obligations schedule).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// What a shortfall does.
    #[arg(long, value_enum, default_value = "default")]
    pub policy: PolicyArg,
    /// Shock model that propagates each year's losses.
    #[arg(long, value_enum, default_value = "debtrank")]
    pub model: ModelArg,
    /// Rogers–Veraart: share of external assets a defaulted node realises (eisenberg-noe).
    #[arg(long, allow_negative_numbers = true)]
    pub alpha: Option<f64>,
    /// Rogers–Veraart: share of claims on others a defaulted node realises (eisenberg-noe).
    #[arg(long, allow_negative_numbers = true)]
    pub beta: Option<f64>,
    /// How many nodes the table lists (JSON lists all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
    /// Also write the final year's diagram, coloured by distress, as SVG (needs Graphviz).
    #[arg(long, value_name = "FILE.svg")]
    pub svg: Option<PathBuf>,
    /// Also write the final year's diagram as DOT.
    #[arg(long, value_name = "FILE.dot")]
    pub dot: Option<PathBuf>,
    /// Also draw the year curves (total loss and coverage by year) as an SVG chart.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
}

impl StallCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "stall")?;
        let net = load(g)?;
        let model = self.model.0;
        if (self.alpha.is_some() || self.beta.is_some()) && model != Model::EisenbergNoe {
            return Err(usage(
                "--alpha/--beta",
                format!("default costs belong to eisenberg-noe, not {}", model.name()),
                Some("add --model eisenberg-noe"),
            ));
        }
        let params = Params::default()
            .with_alpha(self.alpha.unwrap_or(1.0))?
            .with_beta(self.beta.unwrap_or(1.0))?;
        let growth = if self.plan {
            Growth::Plan
        } else {
            Growth::Rate(self.growth.unwrap_or(0.0))
        };
        let specs = self
            .nodes
            .iter()
            .map(|id| {
                let mut spec = StallSpec::new(net.node(id)?, growth, self.policy.0);
                spec.from = self.from;
                spec.to = self.to;
                Ok(spec)
            })
            .collect::<shockgraph::Result<Vec<_>>>()?;
        let s = analysis::stall_all(&net, model, &specs, &params)?;
        let rep = rstall::build(&net, &s);
        if self.svg.is_some() || self.dot.is_some() {
            let d = dot::to_dot(
                &net,
                &DotOptions {
                    overlay: Some(Overlay::of_shock(&net, &s.shock)),
                    top: None,
                },
            );
            if let Some(p) = &self.svg {
                write_file(p, &dot::to_svg(&d)?)?;
            }
            if let Some(p) = &self.dot {
                write_file(p, d.as_bytes())?;
            }
        }
        if let Some(p) = &self.plot {
            write_file(p, stall_plot::years_svg(&net, &rep)?.as_bytes())?;
        }
        let text = match fmt {
            Format::Table => rstall::to_table(&net, &rep, self.top),
            Format::Json => report::to_json(&rep),
            Format::Csv => rstall::to_csv(&rep),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}
