//! The command line: clap definitions and the only code that touches files,
//! the terminal and the environment.

mod check;
mod ci;
mod docs;
mod estimate;
mod fmt;
mod inputs;
mod levels;
mod lsp;
mod output;
mod render;
mod repository;
mod review;
mod rules;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

/// How a command ended; mapped to the exit codes of CLI.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 0: success (warnings and notes may have been printed).
    Success,
    /// 1: the input has an error (or `fmt --check` found a file to change).
    InputError,
    /// 2: the tool could not do its job.
    Failure,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(match o {
            Outcome::Success => 0,
            Outcome::InputError => 1,
            Outcome::Failure => 2,
        })
    }
}

#[derive(Parser, Debug)]
#[command(name = "archc", version, about = "Compile, review and draw architecture-as-code (.arch) designs")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse, resolve and review designs
    Check(check::CheckArgs),
    /// List every review rule and error code
    Rules(rules::RulesArgs),
    /// Print the documentation of a rule or an error code
    Explain(rules::ExplainArgs),
    /// Traffic, capacity, storage, availability and latency estimates of a design
    Estimate(estimate::EstimateArgs),
    /// Rewrite files in the canonical layout, keeping every comment
    Fmt(fmt::FmtArgs),
    /// Run the language server over standard input and output
    Lsp(lsp::LspArgs),
    /// Print a shell completion script
    Completions(docs::CompletionsArgs),
    /// Print the manual page as roff (`archc man > archc.1`)
    Man(docs::ManArgs),
    /// Draw a design as SVG, PNG, DOT, Mermaid, D2 or JSON
    Render(render::RenderArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let matches = match Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(err) => {
            // clap prints help and version to stdout with exit 0; usage errors exit 2.
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(2);
        }
    };
    run(cli, &matches).into()
}

fn run(cli: Cli, matches: &ArgMatches) -> Outcome {
    let sub = matches.subcommand().map(|(_, m)| m);
    match cli.command {
        Command::Check(args) => check::run(args, sub),
        Command::Rules(args) => rules::run_rules(args),
        Command::Explain(args) => rules::run_explain(args),
        Command::Estimate(args) => estimate::run(args, sub),
        Command::Fmt(args) => fmt::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Completions(args) => docs::run_completions(args),
        Command::Man(args) => docs::run_man(args),
        Command::Render(args) => render::run(args, sub),
    }
}
