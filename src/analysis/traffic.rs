//! Traffic propagation (LANGUAGE.md §6 "Traffic"): requests enter at the
//! clients and follow the links along simple paths.
//!
//! Every rule of the propagation is linear in the flow that reaches a
//! component (fan-out copies it, `calls` multiplies it, read/write filters and
//! hit ratios scale parts of it, a queue divides it), so flows from all clients
//! are propagated together and the flow at a component is the sum over the
//! simple paths that reach it. [`super::graph`] organises that sum.

// Indices are component, link and block ids of one model, into vectors sized
// from that same model; an out-of-range id is a bug here, not something input
// can cause.
#![allow(clippy::indexing_slicing)]

use super::graph::{simple_paths, Block, Dissolved, Plan, View};
use super::{Load, SystemEstimate};
use crate::model::{AttrKey, ComponentId, Kind, LinkId, LinkOrigin, Model};
use std::collections::HashMap;

/// Requests per second, split as far as the design allows. Without
/// `read_ratio` a request is `unsplit`: a `read`-only link carries it as a read,
/// a `write`-only link as a write, and hit ratios treat it as a read (caches
/// and CDNs answer reads).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Flow {
    pub read: f64,
    pub write: f64,
    pub unsplit: f64,
}

impl Flow {
    fn total(self) -> f64 {
        self.read + self.write + self.unsplit
    }

    fn is_zero(self) -> bool {
        self.total() <= 0.0
    }

    fn scale(self, k: f64) -> Flow {
        Flow { read: self.read * k, write: self.write * k, unsplit: self.unsplit * k }
    }

    /// Only the reads (and unsplit requests) scaled by `k`.
    fn scale_reads(self, k: f64) -> Flow {
        Flow { read: self.read * k, write: self.write, unsplit: self.unsplit * k }
    }
}

impl std::ops::AddAssign for Flow {
    fn add_assign(&mut self, o: Flow) {
        self.read += o.read;
        self.write += o.write;
        self.unsplit += o.unsplit;
    }
}

/// Average flows per component and per link.
pub(crate) struct Flows {
    /// What each component receives; a client's is what it sends.
    incoming: Vec<Flow>,
    links: Vec<Flow>,
    /// Each client's share of the system's requests.
    pub shares: HashMap<ComponentId, f64>,
    pub dissolved: Vec<Dissolved>,
}

impl Flows {
    pub fn load(&self, c: ComponentId, system: &SystemEstimate) -> Option<Load> {
        system.rps?;
        let f = self.incoming.get(c.index()).copied().unwrap_or_default();
        let pf = system.peak_factor;
        Some(Load {
            rps: f.total(),
            peak_rps: f.total() * pf,
            peak_read_rps: f.read * pf,
            peak_write_rps: f.write * pf,
            peak_unsplit_rps: f.unsplit * pf,
        })
    }

    pub fn link_peak(&self, l: LinkId, system: &SystemEstimate) -> f64 {
        self.links.get(l.index()).map_or(0.0, |f| f.total() * system.peak_factor)
    }
}

/// Shares of the clients: declared, and what the declared ones leave split
/// evenly among the others.
fn shares(model: &Model) -> HashMap<ComponentId, f64> {
    let clients: Vec<ComponentId> =
        model.component_ids().filter(|&c| model.component(c).kind == Kind::Client).collect();
    let declared: f64 = clients.iter().filter_map(|&c| model.component(c).attrs.number(AttrKey::Share)).sum();
    let undeclared = clients.iter().filter(|&&c| !model.component(c).attrs.has(AttrKey::Share)).count();
    // 0.7 + 0.2 + 0.1 leaves 1.1e-16, not nothing: below the tolerance
    // the other checks use, what is left is none.
    let left = 1.0 - declared;
    let rest = if undeclared > 0 && left > 1e-9 { left / undeclared as f64 } else { 0.0 };
    clients.iter().map(|&c| (c, model.component(c).attrs.number(AttrKey::Share).unwrap_or(rest))).collect()
}

