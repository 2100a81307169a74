//! Everything the HTML report of a scenario shows, computed: the shock, a haircut sweep per
//! shocked node, the ranking and the concentration figures.
//!
//! [`ScenarioReport::compute`] runs the analyses; the report module only formats them, so the
//! page can be tested on hand-made inputs.

use crate::error::Result;
use crate::model::{Network, NodeId};
use crate::shock::{self, Haircut, Model, Params, Shock, ShockResult, Trace};

use super::concentration::{self, GroupConcentration, NodeConcentration};
use super::rank::{self, Centralities, Ranking};
use super::whatif::{self, Curve};

/// The kind counted in the group concentration figure.
pub const GROUP_KIND: &str = "compute_commitment";

/// How much the analyses of a scenario compute.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioOptions {
    /// Haircut steps of each sweep (`steps + 1` points from 0 to 1).
    pub sweep_steps: usize,
    /// Haircut of each node's own shock in the ranking (1 = full default, as `graph rank`).
    pub rank_haircut: Haircut,
}

impl Default for ScenarioOptions {
    fn default() -> Self {
        ScenarioOptions {
            sweep_steps: 20,
            rank_haircut: Haircut::FULL,
        }
    }
}

/// Everything the report of a scenario shows, computed.
#[derive(Debug, Clone)]
pub struct ScenarioReport {
    /// The shock of the scenario.
    pub shock: ShockResult,
    /// One sweep curve per shocked node (that node alone, haircut 0 to 1).
    pub sweeps: Vec<Curve>,
    /// The ranking (same model and parameters).
    pub ranking: Ranking,
    /// Per-node concentration of claims (all edge kinds).
    pub concentration: Vec<NodeConcentration>,
    /// The group figure: holders = the nodes with a `backlog` attribute (shocked nodes left
    /// out), obligors = the shocked nodes, edge kind [`GROUP_KIND`]; `None` when the graph has
    /// no such holders or no such kind.
    pub group: Option<GroupConcentration>,
}

impl ScenarioReport {
    /// Runs the shock, sweeps each shocked node, ranks every node and computes the
    /// concentration figures.
    ///
    /// # Errors
    /// The errors of [`shock::run`], [`whatif::sweep`], [`rank::rank`] and
    /// [`concentration::group`].
    pub fn compute(
        net: &Network,
        model: Model,
        shocks: &[Shock],
        params: &Params,
        opts: &ScenarioOptions,
    ) -> Result<ScenarioReport> {
        let params = params.with_trace(Trace::Off);
        let shock = shock::run(net, model, shocks, &params)?;
        // The shocked nodes, each once, in the order given.
        let mut nodes: Vec<NodeId> = Vec::with_capacity(shocks.len());
        for s in shocks {
            if !nodes.contains(&s.node) {
                nodes.push(s.node);
            }
        }
        let sweeps = whatif::sweep(net, model, &nodes, opts.sweep_steps, &params)?;
        let ranking = rank::rank(
            net,
            model,
            opts.rank_haircut,
            &params,
            Centralities::Include,
            &|_| {},
        )?;
        let concentration = concentration::per_node(net, None);
        let group = match net.kinds().edge(GROUP_KIND) {
            Some(kind) => {
                let holders: Vec<NodeId> = net
                    .nodes()
                    .filter(|i| !nodes.contains(i))
                    .filter(|&i| {
                        net.node_meta(i)
                            .is_some_and(|m| m.attributes.contains_key("backlog"))
                    })
                    .collect();
                if holders.is_empty() {
                    None
                } else {
                    Some(concentration::group(net, &holders, &nodes, Some(&[kind]))?)
                }
            }
            None => None,
        };
        Ok(ScenarioReport {
            shock,
            sweeps,
            ranking,
            concentration,
            group,
        })
    }
}
