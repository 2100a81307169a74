//! What the command line prints when something goes wrong: the library's errors in the
//! command line's words (flags for parameters, commands in hints), and usage errors of its own.

use std::fmt;

use shockgraph::error::{invalid_input_head, missing_data_head, suggest};
use shockgraph::{Error, Param};

/// An error of the `graph` command.
#[derive(Debug)]
pub enum CliError {
    /// An error of the library.
    Lib(Error),
    /// Flags that do not fit together, or a flag's value out of its domain.
    Usage {
        /// The flag or flags (`--haircut`, `--holders/--on`).
        flag: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },
}

/// The command line's result type.
pub type CliResult<T> = Result<T, CliError>;

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Lib(e)
    }
}

/// A usage error of `flag`.
pub fn usage(flag: &str, message: impl Into<String>, hint: Option<&str>) -> CliError {
    CliError::Usage {
        flag: flag.to_string(),
        message: message.into(),
        hint: hint.map(str::to_string),
    }
}

/// The flag that sets a library parameter.
pub fn flag(p: Param) -> &'static str {
    match p {
        Param::Shocks => "--shock",
        Param::Haircut => "--haircut",
        Param::Alpha | Param::Damping | Param::KatzAlpha => "--alpha",
        Param::Beta | Param::KatzBeta => "--beta",
        Param::Tolerance => "--tolerance",
        Param::Steps => "--steps",
        Param::Samples => "--samples",
        Param::Level => "--level",
        Param::Target => "--target",
        Param::MaxIter => "--max-iter",
        Param::Tol => "--tol",
        Param::Personalization => "--personalization",
        Param::NodesFile => "--nodes",
        Param::Groups => "--holders/--on",
        Param::Curves => "curves",
        Param::Growth => "--growth",
        Param::Years => "--from/--to",
        Param::Funding => "--node",
        Param::Recovery => "--recovery",
        Param::Buffer => "--buffer",
        Param::Value => "--value",
        Param::Drop => "--drop",
        Param::DropEdge => "--drop-edge",
        Param::MinStatus => "--min-status",
        Param::Shard => "--shard",
        // `Param` is non-exhaustive for the library's users; the command line is in the
        // library, where the match is exhaustive today.
        #[allow(unreachable_patterns)]
        _ => "an option",
    }
}

/// Every parameter, for putting flags in the place of the library's names in hints.
const PARAMS: [Param; 28] = [
    Param::Shocks,
    Param::Haircut,
    Param::Alpha,
    Param::Beta,
    Param::Tolerance,
    Param::Steps,
    Param::Samples,
    Param::Level,
    Param::Target,
    Param::MaxIter,
    Param::Tol,
    Param::Damping,
    Param::KatzAlpha,
    Param::KatzBeta,
    Param::Personalization,
    Param::NodesFile,
    Param::Groups,
    Param::Curves,
    Param::Growth,
    Param::Years,
    Param::Funding,
    Param::Recovery,
    Param::Buffer,
    Param::Value,
    Param::Drop,
    Param::DropEdge,
    Param::MinStatus,
    Param::Shard,
];

/// A library hint in the command line's words: `` `max_iter` `` becomes `--max-iter`, and the
/// hints that stand for a command-line action are replaced by it.
fn hint_text(param: Option<Param>, hint: &str) -> String {
    let replaced = match (param, hint) {
        (Some(Param::Shocks), shockgraph::shock::NO_SHOCK_HINT) => {
            Some("give --node ID --haircut H, --shock ID=H, or --scenario FILE")
        }
        (Some(Param::NodesFile), shockgraph::io::NODES_WITHOUT_GRAPH_HINT) => {
            Some("pass the edge list with --graph edges.csv")
        }
        (Some(Param::Target), shockgraph::analysis::TARGET_HINT) => {
            Some("pick another node, or `--target any`")
        }
        _ => None,
    };
    if let Some(r) = replaced {
        return r.to_string();
    }
    let mut s = hint.to_string();
    for p in PARAMS {
        s = s.replace(&format!("`{}`", p.name()), flag(p));
    }
    s
}

fn explain(e: &Error) -> String {
    match e {
        Error::InvalidInput { file, problems } => {
            let (mut s, more) = invalid_input_head(file, problems);
            if more > 0 && problems.len() > 1 {
                s.push_str(&format!(
                    "\n  ... and {more} more (run `graph validate {file}` for the full list)"
                ));
            }
            s
        }
        Error::UnknownNode { id, suggestions } => {
            if suggestions.is_empty() {
                format!("unknown node `{id}`\n    hint: `graph info` lists the node ids")
            } else {
                format!("unknown node `{id}`{}", suggest(suggestions))
            }
        }
        Error::InvalidParameter {
            param,
            message,
            hint,
        } => format!(
            "invalid {}: {message}{}",
            flag(*param),
            hint.as_deref()
                .map(|h| format!("\n    hint: {}", hint_text(Some(*param), h)))
                .unwrap_or_default()
        ),
        Error::MissingData {
            model,
            field,
            nodes,
        } => format!(
            "{}\n    hint: add `{field}` to those nodes (JSON) or a `{field}` column to the nodes CSV (--nodes)",
            missing_data_head(model, field, nodes)
        ),
        Error::NoConvergence {
            what,
            iterations,
            residual,
            tolerance,
            hint,
        } => format!(
            "{what} did not converge after {iterations} iterations (last change {residual:.3e}, tolerance {tolerance:.1e})\n    hint: {}",
            hint_text(None, hint)
        ),
        other => other.to_string(),
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Lib(e) => f.write_str(&explain(e)),
            CliError::Usage {
                flag,
                message,
                hint,
            } => {
                write!(f, "invalid {flag}: {message}")?;
                if let Some(h) = hint {
                    write!(f, "\n    hint: {h}")?;
                }
                Ok(())
            }
        }
    }
}

impl CliError {
    /// Process exit code: 2 for bad input or usage, 1 for failures while running.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Lib(e) => e.exit_code(),
            CliError::Usage { .. } => 2,
        }
    }

    /// Whether the error is a closed standard output (the reader went away: not an error).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Lib(Error::Io { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
