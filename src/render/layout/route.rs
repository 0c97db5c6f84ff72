//! Tracks in the gap between two layers. Every edge that changes its
//! position across a gap (a "hop") runs down from its upper end, along a
//! horizontal track of its own, and down to its lower end. Hops whose
//! horizontal runs would overlap get different tracks, so no two edges share
//! a segment; hops far apart share one, so gaps stay as low as they can.
//!
//! The order of the tracks decides crossings. For two hops going the same
//! way whose runs overlap, the one that starts further out goes higher: a
//! rightward hop starting right of another crosses it not at all when it is
//! above it and twice when it is below. A rightward and a leftward hop with
//! overlapping runs cross exactly once whatever their order (their ends swap
//! sides), so the two directions are simply stacked.

/// A hop's upper and lower ends across the layers.
#[derive(Clone, Copy, Debug)]
pub struct Hop {
    pub top: f64,
    pub bottom: f64,
}

impl Hop {
    /// Needs no track: it runs straight down.
    pub fn is_straight(&self) -> bool {
        (self.top - self.bottom).abs() < STRAIGHT
    }
}

/// Offsets smaller than this are drawn straight (a jog this small would
/// look like a kink, not a route).
const STRAIGHT: f64 = 0.5;

/// One horizontal run of a hop: its track (counted from the top) and where
/// it ends across the layers. A hop's first run starts at its top; a later
/// one where the run before it ended.
pub type Run = (usize, f64);

/// Runs of the hops in one gap (none for a straight hop, usually one, two
/// for a hop that swaps places with another) and the number of tracks
/// used. Runs on one track keep `clearance` between their ends. `walls` are
/// where group borders cross the gap: a split hop does not turn down there.
pub fn assign(hops: &[Hop], walls: &[f64], clearance: f64) -> (Vec<Vec<Run>>, usize) {
    let mut order: Vec<usize> = (0..hops.len()).filter(|&i| !hops[i].is_straight()).collect();
    // Rightward hops first, the one starting furthest right on top; then
    // leftward ones, the one starting furthest left on top.
    let key = |i: usize| {
        let h = &hops[i];
        if h.bottom > h.top {
            (0, -h.top)
        } else {
            (1, h.top)
        }
    };
    order.sort_by(|&a, &b| {
        let (ca, ka) = key(a);
        let (cb, kb) = key(b);
        ca.cmp(&cb).then(ka.total_cmp(&kb)).then(a.cmp(&b))
    });
    // Pieces in track order: (hop, from, to). A split hop runs above the
    // hops it must be above as far as its middle, and below everything
    // else from there on, so none of its legs meets another.
    // A split hop turns down in the middle of the widest stretch of its
    // run that no other leg of the gap, nor a group border, stands in.
    let mut ends: Vec<f64> = hops.iter().flat_map(|h| [h.top, h.bottom]).chain(walls.iter().copied()).collect();
    ends.sort_by(f64::total_cmp);
    let mid = |i: usize| {
        let (lo, hi) = (hops[i].top.min(hops[i].bottom), hops[i].top.max(hops[i].bottom));
        let from = ends.partition_point(|&x| x <= lo);
        let inner = ends[from..].iter().copied().take_while(|&x| x < hi);
        let stops: Vec<f64> = std::iter::once(lo).chain(inner).chain(std::iter::once(hi)).collect();
        let widest = stops.windows(2).max_by(|p, q| (p[1] - p[0]).total_cmp(&(q[1] - q[0])));
        widest.map_or((lo + hi) / 2.0, |w| (w[0] + w[1]) / 2.0)
    };
    let pieces: Vec<(usize, f64, f64)> = respect_verticals(hops, &order, clearance)
        .into_iter()
        .map(|(i, part)| match part {
            Part::Whole => (i, hops[i].top, hops[i].bottom),
            Part::First => (i, hops[i].top, mid(i)),
            Part::Second => (i, mid(i), hops[i].bottom),
        })
        .collect();

    // Interval ends on a compressed axis; two runs conflict when their
    // widened intervals share a point.
    let half = clearance / 2.0;
    let span = |&(_, from, to): &(usize, f64, f64)| (from.min(to) - half, from.max(to) + half);
    let mut coords: Vec<f64> = pieces.iter().flat_map(|p| <[f64; 2]>::from(span(p))).collect();
    coords.sort_by(f64::total_cmp);
    coords.dedup();
    let index = |v: f64| coords.partition_point(|&c| c < v);
    let mut tree = MaxTree::new(coords.len());
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); hops.len()];
    let mut count = 0;
    // Each run goes just below every earlier run it meets (the earlier one
    // is meant to be above it); the tree holds, per point, 1 + the lowest
    // track there so far.
    for p in &pieces {
        let (lo, hi) = span(p);
        let (a, b) = (index(lo), index(hi));
        let t = tree.max(a, b);
        tree.raise(a, b, t + 1);
        runs[p.0].push((t, p.2));
        count = count.max(t + 1);
    }
    (runs, count)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    Whole,
    /// From the top to the middle.
    First,
    /// From the middle to the bottom.
    Second,
}

