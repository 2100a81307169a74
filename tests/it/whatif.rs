//! Sweeps, tipping points and uncertainty sampling against `graph shock` on the default graph.

use serde_json::Value;
use shockgraph::analysis::{self as uncertainty, Dist, SampleConfig};
use shockgraph::analysis::{self as whatif, Target, TIPPING_TOLERANCE};
use shockgraph::io;
use shockgraph::shock::{self, Model, Params, Shock};

use crate::common::{graph, tol};

fn json(args: &[&str]) -> Value {
    let out = graph().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sweep_points_equal_graph_shock() {
    let sweep = json(&[
        "sweep", "--node", "openai", "--steps", "4", "--format", "json",
    ]);
    assert_eq!(sweep["model"], "debtrank");
    let points = sweep["curves"][0]["points"].as_array().unwrap();
    assert_eq!(points.len(), 5);
    for p in points {
        let h = p["haircut"].as_f64().unwrap();
        let shock = json(&[
            "shock",
            "--node",
            "openai",
            "--haircut",
            &h.to_string(),
            "--format",
            "json",
        ]);
        for k in ["total_loss", "impact", "distressed", "defaulted"] {
            assert_eq!(p[k], shock[k], "{k} at haircut {h}");
        }
    }
    assert_eq!(points[0]["total_loss"], 0.0);
}

#[test]
fn sweep_losses_are_monotone_for_every_model() {
    let net = io::load_default().unwrap();
    let openai = net.index_of("openai").unwrap();
    for model in [
        Model::DebtRank,
        Model::DebtRankClassic,
        Model::Threshold,
        Model::EisenbergNoe,
    ] {
        let curves = whatif::sweep(&net, model, &[openai], 40, &Params::default()).unwrap();
        // Per-node losses grow with the haircut (total_loss leaves the shocked node's h(1)
        // out, so it is checked through the sum of all losses instead).
        let mut prev = vec![0.0; net.node_count()];
        for p in &curves[0].points {
            let r = shock::run(
                &net,
                model,
                &[Shock::new(
                    openai,
                    shockgraph::shock::Haircut::new(p.haircut).unwrap(),
                )],
                &Params::default(),
            )
            .unwrap();
            for (i, (now, before)) in r.loss.iter().zip(&prev).enumerate() {
                assert!(
                    now >= &(before - tol::ORDER_LOSS),
                    "{model:?} {} at {}",
                    net.id(i),
                    p.haircut
                );
            }
            prev = r.loss.to_vec();
        }
        let defaulted: Vec<usize> = curves[0]
            .points
            .iter()
            .map(|p| p.totals.defaulted)
            .collect();
        assert!(
            defaulted.windows(2).all(|w| w[0] <= w[1]),
            "{model:?} defaults monotone"
        );
    }
}

#[test]
fn tipping_agrees_with_shock_and_sweep() {
    let t = json(&[
        "tipping", "--node", "openai", "--target", "oracle", "--format", "json",
    ]);
    let h = t["haircut"].as_f64().unwrap();
    assert_eq!(t["shock"]["model"], "debtrank");
    let oracle = |v: &Value| {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == "oracle")
            .unwrap()["state"]
            .clone()
    };
    assert_eq!(oracle(&t["shock"]), "defaulted");
    let at = json(&[
        "shock",
        "--node",
        "openai",
        "--haircut",
        &h.to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(oracle(&at), "defaulted");
    let below = json(&[
        "shock",
        "--node",
        "openai",
        "--haircut",
        &(h - 2.0 * TIPPING_TOLERANCE).to_string(),
        "--format",
        "json",
    ]);
    assert_ne!(oracle(&below), "defaulted");
    // Oracle's exposure to OpenAI is 300 * (1 - 0.5) = 150 against a buffer of 24.67, plus
    // feedback: it defaults before the direct loss alone would (h = 24.67 / 150).
    assert!(h <= 24.67 / 150.0 + TIPPING_TOLERANCE, "{h}");
    // The sweep brackets it.
    let net = io::load_default().unwrap();
    let openai = net.index_of("openai").unwrap();
    let oracle_i = net.index_of("oracle").unwrap();
    let c = whatif::sweep(&net, Model::DebtRank, &[openai], 100, &Params::default()).unwrap();
    for p in &c[0].points {
        let r = shock::run(
            &net,
            Model::DebtRank,
            &[Shock::new(
                openai,
                shockgraph::shock::Haircut::new(p.haircut).unwrap(),
            )],
            &Params::default(),
        )
        .unwrap();
        let d = r.state[oracle_i] == shock::State::Defaulted;
        assert_eq!(d, p.haircut >= h, "haircut {}", p.haircut);
    }
}

#[test]
fn tipping_none_and_any() {
    let net = io::load_default().unwrap();
    let id = |s: &str| net.index_of(s).unwrap();
    // Amazon's buffer (411.1) is far above its exposure to Anthropic.
    let t = whatif::tipping(
        &net,
        Model::DebtRank,
        id("anthropic"),
        Target::Node(id("amazon")),
        1.0,
        &Params::default(),
    )
    .unwrap();
    assert!(t.haircut.is_none());
    let out = graph()
        .args(["tipping", "--node", "anthropic", "--target", "amazon"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("No haircut up to 1.0"));
    let any = whatif::tipping(
        &net,
        Model::DebtRank,
        id("openai"),
        Target::Any,
        1.0,
        &Params::default(),
    )
    .unwrap();
    assert!(any.haircut.is_some());
}

#[test]
fn sampling_is_deterministic_and_brackets_the_central_run() {
    let a = json(&[
        "shock",
        "--node",
        "openai",
        "--haircut",
        "0.5",
        "--samples",
        "300",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    let b = graph()
        .args([
            "shock",
            "--node",
            "openai",
            "--haircut",
            "0.5",
            "--samples",
            "300",
            "--seed",
            "5",
            "--format",
            "json",
        ])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    let b: Value = serde_json::from_slice(&b.stdout).unwrap();
    assert_eq!(a, b, "same seed, same output on 1 thread");
    assert_eq!(a["samples"], 300);
    assert_eq!(a["seed"], 5);
    let (p5, p50, p95) = (
        a["total_loss_p5"].as_f64().unwrap(),
        a["total_loss_p50"].as_f64().unwrap(),
        a["total_loss_p95"].as_f64().unwrap(),
    );
    assert!(p5 <= p50 && p50 <= p95);
    for n in a["nodes"].as_array().unwrap() {
        let p = n["default_probability"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert!(n["loss_p5"].as_f64().unwrap() <= n["loss_p95"].as_f64().unwrap());
    }
}

#[test]
fn sampled_figures_stay_inside_their_ranges() {
    // One uncertain edge (amount in [2, 10]) into a node with a huge buffer: the node's loss
    // equals the drawn amount, so every percentile lies in the range.
    let net = io::json::parse(
        r#"{"nodes":[{"id":"x","buffer":1},{"id":"a","buffer":1000}],
            "edges":[{"from":"x","to":"a","amount":6,"low":2,"high":10}]}"#,
        "t",
    )
    .unwrap();
    for dist in [Dist::Uniform, Dist::Triangular] {
        let s = uncertainty::sample(
            &net,
            Model::DebtRank,
            &[Shock::new(
                shockgraph::NodeId::new(0),
                shockgraph::shock::Haircut::FULL,
            )],
            &Params::default(),
            SampleConfig {
                samples: 500,
                seed: 3,
                dist,
            },
        )
        .unwrap();
        let a = s.nodes[1];
        assert!(
            a.loss_p5 >= 2.0 && a.loss_p95 <= 10.0 && a.loss_p5 < a.loss_p95,
            "{dist:?} {a:?}"
        );
        if dist == Dist::Triangular {
            // Mode 6 of [2, 10]: the median of a symmetric triangle is 6.
            assert!((a.loss_p50 - 6.0).abs() < tol::SAMPLED_MEDIAN, "{a:?}");
        }
    }
}

#[test]
fn sweep_plot_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.svg");
    graph()
        .args([
            "sweep",
            "--node",
            "openai",
            "--node",
            "anthropic",
            "--steps",
            "5",
            "--plot",
        ])
        .arg(&p)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&p).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let text: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("haircut on"), "axis label");
    assert!(
        text.contains("OpenAI") && text.contains("Anthropic"),
        "legend"
    );
}
