//! Typed indices: [`NodeId`], [`EdgeId`] and [`EdgeKindId`].
//!
//! Nodes and edges are numbered `0..n` in input order, and per-node results are vectors in that
//! order. A lookup by name ([`crate::Network::node`], [`crate::model::Kinds::edge`]) gives a typed
//! index; `index()` turns it into a position in a result vector. The accessors of
//! [`crate::Network`] take any [`NodeIx`]: a [`NodeId`], or a position (`usize`, `u32`) such as
//! the loop variable of `for i in 0..net.node_count()`.

use std::fmt;

/// A node of a [`crate::Network`], by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct NodeId(u32);

/// An edge of a [`crate::Network`], by position in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct EdgeId(u32);

/// An edge kind, by position in [`crate::model::Kinds::edges`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct EdgeKindId(u16);

macro_rules! index_type {
    ($t:ident, $raw:ty) => {
        impl $t {
            /// The index at position `i`.
            ///
            /// # Panics
            /// When `i` does not fit the index type (more than 2^32 nodes or edges, 2^16
            /// kinds), which the readers never produce.
            #[must_use]
            #[inline]
            pub fn new(i: usize) -> Self {
                $t(<$raw>::try_from(i).expect("index fits its type"))
            }

            /// The position, for indexing per-node or per-edge vectors.
            #[must_use]
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The raw value.
            #[must_use]
            #[inline]
            pub fn raw(self) -> $raw {
                self.0
            }
        }

        impl From<$t> for usize {
            #[inline]
            fn from(i: $t) -> usize {
                i.index()
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

index_type!(NodeId, u32);
index_type!(EdgeId, u32);
index_type!(EdgeKindId, u16);

impl NodeId {
    /// The index of raw value `i` (no check).
    #[must_use]
    #[inline]
    pub fn from_raw(i: u32) -> Self {
        NodeId(i)
    }
}

impl EdgeKindId {
    /// The index of raw value `k` (no check).
    #[must_use]
    #[inline]
    pub const fn from_raw(k: u16) -> Self {
        EdgeKindId(k)
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::NodeId {}
    impl Sealed for super::EdgeId {}
    impl Sealed for usize {}
    impl Sealed for u32 {}
}

/// Anything that names a node by position: a [`NodeId`], or a `usize`/`u32` position.
pub trait NodeIx: sealed::Sealed + Copy {
    /// The position.
    fn ix(self) -> usize;
}

impl NodeIx for NodeId {
    #[inline]
    fn ix(self) -> usize {
        self.index()
    }
}

impl NodeIx for usize {
    #[inline]
    fn ix(self) -> usize {
        self
    }
}

impl NodeIx for u32 {
    #[inline]
    fn ix(self) -> usize {
        self as usize
    }
}

/// Anything that names an edge by position: an [`EdgeId`], or a `usize` position.
pub trait EdgeIx: sealed::Sealed + Copy {
    /// The position.
    fn ix(self) -> usize;
}

impl EdgeIx for EdgeId {
    #[inline]
    fn ix(self) -> usize {
        self.index()
    }
}

impl EdgeIx for usize {
    #[inline]
    fn ix(self) -> usize {
        self
    }
}

impl EdgeIx for u32 {
    #[inline]
    fn ix(self) -> usize {
        self as usize
    }
}

/// One value per node, indexed by [`NodeId`] (or by position).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeVec<T>(Vec<T>);

impl<T> NodeVec<T> {
    /// The values as a vector, in node order.
    #[must_use]
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> From<Vec<T>> for NodeVec<T> {
    fn from(v: Vec<T>) -> Self {
        NodeVec(v)
    }
}

impl<T> FromIterator<T> for NodeVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        NodeVec(iter.into_iter().collect())
    }
}

impl<T> std::ops::Deref for NodeVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> std::ops::DerefMut for NodeVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

impl<T> std::ops::Index<NodeId> for NodeVec<T> {
    type Output = T;
    fn index(&self, i: NodeId) -> &T {
        &self.0[i.index()]
    }
}

impl<T> std::ops::IndexMut<NodeId> for NodeVec<T> {
    fn index_mut(&mut self, i: NodeId) -> &mut T {
        &mut self.0[i.index()]
    }
}

impl<T> std::ops::Index<usize> for NodeVec<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<T> std::ops::IndexMut<usize> for NodeVec<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.0[i]
    }
}

impl<'a, T> IntoIterator for &'a NodeVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: PartialEq> PartialEq<Vec<T>> for NodeVec<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        &self.0 == other
    }
}
