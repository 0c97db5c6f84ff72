//! Every feature at every position of real and broken documents: answers, never panics.

use super::*;
use crate::driver::FsLoader;

fn open(path: PathBuf, text: String) -> Analysis {
    let uri = path_to_uri(&path).expect("a file URI");
    let doc = Document { uri, path, text, version: 1 };
    analyze(&doc, &FsLoader, None)
}

fn exercise_at(a: &Analysis, text: &str, offsets: impl IntoIterator<Item = usize>) {
    for offset in offsets {
        let _ = features::hover(a, offset);
        let _ = features::definition(a, offset);
        let _ = features::references(a, offset, true);
        let _ = features::completion(a, text, offset);
        let _ = features::rename(a, offset, "renamed");
    }
    let _ = features::symbols(a);
    let _ = features::formatting(a);
}

/// Every character boundary.
fn exercise(a: &Analysis, text: &str) {
    exercise_at(a, text, (0..=text.len()).filter(|&i| text.is_char_boundary(i)));
}

/// The edges and middle of every name, and the ends of every line: where the
/// answers change, at a fraction of the cost of every offset.
fn exercise_names(a: &Analysis, text: &str) {
    let mut offsets = vec![0, text.len()];
    if let Some(ast) = a.root_ast() {
        for o in syntax_index::occurrences(ast) {
            let (s, e) = (o.span.start as usize, o.span.end as usize);
            offsets.extend([s.saturating_sub(1), s, (s + e) / 2, e, e + 1]);
        }
    }
    offsets.extend(text.match_indices('\n').flat_map(|(i, _)| [i, i + 1]));
    offsets.retain(|&i| i <= text.len() && text.is_char_boundary(i));
    offsets.sort_unstable();
    offsets.dedup();
    exercise_at(a, text, offsets);
}

#[test]
fn every_position_of_every_example() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut stack = vec![dir];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "arch") {
                let text = std::fs::read_to_string(&path).expect("example text");
                let a = open(path, text.clone());
                assert!(!features::symbols(&a).is_empty());
                exercise_names(&a, &text);
                seen += 1;
            }
        }
    }
    assert!(seen > 0);
}

#[test]
fn broken_and_unicode_documents() {
    for text in [
        "service a {\n  replicas",
        "a -> \"unterminated\nservice é😀 \"😀\" { tags [😀, \"x\"] }\n",
        "}}}{{{ /* never closed",
        "group g { group h { service a } }\na -> a -> a",
        "",
    ] {
        let a = open(PathBuf::from("/nonexistent/x.arch"), text.to_string());
        exercise(&a, text);
    }
}

#[test]
fn utf16_positions_round_trip_through_the_uri_helpers() {
    let p = PathBuf::from("/tmp/a dir/ünï.arch");
    let uri = path_to_uri(&p).expect("uri");
    assert_eq!(uri.as_str(), "file:///tmp/a%20dir/%C3%BCn%C3%AF.arch");
    assert_eq!(uri_to_path(&uri), Some(p));
}

fn hover_text(a: &Analysis, offset: usize) -> String {
    match features::hover(a, offset).map(|h| h.contents) {
        Some(lsp::HoverContents::Markup(m)) => m.value,
        other => panic!("no markdown hover: {other:?}"),
    }
}

fn labels(items: Vec<lsp::CompletionItem>) -> Vec<String> {
    items.into_iter().map(|i| i.label).collect()
}

#[test]
fn hovers_explain_rules_groups_and_values() {
    let text =
        "group edge \"Edge\" {\n  trust dmz\n  service api { replicas 2; allow single-point-of-failure \"x\" }\n}\n";
    let a = open(PathBuf::from("/nonexistent/h.arch"), text.to_string());
    let rule = hover_text(&a, text.find("single-point").expect("rule") + 3);
    assert!(rule.starts_with("**single-point-of-failure**"), "{rule}");
    assert!(rule.contains("## What it does"), "{rule}");
    let group = hover_text(&a, text.find("edge").expect("group") + 1);
    assert_eq!(group, "**group** `edge` \"Edge\"\n\n```arch\ntrust dmz\n```");
    let value = hover_text(&a, text.find("dmz").expect("value"));
    assert!(value.starts_with("`dmz` — a value of **trust**"), "{value}");
}

#[test]
fn hovers_explain_link_words() {
    let text = "service a
service b
a -> b : grpc tls read \"orders\"
";
    let a = open(PathBuf::from("/nonexistent/w.arch"), text.to_string());
    assert!(hover_text(&a, text.find("grpc").expect("grpc")).contains("plaintext unless"));
    assert!(hover_text(&a, text.find("tls").expect("tls")).starts_with("**tls**"));
    assert!(hover_text(&a, text.find("read").expect("read")).starts_with("**read**"));
}

