//! Fire/pass fixtures of the quantitative rules (tests/fixtures/rules/<rule>/):
//! every `fire_*.arch` must produce the rule's finding, every `pass_*.arch`
//! none; what users see of each finding is snapshot-tested (human and JSON).

use archc::diagnostic::Summary;
use archc::lint::{self, LintConfig};
use archc::report::{self, human};
use std::path::Path;

const RULES: &[&str] = &[
    "availability-below-slo",
    "latency-budget-exceeded",
    "no-failure-headroom",
    "storage-exceeds-disk",
    "under-provisioned",
];

fn check_rule(rule: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules").join(rule);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "arch"))
        .collect();
    files.sort();
    let (mut fired, mut passed) = (0, 0);
    for path in files {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let name = format!("tests/fixtures/rules/{rule}/{stem}.arch");
        let text = std::fs::read_to_string(&path).unwrap();
        let compilation = archc::compile_str(&name, &text);
        assert!(!compilation.has_errors(), "{name} does not compile: {:#?}", compilation.diagnostics);
        let mut diags: Vec<_> =
            lint::lint(&compilation.model, &LintConfig::default()).into_iter().filter(|d| d.code == rule).collect();
        report::sort(&mut diags, &compilation.sources);
        if stem.starts_with("pass_") {
            assert!(diags.is_empty(), "{name} must not fire `{rule}`:\n{diags:#?}");
            passed += 1;
        } else if stem.starts_with("fire_") {
            assert!(!diags.is_empty(), "{name} must fire `{rule}`");
            let rendered = human::render(&diags, &compilation.sources, human::HumanOptions::default());
            insta::assert_snapshot!(format!("{rule}__{stem}__human"), rendered);
            let summary = Summary::count(&diags, compilation.sources.len());
            insta::assert_snapshot!(
                format!("{rule}__{stem}__json"),
                report::json::render(&diags, &compilation.sources, summary)
            );
            fired += 1;
        }
    }
    assert!(fired > 0 && passed > 0, "`{rule}` needs fire_ and pass_ fixtures");
}

#[test]
fn quantitative_rules_fire_and_pass() {
    for rule in RULES {
        assert!(lint::find_rule(rule).is_some(), "`{rule}` is not registered");
        check_rule(rule);
    }
}
