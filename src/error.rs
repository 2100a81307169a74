//! The library's error type. Messages are lowercase facts naming the file, field, node or
//! parameter, with a hint where a fix is known.
//!
//! The library knows parameters by their [`Param`] names (`haircut`, `max_iter`, ...), never by
//! the flags of a command line: a front end (the `graph` binary, the Python package) maps a
//! [`Param`] to its own spelling and adds its own hints.

use std::fmt;
use std::path::PathBuf;

/// One problem found in an input, with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where: `file:line:column`, `file: nodes[3].buffer`, `file:17` (CSV line), ...
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem at `location`.
    pub fn new(
        location: impl Into<String>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        Problem {
            location: location.into(),
            message: message.into(),
            hint,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n    hint: {h}")?;
        }
        Ok(())
    }
}

/// How many problems an error message lists before summarising the rest.
pub const MAX_LISTED_PROBLEMS: usize = 20;

/// A parameter of a library call, as named in [`Error::InvalidParameter`].
///
/// The names ([`Param::name`]) are the library's; the `graph` command line maps each to its
/// flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Param {
    /// The set of shocks (none given, a node shocked twice).
    Shocks,
    /// A haircut, in [0, 1].
    Haircut,
    /// Rogers–Veraart share of external assets a defaulted node realises.
    Alpha,
    /// Rogers–Veraart share of interbank inflow a defaulted node realises.
    Beta,
    /// Differential DebtRank's tolerance.
    Tolerance,
    /// Sweep steps.
    Steps,
    /// Uncertainty draws.
    Samples,
    /// Tipping level.
    Level,
    /// Tipping target.
    Target,
    /// Iteration limit of the centralities.
    MaxIter,
    /// Stopping tolerance of the centralities.
    Tol,
    /// PageRank's damping factor.
    Damping,
    /// Katz's attenuation factor.
    KatzAlpha,
    /// Katz's constant term.
    KatzBeta,
    /// PageRank's personalization weights.
    Personalization,
    /// A nodes table given with an input that does not take one.
    NodesFile,
    /// The two groups of a group concentration.
    Groups,
    /// The curves handed to a plot.
    Curves,
    /// A growth stall's revenue growth rate.
    Growth,
    /// A growth stall's first and last years.
    Years,
    /// The funding of a stalled node.
    Funding,
    /// A recovery override `KIND=R` (`docs/model.md` 5.6).
    Recovery,
    /// A buffer override `ID=B`.
    Buffer,
    /// A value override `ID=V`.
    Value,
    /// A node dropped with its edges.
    Drop,
    /// Edges dropped, `FROM:TO[:KIND]`.
    DropEdge,
    /// The weakest source status an edge may rest on.
    MinStatus,
    /// The slice `K/N` of a sharded computation.
    Shard,
}

