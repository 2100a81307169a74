//! The property every target checks on a graph that loads: `shock` under every model from the
//! first node gives a report whose every figure is finite (no NaN, no infinity).

use shockgraph::report::{self, finite};
use shockgraph::shock::{self, Haircut, Model, Params, Shock};
use shockgraph::{Network, NodeId};

#[allow(dead_code, reason = "not every target uses every check")]
pub fn assert_finite_shocks(net: &Network) {
    let first = Shock::new(NodeId::new(0), Haircut::new(1.0).expect("1 is a haircut"));
    for model in Model::ALL {
        if let Ok(r) = shock::run(net, model, std::slice::from_ref(&first), &Params::default()) {
            let rep = report::shock::build(net, &r, false);
            assert_eq!(finite::find(&rep), None, "non-finite figure under {model:?}");
        }
    }
}

/// An error of a loader names the file and a place in it.
#[allow(dead_code, reason = "not every target uses every check")]
pub fn assert_placed(e: &shockgraph::Error, file: &str) {
    if let shockgraph::Error::InvalidInput { problems, .. } = e {
        assert!(!problems.is_empty());
        for p in problems {
            assert!(p.location.starts_with(file), "problem without its place: {p:?}");
        }
    }
}
