//! `graph sweep`: the haircut on nodes from 0 to 1.

use clap::Args;
use shockgraph::analysis::{self, Lever};
use shockgraph::report::plot::{self, Metric};
use shockgraph::report::{self, whatif as rw, Format};
use shockgraph::shock::{EdgeShock, Params};
use shockgraph::Network;

use super::progress::Bar;
use super::shock::edge_arg;
use super::values::ModelArg;
use super::{emit, load, report_format, usage, CliResult, Global};

/// Sweep the haircut on each --node (and each --edge without =H) from 0 to 1: per step the
/// total loss, impact, and the distressed and defaulted counts. Each point equals `graph shock`
/// at that haircut (with the fixed --edge FROM:TO=H shocks).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph sweep --node openai
  graph sweep --node openai --node anthropic --steps 50 --format csv
  graph sweep --node openai --model threshold --format json
  graph sweep --node openai --node anthropic --plot sweep.svg
  graph sweep --edge openai:oracle --edge openai:microsoft=0.5")]
pub struct SweepCmd {
    /// Node to shock (repeatable: one curve each).
    #[arg(long = "node", id = "node", value_name = "ID")]
    pub nodes: Vec<String>,
    /// `FROM:TO[:KIND]`: a curve sweeping the haircut of those edges (every edge FROM -> TO
    /// without KIND); `FROM:TO[:KIND]=H`: a fixed edge shock applied at every point
    /// (repeatable).
    #[arg(long = "edge", id = "edge", value_name = "FROM:TO[:KIND][=H]")]
    pub edges: Vec<String>,
    /// Shock model.
    #[arg(long, value_enum, default_value = "debtrank")]
    pub model: ModelArg,
    /// Number of steps between haircut 0 and 1.
    #[arg(long, default_value_t = 20)]
    pub steps: usize,
    /// Rogers–Veraart alpha (eisenberg-noe).
    #[arg(long, allow_negative_numbers = true)]
    pub alpha: Option<f64>,
    /// Rogers–Veraart beta (eisenberg-noe).
    #[arg(long, allow_negative_numbers = true)]
    pub beta: Option<f64>,
    /// Also draw the curves as an SVG chart (total loss, impact, distressed and defaulted
    /// against the haircut; no system fonts or network needed).
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<std::path::PathBuf>,
}

impl SweepCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "sweep")?;
        super::limits::check(g, super::limits::STEPS, self.steps)?;
        let net = load(g)?;
        let (levers, fixed, fixed_json) = self.levers(&net)?;
        let model = self.model.0;
        let params = Params::default()
            .with_alpha(self.alpha.unwrap_or(1.0))?
            .with_beta(self.beta.unwrap_or(1.0))?;
        let bar = Bar::new(g, "sweep", "shocks");
        let (curves, edge_curves) = analysis::sweep_with_progress(
            &net,
            model,
            &levers,
            &fixed,
            self.steps,
            &params,
            &|d, t| bar.update(d, t),
        )?;
        bar.finish();
        if let Some(path) = &self.plot {
            if !edge_curves.is_empty() {
                return Err(usage(
                    "--plot",
                    "the chart draws node curves only, not --edge curves",
                    Some("drop --plot (the JSON and CSV outputs hold the edge curves)"),
                ));
            }
            let svg = plot::sweep_svg(&net, &curves, model, Metric::Both)?;
            super::write_file(path, svg.as_bytes())?;
        }
        let rep = rw::SweepReport {
            model,
            parameters: rw::sweep_parameters(&net, model, self.steps, &params, fixed_json),
            curves: &curves,
            edge_curves: &edge_curves,
        };
        let text = match fmt {
            Format::Table => rw::sweep_table(&net, &rep),
            Format::Json => report::to_json_named(&net, &rep),
            Format::Csv => rw::sweep_csv(&net, &rep),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}

impl SweepCmd {
    /// The curves (nodes, then edge selections without =H) and the fixed edge shocks (with
    /// their JSON record for `parameters`).
    fn levers(
        &self,
        net: &Network,
    ) -> CliResult<(Vec<Lever>, Vec<EdgeShock>, Vec<serde_json::Value>)> {
        let mut levers = Vec::new();
        for n in &self.nodes {
            let i = net.node(n)?;
            if levers.contains(&Lever::Node(i)) {
                return Err(usage("--node", format!("`{n}` is given twice"), None));
            }
            levers.push(Lever::Node(i));
        }
        let (mut fixed, mut fixed_json) = (Vec::new(), Vec::new());
        for spec in &self.edges {
            let a = edge_arg(net, spec)?;
            match a.haircut {
                Some(h) => {
                    fixed.extend(a.edges.iter().map(|&e| EdgeShock::new(e, h)));
                    fixed_json.push(serde_json::json!({"edge": a.label, "haircut": h.get()}));
                }
                None => levers.push(Lever::Edges {
                    label: a.label,
                    edges: a.edges,
                }),
            }
        }
        if levers.is_empty() {
            return Err(usage(
                "sweep",
                "nothing to sweep",
                Some("give --node ID or --edge FROM:TO (without =H)"),
            ));
        }
        Ok((levers, fixed, fixed_json))
    }
}
