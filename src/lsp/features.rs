//! The answers to the language server's requests, each from one [`Analysis`].

use super::syntax_index::{self as index, Occurrence, Role};
use super::Analysis;
use crate::model::attrs::{self, AttrSpec, Targets, ValueType, ATTRIBUTES};
use crate::model::Kind;
use crate::syntax::ast::Item;
use crate::syntax::KIND_KEYWORDS;
use lsp_server::ErrorCode;
use lsp_types as lsp;
use std::collections::{BTreeSet, HashMap};

fn markdown(value: String) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent { kind: lsp::MarkupKind::Markdown, value }),
        range: None,
    }
}

/// What a word after a link's `:` means, for hover.
fn link_word_doc(word: &str) -> Option<String> {
    let text = match word {
        "read" => "**read**: the link carries reads only (the read share of the traffic with `read_ratio`); \
                   caches cut reads"
            .to_string(),
        "write" => {
            "**write**: the link carries writes only (the write share of the traffic with `read_ratio`)".to_string()
        }
        "tls" => "**tls**: the link is encrypted, whatever its protocol".to_string(),
        "https" | "wss" => format!("**{word}**: the link's protocol; it is encrypted"),
        p if crate::model::attrs::PROTOCOLS.contains(&p) => {
            format!("**{p}**: the link's protocol; plaintext unless the link also says `tls`")
        }
        _ => return None,
    };
    Some(text)
}

pub fn hover(a: &Analysis, offset: usize) -> Option<lsp::Hover> {
    let occ = index::at(a.root_ast()?, offset)?;
    let mut hover = match &occ.role {
        Role::ComponentDecl | Role::ComponentRef => component_hover(a, &occ.name)?,
        Role::GroupDecl => {
            let g = a.compilation.files.iter().find_map(|f| index::find_group(&f.ast.items, &occ.name))?;
            let label = g.label.as_ref().map(|l| format!(" {}", crate::fmt::quote(&l.value))).unwrap_or_default();
            let attrs: Vec<String> = g
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Attribute(at) => Some(crate::fmt::attribute_text(at)),
                    _ => None,
                })
                .collect();
            markdown(format!("**group** `{}`{label}{}", occ.name, code_block(&attrs)))
        }
        Role::Kind => {
            let kind = Kind::parse(&occ.name)?;
            markdown(format!("**{kind}**: {}", kind.describe()))
        }
        Role::AttrName(_) => {
            let spec = AttrSpec::find(&occ.name)?;
            markdown(spec.docs_markdown())
        }
        Role::AllowRule => {
            let rule = crate::lint::find_rule(&occ.name)?;
            let meta = rule.meta();
            markdown(format!(
                "**{}** ({}, {})\n\n{}",
                meta.name,
                meta.default_level.as_str(),
                meta.summary,
                meta.docs_markdown()
            ))
        }
        Role::Value(attr) => {
            let spec = AttrSpec::find(attr)?;
            markdown(format!("`{}` — a value of {}", occ.name, spec.docs_markdown()))
        }
        Role::Import => return None,
        Role::LinkWord => markdown(link_word_doc(&occ.name)?),
    };
    hover.range = a.range(occ.span);
    Some(hover)
}

fn code_block(lines: &[String]) -> String {
    if lines.is_empty() {
        String::new()
    } else {
        format!("\n\n```arch\n{}\n```", lines.join("\n"))
    }
}

fn component_hover(a: &Analysis, id: &str) -> Option<lsp::Hover> {
    let decl = a.compilation.files.iter().find_map(|f| index::find_component(&f.ast.items, id))?;
    let kind = decl.kind.name.as_str();
    let what = Kind::parse(kind).map(|k| format!("\n\n{}", k.describe())).unwrap_or_default();
    let label = decl.label.as_ref().map(|l| format!(" {}", crate::fmt::quote(&l.value))).unwrap_or_default();
    let attrs: Vec<String> = decl.body.iter().flat_map(|b| b.attrs.iter()).map(crate::fmt::attribute_text).collect();
    Some(markdown(format!("**{kind}** `{id}`{label}{what}{}", code_block(&attrs))))
}

