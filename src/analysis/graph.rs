//! The path machinery shared by traffic and latency: a filtered view of the
//! links, its strongly connected components in topological order, and
//! bounded enumeration of simple paths inside each cycle.
//!
//! Both analyses sum or maximise over *simple* paths. A simple path meets each
//! strongly connected component (SCC) in one contiguous stretch, so the problem
//! splits exactly: a dynamic programme over the condensation DAG, and inside
//! each cyclic SCC an enumeration of the simple paths that start at the nodes
//! where paths enter it. That enumeration is exponential in the worst case, so
//! it runs under a step budget; an SCC that exceeds it is *dissolved*: the back
//! edges of a depth-first search over it are dropped and its nodes join the
//! DAG one by one. Every path counted then is still simple, but simple paths
//! that need a dropped edge are missed; the estimate says so in its notes.

// Indices are component, link, SCC and block ids of one model, into vectors
// sized from that same model; an out-of-range id is a bug in this module,
// not something input can cause.
#![allow(clippy::indexing_slicing)]

use crate::model::{ComponentId, LinkId, Model};
use petgraph::graph::DiGraph;

/// Simple-path steps one SCC may take before it is dissolved.
const SCC_BUDGET: u64 = 200_000;
/// Simple-path steps all SCCs of one graph may take together.
const TOTAL_BUDGET: u64 = 2_000_000;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub to: u32,
    pub link: LinkId,
}

/// The links an analysis follows, as compact adjacency lists.
pub(crate) struct View {
    start: Vec<u32>,
    edges: Vec<Edge>,
}

