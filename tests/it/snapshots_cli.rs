//! What users see, pinned: one insta-cmd snapshot (exit code, stdout and stderr together) per
//! command line, in `snapshots/it__snapshots_cli__<case>.snap`. Every subcommand with every
//! output format it has (table, json, csv; export: dot, json, csv), the arguments of the README
//! and of each `--help`'s examples, every `--help`, a set of bad inputs, and a handful of runs on
//! the fixture `tests/fixtures/nrm-3-node.json`, which does not change when the default graph is
//! rebuilt.
//!
//! Left out: anything that needs Graphviz (`export --format svg`, `--svg`) or a browser. The
//! report is run with an empty `PATH`, so its page is the same with and without Graphviz.
//!
//! Commands run in the crate root (built from `CARGO_MANIFEST_DIR`) with paths relative to it,
//! so the snapshots name `tests/fixtures/...`, not this machine's checkout. A case that needs
//! files of its own runs in a fresh temp dir that holds them. Filters: that temp dir becomes
//! `[TMP]`, the crate root `[ROOT]` and the crate version `[VERSION]`. No other filter is
//! needed: no output holds timings or thread counts (`rank` and `--samples` give the same
//! output on any number of threads, checked in `analysis`, `cli` and `whatif`).
//!
//! After an intended change of output: `INSTA_UPDATE=always cargo test --test it snapshots_cli`
//! (or `cargo insta test --accept -- snapshots_cli`), then review the diff of `snapshots/`.

use std::path::PathBuf;
use std::process::Command;

use crate::common::root;

/// The fixture graph of the `NetworkRiskMeasures` README (relative to the crate root).
const NRM: &str = "tests/fixtures/nrm-3-node.json";
const TRICKY: &str = "tests/fixtures/tricky.json";

/// Environment variables that change how the output looks (help wrapping, colours,
/// backtraces); removed so that the snapshots hold on any terminal and CI.
const UNSET: [&str; 7] = [
    "COLUMNS",
    "LINES",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "NO_COLOR",
    "RUST_BACKTRACE",
    "RUST_LIB_BACKTRACE",
];

/// A regex matching `text` literally.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs `graph <args>` and checks it against the snapshot `name`. With `files`, the command
/// runs in a fresh temp dir holding them; else in the crate root. `env` is set for the command.
fn check(name: &str, args: &[&str], files: &[(&str, &str)], env: &[(&str, &str)]) {
    let tmp = tempfile::tempdir().unwrap();
    let cwd: PathBuf = if files.is_empty() {
        root().to_path_buf()
    } else {
        for (file, content) in files {
            std::fs::write(tmp.path().join(file), content).unwrap();
        }
        tmp.path().to_path_buf()
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_graph"));
    cmd.args(args).current_dir(&cwd);
    for var in UNSET {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }

    // The temp dir first: it may lie inside the crate root (TMPDIR=target/tmp, say).
    let mut settings = insta::Settings::clone_current();
    for (p, with) in [
        (tmp.path().to_path_buf(), "[TMP]"),
        (root().to_path_buf(), "[ROOT]"),
    ] {
        let canonical = p.canonicalize().unwrap_or_else(|_| p.clone());
        for q in [canonical, p] {
            settings.add_filter(&literal(&q.display().to_string()), with);
        }
    }
    settings.add_filter(
        &format!(r"\b{}\b", literal(env!("CARGO_PKG_VERSION"))),
        "[VERSION]",
    );
    settings.bind(|| {
        insta_cmd::assert_cmd_snapshot!(name, cmd);
    });
    drop(tmp);
}

/// `name: [args]`: one case, snapshot `name`.
macro_rules! one {
    ($($name:ident: [$($arg:expr),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            check(stringify!($name), &[$($arg),*], &[], &[]);
        }
    )*};
}

/// `name: [args]`: three cases, `name_table` (no `--format`, as users type it), `name_json` and
/// `name_csv`, each a test `name::table`, `name::json`, `name::csv`.
macro_rules! each_format {
    ($($name:ident: [$($arg:expr),* $(,)?];)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn table() {
                super::check(concat!(stringify!($name), "_table"), &[$($arg),*], &[], &[]);
            }

            #[test]
            fn json() {
                super::check(
                    concat!(stringify!($name), "_json"),
                    &[$($arg,)* "--format", "json"],
                    &[],
                    &[],
                );
            }

            #[test]
            fn csv() {
                super::check(
                    concat!(stringify!($name), "_csv"),
                    &[$($arg,)* "--format", "csv"],
                    &[],
                    &[],
                );
            }
        }
    )*};
}

