//! Issue 13 (item 4 and papercuts): run-length limits that need `--force`, progress bars only
//! on a terminal and never with `--quiet`, diagrams without Graphviz, tables and the terminal
//! width.

use crate::common::{fixture, graph};

/// A PATH with no Graphviz `dot` on it (the binary is run by its absolute path).
fn path_without_dot() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn shock_svg_without_graphviz_prints_the_table_and_names_dot() {
    let empty = path_without_dot();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("shock.svg");
    let dot = dir.path().join("shock.dot");
    let out = graph()
        .env("PATH", empty.path())
        .args(["shock", "--node", "openai", "--haircut", "0.5", "--svg"])
        .arg(&svg)
        .arg("--dot")
        .arg(&dot)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains("Total loss"), "no table: {stdout}");
    assert!(stderr.contains("Graphviz"), "{stderr}");
    assert!(stderr.contains("graph shock ... --dot FILE"), "{stderr}");
    assert!(!stderr.contains("--format dot"), "{stderr}");
    assert!(!svg.exists(), "no partial SVG");
    assert!(std::fs::read_to_string(&dot)
        .unwrap()
        .starts_with("digraph"));
    // The flag the hint names exists: the same run with --dot alone succeeds.
    graph()
        .env("PATH", empty.path())
        .args(["shock", "--node", "openai", "--haircut", "0.5", "--dot"])
        .arg(dir.path().join("only.dot"))
        .assert()
        .success();
}

#[test]
fn stall_svg_without_graphviz_prints_the_table_and_names_dot() {
    let empty = path_without_dot();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("final.svg");
    let out = graph()
        .env("PATH", empty.path())
        .arg("--graph")
        .arg(fixture("stall.json"))
        .args(["stall", "--node", "lab", "--growth", "0", "--svg"])
        .arg(&svg)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains("lab"), "no table: {stdout}");
    assert!(stderr.contains("graph stall ... --dot FILE"), "{stderr}");
    assert!(!svg.exists());
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = graph().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Refused with exit 2, naming the flag, the limit and --force, and nothing on stdout.
fn assert_refused(args: &[&str], flag: &str, limit: &str) {
    let (code, out, err) = run(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains(&format!("invalid {flag}")), "{err}");
    assert!(err.contains(&format!("limit of {limit}")), "{err}");
    assert!(err.contains("--force"), "{err}");
}

#[test]
fn counts_just_above_their_limit_are_refused_without_force() {
    assert_refused(
        &["shock", "--node", "openai", "--samples", "100001"],
        "--samples",
        "100,000",
    );
    assert_refused(
        &["sweep", "--node", "openai", "--steps", "1001"],
        "--steps",
        "1,000",
    );
    assert_refused(
        &["report", "--node", "openai", "--steps", "1001", "-o", "-"],
        "--steps",
        "1,000",
    );
    assert_refused(
        &[
            "centrality",
            "--measure",
            "pagerank",
            "--max-iter",
            "1000001",
        ],
        "--max-iter",
        "1,000,000",
    );
}

