//! `archc render` on the command line: formats, outputs and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

/// A shop with groups, and a synchronous cycle: an error-level finding,
/// so rendering it exits 1 after drawing.
const DESIGN: &str = "tests/fixtures/render/shop.arch";
/// A design with no error-level finding.
const CLEAN: &str = "tests/fixtures/render/shortener.arch";

fn archc() -> Command {
    Command::cargo_bin("archc").expect("binary")
}

#[test]
fn svg_to_stdout_by_default_and_with_dash() {
    for args in [vec!["render", CLEAN], vec!["render", CLEAN, "-o", "-"]] {
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
        archc().args(["render", CLEAN, "-o"]).arg(&out).assert().success();
        let text = std::fs::read_to_string(&out).expect("written");
        assert!(text.starts_with(start), "{file}: {}", &text[..text.len().min(40)]);
    }
    let png = dir.path().join("d.png");
    // The shop's sync cycle is an error-level finding: drawn, then exit 1.
    archc().args(["render", DESIGN, "--findings", "-o"]).arg(&png).assert().code(1);
    assert!(std::fs::read(&png).expect("png").starts_with(b"\x89PNG"));
    archc()
        .args(["render", CLEAN, "--format", "mermaid"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("flowchart TB"));
    archc()
        .args(["render", CLEAN, "--format", "mermaid", "--direction", "lr"])
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
    // A component's id is not a group's: say what it is and where it lives.
    archc()
        .args(["render", DESIGN, "--group", "catalog_search"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`catalog_search` is a search, in group `catalog_team`"));
    archc()
        .args(["render", DESIGN, "--group", "zzzzzzzz"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the design's groups: `public`, `core`"));
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
    // Drawn; the exit code still reports the whole design's cycle.
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"catalog\"") && !text.contains("\"orders\""), "{text}");
}

/// Kills the watching child however the test ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `--watch` renders once, then again after the design changes. The test
/// waits for what the command says (it watches before it announces it) and
/// for the output's contents, never for a fixed time; each wait gives up
/// after a generous deadline.
#[test]
fn watch_renders_again_when_the_design_changes() {
    use std::io::{BufRead, BufReader};
    use std::time::{Duration, Instant};
    let input_dir = tempfile::tempdir().expect("tempdir");
    let output_dir = tempfile::tempdir().expect("tempdir");
    let design = input_dir.path().join("in.arch");
    let out = output_dir.path().join("out.svg");
    let write_design = |name: &str| {
        std::fs::write(&design, format!("client web \"Browser\"\nservice api \"{name}\"\nweb -> api : https\n"))
            .expect("write design")
    };
    write_design("First name");
    let mut child = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_archc"))
            .args(["render", "--watch"])
            .arg(&design)
            .arg("-o")
            .arg(&out)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("archc starts"),
    );
    let stderr = child.0.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Duration::from_secs(10);
    let started = Instant::now();
    loop {
        let left = deadline.checked_sub(started.elapsed()).expect("`watching` announced within 10 s");
        let line = rx.recv_timeout(left).expect("`watching` announced within 10 s");
        if line.starts_with("watching") {
            break;
        }
    }
    let first = std::fs::read_to_string(&out).expect("the first render is written before watching starts");
    assert!(first.contains("First name"));

    write_design("Second name");
    let changed = Instant::now();
    let mut last_write = Instant::now();
    loop {
        if std::fs::read_to_string(&out).is_ok_and(|svg| svg.contains("Second name")) {
            break;
        }
        assert!(changed.elapsed() < deadline, "out.svg was not rendered again within 10 s");
        // A change that lands while a render is running is picked up by the
        // next event; saving again (as an editor would) makes one.
        if last_write.elapsed() > Duration::from_secs(2) {
            write_design("Second name");
            last_write = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(child.0.try_wait().expect("status").is_none(), "still watching after a render");
}

#[test]
fn marking_an_error_level_finding_exits_1_after_drawing() {
    // A synchronous cycle is an error-level finding.
    let flawed = "examples/flawed/sync-cycle.arch";
    archc()
        .args(["render", flawed, "--findings"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("<?xml"))
        .stderr(predicate::str::contains("1 error"));
    // Without --findings the exit code is the same: it reports the input.
    archc()
        .args(["render", flawed])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("<?xml"))
        .stderr(predicate::str::contains("`--findings` marks them"));
    // The archc.toml that `check` reads sets the levels here too.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(flawed, dir.path().join("cycle.arch")).expect("copy");
    std::fs::write(dir.path().join("archc.toml"), "[rules]\nsync-cycle = \"warn\"\n").expect("write");
    archc().args(["render"]).arg(dir.path().join("cycle.arch")).assert().success();
    // As are `--config` and `-D/-W/-A`, in the same order of precedence.
    let quiet = dir.path().join("quiet.toml");
    std::fs::write(&quiet, "[rules]\nsync-cycle = \"off\"\n").expect("write");
    archc().args(["render", flawed, "-A", "sync-cycle"]).assert().success();
    archc().args(["render", flawed, "-q", "-W", "sync-cycle"]).assert().success();
    archc().args(["render", flawed, "--config"]).arg(&quiet).assert().success();
    archc().args(["render", flawed, "--config"]).arg(&quiet).args(["-D", "sync-cycle"]).assert().code(1);
    archc().args(["render", flawed, "-A", "sync-cycl"]).assert().code(2).stdout("");
    // And its errors are reported as by `check`.
    std::fs::write(dir.path().join("archc.toml"), "[rules]\nsync-cycl = \"warn\"\n").expect("write");
    archc()
        .args(["render"])
        .arg(dir.path().join("cycle.arch"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("sync-cycl"));
}

#[test]
fn an_unknown_rule_stops_render_findings_with_the_error_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let design = dir.path().join("d.arch");
    std::fs::write(&design, "service a { replicas 2; allow no-bakup }\nservice b { replicas 2 }\na ~> b\n")
        .expect("write");
    archc()
        .args(["render", "--findings"])
        .arg(&design)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("did you mean `no-backup`?"));
}

/// A PNG of a huge diagram would need gigabytes of canvas: it is refused
/// with advice, and nothing is written.
#[test]
fn a_png_too_large_to_read_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut design = String::from("client c\ngroup big {\n");
    for i in 0..200 {
        design.push_str(&format!("  service s{i} \"Service number {i}\"\n"));
    }
    design.push_str("}\n");
    for i in 0..200 {
        design.push_str(&format!("c -> s{i}\n"));
    }
    let input = dir.path().join("wide.arch");
    std::fs::write(&input, design).expect("write");
    let out = dir.path().join("wide.png");
    archc()
        .args(["render"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("too large for a readable PNG").and(predicate::str::contains("--group")));
    assert!(!out.exists());
    // The same design as SVG is fine.
    archc().args(["render"]).arg(&input).assert().success();
}

#[test]
fn an_empty_design_draws_an_empty_diagram_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("empty.arch");
    std::fs::write(&file, "// nothing yet\n").expect("write");
    archc()
        .arg("render")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<?xml"))
        .stderr(predicate::str::contains("declares no components"));
}
