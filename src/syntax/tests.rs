use super::*;

fn parse_ok(text: &str) -> File {
    let parsed = parse(FileId(0), text);
    assert!(parsed.diagnostics.is_empty(), "unexpected diagnostics for {text:?}: {:#?}", parsed.diagnostics);
    parsed.file
}

fn codes(text: &str) -> Vec<String> {
    parse(FileId(0), text).diagnostics.iter().map(|d| format!("{}@{}", d.code, d.primary.span.start)).collect()
}

#[test]
fn every_statement_form() {
    let f = parse_ok(
        "\u{FEFF}import \"other.arch\"\r\nsystem \"S\" { availability 99.9%; dau 10M }\n\
         group edge \"Edge\" {\n  trust internet\n  service api \"API\" { replicas 2..10\n stateless }\n  a -> b\n}\n\
         client web\nweb -> api -> db : https read \"orders\" { timeout 2s }\nq ~> worker\n",
    );
    let kinds: Vec<&str> = f
        .items
        .iter()
        .map(|i| match i {
            Item::Import(_) => "import",
            Item::System(_) => "system",
            Item::Group(_) => "group",
            Item::Component(_) => "component",
            Item::Link(_) => "link",
            Item::Attribute(_) => "attribute",
        })
        .collect();
    assert_eq!(kinds, ["import", "system", "group", "component", "link", "link"]);
    let Item::Group(g) = &f.items[2] else { panic!() };
    assert_eq!(g.items.len(), 3);
    let Item::Link(l) = &f.items[4] else { panic!() };
    assert_eq!(l.hops.len(), 2);
    assert_eq!(l.words.len(), 3);
}

#[test]
fn value_forms() {
    let f = parse_ok(
        "service a {\n x 1_000 2.5k 3bn 99.95% 200ms 1.5krps 2TB 2..20 [a, \"b\"] id-with-dash \"s\\n\\u{1F600}\"\n}",
    );
    let Item::Component(c) = &f.items[0] else { panic!() };
    let attr = &c.body.as_ref().unwrap().attrs[0];
    assert_eq!(attr.values.len(), 11);
    match &attr.values[0].kind {
        ValueKind::Quantity(q) => assert_eq!((q.number, q.unit(), q.whole), (1000.0, "", true)),
        other => panic!("{other:?}"),
    }
    match &attr.values[1].kind {
        ValueKind::Quantity(q) => assert_eq!((q.number, q.unit(), q.whole), (2.5, "k", false)),
        other => panic!("{other:?}"),
    }
    assert!(matches!(&attr.values[7].kind, ValueKind::Range(a, b) if a.number == 2.0 && b.number == 20.0));
    assert!(matches!(&attr.values[9].kind, ValueKind::Ident(s) if s == "id-with-dash"));
    assert!(matches!(&attr.values[8].kind, ValueKind::List(items) if items.len() == 2));
    assert!(matches!(&attr.values[10].kind, ValueKind::Str(s) if s == "s\n\u{1F600}"));
}

#[test]
fn escapes_resolve() {
    let f = parse_ok("service a \"q\\\"\\\\\\t\\u{e9}\"");
    let Item::Component(c) = &f.items[0] else { panic!() };
    assert_eq!(c.label.as_ref().unwrap().value, "q\"\\\té");
}

#[test]
fn hyphen_before_arrow_is_not_part_of_ident() {
    let f = parse_ok("a->b\nuser-service ~> q-1");
    let Item::Link(l) = &f.items[0] else { panic!() };
    assert_eq!((l.first.name.as_str(), l.hops[0].2.name.as_str()), ("a", "b"));
}

#[test]
fn keywords_as_identifiers() {
    let f = parse_ok("service cache\ncache -> database\ngroup group { cache x }");
    assert_eq!(f.items.len(), 3);
}

#[test]
fn semicolons_and_closing_braces_end_statements() {
    let f = parse_ok("service a { replicas 2; stateless }; service b");
    assert_eq!(f.items.len(), 2);
}

