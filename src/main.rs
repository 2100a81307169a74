//! The `graph` command line: parses arguments, runs the library, prints the error once.

use clap::Parser;

mod cli;

fn main() {
    let args = cli::Cli::parse();
    let code = match cli::run(&args) {
        Ok(code) => code,
        Err(e) => {
            if e.is_broken_pipe() {
                std::process::exit(0);
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {e}");
            }
            e.exit_code()
        }
    };
    std::process::exit(code);
}
