//! Text to syntax tree. This is the only module that names pest.
//!
//! [`parse`] never fails: it returns the tree of everything that parsed plus a
//! diagnostic for every statement that did not, so one run reports all of a
//! file's syntax errors.

pub mod ast;
mod scan;
pub mod units;

use crate::diagnostic::{suggest, Diagnostic};
use crate::source::{FileId, Span};
use ast::*;
use pest::iterators::Pair;
use pest::Parser;
use rayon::prelude::*;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/arch.pest"]
struct ArchParser;

/// Braces may nest this deep; deeper files are refused before any recursive
/// pass runs (pest and our own tree walks recurse once per level).
pub const MAX_NESTING: usize = 64;

/// The longest identifier, in bytes. Names are compared by edit distance for
/// "did you mean" hints, which is quadratic in their length.
pub const MAX_IDENT_LEN: usize = 1024;

/// The longest string literal, in bytes, quotes included.
pub const MAX_STRING_LEN: usize = 64 * 1024;

/// The component kinds, as the grammar spells them.
pub const KIND_KEYWORDS: &[&str] = &[
    "client",
    "dns",
    "cdn",
    "load_balancer",
    "gateway",
    "service",
    "function",
    "cache",
    "database",
    "queue",
    "topic",
    "storage",
    "search",
    "coordinator",
    "external",
];

