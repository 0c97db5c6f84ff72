//! A quick lexical pass before pest runs: it finds comments (the formatter and
//! the language server keep them), unbalanced braces (reported at the opening
//! brace, which pest alone cannot do) and the nesting depth, which is bounded
//! before any recursive code sees the file.

use super::ast::Comment;
use crate::source::{FileId, Span};

#[derive(Default)]
pub(crate) struct Scan {
    pub comments: Vec<Comment>,
    /// Opening braces never closed, outermost first.
    pub unclosed: Vec<usize>,
    /// Where a `/*` with no `*/` after it starts (the comment runs to the end).
    pub unclosed_comment: Option<usize>,
    /// Where each string that its line ends before closing starts.
    pub unterminated_strings: Vec<usize>,
    /// Of those, the ones whose line ends in a backslash and whose closing
    /// quote is on the next line: the writer meant to continue the string.
    /// The next line, up to that quote, belongs to the error already made.
    pub continued_strings: Vec<(usize, usize)>,
    /// The first brace that nests deeper than the limit.
    pub too_deep: Option<usize>,
    /// The first identifier or string longer than its limit.
    pub too_long: Option<TooLong>,
    /// Line starts outside every block, string and comment, about
    /// `Limits::piece_bytes` apart: the file can be parsed in pieces cut there.
    pub breaks: Vec<usize>,
}

/// How far apart [`Scan::breaks`] are. Large enough that a piece's fixed cost
/// (a parser state, a token queue) does not matter, small enough that a
/// file of a few hundred kilobytes splits across every core: at 256 KiB the
/// 1,000-component benchmark (0.24 MB) was one piece on one core, and its
/// check took 47 ms instead of 36.
pub(crate) const PIECE_BYTES: usize = 64 * 1024;

/// A token over its length limit: its byte range and what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TooLong {
    pub start: usize,
    pub end: usize,
    pub is_string: bool,
}

/// Limits on single tokens, so that no name or text can blow up the
/// quadratic work that follows (edit-distance suggestions, diagrams, reports).
#[derive(Clone, Copy)]
pub(crate) struct Limits {
    /// Not a limit but the size of parse pieces; see [`Scan::breaks`].
    pub piece_bytes: usize,
    pub max_depth: usize,
    pub max_ident: usize,
    pub max_string: usize,
}

pub(crate) fn scan(file: FileId, text: &str, limits: Limits) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut last_break = 0;
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(&here) = bytes.get(i) {
        match here {
            b'"' => {
                let start = i;
                i += 1;
                let line_end = |b: u8| b == b'\n' || b == b'\r';
                // The end of the string's text on this line: its closing
                // quote or the line break.
                let rest_of_line = |mut i: usize| {
                    while let Some(&c) = bytes.get(i).filter(|&&c| c != b'"' && !line_end(c)) {
                        i += if c == b'\\' && bytes.get(i + 1).is_some_and(|&b| !line_end(b)) { 2 } else { 1 };
                    }
                    i
                };
                i = rest_of_line(i);
                if bytes.get(i) == Some(&b'"') {
                    i += 1;
                } else {
                    out.unterminated_strings.push(start);
                    // `"a\` then `b"` on the next line: a continuation that the
                    // language does not have. The next line up to its quote
                    // is the same mistake, not a string of its own.
                    if i > 0 && bytes.get(i - 1) == Some(&b'\\') {
                        let next = i + if bytes.get(i..i + 2) == Some(b"\r\n") { 2 } else { 1 };
                        let end = rest_of_line(next);
                        if bytes.get(end) == Some(&b'"') {
                            out.continued_strings.push((start, next));
                            i = end + 1;
                        }
                    }
                }
                let end = i.min(bytes.len());
                if end - start > limits.max_string && out.too_long.is_none() {
                    out.too_long = Some(TooLong { start, end, is_string: true });
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let start = i;
                while bytes.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
                push_comment(&mut out, file, text, start, i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                i = match text.get(i + 2..).and_then(|rest| rest.find("*/")) {
                    Some(pos) => i + 2 + pos + 2,
                    None => {
                        out.unclosed_comment = Some(start);
                        bytes.len()
                    }
                };
                push_comment(&mut out, file, text, start, i);
            }
            b'{' => {
                open.push(i);
                if open.len() > limits.max_depth && out.too_deep.is_none() {
                    out.too_deep = Some(i);
                }
                i += 1;
            }
            b'}' => {
                // A stray `}` is left to the parser, which reports it in place.
                open.pop();
                i += 1;
            }
            b'\n' => {
                i += 1;
                if open.is_empty() && i - last_break >= limits.piece_bytes && i < bytes.len() {
                    out.breaks.push(i);
                    last_break = i;
                }
            }
            _ => {
                // Words, blanks and punctuation: nothing here matters but the
                // length of a name, and no name fits in a shorter run, so
                // the run is skipped in one go and looked into only if long.
                let rest = bytes.get(i + 1..).unwrap_or_default();
                let end = i + 1 + rest.iter().position(|&b| is_stop(b)).unwrap_or(rest.len());
                if end - i > limits.max_ident && out.too_long.is_none() {
                    out.too_long = first_long_word(bytes, i, end, limits.max_ident);
                }
                i = end;
            }
        }
    }
    out.unclosed = open;
    out
}

/// Whether [`scan`] acts on byte `b`; every other byte is skipped in runs.
// A table of 256 indexed by a byte cannot be indexed out of range.
#[allow(clippy::indexing_slicing)]
fn is_stop(b: u8) -> bool {
    STOPS[usize::from(b)]
}

// Filled at compile time, where only `while` and indexing are available.
#[allow(clippy::indexing_slicing)]
static STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut i = 0;
    while i < 256 {
        stops[i] = matches!(i as u8, b'"' | b'/' | b'{' | b'}' | b'\n');
        i += 1;
    }
    stops
};

