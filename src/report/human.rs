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
use std::borrow::Cow;
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
    // Lines break at spaces only: names and paths such as `svc-870`,
    // `single-point-of-failure` and `data/stores.arch` stay whole (Unicode
    // line breaking splits them after a hyphen or a slash), and the Unicode
    // segmenter it skips was 7% of a large report.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    // Each file's text as the excerpts show it, made once per file.
    let shown: Vec<Cow<'_, str>> = sources.iter().map(|(_, f)| without_controls(&f.text)).collect();
    // Each report is laid out on its own (a large design has thousands), in
    // parallel, and joined in order.
    let reports: Vec<String> = diags
        .par_iter()
        .map(|d| {
            let mut out = String::new();
            if handler.render_report(&mut out, &Report::new(d, sources, &shown)).is_err() {
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

/// A file's text with the characters a terminal would act on (escape
/// sequences, backspace…) replaced by `?` and a carriage return alone by the
/// line break it stands for, byte for byte, so that every span still points where it
/// did: a design from anyone must not be able to clear or rewrite the screen
/// of whoever checks it. Borrowed when there are none, as in nearly every file.
fn without_controls(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let is_control = |i: usize, c: char| match c {
        '\t' | '\n' => false,
        '\r' => bytes.get(i + 1) != Some(&b'\n'),
        c => c.is_control(),
    };
    if !may_hold_controls(bytes) || !text.char_indices().any(|(i, c)| is_control(i, c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\r' && is_control(i, c) {
            // A carriage return alone ends a line, for the grammar and the
            // line index: miette breaks lines only at `\n`.
            out.push('\n');
        } else if is_control(i, c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `bytes` may hold a control character other than a line break or
/// a tab: a byte below 0x20, DEL, or 0xC2, which leads U+0080–U+009F. Checked
/// a block at a time without stopping early, so the compiler vectorises it:
/// a large file and thousands of messages go through this, nearly always
/// to find nothing, before the exact test by character.
fn may_hold_controls(bytes: &[u8]) -> bool {
    let suspect = |b: u8| (b < 0x20) & (b != b'\n') & (b != b'\t') | (b == 0x7f) | (b == 0xc2);
    bytes.chunks(64).any(|block| block.iter().fold(false, |found, &b| found | suspect(b)))
}

/// A message with its control characters written as escapes (`\u{1b}`):
/// a string value quoted in a message may hold any of them.
fn visible(text: &str) -> Cow<'_, str> {
    if !may_hold_controls(text.as_bytes()) || !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Adapts one of our diagnostics to miette's trait.
struct Report<'a> {
    diag: &'a Diagnostic,
    message: Cow<'a, str>,
    source: Excerpt<'a>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl<'a> Report<'a> {
    fn new(diag: &'a Diagnostic, sources: &'a SourceMap, shown: &'a [Cow<'_, str>]) -> Self {
        let file = diag.primary.span.file;
        let source = sources.get(file);
        // `shown` is in the source map's order, which is its ids'.
        let text = shown.get(file.0 as usize).map(|t| t.as_ref());
        let to_span = |s: crate::source::Span| match source {
            Some(source) => fit_to_line(source, s.start as usize, s.len()),
            None => SourceSpan::new((s.start as usize).into(), s.len()),
        };
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(visible(&diag.primary.message).into_owned()),
            to_span(diag.primary.span),
        )];
        // miette draws one source per report: labels in other files become notes under the help.
        let mut elsewhere = Vec::new();
        for l in &diag.labels {
            if l.span.file == file {
                labels.push(LabeledSpan::new_with_span(Some(visible(&l.message).into_owned()), to_span(l.span)));
            } else {
                let loc = locate(sources, l.span);
                elsewhere.push(format!(
                    "{}:{}:{}: {}",
                    loc.file,
                    loc.start.line,
                    loc.start.column,
                    visible(&l.message)
                ));
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
        let help = help.map(|h| visible(&h).into_owned());
        Report { diag, message: visible(&diag.message), source: Excerpt { file: source.zip(text) }, labels, help }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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

/// A line longer than this is shown only around the span being reported.
/// miette prints whole lines and pads to a label's column with a format
/// width, which panics past 65,535 columns; a generated one-line design
/// with thousands of findings would also print its line thousands of times.
const LONG_LINE: usize = 1000;
/// How much of a long line is shown on either side of a span.
const CLIP: usize = 60;

/// The bytes of the 0-based `line`, without its line break.
fn line_range(file: &SourceFile, line: usize) -> std::ops::Range<usize> {
    let start = file.line_start(line);
    let end = file.line_start(line + 1);
    let text = file.text.as_bytes();
    let mut content_end = end;
    while content_end > start && matches!(text.get(content_end - 1), Some(b'\n' | b'\r')) {
        content_end -= 1;
    }
    start..content_end
}

/// A label's span as miette gets it: on a long line, or spanning a long
/// stretch, it is cut to [`CLIP`] bytes on its first line, so that the
/// excerpt around it can be short.
fn fit_to_line(file: &SourceFile, start: usize, len: usize) -> SourceSpan {
    let line = line_range(file, file.line_index(start));
    if line.len() <= LONG_LINE && len <= LONG_LINE {
        return SourceSpan::new(start.into(), len);
    }
    let end = floor_char_boundary(&file.text, (start + len).min(start + CLIP).min(line.end).max(start));
    SourceSpan::new(start.into(), end.saturating_sub(start))
}

/// The largest char boundary at or below `i`.
fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The source of one report. miette scans a plain string from its start for
/// every span it draws, which made a big file with many findings quadratic;
/// this hands it only the lines around the span (found with our line index)
/// and shifts the answer back, so the output is the same.
struct Excerpt<'a> {
    /// The file, for its name and line index, and its text as shown.
    file: Option<(&'a SourceFile, &'a str)>,
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'s>(
        &'s self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'s> + 's>, MietteError> {
        let Some((file, text)) = self.file else { return Err(MietteError::OutOfBounds) };
        let span_lines = file.line_index(span.offset())..=file.line_index(span.offset() + span.len());
        let context = span_lines.start().saturating_sub(context_lines_before)..=span_lines.end() + context_lines_after;
        if context.clone().any(|line| line_range(file, line).len() > LONG_LINE) {
            return clipped(file, text, span, context_lines_before == 0);
        }
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
            // miette counts the column in bytes; the header should give the
            // same column as the other formats.
            if context_lines_before == 0 { file.line_col(data_start).column - 1 } else { inner.column() },
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

/// The part of the span's first line around it, with no context lines:
/// near a long line, showing less is what keeps the report readable.
fn clipped<'s>(
    file: &'s SourceFile,
    text: &'s str,
    span: &SourceSpan,
    header: bool,
) -> Result<Box<dyn SpanContents<'s> + 's>, MietteError> {
    let line_index = file.line_index(span.offset());
    let line = line_range(file, line_index);
    let start = span.offset().clamp(line.start, line.end);
    let from = if header { start } else { floor_char_boundary(text, start.saturating_sub(CLIP).max(line.start)) };
    let wanted_end = if header { start + span.len() } else { start + span.len() + CLIP };
    let mut to = wanted_end.min(line.end).min(from + LONG_LINE).max(from);
    while to < line.end && !text.is_char_boundary(to) {
        to += 1;
    }
    let data = text.as_bytes().get(from..to).ok_or(MietteError::OutOfBounds)?;
    Ok(Box::new(MietteSpanContents::new_named(
        file.name.clone(),
        data,
        SourceSpan::new(from.into(), to - from),
        line_index,
        file.line_col(from).column - 1,
        1,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn one_report(text: &str, start: usize, end: usize) -> String {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("a.arch", text));
        let diag = Diagnostic::syntax("syntax-error", "bad", Span::new(file, start, end), "here");
        render(&[diag], &sources, HumanOptions::default())
    }

    #[test]
    fn the_header_counts_columns_in_characters() {
        // `x` is the 9th character and the 11th byte.
        let out = one_report("a \"héé\" x\n", 10, 11);
        assert!(out.contains("[a.arch:1:9]"), "{out}");
    }

    #[test]
    fn a_span_far_along_a_long_line_is_shown_with_the_line_cut_around_it() {
        let text = format!("service a {{{}colour red }}\n", " ".repeat(70_000));
        let at = text.find("colour").expect("in the text");
        let out = one_report(&text, at, at + 6);
        assert!(out.contains(&format!("[a.arch:1:{}]", at + 1)), "{out}");
        assert!(out.contains("colour red }"), "{out}");
        assert!(out.len() < 1000, "the report prints {} bytes", out.len());
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        // An escape in the source (here in a comment) and one in a message
        // (a string value quoted back, as `"\u{1b}"` writes it).
        let text = "// \u{1b}[2J\rservice a \"x\u{1b}[31m\u{8}\" { replicas 0 }\n";
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("a.arch", text));
        let at = text.find("replicas").expect("in the text");
        let diag =
            Diagnostic::syntax("syntax-error", "found \"x\u{1b}[31m\"", Span::new(file, at, at + 8), "\u{9b}here")
                .with_help("bad \u{7f}");
        let out = render(&[diag], &sources, HumanOptions::default());
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains(r#"found "x\u{1b}[31m""#), "{out}");
        assert!(out.contains("// ?[2J"), "{out}");
        // The carriage return alone ends the comment's line, as it does for the grammar.
        assert!(out.contains("[a.arch:2:"), "{out}");
        assert!(out.contains(" 2 │ service a \"x?[31m?\""), "{out}");
    }

    #[test]
    fn a_long_span_is_cut_to_its_start() {
        let text = format!("a {}\nb\n", "x".repeat(5000));
        let out = one_report(&text, 2, text.len());
        assert!(out.contains("[a.arch:1:3]"), "{out}");
        assert!(out.len() < 1000, "the report prints {} bytes", out.len());
    }
}
