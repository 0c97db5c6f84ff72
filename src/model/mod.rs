//! The resolved design: components, links, groups and the `system` block, with
//! typed attributes and a petgraph graph of the links.
//!
//! [`resolve`] builds it from syntax trees; nothing after this stage sees the
//! syntax tree. Every element keeps the span it was declared at.

pub mod attrs;
pub mod kind;
mod resolve;

pub use attrs::{Allow, Attr, AttrKey, AttrSpec, AttrValue, Attrs, ValueType};
pub use kind::Kind;
pub use resolve::resolve;

use crate::source::Span;
pub use crate::syntax::ast::Arrow;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::collections::HashMap;

/// Index of a component; also its node index in [`Model::graph`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ComponentId(pub u32);

/// Index of a link; also its edge index in [`Model::graph`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(pub u32);

impl ComponentId {
    pub fn node(self) -> NodeIndex {
        NodeIndex::new(self.0 as usize)
    }
    pub fn index(self) -> usize {
        self.0 as usize
    }
    pub fn from_node(n: NodeIndex) -> Self {
        ComponentId(n.index() as u32)
    }
}

impl LinkId {
    pub fn edge(self) -> EdgeIndex {
        EdgeIndex::new(self.0 as usize)
    }
    pub fn index(self) -> usize {
        self.0 as usize
    }
    pub fn from_edge(e: EdgeIndex) -> Self {
        LinkId(e.index() as u32)
    }
}

impl GroupId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub id: String,
    pub id_span: Span,
    pub kind: Kind,
    pub label: Option<String>,
    /// The whole declaration.
    pub span: Span,
    /// The innermost enclosing group.
    pub group: Option<GroupId>,
    pub attrs: Attrs,
    pub allows: Vec<Allow>,
}

impl Component {
    /// The label if there is one, else the id.
    pub fn display_name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }

    /// `(min, max)` instances; a plain count gives `(n, n)`, no attribute `(1, 1)`.
    pub fn replicas(&self) -> (u64, u64) {
        match self.attrs.get(AttrKey::Replicas).map(|a| &a.value) {
            Some(AttrValue::Replicas { min, max }) => (*min, *max),
            _ => (1, 1),
        }
    }

    pub fn min_replicas(&self) -> u64 {
        self.replicas().0
    }

    pub fn max_replicas(&self) -> u64 {
        self.replicas().1
    }

    /// Operated by a provider with its own redundancy: `managed`, or a `cdn`,
    /// `dns` or `function`.
    pub fn is_managed(&self) -> bool {
        self.kind.managed_by_default() || self.attrs.has(AttrKey::Managed)
    }

    /// Survives the loss of one instance (LANGUAGE.md §6 "Redundancy").
    pub fn is_redundant(&self) -> bool {
        self.is_managed() || self.min_replicas() >= 2
    }

    /// A client, or a component marked `entry`.
    pub fn is_entry(&self) -> bool {
        self.kind == Kind::Client || self.attrs.has(AttrKey::Entry)
    }

    /// Availability of one instance (fraction).
    pub fn instance_availability(&self) -> f64 {
        self.attrs.number(AttrKey::Availability).unwrap_or(if self.is_managed() { 0.9999 } else { 0.999 })
    }

    /// Time this component adds to a request it serves (seconds).
    pub fn latency(&self) -> f64 {
        self.attrs.number(AttrKey::Latency).unwrap_or_else(|| self.kind.default_latency())
    }

    pub fn capacity(&self) -> Option<f64> {
        self.attrs.number(AttrKey::Capacity)
    }

    pub fn engine(&self) -> Option<&str> {
        self.attrs.text(AttrKey::Engine)
    }

    /// A load balancer's `algorithm`, or the language's default `round_robin`.
    pub fn balancing_algorithm(&self) -> &'static str {
        self.attrs.keyword(AttrKey::Algorithm).unwrap_or("round_robin")
    }

    pub fn is_stateful(&self) -> bool {
        self.attrs.has(AttrKey::Stateful)
    }
}

/// Where a link comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkOrigin {
    /// Written as `a -> b` or `a ~> b`.
    Declared,
    /// Implied by a queue's `dead_letter` attribute.
    DeadLetter,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub from: ComponentId,
    pub to: ComponentId,
    pub arrow: Arrow,
    /// `a -> b` of the chain (the `dead_letter` attribute for implied links).
    pub span: Span,
    /// The whole statement, words and block included.
    pub stmt_span: Span,
    pub protocol: Option<&'static str>,
    pub read: bool,
    pub write: bool,
    pub tls: bool,
    pub label: Option<String>,
    pub attrs: Attrs,
    pub allows: Vec<Allow>,
    pub origin: LinkOrigin,
    /// The group whose body declares the link.
    pub group: Option<GroupId>,
}

impl Link {
    pub fn is_sync(&self) -> bool {
        self.arrow == Arrow::Sync
    }

