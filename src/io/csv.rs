//! CSV edge lists and nodes files, streamed with the `csv` crate.
//!
//! Edge list header: at least `from,to,amount`; optional `kind` (default `debt`) and `recovery`
//! (default 0). Nodes file header: `id` plus any of
//! `label,kind,buffer,external_assets,external_liabilities,value`. Empty cells mean "not given".
//! Without a nodes file, nodes are created from the edges in order of first appearance.

use std::io::Read;

use crate::error::{Error, Problem, Result};
use crate::model::kinds::{DEFAULT_EDGE_KIND, DEFAULT_NODE_KIND};
use crate::model::{GraphMeta, Kinds, Network, NetworkBuilder, NodeFigures, NodeMeta};

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

/// Stops reading after this many problems in `validate` mode.
const PROBLEM_CAP: usize = 1000;

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

fn header_map(
    c: &mut Collector<'_>,
    headers: &csv::ByteRecord,
    allowed: &[&str],
    required: &[&str],
) -> Option<Vec<Option<usize>>> {
    let mut idx = vec![None; allowed.len()];
    let mut bad = false;
    for (i, h) in headers.iter().enumerate() {
        let h = String::from_utf8_lossy(h);
        let h = h.trim().trim_start_matches('\u{feff}');
        match allowed.iter().position(|a| *a == h) {
            Some(k) if idx[k].is_some() => {
                bad = true;
                c.push(1, format!("column `{h}` appears twice in the header"), None);
            }
            Some(k) => idx[k] = Some(i),
            None => {
                bad = true;
                c.push(
                    1,
                    format!("unknown column `{h}`"),
                    Some(format!("the columns are: {}", allowed.join(", "))),
                );
            }
        }
    }
    for r in required {
        let k = allowed.iter().position(|a| a == r).unwrap();
        if idx[k].is_none() {
            bad = true;
            c.push(
                1,
                format!("the header lacks the required column `{r}`"),
                Some(format!(
                    "the first line must name the columns, at least: {}",
                    required.join(",")
                )),
            );
        }
    }
    (!bad).then_some(idx)
}

#[inline]
fn cell<'r>(rec: &'r csv::ByteRecord, col: Option<usize>) -> &'r [u8] {
    col.and_then(|c| rec.get(c)).unwrap_or(b"")
}

fn text<'r>(b: &'r [u8]) -> std::result::Result<&'r str, String> {
    std::str::from_utf8(b)
        .map(str::trim)
        .map_err(|_| "the cell is not valid UTF-8".to_string())
}

/// Parses an optional number cell: empty -> None.
fn number(b: &[u8], field: &str) -> std::result::Result<Option<f64>, String> {
    let s = text(b)?;
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<f64>()
        .map(Some)
        .map_err(|_| format!("`{field}` is `{s}`, not a number"))
}

fn reader(input: Box<dyn Read + '_>) -> csv::Reader<Box<dyn Read + '_>> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(1 << 20)
        .from_reader(input)
}

fn csv_error(c: &mut Collector<'_>, e: &csv::Error) -> bool {
    let line = e.position().map_or(0, |p| p.line());
    let msg = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields, but the header has {expected_len}")
        }
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => e.to_string(),
    };
    c.push(line, msg, None)
}

fn read_nodes(c: &mut Collector<'_>, b: &mut NetworkBuilder, input: Box<dyn Read + '_>) {
    let mut rdr = reader(input);
    let headers = match rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            csv_error(c, &e);
            return;
        }
    };
    let Some(cols) = header_map(c, &headers, &NODE_COLUMNS, &["id"]) else {
        return;
    };
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if csv_error(c, &e) {
                    return;
                }
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        let row = (|| -> std::result::Result<(), (String, Option<String>)> {
            let id = text(cell(&rec, cols[0])).map_err(|m| (m, None))?;
            let label = text(cell(&rec, cols[1])).map_err(|m| (m, None))?;
            let kind_s = text(cell(&rec, cols[2])).map_err(|m| (m, None))?;
            let kind = if kind_s.is_empty() {
                DEFAULT_NODE_KIND
            } else {
                b.kinds().node(kind_s).ok_or_else(|| {
                    (
                        format!("unknown node kind `{kind_s}`"),
                        Some(format!("one of: {}", b.kinds().node_names().join(", "))),
                    )
                })?
            };
            let f = NodeFigures {
                buffer: number(cell(&rec, cols[3]), "buffer").map_err(|m| (m, None))?,
                external_assets: number(cell(&rec, cols[4]), "external_assets")
                    .map_err(|m| (m, None))?,
                external_liabilities: number(cell(&rec, cols[5]), "external_liabilities")
                    .map_err(|m| (m, None))?,
                value: number(cell(&rec, cols[6]), "value").map_err(|m| (m, None))?,
            };
            let meta = (!label.is_empty()).then(|| NodeMeta {
                label: Some(label.to_string()),
                ..NodeMeta::default()
            });
            b.add_node(id, kind, f, meta)
                .map(|_| ())
                .map_err(|r| (r.message, r.hint))
        })();
        if let Err((m, h)) = row {
            if c.push(line, m, h) {
                return;
            }
        }
    }
}