pub struct Parsed {
    pub file: File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse one file's text.
pub fn parse(file_id: FileId, text: &str) -> Parsed {
    parse_in_pieces(file_id, text, scan::PIECE_BYTES)
}

/// [`parse`] with pieces of about `piece_bytes` (tests compare sizes).
fn parse_in_pieces(file_id: FileId, text: &str, piece_bytes: usize) -> Parsed {
    let limits =
        scan::Limits { piece_bytes, max_depth: MAX_NESTING, max_ident: MAX_IDENT_LEN, max_string: MAX_STRING_LEN };
    let scanned = scan::scan(file_id, text, limits);
    let mut diagnostics = Vec::new();
    let empty = |comments| File { items: Vec::new(), comments };
    if let Some(pos) = scanned.too_deep {
        let d = match scanned.unclosed.first() {
            // Braces left open nest everything after them: the first of
            // them is the mistake to show, not the depth it led to.
            Some(&open) if scanned.unclosed.contains(&pos) => unclosed_brace(file_id, open).with_help(format!(
                "add the matching `}}` at the end of the block; {} braces are left open, so the blocks after \
                 this one nest more than {MAX_NESTING} levels deep and the file is not read further",
                scanned.unclosed.len()
            )),
            _ => Diagnostic::syntax(
                "nesting-too-deep",
                format!("blocks are nested more than {MAX_NESTING} levels deep"),
                Span::new(file_id, pos, pos + 1),
                "this `{` is too deep",
            )
            .with_help("flatten the groups: a diagram this deep cannot be read either"),
        };
        diagnostics.push(d);
        return Parsed { file: empty(scanned.comments), diagnostics };
    }
    if let Some(t) = scanned.too_long {
        let len = t.end - t.start;
        let d = if t.is_string {
            Diagnostic::syntax(
                "string-too-long",
                format!("this string is {len} bytes long; the limit is {MAX_STRING_LEN}"),
                Span::new(file_id, t.start, t.end),
                "too long",
            )
            .with_help("keep long documentation outside the design and link to it")
        } else {
            Diagnostic::syntax(
                "identifier-too-long",
                format!("this identifier is {len} bytes long; the limit is {MAX_IDENT_LEN}"),
                Span::new(file_id, t.start, t.end),
                "too long",
            )
            .with_help("use a short id and put the long name in the label string")
        };
        diagnostics.push(d);
        return Parsed { file: empty(scanned.comments), diagnostics };
    }
    for &pos in &scanned.unclosed {
        diagnostics.push(unclosed_brace(file_id, pos).with_help("add the matching `}` at the end of the block"));
    }
    if let Some(pos) = scanned.unclosed_comment {
        diagnostics.push(
            Diagnostic::syntax(
                "syntax-error",
                "this comment is never closed",
                Span::new(file_id, pos, pos + 2),
                "the comment opened here runs to the end of the file",
            )
            .with_help("close it with `*/`"),
        );
    }
    // Reported here rather than where recovery meets them: a string left
    // open swallows the `}` of its line, and the unclosed brace that follows
    // would otherwise be the only error shown.
    for &pos in &scanned.unterminated_strings {
        let continued = scanned.continued_strings.iter().any(|&(start, _)| start == pos);
        diagnostics.push(
            Diagnostic::syntax(
                "invalid-string",
                "this string is never closed",
                Span::new(file_id, pos, pos + 1),
                "string starts here",
            )
            .with_help(if continued {
                "a backslash does not carry a string onto the next line: keep it on one line, and write `\\n` for a line break in the text"
            } else {
                "close it with `\"` on the same line: strings may not span lines"
            }),
        );
    }
    // Recovery stays quiet about a span holding a string left open, or the
    // next line of one that a backslash meant to continue.
    let mut open_strings = scanned.unterminated_strings.clone();
    open_strings.extend(scanned.continued_strings.iter().map(|&(_, next_line)| next_line));
    // The grammar never sees the byte-order mark: the first piece starts after it.
    let bom = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    // A large file is cut between top-level statements and its pieces parsed
    // in parallel: the grammar treats each top-level statement on its own,
    // so the pieces give the same tree as the whole.
    let mut starts = vec![bom];
    starts.extend(scanned.breaks.iter().copied());
    let mut ends = scanned.breaks.clone();
    ends.push(text.len());
    let pieces: Vec<(Vec<Item>, Vec<Diagnostic>)> = starts
        .par_iter()
        .zip(ends.par_iter())
        .map(|(&start, &end)| {
            // Each piece is blanked on its own, so that a large file is not
            // held twice.
            let piece = text.get(start..end).unwrap_or("");
            let blanked = scan::blank_comments(piece, start, &scanned.comments);
            let piece = blanked.as_deref().unwrap_or(piece);
            let mut lowerer = Lowerer {
                file: file_id,
                text: piece,
                offset: start,
                diagnostics: Vec::new(),
                unclosed: &scanned.unclosed,
                unterminated: &open_strings,
            };
            let items = lowerer.piece();
            (items, lowerer.diagnostics)
        })
        .collect();
    // Sized once: the top level of a large design is hundreds of
    // thousands of statements, and doubling would copy them repeatedly.
    let mut items = Vec::with_capacity(pieces.iter().map(|(items, _)| items.len()).sum());
    for (piece_items, piece_diagnostics) in pieces {
        items.extend(piece_items);
        diagnostics.extend(piece_diagnostics);
    }
    Parsed { file: File { items, comments: scanned.comments }, diagnostics }
}

/// A `{` at `pos` that no `}` closes; the caller says how to mend it.
fn unclosed_brace(file_id: FileId, pos: usize) -> Diagnostic {
    Diagnostic::syntax("unclosed-brace", "this `{` is never closed", Span::new(file_id, pos, pos + 1), "opened here")
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Top,
    Group,
    Block,
}

struct Lowerer<'t> {
    file: FileId,
    /// The piece of the file being parsed, comments blanked.
    text: &'t str,
    /// Where the piece starts in the file: pest's positions are relative to
    /// the piece, diagnostics' to the file.
    offset: usize,
    diagnostics: Vec<Diagnostic>,
    unclosed: &'t [usize],
    unterminated: &'t [usize],
}

