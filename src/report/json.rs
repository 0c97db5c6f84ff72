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
    let out = Output { version: VERSION, files, diagnostics, summary };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
