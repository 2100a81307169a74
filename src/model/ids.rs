//! Node ids: stored back to back ([`IdArena`]), hashed ([`IdKey`]) and looked up ([`IdIndex`],
//! [`IdLookup`]).

use std::hash::BuildHasher;

/// Longest node id (and kind name), in bytes.
pub const MAX_ID_LEN: usize = 256;

/// Whether `id` is a valid node id: lowercase `[a-z0-9][a-z0-9_.-]*`, at most [`MAX_ID_LEN`]
/// bytes.
pub fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_ID_LEN
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|&c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'.' || c == b'-'
        })
}

/// The node ids back to back in one string, with their end offsets.
///
/// Ids are ASCII (see [`valid_id`]), so every offset is a character boundary. One allocation
/// instead of one per id: about 8 bytes per node plus the text.
#[derive(Debug, Default)]
pub(crate) struct IdArena {
    text: String,
    ends: Vec<usize>,
}

impl IdArena {
    pub(super) fn with_capacity(n: usize) -> Self {
        IdArena {
            text: String::with_capacity(n * 8),
            ends: Vec::with_capacity(n),
        }
    }

    /// Number of ids.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no id.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Id `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    pub(super) fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    pub(super) fn reserve(&mut self, additional: usize) {
        self.text.reserve(additional * 8);
        self.ends.reserve(additional);
    }

    /// All ids in index order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }
}

/// The hashing key of an id. Ids of up to 7 bytes are their own key (the bytes, zero-padded,
/// and the length in the top byte), so comparing keys compares the ids; longer ones have a
/// 64-bit hash with the top bit set, checked against the text on a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdKey {
    key: u64,
    hash: u64,
}

const ID_HASH_SEED: u64 = 0x5eed_0f5a_0c00;

#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

impl IdKey {
    /// The key of the id `id` (any bytes; only valid ids are ever found).
    #[inline(always)]
    pub(crate) fn new(id: &[u8]) -> IdKey {
        let len = id.len();
        let key = if len <= 7 {
            // The bytes in place, read with (possibly overlapping) whole loads rather than
            // copied into a buffer first (a copy stalls the load that reads it back).
            let bytes = if len >= 4 {
                let lo = u32::from_le_bytes([id[0], id[1], id[2], id[3]]);
                let hi = u32::from_le_bytes([id[len - 4], id[len - 3], id[len - 2], id[len - 1]]);
                u64::from(lo) | (u64::from(hi) << (8 * (len - 4)))
            } else if len > 0 {
                u64::from(id[0])
                    | (u64::from(id[len / 2]) << (8 * (len / 2)))
                    | (u64::from(id[len - 1]) << (8 * (len - 1)))
            } else {
                0
            };
            bytes | ((len as u64) << 56)
        } else {
            foldhash::fast::FixedState::with_seed(ID_HASH_SEED).hash_one(id) | (1 << 63)
        };
        Self::from_key(key)
    }

    #[inline]
    fn from_key(key: u64) -> IdKey {
        IdKey {
            key,
            hash: fold_mul(key, 0x9e37_79b9_7f4a_7c15 ^ ID_HASH_SEED),
        }
    }

    /// Whether the key alone identifies the id (no text comparison needed).
    #[inline]
    fn exact(&self) -> bool {
        self.key >> 63 == 0
    }
}

const EMPTY_SLOT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u64,
    idx: u32,
}

const EMPTY: Slot = Slot {
    key: 0,
    idx: EMPTY_SLOT,
};

/// Id -> index map: open addressing with linear probing over 16-byte slots that hold the
/// [`IdKey`] and the index, so a lookup of a short id reads one slot (usually one cache line)
/// and never the id text. At most half full: 32 bytes per node or less.
///
/// Kept rather than `hashbrown::HashTable` because that is slower on the 1M-node / 10M-edge
/// load (`docs/benchmarks.md`, medians of interleaved runs on the 2-core VM): 1.07 s with this
/// table, 1.15 s (+8 %) with a `HashTable` of the same slots (a lookup reads a control group and
/// a slot, two cache lines instead of one), and +72 % with a `HashTable<u32>` that compares the
/// id text.
#[derive(Clone)]
pub(crate) struct IdIndex {
    slots: Vec<Slot>,
    len: usize,
}

impl Default for IdIndex {
    fn default() -> Self {
        IdIndex::with_capacity(0)
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.len)
    }
}

impl IdIndex {
    pub(super) fn with_capacity(n: usize) -> Self {
        let cap = n.saturating_mul(2).max(16).next_power_of_two();
        IdIndex {
            slots: vec![EMPTY; cap],
            len: 0,
        }
    }

    #[inline]
    fn start(&self, k: &IdKey) -> usize {
        k.hash as usize & (self.slots.len() - 1)
    }

