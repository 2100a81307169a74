//! Sharding: one slice of a ranking's sources or of a sampled shock's draws, and the exact
//! merge of all slices (`docs/scaling.md`).
//!
//! The two long computations are sums of independent pieces: the all-node sweep of
//! [`super::rank`] runs one shock per source node, and [`super::sample`] one shock per draw.
//! A [`Shard`] `K/N` runs only the pieces of slice `K`; the merge puts the slices back
//! together into the result of the unsharded call, to the bit:
//!
//! - **Partition.** Sources are cut into blocks of [`BLOCK`] consecutive node indices (block `b`
//!   is `[b * BLOCK, (b + 1) * BLOCK)`); block `b` belongs to shard `(b mod N) + 1`. Draw `s`
//!   belongs to shard `(s mod N) + 1`. Round robin keeps the shards balanced when the cost of a
//!   shock grows or falls with the node index (hubs first in many files), and the union of the
//!   slices is every source (every draw) exactly once. A shard may be empty (`N` larger than
//!   the number of blocks or draws).
//! - **Exactness, ranking.** A source's row depends on its own shock only, which runs alone
//!   whichever shard runs it ([`impact::sweep_sources`]), so each row is the same to the bit. A node's vulnerability is the mean of its distress over the other nodes'
//!   shocks; each shard keeps its part of the sum in 2^-60 fixed point (`i128`), whose
//!   addition is exact and associative, so the merged sum is the unsharded one. The
//!   centrality columns are whole-graph computations (PageRank, eigenvector: iterations over
//!   the whole graph; betweenness: a sum over all sources): shard 1 computes them, the others
//!   do not.
//! - **Exactness, sampling.** Draw `s` is seeded from `(seed, s)` alone, so it is the same in
//!   any shard; a shard keeps, per draw, the losses (sparse), the defaulted nodes and the total
//!   loss, which is everything the percentiles (over all draws) and default probabilities
//!   need. [`super::uncertainty::summarize`] sorts each node's losses, so the order of the
//!   draws does not matter.
//!
//! The merge checks that the shards belong together: the same [`Fingerprint`] and parameters
//! (checked by the caller, which knows how they are written), every slice `1..N` exactly once,
//! and each slice holding exactly its sources or draws.

use std::fmt;
use std::str::FromStr;

use super::impact::{self, PartialSweep, SweepRow};
use super::rank::{self, Centralities, CentralityColumns, Ranking};
use super::uncertainty::{self, Draw, SampleConfig, SampleSummary};
use crate::error::{Error, Param, Result};
use crate::model::Network;
use crate::shock::{Haircut, Model, Params, Shock};

/// The number of consecutive sources a ranking's shard takes at a time ([`impact::BLOCK`]).
pub const BLOCK: usize = impact::BLOCK;

/// The most shards a computation may be cut into.
pub const MAX_SHARDS: usize = 1_000_000;

/// Slice `K` of `N` (1 <= K <= N).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Shard {
    /// The whole computation, `1/1`.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// Slice `index` of `count`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] ([`Param::Shard`]) unless 1 <= index <= count <=
    /// [`MAX_SHARDS`].
    pub fn new(index: usize, count: usize) -> Result<Shard> {
        let hint = Some("K/N with 1 <= K <= N, e.g. 1/4 for the first of four slices");
        if count == 0 || count > MAX_SHARDS {
            return Err(Error::param(
                Param::Shard,
                format!("{index}/{count}: the number of shards must be between 1 and {MAX_SHARDS}"),
                hint,
            ));
        }
        if index == 0 || index > count {
            return Err(Error::param(
                Param::Shard,
                format!("{index}/{count}: the slice must be between 1 and {count} (K is 1-based)"),
                hint,
            ));
        }
        Ok(Shard { index, count })
    }

    /// K, 1-based.
    #[must_use]
    pub fn index(self) -> usize {
        self.index
    }

    /// N.
    #[must_use]
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether unit `u` (a source with `block` = [`BLOCK`], a draw with `block` = 1) is in
    /// this slice: its block `u / block` modulo N is K - 1.
    #[must_use]
    pub fn owns(self, u: usize, block: usize) -> bool {
        (u / block) % self.count == self.index - 1
    }

    /// The sources of this slice on a graph of `n` nodes, ascending.
    #[must_use]
    pub fn sources(self, n: usize) -> Vec<u32> {
        (0..n)
            .step_by(BLOCK)
            .filter(|&first| self.owns(first, BLOCK))
            .flat_map(|first| (first..(first + BLOCK).min(n)).map(|k| k as u32))
            .collect()
    }

    /// The draws of this slice out of `samples`, ascending.
    #[must_use]
    pub fn draws(self, samples: usize) -> Vec<usize> {
        (self.index - 1..samples).step_by(self.count).collect()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = Error;

    /// `K/N`, e.g. `2/8`.
    fn from_str(s: &str) -> Result<Shard> {
        let bad = || {
            Error::param(
                Param::Shard,
                format!("`{s}` is not of the form K/N"),
                Some("K/N with whole numbers 1 <= K <= N, e.g. 2/8 for the second of eight slices"),
            )
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n)
    }
}

