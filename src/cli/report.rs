//! `graph report`: one self-contained HTML file of a shock.

use clap::Args;
use shockgraph::analysis::{ScenarioOptions, ScenarioReport};
use shockgraph::report::html::{self, Inputs, Options};

use super::shock::ShockArgs;
use super::{emit, usage, CliResult, Global};

/// Write one self-contained HTML report of a shock, to open offline or send to a colleague:
/// the scenario and key figures, the shock diagram (inline SVG; needs Graphviz `dot`, else the
/// DOT text with a note), every node's loss, haircut sweeps of the shocked nodes, the
/// systemic-importance ranking, concentration figures and the data sources by status.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph report --node openai --haircut 0.5 --output report.html
  graph report --shock openai=0.5 --shock anthropic=0.3 --model threshold -o report.html
  graph report --graph examples/data/my-graph.json --node n1 > report.html

The page has no scripts and loads nothing from the network; the sources are plain links.
See docs/report.md.")]
pub struct ReportCmd {
    #[command(flatten)]
    pub shock: ShockArgs,
    /// Haircut steps of the sweep plots (points every 1/N).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub steps: usize,
    /// Rows of the ranking table.
    #[arg(long, default_value_t = 15, value_name = "N")]
    pub rank_top: usize,
    /// Rows of the concentration table.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub concentration_top: usize,
    /// Draw only the N nodes with the largest losses in the diagram (default: all up to 500
    /// nodes, else 100).
    #[arg(long, value_name = "N")]
    pub diagram_top: Option<usize>,
}

impl ReportCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        if let Some(f) = g.format {
            return Err(usage(
                "--format",
                format!(
                    "`graph report` writes HTML, not {}",
                    format!("{f:?}").to_lowercase()
                ),
                Some("leave out --format; use `graph shock --format json` for machine-readable results"),
            ));
        }
        if !self.shock.any() {
            return Err(usage(
                "shock",
                "no node to shock",
                Some("give --node ID --haircut H, --shock ID=H, or --scenario FILE"),
            ));
        }
        super::limits::check(g, super::limits::STEPS, self.steps)?;
        let net = super::load_for(g, self.shock.scenario_file()?.as_ref())?;
        let plan = self.shock.plan(&net, false)?;
        if !plan.edges.is_empty() {
            return Err(usage(
                "--edge",
                "graph report does not take edge shocks yet",
                Some("use graph shock --edge FROM:TO=H"),
            ));
        }
        let opts = Options {
            rank_top: self.rank_top,
            concentration_top: self.concentration_top,
            diagram_top: self.diagram_top,
            command: Some(command_line()),
            ..Options::default()
        };
        let scenario = ScenarioOptions {
            sweep_steps: self.steps,
            ..ScenarioOptions::default()
        };
        let analysis =
            ScenarioReport::compute(&net, plan.model, &plan.shocks, &plan.params, &scenario)?;
        let diagram = html::diagram(&net, &analysis.shock, self.diagram_top)?;
        let inputs = Inputs { analysis, diagram };
        let page = html::render(&net, &inputs, &opts)?;
        emit(g, page.as_bytes())?;
        Ok(0)
    }
}

/// `graph report ...` as typed (program name shortened to `graph`, the output file left out),
/// for the footer.
fn command_line() -> String {
    let mut args: Vec<String> = Vec::new();
    let mut skip = false;
    for a in std::env::args().skip(1) {
        if std::mem::take(&mut skip) {
            continue;
        }
        if a == "--output" || a == "-o" {
            skip = true;
            continue;
        }
        if a.starts_with("--output=") || (a.starts_with("-o") && a.len() > 2) {
            continue;
        }
        args.push(a);
    }
    let mut s = String::from("graph");
    for a in args {
        s.push(' ');
        if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
            s.push('\'');
            s.push_str(&a.replace('\'', "'\\''"));
            s.push('\'');
        } else {
            s.push_str(&a);
        }
    }
    s
}
