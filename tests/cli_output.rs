//! The CI-facing output of `archc check` through the binary: every format,
//! `-o`, exit codes with `-D warnings` and `--max-warnings`, baselines,
//! parallel checking, completions and the manual page.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const SHOP: &str = include_str!("fixtures/output/shop.arch");
/// Two `allow`s that suppress nothing: two notes from `unused-allow`.
const STALE_ALLOW: &str =
    "service a {\n  replicas 2\n  allow single-point-of-failure \"y\"\n  allow cache-without-eviction\n}\nservice b { replicas 2 }\na ~> b\n";
/// Two semantic errors.
const BROKEN: &str = "service a {\n  latency 5GB\n  colr \"x\"\n}\n";
/// A file name that needs every escape of a workflow command property.
const ODD_NAME: &str = "odd: 50%, x.arch";

fn archc(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("archc").expect("binary is built");
    cmd.current_dir(dir).env_remove("NO_COLOR").env("COLUMNS", "80");
    cmd
}

fn dir_with(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        fs::write(dir.path().join(name), text).expect("write fixture");
    }
    dir
}

fn stdout(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("archc runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn github_commands_escape_and_put_errors_first() {
    let dir = dir_with(&[("shop.arch", SHOP), (ODD_NAME, STALE_ALLOW), ("z-broken.arch", BROKEN)]);
    let (code, out, err) = stdout(archc(dir.path()).args(["check", "--format", "github", "."]));
    assert_eq!(code, Some(1), "{err}");
    insta::assert_snapshot!("github", out);

    let kinds: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("::")?.split(' ').next()).collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| ["error", "warning", "notice"].iter().position(|x| x == k));
    assert_eq!(kinds, sorted, "errors, then warnings, then notices");
    assert!(kinds.contains(&"error") && kinds.contains(&"warning") && kinds.contains(&"notice"));
    assert!(out.contains("file=odd%3A 50%25%2C x.arch,"), "properties escape `:`, `%` and `,`");
    assert!(out.contains("99.9%25 SLO"), "data escapes `%`");
    assert!(out.contains("%0Ahelp: "), "data escapes newlines");
    assert!(out.lines().last().is_some_and(|l| l.ends_with("in 3 files")), "ends with the summary");
}

#[test]
fn github_commands_omit_columns_for_multi_line_spans_and_honour_quiet() {
    let dir = dir_with(&[("shop.arch", SHOP), ("z-broken.arch", BROKEN)]);
    let (_, out, _) = stdout(archc(dir.path()).args(["check", "--format", "github", "-q", "."]));
    assert!(out.lines().all(|l| !l.starts_with("::warning")), "-q keeps only errors:\n{out}");
    assert!(out.lines().any(|l| l.starts_with("::error")));
    for line in out.lines().filter(|l| l.starts_with("::")) {
        let single = line.contains(",col=");
        let same_line = line.split(',').find_map(|p| p.strip_prefix("line="))
            == line.split(',').find_map(|p| p.strip_prefix("endLine="));
        assert_eq!(single, same_line, "{line}");
    }
}

#[test]
fn sarif_to_a_file_with_relative_locations() {
    let dir = dir_with(&[("shop.arch", SHOP), (ODD_NAME, STALE_ALLOW)]);
    let (code, out, err) = stdout(archc(dir.path()).args(["check", "--format", "sarif", "-o", "archc.sarif", "."]));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.is_empty(), "-o leaves standard output empty");
    let text = fs::read_to_string(dir.path().join("archc.sarif")).expect("SARIF written");
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "archc");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), archc::lint::registry().len(), "every rule, no error codes in a clean run");
    insta::assert_snapshot!("sarif_results", serde_json::to_string_pretty(&run["results"]).unwrap_or_default());

    // The same run to standard output gives the same bytes.
    let (_, again, _) = stdout(archc(dir.path()).args(["check", "--format", "sarif", "."]));
    assert_eq!(again, text);
}