pub(crate) fn propagate(model: &Model, system: &SystemEstimate) -> Flows {
    let shares = shares(model);
    let n = model.components.len();
    let mut flows = Flows {
        incoming: vec![Flow::default(); n],
        links: vec![Flow::default(); model.links.len()],
        shares,
        dissolved: Vec::new(),
    };
    let Some(rps) = system.rps else {
        return flows;
    };
    for (&c, &share) in &flows.shares {
        let q = rps * share;
        flows.incoming[c.index()] = match system.read_ratio {
            Some(r) => Flow { read: q * r, write: q * (1.0 - r), unsplit: 0.0 },
            None => Flow { read: 0.0, write: 0.0, unsplit: q },
        };
    }

    let rules = LinkRules::new(model);
    let is_client = |c: ComponentId| model.component(c).kind == Kind::Client;
    // A client does not pass on what it receives, so links into clients are
    // outside the graph; they are given their flow at the end.
    let view = View::new(model, |l| {
        let link = model.link(l);
        link.origin == LinkOrigin::Declared && !is_client(link.to)
    });
    let plan = Plan::new(&view);
    let mut inside = vec![false; n];
    let mut on_path = vec![false; n];
    // What the paths through one cycle deliver, before it is added in. The
    // enumeration takes up to millions of steps, so these are dense and
    // reset through the lists of what was touched, not hashed.
    let mut acc_node = vec![Flow::default(); n];
    let mut acc_link = vec![Flow::default(); model.links.len()];
    let (mut node_touched, mut link_touched) = (vec![false; n], vec![false; model.links.len()]);
    let (mut touched_nodes, mut touched_links): (Vec<u32>, Vec<LinkId>) = (Vec::new(), Vec::new());
    for block in &plan.blocks {
        match block {
            Block::Single(v) => {
                let src = flows.incoming[*v as usize];
                if src.is_zero() {
                    continue;
                }
                for e in plan.out(&view, *v) {
                    let g = rules.carry(e.link, src);
                    flows.links[e.link.index()] += g;
                    flows.incoming[e.to as usize] += g;
                }
            }
            Block::Cycle(nodes) => {
                for &v in nodes {
                    inside[v as usize] = true;
                }
                for &start in nodes {
                    let entering = flows.incoming[start as usize];
                    if entering.is_zero() {
                        continue;
                    }
                    simple_paths(&view, &inside, &mut on_path, start, entering, |&f, e, _| {
                        let g = rules.carry(e.link, f);
                        if g.is_zero() {
                            return None;
                        }
                        if !std::mem::replace(&mut link_touched[e.link.index()], true) {
                            touched_links.push(e.link);
                        }
                        if !std::mem::replace(&mut node_touched[e.to as usize], true) {
                            touched_nodes.push(e.to);
                        }
                        acc_link[e.link.index()] += g;
                        acc_node[e.to as usize] += g;
                        Some(g)
                    });
                }
                for v in touched_nodes.drain(..) {
                    flows.incoming[v as usize] += std::mem::take(&mut acc_node[v as usize]);
                    node_touched[v as usize] = false;
                }
                for l in touched_links.drain(..) {
                    flows.links[l.index()] += std::mem::take(&mut acc_link[l.index()]);
                    link_touched[l.index()] = false;
                }
                // Leaving the cycle, a path can no longer close it: links out of
                // it carry everything that reached their source.
                for &v in nodes {
                    let src = flows.incoming[v as usize];
                    for e in view.out(v).iter().filter(|e| !inside[e.to as usize]) {
                        let g = rules.carry(e.link, src);
                        flows.links[e.link.index()] += g;
                        flows.incoming[e.to as usize] += g;
                    }
                }
                for &v in nodes {
                    inside[v as usize] = false;
                }
            }
        }
    }
    for l in model.link_ids() {
        let link = model.link(l);
        if link.origin == LinkOrigin::Declared && is_client(link.to) {
            flows.links[l.index()] = rules.carry(l, flows.incoming[link.from.index()]);
        }
    }
    flows.dissolved = plan.dissolved;
    flows
}

/// What one link carries given what reached its source.
struct LinkRules<'m> {
    model: &'m Model,
    /// Outgoing `~>` links of each queue, among which it divides its messages.
    queue_fanout: Vec<u32>,
    /// `1 − h` for a component that reads a cache with hit ratio `h`.
    aside_miss: Vec<f64>,
}

impl<'m> LinkRules<'m> {
    fn new(model: &'m Model) -> Self {
        let n = model.components.len();
        let mut queue_fanout = vec![0u32; n];
        // With several caches, the lowest hit ratio: the database load is not underestimated.
        let mut aside_hit: Vec<Option<f64>> = vec![None; n];
        for link in &model.links {
            if link.origin != LinkOrigin::Declared {
                continue;
            }
            if !link.is_sync() {
                queue_fanout[link.from.index()] += 1;
                continue;
            }
            let to = model.component(link.to);
            if to.kind == Kind::Cache && carries_read(link) {
                if let Some(h) = to.attrs.number(AttrKey::HitRatio) {
                    let slot = &mut aside_hit[link.from.index()];
                    *slot = Some(slot.map_or(h, |old: f64| old.min(h)));
                }
            }
        }
        let aside_miss = aside_hit.into_iter().map(|h| h.map_or(1.0, |h| 1.0 - h)).collect();
        LinkRules { model, queue_fanout, aside_miss }
    }

    fn carry(&self, l: LinkId, reached: Flow) -> Flow {
        let link = self.model.link(l);
        if link.origin != LinkOrigin::Declared {
            // A dead-letter queue receives only the failures, which no estimate knows.
            return Flow::default();
        }
        let src = self.model.component(link.from);
        let calls = link.calls() as f64;
        if !link.is_sync() {
            let messages = match src.kind {
                Kind::Queue => reached.total() / f64::from(self.queue_fanout[link.from.index()].max(1)),
                _ => reached.total(),
            };
            return Flow { read: 0.0, write: 0.0, unsplit: messages * calls };
        }
        let passed = match (src.kind, src.attrs.number(AttrKey::HitRatio)) {
            (Kind::Cache | Kind::Cdn, Some(h)) => reached.scale_reads(1.0 - h),
            _ => reached,
        };
        let mut carried = match (link.read, link.write) {
            (true, false) => Flow { read: passed.read + passed.unsplit, write: 0.0, unsplit: 0.0 },
            (false, true) => Flow { read: 0.0, write: passed.write + passed.unsplit, unsplit: 0.0 },
            _ => passed,
        };
        let to = self.model.component(link.to).kind;
        if carries_read(link) && matches!(to, Kind::Database | Kind::Search) {
            carried = carried.scale_reads(self.aside_miss[link.from.index()]);
        }
        carried.scale(calls)
    }
}

/// A link with neither `read` nor `write` carries both.
fn carries_read(link: &crate::model::Link) -> bool {
    link.read || !link.write
}
