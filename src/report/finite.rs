//! The finiteness guard of every output: no NaN, inf or `null`-for-a-number ever leaves.
//!
//! JSON would print a NaN as `null` and tables and CSV as `NaN` or `inf`, with exit 0. The
//! formatters of this module's callers ([`super::to_json`], [`super::num`], [`super::pct`], the
//! CSV writers) note the first non-finite figure they meet, by its place (`nodes[3].impact`);
//! the CLI's single emit path takes the note with [`take`] before writing anything and fails
//! instead (exit 1) naming the figure.

use std::cell::RefCell;
use std::fmt;

use serde::ser::{self, Serialize};

thread_local! {
    static FIRST: RefCell<Option<NonFinite>> = const { RefCell::new(None) };
}

/// A non-finite figure met while formatting an output.
#[derive(Debug, Clone, PartialEq)]
pub struct NonFinite {
    /// Where: a JSON path (`nodes[3].impact`), a CSV column or "a table figure".
    pub place: String,
    /// The value (`NaN`, `inf`, `-inf`).
    pub value: f64,
}

/// Notes a non-finite figure at `place` (the first one noted wins).
pub fn note(place: impl FnOnce() -> String, value: f64) {
    if value.is_finite() {
        return;
    }
    FIRST.with(|f| {
        let mut f = f.borrow_mut();
        if f.is_none() {
            *f = Some(NonFinite {
                place: place(),
                value,
            });
        }
    });
}

/// Takes (and clears) the first non-finite figure noted on this thread since the last call.
pub fn take() -> Option<NonFinite> {
    FIRST.with(|f| f.borrow_mut().take())
}

/// The first non-finite number in `v` as serialised, with its path (`nodes[3].impact`).
pub fn find<T: Serialize + ?Sized>(v: &T) -> Option<NonFinite> {
    let mut c = Checker {
        path: Vec::new(),
        found: None,
    };
    // The checker's only error is "found", which it records itself.
    let _ = v.serialize(&mut c);
    c.found
}

/// Notes the first non-finite number of `v` (see [`find`]), prefixed by `what`.
pub fn note_in<T: Serialize + ?Sized>(what: &str, v: &T) {
    if let Some(nf) = find(v) {
        note(
            || {
                if nf.place.is_empty() {
                    what.to_string()
                } else {
                    format!("{what} {}", nf.place)
                }
            },
            nf.value,
        );
    }
}

/// The first non-finite figure of a CSV text (header row first): a cell reading `NaN`, `inf`
/// or `-inf` in a column whose every other cell is a number or empty (so an id or label that
/// happens to read `inf` is not one).
pub fn find_in_csv(csv_text: &str) -> Option<NonFinite> {
    // A million-row CSV is checked with one scan of its bytes, and parsed only when the scan
    // finds a cell that could read as a non-finite number (`may_hold_non_finite`).
    if !may_hold_non_finite(csv_text.as_bytes()) {
        return None;
    }
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map_while(Result::ok).collect();
    let (header, data) = rows.split_first()?;
    let numeric = |c: usize| {
        data.iter()
            .filter_map(|r| r.get(c))
            .all(|f| f.is_empty() || f.parse::<f64>().is_ok())
    };
    for (k, row) in data.iter().enumerate() {
        for (c, f) in row.iter().enumerate() {
            let Ok(x) = f.parse::<f64>() else { continue };
            if !x.is_finite() && numeric(c) {
                let column = header.get(c).unwrap_or("?");
                return Some(NonFinite {
                    place: format!("CSV column `{column}`, row {}", k + 1),
                    value: x,
                });
            }
        }
    }
    None
}

