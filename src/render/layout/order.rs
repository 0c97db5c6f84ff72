//! Order within each layer: barycenter sweeps that keep every cluster's
//! members contiguous (recursively, so nested groups stay nested) and give
//! sibling clusters one left-to-right order on every layer, which is what
//! lets their boxes never overlap. After each sweep, adjacent exchange
//! ("transpose") swaps neighbouring siblings while that removes crossings;
//! the best ordering seen (fewest crossings) wins, and at the end each pair
//! of neighbouring sibling groups is tried the other way round.

use std::cmp::Ordering;

/// Passes of adjacent exchange per call; each pass only removes crossings,
/// so few are needed before nothing moves.
const TRANSPOSE_ROUNDS: usize = 4;
/// Largest pair of siblings whose edge lengths break a tie in crossings.
const TIE_BREAK_ITEMS: usize = 64;
/// Bounds the group orders tried at the end (each costs a recount of the
/// layers the two groups share).
const MAX_CLUSTER_SWAPS: usize = 48;
/// Bounds the items those recounts look at, all tries together: at least
/// this many, and at least `CLUSTER_SWAP_PASSES` times the diagram. Every
/// try fits on diagrams of 233,000 items (22 million looks for 48 tries);
/// one of 5.5 million items (11 million looks per try) gets a few instead
/// of a minute of them.
const CLUSTER_SWAP_WORK: usize = 25_000_000;
const CLUSTER_SWAP_PASSES: usize = 4;
/// What crossing a group's side border costs, in edge crossings. An edge
/// that passes a group it has nothing to do with crosses two borders and
/// reads as running through the group, which is worse than a crossing.
const BORDER_WEIGHT: usize = 2;

/// Passes of adjacent exchange for a diagram of `items` items. A pass costs
/// about one look at every edge; up to half a million items the full four
/// keep the picture as good as it gets, beyond that fewer keep the whole
/// ordering within seconds (the passes after the first move little on such
/// diagrams).
fn transpose_rounds(items: usize) -> usize {
    if items <= 500_000 {
        TRANSPOSE_ROUNDS
    } else if items <= 2_000_000 {
        2
    } else {
        1
    }
}

/// Pairs (p in `a`, q in `b`) with p > q: the crossings between the edges
/// of an item with neighbours `a` left of one with neighbours `b` (both sorted).
/// A group's list can be long beside an item's one or two entries, so the
/// shorter list is searched into the longer: O(short · log long).
fn inversions(a: &[usize], b: &[usize]) -> usize {
    if a.len().min(b.len()) * 8 < a.len().max(b.len()) {
        if a.len() <= b.len() {
            return a.iter().map(|&p| b.partition_point(|&q| q < p)).sum();
        }
        return b.iter().map(|&q| a.len() - a.partition_point(|&p| p <= q)).sum();
    }
    let mut below = 0;
    let mut total = 0;
    for &p in a {
        while below < b.len() && b[below] < p {
            below += 1;
        }
        total += below;
    }
    total
}

/// `layer` with the blocks of clusters `x` and `y` exchanged, or `None`
/// when the layer does not hold both; items between them stay where they are.
fn swap_blocks(layer: &[usize], paths: &[&[usize]], x: usize, y: usize) -> Option<Vec<usize>> {
    let range = |c: usize| {
        let first = layer.iter().position(|&it| paths[it].contains(&c))?;
        let len = layer[first..].iter().take_while(|&&it| paths[it].contains(&c)).count();
        Some((first, first + len))
    };
    let (a, b) = (range(x)?, range(y)?);
    let (l, r) = if a.0 < b.0 { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(layer.len());
    out.extend_from_slice(&layer[..l.0]);
    out.extend_from_slice(&layer[r.0..r.1]);
    out.extend_from_slice(&layer[l.1..r.0]);
    out.extend_from_slice(&layer[l.0..l.1]);
    out.extend_from_slice(&layer[r.1..]);
    Some(out)
}

/// Buffers reused by every count and exchange pass, so that the passes,
/// which run over every item many times, do not allocate per item.
#[derive(Default)]
struct Scratch {
    /// Fenwick tree over the lower layer of a pair.
    tree: Vec<usize>,
    /// Lower ends of one item's edges.
    ends: Vec<usize>,
    /// Sorted neighbour positions of the entities of the exchange passes
    /// in progress (a stack: a nested pass appends and truncates).
    up: Vec<usize>,
    down: Vec<usize>,
    groups: Vec<usize>,
    /// Side borders of the groups between two layers, (upper, lower) on a doubled axis.
    borders: Vec<(usize, usize)>,
}

/// A sibling in an exchange pass: a loose item or a group's block, with
/// the ranges of its sorted neighbour positions in the scratch stacks.
#[derive(Clone, Copy)]
struct Entity {
    len: usize,
    block: bool,
    up: (usize, usize),
    down: (usize, usize),
    /// A block's groups (itself and those inside it), in the scratch stack.
    groups: (usize, usize),
}

/// Where each cluster stands on the layers next to the one being exchanged
/// (empty when there is no such layer).
struct Near {
    above: Vec<Option<(usize, usize)>>,
    below: Vec<Option<(usize, usize)>>,
}

pub struct Graph<'a> {
    /// Items of each layer, in their current order.
    pub layers: Vec<Vec<usize>>,
    /// Neighbours of each item in the layer above and below.
    pub up: &'a [Vec<usize>],
    pub down: &'a [Vec<usize>],
    /// Cluster path (outermost first) of each item.
    pub paths: &'a [&'a [usize]],
    pub clusters: usize,
}