// ------------------------------------------------------------------------------------ help

one! {
    help: ["--help"];
    help_short: ["-h"];
    version: ["--version"];
    no_subcommand: [];
    help_shock: ["shock", "--help"];
    help_info: ["info", "--help"];
    help_validate: ["validate", "--help"];
    help_export: ["export", "--help"];
    help_exposure: ["exposure", "--help"];
    help_concentration: ["concentration", "--help"];
    help_rank: ["rank", "--help"];
    help_sweep: ["sweep", "--help"];
    help_tipping: ["tipping", "--help"];
    help_report: ["report", "--help"];
    help_schema: ["schema", "--help"];
    help_centrality: ["centrality", "--help"];
    help_shock_short: ["shock", "-h"];
    help_subcommand_shock: ["help", "shock"];
}

// ------------------------------------------------------------------------------------ shock

each_format! {
    shock_openai: ["shock", "--node", "openai", "--haircut", "0.5"];
    shock_openai_debtrank: ["shock", "--node", "openai", "--haircut", "0.5", "--model", "debtrank"];
    shock_openai_debtrank_classic: [
        "shock", "--node", "openai", "--haircut", "0.5", "--model", "debtrank-classic"
    ];
    shock_openai_threshold: ["shock", "--node", "openai", "--haircut", "0.5", "--model", "threshold"];
    shock_openai_eisenberg_noe: [
        "shock", "--node", "openai", "--haircut", "0.5", "--model", "eisenberg-noe"
    ];
    shock_openai_trace: ["shock", "--node", "openai", "--haircut", "0.5", "--trace"];
    shock_openai_samples: [
        "shock", "--node", "openai", "--haircut", "0.5", "--samples", "200", "--seed", "7"
    ];
}

one! {
    shock_openai_full_default: ["shock", "--node", "openai"];
    shock_openai_top_5: ["shock", "--node", "openai", "--haircut", "0.5", "--top", "5"];
    shock_openai_samples_triangular: [
        "shock", "--node", "openai", "--haircut", "0.5", "--samples", "200", "--seed", "7",
        "--dist", "triangular",
    ];
    shock_openai_threshold_trace: [
        "shock", "--node", "openai", "--haircut", "0.5", "--model", "threshold", "--trace"
    ];
    shock_openai_eisenberg_noe_trace: [
        "shock", "--node", "openai", "--haircut", "0.5", "--model", "eisenberg-noe", "--trace"
    ];
    shock_two_nodes_trace: [
        "shock", "--node", "openai", "--node", "anthropic", "--haircut", "0.3", "--trace"
    ];
    shock_pairs_threshold: [
        "shock", "--shock", "openai=0.5", "--shock", "anthropic=0.2", "--model", "threshold"
    ];
    shock_eisenberg_noe_alpha_beta_json: [
        "shock", "--node", "openai", "--model", "eisenberg-noe", "--alpha", "0.5", "--beta",
        "0.9", "--format", "json",
    ];
    shock_global_options_first: [
        "--format", "json", "shock", "--node", "anthropic", "--haircut", "0.25"
    ];
}

#[test]
fn shock_scenario_file() {
    check(
        "shock_scenario_file",
        &["shock", "--scenario", "s.json"],
        &[(
            "s.json",
            r#"{"model":"threshold","shocks":[{"node":"openai","haircut":0.5},{"node":"anthropic","haircut":0.2}]}"#,
        )],
        &[],
    );
}

// ------------------------------------------------------------------------------------ rank

each_format! {
    rank: ["rank"];
    rank_by_vulnerability_top_5: ["rank", "--by", "vulnerability", "--top", "5"];
}

one! {
    rank_threshold_haircut_0_5_csv: [
        "rank", "--model", "threshold", "--haircut", "0.5", "--format", "csv"
    ];
    rank_eisenberg_noe: ["rank", "--model", "eisenberg-noe"];
    rank_no_centrality: ["rank", "--no-centrality"];
}

// ------------------------------------------------------------------------------------ exposure

each_format! {
    exposure_openai: ["exposure", "--node", "openai"];
    exposure_openai_paths: ["exposure", "--node", "openai", "--paths"];
    exposure_openai_reverse: ["exposure", "--node", "openai", "--reverse"];
}

one! {
    exposure_oracle_reverse_threshold_json: [
        "exposure", "--node", "oracle", "--reverse", "--model", "threshold", "--format", "json"
    ];
}

