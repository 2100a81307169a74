//! CSV edge lists and nodes files.
//!
//! Edge list header: at least `from,to,amount`; optional `kind` (default `debt`) and `recovery`
//! (default 0). Nodes file header: `id` plus any of
//! `label,kind,buffer,external_assets,external_liabilities,value`. Empty cells mean "not given".
//! Without a nodes file, nodes are created from the edges in order of first appearance.
//!
//! Plain lines are read by a parallel fast path (see "The fast path" below); every other line
//! goes through the precise, record-by-record reader built on the `csv` crate, so problems are
//! reported with the same messages and line numbers either way (`docs/benchmarks.md`).

use std::io::Read;

use rayon::prelude::*;

use crate::error::{Error, Problem, Result};
use crate::model::kinds::{DEFAULT_EDGE_KIND, DEFAULT_NODE_KIND};
use crate::model::network::{IdKey, IdLookup};
use crate::model::{valid_id, GraphMeta, Kinds, Network, NetworkBuilder, NodeFigures, NodeMeta};

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

fn reader(input: Box<dyn Read + '_>) -> csv::Reader<Box<dyn Read + '_>> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(1 << 20)
        .from_reader(input)
}

fn csv_error(c: &mut Collector<'_>, e: &csv::Error, line_base: u64) -> bool {
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
        let line = rec.position().map_or(0, |p| p.line()) + line_base;
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
            let mut endpoint = |id: &str| -> std::result::Result<u32, (String, Option<String>)> {
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
            let line = rec.position().map_or(0, |p| p.line()) + line_base;
            if c.push(line, m, h) {
                return true;
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// The fast path.
//
// The input is read in blocks; each block is cut at line ends into a few parts that are parsed
// in parallel into columns (ids looked up in batches, numbers parsed without allocation), then
// appended in order. A line the fast path does not accept *exactly as the precise path would*
// (wrong number of fields, unknown, invalid or duplicate id, a number that is not a plain finite
// decimal in range, unknown kind, self-loop, a cell with surrounding spaces, a stray `\r`, ...)
// goes through the precise path on its own, behind a copy of the header, so its problems carry
// the same messages and line numbers. At the first `"` (quoting may span lines) the precise
// path takes over for the rest of the input.

/// The precise path for a whole input (when its header is not one plain line).
fn slow_whole(
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
    let Some(cols) = header_map(c, &headers, target.columns(), target.required()) else {
        return;
    };
    target.slow(c, b, &mut rdr, &cols, 0);
}

/// Which file the precise path reads, with what it needs.
enum Target<'s> {
    Nodes,
    Edges {
        closed: bool,
        suggestions_left: &'s mut usize,
    },
}

impl Target<'_> {
    fn columns(&self) -> &'static [&'static str] {
        match self {
            Target::Nodes => &NODE_COLUMNS,
            Target::Edges { .. } => &EDGE_COLUMNS,
        }
    }

    fn required(&self) -> &'static [&'static str] {
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
struct LastRecord {
    line: u64,
    crlf: bool,
}

/// The precise path in the middle of a file.
struct Precise<'h, 's> {
    header: &'h [u8],
    cols: &'h [Option<usize>],
    target: Target<'s>,
    last: LastRecord,
}

impl Precise<'_, '_> {
    /// Reads `rest`, which starts at line `line` with `self.last` the last record before it,
    /// behind a copy of the header ended like that record and blank lines standing for the
    /// ones between, so that the `csv` reader is in the same state and counts lines the same
    /// way as in the whole file. True when reading must stop.
    fn rest<'a>(
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

/// A line the fast path leaves to the precise path.
#[derive(Debug, Clone, Copy)]
struct Exception {
    /// Records of the part before it.
    at: usize,
    /// Where the line is.
    place: Place,
    /// A `"` on the line: the precise path reads the rest of the input.
    quote: bool,
}

/// Where a line is in its part.
#[derive(Debug, Clone, Copy)]
struct Place {
    /// Byte range of the line in the part, with its end.
    start: usize,
    end: usize,
    /// Line number in the part (0-based).
    line: u64,
    /// The last line of the part before it that held a record, if any.
    last: Option<LastRecord>,
}

/// One line of a part, cut into fields.
struct Line {
    place: Place,
    fields: [(usize, usize); MAX_FIELDS],
    /// Fields on the line (only the first `MAX_FIELDS` are recorded).
    count: usize,
    /// Whether the line has a `\r` other than one before its `\n`.
    stray_cr: bool,
}

impl Line {
    #[inline]
    fn cell<'a>(&self, bytes: &'a [u8], k: usize) -> &'a [u8] {
        &bytes[self.fields[k].0..self.fields[k].1]
    }
}

/// A parsed part: its records (a format's columns), the lines left to the precise path.
#[derive(Default)]
struct Parsed<R> {
    rec: R,
    exceptions: Vec<Exception>,
    /// Lines in the part.
    lines: u64,
    /// Its last line that held a record, if any (0-based).
    last: Option<LastRecord>,
}

/// A CSV format the fast path reads.
trait Format: Sync {
    /// The records of one part (reused from block to block, so that their memory is touched
    /// once rather than once per block).
    type Records: Send + Default;

    /// Empties records for a part of `bytes` bytes.
    fn clear(&self, rec: &mut Self::Records, bytes: usize);

