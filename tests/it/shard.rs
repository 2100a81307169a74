//! Sharded ranking and sampling (`--shard K/N`) and `graph merge`: the merge of all shards is
//! the unsharded output byte for byte, in any order of the files, and every way of getting the
//! shards wrong is refused (exit 2) naming the file.

use std::path::{Path, PathBuf};

use crate::common::graph;

/// Runs `graph ARGS`, expecting success; returns standard output.
fn ok(args: &[&str]) -> Vec<u8> {
    let out = graph().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs `graph ARGS`, expecting exit 2 and every needle in standard error; returns it.
fn refused(args: &[&str], needles: &[&str]) -> String {
    let out = graph().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}\n{err}");
    assert!(
        out.stdout.is_empty(),
        "{args:?} wrote {} bytes",
        out.stdout.len()
    );
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(
            err.contains(n),
            "`{n}` not in the error of {args:?}:\n{err}"
        );
    }
    err
}

/// Writes the N shards of `graph <base> --shard K/N --format json` into `dir`; returns their
/// paths, 1..N.
fn shards(dir: &Path, tag: &str, base: &[&str], n: usize) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let p = dir.join(format!("{tag}-{k}-of-{n}.json"));
            let spec = format!("{k}/{n}");
            let mut args: Vec<&str> = base.to_vec();
            args.extend([
                "--shard",
                &spec,
                "--format",
                "json",
                "-o",
                p.to_str().unwrap(),
            ]);
            ok(&args);
            p
        })
        .collect()
}

/// `graph merge FILES EXTRA...`.
fn merge(files: &[PathBuf], extra: &[&str]) -> Vec<u8> {
    let mut args: Vec<&str> = vec!["merge"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    args.extend(extra);
    ok(&args)
}

/// Checks, for N in 1, 2, 3, 7, that merging the shards of `base` gives the unsharded output
/// in JSON (both file orders), CSV and the table.
fn merge_equals_unsharded(dir: &Path, tag: &str, base: &[&str]) {
    let whole = |fmt: &str| {
        let mut a = base.to_vec();
        a.extend(["--format", fmt]);
        ok(&a)
    };
    let (json, csv, table) = (whole("json"), whole("csv"), whole("table"));
    for n in [1, 2, 3, 7] {
        let mut files = shards(dir, tag, base, n);
        let merged = merge(&files, &["--format", "json"]);
        assert_eq!(
            String::from_utf8_lossy(&merged),
            String::from_utf8_lossy(&json),
            "{tag}: JSON of {n} shards"
        );
        files.reverse();
        assert_eq!(
            merge(&files, &["--format", "json"]),
            json,
            "{tag}: reversed"
        );
        files.rotate_left(n / 2);
        assert_eq!(
            merge(&files, &["--format", "csv"]),
            csv,
            "{tag}: CSV of {n}"
        );
        assert_eq!(merge(&files, &[]), table, "{tag}: table of {n}");
    }
}

/// A graph of `n` nodes with pseudo-random buffers, edges and ranges (deterministic).
fn generated(n: usize, seed: u64) -> String {
    let mut x = seed;
    let mut next = move || {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) as f64 / (1u64 << 31) as f64
    };
    let nodes: Vec<String> = (0..n)
        .map(|i| {
            let b = 1.0 + 20.0 * next();
            format!(
                r#"{{"id":"n{i:03}","kind":"{}","buffer":{b:.3},"external_assets":{:.3},"low":{{"buffer":{:.3}}},"high":{{"buffer":{:.3}}}}}"#,
                ["bank", "lender", "company"][i % 3],
                b * 2.5,
                b * 0.7,
                b * 1.4
            )
        })
        .collect();
    let mut edges = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if i != j && next() < 3.0 / n as f64 {
                let a = 0.5 + 12.0 * next();
                edges.push(format!(
                    r#"{{"from":"n{i:03}","to":"n{j:03}","amount":{a:.3},"low":{:.3},"high":{:.3}}}"#,
                    a * 0.5,
                    a * 1.5
                ));
            }
        }
    }
    format!(
        r#"{{"nodes":[{}],"edges":[{}]}}"#,
        nodes.join(","),
        edges.join(",")
    )
}

#[test]
fn rank_shards_merge_to_the_unsharded_output_on_the_default_graph() {
    let dir = tempfile::tempdir().unwrap();
    merge_equals_unsharded(dir.path(), "default", &["rank"]);
    // --by and --top are the merge's; the shards are the same.
    let files = shards(dir.path(), "by", &["rank"], 3);
    assert_eq!(
        merge(&files, &["--by", "vulnerability", "--format", "json"]),
        ok(&["rank", "--by", "vulnerability", "--format", "json"])
    );
    assert_eq!(
        merge(&files, &["--by", "pagerank", "--top", "5"]),
        ok(&["rank", "--by", "pagerank", "--top", "5"])
    );
}

