//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line
//! per diagnostic, which the runner turns into annotations on the pull request.
//!
//! GitHub shows only about ten annotations of each level per step, so errors
//! come first, then warnings, then notes (each group in report order). Columns
//! are given only for single-line spans, since GitHub's annotations support
//! columns only when the start and end lines agree; they count UTF-16 code
//! units like the SARIF report, and `endColumn` is exclusive.

use super::region::Region;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;
use std::fmt::Write;

/// Render diagnostics (in report order) as workflow commands, then `summary`
/// as a final plain line.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, summary: &str) -> String {
    let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
    // Stable: report order is kept within each severity.
    ordered.sort_by_key(|d| d.severity);
    let mut out = String::new();
    for d in ordered {
        command(&mut out, d, sources);
    }
    out.push_str(summary);
    out.push('\n');
    out
}

fn command(out: &mut String, d: &Diagnostic, sources: &SourceMap) {
    let name = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props: Vec<(&str, String)> = Vec::new();
    if let Some(file) = sources.get(d.span().file) {
        props.push(("file", file.name.strip_prefix("./").unwrap_or(&file.name).to_string()));
    }
    if let Some(r) = Region::of(sources, d.span()) {
        props.push(("line", r.start_line.to_string()));
        if r.is_single_line() {
            props.push(("col", r.start_column.to_string()));
        }
        props.push(("endLine", r.end_line.to_string()));
        if r.is_single_line() {
            props.push(("endColumn", r.end_column.to_string()));
        }
    }
    props.push(("title", d.code.to_string()));

    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }

    let _ = write!(out, "::{name} ");
    for (i, (key, value)) in props.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(out, "{sep}{key}={}", escape_property(value));
    }
    let _ = writeln!(out, "::{}", escape_data(&message));
}

/// Escaping for a command's message, as the Actions runner decodes it.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping for a property value, which additionally may not contain the
/// separators `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("50% of a:b,c\r\nnext"), "50%25 of a:b,c%0D%0Anext");
        assert_eq!(escape_property("50% of a:b,c\nx"), "50%25 of a%3Ab%2Cc%0Ax");
        // `%` first, or the escapes themselves would be escaped again.
        assert_eq!(escape_property("%3A"), "%253A");
    }
}
