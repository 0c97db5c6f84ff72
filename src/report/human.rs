//! Human output: miette's graphical reports, then a summary line.

use super::locate;
use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::source::SourceFile;
use crate::source::SourceMap;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use rayon::prelude::*;
use std::fmt;

#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    /// No colour and a fixed width: what tests and pipes get.
    fn default() -> Self {
        HumanOptions { color: false, width: 80 }
    }
}

/// Every diagnostic as a miette report, each followed by a blank line.
pub fn render(diags: &[Diagnostic], sources: &SourceMap, opts: HumanOptions) -> String {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false);
    // Each report is laid out on its own (a large design has thousands), in
    // parallel, and joined in order.
    let reports: Vec<String> = diags
        .par_iter()
        .map(|d| {
            let mut out = String::new();
            if handler.render_report(&mut out, &Report::new(d, sources)).is_err() {
                // Rendering into a String cannot fail for I/O reasons; fall back to one line.
                out = format!("{}: {} [{}]\n", d.severity.as_str(), d.message, d.code);
            }
            out.push('\n');
            out
        })
        .collect();
    reports.concat()
}

/// `2 errors, 3 warnings in 4 files` (notes are mentioned when there are any).
pub fn summary_line(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let mut parts = vec![plural(summary.errors, "error"), plural(summary.warnings, "warning")];
    if summary.notes > 0 {
        parts.push(plural(summary.notes, "note"));
    }
    format!("{} in {}", parts.join(", "), plural(summary.files, "file"))
}

/// Adapts one of our diagnostics to miette's trait.
struct Report<'a> {
    diag: &'a Diagnostic,
    source: Excerpt<'a>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl<'a> Report<'a> {
    fn new(diag: &'a Diagnostic, sources: &'a SourceMap) -> Self {
        let file = diag.primary.span.file;
        let to_span = |s: crate::source::Span| SourceSpan::new((s.start as usize).into(), s.len());
        let mut labels =
            vec![LabeledSpan::new_primary_with_span(Some(diag.primary.message.clone()), to_span(diag.primary.span))];
        // miette draws one source per report: labels in other files become notes under the help.
        let mut elsewhere = Vec::new();
        for l in &diag.labels {
            if l.span.file == file {
                labels.push(LabeledSpan::new_with_span(Some(l.message.clone()), to_span(l.span)));
            } else {
                let loc = locate(sources, l.span);
                elsewhere.push(format!("{}:{}:{}: {}", loc.file, loc.start.line, loc.start.column, l.message));
            }
        }
        let help = match (&diag.help, elsewhere.is_empty()) {
            (Some(h), true) => Some(h.clone()),
            (None, true) => None,
            (h, false) => {
                let mut text = h.clone().map(|h| format!("{h}\n")).unwrap_or_default();
                text.push_str(&elsewhere.join("\n"));
                Some(text)
            }
        };
        Report { diag, source: Excerpt { file: sources.get(file) }, labels, help }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diag.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// The source of one report. miette scans a plain string from its start for
/// every span it draws, which made a big file with many findings quadratic;
/// this hands it only the lines around the span (found with our line index)
/// and shifts the answer back, so the output is the same.
struct Excerpt<'a> {
    file: Option<&'a SourceFile>,
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'s>(
        &'s self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'s> + 's>, MietteError> {
        let Some(file) = self.file else { return Err(MietteError::OutOfBounds) };
        let text: &'s str = &file.text;
        let first_line = file.line_index(span.offset()).saturating_sub(context_lines_before + 1);
        let last_line = file.line_index(span.offset() + span.len()) + context_lines_after + 2;
        let (start, end) = (file.line_start(first_line), file.line_start(last_line).min(text.len()));
        let window = text.get(start..end).ok_or(MietteError::OutOfBounds)?;
        let inner_span = SourceSpan::new((span.offset().saturating_sub(start)).into(), span.len());
        let inner = window.read_span(&inner_span, context_lines_before, context_lines_after)?;
        let data_start = inner.span().offset() + start;
        let data = text.as_bytes().get(data_start..data_start + inner.data().len()).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            file.name.clone(),
            data,
            SourceSpan::new(data_start.into(), inner.span().len()),
            inner.line() + first_line,
            inner.column(),
            // miette's own sources count lines from the top of the file here,
            // and it merges two labels' snippets when `line + line_count`
            // reaches the next one: on a long file every pair merged and one
            // finding printed the thousands of lines between its labels. The
            // lines of this snippet, plus a few so that snippets close
            // together still print as one, merge only what is near.
            inner.line_count().saturating_sub(inner.line()) + 2,
        )))
    }
}
