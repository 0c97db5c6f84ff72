//! The formatter on real files and on generated ones: examples and fixtures are
//! already in canonical form, formatting is idempotent, and it never changes
//! what a design means or drops a comment.

use archc::fmt::format;
use archc::model::{AttrKey, AttrValue, Attrs, Model};
use archc::source::FileId;
use archc::syntax;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn arch_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            arch_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "arch") {
            out.push(path);
        }
    }
}

#[test]
fn examples_and_fixtures_are_fixed_points() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    arch_files(&root.join("examples"), &mut files);
    let examples = files.len();
    arch_files(&root.join("tests"), &mut files);
    assert!(examples > 0, "no examples found");
    let mut checked = 0;
    for path in &files {
        // Fixtures that are not UTF-8 exist to show that error; fmt never sees them.
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        // Fixtures with syntax errors exist to show those errors; fmt refuses them.
        let parsed = syntax::parse(FileId(0), &text);
        if !parsed.diagnostics.is_empty() || !syntax::units::unknown_units(&parsed.file).is_empty() {
            continue;
        }
        let formatted = format(&text).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()));
        assert_eq!(formatted, text, "{} is not in canonical form (run `archc fmt`)", path.display());
        checked += 1;
    }
    assert!(checked >= examples);
}

/// What a design means, without the spans that say where it was written.
fn meaning(model: &Model) -> String {
    let attrs = |a: &Attrs| -> Vec<(AttrKey, AttrValue)> { a.0.iter().map(|x| (x.key, x.value.clone())).collect() };
    let mut out = String::new();
    for c in &model.components {
        let allows: Vec<_> = c.allows.iter().map(|a| (&a.rule, &a.reason)).collect();
        out.push_str(&format!(
            "{} {:?} {:?} {:?} {:?} {:?}\n",
            c.id,
            c.kind,
            c.label,
            c.group,
            attrs(&c.attrs),
            allows
        ));
    }
    for l in &model.links {
        out.push_str(&format!(
            "{:?} {:?} {:?} {:?} {} {} {} {:?} {:?} {:?}\n",
            l.from,
            l.arrow,
            l.to,
            l.protocol,
            l.read,
            l.write,
            l.tls,
            l.label,
            attrs(&l.attrs),
            l.group
        ));
    }
    for g in &model.groups {
        out.push_str(&format!("group {} {:?} {:?} {:?}\n", g.id, g.label, g.parent, attrs(&g.attrs)));
    }
    if let Some(s) = &model.system {
        out.push_str(&format!("system {:?} {:?}\n", s.name, attrs(&s.attrs)));
    }
    out
}

fn comment_texts(text: &str) -> Vec<String> {
    syntax::parse(FileId(0), text)
        .file
        .comments
        .iter()
        .map(|c| {
            let t = c.text.replace("\r\n", "\n");
            if t.starts_with("//") {
                t.trim_end().to_string()
            } else {
                t
            }
        })
        .collect()
}

fn blank() -> impl Strategy<Value = String> {
    prop_oneof![Just(" "), Just("  "), Just("\t"), Just(" \t ")].prop_map(String::from)
}

fn opt_blank() -> impl Strategy<Value = String> {
    prop_oneof![Just(""), Just(" "), Just("   ")].prop_map(String::from)
}

/// A statement separator, possibly carrying comments.
fn separator() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\n\n\n".to_string()),
        Just(";".to_string()),
        Just(" ; ".to_string()),
        Just("\r\n".to_string()),
        "[a-z ]{0,8}".prop_map(|c| format!("   // trailing{c}\n")),
        "[a-z ]{0,8}".prop_map(|c| format!("\n// own line{c}\n\n")),
        "[a-z]{0,5}".prop_map(|c| format!(" /* {c} */\n")),
        Just("\n/* two\n   lines */\n".to_string()),
    ]
}

fn id() -> impl Strategy<Value = String> {
    prop_oneof![Just("a"), Just("b"), Just("c"), Just("d-e"), Just("f_1"), Just("cache")].prop_map(String::from)
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"Label\"".to_string()),
        Just("\"q\\\"uote\\\\ \\t\\u{41}\"".to_string()),
        "[A-Za-z ]{0,6}".prop_map(|s| format!("\"{s}\"")),
    ]
}

fn component_attr() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("replicas 2"),
        Just("replicas 2..10"),
        Just("description \"x \\\"y\\\"\""),
        Just("tags [a,  \"b\" , c]"),
        Just("latency   15ms"),
        Just("capacity 1_000rps"),
        Just("stateless"),
        Just("auth jwt"),
        Just("rate_limit 100rps token_bucket"),
        Just("availability 99.95%"),
        Just("allow single-point-of-failure \"why\""),
    ]
    .prop_map(String::from)
}

fn link_attr() -> impl Strategy<Value = String> {
    prop_oneof![Just("timeout 2s"), Just("retries 3"), Just("circuit_breaker"), Just("fallback"), Just("calls 2")]
        .prop_map(String::from)
}

fn block(attr: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    (prop::collection::vec((attr, separator()), 0..4), opt_blank(), any::<bool>()).prop_map(|(attrs, pad, newline)| {
        let mut s = format!("{pad}{{");
        if newline {
            s.push('\n');
        }
        for (i, (a, sep)) in attrs.iter().enumerate() {
            s.push_str(&pad);
            s.push_str(a);
            // The last attribute may end at the `}` unless its separator is a comment.
            if i + 1 < attrs.len() || sep.contains("//") || newline {
                s.push_str(sep);
            }
        }
        s.push_str(&pad);
        s.push('}');
        s
    })
}

