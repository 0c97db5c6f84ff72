//! Data-driven rule tests.
//!
//! `tests/fixtures/rules/<rule>/fire_*.arch` must produce that rule and
//! `pass_*.arch` must not; each fire fixture's findings of that rule are
//! snapshotted as users see them (human and JSON). The documentation example of
//! every rule must fire, and every `examples/flawed/<rule>.arch` must report
//! exactly its rule.

use archc::diagnostic::{Diagnostic, Severity, Summary};
use archc::lint::{self, LintConfig};
use archc::report::{self, human::HumanOptions};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/rules";

/// Compile and lint one file; the fixture must be free of syntax and semantic errors.
fn check(name: &str, text: &str, config: &LintConfig) -> (archc::Compilation, Vec<Diagnostic>) {
    let compilation = archc::compile_str(name, text);
    assert!(
        compilation.diagnostics.is_empty(),
        "{name} does not compile cleanly:\n{}",
        report::human::render(&compilation.diagnostics, &compilation.sources, HumanOptions::default())
    );
    let mut diags = lint::lint(&compilation.model, config);
    report::sort(&mut diags, &compilation.sources);
    (compilation, diags)
}

fn fixture_files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in fs::read_dir(FIXTURES).expect("fixture directory").flatten() {
        let rule = dir.file_name().to_string_lossy().into_owned();
        for file in fs::read_dir(dir.path()).expect("rule fixture directory").flatten() {
            if file.path().extension().is_some_and(|e| e == "arch") {
                out.push((rule.clone(), file.path()));
            }
        }
    }
    out.sort();
    out
}

fn codes(diags: &[Diagnostic]) -> BTreeSet<&str> {
    diags.iter().map(|d| d.code.as_ref()).collect()
}