    /// Records so far.
    fn count(rec: &Self::Records) -> usize;

    /// Takes a line (false leaves it to the precise path, after `flush`).
    fn accept(
        &self,
        lookup: IdLookup<'_>,
        bytes: &[u8],
        line: &Line,
        rec: &mut Self::Records,
        exceptions: &mut Vec<Exception>,
    ) -> bool;

    /// Completes staged lines (called before an exception is recorded and at the end).
    fn flush(
        &self,
        lookup: IdLookup<'_>,
        bytes: &[u8],
        rec: &mut Self::Records,
        exceptions: &mut Vec<Exception>,
    );

    /// Appends records `from..to` of a part; `Err(k)` when record `k` turned out to be a line
    /// for the precise path (records before it were appended).
    fn commit(
        &self,
        b: &mut NetworkBuilder,
        rec: &mut Self::Records,
        bytes: &[u8],
        from: usize,
        to: usize,
    ) -> std::result::Result<(), usize>;

    /// Where record `k` is (for records refused by `commit`).
    fn place(rec: &Self::Records, k: usize) -> Place;
}

/// Reads a nodes file or an edge list with the fast path (see above).
fn read_fast<F: Format>(
    c: &mut Collector<'_>,
    b: &mut NetworkBuilder,
    input: Box<dyn Read + '_>,
    block: usize,
    mut target: Target<'_>,
    format: impl FnOnce(&csv::ByteRecord, &[Option<usize>], &NetworkBuilder) -> F,
) {
    let mut src = Source {
        input,
        error: None,
        eof: false,
    };
    let mut data: Vec<u8> = Vec::with_capacity(block + (block >> 4));
    while !src.eof && !data.contains(&b'\n') {
        src.fill(&mut data, block);
    }
    // The header: one plain line, else the precise path reads everything.
    let header_end = data.iter().position(|&x| x == b'\n');
    let plain_header = header_end.is_some_and(|h| {
        let line = &data[..h];
        let body = line.strip_suffix(b"\r").unwrap_or(line);
        !body.is_empty() && !body.iter().any(|&x| x == b'"' || x == b'\r')
    });
    if !plain_header || b.node_count() >= PENDING as usize {
        slow_whole(c, b, Box::new(src.rest(data)), &mut target);
        return;
    }
    let header_end = header_end.unwrap_or(0) + 1;
    let header: Vec<u8> = data[..header_end].to_vec();
    let mut hr = reader(Box::new(&header[..]));
    let headers = match hr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            csv_error(c, &e, 0);
            return;
        }
    };
    let Some(cols) = header_map(c, &headers, target.columns(), target.required()) else {
        return;
    };
    let fmt = format(&headers, &cols, b);
    let header_body = header.strip_suffix(b"\n").unwrap_or(&header);
    let header_body = header_body.strip_suffix(b"\r").unwrap_or(header_body);
    let mut ctx = Precise {
        header: header_body,
        cols: &cols,
        target,
        last: LastRecord {
            line: 1,
            crlf: header.ends_with(b"\r\n"),
        },
    };
    data.drain(..header_end);
    let mut line = 2u64; // line number of data[0]
    let mut pool = Vec::new();
    loop {
        // Cut the block after its last complete line (everything at the end of the input,
        // but not after a read error: see below).
        let last_line_end = data.iter().rposition(|&x| x == b'\n').map(|p| p + 1);
        let end = match last_line_end {
            _ if src.eof && src.error.is_none() => data.len(),
            Some(p) => p,
            None if src.eof => 0,
            None => {
                // A line longer than the block: read more.
                src.fill(&mut data, block);
                continue;
            }
        };
        if end > 0 {
            if b.node_count() + end >= PENDING as usize {
                // Indices could reach the pending flag: the precise path reads the rest.
                ctx.rest(c, b, src.rest(data), line);
                return;
            }
            match fast_block(c, b, &fmt, &mut ctx, &data[..end], line, &mut pool) {
                BlockEnd::Done(lines) => line += lines,
                BlockEnd::Stop => return,
                BlockEnd::Quote { offset, line: at } => {
                    data.drain(..offset);
                    ctx.rest(c, b, src.rest(data), at);
                    return;
                }
            }
            data.drain(..end);
        }
        if src.eof {
            if src.error.is_some() {
                // An incomplete last line (the `csv` reader keeps what ends in a `\r`) and
                // the error go through the precise path.
                ctx.rest(c, b, src.rest(data), line);
            }
            return;
        }
        src.fill(&mut data, block);
    }
}

/// The input of the fast path, with the read error that ended it, if any.
struct Source<'a> {
    input: Box<dyn Read + 'a>,
    error: Option<std::io::Error>,
    eof: bool,
}

impl<'a> Source<'a> {
    /// Appends up to `want` bytes to `buf`; at the end of the input or at a read error (what
    /// was read before it is kept) sets `eof`.
    fn fill(&mut self, buf: &mut Vec<u8>, want: usize) {
        if self.eof {
            return;
        }
        match self.input.by_ref().take(want as u64).read_to_end(buf) {
            Ok(got) => self.eof = got < want,
            Err(e) => {
                self.error = Some(e);
                self.eof = true;
            }
        }
    }

    /// `data` followed by the rest of the input (the read error where it happened).
    fn rest(self, data: Vec<u8>) -> impl Read + 'a {
        std::io::Cursor::new(data)
            .chain(Failing(self.error))
            .chain(self.input)
    }
}

