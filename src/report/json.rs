//! `--format json`: the stable machine-readable shape of CLI.md.

use super::locate;
use super::pretty::{pretty_at, write_array};
use crate::diagnostic::{Diagnostic, Summary};
use crate::source::{LineCol, SourceMap, Span};
use serde::Serialize;

/// The version of the JSON shape; bump it when a field changes meaning.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct BaselineInfo {
    /// Findings the baseline matched, which are not in `diagnostics`.
    matched: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    kind: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    span: JsonSpan,
    labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    file: &'a str,
    span: JsonSpan,
}

#[derive(Serialize)]
struct JsonSpan {
    start: LineCol,
    end: LineCol,
}

fn span(sources: &SourceMap, s: Span) -> (&str, JsonSpan) {
    let loc = locate(sources, s);
    (loc.file, JsonSpan { start: loc.start, end: loc.end })
}

/// The diagnostics (already in report order) as one pretty-printed JSON document.
pub fn render(diags: &[Diagnostic], sources: &SourceMap, summary: Summary) -> String {
    render_with_baseline(diags, sources, summary, None)
}

/// [`render`], plus `"baseline": {"matched": N}` when a baseline hid N findings.
pub fn render_with_baseline(
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: Summary,
    baseline_matched: Option<usize>,
) -> String {
    super::pretty::to_string(|out| write_with_baseline(out, diags, sources, summary, baseline_matched))
}

/// [`render_with_baseline`] straight into `out`, without holding the whole
/// document in memory (it is megabytes for a large design); the diagnostics
/// are serialised in parallel (see [`super::pretty`]).
pub fn write_with_baseline(
    out: &mut dyn std::io::Write,
    diags: &[Diagnostic],
    sources: &SourceMap,
    summary: Summary,
    baseline_matched: Option<usize>,
) -> std::io::Result<()> {
    let mut files: Vec<&str> = sources.iter().map(|(_, f)| f.name.as_str()).collect();
    files.sort_unstable();
    files.dedup();

    let mut head = b"{\n  \"version\": ".to_vec();
    pretty_at(&mut head, &VERSION, 1)?;
    head.extend_from_slice(b",\n  \"files\": ");
    pretty_at(&mut head, &files, 1)?;
    head.extend_from_slice(b",\n  \"diagnostics\": ");
    out.write_all(&head)?;
    write_array(out, diags, 1, |_, d| json_diagnostic(sources, d))?;

    let mut tail = b",\n  \"summary\": ".to_vec();
    pretty_at(&mut tail, &summary, 1)?;
    if let Some(matched) = baseline_matched {
        tail.extend_from_slice(b",\n  \"baseline\": ");
        pretty_at(&mut tail, &BaselineInfo { matched }, 1)?;
    }
    tail.extend_from_slice(b"\n}\n");
    out.write_all(&tail)
}

fn json_diagnostic<'a>(sources: &'a SourceMap, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (file, primary) = span(sources, d.primary.span);
    JsonDiagnostic {
        code: &d.code,
        kind: d.kind.as_str(),
        severity: d.severity.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        file,
        span: primary,
        labels: d
            .labels
            .iter()
            .map(|l| {
                let (file, span) = span(sources, l.span);
                JsonLabel { message: &l.message, file, span }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::pretty::{CHUNK, CHUNKS_IN_FLIGHT};
    use crate::source::{FileId, SourceFile};

    /// The whole document in one pass of serde's pretty printer: what the
    /// chunked writer must reproduce byte for byte.
    #[derive(Serialize)]
    struct OnePass<'a> {
        version: u32,
        files: Vec<&'a str>,
        diagnostics: Vec<JsonDiagnostic<'a>>,
        summary: Summary,
        #[serde(skip_serializing_if = "Option::is_none")]
        baseline: Option<BaselineInfo>,
    }

    #[test]
    fn chunks_print_what_one_pass_prints() {
        let mut sources = SourceMap::new();
        let text: String = (0..50).map(|i| format!("service s{i} \"quote \\\" and\\nnewline\"\n")).collect();
        let file = sources.add(SourceFile::new("dir/a.arch", text.as_str()));
        sources.add(SourceFile::new("b.arch", "x"));
        let diag = |i: usize| {
            let at = (i * 7) % text.len();
            let d = Diagnostic::semantic(
                "unknown-kind",
                format!("message {i} with \"quotes\"\n"),
                Span::new(file, at, at + 3),
                "here",
            );
            let d = if i % 3 == 0 { d.with_label(Span::new(FileId(1), 0, 1), "elsewhere") } else { d };
            if i % 2 == 0 {
                d.with_help("a help")
            } else {
                d
            }
        };
        for count in [0, 1, CHUNK - 1, CHUNK + 1, CHUNK * CHUNKS_IN_FLIGHT + 5] {
            let diags: Vec<Diagnostic> = (0..count).map(diag).collect();
            for baseline in [None, Some(3)] {
                let summary = Summary::count(&diags, 2);
                let chunked = render_with_baseline(&diags, &sources, summary, baseline);
                let mut files: Vec<&str> = sources.iter().map(|(_, f)| f.name.as_str()).collect();
                files.sort_unstable();
                let whole = OnePass {
                    version: VERSION,
                    files,
                    diagnostics: diags.iter().map(|d| json_diagnostic(&sources, d)).collect(),
                    summary,
                    baseline: baseline.map(|matched| BaselineInfo { matched }),
                };
                let expected = serde_json::to_string_pretty(&whole).expect("serialisable") + "\n";
                assert!(chunked == expected, "{count} diagnostics, baseline {baseline:?}: output differs");
            }
        }
    }
}
