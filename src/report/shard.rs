//! Shard files: the JSON "partial" results of `graph rank --shard K/N` and `graph shock
//! --samples S --shard K/N`, and their merge into the unsharded report (`docs/scaling.md`).
//!
//! A shard file carries its slice ([`crate::analysis::shard`]), the graph's
//! [`crate::analysis::Fingerprint`] and every parameter that shapes the result,
//! so that [`merge`] can refuse files that do not belong together and rebuild, from the files
//! alone (no graph), the report the unsharded command prints:
//!
//! - ranking: per source of the slice its id, kind and shock row; the slice's fixed-point
//!   vulnerability sums (sparse, exact integers); in shard 1 the centrality columns and their
//!   notes (whole-graph computations, done once);
//! - sampling: per draw of the slice its total loss, its non-zero losses and its defaulted
//!   nodes, by node index; in shard 1 the report of the shock at the figures as given, the
//!   node ids by index and the table's unit and basis labels.
//!
//! Numbers are written as `graph ... --format json` writes them (shortest round-trip form) and
//! read back exactly (`serde_json`'s `float_roundtrip`), so the merge is exact to the bit.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::shock::ShockReport;
use crate::analysis::shard::{self, Fingerprint, RankShard, SampleShard, Shard};
use crate::analysis::{CentralityColumns, Draw, Ranking, SampleConfig, SweepRow};
use crate::centrality::sampled::Sampling;
use crate::error::{Error, Result};
use crate::model::Network;
use crate::shock::{Haircut, Model};

/// The version of the shard file format, in the field `shockgraph_shard` that marks a file as
/// a shard. Format 2 (2026-12-07): a ranking's differential DebtRank rows come from one shock
/// per source; format 1 files came from a sweep that propagated 8 sources together, whose
/// figures differ in the last bits, so the two are never merged together.
pub const FORMAT_VERSION: u32 = 2;

/// The partition of a ranking's sources, as the files state it.
pub const SOURCE_PARTITION: &str =
    "sources in blocks of 8 consecutive node indices; block b belongs to shard (b mod N) + 1";

/// The partition of a sampling's draws, as the files state it.
pub const DRAW_PARTITION: &str = "draw s belongs to shard (s mod N) + 1";

/// The slice of a shard file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardNumber {
    /// K, 1-based.
    pub index: usize,
    /// N.
    pub count: usize,
}

/// The graph a shard was computed on ([`Fingerprint`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphPrint {
    /// Node count.
    pub nodes: usize,
    /// Edge count.
    pub edges: usize,
    /// The 64-bit hash, 16 hex digits.
    pub hash: String,
}

impl From<Fingerprint> for GraphPrint {
    fn from(f: Fingerprint) -> Self {
        GraphPrint {
            nodes: f.nodes,
            edges: f.edges,
            hash: format!("{:016x}", f.hash),
        }
    }
}

/// One source's row in a ranking shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRow {
    /// Node index.
    pub index: u32,
    /// Node id.
    pub id: String,
    /// Node kind.
    pub kind: String,
    /// Impact of its shock.
    pub impact: f64,
    /// Total loss of its shock.
    pub total_loss: f64,
    /// Other nodes distressed.
    pub distressed: usize,
    /// Other nodes defaulted.
    pub defaulted: usize,
}

/// The centrality columns of a ranking (shard 1), by node index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// PageRank.
    pub pagerank: Option<Vec<f64>>,
    /// Eigenvector centrality.
    pub eigenvector: Option<Vec<f64>>,
    /// Betweenness.
    pub betweenness: Option<Vec<f64>>,
    /// Notes on sampled or failed columns.
    pub notes: Vec<String>,
    /// Pivots of a sampled betweenness.
    pub betweenness_samples: Option<usize>,
    /// Seed of a sampled betweenness.
    pub betweenness_seed: Option<u64>,
}

