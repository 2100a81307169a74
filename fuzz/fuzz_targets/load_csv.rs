//! The CSV edge-list and nodes readers on arbitrary input (`cargo +nightly fuzz run load_csv`):
//! the input is split at its first NUL byte into an edge list and a nodes file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shockgraph::io::csv::CsvInput;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (edges, nodes) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let input = |name, bytes: &[u8]| CsvInput {
        name,
        reader: Box::new(std::io::Cursor::new(bytes.to_vec())),
    };
    let nodes = nodes.map(|n| input("nodes.csv", n));
    match shockgraph::io::csv::read(input("edges.csv", edges), nodes) {
        Ok(net) => common::assert_finite_shocks(&net),
        Err(shockgraph::Error::InvalidInput { problems, .. }) => {
            for p in &problems {
                assert!(
                    p.location.starts_with("edges.csv") || p.location.starts_with("nodes.csv"),
                    "problem without its place: {p:?}"
                );
            }
        }
        Err(e) => panic!("unexpected error {e:?}"),
    }
});