/// Whether a cell of `text` could parse as a non-finite `f64`; `false` only when none can.
/// Rust parses as non-finite the spellings of infinity and NaN (`inf`, `-Infinity`, `NaN`,
/// in any case: each holds `inf` or `nan`) and numbers too large for an `f64` (`1e400`, or
/// over 308 digits before the point: those need an exponent of three digits or a run of at
/// least 210 digits); and a quoted cell can be cut by its quotes (`"in"f` reads `inf`). So
/// the scan answers `true` on `inf` or `nan` in any case, on a quote, on `e` or `E` followed
/// (after an optional sign) by three digits, and on a run of 200 digits.
fn may_hold_non_finite(text: &[u8]) -> bool {
    let mut digits = 0usize;
    for (i, &b) in text.iter().enumerate() {
        if b.is_ascii_digit() {
            digits += 1;
            if digits >= 200 {
                return true;
            }
            continue;
        }
        digits = 0;
        if b == b'"' {
            return true;
        }
        // `| 0x20` lowers ASCII capitals and maps no other byte onto `i`, `n`, `f`, `a`, `e`.
        let lower = b | 0x20;
        if (lower == b'i' || lower == b'n')
            && text.get(i..i + 3).is_some_and(|w| {
                let w = [w[0] | 0x20, w[1] | 0x20, w[2] | 0x20];
                w == *b"inf" || w == *b"nan"
            })
        {
            return true;
        }
        if lower == b'e' {
            let rest = &text[i + 1..];
            let rest = rest
                .strip_prefix(b"+")
                .or_else(|| rest.strip_prefix(b"-"))
                .unwrap_or(rest);
            if rest.len() >= 3 && rest[..3].iter().all(u8::is_ascii_digit) {
                return true;
            }
        }
    }
    false
}

#[derive(Debug)]
struct Found;

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("non-finite number")
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Found
    }
}

/// A step of the path to a figure: an element's index, a struct field or a map key. Indices
/// and field names are kept as they are and only spelt out when a figure is not finite, so
/// the walk allocates nothing per element or field.
enum Seg {
    Index(usize),
    Field(&'static str),
    Key(String),
}

/// A serializer that visits every number and stops at the first non-finite one.
struct Checker {
    path: Vec<Seg>,
    found: Option<NonFinite>,
}

impl Checker {
    fn float(&mut self, x: f64) -> Result<(), Found> {
        if x.is_finite() {
            return Ok(());
        }
        let mut place = String::new();
        for p in &self.path {
            let name: std::borrow::Cow<'_, str> = match p {
                Seg::Index(i) => format!("[{i}]").into(),
                Seg::Field(f) => (*f).into(),
                Seg::Key(k) => k.as_str().into(),
            };
            if !name.starts_with('[') && !place.is_empty() {
                place.push('.');
            }
            place.push_str(&name);
        }
        self.found = Some(NonFinite { place, value: x });
        Err(Found)
    }

    fn nested<T: Serialize + ?Sized>(&mut self, seg: Seg, v: &T) -> Result<(), Found> {
        self.path.push(seg);
        let r = v.serialize(&mut *self);
        self.path.pop();
        r
    }
}

/// Helper for sequences: counts the elements for their path.
struct Seq<'a> {
    c: &'a mut Checker,
    i: usize,
    key: Option<String>,
}

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        let seg = Seg::Index(self.i);
        self.i += 1;
        self.c.nested(seg, v)
    }
}

macro_rules! ok_scalars {
    ($($m:ident: $t:ty),*) => {
        $(fn $m(self, _: $t) -> Result<(), Found> { Ok(()) })*
    };
}

impl<'a> ser::Serializer for &'a mut Checker {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Seq<'a>;
    type SerializeStruct = Seq<'a>;
    type SerializeStructVariant = Seq<'a>;

