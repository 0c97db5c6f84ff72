//! What rules see: the model plus graph facts computed once and shared.
//!
//! Rules run in parallel and several ask the same graph questions (who links
//! where, what the entry points reach, which components dominate others). Each
//! fact is a `OnceLock` computed on first use by whichever rule asks first, so
//! a fact no enabled rule needs costs nothing and none is computed twice.

// Indices are node and edge ids of the model's own graph, into vectors sized
// from its node and edge counts; input cannot produce an id out of range.
#![allow(clippy::indexing_slicing)]

use crate::model::{Component, ComponentId, Link, LinkId, Model};
use crate::source::Span;
use petgraph::algo::{dominators, kosaraju_scc};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::VecDeque;
use std::sync::OnceLock;

pub struct LintContext<'m> {
    pub model: &'m Model,
    adjacency: OnceLock<Adjacency>,
    reachable: OnceLock<Vec<bool>>,
    sync_cycles: OnceLock<Vec<Vec<ComponentId>>>,
    failure_domains: OnceLock<FailureDomains>,
    // Estimates: computed on first use, once per lint run.
    estimates: OnceLock<crate::analysis::Estimates>,
}

impl<'m> LintContext<'m> {
    pub fn new(model: &'m Model) -> Self {
        LintContext {
            model,
            adjacency: OnceLock::new(),
            reachable: OnceLock::new(),
            sync_cycles: OnceLock::new(),
            failure_domains: OnceLock::new(),
            estimates: OnceLock::new(),
        }
    }

    /// Links in and out of every component, each list in declaration order.
    pub fn adjacency(&self) -> &Adjacency {
        self.adjacency.get_or_init(|| Adjacency::new(self.model))
    }

    /// Whether each component can be reached from an entry point following
    /// links forward, either arrow (`dead_letter` links included). Entry points
    /// reach themselves.
    pub fn reachable_from_entries(&self) -> &[bool] {
        self.reachable.get_or_init(|| {
            let m = self.model;
            let adj = self.adjacency();
            let mut seen = vec![false; m.components.len()];
            let mut queue: VecDeque<ComponentId> = m.entry_points().collect();
            for &e in &queue {
                seen[e.index()] = true;
            }
            while let Some(c) = queue.pop_front() {
                for &l in adj.outgoing(c) {
                    let to = m.link(l).to;
                    if !seen[to.index()] {
                        seen[to.index()] = true;
                        queue.push_back(to);
                    }
                }
            }
            seen
        })
    }

    /// Strongly connected components of the `->` graph that contain a cycle,
    /// each sorted by declaration order, the list sorted by first member.
    pub fn sync_cycles(&self) -> &[Vec<ComponentId>] {
        self.sync_cycles.get_or_init(|| {
            let m = self.model;
            let mut g: DiGraph<(), ()> = DiGraph::with_capacity(m.components.len(), m.links.len());
            for _ in &m.components {
                g.add_node(());
            }
            let mut self_loop = vec![false; m.components.len()];
            for l in m.links.iter().filter(|l| l.is_sync()) {
                g.add_edge(l.from.node(), l.to.node(), ());
                if l.from == l.to {
                    self_loop[l.from.index()] = true;
                }
            }
            // Kosaraju, not Tarjan: petgraph's Tarjan recurses and overflows the
            // stack on long call chains.
            let mut sccs: Vec<Vec<ComponentId>> = kosaraju_scc(&g)
                .into_iter()
                .filter(|scc| scc.len() > 1 || scc.first().is_some_and(|n| self_loop[n.index()]))
                .map(|scc| {
                    let mut v: Vec<ComponentId> = scc.into_iter().map(ComponentId::from_node).collect();
                    v.sort_unstable();
                    v
                })
                .collect();
            sccs.sort_unstable();
            sccs
        })
    }

    /// Who depends on whom for reachability from the entry points.
    pub fn failure_domains(&self) -> &FailureDomains {
        self.failure_domains.get_or_init(|| FailureDomains::new(self.model, self.adjacency()))
    }
}

/// Small conveniences every rule uses.
impl LintContext<'_> {
    pub fn component(&self, c: ComponentId) -> &Component {
        self.model.component(c)
    }

    pub fn link(&self, l: LinkId) -> &Link {
        self.model.link(l)
    }

    /// The component's id, for messages.
    pub fn name(&self, c: ComponentId) -> &str {
        &self.model.component(c).id
    }

    /// Where a finding about a component points: its id in the declaration.
    pub fn at(&self, c: ComponentId) -> Span {
        self.model.component(c).id_span
    }
}

/// Links in and out of every component, in declaration order.
pub struct Adjacency {
    out: Vec<Vec<LinkId>>,
    inc: Vec<Vec<LinkId>>,
}

impl Adjacency {
    fn new(m: &Model) -> Self {
        let mut out = vec![Vec::new(); m.components.len()];
        let mut inc = vec![Vec::new(); m.components.len()];
        for (i, l) in m.links.iter().enumerate() {
            let id = LinkId(i as u32);
            if let Some(v) = out.get_mut(l.from.index()) {
                v.push(id);
            }
            if let Some(v) = inc.get_mut(l.to.index()) {
                v.push(id);
            }
        }
        Adjacency { out, inc }
    }

