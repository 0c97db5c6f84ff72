//! What a client's request needs (LANGUAGE.md §6 "Availability" and
//! "Latency"): the components it reaches over `->` links, not through
//! `fallback` links, and the slowest simple path among them.

// Indices are component and block ids of one model, into vectors sized from
// that same model; an out-of-range id is a bug here, not something input can
// cause.
#![allow(clippy::indexing_slicing)]

use super::graph::{simple_paths, Block, Dissolved, Plan, View};
use crate::model::{Component, ComponentId, Kind, LinkOrigin, Model};
use rayon::prelude::*;
use std::collections::HashMap;

/// Availability of a component as a whole.
pub(crate) fn component_availability(c: &Component) -> f64 {
    let a = c.instance_availability();
    if c.is_managed() {
        a
    } else {
        // `replicas` is at least 1; `powi` takes an i32, so large counts saturate (to 1.0 anyway).
        let n = i32::try_from(c.min_replicas()).unwrap_or(i32::MAX);
        1.0 - (1.0 - a).powi(n)
    }
}

pub(crate) struct ClientReach {
    pub client: ComponentId,
    pub availability: f64,
    pub needs: usize,
    /// At most three, the largest unavailability first.
    pub costliest: Vec<(ComponentId, f64)>,
    pub latency: f64,
    pub worst_path: Vec<ComponentId>,
    /// What each hop of the path adds (the first, the client, adds nothing).
    pub hops: Vec<f64>,
    pub exact: bool,
}

pub(crate) struct Reach {
    pub clients: Vec<ClientReach>,
    pub dissolved: Vec<Dissolved>,
}

/// The longest simple path inside a cycle from one entry to each member.
type CycleTable = HashMap<u32, (f64, Vec<u32>)>;

/// The slowest way on from a node: how long it takes and where it ends.
#[derive(Clone, Copy)]
struct Longest {
    latency: f64,
    end: u32,
}

impl Longest {
    /// Slower wins; on a tie the earlier-declared end, so the path shown is
    /// the same on every run.
    fn beats(self, other: Longest) -> bool {
        self.latency > other.latency || (self.latency == other.latency && self.end < other.end)
    }
}

/// What every client needs and its slowest path.
///
/// Both are computed once for the whole graph rather than once per client:
/// the slowest path by a dynamic programme over the blocks in reverse
/// topological order (the slowest way on from a node does not depend on who
/// called it), and the set of needed components once per distinct set of
/// callees (clients of one design usually call the same few front doors).
/// That keeps a design with thousands of clients linear instead of
/// clients × components.
pub(crate) fn per_client(model: &Model) -> Reach {
    let is_client = |c: ComponentId| model.component(c).kind == Kind::Client;
    // A request needs its callees; a client is never a callee.
    let view = View::new(model, |l| {
        let link = model.link(l);
        link.is_sync() && link.origin == LinkOrigin::Declared && !link.is_fallback() && !is_client(link.to)
    });
    let plan = Plan::new(&view);
    let weight = |e: super::graph::Edge| {
        let link = model.link(e.link);
        link.calls() as f64 * (link.latency() + model.component(ComponentId(e.to)).latency())
    };
    let slowest = Slowest::new(&view, &plan, &weight);

    let availability: Vec<f64> = model.components.iter().map(component_availability).collect();
    let clients: Vec<ComponentId> = model.component_ids().filter(|&c| is_client(c)).collect();

    // Clients with the same callees need the same components.
    let callees = |client: ComponentId| {
        let mut to: Vec<u32> = view.out(client.0).iter().map(|e| e.to).collect();
        to.sort_unstable();
        to.dedup();
        to
    };
    let mut groups: Vec<Vec<u32>> = Vec::new();
    let mut group_of_callees: HashMap<Vec<u32>, usize> = HashMap::new();
    let group_of: Vec<usize> = clients
        .iter()
        .map(|&client| {
            let key = callees(client);
            *group_of_callees.entry(key.clone()).or_insert_with(|| {
                groups.push(key);
                groups.len() - 1
            })
        })
        .collect();
    let needs: Vec<Needs> = groups
        .par_chunks(GROUPS_PER_PASS)
        .flat_map_iter(|batch| Needs::of_batch(&view, &plan, &availability, batch))
        .collect();

    let clients = clients
        .iter()
        .zip(group_of)
        .map(|(&client, group)| {
            let needs = &needs[group];
            let worst_path = slowest.path_from(client.0);
            // The path took the slowest link between each pair.
            let mut hops = vec![0.0];
            for pair in worst_path.windows(2) {
                let slowest = plan.out(&view, pair[0]).filter(|e| e.to == pair[1]).map(weight).fold(0.0, f64::max);
                hops.push(slowest);
            }
            // Summed from the client on, as a reader adds the hops up (the
            // programme above adds from the far end, which rounds differently).
            let latency = hops.iter().sum();
            ClientReach {
                client,
                availability: needs.availability,
                needs: needs.count,
                costliest: needs.costliest.clone(),
                latency,
                worst_path: worst_path.into_iter().map(ComponentId).collect(),
                hops,
                exact: needs.exact,
            }
        })
        .collect();
    Reach { clients, dissolved: plan.dissolved }
}

