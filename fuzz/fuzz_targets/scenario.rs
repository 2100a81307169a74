//! Scenario files on arbitrary input, resolved against a small graph and run
//! (`cargo +nightly fuzz run scenario`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use shockgraph::io::scenario::Scenario;
use shockgraph::report::{self, finite};
use shockgraph::shock::{self, Params};

const GRAPH: &str = r#"{"nodes":[{"id":"a","buffer":10,"external_assets":50,"funding":{"year":2026,"cash":5,"revenue":20}},
{"id":"b","buffer":5,"external_assets":40},{"id":"c","buffer":2,"external_assets":10}],
"edges":[{"from":"a","to":"b","amount":30,"schedule":{"2027":10,"2028":20}},{"from":"b","to":"c","amount":12},{"from":"c","to":"a","kind":"equity","amount":4}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let net = shockgraph::io::json::parse(GRAPH, "g.json").expect("the graph is valid");
    let Ok(sc) = Scenario::from_json(text, "sc.json") else {
        return;
    };
    if sc.is_stall() {
        return;
    }
    if let Ok(plan) = sc.resolve(&net, Params::default()) {
        if let Ok(r) =
            shock::run_with_edges(&net, plan.model, &plan.shocks, &plan.edges, &plan.params)
        {
            let rep = report::shock::build(&net, &r, false);
            assert_eq!(finite::find(&rep), None);
        }
    }
});
