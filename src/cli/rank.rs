//! `graph rank`: systemic importance of every node.

use clap::Args;
use shockgraph::analysis::{self, shard, Centralities, Shard, SortBy};
use shockgraph::report::{self, rank as rrank, shard as rshard, Format};
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
  RAYON_NUM_THREADS=1 graph rank --format json   (same output as with all cores)

On several machines (docs/scaling.md), each runs one slice of the sources:
  graph rank --shard 1/2 --format json -o rank-1.json
  graph rank --shard 2/2 --format json -o rank-2.json
  graph merge rank-1.json rank-2.json        (the output of `graph rank`)")]
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
    /// Compute only slice K of N of the sources (blocks of 8 node indices dealt round robin;
    /// shard 1 also computes the centrality columns) and write it as a JSON shard file for
    /// `graph merge`. Needs --format json.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
}

/// The note of a ranking without its centrality columns.
pub(super) const NO_CENTRALITY_NOTE: &str = "centrality columns left out (--no-centrality)";

/// Refuses a table or CSV from a shard: a shard writes a partial result as JSON.
pub(super) fn check_shard_format(fmt: Format, command: &str) -> CliResult<()> {
    if fmt == Format::Json {
        return Ok(());
    }
    Err(usage(
        "--shard",
        format!(
            "a shard of `graph {command}` is a partial result, written as JSON only, not as a {}",
            if fmt == Format::Csv { "CSV" } else { "table" }
        ),
        Some("add --format json -o FILE, then combine the files with `graph merge FILE...`"),
    ))
}

/// The `--by` column of `graph rank` and `graph merge`.
pub(super) fn parse_by(by: &str) -> CliResult<SortBy> {
    by.parse().map_err(|m: String| {
        usage(
            "--by",
            m,
            Some(&format!(
                "one of: {}",
                SortBy::ALL.map(SortBy::name).join(", ")
            )),
        )
    })
}

impl RankCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "rank")?;
        let by = parse_by(&self.by)?;
        let haircut = Haircut::new(self.haircut).map_err(|_| {
            usage(
                "--haircut",
                format!("{} is not in [0, 1]", self.haircut),
                Some("1 is a full default"),
            )
        })?;
        let params = Params::default().with_tolerance(self.tolerance)?;
        let centralities = if self.no_centrality {
            Centralities::Skip
        } else {
            Centralities::Include
        };
        if let Some(spec) = &self.shard {
            let shard: Shard = spec.parse()?;
            check_shard_format(fmt, "rank")?;
            if by != SortBy::Rank {
                return Err(usage(
                    "--by",
                    "a shard is not sorted: it holds one slice of the rows",
                    Some("give --by to `graph merge`"),
                ));
            }
            let net = load(g)?;
            let total = shard.sources(net.node_count()).len();
            let bar = Bar::new(g, "rank", "shocks");
            let part = shard::rank_shard(
                &net,
                self.model.0,
                haircut,
                &params,
                centralities,
                shard,
                &|d| bar.update(d, total),
            )?;
            bar.finish();
            let parameters = serde_json::json!({
                "model": self.model.0.name(),
                "haircut": haircut.get(),
                "tolerance": params.tolerance(),
                "centralities": !self.no_centrality,
            });
            let doc = rshard::rank_partial(&net, &part, parameters);
            emit(g, report::to_json(&doc).as_bytes())?;
            return Ok(0);
        }
        let net = load(g)?;
        let n = net.node_count();
        let bar = Bar::new(g, "rank", "shocks");
        let mut r = analysis::rank(&net, self.model.0, haircut, &params, centralities, &|d| {
            bar.update(d, n);
        })?;
        bar.finish();
        if self.no_centrality {
            r.notes.push(NO_CENTRALITY_NOTE.into());
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
