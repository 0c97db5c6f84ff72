//! `archc check`: compile every root, review it, report.

use super::ci::CiArgs;
use super::inputs::{self, Root};
use super::levels::LevelArgs;
use super::output::{self, tool_error};
use super::repository::Repository;
use super::{ColorChoice, Outcome};
use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::driver::Compilation;
use crate::lint::{self, LintConfig};
use crate::report::{self, human};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use clap::{ArgMatches, Args, ValueEnum};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check (`-` for standard input); default: the current directory
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Colour in human output
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorChoice,
    /// Imports may not reach outside this directory
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The name to report standard input under
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    #[command(flatten)]
    pub levels: LevelArgs,
    /// Print only errors and the summary
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub ci: CiArgs,
}

pub fn run(args: CheckArgs, matches: Option<&ArgMatches>) -> Outcome {
    let roots = match inputs::collect(&args.paths, args.root.as_deref(), args.stdin_filename.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            tool_error(&e.message, e.help.as_deref());
            return Outcome::Failure;
        }
    };
    let mut merged = Merged::default();
    let config = match lint_config(&args, matches, &roots, &mut merged) {
        Ok(c) => c,
        Err(outcome) => return outcome,
    };
    // Roots compile independently; collecting keeps their order, so the
    // merged source map and the report do not depend on scheduling.
    let checked: Vec<(SourceMap, Vec<Diagnostic>)> = roots.par_iter().map(|root| check_root(root, &config)).collect();
    // Only a file that more than one root loads can repeat a finding.
    let mut roots_loading: HashMap<&str, usize> = HashMap::new();
    for (sources, _) in &checked {
        for (_, file) in sources.iter() {
            *roots_loading.entry(file.name.as_str()).or_default() += 1;
        }
    }
    merged.shared = roots_loading.into_iter().filter(|&(_, n)| n > 1).map(|(name, _)| name.to_string()).collect();
    for (sources, diags) in checked {
        merged.add(&sources, diags);
    }
    let Merged { mut sources, mut diagnostics, config_files: merged_config_files, .. } = merged;
    report::sort(&mut diagnostics, &sources);
    let (mut diagnostics, matched) = match args.ci.apply_baselines(diagnostics, &sources) {
        Ok(d) => d,
        Err(outcome) => return outcome,
    };
    // Code scanning and annotations place findings by their path in the
    // repository (after the baseline, whose names are the other formats').
    if matches!(args.format, Format::Sarif | Format::Github) {
        if let Some(repository) = Repository::locate() {
            sources.rename(|name| repository.relative(name));
            report::sort(&mut diagnostics, &sources);
        }
    }
    // The config file is a source only to locate its own errors; it is not
    // a design file that was checked.
    let summary = Summary::count(&diagnostics, sources.len() - merged_config_files);
    let outcome =
        if summary.errors > 0 || args.ci.too_many_warnings(&summary) { Outcome::InputError } else { Outcome::Success };
    // `--quiet` keeps the errors in every format; the summary still counts everything.
    let errors_only: Vec<Diagnostic>;
    let shown: &[Diagnostic] = if args.quiet {
        errors_only = diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        &errors_only
    } else {
        &diagnostics
    };
    let written = match args.format {
        Format::Human => {
            let color = args.ci.output.is_none() && output::use_color(args.color);
            let width = if args.ci.output.is_none() { output::report_width() } else { 80 };
            let mut text = human::render(shown, &sources, human::HumanOptions { color, width });
            text.push_str(&human::summary_line(&summary));
            text.push('\n');
            args.ci.write_report(&text, true)
        }
        Format::Json => {
            args.ci.write_report_with(|out| report::json::write_with_baseline(out, shown, &sources, summary, matched))
        }
        Format::Sarif => args.ci.write_report_with(|out| report::sarif::write(out, shown, &sources)),
        Format::Github => {
            let text = report::github::render(shown, &sources, &human::summary_line(&summary));
            args.ci.write_report(&text, false)
        }
    };
    if let Err(outcome) = written {
        return outcome;
    }
    output::stderr(&args.ci.notes(&summary, matched.filter(|_| args.format != Format::Json)));
    outcome
}

/// Diagnostics of every compilation over one source map (an imported file
/// shared by several roots appears once).
#[derive(Default)]
struct Merged {
    sources: SourceMap,
    by_name: HashMap<String, FileId>,
    diagnostics: Vec<Diagnostic>,
    /// Names of the files more than one root loads.
    shared: HashSet<String>,
    seen: HashSet<(Span, String, String)>,
    /// Sources that are configuration, not designs (0 or 1).
    config_files: usize,
}

impl Merged {
    fn add_file(&mut self, file: &SourceFile) -> FileId {
        if let Some(&id) = self.by_name.get(&file.name) {
            return id;
        }
        let id = self.sources.add(file.clone());
        self.by_name.insert(file.name.clone(), id);
        id
    }

    fn add(&mut self, sources: &SourceMap, mut diags: Vec<Diagnostic>) {
        let map: HashMap<FileId, FileId> = sources.iter().map(|(id, f)| (id, self.add_file(f))).collect();
        let shared: HashSet<FileId> =
            sources.iter().filter(|(_, f)| self.shared.contains(&f.name)).map(|(id, _)| id).collect();
        let remap = |s: Span| Span { file: map.get(&s.file).copied().unwrap_or(s.file), ..s };
        // In place: a large design's findings are tens of megabytes, and a
        // second vector of them would be the peak of the run.
        let seen = &mut self.seen;
        diags.retain_mut(|d| {
            let repeatable = shared.contains(&d.primary.span.file);
            d.primary.span = remap(d.primary.span);
            for l in &mut d.labels {
                l.span = remap(l.span);
            }
            // A file imported by several roots yields its findings once per
            // root; keying every finding of a large design would cost more
            // than the rest of the merge.
            !repeatable || seen.insert((d.primary.span, d.code.to_string(), d.message.clone()))
        });
        if self.diagnostics.is_empty() {
            self.diagnostics = diags;
        } else {
            self.diagnostics.append(&mut diags);
        }
    }
}

fn check_root(root: &Root, config: &LintConfig) -> (SourceMap, Vec<Diagnostic>) {
    let compilation = root.compile();
    let errors = compilation.has_errors();
    // The syntax trees are as large as the model; nothing after this needs them.
    let Compilation { sources, model, mut diagnostics, files, .. } = compilation;
    // Freed beside the rules: the run's peak is just behind us (the trees
    // and the model together), and the rules' first allocations cannot
    // bring it back.
    let ((), findings) = rayon::join(
        move || drop(files),
        // Findings on a design that does not compile would be guesses: review only clean input.
        || if errors { Vec::new() } else { lint::lint(&model, config) },
    );
    diagnostics.extend(findings);
    // Nothing reads the model again; it is freed on an idle worker while
    // this thread sorts and writes the report (the frees come after the
    // run's peak, which is the syntax trees and the model together).
    rayon::spawn(move || drop(model));
    (sources, diagnostics)
}

/// Levels from archc.toml and the flags; the config file's own errors join
/// the report.
fn lint_config(
    args: &CheckArgs,
    matches: Option<&ArgMatches>,
    roots: &[Root],
    merged: &mut Merged,
) -> Result<LintConfig, Outcome> {
    let levels = args.levels.resolve(matches, roots.first().map(|r| r.root_dir.as_path()))?;
    if let Some((sources, diags)) = levels.config_errors {
        merged.add(&sources, diags);
        merged.config_files = 1;
    }
    Ok(levels.config)
}