/// What identifies a graph for the merge: counts and a 64-bit hash of every node's id, label,
/// kind, figures and ranges, every edge's ends, kind, amount, recovery and range, and the
/// distress matrix the cascades read. A guard against merging shards of different graphs (or
/// of the same file under different overrides), not a cryptographic digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Node count.
    pub nodes: usize,
    /// Edge count.
    pub edges: usize,
    /// The hash.
    pub hash: u64,
}

/// Word-at-a-time hash (`FxHash`'s mixing step): fast, deterministic on every platform.
struct Hasher(u64);

impl Hasher {
    fn word(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn float(&mut self, x: f64) {
        self.word(x.to_bits());
    }

    fn opt(&mut self, x: Option<f64>) {
        match x {
            Some(v) => {
                self.word(1);
                self.float(v);
            }
            None => self.word(0),
        }
    }

    fn text(&mut self, s: &str) {
        self.word(s.len() as u64);
        for c in s.as_bytes().chunks(8) {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            self.word(u64::from_le_bytes(b));
        }
    }
}

/// The graph's [`Fingerprint`]: O(nodes + edges).
#[must_use]
pub fn fingerprint(net: &Network) -> Fingerprint {
    let mut h = Hasher(0);
    for i in 0..net.node_count() {
        h.text(net.id(i));
        h.text(net.label(i));
        h.text(net.node_kind(i));
        let f = net.figures(i);
        for x in [f.buffer, f.external_assets, f.external_liabilities, f.value] {
            h.opt(x);
        }
        let m = net.node_meta(i);
        for b in [
            m.and_then(|m| m.low.as_ref()),
            m.and_then(|m| m.high.as_ref()),
        ] {
            let b = b.cloned().unwrap_or_default();
            for x in [b.buffer, b.external_assets, b.external_liabilities, b.value] {
                h.opt(x);
            }
        }
    }
    for e in net.edges() {
        h.word(e.from.index() as u64);
        h.word(e.to.index() as u64);
        h.text(net.edge_kind_name(e.kind));
        h.float(e.amount);
        h.float(e.recovery);
        let m = net.edge_meta(e.index);
        h.opt(m.and_then(|m| m.low));
        h.opt(m.and_then(|m| m.high));
    }
    let d = net.distress();
    for i in 0..d.node_count() {
        h.word(d.degree(i) as u64);
        for a in d.row(i) {
            h.word(u64::from(a.target));
            h.float(a.weight);
        }
    }
    Fingerprint {
        nodes: net.node_count(),
        edges: net.edge_count(),
        hash: h.0,
    }
}

/// One shard of a ranking ([`rank_shard`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RankShard {
    /// The slice.
    pub shard: Shard,
    /// Its sources, ascending ([`Shard::sources`]).
    pub sources: Vec<u32>,
    /// One sweep row per source (`vulnerability` 0: see `vulnerability_sums`).
    pub rows: Vec<SweepRow>,
    /// The non-zero parts of the vulnerability sums over this slice's shocks, by node index,
    /// in 2^-60 fixed point ([`impact::PartialSweep`]).
    pub vulnerability_sums: Vec<(u32, i128)>,
    /// The centrality columns: shard 1 only.
    pub columns: Option<CentralityColumns>,
}

