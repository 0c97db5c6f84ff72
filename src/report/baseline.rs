//! Baselines: accept today's findings, report only new ones.
//!
//! `--write-baseline FILE` records the current lint findings by their
//! [`Identity`] (code, file, subject, message — no line numbers), so a baseline
//! keeps matching while the file is edited elsewhere. `--baseline FILE` then
//! drops each finding that matches a recorded one; identical findings are
//! matched as a multiset, so a second copy of a baselined problem is new.
//!
//! Only lint findings are baselined: a syntax or semantic error means the
//! design could not be read as written, and hiding it would hide every finding
//! it prevents.

use super::identity::Identity;
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::source::SourceMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const VERSION: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    /// Sorted by file, code, subject, message; a finding occurring twice is listed twice.
    pub findings: Vec<Identity>,
}

/// What applying a baseline left.
#[derive(Debug)]
pub struct Filtered {
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings the baseline matched (and so were not reported).
    pub matched: usize,
}

impl Baseline {
    /// The baseline of these diagnostics' lint findings.
    pub fn record(diagnostics: &[Diagnostic], sources: &SourceMap) -> Self {
        let mut findings: Vec<Identity> =
            diagnostics.iter().filter(|d| d.kind == DiagnosticKind::Lint).map(|d| Identity::of(d, sources)).collect();
        findings.sort_by(|a, b| {
            (&a.file, &a.code, &a.subject, &a.message).cmp(&(&b.file, &b.code, &b.subject, &b.message))
        });
        Baseline { version: VERSION, findings }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Read a baseline written by [`Baseline::to_json`].
    pub fn from_json(text: &str) -> Result<Self, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| format!("not a baseline file: {e}"))?;
        if baseline.version != VERSION {
            return Err(format!("baseline version {} is not supported (expected {VERSION})", baseline.version));
        }
        Ok(baseline)
    }

    /// Drop the findings the baseline records, keeping the order of the rest.
    pub fn filter(&self, diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> Filtered {
        let mut remaining: BTreeMap<&Identity, usize> = BTreeMap::new();
        for f in &self.findings {
            *remaining.entry(f).or_insert(0) += 1;
        }
        let mut matched = 0;
        let diagnostics = diagnostics
            .into_iter()
            .filter(|d| {
                if d.kind != DiagnosticKind::Lint {
                    return true;
                }
                match remaining.get_mut(&Identity::of(d, sources)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        matched += 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect();
        Filtered { diagnostics, matched }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Severity};
    use crate::source::{SourceFile, Span};
    use std::borrow::Cow;

    fn finding(file: crate::source::FileId, at: usize, subject: &str, kind: DiagnosticKind) -> Diagnostic {
        Diagnostic {
            code: Cow::Borrowed("single-point-of-failure"),
            kind,
            severity: Severity::Warning,
            message: format!("`{subject}` is a single point of failure"),
            primary: Label::new(Span::new(file, at, at + 3), "here"),
            labels: vec![],
            help: None,
            subject: subject.into(),
        }
    }

    #[test]
    fn matches_by_identity_as_a_multiset() {
        let mut before = SourceMap::new();
        let f = before.add(SourceFile::new("d.arch", "service api\nservice db\n"));
        let base = Baseline::record(&[finding(f, 8, "api", DiagnosticKind::Lint)], &before);
        let base = Baseline::from_json(&base.to_json()).expect("round trip");

        let mut after = SourceMap::new();
        let g = after.add(SourceFile::new("d.arch", "\n\nservice api\nservice api\nservice db\n"));
        let now = vec![
            finding(g, 10, "api", DiagnosticKind::Lint),
            finding(g, 22, "api", DiagnosticKind::Lint),
            finding(g, 34, "db", DiagnosticKind::Lint),
            finding(g, 34, "db", DiagnosticKind::Semantic),
        ];
        let out = base.filter(now, &after);
        assert_eq!(out.matched, 1);
        let left: Vec<(u32, DiagnosticKind)> = out.diagnostics.iter().map(|d| (d.span().start, d.kind)).collect();
        assert_eq!(left, [(22, DiagnosticKind::Lint), (34, DiagnosticKind::Lint), (34, DiagnosticKind::Semantic)]);
    }

    #[test]
    fn errors_are_never_recorded() {
        let mut m = SourceMap::new();
        let f = m.add(SourceFile::new("d.arch", "service api\n"));
        assert!(Baseline::record(&[finding(f, 8, "api", DiagnosticKind::Syntax)], &m).findings.is_empty());
    }

    #[test]
    fn refuses_other_files() {
        assert!(Baseline::from_json("{\"version\": 2, \"findings\": []}").is_err());
        assert!(Baseline::from_json("[]").is_err());
    }
}
