//! Issue 13, item 7 (newcomer papercuts): shell completions and the man page, the second
//! binary name `shockgraph`, the files of the --help examples, `graph info`'s CSV as a nodes
//! file, and a byte order mark in JSON files.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

use crate::common::{file, graph, root};

/// The subcommands `graph --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let out = graph().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let section = help
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    let names: Vec<String> = section
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|n| n != "help")
        .collect();
    assert!(names.len() >= 15, "{names:?}");
    names
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_completions_name_every_subcommand() {
    let script = stdout_of(graph().args(["completions", "bash"]));
    assert!(script.contains("complete -F"), "{script}");
    for sub in subcommands() {
        assert!(
            script.contains(&format!("graph,{sub})")),
            "bash completions lack `{sub}`"
        );
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(graph().args(["completions", shell]));
        assert!(
            script.contains("stall") && script.contains("--haircut"),
            "{shell}"
        );
    }
    graph()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values"));
}

#[test]
fn man_page_lists_every_subcommand() {
    let page = stdout_of(graph().arg("man"));
    assert!(page.contains(".TH graph 1"), "{page}");
    let subs = page
        .split(".SH SUBCOMMANDS")
        .nth(1)
        .expect("a SUBCOMMANDS section");
    for sub in subcommands() {
        assert!(
            subs.contains(&format!("graph\\-{}", sub.replace('-', "\\-"))),
            "the man page lacks `{sub}`"
        );
    }
    let shock = stdout_of(graph().args(["man", "shock"]));
    assert!(shock.contains(".TH graph-shock 1"), "{shock}");
    assert!(shock.contains("\\-\\-haircut"), "{shock}");
    graph()
        .args(["man", "shok"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown command `shok`"));
}

#[test]
fn shockgraph_is_the_same_program_under_its_own_name() {
    let g = root().join("examples/data/my-graph.json");
    let mut sg = cargo_bin_cmd!("shockgraph");
    let out = stdout_of(
        sg.args(["shock", "--node", "n1", "--haircut", "0.5", "--graph"])
            .arg(&g),
    );
    let same = stdout_of(
        graph()
            .args(["shock", "--node", "n1", "--haircut", "0.5", "--graph"])
            .arg(&g),
    );
    assert_eq!(out, same);

    let help = stdout_of(cargo_bin_cmd!("shockgraph").arg("--help"));
    assert!(
        help.contains("Usage: shockgraph [OPTIONS] <COMMAND>"),
        "{help}"
    );
    assert!(help.contains("  shockgraph shock --node openai"), "{help}");
    assert!(!help.contains("  graph "), "{help}");
    let help = stdout_of(cargo_bin_cmd!("shockgraph").args(["stall", "--help"]));
    assert!(help.contains("Usage: shockgraph stall"), "{help}");
    assert!(help.contains("  shockgraph stall --graph"), "{help}");
    assert!(stdout_of(cargo_bin_cmd!("shockgraph").arg("--version")).starts_with("shockgraph "));

    let out = cargo_bin_cmd!("shockgraph")
        .args(["shock", "--nod", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Usage: shockgraph shock"), "{err}");
    let out = cargo_bin_cmd!("shockgraph")
        .args(["shock", "--node", "nope", "--haircut", "0.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`shockgraph info` lists the node ids"),
        "{err}"
    );

    let bash = stdout_of(cargo_bin_cmd!("shockgraph").args(["completions", "bash"]));
    assert!(bash.contains("shockgraph,stall)"), "{bash}");
    assert!(stdout_of(cargo_bin_cmd!("shockgraph").arg("man")).contains(".TH shockgraph 1"));
}

/// The example commands of a help text, one a line: `\` continuations joined, and each line
/// cut at its first `|`, `&&` or `#` into separate commands.
fn example_commands(help: &str) -> Vec<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut joining = false;
    for l in help.lines() {
        let t = l.trim();
        if joining {
            let last = lines.last_mut().unwrap();
            last.push(' ');
            last.push_str(t);
        } else if t.starts_with("graph ") {
            lines.push(t.to_string());
        }
        joining = t.ends_with('\\') && (joining || t.starts_with("graph "));
    }
    lines
        .iter()
        .flat_map(|l| {
            let l = l.replace('\\', " ");
            let l = l.split('#').next().unwrap().to_string();
            l.split("&&")
                .flat_map(|c| c.split('|').map(str::to_string).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        })
        .map(|c| c.split_whitespace().map(str::to_string).collect())
        .collect()
}

fn extension(t: &str) -> &str {
    Path::new(t)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
}

fn is_graph_file(t: &str) -> bool {
    ["json", "csv", "graphml"].contains(&extension(t))
}

#[test]
fn the_files_of_the_help_examples_are_shipped_and_load() {
    let mut helps = vec![stdout_of(graph().arg("--help"))];
    for sub in subcommands() {
        helps.push(stdout_of(graph().args([sub.as_str(), "--help"])));
    }
    let commands: Vec<Vec<String>> = helps.iter().flat_map(|h| example_commands(h)).collect();
    // Files the examples write themselves (`> F`, `-o F`, `--output F`) are not looked for.
    let mut written = BTreeSet::new();
    for c in &commands {
        for w in c.windows(2) {
            if [">", "-o", "--output"].contains(&w[0].as_str()) {
                written.insert(w[1].clone());
            }
        }
    }
    let mut checked = 0;
    for c in &commands {
        let c: Vec<&String> = c.iter().take_while(|t| *t != ">").collect();
        let mut graphs = Vec::new();
        let mut nodes = Vec::new();
        for (k, t) in c.iter().enumerate() {
            let flag = k.checked_sub(1).map(|p| c[p].as_str());
            if !is_graph_file(t) || written.contains(*t) {
                continue;
            }
            match flag {
                Some("--nodes" | "--nodes-a" | "--nodes-b") => nodes.push(t.as_str()),
                Some("--output" | "-o" | "--svg" | "--dot" | "--plot") => {}
                _ => graphs.push(t.as_str()),
            }
        }
        for (k, g) in graphs.iter().enumerate() {
            let path = root().join(g);
            assert!(
                path.is_file(),
                "`{}` names {g}, which is not shipped",
                c.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
            );
            let mut v = graph();
            v.current_dir(root()).args(["validate", g]);
            if let Some(n) = nodes.get(k).filter(|_| extension(g) == "csv") {
                assert!(root().join(n).is_file(), "{n} is not shipped");
                v.args(["--nodes", n]);
            }
            let out = v.output().unwrap();
            assert!(
                out.status.success(),
                "graph validate {g}: {}",
                String::from_utf8_lossy(&out.stdout)
            );
            checked += 1;
        }
    }
    // The top-level help alone names stall.json, my-graph.json and edges.csv.
    assert!(checked >= 10, "only {checked} example files found");
}

#[test]
fn info_node_table_loads_back_as_a_nodes_file() {
    let edges = root().join("examples/data/edges.csv");
    let nodes = root().join("examples/data/nodes.csv");
    let table = stdout_of(
        graph()
            .args(["info", "--format", "csv", "--graph"])
            .arg(&edges)
            .arg("--nodes")
            .arg(&nodes),
    );
    // Eight columns: more than a nodes file's seven, so the buffer is past the fast reader's
    // fields.
    assert!(
        table.starts_with(
            "id,kind,amount_in,amount_out,exposure,largest_counterparty,largest_share,buffer"
        ),
        "{table}"
    );
    let (_dir, back) = file("my-nodes.csv", &table);
    let figures = |nodes: &Path| {
        let out = stdout_of(
            graph()
                .args(["export", "--format", "json", "--graph"])
                .arg(&edges)
                .arg("--nodes")
                .arg(nodes),
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["id"].to_string(),
                    n["kind"].to_string(),
                    n["buffer"].to_string(),
                )
            })
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(figures(&back), figures(&nodes));

    // Other unknown columns are still errors, with the rule in the hint.
    let (_d, typo) = file("typo.csv", "id,bufer\nn1,3\n");
    graph()
        .args(["info", "--graph"])
        .arg(&edges)
        .arg("--nodes")
        .arg(&typo)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown column `bufer`"))
        .stderr(predicates::str::contains("are read over"));
}

#[test]
fn a_byte_order_mark_is_skipped_in_json_graphs_and_scenarios() {
    let text = std::fs::read_to_string(root().join("examples/data/my-graph.json")).unwrap();
    let (_d, g) = file("bom.json", &format!("\u{feff}{text}"));
    graph().arg("validate").arg(&g).assert().success();
    let plain = stdout_of(
        graph()
            .args(["shock", "--node", "n1", "--graph"])
            .arg(root().join("examples/data/my-graph.json")),
    );
    let with_bom = stdout_of(graph().args(["shock", "--node", "n1", "--graph"]).arg(&g));
    assert_eq!(plain, with_bom);

    let sc = r#"{"name": "bom", "shocks": [{"node": "n1", "haircut": 0.5}]}"#;
    let (_s, plain_sc) = file("plain.json", sc);
    let (_b, bom_sc) = file("bom-scenario.json", &format!("\u{feff}{sc}"));
    let a = stdout_of(
        graph()
            .args(["shock", "--graph"])
            .arg(&g)
            .arg("--scenario")
            .arg(&plain_sc),
    );
    let b = stdout_of(
        graph()
            .args(["shock", "--graph"])
            .arg(&g)
            .arg("--scenario")
            .arg(&bom_sc),
    );
    assert_eq!(a, b);
    // A byte order mark anywhere else is still an error.
    let (_m, mid) = file("mid.json", &format!(" \u{feff}{text}"));
    graph().arg("validate").arg(&mid).assert().code(2);
}
