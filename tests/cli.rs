//! The binary's contract: exit codes, streams and the JSON shape (CLI.md).

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn archc() -> Command {
    let mut cmd = Command::cargo_bin("archc").expect("binary is built");
    cmd.env_remove("NO_COLOR").env("COLUMNS", "80");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// Reviewed clean: no entry points, so nothing is unreachable; replicated, linked.
const CLEAN: &str = "service a { replicas 2 }\nservice b { replicas 2 }\na ~> b\n";
/// Two `allow`s that suppress nothing (`a` is replicated and no cache): two
/// notes from `unused-allow`, and no other finding.
const STALE_ALLOW: &str = "service a {\n  replicas 2\n  allow single-point-of-failure \"y\"\n  allow cache-without-eviction\n}\nservice b { replicas 2 }\na ~> b\n";

#[test]
fn clean_file_exits_0_with_summary_on_stderr_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", CLEAN);
    let out = archc().arg("check").arg(dir.path().join("a.arch")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.ends_with("0 errors, 0 warnings in 1 file\n"), "{stderr}");
}

#[test]
fn syntax_error_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", "service a {\n");
    let out = archc().arg("check").arg(dir.path().join("a.arch")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unclosed-brace"));
}

#[test]
fn missing_path_and_unknown_rule_exit_2() {
    archc().args(["check", "does/not/exist.arch"]).assert().code(2);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", CLEAN);
    let out = archc().arg("check").arg(dir.path()).args(["-D", "no-such-rule"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule called `no-such-rule`"));
    // Error codes are not rules.
    archc().arg("check").arg(dir.path()).args(["-A", "unknown-kind"]).assert().code(2);
    archc().args(["check", "--format", "yaml"]).assert().code(2);
}

#[test]
fn levels_from_flags_apply_in_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", STALE_ALLOW);
    let file = dir.path().join("a.arch");
    archc().arg("check").arg(&file).assert().code(0);
    archc().arg("check").arg(&file).args(["-D", "unused-allow"]).assert().code(1);
    archc().arg("check").arg(&file).args(["-D", "unused-allow", "-A", "unused-allow"]).assert().code(0);
    archc().arg("check").arg(&file).args(["-A", "unused-allow", "-D", "unused-allow"]).assert().code(1);
}

#[test]
fn config_file_is_found_upwards_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "archc.toml", "[rules]\nunused-allow = \"error\"\n");
    write(dir.path(), "sub/a.arch", STALE_ALLOW);
    let file = dir.path().join("sub/a.arch");
    archc().arg("check").arg(&file).assert().code(1);
    archc().arg("check").arg(&file).args(["-W", "unused-allow"]).assert().code(0);
}

#[test]
fn config_errors_point_into_the_toml() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "archc.toml", "[rules]\nunused-alow = \"error\"\n");
    write(dir.path(), "a.arch", CLEAN);
    let out = archc().arg("check").arg(dir.path().join("a.arch")).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{json}");
    let d = &diags[0];
    assert_eq!(d["code"], "invalid-config");
    assert!(d["file"].as_str().unwrap().ends_with("archc.toml"));
    assert_eq!(d["span"]["start"]["line"], 2);
}

#[test]
fn json_shape_matches_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", "service a\na -> b\n");
    let out = archc().current_dir(dir.path()).args(["check", "a.arch", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["files"], serde_json::json!(["a.arch"]));
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "undefined-component");
    assert_eq!(d["kind"], "semantic");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "a.arch");
    assert_eq!(d["span"]["start"], serde_json::json!({"line": 2, "column": 6, "offset": 15}));
    assert_eq!(d["span"]["end"], serde_json::json!({"line": 2, "column": 7, "offset": 16}));
    assert!(d["labels"].is_array());
    assert!(d["help"].is_string());
    assert_eq!(json["summary"], serde_json::json!({"errors": 1, "warnings": 0, "notes": 0, "files": 1}));
}