/// Flag of a node reference that is not resolved yet (an id new in this block).
const PENDING: u32 = 1 << 31;

/// Most fields a fast line can have (a header has distinct known columns).
const MAX_FIELDS: usize = NODE_COLUMNS.len();

/// Lines whose ids are looked up together (their table slots are fetched first).
const BATCH: usize = 32;

enum BlockEnd {
    /// The block was read; it held this many lines.
    Done(u64),
    /// Reading must stop (first problem, or too many).
    Stop,
    /// A `"` on the line starting at byte `offset` of the block, line number `line`.
    Quote { offset: usize, line: u64 },
}

/// Reads one block of complete lines (the first at line `line`). Parts are parsed in
/// parallel, then appended in order; exceptions go through the precise path in their place.
fn fast_block<F: Format>(
    c: &mut Collector<'_>,
    b: &mut NetworkBuilder,
    fmt: &F,
    ctx: &mut Precise<'_, '_>,
    data: &[u8],
    line: u64,
    pool: &mut Vec<Parsed<F::Records>>,
) -> BlockEnd {
    let parts = split_lines(data, rayon::current_num_threads().max(1) * 2);
    pool.resize_with(pool.len().max(parts.len()), Parsed::default);
    {
        let lookup = b.lookup();
        parts
            .par_iter()
            .zip(pool.par_iter_mut())
            .for_each(|(&(s, e), part)| parse_part(fmt, lookup, &data[s..e], part));
    }
    let mut line = line;
    let mut total = 0u64;
    for (&(base, end), part) in parts.iter().zip(pool.iter_mut()) {
        let bytes = &data[base..end];
        let mut done = 0usize;
        let mut exceptions = std::mem::take(&mut part.exceptions).into_iter().peekable();
        let count = F::count(&part.rec);
        loop {
            let upto = exceptions.peek().map_or(count, |x| x.at);
            let x = match fmt.commit(b, &mut part.rec, bytes, done, upto) {
                Ok(()) => {
                    done = upto;
                    match exceptions.next() {
                        Some(x) => x,
                        None => break,
                    }
                }
                Err(k) => {
                    done = k + 1;
                    Exception {
                        at: k,
                        place: F::place(&part.rec, k),
                        quote: false,
                    }
                }
            };
            if let Some(l) = x.place.last {
                ctx.last = LastRecord {
                    line: line + l.line,
                    crlf: l.crlf,
                };
            }
            let (s, e) = (x.place.start, x.place.end);
            if x.quote {
                return BlockEnd::Quote {
                    offset: base + s,
                    line: line + x.place.line,
                };
            }
            if ctx.rest(c, b, &bytes[s..e], line + x.place.line) {
                return BlockEnd::Stop;
            }
        }
        if let Some(l) = part.last {
            ctx.last = LastRecord {
                line: line + l.line,
                crlf: l.crlf,
            };
        }
        line += part.lines;
        total += part.lines;
    }
    BlockEnd::Done(total)
}

/// Cuts `data` into about `k` pieces at line ends.
fn split_lines(data: &[u8], k: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(k);
    let mut start = 0;
    for i in 1..=k {
        if start >= data.len() {
            break;
        }
        let mut end = if i == k {
            data.len()
        } else {
            (data.len() * i / k).max(start)
        };
        if end < data.len() {
            end = match data[end..].iter().position(|&x| x == b'\n') {
                Some(p) => end + p + 1,
                None => data.len(),
            };
        }
        if end > start {
            out.push((start, end));
            start = end;
        }
    }
    out
}

/// Byte classes of the line scanner: 1 for `,`, `\n`, `\r` and `"`.
static SPECIAL: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b',' as usize] = 1;
    t[b'\n' as usize] = 1;
    t[b'\r' as usize] = 1;
    t[b'"' as usize] = 1;
    t
};

/// The position of the first `,`, `\n`, `\r` or `"` at or after `i` (`bytes.len()` if none),
/// eight bytes at a time.
#[inline]
fn next_special(bytes: &[u8], mut i: usize) -> usize {
    const LO: u64 = u64::from_le_bytes([1; 8]);
    const HI: u64 = u64::from_le_bytes([0x80; 8]);
    /// High bit of every zero byte; exact up to the lowest zero byte, which is all we read.
    #[inline]
    fn zeros(v: u64) -> u64 {
        v.wrapping_sub(LO) & !v & HI
    }
    while let Some(w) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        let m = zeros(w ^ (LO * u64::from(b',')))
            | zeros(w ^ (LO * u64::from(b'\n')))
            | zeros(w ^ (LO * u64::from(b'\r')))
            | zeros(w ^ (LO * u64::from(b'"')));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && SPECIAL[bytes[i] as usize] == 0 {
        i += 1;
    }
    i
}

