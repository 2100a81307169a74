//! The graph a bench runs on: `SHOCKGRAPH_BENCH_GRAPH` (an edge list; its nodes file is
//! `SHOCKGRAPH_BENCH_NODES`, else `<stem>-nodes.csv` next to it), else a graph of 100k nodes
//! and 1M edges generated into a temporary directory (seed 1, see `gen.rs`).

#![allow(dead_code)]

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use crate::gen;

/// An edge list and its nodes file.
pub struct BenchGraph {
    /// `from,to,amount` edge list.
    pub edges: PathBuf,
    /// `id,buffer,value` nodes file.
    pub nodes: PathBuf,
    /// What it is, for the bench names.
    pub label: String,
    _dir: Option<tempfile::TempDir>,
}

/// The bench graph (see the module documentation).
///
/// # Panics
/// When the files named by the environment do not exist or cannot be written.
pub fn bench_graph() -> BenchGraph {
    if let Some(edges) = std::env::var_os("SHOCKGRAPH_BENCH_GRAPH").map(PathBuf::from) {
        let nodes = std::env::var_os("SHOCKGRAPH_BENCH_NODES").map_or_else(
            || {
                let stem = edges.file_stem().unwrap_or_default().to_string_lossy();
                edges.with_file_name(format!("{stem}-nodes.csv"))
            },
            PathBuf::from,
        );
        assert!(edges.exists(), "{} does not exist", edges.display());
        assert!(nodes.exists(), "{} does not exist", nodes.display());
        let label = edges
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        return BenchGraph {
            edges,
            nodes,
            label,
            _dir: None,
        };
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let edges = dir.path().join("g100k.csv");
    let nodes = dir.path().join("g100k-nodes.csv");
    let p = gen::GenParams {
        nodes: 100_000,
        edges: 1_000_000,
        seed: 1,
        ..gen::GenParams::default()
    };
    let mut e = BufWriter::new(File::create(&edges).expect("edge list"));
    let mut n = BufWriter::new(File::create(&nodes).expect("nodes file"));
    gen::generate(&p, &mut e, &mut n).expect("generated graph");
    BenchGraph {
        edges,
        nodes,
        label: "g100k".into(),
        _dir: Some(dir),
    }
}
