//! The `graph` command line; the same program is also installed as `shockgraph`
//! (`src/bin/shockgraph.rs`), for systems where another `graph` is on the PATH.

fn main() {
    shockgraph::cli_main();
}
