//! Coordinates across the layers. Each layer is placed by isotonic regression
//! (pool-adjacent-violators): items go as close as their separation allows to
//! the median of their neighbours, dummies of long edges pulled hardest so
//! edges run straight; sweeps alternate down and up. A final projection onto
//! the separation constraints of the whole diagram, cluster borders included,
//! guarantees that no two boxes overlap: it pushes right, pushes left, and
//! takes the mean of both (the constraints are convex, so the mean still
//! satisfies them and is not biased to one side).

pub struct Placement<'a> {
    pub layers: &'a [Vec<usize>],
    /// Size of each item across the layers.
    pub size: &'a [f64],
    pub dummy: &'a [bool],
    /// Where an item's edge passes, relative to its centre (a label's edge
    /// runs along its near side, not through its text).
    pub offset: &'a [f64],
    pub up: &'a [Vec<usize>],
    pub down: &'a [Vec<usize>],
    pub paths: &'a [&'a [usize]],
    pub parent: &'a [Option<usize>],
    /// Room inside each cluster before and after its members.
    pub pad_lo: &'a [f64],
    pub pad_hi: &'a [f64],
    pub min_width: &'a [f64],
    pub node_gap: f64,
    pub dummy_gap: f64,
    pub cluster_gap: f64,
}

pub struct Placed {
    pub x: Vec<f64>,
    /// Borders of each cluster across the layers.
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
}

