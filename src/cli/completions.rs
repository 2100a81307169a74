//! `graph completions SHELL` and `graph man [COMMAND]`: the shell completion script and the
//! roff man page, both made from the clap definition under the name the program was run as.

use clap::Args;
use clap_complete::Shell;

use super::{emit, entry, usage, CliResult, Global};

/// Prints the completion script of a shell.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph completions bash > ~/.local/share/bash-completion/completions/graph
  graph completions zsh > ~/.zfunc/_graph        (with fpath+=~/.zfunc in ~/.zshrc)
  graph completions fish > ~/.config/fish/completions/graph.fish")]
pub struct CompletionsCmd {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    pub shell: Shell,
}

impl CompletionsCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let mut cmd = entry::command();
        let mut out = Vec::new();
        clap_complete::generate(self.shell, &mut cmd, entry::name(), &mut out);
        emit(g, &out)?;
        Ok(0)
    }
}

/// Prints the man page (roff) of the command line or of one command.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph man | man -l -
  graph man shock | man -l -
  graph man > ~/.local/share/man/man1/graph.1")]
pub struct ManCmd {
    /// A command (shock, stall, ...) for its own page; without it, the page of the whole
    /// command line, which lists the commands.
    pub command: Option<String>,
}

impl ManCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let mut root = entry::command();
        root.build();
        let page = match &self.command {
            None => root,
            Some(name) => {
                let Some(sub) = root.find_subcommand(name) else {
                    let names: Vec<&str> = root
                        .get_subcommands()
                        .map(clap::Command::get_name)
                        .collect();
                    return Err(usage(
                        "COMMAND",
                        format!("unknown command `{name}`"),
                        Some(&format!("the commands are {}", names.join(", "))),
                    ));
                };
                // The page of `graph shock` is called graph-shock, as git's are.
                let title = format!("{}-{}", entry::name(), sub.get_name());
                sub.clone().name(title).version(env!("CARGO_PKG_VERSION"))
            }
        };
        let mut out = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut out)
            .expect("writing to memory does not fail");
        emit(g, &out)?;
        Ok(0)
    }
}
