//! `graph stall`: a node's growth stalls; year by year, who loses what.

use std::path::{Path, PathBuf};

use clap::Args;
use shockgraph::analysis::{self, Growth, Policy, StallSpec};
use shockgraph::io::library;
use shockgraph::io::scenario::Scenario;
use shockgraph::report::dot::{self, DotOptions, Overlay};
use shockgraph::report::{self, stall as rstall, stall_plot, Format};
use shockgraph::shock::{Model, Params};
use shockgraph::Network;

use super::progress::Bar;
use super::values::{ModelArg, PolicyArg};
use super::{emit, report_format, usage, write_file, CliResult, Global};

/// A node's growth stalls: its revenue stops growing (or follows its plan), it pays its
/// scheduled obligations out of cash, revenue and new capital, and a shortfall is lost by its
/// creditors. Year by year: due, paid, coverage, and the losses the shock model propagates.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph stall --graph examples/data/stall.json --node lab --growth 0
  graph stall --graph examples/data/stall.json --node lab --growth 0.5 --policy pro-rata
  graph stall --graph examples/data/stall.json --node lab --plan --format json
  graph stall --graph examples/data/stall.json --node lab --growth 0 --plot years.svg --svg final.svg
  graph stall --graph graphs/ai-infra-2026.json --scenario openai-anthropic-stall

The node needs `funding` in the graph file: {\"year\": 2027, \"cash\": 40, \"revenue\": 80,
\"cost_ratio\": 0.25, \"plan\": {\"2028\": 100}, \"capital\": {\"2028\": 20}}, and its obligation
edges a `schedule` (else they are due in the graph's as_of year). See docs/shock-models.md.")]
pub struct StallCmd {
    /// The node whose growth stalls (repeatable: the nodes stall together, each paying from
    /// its own funding).
    #[arg(
        long = "node",
        id = "node",
        value_name = "ID",
        required_unless_present = "scenario"
    )]
    pub nodes: Vec<String>,
    /// A growth-stall scenario file, or the name of one in the library (`graph scenarios`):
    /// its stalled nodes, growth or plan, policy, years and model; flags given here override
    /// them and --node adds nodes.
    #[arg(long, value_name = "FILE|NAME")]
    pub scenario: Option<PathBuf>,
    /// Yearly revenue growth from the funding year: 0 is flat (the default), -0.3 is -30% a
    /// year.
    #[arg(
        long,
        value_name = "G",
        allow_negative_numbers = true,
        conflicts_with = "plan"
    )]
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
    /// What a shortfall does [default: default].
    #[arg(long, value_enum)]
    pub policy: Option<PolicyArg>,
    /// Shock model that propagates each year's losses [default: debtrank].
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
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
    /// The scenario (if any) with the flags over it: model, policy and the stall specs.
    fn plan(&self, net: &Network, sc: &Scenario) -> CliResult<(Model, Vec<StallSpec>)> {
        if self.scenario.is_some() && !sc.is_stall() {
            return Err(usage(
                "--scenario",
                format!(
                    "{} is a shock scenario, not a growth stall",
                    self.scenario
                        .as_deref()
                        .map(Path::display)
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
                Some("run it with graph shock --scenario; graph scenarios lists which is which"),
            ));
        }
        let model = match self.model {
            Some(m) => m.0,
            None => sc
                .model
                .as_deref()
                .and_then(Model::parse)
                .unwrap_or(Model::DebtRank),
        };
        let mut specs = analysis::scenario_specs(net, sc)?;
        // Flags override the scenario: --growth/--plan every stalled node's revenue path, and a
        // --node already in the scenario keeps its entry (its funding variant included).
        let flag_growth = if self.plan {
            Some(Growth::Plan)
        } else {
            self.growth.map(Growth::Rate)
        };
        if let Some(g) = flag_growth {
            for spec in &mut specs {
                spec.growth = g;
            }
        }
        for id in &self.nodes {
            let node = net.node(id)?;
            if specs.iter().all(|s| s.node != node) {
                let mut spec = StallSpec::new(
                    node,
                    flag_growth.unwrap_or(Growth::Rate(0.0)),
                    Policy::Default,
                );
                spec.from = sc.from;
                spec.to = sc.to;
                specs.push(spec);
            }
        }
        let policy = self
            .policy
            .map(|p| p.0)
            .or_else(|| sc.policy.as_deref().and_then(Policy::parse))
            .unwrap_or_default();
        for spec in &mut specs {
            spec.policy = policy;
            if self.from.is_some() {
                spec.from = self.from;
            }
            if self.to.is_some() {
                spec.to = self.to;
            }
        }
        Ok((model, specs))
    }

    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "stall")?;
        let sc = match &self.scenario {
            Some(path) => library::read_scenario(path)?,
            None => Scenario::default(),
        };
        let net = super::load_for(g, Some(&sc))?;
        let (model, specs) = self.plan(&net, &sc)?;
        if (self.alpha.is_some() || self.beta.is_some()) && model != Model::EisenbergNoe {
            return Err(usage(
                "--alpha/--beta",
                format!(
                    "default costs belong to eisenberg-noe, not {}",
                    model.name()
                ),
                Some("add --model eisenberg-noe"),
            ));
        }
        let (alpha, beta) = (self.alpha.or(sc.alpha), self.beta.or(sc.beta));
        let params = Params::default()
            .with_alpha(alpha.unwrap_or(1.0))?
            .with_beta(beta.unwrap_or(1.0))?;
        let bar = Bar::new(g, "stall", "years");
        let s = analysis::stall_all_with_progress(&net, model, &specs, &params, &|d, t| {
            bar.update(d, t);
        })?;
        bar.finish();
        let rep = rstall::build(&net, &s);
        let mut svg_failed = None;
        if self.svg.is_some() || self.dot.is_some() {
            let d = dot::to_dot(
                &net,
                &DotOptions {
                    overlay: Some(Overlay::of_shock(&net, &s.shock)),
                    top: None,
                },
            );
            if let Some(p) = &self.svg {
                match super::shock::render_svg(&d, "stall") {
                    Ok(svg) => write_file(p, &svg)?,
                    Err(e) => svg_failed = Some(e),
                }
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
        // The table, --dot and --plot are out; the SVG that could not be made fails the run.
        match svg_failed {
            Some(e) => Err(e.into()),
            None => Ok(0),
        }
    }
}