impl Placement<'_> {
    fn gap(&self, a: usize, b: usize) -> f64 {
        if self.dummy[a] || self.dummy[b] {
            self.dummy_gap
        } else {
            self.node_gap
        }
    }

    /// Minimum distance between the centres of consecutive items `a`, `b`.
    fn sep(&self, a: usize, b: usize) -> f64 {
        let (pa, pb) = (self.paths[a], self.paths[b]);
        let k = pa.iter().zip(pb).take_while(|(x, y)| x == y).count();
        let mut d = self.size[a] / 2.0 + self.size[b] / 2.0;
        let closing: f64 = pa[k..].iter().map(|&c| self.pad_hi[c]).sum();
        let opening: f64 = pb[k..].iter().map(|&c| self.pad_lo[c]).sum();
        d += closing + opening;
        d += if pa.len() > k || pb.len() > k { self.cluster_gap } else { self.gap(a, b) };
        d
    }

    pub fn place(&self, n: usize, iterations: usize) -> Placed {
        let mut x = vec![0.0; n];
        for layer in self.layers {
            let mut at = 0.0;
            for (i, &it) in layer.iter().enumerate() {
                if i > 0 {
                    at += self.sep(layer[i - 1], it);
                }
                x[it] = at;
            }
            // Centre every layer on 0 to start from a symmetric picture.
            for &it in layer {
                x[it] -= at / 2.0;
            }
        }
        // Neighbour positions of one item, reused: most items are dummies
        // with one neighbour each way, and there can be millions.
        let mut ns: Vec<f64> = Vec::new();
        for iter in 0..iterations {
            let down = iter % 2 == 0;
            let last = iter + 1 == iterations;
            let order: Vec<usize> =
                if down { (0..self.layers.len()).collect() } else { (0..self.layers.len()).rev().collect() };
            for l in order {
                let layer = &self.layers[l];
                if layer.is_empty() {
                    continue;
                }
                let mut target = Vec::with_capacity(layer.len());
                let mut weight = Vec::with_capacity(layer.len());
                let mut sep = Vec::with_capacity(layer.len());
                for (i, &it) in layer.iter().enumerate() {
                    let at = |m: &usize| x[*m] + self.offset[*m];
                    ns.clear();
                    if last {
                        ns.extend(self.up[it].iter().chain(&self.down[it]).map(at));
                    } else if down {
                        ns.extend(self.up[it].iter().map(at));
                    } else {
                        ns.extend(self.down[it].iter().map(at));
                    }
                    ns.sort_by(f64::total_cmp);
                    let (t, w) = if ns.is_empty() {
                        (x[it], 0.05)
                    } else {
                        let m = ns.len();
                        let med = if m % 2 == 1 { ns[m / 2] } else { (ns[m / 2 - 1] + ns[m / 2]) / 2.0 };
                        (med - self.offset[it], if self.dummy[it] { 8.0 } else { 1.0 })
                    };
                    target.push(t);
                    weight.push(w);
                    sep.push(if i == 0 { 0.0 } else { self.sep(layer[i - 1], it) });
                }
                let placed = pav(&target, &weight, &sep);
                for (&it, v) in layer.iter().zip(placed) {
                    x[it] = v;
                }
            }
        }
        self.project(n, x)
    }

    /// Satisfy every separation constraint, clusters included.
    fn project(&self, n: usize, x: Vec<f64>) -> Placed {
        let k = self.parent.len();
        let lo = |c: usize| n + 2 * c;
        let hi = |c: usize| n + 2 * c + 1;
        let vars = n + 2 * k;
        let mut cons: Vec<(usize, usize, f64)> = Vec::new();
        for layer in self.layers {
            for w in layer.windows(2) {
                let (a, b) = (w[0], w[1]);
                let (pa, pb) = (self.paths[a], self.paths[b]);
                let j = pa.iter().zip(pb).take_while(|(x, y)| x == y).count();
                let (left, lhalf) = if pa.len() > j { (hi(pa[j]), 0.0) } else { (a, self.size[a] / 2.0) };
                let (right, rhalf) = if pb.len() > j { (lo(pb[j]), 0.0) } else { (b, self.size[b] / 2.0) };
                let g = if pa.len() > j || pb.len() > j { self.cluster_gap } else { self.gap(a, b) };
                cons.push((left, right, lhalf + rhalf + g));
            }
            for &a in layer {
                if let Some(&c) = self.paths[a].last() {
                    cons.push((lo(c), a, self.size[a] / 2.0 + self.pad_lo[c]));
                    cons.push((a, hi(c), self.size[a] / 2.0 + self.pad_hi[c]));
                }
            }
        }
        for c in 0..k {
            if let Some(p) = self.parent[c] {
                cons.push((lo(p), lo(c), self.pad_lo[p]));
                cons.push((hi(c), hi(p), self.pad_hi[p]));
            }
            cons.push((lo(c), hi(c), self.min_width[c]));
        }
        // Adjacency in two flat arrays (constraints grouped by their left
        // and by their right variable, in the order they were made): a
        // dense diagram has millions of variables, and a list each cost a
        // third of the memory of a render.
        let succ = Adjacency::new(vars, cons.iter().map(|&(u, v, d)| (u, v, d)));
        let pred = Adjacency::new(vars, cons.iter().map(|&(u, v, d)| (v, u, d)));
        let mut indeg: Vec<usize> = (0..vars).map(|v| pred.of(v).len()).collect();
        let mut topo = Vec::with_capacity(vars);
        let mut queue: std::collections::VecDeque<usize> = (0..vars).filter(|&v| indeg[v] == 0).collect();
        while let Some(v) = queue.pop_front() {
            topo.push(v);
            for &(w, _) in succ.of(v) {
                indeg[w] -= 1;
                if indeg[w] == 0 {
                    queue.push_back(w);
                }
            }
        }
        if topo.len() < vars {
            // Only an inconsistent cluster order could make a cycle; keep
            // going with what is ordered rather than fail the picture.
            let mut seen = vec![false; vars];
            for &v in &topo {
                seen[v] = true;
            }
            topo.extend((0..vars).filter(|&v| !seen[v]));
        }

        // Cluster borders start tight around their members (innermost first).
        let mut tight_lo = vec![f64::INFINITY; k];
        let mut tight_hi = vec![f64::NEG_INFINITY; k];
        for layer in self.layers {
            for &a in layer {
                if let Some(&c) = self.paths[a].last() {
                    tight_lo[c] = tight_lo[c].min(x[a] - self.size[a] / 2.0 - self.pad_lo[c]);
                    tight_hi[c] = tight_hi[c].max(x[a] + self.size[a] / 2.0 + self.pad_hi[c]);
                }
            }
        }
        let mut by_depth: Vec<usize> = (0..k).collect();
        let depth = |mut c: usize| {
            let mut d = 0;
            while let Some(p) = self.parent[c] {
                d += 1;
                c = p;
            }
            d
        };
        by_depth.sort_by_key(|&c| std::cmp::Reverse(depth(c)));
        for &c in &by_depth {
            if let Some(p) = self.parent[c] {
                tight_lo[p] = tight_lo[p].min(tight_lo[c] - self.pad_lo[p]);
                tight_hi[p] = tight_hi[p].max(tight_hi[c] + self.pad_hi[p]);
            }
        }

        let mut right = vec![f64::NEG_INFINITY; vars];
        let mut left = vec![f64::INFINITY; vars];
        right[..n].copy_from_slice(&x);
        left[..n].copy_from_slice(&x);
        for c in 0..k {
            if tight_lo[c].is_finite() {
                right[lo(c)] = tight_lo[c];
                left[hi(c)] = tight_hi[c];
            }
        }
        for &v in &topo {
            for &(u, d) in pred.of(v) {
                if right[u].is_finite() {
                    right[v] = right[v].max(right[u] + d);
                }
            }
        }
        for &u in topo.iter().rev() {
            for &(v, d) in succ.of(u) {
                if left[v].is_finite() {
                    left[u] = left[u].min(left[v] - d);
                }
            }
        }
        let mean = |v: usize| {
            let (r, l) = (right[v], left[v]);
            match (r.is_finite(), l.is_finite()) {
                (true, true) => (r + l) / 2.0,
                (true, false) => r,
                (false, true) => l,
                (false, false) => 0.0,
            }
        };
        Placed {
            x: (0..n).map(mean).collect(),
            lo: (0..k).map(|c| mean(lo(c))).collect(),
            hi: (0..k).map(|c| mean(hi(c))).collect(),
        }
    }
}