/// Callee sets whose reach one pass works out together: one bit each in a
/// word per node.
const GROUPS_PER_PASS: usize = 64;

/// Everything a request reaches from a set of callees (any path, cycles
/// included), as availability figures.
struct Needs {
    count: usize,
    availability: f64,
    /// At most three, the least available first.
    costliest: Vec<(ComponentId, f64)>,
    exact: bool,
}

impl Needs {
    /// The needs of up to 64 callee sets at once. A node's word holds one
    /// bit per set that reaches it; words flow along the edges in
    /// topological order of the strongly connected components (a component
    /// shares one word: its members reach each other), so a pass costs one
    /// look at the graph for all the sets, where a search per set looked at
    /// everything it reached (a 100,000-component design has 3,000 sets
    /// reaching 3,700 components each). The figures are then read node by
    /// node, in declaration order.
    fn of_batch(view: &View, plan: &Plan, availability: &[f64], batch: &[Vec<u32>]) -> Vec<Needs> {
        let mut reached = vec![0u64; view.len()];
        for (bit, callees) in batch.iter().enumerate() {
            for &v in callees {
                if let Some(word) = reached.get_mut(v as usize) {
                    *word |= 1 << bit;
                }
            }
        }
        for scc in &plan.sccs {
            let word = scc.iter().fold(0u64, |w, &v| w | reached[v as usize]);
            if word == 0 {
                continue;
            }
            for &v in scc {
                reached[v as usize] = word;
            }
            for &v in scc {
                for e in view.out(v) {
                    reached[e.to as usize] |= word;
                }
            }
        }
        let mut needs: Vec<Needs> = batch
            .iter()
            .map(|_| Needs { count: 0, availability: 1.0, costliest: Vec::with_capacity(4), exact: true })
            .collect();
        for (v, &word) in reached.iter().enumerate() {
            let mut rest = word;
            if rest == 0 {
                continue;
            }
            let a = availability.get(v).copied().unwrap_or(1.0);
            let approximate = plan.approximate.get(v).copied().unwrap_or(false);
            while rest != 0 {
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let Some(n) = needs.get_mut(bit) else { continue };
                n.count += 1;
                n.availability *= a;
                n.exact &= !approximate;
                // Keep the three least available, ties to the earlier-declared
                // (nodes come in declaration order, so a tie never moves up).
                let at = n.costliest.iter().take_while(|c| c.1.total_cmp(&a).is_le()).count();
                if at < 3 {
                    n.costliest.insert(at, (ComponentId(v as u32), a));
                    n.costliest.truncate(3);
                }
            }
        }
        needs
    }
}

/// The slowest simple path on from every node, over the plan's blocks.
struct Slowest {
    /// From a node, leaving its block by one of its own edges (or stopping).
    leave: Vec<Longest>,
    leave_to: Vec<Option<u32>>,
    /// From a node reached from another block: through its cycle first.
    enter: Vec<Longest>,
    /// For a cycle entry, the member the slowest path leaves the cycle from.
    exit: Vec<u32>,
    tables: HashMap<u32, CycleTable>,
}

