//! A quick lexical pass before pest runs: it finds comments (the formatter and
//! the language server keep them), unbalanced braces (reported at the opening
//! brace, which pest alone cannot do) and the nesting depth, which is bounded
//! before any recursive code sees the file.

use super::ast::Comment;
use crate::source::{FileId, Span};

pub(crate) struct Scan {
    pub comments: Vec<Comment>,
    /// Opening braces never closed, outermost first.
    pub unclosed: Vec<usize>,
    /// The first brace that nests deeper than the limit.
    pub too_deep: Option<usize>,
}

pub(crate) fn scan(file: FileId, text: &str, max_depth: usize) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan { comments: Vec::new(), unclosed: Vec::new(), too_deep: None };
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' && bytes.get(i + 1).is_some_and(|&b| b != b'\n') { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let start = i;
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                push_comment(&mut out, file, text, start, i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                i = match text.get(i + 2..).and_then(|rest| rest.find("*/")) {
                    Some(pos) => i + 2 + pos + 2,
                    None => bytes.len(),
                };
                push_comment(&mut out, file, text, start, i);
            }
            b'{' => {
                open.push(i);
                if open.len() > max_depth && out.too_deep.is_none() {
                    out.too_deep = Some(i);
                }
                i += 1;
            }
            b'}' => {
                // A stray `}` is left to the parser, which reports it in place.
                open.pop();
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.unclosed = open;
    out
}

fn push_comment(out: &mut Scan, file: FileId, text: &str, start: usize, end: usize) {
    let end = end.min(text.len());
    out.comments
        .push(Comment { span: Span::new(file, start, end), text: text.get(start..end).unwrap_or("").to_string() });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_braces_in_strings_and_comments() {
        let s = scan(FileId(0), "a \"{\" // {\n/* { */ b { c }", 8);
        assert!(s.unclosed.is_empty());
        assert_eq!(s.comments.len(), 2);
    }

    #[test]
    fn finds_unclosed_and_deep() {
        let s = scan(FileId(0), "a {\n b { }\n", 8);
        assert_eq!(s.unclosed, vec![2]);
        let deep = "{".repeat(10);
        assert_eq!(scan(FileId(0), &deep, 8).too_deep, Some(8));
    }
}
