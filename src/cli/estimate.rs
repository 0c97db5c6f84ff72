//! `archc estimate`: the back-of-the-envelope numbers of one design.

use super::inputs;
use super::levels::LevelArgs;
use super::output::{self, tool_error};
use super::review::ReviewSettings;
use super::{ColorChoice, Outcome};
use crate::analysis;
use crate::lint;
use clap::{ArgMatches, Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct EstimateArgs {
    /// The design to estimate (`-` for standard input)
    pub file: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Imports may not reach outside this directory
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The name to report standard input under
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Colour in error reports
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub levels: LevelArgs,
    /// Taken as `check` takes it; this command already prints only errors
    /// and the summary on standard error
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: EstimateArgs, matches: Option<&ArgMatches>) -> Outcome {
    let root = match inputs::single(&args.file, args.root.as_deref(), args.stdin_filename.as_deref(), "estimate") {
        Ok(root) => root,
        Err(e) => {
            tool_error(&e.message, e.help.as_deref());
            return Outcome::Failure;
        }
    };
    // One computation of the estimates serves the rules and the printout.
    let settings = ReviewSettings { levels: &args.levels, matches, color: args.color };
    let reviewed = match super::review::compile_and_review(&root, &settings, lint::lint_and_estimate) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let estimates = &reviewed.extra;
    let text = match args.format {
        Format::Text => analysis::text::render(estimates),
        Format::Json => estimates.to_json(&root.display) + "\n",
    };
    if let Err(e) = output::stdout(&text) {
        tool_error(&format!("cannot write the estimates: {e}"), None);
        return Outcome::Failure;
    }
    super::review::outcome(&reviewed.summary(), "`archc check` shows them")
}
