//! `archc render` on the command line: formats, outputs and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

const DESIGN: &str = "tests/fixtures/render/shop.arch";

fn archc() -> Command {
    Command::cargo_bin("archc").expect("binary")
}

#[test]
fn svg_to_stdout_by_default_and_with_dash() {
    for args in [vec!["render", DESIGN], vec!["render", DESIGN, "-o", "-"]] {
        archc().args(&args).assert().success().stdout(predicate::str::starts_with("<?xml")).stderr("");
    }
}

#[test]
fn format_comes_from_the_extension_or_the_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, start) in
        [("d.svg", "<?xml"), ("d.dot", "digraph"), ("d.mmd", "flowchart"), ("d.d2", "direction"), ("d.json", "{")]
    {
        let out = dir.path().join(file);
        archc().args(["render", DESIGN, "-o"]).arg(&out).assert().success();
        let text = std::fs::read_to_string(&out).expect("written");
        assert!(text.starts_with(start), "{file}: {}", &text[..text.len().min(40)]);
    }
    let png = dir.path().join("d.png");
    archc().args(["render", DESIGN, "--findings", "-o"]).arg(&png).assert().success();
    assert!(std::fs::read(&png).expect("png").starts_with(b"\x89PNG"));
    archc()
        .args(["render", DESIGN, "--format", "mermaid"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("flowchart TB"));
    archc()
        .args(["render", DESIGN, "--format", "mermaid", "--direction", "lr"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("flowchart LR"));
}

#[test]
fn usage_errors_exit_2() {
    archc()
        .args(["render", DESIGN, "--format", "png"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a png cannot be written to standard output"));
    archc().args(["render", DESIGN, "-o", "x.bmp"]).assert().code(2).stderr(predicate::str::contains("extension"));
    archc()
        .args(["render", DESIGN, "--group", "cor"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no group named `cor`").and(predicate::str::contains("did you mean `core`?")));
    archc().args(["render", "tests/fixtures/render/missing.arch"]).assert().code(2);
}

#[test]
fn input_errors_exit_1() {
    archc()
        .args(["render", "-", "--stdin-filename", "bad.arch"])
        .write_stdin("service a\na -> nowhere\n")
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn group_renders_only_that_group() {
    let out = archc().args(["render", DESIGN, "--group", "catalog_team", "--format", "d2"]).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"catalog\"") && !text.contains("\"orders\""), "{text}");
}