impl Graph<'_> {
    fn positions(&self, n: usize) -> Vec<f64> {
        let mut pos = vec![0.0; n];
        for layer in &self.layers {
            let len = layer.len().max(1) as f64;
            for (i, &it) in layer.iter().enumerate() {
                pos[it] = (i as f64 + 0.5) / len;
            }
        }
        pos
    }

    /// Position of every item within its layer.
    fn index(&self, n: usize) -> Vec<usize> {
        let mut index = vec![0usize; n];
        for layer in &self.layers {
            for (i, &it) in layer.iter().enumerate() {
                index[it] = i;
            }
        }
        index
    }

    /// Reduce crossings; `budget` bounds the number of sweeps. Every step
    /// costs about one look at each edge (crossings are counted in
    /// O(E log V) per layer pair), so the whole is O(E log V · budget).
    pub fn reduce(&mut self, n: usize, budget: usize) {
        let rounds = transpose_rounds(n);
        let mut scratch = Scratch::default();
        self.repair(n);
        self.transpose(n, rounds, &mut scratch);
        let mut best = self.layers.clone();
        let mut best_pairs = self.count_pairs(n, &mut scratch);
        let mut best_crossings: usize = best_pairs.iter().sum();
        // Among orderings with as few crossings, the one with shorter edges:
        // crossings do not see an edge that detours around a cluster.
        let mut best_length = self.length(n);
        let mut stale = 0;
        for sweep in 0..budget {
            let downward = sweep % 2 == 0;
            self.sweep(n, downward);
            self.repair(n);
            self.transpose(n, rounds, &mut scratch);
            let pairs = self.count_pairs(n, &mut scratch);
            let c: usize = pairs.iter().sum();
            let len = self.length(n);
            if c < best_crossings || (c == best_crossings && len < best_length - 1e-9) {
                best_crossings = c;
                best_pairs = pairs;
                best_length = len;
                best = self.layers.clone();
                stale = 0;
            } else {
                stale += 1;
                if stale >= 4 {
                    break;
                }
            }
        }
        self.layers = best;
        if self.exchange_clusters(n, best_pairs, &mut scratch) {
            self.transpose(n, rounds, &mut scratch);
        }
    }

    /// Adjacent exchange (the "transpose" step of Gansner et al.): swap two
    /// neighbouring siblings of a layer while that removes crossings with
    /// the layers above and below. Siblings are loose items and group
    /// blocks under the same parent; an item may jump a whole block (the
    /// block stays contiguous), two blocks never swap here, as sibling
    /// groups keep one order on every layer. The gain of a swap is read
    /// from the two siblings' sorted neighbour lists alone, never from a
    /// recount.
    fn transpose(&mut self, n: usize, rounds: usize, scratch: &mut Scratch) {
        let mut index = self.index(n);
        let mut pos = self.positions(n);
        // A layer whose own order and whose neighbours' orders are as they
        // were when a pass last left it unchanged would be left unchanged
        // again (the pass depends on nothing else), so only layers next to
        // a change are looked at again: the later rounds cost what moved.
        let count = self.layers.len();
        let mut dirty = vec![true; count];
        for _ in 0..rounds {
            let mut changed = false;
            for l in 0..count {
                if !dirty[l] {
                    continue;
                }
                dirty[l] = false;
                let near = self.near_spans(l);
                let mut layer = std::mem::take(&mut self.layers[l]);
                let len = layer.len();
                if self.exchange(&mut layer, 0, len, 0, rounds, &index, &pos, &near, scratch) {
                    changed = true;
                    dirty[l.saturating_sub(1)..(l + 2).min(count)].fill(true);
                    let width = len.max(1) as f64;
                    for (i, &it) in layer.iter().enumerate() {
                        index[it] = i;
                        pos[it] = (i as f64 + 0.5) / width;
                    }
                }
                self.layers[l] = layer;
            }
            if !changed {
                break;
            }
        }
    }

    /// Where each cluster stands on the layers above and below `l`.
    fn near_spans(&self, l: usize) -> Near {
        let of = |l: Option<usize>| match l.and_then(|l| self.layers.get(l)) {
            Some(layer) if self.clusters > 0 => spans(layer, self.paths, self.clusters),
            _ => Vec::new(),
        };
        Near { above: of(l.checked_sub(1)), below: of(Some(l + 1)) }
    }

    /// Exchange passes over the siblings at `depth` in `layer[start..end]`,
    /// then inside each block.
    #[allow(clippy::too_many_arguments)]
    fn exchange(
        &self,
        layer: &mut [usize],
        start: usize,
        end: usize,
        depth: usize,
        rounds: usize,
        index: &[usize],
        pos: &[f64],
        near: &Near,
        scratch: &mut Scratch,
    ) -> bool {
        // Horizontal travel of the edges of `layer[from..from + len]` were
        // they to start at `at` (positions as in `positions`).
        let width = layer.len().max(1) as f64;
        let travel = |layer: &[usize], from: usize, len: usize, at: usize| -> f64 {
            let mut sum = 0.0;
            for (k, &it) in layer[from..from + len].iter().enumerate() {
                let p = (at + k) as f64 + 0.5;
                for &m in self.up[it].iter().chain(&self.down[it]) {
                    sum += (p / width - pos[m]).abs();
                }
            }
            sum
        };
        // The siblings first; their neighbours only when some can move
        // (two blocks never swap, so a run of groups has nothing to try).
        let mut entities: Vec<Entity> = Vec::new();
        let mut i = start;
        while i < end {
            let c = self.paths[layer[i]].get(depth).copied();
            let mut j = i + 1;
            if c.is_some() {
                while j < end && self.paths[layer[j]].get(depth).copied() == c {
                    j += 1;
                }
            }
            entities.push(Entity { len: j - i, block: c.is_some(), up: (0, 0), down: (0, 0), groups: (0, 0) });
            i = j;
        }
        let (up_base, down_base, groups_base) = (scratch.up.len(), scratch.down.len(), scratch.groups.len());
        let mut changed = false;
        if entities.len() > 1 && entities.iter().any(|e| !e.block) {
            let mut at = start;
            for e in &mut entities {
                let members = &layer[at..at + e.len];
                // Most entities are dummies with one neighbour each way.
                let (up_from, down_from) = (scratch.up.len(), scratch.down.len());
                for &it in members {
                    scratch.up.extend(self.up[it].iter().map(|&m| index[m]));
                    scratch.down.extend(self.down[it].iter().map(|&m| index[m]));
                }
                if scratch.up.len() - up_from > 1 {
                    scratch.up[up_from..].sort_unstable();
                }
                if scratch.down.len() - down_from > 1 {
                    scratch.down[down_from..].sort_unstable();
                }
                e.up = (up_from, scratch.up.len());
                e.down = (down_from, scratch.down.len());
                // A block's groups with a border on a neighbouring layer.
                let groups_from = scratch.groups.len();
                if e.block {
                    for &it in members {
                        let p = &self.paths[it];
                        scratch.groups.extend(p.get(depth..).unwrap_or(&[]).iter().copied().filter(|&c| {
                            near.above.get(c).is_some_and(Option::is_some)
                                || near.below.get(c).is_some_and(Option::is_some)
                        }));
                    }
                    scratch.groups[groups_from..].sort_unstable();
                    let mut kept = groups_from;
                    for g in groups_from..scratch.groups.len() {
                        if g == groups_from || scratch.groups[g] != scratch.groups[kept - 1] {
                            scratch.groups[kept] = scratch.groups[g];
                            kept += 1;
                        }
                    }
                    scratch.groups.truncate(kept);
                }
                e.groups = (groups_from, scratch.groups.len());
                at += e.len;
            }
            let (ups, downs, groups) = (&scratch.up, &scratch.down, &scratch.groups);
            let up = |e: &Entity| &ups[e.up.0..e.up.1];
            let down = |e: &Entity| &downs[e.down.0..e.down.1];
            // Border crossings of a loose item's edges with a block's groups,
            // the item standing left of the block or right of it.
            let beside = |item: &Entity, block: &Entity, left: bool| -> usize {
                let mut cost = 0;
                for &c in &groups[block.groups.0..block.groups.1] {
                    if let Some(&Some(s)) = near.above.get(c) {
                        cost += border_cost(up(item), s, left);
                    }
                    if let Some(&Some(s)) = near.below.get(c) {
                        cost += border_cost(down(item), s, left);
                    }
                }
                BORDER_WEIGHT * cost
            };
            for _ in 0..rounds {
                let mut improved = false;
                let mut at = start;
                for e in 0..entities.len() - 1 {
                    let (u, v) = (entities[e], entities[e + 1]);
                    if u.block && v.block {
                        at += u.len;
                        continue;
                    }
                    let (walls_kept, walls_swapped) = match (u.block, v.block) {
                        (false, true) => (beside(&u, &v, true), beside(&u, &v, false)),
                        (true, false) => (beside(&v, &u, false), beside(&v, &u, true)),
                        _ => (0, 0),
                    };
                    let kept = inversions(up(&u), up(&v)) + inversions(down(&u), down(&v)) + walls_kept;
                    let swapped = inversions(up(&v), up(&u)) + inversions(down(&v), down(&u)) + walls_swapped;
                    // As many crossings either way: the shorter edges win
                    // (an edge label on the far side of a group is a detour
                    // that crossings do not see). Bounded to small entities.
                    let shorter = swapped == kept && u.len + v.len <= TIE_BREAK_ITEMS && {
                        let (lu, lv) = (u.len, v.len);
                        let before = travel(layer, at, lu, at) + travel(layer, at + lu, lv, at + lu);
                        let after = travel(layer, at, lu, at + lv) + travel(layer, at + lu, lv, at);
                        after < before - 1e-9
                    };
                    if swapped < kept || shorter {
                        layer[at..at + u.len + v.len].rotate_left(u.len);
                        entities.swap(e, e + 1);
                        at += v.len;
                        improved = true;
                    } else {
                        at += u.len;
                    }
                }
                changed |= improved;
                if !improved {
                    break;
                }
            }
        }
        scratch.up.truncate(up_base);
        scratch.down.truncate(down_base);
        scratch.groups.truncate(groups_base);
        let mut at = start;
        for e in &entities {
            if e.block {
                changed |= self.exchange(layer, at, at + e.len, depth + 1, rounds, index, pos, near, scratch);
            }
            at += e.len;
        }
        changed
    }

    /// Try each pair of neighbouring sibling groups the other way round on
    /// every layer; keep what removes crossings. Returns whether any swap
    /// stuck. Only the layer pairs touching a layer the two groups share
    /// are recounted for a try.
    /// `pair` holds the crossings of each layer pair as the layers are.
    fn exchange_clusters(&mut self, n: usize, mut pair: Vec<usize>, scratch: &mut Scratch) -> bool {
        if self.clusters < 2 {
            return false;
        }
        let pos = self.positions(n);
        let mean = self.cluster_positions(&pos);
        // Siblings by parent: the parent is the cluster before it on any path.
        let mut parent: Vec<Option<Option<usize>>> = vec![None; self.clusters];
        for p in self.paths {
            for (d, &c) in p.iter().enumerate() {
                parent[c] = Some(if d == 0 { None } else { Some(p[d - 1]) });
            }
        }
        let mut families: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        for (c, pc) in parent.iter().enumerate() {
            let Some(pc) = *pc else { continue };
            match families.iter_mut().find(|f| f.0 == pc) {
                Some(f) => f.1.push(c),
                None => families.push((pc, vec![c])),
            }
        }
        // Layers each cluster has items on.
        let mut span = vec![(usize::MAX, 0usize); self.clusters];
        for (l, layer) in self.layers.iter().enumerate() {
            for &it in layer {
                for &c in self.paths[it] {
                    span[c] = (span[c].0.min(l), span[c].1.max(l));
                }
            }
        }
        let mut index = self.index(n);
        let pairs = self.layers.len().saturating_sub(1);
        let mut attempts = 0;
        let mut work = CLUSTER_SWAP_WORK.max(CLUSTER_SWAP_PASSES * n);
        let mut any = false;
        for (_, members) in &mut families {
            members.sort_by(|&a, &b| mean[a].total_cmp(&mean[b]).then(a.cmp(&b)));
            for j in 0..members.len().saturating_sub(1) {
                if attempts >= MAX_CLUSTER_SWAPS {
                    return any;
                }
                attempts += 1;
                let (x, y) = (members[j], members[j + 1]);
                let (first, last) = (span[x].0.max(span[y].0), span[x].1.min(span[y].1));
                let mut saved: Vec<(usize, Vec<usize>)> = Vec::new();
                for l in first..=last.min(self.layers.len().saturating_sub(1)) {
                    if let Some(new) = swap_blocks(&self.layers[l], self.paths, x, y) {
                        saved.push((l, std::mem::replace(&mut self.layers[l], new)));
                    }
                }
                if saved.is_empty() {
                    continue;
                }
                let reindex = |g: &Self, index: &mut [usize], l: usize| {
                    for (i, &it) in g.layers[l].iter().enumerate() {
                        index[it] = i;
                    }
                };
                for &(l, _) in &saved {
                    reindex(self, &mut index, l);
                }
                let mut touched: Vec<usize> = saved
                    .iter()
                    .flat_map(|&(l, _)| [l.checked_sub(1), Some(l)])
                    .flatten()
                    .filter(|&p| p < pairs)
                    .collect();
                touched.dedup();
                let looks: usize = touched.iter().map(|&p| self.layers[p].len() + self.layers[p + 1].len()).sum();
                if looks > work {
                    for (l, old) in saved {
                        self.layers[l] = old;
                    }
                    return any;
                }
                work -= looks;
                let before: usize = touched.iter().map(|&p| pair[p]).sum();
                let counts: Vec<usize> = touched.iter().map(|&p| self.pair_crossings(p, &index, scratch)).collect();
                if counts.iter().sum::<usize>() < before {
                    for (&p, &c) in touched.iter().zip(&counts) {
                        pair[p] = c;
                    }
                    members.swap(j, j + 1);
                    any = true;
                } else {
                    for (l, old) in saved {
                        self.layers[l] = old;
                        reindex(self, &mut index, l);
                    }
                }
            }
        }
        any
    }

    /// Mean position of each cluster's items over all layers.
    fn cluster_positions(&self, pos: &[f64]) -> Vec<f64> {
        let mut sum = vec![0.0; self.clusters];
        let mut cnt = vec![0usize; self.clusters];
        for layer in &self.layers {
            for &it in layer {
                for &c in self.paths[it] {
                    sum[c] += pos[it];
                    cnt[c] += 1;
                }
            }
        }
        sum.iter().zip(&cnt).map(|(s, &c)| if c == 0 { 0.0 } else { s / c as f64 }).collect()
    }

    fn sweep(&mut self, n: usize, downward: bool) {
        let count = self.layers.len();
        let mut pos = self.positions(n);
        // An item with no neighbour on the reference side (a cluster's
        // spacer, a component without links) stands where its cluster
        // stands overall; its own old slot says little, and a spacer keyed
        // by it pulls its cluster across the edges that should pass beside it.
        let home = self.cluster_positions(&pos);
        let order: Vec<usize> =
            if downward { (1..count).collect() } else { (0..count.saturating_sub(1)).rev().collect() };
        for l in order {
            let neighbours = if downward { self.up } else { self.down };
            let mut key = vec![f64::NAN; 0];
            key.resize(self.layers[l].len(), 0.0);
            for (i, &it) in self.layers[l].iter().enumerate() {
                let ns = &neighbours[it];
                // A pass-through item (an edge's dummy) looks both ways, so a
                // long edge does not swing out to the far side of a cluster
                // it merely passes.
                let through = self.up[it].len() == 1 && self.down[it].len() == 1;
                key[i] = if through {
                    (pos[self.up[it][0]] + pos[self.down[it][0]]) / 2.0
                } else if ns.is_empty() {
                    self.paths[it].last().map_or(pos[it], |&c| home[c])
                } else {
                    ns.iter().map(|&m| pos[m]).sum::<f64>() / ns.len() as f64
                };
            }
            let keyed: Vec<(usize, f64)> = self.layers[l].iter().copied().zip(key).collect();
            let new = arrange(&keyed, self.paths, 0, None);
            let len = new.len().max(1) as f64;
            for (i, &it) in new.iter().enumerate() {
                pos[it] = (i as f64 + 0.5) / len;
            }
            self.layers[l] = new;
        }
    }

    /// Give sibling clusters one order on every layer: the order of their
    /// average position over all layers.
    fn repair(&mut self, n: usize) {
        if self.clusters == 0 {
            return;
        }
        let pos = self.positions(n);
        let global = self.cluster_positions(&pos);
        for l in 0..self.layers.len() {
            let keyed: Vec<(usize, f64)> = self.layers[l].iter().map(|&it| (it, pos[it])).collect();
            self.layers[l] = arrange(&keyed, self.paths, 0, Some(&global));
        }
    }

    /// Total horizontal travel of the edges, in layer-relative positions.
    pub fn length(&self, n: usize) -> f64 {
        let pos = self.positions(n);
        self.layers.iter().flatten().map(|&a| self.down[a].iter().map(|&b| (pos[a] - pos[b]).abs()).sum::<f64>()).sum()
    }

    /// Crossings between consecutive layers.
    pub fn crossings(&self, n: usize) -> usize {
        self.count_pairs(n, &mut Scratch::default()).iter().sum()
    }

    /// Crossings of each pair of consecutive layers.
    fn count_pairs(&self, n: usize, scratch: &mut Scratch) -> Vec<usize> {
        let index = self.index(n);
        (0..self.layers.len().saturating_sub(1)).map(|l| self.pair_crossings(l, &index, scratch)).collect()
    }

    /// Crossings between layer `l` and the next, `index` giving each item's
    /// place in its layer: inversions among the edges taken in the order of
    /// their upper ends, counted with a Fenwick tree over the lower layer
    /// (Barth, Jünger and Mutzel's accumulator tree), O(E log V).
    ///
    /// The side borders of every group present on both layers take part as
    /// lines of weight [`BORDER_WEIGHT`] between its first (last) items on
    /// the two layers: an edge that passes a group in the gap crosses both
    /// of its borders, one that enters or leaves a group from the side
    /// crosses one whatever the order. On a doubled axis (items at odd
    /// places, borders at even ones) lines never tie between the two kinds.
    fn pair_crossings(&self, l: usize, index: &[usize], scratch: &mut Scratch) -> usize {
        let width = 2 * self.layers[l + 1].len() + 2;
        let borders = &mut scratch.borders;
        borders.clear();
        if self.clusters > 0 {
            let upper = spans(&self.layers[l], self.paths, self.clusters);
            let lower = spans(&self.layers[l + 1], self.paths, self.clusters);
            for (u, w) in upper.iter().zip(&lower) {
                if let (Some(u), Some(w)) = (u, w) {
                    borders.push((2 * u.0, 2 * w.0));
                    borders.push((2 * u.1 + 2, 2 * w.1 + 2));
                }
            }
            borders.sort_unstable();
        }
        let tree = &mut scratch.tree;
        tree.clear();
        tree.resize(width + 1, 0);
        let mut seen = 0;
        let mut total = 0;
        // Earlier lines ending strictly to the right of `b` cross this one.
        let mut add = |b: usize, w: usize, tree: &mut Vec<usize>| {
            let mut i = b + 1;
            let mut le = 0;
            while i > 0 {
                le += tree[i];
                i &= i - 1;
            }
            total += w * (seen - le);
            seen += w;
            let mut i = b + 1;
            while i <= width {
                tree[i] += w;
                i += i & i.wrapping_neg();
            }
        };
        let mut next_border = 0;
        for (p, &a) in self.layers[l].iter().enumerate() {
            while let Some(&(_, bottom)) = borders.get(next_border).filter(|b| b.0 <= 2 * p) {
                add(bottom, BORDER_WEIGHT, tree);
                next_border += 1;
            }
            let ends = &mut scratch.ends;
            ends.clear();
            ends.extend(self.down[a].iter().map(|&b| 2 * index[b] + 1));
            ends.sort_unstable();
            for &b in ends.iter() {
                add(b, 1, tree);
            }
        }
        for &(_, bottom) in &borders[next_border..] {
            add(bottom, BORDER_WEIGHT, tree);
        }
        total
    }
}