/// Code scanning and annotations want paths inside the repository, not
/// relative to wherever archc was started.
#[test]
fn sarif_and_github_paths_are_relative_to_the_repository_from_a_subdirectory() {
    let dir = dir_with(&[("top.arch", BROKEN)]);
    fs::create_dir_all(dir.path().join(".git")).expect("mkdir");
    let sub = dir.path().join("sub");
    fs::create_dir_all(&sub).expect("mkdir");
    fs::write(sub.join("inner.arch"), BROKEN).expect("write");
    let run = |format: &str| {
        let mut cmd = archc(&sub);
        cmd.env_remove("GITHUB_WORKSPACE").args(["check", "--format", format, "../top.arch", "inner.arch"]);
        stdout(&mut cmd).1
    };
    let sarif: Value = serde_json::from_str(&run("sarif")).expect("SARIF is JSON");
    let mut uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or("").to_string())
        .collect();
    uris.dedup();
    assert_eq!(uris, ["sub/inner.arch", "top.arch"]);
    let github = run("github");
    assert!(github.contains("file=sub/inner.arch,") && github.contains("file=top.arch,"), "{github}");
    assert!(!github.contains(".."), "{github}");
    // The other formats keep the names as given.
    let json: Value = serde_json::from_str(&run("json")).expect("JSON");
    assert_eq!(json["files"], serde_json::json!(["../top.arch", "inner.arch"]));
}

#[test]
fn sarif_describes_the_error_codes_that_occur() {
    let dir = dir_with(&[("broken.arch", BROKEN)]);
    let (code, out, _) = stdout(archc(dir.path()).args(["check", "--format", "sarif", "broken.arch"]));
    assert_eq!(code, Some(1));
    let log: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let ids: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.ends_with(&["invalid-value", "unknown-attribute"]), "{ids:?}");
}

#[test]
fn json_and_human_reports() {
    let dir = dir_with(&[("shop.arch", SHOP)]);
    let (code, out, err) = stdout(archc(dir.path()).args(["check", "--format", "json", "shop.arch"]));
    assert_eq!(code, Some(0));
    assert!(err.is_empty(), "{err}");
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert!(json.get("baseline").is_none(), "no baseline field without --baseline");
    assert_eq!(json["summary"]["warnings"].as_u64(), Some(json["diagnostics"].as_array().map_or(0, Vec::len) as u64));

    // Human output to a file: nothing on the terminal, no colour in the file.
    let (code, out, err) =
        stdout(archc(dir.path()).args(["check", "--color", "always", "-o", "report.txt", "shop.arch"]));
    assert_eq!((code, out.as_str(), err.as_str()), (Some(0), "", ""));
    let report = fs::read_to_string(dir.path().join("report.txt")).expect("report written");
    assert!(!report.contains('\u{1b}'), "no escape codes in a file");
    insta::assert_snapshot!("human_to_file", report);
}

#[test]
fn exit_codes_for_warnings() {
    let dir = dir_with(&[("shop.arch", SHOP)]);
    let warnings = {
        let (_, out, _) = stdout(archc(dir.path()).args(["check", "--format", "json", "shop.arch"]));
        let json: Value = serde_json::from_str(&out).expect("JSON");
        json["summary"]["warnings"].as_u64().expect("count") as usize
    };
    assert!(warnings >= 2, "the fixture should have warnings");
    archc(dir.path()).args(["check", "shop.arch"]).assert().code(0);
    archc(dir.path()).args(["check", "-D", "warnings", "shop.arch"]).assert().code(1);
    archc(dir.path()).args(["check", "--max-warnings", &warnings.to_string(), "shop.arch"]).assert().code(0);
    let (code, _, err) =
        stdout(archc(dir.path()).args(["check", "--max-warnings", &(warnings - 1).to_string(), "shop.arch"]));
    assert_eq!(code, Some(1));
    assert!(err.contains(&format!("{warnings} warnings are more than `--max-warnings {}`", warnings - 1)), "{err}");
    // The same holds whatever the format.
    archc(dir.path()).args(["check", "--format", "sarif", "--max-warnings", "0", "shop.arch"]).assert().code(1);
    archc(dir.path()).args(["check", "--format", "github", "-D", "warnings", "shop.arch"]).assert().code(1);
    // A report that cannot be written is a tool failure.
    archc(dir.path()).args(["check", "--format", "sarif", "-o", "no/such/dir/x.sarif", "shop.arch"]).assert().code(2);
    archc(dir.path()).args(["check", "--max-warnings", "many", "shop.arch"]).assert().code(2);
}

