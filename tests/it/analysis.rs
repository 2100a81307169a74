//! Exposure, concentration and rank: hand-built graphs with known answers, a published
//! interbank example, the seed article's backlog share, consistency between the directions,
//! and determinism across thread counts.

use shockgraph::analysis::concentration;
use shockgraph::analysis::exposure::{exposure, Direction, Paths};
use shockgraph::analysis::{rank, Centralities};
use shockgraph::shock::Haircut;
use shockgraph::shock::{Model, Params};
use shockgraph::{io, Network};

use crate::common::{self, tol};

fn fixture(name: &str) -> Network {
    let p = common::fixture(name);
    io::load(Some(&p), None).unwrap()
}

/// `NetworkRiskMeasures` README (Cinelli & Silva, R package implementing Battiston et al. 2012):
/// on its 3-bank example the DebtRank ("additional stress") of a, b, c is 0.9285714, 0.25 and
/// 0.6642857, so a ranks first, then c, then b.
#[test]
fn rank_orders_the_published_interbank_example() {
    let net = fixture("nrm-3-node.json");
    let r = rank(
        &net,
        Model::DebtRankClassic,
        Haircut::FULL,
        &Params::default(),
        Centralities::Skip,
        &|_| {},
    )
    .unwrap();
    let ids: Vec<&str> = r.rows.iter().map(|x| net.id(x.node)).collect();
    assert_eq!(ids, ["a", "c", "b"]);
    let published = [("a", 0.928_571_4), ("b", 0.25), ("c", 0.664_285_7)];
    for (id, want) in published {
        let row = r.rows.iter().find(|x| net.id(x.node) == id).unwrap();
        assert!(
            (row.sweep.impact - want).abs() < tol::PUBLISHED_7_DIGITS,
            "{id}: {} vs {want}",
            row.sweep.impact
        );
    }
    // Published "additional defaults": a 2, c 0, b 1.
    let defaults: Vec<usize> = r.rows.iter().map(|x| x.sweep.defaulted).collect();
    assert_eq!(defaults, [2, 0, 1]);
}

#[test]
fn rank_is_identical_on_one_and_many_threads() {
    let net = io::load_default().unwrap();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                rank(
                    &net,
                    Model::DebtRank,
                    Haircut::FULL,
                    &Params::default(),
                    Centralities::Include,
                    &|_| {},
                )
                .unwrap()
            })
    };
    let one = run(1);
    for threads in [2, 3, 8] {
        let many = run(threads);
        assert_eq!(one.rows, many.rows, "{threads} threads");
    }
    // Same output twice.
    assert_eq!(run(2).rows, run(2).rows);
}

#[test]
fn vulnerability_is_the_mean_distress_over_other_shocks() {
    let net = io::load_default().unwrap();
    let r = rank(
        &net,
        Model::DebtRank,
        Haircut::FULL,
        &Params::default(),
        Centralities::Skip,
        &|_| {},
    )
    .unwrap();
    let n = net.node_count();
    let mut sum = vec![0.0; n];
    for k in 0..n {
        let s = shockgraph::shock::run(
            &net,
            Model::DebtRank,
            &[shockgraph::shock::Shock::new(
                shockgraph::NodeId::new(k),
                shockgraph::shock::Haircut::new(1.0).unwrap(),
            )],
            &Params::default(),
        )
        .unwrap();
        let row = r.rows.iter().find(|x| x.node.index() == k).unwrap();
        assert_eq!(
            row.sweep.impact,
            s.totals(&net).impact,
            "impact of {}",
            net.id(k)
        );
        for i in (0..n).filter(|&i| i != k) {
            sum[i] += s.distress[i];
        }
    }
    for row in &r.rows {
        let want = sum[row.node.index()] / (n - 1) as f64;
        assert!((row.sweep.vulnerability - want).abs() < tol::ANALYTIC);
    }
}

#[test]
fn exposure_directions_agree() {
    let net = io::load_default().unwrap();
    let p = Params::default();
    for x in 0..net.node_count() {
        let x_id = shockgraph::NodeId::new(x);
        let of = exposure(&net, x_id, Direction::Of, Model::DebtRank, &p, Paths::Skip).unwrap();
        for row in &of.rows {
            let k = row.node.index();
            let to = exposure(
                &net,
                row.node,
                Direction::To,
                Model::DebtRank,
                &p,
                Paths::Skip,
            )
            .unwrap();
            let back = to.rows.iter().find(|r| r.node.index() == x).unwrap();
            assert_eq!(
                row.cascade_loss,
                back.cascade_loss,
                "{} <- {}",
                net.id(x),
                net.id(k)
            );
            assert_eq!(row.direct, back.direct);
            match (row.linear_loss, back.linear_loss) {
                (Some(a), Some(b)) => {
                    assert!((a - b).abs() <= tol::LINEAR_SERIES * (1.0 + a.abs()));
                }
                (None, None) => {}
                other => panic!("linear disagreement {other:?}"),
            }
        }
    }
}

/// The seed article: OpenAI and Anthropic are "roughly half" of the four clouds' backlog. The
/// default graph records the clouds' latest firm backlog figures (graphs/README.md): 627
/// (Microsoft), 638 (Oracle), 462 (Google Cloud), 364 (Amazon) = 2091; the two labs' compute
/// commitments to them add up to 1048.
#[test]
fn seed_backlog_share_is_reproduced() {
    let net = io::load_default().unwrap();
    let id = |s: &str| net.index_of(s).unwrap();
    let holders = ["microsoft", "oracle", "google_cloud", "amazon"].map(id);
    let on = ["openai", "anthropic"].map(id);
    let cc = net.kinds().edge("compute_commitment").unwrap();
    let g = concentration::group(&net, &holders, &on, Some(&[cc])).unwrap();
    assert_eq!(g.claims_on, 1048.0);
    assert_eq!(g.backlog, Some(2091.0));
    let share = g.share_of_backlog.unwrap();
    assert!((share - 1048.0 / 2091.0).abs() < tol::ANALYTIC);
    assert!((0.45..0.55).contains(&share), "roughly half: {share}");
}