    /// `https`, `wss` or `tls` (LANGUAGE.md §3.4).
    pub fn is_encrypted(&self) -> bool {
        self.tls || matches!(self.protocol, Some("https" | "wss"))
    }

    pub fn calls(&self) -> u64 {
        self.attrs.count(AttrKey::Calls).unwrap_or(1)
    }

    pub fn retries(&self) -> u64 {
        self.attrs.count(AttrKey::Retries).unwrap_or(0)
    }

    pub fn is_fallback(&self) -> bool {
        self.attrs.has(AttrKey::Fallback)
    }

    /// Network time of the hop (seconds): declared, or 0.5 ms for `->`.
    pub fn latency(&self) -> f64 {
        self.attrs.number(AttrKey::Latency).unwrap_or(if self.is_sync() { 0.0005 } else { 0.0 })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub id: String,
    pub id_span: Span,
    pub label: Option<String>,
    pub span: Span,
    pub parent: Option<GroupId>,
    pub attrs: Attrs,
    pub allows: Vec<Allow>,
}

impl Group {
    pub fn display_name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }

    pub fn trust(&self) -> Option<&'static str> {
        self.attrs.keyword(AttrKey::Trust)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct System {
    pub name: Option<String>,
    pub span: Span,
    pub attrs: Attrs,
    pub allows: Vec<Allow>,
}

impl System {
    pub fn peak_factor(&self) -> f64 {
        self.attrs.number(AttrKey::PeakFactor).unwrap_or(2.0)
    }

    pub fn read_ratio(&self) -> Option<f64> {
        self.attrs.number(AttrKey::ReadRatio)
    }
}

/// A hash map keyed by what the input names. foldhash is several times
/// faster than the standard SipHash on short names, and its seed is drawn
/// per process, so a file cannot be crafted ahead of time to collide.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The whole design.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// In declaration order (files in load order); `ComponentId` indexes it.
    pub components: Vec<Component>,
    /// In declaration order; `LinkId` indexes it.
    pub links: Vec<Link>,
    pub groups: Vec<Group>,
    pub system: Option<System>,
    /// Node `i` is component `i`, edge `j` is link `j`.
    pub graph: DiGraph<ComponentId, LinkId>,
    by_id: FastMap<String, ComponentId>,
    groups_by_id: FastMap<String, GroupId>,
}

// Ids are minted by this model and index its own vectors; like a petgraph
// index, an id from another model is a caller's bug, not an input error.
#[allow(clippy::indexing_slicing)]
impl Model {
    pub fn component(&self, id: ComponentId) -> &Component {
        &self.components[id.index()]
    }

    pub fn link(&self, id: LinkId) -> &Link {
        &self.links[id.index()]
    }

    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.index()]
    }

    pub fn find(&self, id: &str) -> Option<ComponentId> {
        self.by_id.get(id).copied()
    }

    pub fn find_group(&self, id: &str) -> Option<GroupId> {
        self.groups_by_id.get(id).copied()
    }

    pub fn component_ids(&self) -> impl Iterator<Item = ComponentId> + '_ {
        (0..self.components.len() as u32).map(ComponentId)
    }

    pub fn link_ids(&self) -> impl Iterator<Item = LinkId> + '_ {
        (0..self.links.len() as u32).map(LinkId)
    }

    /// Links leaving a component, in declaration order.
    pub fn outgoing(&self, id: ComponentId) -> impl Iterator<Item = LinkId> + '_ {
        let mut v: Vec<LinkId> =
            self.graph.edges_directed(id.node(), petgraph::Direction::Outgoing).map(|e| *e.weight()).collect();
        v.sort_unstable();
        v.into_iter()
    }

    /// Links arriving at a component, in declaration order.
    pub fn incoming(&self, id: ComponentId) -> impl Iterator<Item = LinkId> + '_ {
        let mut v: Vec<LinkId> =
            self.graph.edges_directed(id.node(), petgraph::Direction::Incoming).map(|e| *e.weight()).collect();
        v.sort_unstable();
        v.into_iter()
    }

    /// The group chain from the innermost group outwards.
    pub fn group_chain(&self, mut group: Option<GroupId>) -> impl Iterator<Item = GroupId> + '_ {
        std::iter::from_fn(move || {
            let g = group?;
            group = self.group(g).parent;
            Some(g)
        })
    }

    /// Trust level of a component: that of its nearest enclosing group with `trust`.
    pub fn trust_of(&self, id: ComponentId) -> Option<&'static str> {
        self.group_chain(self.component(id).group).find_map(|g| self.group(g).trust())
    }

    /// `a -> b`, the name a link goes by in messages and baselines.
    pub fn link_name(&self, id: LinkId) -> String {
        let l = self.link(id);
        format!("{} {} {}", self.component(l.from).id, l.arrow.as_str(), self.component(l.to).id)
    }

    pub fn entry_points(&self) -> impl Iterator<Item = ComponentId> + '_ {
        self.component_ids().filter(|&c| self.component(c).is_entry())
    }
}

#[cfg(test)]
mod tests;