/// A shard of `graph rank`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankPartial {
    /// [`FORMAT_VERSION`].
    pub shockgraph_shard: u32,
    /// `rank`.
    pub command: String,
    /// The slice.
    pub shard: ShardNumber,
    /// [`SOURCE_PARTITION`].
    pub partition: String,
    /// The graph.
    pub graph: GraphPrint,
    /// Model, haircut, tolerance, whether centralities are computed, basis and overrides.
    pub parameters: Value,
    /// The basis line of the table ([`super::basis::label`]).
    pub basis_label: String,
    /// The slice's sources.
    pub sources: Vec<SourceRow>,
    /// `[node index, sum]`: the slice's part of each node's vulnerability sum, in units of
    /// 2^-60 (non-zero ones only).
    pub vulnerability_sums: Vec<(u32, i128)>,
    /// Shard 1: the centrality columns.
    pub centrality: Option<Columns>,
}

/// One draw in a sampling shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawRow {
    /// The draw's number.
    pub draw: usize,
    /// Its total loss.
    pub total_loss: f64,
    /// `[node index, loss]` for every loss that is not 0.
    pub losses: Vec<(u32, f64)>,
    /// Indices of the nodes that end defaulted.
    pub defaulted: Vec<u32>,
}

/// What shard 1 of a sampling carries for the whole report.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShockWhole {
    /// The report of the shock at the figures as given (without the sampling fields).
    pub report: ShockReport,
    /// Node ids by index.
    pub ids: Vec<String>,
    /// The graph's unit label.
    pub unit_label: String,
    /// The basis line of the table.
    pub basis_label: String,
}

/// A shard of `graph shock --samples`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SamplePartial {
    /// [`FORMAT_VERSION`].
    pub shockgraph_shard: u32,
    /// `shock`.
    pub command: String,
    /// The slice.
    pub shard: ShardNumber,
    /// [`DRAW_PARTITION`].
    pub partition: String,
    /// The graph.
    pub graph: GraphPrint,
    /// The shock, the model's parameters, the round cap, samples, seed, distribution, trace.
    pub parameters: Value,
    /// Uncertain figures drawn per sample.
    pub uncertain_figures: usize,
    /// The slice's draws.
    pub draws: Vec<DrawRow>,
    /// Shard 1: the rest of the report.
    pub whole: Option<ShockWhole>,
}

/// The rank shard file of `part`. `parameters` holds what the caller ran it with (model,
/// haircut, tolerance, centralities); the basis and overrides are added here.
#[must_use]
pub fn rank_partial(net: &Network, part: &RankShard, parameters: Value) -> RankPartial {
    let sources = part
        .sources
        .iter()
        .zip(&part.rows)
        .map(|(&k, r)| SourceRow {
            index: k,
            id: net.id(k as usize).to_string(),
            kind: net.node_kind(k as usize).to_string(),
            impact: r.impact,
            total_loss: r.total_loss,
            distressed: r.distressed,
            defaulted: r.defaulted,
        })
        .collect();
    let centrality = part.columns.as_ref().map(|c| Columns {
        pagerank: c.pagerank.clone(),
        eigenvector: c.eigenvector.clone(),
        betweenness: c.betweenness.clone(),
        notes: c.notes.clone(),
        betweenness_samples: c.betweenness_sampling.map(|s| s.samples),
        betweenness_seed: c.betweenness_sampling.map(|s| s.seed),
    });
    RankPartial {
        shockgraph_shard: FORMAT_VERSION,
        command: "rank".into(),
        shard: ShardNumber {
            index: part.shard.index(),
            count: part.shard.count(),
        },
        partition: SOURCE_PARTITION.into(),
        graph: shard::fingerprint(net).into(),
        parameters: super::basis::with_basis(net, parameters),
        basis_label: super::basis::label(net),
        sources,
        vulnerability_sums: part.vulnerability_sums.clone(),
        centrality,
    }
}