fn component() -> impl Strategy<Value = String> {
    let kinds = prop::sample::select(syntax::KIND_KEYWORDS.to_vec());
    (kinds, blank(), id(), prop::option::of((blank(), label())), prop::option::of(block(component_attr().boxed())))
        .prop_map(|(kind, b, id, label, body)| {
            let mut s = format!("{kind}{b}{id}");
            if let Some((b2, l)) = label {
                s.push_str(&b2);
                s.push_str(&l);
            }
            if let Some(body) = body {
                s.push(' ');
                s.push_str(&body);
            }
            s
        })
}

fn link() -> impl Strategy<Value = String> {
    let arrow = prop_oneof![Just("->"), Just("~>")];
    let words = prop::collection::vec(
        prop_oneof![Just("https"), Just("grpc"), Just("read"), Just("write"), Just("tls"), Just("\"orders\"")],
        // A `:` comes with at least one word; the option below leaves both out.
        1..3,
    );
    (
        id(),
        prop::collection::vec((opt_blank(), arrow, opt_blank(), id()), 1..3),
        prop::option::of((opt_blank(), words)),
        prop::option::of(block(link_attr().boxed())),
    )
        .prop_map(|(first, hops, words, body)| {
            let mut s = first;
            for (b1, arrow, b2, to) in hops {
                s.push_str(&format!("{b1}{arrow}{b2}{to}"));
            }
            if let Some((b, words)) = words {
                s.push_str(&format!("{b}:"));
                for w in words {
                    s.push(' ');
                    s.push_str(w);
                }
            }
            if let Some(body) = body {
                s.push(' ');
                s.push_str(&body);
            }
            s
        })
}

fn statement() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![component(), link()];
    let group = (prop::collection::vec((leaf.clone(), separator()), 0..4), "[a-z]{1,3}").prop_map(|(items, name)| {
        let mut s = format!("group g{name} {{\n  trust private\n");
        for (item, sep) in items {
            s.push_str(&item);
            s.push_str(&sep);
        }
        s.push_str("\n}");
        s
    });
    prop_oneof![4 => leaf, 1 => group, 1 => Just("system \"S\" { dau 10M; peak_factor 3 }".to_string())]
}

fn design() -> impl Strategy<Value = String> {
    (prop::collection::vec((statement(), separator()), 0..8), any::<bool>()).prop_map(|(stmts, crlf)| {
        let mut s = String::new();
        for (stmt, sep) in stmts {
            s.push_str(&stmt);
            s.push_str(&sep);
        }
        if crlf {
            s = s.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn formatting_keeps_meaning_and_comments(text in design()) {
        let parsed = syntax::parse(FileId(0), &text);
        prop_assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let formatted = format(&text).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        prop_assert_eq!(format(&formatted).ok(), Some(formatted.clone()), "not idempotent");
        prop_assert_eq!(comment_texts(&formatted), comment_texts(&text));
        let before = archc::compile_str("a.arch", &text);
        let after = archc::compile_str("a.arch", &formatted);
        prop_assert_eq!(meaning(&after.model), meaning(&before.model));
        let codes = |c: &archc::Compilation| c.diagnostics.iter().map(|d| d.code.to_string()).collect::<Vec<_>>();
        prop_assert_eq!(codes(&after), codes(&before));
    }
}

mod cli {
    use assert_cmd::Command;
    use std::fs;

    fn archc() -> Command {
        let mut cmd = Command::cargo_bin("archc").expect("binary is built");
        cmd.env("NO_COLOR", "1");
        cmd
    }

    const MESSY: &str = "service  a{replicas 2}   // keep\na->b\n";
    const CANONICAL: &str = "service a { replicas 2 }   // keep\na -> b\n";

    #[test]
    fn check_lists_files_that_would_change_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/messy.arch"), MESSY).unwrap();
        fs::write(dir.path().join("clean.arch"), CANONICAL).unwrap();
        fs::write(dir.path().join("notes.txt"), MESSY).unwrap();
        let out = archc().current_dir(dir.path()).args(["fmt", "--check", "."]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "sub/messy.arch\n");
        assert_eq!(fs::read_to_string(dir.path().join("sub/messy.arch")).unwrap(), MESSY);

        let out = archc().current_dir(dir.path()).args(["fmt", "--check", "clean.arch"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty());
    }

    #[test]
    fn rewrites_files_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("messy.arch");
        fs::write(&path, MESSY).unwrap();
        let out = archc().arg("fmt").arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(fs::read_to_string(&path).unwrap(), CANONICAL);
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let out = archc().arg("fmt").arg("--check").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
    }

    #[test]
    fn syntax_errors_leave_the_file_untouched_and_exit_1() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.arch");
        let good = dir.path().join("good.arch");
        fs::write(&bad, "service a {\n  replicas 2\n").unwrap();
        fs::write(&good, MESSY).unwrap();
        let out = archc().arg("fmt").arg(&bad).arg(&good).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("unclosed-brace"), "{stderr}");
        assert!(stderr.contains("left unchanged"), "{stderr}");
        assert_eq!(fs::read_to_string(&bad).unwrap(), "service a {\n  replicas 2\n");
        // The other file is still formatted.
        assert_eq!(fs::read_to_string(&good).unwrap(), CANONICAL);
    }

    #[test]
    fn standard_input_to_standard_output() {
        let out = archc().args(["fmt", "-"]).write_stdin(MESSY).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout), CANONICAL);
        // No file was rewritten, so nothing says one was.
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
        let out = archc().args(["fmt", "--check", "-"]).write_stdin(MESSY).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
    }

    #[test]
    fn missing_path_is_a_tool_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = archc().arg("fmt").arg(dir.path().join("nope.arch")).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        // Said as `check` says it, not as the name of an error kind.
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("nope.arch`: no such file or directory"), "{stderr}");
    }
}