#[test]
fn baselines_survive_edits_and_report_new_findings() {
    let dir = dir_with(&[("shop.arch", SHOP)]);
    let (code, _, err) =
        stdout(archc(dir.path()).args(["check", "-D", "warnings", "--write-baseline", "base.json", "shop.arch"]));
    assert_eq!(code, Some(0), "a fresh baseline accepts every finding: {err}");
    assert!(err.contains("0 errors, 0 warnings in 1 file"), "{err}");
    let base: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("base.json")).expect("written")).expect("JSON");
    let recorded = base["findings"].as_array().map_or(0, Vec::len);
    assert!(recorded >= 2);
    assert!(err.contains(&format!("{recorded} findings matched the baseline")), "{err}");
    insta::assert_snapshot!("baseline_file", fs::read_to_string(dir.path().join("base.json")).unwrap_or_default());

    // Unrelated lines above move every finding; a new, unconnected component
    // adds findings of its own without changing any old one.
    let edited = format!("// moved down by a comment\n\n\n{SHOP}\ncache sessions \"Sessions\"\n");
    fs::write(dir.path().join("shop.arch"), edited).expect("edit");
    let (code, out, err) =
        stdout(archc(dir.path()).args(["check", "--format", "json", "--baseline", "base.json", "shop.arch"]));
    assert_eq!(code, Some(0), "{err}");
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["baseline"]["matched"].as_u64(), Some(recorded as u64));
    let new: Vec<&Value> = json["diagnostics"].as_array().into_iter().flatten().collect();
    assert!(!new.is_empty(), "the new queue's findings are reported");
    for d in &new {
        let line = d["span"]["start"]["line"].as_u64().unwrap_or(0);
        let text = format!("{} {}", d["message"], d["help"]);
        assert!(line > 29 || text.contains("sessions"), "only findings about the new lines: {d}");
    }

    // With -D warnings, the new findings fail the build and the old do not.
    let (code, _, err) =
        stdout(archc(dir.path()).args(["check", "-D", "warnings", "--baseline", "base.json", "shop.arch"]));
    assert_eq!(code, Some(1));
    assert!(err.contains(&format!("{recorded} findings matched the baseline")), "{err}");

    // A missing or foreign baseline is a tool failure.
    archc(dir.path()).args(["check", "--baseline", "none.json", "shop.arch"]).assert().code(2);
    archc(dir.path()).args(["check", "--baseline", "shop.arch", "shop.arch"]).assert().code(2);
}

#[test]
fn many_files_give_the_same_report_every_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..24 {
        let text = if i % 5 == 0 { BROKEN.to_string() } else { SHOP.replace("api", &format!("api{i}")) };
        let sub = dir.path().join(format!("team{}", i % 3));
        fs::create_dir_all(&sub).expect("dir");
        fs::write(sub.join(format!("design-{i:02}.arch")), text).expect("write");
    }
    let run = || stdout(archc(dir.path()).args(["check", "--format", "json", "."]));
    let (code, first, _) = run();
    assert_eq!(code, Some(1));
    for _ in 0..3 {
        assert_eq!(run().1, first);
    }
    let json: Value = serde_json::from_str(&first).expect("JSON");
    let files: Vec<&str> =
        json["diagnostics"].as_array().into_iter().flatten().filter_map(|d| d["file"].as_str()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "report order is by file");
    assert_eq!(json["summary"]["files"], 24);
}

#[test]
fn completions_and_manual_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, out, _) = stdout(archc(dir.path()).args(["completions", "bash"]));
    assert_eq!(code, Some(0));
    assert!(out.contains("_archc()") && out.contains("--max-warnings"), "bash completion knows the check flags");
    let (_, out, _) = stdout(archc(dir.path()).args(["completions", "fish"]));
    assert!(out.contains("complete -c archc"));
    archc(dir.path()).args(["completions", "tcsh"]).assert().code(2);

    let (code, out, _) = stdout(archc(dir.path()).args(["man"]));
    assert_eq!(code, Some(0));
    assert!(out.starts_with(".ie") || out.contains(".TH archc"), "roff: {}", &out[..out.len().min(200)]);
    assert!(out.contains("check"));
    let (code, out, _) = stdout(archc(dir.path()).args(["man", "check"]));
    assert_eq!(code, Some(0));
    assert!(out.contains(".TH archc-check") && out.contains("max\\-warnings"), "{}", &out[..out.len().min(400)]);
    archc(dir.path()).args(["man", "nope"]).assert().code(2);
}