/// Where one hop's upper end sits on another's lower end, the first must be
/// above the second, or their vertical legs would run along each other.
/// Such hops move up the order just enough (rare: it takes two ends at
/// nearly the same place); everything else keeps its place. Hops that pass
/// places round in a cycle (each ending where the next starts) cannot all be
/// obeyed. Of two that swap places, if one pair of legs is far enough apart
/// that pair is let be; otherwise one hop of the cycle is split: its first
/// half goes above the others, its second half below all of them.
fn respect_verticals(hops: &[Hop], order: &[usize], clearance: f64) -> Vec<(usize, Part)> {
    let mut bottoms: Vec<(f64, usize)> = order.iter().map(|&i| (hops[i].bottom, i)).collect();
    bottoms.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
    let mut rank = vec![usize::MAX; hops.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    // (rank that must be above, rank that must be below, distance of the legs).
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for &a in order.iter() {
        let x = hops[a].top;
        let from = bottoms.partition_point(|p| p.0 < x - clearance);
        for &(bx, b) in &bottoms[from..] {
            if bx > x + clearance {
                break;
            }
            if a != b {
                pairs.push((rank[a], rank[b], (bx - x).abs()));
            }
        }
    }
    if pairs.is_empty() {
        return order.iter().map(|&i| (i, Part::Whole)).collect();
    }
    let unordered = |p: &(usize, usize, f64)| (p.0.min(p.1), p.0.max(p.1));
    pairs.sort_by(|p, q| unordered(p).cmp(&unordered(q)).then(p.2.total_cmp(&q.2)));
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(pairs.len());
    let mut i = 0;
    while i < pairs.len() {
        let p = pairs[i];
        match pairs.get(i + 1) {
            // `p` has the closer legs; `q`'s would be the pair side by side.
            Some(q) if unordered(q) == unordered(&p) && q.2 >= clearance / 2.0 => {
                kept.push((p.0, p.1));
                i += 2;
            }
            _ => {
                kept.push((p.0, p.1));
                i += 1;
            }
        }
    }
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    let mut waiting = vec![0usize; order.len()];
    for &(a, b) in &kept {
        after[a].push(b);
        waiting[b] += 1;
    }
    // Kahn's algorithm taking the earliest free rank first, so the order
    // changes only where a constraint demands it; on a cycle the earliest
    // remaining rank is split.
    let mut free: std::collections::BinaryHeap<std::cmp::Reverse<usize>> =
        (0..order.len()).filter(|&r| waiting[r] == 0).map(std::cmp::Reverse).collect();
    let mut done = vec![false; order.len()];
    let mut out = Vec::with_capacity(order.len() + 1);
    let mut deferred = Vec::new();
    let mut next_unplaced = 0;
    let mut placed = 0;
    while placed < order.len() {
        let (r, part) = match free.pop() {
            Some(std::cmp::Reverse(r)) if !done[r] => (r, Part::Whole),
            Some(_) => continue,
            None => {
                while done[next_unplaced] {
                    next_unplaced += 1;
                }
                (next_unplaced, Part::First)
            }
        };
        done[r] = true;
        placed += 1;
        out.push((order[r], part));
        if part == Part::First {
            deferred.push((order[r], Part::Second));
        }
        for &s in &after[r] {
            waiting[s] = waiting[s].saturating_sub(1);
            if waiting[s] == 0 && !done[s] {
                free.push(std::cmp::Reverse(s));
            }
        }
    }
    out.extend(deferred);
    out
}

/// Range "raise to at least" and range maximum over `0..n`.
struct MaxTree {
    size: usize,
    max: Vec<usize>,
    /// A value every point of the node's range has been raised to.
    floor: Vec<usize>,
}

impl MaxTree {
    fn new(n: usize) -> MaxTree {
        let size = n.max(1).next_power_of_two();
        MaxTree { size, max: vec![0; 2 * size], floor: vec![0; 2 * size] }
    }

    /// Maximum over the inclusive range `a..=b`.
    fn max(&self, a: usize, b: usize) -> usize {
        self.query(1, 0, self.size - 1, a, b)
    }

    fn query(&self, node: usize, lo: usize, hi: usize, a: usize, b: usize) -> usize {
        if b < lo || hi < a {
            return 0;
        }
        if a <= lo && hi <= b {
            return self.max[node];
        }
        let mid = (lo + hi) / 2;
        let inner = self.query(2 * node, lo, mid, a, b).max(self.query(2 * node + 1, mid + 1, hi, a, b));
        inner.max(self.floor[node])
    }

    /// Raise every point of `a..=b` to at least `v`.
    fn raise(&mut self, a: usize, b: usize, v: usize) {
        self.update(1, 0, self.size - 1, a, b, v);
    }

    fn update(&mut self, node: usize, lo: usize, hi: usize, a: usize, b: usize, v: usize) {
        if b < lo || hi < a {
            return;
        }
        if a <= lo && hi <= b {
            self.max[node] = self.max[node].max(v);
            self.floor[node] = self.floor[node].max(v);
            return;
        }
        let mid = (lo + hi) / 2;
        self.update(2 * node, lo, mid, a, b, v);
        self.update(2 * node + 1, mid + 1, hi, a, b, v);
        self.max[node] = self.max[2 * node].max(self.max[2 * node + 1]).max(self.floor[node]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(top: f64, bottom: f64) -> Hop {
        Hop { top, bottom }
    }

    /// Crossings of two hops drawn on their tracks (legs against runs).
    fn crossings(a: Hop, ta: usize, b: Hop, tb: usize) -> usize {
        let (upper, lower) = if ta < tb { (a, b) } else { (b, a) };
        let within = |x: f64, h: Hop| x > h.top.min(h.bottom) && x < h.top.max(h.bottom);
        // The upper run meets the lower hop's first leg; the lower run meets the upper hop's last leg.
        usize::from(within(lower.top, upper)) + usize::from(within(upper.bottom, lower))
    }

    fn track(runs: &[Vec<Run>], i: usize) -> usize {
        match runs[i][..] {
            [(t, _)] => t,
            ref other => panic!("hop {i} has runs {other:?}"),
        }
    }

    #[test]
    fn straight_hops_take_no_track() {
        let (runs, n) = assign(&[hop(10.0, 10.0), hop(0.0, 0.2)], &[], 8.0);
        assert!(runs.iter().all(Vec::is_empty));
        assert_eq!(n, 0);
    }

    #[test]
    fn runs_apart_share_a_track_and_overlapping_runs_do_not() {
        let hops = [hop(0.0, 100.0), hop(200.0, 300.0), hop(150.0, 250.0)];
        let (runs, n) = assign(&hops, &[], 8.0);
        assert_eq!(track(&runs, 0), track(&runs, 1));
        assert_ne!(track(&runs, 0), track(&runs, 2));
        assert_eq!(n, 2);
        assert_eq!(runs[2], vec![(track(&runs, 2), 250.0)], "a run ends at the hop's bottom");
    }

    #[test]
    fn ends_closer_than_the_clearance_conflict() {
        let (runs, _) = assign(&[hop(0.0, 100.0), hop(104.0, 200.0)], &[], 8.0);
        assert_ne!(track(&runs, 0), track(&runs, 1));
    }

    #[test]
    fn hops_the_same_way_do_not_cross() {
        // Staggered pairs both ways: each can be drawn without a crossing.
        for (a, b) in [(hop(0.0, 100.0), hop(20.0, 140.0)), (hop(100.0, 0.0), hop(140.0, 20.0))] {
            let (runs, _) = assign(&[a, b], &[], 8.0);
            assert_eq!(crossings(a, track(&runs, 0), b, track(&runs, 1)), 0, "{runs:?}");
        }
    }

    #[test]
    fn a_leg_never_runs_along_another() {
        // The second hop ends where the first starts: the first must be
        // above, although leftward hops otherwise go under rightward ones.
        let hops = [hop(100.0, 0.0), hop(20.0, 100.0)];
        let (runs, _) = assign(&hops, &[], 8.0);
        assert!(track(&runs, 0) < track(&runs, 1), "{runs:?}");
    }

    #[test]
    fn hops_that_swap_places_cross_in_a_z() {
        // Each ends where the other starts: one goes over the other as far
        // as the middle and under it from there, so no legs meet.
        let (runs, n) = assign(&[hop(0.0, 12.0), hop(12.0, 0.0)], &[], 8.0);
        let (split, whole) = if runs[0].len() == 2 { (0, 1) } else { (1, 0) };
        let t = track(&runs, whole);
        assert_eq!(runs[split].len(), 2, "{runs:?}");
        assert!(runs[split][0].0 < t && t < runs[split][1].0, "{runs:?}");
        assert_eq!(runs[split][0].1, 6.0);
        assert_eq!(n, 3);
    }

    #[test]
    fn hops_passing_places_round_a_cycle_keep_their_legs_apart() {
        // Four hops each ending where the next starts: no order of single
        // runs works, so one is split.
        let hops = [hop(24.0, 0.0), hop(36.0, 24.0), hop(0.0, 12.0), hop(12.0, 36.0)];
        let (runs, _) = assign(&hops, &[], 8.0);
        for (a, ha) in hops.iter().enumerate() {
            for (b, hb) in hops.iter().enumerate() {
                if a != b && (ha.top - hb.bottom).abs() < 1.0 {
                    // The run leaving a's top is above the run reaching b's bottom.
                    let (Some(first), Some(last)) = (runs[a].first(), runs[b].last()) else { panic!("{runs:?}") };
                    assert!(first.0 < last.0, "hops {a} and {b}: {runs:?}");
                }
            }
        }
    }

    #[test]
    fn the_tree_answers_range_maxima() {
        let mut tree = MaxTree::new(10);
        tree.raise(2, 5, 3);
        tree.raise(4, 8, 1);
        assert_eq!(tree.max(0, 1), 0);
        assert_eq!(tree.max(5, 9), 3);
        assert_eq!(tree.max(6, 9), 1);
    }
}
