//! `graph sweep`: the haircut on nodes from 0 to 1.

use clap::Args;
use shockgraph::report::{self, whatif as rw, Format};
use shockgraph::shock::{Model, Params};
use shockgraph::{whatif, Error, Result};

use super::{emit, load, report_format, Global};

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
    pub model: Model,
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
    pub fn run(&self, g: &Global) -> Result<i32> {
        let fmt = report_format(g, "sweep")?;
        let net = load(g)?;
        let mut ids = Vec::new();
        for n in &self.nodes {
            let i = net
                .index_of(n)
                .ok_or_else(|| Error::unknown_node(&net, n))?;
            if ids.contains(&(i as u32)) {
                return Err(Error::param(
                    "--node",
                    format!("`{n}` is given twice"),
                    None,
                ));
            }
            ids.push(i as u32);
        }
        let params = Params {
            alpha: self.alpha.unwrap_or(1.0),
            beta: self.beta.unwrap_or(1.0),
            ..Params::default()
        };
        let curves = whatif::sweep(&net, self.model, &ids, self.steps, &params)?;
        if let Some(path) = &self.plot {
            let svg = shockgraph::plot::sweep_svg(
                &net,
                &curves,
                self.model,
                shockgraph::plot::Metric::Both,
            )?;
            super::write_file(path, svg.as_bytes())?;
        }
        let mut parameters = serde_json::json!({ "steps": self.steps });
        if self.model == Model::EisenbergNoe {
            parameters["alpha"] = params.alpha.into();
            parameters["beta"] = params.beta.into();
        }
        let rep = rw::sweep(&net, self.model, parameters, &curves);
        let text = match fmt {
            Format::Table => rw::sweep_table(&net, &rep),
            Format::Json => report::to_json(&rep),
            Format::Csv => rw::sweep_csv(&rep),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}