// ------------------------------------------------------------------------------------ concentration

each_format! {
    concentration: ["concentration"];
    concentration_group: [
        "concentration", "--holders", "microsoft,oracle,google_cloud,amazon", "--on",
        "openai,anthropic", "--kind", "compute_commitment",
    ];
}

// ------------------------------------------------------------------------------------ centrality

each_format! {
    centrality_in_degree: ["centrality", "--measure", "in-degree"];
    centrality_out_degree: ["centrality", "--measure", "out-degree"];
    centrality_in_strength: ["centrality", "--measure", "in-strength"];
    centrality_out_strength: ["centrality", "--measure", "out-strength"];
    centrality_pagerank: ["centrality", "--measure", "pagerank"];
    centrality_eigenvector: ["centrality", "--measure", "eigenvector"];
    // Fails on the default graph at NetworkX's alpha (exit 1, with the bound).
    centrality_katz: ["centrality", "--measure", "katz"];
    centrality_katz_alpha_0_002: ["centrality", "--measure", "katz", "--alpha", "0.002"];
    centrality_hubs: ["centrality", "--measure", "hubs"];
    centrality_authorities: ["centrality", "--measure", "authorities"];
    centrality_betweenness: ["centrality", "--measure", "betweenness"];
    centrality_closeness: ["centrality", "--measure", "closeness"];
    centrality_harmonic: ["centrality", "--measure", "harmonic"];
    centrality_all: ["centrality", "--all"];
}

one! {
    centrality_all_top_15: ["centrality", "--all", "--top", "15"];
    centrality_pagerank_personalization_json: [
        "centrality", "--measure", "pagerank", "--personalization", "openai=1", "--format", "json"
    ];
    centrality_betweenness_weighted: ["centrality", "--measure", "betweenness", "--weighted"];
    centrality_closeness_weighted: ["centrality", "--measure", "closeness", "--weighted"];
    centrality_harmonic_weighted: ["centrality", "--measure", "harmonic", "--weighted"];
}

// ------------------------------------------------------------------------------------ sweep

each_format! {
    sweep_openai: ["sweep", "--node", "openai"];
}

one! {
    sweep_two_nodes_steps_50_csv: [
        "sweep", "--node", "openai", "--node", "anthropic", "--steps", "50", "--format", "csv"
    ];
    sweep_openai_threshold_json: ["sweep", "--node", "openai", "--model", "threshold", "--format", "json"];
    sweep_openai_eisenberg_noe: ["sweep", "--node", "openai", "--model", "eisenberg-noe"];
}

// ------------------------------------------------------------------------------------ tipping

each_format! {
    tipping_openai_oracle: ["tipping", "--node", "openai", "--target", "oracle"];
    tipping_openai_any: ["tipping", "--node", "openai", "--target", "any"];
}

one! {
    tipping_openai_microsoft_level_0_5: [
        "tipping", "--node", "openai", "--target", "microsoft", "--level", "0.5"
    ];
    tipping_anthropic_amazon_none: ["tipping", "--node", "anthropic", "--target", "amazon"];
    tipping_anthropic_any_threshold_json: [
        "tipping", "--node", "anthropic", "--target", "any", "--model", "threshold", "--format",
        "json",
    ];
}

// ------------------------------------------------------------------------------------ info, validate

each_format! {
    info: ["info"];
    validate_default: ["validate"];
    validate_tricky: ["validate", TRICKY];
}

one! {
    info_top_edges_3_top_5: ["info", "--top-edges", "3", "--top", "5"];
}

const PROBLEMS: &str = r#"{"nodes":[{"id":"a","buffer":-1},{"id":"a"},{"id":"b","kind":"bank","value":-2}],
"edges":[{"from":"a","to":"zz","amount":1},{"from":"b","to":"a","amount":-1},{"from":"b","to":"b","amount":2}]}"#;

#[test]
fn err_validate_problems_table() {
    check(
        "err_validate_problems_table",
        &["validate", "g.json"],
        &[("g.json", PROBLEMS)],
        &[],
    );
}

#[test]
fn err_validate_problems_json() {
    check(
        "err_validate_problems_json",
        &["validate", "g.json", "--format", "json"],
        &[("g.json", PROBLEMS)],
        &[],
    );
}

// ------------------------------------------------------------------------------------ export, schema

