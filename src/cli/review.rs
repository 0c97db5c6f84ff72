//! The review that `render` and `estimate` run for their exit code: exit
//! codes mean the same in every subcommand, so a design `check` fails on
//! fails them too, at the levels of the same `archc.toml`.

use super::inputs::Root;
use super::levels::LevelArgs;
use super::output;
use super::{ColorChoice, Outcome};
use crate::diagnostic::{Diagnostic, DiagnosticKind, Summary};
use crate::driver::Compilation;
use crate::lint::LintConfig;
use crate::model::Model;
use crate::report::{self, human};
use crate::source::SourceMap;
use clap::ArgMatches;

/// A design that compiled and was reviewed.
pub(super) struct Reviewed<T> {
    pub compilation: Compilation,
    /// The review's findings, in report order.
    pub findings: Vec<Diagnostic>,
    /// What the review computed besides (the estimates, for `estimate`).
    pub extra: T,
}

impl<T> Reviewed<T> {
    /// Counts of the findings, for the exit code and its stderr line.
    pub fn summary(&self) -> Summary {
        Summary::count(&self.findings, self.compilation.sources.len())
    }
}

/// How `render` and `estimate` review a design: at the levels `check` would
/// use, printing its input errors as `check` prints them.
pub(super) struct ReviewSettings<'a> {
    pub levels: &'a LevelArgs,
    /// The subcommand's matches, for the order of `-D/-W/-A`.
    pub matches: Option<&'a ArgMatches>,
    pub color: ColorChoice,
}

/// Compile `root` and review it with `review`. Errors of the config, of the
/// design or of the review itself (an `allow` naming no rule) are reported
/// on stderr as `check` reports them, and end the command: its output of a
/// design that does not compile would mislead.
pub(super) fn compile_and_review<T>(
    root: &Root,
    settings: &ReviewSettings<'_>,
    review: impl FnOnce(&Model, &LintConfig) -> (Vec<Diagnostic>, T),
) -> Result<Reviewed<T>, Outcome> {
    let levels = settings.levels.resolve(settings.matches, Some(&root.root_dir))?;
    if let Some((sources, errors)) = levels.config_errors {
        return Err(report_errors(errors, &sources, settings));
    }
    let compilation = root.compile();
    if compilation.has_errors() {
        return Err(report_errors(compilation.diagnostics.clone(), &compilation.sources, settings));
    }
    let (mut findings, extra) = review(&compilation.model, &levels.config);
    if findings.iter().any(|d| d.kind != DiagnosticKind::Lint) {
        return Err(report_errors(findings, &compilation.sources, settings));
    }
    report::sort(&mut findings, &compilation.sources);
    Ok(Reviewed { compilation, findings, extra })
}

/// Input errors on stderr, as `check` prints them; the command exits 1.
fn report_errors(mut diags: Vec<Diagnostic>, sources: &SourceMap, settings: &ReviewSettings<'_>) -> Outcome {
    report::sort(&mut diags, sources);
    let summary = Summary::count(&diags, sources.len());
    let opts = human::HumanOptions { color: output::use_color(settings.color), width: output::report_width() };
    let mut text = human::render(&diags, sources, opts);
    text.push_str(&human::summary_line(&summary));
    text.push('\n');
    output::stderr(&text);
    Outcome::InputError
}

/// Exit 1, saying why on stderr, when the review found an error-level
/// finding; `hint` says where to see them.
pub(super) fn outcome(summary: &Summary, hint: &str) -> Outcome {
    if summary.errors == 0 {
        return Outcome::Success;
    }
    output::stderr(&format!("{}; {hint}\n", human::summary_line(summary)));
    Outcome::InputError
}
