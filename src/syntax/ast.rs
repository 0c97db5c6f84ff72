//! The typed syntax tree. Every node carries the byte span it was parsed from.
//! Nothing here knows about pest.

use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
    /// Every comment of the file in source order (the formatter keeps them).
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub span: Span,
    /// `//` or `/* */` text, delimiters included.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Import(Import),
    System(SystemDecl),
    Group(GroupDecl),
    Component(ComponentDecl),
    Link(LinkStmt),
    /// Only meaningful in a group body; resolution rejects it elsewhere.
    Attribute(Attribute),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Import(i) => i.span,
            Item::System(s) => s.span,
            Item::Group(g) => g.span,
            Item::Component(c) => c.span,
            Item::Link(l) => l.span,
            Item::Attribute(a) => a.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: compact_str::CompactString,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLit {
    /// The value with escapes resolved.
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub path: StringLit,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SystemDecl {
    pub keyword: Span,
    pub name: Option<StringLit>,
    pub body: Option<AttrBlock>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupDecl {
    pub keyword: Span,
    pub id: Ident,
    pub label: Option<StringLit>,
    pub items: Vec<Item>,
    /// Span of the `{ … }` body.
    pub body_span: Span,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ComponentDecl {
    /// The kind as written; it may be unknown (resolution reports that).
    pub kind: Ident,
    pub id: Ident,
    pub label: Option<StringLit>,
    pub body: Option<AttrBlock>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AttrBlock {
    pub attrs: Vec<Attribute>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arrow {
    /// `->`: the caller waits for the answer.
    Sync,
    /// `~>`: a message or event; the sender does not wait.
    Async,
}

impl Arrow {
    pub fn as_str(self) -> &'static str {
        match self {
            Arrow::Sync => "->",
            Arrow::Async => "~>",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LinkStmt {
    /// `a`, then each `(arrow, target)` of the chain.
    pub first: Ident,
    pub hops: Vec<(Arrow, Span, Ident)>,
    /// The words after `:`.
    pub words: Vec<LinkWord>,
    pub body: Option<AttrBlock>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LinkWord {
    Ident(Ident),
    Str(StringLit),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: Ident,
    pub values: Vec<Value>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// A number with an optional unit suffix, as written (`2.5k`, `200ms`, `99.9%`).
    Quantity(Quantity),
    /// Boxed: ranges are rare, and inline they would double every value's size.
    Range(Box<Quantity>, Box<Quantity>),
    Str(String),
    Ident(compact_str::CompactString),
    List(Vec<Value>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub number: f64,
    /// As written, digits and unit.
    pub text: compact_str::CompactString,
    /// Where the unit starts in `text`.
    pub unit_start: u32,
    /// The digits were a whole number (no fraction part).
    pub whole: bool,
}

impl Quantity {
    /// The suffix, "" when there is none.
    pub fn unit(&self) -> &str {
        self.text.get(self.unit_start as usize..).unwrap_or("")
    }
}

impl ValueKind {
    /// How a value is described in messages.
    pub fn describe(&self) -> String {
        match self {
            ValueKind::Quantity(q) if q.unit().is_empty() => format!("the number `{}`", q.text),
            ValueKind::Quantity(q) => format!("`{}`", q.text),
            ValueKind::Range(a, b) => format!("the range `{}..{}`", a.text, b.text),
            ValueKind::Str(s) => format!("the string \"{s}\""),
            ValueKind::Ident(s) => format!("`{s}`"),
            ValueKind::List(_) => "a list".to_string(),
        }
    }
}