#[test]
fn completion_in_each_position() {
    let complete = |text: &str| {
        let a = open(PathBuf::from("/nonexistent/c.arch"), text.to_string());
        labels(features::completion(&a, text, text.len()))
    };
    let rules = complete("service a { allow ");
    assert!(rules.contains(&"single-point-of-failure".to_string()), "{rules:?}");
    let words = complete("service a\nservice b\na -> b : ");
    assert!(words.contains(&"https".to_string()) && words.contains(&"tls".to_string()), "{words:?}");
    let algos = complete("service a { rate_limit 10rps ");
    assert_eq!(algos, ["token_bucket", "leaky_bucket", "fixed_window", "sliding_window"]);
    let dlq = complete("queue q { dead_letter ");
    assert_eq!(dlq, ["q"]);
    let group_attrs = complete("group g {\n  ");
    assert!(group_attrs.contains(&"trust".to_string()) && group_attrs.contains(&"service".to_string()));
    assert!(!group_attrs.contains(&"replicas".to_string()), "{group_attrs:?}");
    assert!(complete("service a // rep").is_empty());
}

#[test]
fn diagnostics_carry_secondary_labels_as_related_information() {
    let text = "service a\nservice a\n";
    let a = open(PathBuf::from("/nonexistent/d.arch"), text.to_string());
    let dup = a.diagnostics.iter().find(|d| d.code == "duplicate-component").expect("duplicate-component");
    let lsp_diag = to_lsp_diagnostic(&a, dup).expect("converted");
    let related = lsp_diag.related_information.expect("related information");
    assert_eq!(related[0].location.range.start, lsp::Position { line: 0, character: 8 });
    assert!(lsp_diag.message.contains("\nhelp: "), "{}", lsp_diag.message);
}

#[test]
fn errors_of_imported_files_show_on_the_import_that_brings_them_in() {
    let loader = crate::driver::MemoryLoader::default()
        .with("/w/mid.arch", "import \"leaf.arch\"\nservice m\n")
        .with("/w/leaf.arch", "service ok\nservce bad {\n}\nok -> \n")
        .with("/w/blob.arch", vec![0xff, 0xfe, 0x00]);
    let text = "service a\nimport \"mid.arch\"\nimport \"blob.arch\"\na -> m\n";
    let path = PathBuf::from("/w/root.arch");
    let doc = Document { uri: path_to_uri(&path).expect("uri"), path, text: text.to_string(), version: 1 };
    let a = analyze(&doc, &loader, None);

    let shown = imported_errors(&a);
    assert_eq!(shown.len(), 2, "{shown:#?}");
    let (mid, blob) = (&shown[0], &shown[1]);
    assert_eq!(mid.range.start, lsp::Position { line: 1, character: 0 });
    assert!(mid.message.starts_with("2 errors in imported files; the first, in `/w/leaf.arch`"), "{}", mid.message);
    let related = mid.related_information.as_ref().expect("related");
    assert_eq!(related.len(), 2);
    assert!(related.iter().all(|r| r.location.uri.as_str() == "file:///w/leaf.arch"), "{related:#?}");
    assert_eq!(mid.code, Some(lsp::NumberOrString::String("unknown-kind".into())));
    assert_eq!(blob.range.start, lsp::Position { line: 2, character: 0 });
    assert!(blob.message.starts_with("`/w/blob.arch` has an error"), "{}", blob.message);

    // A clean import adds nothing.
    let clean = crate::driver::MemoryLoader::default().with("/w/mid.arch", "service m\n");
    assert!(imported_errors(&analyze(&doc, &clean, None)).is_empty());
}

/// The workspace's import graph is rebuilt on every change; only files whose
/// text changed are parsed again, and the graph follows the change.
#[test]
fn the_import_graph_parses_only_changed_files() {
    let workspace = |leaf: &str| {
        crate::driver::MemoryLoader::default()
            .with("/w/main.arch", "import \"mid.arch\"\nservice a\n")
            .with("/w/mid.arch", "service m\n")
            .with("/w/leaf.arch", leaf.to_string())
    };
    let mut cache = ImportCache::default();
    let dir = Path::new("/w");
    let graph = ImportGraph::of(dir, &workspace("service l\n"), &mut cache);
    assert_eq!(cache.parses, 3);
    assert_eq!(graph.root_of(Path::new("/w/mid.arch")), Some(Path::new("/w/main.arch")));
    assert_eq!(graph.root_of(Path::new("/w/leaf.arch")), None);

    ImportGraph::of(dir, &workspace("service l\n"), &mut cache);
    assert_eq!(cache.parses, 3, "nothing changed: nothing is parsed");

    // `leaf` now imports `main`: it becomes the design the others belong to.
    let graph = ImportGraph::of(dir, &workspace("import \"main.arch\"\nservice l\n"), &mut cache);
    assert_eq!(cache.parses, 4, "only the changed file is parsed");
    assert_eq!(graph.root_of(Path::new("/w/mid.arch")), Some(Path::new("/w/leaf.arch")));
    assert_eq!(graph.root_of(Path::new("/w/main.arch")), Some(Path::new("/w/leaf.arch")));

    // `leaf` is deleted: the cache forgets it.
    let without_leaf = crate::driver::MemoryLoader::default()
        .with("/w/main.arch", "import \"mid.arch\"\nservice a\n")
        .with("/w/mid.arch", "service m\n");
    ImportGraph::of(dir, &without_leaf, &mut cache);
    assert_eq!(cache.parses, 4);
    let mut cached: Vec<&Path> = cache.by_path.keys().map(PathBuf::as_path).collect();
    cached.sort();
    assert_eq!(cached, [Path::new("/w/main.arch"), Path::new("/w/mid.arch")]);
}
