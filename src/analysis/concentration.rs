//! Concentration of claims: how much of what a node is owed rests on one counterparty.
//!
//! A node's **claims** are the edges on which it is the exposed end (`docs/model.md#exposure-and-the-distress-graph`),
//! at their face `amount`: a cloud's claims are the commitments to buy from it, an investor's
//! its equity stakes. Per node, [`per_node`] gives the largest counterparty's share of its
//! claims and the Herfindahl–Hirschman index `HHI = sum_j s_j^2` of the shares `s_j` of its
//! counterparties (1 = a single counterparty; 1/k for k equal ones). For a group of holders
//! and a group of obligors, [`group`] gives the share of the holders' combined claims that
//! the obligors account for, and, when every holder records a `backlog` attribute, the share
//! of their combined backlog.
//!
//! Optionally only some edge kinds count (e.g. `compute_commitment`, to compare with a
//! reported revenue backlog).

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::{Error, Param, Result};
use crate::model::{EdgeKindId, Network, NodeId};

/// One node's concentration figures.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeConcentration {
    /// The node.
    pub node: NodeId,
    /// Total claims (face amounts of the edges on which it is the exposed end).
    pub claims: f64,
    /// Number of distinct counterparties.
    pub counterparties: usize,
    /// The largest counterparty.
    pub largest: Option<NodeId>,
    /// Its share of the claims.
    pub largest_share: f64,
    /// Herfindahl–Hirschman index of the counterparties' shares.
    pub hhi: f64,
}

/// Claims per (holder, obligor) pair: for every edge of a counted kind, the exposed end holds a
/// claim of `amount` on the obligor. Returns for each holder its (obligor, amount) list merged.
fn claims(net: &Network, kinds: Option<&[EdgeKindId]>) -> Vec<Vec<(NodeId, f64)>> {
    let mut per: Vec<Vec<(NodeId, f64)>> = vec![Vec::new(); net.node_count()];
    for e in net.edges() {
        if kinds.is_some_and(|k| !k.contains(&e.kind)) {
            continue;
        }
        let (ob, ex) = net.distress_pair(&e);
        per[ex.index()].push((ob, e.amount));
    }
    for list in &mut per {
        list.sort_by_key(|&(o, _)| o);
        let mut merged: Vec<(NodeId, f64)> = Vec::with_capacity(list.len());
        for &(o, a) in list.iter() {
            match merged.last_mut() {
                Some(last) if last.0 == o => last.1 += a,
                _ => merged.push((o, a)),
            }
        }
        *list = merged;
    }
    per
}

/// Concentration of every node's claims, sorted by largest share descending, then claims,
/// then id. Nodes without claims are listed last with zeros.
#[must_use]
pub fn per_node(net: &Network, kinds: Option<&[EdgeKindId]>) -> Vec<NodeConcentration> {
    let per = claims(net, kinds);
    let mut out: Vec<NodeConcentration> = per
        .iter()
        .enumerate()
        .map(|(i, list)| {
            // `+ 0.0`: an empty f64 sum is -0.0, which JSON would print as such.
            let total: f64 = list.iter().map(|x| x.1).sum::<f64>() + 0.0;
            let best = list.iter().max_by(|a, b| {
                a.1.total_cmp(&b.1)
                    .then_with(|| net.id(b.0).cmp(net.id(a.0)))
            });
            let hhi = if total > 0.0 {
                list.iter().map(|x| (x.1 / total).powi(2)).sum()
            } else {
                0.0
            };
            NodeConcentration {
                node: NodeId::new(i),
                claims: total,
                counterparties: list.len(),
                largest: best.map(|b| b.0),
                largest_share: best.map_or(0.0, |b| if total > 0.0 { b.1 / total } else { 0.0 }),
                hhi,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.largest_share
            .total_cmp(&a.largest_share)
            .then_with(|| b.claims.total_cmp(&a.claims))
            .then_with(|| net.id(a.node).cmp(net.id(b.node)))
    });
    out
}

/// One holder's part of a group figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HolderShare {
    /// The holder.
    #[serde(rename = "id")]
    pub node: NodeId,
    /// Its claims on the named obligors.
    pub on: f64,
    /// All its claims (of the counted kinds).
    pub total: f64,
    /// `on / total`.
    pub share: f64,
    /// Its `backlog` attribute, if recorded.
    pub backlog: Option<f64>,
    /// Date of that backlog figure.
    pub backlog_date: Option<String>,
    /// `on / backlog`.
    pub share_of_backlog: Option<f64>,
}