/// The sampling shard file of `part`. `base` is the report of the shock at the figures as
/// given (kept in shard 1 only); `parameters` what shapes the draws and the report.
#[must_use]
pub fn sample_partial(
    net: &Network,
    part: &SampleShard,
    base: &ShockReport,
    parameters: Value,
) -> SamplePartial {
    let whole = (part.shard.index() == 1).then(|| ShockWhole {
        report: base.clone(),
        ids: (0..net.node_count())
            .map(|i| net.id(i).to_string())
            .collect(),
        unit_label: net.meta().unit_label(),
        basis_label: super::basis::label(net),
    });
    SamplePartial {
        shockgraph_shard: FORMAT_VERSION,
        command: "shock".into(),
        shard: ShardNumber {
            index: part.shard.index(),
            count: part.shard.count(),
        },
        partition: DRAW_PARTITION.into(),
        graph: shard::fingerprint(net).into(),
        parameters,
        uncertain_figures: crate::analysis::uncertain_figures(net),
        draws: part
            .draws
            .iter()
            .map(|d| DrawRow {
                draw: d.draw,
                total_loss: d.total_loss,
                losses: d.losses.clone(),
                defaulted: d.defaulted.clone(),
            })
            .collect(),
        whole,
    }
}

/// A shard file as read.
#[derive(Debug, Clone)]
pub enum Partial {
    /// Of `graph rank`.
    Rank(Box<RankPartial>),
    /// Of `graph shock --samples`.
    Shock(Box<SamplePartial>),
}

impl Partial {
    fn head(&self) -> (&ShardNumber, &GraphPrint, &Value, &'static str) {
        match self {
            Partial::Rank(p) => (&p.shard, &p.graph, &p.parameters, "rank"),
            Partial::Shock(p) => (&p.shard, &p.graph, &p.parameters, "shock"),
        }
    }
}

const SHARD_HINT: &str = "give the files written by `graph rank --shard K/N --format json` or `graph shock --samples S --shard K/N --format json`";

fn merge_error(file: &str, message: String, hint: &str) -> Error {
    Error::Merge {
        file: Some(file.to_string()),
        message,
        hint: hint.to_string(),
    }
}

/// Reads a shard file's text; `file` names it in errors.
///
/// # Errors
/// [`Error::Merge`]: not JSON, not a shard file (no `shockgraph_shard` field), another format
/// version, or a field missing or malformed.
pub fn read(file: &str, text: &str) -> Result<Partial> {
    #[derive(Deserialize)]
    struct Head {
        shockgraph_shard: Option<Value>,
        command: Option<Value>,
    }
    let head: Head = serde_json::from_str(text)
        .map_err(|e| merge_error(file, format!("not a JSON object: {e}"), SHARD_HINT))?;
    let Some(version) = head.shockgraph_shard else {
        return Err(merge_error(
            file,
            "not a shard file: it has no `shockgraph_shard` field (a whole result, perhaps)".into(),
            SHARD_HINT,
        ));
    };
    if version.as_u64() != Some(u64::from(FORMAT_VERSION)) {
        return Err(merge_error(
            file,
            format!(
                "shard format {version}, but this version of graph reads format {FORMAT_VERSION}"
            ),
            "merge with the version of graph that wrote the shards",
        ));
    }
    let broken = |e: serde_json::Error| {
        merge_error(
            file,
            format!("not a valid shard file: {e}"),
            "the file was changed or cut short after it was written: run that slice again",
        )
    };
    match head.command.as_ref().and_then(Value::as_str) {
        Some("rank") => Ok(Partial::Rank(Box::new(
            serde_json::from_str(text).map_err(broken)?,
        ))),
        Some("shock") => Ok(Partial::Shock(Box::new(
            serde_json::from_str(text).map_err(broken)?,
        ))),
        other => Err(merge_error(
            file,
            format!(
                "`command` is {}, not `rank` or `shock`",
                other.map_or_else(|| "missing".to_string(), |c| format!("`{c}`"))
            ),
            SHARD_HINT,
        )),
    }
}

/// Reads the shard file at `path` (`-`: standard input), bounded as every input is
/// ([`crate::io::input`]).
///
/// # Errors
/// [`Error::Io`] when it cannot be read; as [`read`].
pub fn read_file(path: &std::path::Path) -> Result<Partial> {
    let text = crate::io::input::read_text(path)?;
    read(&crate::io::input::display_name(path), &text)
}