#[test]
fn json_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", "service a\na -> b\nb -> c\nservce x\n");
    write(dir.path(), "b.arch", STALE_ALLOW.replace("service a", "service z").as_str());
    let run = || archc().current_dir(dir.path()).args(["check", ".", "--format", "json"]).output().unwrap().stdout;
    let first = run();
    for _ in 0..3 {
        assert_eq!(run(), first);
    }
}

#[test]
fn stdin_is_named_by_stdin_filename() {
    let out = archc()
        .args(["check", "-", "--stdin-filename", "design.arch", "--format", "json"])
        .write_stdin("servce a\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], "design.arch");
}

#[test]
fn directory_walk_compiles_roots_once_and_honours_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.arch", "import \"parts/lib.arch\"\nservice a\na -> b\n");
    write(dir.path(), "parts/lib.arch", "service b\n");
    write(dir.path(), "ignored/bad.arch", "this is not arch {\n");
    write(dir.path(), ".gitignore", "ignored/\n");
    // lib.arch alone would not know `a`; as an import of main.arch it resolves.
    let out = archc().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{json}");
    assert_eq!(json["files"], serde_json::json!(["main.arch", "parts/lib.arch"]));
}

#[test]
fn a_file_two_roots_import_reports_its_findings_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "lib.arch", "cache shared_cache\n");
    write(dir.path(), "a.arch", "import \"lib.arch\"\nservice a { replicas 2 }\na -> shared_cache\ncache own_cache\n");
    write(dir.path(), "b.arch", "import \"lib.arch\"\nservice b { replicas 2 }\nb -> shared_cache\n");
    let out = archc().current_dir(dir.path()).args(["check", "a.arch", "b.arch", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["file"].as_str().unwrap().to_string()))
        .filter(|(code, _)| code == "cache-without-eviction")
        .collect();
    let expected = [("cache-without-eviction", "a.arch"), ("cache-without-eviction", "lib.arch")];
    assert_eq!(found, expected.map(|(c, f)| (c.to_string(), f.to_string())), "{json}");
}

#[test]
fn import_cycles_in_a_walk_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", "import \"b.arch\"\nservice a\n");
    write(dir.path(), "b.arch", "import \"a.arch\"\nservice b\n");
    let out = archc().current_dir(dir.path()).args(["check", ".", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["import-cycle"]);
}

#[test]
fn imports_cannot_leave_the_root() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "outside.arch", "service o\n");
    write(dir.path(), "proj/main.arch", "import \"../outside.arch\"\nimport \"/etc/passwd\"\n");
    let out =
        archc().current_dir(dir.path().join("proj")).args(["check", "main.arch", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["import-outside-root", "import-outside-root"]);
    // Widening the root makes the first import legal.
    let out =
        archc().current_dir(dir.path().join("proj")).args(["check", "main.arch", "--root", ".."]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 error"));
}

#[test]
fn quiet_prints_only_errors_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", STALE_ALLOW);
    let out = archc().arg("check").arg(dir.path().join("a.arch")).arg("-q").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("unused-allow"), "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings, 2 notes in 1 file"), "{stderr}");
}

