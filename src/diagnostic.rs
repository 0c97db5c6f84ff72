//! The one value every stage reports problems with.
//!
//! A [`Diagnostic`] has a stable code (an error code such as `unknown-attribute`
//! or a rule name such as `single-point-of-failure`), a primary span with a
//! short label, optional secondary labels and a help line. Reports turn them into
//! text, JSON, SARIF or GitHub commands; nothing here knows about those formats.

use crate::source::Span;
use serde::Serialize;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Where a diagnostic comes from; see CLI.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticKind {
    /// The text does not fit the grammar.
    Syntax,
    /// Well-formed text that means something invalid.
    Semantic,
    /// A design-review rule's finding.
    Lint,
}

impl DiagnosticKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticKind::Syntax => "syntax",
            DiagnosticKind::Semantic => "semantic",
            DiagnosticKind::Lint => "lint",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label { span, message: message.into() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Cow<'static, str>,
    pub kind: DiagnosticKind,
    pub severity: Severity,
    pub message: String,
    /// The primary location and what to say under it.
    pub primary: Label,
    /// Other places involved (the first declaration of a duplicate, a dominated component, …).
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// A name for what the finding is about that survives edits elsewhere in the
    /// file (a component id, `a -> b` for a link); used by baselines and SARIF
    /// fingerprints. Empty when there is none.
    pub subject: String,
}

impl Diagnostic {
    pub fn error(kind: DiagnosticKind, code: &'static str, message: impl Into<String>, primary: Label) -> Self {
        Diagnostic {
            code: Cow::Borrowed(code),
            kind,
            severity: Severity::Error,
            message: message.into(),
            primary,
            labels: Vec::new(),
            help: None,
            subject: String::new(),
        }
    }

    pub fn syntax(code: &'static str, message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        Self::error(DiagnosticKind::Syntax, code, message, Label::new(span, label))
    }

    pub fn semantic(code: &'static str, message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        Self::error(DiagnosticKind::Semantic, code, message, Label::new(span, label))
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label::new(span, message));
        self
    }

    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }

    pub fn span(&self) -> Span {
        self.primary.span
    }

    /// The order reports use: file, offset, code (then message, so ties are stable).
    pub fn sort_key(&self) -> (u32, u32, &str, &str) {
        (self.primary.span.file.0, self.primary.span.start, &self.code, &self.message)
    }
}

/// Sort diagnostics into report order and drop exact duplicates (the same
/// imported file can be reached from several roots).
pub fn sort_and_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub files: usize,
}

impl Summary {
    pub fn count(diags: &[Diagnostic], files: usize) -> Self {
        let mut s = Summary { files, ..Default::default() };
        for d in diags {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Note => s.notes += 1,
            }
        }
        s
    }
}

/// "did you mean" for a misspelt name: the closest candidate, if it is close.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for cand in candidates {
        let score = strsim::jaro_winkler(&lower, &cand.to_ascii_lowercase());
        let edits = strsim::damerau_levenshtein(&lower, &cand.to_ascii_lowercase());
        let close = score >= 0.88 || edits <= (lower.chars().count() / 3).max(1);
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("replica", ["replicas", "zones"]), Some("replicas"));
        assert_eq!(suggest("servce", ["service", "search"]), Some("service"));
        assert_eq!(suggest("xyzzy", ["replicas", "zones"]), None);
        assert_eq!(suggest("db", ["web", "app"]), None);
    }
}
