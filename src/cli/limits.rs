//! The limits on the counts that decide how long a run takes and how much memory it needs.
//! A count above its limit is refused (exit 2) with a hint naming `--force`, which lifts it;
//! the library's own hard caps (`analysis::MAX_SAMPLES`, `analysis::MAX_STEPS`) still apply.
//! The values are documented in `docs/cli.md`; each is argued below.
//!
//! Counts without a limit here: `rank` runs one shock per node (its cost is the graph's size,
//! which the readers bound), `tipping` bisects to 1e-6 in at most 22 shocks, `stall` runs at
//! most one shock per year and the library refuses windows of more than 200 years, and
//! `--max-rounds` only caps a propagation that stops by itself within a few rounds per node.

use super::{usage, CliResult, Global};

/// A count flag and its limit.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// The flag, as the command line spells it.
    pub flag: &'static str,
    /// The largest value accepted without `--force`.
    pub max: usize,
    /// Why a larger value is refused, for the message.
    pub why: &'static str,
}

/// `graph shock --samples`: 100,000 draws. The 5th and 95th percentiles are stable to a few
/// tenths of a percent at 10,000 draws (the standard error of a quantile falls as 1/sqrt(N));
/// 100,000 is ten times that. Each draw is one shock: on the embedded graph about 1 ms in a
/// debug build, so 100,000 draws are a couple of minutes at most, and 10,000,000 (the
/// library's cap) would be hours.
pub const SAMPLES: Limit = Limit {
    flag: "--samples",
    max: 100_000,
    why: "each draw is a full shock; 10,000 draws already give percentiles stable to a few tenths of a percent",
};

/// `--samples` times the graph's node count: 100 million. Every draw keeps one loss (8
/// bytes) and one default flag (1 byte) per node until the percentiles are taken, so this is
/// about 0.9 GB; 100 draws on a 1M-node graph fit, 100,000 draws on one do not.
pub const SAMPLE_CELLS: Limit = Limit {
    flag: "--samples",
    max: 100_000_000,
    why: "every draw keeps 9 bytes per node until the percentiles are taken (about 0.9 GB at the limit)",
};

/// `graph sweep --steps` and `graph report --steps`: 1,000 steps, a point every 0.001 of the
/// haircut; a plotted curve or a table gains nothing from a finer grid (the curves are
/// piecewise smooth, and a threshold is located by `graph tipping` to 1e-6 in 22 shocks).
/// Each step is one shock per swept node or edge.
pub const STEPS: Limit = Limit {
    flag: "--steps",
    max: 1_000,
    why: "each step is a shock per swept node, and a point every 0.001 is finer than any curve needs; graph tipping finds a threshold to 1e-6",
};

/// `graph centrality --max-iter`: 1,000,000 iterations, 100 times the default. Each
/// iteration is a pass over every edge; a measure that has not converged in a million
/// iterations does not converge (a periodic graph, or Katz at an alpha next to its bound),
/// and a larger cap only makes it fail later.
pub const MAX_ITER: Limit = Limit {
    flag: "--max-iter",
    max: 1_000_000,
    why: "each iteration is a pass over every edge; a measure that needs more does not converge",
};

/// Refuses `value` above `limit.max` unless `--force` is given.
pub fn check(g: &Global, limit: Limit, value: usize) -> CliResult<()> {
    check_force(limit, value, g.force)
}

/// [`check`] with the `--force` flag given directly.
pub fn check_force(limit: Limit, value: usize, force: bool) -> CliResult<()> {
    if value <= limit.max || force {
        return Ok(());
    }
    Err(usage(
        limit.flag,
        format!(
            "{value} is above the limit of {}: {}",
            group(limit.max),
            limit.why
        ),
        Some(&format!(
            "give {} {} or less, or add --force to run it anyway (docs/cli.md lists the limits)",
            limit.flag, limit.max
        )),
    ))
}

/// `--samples N` on a graph of `nodes` nodes: the count limit, then the memory limit.
pub fn check_samples(g: &Global, samples: usize, nodes: usize) -> CliResult<()> {
    check(g, SAMPLES, samples)?;
    let cells = samples.saturating_mul(nodes);
    if cells > SAMPLE_CELLS.max && !g.force {
        let most = (SAMPLE_CELLS.max / nodes.max(1)).max(1);
        return Err(usage(
            "--samples",
            format!(
                "{samples} draws on {nodes} nodes keep {} figures, above the limit of {}: {}",
                group(cells),
                group(SAMPLE_CELLS.max),
                SAMPLE_CELLS.why
            ),
            Some(&format!(
                "give --samples {most} or less on this graph, or add --force to run it anyway (docs/cli.md lists the limits)"
            )),
        ));
    }
    Ok(())
}

/// `100000` as `100,000`.
fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_limit_runs_above_it_needs_force() {
        for limit in [SAMPLES, STEPS, MAX_ITER] {
            assert!(check_force(limit, limit.max, false).is_ok());
            let e = check_force(limit, limit.max + 1, false).unwrap_err();
            let msg = e.to_string();
            assert!(msg.contains(limit.flag), "{msg}");
            assert!(msg.contains(&group(limit.max)), "{msg}");
            assert!(
                msg.contains(&format!("{} {} or less", limit.flag, limit.max)),
                "{msg}"
            );
            assert!(msg.contains("--force"), "{msg}");
            assert_eq!(e.exit_code(), 2);
            assert!(check_force(limit, limit.max + 1, true).is_ok());
        }
    }

    #[test]
    fn samples_times_nodes_is_bounded_too() {
        let g = |force| Global {
            force,
            ..<super::super::Cli as clap::Parser>::parse_from(["graph", "info"]).global
        };
        assert!(check_samples(&g(false), 100, 1_000_000).is_ok());
        let e = check_samples(&g(false), 101, 1_000_000)
            .unwrap_err()
            .to_string();
        assert!(e.contains("--samples 100 or less"), "{e}");
        assert!(e.contains("--force"), "{e}");
        assert!(check_samples(&g(true), 101, 1_000_000).is_ok());
        assert!(check_samples(&g(false), 100_001, 10).is_err());
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(100_000_000), "100,000,000");
    }
}