/// Parses one part of a block (complete lines). Never fails: whatever the format does not
/// accept becomes an exception for the precise path; a `"` ends the part.
fn parse_part<F: Format>(
    fmt: &F,
    lookup: IdLookup<'_>,
    bytes: &[u8],
    part: &mut Parsed<F::Records>,
) {
    fmt.clear(&mut part.rec, bytes.len());
    part.exceptions.clear();
    part.last = None;
    let n = bytes.len();
    let mut pos = 0usize;
    let mut line = 0u64;
    // One `Line`, filled in place line after line (copying its fields out would stall).
    let mut l = Line {
        place: Place {
            start: 0,
            end: 0,
            line: 0,
            last: None,
        },
        fields: [(0, 0); MAX_FIELDS],
        count: 0,
        stray_cr: false,
    };
    while pos < n {
        let start = pos;
        let mut count = 0usize;
        let mut fstart = pos;
        let mut crs = 0usize;
        let mut quote = false;
        let mut i = pos;
        let stop;
        loop {
            i = next_special(bytes, i);
            if i == n {
                stop = n;
                pos = n;
                break;
            }
            match bytes[i] {
                b'\n' => {
                    stop = i;
                    pos = i + 1;
                    break;
                }
                b',' => {
                    if count < MAX_FIELDS {
                        l.fields[count] = (fstart, i);
                    }
                    count += 1;
                    fstart = i + 1;
                }
                b'\r' => crs += 1,
                _ => quote = true,
            }
            i += 1;
        }
        let end = pos;
        let this_line = line;
        line += 1;
        if count == 0 && !quote && stop - start == crs {
            // A blank line (nothing but `\r`s): the `csv` reader skips it.
            continue;
        }
        let ends_cr = stop > start && bytes[stop - 1] == b'\r';
        l.place = Place {
            start,
            end,
            line: this_line,
            last: part.last,
        };
        part.last = Some(LastRecord {
            line: this_line,
            crlf: end == stop + 1 && ends_cr,
        });
        let stop_at = if ends_cr { stop - 1 } else { stop };
        if count < MAX_FIELDS {
            l.fields[count] = (fstart, stop_at.max(fstart));
        }
        l.count = count + 1;
        l.stray_cr = crs > usize::from(ends_cr);
        if quote || !fmt.accept(lookup, bytes, &l, &mut part.rec, &mut part.exceptions) {
            fmt.flush(lookup, bytes, &mut part.rec, &mut part.exceptions);
            part.exceptions.push(Exception {
                at: F::count(&part.rec),
                place: l.place,
                quote,
            });
            if quote {
                part.lines = line;
                return;
            }
        }
    }
    fmt.flush(lookup, bytes, &mut part.rec, &mut part.exceptions);
    part.lines = line;
}

/// Parses a plain decimal (`[0-9]+(\.[0-9]+)?`) exactly as `str::parse::<f64>` does: with at
/// most 15 digits the integer mantissa and the power of ten are exact doubles, so one correctly
/// rounded division gives the correctly rounded value. Anything else goes to `str::parse`.
#[inline]
fn parse_f64(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let mut m = 0u64;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        m = m.wrapping_mul(10).wrapping_add(u64::from(b[i] - b'0'));
        i += 1;
    }
    let int_digits = i;
    let mut frac = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            m = m.wrapping_mul(10).wrapping_add(u64::from(b[i] - b'0'));
            i += 1;
            frac += 1;
        }
        if frac == 0 {
            i = usize::MAX; // "1.": leave it to std
        }
    }
    if i == b.len() && int_digits > 0 && int_digits + frac <= 15 {
        return Some(m as f64 / POW10[frac]);
    }
    std::str::from_utf8(b).ok()?.parse::<f64>().ok()
}

/// An optional number cell as the precise path reads it, when it is a plain decimal: `None`
/// for an empty cell, `Some(None)` for something else.
#[inline]
fn plain_number(b: &[u8]) -> Option<Option<f64>> {
    if b.is_empty() {
        Some(None)
    } else if b[0].is_ascii_digit() && b[b.len() - 1].is_ascii_digit() {
        parse_f64(b).map(Some)
    } else {
        None
    }
}

/// The index of `name` in `names`.
#[inline]
fn kind_index(names: &[Vec<u8>], name: &[u8]) -> Option<u16> {
    names.iter().position(|x| x == name).map(|i| i as u16)
}

/// Column layout of a nodes file.
struct NodeFormat {
    nfields: usize,
    cols: [Option<usize>; 7],
    kinds: Vec<Vec<u8>>,
}

/// The nodes of one part, in columns.
#[derive(Default)]
struct NodeRecords {
    /// Byte range of each id in the part.
    spans: Vec<(u32, u32)>,
    keys: Vec<IdKey>,
    kind: Vec<u16>,
    figures: Vec<NodeFigures>,
    meta: Vec<Option<Box<NodeMeta>>>,
    places: Vec<Place>,
}

impl Format for NodeFormat {
    type Records = NodeRecords;

    fn clear(&self, rec: &mut NodeRecords, bytes: usize) {
        let est = bytes / 24 + 16;
        rec.spans.clear();
        rec.spans.reserve(est);
        rec.keys.clear();
        rec.keys.reserve(est);
        rec.kind.clear();
        rec.kind.reserve(est);
        rec.figures.clear();
        rec.figures.reserve(est);
        rec.meta.clear();
        rec.meta.reserve(est);
        rec.places.clear();
        rec.places.reserve(est);
    }

    fn count(rec: &NodeRecords) -> usize {
        rec.keys.len()
    }

