//! `archc completions SHELL` and `archc man [COMMAND]`: generated from the
//! clap definitions at run time, so they can never drift from the real flags
//! and packaging needs no build step (`archc man > archc.1`).

use super::output::{self, tool_error};
use super::{Cli, Outcome};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// A subcommand whose page to print instead of archc's own (`archc-check(1)`)
    pub command: Option<String>,
}

pub fn run_completions(args: CompletionsArgs) -> Outcome {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "archc", &mut buf);
    write(&buf)
}

pub fn run_man(args: ManArgs) -> Outcome {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match &args.command {
        None => clap_mangen::Man::new(cmd),
        Some(name) => match cmd.find_subcommand(name) {
            // Titled `archc-check`, the form man's cross-references use.
            Some(sub) => clap_mangen::Man::new(sub.clone()).title(format!("archc-{name}")),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                tool_error(
                    &format!("there is no command called `{name}`"),
                    Some(&format!("commands: {}", names.join(", "))),
                );
                return Outcome::Failure;
            }
        },
    };
    let mut buf = Vec::new();
    if let Err(e) = page.render(&mut buf) {
        tool_error(&format!("cannot render the manual page: {e}"), None);
        return Outcome::Failure;
    }
    write(&buf)
}

fn write(bytes: &[u8]) -> Outcome {
    match output::stdout(&String::from_utf8_lossy(bytes)) {
        Ok(()) => Outcome::Success,
        Err(e) => {
            tool_error(&format!("cannot write: {e}"), None);
            Outcome::Failure
        }
    }
}
