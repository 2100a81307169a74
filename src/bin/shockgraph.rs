//! The `graph` command line under a second name, for systems where `graph` is taken (GNU
//! plotutils installs `/usr/bin/graph`). Usage, help and error messages name the binary as run.

fn main() {
    shockgraph::cli_main();
}
