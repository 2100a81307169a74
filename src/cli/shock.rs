//! `graph shock`: who loses what, round by round.

use std::path::PathBuf;

use clap::Args;
use shockgraph::analysis::{self, shard, SampleConfig, Shard};
use shockgraph::io::library;
use shockgraph::io::scenario::{Plan, Scenario};
use shockgraph::report::dot::{self, DotOptions, Overlay};
use shockgraph::report::{self, shard as rshard, shock as rshock, Format};
use shockgraph::shock::{self, EdgeShock, Haircut, Model, Params, Shock, Trace};
use shockgraph::Network;

use super::progress::Bar;
use super::values::{DistArg, ModelArg};
use super::{emit, load_for, report_format, usage, write_file, CliResult, Global};

/// Which nodes are shocked and how (shared by `shock` and `export`).
#[derive(Debug, Args, Clone, Default)]
pub struct ShockArgs {
    /// Node whose growth stalls (repeatable); each gets --haircut.
    #[arg(long = "node", id = "node", value_name = "ID")]
    pub nodes: Vec<String>,
    /// Share of the value of every claim on the --node nodes that is lost, in [0, 1]
    /// (default 1: full default).
    #[arg(long, value_name = "H", allow_negative_numbers = true)]
    pub haircut: Option<f64>,
    /// A node and its own haircut, `ID=H` (repeatable).
    #[arg(
        long = "shock",
        id = "shock",
        value_name = "ID=H",
        allow_hyphen_values = true
    )]
    pub shocks: Vec<String>,
    /// An edge and its own haircut, `FROM:TO[:KIND]=H` (repeatable): the claim on that edge
    /// loses the share H (every model; see docs/shock-models.md). Without KIND, every edge
    /// FROM -> TO.
    #[arg(long = "edge", id = "edge", value_name = "FROM:TO[:KIND]=H")]
    pub edges: Vec<String>,
    /// Scenario file (JSON): {"model": "...", "shocks": [{"node": "openai", "haircut": 0.5}],
    /// "alpha": 1, "beta": 1}, or the name of one in the library (`graph scenarios`).
    /// Command-line flags add to and override it.
    #[arg(long, value_name = "FILE|NAME")]
    pub scenario: Option<PathBuf>,
    /// Shock model.
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    /// Rogers–Veraart: share of external assets a defaulted node realises (eisenberg-noe).
    #[arg(long, allow_negative_numbers = true)]
    pub alpha: Option<f64>,
    /// Rogers–Veraart: share of claims on others a defaulted node realises (eisenberg-noe).
    #[arg(long, allow_negative_numbers = true)]
    pub beta: Option<f64>,
    /// Stop propagation after this many rounds (the result says it did not converge).
    #[arg(long, default_value_t = 1_000_000)]
    pub max_rounds: usize,
    /// Differential DebtRank: hold back distress increments at or below this.
    #[arg(long, default_value_t = shock::TOLERANCE)]
    pub tolerance: f64,
}

/// What a haircut flag's value may be, in the words of the command line.
fn flag_haircut(flag: &str, id: &str, h: f64) -> CliResult<Haircut> {
    Haircut::new(h).map_err(|_| {
        usage(
            flag,
            format!("the haircut on `{id}` is {h}, but it must be in [0, 1]"),
            Some("0.5 means every claim on the node loses half its value; 1 is a full default"),
        )
    })
}

const EDGE_HINT: &str =
    "for example --edge openai:oracle=1 or --edge openai:oracle:compute_commitment=0.5";

/// One `--edge` value: the selector `FROM:TO[:KIND]` as written, the edges it names, and the
/// haircut when `=H` is given.
pub(super) struct EdgeArg {
    pub label: String,
    pub edges: Vec<shockgraph::EdgeId>,
    pub haircut: Option<Haircut>,
}

