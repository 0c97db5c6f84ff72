//! What a client's request needs (LANGUAGE.md §6 "Availability" and
//! "Latency"): the components it reaches over `->` links, not through
//! `fallback` links, and the slowest simple path among them.

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
    pub exact: bool,
}

pub(crate) struct Reach {
    pub clients: Vec<ClientReach>,
    pub dissolved: Vec<Dissolved>,
}

/// The longest simple path inside a cycle from one entry to each member.
type CycleTable = HashMap<u32, (f64, Vec<u32>)>;

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

    // Longest paths inside each enumerable cycle, from every node (entries are
    // the only ones used, but which nodes are entries depends on the client).
    let mut tables: HashMap<u32, CycleTable> = HashMap::new();
    let mut inside = vec![false; view.len()];
    for block in &plan.blocks {
        let Block::Cycle(nodes) = block else { continue };
        for &v in nodes {
            inside[v as usize] = true;
        }
        for &start in nodes {
            let mut best: CycleTable = HashMap::new();
            best.insert(start, (0.0, vec![start]));
            simple_paths(&view, &inside, start, 0.0f64, |&len, e, path| {
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

    let availability: Vec<f64> = model.components.iter().map(component_availability).collect();
    let clients: Vec<ComponentId> = model.component_ids().filter(|&c| is_client(c)).collect();
    let clients = clients
        .par_iter()
        .map(|&client| one_client(model, &view, &plan, &tables, &availability, &weight, client))
        .collect();
    Reach { clients, dissolved: plan.dissolved }
}

#[derive(Clone, Copy)]
enum Pred {
    Edge(u32),
    /// Through the cycle, entered at this node.
    Cycle(u32),
}

fn one_client(
    model: &Model,
    view: &View,
    plan: &Plan,
    tables: &HashMap<u32, CycleTable>,
    availability: &[f64],
    weight: &(dyn Fn(super::graph::Edge) -> f64 + Sync),
    client: ComponentId,
) -> ClientReach {
    // Every component the request reaches (any path, cycles included).
    let mut seen = std::collections::HashSet::new();
    seen.insert(client.0);
    let mut queue = vec![client.0];
    while let Some(v) = queue.pop() {
        for e in view.out(v) {
            if seen.insert(e.to) {
                queue.push(e.to);
            }
        }
    }
    let mut reached: Vec<u32> = seen.into_iter().collect();
    reached.sort_unstable_by_key(|&v| (plan.block_of[v as usize], v));

    let needed: Vec<u32> = reached.iter().copied().filter(|&v| v != client.0).collect();
    let product: f64 = needed.iter().map(|&v| availability[v as usize]).product();
    let mut costs: Vec<(ComponentId, f64)> =
        needed.iter().map(|&v| (ComponentId(v), availability[v as usize])).collect();
    costs.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    costs.truncate(3);
    let exact = !reached.iter().any(|&v| plan.approximate[v as usize]);

    // Longest simple path: blocks in topological order.
    let mut dist: HashMap<u32, f64> = HashMap::new();
    let mut pred: HashMap<u32, Pred> = HashMap::new();
    // Where a path entering a cycle came from, per entry node.
    let mut arrive: HashMap<u32, (f64, u32)> = HashMap::new();
    dist.insert(client.0, 0.0);
    let relax = |v: u32,
                 d: f64,
                 dist: &mut HashMap<u32, f64>,
                 pred: &mut HashMap<u32, Pred>,
                 arrive: &mut HashMap<u32, (f64, u32)>| {
        for e in plan.out(view, v) {
            let nd = d + weight(e);
            if plan.same_cycle(v, e.to) {
                continue;
            }
            let target_in_cycle = matches!(plan.blocks[plan.block_of[e.to as usize] as usize], Block::Cycle(_));
            if target_in_cycle {
                if arrive.get(&e.to).is_none_or(|&(old, _)| nd > old) {
                    arrive.insert(e.to, (nd, v));
                }
            } else if dist.get(&e.to).is_none_or(|&old| nd > old) {
                dist.insert(e.to, nd);
                pred.insert(e.to, Pred::Edge(v));
            }
        }
    };
    let mut i = 0;
    while i < reached.len() {
        let block = plan.block_of[reached[i] as usize];
        let mut j = i;
        while j < reached.len() && plan.block_of[reached[j] as usize] == block {
            j += 1;
        }
        let members = &reached[i..j];
        i = j;
        match &plan.blocks[block as usize] {
            Block::Single(v) => {
                if let Some(&d) = dist.get(v) {
                    relax(*v, d, &mut dist, &mut pred, &mut arrive);
                }
            }
            Block::Cycle(_) => {
                for &u in members {
                    let mut best: Option<(f64, u32)> = None;
                    for &entry in members {
                        let (Some(&(a, _)), Some(table)) = (arrive.get(&entry), tables.get(&entry)) else { continue };
                        if let Some((len, _)) = table.get(&u) {
                            if best.is_none_or(|(b, _)| a + len > b) {
                                best = Some((a + len, entry));
                            }
                        }
                    }
                    if let Some((d, entry)) = best {
                        dist.insert(u, d);
                        pred.insert(u, Pred::Cycle(entry));
                    }
                }
                for &u in members {
                    if let Some(&d) = dist.get(&u) {
                        relax(u, d, &mut dist, &mut pred, &mut arrive);
                    }
                }
            }
        }
    }

    // The slowest end, the earliest-declared on ties.
    let (mut end, mut latency) = (client.0, 0.0);
    for (&v, &d) in &dist {
        if d > latency || (d == latency && d > 0.0 && v < end) {
            (end, latency) = (v, d);
        }
    }
    let mut path = Vec::new();
    let mut v = end;
    // Each step moves to an earlier block, so this ends; the bound is a guard.
    for _ in 0..=model.components.len() {
        match pred.get(&v).copied() {
            Some(Pred::Edge(from)) => {
                path.push(v);
                v = from;
            }
            Some(Pred::Cycle(entry)) => {
                let inner = tables.get(&entry).and_then(|t| t.get(&v)).map(|(_, p)| p.as_slice()).unwrap_or(&[]);
                path.extend(inner.iter().rev().take(inner.len().saturating_sub(1)));
                match arrive.get(&entry) {
                    Some(&(_, from)) => {
                        path.push(entry);
                        v = from;
                    }
                    None => break,
                }
            }
            None => break,
        }
    }
    path.push(v);
    path.reverse();

    ClientReach {
        client,
        availability: product,
        needs: needed.len(),
        costliest: costs,
        latency,
        worst_path: path.into_iter().map(ComponentId).collect(),
        exact,
    }
}
