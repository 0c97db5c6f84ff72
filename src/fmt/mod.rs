//! The canonical layout of `.arch` text (`archc fmt`, the language server's
//! formatting request).
//!
//! The formatter prints the syntax tree and threads the file's comments back in
//! by position: a comment before a statement on a line of its own stays on its
//! own line above it, a comment after a statement on the same line stays at the
//! end of that line, and a comment between two tokens stays between them. It
//! refuses text with syntax errors: printing a tree that recovery cut short would
//! drop what the user wrote.
//!
//! Layout decisions (see the "Formatting" section of the README):
//! - two spaces of indentation; one statement or attribute per line;
//! - a block written on one line stays on one line (attributes joined by `; `)
//!   while it has no comment inside and the line fits in [`MAX_WIDTH`] columns;
//!   group bodies are always broken into lines;
//! - runs of blank lines collapse to one; none at the start or end of a block;
//! - single spaces around arrows and on both sides of a link's `:`;
//! - a comment at the end of a line keeps the blanks written before it (so
//!   hand-aligned comments stay aligned), at least one;
//! - strings re-escaped, numbers kept as written, line endings become `\n`, a
//!   byte-order mark is dropped.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::{self, ast::*};

/// A one-line block stays on one line only if the line fits in this many columns.
pub const MAX_WIDTH: usize = 100;

const INDENT: &str = "  ";

/// Format one file's text. `Err` holds the syntax errors that stopped it.
pub fn format(text: &str) -> Result<String, Vec<Diagnostic>> {
    format_file(FileId(0), text)
}

/// Like [`format`], with the diagnostics' spans tagged with `file`.
pub fn format_file(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = syntax::parse(file, text);
    if !parsed.diagnostics.is_empty() {
        return Err(parsed.diagnostics);
    }
    let unknown_units = syntax::units::unknown_units(&parsed.file);
    if !unknown_units.is_empty() {
        return Err(unknown_units);
    }
    let mut p = Printer { text, comments: &parsed.file.comments, next: 0, out: String::new(), last_end: 0 };
    p.items(&parsed.file.items, text.len(), 0);
    if !p.out.is_empty() {
        p.out.push('\n');
    }
    let out = p.out;
    // A last line of defence: output that no longer parses, or that lost a
    // comment, must never replace the user's file.
    let check = syntax::parse(file, &out);
    if !check.diagnostics.is_empty() || check.file.comments.len() != parsed.file.comments.len() {
        return Err(vec![Diagnostic::syntax(
            "format-failed",
            "the formatter could not lay out this file without changing it",
            Span::new(file, 0, 0),
            "here",
        )
        .with_help("please report this file as a bug; it was left unchanged")]);
    }
    Ok(out)
}

/// One attribute in canonical form, comments left out (for hovers).
pub fn attribute_text(a: &Attribute) -> String {
    let p = Printer { text: "", comments: &[], next: 0, out: String::new(), last_end: 0 };
    render(&p.attr_toks(a))
}

/// Escape a string value for printing between quotes.
pub fn quote(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 2);
    s.push('"');
    for c in value.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() || invisible(c) => s.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Characters kept as escapes, never written raw: noncharacters, and the
/// bidirectional controls that can make source read differently from what
/// it is ("Trojan Source").
fn invisible(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
        || matches!(n, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
}

/// One printed token and where it starts in the source (comments before that
/// position are printed before it).
struct Tok {
    start: usize,
    end: usize,
    text: String,
    /// A space separates it from the previous token.
    space: bool,
}

fn tok(start: usize, end: usize, text: impl Into<String>, space: bool) -> Tok {
    Tok { start, end, text: text.into(), space }
}

struct Printer<'a> {
    text: &'a str,
    comments: &'a [Comment],
    /// The first comment not printed yet.
    next: usize,
    out: String,
    /// Source offset just past the last token or comment printed.
    last_end: usize,
}