#[test]
fn rank_shards_merge_on_generated_graphs_every_model_and_option() {
    let dir = tempfile::tempdir().unwrap();
    for (n, seed) in [(3, 1), (30, 2)] {
        let g = dir.path().join(format!("g{n}.json"));
        std::fs::write(&g, generated(n, seed)).unwrap();
        let g = g.to_str().unwrap().to_string();
        for model in ["debtrank", "debtrank-classic", "threshold", "eisenberg-noe"] {
            let tag = format!("g{n}-{model}");
            merge_equals_unsharded(
                dir.path(),
                &tag,
                &["rank", "--graph", &g, "--model", model, "--haircut", "0.7"],
            );
        }
        // Options that reach the output: no centralities, a tolerance, a basis override.
        merge_equals_unsharded(
            dir.path(),
            &format!("g{n}-opts"),
            &[
                "rank",
                "--graph",
                &g,
                "--no-centrality",
                "--tolerance",
                "1e-6",
                "--buffer",
                "n001=3.5",
            ],
        );
    }
}

#[test]
fn sampled_shock_shards_merge_to_the_unsharded_output() {
    let dir = tempfile::tempdir().unwrap();
    merge_equals_unsharded(
        dir.path(),
        "default-samples",
        &[
            "shock",
            "--node",
            "openai",
            "--haircut",
            "0.5",
            "--samples",
            "40",
            "--seed",
            "9",
        ],
    );
    let g = dir.path().join("g.json");
    std::fs::write(&g, generated(12, 5)).unwrap();
    let g = g.to_str().unwrap();
    merge_equals_unsharded(
        dir.path(),
        "generated-samples",
        &[
            "shock",
            "--graph",
            g,
            "--node",
            "n000",
            "--node",
            "n004",
            "--samples",
            "5",
            "--dist",
            "triangular",
            "--trace",
            "--model",
            "threshold",
        ],
    );
}

#[test]
fn shard_values_are_refused_unless_k_of_n() {
    for (v, needle) in [
        ("0/3", "1-based"),
        ("4/3", "between 1 and 3"),
        ("1/0", "number of shards"),
        ("a/b", "not of the form K/N"),
        ("2", "not of the form K/N"),
    ] {
        refused(
            &["rank", "--shard", v, "--format", "json"],
            &["--shard", needle],
        );
        refused(
            &[
                "shock",
                "--node",
                "openai",
                "--samples",
                "10",
                "--shard",
                v,
                "--format",
                "json",
            ],
            &["--shard", needle],
        );
    }
    refused(&["rank", "--shard", "1/2"], &["JSON only", "--format json"]);
    refused(
        &["rank", "--shard", "1/2", "--format", "csv"],
        &["JSON only"],
    );
    refused(
        &[
            "rank", "--shard", "1/2", "--format", "json", "--by", "impact",
        ],
        &["--by", "graph merge"],
    );
    refused(
        &[
            "shock",
            "--node",
            "openai",
            "--samples",
            "10",
            "--shard",
            "1/2",
            "--format",
            "json",
            "--dot",
            "x.dot",
        ],
        &["no diagram"],
    );
}

/// `graph shock` sampled with seed `x`.
fn seed(x: &str) -> Vec<&str> {
    vec!["shock", "--node", "openai", "--samples", "10", "--seed", x]
}