#[test]
fn fixtures_fire_and_pass() {
    let mut failures = Vec::new();
    for (rule, path) in fixture_files() {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let name = path.to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(&path).expect("readable fixture");
        let (compilation, diags) = check(&name, &text, &LintConfig::default());
        let mine: Vec<Diagnostic> = diags.iter().filter(|d| d.code == rule).cloned().collect();
        if stem.starts_with("fire") {
            if mine.is_empty() {
                failures.push(format!("{name}: expected `{rule}`, got {:?}", codes(&diags)));
                continue;
            }
            let human = report::human::render(&mine, &compilation.sources, HumanOptions::default());
            let json = report::json::render(&mine, &compilation.sources, Summary::count(&mine, 1));
            insta::assert_snapshot!(format!("{rule}__{stem}__human"), human);
            insta::assert_snapshot!(format!("{rule}__{stem}__json"), json);
        } else if stem.starts_with("pass") {
            if !mine.is_empty() {
                let shown = report::human::render(&mine, &compilation.sources, HumanOptions::default());
                failures.push(format!("{name}: `{rule}` must not fire:\n{shown}"));
            }
        } else {
            failures.push(format!("{name}: fixture names start with `fire` or `pass`"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_fire_and_pass_fixtures() {
    let files = fixture_files();
    let names: BTreeSet<&str> = lint::rule_names().collect();
    for (rule, path) in &files {
        assert!(names.contains(rule.as_str()), "{} is not under a rule's name", path.display());
    }
    for rule in lint::rule_names().filter(|r| !QUANTITATIVE.contains(r) && *r != lint::UNUSED_ALLOW) {
        let count = |prefix: &str| {
            files
                .iter()
                .filter(|(r, p)| r == rule && p.file_name().is_some_and(|f| f.to_string_lossy().starts_with(prefix)))
                .count()
        };
        assert!(count("fire") >= 2, "`{rule}` needs at least two fire fixtures");
        assert!(count("pass") >= 2, "`{rule}` needs at least two pass fixtures");
    }
}

/// Rules whose tests live with the estimates.
const QUANTITATIVE: &[&str] = &[
    "under-provisioned",
    "availability-below-slo",
    "latency-budget-exceeded",
    "no-failure-headroom",
    "storage-exceeds-disk",
];

#[test]
fn registry_is_sorted_and_documented() {
    let names: Vec<&str> = lint::rule_names().collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "register_rules! must stay sorted by rule name");
    for rule in lint::registry() {
        let meta = rule.meta();
        for section in ["## What it does", "## Why is this bad?", "## Example", "## How to fix"] {
            assert!(meta.docs.contains(section), "`{}` docs lack `{section}`", meta.name);
        }
        // The quantitative rules are documented with the estimates.
        if !QUANTITATIVE.contains(&meta.name) {
            assert!(meta.docs.contains("allow"), "`{}` docs must say how to suppress it", meta.name);
        }
        let summary = meta.summary;
        assert!(!summary.ends_with('.') && !summary.contains('\n'), "`{}` summary: one line, no period", meta.name);
        assert_eq!(summary.chars().next().map(|c| c.is_lowercase()), Some(true), "`{}` summary", meta.name);
    }
}

/// The first ```arch block of a rule's documentation.
fn doc_example(docs: &str) -> Option<String> {
    let start = docs.find("```arch")? + "```arch".len();
    let end = docs[start..].find("```")? + start;
    Some(docs[start..end].lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n"))
}

#[test]
fn documentation_examples_fire() {
    for rule in lint::registry() {
        let meta = rule.meta();
        if meta.name == lint::UNUSED_ALLOW || QUANTITATIVE.contains(&meta.name) {
            continue;
        }
        let example = doc_example(meta.docs).unwrap_or_else(|| panic!("`{}` docs have no ```arch example", meta.name));
        let (_, diags) = check(&format!("{}.arch", meta.name), &example, &LintConfig::default());
        assert!(codes(&diags).contains(meta.name), "the example of `{}` does not fire:\n{example}", meta.name);
    }
}

#[test]
fn flawed_examples_show_exactly_their_rule() {
    let dir = Path::new("examples/flawed");
    for rule in lint::rule_names().filter(|r| !QUANTITATIVE.contains(r)) {
        let path = dir.join(format!("{rule}.arch"));
        let text = fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing", path.display()));
        let (_, diags) = check(&path.to_string_lossy(), &text, &LintConfig::default());
        assert_eq!(codes(&diags), BTreeSet::from([rule]), "{} must report exactly `{rule}`", path.display());
    }
}

// ---- levels and suppression ------------------------------------------------

fn lint_text(text: &str, config: &LintConfig) -> Vec<Diagnostic> {
    check("test.arch", text, config).1
}

fn severities(diags: &[Diagnostic], code: &str) -> Vec<Severity> {
    diags.iter().filter(|d| d.code == code).map(|d| d.severity).collect()
}

const CACHE_FLAW: &str = "cache sessions { replicas 2 }\n";

#[test]
fn levels_from_config() {
    let default = lint_text(CACHE_FLAW, &LintConfig::default());
    assert_eq!(severities(&default, "cache-without-eviction"), [Severity::Warning]);

    for (level, expected) in [
        (lint::Level::Error, vec![Severity::Error]),
        (lint::Level::Note, vec![Severity::Note]),
        (lint::Level::Off, vec![]),
    ] {
        let mut config = LintConfig::default();
        config.set("cache-without-eviction", level).expect("known rule");
        assert_eq!(severities(&lint_text(CACHE_FLAW, &config), "cache-without-eviction"), expected, "{level:?}");
    }

    let mut config = LintConfig::default();
    config.set("warnings", lint::Level::Error).expect("-D warnings");
    let diags = lint_text("cache c\nqueue plain\n", &config);
    assert_eq!(severities(&diags, "cache-without-eviction"), [Severity::Error]);
    assert_eq!(severities(&diags, "orphan-component"), [Severity::Error, Severity::Error]);
    // Notes stay notes under `-D warnings`.
    assert_eq!(severities(&diags, "missing-dead-letter"), [Severity::Note]);

    assert!(LintConfig::default().set("no-such-rule", lint::Level::Error).is_err());
}

const WRITE_BEHIND_ACID: &str = "
service api { replicas 2 }
cache carts { replicas 3; strategy write_behind; ttl 1h }
database orders { replicas 2; acid }
api -> carts : write
api -> orders : write
";

const WRITE_BEHIND_SINGLE: &str = "
service api { replicas 2 }
cache carts { strategy write_behind; ttl 1h }
database orders { replicas 2 }
api -> carts : write
api -> orders : write
";

#[test]
fn write_behind_is_an_error_for_acid_only_at_the_default_level() {
    let code = "write-behind-data-loss";
    assert_eq!(severities(&lint_text(WRITE_BEHIND_ACID, &LintConfig::default()), code), [Severity::Error]);
    assert_eq!(severities(&lint_text(WRITE_BEHIND_SINGLE, &LintConfig::default()), code), [Severity::Warning]);

    let mut warn = LintConfig::default();
    warn.set(code, lint::Level::Warning).expect("known rule");
    assert_eq!(severities(&lint_text(WRITE_BEHIND_ACID, &warn), code), [Severity::Warning]);

    let mut note = LintConfig::default();
    note.set(code, lint::Level::Note).expect("known rule");
    assert_eq!(severities(&lint_text(WRITE_BEHIND_ACID, &note), code), [Severity::Note]);

    let mut off = LintConfig::default();
    off.set(code, lint::Level::Off).expect("known rule");
    assert!(severities(&lint_text(WRITE_BEHIND_ACID, &off), code).is_empty());
}

#[test]
fn allow_on_component_link_group_and_system() {
    let flawed = "client web\nservice api { replicas 2; auth none; rate_limit 10rps }\n";
    let on_link = format!("{flawed}web -> api : http {{ allow unencrypted-link \"internal demo\" }}\n");
    assert!(severities(&lint_text(&on_link, &LintConfig::default()), "unencrypted-link").is_empty());

    // A link counts as inside its source component.
    let on_source = "client web { allow unencrypted-link }\nservice api { replicas 2; auth none; rate_limit 10rps }\nweb -> api : http\n";
    assert!(severities(&lint_text(on_source, &LintConfig::default()), "unencrypted-link").is_empty());
    // …but not inside its target.
    let on_target = "client web\nservice api { replicas 2; auth none; rate_limit 10rps; allow unencrypted-link }\nweb -> api : http\n";
    let diags = lint_text(on_target, &LintConfig::default());
    assert_eq!(severities(&diags, "unencrypted-link"), [Severity::Warning]);
    assert_eq!(severities(&diags, "unused-allow"), [Severity::Note]);

    // A group's allow covers the links whose source is in it, wherever
    // the link is written, and not a link written in it from outside.
    let group_allow =
        "group edge {\n  allow unencrypted-link\n  service api { replicas 2; auth none; rate_limit 10rps }\n";
    let written_inside = format!("client web\n{group_allow}  web -> api : http\n}}\n");
    let diags = lint_text(&written_inside, &LintConfig::default());
    assert_eq!(severities(&diags, "unencrypted-link"), [Severity::Warning]);
    let from_inside = format!("{group_allow}  client web\n}}\nweb -> api : http\n");
    assert!(severities(&lint_text(&from_inside, &LintConfig::default()), "unencrypted-link").is_empty());

    let in_group = "group edge {\n  allow cache-without-eviction \"sized by ops\"\n  group inner {\n    cache c { replicas 2 }\n  }\n}\n";
    let diags = lint_text(in_group, &LintConfig::default());
    assert!(severities(&diags, "cache-without-eviction").is_empty());
    assert!(severities(&diags, "unused-allow").is_empty());

    let in_system = "system \"s\" { allow cache-without-eviction }\ncache a { replicas 2 }\ncache b { replicas 2 }\n";
    let diags = lint_text(in_system, &LintConfig::default());
    assert!(severities(&diags, "cache-without-eviction").is_empty());
    assert!(severities(&diags, "unused-allow").is_empty());

    // An `allow` of one rule leaves the others.
    let other = "cache c { replicas 2; allow no-backup }\n";
    let diags = lint_text(other, &LintConfig::default());
    assert_eq!(severities(&diags, "cache-without-eviction"), [Severity::Warning]);
    assert_eq!(severities(&diags, "unused-allow"), [Severity::Note]);
}

/// A chain gives each of its links a copy of its block; the one `allow`
/// written there is used when any copy suppresses a finding, and reported
/// once when none does.
#[test]
fn an_allow_on_a_chain_is_one_allow() {
    let partly = "client web\nservice s { replicas 2 }\nservice t { replicas 2 }\nweb -> s -> t : http { allow unencrypted-link }\n";
    let diags = lint_text(partly, &LintConfig::default());
    assert!(severities(&diags, "unencrypted-link").is_empty());
    assert!(severities(&diags, "unused-allow").is_empty(), "{diags:?}");
    let never = "client web\nservice s { replicas 2 }\nservice t { replicas 2 }\nservice u { replicas 2 }\n\
                 web -> s -> t -> u : https { allow unencrypted-link }\n";
    let diags = lint_text(never, &LintConfig::default());
    assert_eq!(severities(&diags, "unused-allow"), [Severity::Note]);
}

#[test]
fn unused_allow() {
    let stale = "cache c { replicas 2; ttl 1h; allow cache-without-eviction \"old\" }\n";
    let diags = lint_text(stale, &LintConfig::default());
    let unused: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "unused-allow").collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(&stale[unused[0].primary.span.range()], "allow cache-without-eviction \"old\"");

    // An `allow` for a rule that is off is not reported.
    let mut off = LintConfig::default();
    off.set("cache-without-eviction", lint::Level::Off).expect("known rule");
    assert!(severities(&lint_text(stale, &off), "unused-allow").is_empty());

    // `unused-allow` itself can be turned off or raised.
    let mut quiet = LintConfig::default();
    quiet.set("unused-allow", lint::Level::Off).expect("known rule");
    assert!(severities(&lint_text(stale, &quiet), "unused-allow").is_empty());
    let mut loud = LintConfig::default();
    loud.set("unused-allow", lint::Level::Error).expect("known rule");
    assert_eq!(severities(&lint_text(stale, &loud), "unused-allow"), [Severity::Error]);

    // An unknown rule in `allow` is an error with a suggestion, not an unused allow.
    let unknown = "cache c { replicas 2; ttl 1h; allow cache-without-evictoin }\n";
    let compilation = archc::compile_str("t.arch", unknown);
    let mut diags = compilation.diagnostics.clone();
    diags.extend(lint::lint(&compilation.model, &LintConfig::default()));
    let bad: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(bad.len(), 1, "{diags:?}");
    assert!(bad[0].help.as_deref().unwrap_or("").contains("cache-without-eviction"));
    assert!(severities(&diags, "unused-allow").is_empty());
}

#[test]
fn suppression_of_graph_rules_by_subject() {
    // sync-cycle points at a link: an allow on its source component suppresses it.
    let text = "service a { allow sync-cycle \"batched, never nested\" }\nservice b\na -> b\nb -> a\n";
    let diags = lint_text(text, &LintConfig::default());
    assert!(severities(&diags, "sync-cycle").is_empty(), "{diags:?}");
    // single-point-of-failure points at the component.
    let text =
        "client web\nservice api { auth none; rate_limit 5rps; allow single-point-of-failure }\nweb -> api : https\n";
    let diags = lint_text(text, &LintConfig::default());
    assert!(severities(&diags, "single-point-of-failure").is_empty(), "{diags:?}");
    assert!(severities(&diags, "unused-allow").is_empty());
}