one! {
    export_dot: ["export", "--format", "dot"];
    export_json: ["export", "--format", "json"];
    export_csv: ["export", "--format", "csv"];
    export_dot_shock_openai: ["export", "--format", "dot", "--node", "openai", "--haircut", "0.5"];
    export_dot_top_5: ["export", "--format", "dot", "--top", "5"];
    export_tricky_dot: ["export", "--format", "dot", "--graph", TRICKY];
    export_tricky_json: ["export", "--format", "json", "--graph", TRICKY];
    schema: ["schema"];
    // `--format` is accepted and has no effect: the schema comes out as JSON whatever it says.
    schema_format_csv: ["schema", "--format", "csv"];
}

// ------------------------------------------------------------------------------------ report

/// The report without Graphviz (empty `PATH`): the same page on every machine.
#[test]
fn report_openai_no_graphviz() {
    check(
        "report_openai_no_graphviz",
        &["report", "--node", "openai", "--haircut", "0.5"],
        &[],
        &[("PATH", "")],
    );
}

#[test]
fn nrm_report_a_no_graphviz() {
    check(
        "nrm_report_a_no_graphviz",
        &["report", "--graph", NRM, "--node", "a", "--steps", "4"],
        &[],
        &[("PATH", "")],
    );
}

// ------------------------------------------------------------------------------------ the fixture graph

each_format! {
    nrm_shock_a_classic: ["shock", "--graph", NRM, "--node", "a", "--model", "debtrank-classic"];
    nrm_shock_b_debtrank_trace: ["shock", "--graph", NRM, "--node", "b", "--haircut", "0.5", "--trace"];
    nrm_rank_classic: ["rank", "--graph", NRM, "--model", "debtrank-classic"];
    nrm_info: ["info", "--graph", NRM];
    nrm_exposure_a: ["exposure", "--graph", NRM, "--node", "a", "--paths"];
}

one! {
    nrm_validate: ["validate", NRM];
    nrm_export_json: ["export", "--graph", NRM, "--format", "json"];
    nrm_export_csv: ["export", "--graph", NRM, "--format", "csv"];
    nrm_export_dot: ["export", "--graph", NRM, "--format", "dot"];
    nrm_centrality_all: ["centrality", "--graph", NRM, "--all"];
    nrm_concentration: ["concentration", "--graph", NRM];
    nrm_sweep_a_steps_4: ["sweep", "--graph", NRM, "--node", "a", "--steps", "4"];
    nrm_tipping_a_any: ["tipping", "--graph", NRM, "--node", "a", "--target", "any"];
    // Needs external assets, which the fixture does not give: exit 2, naming the nodes.
    err_nrm_shock_eisenberg_noe: ["shock", "--graph", NRM, "--node", "a", "--model", "eisenberg-noe"];
}

// ------------------------------------------------------------------------------------ bad input

one! {
    err_unknown_subcommand: ["shok"];
    err_unknown_flag: ["shock", "--nodee", "openai"];
    err_shock_unknown_node: ["shock", "--node", "opnai"];
    err_shock_haircut_1_5: ["shock", "--node", "openai", "--haircut", "1.5"];
    err_shock_haircut_nan: ["shock", "--node", "openai", "--haircut", "NaN"];
    err_shock_haircut_not_a_number: ["shock", "--node", "openai", "--haircut", "half"];
    err_shock_negative_pair: ["shock", "--shock", "openai=-0.1"];
    err_shock_pair_without_haircut: ["shock", "--shock", "openai"];
    err_shock_twice: ["shock", "--shock", "openai=0.5", "--shock", "openai=0.2"];
    err_shock_no_node: ["shock"];
    err_shock_unknown_model: ["shock", "--node", "openai", "--model", "debtrnk"];
    err_shock_beta_without_eisenberg_noe: ["shock", "--node", "openai", "--beta", "0.5"];
    err_shock_alpha_negative: [
        "shock", "--node", "openai", "--model", "eisenberg-noe", "--alpha", "-1"
    ];
    err_info_missing_graph_file: ["info", "--graph", "/nonexistent/g.json"];
    err_validate_missing_file: ["validate", "missing.json"];
    err_info_format_dot: ["info", "--format", "dot"];
    err_export_format_table: ["export", "--format", "table"];
    err_exposure_unknown_node: ["exposure", "--node", "opena"];
    err_exposure_no_node: ["exposure"];
    err_concentration_holders_only: ["concentration", "--holders", "oracle"];
    err_concentration_unknown_kind: ["concentration", "--kind", "loan"];
    err_centrality_no_measure: ["centrality"];
    err_centrality_pagerank_weighted: ["centrality", "--measure", "pagerank", "--weighted"];
    err_centrality_unknown_personalization: [
        "centrality", "--measure", "pagerank", "--personalization", "nobody=1"
    ];
    err_rank_by_size: ["rank", "--by", "size"];
    err_rank_haircut_2: ["rank", "--haircut", "2"];
    err_sweep_steps_0: ["sweep", "--node", "openai", "--steps", "0"];
    err_tipping_unknown_target: ["tipping", "--node", "openai", "--target", "oracel"];
    err_tipping_level_2: ["tipping", "--node", "openai", "--target", "oracle", "--level", "2"];
    err_report_no_node: ["report"];
    err_report_format_json: ["report", "--node", "openai", "--format", "json"];
}