impl Printer<'_> {
    /// Statements of a block (or the file) up to `end`, at `depth`.
    fn items(&mut self, items: &[Item], end: usize, depth: usize) {
        let mut first = true;
        for item in items {
            let start = item.span().start as usize;
            self.own_line_comments(start, depth, &mut first);
            self.start_line(depth, start, first);
            first = false;
            self.item(item, depth);
            self.trailing();
        }
        self.own_line_comments(end, depth, &mut first);
    }

    fn item(&mut self, item: &Item, depth: usize) {
        match item {
            Item::Import(i) => {
                let toks = vec![
                    tok(i.span.start as usize, i.span.start as usize + 6, "import", false),
                    string_tok(&i.path, true),
                ];
                self.toks(&toks);
            }
            Item::System(s) => {
                let mut toks = vec![tok(s.keyword.start as usize, s.keyword.end as usize, "system", false)];
                toks.extend(s.name.as_ref().map(|n| string_tok(n, true)));
                self.toks(&toks);
                if let Some(body) = &s.body {
                    self.attr_block(body, depth);
                }
            }
            Item::Group(g) => {
                let mut toks =
                    vec![tok(g.keyword.start as usize, g.keyword.end as usize, "group", false), ident_tok(&g.id, true)];
                toks.extend(g.label.as_ref().map(|n| string_tok(n, true)));
                self.toks(&toks);
                self.group_body(g, depth);
            }
            Item::Component(c) => {
                let mut toks = vec![ident_tok(&c.kind, false), ident_tok(&c.id, true)];
                toks.extend(c.label.as_ref().map(|n| string_tok(n, true)));
                self.toks(&toks);
                if let Some(body) = &c.body {
                    self.attr_block(body, depth);
                }
            }
            Item::Link(l) => {
                let toks = self.link_toks(l);
                self.toks(&toks);
                if let Some(body) = &l.body {
                    self.attr_block(body, depth);
                }
            }
            Item::Attribute(a) => self.toks(&self.attr_toks(a)),
        }
    }

    fn link_toks(&self, l: &LinkStmt) -> Vec<Tok> {
        let mut toks = vec![ident_tok(&l.first, false)];
        for (arrow, span, target) in &l.hops {
            toks.push(tok(span.start as usize, span.end as usize, arrow.as_str(), true));
            toks.push(ident_tok(target, true));
        }
        if let Some(first_word) = l.words.first() {
            let word_start = word_span(first_word).start as usize;
            let after = toks.last().map_or(word_start, |t| t.end);
            let colon = self.punct_between(':', after, word_start).unwrap_or(word_start);
            toks.push(tok(colon, colon + 1, ":", true));
            for w in &l.words {
                toks.push(match w {
                    LinkWord::Ident(i) => ident_tok(i, true),
                    LinkWord::Str(s) => string_tok(s, true),
                });
            }
        }
        toks
    }

    /// Where punctuation the tree does not record (a link's `:`, a list's `,`)
    /// stands: the first `punct` between two tokens that is not inside a comment.
    fn punct_between(&self, punct: char, from: usize, to: usize) -> Option<usize> {
        let gap = self.text.get(from..to)?;
        gap.match_indices(punct).map(|(i, _)| from + i).find(|&pos| {
            // Comments before the next unprinted one end before `from`.
            let pending = self.comments.get(self.next..).unwrap_or(&[]);
            !pending
                .iter()
                .take_while(|c| (c.span.start as usize) < to)
                .any(|c| (c.span.start as usize) <= pos && pos < c.span.end as usize)
        })
    }

    fn attr_block(&mut self, block: &AttrBlock, depth: usize) {
        let (start, end) = (block.span.start as usize, block.span.end as usize);
        let has_comments = self.comment_before(end);
        if block.attrs.is_empty() && !has_comments {
            self.toks(&[tok(start, start + 1, "{", true), tok(end.saturating_sub(1), end, "}", false)]);
            return;
        }
        let written_on_one_line = !self.text.get(start..end).unwrap_or("\n").contains('\n');
        if written_on_one_line && !has_comments {
            let inner: Vec<String> = block.attrs.iter().map(|a| render(&self.attr_toks(a))).collect();
            let line = format!(" {{ {} }}", inner.join("; "));
            if self.column() + line.chars().count() <= MAX_WIDTH {
                self.out.push_str(&line);
                self.last_end = end;
                return;
            }
        }
        self.toks(&[tok(start, start + 1, "{", true)]);
        self.trailing();
        let mut first = true;
        for a in &block.attrs {
            let a_start = a.span.start as usize;
            self.own_line_comments(a_start, depth + 1, &mut first);
            self.start_line(depth + 1, a_start, first);
            first = false;
            self.toks(&self.attr_toks(a));
            self.trailing();
        }
        self.close(end, depth, &mut first);
    }

    fn group_body(&mut self, g: &GroupDecl, depth: usize) {
        let (start, end) = (g.body_span.start as usize, g.body_span.end as usize);
        if g.items.is_empty() && !self.comment_before(end) {
            self.toks(&[tok(start, start + 1, "{", true), tok(end.saturating_sub(1), end, "}", false)]);
            return;
        }
        self.toks(&[tok(start, start + 1, "{", true)]);
        self.trailing();
        self.items(&g.items, end.saturating_sub(1), depth + 1);
        let mut first = true;
        self.close(end, depth, &mut first);
    }

    /// Comments left before a block's `}`, then the `}` on its own line.
    fn close(&mut self, end: usize, depth: usize, first: &mut bool) {
        let brace = end.saturating_sub(1);
        self.own_line_comments(brace, depth + 1, first);
        self.start_line(depth, brace, true);
        self.toks(&[tok(brace, end, "}", false)]);
    }

    fn comment_before(&self, pos: usize) -> bool {
        self.comments.get(self.next).is_some_and(|c| (c.span.start as usize) < pos)
    }

    /// Comments before `pos`, each on a line of its own.
    fn own_line_comments(&mut self, pos: usize, depth: usize, first: &mut bool) {
        while let Some(c) = self.comments.get(self.next).filter(|c| (c.span.start as usize) < pos) {
            self.start_line(depth, c.span.start as usize, *first);
            *first = false;
            self.out.push_str(&comment_text(c));
            self.last_end = c.span.end as usize;
            self.next += 1;
            self.trailing();
        }
    }

    /// Comments that follow the last printed token on the same source line.
    fn trailing(&mut self) {
        while let Some(c) = self.comments.get(self.next) {
            let start = c.span.start as usize;
            let gap = match self.text.get(self.last_end..start) {
                Some(gap) => gap,
                None => break,
            };
            if !gap.chars().all(|ch| matches!(ch, ' ' | '\t' | ';' | '\u{FEFF}')) {
                break;
            }
            // Keep the blanks written before the comment, so hand-aligned
            // comments stay aligned.
            let blanks = gap.chars().filter(|&ch| ch == ' ' || ch == '\t').count().max(1);
            self.out.push_str(&" ".repeat(blanks));
            self.out.push_str(&comment_text(c));
            self.last_end = c.span.end as usize;
            self.next += 1;
        }
    }

    /// End the current line and indent the next; keep one blank line where the
    /// source had at least one (never before the first line of a block).
    fn start_line(&mut self, depth: usize, pos: usize, first: bool) {
        if !self.out.is_empty() {
            self.out.push('\n');
            let gap = self.text.get(self.last_end..pos).unwrap_or("");
            if !first && gap.matches('\n').count() >= 2 {
                self.out.push('\n');
            }
        }
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }

    fn toks(&mut self, toks: &[Tok]) {
        for t in toks {
            if t.space && !self.out.ends_with([' ', '\n']) && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.inline_comments(t.start);
            self.out.push_str(&t.text);
            self.last_end = t.end;
        }
    }

    /// Comments between two tokens of one statement stay between them.
    fn inline_comments(&mut self, before: usize) {
        while let Some(c) = self.comments.get(self.next).filter(|c| (c.span.start as usize) < before) {
            if !self.out.ends_with([' ', '\n', '[']) && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.out.push_str(&comment_text(c));
            self.out.push(' ');
            self.last_end = c.span.end as usize;
            self.next += 1;
        }
    }

    fn column(&self) -> usize {
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[line_start..].chars().count()
    }
}