/// Parses `FROM:TO[:KIND]` or `FROM:TO[:KIND]=H` against `net` (convention 5: the selection is
/// [`shock::edge::select`]'s).
pub(super) fn edge_arg(net: &Network, spec: &str) -> CliResult<EdgeArg> {
    let bad = |m: String| usage("--edge", m, Some(EDGE_HINT));
    let (ends, hs) = match spec.split_once('=') {
        Some((e, h)) => (e, Some(h)),
        None => (spec, None),
    };
    let parts: Vec<&str> = ends.split(':').map(str::trim).collect();
    let (from, to, kind) = match parts.as_slice() {
        [f, t] => (*f, *t, None),
        [f, t, k] => (*f, *t, Some(*k)),
        _ => return Err(bad(format!("`{spec}` is not of the form FROM:TO[:KIND]=H"))),
    };
    let haircut = match hs {
        Some(hs) => {
            let h: f64 = hs
                .trim()
                .parse()
                .map_err(|_| bad(format!("the haircut in `{spec}` is not a number")))?;
            Some(flag_haircut("--edge", ends, h)?)
        }
        None => None,
    };
    let edges = shock::edge::select(net, from, to, kind).map_err(|e| match e {
        shockgraph::Error::InvalidParameter { message, .. } => bad(message),
        other => other.into(),
    })?;
    Ok(EdgeArg {
        label: parts.join(":"),
        edges,
        haircut,
    })
}

/// The edges `FROM:TO[:KIND]=H` names, each with haircut H.
fn edge_shocks(net: &Network, spec: &str) -> CliResult<Vec<EdgeShock>> {
    let a = edge_arg(net, spec)?;
    let h = a.haircut.ok_or_else(|| {
        usage(
            "--edge",
            format!("`{spec}` is not of the form FROM:TO[:KIND]=H"),
            Some(EDGE_HINT),
        )
    })?;
    Ok(a.edges.into_iter().map(|e| EdgeShock::new(e, h)).collect())
}

impl ShockArgs {
    /// Whether any shock was asked for.
    pub fn any(&self) -> bool {
        !self.nodes.is_empty()
            || !self.shocks.is_empty()
            || !self.edges.is_empty()
            || self.scenario.is_some()
    }

    /// The scenario (file or library name), if one is given.
    pub fn scenario_file(&self) -> CliResult<Option<Scenario>> {
        Ok(match &self.scenario {
            Some(path) => Some(library::read_scenario(path)?),
            None => None,
        })
    }

