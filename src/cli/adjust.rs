//! The basis and sensitivity flags of [`super::Global`] (`docs/model.md` 5.1 and 5.6): their
//! values parsed into the library's [`Adjustments`], applied by [`super::load`].

use clap::builder::PossibleValue;
use clap::ValueEnum;
use shockgraph::model::{Adjustments, Basis, EdgeSelector, Status};

use super::{usage, CliResult, Global};

/// `--basis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BasisArg(pub Basis);

impl ValueEnum for BasisArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[BasisArg(Basis::Book), BasisArg(Basis::Market)]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

/// `--min-status` (assumption is left out: every sourced edge rests on one at least).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusArg(pub Status);

impl ValueEnum for StatusArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            StatusArg(Status::Firm),
            StatusArg(Status::Reported),
            StatusArg(Status::Estimate),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self.0 {
            Status::Firm => "only edges with a firm source (a filing, an announcement)",
            Status::Reported => "edges with a firm or reported (media) source",
            _ => "edges with any source but a bare assumption",
        };
        Some(PossibleValue::new(self.0.as_str()).help(help))
    }
}

/// `NAME=X` of `flag`, with X a number.
fn pair(flag: &str, spec: &str, example: &str) -> CliResult<(String, f64)> {
    let bad = |m: String| usage(flag, m, Some(&format!("for example {flag} {example}")));
    let (name, x) = spec
        .split_once('=')
        .ok_or_else(|| bad(format!("`{spec}` is not of the form {}", form(flag))))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad(format!("`{spec}` names nothing before `=`")));
    }
    let x: f64 = x
        .trim()
        .parse()
        .map_err(|_| bad(format!("the figure in `{spec}` is not a number")))?;
    Ok((name.to_string(), x))
}

fn form(flag: &str) -> &'static str {
    match flag {
        "--recovery" => "KIND=R",
        "--buffer" => "ID=B",
        _ => "ID=V",
    }
}

/// `FROM:TO[:KIND]` of `--drop-edge`.
fn selector(spec: &str) -> CliResult<EdgeSelector> {
    let parts: Vec<&str> = spec.split(':').map(str::trim).collect();
    match parts.as_slice() {
        [f, t] | [f, t, _] if !f.is_empty() && !t.is_empty() => Ok(EdgeSelector {
            from: (*f).to_string(),
            to: (*t).to_string(),
            kind: parts.get(2).filter(|k| !k.is_empty()).map(|k| (*k).to_string()),
        }),
        _ => Err(usage(
            "--drop-edge",
            format!("`{spec}` is not of the form FROM:TO[:KIND]"),
            Some("for example --drop-edge openai:oracle or --drop-edge openai:oracle:compute_commitment"),
        )),
    }
}

/// The adjustments the global flags ask for (syntax checked here; ids, kinds and ranges by
/// the library against the graph).
pub fn adjustments(g: &Global) -> CliResult<Adjustments> {
    Ok(Adjustments {
        basis: g.basis.map_or(Basis::Book, |b| b.0),
        recovery: g
            .recovery
            .iter()
            .map(|s| pair("--recovery", s, "debt=0.4 (or all=0.4)"))
            .collect::<CliResult<_>>()?,
        buffer: g
            .buffer
            .iter()
            .map(|s| pair("--buffer", s, "oracle=20"))
            .collect::<CliResult<_>>()?,
        value: g
            .value
            .iter()
            .map(|s| pair("--value", s, "openai=300"))
            .collect::<CliResult<_>>()?,
        drop: g.drop.iter().map(|s| s.trim().to_string()).collect(),
        drop_edge: g
            .drop_edge
            .iter()
            .map(|s| selector(s))
            .collect::<CliResult<_>>()?,
        min_status: g.min_status.map(|s| s.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pairs_and_selectors() {
        assert_eq!(
            pair("--recovery", "debt=0.4", "").unwrap(),
            ("debt".into(), 0.4)
        );
        assert!(pair("--buffer", "oracle", "").is_err());
        assert!(pair("--buffer", "=3", "").is_err());
        assert!(pair("--value", "a=x", "").is_err());
        let s = selector("a:b:debt").unwrap();
        assert_eq!(s.to_string(), "a:b:debt");
        assert_eq!(selector("a:b").unwrap().kind, None);
        assert!(selector("a").is_err());
        assert!(selector("a:b:c:d").is_err());
        assert!(selector(":b").is_err());
    }
}
