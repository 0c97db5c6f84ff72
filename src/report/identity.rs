//! What makes a finding "the same finding" across runs and edits.
//!
//! SARIF `partialFingerprints` and baselines both need an identity that does
//! not change when unrelated lines move. Line numbers and offsets are therefore
//! left out: a finding is its code, its file, what it is about
//! ([`Diagnostic::subject`], or the text under the primary span when it has no
//! subject) and its message. Identical identities in one file are told apart by
//! their order of occurrence, which also survives unrelated edits.

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The edit-stable identity of one diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Identity {
    pub code: String,
    pub file: String,
    pub subject: String,
    pub message: String,
}

impl Identity {
    pub fn of(diagnostic: &Diagnostic, sources: &SourceMap) -> Self {
        let span = diagnostic.span();
        let subject = if diagnostic.subject.is_empty() {
            sources.snippet(span).trim().to_string()
        } else {
            diagnostic.subject.clone()
        };
        Identity {
            code: diagnostic.code.to_string(),
            file: file_name(sources, diagnostic),
            subject,
            message: diagnostic.message.clone(),
        }
    }

    /// A hex SHA-256 of the identity's fields. SHA-256 rather than std's
    /// hasher because the value must be the same on every machine and release.
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        for field in [&self.code, &self.file, &self.subject, &self.message] {
            // Length-prefixed so that field boundaries cannot shift between fields.
            h.update((field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
        // digest's array formats itself as hex in one pass; a `format!` per
        // byte was most of the cost of a SARIF log with thousands of results.
        format!("{:x}", h.finalize())
    }
}

/// The name a diagnostic's file is shown under (without a leading `./`, so
/// that `archc check .` and `archc check x.arch` agree), or "" when the span
/// names no file.
pub fn file_name(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let name = sources.get(diagnostic.span().file).map_or("", |f| f.name.as_str());
    name.strip_prefix("./").unwrap_or(name).to_string()
}

/// Identities of diagnostics in the order given, each paired with its
/// 1-based occurrence among equal identities (in that order).
pub fn identities(diagnostics: &[Diagnostic], sources: &SourceMap) -> Vec<(Identity, usize)> {
    let mut seen: HashMap<Identity, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let id = Identity::of(d, sources);
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            (id, *n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, DiagnosticKind, Label, Severity};
    use crate::source::{SourceFile, Span};
    use std::borrow::Cow;

    fn diag(sources: &SourceMap, start: usize, end: usize, subject: &str) -> Diagnostic {
        let file = sources.iter().next().map(|(id, _)| id).unwrap_or_default();
        Diagnostic {
            code: Cow::Borrowed("rule"),
            kind: DiagnosticKind::Lint,
            severity: Severity::Warning,
            message: "msg".into(),
            primary: Label::new(Span::new(file, start, end), "here"),
            labels: vec![],
            help: None,
            subject: subject.into(),
        }
    }

    #[test]
    fn identity_ignores_position_but_not_subject() {
        let mut a = SourceMap::new();
        a.add(SourceFile::new("x.arch", "service api\n"));
        let mut b = SourceMap::new();
        b.add(SourceFile::new("x.arch", "\n\n// moved\nservice api\n"));
        let ia = Identity::of(&diag(&a, 8, 11, "api"), &a);
        let ib = Identity::of(&diag(&b, 20, 23, "api"), &b);
        assert_eq!(ia.hash(), ib.hash());
        let other = Identity::of(&diag(&a, 8, 11, "db"), &a);
        assert_ne!(ia.hash(), other.hash());
    }

    #[test]
    fn snippet_stands_in_for_a_missing_subject() {
        let mut a = SourceMap::new();
        a.add(SourceFile::new("x.arch", "service api\nservice db\n"));
        let api = Identity::of(&diag(&a, 8, 11, ""), &a);
        let db = Identity::of(&diag(&a, 20, 22, ""), &a);
        assert_eq!(api.subject, "api");
        assert_ne!(api.hash(), db.hash());
    }

    #[test]
    fn field_boundaries_matter() {
        let a = Identity { code: "ab".into(), file: "c".into(), subject: String::new(), message: String::new() };
        let b = Identity { code: "a".into(), file: "bc".into(), subject: String::new(), message: String::new() };
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn equal_identities_are_numbered_in_order() {
        let mut a = SourceMap::new();
        a.add(SourceFile::new("x.arch", "service api\nservice api\n"));
        let ds = [diag(&a, 8, 11, "api"), diag(&a, 20, 23, "api"), diag(&a, 20, 23, "db")];
        let ids: Vec<usize> = identities(&ds, &a).into_iter().map(|(_, n)| n).collect();
        assert_eq!(ids, [1, 2, 1]);
    }
}
