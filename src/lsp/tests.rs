//! Every feature at every position of real and broken documents: answers, never panics.

use super::*;
use crate::driver::FsLoader;

fn open(path: PathBuf, text: String) -> Analysis {
    let uri = path_to_uri(&path).expect("a file URI");
    let doc = Document { uri, path, text };
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
