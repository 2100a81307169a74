//! `graph sweep`: the haircut on nodes from 0 to 1.

use clap::Args;
use shockgraph::analysis;
use shockgraph::report::plot::{self, Metric};
use shockgraph::report::{self, whatif as rw, Format};
use shockgraph::shock::{Model, Params};

use super::values::ModelArg;
use super::{emit, load, report_format, usage, CliResult, Global};

/// Sweep the haircut on each --node from 0 to 1: per step the total loss, impact, and the
/// distressed and defaulted counts. Each point equals `graph shock` at that haircut.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph sweep --node openai
  graph sweep --node openai --node anthropic --steps 50 --format csv
  graph sweep --node openai --model threshold --format json
  graph sweep --node openai --node anthropic --plot sweep.svg")]
pub struct SweepCmd {
    /// Node to shock (repeatable: one curve each).
    #[arg(long = "node", id = "node", value_name = "ID", required = true)]
    pub nodes: Vec<String>,
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
        let net = load(g)?;
        let mut ids = Vec::new();
        for n in &self.nodes {
            let i = net.node(n)?;
            if ids.contains(&i) {
                return Err(usage("--node", format!("`{n}` is given twice"), None));
            }
            ids.push(i);
        }
        let model = self.model.0;
        let params = Params::default()
            .with_alpha(self.alpha.unwrap_or(1.0))?
            .with_beta(self.beta.unwrap_or(1.0))?;
        let curves = analysis::sweep(&net, model, &ids, self.steps, &params)?;
        if let Some(path) = &self.plot {
            let svg = plot::sweep_svg(&net, &curves, model, Metric::Both)?;
            super::write_file(path, svg.as_bytes())?;
        }
        let mut parameters = serde_json::json!({ "steps": self.steps });
        if model == Model::EisenbergNoe {
            parameters["alpha"] = params.alpha().into();
            parameters["beta"] = params.beta().into();
        }
        report::basis::record(&net, &mut parameters);
        let rep = rw::SweepReport {
            model,
            parameters,
            curves: &curves,
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
