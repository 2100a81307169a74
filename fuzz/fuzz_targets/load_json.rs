//! The JSON graph reader on arbitrary input (`cargo +nightly fuzz run load_json`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match shockgraph::io::json::parse(text, "fuzz.json") {
        Ok(net) => common::assert_finite_shocks(&net),
        Err(e) => common::assert_placed(&e, "fuzz.json"),
    }
});