impl<'t> Lowerer<'t> {
    fn piece(&mut self) -> Vec<Item> {
        match ArchParser::parse(Rule::file, self.text) {
            Ok(mut pairs) => match pairs.next() {
                Some(file) => self.items(file, Context::Top),
                None => Vec::new(),
            },
            Err(err) => {
                // The recovery rules make this unreachable in practice; report it
                // like any other syntax error rather than trusting that.
                let d = self.pest_error(err, self.offset);
                self.diagnostics.push(d);
                Vec::new()
            }
        }
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start(), self.offset + s.end())
    }

    fn items(&mut self, parent: Pair<'_, Rule>, ctx: Context) -> Vec<Item> {
        let inner = parent.into_inner();
        // Sized up front: the tree of a large design is millions of small
        // Vecs, and growing then shrinking each one costs two reallocations.
        let mut items = Vec::with_capacity(inner.len());
        for pair in inner {
            match pair.as_rule() {
                Rule::import_stmt => {
                    let span = self.span(&pair);
                    if let Some(path) = pair.into_inner().next().map(|p| self.string(p)) {
                        items.push(Item::Import(Import { path, span }));
                    }
                }
                Rule::system_decl => items.push(Item::System(self.system(pair))),
                Rule::group_decl => {
                    if let Some(g) = self.group(pair) {
                        items.push(Item::Group(g));
                    }
                }
                Rule::component_decl | Rule::unknown_decl | Rule::unknown_block_decl => {
                    if let Some(c) = self.component(pair) {
                        items.push(Item::Component(c));
                    }
                }
                Rule::link_stmt => {
                    if let Some(l) = self.link(pair) {
                        items.push(Item::Link(l));
                    }
                }
                Rule::attribute => {
                    if let Some(a) = self.attribute(pair) {
                        items.push(Item::Attribute(a));
                    }
                }
                Rule::bad_top | Rule::bad_line => {
                    let declared = self.declaration_head(&pair, ctx);
                    self.bad(pair, ctx);
                    items.extend(declared.map(Item::Component));
                }
                _ => {}
            }
        }
        // Broken lines take a slot without giving an item.
        items.shrink_to_fit();
        items
    }

    fn system(&mut self, pair: Pair<'_, Rule>) -> SystemDecl {
        let span = self.span(&pair);
        let mut decl = SystemDecl { keyword: span, name: None, body: None, span };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_system => decl.keyword = self.span(&p),
                Rule::string => decl.name = Some(self.string(p)),
                Rule::attr_block => decl.body = Some(self.attr_block(p)),
                _ => {}
            }
        }
        decl
    }

    fn group(&mut self, pair: Pair<'_, Rule>) -> Option<GroupDecl> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let keyword = self.span(&inner.next()?);
        let id = self.ident(inner.next()?);
        let mut label = None;
        let mut items = Vec::new();
        let mut body_span = span;
        for p in inner {
            match p.as_rule() {
                Rule::string => label = Some(self.string(p)),
                Rule::group_body => {
                    body_span = self.span(&p);
                    items = self.items(p, Context::Group);
                }
                _ => {}
            }
        }
        Some(GroupDecl { keyword, id, label, items, body_span, span })
    }

    fn component(&mut self, pair: Pair<'_, Rule>) -> Option<ComponentDecl> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let kind = self.ident(inner.next()?);
        let id = self.ident(inner.next()?);
        let mut decl = ComponentDecl { kind, id, label: None, body: None, span };
        for p in inner {
            match p.as_rule() {
                Rule::string => decl.label = Some(self.string(p)),
                Rule::attr_block => decl.body = Some(self.attr_block(p)),
                _ => {}
            }
        }
        self.keyword_misread_as_kind(&decl);
        Some(decl)
    }

    /// `group g` (no body) and `import x` (no quotes) have the shape of a
    /// declaration, but they are the grammar's own statements written wrong.
    /// The declaration is kept, so that its name is taken and uses of it do
    /// not cascade; resolution leaves these two words to this error.
    fn keyword_misread_as_kind(&mut self, decl: &ComponentDecl) {
        let id = &decl.id.name;
        let (message, label, help) = match decl.kind.name.as_str() {
            "group" => (
                format!("group `{id}` has no body"),
                "no `{ … }` after it",
                format!("a group holds its members: `group {id} {{ … }}`"),
            ),
            "import" => (
                "`import` takes its path as a string".to_string(),
                "not a string after it",
                format!("quote the path: `import \"{id}.arch\"`"),
            ),
            _ => return,
        };
        self.diagnostics.push(Diagnostic::syntax("syntax-error", message, decl.kind.span, label).with_help(help));
    }

    fn link(&mut self, pair: Pair<'_, Rule>) -> Option<LinkStmt> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let first = self.ident(inner.next()?);
        let hop_count = inner.clone().filter(|p| p.as_rule() == Rule::arrow).count();
        let mut link = LinkStmt { first, hops: Vec::with_capacity(hop_count), words: Vec::new(), body: None, span };
        let mut pending_arrow: Option<(Arrow, Span)> = None;
        for p in inner {
            match p.as_rule() {
                Rule::arrow => {
                    let arrow = if p.as_str() == "->" { Arrow::Sync } else { Arrow::Async };
                    pending_arrow = Some((arrow, self.span(&p)));
                }
                Rule::ident => {
                    if let Some((arrow, arrow_span)) = pending_arrow.take() {
                        let target = self.ident(p);
                        link.hops.push((arrow, arrow_span, target));
                    }
                }
                Rule::link_words => {
                    let words = p.into_inner();
                    link.words.reserve_exact(words.len());
                    for w in words {
                        match w.as_rule() {
                            Rule::string => link.words.push(LinkWord::Str(self.string(w))),
                            _ => link.words.push(LinkWord::Ident(self.ident(w))),
                        }
                    }
                }
                Rule::attr_block => link.body = Some(self.attr_block(p)),
                _ => {}
            }
        }
        Some(link)
    }

    fn attr_block(&mut self, pair: Pair<'_, Rule>) -> AttrBlock {
        let span = self.span(&pair);
        let inner = pair.into_inner();
        let mut attrs = Vec::with_capacity(inner.len());
        for p in inner {
            match p.as_rule() {
                Rule::attribute => attrs.extend(self.attribute(p)),
                Rule::bad_line => self.bad(p, Context::Block),
                _ => {}
            }
        }
        attrs.shrink_to_fit();
        AttrBlock { attrs, span }
    }

    fn attribute(&mut self, pair: Pair<'_, Rule>) -> Option<Attribute> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next()?);
        let mut values = Vec::with_capacity(inner.len());
        values.extend(inner.filter_map(|p| self.value(p)));
        Some(Attribute { name, values, span })
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Option<Value> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::numeric => {
                let mut parts = pair.into_inner();
                let lo = quantity(parts.next()?.as_str());
                match parts.next() {
                    Some(hi) => ValueKind::Range(Box::new(lo), Box::new(quantity(hi.as_str()))),
                    None => ValueKind::Quantity(lo),
                }
            }
            Rule::string => ValueKind::Str(self.string(pair).value),
            Rule::ident => {
                let name = pair.as_str();
                self.require_ascii(name, span, || format!("write it in ASCII, or as a string: `\"{name}\"`"));
                ValueKind::Ident(name.into())
            }
            Rule::list => {
                let inner = pair.into_inner();
                // The commas and the closing bracket are pairs too.
                let count = inner.clone().filter(|p| matches!(p.as_rule(), Rule::string | Rule::ident)).count();
                let mut items = Vec::with_capacity(count);
                items.extend(inner.filter_map(|p| self.value(p)));
                ValueKind::List(items)
            }
            _ => return None,
        };
        Some(Value { kind, span })
    }

    fn ident(&mut self, pair: Pair<'_, Rule>) -> Ident {
        let span = self.span(&pair);
        let name = pair.as_str();
        self.require_ascii(name, span, || {
            "write it in ASCII; a label in quotes can say anything: `service cafe \"Café\"`".to_string()
        });
        Ident { name: name.into(), span }
    }

    /// The grammar lets an identifier go on with any character that can
    /// continue a Unicode identifier: one test a character, where four
    /// ASCII ranges cost up to four (4% of a parse). Identifiers are ASCII,
    /// so anything else is reported here, by name, rather than as a token
    /// nobody expected.
    fn require_ascii(&mut self, name: &str, span: Span, help: impl FnOnce() -> String) {
        if name.is_ascii() {
            return;
        }
        let Some((at, ch)) = name.char_indices().find(|(_, c)| !c.is_ascii()) else { return };
        let at = span.start as usize + at;
        self.diagnostics.push(
            Diagnostic::syntax(
                "syntax-error",
                format!("`{name}` is not an identifier: identifiers are ASCII, and `{ch}` is not"),
                Span::new(self.file, at, at + ch.len_utf8()),
                "not an ASCII letter, digit, `_` or `-`",
            )
            .with_help(help()),
        );
    }

    /// A string literal with its escapes resolved; a bad escape is reported and
    /// kept as written.
    fn string(&mut self, pair: Pair<'_, Rule>) -> StringLit {
        let span = self.span(&pair);
        let raw = pair.as_str();
        let body = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(raw);
        let body_start = span.start as usize + 1;
        let mut value = String::with_capacity(body.len());
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            let Some((_, esc)) = chars.next() else { break };
            match esc {
                '"' => value.push('"'),
                '\\' => value.push('\\'),
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'u' => {
                    let rest = &body[i + 2..];
                    let decoded = rest
                        .strip_prefix('{')
                        .and_then(|r| r.split_once('}'))
                        .filter(|(hex, _)| !hex.is_empty() && hex.len() <= 6)
                        .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok().map(|n| (hex.len(), char::from_u32(n))));
                    match decoded {
                        Some((len, Some(ch))) => {
                            value.push(ch);
                            for _ in 0..len + 2 {
                                chars.next();
                            }
                        }
                        _ => {
                            let at = body_start + i;
                            self.diagnostics.push(
                                Diagnostic::syntax(
                                    "invalid-string",
                                    "invalid unicode escape in string",
                                    Span::new(self.file, at, at + 2),
                                    "expected `\\u{…}` with 1 to 6 hex digits of a valid character",
                                )
                                .with_help("write a character as `\\u{1F600}`"),
                            );
                        }
                    }
                }
                other => {
                    let at = body_start + i;
                    self.diagnostics.push(
                        Diagnostic::syntax(
                            "invalid-string",
                            format!("unknown escape `\\{other}` in string"),
                            Span::new(self.file, at, at + 1 + other.len_utf8()),
                            "not an escape",
                        )
                        .with_help("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}`"),
                    );
                    value.push(other);
                }
            }
        }
        StringLit { value, span }
    }

    /// Explain a span the recovery rules swallowed.
    /// `KIND id` at the start of a statement that failed to parse, as a
    /// declaration with no label or body: the statement is reported, but its
    /// name still exists, so the links to it do not each add an
    /// "undefined component" error to the one that matters.
    fn declaration_head(&self, pair: &Pair<'_, Rule>, ctx: Context) -> Option<ComponentDecl> {
        if ctx == Context::Block {
            return None;
        }
        let segment = pair.as_str();
        let base = self.offset + pair.as_span().start();
        let kind_at = segment.len() - segment.trim_start().len();
        let kind_len = segment[kind_at..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(0);
        let kind = &segment[kind_at..kind_at + kind_len];
        if !KIND_KEYWORDS.contains(&kind) {
            return None;
        }
        let rest = &segment[kind_at + kind_len..];
        let id_at = kind_at + kind_len + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        let id_len = segment[id_at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(segment.len() - id_at);
        let id = &segment[id_at..id_at + id_len];
        if id_at == kind_at + kind_len || !id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return None;
        }
        let span = |from: usize, len: usize| Span::new(self.file, base + from, base + from + len);
        Some(ComponentDecl {
            kind: Ident { name: kind.into(), span: span(kind_at, kind_len) },
            id: Ident { name: id.into(), span: span(id_at, id_len) },
            label: None,
            body: None,
            span: span(kind_at, id_at + id_len - kind_at),
        })
    }

    fn bad(&mut self, pair: Pair<'_, Rule>, ctx: Context) {
        let span = pair.as_span();
        let (start, end) = (self.offset + span.start(), self.offset + span.end());
        let reported = |positions: &[usize]| positions.iter().any(|&p| p >= start && p < end);
        // An unclosed brace or a string left open is reported where it starts.
        if reported(self.unclosed) || reported(self.unterminated) {
            return;
        }
        let segment = span.as_str();
        if let Some(diag) = self.unquoted_import(segment, start, ctx) {
            self.diagnostics.push(diag);
            return;
        }
        if segment.trim_start().starts_with('}') {
            self.diagnostics.push(
                Diagnostic::syntax(
                    "syntax-error",
                    "unexpected `}`",
                    Span::new(self.file, start, start + 1),
                    "no block is open here",
                )
                .with_help("remove it, or add the `{` it was meant to close"),
            );
            return;
        }
        let rule = match ctx {
            Context::Top => Rule::strict_top,
            Context::Group => Rule::strict_group_item,
            Context::Block => Rule::strict_attribute,
        };
        let diag = match ArchParser::parse(rule, segment) {
            Err(err) => self.pest_error(err, start),
            // The strict form accepts what recovery rejected only when the
            // look-ahead for the terminator failed: a stray `}` follows, and
            // that is reported on its own.
            Ok(_) if self.text.get(span.end()..).is_some_and(|rest| rest.starts_with('}')) => return,
            Ok(_) => Diagnostic::syntax(
                "syntax-error",
                "expected the end of the statement",
                Span::new(self.file, end, end),
                "a newline or `;` should come here",
            ),
        };
        let diag = self.add_context_help(diag, segment, start, ctx);
        self.diagnostics.push(diag);
    }

    /// `import shared.arch`: the path is a string, and saying so beats
    /// reading `import` as a component kind.
    fn unquoted_import(&self, segment: &str, start: usize, ctx: Context) -> Option<Diagnostic> {
        let trimmed = segment.trim_start();
        let rest = trimmed.strip_prefix("import")?;
        // `import` the keyword, not a word that starts with it.
        if ctx != Context::Top || !rest.starts_with([' ', '\t']) {
            return None;
        }
        let path = rest.trim_start().split([';', '\n', '\r']).next().unwrap_or("").trim_end();
        if path.is_empty() || path.starts_with('"') {
            return None;
        }
        let path_start = start + (segment.len() - rest.trim_start().len());
        Some(
            Diagnostic::syntax(
                "syntax-error",
                "`import` takes its path as a string",
                Span::new(self.file, path_start, path_start + path.len()),
                "not a string",
            )
            .with_help(format!("quote the path: `import \"{}\"`", path.replace('"', ""))),
        )
    }

    /// A number that does not fit the number syntax (`1.2.3ms`, `1e3`,
    /// `.5s`, `1..2..3`), as one error over the whole literal rather than
    /// "expected the end of the statement" at its tail.
    fn malformed_number(&self, at: usize) -> Option<Diagnostic> {
        let bytes = self.text.as_bytes();
        let local = at.checked_sub(self.offset)?;
        let in_number = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%');
        // `5e-1`: a sign right after an exponent's `e` belongs to the word.
        let signed_exponent = |i: usize| {
            matches!(bytes.get(i), Some(b'+' | b'-'))
                && i > 0
                && matches!(bytes.get(i - 1), Some(b'e' | b'E'))
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        };
        if !(bytes.get(local).copied().is_some_and(in_number) || signed_exponent(local)) {
            return None;
        }
        let mut start = local;
        while start > 0 && (bytes.get(start - 1).copied().is_some_and(in_number) || signed_exponent(start - 1)) {
            start -= 1;
        }
        let mut end = local;
        while bytes.get(end).copied().is_some_and(in_number) || signed_exponent(end) {
            end += 1;
        }
        // Part of an identifier such as `tier-1.2`, not a number.
        if start > 0 && bytes.get(start - 1) == Some(&b'-') {
            return None;
        }
        let run = self.text.get(start..end)?;
        let digit_first = run.starts_with(|c: char| c.is_ascii_digit())
            || (run.starts_with('.') && run[1..].starts_with(|c: char| c.is_ascii_digit()));
        // A well-formed number where none may stand (`tags [a, 5]`) is
        // pest's to explain: "expected an identifier or a string".
        if !digit_first || is_number(run) {
            return None;
        }
        let exponent = run.char_indices().any(|(i, c)| {
            matches!(c, 'e' | 'E')
                && run[..i].ends_with(|d: char| d.is_ascii_digit())
                && run[i + 1..].trim_start_matches(['+', '-']).starts_with(|d: char| d.is_ascii_digit())
        });
        let leading_zero = format!("0{run}");
        let help = if exponent {
            "numbers have no exponent: write it out (`1000`) or with a suffix (`1k`, `2.5M`)".to_string()
        } else if run.starts_with('.') && is_number(&leading_zero) {
            format!("a number starts with a digit: `{leading_zero}`")
        } else {
            "a number is digits with an optional fraction and unit (`1.5ms`, `99.9%`, `10_000`), a range is `2..5`, and text such as a version goes in quotes (`\"1.2.3\"`)".to_string()
        };
        let (start, end) = (start + self.offset, end + self.offset);
        Some(
            Diagnostic::syntax(
                "invalid-number",
                format!("`{run}` is not a number"),
                Span::new(self.file, start, end),
                "not a number",
            )
            .with_help(help),
        )
    }

    /// `segment` is the statement's text, starting at byte `start` of the file.
    fn add_context_help(&self, diag: Diagnostic, segment: &str, start: usize, ctx: Context) -> Diagnostic {
        if diag.help.is_some() {
            return diag;
        }
        let is_link = segment.contains("->") || segment.contains("~>");
        let before_error = segment.get(..(diag.primary.span.start as usize).saturating_sub(start)).unwrap_or("");
        let found = |token: &str| diag.message.ends_with(&format!("found `{token}`"));
        // The error comes right after a number (`2-6`, `2k/s`).
        let number_before = before_error.ends_with(|c: char| !c.is_whitespace())
            && before_error.split_whitespace().last().is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
        // Spellings from other languages, at the token where they fail.
        if found("-") && number_before {
            return diag.with_help("a range is two numbers joined by `..`, as in `2..6`");
        }
        if found("/") && number_before {
            return diag.with_help("a rate is one word with its unit: `2krps` (or `2kqps`), not `2k/s`");
        }
        // Inside a block or a group body, where attributes stand.
        let in_attributes = before_error.contains('{') || ctx != Context::Top;
        if (found(":") || found("=")) && !is_link && in_attributes {
            return diag.with_help("an attribute is its name and its value, with nothing between: `replicas 2`");
        }
        if found("\"") && ctx == Context::Top && !is_link && before_error.split_whitespace().count() == 1 {
            let kind = before_error.trim();
            return diag.with_help(format!("a component needs an id before its label: `{kind} users \"Users\"`"));
        }
        // `a -> b :` with nothing, or only a block, after the colon.
        if is_link && before_error.trim_end().ends_with(':') {
            return diag.with_help(
                "after `:` come a protocol such as `https` or `grpc`, `read`, `write`, `tls` or a label in quotes; with none of them, leave the `:` out",
            );
        }
        if segment.contains("..") && diag.message.starts_with("expected a number") {
            return diag.with_help("a range is two numbers joined by `..`, with no spaces: `2..5`");
        }
        // Arrows of other languages: `=>`, `-->`, `<-`.
        if ["=>", "-->", "<-", "<~", "==>"].iter().any(|a| segment.contains(a)) {
            return diag.with_help(
                "links are written `a -> b` (a call that waits for its answer) or `a ~> b` (a message), from caller to callee",
            );
        }
        // `a -> g.b`: a path through groups, as in D2.
        if (segment.contains("->") || segment.contains("~>")) && diag.message.contains("found `.") {
            return diag.with_help("name a component by its id alone (`b`, not `g.b`): ids are unique across groups");
        }
        // `a ->` or `a -> -> b`: the arrow is there, its target is not.
        if is_link && diag.message.starts_with("expected an identifier") {
            return diag.with_help("a link names its target after the arrow: `a -> b`");
        }
        let first_word: String =
            segment.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if ctx == Context::Top && !first_word.is_empty() && !KIND_KEYWORDS.contains(&first_word.as_str()) {
            if let Some(kind) = suggest(&first_word, KIND_KEYWORDS.iter().copied()) {
                return diag.with_help(format!("did you mean the component kind `{kind}`?"));
            }
            return diag.with_help(
                "a top-level statement is a component (`service api`), a group, a link (`a -> b`), `system` or `import`; attributes go inside a `{ … }` block",
            );
        }
        diag.with_help("each statement goes on its own line or ends with `;`")
    }

    fn pest_error(&self, err: pest::error::Error<Rule>, base: usize) -> Diagnostic {
        let pos = match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        let (expected, in_list) = match &err.variant {
            pest::error::ErrorVariant::ParsingError { positives, .. } => {
                (describe_expected(positives), positives.iter().any(|r| matches!(r, Rule::list_comma | Rule::list_end)))
            }
            pest::error::ErrorVariant::CustomError { message } => (message.clone(), false),
        };
        let at = base + pos;
        if let Some(diag) = self.malformed_number(at) {
            return diag;
        }
        let (found, len) = found_token(self.text.get(at.saturating_sub(self.offset)..).unwrap_or(""));
        let diag = Diagnostic::syntax(
            "syntax-error",
            format!("expected {expected}, found {found}"),
            Span::new(self.file, at, at + len),
            format!("expected {expected}"),
        );
        if in_list {
            return diag.with_help("separate the items of a list with `,` and close it with `]`: `[a, b]`");
        }
        diag
    }
}