impl View {
    /// Links for which `keep` holds, in declaration order per source.
    pub fn new(model: &Model, keep: impl Fn(LinkId) -> bool) -> View {
        let n = model.components.len();
        let mut count = vec![0u32; n + 1];
        let kept: Vec<LinkId> = model.link_ids().filter(|&l| keep(l)).collect();
        for &l in &kept {
            count[model.link(l).from.index() + 1] += 1;
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let mut fill = count.clone();
        let mut edges = vec![Edge { to: 0, link: LinkId(0) }; kept.len()];
        for &l in &kept {
            let link = model.link(l);
            let slot = &mut fill[link.from.index()];
            edges[*slot as usize] = Edge { to: link.to.0, link: l };
            *slot += 1;
        }
        View { start: count, edges }
    }

    pub fn len(&self) -> usize {
        self.start.len() - 1
    }

    pub fn out(&self, node: u32) -> &[Edge] {
        let i = node as usize;
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.edges[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// One step of the processing order.
#[derive(Debug)]
pub(crate) enum Block {
    /// A node whose paths need no enumeration: outside any cycle, or part of a
    /// dissolved SCC (then some of its outgoing edges are dropped).
    Single(u32),
    /// A cyclic SCC small enough to enumerate exactly; nodes in ascending order.
    Cycle(Vec<u32>),
}

/// A cyclic SCC too large to enumerate, for the estimate's notes.
#[derive(Clone, Debug)]
pub(crate) struct Dissolved {
    pub nodes: usize,
    /// Its first component in declaration order.
    pub first: ComponentId,
}

/// The processing order of a [`View`]: blocks in topological order.
pub(crate) struct Plan {
    pub blocks: Vec<Block>,
    /// Block index of each node.
    pub block_of: Vec<u32>,
    /// Edges dropped from dissolved SCCs, by position in the view's edge list.
    dropped: Vec<bool>,
    pub dissolved: Vec<Dissolved>,
    /// Nodes of dissolved SCCs: paths through them are approximate.
    pub approximate: Vec<bool>,
    /// Every strongly connected component of the view, dissolved or not,
    /// in topological order.
    pub sccs: Vec<Vec<u32>>,
}

impl Plan {
    pub fn new(view: &View) -> Plan {
        let n = view.len();
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n, view.edges.len());
        for _ in 0..n {
            g.add_node(());
        }
        for from in 0..n as u32 {
            for e in view.out(from) {
                g.add_edge(
                    petgraph::graph::NodeIndex::new(from as usize),
                    petgraph::graph::NodeIndex::new(e.to as usize),
                    (),
                );
            }
        }
        // Kosaraju returns the SCCs sinks first; iterative, so deep chains are safe.
        let mut sccs: Vec<Vec<u32>> = petgraph::algo::kosaraju_scc(&g)
            .into_iter()
            .map(|s| s.into_iter().map(|v| v.index() as u32).collect())
            .collect();
        sccs.reverse();

        let mut scc_of = vec![0u32; n];
        for (i, scc) in sccs.iter().enumerate() {
            for &v in scc {
                scc_of[v as usize] = i as u32;
            }
        }

        // A node is an entry of its SCC when an edge from another SCC reaches it.
        let mut is_entry = vec![false; n];
        for from in 0..n as u32 {
            for e in view.out(from) {
                if scc_of[from as usize] != scc_of[e.to as usize] {
                    is_entry[e.to as usize] = true;
                }
            }
        }

        let mut plan = Plan {
            blocks: Vec::new(),
            block_of: vec![0; n],
            dropped: vec![false; view.edges.len()],
            dissolved: Vec::new(),
            approximate: vec![false; n],
            sccs: sccs.clone(),
        };
        let mut total = 0u64;
        let mut in_scc = vec![false; n];
        let mut on_path = vec![false; n];
        for mut scc in sccs {
            if scc.len() == 1 {
                plan.push(Block::Single(scc[0]));
                continue;
            }
            scc.sort_unstable();
            for &v in &scc {
                in_scc[v as usize] = true;
            }
            let allowed = SCC_BUDGET.min(TOTAL_BUDGET.saturating_sub(total));
            let entries: Vec<u32> = scc.iter().copied().filter(|&v| is_entry[v as usize]).collect();
            match count_steps(view, &in_scc, &mut on_path, &entries, allowed) {
                Some(steps) => {
                    total += steps;
                    plan.push(Block::Cycle(scc.clone()));
                }
                None => {
                    total += allowed;
                    plan.dissolve(view, &scc, &in_scc);
                }
            }
            for &v in &scc {
                in_scc[v as usize] = false;
            }
        }
        plan
    }

    fn push(&mut self, block: Block) {
        let index = self.blocks.len() as u32;
        match &block {
            Block::Single(v) => self.block_of[*v as usize] = index,
            Block::Cycle(nodes) => {
                for &v in nodes {
                    self.block_of[v as usize] = index;
                }
            }
        }
        self.blocks.push(block);
    }

    /// Drop the back edges of a depth-first search (from the lowest node, then
    /// each unvisited node in order) and add the nodes in reverse postorder,
    /// which is a topological order of what remains.
    fn dissolve(&mut self, view: &View, scc: &[u32], in_scc: &[bool]) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnStack,
            Done,
        }
        let base = |v: u32| view.start[v as usize] as usize;
        let mut mark: std::collections::HashMap<u32, Mark> = scc.iter().map(|&v| (v, Mark::New)).collect();
        let mut postorder = Vec::with_capacity(scc.len());
        for &root in scc {
            if mark.get(&root) != Some(&Mark::New) {
                continue;
            }
            mark.insert(root, Mark::OnStack);
            let mut stack: Vec<(u32, usize)> = vec![(root, 0)];
            while let Some(top) = stack.last_mut() {
                let (v, next) = *top;
                let out = view.out(v);
                if next == out.len() {
                    mark.insert(v, Mark::Done);
                    postorder.push(v);
                    stack.pop();
                    continue;
                }
                top.1 += 1;
                let e = out[next];
                if !in_scc[e.to as usize] {
                    continue;
                }
                match mark.get(&e.to).copied().unwrap_or(Mark::Done) {
                    Mark::New => {
                        mark.insert(e.to, Mark::OnStack);
                        stack.push((e.to, 0));
                    }
                    Mark::OnStack => self.dropped[base(v) + next] = true,
                    Mark::Done => {}
                }
            }
        }
        let first = scc.iter().copied().min().unwrap_or(0);
        self.dissolved.push(Dissolved { nodes: scc.len(), first: ComponentId(first) });
        for v in postorder.into_iter().rev() {
            self.approximate[v as usize] = true;
            self.push(Block::Single(v));
        }
    }

    /// Outgoing edges of `node` that the plan keeps.
    pub fn out<'v>(&'v self, view: &'v View, node: u32) -> impl Iterator<Item = Edge> + 'v {
        let base = view.start.get(node as usize).copied().unwrap_or(0) as usize;
        view.out(node).iter().enumerate().filter(move |(i, _)| !self.dropped[base + i]).map(|(_, e)| *e)
    }

    /// Whether `a` and `b` are in the same cyclic block.
    pub fn same_cycle(&self, a: u32, b: u32) -> bool {
        let (ba, bb) = (self.block_of[a as usize], self.block_of[b as usize]);
        ba == bb && matches!(self.blocks[ba as usize], Block::Cycle(_))
    }
}

/// Steps needed to enumerate every simple path inside the SCC from each entry,
/// or `None` past `budget`.
fn count_steps(view: &View, in_scc: &[bool], on_path: &mut [bool], entries: &[u32], budget: u64) -> Option<u64> {
    let mut steps = 0u64;
    for &start in entries {
        let mut ok = true;
        simple_paths(view, in_scc, on_path, start, (), |_, _, _| {
            steps += 1;
            ok = steps <= budget;
            ok.then_some(())
        });
        if !ok {
            return None;
        }
    }
    Some(steps)
}

/// Depth-first enumeration of the simple paths from `start` that stay inside
/// the nodes marked in `inside`. `step(state, edge, path)` gives the state
/// after following `edge` (the path so far, `start` first, excludes its
/// target), or `None` to not follow it. Iterative: paths may be long.
///
/// `on_path` is scratch space, one flag per node of the view, all false on
/// entry and again on return: the caller allocates it once for many calls.
pub(crate) fn simple_paths<S: Clone>(
    view: &View,
    inside: &[bool],
    on_path: &mut [bool],
    start: u32,
    init: S,
    mut step: impl FnMut(&S, Edge, &[u32]) -> Option<S>,
) {
    on_path[start as usize] = true;
    let mut path = vec![start];
    let mut stack: Vec<(u32, usize, S)> = vec![(start, 0, init)];
    while let Some(top) = stack.last_mut() {
        let (v, next) = (top.0, top.1);
        let out = view.out(v);
        if next == out.len() {
            on_path[v as usize] = false;
            path.pop();
            stack.pop();
            continue;
        }
        top.1 += 1;
        let e = out[next];
        if !inside.get(e.to as usize).copied().unwrap_or(false) || on_path[e.to as usize] {
            continue;
        }
        let state = &top.2;
        if let Some(s) = step(state, e, &path) {
            on_path[e.to as usize] = true;
            path.push(e.to);
            stack.push((e.to, 0, s));
        }
    }
}
