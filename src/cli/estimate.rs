//! `archc estimate`: the back-of-the-envelope numbers of one design.

use super::inputs;
use super::output::{self, tool_error};
use super::{ColorChoice, Outcome};
use crate::analysis;
use crate::diagnostic::{Diagnostic, DiagnosticKind, Summary};
use crate::lint;
use crate::report::{self, human};
use crate::source::SourceMap;
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
    let report_errors = |mut diags: Vec<Diagnostic>, sources: &SourceMap| {
        report::sort(&mut diags, sources);
        let summary = Summary::count(&diags, sources.len());
        let opts = human::HumanOptions { color: output::use_color(args.color), width: output::report_width() };
        let mut text = human::render(&diags, sources, opts);
        text.push_str(&human::summary_line(&summary));
        text.push('\n');
        output::stderr(&text);
        Outcome::InputError
    };
    // The review decides the exit code, as in every subcommand, at the
    // levels of the archc.toml that `check` would read.
    let config = match super::check::found_config(&root.root_dir) {
        Ok((_, sources, errors)) if !errors.is_empty() => return report_errors(errors, &sources),
        Ok((config, ..)) => config,
        Err(outcome) => return outcome,
    };
    let compilation = root.compile();
    if compilation.has_errors() {
        // Estimates of a design that does not compile would be guesses.
        return report_errors(compilation.diagnostics.clone(), &compilation.sources);
    }
    // One computation of the estimates serves the rules and the printout.
    let (review, estimates) = lint::lint_and_estimate(&compilation.model, &config);
    if review.iter().any(|d| d.kind != DiagnosticKind::Lint) {
        return report_errors(review, &compilation.sources);
    }
    let text = match args.format {
        Format::Text => analysis::text::render(&estimates),
        Format::Json => estimates.to_json(&root.display) + "\n",
    };
    if let Err(e) = output::stdout(&text) {
        tool_error(&format!("cannot write the estimates: {e}"), None);
        return Outcome::Failure;
    }
    let summary = Summary::count(&review, compilation.sources.len());
    if summary.errors > 0 {
        output::stderr(&format!("{}; `archc check` shows them\n", human::summary_line(&summary)));
        return Outcome::InputError;
    }
    Outcome::Success
}