#[test]
fn err_malformed_json() {
    check(
        "err_malformed_json",
        &["info", "--graph", "g.json"],
        &[(
            "g.json",
            "{\"nodes\": [\n  {\"id\": \"a\"}\n  {\"id\": \"b\"}\n]}",
        )],
        &[],
    );
}

#[test]
fn err_unknown_extension() {
    check(
        "err_unknown_extension",
        &["info", "--graph", "g.yaml"],
        &[("g.yaml", "nodes: []")],
        &[],
    );
}

#[test]
fn err_csv_shock_needs_buffers() {
    check(
        "err_csv_shock_needs_buffers",
        &["shock", "--graph", "e.csv", "--node", "a"],
        &[("e.csv", "from,to,amount\na,b,1\nb,c,1\n")],
        &[],
    );
}

#[test]
fn err_csv_unknown_node_did_you_mean() {
    check(
        "err_csv_unknown_node_did_you_mean",
        &["info", "--graph", "e.csv", "--nodes", "n.csv"],
        &[
            ("e.csv", "from,to,amount\na,b,1\na,c,2\n"),
            ("n.csv", "id,buffer\na,1\nb,2\ncc,3\n"),
        ],
        &[],
    );
}

// ------------------------------------------------------------------------------------ diff

/// The `graph diff` fixture pair: every kind of change occurs once.
const DIFF_A: &str = "tests/fixtures/diff-a.json";
const DIFF_B: &str = "tests/fixtures/diff-b.json";

each_format! {
    diff_fixtures: ["diff", DIFF_A, DIFF_B, "--node", "lab", "--node", "gone"];
}

one! {
    help_diff: ["diff", "--help"];
    diff_fixtures_threshold_top_1: [
        "diff", DIFF_A, DIFF_B, "--node", "lab", "--model", "threshold", "--haircut", "1",
        "--top", "1",
    ];
    diff_fixture_itself: ["diff", DIFF_A, DIFF_A, "--node", "lab"];
    // The embedded snapshot against the second edition's draft, by path (not the embedded
    // default, which is about to be replaced).
    diff_snapshot_default_top_5: [
        "diff", "snapshot-2025-12", "default", "--top", "5"
    ];
    err_diff_missing_file: ["diff", DIFF_A, "tests/fixtures/no-such-graph.json"];
    err_diff_unknown_name: ["diff", "snapshot-2024", DIFF_B];
}

// ------------------------------------------------------------------------------------ stall

each_format! {
    stall_lab_flat: ["stall", "--graph", "tests/fixtures/stall.json", "--node", "lab", "--growth", "0"];
}

one! {
    help_stall: ["stall", "--help"];
    stall_lab_growth_pro_rata: [
        "stall", "--graph", "tests/fixtures/stall.json", "--node", "lab", "--growth", "0.5",
        "--policy", "pro-rata",
    ];
    stall_lab_plan_threshold: [
        "stall", "--graph", "tests/fixtures/stall.json", "--node", "lab", "--plan",
        "--model", "threshold",
    ];
    err_stall_no_funding: ["stall", "--graph", "tests/fixtures/stall.json", "--node", "cloud"];
    err_stall_from_before_funding: [
        "stall", "--graph", "tests/fixtures/stall.json", "--node", "lab", "--from", "2020",
    ];
    err_stall_unknown_node: ["stall", "--graph", "tests/fixtures/stall.json", "--node", "labb"];
    err_stall_growth_and_plan: [
        "stall", "--graph", "tests/fixtures/stall.json", "--node", "lab", "--plan", "--growth", "0",
    ];
    err_stall_growth_below_minus_one: [
        "stall", "--graph", "tests/fixtures/stall.json", "--node", "lab", "--growth", "-1.5",
    ];
}