/// The token at the start of `rest`, described for a message, and its length.
fn found_token(rest: &str) -> (String, usize) {
    let Some(c) = rest.chars().next() else { return ("the end of the file".into(), 0) };
    if c == '\n' || c == '\r' {
        return ("the end of the line".into(), 0);
    }
    if c == ' ' || c == '\t' {
        // Where blanks are not allowed (`2.. 10`): name them, as a quoted
        // blank is easy to misread.
        return (if c == ' ' { "a space" } else { "a tab" }.into(), 1);
    }
    let word: &str = {
        let is_word = |ch: char| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.' || ch == '%';
        let mut end = rest.find(|ch: char| !is_word(ch)).unwrap_or(rest.len());
        // An identifier may contain `-` (`tier-1`), but `-` never ends one (`a->b`).
        while end > 0 && rest[end..].starts_with('-') && rest[end + 1..].starts_with(|ch: char| is_word(ch)) {
            end += 1 + rest[end + 1..].find(|ch: char| !is_word(ch)).unwrap_or(rest.len() - end - 1);
        }
        &rest[..end]
    };
    if !word.is_empty() {
        return (format!("`{word}`"), word.len());
    }
    if rest.starts_with("->") || rest.starts_with("~>") {
        return (format!("`{}`", &rest[..2]), 2);
    }
    (describe_char(c), c.len_utf8())
}