#[test]
fn comments_are_collected_and_multiline_block_ends_statement() {
    let f = parse_ok("service a /* one */ // two\nservice b /* multi\nline */ service c");
    assert_eq!(f.items.len(), 3);
    assert_eq!(f.comments.len(), 3);
}

#[test]
fn a_comment_is_a_blank_between_tokens_and_in_recovery() {
    // Inside a list, glued to an arrow, and at the end of a broken line.
    let f = parse_ok("service a { tags [x,/* y */z] }\na/**/->b");
    assert_eq!(f.items.len(), 2);
    assert_eq!(codes("service a junk // a } or \" here\nservice b"), ["syntax-error@10"]);
}

#[test]
fn an_unclosed_block_comment_is_an_error_at_its_start() {
    let parsed = parse(FileId(0), "service a\n/* never closed\nservice b\n");
    let d: Vec<_> = parsed.diagnostics.iter().map(|d| (&*d.code, d.primary.span.start, d.message.as_str())).collect();
    assert_eq!(d, [("syntax-error", 10, "this comment is never closed")]);
    // What the comment swallowed is not parsed.
    assert_eq!(parsed.file.items.len(), 1);
}

#[test]
fn a_string_left_open_is_reported_even_when_it_swallows_a_brace() {
    // The `}` is inside the open string, so the `{` is never closed: both
    // are reported, the string being the cause.
    assert_eq!(codes("service a { description \"xy }\nservice b\n"), ["unclosed-brace@10", "invalid-string@24"]);
    assert_eq!(codes("service a \"x\r\nservice b\n"), ["invalid-string@10"]);
}

#[test]
fn a_blank_where_none_may_be_is_named() {
    let parsed = parse(FileId(0), "service a { replicas 2.. 10 }\n");
    let messages: Vec<&str> = parsed.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["expected a number, found a space"]);
}

#[test]
fn invisible_characters_are_named_not_printed() {
    for (text, named) in [
        ("service a\0\n", "found the invisible character U+0000"),
        ("service a\u{200b}\n", "found the invisible character U+200B"),
        ("service a\u{feff}\n", "found a byte-order mark (U+FEFF)"),
        ("service a \u{a0}x\n", "found a no-break space (U+00A0)"),
    ] {
        let parsed = parse(FileId(0), text);
        let message = parsed.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
        assert!(message.ends_with(named), "{text:?}: {message}");
    }
}

#[test]
fn recovers_at_every_broken_statement() {
    let c = codes("service a {\n  replicas 2 }\nservice b \"x\" junk\nservice c { ok 1\n bad ( \n}\n}\n");
    assert_eq!(c, ["syntax-error@41", "syntax-error@68", "syntax-error@73"]);
}

#[test]
fn unclosed_brace_points_at_opening() {
    let c = codes("service a {\n replicas 2\nservice b\n");
    assert_eq!(c, ["unclosed-brace@10"]);
}

#[test]
fn unterminated_string() {
    assert_eq!(codes("service a \"oops\nservice b"), ["invalid-string@10"]);
}

#[test]
fn bad_escape() {
    assert_eq!(codes("service a \"x\\q\""), ["invalid-string@12"]);
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let text = "group g {\n".repeat(100_000);
    let parsed = parse(FileId(0), &text);
    assert_eq!(parsed.diagnostics.len(), 1);
    // None of them is closed: the first is the mistake, not the depth.
    assert_eq!(parsed.diagnostics[0].code, "unclosed-brace");
    assert_eq!(parsed.diagnostics[0].primary.span.start, 8);
    let help = parsed.diagnostics[0].help.as_deref().unwrap_or("");
    assert!(help.contains("100000 braces are left open"), "{help}");
}

#[test]
fn deep_nesting_closed_later_is_reported_as_depth() {
    // Balanced but too deep, after one brace that is never closed: the
    // too-deep brace is closed, so the depth is what is wrong there.
    let text = format!("group open {{\n{}{}", "group g {\n".repeat(80), "}\n".repeat(80));
    let parsed = parse(FileId(0), &text);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].code, "nesting-too-deep");
}

