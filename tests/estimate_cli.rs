//! `archc estimate`: tables, JSON and exit codes.

use assert_cmd::Command;

fn archc() -> Command {
    let mut cmd = Command::cargo_bin("archc").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn text_tables_of_an_example() {
    let out = archc().args(["estimate", "examples/url-shortener.arch"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_of_an_example() {
    let out = archc().args(["estimate", "examples/social-feed.arch", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    // 100M × 40 / 86400 × 2 (LANGUAGE.md §5).
    let peak = v["system"]["peak_rps"].as_f64().unwrap();
    assert!((peak - 100e6 * 40.0 / 86_400.0 * 2.0).abs() < 1e-6);
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn input_errors_exit_1_and_unreadable_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.arch");
    std::fs::write(&bad, "service api { replicas lots }\n").unwrap();
    let out = archc().arg("estimate").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());

    let out = archc().arg("estimate").arg(dir.path().join("missing.arch")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_inputs_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.arch");
    std::fs::write(&file, "client web\nservice api\nweb -> api : https\n").unwrap();
    let out = archc().arg("estimate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("no `system` block"), "{text}");
}

/// Exit codes mean the same in every subcommand: the estimates of a design
/// with an error-level finding are printed, and the run exits 1; the
/// archc.toml that `check` reads sets the levels.
#[test]
fn an_error_level_finding_exits_1_after_the_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cycle.arch");
    std::fs::write(&file, "client web\nservice a { replicas 2 }\nservice b { replicas 2 }\nweb -> a\na -> b\nb -> a\n")
        .unwrap();
    let out = archc().arg("estimate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("components"), "the estimates are printed");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 error"));
    std::fs::write(dir.path().join("archc.toml"), "[rules]\nsync-cycle = \"warn\"\n").unwrap();
    let out = archc().arg("estimate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// The level options of `check` work here too, with the same precedence: the
/// config file, then the flags in command-line order.
#[test]
fn levels_come_from_the_same_options_as_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cycle.arch");
    std::fs::write(&file, "client web\nservice a { replicas 2 }\nservice b { replicas 2 }\nweb -> a\na -> b\nb -> a\n")
        .unwrap();
    let code = |extra: &[&str]| archc().arg("estimate").arg(&file).args(extra).output().unwrap().status.code();
    assert_eq!(code(&[]), Some(1));
    assert_eq!(code(&["-A", "sync-cycle"]), Some(0));
    assert_eq!(code(&["-W", "sync-cycle"]), Some(0));
    assert_eq!(code(&["-A", "sync-cycle", "-D", "sync-cycle"]), Some(1), "the later flag wins");
    assert_eq!(code(&["-D", "no-such-rule"]), Some(2));
    let config = dir.path().join("levels.toml");
    std::fs::write(&config, "[rules]\nsync-cycle = \"off\"\n").unwrap();
    assert_eq!(code(&["--config", config.to_str().unwrap()]), Some(0));
    assert_eq!(code(&["--config", config.to_str().unwrap(), "-D", "sync-cycle"]), Some(1));
}

/// `-q` is taken as `check` takes it: the errors and the summary still show.
#[test]
fn quiet_is_accepted_and_keeps_the_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.arch");
    std::fs::write(&file, "service a { replicas lots }\n").unwrap();
    let out = archc().arg("estimate").arg(&file).arg("-q").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("replicas") && stderr.contains("1 error"), "{stderr}");
}