/// A group's concentration.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupConcentration {
    /// Per holder.
    pub holders: Vec<HolderShare>,
    /// The obligors.
    pub on: Vec<NodeId>,
    /// Combined claims of the holders on the obligors.
    pub claims_on: f64,
    /// Combined claims of the holders.
    pub claims_total: f64,
    /// `claims_on / claims_total`.
    pub share: f64,
    /// Combined `backlog` attributes, when every holder records one.
    pub backlog: Option<f64>,
    /// `claims_on / backlog`.
    pub share_of_backlog: Option<f64>,
}

/// The share of `holders`' claims that rest on `on`.
///
/// # Errors
/// [`Error::InvalidParameter`] when a node is named twice or in both groups.
pub fn group(
    net: &Network,
    holders: &[NodeId],
    on: &[NodeId],
    kinds: Option<&[EdgeKindId]>,
) -> Result<GroupConcentration> {
    let mut all: Vec<NodeId> = holders.iter().chain(on).copied().collect();
    all.sort_unstable();
    if let Some(w) = all.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::param(
            Param::Groups,
            format!("`{}` is named twice", net.id(w[0])),
            Some("each node belongs to one group, once"),
        ));
    }
    let per = claims(net, kinds);
    let mut rows = Vec::new();
    let (mut claims_on, mut claims_total) = (0.0, 0.0);
    let mut backlog_sum = 0.0;
    let mut all_backlog = true;
    for &h in holders {
        let list = &per[h.index()];
        let total: f64 = list.iter().map(|x| x.1).sum::<f64>() + 0.0;
        let on_sum: f64 = list
            .iter()
            .filter(|x| on.contains(&x.0))
            .map(|x| x.1)
            .sum::<f64>()
            + 0.0;
        let attr = net.node_meta(h).and_then(|m| m.attributes.get("backlog"));
        let backlog = attr.map(|a| a.value);
        match backlog {
            Some(b) => backlog_sum += b,
            None => all_backlog = false,
        }
        claims_on += on_sum;
        claims_total += total;
        rows.push(HolderShare {
            node: h,
            on: on_sum,
            total,
            share: if total > 0.0 { on_sum / total } else { 0.0 },
            backlog,
            backlog_date: attr.and_then(|a| a.date.clone()),
            share_of_backlog: backlog.filter(|&b| b > 0.0).map(|b| on_sum / b),
        });
    }
    let backlog = (all_backlog && !holders.is_empty()).then_some(backlog_sum);
    Ok(GroupConcentration {
        holders: rows,
        on: on.to_vec(),
        claims_on,
        claims_total,
        share: if claims_total > 0.0 {
            claims_on / claims_total
        } else {
            0.0
        },
        backlog,
        share_of_backlog: backlog.filter(|&b| b > 0.0).map(|b| claims_on / b),
    })
}

/// `graph concentration`'s group object: the holders' and obligors' ids, the combined
/// figures, then the per-holder rows.
impl Serialize for GroupConcentration {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let holders: Vec<NodeId> = self.holders.iter().map(|h| h.node).collect();
        let mut st = s.serialize_struct("GroupConcentration", 8)?;
        st.serialize_field("holders", &holders)?;
        st.serialize_field("on", &self.on)?;
        st.serialize_field("claims_on", &self.claims_on)?;
        st.serialize_field("claims_total", &self.claims_total)?;
        st.serialize_field("share", &self.share)?;
        st.serialize_field("backlog", &self.backlog)?;
        st.serialize_field("share_of_backlog", &self.share_of_backlog)?;
        st.serialize_field("per_holder", &self.holders)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::graph;

    #[test]
    fn shares_and_hhi() {
        // c is owed 30 by a and 10 by b: largest share 0.75, HHI 0.75^2 + 0.25^2 = 0.625.
        let net = graph(
            &[("a", 1.0), ("b", 1.0), ("c", 1.0)],
            &[("a", "c", 20.0), ("a", "c", 10.0), ("b", "c", 10.0)],
        );
        let rows = per_node(&net, None);
        let id = NodeId::new;
        let c = rows.iter().find(|r| r.node == id(2)).unwrap();
        assert_eq!(c.claims, 40.0);
        assert_eq!(c.largest, Some(id(0)));
        assert_eq!(c.largest_share, 0.75);
        assert_eq!(c.hhi, 0.625);
        assert_eq!(c.counterparties, 2);
        let g = group(&net, &[id(2)], &[id(1)], None).unwrap();
        assert_eq!(g.share, 0.25);
        assert!(group(&net, &[id(2)], &[id(2)], None).is_err());
    }
}
