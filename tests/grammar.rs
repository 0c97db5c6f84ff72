//! The language of LANGUAGE.md §2–§4, construct by construct, checked on the
//! resolved model: every value form, unit and termination, with units
//! normalised (durations in seconds, sizes in bytes, rates in requests per
//! second, percentages as fractions). The error half checks that each invalid
//! form is refused with the right code.

use archc::diagnostic::Severity;
use archc::model::{Arrow, AttrKey, AttrValue, Component, Kind, Model};
use archc::{compile_str, MemoryLoader};

/// Compile one file that must have no syntax or semantic error.
fn model(text: &str) -> Model {
    let c = compile_str("test.arch", text);
    let errors: Vec<String> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("[{}] {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "unexpected errors for\n{text}\n{errors:#?}");
    c.model
}

/// The codes of the errors one file produces.
fn error_codes(text: &str) -> Vec<String> {
    compile_str("test.arch", text)
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.to_string())
        .collect()
}

fn comp<'m>(m: &'m Model, id: &str) -> &'m Component {
    let cid = m.find(id).unwrap_or_else(|| panic!("no component `{id}`"));
    m.component(cid)
}

fn value<'m>(m: &'m Model, id: &str, key: AttrKey) -> &'m AttrValue {
    &comp(m, id).attrs.get(key).unwrap_or_else(|| panic!("`{id}` has no {key:?}")).value
}

fn system_value(m: &Model, key: AttrKey) -> AttrValue {
    m.system.as_ref().expect("a system block").attrs.get(key).expect("attribute").value.clone()
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1e-9);
    assert!((actual - expected).abs() <= tolerance, "expected {expected}, got {actual}");
}

fn as_f64(v: &AttrValue) -> f64 {
    match v {
        AttrValue::Number(x)
        | AttrValue::Percent(x)
        | AttrValue::Duration(x)
        | AttrValue::Rate(x)
        | AttrValue::Size(x) => *x,
        AttrValue::Count(n) => *n as f64,
        other => panic!("not a quantity: {other:?}"),
    }
}

// ---- values and units ---------------------------------------------------------