/// Every occurrence of the component or group named at `offset`, in every file
/// of the compilation, declarations first.
fn occurrences_of(a: &Analysis, offset: usize) -> Option<(Occurrence, Vec<Occurrence>)> {
    let occ = index::at(a.root_ast()?, offset)?;
    let same = |o: &Occurrence| match occ.role {
        Role::ComponentDecl | Role::ComponentRef => matches!(o.role, Role::ComponentDecl | Role::ComponentRef),
        Role::GroupDecl => o.role == Role::GroupDecl,
        _ => false,
    };
    if !same(&occ) {
        return Some((occ, Vec::new()));
    }
    let mut found: Vec<Occurrence> = a
        .compilation
        .files
        .iter()
        .flat_map(|f| index::occurrences(&f.ast))
        .filter(|o| o.name == occ.name && same(o))
        .collect();
    found.sort_by_key(|o| (!matches!(o.role, Role::ComponentDecl | Role::GroupDecl), o.span));
    Some((occ, found))
}

pub fn definition(a: &Analysis, offset: usize) -> Option<lsp::Location> {
    let occ = index::at(a.root_ast()?, offset)?;
    if occ.role == Role::Import {
        let f = a
            .compilation
            .files
            .iter()
            .find(|f| f.id != Analysis::ROOT && f.path.ends_with(occ.name.trim_start_matches("./")))?;
        let uri = a.uris.get(&f.id)?.clone();
        return Some(lsp::Location { uri, range: lsp::Range::default() });
    }
    let (_, all) = occurrences_of(a, offset)?;
    let decl = all.iter().find(|o| matches!(o.role, Role::ComponentDecl | Role::GroupDecl))?;
    a.location(decl.span)
}

pub fn references(a: &Analysis, offset: usize, include_declaration: bool) -> Option<Vec<lsp::Location>> {
    let (_, all) = occurrences_of(a, offset)?;
    if all.is_empty() {
        return None;
    }
    Some(
        all.iter()
            .filter(|o| include_declaration || !matches!(o.role, Role::ComponentDecl | Role::GroupDecl))
            .filter_map(|o| a.location(o.span))
            .collect(),
    )
}

// `WorkspaceEdit::changes` is keyed by `Uri`, whose interior cache does not take part in `Hash` or `Eq`.
#[allow(clippy::mutable_key_type)]
pub fn rename(a: &Analysis, offset: usize, new_name: &str) -> Result<Option<lsp::WorkspaceEdit>, (ErrorCode, String)> {
    let Some((occ, all)) = occurrences_of(a, offset) else { return Ok(None) };
    if all.is_empty() {
        return Err((ErrorCode::InvalidRequest, "only a component or group id can be renamed".into()));
    }
    if !index::is_identifier(new_name) {
        return Err((ErrorCode::InvalidParams, format!("`{new_name}` is not an identifier")));
    }
    let taken = a.compilation.files.iter().any(|f| {
        index::find_component(&f.ast.items, new_name).is_some() || index::find_group(&f.ast.items, new_name).is_some()
    });
    if taken && new_name != occ.name {
        return Err((ErrorCode::InvalidParams, format!("`{new_name}` is already declared")));
    }
    let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
    for o in &all {
        if let Some(loc) = a.location(o.span) {
            changes
                .entry(loc.uri)
                .or_default()
                .push(lsp::TextEdit { range: loc.range, new_text: new_name.to_string() });
        }
    }
    Ok(Some(lsp::WorkspaceEdit { changes: Some(changes), ..Default::default() }))
}

pub fn formatting(a: &Analysis) -> Option<Vec<lsp::TextEdit>> {
    let file = a.sources().get(Analysis::ROOT)?;
    // With syntax errors there is nothing to do: the diagnostics already say why.
    let formatted = crate::fmt::format(&file.text).ok()?;
    if formatted == *file.text {
        return Some(Vec::new());
    }
    let whole = crate::source::Span::new(Analysis::ROOT, 0, file.text.len());
    Some(vec![lsp::TextEdit { range: super::span_range(file, whole), new_text: formatted }])
}

