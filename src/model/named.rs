//! Ids at output: results hold [`NodeId`]s, and serialising them inside [`Named`] writes the
//! node ids of the graph in their place.
//!
//! ```
//! # use shockgraph::model::Named;
//! let net = shockgraph::io::load_default()?;
//! let openai = net.node("openai")?;
//! assert_eq!(serde_json::to_string(&Named::new(&net, &openai)).unwrap(), "\"openai\"");
//! assert_eq!(serde_json::to_string(&openai).unwrap(), openai.raw().to_string());
//! # Ok::<(), shockgraph::Error>(())
//! ```

use serde::{Serialize, Serializer};

use super::index::NodeId;
use super::network::Network;

scoped_tls::scoped_thread_local!(static NAMES: Network);

/// A value serialised with the node ids of `net` in place of [`NodeId`]s.
#[derive(Debug, Clone, Copy)]
pub struct Named<'a, T: ?Sized> {
    net: &'a Network,
    value: &'a T,
}

impl<'a, T: ?Sized> Named<'a, T> {
    /// `value`, to be serialised with the ids of `net`.
    pub fn new(net: &'a Network, value: &'a T) -> Self {
        Named { net, value }
    }
}

impl<T: Serialize + ?Sized> Serialize for Named<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        NAMES.set(self.net, || self.value.serialize(s))
    }
}

/// Runs `f` with the graph whose ids are being written, if a [`Named`] is being serialised.
pub(crate) fn with_names<R>(f: impl FnOnce(Option<&Network>) -> R) -> R {
    if NAMES.is_set() {
        NAMES.with(|net| f(Some(net)))
    } else {
        f(None)
    }
}

impl Serialize for NodeId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        with_names(|net| match net {
            Some(net) => s.serialize_str(net.id(*self)),
            None => s.serialize_u32(self.raw()),
        })
    }
}