/// Computes slice `shard` of [`super::rank`]: the sweep of its sources, and in shard 1
/// the centrality columns. `progress` receives the number of this slice's shocks done.
///
/// # Errors
/// As [`super::rank`].
pub fn rank_shard(
    net: &Network,
    model: Model,
    haircut: Haircut,
    params: &Params,
    centralities: Centralities,
    shard: Shard,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<RankShard> {
    let sources = shard.sources(net.node_count());
    let PartialSweep {
        rows,
        vulnerability_sums,
    } = impact::sweep_sources(net, model, haircut, params, &sources, progress)?;
    let vulnerability_sums = vulnerability_sums
        .into_iter()
        .enumerate()
        .filter(|&(_, v)| v != 0)
        .map(|(i, v)| (i as u32, v))
        .collect();
    let columns = (shard.index() == 1).then(|| rank::centrality_columns(net, centralities));
    Ok(RankShard {
        shard,
        sources,
        rows,
        vulnerability_sums,
        columns,
    })
}

/// A merge error at `file` (or at none).
fn merge_error(file: Option<&str>, message: String, hint: &str) -> Error {
    Error::Merge {
        file: file.map(str::to_string),
        message,
        hint: hint.to_string(),
    }
}

/// Checks that `shards` (with the names of their files) are the slices `1..N` of one `N`,
/// each exactly once.
///
/// # Errors
/// [`Error::Merge`] naming the file: no shard at all, different N, a slice twice, a slice
/// missing.
pub fn check_cover(shards: &[(&str, Shard)]) -> Result<()> {
    let Some(&(first, s0)) = shards.first() else {
        return Err(merge_error(
            None,
            "no shard file given".into(),
            "give every shard's file: graph merge shard-*.json",
        ));
    };
    let n = s0.count();
    let mut seen: Vec<Option<&str>> = vec![None; n];
    for &(file, s) in shards {
        if s.count() != n {
            return Err(merge_error(
                Some(file),
                format!("it is shard {s}, but `{first}` is shard {s0}: they cut the work into different numbers of slices"),
                "merge the shards of one run, all made with the same --shard K/N",
            ));
        }
        if let Some(other) = seen[s.index() - 1] {
            let message = if other == file {
                format!("it is given twice (shard {s})")
            } else {
                format!("it is shard {s}, as is `{other}`")
            };
            return Err(merge_error(Some(file), message, "give each slice once"));
        }
        seen[s.index() - 1] = Some(file);
    }
    let missing: Vec<String> = (1..=n)
        .filter(|&k| seen[k - 1].is_none())
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(10).map(String::as_str).collect();
        return Err(merge_error(
            None,
            format!(
                "shard{} {}{} missing ({} of {n} given)",
                if missing.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if missing.len() > 10 { ", ..." } else { "" },
                shards.len()
            ),
            "run the missing slices (graph ... --shard K/N) and merge every file",
        ));
    }
    Ok(())
}