/// First and last place of each cluster on `layer` (`None` when absent).
fn spans(layer: &[usize], paths: &[&[usize]], clusters: usize) -> Vec<Option<(usize, usize)>> {
    let mut out: Vec<Option<(usize, usize)>> = vec![None; clusters];
    for (i, &it) in layer.iter().enumerate() {
        for &c in paths[it] {
            out[c] = Some(out[c].map_or((i, i), |(f, _)| (f, i)));
        }
    }
    out
}

/// Crossings of the edges from an item (neighbour places `ns`, sorted) with
/// the side borders `(first, last)` of a group on the neighbouring layer,
/// when the item stands left of the group's block (`left`) or right of it.
fn border_cost(ns: &[usize], span: (usize, usize), left: bool) -> usize {
    let (first, last) = span;
    // Neighbours left of the group's left border, and left of or on its right one.
    let before_first = ns.partition_point(|&m| m < first);
    let up_to_last = ns.partition_point(|&m| m <= last);
    if left {
        (ns.len() - before_first) + (ns.len() - up_to_last)
    } else {
        up_to_last + before_first
    }
}

/// Sort `items` (with their keys) so that each cluster at `depth` forms one
/// block, blocks and loose items ordered by key; with `global`, sibling
/// clusters take the slots cluster blocks occupy in the order of `global`.
pub fn arrange(items: &[(usize, f64)], paths: &[&[usize]], depth: usize, global: Option<&[f64]>) -> Vec<usize> {
    // Entities at this depth: a loose item, or a cluster with its members.
    enum Entity {
        Item(usize),
        Block(usize, Vec<(usize, f64)>),
    }
    let mut entities: Vec<(Entity, f64, usize)> = Vec::new();
    // Lookup only; the order of `entities` comes from `items`.
    let mut block_of: crate::model::FastMap<usize, usize> = crate::model::FastMap::default();
    for (seq, &(it, k)) in items.iter().enumerate() {
        match paths[it].get(depth) {
            None => entities.push((Entity::Item(it), k, seq)),
            Some(&c) => {
                if let Some(&e) = block_of.get(&c) {
                    if let (Entity::Block(_, members), _, _) = &mut entities[e] {
                        members.push((it, k));
                    }
                } else {
                    block_of.insert(c, entities.len());
                    entities.push((Entity::Block(c, vec![(it, k)]), 0.0, seq));
                }
            }
        }
    }
    for (e, key, _) in &mut entities {
        if let Entity::Block(_, members) = e {
            *key = members.iter().map(|m| m.1).sum::<f64>() / members.len() as f64;
        }
    }
    entities.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal).then(a.2.cmp(&b.2)));
    if let Some(global) = global {
        let mut slots: Vec<usize> = Vec::new();
        let mut blocks: Vec<(Entity, f64, usize)> = Vec::new();
        let mut rest: Vec<Option<(Entity, f64, usize)>> = Vec::new();
        for (i, ent) in entities.into_iter().enumerate() {
            if matches!(ent.0, Entity::Block(..)) {
                slots.push(i);
                blocks.push(ent);
                rest.push(None);
            } else {
                rest.push(Some(ent));
            }
        }
        blocks.sort_by(|a, b| {
            let ka = if let Entity::Block(c, _) = a.0 { global[c] } else { 0.0 };
            let kb = if let Entity::Block(c, _) = b.0 { global[c] } else { 0.0 };
            let ca = if let Entity::Block(c, _) = a.0 { c } else { 0 };
            let cb = if let Entity::Block(c, _) = b.0 { c } else { 0 };
            ka.partial_cmp(&kb).unwrap_or(Ordering::Equal).then(ca.cmp(&cb))
        });
        for (slot, b) in slots.into_iter().zip(blocks) {
            rest[slot] = Some(b);
        }
        entities = rest.into_iter().flatten().collect();
    }
    let mut out = Vec::with_capacity(items.len());
    for (e, _, _) in entities {
        match e {
            Entity::Item(it) => out.push(it),
            Entity::Block(_, members) => out.extend(arrange(&members, paths, depth + 1, global)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_stay_contiguous() {
        // Items 0 and 2 are in cluster 0; 1 is loose with a key between them.
        let paths: Vec<&[usize]> = vec![&[0], &[], &[0]];
        let out = arrange(&[(0, 0.1), (1, 0.5), (2, 0.9)], &paths, 0, None);
        let p0 = out.iter().position(|&x| x == 0).unwrap_or(9);
        let p2 = out.iter().position(|&x| x == 2).unwrap_or(9);
        assert_eq!(p0.abs_diff(p2), 1);
    }

    #[test]
    fn an_item_jumps_a_whole_block_to_remove_crossings() {
        // Upper layer: 0 and 1 in group 0, then loose 2. Lower: loose 3 left
        // of group 0's 4 and 5; 2 -> 3 crosses both other edges and passes the group.
        let up = vec![vec![], vec![], vec![], vec![2], vec![0], vec![1]];
        let down = vec![vec![4], vec![5], vec![3], vec![], vec![], vec![]];
        let paths: Vec<&[usize]> = vec![&[0], &[0], &[], &[], &[0], &[0]];
        let mut g =
            Graph { layers: vec![vec![0, 1, 2], vec![3, 4, 5]], up: &up, down: &down, paths: &paths, clusters: 1 };
        // Two edges, and both borders of the group it passes.
        assert_eq!(g.crossings(6), 2 + 2 * BORDER_WEIGHT);
        g.transpose(6, TRANSPOSE_ROUNDS, &mut Scratch::default());
        assert_eq!(g.crossings(6), 0, "{:?}", g.layers);
        // The group is still one block on each layer.
        let lower = &g.layers[1];
        let p4 = lower.iter().position(|&x| x == 4).unwrap_or(9);
        let p5 = lower.iter().position(|&x| x == 5).unwrap_or(9);
        assert_eq!(p4.abs_diff(p5), 1);
    }

    #[test]
    fn an_edge_goes_round_a_group_rather_than_through_it() {
        // Group 0 holds 0 (upper layer) and 3 (lower), unlinked; the loose
        // edge 1 -> 2 starts right of the group and ends left of it, so it
        // would run through the group's inside between the layers. No edge
        // crosses another either way: only the group's borders tell.
        let up = vec![vec![], vec![], vec![1], vec![]];
        let down = vec![vec![], vec![2], vec![], vec![]];
        let paths: Vec<&[usize]> = vec![&[0], &[], &[], &[0]];
        let mut g = Graph { layers: vec![vec![0, 1], vec![2, 3]], up: &up, down: &down, paths: &paths, clusters: 1 };
        assert_eq!(g.crossings(4), 2 * BORDER_WEIGHT, "both borders crossed");
        g.transpose(4, TRANSPOSE_ROUNDS, &mut Scratch::default());
        assert_eq!(g.crossings(4), 0, "{:?}", g.layers);
    }

    #[test]
    fn entering_a_group_from_the_side_crosses_one_border() {
        let up = vec![vec![], vec![], vec![1], vec![]];
        let down = vec![vec![], vec![2], vec![], vec![]];
        let paths: Vec<&[usize]> = vec![&[0], &[], &[0], &[0]];
        let g = Graph { layers: vec![vec![0, 1], vec![2, 3]], up: &up, down: &down, paths: &paths, clusters: 1 };
        assert_eq!(g.crossings(4), BORDER_WEIGHT);
    }

    #[test]
    fn inversions_count_pairs_out_of_order() {
        assert_eq!(inversions(&[1, 3], &[0, 2]), 3);
        assert_eq!(inversions(&[0], &[0, 1]), 0);
        assert_eq!(inversions(&[], &[4]), 0);
    }

    #[test]
    fn crossings_are_counted() {
        let up = vec![vec![], vec![], vec![1], vec![0]];
        let down = vec![vec![3], vec![2], vec![], vec![]];
        let paths: Vec<&[usize]> = vec![&[]; 4];
        let g = Graph { layers: vec![vec![0, 1], vec![2, 3]], up: &up, down: &down, paths: &paths, clusters: 0 };
        assert_eq!(g.crossings(4), 1);
        let mut g = g;
        g.reduce(4, 8);
        assert_eq!(g.crossings(4), 0);
    }
}