/// The first parameter whose value differs between two parameter objects, with both values.
fn first_difference(a: &Value, b: &Value) -> Option<(String, String, String)> {
    let show = |v: Option<&Value>| v.map_or_else(|| "absent".to_string(), ToString::to_string);
    match (a.as_object(), b.as_object()) {
        (Some(x), Some(y)) => x
            .keys()
            .chain(y.keys())
            .find(|k| x.get(*k) != y.get(*k))
            .map(|k| (k.clone(), show(x.get(k)), show(y.get(k)))),
        _ => (a != b).then(|| ("parameters".into(), a.to_string(), b.to_string())),
    }
}

/// Checks that every shard is of the same command, graph and parameters as the first, and
/// returns their slices.
fn check_together(files: &[(String, Partial)]) -> Result<Vec<(&str, Shard)>> {
    let (first, p0) = &files[0];
    let (_, g0, v0, c0) = p0.head();
    let mut out = Vec::with_capacity(files.len());
    for (file, p) in files {
        let (s, g, v, c) = p.head();
        if c != c0 {
            return Err(merge_error(
                file,
                format!("it is a shard of `graph {c}`, but `{first}` is one of `graph {c0}`"),
                "merge the shards of one run",
            ));
        }
        if g != g0 {
            return Err(merge_error(
                file,
                format!(
                    "it was computed on another graph than `{first}` ({} nodes, {} edges, hash {} against {} nodes, {} edges, hash {})",
                    g.nodes, g.edges, g.hash, g0.nodes, g0.edges, g0.hash
                ),
                "run every slice on the same graph file with the same basis and override flags",
            ));
        }
        if let Some((k, here, there)) = first_difference(v, v0) {
            return Err(merge_error(
                file,
                format!("its parameter `{k}` is {here}, but {there} in `{first}`"),
                "run every slice with the same flags (only --shard differs)",
            ));
        }
        let (partition, want) = match p {
            Partial::Rank(r) => (&r.partition, SOURCE_PARTITION),
            Partial::Shock(d) => (&d.partition, DRAW_PARTITION),
        };
        if partition != want {
            return Err(merge_error(
                file,
                format!("its slices were cut by another rule (`{partition}`), not `{want}`"),
                "run every slice again with this version of graph",
            ));
        }
        let shard = Shard::new(s.index, s.count)
            .map_err(|e| merge_error(file, format!("bad slice: {e}"), "run that slice again"))?;
        out.push((file.as_str(), shard));
    }
    Ok(out)
}

/// The unsharded result rebuilt from the shards.
#[derive(Debug, Clone)]
pub enum Merged {
    /// `graph rank`.
    Rank(Box<MergedRank>),
    /// `graph shock --samples`.
    Shock(Box<MergedShock>),
}

/// A ranking rebuilt from its shards, with what its report needs of the graph.
#[derive(Debug, Clone)]
pub struct MergedRank {
    /// The ranking.
    pub ranking: Ranking,
    /// Node ids by index.
    pub ids: Vec<String>,
    /// Node kinds by index.
    pub kinds: Vec<String>,
    /// The `basis` (and `overrides`) entries of the parameters.
    pub basis: Value,
    /// The table's basis line.
    pub basis_label: String,
    /// Whether the centrality columns were computed.
    pub centralities: bool,
}

/// A sampled shock's report rebuilt from its shards.
#[derive(Debug, Clone)]
pub struct MergedShock {
    /// The report, sampling fields included.
    pub report: ShockReport,
    /// The graph's unit label.
    pub unit_label: String,
    /// The table's basis line.
    pub basis_label: String,
}

/// Merges shard files (named, in any order) into the unsharded result.
///
/// # Errors
/// [`Error::Merge`] naming the file: different commands, graphs or parameters, a slice
/// missing or twice, a file changed after it was written.
pub fn merge(files: &[(String, Partial)]) -> Result<Merged> {
    if files.is_empty() {
        shard::check_cover(&[])?;
    }
    let cover = check_together(files)?;
    shard::check_cover(&cover)?;
    match &files[0].1 {
        Partial::Rank(_) => merge_rank(files, &cover).map(|m| Merged::Rank(Box::new(m))),
        Partial::Shock(_) => merge_shock(files, &cover).map(|m| Merged::Shock(Box::new(m))),
    }
}

