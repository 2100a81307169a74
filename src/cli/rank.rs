//! `graph rank`: systemic importance of every node.

use clap::Args;
use shockgraph::analysis::{self, Centralities, SortBy};
use shockgraph::report::{self, rank as rrank, Format};
use shockgraph::shock::{self, Haircut, Params};

use super::progress::Bar;
use super::values::ModelArg;
use super::{emit, load, report_format, usage, CliResult, Global};

/// Systemic importance of every node: the impact of its failure (each node alone gets
/// --haircut, default 1, under --model), how many others it pushes into distress and default,
/// its vulnerability (mean distress over the other nodes' failures), and PageRank,
/// eigenvector and betweenness centrality. The all-node sweep runs in parallel; the result is
/// the same on any number of threads.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph rank
  graph rank --by vulnerability --top 10
  graph rank --model threshold --haircut 0.5 --format csv > rank.csv
  RAYON_NUM_THREADS=1 graph rank --format json   (same output as with all cores)")]
pub struct RankCmd {
    /// Shock model of the sweep.
    #[arg(long, value_enum, default_value = "debtrank")]
    pub model: ModelArg,
    /// Haircut each node gets in its own shock.
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub haircut: f64,
    /// Sort the listing by this column (rank, impact, total_loss, distressed, defaulted,
    /// vulnerability, pagerank, eigenvector, betweenness).
    #[arg(long, default_value = "rank")]
    pub by: String,
    /// How many nodes the table lists (JSON and CSV list all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
    /// Leave out the centrality columns.
    #[arg(long)]
    pub no_centrality: bool,
    /// Differential DebtRank: hold back distress increments at or below this (default 1e-14).
    /// A ranking rarely needs more than 1e-9, which makes big sweeps several times faster.
    #[arg(long, default_value_t = shock::TOLERANCE)]
    pub tolerance: f64,
}

impl RankCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "rank")?;
        let by: SortBy = self.by.parse().map_err(|m: String| {
            usage(
                "--by",
                m,
                Some(&format!(
                    "one of: {}",
                    SortBy::ALL.map(SortBy::name).join(", ")
                )),
            )
        })?;
        let haircut = Haircut::new(self.haircut).map_err(|_| {
            usage(
                "--haircut",
                format!("{} is not in [0, 1]", self.haircut),
                Some("1 is a full default"),
            )
        })?;
        let params = Params::default().with_tolerance(self.tolerance)?;
        let net = load(g)?;
        let n = net.node_count();
        let bar = Bar::new(g, "rank", "shocks");
        let centralities = if self.no_centrality {
            Centralities::Skip
        } else {
            Centralities::Include
        };
        let mut r = analysis::rank(&net, self.model.0, haircut, &params, centralities, &|d| {
            bar.update(d, n);
        })?;
        bar.finish();
        if self.no_centrality {
            r.notes
                .push("centrality columns left out (--no-centrality)".into());
        }
        let rep = rrank::build(&net, &r, by);
        let text = match fmt {
            Format::Table => rrank::to_table(&net, &rep, &r, self.top),
            Format::Json => report::to_json(&rep),
            Format::Csv => rrank::to_csv(&rep),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}