#[test]
fn with_force_counts_above_the_limit_run() {
    let small = fixture("nrm-3-node.json");
    let small = small.to_str().unwrap();
    let (code, out, err) = run(&[
        "--graph",
        small,
        "shock",
        "--node",
        "a",
        "--samples",
        "100001",
        "--force",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["samples"], 100_001);
    let (code, out, err) = run(&[
        "--graph", small, "sweep", "--node", "a", "--steps", "1001", "--force", "--format", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["curves"][0]["points"].as_array().unwrap().len(), 1002);
    let (code, _, err) = run(&[
        "--force",
        "centrality",
        "--measure",
        "pagerank",
        "--max-iter",
        "1000001",
    ]);
    assert_eq!(code, 0, "{err}");
    // At the limit no --force is needed.
    let (code, _, err) = run(&["--graph", small, "sweep", "--node", "a", "--steps", "1000"]);
    assert_eq!(code, 0, "{err}");
}

/// Every subcommand, run for real on small inputs.
fn every_subcommand() -> Vec<Vec<String>> {
    let stall = fixture("stall.json").to_str().unwrap().to_string();
    let diff_a = fixture("diff-a.json").to_str().unwrap().to_string();
    let diff_b = fixture("diff-b.json").to_str().unwrap().to_string();
    let shard_1 = fixture("shard-1-of-2.json").to_str().unwrap().to_string();
    let shard_2 = fixture("shard-2-of-2.json").to_str().unwrap().to_string();
    let cmds: Vec<Vec<&str>> = vec![
        vec!["shock", "--node", "openai", "--haircut", "0.5"],
        vec!["info"],
        vec!["validate"],
        vec!["export", "--format", "json"],
        vec!["exposure", "--node", "openai"],
        vec!["concentration"],
        vec!["rank", "--no-centrality"],
        vec!["--graph", &stall, "stall", "--node", "lab", "--growth", "0"],
        vec!["sweep", "--node", "openai", "--steps", "4"],
        vec!["tipping", "--node", "openai", "--target", "oracle"],
        vec!["report", "--node", "openai", "-o", "-"],
        vec!["diff", &diff_a, &diff_b],
        vec!["merge", &shard_1, &shard_2],
        vec!["schema"],
        vec!["centrality", "--measure", "katz"],
        vec!["scenarios"],
        vec!["completions", "bash"],
        vec!["man"],
    ];
    cmds.into_iter()
        .map(|c| c.into_iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn quiet_is_accepted_by_every_subcommand_and_changes_no_output() {
    let cmds = every_subcommand();
    // Every subcommand of the CLI is in the list (a new one must be added to it).
    let help = run(&["--help"]).1;
    let listed: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    for name in &listed {
        assert!(
            cmds.iter().any(|c| c.iter().any(|a| a == name)),
            "`graph {name}` is not in every_subcommand()"
        );
    }
    assert_eq!(cmds.len(), listed.len(), "{help}");
    for c in &cmds {
        for q in ["--quiet", "-q"] {
            let mut args: Vec<&str> = c.iter().map(String::as_str).collect();
            let plain = graph().args(&args).output().unwrap();
            args.push(q);
            let quiet = graph().args(&args).output().unwrap();
            assert!(quiet.status.success(), "{args:?}: {:?}", quiet.status);
            assert_eq!(quiet.status.code(), plain.status.code(), "{args:?}");
            assert!(quiet.stderr.is_empty(), "{args:?}: {:?}", quiet.stderr);
            if c[0] != "report" {
                assert_eq!(quiet.stdout, plain.stdout, "{args:?}");
            }
        }
    }
}

#[test]
fn quiet_silences_warnings() {
    // On an acyclic graph the eigenvector iteration does not converge: `centrality --all
    // --format json` leaves it out, says so in `left_out`, and warns on stderr, but not with
    // --quiet.
    let (_dir, path) = crate::common::file(
        "chain.json",
        r#"{"format": "shockgraph/1", "nodes": [{"id": "a", "buffer": 1}, {"id": "b", "buffer": 1}],
            "edges": [{"from": "a", "to": "b", "amount": 1}]}"#,
    );
    let p = path.to_str().unwrap();
    let (code, out, err) = run(&["--graph", p, "centrality", "--all", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!j["left_out"].as_array().unwrap().is_empty(), "{out}");
    assert!(err.contains("warning: eigenvector left out"), "{err}");
    let (code, out_q, err_q) = run(&[
        "--graph",
        p,
        "centrality",
        "--all",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(code, 0);
    assert!(err_q.is_empty(), "{err_q}");
    assert_eq!(out_q, out);
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    // Long enough (a couple of seconds in a debug build) for the bar's delay to pass: on a
    // terminal a bar would be drawn; here stderr is a pipe, so nothing is.
    let args = [
        "shock",
        "--node",
        "openai",
        "--haircut",
        "0.5",
        "--samples",
        "3000",
        "--format",
        "json",
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "bar characters on stderr: {err:?}");
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    let mut quiet = args.to_vec();
    quiet.push("--quiet");
    let (_, out_q, err_q) = run(&quiet);
    assert!(err_q.is_empty());
    assert_eq!(out, out_q, "results are the same with and without progress");
}

#[test]
fn progress_hooks_count_to_the_total_and_change_no_result() {
    use shockgraph::analysis::{self, Lever, SampleConfig, Target};
    use shockgraph::shock::{Haircut, Model, Params, Shock};
    use std::sync::Mutex;

    let net = shockgraph::io::load_default().unwrap();
    let openai = net.node("openai").unwrap();
    let shocks = [Shock::new(openai, Haircut::new(0.5).unwrap())];
    let params = Params::default();
    let seen = Mutex::new(Vec::new());
    let hook = |d: usize, t: usize| seen.lock().unwrap().push((d, t));
    let config = SampleConfig {
        samples: 50,
        seed: 3,
        dist: analysis::Dist::Uniform,
    };
    let a = analysis::sample(&net, Model::DebtRank, &shocks, &params, config).unwrap();
    let b = analysis::sample_with_progress(&net, Model::DebtRank, &shocks, &params, config, &hook)
        .unwrap();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let mut v = std::mem::take(&mut *seen.lock().unwrap());
    v.sort_unstable();
    assert_eq!(v, (1..=50).map(|d| (d, 50)).collect::<Vec<_>>());

    let levers = [Lever::Node(openai)];
    let a = analysis::sweep_with(&net, Model::DebtRank, &levers, &[], 10, &params).unwrap();
    let b = analysis::sweep_with_progress(&net, Model::DebtRank, &levers, &[], 10, &params, &hook)
        .unwrap();
    assert_eq!(a, b);
    let mut v = std::mem::take(&mut *seen.lock().unwrap());
    v.sort_unstable();
    assert_eq!(v, (1..=11).map(|d| (d, 11)).collect::<Vec<_>>());

    let oracle = Target::Node(net.node("oracle").unwrap());
    let a = analysis::tipping_with(&net, Model::DebtRank, &levers[0], &[], oracle, 0.5, &params)
        .unwrap();
    let b = analysis::tipping_with_progress(
        &net,
        Model::DebtRank,
        &levers[0],
        &[],
        oracle,
        0.5,
        &params,
        &hook,
    )
    .unwrap();
    assert_eq!(a.haircut, b.haircut);
    let v = std::mem::take(&mut *seen.lock().unwrap());
    assert!(!v.is_empty() && v.len() <= analysis::TIPPING_RUNS, "{v:?}");
    assert!(v.iter().all(|&(_, t)| t == analysis::TIPPING_RUNS));

    let stall = shockgraph::io::load(Some(&fixture("stall.json")), None).unwrap();
    let spec = analysis::StallSpec::new(
        stall.node("lab").unwrap(),
        analysis::Growth::Rate(0.0),
        analysis::Policy::Default,
    );
    let a = analysis::stall_all(
        &stall,
        Model::DebtRank,
        std::slice::from_ref(&spec),
        &params,
    )
    .unwrap();
    let b = analysis::stall_all_with_progress(&stall, Model::DebtRank, &[spec], &params, &hook)
        .unwrap();
    assert_eq!(a.years.len(), b.years.len());
    assert_eq!(format!("{:?}", a.years), format!("{:?}", b.years));
    let v = std::mem::take(&mut *seen.lock().unwrap());
    let n = a.years.len();
    assert_eq!(v, (1..=n).map(|d| (d, n)).collect::<Vec<_>>());
}

#[test]
fn tables_ignore_columns_when_not_on_a_terminal() {
    for args in [
        vec!["info"],
        vec!["centrality", "--measure", "pagerank"],
        vec!["shock", "--node", "openai", "--haircut", "0.5"],
    ] {
        let plain = graph().args(&args).output().unwrap();
        let narrow = graph().args(&args).env("COLUMNS", "60").output().unwrap();
        assert!(plain.status.success());
        assert_eq!(plain.stdout, narrow.stdout, "{args:?}");
        let text = String::from_utf8(plain.stdout).unwrap();
        assert!(text.lines().any(|l| l.chars().count() > 60), "{text}");
    }
}

/// Runs `graph ARGS` on a pseudo-terminal (util-linux `script`), with `COLUMNS`; `None` only
/// when `script` is not installed outside CI. A run that fails (of `script` or of `graph`, whose exit code
/// `script -e` passes on) fails the test with what it printed.
fn on_a_terminal(args: &str, columns: &str) -> Option<String> {
    let cmd = format!("{} {args}", env!("CARGO_BIN_EXE_graph"));
    let out = match std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("COLUMNS", columns)
        .output()
    {
        Ok(out) => out,
        // Skipped where `script` is missing, but not in CI (`.ci/run` installs bsdutils).
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && std::env::var_os("CI").is_none()
                && std::env::var_os("SHOCKGRAPH_REQUIRE_TTY").is_none() =>
        {
            return None
        }
        Err(e) => panic!("cannot run `script`: {e}"),
    };
    assert!(
        out.status.success(),
        "`{cmd}` on a terminal exited with {:?}:\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn tables_fit_the_terminal_width() {
    let Some(text) = on_a_terminal("centrality --measure katz", "60") else {
        eprintln!("skipped: util-linux `script` (for a pseudo-terminal) is not installed");
        return;
    };
    let table: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .collect();
    assert!(table.len() > 10, "{text}");
    for l in &table {
        assert!(l.chars().count() <= 60, "{} chars: {l}", l.chars().count());
    }
    // Wider terminal, wider table; the cells are the same.
    let wide = on_a_terminal("centrality --measure katz", "200").unwrap();
    assert!(wide.lines().any(|l| l.chars().count() > 60), "{wide}");
    assert!(wide.contains("google_cloud") && text.contains("google_cloud"));
}

#[test]
fn progress_bar_on_a_terminal_after_a_second_and_never_with_quiet() {
    let small = fixture("nrm-3-node.json");
    let args = format!(
        "--graph {} shock --node a --samples 300000 --force --format json",
        small.display()
    );
    let start = std::time::Instant::now();
    let Some(text) = on_a_terminal(&args, "100") else {
        eprintln!("skipped: util-linux `script` (for a pseudo-terminal) is not installed");
        return;
    };
    let took = start.elapsed();
    // The bar appears once a run has lasted a second; a machine fast enough to finish sooner
    // rightly shows none.
    if took > std::time::Duration::from_millis(1500) {
        assert!(
            text.contains("sample ") && text.contains(" draws"),
            "{took:?}: {text}"
        );
    }
    let quiet = on_a_terminal(&format!("{args} --quiet"), "100").unwrap();
    assert!(!quiet.contains(" draws"), "{quiet}");
    assert!(quiet.contains("\"samples\": 300000"), "{quiet}");
}
