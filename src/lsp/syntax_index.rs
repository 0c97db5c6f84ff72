//! What each name in a syntax tree is: the language server's answer to "what
//! is under the cursor" and "where else does this name occur".

use crate::source::Span;
use crate::syntax::ast::*;

/// Where an attribute is written, which decides the attributes that apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A component of this kind (as written; it may be unknown).
    Component(String),
    Link,
    Group,
    System,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// The id of a component declaration.
    ComponentDecl,
    /// A component named by a link or a `dead_letter`.
    ComponentRef,
    GroupDecl,
    Kind,
    AttrName(Owner),
    /// The rule named by `allow`.
    AllowRule,
    /// An identifier value of the attribute.
    Value(String),
    /// The path of an `import`.
    Import,
    /// A word after a link's `:` (`https`, `read`, `tls`).
    LinkWord,
}

#[derive(Clone, Debug)]
pub struct Occurrence {
    pub span: Span,
    pub name: String,
    pub role: Role,
}

/// Every name in the file, in source order.
pub fn occurrences(file: &File) -> Vec<Occurrence> {
    let mut out = Vec::new();
    items(&file.items, &mut out);
    out
}

/// The name under (or just after) a byte offset.
pub fn at(file: &File, offset: usize) -> Option<Occurrence> {
    occurrences(file).into_iter().find(|o| (o.span.start as usize) <= offset && offset <= o.span.end as usize)
}

fn push(out: &mut Vec<Occurrence>, ident: &Ident, role: Role) {
    out.push(Occurrence { span: ident.span, name: ident.name.to_string(), role });
}

fn items(items: &[Item], out: &mut Vec<Occurrence>) {
    for item in items {
        match item {
            Item::Import(i) => {
                out.push(Occurrence { span: i.path.span, name: i.path.value.clone(), role: Role::Import })
            }
            Item::System(s) => {
                if let Some(b) = &s.body {
                    attrs(&b.attrs, &Owner::System, out);
                }
            }
            Item::Group(g) => {
                push(out, &g.id, Role::GroupDecl);
                self::items(&g.items, out);
            }
            Item::Component(c) => {
                push(out, &c.kind, Role::Kind);
                push(out, &c.id, Role::ComponentDecl);
                if let Some(b) = &c.body {
                    attrs(&b.attrs, &Owner::Component(c.kind.name.to_string()), out);
                }
            }
            Item::Link(l) => {
                push(out, &l.first, Role::ComponentRef);
                for (_, _, target) in &l.hops {
                    push(out, target, Role::ComponentRef);
                }
                for word in &l.words {
                    if let crate::syntax::ast::LinkWord::Ident(w) = word {
                        push(out, w, Role::LinkWord);
                    }
                }
                if let Some(b) = &l.body {
                    attrs(&b.attrs, &Owner::Link, out);
                }
            }
            Item::Attribute(a) => attrs(std::slice::from_ref(a), &Owner::Group, out),
        }
    }
}

fn attrs(attrs: &[Attribute], owner: &Owner, out: &mut Vec<Occurrence>) {
    for a in attrs {
        push(out, &a.name, Role::AttrName(owner.clone()));
        for (i, v) in a.values.iter().enumerate() {
            let ValueKind::Ident(name) = &v.kind else { continue };
            let role = match a.name.name.as_str() {
                "dead_letter" => Role::ComponentRef,
                "allow" if i == 0 => Role::AllowRule,
                _ => Role::Value(a.name.name.to_string()),
            };
            out.push(Occurrence { span: v.span, name: name.to_string(), role });
        }
    }
}

/// The component declaration with this id, searching nested groups.
pub fn find_component<'f>(items: &'f [Item], id: &str) -> Option<&'f ComponentDecl> {
    items.iter().find_map(|item| match item {
        Item::Component(c) if c.id.name == id => Some(c),
        Item::Group(g) => find_component(&g.items, id),
        _ => None,
    })
}

pub fn find_group<'f>(items: &'f [Item], id: &str) -> Option<&'f GroupDecl> {
    items.iter().find_map(|item| match item {
        Item::Group(g) if g.id.name == id => Some(g),
        Item::Group(g) => find_group(&g.items, id),
        _ => None,
    })
}

/// Every component id declared in the file.
pub fn component_ids(items: &[Item], out: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Component(c) => out.push(c.id.name.to_string()),
            Item::Group(g) => component_ids(&g.items, out),
            _ => {}
        }
    }
}

/// Whether `name` is an identifier of the language (LANGUAGE.md §2).
pub fn is_identifier(name: &str) -> bool {
    let mut parts = name.split('-');
    let Some(first) = parts.next() else { return false };
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    first.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && word(first) && parts.all(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn roles_of_names() {
        let text = "queue q { dead_letter dlq; allow x-y }\nq ~> w";
        let f = crate::syntax::parse(FileId(0), text).file;
        let roles: Vec<(String, Role)> = occurrences(&f).into_iter().map(|o| (o.name, o.role)).collect();
        let owner = Owner::Component("queue".into());
        assert_eq!(
            roles,
            [
                ("queue".into(), Role::Kind),
                ("q".into(), Role::ComponentDecl),
                ("dead_letter".into(), Role::AttrName(owner.clone())),
                ("dlq".into(), Role::ComponentRef),
                ("allow".into(), Role::AttrName(owner)),
                ("x-y".into(), Role::AllowRule),
                ("q".into(), Role::ComponentRef),
                ("w".into(), Role::ComponentRef),
            ]
        );
        assert_eq!(at(&f, text.len()).map(|o| o.name), Some("w".to_string()));
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("user-service_2"));
        assert!(!is_identifier("2a"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("a-"));
        assert!(!is_identifier("a b"));
    }
}