    /// The scenario file (if any) with the flags' model and parameters over it, checked
    /// against `net`, plus the flags' shocks.
    pub fn plan(&self, net: &Network, trace: bool) -> CliResult<Plan> {
        let mut sc = match &self.scenario {
            Some(path) => library::read_scenario(path)?,
            None => Scenario::default(),
        };
        if sc.is_stall() {
            return Err(usage(
                "--scenario",
                format!(
                    "{} is a growth-stall scenario, not a shock",
                    self.scenario
                        .as_deref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                ),
                Some("run it with graph stall --scenario; graph scenarios lists which is which"),
            ));
        }
        if let Some(m) = self.model {
            sc.model = Some(m.0.name().to_string());
        }
        if self.alpha.is_some() {
            sc.alpha = self.alpha;
        }
        if self.beta.is_some() {
            sc.beta = self.beta;
        }
        let model = sc.model.as_deref().and_then(Model::parse);
        if (self.alpha.is_some() || self.beta.is_some()) && model != Some(Model::EisenbergNoe) {
            return Err(usage(
                "--alpha/--beta",
                format!(
                    "default costs belong to eisenberg-noe, not {}",
                    model.unwrap_or(Model::DebtRank).name()
                ),
                Some("add --model eisenberg-noe"),
            ));
        }
        if self.haircut.is_some() && self.nodes.is_empty() {
            return Err(usage(
                "--haircut",
                "--haircut applies to the --node nodes, but none is given",
                Some("graph shock --node openai --haircut 0.5"),
            ));
        }
        let mut pairs: Vec<(String, f64, &'static str)> = Vec::new();
        let h = self.haircut.unwrap_or(1.0);
        for n in &self.nodes {
            pairs.push((n.clone(), h, "--haircut"));
        }
        for s in &self.shocks {
            let (id, hs) = s.split_once('=').ok_or_else(|| {
                usage(
                    "--shock",
                    format!("`{s}` is not of the form ID=H"),
                    Some("for example --shock openai=0.5"),
                )
            })?;
            let hv: f64 = hs.trim().parse().map_err(|_| {
                usage(
                    "--shock",
                    format!("the haircut in `{s}` is not a number"),
                    Some("for example --shock openai=0.5"),
                )
            })?;
            pairs.push((id.trim().to_string(), hv, "--shock"));
        }
        let base = Params::default()
            .with_max_rounds(self.max_rounds)
            .with_trace(if trace { Trace::On } else { Trace::Off });
        let mut plan = sc.resolve(net, base)?;
        for (id, h, flag) in pairs {
            let node = net.node(&id)?;
            plan.shocks
                .push(Shock::new(node, flag_haircut(flag, &id, h)?));
        }
        for e in &self.edges {
            plan.edges.extend(edge_shocks(net, e)?);
        }
        plan.params = plan.params.with_tolerance(self.tolerance)?;
        Ok(plan)
    }
}

/// Run a shock: who loses what, round by round, if nodes' growth stalls and every claim on
/// them loses the haircut share of its value.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph shock --node openai --haircut 0.5
  graph shock --node openai --node anthropic --haircut 0.3 --trace
  graph shock --shock openai=0.5 --shock anthropic=0.2 --model threshold
  graph shock --node openai --model eisenberg-noe --alpha 0.5 --beta 0.9 --format json
  graph shock --node openai --haircut 0.5 --dot shock.dot --svg shock.svg
  graph shock --node openai --haircut 0.5 --samples 1000 --seed 7
  graph shock --node openai --samples 1000 --shard 2/4 --format json -o s2.json
                                     (one slice of the draws; `graph merge` joins the four)

Models: debtrank (default; Bardoscia et al. 2015), debtrank-classic (Battiston et al. 2012),
threshold (Furfine 2003, Gai & Kapadia 2010), eisenberg-noe (Eisenberg & Noe 2001, with
Rogers & Veraart 2013 default costs via --alpha/--beta). See docs/shock-models.md.")]
pub struct ShockCmd {
    #[command(flatten)]
    pub shock: ShockArgs,
    /// Add the round-by-round table (JSON: a `trace` list).
    #[arg(long)]
    pub trace: bool,
    /// How many nodes the table lists (JSON and CSV list all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
    /// Also write the diagram coloured by distress as DOT to FILE.
    #[arg(long, value_name = "FILE")]
    pub dot: Option<PathBuf>,
    /// Also write the diagram as SVG to FILE (needs Graphviz `dot`).
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Draw only the N nodes with the largest losses in diagrams (shocked and defaulted
    /// nodes first).
    #[arg(long, value_name = "N")]
    pub diagram_top: Option<usize>,
    /// Draw every uncertain figure (nodes' and edges' low/high) N times and report loss
    /// percentiles (p5, p50, p95) and default probabilities.
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Seed of the draws (same seed, same output, on any number of threads).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Distribution of a figure in its range.
    #[arg(long, value_enum, default_value = "uniform")]
    pub dist: DistArg,
    /// With --samples: compute only slice K of N of the draws (draw s is in slice s mod N + 1)
    /// and write it as a JSON shard file for `graph merge`. Needs --format json.
    #[arg(long, value_name = "K/N", requires = "samples")]
    pub shard: Option<String>,
}

impl ShockCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "shock")?;
        let shard = match &self.shard {
            Some(spec) => {
                let s: Shard = spec.parse()?;
                super::rank::check_shard_format(fmt, "shock")?;
                if self.dot.is_some() || self.svg.is_some() {
                    return Err(usage(
                        "--shard",
                        "a shard writes no diagram",
                        Some("draw it with one run without --shard: graph shock ... --dot FILE"),
                    ));
                }
                Some(s)
            }
            None => None,
        };
        let net = load_for(g, self.shock.scenario_file()?.as_ref())?;
        if !self.shock.any() {
            return Err(usage(
                "shock",
                "no node to shock",
                Some("give --node ID --haircut H, --shock ID=H, --edge FROM:TO=H, or --scenario FILE"),
            ));
        }
        let plan = self.shock.plan(&net, self.trace)?;
        let r = shock::run_with_edges(&net, plan.model, &plan.shocks, &plan.edges, &plan.params)?;
        let mut rep = rshock::build(&net, &r, self.trace);
        if let Some(k) = self.samples {
            if !plan.edges.is_empty() {
                return Err(usage(
                    "--samples",
                    "uncertainty sampling does not take edge shocks yet",
                    Some("drop --samples or --edge"),
                ));
            }
            super::limits::check_samples(g, k, net.node_count())?;
            let bar = Bar::new(g, "sample", "draws");
            let config = SampleConfig {
                samples: k,
                seed: self.seed,
                dist: self.dist.0,
            };
            if let Some(shard) = shard {
                let part = shard::sample_shard(
                    &net,
                    plan.model,
                    &plan.shocks,
                    &plan.params,
                    config,
                    shard,
                    &|d, t| bar.update(d, t),
                )?;
                bar.finish();
                let parameters = serde_json::json!({
                    "model": plan.model.name(),
                    "shocks": rep.shocks,
                    "parameters": rep.parameters,
                    "max_rounds": plan.params.max_rounds(),
                    "samples": k,
                    "seed": self.seed,
                    "dist": self.dist.0.name(),
                    "trace": self.trace,
                });
                let doc = rshard::sample_partial(&net, &part, &rep, parameters);
                emit(g, report::to_json(&doc).as_bytes())?;
                return Ok(0);
            }
            let summary = analysis::sample_with_progress(
                &net,
                plan.model,
                &plan.shocks,
                &plan.params,
                config,
                &|d, t| bar.update(d, t),
            )?;
            bar.finish();
            rshock::add_samples(&net, &mut rep, &summary);
        }
        let text = match fmt {
            Format::Table => rshock::to_table(&net, &rep, self.top),
            Format::Json => report::to_json(&rep),
            Format::Csv => rshock::to_csv(&rep),
        };
        let mut svg_failed = None;
        if self.dot.is_some() || self.svg.is_some() {
            let dot = dot::to_dot(
                &net,
                &DotOptions {
                    overlay: Some(Overlay::of_shock(&net, &r)),
                    top: self.diagram_top,
                },
            );
            if let Some(p) = &self.svg {
                match render_svg(&dot, "shock") {
                    Ok(svg) => write_file(p, &svg)?,
                    Err(e) => svg_failed = Some(e),
                }
            }
            if let Some(p) = &self.dot {
                write_file(p, dot.as_bytes())?;
            }
        }
        emit(g, text.as_bytes())?;
        // The table (and --dot) are out; the SVG that could not be made fails the run (exit 1).
        match svg_failed {
            Some(e) => Err(e.into()),
            None => Ok(0),
        }
    }
}

/// Renders a diagram as SVG; without Graphviz the error's hint names `graph COMMAND --dot`,
/// which writes the same diagram as DOT to render elsewhere.
pub(super) fn render_svg(dot: &str, command: &str) -> shockgraph::Result<Vec<u8>> {
    dot::to_svg(dot).map_err(|e| match e {
        shockgraph::Error::Tool { message, .. } if message == dot::NO_GRAPHVIZ => {
            shockgraph::Error::Tool {
                message,
                hint: format!(
                    "write the diagram as DOT with `graph {command} ... --dot FILE` and render it \
                     where Graphviz is (`dot -Tsvg FILE -o FILE.svg`), or install Graphviz \
                     (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`)"
                ),
            }
        }
        e => e,
    })
}
