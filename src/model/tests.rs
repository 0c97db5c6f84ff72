use crate::compile_str;
use crate::model::*;

fn model(text: &str) -> Model {
    let c = compile_str("t.arch", text);
    assert!(c.diagnostics.is_empty(), "{:#?}", c.diagnostics);
    c.model
}

fn codes(text: &str) -> Vec<String> {
    compile_str("t.arch", text).diagnostics.iter().map(|d| d.code.to_string()).collect()
}

#[test]
fn resolves_components_links_and_units() {
    let m = model(
        "system \"S\" { availability 99.95%; latency 200ms; dau 10M; requests_per_user 20; read_ratio 0.9 }\n\
         client web { share 0.5 }\nservice api { replicas 2..10; capacity 1.5krps; latency 15ms }\n\
         database db { disk 2TB; record_size 1KiB; retention 5y; records_per_day 2.5k }\n\
         web -> api : https\napi -> db : sql read { timeout 2s; retries 3 }\n",
    );
    assert_eq!(m.components.len(), 3);
    let api = m.component(m.find("api").unwrap());
    assert_eq!(api.replicas(), (2, 10));
    assert_eq!(api.capacity(), Some(1500.0));
    assert!((api.latency() - 0.015).abs() < 1e-12);
    let db = m.component(m.find("db").unwrap());
    assert_eq!(db.attrs.number(AttrKey::Disk), Some(2e12));
    assert_eq!(db.attrs.number(AttrKey::RecordSize), Some(1024.0));
    assert_eq!(db.attrs.number(AttrKey::Retention), Some(5.0 * 365.0 * 86400.0));
    assert_eq!(db.attrs.count(AttrKey::RecordsPerDay), Some(2500));
    let sys = m.system.as_ref().unwrap();
    assert!((sys.attrs.number(AttrKey::Availability).unwrap() - 0.9995).abs() < 1e-12);
    assert_eq!(sys.attrs.count(AttrKey::Dau), Some(10_000_000));
    assert_eq!(m.links.len(), 2);
    let l = m.link(LinkId(1));
    assert!(l.read && !l.write);
    assert_eq!(l.protocol, Some("sql"));
    assert_eq!(l.retries(), 3);
    assert!(m.link(LinkId(0)).is_encrypted());
    assert_eq!(m.graph.edge_count(), 2);
}

#[test]
fn chains_share_words_and_dead_letters_are_links() {
    let m = model(
        "service a\nservice b\nservice c\na -> b -> c : grpc tls\nqueue q { dead_letter dlq }\nqueue dlq\na ~> q ~> b",
    );
    let names: Vec<String> = m.link_ids().map(|l| m.link_name(l)).collect();
    assert_eq!(names, ["a -> b", "b -> c", "a ~> q", "q ~> b", "q ~> dlq"]);
    assert!(m.link(LinkId(1)).tls);
    assert_eq!(m.link(LinkId(4)).origin, LinkOrigin::DeadLetter);
}

#[test]
fn groups_nest_and_trust_is_inherited() {
    let m = model("group outer { trust dmz\n group inner { service a } }\nservice b");
    let a = m.find("a").unwrap();
    assert_eq!(m.trust_of(a), Some("dmz"));
    assert_eq!(m.trust_of(m.find("b").unwrap()), None);
    assert_eq!(m.group_chain(m.component(a).group).count(), 2);
}