pub fn symbols(a: &Analysis) -> Vec<lsp::DocumentSymbol> {
    a.root_ast().map(|f| item_symbols(a, &f.items)).unwrap_or_default()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out.
fn item_symbols(a: &Analysis, items: &[Item]) -> Vec<lsp::DocumentSymbol> {
    let symbol = |name: String, detail: Option<String>, kind, span, selection, children| {
        Some(lsp::DocumentSymbol {
            name,
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: a.range(span)?,
            selection_range: a.range(selection)?,
            children,
        })
    };
    items
        .iter()
        .filter_map(|item| match item {
            Item::Component(c) => {
                let detail = match &c.label {
                    Some(l) => format!("{} \"{}\"", c.kind.name, l.value),
                    None => c.kind.name.to_string(),
                };
                symbol(c.id.name.to_string(), Some(detail), lsp::SymbolKind::OBJECT, c.span, c.id.span, None)
            }
            Item::Group(g) => {
                let children = item_symbols(a, &g.items);
                let detail = g.label.as_ref().map(|l| l.value.clone());
                symbol(g.id.name.to_string(), detail, lsp::SymbolKind::NAMESPACE, g.span, g.id.span, Some(children))
            }
            Item::System(s) => {
                let name = s.name.as_ref().map_or("system".to_string(), |n| n.value.clone());
                symbol(name, Some("system".into()), lsp::SymbolKind::MODULE, s.span, s.keyword, None)
            }
            _ => None,
        })
        .collect()
}

/// Where the cursor is, for completion.
#[derive(Debug, PartialEq)]
enum Block {
    Top,
    Group,
    Component(String),
    Link,
    System,
    Unknown,
}

/// The enclosing block and the text of the statement up to `offset`, or
/// `None` inside a comment or a string.
fn completion_context(text: &str, offset: usize) -> Option<(Block, &str)> {
    let bytes = text.as_bytes();
    let end = offset.min(text.len());
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut stmt_start = 0;
    // Lookahead may peek past the cursor, as the parser would; the scan itself stops there.
    let head = bytes.get(..end).unwrap_or_default();
    let mut i = 0;
    while let Some(&b) = head.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = head.get(i).filter(|&&c| c != b'"' && c != b'\n') {
                    i += if c == b'\\' { 2 } else { 1 };
                }
                if i >= end {
                    return None;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while head.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                if i >= end {
                    return None;
                }
                stmt_start = i + 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match text.get(i + 2..).and_then(|r| r.find("*/")) {
                Some(pos) if i + 2 + pos + 2 <= end => i = i + 2 + pos + 1,
                _ => return None,
            },
            b'{' => {
                stack.push((stmt_start, i));
                stmt_start = i + 1;
            }
            b'}' => {
                stack.pop();
                stmt_start = i + 1;
            }
            b'\n' | b';' => stmt_start = i + 1,
            _ => {}
        }
        i += 1;
    }
    let block = match stack.last() {
        None => Block::Top,
        Some(&(start, brace)) => {
            let header = text.get(start..brace).unwrap_or("").trim();
            let first = header.split_whitespace().next().unwrap_or("");
            if header.contains("->") || header.contains("~>") {
                Block::Link
            } else if first == "group" {
                Block::Group
            } else if first == "system" {
                Block::System
            } else if KIND_KEYWORDS.contains(&first) {
                Block::Component(first.to_string())
            } else {
                Block::Unknown
            }
        }
    };
    Some((block, text.get(stmt_start.min(end)..end).unwrap_or("")))
}