#[test]
fn rules_and_explain() {
    let out = archc().args(["rules", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["rules"].as_array().unwrap().iter().any(|r| r["name"] == "unused-allow"));
    assert!(json["errors"].as_array().unwrap().iter().any(|e| e["code"] == "undefined-component"));
    let out = archc().args(["explain", "unused-allow"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    // A heading at the start of its line, or Markdown renders it as text.
    assert!(String::from_utf8_lossy(&out.stdout).contains("\n## Why is this bad?\n"));
    let out = archc().args(["explain", "unused-alow"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `unused-allow`?"));
}

/// What to write is explained as well as what is reported.
#[test]
fn explain_covers_attributes_and_component_kinds() {
    let out = archc().args(["explain", "replicas"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("# replicas\n"), "{text}");
    assert!(text.contains("`2..10`") && text.contains("For example: `replicas 3`"), "{text}");
    let out = archc().args(["explain", "load_balancer"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("component kind"));
    let out = archc().args(["explain", "hit_ration"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `hit_ratio`?"));
}

#[test]
fn binary_garbage_is_an_error_with_an_offset() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bin.arch"), b"service a\n\xff\xfe\x00garbage").unwrap();
    let out = archc().arg("check").arg(dir.path().join("bin.arch")).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "invalid-utf8");
    assert_eq!(json["diagnostics"][0]["span"]["start"]["offset"], 10);
}

#[test]
fn a_config_file_without_errors_is_not_a_checked_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "archc.toml", "[rules]\nno-backup = \"error\"\n");
    write(dir.path(), "a.arch", CLEAN);
    let out = archc().arg("check").arg(dir.path().join("a.arch")).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1, "{json}");
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1), "{json}");
}

#[test]
fn a_project_root_that_is_not_a_directory_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", CLEAN);
    for root in [dir.path().join("missing"), dir.path().join("a.arch")] {
        let out = archc().arg("check").arg("--root").arg(&root).arg(dir.path().join("a.arch")).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "--root {}", root.display());
        assert!(String::from_utf8_lossy(&out.stderr).contains("is not a directory"));
    }
}

/// A named pipe would block the open until a writer comes: CI must not hang
/// on one, given directly or imported.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.arch");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    write(dir.path(), "main.arch", "import \"pipe.arch\"\nservice a\n");

    for command in [&["check"][..], &["fmt"], &["fmt", "--check"]] {
        let out = archc().args(command).arg(&fifo).timeout(std::time::Duration::from_secs(20)).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("is not a regular file"), "{command:?}");
    }

    let out = archc()
        .arg("check")
        .arg(dir.path().join("main.arch"))
        .args(["--format", "json"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let import = &json["diagnostics"][0];
    assert_eq!(import["code"], "import-not-found", "{json}");
    assert!(import["message"].as_str().unwrap().contains("not a regular file"));
}

/// A folder with no designs is clean, but says so: a CI job pointed at the
/// wrong one should not pass unseen.
#[test]
fn a_directory_without_designs_passes_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a design").unwrap();
    let out = archc().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: no `.arch` files under"), "{stderr}");
    assert!(stderr.contains("in 0 files"), "{stderr}");
}

#[test]
fn importing_a_directory_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    std::fs::write(dir.path().join("main.arch"), "import \"shared\"\nservice a\n").unwrap();
    let out = archc().arg("check").arg(dir.path().join("main.arch")).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let import = &json["diagnostics"][0];
    assert_eq!(import["code"], "import-not-found", "{json}");
    assert!(import["message"].as_str().unwrap().contains("it is a directory"), "{json}");
}

#[test]
fn quiet_keeps_only_errors_in_machine_formats_too() {
    let dir = tempfile::tempdir().unwrap();
    // One error (a sync cycle) and warnings (single points of failure).
    write(dir.path(), "a.arch", "client web\nservice a\nservice b\nweb -> a\na -> b\nb -> a\n");
    let out =
        archc().arg("check").arg("-q").arg(dir.path().join("a.arch")).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let levels: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["severity"].as_str().unwrap()).collect();
    assert_eq!(levels, ["error"], "{json}");
    assert!(json["summary"]["warnings"].as_u64().unwrap() > 0, "the summary counts everything: {json}");
}

#[test]
fn output_dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", CLEAN);
    let out =
        archc().current_dir(dir.path()).args(["check", "a.arch", "--format", "json", "-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1);
    assert!(!dir.path().join("-").exists(), "no file named `-`");
}

#[test]
fn stdin_filename_without_stdin_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.arch", CLEAN);
    let out =
        archc().arg("check").args(["--stdin-filename", "x.arch"]).arg(dir.path().join("a.arch")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`-` is not among the paths"));
}
