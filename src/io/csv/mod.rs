//! CSV edge lists and nodes files.
//!
//! Edge list header: at least `from,to,amount`; optional `kind` (default `debt`) and `recovery`
//! (default 0). Nodes file header: `id` plus any of
//! `label,kind,buffer,external_assets,external_liabilities,value`. Empty cells mean "not given".
//! Without a nodes file, nodes are created from the edges in order of first appearance.
//!
//! Plain lines are read by a parallel fast path (module `fast`); every other line goes through
//! the precise, record-by-record reader built on the `csv` crate (module `precise`), so problems
//! are reported with the same messages and line numbers either way (`docs/benchmarks.md`).
//!
//! Modules: `precise` (the `csv`-crate reader), `records` (what the fast path keeps of a line of
//! a nodes file or an edge list), `fast` (blocks, parts, parallel parsing; `fast::lines` cuts
//! lines, `fast::number` parses numbers). This file ties them together.

use std::io::Read;

use crate::error::{Error, Problem, Result};
use crate::model::{GraphMeta, Kinds, Network, NetworkBuilder};

mod fast;
mod precise;
mod records;
#[cfg(test)]
mod tests;

use fast::{read_fast, Failing};
use precise::Target;
use records::{EdgeFormat, NodeFormat};

const EDGE_COLUMNS: [&str; 5] = ["from", "to", "amount", "kind", "recovery"];
const NODE_COLUMNS: [&str; 7] = [
    "id",
    "label",
    "kind",
    "buffer",
    "external_assets",
    "external_liabilities",
    "value",
];

/// Columns of a nodes CSV that are read over: the figures `graph info --format csv` derives
/// from the edges, so that its node table loads back as a nodes file. Any other unknown column
/// is an error (a misspelt `bufer` is not silently dropped).
const NODE_COLUMNS_IGNORED: [&str; 5] = [
    "amount_in",
    "amount_out",
    "exposure",
    "largest_counterparty",
    "largest_share",
];

/// Stops reading after this many problems in `validate` mode.
const PROBLEM_CAP: usize = 1000;

/// Bytes per block of the fast path.
const FAST_BLOCK: usize = 8 << 20;

/// A named CSV input.
pub struct CsvInput<'a> {
    /// Name for messages.
    pub name: &'a str,
    /// The bytes.
    pub reader: Box<dyn Read + 'a>,
}

struct Collector<'a> {
    file: &'a str,
    list: Vec<Problem>,
    all: bool,
}

impl Collector<'_> {
    fn push(&mut self, line: u64, message: impl Into<String>, hint: Option<String>) -> bool {
        self.list
            .push(Problem::new(format!("{}:{line}", self.file), message, hint));
        // true = stop reading
        !self.all || self.list.len() >= PROBLEM_CAP
    }
}

/// Reads a nodes file. It is read whole first (nodes files are small next to edge lists) so
/// that the node columns and the id index are sized once rather than grown.
fn read_nodes(
    c: &mut Collector<'_>,
    b: &mut NetworkBuilder,
    mut input: Box<dyn Read + '_>,
    block: usize,
) {
    let mut all = Vec::new();
    let input: Box<dyn Read + '_> = match input.read_to_end(&mut all) {
        Ok(_) => {
            b.reserve_nodes(memchr::memchr_iter(b'\n', &all).count() + 1);
            Box::new(std::io::Cursor::new(all))
        }
        // What was read, then the error, where the reader would have met it.
        Err(e) => Box::new(std::io::Cursor::new(all).chain(Failing(Some(e)))),
    };
    read_fast(c, b, input, block, Target::Nodes, NodeFormat::new);
}

/// Reads an edge list; `closed` when a nodes file listed the nodes.
fn read_edges(
    c: &mut Collector<'_>,
    b: &mut NetworkBuilder,
    input: Box<dyn Read + '_>,
    closed: bool,
    block: usize,
) {
    let mut suggestions_left = 20usize;
    let target = Target::Edges {
        closed,
        suggestions_left: &mut suggestions_left,
    };
    read_fast(c, b, input, block, target, |headers, cols, b| {
        EdgeFormat::new(headers, cols, b, closed)
    });
}

/// Reads a CSV edge list and an optional nodes file.
///
/// With `all` every problem is collected (up to 1000); otherwise reading stops at the first.
/// Returns the network when there were no problems.
pub fn read_collect(
    edges: CsvInput<'_>,
    nodes: Option<CsvInput<'_>>,
    all: bool,
) -> (Option<Network>, Vec<Problem>) {
    let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
    let name = edges.name;
    let problems = read_into(&mut b, edges, nodes, all, Mode::Fast(FAST_BLOCK));
    finish(b, name, problems)
}