pub fn completion(a: &Analysis, text: &str, offset: usize) -> Vec<lsp::CompletionItem> {
    let Some((block, prefix)) = completion_context(text, offset) else { return Vec::new() };
    let mut ids = Vec::new();
    for f in &a.compilation.files {
        index::component_ids(&f.ast.items, &mut ids);
    }
    // While a block is being typed its `}` is often missing and the parser
    // drops the declaration: read `KIND id` from the text as well.
    for stmt in text.split(['\n', ';', '{', '}']) {
        let mut words = stmt.split_whitespace();
        if let (Some(kind), Some(id)) = (words.next(), words.next()) {
            if KIND_KEYWORDS.contains(&kind) && index::is_identifier(id) {
                ids.push(id.to_string());
            }
        }
    }
    let ids: BTreeSet<String> = ids.into_iter().collect();
    let id_items = || ids.iter().map(|id| item(id, lsp::CompletionItemKind::VARIABLE, None, None));
    let prefix = prefix.trim_start();
    let in_statements = matches!(block, Block::Top | Block::Group);

    if in_statements {
        if let Some(arrow) = prefix.rfind("->").max(prefix.rfind("~>")) {
            let after = &prefix[arrow + 2..];
            if after.contains(':') {
                let words = attrs::PROTOCOLS.iter().chain(["read", "write", "tls"].iter());
                return words.map(|w| item(w, lsp::CompletionItemKind::KEYWORD, None, None)).collect();
            }
            return id_items().collect();
        }
    }
    let words: Vec<&str> = prefix.split_whitespace().collect();
    let complete =
        if prefix.is_empty() || prefix.ends_with(char::is_whitespace) { words.len() } else { words.len() - 1 };

    if complete == 0 {
        let mut out = Vec::new();
        if in_statements {
            for k in KIND_KEYWORDS {
                let doc = Kind::parse(k).map(|k| k.describe().to_string());
                out.push(item(k, lsp::CompletionItemKind::KEYWORD, None, doc));
            }
            out.push(item("group", lsp::CompletionItemKind::KEYWORD, None, None));
            if block == Block::Top {
                out.push(item("system", lsp::CompletionItemKind::KEYWORD, None, None));
                out.push(item("import", lsp::CompletionItemKind::KEYWORD, None, None));
            }
            out.extend(id_items());
        }
        let target = match &block {
            Block::Group => Some(Targets::GROUP),
            Block::Link => Some(Targets::LINK),
            Block::System => Some(Targets::SYSTEM),
            Block::Component(k) => Kind::parse(k).map(Kind::bit),
            Block::Top | Block::Unknown => None,
        };
        if let Some(bit) = target {
            for spec in ATTRIBUTES.iter().filter(|s| s.targets.allows(bit)) {
                out.push(item(
                    spec.name,
                    lsp::CompletionItemKind::PROPERTY,
                    Some(spec.ty.describe()),
                    Some(spec.doc.to_string()),
                ));
            }
        }
        return out;
    }

    // A value of the attribute that starts the statement.
    let Some(spec) = words.first().and_then(|w| AttrSpec::find(w)) else { return Vec::new() };
    let position = complete; // 1 = the first value
    let values: Vec<&str> = match spec.ty {
        ValueType::Keyword(words) if position == 1 => words.to_vec(),
        ValueType::Replication => {
            attrs::REPLICATION_TOPOLOGIES.iter().chain(attrs::REPLICATION_MODES).copied().collect()
        }
        ValueType::Sharding if position == 1 => attrs::SHARDING.to_vec(),
        ValueType::RateLimit if position == 2 => attrs::RATE_LIMIT_ALGORITHMS.to_vec(),
        ValueType::Layer if position == 1 => vec!["4", "7"],
        ValueType::Allow if position == 1 => {
            return crate::lint::registry()
                .iter()
                .map(|r| {
                    let m = r.meta();
                    item(m.name, lsp::CompletionItemKind::TEXT, Some(m.summary.to_string()), None)
                })
                .collect();
        }
        ValueType::Reference if position == 1 => return id_items().collect(),
        _ => Vec::new(),
    };
    values.into_iter().map(|v| item(v, lsp::CompletionItemKind::ENUM_MEMBER, None, None)).collect()
}

fn item(
    label: &str,
    kind: lsp::CompletionItemKind,
    detail: Option<String>,
    doc: Option<String>,
) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        documentation: doc.map(lsp::Documentation::String),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        let ctx = |text: &str| completion_context(text, text.len()).map(|(b, p)| (b, p.to_string()));
        assert_eq!(ctx("serv"), Some((Block::Top, "serv".into())));
        assert_eq!(ctx("group g {\n  cache c {\n    ev"), Some((Block::Component("cache".into()), "    ev".into())));
        assert_eq!(ctx("group g {\n  cache c { ttl 1h }\n  "), Some((Block::Group, "  ".into())));
        assert_eq!(ctx("a -> b { timeout 2s; ret"), Some((Block::Link, " ret".into())));
        assert_eq!(ctx("system { x 1 }\n// a comment"), None);
        assert_eq!(ctx("service a \"lab"), None);
        assert_eq!(ctx("/* a */ a -> "), Some((Block::Top, "/* a */ a -> ".into())));
    }

    #[test]
    fn ast_kinds_are_the_model_kinds() {
        for k in KIND_KEYWORDS {
            assert!(Kind::parse(k).is_some(), "{k}");
        }
    }
}
