//! A pass over JSON text that checks its syntax exactly as `serde_json` does and finds keys
//! given twice in one object, without building a value tree.
//!
//! serde's derived structs refuse a repeated field only when they read the text directly; maps
//! (kinds, schedules by year, attributes, node-link objects) keep the last value silently. The
//! readers run this pass first, so every duplicate key is refused with its JSON path.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// A key given twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate {
    /// JSON path of the object (`nodes[3]`, `kinds.edges`); empty for the top level.
    pub(crate) path: String,
    /// The repeated key.
    pub(crate) key: String,
}

impl Duplicate {
    /// The path as the readers print places: `(top level)` for the top-level object.
    pub(crate) fn place(&self) -> &str {
        if self.path.is_empty() {
            "(top level)"
        } else {
            &self.path
        }
    }

    /// The message naming the key.
    pub(crate) fn message(&self) -> String {
        format!("duplicate key `{}`", self.key)
    }
}

/// The hint of a duplicate key.
pub(crate) const DUPLICATE_HINT: &str =
    "a key may appear only once in an object (JSON readers disagree on which copy wins): keep one";

/// Duplicates reported at most; the pass goes on checking syntax after that.
const MAX_REPORTED: usize = 100;

/// Checks the syntax of `text` (the same errors, lines and columns as parsing it into a
/// `serde_json::Value`) and returns every key repeated in an object (at most 100), in order.
///
/// # Errors
/// The syntax error.
pub(crate) fn check(text: &str) -> Result<Vec<Duplicate>, serde_json::Error> {
    let mut path = String::new();
    let mut found = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    Walk {
        path: &mut path,
        found: &mut found,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(found)
}

/// Visits one value at `path`.
struct Walk<'s> {
    path: &'s mut String,
    found: &'s mut Vec<Duplicate>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let base = self.path.len();
        let mut i = 0usize;
        loop {
            write!(self.path, "[{i}]").expect("writing to a String");
            let more = seq
                .next_element_seed(Walk {
                    path: self.path,
                    found: self.found,
                })?
                .is_some();
            self.path.truncate(base);
            if !more {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let base = self.path.len();
        let mut seen = Seen::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if !seen.insert(key.clone()) && self.found.len() < MAX_REPORTED {
                self.found.push(Duplicate {
                    path: self.path.clone(),
                    key: key.clone().into_owned(),
                });
            }
            if base > 0 {
                self.path.push('.');
            }
            self.path.push_str(&key);
            map.next_value_seed(Walk {
                path: self.path,
                found: self.found,
            })?;
            self.path.truncate(base);
        }
        Ok(())
    }
}

/// The keys of one object: a short list for the usual small objects, a set past 16 keys.
#[derive(Default)]
struct Seen<'de> {
    list: Vec<Cow<'de, str>>,
    set: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> Seen<'de> {
    /// Adds `key`; false when it was there already.
    fn insert(&mut self, key: Cow<'de, str>) -> bool {
        if let Some(set) = &mut self.set {
            return set.insert(key);
        }
        if self.list.contains(&key) {
            return false;
        }
        self.list.push(key);
        if self.list.len() > 16 {
            self.set = Some(self.list.drain(..).collect());
        }
        true
    }
}

/// A key, borrowed from the text when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dups(text: &str) -> Vec<(String, String)> {
        check(text)
            .unwrap()
            .into_iter()
            .map(|d| (d.place().to_string(), d.key))
            .collect()
    }

    #[test]
    fn finds_repeated_keys_with_their_path() {
        assert!(dups(r#"{"a": 1, "b": [1, {"c": 2}]}"#).is_empty());
        assert_eq!(
            dups(r#"{"a": 1, "a": 2}"#),
            [("(top level)".to_string(), "a".to_string())]
        );
        assert_eq!(
            dups(r#"{"nodes": [{"id": "x"}, {"id": "y", "buffer": 1, "buffer": 2}]}"#),
            [("nodes[1]".to_string(), "buffer".to_string())]
        );
        assert_eq!(
            dups(r#"{"e": [{"s": {"2027": 1, "2028": 2, "2027": 3}}]}"#),
            [("e[0].s".to_string(), "2027".to_string())]
        );
        // An escaped spelling is the same key.
        assert_eq!(
            dups(r#"{"k": {"ab": 1, "a\u0062": 2}}"#),
            [("k".to_string(), "ab".to_string())]
        );
    }

    #[test]
    fn many_keys_go_through_the_set() {
        let mut s = String::from("{");
        for i in 0..40 {
            s += &format!("\"k{i}\": {i},");
        }
        s += "\"k3\": 0}";
        assert_eq!(dups(&s), [("(top level)".to_string(), "k3".to_string())]);
    }

    #[test]
    fn syntax_errors_are_serde_json_s() {
        for text in [
            "{\"a\": 1,}",
            "{\"a\": 1e400}",
            "[\"\\ud800\"]",
            "{} x",
            "{\"a\": [1, 2}",
            "",
        ] {
            let want = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let got = check(text).unwrap_err();
            assert_eq!(got.to_string(), want.to_string(), "{text}");
        }
    }
}
