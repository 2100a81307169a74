//! The library's error type. Messages are lowercase facts naming the file, field or node,
//! with a hint where a fix is known.

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
    /// A node id given on the command line or in a scenario is not in the graph.
    #[error("unknown node `{id}`{}", suggest(suggestions))]
    UnknownNode {
        /// The id asked for.
        id: String,
        /// The nearest known ids.
        suggestions: Vec<String>,
    },
    /// A parameter is out of its domain.
    #[error("invalid {name}: {message}{}", hint.as_ref().map(|h| format!("\n    hint: {h}")).unwrap_or_default())]
    InvalidParameter {
        /// The flag or field (`--haircut`).
        name: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
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
        /// How to get an answer.
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
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::InvalidInput { .. }
            | Error::UnknownNode { .. }
            | Error::InvalidParameter { .. }
            | Error::MissingData { .. } => 2,
            Error::Io { action, source, .. } => {
                if *action == "read" && source.kind() != std::io::ErrorKind::Interrupted {
                    2
                } else {
                    1
                }
            }
            Error::NoConvergence { .. } | Error::Tool { .. } => 1,
        }
    }

    /// Shorthand for [`Error::InvalidParameter`].
    pub fn param(name: impl Into<String>, message: impl Into<String>, hint: Option<&str>) -> Self {
        Error::InvalidParameter {
            name: name.into(),
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }

    /// An unknown node with the nearest ids of `net`.
    pub fn unknown_node(net: &crate::Network, id: &str) -> Self {
        Error::UnknownNode {
            id: id.to_string(),
            suggestions: net
                .nearest_ids(id, 3)
                .into_iter()
                .map(String::from)
                .collect(),
        }
    }
}

fn invalid_input(file: &str, problems: &[Problem]) -> String {
    let mut s = if problems.len() == 1 {
        format!("invalid graph file `{file}`:\n  {}", problems[0])
    } else {
        format!("invalid graph file `{file}` ({} problems):", problems.len())
    };
    if problems.len() > 1 {
        for p in problems.iter().take(MAX_LISTED_PROBLEMS) {
            s.push_str(&format!("\n  {p}"));
        }
        if problems.len() > MAX_LISTED_PROBLEMS {
            s.push_str(&format!(
                "\n  ... and {} more (run `graph validate {file}` for the full list)",
                problems.len() - MAX_LISTED_PROBLEMS
            ));
        }
    }
    s
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        "\n    hint: `graph info` lists the node ids".to_string()
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

fn missing_data(model: &str, field: &str, nodes: &[String]) -> String {
    let shown: Vec<String> = nodes.iter().take(10).map(|n| format!("`{n}`")).collect();
    let more = if nodes.len() > 10 {
        format!(" and {} more", nodes.len() - 10)
    } else {
        String::new()
    };
    let hint = format!(
        "hint: add `{field}` to those nodes (JSON) or a `{field}` column to the nodes CSV (--nodes)"
    );
    if field == "external_assets" {
        return format!(
            "model `{model}` needs `{field}` (Eisenberg–Noe's e_i), but no node of the graph gives it ({} nodes: {}{more})\n    {hint}",
            nodes.len(),
            shown.join(", ")
        );
    }
    format!(
        "model `{model}` needs `{field}` on every node the shock reaches, but {} {} it: {}{more}\n    {hint}",
        nodes.len(),
        if nodes.len() == 1 { "node lacks" } else { "nodes lack" },
        shown.join(", ")
    )
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
