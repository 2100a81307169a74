//! Cutting a block into parts and a part into lines and fields; a `"` (quoting may span lines)
//! hands the rest of the input to the precise path.

use super::super::precise::LastRecord;
use super::super::records::Format;
use super::super::NODE_COLUMNS;
use super::{Exception, Parsed};
use crate::model::network::IdLookup;

/// Most fields a fast line can have (a header has distinct known columns).
pub(in crate::io::csv) const MAX_FIELDS: usize = NODE_COLUMNS.len();

/// Where a line is in its part.
#[derive(Debug, Clone, Copy)]
pub(in crate::io::csv) struct Place {
    /// Byte range of the line in the part, with its end.
    pub(in crate::io::csv) start: usize,
    pub(in crate::io::csv) end: usize,
    /// Line number in the part (0-based).
    pub(in crate::io::csv) line: u64,
    /// The last line of the part before it that held a record, if any.
    pub(in crate::io::csv) last: Option<LastRecord>,
}

/// One line of a part, cut into fields.
pub(in crate::io::csv) struct Line {
    pub(in crate::io::csv) place: Place,
    pub(in crate::io::csv) fields: [(usize, usize); MAX_FIELDS],
    /// Fields on the line (only the first `MAX_FIELDS` are recorded).
    pub(in crate::io::csv) count: usize,
    /// Whether the line has a `\r` other than one before its `\n`.
    pub(in crate::io::csv) stray_cr: bool,
}

impl Line {
    #[inline]
    pub(in crate::io::csv) fn cell<'a>(&self, bytes: &'a [u8], k: usize) -> &'a [u8] {
        &bytes[self.fields[k].0..self.fields[k].1]
    }
}

/// Cuts `data` into about `k` pieces at line ends.
pub(super) fn split_lines(data: &[u8], k: usize) -> Vec<(usize, usize)> {
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
pub(super) fn parse_part<F: Format>(
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
