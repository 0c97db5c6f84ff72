//! Property tests: whatever the input, the pipeline returns, deterministically;
//! generated designs compile cleanly. Case counts stay small so `cargo test`
//! stays fast; raise them with `PROPTEST_CASES=10000 cargo test --test properties`.

mod common;

use proptest::prelude::*;

/// One lexical piece of a token soup.
fn token() -> impl Strategy<Value = Vec<u8>> {
    let word = prop_oneof![
        Just("service"),
        Just("client"),
        Just("database"),
        Just("cache"),
        Just("queue"),
        Just("topic"),
        Just("load_balancer"),
        Just("gateway"),
        Just("external"),
        Just("group"),
        Just("system"),
        Just("import"),
        Just("replicas"),
        Just("latency"),
        Just("trust"),
        Just("private"),
        Just("dead_letter"),
        Just("allow"),
        Just("stateless"),
        Just("stateful"),
        Just("share"),
        Just("capacity"),
        Just("tls"),
        Just("read"),
        Just("https"),
    ]
    .prop_map(|s| s.as_bytes().to_vec());
    let ident = "[a-z_][a-z0-9_]{0,6}(-[a-z0-9]{1,3})?".prop_map(|s| s.into_bytes());
    let punct = prop_oneof![
        Just("->"),
        Just("~>"),
        Just("{"),
        Just("}"),
        Just("["),
        Just("]"),
        Just(","),
        Just(":"),
        Just(";"),
        Just(".."),
        Just("\n"),
        Just("\r\n"),
        Just(" "),
        Just("\t"),
        Just("// comment\n"),
        Just("/* a\nb */"),
        Just("/* open"),
        Just("\""),
        Just("-"),
        Just("\u{FEFF}"),
    ]
    .prop_map(|s| s.as_bytes().to_vec());
    let string = r#""([a-z ]|\\[nt"\\]|\\u\{[0-9a-fA-F]{0,7}\}|\\.){0,8}"?"#.prop_map(|s| s.into_bytes());
    let number = (
        "[0-9]{1,4}(_[0-9]{3})?(\\.[0-9]{1,3})?",
        prop_oneof![
            Just(""),
            Just("k"),
            Just("M"),
            Just("bn"),
            Just("%"),
            Just("ms"),
            Just("s"),
            Just("h"),
            Just("y"),
            Just("rps"),
            Just("krps"),
            Just("qps"),
            Just("GB"),
            Just("KiB"),
            Just("zz"),
        ],
    )
        .prop_map(|(n, u)| format!("{n}{u}").into_bytes());
    let garbage = prop::collection::vec(any::<u8>(), 1..4);
    prop_oneof![
        4 => word,
        4 => ident,
        6 => punct,
        2 => string,
        2 => number,
        1 => garbage,
    ]
}

fn soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(token(), 0..80).prop_map(|tokens| {
        let mut out = Vec::new();
        for t in tokens {
            out.extend(t);
            out.push(b' ');
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// No token soup panics any stage, and the same bytes give the same diagnostics.
    #[test]
    fn token_soup_never_panics_and_is_deterministic(bytes in soup()) {
        let first = common::pipeline::run_pipeline(&bytes);
        let second = common::pipeline::run_pipeline(&bytes);
        prop_assert_eq!(first, second);
    }

    /// A valid text with one byte changed still goes through (the fuzzer's favourite move).
    #[test]
    fn mutated_models_never_panic(seed in any::<u64>(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = archc::gen::generate(30, seed).into_bytes();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        let first = common::pipeline::run_pipeline(&bytes);
        prop_assert_eq!(first, common::pipeline::run_pipeline(&bytes));
    }

    /// Generated designs of any size compile without errors and lint without panicking.
    #[test]
    fn generated_models_compile_cleanly(n in 0usize..400, seed in any::<u64>()) {
        let text = archc::gen::generate(n, seed);
        let c = archc::compile_str("gen.arch", &text);
        let errors: Vec<String> = c
            .diagnostics
            .iter()
            .filter(|d| d.severity == archc::diagnostic::Severity::Error)
            .map(|d| format!("{}: {} at {}", d.code, d.message, d.primary.span.start))
            .collect();
        prop_assert!(errors.is_empty(), "n = {}, seed = {}: {:?}", n, seed, errors);
        prop_assert_eq!(c.model.components.len(), n);
        let _ = archc::lint::lint(&c.model, &archc::lint::LintConfig::default());
    }
}

#[test]
fn generated_model_sizes_match_the_request() {
    let text = archc::gen::generate(10_000, 42);
    let c = archc::compile_str("gen.arch", &text);
    assert!(!c.has_errors());
    assert_eq!(c.model.components.len(), 10_000);
    // "About three links per component", dead-letter links included.
    assert!((28_000..=30_500).contains(&c.model.links.len()), "{} links", c.model.links.len());
    assert!(c.model.groups.len() > 250, "{} groups", c.model.groups.len());
    assert!(c.model.groups.iter().any(|g| g.parent.and_then(|p| c.model.group(p).parent).is_some()), "no nesting");
    assert!(c.model.system.is_some());
}