impl Param {
    /// The parameter's name in the library (`haircut`, `max_iter`, ...).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Param::Shocks => "shocks",
            Param::Haircut => "haircut",
            Param::Alpha => "alpha",
            Param::Beta => "beta",
            Param::Tolerance => "tolerance",
            Param::Steps => "steps",
            Param::Samples => "samples",
            Param::Level => "level",
            Param::Target => "target",
            Param::MaxIter => "max_iter",
            Param::Tol => "tol",
            Param::Damping => "damping",
            Param::KatzAlpha => "katz_alpha",
            Param::KatzBeta => "katz_beta",
            Param::Personalization => "personalization",
            Param::NodesFile => "nodes",
            Param::Groups => "groups",
            Param::Curves => "curves",
            Param::Growth => "growth",
            Param::Years => "years",
            Param::Funding => "funding",
            Param::Recovery => "recovery",
            Param::Buffer => "buffer",
            Param::Value => "value",
            Param::Drop => "drop",
            Param::DropEdge => "drop_edge",
            Param::MinStatus => "min_status",
            Param::Shard => "shard",
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input file is malformed or violates the model's rules.
    #[error("{}", invalid_input(file, problems))]
    InvalidInput {
        /// The file (or `<embedded>`).
        file: String,
        /// Every problem found (at least one).
        problems: Vec<Problem>,
    },
    /// A node id given by the caller or in a scenario is not in the graph.
    #[error("unknown node `{id}`{}", suggest(suggestions))]
    UnknownNode {
        /// The id asked for.
        id: String,
        /// The nearest known ids.
        suggestions: Vec<String>,
    },
    /// A parameter is out of its domain.
    #[error("invalid {param}: {message}{}", hint.as_ref().map(|h| format!("\n    hint: {h}")).unwrap_or_default())]
    InvalidParameter {
        /// Which parameter.
        param: Param,
        /// What is wrong.
        message: String,
        /// How to fix it, in the library's words; parameters are named in backticks
        /// (`` `max_iter` ``) so that a front end can put its own spelling in their place.
        hint: Option<String>,
    },
    /// A model needs figures the graph does not give.
    #[error("{}", missing_data(model, field, nodes))]
    MissingData {
        /// The model that needs them.
        model: String,
        /// The node field (`buffer`, `external_assets`).
        field: String,
        /// The nodes lacking it.
        nodes: Vec<String>,
    },
    /// An iterative method did not converge.
    #[error("{what} did not converge after {iterations} iterations (last change {residual:.3e}, tolerance {tolerance:.1e})\n    hint: {hint}")]
    NoConvergence {
        /// Which computation.
        what: String,
        /// Iterations done.
        iterations: usize,
        /// The last residual.
        residual: f64,
        /// The tolerance asked for.
        tolerance: f64,
        /// How to get an answer; parameters are named in backticks (`` `max_iter` ``).
        hint: String,
    },
    /// Reading or writing a file failed.
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        /// `read`, `write`, ...
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A result holds a non-finite figure (NaN or infinity); nothing was written
    /// (`report::finite`).
    #[error("the result holds a non-finite figure: {figure} is {value}; nothing was written\n    hint: the graph's figures are beyond double precision for this model (express them in a larger unit), or this is a bug: please report it with the graph")]
    NonFinite {
        /// Where: a JSON path (`nodes[3].impact`), a CSV column and row, or a table figure.
        figure: String,
        /// The value (`NaN`, `inf`, `-inf`).
        value: f64,
    },
    /// Shard files that do not merge into one result: not a shard, from different graphs
    /// or parameters, a slice missing or given twice.
    #[error("cannot merge the shards: {}{message}\n    hint: {hint}", file.as_ref().map(|f| format!("`{f}`: ")).unwrap_or_default())]
    Merge {
        /// The file at fault, when one is.
        file: Option<String>,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// An external program is missing or failed.
    #[error("{message}\n    hint: {hint}")]
    Tool {
        /// What went wrong.
        message: String,
        /// How to fix it (e.g. the install line).
        hint: String,
    },
}

impl Error {
    /// Process exit code: 2 for bad input or usage, 1 for failures while running.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::InvalidInput { .. }
            | Error::UnknownNode { .. }
            | Error::InvalidParameter { .. }
            | Error::MissingData { .. }
            | Error::Merge { .. } => 2,
            Error::Io { action, source, .. } => {
                if *action == "read" && source.kind() != std::io::ErrorKind::Interrupted {
                    2
                } else {
                    1
                }
            }
            Error::NoConvergence { .. } | Error::Tool { .. } | Error::NonFinite { .. } => 1,
        }
    }

    /// Shorthand for [`Error::InvalidParameter`].
    pub fn param(param: Param, message: impl Into<String>, hint: Option<&str>) -> Self {
        Error::InvalidParameter {
            param,
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }

    /// An unknown node `id` with the nearest known ids (see
    /// [`crate::Network::nearest_ids`]).
    pub fn unknown_node(id: &str, suggestions: Vec<String>) -> Self {
        Error::UnknownNode {
            id: id.to_string(),
            suggestions,
        }
    }

    /// A copy of the error; I/O errors keep their kind and message, not their inner source.
    #[must_use]
    pub fn duplicate(&self) -> Error {
        match self {
            Error::InvalidInput { file, problems } => Error::InvalidInput {
                file: file.clone(),
                problems: problems.clone(),
            },
            Error::UnknownNode { id, suggestions } => Error::UnknownNode {
                id: id.clone(),
                suggestions: suggestions.clone(),
            },
            Error::InvalidParameter {
                param,
                message,
                hint,
            } => Error::InvalidParameter {
                param: *param,
                message: message.clone(),
                hint: hint.clone(),
            },
            Error::MissingData {
                model,
                field,
                nodes,
            } => Error::MissingData {
                model: model.clone(),
                field: field.clone(),
                nodes: nodes.clone(),
            },
            Error::NoConvergence {
                what,
                iterations,
                residual,
                tolerance,
                hint,
            } => Error::NoConvergence {
                what: what.clone(),
                iterations: *iterations,
                residual: *residual,
                tolerance: *tolerance,
                hint: hint.clone(),
            },
            Error::Io {
                action,
                path,
                source,
            } => Error::Io {
                action,
                path: path.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
            Error::Merge {
                file,
                message,
                hint,
            } => Error::Merge {
                file: file.clone(),
                message: message.clone(),
                hint: hint.clone(),
            },
            Error::Tool { message, hint } => Error::Tool {
                message: message.clone(),
                hint: hint.clone(),
            },
            Error::NonFinite { figure, value } => Error::NonFinite {
                figure: figure.clone(),
                value: *value,
            },
        }
    }
}

/// The header and the first [`MAX_LISTED_PROBLEMS`] problems of an invalid input; the number
/// of problems left out, if any, is returned for the caller to phrase.
#[must_use]
pub fn invalid_input_head(file: &str, problems: &[Problem]) -> (String, usize) {
    use std::fmt::Write as _;
    let mut s = if problems.len() == 1 {
        format!("invalid graph file `{file}`:\n  {}", problems[0])
    } else {
        format!("invalid graph file `{file}` ({} problems):", problems.len())
    };
    if problems.len() > 1 {
        for p in problems.iter().take(MAX_LISTED_PROBLEMS) {
            let _ = write!(s, "\n  {p}");
        }
    }
    (s, problems.len().saturating_sub(MAX_LISTED_PROBLEMS))
}

fn invalid_input(file: &str, problems: &[Problem]) -> String {
    let (mut s, more) = invalid_input_head(file, problems);
    if more > 0 && problems.len() > 1 {
        s.push_str(&format!("\n  ... and {more} more"));
    }
    s
}

/// The "did you mean" line of an unknown id (empty without suggestions).
#[must_use]
pub fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(
            "\n    hint: did you mean {}?",
            s.iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// The message of [`Error::MissingData`] without its hint.
#[must_use]
pub fn missing_data_head(model: &str, field: &str, nodes: &[String]) -> String {
    let shown: Vec<String> = nodes.iter().take(10).map(|n| format!("`{n}`")).collect();
    let more = if nodes.len() > 10 {
        format!(" and {} more", nodes.len() - 10)
    } else {
        String::new()
    };
    if field == "external_assets" {
        return format!(
            "model `{model}` needs `{field}` (Eisenberg–Noe's e_i), but no node of the graph gives it ({} nodes: {}{more})",
            nodes.len(),
            shown.join(", ")
        );
    }
    format!(
        "model `{model}` needs `{field}` on every node the shock reaches, but {} {} it: {}{more}",
        nodes.len(),
        if nodes.len() == 1 {
            "node lacks"
        } else {
            "nodes lack"
        },
        shown.join(", ")
    )
}

fn missing_data(model: &str, field: &str, nodes: &[String]) -> String {
    format!(
        "{}\n    hint: add `{field}` to those nodes",
        missing_data_head(model, field, nodes)
    )
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
