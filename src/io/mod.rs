//! Reading and writing graphs and output files.
//!
//! - [`json`]: the `shockgraph/1` JSON format, strict, with every problem reported;
//! - [`csv`]: streamed CSV edge lists and nodes files for big graphs;
//! - [`graphml`], [`nodelink`]: GraphML and NetworkX node-link JSON, both ways; [`gexf`]:
//!   GEXF for Gephi (export only);
//! - [`input`]: what the loaders read and how much (devices refused, pipes and lines capped);
//! - [`write_atomic`]: output files appear whole or not at all.

pub mod csv;
pub mod gexf;
pub mod graphml;
pub mod input;
pub mod json;
pub mod library;
pub mod nodelink;
pub mod output;
pub mod scenario;
mod xml;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Param, Problem, Result};
use crate::model::Network;

/// The default graph of the AI-infrastructure economy, embedded in the binary.
pub const DEFAULT_GRAPH: &str = include_str!("../../graphs/ai-infra-2026.json");

/// Name of the embedded graph in messages.
pub const DEFAULT_GRAPH_NAME: &str = "graphs/ai-infra-2026.json (embedded)";

/// The hint when a nodes table comes without an edge list (a front end may put its own in
/// its place).
pub const NODES_WITHOUT_GRAPH_HINT: &str = "give the edge list (a `.csv` file) as the graph";

