//! The SARIF report validates against the official SARIF 2.1.0 schema and
//! meets GitHub code scanning's extra requirements, for every example design
//! and every fixture of tests/fixtures/output.
//!
//! tests/fixtures/output/sarif-schema-2.1.0.json is the OASIS schema
//! (`$id` https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json)
//! as shipped in the serde-sarif 0.8.0 crate (psastras/sarif-rs, `serde-sarif/src/schema.json`,
//! git c1a2c247095ed7277153e8e456064598dc885b39), copied byte for byte;
//! sha256 af47e7b67f24efe74076621fd3a5fbe7398add9e84fe820c971219a385895cea.

use archc::diagnostic::{sort_and_dedup, Diagnostic};
use archc::lint::{lint, LintConfig};
use archc::report::sarif;
use archc::source::SourceMap;
use archc::{compile, CompileInput, MemoryLoader};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const SCHEMA: &str = include_str!("fixtures/output/sarif-schema-2.1.0.json");

fn validator() -> jsonschema::Validator {
    // The schema's `run.language` pattern ends in a stray `]?`, which ECMA
    // regexes read as a literal but Rust's regex engine rejects; this is the
    // intended pattern (a two-letter code with an optional region).
    let schema = SCHEMA.replace(r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&schema).expect("the vendored schema is JSON");
    jsonschema::options().should_validate_formats(true).build(&schema).expect("the schema compiles")
}

/// Every design to check: examples/**/*.arch and the output fixtures.
fn designs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures/output"] {
        collect(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).as_path(), &mut out);
    }
    out.sort();
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "arch") {
            out.push(path);
        }
    }
}

/// Compile and lint one design given as text (so tests can edit it), with the
/// rest of its directory available for imports.
fn check(path: &Path, text: &str) -> (Vec<Diagnostic>, SourceMap) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let dir = path.parent().unwrap_or(root);
    let mut loader = MemoryLoader::default();
    for file in designs() {
        if let Ok(bytes) = std::fs::read(&file) {
            loader = loader.with(file.strip_prefix(root).unwrap_or(&file), bytes);
        }
    }
    let rel_dir = dir.strip_prefix(root).unwrap_or(dir);
    let c = compile(
        CompileInput { path: Path::new(&name), display_name: name.clone(), root_dir: rel_dir, text: Some(text.into()) },
        &loader,
    );
    let mut diagnostics = c.diagnostics;
    diagnostics.extend(lint(&c.model, &LintConfig::default()));
    sort_and_dedup(&mut diagnostics);
    (diagnostics, c.sources)
}

