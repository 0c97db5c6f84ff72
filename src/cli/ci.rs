//! The options of `archc check` made for CI: `-o`, `--max-warnings` and
//! baselines. The report formats themselves live in `report`; this is the I/O
//! around them.

use super::inputs::display_path;
use super::output::{self, tool_error};
use super::Outcome;
use crate::diagnostic::{Diagnostic, Summary};
use crate::report::baseline::Baseline;
use crate::source::SourceMap;
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Default)]
pub struct CiArgs {
    /// Write the report to FILE instead of the terminal
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when there are more than N warnings
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Report only findings not recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as the baseline in FILE (then report as if it applied)
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

impl CiArgs {
    /// Apply `--write-baseline` and `--baseline`: the diagnostics left to
    /// report, and how many a baseline matched (`None` when none was used).
    pub fn apply_baselines(
        &self,
        diagnostics: Vec<Diagnostic>,
        sources: &SourceMap,
    ) -> Result<(Vec<Diagnostic>, Option<usize>), Outcome> {
        let baseline = match (&self.write_baseline, &self.baseline) {
            (Some(path), _) => {
                let baseline = Baseline::record(&diagnostics, sources);
                write_file(path, &baseline.to_json(), "baseline")?;
                baseline
            }
            (None, Some(path)) => read_baseline(path)?,
            (None, None) => return Ok((diagnostics, None)),
        };
        let filtered = baseline.filter(diagnostics, sources);
        Ok((filtered.diagnostics, Some(filtered.matched)))
    }

    /// The file `-o` names; `-o -` is standard output, as for `render`.
    fn output_file(&self) -> Option<&Path> {
        self.output.as_deref().filter(|p| p.as_os_str() != "-")
    }

    pub fn too_many_warnings(&self, summary: &Summary) -> bool {
        self.max_warnings.is_some_and(|max| summary.warnings > max)
    }

    /// A report that goes to `-o FILE` or else to standard output, streamed
    /// there by `write` rather than built as one string first.
    pub fn write_report_with(
        &self,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Outcome> {
        let failed = |e: std::io::Error| {
            tool_error(&format!("cannot write the report: {e}"), None);
            Outcome::Failure
        };
        match self.output_file() {
            // Streamed like standard output: a 100,000-component report is
            // over 100 MB, and holding it whole raised the peak memory of
            // `-o` runs by as much.
            Some(path) => {
                let failed = |e: std::io::Error| {
                    tool_error(&format!("cannot write the report to `{}`: {e}", display_path(path)), None);
                    Outcome::Failure
                };
                let file = std::fs::File::create(path).map_err(failed)?;
                let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
                write(&mut out).and_then(|()| std::io::Write::flush(&mut out)).map_err(failed)
            }
            None => output::stdout_with(write).map_err(failed),
        }
    }

    /// Write a report to `-o FILE`, or else where the format goes by default.
    pub fn write_report(&self, text: &str, default_to_stderr: bool) -> Result<(), Outcome> {
        match self.output_file() {
            Some(path) => write_file(path, text, "report"),
            None if default_to_stderr && self.output.is_none() => {
                output::stderr(text);
                Ok(())
            }
            None => output::stdout(text).map_err(|e| {
                tool_error(&format!("cannot write the report: {e}"), None);
                Outcome::Failure
            }),
        }
    }

    /// Lines for standard error that the report itself has no room for.
    pub fn notes(&self, summary: &Summary, matched: Option<usize>) -> String {
        let mut text = String::new();
        if let Some(n) = matched {
            let what =
                if n == 1 { "finding matched the baseline and was" } else { "findings matched the baseline and were" };
            text.push_str(&format!("{n} {what} not reported\n"));
        }
        if let Some(max) = self.max_warnings.filter(|_| self.too_many_warnings(summary)) {
            let warnings = if summary.warnings == 1 {
                "1 warning is".to_string()
            } else {
                format!("{} warnings are", summary.warnings)
            };
            text.push_str(&format!("error: {warnings} more than `--max-warnings {max}` allows\n"));
        }
        text
    }
}

fn read_baseline(path: &Path) -> Result<Baseline, Outcome> {
    let name = display_path(path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        tool_error(&format!("cannot read baseline `{name}`: {e}"), Some("write one with `--write-baseline FILE`"));
        Outcome::Failure
    })?;
    Baseline::from_json(&text).map_err(|e| {
        tool_error(&format!("`{name}`: {e}"), Some("write a new one with `--write-baseline FILE`"));
        Outcome::Failure
    })
}

fn write_file(path: &Path, text: &str, what: &str) -> Result<(), Outcome> {
    std::fs::write(path, text).map_err(|e| {
        tool_error(&format!("cannot write the {what} to `{}`: {e}", display_path(path)), None);
        Outcome::Failure
    })
}