    /// Index of the id with key `k` and bytes `id`.
    #[inline(always)]
    pub(crate) fn find(&self, ids: &IdArena, k: &IdKey, id: &[u8]) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut p = self.start(k);
        loop {
            let s = self.slots[p];
            if s.idx == EMPTY_SLOT {
                return None;
            }
            if s.key == k.key && (k.exact() || ids.get(s.idx as usize).as_bytes() == id) {
                return Some(s.idx);
            }
            p = (p + 1) & mask;
        }
    }

    #[inline]
    pub(super) fn get(&self, ids: &IdArena, id: &str) -> Option<u32> {
        self.find(ids, &IdKey::new(id.as_bytes()), id.as_bytes())
    }

    /// Inserts an id known to be absent.
    pub(super) fn insert_new(&mut self, k: &IdKey, idx: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(k, idx);
        self.len += 1;
    }

    #[inline]
    fn place(&mut self, k: &IdKey, idx: u32) {
        let mask = self.slots.len() - 1;
        let mut p = self.start(k);
        while self.slots[p].idx != EMPTY_SLOT {
            p = (p + 1) & mask;
        }
        self.slots[p] = Slot { key: k.key, idx };
    }

    fn grow(&mut self) {
        self.resize((self.slots.len() * 2).max(16));
    }

    /// Makes room for `n` ids in all.
    pub(super) fn reserve_total(&mut self, n: usize) {
        let cap = n.saturating_mul(2).max(16).next_power_of_two();
        if cap > self.slots.len() {
            self.resize(cap);
        }
    }

    fn resize(&mut self, cap: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; cap]);
        for s in old.into_iter().filter(|s| s.idx != EMPTY_SLOT) {
            self.place(&IdKey::from_key(s.key), s.idx);
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }
}

/// Read-only id lookups, shareable between threads (used by the CSV reader).
#[derive(Clone, Copy)]
pub(crate) struct IdLookup<'a> {
    index: &'a IdIndex,
    ids: &'a IdArena,
}

impl<'a> IdLookup<'a> {
    /// Lookups in `index`, whose ids are `ids`.
    pub(super) fn new(index: &'a IdIndex, ids: &'a IdArena) -> Self {
        IdLookup { index, ids }
    }

    /// Index of the id `id` with key `k` (`k == IdKey::new(id)`).
    #[inline]
    pub(crate) fn find(&self, k: &IdKey, id: &[u8]) -> Option<u32> {
        self.index.find(self.ids, k, id)
    }

    /// Reads the slot where the search for `k` starts, so that a batch of lookups waits for
    /// memory once rather than once per id. The value means nothing.
    #[inline]
    pub(crate) fn touch(&self, k: &IdKey) -> u32 {
        self.index.slots[self.index.start(k)].idx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GraphMeta, Kinds, NetworkBuilder, NodeId};

    #[test]
    fn id_index_grows_and_tells_ids_apart() {
        let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
        let long = |i: usize| format!("a_rather_long_node_id_{i}");
        for i in 0..5000 {
            b.intern(&format!("n{i}")).unwrap();
            b.intern(&long(i)).unwrap();
        }
        assert_eq!(b.node_count(), 10_000);
        for i in 0..5000 {
            assert_eq!(b.index_of(&format!("n{i}")), Some(NodeId::new(2 * i)));
            assert_eq!(b.index_of(&long(i)), Some(NodeId::new(2 * i + 1)));
        }
        assert_eq!(b.index_of("n5000"), None);
        assert_eq!(b.index_of("n1\0"), None);
        assert_eq!(b.index_of(""), None);
        assert_eq!(b.index_of("a_rather_long_node_id_5000"), None);
        let key = IdKey::new(b"n17");
        assert_eq!(b.lookup().find(&key, b"n17"), Some(34));
        assert_eq!(b.intern_key(&IdKey::new(b"Bad"), b"Bad"), None);
        assert_eq!(b.intern_key(&IdKey::new(b"fresh"), b"fresh"), Some(10_000));
        let n = b.finish().unwrap();
        assert_eq!(n.id(10_000usize), "fresh");
        assert_eq!(n.id(3usize), long(1));
        assert_eq!(n.index_of("n4999"), Some(NodeId::new(9998)));
    }

    #[test]
    fn short_keys_are_the_bytes_and_the_length() {
        for id in ["", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg"] {
            let mut b = [0u8; 8];
            b[..id.len()].copy_from_slice(id.as_bytes());
            b[7] = id.len() as u8;
            assert_eq!(IdKey::new(id.as_bytes()).key, u64::from_le_bytes(b), "{id}");
            assert!(IdKey::new(id.as_bytes()).exact());
        }
        assert_ne!(IdKey::new(b"ab"), IdKey::new(b"ab\0"));
        assert!(!IdKey::new(b"abcdefgh").exact());
    }
}