fn param<'a>(file: &str, p: &'a Value, key: &str) -> Result<&'a Value> {
    p.get(key).ok_or_else(|| {
        merge_error(
            file,
            format!("the parameters lack `{key}`"),
            "the file was changed after it was written: run that slice again",
        )
    })
}

fn bad_param(file: &str, key: &str) -> Error {
    merge_error(
        file,
        format!("the parameter `{key}` is not valid"),
        "the file was changed after it was written: run that slice again",
    )
}

fn merge_rank(files: &[(String, Partial)], cover: &[(&str, Shard)]) -> Result<MergedRank> {
    let parts: Vec<(&str, &RankPartial)> = files
        .iter()
        .map(|(f, p)| match p {
            Partial::Rank(r) => (f.as_str(), &**r),
            Partial::Shock(_) => unreachable!("checked: one command"),
        })
        .collect();
    let (f0, p0) = parts[0];
    let n = p0.graph.nodes;
    // Every node is a source of exactly one slice: checked slice by slice by the merge, and
    // here first as a bound, so that a node count changed in a file cannot size the arrays
    // below (a slice of N may differ from its neighbours by a block).
    let sources: usize = parts.iter().map(|(_, p)| p.sources.len()).sum();
    if n > sources + crate::analysis::shard::BLOCK * parts.len() {
        return Err(merge_error(
            f0,
            format!("the shards hold {sources} sources for a graph of {n} nodes"),
            "give every slice of one run once; a file changed after it was written must be run again",
        ));
    }
    let pv = &p0.parameters;
    let model: Model = serde_json::from_value(param(f0, pv, "model")?.clone())
        .map_err(|_| bad_param(f0, "model"))?;
    let haircut = param(f0, pv, "haircut")?
        .as_f64()
        .and_then(|h| Haircut::new(h).ok())
        .ok_or_else(|| bad_param(f0, "haircut"))?;
    let tolerance = param(f0, pv, "tolerance")?
        .as_f64()
        .ok_or_else(|| bad_param(f0, "tolerance"))?;
    let centralities = param(f0, pv, "centralities")?
        .as_bool()
        .ok_or_else(|| bad_param(f0, "centralities"))?;
    let shards: Vec<RankShard> = parts
        .iter()
        .zip(cover)
        .map(|((_, p), &(_, s))| RankShard {
            shard: s,
            sources: p.sources.iter().map(|r| r.index).collect(),
            rows: p
                .sources
                .iter()
                .map(|r| SweepRow {
                    impact: r.impact,
                    total_loss: r.total_loss,
                    distressed: r.distressed,
                    defaulted: r.defaulted,
                    vulnerability: 0.0,
                })
                .collect(),
            vulnerability_sums: p.vulnerability_sums.clone(),
            columns: p.centrality.as_ref().map(|c| CentralityColumns {
                pagerank: c.pagerank.clone(),
                eigenvector: c.eigenvector.clone(),
                betweenness: c.betweenness.clone(),
                notes: c.notes.clone(),
                betweenness_sampling: c
                    .betweenness_samples
                    .zip(c.betweenness_seed)
                    .map(|(samples, seed)| Sampling { samples, seed }),
            }),
        })
        .collect();
    for ((file, _), s) in parts.iter().zip(&shards) {
        let long = s.columns.as_ref().is_some_and(|c| {
            [&c.pagerank, &c.eigenvector, &c.betweenness]
                .iter()
                .any(|v| v.as_ref().is_some_and(|v| v.len() != n))
        });
        if long {
            return Err(merge_error(
                file,
                format!("a centrality column does not have the graph's {n} entries"),
                "the file was changed after it was written: run that slice again",
            ));
        }
    }
    let mut ids = vec![String::new(); n];
    let mut kinds = vec![String::new(); n];
    // Checked by `merge_rank` below before the ids are used: every index below n, once.
    for (_, p) in &parts {
        for r in &p.sources {
            if let Some(slot) = ids.get_mut(r.index as usize) {
                slot.clone_from(&r.id);
                kinds[r.index as usize].clone_from(&r.kind);
            }
        }
    }
    let named: Vec<(&str, &RankShard)> = parts.iter().map(|(f, _)| *f).zip(&shards).collect();
    let ranking = shard::merge_rank(n, model, haircut, tolerance, &named, &|i| ids[i].as_str())?;
    let mut basis = serde_json::Map::new();
    for key in ["basis", "overrides"] {
        if let Some(v) = pv.get(key) {
            basis.insert(key.into(), v.clone());
        }
    }
    Ok(MergedRank {
        ranking,
        ids,
        kinds,
        basis: Value::Object(basis),
        basis_label: p0.basis_label.clone(),
        centralities,
    })
}