fn read_edges(
    c: &mut Collector<'_>,
    b: &mut NetworkBuilder,
    input: Box<dyn Read + '_>,
    closed: bool,
) {
    let mut rdr = reader(input);
    let headers = match rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            csv_error(c, &e);
            return;
        }
    };
    let Some(cols) = header_map(c, &headers, &EDGE_COLUMNS, &["from", "to", "amount"]) else {
        return;
    };
    let mut rec = csv::ByteRecord::new();
    let mut suggestions_left = 20usize;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if csv_error(c, &e) {
                    return;
                }
                continue;
            }
        }
        let row = (|| -> std::result::Result<(), (String, Option<String>)> {
            let plain = |m: String| (m, None);
            let from_s = text(cell(&rec, cols[0])).map_err(plain)?;
            let to_s = text(cell(&rec, cols[1])).map_err(plain)?;
            let amount = number(cell(&rec, cols[2]), "amount")
                .map_err(plain)?
                .ok_or_else(|| ("`amount` is empty".to_string(), None))?;
            let kind_b = cell(&rec, cols[3]);
            let kind = if kind_b.is_empty() {
                DEFAULT_EDGE_KIND
            } else {
                let k = text(kind_b).map_err(plain)?;
                b.kinds().edge(k).ok_or_else(|| {
                    (
                        format!("unknown edge kind `{k}`"),
                        Some(format!("one of: {}", b.kinds().edge_names().join(", "))),
                    )
                })?
            };
            let recovery = number(cell(&rec, cols[4]), "recovery")
                .map_err(plain)?
                .unwrap_or(0.0);
            let mut endpoint = |id: &str| -> std::result::Result<u32, (String, Option<String>)> {
                if closed {
                    b.index_of(id).ok_or_else(|| {
                        let hint = if suggestions_left > 0 {
                            suggestions_left -= 1;
                            let near = b.nearest_ids(id, 3);
                            if near.is_empty() {
                                "every edge endpoint must be listed in the nodes file".to_string()
                            } else {
                                format!(
                                    "not in the nodes file; did you mean {}?",
                                    near.iter()
                                        .map(|x| format!("`{x}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            }
                        } else {
                            "every edge endpoint must be listed in the nodes file".to_string()
                        };
                        (format!("edge refers to unknown node `{id}`"), Some(hint))
                    })
                } else {
                    b.intern(id).map_err(|r| (r.message, r.hint))
                }
            };
            let from = endpoint(from_s)?;
            let to = endpoint(to_s)?;
            b.add_edge(from, to, kind, amount, recovery, None)
                .map(|_| ())
                .map_err(|r| (r.message, r.hint))
        })();
        if let Err((m, h)) = row {
            let line = rec.position().map_or(0, |p| p.line());
            if c.push(line, m, h) {
                return;
            }
        }
    }
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
    let mut problems = Vec::new();
    let closed = nodes.is_some();
    if let Some(n) = nodes {
        let mut c = Collector {
            file: n.name,
            list: Vec::new(),
            all,
        };
        read_nodes(&mut c, &mut b, n.reader);
        problems.append(&mut c.list);
        if !problems.is_empty() && !all {
            return (None, problems);
        }
    }
    let mut c = Collector {
        file: edges.name,
        list: Vec::new(),
        all,
    };
    read_edges(&mut c, &mut b, edges.reader, closed);
    problems.append(&mut c.list);
    if !problems.is_empty() {
        return (None, problems);
    }
    match b.finish() {
        Ok(n) => (Some(n), problems),
        Err(r) => {
            problems.push(Problem::new(edges.name.to_string(), r.message, r.hint));
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

/// Writes the edge list of `net` as CSV (`from,to,amount,kind,recovery`).
pub fn write_edges<W: std::io::Write>(net: &Network, w: W) -> csv::Result<()> {
    let mut wr = csv::Writer::from_writer(w);
    wr.write_record(EDGE_COLUMNS)?;
    for e in net.edges() {
        wr.write_record([
            net.id(e.from as usize),
            net.id(e.to as usize),
            &e.amount.to_string(),
            net.edge_kind_name(e.kind),
            &e.recovery.to_string(),
        ])?;
    }
    wr.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(s: &str) -> CsvInput<'_> {
        CsvInput {
            name: "e.csv",
            reader: Box::new(s.as_bytes()),
        }
    }

    #[test]
    fn reads_edges_and_creates_nodes() {
        let n = read(
            input("from,to,amount,kind,recovery\na,b,2.5,compute_commitment,0.5\nb,c,1,,\n"),
            None,
        )
        .unwrap();
        assert_eq!(n.node_count(), 3);
        assert_eq!(n.edge(0).exposure(), 1.25);
        assert_eq!(n.edge_kind_name(n.edge(1).kind), "debt");
    }

    #[test]
    fn collects_every_problem_with_lines() {
        let (n, p) = read_collect(
            input("from,to,amount\na,b,-1\na,a,1\nc,d,NaN\nx,y,abc\n"),
            None,
            true,
        );
        assert!(n.is_none());
        let locs: Vec<&str> = p.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(locs, ["e.csv:2", "e.csv:3", "e.csv:4", "e.csv:5"]);
        assert!(p[1].message.contains("self-loop"));
        assert!(p[2].message.contains("finite"));
    }

    #[test]
    fn header_problems() {
        let (_, p) = read_collect(input("from,to,weight\n"), None, true);
        assert!(p[0].message.contains("unknown column `weight`"));
        assert!(p[1].message.contains("required column `amount`"));
    }
}