/// A character for a message: itself in backticks when it can be seen,
/// else its name or code point (a NUL, a zero-width space or a stray
/// byte-order mark printed raw would show as nothing, or break a terminal).
fn describe_char(c: char) -> String {
    match c {
        '\u{feff}' => "a byte-order mark (U+FEFF)".into(),
        '\u{a0}' => "a no-break space (U+00A0)".into(),
        c if c.is_control() || c.is_whitespace() || is_invisible(c) => {
            format!("the invisible character U+{:04X}", c as u32)
        }
        c => format!("`{c}`"),
    }
}

/// Format characters that draw nothing: zero-width spaces and joiners,
/// direction marks and overrides, the word joiner and its kin.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}')
}

fn describe_expected(rules: &[Rule]) -> String {
    let mut words: Vec<&str> = Vec::new();
    for rule in rules {
        let w = match rule {
            Rule::kind => "a component kind",
            Rule::ident | Rule::unknown_decl | Rule::unknown_block_decl | Rule::link_stmt | Rule::attribute => {
                "an identifier"
            }
            Rule::string => "a string",
            Rule::arrow => "an arrow (`->` or `~>`)",
            Rule::attr_block | Rule::group_body => "`{`",
            Rule::numeric | Rule::quantity => "a number",
            Rule::list => "a list",
            Rule::list_comma => "`,`",
            Rule::list_end => "`]`",
            Rule::link_words => "`:`",
            Rule::import_stmt => "`import`",
            Rule::system_decl | Rule::kw_system => "`system`",
            Rule::group_decl | Rule::kw_group => "`group`",
            Rule::component_decl => "a component kind",
            Rule::EOI => "the end of the statement",
            _ => "a statement",
        };
        if !words.contains(&w) {
            words.push(w);
        }
    }
    match words.as_slice() {
        [] => "a statement".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Whether `word` is a number as the grammar reads one: a quantity (digits,
/// `_`, at most one fraction, then a unit of letters or `%`), or a range of
/// two joined by `..`.
fn is_number(word: &str) -> bool {
    fn quantity(q: &str) -> bool {
        let digits =
            |s: &str| s.starts_with(|c: char| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || c == '_');
        let unit_at = q.find(|c: char| c.is_ascii_alphabetic() || c == '%').unwrap_or(q.len());
        let (number, unit) = q.split_at(unit_at);
        let number_ok = match number.split_once('.') {
            Some((whole, fraction)) => digits(whole) && digits(fraction),
            None => digits(number),
        };
        number_ok && unit.chars().all(|c| c.is_ascii_alphabetic() || c == '%')
    }
    match word.split_once("..") {
        Some((lo, hi)) => quantity(lo) && quantity(hi),
        None => quantity(word),
    }
}

fn quantity(text: &str) -> Quantity {
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '_' || c == '.')).unwrap_or(text.len());
    let digits = text.get(..split).unwrap_or(text);
    // Most numbers have no `_` separators: parse them in place.
    let number = if digits.contains('_') {
        digits.chars().filter(|&c| c != '_').collect::<String>().parse()
    } else {
        digits.parse()
    };
    Quantity {
        number: number.unwrap_or(f64::NAN),
        text: text.into(),
        unit_start: u32::try_from(split).unwrap_or(u32::MAX),
        whole: !digits.contains('.'),
    }
}

#[cfg(test)]
mod tests;
