//! `archc estimate`: the back-of-the-envelope numbers of one design.

use super::inputs;
use super::output::{self, tool_error};
use super::{ColorChoice, Outcome};
use crate::analysis;
use crate::diagnostic::Summary;
use crate::report::{self, human};
use clap::{Args, ValueEnum};
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
}

pub fn run(args: EstimateArgs) -> Outcome {
    let root = match inputs::single(&args.file, args.root.as_deref(), args.stdin_filename.as_deref(), "estimate") {
        Ok(root) => root,
        Err(e) => {
            tool_error(&e.message, e.help.as_deref());
            return Outcome::Failure;
        }
    };
    let compilation = root.compile();
    if compilation.has_errors() {
        // Estimates of a design that does not compile would be guesses.
        let mut diags = compilation.diagnostics;
        report::sort(&mut diags, &compilation.sources);
        let summary = Summary::count(&diags, compilation.sources.len());
        let opts = human::HumanOptions { color: output::use_color(args.color), width: output::report_width() };
        let mut text = human::render(&diags, &compilation.sources, opts);
        text.push_str(&human::summary_line(&summary));
        text.push('\n');
        output::stderr(&text);
        return Outcome::InputError;
    }
    let estimates = analysis::estimate(&compilation.model);
    let text = match args.format {
        Format::Text => analysis::text::render(&estimates),
        Format::Json => estimates.to_json(&root.display) + "\n",
    };
    match output::stdout(&text) {
        Ok(()) => Outcome::Success,
        Err(e) => {
            tool_error(&format!("cannot write the estimates: {e}"), None);
            Outcome::Failure
        }
    }
}