#[test]
fn semantic_errors() {
    assert_eq!(codes("servce a"), ["unknown-kind"]);
    assert_eq!(codes("service a { replica 2 }"), ["unknown-attribute"]);
    assert_eq!(codes("database a { strategy cache_aside }"), ["attribute-not-allowed"]);
    assert_eq!(codes("service a { latency 5GB }"), ["invalid-value"]);
    assert_eq!(codes("service a { replicas 0 }"), ["value-out-of-range"]);
    assert_eq!(codes("service a { replicas 2.5 }"), ["invalid-value"]);
    assert_eq!(codes("service a { replicas 5..2 }"), ["value-out-of-range"]);
    assert_eq!(codes("service a { availability 120% }"), ["value-out-of-range"]);
    // A capacity or a disk of zero would divide the estimates by zero.
    assert_eq!(codes("service a { capacity 0rps }"), ["value-out-of-range"]);
    assert_eq!(codes("database a { disk 0GB }"), ["value-out-of-range"]);
    assert!(codes("database a { record_size 0B }").is_empty());
    assert_eq!(codes("system { read_ratio 1.5 }"), ["value-out-of-range"]);
    assert_eq!(codes("service a { replicas 2\n replicas 3 }"), ["duplicate-attribute"]);
    assert_eq!(codes("service a\nservice a"), ["duplicate-component"]);
    assert_eq!(codes("service a\na -> b"), ["undefined-component"]);
    assert_eq!(codes("service a\na -> a"), ["self-link"]);
    assert_eq!(codes("service a\nservice b\na -> b\na -> b"), ["duplicate-link"]);
    assert_eq!(codes("service a\nservice b\na -> b : \"x\"\na -> b : \"y\"").len(), 0);
    assert_eq!(codes("service a { stateless\n stateful }"), ["conflicting-attributes"]);
    assert_eq!(codes("system {}\nsystem {}"), ["duplicate-system"]);
    assert_eq!(codes("service a { latency 5xs }"), ["invalid-number"]);
    assert_eq!(codes("group g { service a }\nservice b\nb -> g"), ["undefined-component"]);
    assert_eq!(codes("service a\nservice b\na -> b : htp"), ["unknown-link-word"]);
    assert_eq!(codes("service a\nservice b\na -> b : tls grpc tls"), ["duplicate-attribute"]);
    assert_eq!(codes("service a\nservice b\na -> b : read write read"), ["duplicate-attribute"]);
    assert!(codes("service a\nservice b\na -> b : read write tls").is_empty());
    assert_eq!(codes("client a { share 0.7 }\nclient b { share 0.6 }"), ["invalid-value"]);
    assert_eq!(codes("queue q { dead_letter s }\nservice s"), ["invalid-value"]);
    // The link `dead_letter` draws, written out too.
    assert_eq!(codes("queue q { dead_letter d }\nqueue d\nq ~> d : \"dead letters\""), ["duplicate-link"]);
    assert!(codes("queue q { dead_letter d }\nqueue d\nq ~> d : \"replays\"").is_empty());
}

fn helps(text: &str) -> Vec<String> {
    compile_str("t.arch", text).diagnostics.iter().filter_map(|d| d.help.clone()).collect()
}

#[test]
fn a_number_too_large_for_a_double_is_out_of_range_not_infinite() {
    let huge = "9".repeat(400);
    for text in [
        format!("service a {{ latency {huge}y }}"),
        format!("service a {{ capacity {huge}rps }}"),
        format!("service a {{ replicas {huge} }}"),
        format!("system {{ peak_factor {huge} }}"),
    ] {
        assert_eq!(codes(&text), ["value-out-of-range"], "{text}");
    }
}

/// A declaration that fails to parse still declares its name: links to it
/// add no "undefined component" errors to the one that matters.
#[test]
fn a_broken_declaration_keeps_its_name() {
    assert_eq!(codes("service a \"App { replicas 2 }\nservice b\na -> b"), ["invalid-string"]);
    assert_eq!(codes("service a b c\nservice b\na -> b"), ["syntax-error"]);
    assert_eq!(codes("group g {\n  database d x\n}\nservice b\nb -> d"), ["syntax-error"]);
    // Not a declaration: nothing is made up.
    assert_eq!(codes("servce a b\nservice b\na -> b"), ["syntax-error", "undefined-component"]);
}

/// Every value of the wrong type says what a right one looks like.
#[test]
fn every_invalid_value_comes_with_a_help() {
    for attr in [
        "engine 5",
        "zones 2..3",
        "latency 2..3",
        "replicas _1000",
        "rate_limit token_bucket 100rps",
        "allow single-point-of-failure \"a\" \"b\"",
        "stateless 5",
        "capacity fast",
        "tags x",
    ] {
        let text = format!("service s {{ {attr} }}");
        let c = compile_str("t.arch", &text);
        assert!(!c.diagnostics.is_empty(), "{text}");
        for d in &c.diagnostics {
            assert!(d.help.is_some(), "{text}: {} has no help", d.message);
        }
    }
    assert_eq!(helps("service s { engine 5 }"), ["for example `engine \"PostgreSQL\"`"]);
}