impl Placement<'_> {
    /// How far left and right the centre of `layer[i]` may go with every
    /// separation constraint of [`Placement::project`] still met, the
    /// others staying where they are.
    fn room(&self, layer: &[usize], i: usize, placed: &Placed) -> (f64, f64) {
        let it = layer[i];
        let half = self.size[it] / 2.0;
        let (mut left, mut right) = (f64::NEG_INFINITY, f64::INFINITY);
        if let Some(&c) = self.paths[it].last() {
            left = placed.lo[c] + self.pad_lo[c] + half;
            right = placed.hi[c] - self.pad_hi[c] - half;
        }
        // Against a neighbour: its box, or the border of the group it is in
        // and this item is not; when this item is in a group the other is
        // not, that group's own border (above) is the limit.
        let common = |a: &[usize], b: &[usize]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        if let Some(&prev) = i.checked_sub(1).and_then(|j| layer.get(j)) {
            let (pa, pb) = (self.paths[prev], self.paths[it]);
            let j = common(pa, pb);
            if pb.len() == j {
                left = left.max(match pa.get(j) {
                    Some(&c) => placed.hi[c] + self.cluster_gap + half,
                    None => placed.x[prev] + self.size[prev] / 2.0 + self.gap(prev, it) + half,
                });
            }
        }
        if let Some(&next) = layer.get(i + 1) {
            let (pa, pb) = (self.paths[it], self.paths[next]);
            let j = common(pa, pb);
            if pa.len() == j {
                right = right.min(match pb.get(j) {
                    Some(&c) => placed.lo[c] - self.cluster_gap - half,
                    None => placed.x[next] - self.size[next] / 2.0 - self.gap(it, next) - half,
                });
            }
        }
        (left, right)
    }

    /// Line up the dummies of each long edge where the room of every one
    /// of them allows: a run of dummies at one place is a straight line,
    /// where placement by medians leaves a jog at every layer when the
    /// neighbours of a few of them pull differently. A run goes as near as
    /// it can to where the edge stood before it (the source first), so the
    /// edge turns as seldom as it can. Moves stay within each item's room,
    /// so the order of every layer and every group border stay as they are.
    pub fn straighten(&self, chains: &[Vec<usize>], placed: &mut Placed) {
        let mut slot = vec![(0usize, 0usize); placed.x.len()];
        for (l, layer) in self.layers.iter().enumerate() {
            for (i, &it) in layer.iter().enumerate() {
                slot[it] = (l, i);
            }
        }
        let line = |placed: &Placed, it: usize| placed.x[it] + self.offset[it];
        for chain in chains {
            let Some((&first, rest)) = chain.split_first() else { continue };
            let Some((_, inner)) = rest.split_last() else { continue };
            if inner.is_empty() {
                continue;
            }
            let mut at = placed.x[first];
            let mut start = 0;
            while start < inner.len() {
                // The longest run from `start` with room in common.
                let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
                let mut end = start;
                while let Some(&it) = inner.get(end) {
                    let (l, i) = slot[it];
                    let (left, right) = self.room(&self.layers[l], i, placed);
                    let (a, b) = (lo.max(left + self.offset[it]), hi.min(right + self.offset[it]));
                    if a > b + 1e-9 {
                        break;
                    }
                    (lo, hi) = (a, b);
                    end += 1;
                }
                let target = chain.last().map_or(at, |&b| placed.x[b]);
                if end - start == 1 && end == inner.len() && lo <= target && target <= hi {
                    // A lone last item that can stand on its target's line:
                    // the edge then drops straight in, and turns only where it
                    // leaves its source, among the other edges fanning out.
                    placed.x[inner[start]] = target - self.offset[inner[start]];
                    start = end;
                    continue;
                }
                if end - start < 2 {
                    // No room to move, or a lone item, which placement by
                    // medians already put between its two ends (lining it
                    // up with one of them would only move the turn to the
                    // other gap): it stays, and the next run starts after it.
                    at = line(placed, inner[start]);
                    start += 1;
                    continue;
                }
                let to = at.clamp(lo, hi.max(lo));
                for &it in &inner[start..end] {
                    placed.x[it] = to - self.offset[it];
                }
                at = to;
                start = end;
            }
        }
    }
}