/// A malformed number is one error over the whole literal, wherever pest
/// stopped inside it.
#[test]
fn malformed_numbers_are_invalid_numbers() {
    for (text, literal, hint) in [
        ("service a { latency 1.2.3ms }\n", "1.2.3ms", "a range is `2..5`"),
        ("service a { availability 99.9.9% }\n", "99.9.9%", "a range is `2..5`"),
        ("service a { latency .5ms }\n", ".5ms", "`0.5ms`"),
        ("service a { replicas 1..2..3 }\n", "1..2..3", "a range is `2..5`"),
        ("service a { capacity 1e3rps }\n", "1e3rps", "no exponent"),
        ("system { dau 2.5e6 }\n", "2.5e6", "no exponent"),
        ("service a { hit_ratio 5e-1 }\n", "5e-1", "no exponent"),
    ] {
        let d = parse(FileId(0), text).diagnostics;
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        assert_eq!(d[0].code, "invalid-number", "{text}");
        assert_eq!(d[0].message, format!("`{literal}` is not a number"));
        let start = text.find(literal).unwrap_or_default();
        assert_eq!((d[0].primary.span.start as usize, d[0].primary.span.end as usize), (start, start + literal.len()));
        assert!(d[0].help.as_deref().unwrap_or("").contains(hint), "{text}: {:?}", d[0].help);
    }
    // A good number where none may stand is not called "not a number".
    for text in ["service a { tags [a, 5] }\n", "service a { tags [1_000] }\n", "service a\nservice b\na -> b : 5\n"] {
        let d = parse(FileId(0), text).diagnostics;
        assert!(d.iter().all(|d| d.code == "syntax-error" && !d.message.contains("not a number")), "{text}: {d:?}");
    }
    // A digit inside an identifier is not a number.
    assert!(parse(FileId(0), "service tier-1 { replicas 2 }\nsvc-2x -> tier-1\n").diagnostics.is_empty());
}

/// `"a\` then `b"` on the next line: one error, which says why.
#[test]
fn a_string_continued_with_a_backslash_is_one_error() {
    for text in ["client c \"a\\\nb\"\nservice s\n", "client c \"a\\\r\nb\"\r\nservice s\r\n"] {
        let d = parse(FileId(0), text).diagnostics;
        assert_eq!(d.len(), 1, "{text:?}: {d:?}");
        assert_eq!((d[0].code.as_ref(), d[0].primary.span.start), ("invalid-string", 9));
        assert!(d[0].help.as_deref().unwrap_or("").contains("backslash"));
    }
    // Without a quote on the next line, that line is code as usual.
    assert_eq!(codes("service a { description \"x\\\n  replicas 2 }\nservice b\n"), ["invalid-string@24"]);
}

/// A list left open over several lines is one error, not one per line.
#[test]
fn a_list_across_lines_is_one_error() {
    let text = "service a {\n  tags [x,\n    y\n  ]\n  replicas 2\n}\nservice b\n";
    assert_eq!(codes(text), ["syntax-error@22"]);
}