/// Units and words written as people say them get the language's spelling,
/// not the nearest string (`10mil` is not `10MiB`, `rest` is not `resp`).
#[test]
fn everyday_spellings_get_the_language_word() {
    assert_eq!(helps("system { dau 10mil }"), ["did you mean `10M`?"]);
    assert_eq!(helps("system { dau 10m }"), ["`m` is minutes; millions are `M`: `10M`"]);
    assert_eq!(helps("service a { latency 5secs }"), ["did you mean `5s`?"]);
    assert_eq!(helps("system { traffic 3000rpm }"), ["rates are per second: 3000 per minute is `50rps`"]);
    assert_eq!(helps("service a { capacity 2k }"), ["rates end in `rps`: `2krps`"]);
    assert_eq!(helps("service a\nservice b\na -> b : rest"), ["did you mean `https`?"]);
    assert_eq!(helps("service a\nservice b\na -> b : postgres"), ["did you mean `sql`?"]);
    assert_eq!(helps("service a { latency .5s }"), ["a number starts with a digit: `0.5s`"]);
}

#[test]
fn a_fraction_where_a_percentage_belongs_gets_the_percentage() {
    assert_eq!(helps("service a { availability 0.999 }"), ["write it as a percentage: `99.9%`"]);
    assert_eq!(helps("service a { availability 99.9 }"), ["write `99.9%`"]);
    assert_eq!(helps("system { read_ratio 80 }"), ["ratios are fractions of 1, not percentages: `0.8`"]);
    assert_eq!(helps("system { peak_factor 0.5 }"), ["use a number of at least 1"]);
}

#[test]
fn a_unit_apart_from_its_number_is_pointed_out() {
    let c = compile_str("t.arch", "service a { latency 5 ms }");
    let help: Vec<&str> = c.diagnostics.iter().filter_map(|d| d.help.as_deref()).collect();
    assert_eq!(help, ["write the unit right after the number, with no space: `5ms`"]);
    // Two values of which the second is no unit keep the general advice.
    let c = compile_str("t.arch", "service a { latency 5 fast }");
    assert!(c.diagnostics.iter().all(|d| d.help.as_deref().is_some_and(|h| h.contains("own line"))));
}

#[test]
fn unknown_kind_does_not_cascade_into_links() {
    assert_eq!(codes("servce a\nservice b\na -> b"), ["unknown-kind"]);
}

#[test]
fn suggestions() {
    let c = compile_str("t.arch", "service a { replica 2 }\nservice api\napi -> ap1");
    let helps: Vec<String> = c.diagnostics.iter().filter_map(|d| d.help.clone()).collect();
    assert!(helps.iter().any(|h| h.contains("`replicas`")), "{helps:?}");
    assert!(helps.iter().any(|h| h.contains("`api`")), "{helps:?}");
}

/// The text each diagnostic's primary span covers, and the text of its labels.
fn spans(text: &str) -> Vec<(String, Vec<String>)> {
    let at = |s: crate::source::Span| text[s.start as usize..s.end as usize].to_string();
    compile_str("t.arch", text)
        .diagnostics
        .iter()
        .map(|d| (at(d.primary.span), d.labels.iter().map(|l| at(l.span)).collect()))
        .collect()
}

#[test]
fn extra_values_are_marked_from_the_second_to_the_last() {
    // One extra value: the span is that value alone, not a stretch past it.
    assert_eq!(spans("service a { replicas 1 2 }"), [("2".to_string(), vec![])]);
    assert_eq!(spans("service a { replicas 1 2 3 }"), [("2 3".to_string(), vec![])]);
}

#[test]
fn dead_letter_errors_point_at_the_value() {
    for (text, value) in [
        ("queue q { dead_letter nope }", "nope"),
        ("queue q { dead_letter q }", "q"),
        ("queue q { dead_letter s }\nservice s", "s"),
        ("queue q { dead_letter g }\ngroup g { service s }", "g"),
    ] {
        let found = spans(text);
        assert_eq!(found.first().map(|f| f.0.as_str()), Some(value), "{text}: {found:?}");
    }
    let c = compile_str("t.arch", "queue q { dead_letter g }\ngroup g { service s }");
    assert!(c.diagnostics.iter().any(|d| d.message.contains("`g` is a group")), "{:?}", c.diagnostics);
}

#[test]
fn shares_over_one_mark_the_last_and_label_the_others() {
    let found = spans("client a { share 0.5 }\nclient b { share 0.4 }\nclient c { share 0.3 }");
    assert_eq!(found, [("0.3".to_string(), vec!["0.5".to_string(), "0.4".to_string()])]);
}