fn sarif_of(path: &Path, text: &str) -> Value {
    let (diagnostics, sources) = check(path, text);
    let out = sarif::render(&diagnostics, &sources);
    assert_eq!(out, sarif::render(&diagnostics, &sources), "deterministic bytes");
    serde_json::from_str(&out).expect("SARIF is JSON")
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// What GitHub code scanning needs beyond the schema.
fn github_requirements(name: &str, log: &Value) {
    let run = &log["runs"][0];
    assert_eq!(str_at(run, "/tool/driver/name"), "archc");
    let rules = run.pointer("/tool/driver/rules").and_then(Value::as_array).expect("rules");
    let mut ids = BTreeSet::new();
    for rule in rules {
        let id = str_at(rule, "/id");
        assert!(ids.insert(id.to_string()), "{name}: rule `{id}` listed twice");
        for field in ["/shortDescription/text", "/fullDescription/text", "/help/text", "/help/markdown"] {
            assert!(!str_at(rule, field).is_empty(), "{name}: rule `{id}` lacks {field}");
        }
        assert!(!str_at(rule, "/defaultConfiguration/level").is_empty(), "{name}: rule `{id}` lacks a level");
    }
    for registered in archc::lint::rule_names() {
        assert!(ids.contains(registered), "{name}: rule `{registered}` missing from the driver");
    }
    let results = run["results"].as_array().expect("results");
    let mut fingerprints = BTreeSet::new();
    for r in results {
        let id = str_at(r, "/ruleId");
        assert!(ids.contains(id), "{name}: result of undescribed rule `{id}`");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(str_at(&rules[index], "/id"), id, "{name}: ruleIndex points at the wrong rule");
        let uri = str_at(r, "/locations/0/physicalLocation/artifactLocation/uri");
        assert!(!uri.is_empty() && !uri.starts_with('/') && !uri.contains("://"), "{name}: `{uri}` is not relative");
        assert!(r.pointer("/locations/0/physicalLocation/region/startLine").and_then(Value::as_u64).unwrap_or(0) >= 1);
        let fp = r["partialFingerprints"][sarif::FINGERPRINT_KEY].as_str().unwrap_or("");
        assert!(!fp.is_empty(), "{name}: result without a fingerprint");
        assert!(fingerprints.insert(fp.to_string()), "{name}: two results share fingerprint {fp}");
    }
}

fn fingerprints(log: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = log["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                str_at(r, "/ruleId").to_string(),
                str_at(r, &format!("/partialFingerprints/{}", sarif::FINGERPRINT_KEY)).to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_design_gives_valid_sarif_that_github_accepts() {
    let validator = validator();
    let designs = designs();
    assert!(designs.len() >= 2, "the output fixtures are missing");
    for path in designs {
        let text = std::fs::read_to_string(&path).expect("readable design");
        let name = path.display().to_string();
        let log = sarif_of(&path, &text);
        let errors: Vec<String> =
            validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{name}: SARIF does not validate:\n{}", errors.join("\n"));
        github_requirements(&name, &log);
    }
}

#[test]
fn fingerprints_survive_unrelated_lines_above() {
    let mut compared = 0;
    for path in designs() {
        let text = std::fs::read_to_string(&path).expect("readable design");
        let before = fingerprints(&sarif_of(&path, &text));
        let after = fingerprints(&sarif_of(&path, &format!("// a new comment\n\n// and another\n{text}")));
        assert_eq!(before, after, "{}", path.display());
        compared += before.len();
    }
    assert!(compared > 0, "no design produced a finding to compare");
}

#[test]
fn the_schema_rejects_what_it_should() {
    // Guards the validator itself: a log without `runs` is not SARIF.
    let bad: Value = serde_json::json!({"version": "2.1.0"});
    assert!(!validator().is_valid(&bad));
}

#[test]
fn the_binary_writes_valid_sarif_for_a_whole_tree() {
    // Through the CLI: directory walk, merged source maps, error codes and
    // findings from several roots in one run.
    let dir = tempfile::tempdir().expect("temp dir");
    for path in designs() {
        let rel = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&path);
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap_or(dir.path())).expect("dir");
        std::fs::copy(&path, &to).expect("copy");
    }
    let out = assert_cmd::Command::cargo_bin("archc")
        .expect("binary is built")
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "."])
        .output()
        .expect("archc runs");
    assert_eq!(out.status.code(), Some(1), "tests/fixtures/output/broken.arch has errors");
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let errors: Vec<String> = validator().iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
    github_requirements("the whole tree", &log);
    let uris: BTreeSet<&str> = log["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| str_at(r, "/locations/0/physicalLocation/artifactLocation/uri"))
        .collect();
    assert!(uris.len() > 1, "findings from several files: {uris:?}");
}

/// A design with more findings than one parallel chunk of results holds:
/// the results are spliced into the envelope in order, and the log is valid.
#[test]
fn a_large_design_gives_every_result_in_order() {
    let text = archc::gen::generate(400, 7);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("big.arch");
    let (diagnostics, sources) = check(&path, &text);
    assert!(diagnostics.len() > archc::report::pretty::CHUNK, "only {} findings", diagnostics.len());
    let out = sarif::render(&diagnostics, &sources);
    let log: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let errors: Vec<String> = validator().iter_errors(&log).map(|e| e.to_string()).take(3).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let results = log.pointer("/runs/0/results").and_then(Value::as_array).expect("results");
    let ids: Vec<&str> = results.iter().map(|r| str_at(r, "/ruleId")).collect();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_ref()).collect();
    assert_eq!(ids, codes);
    let lines: Vec<u64> =
        results.iter().filter_map(|r| r.pointer("/locations/0/physicalLocation/region/startLine")?.as_u64()).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "results out of report order");
}
