use super::*;

fn fmt(text: &str) -> String {
    match format(text) {
        Ok(out) => out,
        Err(diags) => panic!("format failed for {text:?}: {diags:#?}"),
    }
}

/// Formats and checks idempotency on the way.
fn fmt2(text: &str) -> String {
    let once = fmt(text);
    assert_eq!(fmt(&once), once, "not idempotent for {text:?}");
    once
}

#[test]
fn messy_file() {
    let text = include_str!("testdata/messy.arch");
    insta::assert_snapshot!(fmt2(text));
}

#[test]
fn canonical_spacing() {
    assert_eq!(fmt2("a->b~>c:https   read\n"), "a -> b ~> c : https read\n");
    assert_eq!(fmt2("service  a  \"A\"\n\n\n\nservice b"), "service a \"A\"\n\nservice b\n");
    assert_eq!(fmt2("service a;service b"), "service a\nservice b\n");
    assert_eq!(fmt2("\n\n// only a comment\n\n"), "// only a comment\n");
    assert_eq!(fmt2(""), "");
}

#[test]
fn blocks_one_line_or_broken() {
    assert_eq!(fmt2("service a { replicas 2;stateless }"), "service a { replicas 2; stateless }\n");
    assert_eq!(fmt2("service a {\nreplicas 2; stateless }"), "service a {\n  replicas 2\n  stateless\n}\n");
    assert_eq!(fmt2("service a {}"), "service a {}\n");
    assert_eq!(fmt2("group g { service a }"), "group g {\n  service a\n}\n");
    let long = format!("service a {{ description \"{}\" }}", "x".repeat(90));
    assert!(fmt2(&long).contains("{\n  description"));
    // Exactly at the limit stays on one line.
    let fits = format!("service a {{ description \"{}\" }}", "x".repeat(MAX_WIDTH - 28));
    assert_eq!(fits.chars().count(), MAX_WIDTH);
    assert_eq!(fmt2(&fits), format!("{fits}\n"));
}

#[test]
fn comments_stay_where_they_were() {
    assert_eq!(fmt2("service a // why\n"), "service a // why\n");
    assert_eq!(fmt2("// above\nservice a\n"), "// above\nservice a\n");
    assert_eq!(fmt2("service a { replicas 2 /* two */ }"), "service a {\n  replicas 2 /* two */\n}\n");
    assert_eq!(fmt2("service a {\n  replicas 2\n  // last\n}"), "service a {\n  replicas 2\n  // last\n}\n");
    assert_eq!(fmt2("service /* c */ a"), "service /* c */ a\n");
    assert_eq!(fmt2("a -> b : /* w */ http"), "a -> b : /* w */ http\n");
    assert_eq!(fmt2("service a { tags [x, /* y */ z] }"), "service a {\n  tags [x, /* y */ z]\n}\n");
    assert_eq!(fmt2("service a /* x\n  y */ service b"), "service a /* x\n  y */\nservice b\n");
}

#[test]
fn strings_are_re_escaped() {
    assert_eq!(fmt2("service a \"q\\\"\\\\ \\u{41}\\u{1F600}\\n\""), "service a \"q\\\"\\\\ A😀\\n\"\n");
}

#[test]
fn refuses_syntax_errors() {
    let err = format("service a {\n replicas 2\n").unwrap_err();
    assert_eq!(err[0].code, "unclosed-brace");
    assert!(format("service a b c d\n").is_err());
    assert_eq!(format("group g\nservice a\n").unwrap_err()[0].code, "syntax-error");
}

/// Escapes for what cannot be seen stay escapes: a noncharacter, or a
/// bidirectional override that would make the line read as something else.
#[test]
fn invisible_characters_stay_escaped() {
    let text = "service a \"x\\u{202E}y\\u{FFFE}z\\u{1B}\"\n";
    assert_eq!(fmt2(text), text);
    assert_eq!(fmt2("service a \"\\u{E9}\"\n"), "service a \"é\"\n");
}

/// `check` calls an unknown unit a syntax error; the formatter must not
/// rewrite the file around it as if it were well-formed.
#[test]
fn refuses_unknown_units_wherever_they_stand() {
    for text in [
        "service  a { latency 5xs }\n",
        "group g {\n  service a { replicas 1..3x }\n}\n",
        "service a\nservice b\na -> b { timeout 2sec }\n",
        "system { qps 2kqps2 }\n",
    ] {
        let err = format(text).expect_err(text);
        assert_eq!(err[0].code, "invalid-number", "{text}");
    }
    assert!(format("service a { latency 5ms; capacity 2.5krps; disk 2TiB }\n").is_ok());
}