    fn accept(
        &self,
        _: IdLookup<'_>,
        bytes: &[u8],
        line: &Line,
        rec: &mut NodeRecords,
        _: &mut Vec<Exception>,
    ) -> bool {
        if line.stray_cr || line.count != self.nfields {
            return false;
        }
        let cell = |k: Option<usize>| k.map_or(&b""[..], |k| line.cell(bytes, k));
        let id = cell(self.cols[0]);
        if !std::str::from_utf8(id).is_ok_and(valid_id) {
            return false;
        }
        let label = cell(self.cols[1]);
        let meta = if label.is_empty() {
            None
        } else {
            // Kept as written only when trimming would not change it.
            match std::str::from_utf8(label) {
                Ok(s) if s.trim() == s => Some(Box::new(NodeMeta {
                    label: Some(s.to_string()),
                    ..NodeMeta::default()
                })),
                _ => return false,
            }
        };
        let kind = match cell(self.cols[2]) {
            b"" => DEFAULT_NODE_KIND,
            k => match kind_index(&self.kinds, k) {
                Some(k) => k,
                None => return false,
            },
        };
        let mut figures = [None; 4];
        for (f, col) in figures.iter_mut().zip(&self.cols[3..]) {
            match plain_number(cell(*col)) {
                Some(Some(x)) if x.is_finite() && x >= 0.0 => *f = Some(x),
                Some(None) => {}
                _ => return false,
            }
        }
        let (s, e) = self.cols[0].map_or((0, 0), |k| line.fields[k]);
        rec.spans.push((s as u32, e as u32));
        rec.keys.push(IdKey::new(id));
        rec.kind.push(kind);
        rec.figures.push(NodeFigures {
            buffer: figures[0],
            external_assets: figures[1],
            external_liabilities: figures[2],
            value: figures[3],
        });
        rec.meta.push(meta);
        rec.places.push(line.place);
        true
    }

    fn flush(&self, _: IdLookup<'_>, _: &[u8], _: &mut NodeRecords, _: &mut Vec<Exception>) {}

    fn commit(
        &self,
        b: &mut NetworkBuilder,
        rec: &mut NodeRecords,
        bytes: &[u8],
        from: usize,
        to: usize,
    ) -> std::result::Result<(), usize> {
        if from >= to {
            return Ok(());
        }
        let added = b.extend_nodes_checked(
            bytes,
            &rec.spans[from..to],
            &rec.keys[from..to],
            &rec.kind[from..to],
            &rec.figures[from..to],
            &mut rec.meta[from..to],
        );
        if from + added < to {
            Err(from + added)
        } else {
            Ok(())
        }
    }

    fn place(rec: &NodeRecords, k: usize) -> Place {
        rec.places[k]
    }
}

/// Column layout of an edge list.
struct EdgeFormat {
    nfields: usize,
    from: usize,
    to: usize,
    amount: usize,
    kind: Option<usize>,
    recovery: Option<usize>,
    kinds: Vec<Vec<u8>>,
    closed: bool,
}

/// An id of a part not known when the part was parsed.
struct Pending {
    start: u32,
    len: u32,
    key: IdKey,
}

/// The edges of one part, in columns.
#[derive(Default)]
struct EdgeRecords {
    from: Vec<u32>,
    to: Vec<u32>,
    kind: Vec<u16>,
    amount: Vec<f64>,
    recovery: Vec<f64>,
    pending: Vec<Pending>,
    batch: Vec<Staged>,
}

/// One parsed line waiting for its ids.
#[derive(Clone, Copy)]
struct Staged {
    from: (u32, u32),
    to: (u32, u32),
    kf: IdKey,
    kt: IdKey,
    kind: u16,
    amount: f64,
    recovery: f64,
    place: Place,
}

impl Format for EdgeFormat {
    type Records = EdgeRecords;

    fn clear(&self, rec: &mut EdgeRecords, bytes: usize) {
        let est = bytes / 24 + 16;
        rec.from.clear();
        rec.from.reserve(est);
        rec.to.clear();
        rec.to.reserve(est);
        rec.kind.clear();
        rec.kind.reserve(est);
        rec.amount.clear();
        rec.amount.reserve(est);
        rec.recovery.clear();
        if self.recovery.is_some() {
            rec.recovery.reserve(est);
        }
        rec.pending.clear();
        rec.batch.clear();
        rec.batch.reserve(BATCH);
    }

    fn count(rec: &EdgeRecords) -> usize {
        rec.amount.len() + rec.batch.len()
    }

    #[inline]
    fn accept(
        &self,
        lookup: IdLookup<'_>,
        bytes: &[u8],
        line: &Line,
        rec: &mut EdgeRecords,
        exceptions: &mut Vec<Exception>,
    ) -> bool {
        if line.stray_cr || line.count != self.nfields {
            return false;
        }
        let (fb, tb) = (line.cell(bytes, self.from), line.cell(bytes, self.to));
        let amount = match parse_f64(line.cell(bytes, self.amount)) {
            Some(a) if a.is_finite() && a > 0.0 => a,
            _ => return false,
        };
        let kind = match self.kind.map(|k| line.cell(bytes, k)) {
            None | Some(b"") => DEFAULT_EDGE_KIND,
            Some(k) => match kind_index(&self.kinds, k) {
                Some(k) => k,
                None => return false,
            },
        };
        let recovery = match self.recovery.map(|k| line.cell(bytes, k)) {
            None | Some(b"") => 0.0,
            Some(r) => match parse_f64(r) {
                Some(r) if (0.0..=1.0).contains(&r) => r,
                _ => return false,
            },
        };
        if fb == tb {
            return false;
        }
        rec.batch.push(Staged {
            from: (line.fields[self.from].0 as u32, fb.len() as u32),
            to: (line.fields[self.to].0 as u32, tb.len() as u32),
            kf: IdKey::new(fb),
            kt: IdKey::new(tb),
            kind,
            amount,
            recovery,
            place: line.place,
        });
        if rec.batch.len() == BATCH {
            self.flush(lookup, bytes, rec, exceptions);
        }
        true
    }