impl Slowest {
    fn new(view: &View, plan: &Plan, weight: &dyn Fn(super::graph::Edge) -> f64) -> Slowest {
        let n = view.len();
        let in_cycle = |v: u32| matches!(plan.blocks.get(plan.block_of[v as usize] as usize), Some(Block::Cycle(_)));
        let mut entered = vec![false; n];
        for v in 0..n as u32 {
            for e in plan.out(view, v) {
                if in_cycle(e.to) && !plan.same_cycle(v, e.to) {
                    entered[e.to as usize] = true;
                }
            }
        }

        // Longest paths inside each enumerable cycle, from each of its entries.
        let mut tables: HashMap<u32, CycleTable> = HashMap::new();
        let mut inside = vec![false; n];
        let mut on_path = vec![false; n];
        for block in &plan.blocks {
            let Block::Cycle(nodes) = block else { continue };
            for &v in nodes {
                inside[v as usize] = true;
            }
            for &start in nodes.iter().filter(|&&v| entered[v as usize]) {
                let mut best: CycleTable = HashMap::new();
                best.insert(start, (0.0, vec![start]));
                simple_paths(view, &inside, &mut on_path, start, 0.0f64, |&len, e, path| {
                    let reached = len + weight(e);
                    let slot = best.entry(e.to).or_insert((f64::NEG_INFINITY, Vec::new()));
                    if reached > slot.0 {
                        let mut p = path.to_vec();
                        p.push(e.to);
                        *slot = (reached, p);
                    }
                    Some(reached)
                });
                tables.insert(start, best);
            }
            for &v in nodes {
                inside[v as usize] = false;
            }
        }

        let stop: Vec<Longest> = (0..n as u32).map(|v| Longest { latency: 0.0, end: v }).collect();
        let mut s = Slowest {
            leave: stop.clone(),
            leave_to: vec![None; n],
            enter: stop,
            exit: (0..n as u32).collect(),
            tables,
        };
        for block in plan.blocks.iter().rev() {
            let members = match block {
                Block::Single(v) => std::slice::from_ref(v),
                Block::Cycle(nodes) => nodes.as_slice(),
            };
            for &v in members {
                for e in plan.out(view, v) {
                    if plan.same_cycle(v, e.to) {
                        continue;
                    }
                    let on = s.enter[e.to as usize];
                    let through = Longest { latency: weight(e) + on.latency, end: on.end };
                    if through.beats(s.leave[v as usize]) {
                        s.leave[v as usize] = through;
                        s.leave_to[v as usize] = Some(e.to);
                    }
                }
            }
            match block {
                Block::Single(v) => s.enter[*v as usize] = s.leave[*v as usize],
                Block::Cycle(nodes) => {
                    for &x in nodes.iter().filter(|&&v| entered[v as usize]) {
                        let Some(table) = s.tables.get(&x) else { continue };
                        s.enter[x as usize] = s.leave[x as usize];
                        // Members in ascending order, so ties resolve the same way every run.
                        for &u in nodes.iter().filter(|&&u| u != x) {
                            let Some(&(inner, _)) = table.get(&u) else { continue };
                            let on = s.leave[u as usize];
                            let through = Longest { latency: inner + on.latency, end: on.end };
                            if through.beats(s.enter[x as usize]) {
                                s.enter[x as usize] = through;
                                s.exit[x as usize] = u;
                            }
                        }
                    }
                }
            }
        }
        s
    }

    /// The slowest path from `client`, `client` first.
    fn path_from(&self, client: u32) -> Vec<u32> {
        match self.enter.get(client as usize) {
            Some(best) if best.latency > 0.0 => {}
            _ => return vec![client],
        }
        let mut path = vec![client];
        let mut v = client;
        // Each step moves to a later block, so this ends; the bound is a guard.
        for _ in 0..=self.leave.len() {
            let exit = self.exit[v as usize];
            if exit != v {
                if let Some((_, inner)) = self.tables.get(&v).and_then(|t| t.get(&exit)) {
                    path.extend(inner.iter().skip(1));
                }
            }
            match self.leave_to[exit as usize] {
                Some(to) => {
                    path.push(to);
                    v = to;
                }
                None => break,
            }
        }
        path
    }
}
