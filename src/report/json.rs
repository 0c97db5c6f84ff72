//! `--format json`: the stable machine-readable shape of CLI.md.

use super::locate;
use crate::diagnostic::{Diagnostic, Summary};
use crate::source::{LineCol, SourceMap, Span};
use rayon::prelude::*;
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
    let mut bytes = Vec::new();
    if let Err(e) = write_with_baseline(&mut bytes, diags, sources, summary, baseline_matched) {
        return format!("{{\"error\": \"{e}\"}}\n");
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Diagnostics rendered by one task; tasks run in parallel.
const CHUNK: usize = 256;
/// Chunks rendered before they are written: bounds the text held in memory.
const CHUNKS_IN_FLIGHT: usize = 32;

/// [`render_with_baseline`] straight into `out`, without holding the whole
/// document in memory (it is megabytes for a large design).
///
/// Diagnostics are serialised in parallel chunks and written in order. Each
/// piece is pretty-printed on its own and indented to its depth, which gives
/// exactly the bytes one pretty-printer over the whole document would: JSON
/// strings cannot hold a raw newline, so every newline is the printer's.
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
    head.extend_from_slice(b",\n  \"diagnostics\": [");
    if diags.is_empty() {
        head.push(b']');
    }
    out.write_all(&head)?;

    for batch in diags.chunks(CHUNK * CHUNKS_IN_FLIGHT) {
        let first_in_batch = batch.as_ptr() == diags.as_ptr();
        let rendered: Vec<std::io::Result<Vec<u8>>> = batch
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(i, chunk)| {
                let mut buf = Vec::with_capacity(chunk.len() * 1024);
                for (j, d) in chunk.iter().enumerate() {
                    let first = first_in_batch && i == 0 && j == 0;
                    buf.extend_from_slice(if first { b"\n    " } else { b",\n    " });
                    pretty_at(&mut buf, &json_diagnostic(sources, d), 2)?;
                }
                Ok(buf)
            })
            .collect();
        for chunk in rendered {
            out.write_all(&chunk?)?;
        }
    }

    let mut tail = Vec::new();
    if !diags.is_empty() {
        tail.extend_from_slice(b"\n  ]");
    }
    tail.extend_from_slice(b",\n  \"summary\": ");
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

/// Append `value` pretty-printed as if it stood `depth` levels deep.
fn pretty_at(buf: &mut Vec<u8>, value: &impl Serialize, depth: usize) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(value)?;
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            buf.push(b'\n');
            buf.resize(buf.len() + 2 * depth, b' ');
        }
        buf.extend_from_slice(line);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
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