fn merge_shock(files: &[(String, Partial)], cover: &[(&str, Shard)]) -> Result<MergedShock> {
    let parts: Vec<(&str, &SamplePartial)> = files
        .iter()
        .map(|(f, p)| match p {
            Partial::Shock(s) => (f.as_str(), &**s),
            Partial::Rank(_) => unreachable!("checked: one command"),
        })
        .collect();
    let (f0, p0) = parts[0];
    let n = p0.graph.nodes;
    let pv = &p0.parameters;
    let samples = param(f0, pv, "samples")?
        .as_u64()
        .filter(|&k| k >= 1 && k <= crate::analysis::MAX_SAMPLES as u64)
        .ok_or_else(|| bad_param(f0, "samples"))? as usize;
    let seed = param(f0, pv, "seed")?
        .as_u64()
        .ok_or_else(|| bad_param(f0, "seed"))?;
    let config = SampleConfig {
        samples,
        seed,
        // The distribution shaped the draws; the summary does not read it.
        dist: crate::analysis::Dist::Uniform,
    };
    let mut whole = None;
    let shards: Vec<SampleShard> = parts
        .iter()
        .zip(cover)
        .map(|((file, p), &(_, s))| {
            match (&p.whole, s.index() == 1) {
                (Some(w), true) => whole = Some((file, w)),
                (None, false) => {}
                (Some(_), false) => {
                    return Err(merge_error(
                        file,
                        format!("shard {s} carries the whole report, which only shard 1 does"),
                        "run that slice again",
                    ));
                }
                (None, true) => {
                    return Err(merge_error(
                        file,
                        "shard 1 lacks the whole report".into(),
                        "run that slice again",
                    ));
                }
            }
            Ok(SampleShard {
                shard: s,
                draws: p
                    .draws
                    .iter()
                    .map(|d| Draw {
                        draw: d.draw,
                        losses: d.losses.clone(),
                        defaulted: d.defaulted.clone(),
                        total_loss: d.total_loss,
                    })
                    .collect(),
            })
        })
        .collect::<Result<_>>()?;
    let (file, w) = whole.expect("shard 1 is present and checked");
    // The whole report lists the graph's ids: checked before `n` sizes the summary's arrays.
    if w.ids.len() != n {
        return Err(merge_error(
            file,
            format!("the whole report's node ids do not match the graph's {n} nodes"),
            "the file was changed after it was written: run that slice again",
        ));
    }
    let named: Vec<(&str, &SampleShard)> = parts.iter().map(|(f, _)| *f).zip(&shards).collect();
    let summary = shard::merge_samples(n, config, p0.uncertain_figures, &named)?;
    let index: std::collections::HashMap<&str, usize> = w
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    if w.ids.len() != n
        || index.len() != n
        || w.report
            .nodes
            .iter()
            .any(|e| !index.contains_key(e.id.as_str()))
    {
        return Err(merge_error(
            file,
            format!("the whole report's node ids do not match the graph's {n} nodes"),
            "the file was changed after it was written: run that slice again",
        ));
    }
    let mut report = w.report.clone();
    super::shock::add_samples_with(&|id| index[id], &mut report, &summary);
    Ok(MergedShock {
        report,
        unit_label: w.unit_label.clone(),
        basis_label: w.basis_label.clone(),
    })
}