/// Merges the shards of a ranking of `n` nodes (with the names of their files; checked with
/// [`check_cover`] here) into the [`Ranking`] the unsharded [`super::rank`] gives. `id` names
/// the nodes (for the ties of the order).
///
/// # Errors
/// [`Error::Merge`] as [`check_cover`], or when a shard does not hold exactly its slice's
/// sources, names a node beyond `n`, or the centrality columns are not in shard 1 alone.
pub fn merge_rank<'a>(
    n: usize,
    model: Model,
    haircut: Haircut,
    tolerance: f64,
    shards: &[(&str, &RankShard)],
    id: &dyn Fn(usize) -> &'a str,
) -> Result<Ranking> {
    let cover: Vec<(&str, Shard)> = shards.iter().map(|(f, s)| (*f, s.shard)).collect();
    check_cover(&cover)?;
    let hint = "the file was changed after `graph rank --shard` wrote it: run that slice again";
    let mut rows: Vec<Option<SweepRow>> = vec![None; n];
    let mut sums = vec![0i128; n];
    let mut columns = None;
    for &(file, s) in shards {
        if s.sources != s.shard.sources(n) || s.rows.len() != s.sources.len() {
            return Err(merge_error(
                Some(file),
                format!(
                    "shard {} of {n} nodes should hold {} sources, one row each, but holds {} sources and {} rows",
                    s.shard,
                    s.shard.sources(n).len(),
                    s.sources.len(),
                    s.rows.len()
                ),
                hint,
            ));
        }
        for (&k, row) in s.sources.iter().zip(&s.rows) {
            rows[k as usize] = Some(*row);
        }
        for &(i, v) in &s.vulnerability_sums {
            let Some(slot) = sums.get_mut(i as usize) else {
                return Err(merge_error(
                    Some(file),
                    format!(
                        "a vulnerability sum names node index {i}, beyond the graph's {n} nodes"
                    ),
                    hint,
                ));
            };
            *slot = slot.checked_add(v).ok_or_else(|| {
                merge_error(
                    Some(file),
                    format!("the vulnerability sum of node index {i} overflows"),
                    hint,
                )
            })?;
        }
        match (&s.columns, s.shard.index() == 1) {
            (Some(c), true) => columns = Some(c.clone()),
            (None, false) => {}
            (Some(_), false) => {
                return Err(merge_error(
                    Some(file),
                    format!(
                        "shard {} carries centrality columns, which only shard 1 computes",
                        s.shard
                    ),
                    hint,
                ));
            }
            (None, true) => {
                return Err(merge_error(
                    Some(file),
                    "shard 1 lacks the centrality columns".into(),
                    hint,
                ));
            }
        }
    }
    let rows: Vec<SweepRow> = rows
        .into_iter()
        .zip(sums)
        .map(|(r, v)| {
            let mut r = r.expect("every source is in exactly one checked shard");
            r.vulnerability = impact::vulnerability(v, n);
            r
        })
        .collect();
    Ok(rank::assemble(
        model,
        haircut,
        tolerance,
        &rows,
        columns.expect("shard 1 is present and checked"),
        id,
    ))
}

/// One shard of a sampled shock ([`sample_shard`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SampleShard {
    /// The slice.
    pub shard: Shard,
    /// Its draws, ascending by number ([`Shard::draws`]).
    pub draws: Vec<Draw>,
}

/// Computes slice `shard` of the draws of [`super::sample`]. `progress` receives (draws done,
/// draws of this slice).
///
/// # Errors
/// As [`super::sample`].
pub fn sample_shard(
    net: &Network,
    model: Model,
    shocks: &[Shock],
    params: &Params,
    config: SampleConfig,
    shard: Shard,
    progress: super::Progress<'_>,
) -> Result<SampleShard> {
    let which = shard.draws(config.samples);
    let draws = uncertainty::draws(net, model, shocks, params, config, &which, progress)?;
    Ok(SampleShard { shard, draws })
}

/// Merges the shards of a sampled shock on `n` nodes with `uncertain` uncertain figures (with
/// the names of their files; checked with [`check_cover`] here) into the summary the
/// unsharded [`super::sample`] gives.
///
/// # Errors
/// [`Error::Merge`] as [`check_cover`], or when a shard does not hold exactly its slice's
/// draws or names a node beyond `n`.
pub fn merge_samples(
    n: usize,
    config: SampleConfig,
    uncertain: usize,
    shards: &[(&str, &SampleShard)],
) -> Result<SampleSummary> {
    let cover: Vec<(&str, Shard)> = shards.iter().map(|(f, s)| (*f, s.shard)).collect();
    check_cover(&cover)?;
    let hint = "the file was changed after `graph shock --shard` wrote it: run that slice again";
    let mut all: Vec<Draw> = Vec::with_capacity(config.samples);
    for &(file, s) in shards {
        let want = s.shard.draws(config.samples);
        if s.draws.len() != want.len() || s.draws.iter().zip(&want).any(|(d, &w)| d.draw != w) {
            return Err(merge_error(
                Some(file),
                format!(
                    "shard {} of {} draws should hold draws {}, but holds {} draws",
                    s.shard,
                    config.samples,
                    describe_draws(&want),
                    s.draws.len()
                ),
                hint,
            ));
        }
        for d in &s.draws {
            let beyond = d
                .losses
                .iter()
                .map(|x| x.0)
                .chain(d.defaulted.iter().copied())
                .find(|&i| i as usize >= n);
            if let Some(i) = beyond {
                return Err(merge_error(
                    Some(file),
                    format!(
                        "draw {} names node index {i}, beyond the graph's {n} nodes",
                        d.draw
                    ),
                    hint,
                ));
            }
        }
        all.extend(s.draws.iter().cloned());
    }
    all.sort_by_key(|d| d.draw);
    Ok(uncertainty::summarize(n, config, uncertain, &all))
}