/// Attributes and link words are checked ahead of the passes that need
/// names, a chunk at a time: across chunk boundaries, in groups and at the
/// top level, each component must still get its own attributes and each
/// error must stay on the statement that has it, in source order.
#[test]
fn checking_ahead_keeps_every_statement_its_own_results() {
    let n = 2 * super::resolve::PREPARED_CHUNK + 7;
    let mut lines: Vec<String> = Vec::new();
    // (code, line) of every error, in the order they are written.
    let mut expected: Vec<(&str, usize)> = Vec::new();
    for i in 0..n {
        if i % 3 == 0 {
            lines.push(format!("group g{i} {{"));
        }
        if i % 5 == 0 {
            expected.push(("value-out-of-range", lines.len()));
            lines.push(format!("service s{i} {{ replicas 0 }}"));
        } else {
            lines.push(format!("service s{i} {{ replicas {} }}", i % 7 + 1));
        }
        // A second declaration is an error, and its attributes are not checked.
        if i % 11 == 0 {
            expected.push(("duplicate-component", lines.len()));
            lines.push(format!("service s{i} {{ replicas 0 }}"));
        }
        if i > 0 {
            let protocol = if i % 13 == 0 { "htp" } else { "grpc" };
            if i % 13 == 0 {
                expected.push(("unknown-link-word", lines.len()));
            }
            lines.push(format!("s{} -> s{i} : {protocol}", i - 1));
        }
        if i % 3 == 0 {
            lines.push("}".to_string());
        }
    }
    let text = lines.join("\n");
    let verify = move || {
        let c = compile_str("t.arch", &text);
        verify_prepared_ahead(&c, n, &expected);
    };
    // From a thread outside the pool, as the language server resolves, and
    // from inside pools of one and two threads, as `archc check` does. On a
    // pool of one, the chunk being prepared has no other thread to run it:
    // waiting for it must not block that thread (a deadlock would hang the
    // test, so it runs under a deadline).
    verify.clone()();
    for threads in [1, 2] {
        let verify = verify.clone();
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
            pool.install(verify);
            let _ = done.send(());
        });
        let result = finished.recv_timeout(std::time::Duration::from_secs(120));
        assert!(result.is_ok(), "resolution in a pool of {threads} did not finish (or failed)");
    }
}

fn verify_prepared_ahead(c: &crate::driver::Compilation, n: usize, expected: &[(&str, usize)]) {
    for i in 0..n {
        let comp = c.model.components.iter().find(|comp| comp.id == format!("s{i}"));
        let replicas = if i % 5 == 0 { None } else { Some((i as u64 % 7 + 1, i as u64 % 7 + 1)) };
        assert_eq!(comp.map(|c| c.attrs.has(AttrKey::Replicas).then(|| c.replicas())), Some(replicas), "s{i}");
    }
    let file = c.sources.get(c.diagnostics[0].primary.span.file);
    let found: Vec<(&str, usize)> = c
        .diagnostics
        .iter()
        .map(|d| (&*d.code, file.map_or(0, |f| f.line_col(d.primary.span.start as usize).line - 1)))
        .collect();
    let first_difference = found.iter().zip(expected).position(|(f, e)| f != e);
    assert_eq!(first_difference, None, "found {:?}", first_difference.map(|i| (found[i], expected[i])));
    assert_eq!(found.len(), expected.len());
    assert_eq!(c.model.links.len(), n - 1);
}

#[test]
fn suggestions_for_missing_components_stop_at_their_budget() {
    let components = 1000;
    let answered = super::resolve::SUGGESTION_BUDGET / components;
    let mut text: String = (0..components).map(|i| format!("service svc_{i}\n")).collect();
    // Each missing name is one edit from a component; after the budget the
    // names are still reported, without a suggestion.
    for i in 0..answered + 5 {
        text.push_str(&format!("svc_0 -> svc_{i}x\n"));
    }
    // A name answered before the budget ran out keeps its answer.
    text.push_str("svc_0 -> svc_3x\n");
    let diagnostics = compile_str("t.arch", &text).diagnostics;
    let helps: Vec<&str> = diagnostics.iter().map(|d| d.help.as_deref().unwrap_or("")).collect();
    assert_eq!(helps.len(), answered + 6);
    assert!(diagnostics.iter().all(|d| d.code == "undefined-component"));
    assert_eq!(helps[0], "did you mean `svc_0`?");
    assert_eq!(helps[answered - 1], format!("did you mean `svc_{}`?", answered - 1));
    assert!(helps[answered].starts_with("declare it"), "{}", helps[answered]);
    assert_eq!(helps[answered + 5], "did you mean `svc_3`?");
}