    ok_scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str);

    fn serialize_f32(self, v: f32) -> Result<(), Found> {
        self.float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Found> {
        self.float(v)
    }
    fn serialize_none(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Found> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Found> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Found> {
        self.nested(Seg::Field(variant), v)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Found> {
        Ok(Seq {
            c: self,
            i: 0,
            key: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Found> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Found> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Seq<'a>, Found> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Seq<'a>, Found> {
        self.serialize_seq(len)
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Found> {
        self.serialize_seq(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Seq<'a>, Found> {
        self.serialize_seq(Some(len))
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        self.element(v)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

macro_rules! seq_like {
    ($($tr:ident :: $m:ident),*) => {$(
        impl ser::$tr for Seq<'_> {
            type Ok = ();
            type Error = Found;
            fn $m<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
                self.element(v)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        }
    )*};
}
seq_like!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! struct_like {
    ($($tr:ident),*) => {$(
        impl ser::$tr for Seq<'_> {
            type Ok = ();
            type Error = Found;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), Found> {
                self.c.nested(Seg::Field(key), v)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        }
    )*};
}
struct_like!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Seq<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Found> {
        // Keys are ids or names; a number key is formatted, never NaN in practice but checked.
        k.serialize(&mut *self.c)?;
        self.key = Some(
            serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| format!("[{}]", self.i)),
        );
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        let seg = self.key.take().map_or(Seg::Index(self.i), Seg::Key);
        self.i += 1;
        self.c.nested(seg, v)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Row {
        id: &'static str,
        impact: f64,
        low: Option<f64>,
    }

    #[test]
    fn finds_the_first_non_finite_number_with_its_path() {
        let ok = vec![Row {
            id: "a",
            impact: 1.0,
            low: None,
        }];
        assert_eq!(find(&ok), None);
        let bad = vec![
            Row {
                id: "a",
                impact: 1.0,
                low: Some(0.5),
            },
            Row {
                id: "b",
                impact: 2.0,
                low: Some(f64::NAN),
            },
        ];
        let nf = find(&bad).unwrap();
        assert_eq!(nf.place, "[1].low");
        assert!(nf.value.is_nan());
        let mut m = BTreeMap::new();
        m.insert("total", vec![1.0, f64::INFINITY]);
        assert_eq!(find(&m).unwrap().place, "total[1]");
    }

    #[test]
    fn csv_cells() {
        assert_eq!(find_in_csv("id,loss\na,1\nb,2e-3\n"), None);
        // An id that reads `inf` is text: its column holds other words.
        assert_eq!(find_in_csv("id,loss\ninf,1\nb,2\n"), None);
        let nf = find_in_csv("id,loss\na,1\nb,NaN\n").unwrap();
        assert_eq!(nf.place, "CSV column `loss`, row 2");
        assert_eq!(
            find_in_csv("id,x\na,-inf\n").unwrap().value,
            f64::NEG_INFINITY
        );
        // Every spelling Rust parses as non-finite is caught, in any case.
        for bad in ["INF", "+Infinity", "-iNf", "nAn", "NaN", "infinity"] {
            let text = format!("id,x\na,1\nb,{bad}\n");
            assert!(!bad.parse::<f64>().unwrap().is_finite());
            assert_eq!(
                find_in_csv(&text).unwrap().place,
                "CSV column `x`, row 2",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_scan_flags_every_cell_that_can_read_as_non_finite() {
        for text in [
            "a,INF",
            "NaN",
            "x,-Inf\n",
            // Too large for an f64: parsed as infinity.
            "id,x\na,1e400\n",
            "id,x\na,10E+308\n",
            // A quoted cell cut by its quotes reads `inf`.
            "id,x\na,\"in\"f\n",
        ] {
            assert!(may_hold_non_finite(text.as_bytes()), "{text:?}");
        }
        let long = format!("id,x\na,{}\n", "9".repeat(320));
        assert!(may_hold_non_finite(long.as_bytes()));
        // And the full check finds them.
        assert_eq!(
            find_in_csv("id,x\na,1\nb,1e400\n").unwrap().place,
            "CSV column `x`, row 2"
        );
        assert!(find_in_csv(&format!("id,x\na,1\nb,{}\n", "9".repeat(320))).is_some());
        // What a report writes: ids, finite numbers with short exponents.
        assert!(!may_hold_non_finite(
            b"id,loss\nn1,1e-3\nn2,0.5\nn3,2.5e-12\n"
        ));
        // Capitals are lowered, nothing else: `I`, `N`, `F`, `A`, `E` only.
        assert!(!may_hold_non_finite(b"\t\x0e\x06,.N.a.N"));
        assert!(!may_hold_non_finite(b"in"));
        assert!(!may_hold_non_finite(b"1e99,E12,e-05"));
    }

    #[test]
    fn notes_keep_the_first_and_take_clears() {
        let _ = take();
        note(|| "x".into(), 1.0);
        assert_eq!(take(), None);
        note(|| "first".into(), f64::NAN);
        note(|| "second".into(), f64::INFINITY);
        assert_eq!(take().unwrap().place, "first");
        assert_eq!(take(), None);
    }
}
