//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! Every lint rule is described in `tool.driver.rules` (whether or not it
//! fired, so that viewers can show the catalog), followed by the error codes
//! that occur in this run. Results point at repository-relative URIs under
//! `%SRCROOT%`, carry `relatedLocations` for secondary labels, and a
//! `partialFingerprints` entry computed from [`Identity`], so an alert keeps
//! its identity when unrelated lines move. Regions use UTF-16 columns (see
//! [`Region`]); the run states that with `columnKind`.
//!
//! The output is built from typed structs serialised in declaration order, and
//! every list is in report order or sorted: the same input gives the same bytes.

use super::identity::{identities, Identity};
use super::region::Region;
use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use crate::errors;
use crate::lint::{self, Level, RuleMeta};
use crate::source::{SourceMap, Span};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use std::collections::BTreeMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key under which results carry their edit-stable fingerprint. Versioned
/// so that a future change of the identity does not silently re-key alerts.
pub const FINGERPRINT_KEY: &str = "archcIdentity/v1";

/// Render diagnostics (in report order) as one SARIF log.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    super::pretty::to_string(|out| write(out, diagnostics, sources))
}

/// Where the results array stands in the pretty-printed log (the log, its
/// `runs` array, the run): it is written last, in parallel chunks.
const RESULTS_DEPTH: usize = 3;
const EMPTY_RESULTS: &str = "\n      \"results\": []";

/// [`render`] straight into `out`: the envelope is serialised with no
/// results and the results are written into its place (see [`super::pretty`]).
pub fn write(out: &mut dyn std::io::Write, diagnostics: &[Diagnostic], sources: &SourceMap) -> std::io::Result<()> {
    let rules = descriptors(diagnostics);
    // Owned ids: the descriptors move into the envelope before the results are made.
    let index: BTreeMap<String, usize> = rules.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
    let items: Vec<(&Diagnostic, (Identity, usize))> =
        diagnostics.iter().zip(identities(diagnostics, sources)).collect();
    let result_of = |_, (d, (identity, occurrence)): &(&Diagnostic, (Identity, usize))| {
        result(d, sources, identity, *occurrence, &index)
    };
    let mut log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "archc",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: non_empty(env!("CARGO_PKG_REPOSITORY")).or(non_empty(env!("CARGO_PKG_HOMEPAGE"))),
                    rules,
                },
            },
            column_kind: "utf16CodeUnits",
            results: Vec::new(),
        }],
    };
    let envelope = serde_json::to_string_pretty(&log)?;
    let Some(at) = envelope.find(EMPTY_RESULTS).map(|at| at + EMPTY_RESULTS.len() - "[]".len()) else {
        // The envelope's shape is ours, so this is not expected; print it whole.
        let [run] = &mut log.runs;
        run.results = items.iter().map(|item| result_of(0, item)).collect();
        serde_json::to_writer_pretty(&mut *out, &log)?;
        return out.write_all(b"\n");
    };
    let (head, tail) = envelope.split_at(at);
    out.write_all(head.as_bytes())?;
    super::pretty::write_array(out, &items, RESULTS_DEPTH, result_of)?;
    out.write_all(tail.get("[]".len()..).unwrap_or_default().as_bytes())?;
    out.write_all(b"\n")
}

fn non_empty(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
}

/// Every lint rule (registry order, which is by name), then each error code
/// that occurs, sorted.
fn descriptors(diagnostics: &[Diagnostic]) -> Vec<Descriptor> {
    let mut rules: Vec<Descriptor> = lint::registry().iter().map(|r| rule_descriptor(r.meta())).collect();
    let mut codes: BTreeMap<&str, DiagnosticKind> = BTreeMap::new();
    for d in diagnostics {
        if d.kind != DiagnosticKind::Lint && lint::find_rule(&d.code).is_none() {
            codes.entry(&d.code).or_insert(d.kind);
        }
    }
    rules.extend(codes.into_iter().map(|(code, kind)| error_descriptor(code, kind)));
    rules
}

fn rule_descriptor(meta: &RuleMeta) -> Descriptor {
    let docs = meta.docs_markdown();
    let what = section(&docs, "What it does").unwrap_or_else(|| meta.summary.to_string());
    let fix = section(&docs, "How to fix").unwrap_or_else(|| format!("see `archc explain {}`", meta.name));
    Descriptor {
        id: meta.name.to_string(),
        short_description: Text { text: capitalise(meta.summary) },
        full_description: Text { text: what },
        help: Help { text: fix, markdown: docs },
        default_configuration: Configuration {
            level: sarif_level(meta.default_level),
            enabled: meta.default_level != Level::Off,
        },
        properties: Properties { tags: vec!["design-review".to_string(), meta.category.as_str().to_string()] },
    }
}

