//! Copies of a network with some figures replaced (for sampling uncertain figures).

use super::network::{Network, NetworkBuilder, NodeFigures};

impl Network {
    /// A copy of the network with every edge amount and node figure replaced by the given
    /// ones (one per edge / node, in the network's order), built through [`NetworkBuilder`]
    /// so the copy is validated like any input. Descriptive data are copied.
    ///
    /// # Errors
    /// The builder's refusal when a figure is out of its domain (negative, non-finite, an
    /// amount <= 0), or when the slices do not have one entry per edge / node.
    pub fn with_figures(
        &self,
        amounts: &[f64],
        figures: &[NodeFigures],
    ) -> Result<Network, super::Refusal> {
        if amounts.len() != self.edge_count() || figures.len() != self.node_count() {
            return Err(super::Refusal {
                message: format!(
                    "{} amounts and {} node figures given for {} edges and {} nodes",
                    amounts.len(),
                    figures.len(),
                    self.edge_count(),
                    self.node_count()
                ),
                hint: None,
            });
        }
        let mut b = NetworkBuilder::new(
            self.meta().clone(),
            self.kinds().clone(),
            self.node_count(),
            self.edge_count(),
        );
        for (i, f) in figures.iter().enumerate() {
            b.add_node(
                self.id(i),
                self.node_kind_index(i),
                *f,
                self.node_meta(i).cloned(),
            )?;
        }
        for (e, &amount) in self.edges().zip(amounts) {
            b.add_edge(
                e.from,
                e.to,
                e.kind,
                amount,
                e.recovery,
                self.edge_meta(e.index.index()).cloned(),
            )?;
        }
        b.copy_terms(&self.terms, &self.amount);
        let mut net = b.finish()?;
        // A draw of an adjusted network keeps the record of its basis and overrides.
        net.applied.clone_from(&self.applied);
        Ok(net)
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::graph;

    #[test]
    fn replaces_figures_and_rebuilds_the_distress_graph() {
        let net = graph(&[("a", 1.0), ("b", 2.0)], &[("a", "b", 4.0)]);
        let mut f: Vec<_> = (0..2usize).map(|i| net.figures(i)).collect();
        f[1].buffer = Some(8.0);
        let p = net.with_figures(&[6.0], &f).unwrap();
        assert_eq!(p.buffer(1usize), Some(8.0));
        assert_eq!(p.distress().row(0)[0].weight, 6.0);
        assert_eq!(p.id(1usize), "b");
        assert!(net.with_figures(&[-1.0], &f).is_err());
    }
}