#[test]
fn merge_refuses_shards_that_do_not_belong_together() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = |p: &PathBuf| p.to_str().unwrap().to_string();
    let three = shards(d, "a", &["rank"], 3);
    let [a1, a2, a3] = [s(&three[0]), s(&three[1]), s(&three[2])];
    // A slice missing; a slice twice (two files or the same file twice).
    refused(&["merge", &a1, &a3], &["shard 2/3 missing", "2 of 3 given"]);
    let again = shards(d, "b", &["rank"], 3);
    refused(
        &["merge", &a1, &a2, &a3, &s(&again[1])],
        &["it is shard 2/3, as is", "-2-of-3.json"],
    );
    refused(&["merge", &a1, &a2, &a2, &a3], &["given twice"]);
    // A slice written by the version before format 2 (8 sources propagated together, figures
    // that differ in the last bits): refused, naming the format.
    let old = d.join("old-3-of-3.json");
    let text = std::fs::read_to_string(&three[2]).unwrap();
    assert!(text.contains("\"shockgraph_shard\": 2,"));
    std::fs::write(
        &old,
        text.replacen("\"shockgraph_shard\": 2,", "\"shockgraph_shard\": 1,", 1),
    )
    .unwrap();
    refused(
        &["merge", &a1, &a2, &s(&old)],
        &["shard format 1", "reads format 2", "old-3-of-3.json"],
    );
    // Slices of a different N.
    let two = shards(d, "c", &["rank"], 2);
    refused(
        &["merge", &a1, &s(&two[1])],
        &["different numbers of slices"],
    );
    // Another graph; the same graph under an override; other parameters.
    let g = d.join("g.json");
    std::fs::write(&g, generated(38, 3)).unwrap();
    let other = shards(d, "g", &["rank", "--graph", g.to_str().unwrap()], 3);
    refused(
        &["merge", &a1, &a2, &s(&other[2])],
        &["another graph", "g-3-of-3.json"],
    );
    let over = shards(d, "o", &["rank", "--buffer", "openai=1"], 3);
    refused(&["merge", &a1, &a2, &s(&over[2])], &["another graph"]);
    let tol = shards(d, "t", &["rank", "--tolerance", "1e-9"], 3);
    refused(
        &["merge", &a1, &s(&tol[1]), &a3],
        &["parameter `tolerance` is 1e-9, but 1e-14", "t-2-of-3.json"],
    );
    let nc = shards(d, "n", &["rank", "--no-centrality"], 3);
    refused(
        &["merge", &s(&nc[0]), &a2, &a3],
        &["parameter `centralities`"],
    );
    let s1 = shards(d, "s1", &seed("1"), 2);
    let s2 = shards(d, "s2", &seed("2"), 2);
    refused(
        &["merge", &s(&s1[0]), &s(&s2[1])],
        &["parameter `seed` is 2, but 1"],
    );
    refused(
        &["merge", &a1, &s(&s1[1])],
        &["a shard of `graph shock`", "`graph rank`"],
    );
    // Not a shard: a whole result, not JSON, a truncated shard.
    let whole = d.join("whole.json");
    std::fs::write(&whole, ok(&["rank", "--format", "json"])).unwrap();
    refused(&["merge", &s(&whole)], &["not a shard file", "whole.json"]);
    let text = d.join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    refused(
        &["merge", &s(&text), &a1],
        &["not a JSON object", "notes.txt"],
    );
    let cut = d.join("cut.json");
    let full = std::fs::read_to_string(&three[1]).unwrap();
    std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
    refused(&["merge", &a1, &s(&cut), &a3], &["cut.json"]);
    // Slices cut by another rule.
    let other_rule = d.join("rule.json");
    let mut v: serde_json::Value = serde_json::from_str(&full).unwrap();
    v["partition"] = serde_json::json!("source k belongs to shard (k mod N) + 1");
    std::fs::write(&other_rule, serde_json::to_string(&v).unwrap()).unwrap();
    refused(
        &["merge", &a1, &s(&other_rule), &a3],
        &["rule.json", "cut by another rule"],
    );
    // A slice whose rows were edited away.
    let edited = d.join("edited.json");
    let mut v: serde_json::Value = serde_json::from_str(&full).unwrap();
    v["sources"].as_array_mut().unwrap().pop();
    std::fs::write(&edited, serde_json::to_string(&v).unwrap()).unwrap();
    refused(
        &["merge", &a1, &s(&edited), &a3],
        &["edited.json", "should hold"],
    );
    // No graph, no adjustment, no output over a shard.
    refused(
        &["merge", &a1, &a2, &a3, "--graph", "x.json"],
        &["reads no graph"],
    );
    refused(
        &["merge", &a1, &a2, &a3, "--basis", "market"],
        &["does not load a graph"],
    );
    refused(&["merge", &a1, &a2, &a3, "-o", &a2], &["destroy the input"]);
    assert!(
        std::fs::read_to_string(&three[1]).unwrap() == full,
        "the shard is intact"
    );
}

#[test]
fn merge_output_passes_the_finiteness_guard_and_writes_nothing_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = shards(d, "f", &["rank"], 2);
    let out = merge(&files, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(shockgraph::report::finite::find(&v).is_none());
    for node in v["nodes"].as_array().unwrap() {
        for k in ["impact", "total_loss", "vulnerability", "pagerank"] {
            assert!(node[k].as_f64().is_some_and(f64::is_finite), "{k}: {node}");
        }
    }
    // A shard whose figure overflows on reading is refused, and -o is not written.
    let text = std::fs::read_to_string(&files[1]).unwrap();
    let bad = d.join("bad.json");
    let at = text.find("\"impact\": ").unwrap() + 10;
    let end = at + text[at..].find(',').unwrap();
    std::fs::write(&bad, format!("{}1e999{}", &text[..at], &text[end..])).unwrap();
    let o = d.join("out.json");
    refused(
        &[
            "merge",
            files[0].to_str().unwrap(),
            bad.to_str().unwrap(),
            "-o",
            o.to_str().unwrap(),
        ],
        &["bad.json"],
    );
    assert!(!o.exists(), "no partial output");
}

#[test]
fn a_node_count_changed_in_every_file_is_refused_before_anything_is_sized_by_it() {
    // A trillion nodes in the fingerprint of every file (so the files agree with each other):
    // the merge must refuse from what the files hold, not allocate a trillion slots.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (tag, base, needle) in [
        (
            "r",
            vec!["rank"],
            "sources for a graph of 1000000000000 nodes",
        ),
        (
            "s",
            seed("1"),
            "do not match the graph's 1000000000000 nodes",
        ),
    ] {
        let files = shards(d, tag, &base, 2);
        let mut args = vec!["merge".to_string()];
        for f in &files {
            let mut v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            v["graph"]["nodes"] = serde_json::json!(1_000_000_000_000u64);
            std::fs::write(f, serde_json::to_string(&v).unwrap()).unwrap();
            args.push(f.to_str().unwrap().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&args, &[needle]);
    }
}