/// A comment as printed: line endings normalised, trailing blanks of a `//`
/// comment dropped.
fn comment_text(c: &Comment) -> String {
    let text = c.text.replace("\r\n", "\n");
    if text.starts_with("//") {
        text.trim_end().to_string()
    } else {
        text
    }
}

fn ident_tok(i: &Ident, space: bool) -> Tok {
    tok(i.span.start as usize, i.span.end as usize, i.name.clone(), space)
}

fn string_tok(s: &StringLit, space: bool) -> Tok {
    tok(s.span.start as usize, s.span.end as usize, quote(&s.value), space)
}

fn word_span(w: &LinkWord) -> Span {
    match w {
        LinkWord::Ident(i) => i.span,
        LinkWord::Str(s) => s.span,
    }
}

impl Printer<'_> {
    fn attr_toks(&self, a: &Attribute) -> Vec<Tok> {
        let mut toks = vec![ident_tok(&a.name, false)];
        for v in &a.values {
            self.value_toks(v, true, &mut toks);
        }
        toks
    }

    fn value_toks(&self, v: &Value, space: bool, toks: &mut Vec<Tok>) {
        let (start, end) = (v.span.start as usize, v.span.end as usize);
        match &v.kind {
            ValueKind::Quantity(q) => toks.push(tok(start, end, q.text.to_string(), space)),
            ValueKind::Range(lo, hi) => toks.push(tok(start, end, format!("{}..{}", lo.text, hi.text), space)),
            ValueKind::Str(s) => toks.push(tok(start, end, quote(s), space)),
            ValueKind::Ident(s) => toks.push(tok(start, end, s.clone(), space)),
            ValueKind::List(items) => {
                toks.push(tok(start, start + 1, "[", space));
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        let after = toks.last().map_or(start, |t| t.end);
                        let item_start = item.span.start as usize;
                        let comma = self.punct_between(',', after, item_start).unwrap_or(item_start);
                        toks.push(tok(comma, comma + 1, ",", false));
                    }
                    self.value_toks(item, i > 0, toks);
                }
                toks.push(tok(end.saturating_sub(1), end, "]", false));
            }
        }
    }
}

/// Tokens as one line, for blocks that contain no comment.
fn render(toks: &[Tok]) -> String {
    let mut s = String::new();
    for t in toks {
        if t.space && !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

#[cfg(test)]
mod tests;
