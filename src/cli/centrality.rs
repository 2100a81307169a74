//! `graph centrality`: centrality measures on the graph as written.

use clap::Args;
use shockgraph::centrality::sampled::{self, Sampling};
use shockgraph::centrality::{self, Convergence, Measure, Params, Scores, View};
use shockgraph::report::{self, centrality as rc, Format};
use shockgraph::{Error, Network};

use super::values::MeasureArg;
use super::{emit, load, report_format, usage, CliResult, Global};

const EXAMPLES: &str = "\
Examples:
  graph centrality --measure pagerank                    who the money flows to
  graph centrality --measure pagerank --personalization openai=1 --format json
  graph centrality --measure katz                        alpha min(0.1, 0.9/lambda_max)
  graph centrality --measure katz --alpha 0.002          an explicit alpha < 1/lambda_max
  graph centrality --measure betweenness --weighted      distances 1/amount
  graph centrality --measure betweenness --samples 100   estimated from 100 sources (seed 0)
  graph centrality --all --top 15                        every measure, one column each
  graph centrality --all --format csv > centralities.csv

Measures (edges as written, from -> to; weight = amount where weighted; NetworkX's defaults and
normalisations, converged to --tol 1e-12; docs/centrality.md has the definitions):
  in-degree, out-degree      distinct in-/out-neighbours / (n-1)
  in-strength, out-strength  sum of the amounts in / out
  pagerank                   alpha 0.85, weighted, dangling rank spread as NetworkX does
  eigenvector                left eigenvector (in-edges), weighted, L2 norm 1
  katz                       alpha min(0.1, 0.9/lambda_max), beta 1, weighted, L2 norm 1
  hubs, authorities          HITS, weighted, each sums to 1
  betweenness                shortest paths, normalised 1/((n-1)(n-2)); hop counts unless --weighted
                             --samples K: estimate from K sources (Brandes-Pich), NetworkX's k=
  closeness, harmonic        distances from the other nodes to the node; hop counts unless --weighted";

/// Centrality of every node: degree, strength, PageRank, eigenvector, Katz, HITS, betweenness,
/// closeness, harmonic; the numbers NetworkX gives on the same edge list.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CentralityCmd {
    /// The measure to compute.
    #[arg(
        long,
        value_enum,
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub measure: Option<MeasureArg>,
    /// Every measure, one column each (a measure that fails, e.g. Katz diverging, is left out
    /// with the reason).
    #[arg(long)]
    pub all: bool,
    /// PageRank damping factor (default 0.85) or Katz attenuation factor (default 0.1, or
    /// 0.9 / lambda_max where 0.1 would diverge; an explicit one must be below 1 / lambda_max,
    /// lambda_max the largest eigenvalue of the amount-weighted adjacency).
    #[arg(long, value_name = "A")]
    pub alpha: Option<f64>,
    /// Katz constant term (default 1; it cancels out of the normalised scores).
    #[arg(long, value_name = "B")]
    pub beta: Option<f64>,
    /// PageRank personalization: a node and its weight (repeatable); the teleport and the rank
    /// of dangling nodes go to these nodes in proportion to the weights.
    #[arg(long = "personalization", value_name = "ID=W")]
    pub personalization: Vec<String>,
    /// Betweenness, closeness, harmonic: use distance 1/amount (large commitments are short
    /// links) instead of hop counts.
    #[arg(long)]
    pub weighted: bool,
    /// Betweenness: estimate it from K source nodes drawn at random (Brandes & Pich 2007,
    /// scaled as NetworkX's `k=K`; cost K searches instead of one per node). K >= 2; K >= the
    /// node count gives the exact value.
    #[arg(long, value_name = "K")]
    pub samples: Option<usize>,
    /// Seed of the --samples draw: the same K and seed give the same result on any machine and
    /// thread count [default: 0].
    #[arg(long, value_name = "S", requires = "samples")]
    pub seed: Option<u64>,
    /// Iterative measures (pagerank, eigenvector, katz, hubs, authorities): most iterations
    /// [default: 10000].
    #[arg(long, value_name = "N")]
    pub max_iter: Option<usize>,
    /// Iterative measures: stop when the L1 change of the scores is below n * TOL
    /// [default: 1e-12; NetworkX's is 1e-6].
    #[arg(long, value_name = "TOL")]
    pub tol: Option<f64>,
    /// How many nodes the table lists (JSON and CSV list all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
}

fn parse_personalization(net: &Network, items: &[String]) -> CliResult<Option<Vec<f64>>> {
    if items.is_empty() {
        return Ok(None);
    }
    let mut p = vec![0.0; net.node_count()];
    let mut seen = vec![false; net.node_count()];
    for item in items {
        let Some((id, w)) = item.split_once('=') else {
            return Err(usage(
                "--personalization",
                format!("`{item}` is not ID=W"),
                Some("e.g. --personalization openai=1 --personalization anthropic=0.5"),
            ));
        };
        let i = net.node(id.trim())?.index();
        let w: f64 = w.trim().parse().map_err(|_| {
            usage(
                "--personalization",
                format!("weight `{w}` of `{id}` is not a number"),
                None,
            )
        })?;
        if seen[i] {
            return Err(usage(
                "--personalization",
                format!("`{id}` is given twice"),
                None,
            ));
        }
        seen[i] = true;
        p[i] = w;
    }
    Ok(Some(p))
}

