//! `--format json`: the stable machine-readable shape of CLI.md.

use super::locate;
use crate::diagnostic::{Diagnostic, Summary};
use crate::source::{LineCol, SourceMap, Span};
use serde::Serialize;

/// The version of the JSON shape; bump it when a field changes meaning.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<&'a str>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
    /// Present when a baseline was applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineInfo>,
}

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
    let mut bytes = Vec::new();
    if let Err(e) = write_with_baseline(&mut bytes, diags, sources, summary, baseline_matched) {
        return format!("{{\"error\": \"{e}\"}}\n");
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`render_with_baseline`] straight into `out`, without holding the whole
/// document in memory (it is megabytes for a large design).
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
    let diagnostics = diags
        .iter()
        .map(|d| {
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
        })
        .collect();
    let baseline = baseline_matched.map(|matched| BaselineInfo { matched });
    let document = Output { version: VERSION, files, diagnostics, summary, baseline };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}