/// For each variable, the (other variable, distance) of its constraints.
struct Adjacency {
    start: Vec<usize>,
    edges: Vec<(usize, f64)>,
}

impl Adjacency {
    fn new(vars: usize, cons: impl Iterator<Item = (usize, usize, f64)> + Clone) -> Adjacency {
        let mut start = vec![0usize; vars + 1];
        for (u, _, _) in cons.clone() {
            start[u + 1] += 1;
        }
        for v in 0..vars {
            start[v + 1] += start[v];
        }
        let mut at = start.clone();
        let mut edges = vec![(0, 0.0); start[vars]];
        for (u, v, d) in cons {
            edges[at[u]] = (v, d);
            at[u] += 1;
        }
        Adjacency { start, edges }
    }

    fn of(&self, v: usize) -> &[(usize, f64)] {
        &self.edges[self.start[v]..self.start[v + 1]]
    }
}

/// Minimise Σ w·(x − t)² subject to x[i] − x[i−1] ≥ sep[i] (sep[0] unused).
pub fn pav(target: &[f64], weight: &[f64], sep: &[f64]) -> Vec<f64> {
    let n = target.len();
    let mut offset = vec![0.0; n];
    for i in 1..n {
        offset[i] = offset[i - 1] + sep[i];
    }
    // Blocks of (total weight, weighted sum, first index).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        let w = weight[i].max(1e-9);
        blocks.push((w, w * (target[i] - offset[i]), i));
        while blocks.len() > 1 {
            let (w2, s2, _) = blocks[blocks.len() - 1];
            let (w1, s1, _) = blocks[blocks.len() - 2];
            if s1 / w1 >= s2 / w2 {
                blocks.pop();
                if let Some(last) = blocks.last_mut() {
                    last.0 += w2;
                    last.1 += s2;
                }
            } else {
                break;
            }
        }
    }
    let mut out = vec![0.0; n];
    for (b, &(w, s, start)) in blocks.iter().enumerate() {
        let end = blocks.get(b + 1).map_or(n, |nb| nb.2);
        for i in start..end {
            out[i] = s / w + offset[i];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pav;

    #[test]
    fn pav_respects_separation_and_targets() {
        let x = pav(&[0.0, 0.0, 10.0], &[1.0, 1.0, 1.0], &[0.0, 4.0, 4.0]);
        assert!(x[1] - x[0] >= 4.0 - 1e-9);
        assert!(x[2] - x[1] >= 4.0 - 1e-9);
        assert!((x[0] + x[1]) / 2.0 - 0.0 < 1e-9);
        assert!((x[2] - 10.0).abs() < 1e-9);
    }
}
