//! The fast path.
//!
//! The input is read in blocks; each block is cut at line ends into a few parts that are parsed
//! in parallel into columns (ids looked up in batches, numbers parsed without allocation), then
//! appended in order. A line the fast path does not accept *exactly as the precise path would*
//! (wrong number of fields, unknown, invalid or duplicate id, a number that is not a plain finite
//! decimal in range, unknown kind, self-loop, a cell with surrounding spaces, a stray `\r`, ...)
//! goes through the precise path on its own, behind a copy of the header, so its problems carry
//! the same messages and line numbers. At the first `"` (quoting may span lines) the precise
//! path takes over for the rest of the input.

use std::io::Read;

use rayon::prelude::*;

use super::precise::{csv_error, header_map, reader, slow_whole, LastRecord, Precise, Target};
use super::records::Format;
use super::Collector;
use crate::model::NetworkBuilder;

pub(super) mod lines;
pub(super) mod number;

use lines::{parse_part, split_lines, Place};

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

/// A line the fast path leaves to the precise path.
#[derive(Debug, Clone, Copy)]
pub(in crate::io::csv) struct Exception {
    /// Records of the part before it.
    pub(in crate::io::csv) at: usize,
    /// Where the line is.
    pub(in crate::io::csv) place: Place,
    /// A `"` on the line: the precise path reads the rest of the input.
    pub(in crate::io::csv) quote: bool,
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

/// Reads a nodes file or an edge list with the fast path (see the module documentation).
pub(super) fn read_fast<F: Format>(
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
    let Some(cols) = header_map(
        c,
        &headers,
        target.columns(),
        target.ignored(),
        target.required(),
    ) else {
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
pub(in crate::io::csv) const PENDING: u32 = 1 << 31;

/// Lines whose ids are looked up together (their table slots are fetched first).
pub(in crate::io::csv) const BATCH: usize = 32;

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

/// A reader that fails once with the given error, then reads nothing.
pub(super) struct Failing(pub(super) Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}
