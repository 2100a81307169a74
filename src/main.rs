//! The `graph` command line: parses arguments, runs the library, prints the error once.

use clap::Parser;

mod cli;

/// Longest line of an error message, in bytes, before it is cut with "(N more bytes)".
const MAX_ERROR_LINE: usize = 400;

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
                // Control characters from hostile input never reach the terminal raw, and a
                // megabyte-long id or cell is cut to a readable excerpt.
                let text = shockgraph::report::text::terminal_safe(&e.to_string(), MAX_ERROR_LINE);
                eprintln!("error: {text}");
            }
            e.exit_code()
        }
    };
    std::process::exit(code);
}
