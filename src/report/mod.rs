//! Diagnostics to bytes, one format per file. Reports see diagnostics and
//! source text only — never the model.

pub mod baseline;
pub mod github;
pub mod human;
pub mod identity;
pub mod json;
pub mod pretty;
pub mod region;
pub mod sarif;

use crate::diagnostic::Diagnostic;
use crate::source::{LineCol, SourceMap, Span};

/// Sort into report order: file name, offset, code, message.
pub fn sort(diags: &mut [Diagnostic], sources: &SourceMap) {
    let name = |d: &Diagnostic| sources.get(d.primary.span.file).map_or("", |f| f.name.as_str());
    diags.sort_by(|a, b| {
        (name(a), a.primary.span.start, &a.code, &a.message).cmp(&(name(b), b.primary.span.start, &b.code, &b.message))
    });
}

/// A span as file name plus start and end positions.
pub struct Location<'a> {
    pub file: &'a str,
    pub start: LineCol,
    pub end: LineCol,
}

pub fn locate(sources: &SourceMap, span: Span) -> Location<'_> {
    match sources.get(span.file) {
        Some(f) => {
            Location { file: &f.name, start: f.line_col(span.start as usize), end: f.line_col(span.end as usize) }
        }
        None => {
            let zero = LineCol { line: 1, column: 1, offset: 0 };
            Location { file: "", start: zero, end: zero }
        }
    }
}