/// Loads the embedded default graph.
///
/// # Errors
/// None in practice: the embedded graph is checked by the tests.
pub fn load_default() -> Result<Network> {
    json::parse(DEFAULT_GRAPH, DEFAULT_GRAPH_NAME)
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Reads JSON text as a `shockgraph/1` file or, when its top level has NetworkX's keys
/// (`directed`, `multigraph`, `graph`, `links`), as node-link data. A leading UTF-8 byte order
/// mark (as some Windows editors write) is skipped, as the CSV readers skip it.
pub fn parse_json_collect(text: &str, name: &str) -> (Option<Network>, Vec<Problem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    #[derive(serde::Deserialize)]
    struct Probe {
        directed: Option<serde::de::IgnoredAny>,
        multigraph: Option<serde::de::IgnoredAny>,
        graph: Option<serde::de::IgnoredAny>,
        links: Option<serde::de::IgnoredAny>,
    }
    match serde_json::from_str::<Probe>(text) {
        Ok(p)
            if p.directed.is_some()
                || p.multigraph.is_some()
                || p.graph.is_some()
                || p.links.is_some() =>
        {
            nodelink::parse_collect(text, name)
        }
        _ => json::parse_collect(text, name),
    }
}

fn check_extension(path: &Path) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ["json", "csv", "graphml"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
    {
        Ok(())
    } else {
        Err(Error::InvalidInput {
            file: path.display().to_string(),
            problems: vec![Problem::new(
                path.display().to_string(),
                if ext.is_empty() {
                    "cannot tell the format: the file name has no extension".to_string()
                } else {
                    format!("cannot tell the format from the extension `.{ext}`")
                },
                Some(
                    "graph files end in `.json` (shockgraph/1 or node-link), `.csv` (edge list) \
                     or `.graphml`"
                        .into(),
                ),
            )],
        })
    }
}

/// Loads a graph: `graph` (by extension: `.json` for `shockgraph/1` or NetworkX node-link
/// JSON, `.csv`, `.graphml`), with `nodes` (a nodes CSV, only
/// with a CSV edge list); the embedded default graph when `graph` is `None`.
///
/// # Errors
/// [`Error::Io`] when a file cannot be read, [`Error::InvalidInput`] at the first problem.
pub fn load(graph: Option<&Path>, nodes: Option<&Path>) -> Result<Network> {
    match load_collect(graph, nodes, false)? {
        (Some(n), _) => Ok(n),
        (None, problems) => Err(Error::InvalidInput {
            file: graph.map_or(DEFAULT_GRAPH_NAME.to_string(), input::display_name),
            problems,
        }),
    }
}

/// Loads a graph collecting problems (every one with `all`), for `graph validate`.
///
/// # Errors
/// Only when a file cannot be opened or the options do not fit together.
pub fn load_collect(
    graph: Option<&Path>,
    nodes: Option<&Path>,
    all: bool,
) -> Result<(Option<Network>, Vec<Problem>)> {
    let Some(path) = graph else {
        if nodes.is_some() {
            return Err(Error::param(
                Param::NodesFile,
                "a nodes CSV goes with a CSV edge list",
                Some(NODES_WITHOUT_GRAPH_HINT),
            ));
        }
        return Ok(json::parse_collect(DEFAULT_GRAPH, DEFAULT_GRAPH_NAME));
    };
    if input::is_stdin(path) {
        return load_stdin(nodes, all);
    }
    check_extension(path)?;
    let name = path.display().to_string();
    if is_csv(path) {
        load_csv(Box::new(input::open(path)?.reader), &name, nodes, all)
    } else {
        if nodes.is_some() {
            return Err(Error::param(
                Param::NodesFile,
                "a nodes CSV goes with a CSV edge list, not with a JSON graph",
                Some("a JSON or GraphML graph holds its own nodes"),
            ));
        }
        let text = input::read_text(path)?;
        if has_extension(path, "graphml") {
            return Ok(graphml::parse_collect(&text, &name));
        }
        Ok(parse_json_collect(&text, &name))
    }
}

/// Reads a CSV edge list from `edges` (named `name`) with an optional nodes file.
fn load_csv(
    edges: Box<dyn std::io::Read>,
    name: &str,
    nodes: Option<&Path>,
    all: bool,
) -> Result<(Option<Network>, Vec<Problem>)> {
    let nodes_name = nodes.map(input::display_name);
    let nodes_input = match nodes {
        Some(p) => Some(csv::CsvInput {
            name: nodes_name.as_deref().unwrap_or(""),
            reader: Box::new(input::LineCap::new(input::open(p)?.reader)),
        }),
        None => None,
    };
    Ok(csv::read_collect(
        csv::CsvInput {
            name,
            reader: Box::new(input::LineCap::new(edges)),
        },
        nodes_input,
        all,
    ))
}

/// The graph from standard input (`--graph -`): GraphML when its first character is `<`,
/// JSON when it is `{`, a CSV edge list otherwise.
fn load_stdin(nodes: Option<&Path>, all: bool) -> Result<(Option<Network>, Vec<Problem>)> {
    let path = Path::new(input::STDIN_PATH);
    if nodes.is_some_and(input::is_stdin) {
        return Err(Error::param(
            Param::NodesFile,
            "`--graph -` and `--nodes -` cannot both read standard input",
            Some("give the nodes CSV as a file (or the edge list, with `--nodes -`)"),
        ));
    }
    let (first, stdin) = input::sniff_stdin()?;
    if !matches!(first, Some(b'{' | b'<')) {
        return load_csv(stdin.reader, input::STDIN_NAME, nodes, all);
    }
    if nodes.is_some() {
        return Err(Error::param(
            Param::NodesFile,
            "a nodes CSV goes with a CSV edge list, not with a JSON graph",
            Some("a JSON or GraphML graph holds its own nodes"),
        ));
    }
    let text = input::utf8(path, input::read_all(path, stdin)?)?;
    if first == Some(b'<') {
        Ok(graphml::parse_collect(&text, input::STDIN_NAME))
    } else {
        Ok(parse_json_collect(&text, input::STDIN_NAME))
    }
}

/// Writes a file atomically: the content goes to a temporary file in the same directory,
/// which is renamed over `path` only when `fill` succeeded. A failed run leaves no partial file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be written, or whatever `fill` returns.
pub fn write_atomic<F>(path: &Path, fill: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let io = |source| Error::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".shockgraph-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush().map_err(io)?;
    }
    // Temporary files are created private (0600); give the result the permissions of the file
    // it replaces, or the usual 0644 for a new one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