impl CentralityCmd {
    /// Refuses options that do not apply to the chosen measure(s).
    fn check_options(&self) -> CliResult<()> {
        if let Some(k) = self.samples {
            Sampling::new(k).check()?;
        }
        let applies = |flag: &str, ok: bool, to: &str| -> CliResult<()> {
            if ok {
                Ok(())
            } else {
                Err(usage(
                    flag,
                    format!(
                        "applies only to {to}, not to {}",
                        self.measure.map_or("--all", |m| m.0.name())
                    ),
                    Some("`graph centrality --help` lists which options each measure takes"),
                ))
            }
        };
        match self.measure {
            None => {
                if self.alpha.is_some() || self.beta.is_some() {
                    return Err(usage(
                        "--alpha/--beta",
                        "with --all, alpha would mean both pagerank's damping and katz's \
                         attenuation",
                        Some("run --measure pagerank --alpha A or --measure katz --alpha A on its own"),
                    ));
                }
                Ok(())
            }
            Some(MeasureArg(m)) => {
                applies(
                    "--alpha",
                    self.alpha.is_none() || matches!(m, Measure::Pagerank | Measure::Katz),
                    "pagerank and katz",
                )?;
                applies("--beta", self.beta.is_none() || m == Measure::Katz, "katz")?;
                applies(
                    "--personalization",
                    self.personalization.is_empty() || m == Measure::Pagerank,
                    "pagerank",
                )?;
                applies(
                    "--weighted",
                    !self.weighted || m.is_path_based(),
                    "betweenness, closeness and harmonic (the other weighted measures always \
                     use the amounts)",
                )?;
                applies(
                    "--samples/--seed",
                    self.samples.is_none() || m == Measure::Betweenness,
                    "betweenness (closeness and harmonic are always exact: their sampled \
                     estimates are not NetworkX's)",
                )?;
                applies(
                    "--max-iter/--tol",
                    (self.max_iter.is_none() && self.tol.is_none()) || m.is_iterative(),
                    "the iterative measures (pagerank, eigenvector, katz, hubs, authorities)",
                )
            }
        }
    }

    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "centrality")?;
        self.check_options()?;
        let net = load(g)?;
        let params = Params {
            alpha: self.alpha,
            beta: self.beta,
            personalization: parse_personalization(&net, &self.personalization)?,
            weighted: self.weighted,
            convergence: Convergence {
                max_iter: self.max_iter.unwrap_or(centrality::DEFAULT_MAX_ITER),
                tol: self.tol.unwrap_or(centrality::DEFAULT_TOL),
            },
            sampling: self.samples.map(|samples| Sampling {
                samples,
                seed: self.seed.unwrap_or(sampled::DEFAULT_SEED),
            }),
        };
        params.convergence.check()?;
        super::limits::check(g, super::limits::MAX_ITER, params.convergence.max_iter)?;
        let view = View::new(&net);
        let text = if let Some(MeasureArg(m)) = self.measure {
            let scores = centrality::compute(&view, m, &params)?;
            let rep = rc::build(&net, &scores, &params);
            match fmt {
                Format::Table => rc::to_table(&net, &rep, &params, self.top),
                Format::Json => report::to_json(&rep),
                Format::Csv => rc::to_csv(&rep),
            }
        } else {
            let mut ok: Vec<Scores> = Vec::new();
            let mut left_out = Vec::new();
            for (m, r) in centrality::compute_many(&view, &Measure::ALL, &params) {
                match r {
                    Ok(s) => ok.push(s),
                    Err(e @ Error::InvalidParameter { .. }) => return Err(e.into()),
                    Err(e) => left_out.push(rc::LeftOut {
                        measure: m,
                        reason: super::CliError::from(e).to_string(),
                    }),
                }
            }
            let rep = rc::build_all(&net, &ok, left_out, &params);
            if fmt != Format::Table {
                for l in &rep.left_out {
                    g.note(&format!("{} left out: {}", l.measure, l.reason));
                }
            }
            match fmt {
                Format::Table => rc::to_table_all(&rep, &params, self.top),
                Format::Json => report::to_json(&rep),
                Format::Csv => rc::to_csv_all(&rep),
            }
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Cli;
    use clap::Parser;

    #[test]
    fn measure_or_all_is_required_and_exclusive() {
        assert!(Cli::try_parse_from(["graph", "centrality"]).is_err());
        assert!(
            Cli::try_parse_from(["graph", "centrality", "--all", "--measure", "katz"]).is_err()
        );
        assert!(Cli::try_parse_from(["graph", "centrality", "--measure", "page-rank"]).is_err());
        assert!(Cli::try_parse_from([
            "graph",
            "centrality",
            "--measure",
            "pagerank",
            "--personalization",
            "openai=1",
            "--personalization",
            "anthropic=2"
        ])
        .is_ok());
    }
}