    /// Looks up the ids of the staged lines (their slots fetched together first).
    fn flush(
        &self,
        lookup: IdLookup<'_>,
        bytes: &[u8],
        rec: &mut EdgeRecords,
        exceptions: &mut Vec<Exception>,
    ) {
        let mut sink = 0u32;
        for s in &rec.batch {
            sink ^= lookup.touch(&s.kf) ^ lookup.touch(&s.kt);
        }
        std::hint::black_box(sink);
        let mut batch = std::mem::take(&mut rec.batch);
        for s in batch.drain(..) {
            let mut resolve = |(start, len): (u32, u32), key: &IdKey| -> Option<u32> {
                let id = &bytes[start as usize..(start + len) as usize];
                match lookup.find(key, id) {
                    Some(i) => Some(i),
                    None if self.closed => None,
                    None => {
                        let ok = std::str::from_utf8(id).is_ok_and(valid_id);
                        ok.then(|| {
                            rec.pending.push(Pending {
                                start,
                                len,
                                key: *key,
                            });
                            PENDING | (rec.pending.len() - 1) as u32
                        })
                    }
                }
            };
            let from = resolve(s.from, &s.kf);
            let to = from.and_then(|_| resolve(s.to, &s.kt));
            match (from, to) {
                (Some(f), Some(t)) => {
                    rec.from.push(f);
                    rec.to.push(t);
                    rec.kind.push(s.kind);
                    rec.amount.push(s.amount);
                    if self.recovery.is_some() {
                        rec.recovery.push(s.recovery);
                    }
                }
                _ => exceptions.push(Exception {
                    at: rec.amount.len(),
                    place: s.place,
                    quote: false,
                }),
            }
        }
        rec.batch = batch;
    }

    /// Appends edges `from..to`, creating the nodes new in the part in order.
    fn commit(
        &self,
        b: &mut NetworkBuilder,
        rec: &mut EdgeRecords,
        bytes: &[u8],
        from: usize,
        to: usize,
    ) -> std::result::Result<(), usize> {
        if from >= to {
            return Ok(());
        }
        if !self.closed {
            for r in from..to {
                for col in [&mut rec.from, &mut rec.to] {
                    let v = col[r];
                    if v & PENDING != 0 {
                        let p = &rec.pending[(v & !PENDING) as usize];
                        let id = &bytes[p.start as usize..(p.start + p.len) as usize];
                        col[r] = b
                            .intern_key(&p.key, id)
                            .expect("pending ids were checked to be valid");
                    }
                }
            }
        }
        b.extend_edges_checked(
            &rec.from[from..to],
            &rec.to[from..to],
            &rec.kind[from..to],
            &rec.amount[from..to],
            self.recovery.map(|_| &rec.recovery[from..to]),
        );
        Ok(())
    }

    fn place(_: &EdgeRecords, _: usize) -> Place {
        unreachable!("edge records are never refused when appended")
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
            b.reserve_nodes(all.iter().filter(|&&x| x == b'\n').count() + 1);
            Box::new(std::io::Cursor::new(all))
        }
        // What was read, then the error, where the reader would have met it.
        Err(e) => Box::new(std::io::Cursor::new(all).chain(Failing(Some(e)))),
    };
    read_fast(c, b, input, block, Target::Nodes, |headers, cols, b| {
        let mut c = [None; 7];
        c.copy_from_slice(&cols[..7]);
        NodeFormat {
            nfields: headers.len(),
            cols: c,
            kinds: b
                .kinds()
                .nodes
                .iter()
                .map(|k| k.name.as_bytes().to_vec())
                .collect(),
        }
    });
}

