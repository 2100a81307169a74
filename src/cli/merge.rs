//! `graph merge`: the shard files of one sharded run into its unsharded output.

use std::path::PathBuf;

use clap::Args;
use shockgraph::analysis::SortBy;
use shockgraph::report::shard::{self as rshard, Merged, MergedRank, MergedShock};
use shockgraph::report::{self, rank as rrank, shock as rshock, Format};

use super::rank::{parse_by, NO_CENTRALITY_NOTE};
use super::{emit, report_format, usage, CliResult, Global};

/// Combine the shard files of `graph rank --shard K/N` (or of `graph shock --samples S --shard
/// K/N`) into exactly the output of the unsharded command. The files may come in any order;
/// every slice 1..N must be there once, all of one graph and of the same parameters. Reads no
/// graph: the files carry what the output needs.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph rank --shard 1/2 --format json -o rank-1.json
  graph rank --shard 2/2 --format json -o rank-2.json
  graph merge rank-1.json rank-2.json                  (the table of `graph rank`)
  graph merge rank-2.json rank-1.json --format json -o rank.json
                                          (the bytes of `graph rank --format json`)
  graph merge rank-1.json rank-2.json --by vulnerability --top 10
  graph shock --node openai --samples 1000 --shard 1/2 --format json -o draws-1.json
  graph shock --node openai --samples 1000 --shard 2/2 --format json -o draws-2.json
  graph merge draws-1.json draws-2.json --format csv   (`graph shock ... --samples 1000`)

On a cluster, a Slurm job array or a Kubernetes Indexed Job runs the slices (docs/scaling.md).")]
pub struct MergeCmd {
    /// The shard files (JSON), in any order.
    #[arg(value_name = "SHARD.json", required = true)]
    pub files: Vec<PathBuf>,
    /// A ranking: sort the listing by this column (as `graph rank --by`).
    #[arg(long, default_value = "rank")]
    pub by: String,
    /// How many nodes the table lists (JSON and CSV list all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
}

impl MergeCmd {
    /// The shard files (inputs an output must not overwrite).
    pub fn input_paths(&self) -> impl Iterator<Item = &std::path::Path> {
        self.files.iter().map(PathBuf::as_path)
    }

    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "merge")?;
        if g.graph.is_some() || g.nodes.is_some() {
            return Err(usage(
                "--graph/--nodes",
                "`graph merge` reads no graph: the shard files carry the graph's fingerprint and everything the output needs",
                Some("drop --graph and --nodes; give them to the shard runs"),
            ));
        }
        let by = parse_by(&self.by)?;
        let mut parts = Vec::with_capacity(self.files.len());
        for f in &self.files {
            let p = rshard::read_file(f)?;
            parts.push((shockgraph::io::input::display_name(f), p));
        }
        let text = match rshard::merge(&parts)? {
            Merged::Rank(m) => rank_text(*m, by, fmt, self.top),
            Merged::Shock(m) => {
                if by != SortBy::Rank {
                    return Err(usage(
                        "--by",
                        "these are shards of `graph shock`, whose nodes are listed by loss",
                        Some("--by sorts a merged ranking (shards of `graph rank`)"),
                    ));
                }
                shock_text(&m, fmt, self.top)
            }
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}

/// The output of `graph rank` from a merged ranking.
fn rank_text(mut m: MergedRank, by: SortBy, fmt: Format, top: usize) -> String {
    if !m.centralities {
        m.ranking.notes.push(NO_CENTRALITY_NOTE.into());
    }
    let rep = rrank::build_with(
        &|i| m.ids[i].as_str(),
        &|i| m.kinds[i].as_str(),
        &m.basis,
        &m.ranking,
        by,
    );
    match fmt {
        Format::Table => rrank::to_table_with(&m.basis_label, &rep, &m.ranking, top),
        Format::Json => report::to_json(&rep),
        Format::Csv => rrank::to_csv(&rep),
    }
}

/// The output of `graph shock --samples` from a merged sampling.
fn shock_text(m: &MergedShock, fmt: Format, top: usize) -> String {
    match fmt {
        Format::Table => rshock::to_table_with(&m.unit_label, &m.basis_label, &m.report, top),
        Format::Json => report::to_json(&m.report),
        Format::Csv => rshock::to_csv(&m.report),
    }
}
