//! `graph tipping`: reverse stress test.

use clap::Args;
use shockgraph::analysis::{self, Lever, Target};
use shockgraph::report::{self, shock as rshock, whatif as rw, Format};
use shockgraph::shock::{EdgeShock, Params};
use shockgraph::Network;

use super::progress::Bar;
use super::shock::edge_arg;
use super::values::ModelArg;
use super::{emit, load, report_format, usage, CliResult, Global};

/// Reverse stress test: the smallest haircut on --node (or on the edges of one --edge
/// FROM:TO[:KIND]) that puts --target into default (or its distress at or above --level),
/// found by bisection to 1e-6 on the monotone response, with the cascade at that point.
/// `--target any` looks for the first default anywhere.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph tipping --node openai --target oracle
  graph tipping --node openai --target microsoft --level 0.5
  graph tipping --node anthropic --target any --model threshold --format json
  graph tipping --edge openai:oracle --target oracle --edge openai:microsoft=0.5")]
pub struct TippingCmd {
    /// Node whose haircut grows.
    #[arg(long, value_name = "ID")]
    pub node: Option<String>,
    /// `FROM:TO[:KIND]` (once, instead of --node): the edges whose haircut grows;
    /// `FROM:TO[:KIND]=H`: a fixed edge shock applied at every step (repeatable).
    #[arg(long = "edge", id = "edge", value_name = "FROM:TO[:KIND][=H]")]
    pub edges: Vec<String>,
    /// Node that should tip, or `any`.
    #[arg(long, value_name = "ID|any")]
    pub target: String,
    /// Distress level that counts as tipping (1 = default).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub level: f64,
    /// Shock model.
    #[arg(long, value_enum, default_value = "debtrank")]
    pub model: ModelArg,
    /// Rogers–Veraart alpha (eisenberg-noe).
    #[arg(long, allow_negative_numbers = true)]
    pub alpha: Option<f64>,
    /// Rogers–Veraart beta (eisenberg-noe).
    #[arg(long, allow_negative_numbers = true)]
    pub beta: Option<f64>,
}

impl TippingCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "tipping")?;
        let net = load(g)?;
        let (lever, fixed) = self.lever(&net)?;
        let target = if self.target == "any" {
            Target::Any
        } else {
            Target::Node(net.node(&self.target)?)
        };
        let params = Params::default()
            .with_alpha(self.alpha.unwrap_or(1.0))?
            .with_beta(self.beta.unwrap_or(1.0))?;
        let bar = Bar::new(g, "tipping", "shocks");
        let t = analysis::tipping_with_progress(
            &net,
            self.model.0,
            &lever,
            &fixed,
            target,
            self.level,
            &params,
            &|d, n| bar.update(d, n),
        )?;
        bar.finish();
        let rep = rw::TippingReport {
            node: self.node.clone(),
            edge: match &lever {
                Lever::Edges { label, .. } => Some(label.clone()),
                Lever::Node(_) => None,
            },
            target: self.target.clone(),
            level: self.level,
            haircut: t.haircut,
            tipped: t.tipped.map(|i| net.id(i).to_string()),
            shock: rshock::build(&net, &t.shock, false),
        };
        let text = match fmt {
            Format::Table => rw::tipping_table(&net, &rep),
            Format::Json => report::to_json(&rep),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let what = if rep.node.is_some() { "node" } else { "edge" };
                w.write_record([what, "target", "level", "haircut", "tipped"])
                    .expect("csv");
                w.write_record([
                    rep.node.clone().or(rep.edge.clone()).unwrap_or_default(),
                    rep.target.clone(),
                    rep.level.to_string(),
                    rep.haircut.map(|h| h.to_string()).unwrap_or_default(),
                    rep.tipped.clone().unwrap_or_default(),
                ])
                .expect("csv");
                String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
            }
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}

impl TippingCmd {
    /// The lever (--node, or the one --edge without =H) and the fixed edge shocks.
    fn lever(&self, net: &Network) -> CliResult<(Lever, Vec<EdgeShock>)> {
        let mut levers = Vec::new();
        if let Some(n) = &self.node {
            levers.push(Lever::Node(net.node(n)?));
        }
        let mut fixed = Vec::new();
        for spec in &self.edges {
            let a = edge_arg(net, spec)?;
            match a.haircut {
                Some(h) => fixed.extend(a.edges.iter().map(|&e| EdgeShock::new(e, h))),
                None => levers.push(Lever::Edges {
                    label: a.label,
                    edges: a.edges,
                }),
            }
        }
        if levers.len() != 1 {
            return Err(usage(
                "tipping",
                if levers.is_empty() {
                    "no haircut to grow".to_string()
                } else {
                    "give one haircut to grow, not several".to_string()
                },
                Some("give --node ID, or one --edge FROM:TO[:KIND] without =H (--edge FROM:TO=H adds fixed edge shocks)"),
            ));
        }
        Ok((levers.remove(0), fixed))
    }
}