fn error_descriptor(code: &str, kind: DiagnosticKind) -> Descriptor {
    let explain = format!("`archc explain {code}` describes this error and how to fix it");
    let (summary, docs) = match errors::find(code) {
        Some(e) => (e.summary.to_string(), e.docs.to_string()),
        None => (format!("{} error", kind.as_str()), explain.clone()),
    };
    let full = first_paragraph(&docs).unwrap_or_else(|| summary.clone());
    Descriptor {
        id: code.to_string(),
        short_description: Text { text: capitalise(&summary) },
        full_description: Text { text: full },
        help: Help { text: explain, markdown: docs },
        default_configuration: Configuration { level: "error", enabled: true },
        properties: Properties { tags: vec![kind.as_str().to_string()] },
    }
}

fn result(
    d: &Diagnostic,
    sources: &SourceMap,
    identity: &Identity,
    occurrence: usize,
    index: &BTreeMap<String, usize>,
) -> SarifResult {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let related_locations = d
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| Location {
            id: Some(i + 1),
            physical_location: physical(sources, l.span),
            message: Some(Text { text: l.message.clone() }),
        })
        .collect();
    let mut partial_fingerprints = BTreeMap::new();
    partial_fingerprints.insert(FINGERPRINT_KEY, format!("{}:{occurrence}", identity.hash()));
    SarifResult {
        rule_id: d.code.to_string(),
        rule_index: index.get(d.code.as_ref()).copied(),
        level: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        },
        message: Text { text },
        locations: vec![Location { id: None, physical_location: physical(sources, d.span()), message: None }],
        related_locations,
        partial_fingerprints,
    }
}

fn physical(sources: &SourceMap, span: Span) -> PhysicalLocation {
    let name = sources.get(span.file).map_or("", |f| f.name.as_str());
    PhysicalLocation { artifact_location: artifact(name), region: Region::of(sources, span) }
}

/// Characters kept as they are in a URI path: RFC 3986 unreserved plus `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// Relative names are relative to the directory archc ran in, which CI runs
/// at the repository root, so they go under `%SRCROOT%`; absolute paths
/// become `file:` URIs.
fn artifact(name: &str) -> ArtifactLocation {
    let name = name.replace('\\', "/");
    let absolute = name.starts_with('/') || name.as_bytes().get(1) == Some(&b':');
    if absolute {
        let path = if name.starts_with('/') { name } else { format!("/{name}") };
        // Keep the drive letter's colon readable (`file:///C:/…`).
        let encoded = path.split(':').map(|p| utf8_percent_encode(p, PATH).to_string()).collect::<Vec<_>>().join(":");
        ArtifactLocation { uri: format!("file://{encoded}"), uri_base_id: None }
    } else {
        let relative = name.strip_prefix("./").unwrap_or(&name);
        ArtifactLocation { uri: utf8_percent_encode(relative, PATH).to_string(), uri_base_id: Some("%SRCROOT%") }
    }
}

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Off => "none",
        Level::Note => "note",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first paragraph of prose, as one line.
fn first_paragraph(docs: &str) -> Option<String> {
    let words: Vec<&str> = docs
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty() || l.starts_with('#'))
        .take_while(|l| !l.is_empty() && !l.starts_with("```"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Rule docs come from doc comments, whose lines start with one space.
/// The body of a `## heading` section of rule docs, joined into one paragraph
/// (code blocks are left out: they read badly as plain text).
fn section(docs: &str, heading: &str) -> Option<String> {
    let mut lines = docs.lines();
    lines.by_ref().find(|l| l.starts_with('#') && l.trim_start_matches('#').trim() == heading)?;
    let mut words = Vec::new();
    let mut in_code = false;
    for line in lines.take_while(|l| !l.starts_with("## ")) {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code && !line.trim().is_empty() {
            words.push(line.trim());
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: Properties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    enabled: bool,
}

#[derive(Serialize)]
struct Properties {
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_under_srcroot_or_file_uris() {
        let a = artifact("./examples/my design.arch");
        assert_eq!((a.uri.as_str(), a.uri_base_id), ("examples/my%20design.arch", Some("%SRCROOT%")));
        assert_eq!(artifact("/srv/x.arch").uri, "file:///srv/x.arch");
        assert_eq!(artifact("C:\\work\\x.arch").uri, "file:///C:/work/x.arch");
        assert_eq!(artifact("<stdin>").uri, "%3Cstdin%3E");
    }

    #[test]
    fn sections_of_rule_docs() {
        let docs = "## What it does\nReports a\nthing.\n\n## Example\n```arch\nx\n```\n## How to fix\nDo b.";
        assert_eq!(section(docs, "What it does").as_deref(), Some("Reports a thing."));
        assert_eq!(section(docs, "How to fix").as_deref(), Some("Do b."));
        assert_eq!(section(docs, "Missing"), None);
    }
}