/// The first word of `bytes[start..end]` longer than `max`: an identifier or
/// keyword (runs of word bytes joined by single `-`s, as in `tier-1`), not a
/// number with its unit.
fn first_long_word(bytes: &[u8], start: usize, end: usize, max: usize) -> Option<TooLong> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = start;
    while i < end {
        let Some(&first) = bytes.get(i).filter(|&&b| is_word(b)) else {
            i += 1;
            continue;
        };
        let word_start = i;
        loop {
            i += bytes.get(i..end).map_or(0, |rest| rest.iter().position(|&c| !is_word(c)).unwrap_or(rest.len()));
            if bytes.get(i) == Some(&b'-') && i + 1 < end && bytes.get(i + 1).is_some_and(|&n| is_word(n)) {
                i += 1;
            } else {
                break;
            }
        }
        if i - word_start > max && !first.is_ascii_digit() {
            return Some(TooLong { start: word_start, end: i, is_string: false });
        }
    }
    None
}

/// `piece` (the text from byte `offset` of its file) with every comment
/// overwritten by blanks, its line breaks kept, so that byte offsets are
/// unchanged and pest never has to test for comments. `None` when no comment
/// falls in the piece.
pub(crate) fn blank_comments(piece: &str, offset: usize, comments: &[Comment]) -> Option<String> {
    let end = offset + piece.len();
    let first = comments.partition_point(|c| (c.span.end as usize) <= offset);
    let inside = comments.get(first..)?.iter().take_while(|c| (c.span.start as usize) < end);
    let mut bytes: Option<Vec<u8>> = None;
    for comment in inside {
        let bytes = bytes.get_or_insert_with(|| piece.as_bytes().to_vec());
        let range = (comment.span.start as usize).max(offset) - offset..(comment.span.end as usize).min(end) - offset;
        for b in bytes.get_mut(range).into_iter().flatten() {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Comments start at an ASCII `/` and end before a line break, after `*/`
    // or at the end of the text, and pieces are cut at line starts, so whole
    // characters were blanked and the bytes are still UTF-8.
    String::from_utf8(bytes?).ok()
}

fn push_comment(out: &mut Scan, file: FileId, text: &str, start: usize, end: usize) {
    let end = end.min(text.len());
    out.comments
        .push(Comment { span: Span::new(file, start, end), text: text.get(start..end).unwrap_or("").to_string() });
}

#[cfg(test)]
mod tests {
    use super::*;

    const L8: Limits = Limits { piece_bytes: PIECE_BYTES, max_depth: 8, max_ident: 8, max_string: 10 };

    #[test]
    fn ignores_braces_in_strings_and_comments() {
        let s = scan(FileId(0), "a \"{\" // {\n/* { */ b { c }", L8);
        assert!(s.unclosed.is_empty());
        assert_eq!(s.comments.len(), 2);
    }

    #[test]
    fn blanks_comments_but_keeps_offsets_and_line_breaks() {
        let text = "a // é\r\nb /* x\ny */ c \"// not\" /* é";
        let s = scan(FileId(0), text, L8);
        let blanked = blank_comments(text, 0, &s.comments).expect("there are comments");
        // `é` is two bytes, and each byte becomes a blank.
        assert_eq!(blanked, "a      \r\nb     \n     c \"// not\"      ");
        assert_eq!(blanked.len(), text.len());
        assert_eq!(s.unclosed_comment, Some(text.len() - 5));
        assert_eq!(blank_comments("a b", 0, &scan(FileId(0), "a b", L8).comments), None);
        // A piece is blanked by the file's offsets, and only where it has comments.
        let second_line = text.find('b').expect("in the text");
        let piece = &text[second_line..];
        let blanked_piece = blank_comments(piece, second_line, &s.comments).expect("comments in the piece");
        assert_eq!(blanked_piece, "b     \n     c \"// not\"      ");
        assert_eq!(blank_comments("c", text.len() + 10, &s.comments), None);
    }

    #[test]
    fn finds_unclosed_and_deep() {
        let s = scan(FileId(0), "a {\n b { }\n", L8);
        assert_eq!(s.unclosed, vec![2]);
        let deep = "{".repeat(10);
        assert_eq!(scan(FileId(0), &deep, L8).too_deep, Some(8));
    }

    #[test]
    fn finds_the_first_token_over_its_limit() {
        // Exactly at the limit is fine; numbers are not identifiers.
        let ok = "service abcdefgh \"12345678\" { x 123456789012 }";
        assert_eq!(scan(FileId(0), ok, L8).too_long, None);
        let long_id = "service a-b-c-d-e \"x\"";
        assert_eq!(scan(FileId(0), long_id, L8).too_long, Some(TooLong { start: 8, end: 17, is_string: false }));
        let long_str = "service a \"0123456789\"";
        assert_eq!(scan(FileId(0), long_str, L8).too_long, Some(TooLong { start: 10, end: 22, is_string: true }));
        // Inside a comment nothing counts.
        assert_eq!(scan(FileId(0), "// abcdefghijklmnop", L8).too_long, None);
        // Runs of short words, however long, are fine; a long one is found
        // wherever it stands in the run: after a lone `/`, a hyphen that
        // joins nothing, a number, or straight after a string or a brace.
        let many_short = "service ab cd-ef gh_12 -x 123456789 a-b- c ; d";
        assert_eq!(scan(FileId(0), many_short, L8).too_long, None);
        for text in
            ["a b c d e f /abcdefghi", "a - -abcdefghi", "123456789abc abcdefghi", "\"s\"abcdefghi", "x {abcdefghi}"]
        {
            let start = text.find("abcdefghi").unwrap_or_default();
            let found = scan(FileId(0), text, L8).too_long;
            assert_eq!(found, Some(TooLong { start, end: start + 9, is_string: false }), "{text}");
        }
    }

    #[test]
    fn breaks_only_between_top_level_statements() {
        let block = format!("service a {{\n  x \"{}\"\n}}\n", "y".repeat(PIECE_BYTES));
        let comment = format!("/* {}\n */\n", "z".repeat(PIECE_BYTES));
        let text = format!("{block}{comment}service b\n");
        let s = scan(
            FileId(0),
            &text,
            Limits { piece_bytes: PIECE_BYTES, max_depth: 8, max_ident: 8, max_string: usize::MAX },
        );
        // Not inside the block or the comment: right after each of them.
        assert_eq!(s.breaks, vec![block.len(), block.len() + comment.len()]);
    }
}
