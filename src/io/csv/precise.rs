//! The precise path: the record-by-record reader on the `csv` crate, with every check and
//! every message. It reads whole files whose header is not one plain line, and for the fast
//! path (`super::fast`) single lines it does not accept or the rest of a file after a `"`.

use crate::io::input::LineTooLong;
use std::io::Read;

use super::{Collector, EDGE_COLUMNS, NODE_COLUMNS, NODE_COLUMNS_IGNORED};
use crate::model::kinds::{DEFAULT_EDGE_KIND, DEFAULT_NODE_KIND};
use crate::model::{NetworkBuilder, NodeFigures, NodeId, NodeMeta};

pub(super) fn header_map(
    c: &mut Collector<'_>,
    headers: &csv::ByteRecord,
    allowed: &[&str],
    ignored: &[&str],
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
            None if ignored.contains(&h) => {}
            None => {
                bad = true;
                c.push(
                    1,
                    format!("unknown column `{h}`"),
                    Some(if ignored.is_empty() {
                        format!("the columns are: {}", allowed.join(", "))
                    } else {
                        format!(
                            "the columns are: {} (the columns of `graph info --format csv`, {}, are read over)",
                            allowed.join(", "),
                            ignored.join(", ")
                        )
                    }),
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
fn cell(rec: &csv::ByteRecord, col: Option<usize>) -> &[u8] {
    col.and_then(|c| rec.get(c)).unwrap_or(b"")
}

fn text(b: &[u8]) -> std::result::Result<&str, String> {
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

pub(super) fn reader(input: Box<dyn Read + '_>) -> csv::Reader<Box<dyn Read + '_>> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(1 << 20)
        .from_reader(input)
}

pub(super) fn csv_error(c: &mut Collector<'_>, e: &csv::Error, line_base: u64) -> bool {
    if let csv::ErrorKind::Io(io) = e.kind() {
        if let Some(long) = LineTooLong::of(io) {
            // Reading cannot go on past it: stop whatever the mode.
            c.push(long.line, long.to_string(), Some(LineTooLong::HINT.into()));
            return true;
        }
    }
    let line = e.position().map_or(0, |p| p.line() + line_base);
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

/// The precise path over node records: every check, every message. `line_base` is added to the
/// reader's line numbers. Returns true when reading must stop.
fn slow_nodes(
    c: &mut Collector<'_>,
    b: &mut NetworkBuilder,
    rdr: &mut csv::Reader<Box<dyn Read + '_>>,
    cols: &[Option<usize>],
    line_base: u64,
) -> bool {
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if csv_error(c, &e, line_base) {
                    return true;
                }
                continue;
            }
        }
        let line = rec.position().map_or(0, csv::Position::line) + line_base;
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
                return true;
            }
        }
    }
    false
}

/// The precise path over edge records: every check, every message. `line_base` is added to the
/// reader's line numbers (the fast path hands it single lines or the rest of a file behind a
/// copy of the header). Returns true when reading must stop.
#[allow(clippy::too_many_arguments)]
fn slow_edges(
    c: &mut Collector<'_>,
    b: &mut NetworkBuilder,
    rdr: &mut csv::Reader<Box<dyn Read + '_>>,
    cols: &[Option<usize>],
    closed: bool,
    suggestions_left: &mut usize,
    line_base: u64,
) -> bool {
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if csv_error(c, &e, line_base) {
                    return true;
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
            let mut endpoint = |id: &str| -> std::result::Result<NodeId, (String, Option<String>)> {
                if closed {
                    b.index_of(id).ok_or_else(|| {
                        let hint = if *suggestions_left > 0 {
                            *suggestions_left -= 1;
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
            let line = rec.position().map_or(0, csv::Position::line) + line_base;
            if c.push(line, m, h) {
                return true;
            }
        }
    }
    false
}

/// The precise path for a whole input (when its header is not one plain line).
pub(super) fn slow_whole(
    c: &mut Collector<'_>,
    b: &mut NetworkBuilder,
    input: Box<dyn Read + '_>,
    target: &mut Target<'_>,
) {
    let mut rdr = reader(input);
    let headers = match rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            csv_error(c, &e, 0);
            return;
        }
    };
    let Some(cols) = header_map(
        c,
        &headers,
        target.columns(),
        target.ignored(),
        target.required(),
    ) else {
        return;
    };
    target.slow(c, b, &mut rdr, &cols, 0);
}

/// Which file the precise path reads, with what it needs.
pub(super) enum Target<'s> {
    Nodes,
    Edges {
        closed: bool,
        suggestions_left: &'s mut usize,
    },
}

impl Target<'_> {
    pub(super) fn columns(&self) -> &'static [&'static str] {
        match self {
            Target::Nodes => &NODE_COLUMNS,
            Target::Edges { .. } => &EDGE_COLUMNS,
        }
    }

    pub(super) fn ignored(&self) -> &'static [&'static str] {
        match self {
            Target::Nodes => &NODE_COLUMNS_IGNORED,
            Target::Edges { .. } => &[],
        }
    }

    pub(super) fn required(&self) -> &'static [&'static str] {
        match self {
            Target::Nodes => &["id"],
            Target::Edges { .. } => &["from", "to", "amount"],
        }
    }

    fn slow(
        &mut self,
        c: &mut Collector<'_>,
        b: &mut NetworkBuilder,
        rdr: &mut csv::Reader<Box<dyn Read + '_>>,
        cols: &[Option<usize>],
        line_base: u64,
    ) -> bool {
        match self {
            Target::Nodes => slow_nodes(c, b, rdr, cols, line_base),
            Target::Edges {
                closed,
                suggestions_left,
            } => slow_edges(c, b, rdr, cols, *closed, suggestions_left, line_base),
        }
    }
}

/// The last line that held a record (blank lines hold none), as the `csv` reader counts lines:
/// a record's line number is the line after the previous record's end (so a record after blank
/// lines is reported at the first blank line), or that line itself when it ended with `\r\n`.
#[derive(Debug, Clone, Copy)]
pub(super) struct LastRecord {
    pub(super) line: u64,
    pub(super) crlf: bool,
}

/// The precise path in the middle of a file.
pub(super) struct Precise<'h, 's> {
    pub(super) header: &'h [u8],
    pub(super) cols: &'h [Option<usize>],
    pub(super) target: Target<'s>,
    pub(super) last: LastRecord,
}

impl Precise<'_, '_> {
    /// Reads `rest`, which starts at line `line` with `self.last` the last record before it,
    /// behind a copy of the header ended like that record and blank lines standing for the
    /// ones between, so that the `csv` reader is in the same state and counts lines the same
    /// way as in the whole file. True when reading must stop.
    pub(super) fn rest<'a>(
        &mut self,
        c: &mut Collector<'_>,
        b: &mut NetworkBuilder,
        rest: impl Read + 'a,
        line: u64,
    ) -> bool {
        let blanks = line.saturating_sub(self.last.line + 1) as usize;
        let mut head = Vec::with_capacity(self.header.len() + 2 + blanks);
        head.extend_from_slice(self.header);
        head.extend_from_slice(if self.last.crlf { b"\r\n" } else { b"\n" });
        head.resize(head.len() + blanks, b'\n');
        let input: Box<dyn Read + 'a> = Box::new(std::io::Cursor::new(head).chain(rest));
        let mut rdr = reader(input);
        let _ = rdr.byte_headers();
        self.target
            .slow(c, b, &mut rdr, self.cols, self.last.line - 1)
    }
}
