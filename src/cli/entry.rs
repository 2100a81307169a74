//! The entry point of both binaries, `graph` and `shockgraph`: parses the arguments under the
//! name the program was run as, runs the command and prints an error once.

use std::path::Path;
use std::sync::OnceLock;

use clap::{CommandFactory, FromArgMatches};

use super::Cli;

/// Longest line of an error message, in bytes, before it is cut with "(N more bytes)".
const MAX_ERROR_LINE: usize = 400;

/// The name the program was run as, set once by [`main`].
static NAME: OnceLock<String> = OnceLock::new();

/// The name the program was run as: the file name of its first argument without an
/// extension (`graph`, `shockgraph`); `graph` when there is none.
pub fn name() -> &'static str {
    NAME.get().map_or("graph", String::as_str)
}

/// The clap command under the name the program was run as: usage, help and the examples in
/// the help name that binary.
pub fn command() -> clap::Command {
    renamed(Cli::command(), name())
}

/// Runs the command line and exits with its code: 0 success, 1 failure while running, 2 bad
/// input or usage (clap's own usage errors included).
pub fn main() -> ! {
    let invoked = std::env::args_os()
        .next()
        .and_then(|a| {
            Path::new(&a)
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
        })
        .filter(|s| !s.is_empty());
    NAME.get_or_init(|| invoked.unwrap_or_else(|| "graph".to_string()));
    let mut cmd = command();
    let matches = cmd.get_matches_mut();
    let args = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut cmd).exit());
    let code = match super::run(&args) {
        Ok(code) => code,
        Err(e) => {
            if e.is_broken_pipe() {
                std::process::exit(0);
            }
            // Control characters from hostile input never reach the terminal raw, and a
            // megabyte-long id or cell is cut to a readable excerpt.
            let text = rename_text(&e.to_string(), name(), &subcommands(&cmd));
            let text = shockgraph::report::text::terminal_safe(&text, MAX_ERROR_LINE);
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {text}");
            }
            e.exit_code()
        }
    };
    std::process::exit(code);
}

/// The names of `cmd`'s subcommands.
fn subcommands(cmd: &clap::Command) -> Vec<String> {
    cmd.get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// `cmd` named `name`, with the commands written `graph SUBCOMMAND` in its help texts (the
/// examples, the descriptions of commands and flags) written `name SUBCOMMAND`.
fn renamed(cmd: clap::Command, name: &str) -> clap::Command {
    if name == "graph" {
        return cmd;
    }
    let subs = subcommands(&cmd);
    rename_help(
        cmd.name(name.to_string()).bin_name(name.to_string()),
        name,
        &subs,
    )
}

/// [`rename_text`] on the help texts of `cmd`, its flags and its subcommands.
fn rename_help(mut cmd: clap::Command, name: &str, subs: &[String]) -> clap::Command {
    let fix = |s: &clap::builder::StyledStr| rename_text(&s.to_string(), name, subs);
    if let Some(t) = cmd.get_after_help().map(fix) {
        cmd = cmd.after_help(t);
    }
    if let Some(t) = cmd.get_after_long_help().map(fix) {
        cmd = cmd.after_long_help(t);
    }
    if let Some(t) = cmd.get_about().map(fix) {
        cmd = cmd.about(t);
    }
    if let Some(t) = cmd.get_long_about().map(fix) {
        cmd = cmd.long_about(t);
    }
    cmd = cmd.mut_args(|mut a| {
        if let Some(t) = a.get_help().map(fix) {
            a = a.help(t);
        }
        if let Some(t) = a.get_long_help().map(fix) {
            a = a.long_help(t);
        }
        a
    });
    cmd.mut_subcommands(|c| rename_help(c, name, subs))
}

/// `text` with every `graph` that starts a command (`graph SUBCOMMAND` or `graph --flag`, at
/// the start, after white space, a backtick or a parenthesis) written `name`. Other uses of
/// the word ("the graph as a diagram") stay.
pub fn rename_text(text: &str, name: &str, subs: &[String]) -> String {
    if name == "graph" {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("graph ") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "graph ".len()..];
        let word: &str = after
            .split(|c: char| c.is_whitespace() || c == '`' || c == ')')
            .next()
            .unwrap_or("");
        let starts = before.is_none_or(|c| c.is_whitespace() || c == '`' || c == '(');
        let command = word.starts_with("--") || subs.iter().any(|s| s == word);
        out.push_str(&rest[..at]);
        out.push_str(if starts && command { name } else { "graph" });
        out.push(' ');
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_commands_are_renamed() {
        let subs = ["info".to_string(), "shock".to_string()];
        assert_eq!(
            rename_text(
                "  graph info\nrun `graph shock --node x`; the graph as a diagram; graph --help; subgraph info",
                "shockgraph",
                &subs
            ),
            "  shockgraph info\nrun `shockgraph shock --node x`; the graph as a diagram; shockgraph --help; subgraph info"
        );
        assert_eq!(rename_text("graph info", "graph", &subs), "graph info");
    }

    #[test]
    fn the_help_names_the_binary() {
        let cmd = renamed(Cli::command(), "shockgraph");
        let help = cmd.clone().render_long_help().to_string();
        assert!(help.contains("shockgraph shock --node openai"), "{help}");
        assert!(!help.contains("  graph shock"), "{help}");
        let mut cmd = cmd;
        let shock = cmd.find_subcommand_mut("shock").unwrap();
        let help = shock.render_long_help().to_string();
        assert!(!help.contains("  graph shock"), "{help}");
    }
}