#[test]
fn every_duration_suffix_is_in_seconds() {
    let cases = [
        ("1500ns", 1.5e-6),
        ("250us", 250e-6),
        ("200ms", 0.2),
        ("2s", 2.0),
        ("0.5s", 0.5),
        ("5m", 300.0),
        ("24h", 86_400.0),
        ("7d", 604_800.0),
        ("5y", 5.0 * 365.0 * 86_400.0),
        ("1_000ms", 1.0),
    ];
    for (text, seconds) in cases {
        let m = model(&format!("service a {{ latency {text} }}"));
        match value(&m, "a", AttrKey::Latency) {
            AttrValue::Duration(s) => close(*s, seconds),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn every_size_suffix_is_in_bytes() {
    let kib = 1024.0_f64;
    let cases = [
        ("500B", 500.0),
        ("2KB", 2e3),
        ("1.5MB", 1.5e6),
        ("4GB", 4e9),
        ("2TB", 2e12),
        ("1PB", 1e15),
        ("1KiB", kib),
        ("3MiB", 3.0 * kib.powi(2)),
        ("4GiB", 4.0 * kib.powi(3)),
        ("2TiB", 2.0 * kib.powi(4)),
        ("1PiB", kib.powi(5)),
    ];
    for (text, bytes) in cases {
        let m = model(&format!("database d {{ disk {text}; record_size {text} }}"));
        for key in [AttrKey::Disk, AttrKey::RecordSize] {
            match value(&m, "d", key) {
                AttrValue::Size(b) => close(*b, bytes),
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}

#[test]
fn rates_are_in_requests_per_second_with_count_prefixes() {
    let cases = [
        ("2000rps", 2000.0),
        ("100qps", 100.0),
        ("1.5krps", 1500.0),
        ("2Krps", 2000.0),
        ("2Mrps", 2e6),
        ("1_000rps", 1000.0),
    ];
    for (text, rps) in cases {
        let m = model(&format!("service a {{ capacity {text} }}"));
        match value(&m, "a", AttrKey::Capacity) {
            AttrValue::Rate(r) => close(*r, rps),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn counts_take_k_m_and_bn_suffixes() {
    let cases = [("10M", 10e6), ("2.5k", 2500.0), ("3K", 3000.0), ("3bn", 3e9), ("1_000", 1000.0), ("0", 0.0)];
    for (text, n) in cases {
        let m = model(&format!("system {{ dau {text} }}\ndatabase d {{ records_per_day {text} }}"));
        close(as_f64(&system_value(&m, AttrKey::Dau)), n);
        close(as_f64(value(&m, "d", AttrKey::RecordsPerDay)), n);
    }
}

#[test]
fn percentages_are_fractions() {
    let m = model("system { availability 99.95% }\nservice a { availability 99.9% }");
    match system_value(&m, AttrKey::Availability) {
        AttrValue::Percent(p) => close(p, 0.9995),
        other => panic!("{other:?}"),
    }
    close(comp(&m, "a").instance_availability(), 0.999);
}

#[test]
fn plain_numbers_and_ratios() {
    let m = model(
        "system {\n  read_ratio 0.25\n  requests_per_user 2.5\n  peak_factor 3\n}\ncache c { hit_ratio 1; ttl 1h }\nclient u { share 0 }",
    );
    close(as_f64(&system_value(&m, AttrKey::ReadRatio)), 0.25);
    close(as_f64(&system_value(&m, AttrKey::RequestsPerUser)), 2.5);
    close(m.system.as_ref().map(|s| s.peak_factor()).unwrap_or_default(), 3.0);
    close(as_f64(value(&m, "c", AttrKey::HitRatio)), 1.0);
    close(as_f64(value(&m, "u", AttrKey::Share)), 0.0);
}

#[test]
fn defaults_when_absent() {
    let m = model("system {}\nservice a\ndatabase d\nexternal e\nservice b { managed }");
    assert_eq!(comp(&m, "a").replicas(), (1, 1));
    close(m.system.as_ref().map(|s| s.peak_factor()).unwrap_or_default(), 2.0);
    close(comp(&m, "a").latency(), 0.001);
    close(comp(&m, "d").latency(), 0.005);
    close(comp(&m, "e").latency(), 0.1);
    close(comp(&m, "a").instance_availability(), 0.999);
    close(comp(&m, "b").instance_availability(), 0.9999);
}

#[test]
fn replicas_take_a_count_or_a_range() {
    let m = model("service a { replicas 3 }\nservice b { replicas 2..20 }\nservice c { replicas 1_0..1k }");
    assert_eq!(comp(&m, "a").replicas(), (3, 3));
    assert_eq!(comp(&m, "b").replicas(), (2, 20));
    assert_eq!(comp(&m, "c").replicas(), (10, 1000));
    assert_eq!(comp(&m, "b").min_replicas(), 2);
    assert_eq!(comp(&m, "b").max_replicas(), 20);
}

#[test]
fn lists_hold_identifiers_and_strings() {
    let m = model("service a { tags [web, \"tier 1\", edge-node,] }\nservice b { tags [] }");
    assert_eq!(
        value(&m, "a", AttrKey::Tags),
        &AttrValue::List(vec!["web".into(), "tier 1".into(), "edge-node".into()])
    );
    assert_eq!(value(&m, "b", AttrKey::Tags), &AttrValue::List(vec![]));
}

#[test]
fn keyword_and_compound_values() {
    let m = model(
        "service a { rate_limit 100rps token_bucket; auth oauth2 }\n\
         service b { rate_limit 2krps }\n\
         database d { replication async primary_replica; sharding consistent_hash \"user_id\"; backup 12h; cap CP; model sql }\n\
         database e { replication multi_primary; sharding range; backup }\n\
         load_balancer lb { layer 4; algorithm ip_hash; health_check }\n\
         queue q { dead_letter dlq; delivery exactly_once; partitions 12 }\nqueue dlq\n\
         coordinator z { consensus zab; replicas 3 }\n\
         service s { engine redis }",
    );
    assert_eq!(
        value(&m, "a", AttrKey::RateLimit),
        &AttrValue::RateLimit { rps: 100.0, algorithm: Some("token_bucket") }
    );
    assert_eq!(value(&m, "b", AttrKey::RateLimit), &AttrValue::RateLimit { rps: 2000.0, algorithm: None });
    assert_eq!(value(&m, "a", AttrKey::Auth), &AttrValue::Keyword("oauth2"));
    assert_eq!(
        value(&m, "d", AttrKey::Replication),
        &AttrValue::Replication { topology: Some("primary_replica"), mode: Some("async") }
    );
    assert_eq!(
        value(&m, "e", AttrKey::Replication),
        &AttrValue::Replication { topology: Some("multi_primary"), mode: None }
    );
    assert_eq!(
        value(&m, "d", AttrKey::Sharding),
        &AttrValue::Sharding { strategy: "consistent_hash", key: Some("user_id".into()) }
    );
    assert_eq!(value(&m, "e", AttrKey::Sharding), &AttrValue::Sharding { strategy: "range", key: None });
    match value(&m, "d", AttrKey::Backup) {
        AttrValue::Backup { interval: Some(s) } => close(*s, 43_200.0),
        other => panic!("{other:?}"),
    }
    assert_eq!(value(&m, "e", AttrKey::Backup), &AttrValue::Backup { interval: None });
    assert_eq!(value(&m, "d", AttrKey::Cap), &AttrValue::Keyword("CP"));
    assert_eq!(value(&m, "lb", AttrKey::Layer), &AttrValue::Count(4));
    assert_eq!(value(&m, "lb", AttrKey::HealthCheck), &AttrValue::Flag);
    assert_eq!(value(&m, "q", AttrKey::Partitions), &AttrValue::Count(12));
    assert_eq!(comp(&m, "s").engine(), Some("redis"));
    // `dead_letter` is a `~>` link from the queue to its dead letter queue.
    let (q, dlq) = (m.find("q").expect("q"), m.find("dlq").expect("dlq"));
    assert!(m.links.iter().any(|l| l.from == q && l.to == dlq && l.arrow == Arrow::Async));
}

#[test]
fn string_escapes() {
    let m = model(r#"service a "say \"hi\" \\ tab\there\nnext \u{1F600} \u{e9}""#);
    assert_eq!(comp(&m, "a").label.as_deref(), Some("say \"hi\" \\ tab\there\nnext \u{1F600} \u{e9}"));
    let m = model("service a \"caf\u{e9} \u{1F680}\"");
    assert_eq!(comp(&m, "a").label.as_deref(), Some("caf\u{e9} \u{1F680}"));
}

// ---- lexical structure ----------------------------------------------------------

#[test]
fn crlf_line_endings() {
    let m = model(
        "system \"S\" {\r\n  latency 200ms\r\n}\r\nservice a {\r\n  replicas 2\r\n}\r\nservice b\r\na -> b : grpc\r\n",
    );
    assert_eq!(comp(&m, "a").replicas(), (2, 2));
    assert_eq!(m.links.len(), 1);
    assert_eq!(m.links[0].protocol, Some("grpc"));
}

#[test]
fn byte_order_mark_is_ignored() {
    let m = model("\u{FEFF}service a { replicas 2 }\n");
    assert_eq!(comp(&m, "a").replicas(), (2, 2));
    assert_eq!(comp(&m, "a").id, "a");
}

#[test]
fn statements_end_at_semicolons_and_closing_braces() {
    let m = model(
        "service a { replicas 2; stateless }; service b { zones 2 }\ncache c { ttl 1h; eviction lru; }\na -> b; b -> c",
    );
    assert_eq!(comp(&m, "a").replicas(), (2, 2));
    assert!(comp(&m, "a").attrs.has(AttrKey::Stateless));
    assert_eq!(value(&m, "b", AttrKey::Zones), &AttrValue::Count(2));
    assert!(comp(&m, "c").attrs.has(AttrKey::Eviction));
    assert_eq!(m.links.len(), 2);
}

#[test]
fn blank_lines_and_empty_blocks() {
    let m = model("\n\n\nservice a {\n\n  replicas 2\n\n}\n\nservice b {}\ngroup g {\n}\n\n");
    assert_eq!(comp(&m, "a").replicas(), (2, 2));
    assert!(comp(&m, "b").attrs.0.is_empty());
    assert!(m.find_group("g").is_some());
}

#[test]
fn comments_of_both_forms() {
    let m = model(
        "// a line comment\n\
         service a /* inline */ \"A\" { /* before */ replicas 2 // after\n}\n\
         /* a comment\n   over lines */\n\
         service b /* spans\n lines: ends the statement */ service c\n\
         a -> b // calls\n",
    );
    assert_eq!(comp(&m, "a").label.as_deref(), Some("A"));
    assert_eq!(comp(&m, "a").replicas(), (2, 2));
    assert!(m.find("b").is_some() && m.find("c").is_some());
    assert_eq!(m.links.len(), 1);
    // Comment markers inside strings are text.
    let m = model("service a \"http://example.com /* not a comment */\"");
    assert_eq!(comp(&m, "a").label.as_deref(), Some("http://example.com /* not a comment */"));
}

#[test]
fn identifiers_with_dashes_and_arrows_without_spaces() {
    let m = model("service user-service\nservice db_1\nuser-service->db_1\ndb_1~>user-service");
    let (a, b) = (m.find("user-service").expect("dashed id"), m.find("db_1").expect("underscored id"));
    assert!(m.links.iter().any(|l| l.from == a && l.to == b && l.arrow == Arrow::Sync));
    assert!(m.links.iter().any(|l| l.from == b && l.to == a && l.arrow == Arrow::Async));
}

#[test]
fn keywords_are_identifiers_where_an_identifier_belongs() {
    let m = model(
        "service cache\ndatabase service { engine database }\nqueue topic\ngroup group { client system }\n\
         service import\nsystem -> cache -> service\ncache ~> topic\nimport -> service",
    );
    assert_eq!(comp(&m, "cache").kind, Kind::Service);
    assert_eq!(comp(&m, "service").kind, Kind::Database);
    assert_eq!(comp(&m, "service").engine(), Some("database"));
    assert_eq!(comp(&m, "topic").kind, Kind::Queue);
    assert_eq!(comp(&m, "system").kind, Kind::Client);
    assert_eq!(comp(&m, "import").kind, Kind::Service);
    assert!(m.find_group("group").is_some());
    assert_eq!(m.links.len(), 4);
}

// ---- statements -----------------------------------------------------------------

#[test]
fn every_kind_is_a_declaration() {
    let kinds = [
        ("client", Kind::Client),
        ("dns", Kind::Dns),
        ("cdn", Kind::Cdn),
        ("load_balancer", Kind::LoadBalancer),
        ("gateway", Kind::Gateway),
        ("service", Kind::Service),
        ("function", Kind::Function),
        ("cache", Kind::Cache),
        ("database", Kind::Database),
        ("queue", Kind::Queue),
        ("topic", Kind::Topic),
        ("storage", Kind::Storage),
        ("search", Kind::Search),
        ("coordinator", Kind::Coordinator),
        ("external", Kind::External),
    ];
    for (word, kind) in kinds {
        let m = model(&format!("{word} x \"X\""));
        assert_eq!(comp(&m, "x").kind, kind, "{word}");
        assert_eq!(comp(&m, "x").label.as_deref(), Some("X"));
    }
}

#[test]
fn links_take_words_in_any_order() {
    let m = model("service a\ndatabase b\nqueue q\na -> b : read \"orders\" tls grpc\na ~> q : kafka write");
    let l = &m.links[0];
    assert_eq!(l.arrow, Arrow::Sync);
    assert_eq!(l.protocol, Some("grpc"));
    assert!(l.read && !l.write && l.tls && l.is_encrypted());
    assert_eq!(l.label.as_deref(), Some("orders"));
    let l = &m.links[1];
    assert_eq!(l.arrow, Arrow::Async);
    assert!(!l.read && l.write && !l.is_encrypted());
}

#[test]
fn a_link_without_operations_carries_both() {
    let m = model("service a\nservice b\na -> b");
    assert!(m.links[0].read && m.links[0].write);
    assert_eq!(m.links[0].protocol, None);
    assert!(!m.links[0].is_encrypted());
}

#[test]
fn encryption_follows_the_protocol_or_tls() {
    for (words, encrypted) in [
        ("https", true),
        ("wss", true),
        ("tls", true),
        ("http tls", true),
        ("http", false),
        ("grpc", false),
        ("", false),
    ] {
        let link = if words.is_empty() { "a -> b".to_string() } else { format!("a -> b : {words}") };
        let m = model(&format!("service a\nservice b\n{link}"));
        assert_eq!(m.links[0].is_encrypted(), encrypted, "`{words}`");
    }
}

#[test]
fn link_attributes_in_a_block() {
    let m = model(
        "service a\nexternal b\n\
         a -> b {\n  label \"pay\"\n  protocol https\n  ops [read]\n  timeout 2s\n  retries 3\n  circuit_breaker\n  fallback\n  calls 2\n  latency 150ms\n}",
    );
    let l = &m.links[0];
    assert_eq!(l.label.as_deref(), Some("pay"));
    assert_eq!(l.protocol, Some("https"));
    assert!(l.read && !l.write && l.is_encrypted());
    match &l.attrs.get(AttrKey::Timeout).expect("timeout").value {
        AttrValue::Duration(s) => close(*s, 2.0),
        other => panic!("{other:?}"),
    }
    assert_eq!(l.retries(), 3);
    assert_eq!(l.calls(), 2);
    assert!(l.is_fallback());
    assert!(l.attrs.has(AttrKey::CircuitBreaker));
    close(l.latency(), 0.15);
}

#[test]
fn link_defaults() {
    let m = model("service a\nservice b\na -> b");
    assert_eq!(m.links[0].calls(), 1);
    assert_eq!(m.links[0].retries(), 0);
    close(m.links[0].latency(), 0.0005);
}

#[test]
fn chains_declare_every_hop_with_the_same_words_and_attributes() {
    let m = model("client u\nload_balancer lb\nservice a\nqueue q\nu -> lb -> a ~> q : https \"flow\" { timeout 1s }");
    assert_eq!(m.links.len(), 3);
    let hops: Vec<(String, String, Arrow)> =
        m.links.iter().map(|l| (m.component(l.from).id.clone(), m.component(l.to).id.clone(), l.arrow)).collect();
    assert_eq!(
        hops,
        vec![
            ("u".into(), "lb".into(), Arrow::Sync),
            ("lb".into(), "a".into(), Arrow::Sync),
            ("a".into(), "q".into(), Arrow::Async)
        ]
    );
    for l in &m.links {
        assert_eq!(l.protocol, Some("https"));
        assert_eq!(l.label.as_deref(), Some("flow"));
        assert!(l.attrs.has(AttrKey::Timeout));
    }
}

#[test]
fn order_does_not_matter() {
    let m = model("a -> b : grpc\nservice b\nservice a");
    assert_eq!(m.links.len(), 1);
}

#[test]
fn the_same_pair_twice_with_different_labels_is_two_flows() {
    let m = model("service a\nsearch s\na -> s : read \"query\"\na -> s : write \"index\"");
    assert_eq!(m.links.len(), 2);
}

#[test]
fn groups_nest_and_pass_on_their_trust_level() {
    let m = model(
        "group outer \"Outer\" {\n  trust private\n  region \"eu-west-1\"\n  description \"core\"\n\
           group inner {\n    service a\n  }\n  group dmz_part {\n    trust dmz\n    service b\n  }\n  a -> b\n}\nservice c",
    );
    let outer = m.find_group("outer").expect("outer");
    let inner = m.find_group("inner").expect("inner");
    assert_eq!(m.group(inner).parent, Some(outer));
    assert_eq!(m.group(outer).label.as_deref(), Some("Outer"));
    assert_eq!(comp(&m, "a").group, Some(inner));
    assert_eq!(m.trust_of(m.find("a").expect("a")), Some("private"));
    assert_eq!(m.trust_of(m.find("b").expect("b")), Some("dmz"));
    assert_eq!(m.trust_of(m.find("c").expect("c")), None);
    assert_eq!(m.links.len(), 1, "a link declared inside a group");
}

#[test]
fn allow_may_repeat_with_or_without_reason() {
    let m = model(
        "service a {\n  allow missing-auth \"internal only\"\n  allow single-point-of-failure\n}\nservice b\na -> b { allow unencrypted-link }",
    );
    let a = comp(&m, "a");
    assert_eq!(a.allows.len(), 2);
    assert_eq!(a.allows[0].rule, "missing-auth");
    assert_eq!(a.allows[0].reason.as_deref(), Some("internal only"));
    assert_eq!(a.allows[1].reason, None);
    assert_eq!(m.links[0].allows.len(), 1);
}

#[test]
fn the_system_block() {
    let m = model(
        "system \"Shop\" {\n  description \"d\"\n  availability 99.9%\n  latency 200ms\n  dau 10M\n  requests_per_user 20\n  read_ratio 0.9\n  peak_factor 3\n}",
    );
    let s = m.system.as_ref().expect("system");
    assert_eq!(s.name.as_deref(), Some("Shop"));
    close(as_f64(&system_value(&m, AttrKey::Latency)), 0.2);
    close(as_f64(&system_value(&m, AttrKey::Dau)), 10e6);
    assert_eq!(s.read_ratio(), Some(0.9));
    let m = model("system { traffic 1.5krps }");
    close(as_f64(&system_value(&m, AttrKey::Traffic)), 1500.0);
}

#[test]
fn imports_share_one_namespace_and_a_second_import_is_a_no_op() {
    let loader = MemoryLoader::default()
        .with("main.arch", "import \"a.arch\"\nimport \"./a.arch\"\nimport \"sub/b.arch\"\nx -> y")
        .with("a.arch", "service x")
        .with("sub/b.arch", "import \"../a.arch\"\ndatabase y");
    let c = loader.compile("main.arch");
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    assert_eq!(c.files.len(), 3);
    assert_eq!(c.model.components.len(), 2);
    assert_eq!(c.model.links.len(), 1);
}

// ---- errors ---------------------------------------------------------------------

#[test]
fn invalid_forms_are_refused_with_their_code() {
    let cases: &[(&str, &str)] = &[
        ("service a { replicas 0 }", "value-out-of-range"),
        ("service a { replicas 10..2 }", "value-out-of-range"),
        ("service a { replicas 0..3 }", "value-out-of-range"),
        ("service a { availability 120% }", "value-out-of-range"),
        ("system { read_ratio 1.5 }", "value-out-of-range"),
        ("system { peak_factor 0.5 }", "value-out-of-range"),
        ("cache c { hit_ratio 2 }", "value-out-of-range"),
        ("client c { share 1.2 }", "value-out-of-range"),
        ("service a { zones 0 }", "value-out-of-range"),
        ("service a { latency 5GB }", "invalid-value"),
        ("service a { capacity 10ms }", "invalid-value"),
        ("cache c { ttl 100rps }", "invalid-value"),
        ("database d { disk 500 }", "invalid-value"),
        ("system { read_ratio 90% }", "invalid-value"),
        ("system { availability 0.999 }", "invalid-value"),
        ("service a { replicas 2.5 }", "invalid-value"),
        ("service a { zones 1.5 }", "invalid-value"),
        ("service a { latency 5sec }", "invalid-number"),
        ("service a { capacity 2krpm }", "invalid-number"),
        ("service a { latency 5 parsecs }", "invalid-value"),
        ("load_balancer lb { layer 5 }", "value-out-of-range"),
        ("load_balancer lb { algorithm fastest }", "invalid-value"),
        ("service a { auth password }", "invalid-value"),
        ("service a { stateless 3 }", "invalid-value"),
        ("service a { description 3 }", "invalid-value"),
        ("service a { replicas 2\n replicas 3 }", "duplicate-attribute"),
        ("service a { stateless\n stateful }", "conflicting-attributes"),
        ("system { traffic 5rps\n dau 1M }", "conflicting-attributes"),
        ("system \"A\"\nsystem \"B\"", "duplicate-system"),
        ("service a\nservice a", "duplicate-component"),
        ("service a { strategy lru }", "attribute-not-allowed"),
        ("service a { ttl 1h }", "attribute-not-allowed"),
        ("service a { replicas_count 3 }", "unknown-attribute"),
        ("servce a", "unknown-kind"),
        ("service a\na -> b", "undefined-component"),
        ("service a\na -> a", "self-link"),
        ("service a\nservice b\na -> b\na -> b", "duplicate-link"),
        ("service a\nservice b\na -> b : ftp", "unknown-link-word"),
        // A second protocol or label is the same attribute twice.
        ("service a\nservice b\na -> b : \"x\" \"y\"", "duplicate-attribute"),
        ("service a\nservice b\na -> b : http grpc", "duplicate-attribute"),
        ("service a\nservice b\na -> b : http { protocol grpc }", "duplicate-attribute"),
        ("service a \"unterminated\nservice b", "invalid-string"),
        ("service a \"bad \\x escape\"", "invalid-string"),
        ("service a-", "syntax-error"),
        ("service a { replicas 2..}", "syntax-error"),
        ("service a {\n", "unclosed-brace"),
        ("}", "syntax-error"),
    ];
    let mut failures = Vec::new();
    for (text, code) in cases {
        let codes = error_codes(text);
        if !codes.iter().any(|c| c == code) {
            failures.push(format!("{text:?}: expected `{code}`, got {codes:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn one_run_reports_every_broken_statement() {
    let codes = error_codes("service a { replica 2 }\nservise b\nservice c { latency 5GB }\nc -> d");
    assert_eq!(codes, vec!["unknown-attribute", "unknown-kind", "invalid-value", "undefined-component"]);
}

/// Imports are loaded depth first without recursion: a chain of thousands of
/// files must not overflow the stack (a test thread's is small).
#[test]
fn a_long_import_chain_does_not_overflow_the_stack() {
    let n = 5_000;
    let mut loader = MemoryLoader::default();
    for i in 0..n {
        let import = if i + 1 < n { format!("import \"f{}.arch\"\n", i + 1) } else { String::new() };
        loader = loader.with(format!("f{i}.arch"), format!("{import}service s{i}\n"));
    }
    let c = loader.compile("f0.arch");
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics.first());
    assert_eq!(c.files.len(), n);
    assert_eq!(c.model.components.len(), n);
}

/// A cycle deep in a chain is still found and shows the chain from the file
/// that is imported again.
#[test]
fn an_import_cycle_shows_its_chain() {
    let loader = MemoryLoader::default()
        .with("main.arch", "import \"a.arch\"")
        .with("a.arch", "import \"b.arch\"")
        .with("b.arch", "import \"c.arch\"")
        .with("c.arch", "import \"a.arch\"");
    let c = loader.compile("main.arch");
    let messages: Vec<&str> =
        c.diagnostics.iter().filter(|d| d.code == "import-cycle").map(|d| d.message.as_str()).collect();
    assert_eq!(messages, vec!["import cycle: a.arch → b.arch → c.arch → a.arch"]);
}
