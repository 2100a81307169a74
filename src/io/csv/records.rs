//! What the fast path keeps of a line: the [`Format`] of a nodes file ([`NodeFormat`]) or of
//! an edge list ([`EdgeFormat`]) checks a line's cells as the precise path would and appends
//! them to the columns of its records, which are then appended to the network in order.

use super::fast::lines::{Line, Place, MAX_FIELDS};
use super::fast::number::{parse_f64, plain_number};
use super::fast::{Exception, BATCH, PENDING};
use crate::model::kinds::{DEFAULT_EDGE_KIND, DEFAULT_NODE_KIND};
use crate::model::network::{IdKey, IdLookup};
use crate::model::{valid_id, EdgeKindId, NetworkBuilder, NodeFigures, NodeMeta};

/// Empties each of the columns (`Vec`s) and makes room for `est` entries in each.
macro_rules! clear_columns {
    ($est:expr; $($col:expr),+ $(,)?) => {
        $(
            $col.clear();
            $col.reserve($est);
        )+
    };
}

/// A CSV format the fast path reads.
pub(super) trait Format: Sync {
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

/// The index of `name` in `names`.
#[inline]
fn kind_index(names: &[Vec<u8>], name: &[u8]) -> Option<u16> {
    names.iter().position(|x| x == name).map(|i| i as u16)
}

fn edge_kind_index(names: &[Vec<u8>], name: &[u8]) -> Option<EdgeKindId> {
    names.iter().position(|x| x == name).map(EdgeKindId::new)
}

/// Column layout of a nodes file.
pub(super) struct NodeFormat {
    nfields: usize,
    cols: [Option<usize>; 7],
    kinds: Vec<Vec<u8>>,
}

/// The nodes of one part, in columns.
#[derive(Default)]
pub(super) struct NodeRecords {
    /// Byte range of each id in the part.
    spans: Vec<(u32, u32)>,
    keys: Vec<IdKey>,
    kind: Vec<u16>,
    figures: Vec<NodeFigures>,
    meta: Vec<Option<Box<NodeMeta>>>,
    places: Vec<Place>,
}

impl NodeFormat {
    /// The layout of a nodes file with this header (`cols`: the header's column of each of
    /// `NODE_COLUMNS`).
    pub(super) fn new(
        headers: &csv::ByteRecord,
        cols: &[Option<usize>],
        b: &NetworkBuilder,
    ) -> NodeFormat {
        let mut c = [None; 7];
        c.copy_from_slice(&cols[..7]);
        NodeFormat {
            // A fast line records its first `MAX_FIELDS` fields only: with more columns (read
            // over ones, `NODE_COLUMNS_IGNORED`), no line matches and the precise path reads
            // each.
            nfields: if headers.len() > MAX_FIELDS {
                usize::MAX
            } else {
                headers.len()
            },
            cols: c,
            kinds: b
                .kinds()
                .nodes
                .iter()
                .map(|k| k.name.as_bytes().to_vec())
                .collect(),
        }
    }
}

impl Format for NodeFormat {
    type Records = NodeRecords;

    fn clear(&self, rec: &mut NodeRecords, bytes: usize) {
        let est = bytes / 24 + 16;
        clear_columns!(est; rec.spans, rec.keys, rec.kind, rec.figures, rec.meta, rec.places);
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
pub(super) struct EdgeFormat {
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
pub(super) struct EdgeRecords {
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

impl EdgeFormat {
    /// The layout of an edge list with this header (`cols`: the header's column of each of
    /// `EDGE_COLUMNS`); `closed` when a nodes file listed the nodes.
    pub(super) fn new(
        headers: &csv::ByteRecord,
        cols: &[Option<usize>],
        b: &NetworkBuilder,
        closed: bool,
    ) -> EdgeFormat {
        EdgeFormat {
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
        }
    }
}

impl Format for EdgeFormat {
    type Records = EdgeRecords;

    fn clear(&self, rec: &mut EdgeRecords, bytes: usize) {
        let est = bytes / 24 + 16;
        clear_columns!(est; rec.from, rec.to, rec.kind, rec.amount);
        clear_columns!(if self.recovery.is_some() { est } else { 0 }; rec.recovery);
        rec.pending.clear();
        clear_columns!(BATCH; rec.batch);
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
            Some(k) => match edge_kind_index(&self.kinds, k) {
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
            kind: kind.raw(),
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