    pub fn outgoing(&self, c: ComponentId) -> &[LinkId] {
        self.out.get(c.index()).map_or(&[], Vec::as_slice)
    }

    pub fn incoming(&self, c: ComponentId) -> &[LinkId] {
        self.inc.get(c.index()).map_or(&[], Vec::as_slice)
    }
}

/// Reachability from the entry points over links that are needed (every link
/// except those marked `fallback`, either arrow), and its dominator tree: a
/// component dominates another when every such path from an entry point to the
/// other passes through it, so the other becomes unreachable if it fails.
pub struct FailureDomains {
    /// The earliest-declared entry point that reaches each component (an entry
    /// point not reached by an earlier one reaches itself).
    reached_by: Vec<Option<ComponentId>>,
    /// Children in the dominator tree, in declaration order.
    children: Vec<Vec<ComponentId>>,
    /// Size of each component's dominator subtree, itself included.
    subtree: Vec<usize>,
}

impl FailureDomains {
    fn new(m: &Model, adj: &Adjacency) -> Self {
        let n = m.components.len();
        let needed = |l: &LinkId| !m.link(*l).is_fallback();

        // Entry points in declaration order; each search stops at components an
        // earlier entry point already reached (they and everything after them
        // are that earlier entry point's), so the whole pass is linear.
        let mut reached_by: Vec<Option<ComponentId>> = vec![None; n];
        let mut queue = VecDeque::new();
        for e in m.entry_points() {
            if reached_by[e.index()].is_some() {
                continue;
            }
            reached_by[e.index()] = Some(e);
            queue.push_back(e);
            while let Some(c) = queue.pop_front() {
                for l in adj.outgoing(c).iter().filter(|l| needed(l)) {
                    let to = m.link(*l).to;
                    if reached_by[to.index()].is_none() {
                        reached_by[to.index()] = Some(e);
                        queue.push_back(to);
                    }
                }
            }
        }

        // Node `n` is a virtual root linked to every entry point, so one
        // dominator tree covers all of them.
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n + 1, m.links.len() + n);
        for _ in 0..=n {
            g.add_node(());
        }
        let root = NodeIndex::new(n);
        for e in m.entry_points() {
            g.add_edge(root, e.node(), ());
        }
        for l in m.links.iter().filter(|l| !l.is_fallback()) {
            g.add_edge(l.from.node(), l.to.node(), ());
        }
        let doms = dominators::simple_fast(&g, root);
        let mut children: Vec<Vec<ComponentId>> = vec![Vec::new(); n];
        let mut parent: Vec<Option<ComponentId>> = vec![None; n];
        for c in m.component_ids() {
            if let Some(d) = doms.immediate_dominator(c.node()).filter(|d| *d != root) {
                children[d.index()].push(c);
                parent[c.index()] = Some(ComponentId::from_node(d));
            }
        }

        // Subtree sizes without recursion: visit in BFS order from the tree's
        // roots, then add each size to its parent in reverse order.
        let mut order: Vec<ComponentId> = m.component_ids().filter(|c| parent[c.index()].is_none()).collect();
        let mut i = 0;
        while let Some(&c) = order.get(i) {
            order.extend(children[c.index()].iter().copied());
            i += 1;
        }
        let mut subtree = vec![1usize; n];
        for &c in order.iter().rev() {
            if let Some(p) = parent[c.index()] {
                subtree[p.index()] += subtree[c.index()];
            }
        }
        FailureDomains { reached_by, children, subtree }
    }

    /// The earliest-declared entry point that reaches `c` over needed links.
    pub fn reached_by(&self, c: ComponentId) -> Option<ComponentId> {
        self.reached_by.get(c.index()).copied().flatten()
    }

    /// Whether an entry point reaches `c` other than only through `fallback` links.
    pub fn is_reached(&self, c: ComponentId) -> bool {
        self.reached_by(c).is_some()
    }

    /// Components that become unreachable from every entry point if `c`
    /// fails: up to `limit` of them, nearest first, and how many there are.
    pub fn dependents(&self, c: ComponentId, limit: usize) -> (Vec<ComponentId>, usize) {
        let total = self.subtree.get(c.index()).map_or(0, |s| s - 1);
        let mut found = Vec::new();
        let mut queue: VecDeque<ComponentId> = VecDeque::from([c]);
        while let Some(d) = queue.pop_front() {
            for &child in self.children.get(d.index()).map_or(&[][..], Vec::as_slice) {
                if found.len() == limit {
                    return (found, total);
                }
                found.push(child);
                queue.push_back(child);
            }
        }
        (found, total)
    }
}

// Estimates (traffic, capacity, storage, availability, latency) for the quantitative rules.
impl LintContext<'_> {
    /// The estimates, computed now unless a rule already asked for them.
    pub fn into_estimates(self) -> crate::analysis::Estimates {
        let model = self.model;
        match self.estimates.into_inner() {
            Some(for_rules) => for_rules.with_links(model),
            None => crate::analysis::estimate(model),
        }
    }

    /// The estimates without their per-link rows (`links` is empty).
    pub fn estimates(&self) -> &crate::analysis::Estimates {
        self.estimates.get_or_init(|| crate::analysis::for_rules(self.model))
    }
}