/// A reader that fails once with the given error, then reads nothing.
struct Failing(Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
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
    read_fast(c, b, input, block, target, |headers, cols, b| EdgeFormat {
        nfields: headers.len(),
        from: cols[0].unwrap_or(0),
        to: cols[1].unwrap_or(0),
        amount: cols[2].unwrap_or(0),
        kind: cols[3],
        recovery: cols[4],
        kinds: b
            .kinds()
            .edges
            .iter()
            .map(|k| k.name.as_bytes().to_vec())
            .collect(),
        closed,
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
            Mode::Precise => slow_whole(&mut c, b, n.reader, &mut Target::Nodes),
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
            slow_whole(&mut c, b, edges.reader, &mut target);
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

    /// splitmix64, for the equivalence tests.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs[self.below(xs.len())]
        }
    }

    type NodeDigest = (String, u16, [Option<u64>; 4], Option<String>);
    type Digest = (Vec<NodeDigest>, Vec<(u32, u32, u16, u64, u64)>);

    /// Everything a reader built, bit for bit.
    fn digest(b: NetworkBuilder) -> Digest {
        if b.node_count() == 0 {
            return (Vec::new(), Vec::new());
        }
        let n = b.finish().unwrap();
        let nodes = (0..n.node_count())
            .map(|i| {
                let f = n.figures(i);
                let bits = [f.buffer, f.external_assets, f.external_liabilities, f.value]
                    .map(|x| x.map(f64::to_bits));
                let label = n.node_meta(i).and_then(|m| m.label.clone());
                (n.id(i).to_string(), n.node_kind_index(i), bits, label)
            })
            .collect();
        let edges = n
            .edges()
            .map(|e| {
                (
                    e.from,
                    e.to,
                    e.kind,
                    e.amount.to_bits(),
                    e.recovery.to_bits(),
                )
            })
            .collect();
        (nodes, edges)
    }

    /// Reads `data` in pieces of up to 7 bytes, failing at byte `fail_at` (then reading
    /// nothing more).
    struct Flaky<'a> {
        data: &'a [u8],
        fail_at: usize,
        failed: bool,
    }

    impl Read for Flaky<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.failed {
                return Ok(0);
            }
            if self.fail_at == 0 {
                self.failed = true;
                return Err(std::io::Error::other("the disk is on fire"));
            }
            let n = buf.len().min(7).min(self.fail_at).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            self.fail_at -= n;
            Ok(n)
        }
    }

    fn flaky<'a>(data: &'a [u8], fail_at: Option<usize>) -> Box<dyn Read + 'a> {
        match fail_at {
            None => Box::new(data),
            Some(k) => Box::new(Flaky {
                data,
                fail_at: k,
                failed: false,
            }),
        }
    }

    fn run(edges: &[u8], nodes: Option<&[u8]>, all: bool, mode: Mode) -> (Vec<Problem>, Digest) {
        run_failing(edges, nodes, all, mode, (None, None))
    }

    fn run_failing(
        edges: &[u8],
        nodes: Option<&[u8]>,
        all: bool,
        mode: Mode,
        fail_at: (Option<usize>, Option<usize>),
    ) -> (Vec<Problem>, Digest) {
        let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
        let e = CsvInput {
            name: "e.csv",
            reader: flaky(edges, fail_at.0),
        };
        let n = nodes.map(|t| CsvInput {
            name: "n.csv",
            reader: flaky(t, fail_at.1),
        });
        let p = read_into(&mut b, e, n, all, mode);
        (p, digest(b))
    }

    /// A CSV file with the columns `cols` (shuffled) and cells from `cell`, mixing plain lines
    /// with every kind of line the fast path leaves to the precise path: wrong field counts,
    /// blank lines, `\r\n` and bare `\r`, quotes (also spanning lines), non-UTF-8 bytes.
    fn random_csv(
        r: &mut Rng,
        mut cols: Vec<&str>,
        cell: impl Fn(&mut Rng, &str) -> &'static str,
    ) -> Vec<u8> {
        for i in (1..cols.len()).rev() {
            cols.swap(i, r.below(i + 1));
        }
        let crlf = r.below(4) == 0;
        let eol = |r: &mut Rng| -> &'static str {
            match r.below(10) {
                0 => "\r\n",
                1 if crlf => "\n",
                _ if crlf => "\r\n",
                _ => "\n",
            }
        };
        let mut out = Vec::new();
        out.extend_from_slice(cols.join(",").as_bytes());
        out.extend_from_slice(eol(r).as_bytes());
        for _ in 0..r.below(60) {
            let mut cells: Vec<String> = cols.iter().map(|c| cell(r, c).to_string()).collect();
            match r.below(45) {
                0 => cells.push("extra".into()),
                1 => {
                    cells.pop();
                }
                2 | 7 | 8 => cells = vec![String::new()],
                3 => cells[0] = format!("{}\rx", cells[0]),
                4 => cells[0] = format!("\"{}\"", cells[0]),
                5 => cells[0] = "\"a\nb\"".into(),
                6 => cells[0] = "\u{e9}".into(),
                9 => cells = vec!["\r".into()],
                10 => {
                    let last = cells.len() - 1;
                    cells[last] = format!("{}\r{}", cells[last], cols.join(","));
                }
                11 => cells = vec![" ".into()],
                _ => {}
            }
            out.extend_from_slice(cells.join(",").as_bytes());
            if r.below(30) == 0 {
                out.push(0xff);
            }
            out.extend_from_slice(eol(r).as_bytes());
        }
        if r.below(3) == 0 {
            while out.last().is_some_and(|&x| x == b'\n' || x == b'\r') {
                out.pop();
            }
        }
        out
    }

    fn random_nodes(r: &mut Rng) -> Vec<u8> {
        let mut cols = vec!["id"];
        cols.extend(NODE_COLUMNS[1..].iter().filter(|_| r.below(2) == 0));
        const IDS: [&str; 16] = [
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g",
            "h",
            "long_node_identifier_1",
            "a",
            "Bad",
            " c",
            "",
            "x-1.y_2",
            "\u{e9}",
            "long_node_identifier_2",
        ];
        const LABELS: [&str; 6] = ["", "", "Label", " padded ", "\u{e9}t\u{e9}", "A b"];
        const KINDS: [&str; 7] = ["", "", "bank", "ai_lab", "bogus", " bank", "Bank"];
        const NUMBERS: [&str; 14] = [
            "",
            "",
            "1",
            "2.5",
            "0",
            "12.345678",
            "-1",
            "NaN",
            "inf",
            "1e3",
            " 2",
            "abc",
            "5.",
            "-0",
        ];
        random_csv(r, cols, |r, c| match c {
            "id" if r.below(2) == 0 => r.pick(&IDS[..9]),
            "id" => r.pick(&IDS),
            "label" => r.pick(&LABELS),
            "kind" => r.pick(&KINDS),
            _ => r.pick(&NUMBERS),
        })
    }

    fn random_edges(r: &mut Rng) -> Vec<u8> {
        let mut cols = vec!["from", "to", "amount"];
        cols.extend(["kind", "recovery"].iter().filter(|_| r.below(2) == 0));
        const IDS: [&str; 18] = [
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "a",
            "b",
            "c",
            "g",
            "h",
            "long_node_identifier_1",
            "long_node_identifier_2",
            "Bad",
            " a",
            "b ",
            "",
            "x-1.y_2",
        ];
        const AMOUNTS: [&str; 22] = [
            "1",
            "2.5",
            "12.345678",
            "0.000001",
            "100",
            "7.25",
            "3",
            "0",
            "-1",
            "NaN",
            "inf",
            "1e3",
            "abc",
            "",
            " 3",
            "5.",
            ".5",
            "+1",
            "1234567890123456789",
            "0.1000000000000000055511151231257827",
            "999999999999999.9",
            "0012.5",
        ];
        const KINDS: [&str; 7] = [
            "",
            "debt",
            "equity",
            "compute_commitment",
            "",
            "bogus",
            " debt",
        ];
        const RECOVERIES: [&str; 10] = [
            "", "0", "0.5", "1", "", "1.5", "-0.1", "nan", "0.25 ", "1e-1",
        ];
        random_csv(r, cols, |r, c| match c {
            "from" | "to" => r.pick(&IDS),
            "amount" if r.below(3) == 0 => r.pick(&AMOUNTS),
            "amount" => r.pick(&AMOUNTS[..6]),
            "kind" => r.pick(&KINDS),
            _ => r.pick(&RECOVERIES),
        })
    }

    /// The fast path (with blocks of many sizes, so lines and blank runs straddle blocks and
    /// parts) gives exactly what the precise path gives: the same problems at the same lines,
    /// the same nodes in the same order, the same edges, bit for bit.
    #[test]
    fn fast_path_matches_precise_path() {
        let plain = b"id,buffer\na,1\nb,2\nc,3\nd,4\ne,5\nf,6\nlong_node_identifier_1,7\n";
        let mut r = Rng(7);
        let cases = if cfg!(debug_assertions) { 100 } else { 2000 };
        for case in 0..cases {
            let edges = random_edges(&mut r);
            let random = random_nodes(&mut r);
            for nodes in [None, Some(&plain[..]), Some(&random[..])] {
                for all in [true, false] {
                    let want = run(&edges, nodes, all, Mode::Precise);
                    for block in [1, 5, 17, 64, 1 << 20] {
                        let got = run(&edges, nodes, all, Mode::Fast(block));
                        assert_eq!(
                            got,
                            want,
                            "case {case}, all {all}, block {block}:\n{:?}\n{:?}",
                            String::from_utf8_lossy(&edges),
                            nodes.map(String::from_utf8_lossy)
                        );
                    }
                }
            }
        }
    }

    /// A read error ends reading as it does for the `csv` reader: the lines before it are
    /// read, an incomplete last line is lost, the error is the last problem.
    #[test]
    fn read_errors_match_precise_path() {
        let mut r = Rng(11);
        let cases = if cfg!(debug_assertions) { 60 } else { 600 };
        for case in 0..cases {
            let edges = random_edges(&mut r);
            let nodes = random_nodes(&mut r);
            for fail_at in [
                (Some(r.below(edges.len() + 1)), None),
                (None, Some(r.below(nodes.len() + 1))),
            ] {
                for all in [true, false] {
                    let want = run_failing(&edges, Some(&nodes), all, Mode::Precise, fail_at);
                    for block in [1, 13, 1 << 20] {
                        let got =
                            run_failing(&edges, Some(&nodes), all, Mode::Fast(block), fail_at);
                        assert_eq!(
                            got, want,
                            "case {case}, all {all}, block {block}, {fail_at:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn fast_numbers_match_std() {
        let mut r = Rng(3);
        for _ in 0..200_000 {
            let int = r.next() % 10u64.pow(r.below(12) as u32 + 1);
            let digits = r.below(10);
            let frac = r.next() % 10u64.pow(digits as u32);
            let s = if digits == 0 {
                int.to_string()
            } else {
                format!("{int}.{frac:0digits$}")
            };
            assert_eq!(
                parse_f64(s.as_bytes()).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s}"
            );
        }
        for s in [
            "5.", ".5", "+1", "-0", "1e5", "inf", "NaN", "", ".", "1.2.3", "0x1",
        ] {
            assert_eq!(
                parse_f64(s.as_bytes()).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s}"
            );
        }
    }

    #[test]
    fn header_problems() {
        let (_, p) = read_collect(input("from,to,weight\n"), None, true);
        assert!(p[0].message.contains("unknown column `weight`"));
        assert!(p[1].message.contains("required column `amount`"));
    }
}