/// `3, 7, 11, ...` (or `none`).
fn describe_draws(d: &[usize]) -> String {
    match d {
        [] => "none".into(),
        [a] => a.to_string(),
        [a, b] => format!("{a}, {b}"),
        [a, b, ..] => format!("{a}, {b}, ... ({} in all)", d.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{sample, Dist};
    use crate::test_support::graph;

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!("2/8".parse::<Shard>().unwrap(), Shard::new(2, 8).unwrap());
        assert_eq!(" 1 / 1 ".parse::<Shard>().unwrap(), Shard::WHOLE);
        for bad in ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/2", ""] {
            let e = bad.parse::<Shard>().unwrap_err();
            assert!(
                matches!(
                    e,
                    Error::InvalidParameter {
                        param: Param::Shard,
                        ..
                    }
                ),
                "{bad}: {e}"
            );
        }
        assert!("0/3"
            .parse::<Shard>()
            .unwrap_err()
            .to_string()
            .contains("1-based"));
    }

    #[test]
    fn slices_partition_sources_and_draws_in_blocks() {
        for n in [0, 1, 7, 8, 9, 40, 103] {
            for count in [1, 2, 3, 7, 20] {
                let mut all: Vec<u32> = Vec::new();
                for k in 1..=count {
                    let s = Shard::new(k, count).unwrap();
                    let src = s.sources(n);
                    // Whole blocks only: a block is in one slice.
                    assert!(src.iter().all(|&x| s.owns(x as usize, BLOCK)));
                    all.extend(src);
                    let d = s.draws(n);
                    assert!(d.iter().all(|&x| x % count == k - 1));
                }
                all.sort_unstable();
                assert_eq!(all, (0..n as u32).collect::<Vec<_>>(), "n {n}, N {count}");
            }
        }
        // Blocks of 8 dealt round robin: 20 nodes, 2 shards.
        let s = Shard::new(2, 2).unwrap();
        assert_eq!(s.sources(20), (8..16).collect::<Vec<u32>>());
        assert_eq!(Shard::new(1, 2).unwrap().sources(20).len(), 12);
        assert_eq!(Shard::new(2, 3).unwrap().draws(10), [1, 4, 7]);
    }

    fn net() -> Network {
        let ids: Vec<String> = (0..21).map(|i| format!("n{i:02}")).collect();
        let nodes: Vec<(&str, f64)> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), 5.0 + i as f64))
            .collect();
        let edges: Vec<(&str, &str, f64)> = (0..21)
            .flat_map(|i| [(i, (i + 1) % 21, 4.0), (i, (i * 7 + 3) % 21, 2.5)])
            .filter(|(a, b, _)| a != b)
            .map(|(a, b, x)| (ids[a].as_str(), ids[b].as_str(), x + a as f64 * 0.3))
            .collect();
        graph(&nodes, &edges)
    }

    #[test]
    fn merged_rank_equals_the_unsharded_one_on_any_thread_count() {
        let g = net();
        for model in [Model::DebtRank, Model::Threshold] {
            let p = Params::default();
            let whole =
                super::super::rank(&g, model, Haircut::FULL, &p, Centralities::Include, &|_| {})
                    .unwrap();
            for count in [1, 2, 3, 7] {
                let pool = |t: usize| {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(t)
                        .build()
                        .unwrap()
                };
                let parts: Vec<RankShard> = (1..=count)
                    .rev()
                    .map(|k| {
                        pool(1 + k % 2).install(|| {
                            rank_shard(
                                &g,
                                model,
                                Haircut::FULL,
                                &p,
                                Centralities::Include,
                                Shard::new(k, count).unwrap(),
                                &|_| {},
                            )
                            .unwrap()
                        })
                    })
                    .collect();
                let named: Vec<(&str, &RankShard)> = parts.iter().map(|s| ("f", s)).collect();
                let merged = merge_rank(21, model, Haircut::FULL, p.tolerance(), &named, &|i| {
                    g.id(i)
                })
                .unwrap();
                assert_eq!(merged.rows, whole.rows, "{model:?} N {count}");
                assert_eq!(merged.notes, whole.notes);
            }
        }
    }

    #[test]
    fn merge_refuses_missing_duplicate_and_foreign_slices() {
        let a = ("a.json", Shard::new(1, 3).unwrap());
        let b = ("b.json", Shard::new(2, 3).unwrap());
        let c = ("c.json", Shard::new(3, 3).unwrap());
        assert!(check_cover(&[c, a, b]).is_ok());
        let e = check_cover(&[a, c]).unwrap_err().to_string();
        assert!(e.contains("shard 2/3 missing"), "{e}");
        let e = check_cover(&[a, b, c, ("d.json", Shard::new(2, 3).unwrap())])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`d.json`: it is shard 2/3, as is `b.json`"),
            "{e}"
        );
        let e = check_cover(&[a, ("x.json", Shard::new(2, 4).unwrap())])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`x.json`") && e.contains("different numbers"),
            "{e}"
        );
        assert_eq!(check_cover(&[]).unwrap_err().exit_code(), 2, "bad input");
    }

    #[test]
    fn merged_samples_equal_the_unsharded_summary() {
        let g = crate::io::json::parse(
            r#"{"nodes":[{"id":"x","buffer":10},{"id":"a","buffer":5,"low":{"buffer":4},"high":{"buffer":8}},{"id":"b","buffer":3}],
                "edges":[{"from":"x","to":"a","amount":6,"low":2,"high":10},{"from":"a","to":"b","amount":2,"low":1,"high":4}]}"#,
            "t",
        )
        .unwrap();
        let shocks = [Shock::new(crate::model::NodeId::new(0), Haircut::FULL)];
        let config = SampleConfig {
            samples: 37,
            seed: 3,
            dist: Dist::Triangular,
        };
        let p = Params::default();
        let whole = sample(&g, Model::DebtRank, &shocks, &p, config).unwrap();
        for count in [1, 2, 7, 50] {
            let parts: Vec<SampleShard> = (1..=count)
                .map(|k| {
                    let s = Shard::new(k, count).unwrap();
                    sample_shard(&g, Model::DebtRank, &shocks, &p, config, s, &|_, _| {}).unwrap()
                })
                .collect();
            let named: Vec<(&str, &SampleShard)> = parts.iter().rev().map(|s| ("f", s)).collect();
            let merged = merge_samples(3, config, whole.uncertain, &named).unwrap();
            assert_eq!(merged, whole, "N {count}");
        }
        let one = sample_shard(
            &g,
            Model::DebtRank,
            &shocks,
            &p,
            config,
            Shard::new(1, 2).unwrap(),
            &|_, _| {},
        )
        .unwrap();
        let mut bad = one.clone();
        bad.shard = Shard::new(2, 2).unwrap();
        let e = merge_samples(3, config, 2, &[("a", &one), ("b", &bad)]).unwrap_err();
        assert!(
            e.to_string()
                .contains("`b`: shard 2/2 of 37 draws should hold draws 1, 3"),
            "{e}"
        );
    }

    #[test]
    fn fingerprint_sees_figures_and_edges() {
        let a = graph(&[("a", 1.0), ("b", 2.0)], &[("a", "b", 3.0)]);
        let b = graph(&[("a", 1.0), ("b", 2.5)], &[("a", "b", 3.0)]);
        let c = graph(&[("a", 1.0), ("b", 2.0)], &[("a", "b", 3.5)]);
        let fa = fingerprint(&a);
        assert_eq!(
            fa,
            fingerprint(&graph(&[("a", 1.0), ("b", 2.0)], &[("a", "b", 3.0)]))
        );
        assert_ne!(fa.hash, fingerprint(&b).hash);
        assert_ne!(fa.hash, fingerprint(&c).hash);
        assert_eq!((fa.nodes, fa.edges), (2, 1));
    }
}