/// How the readers go through the input.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// Blocks of this many bytes, parsed in parallel, with the precise path for odd lines.
    Fast(usize),
    /// Record by record with the `csv` crate only (kept for the equivalence tests).
    #[cfg(test)]
    Precise,
}

fn read_into(
    b: &mut NetworkBuilder,
    edges: CsvInput<'_>,
    nodes: Option<CsvInput<'_>>,
    all: bool,
    mode: Mode,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let closed = nodes.is_some();
    if let Some(n) = nodes {
        let mut c = Collector {
            file: n.name,
            list: Vec::new(),
            all,
        };
        match mode {
            Mode::Fast(block) => read_nodes(&mut c, b, n.reader, block),
            #[cfg(test)]
            Mode::Precise => precise::slow_whole(&mut c, b, n.reader, &mut Target::Nodes),
        }
        problems.append(&mut c.list);
        if !problems.is_empty() && !all {
            return problems;
        }
    }
    let mut c = Collector {
        file: edges.name,
        list: Vec::new(),
        all,
    };
    match mode {
        Mode::Fast(block) => read_edges(&mut c, b, edges.reader, closed, block),
        #[cfg(test)]
        Mode::Precise => {
            let mut target = Target::Edges {
                closed,
                suggestions_left: &mut 20,
            };
            precise::slow_whole(&mut c, b, edges.reader, &mut target);
        }
    }
    problems.append(&mut c.list);
    problems
}

fn finish(
    b: NetworkBuilder,
    name: &str,
    mut problems: Vec<Problem>,
) -> (Option<Network>, Vec<Problem>) {
    if !problems.is_empty() {
        return (None, problems);
    }
    match b.finish() {
        Ok(n) => (Some(n), problems),
        Err(r) => {
            problems.push(Problem::new(name.to_string(), r.message, r.hint));
            (None, problems)
        }
    }
}

/// Reads a CSV edge list (and nodes file), stopping at the first problem.
///
/// # Errors
/// [`Error::InvalidInput`] naming the file and line.
pub fn read(edges: CsvInput<'_>, nodes: Option<CsvInput<'_>>) -> Result<Network> {
    let file = edges.name.to_string();
    match read_collect(edges, nodes, false) {
        (Some(n), _) => Ok(n),
        (None, problems) => Err(Error::InvalidInput { file, problems }),
    }
}

/// A number as a CSV cell: the shortest text that reads back to the same `f64`, in scientific
/// notation beyond 1e15 and below 1e-6 (so 1e308 is `1e308`, not 309 digits).
fn number_cell(x: f64) -> String {
    let a = x.abs();
    if a != 0.0 && !(1e-6..1e15).contains(&a) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Writes the edge list of `net` as CSV (`from,to,amount,kind,recovery`).
///
/// # Errors
/// The writer's.
pub fn write_edges<W: std::io::Write>(net: &Network, w: W) -> csv::Result<()> {
    let mut wr = csv::Writer::from_writer(w);
    wr.write_record(EDGE_COLUMNS)?;
    for e in net.edges() {
        wr.write_record([
            net.id(e.from.index()),
            net.id(e.to.index()),
            &number_cell(e.amount),
            net.edge_kind_name(e.kind),
            &number_cell(e.recovery),
        ])?;
    }
    wr.flush()?;
    Ok(())
}

/// Writes the nodes of `net` as a nodes CSV (`id,label,kind,buffer,external_assets,
/// external_liabilities,value`; empty cells for figures not given), which `--nodes` reads
/// back: with [`write_edges`] a CSV copy of the graph that keeps every node figure.
///
/// # Errors
/// The writer's.
pub fn write_nodes<W: std::io::Write>(net: &Network, w: W) -> csv::Result<()> {
    let mut wr = csv::Writer::from_writer(w);
    wr.write_record(NODE_COLUMNS)?;
    let cell = |x: Option<f64>| x.map(number_cell).unwrap_or_default();
    for i in 0..net.node_count() {
        let f = net.figures(i);
        let label = net.node_meta(i).and_then(|m| m.label.as_deref());
        wr.write_record([
            net.id(i),
            label.unwrap_or(""),
            net.node_kind(i),
            &cell(f.buffer),
            &cell(f.external_assets),
            &cell(f.external_liabilities),
            &cell(f.value),
        ])?;
    }
    wr.flush()?;
    Ok(())
}