#[test]
fn helps_fit_the_mistake() {
    let help = |text: &str| {
        let d = parse(FileId(0), text).diagnostics;
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        (d[0].message.clone(), d[0].help.clone().unwrap_or_default())
    };
    let (message, h) = help("group edge\n");
    assert_eq!(message, "group `edge` has no body");
    assert!(h.contains("group edge {"), "{h}");
    let (message, h) = help("import shared\n");
    assert_eq!(message, "`import` takes its path as a string");
    assert!(h.contains("import \"shared.arch\""), "{h}");
    let (message, h) = help("import shared.arch\n");
    assert_eq!(message, "`import` takes its path as a string");
    assert!(h.contains("import \"shared.arch\""), "{h}");
    assert!(help("a -> \n").1.contains("target after the arrow"));
    assert!(help("a -> b :\n").1.contains("leave the `:` out"));
    assert!(help("service a { replicas 2-6 }\n").1.contains("`2..6`"));
    assert!(help("service a { capacity 2k/s }\n").1.contains("`2krps`"));
    assert!(help("service a { replicas: 2 }\n").1.contains("nothing between"));
    assert!(help("service a { replicas = 2 }\n").1.contains("nothing between"));
    assert!(help("service \"users\" { replicas 2 }\n").1.contains("an id before its label"));
    assert!(!help("service a\nservice b\na -> b : http/2\n").1.contains("rate"));
    assert!(help("a -> b : { retries 2 }\n").1.contains("leave the `:` out"));
    assert!(help("a -> -> b\n").1.contains("target after the arrow"));
    assert!(help("service a { replicas 2.. 5 }\n").1.contains("no spaces"));
    let (message, h) = help("a => b\n");
    assert!(message.contains("an arrow (`->` or `~>`)"), "{message}");
    assert!(h.contains("`a -> b`"), "{h}");
    assert!(help("a -> g.b\n").1.contains("by its id alone"));
}

#[test]
fn messages_use_language_words() {
    let d = parse(FileId(0), "a -> \n").diagnostics;
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("an identifier"), "{}", d[0].message);
    assert!(!d[0].message.contains("ident_"), "{}", d[0].message);
}

#[test]
fn pieces_parse_to_the_same_tree_and_diagnostics_as_the_whole() {
    // A generated design with broken statements sprinkled through it, at the
    // top level and inside blocks, so that errors land in many pieces.
    let mut text = crate::gen::generate(400, 7);
    let lines: Vec<&str> = text.lines().collect();
    let mut broken = String::new();
    for (i, line) in lines.iter().enumerate() {
        broken.push_str(line);
        broken.push('\n');
        match i % 97 {
            13 => broken.push_str("service -> ->\n"),
            41 => broken.push_str("  replicas 3 3 x..\n"),
            59 => broken.push_str("service x { bad { nested } 1..2..3 }\n"),
            71 => broken.push_str("\"unterminated\n"),
            // Comments: each piece is blanked on its own.
            23 => broken.push_str("// a comment with a { brace\n"),
            29 => broken.push_str("/* over\n two lines */ service y /* and */ // more\n"),
            83 => broken.push_str("service -> -> /* é */ x // trailing\n"),
            _ => {}
        }
    }
    text = broken;
    let whole = parse_in_pieces(FileId(0), &text, usize::MAX);
    assert!(whole.diagnostics.len() > 20, "the broken lines must produce errors");
    let limits = scan::Limits { piece_bytes: 200, max_depth: 64, max_ident: 1024, max_string: 65536 };
    assert!(scan::scan(FileId(0), &text, limits).breaks.len() > 100, "the file must be cut into many pieces");
    for piece_bytes in [1, 200, 4096] {
        let pieces = parse_in_pieces(FileId(0), &text, piece_bytes);
        assert_eq!(pieces.file, whole.file, "tree differs with {piece_bytes}-byte pieces");
        assert_eq!(pieces.diagnostics, whole.diagnostics, "diagnostics differ with {piece_bytes}-byte pieces");
    }
}

#[test]
fn identifiers_that_are_not_ascii_are_named_in_the_error() {
    let parsed = parse(FileId(0), "service café\nservice api { engine postgrés }\n");
    let found: Vec<(&str, u32, &str)> =
        parsed.diagnostics.iter().map(|d| (d.code.as_ref(), d.primary.span.start, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            ("syntax-error", 11, "`café` is not an identifier: identifiers are ASCII, and `é` is not"),
            ("syntax-error", 41, "`postgrés` is not an identifier: identifiers are ASCII, and `é` is not"),
        ]
    );
    assert_eq!(parsed.diagnostics[1].help.as_deref(), Some("write it in ASCII, or as a string: `\"postgrés\"`"));
    // The statements are still read, so the rest of the file is checked.
    assert_eq!(parsed.file.items.len(), 2);
}
