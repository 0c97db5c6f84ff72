//! Ranks: which tier each component sits in, following the direction requests
//! travel. Cycles are broken by a depth-first search that starts at entry
//! points (clients first), so the edge that closes a loop is the one drawn
//! against the flow; the order of the search is the declaration order, so the
//! result is the same on every run.

/// Ranks for `n` nodes and `edges` (from, to); also, per edge, whether it
/// was reversed to break a cycle. Self-loops get `reversed = false` and are
/// ignored for ranking.
pub fn rank(n: usize, edges: &[(usize, usize)], is_entry: &[bool]) -> (Vec<usize>, Vec<bool>) {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for (e, &(a, b)) in edges.iter().enumerate() {
        if a != b {
            out[a].push((b, e));
            indeg[b] += 1;
        }
    }
    // Start the search at entries, then at nodes nothing points at, then anywhere.
    let mut starts: Vec<usize> = (0..n).collect();
    starts.sort_by_key(|&v| (!is_entry[v], indeg[v] != 0, v));

    let mut reversed = vec![false; edges.len()];
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for &s in &starts {
        if state[s] != 0 {
            continue;
        }
        state[s] = 1;
        stack.push((s, 0));
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(&(w, e)) = out[v].get(top.1) {
                top.1 += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }

    // Longest path from the sources over the now acyclic graph (Kahn's order).
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for (e, &(a, b)) in edges.iter().enumerate() {
        if a == b {
            continue;
        }
        let (a, b) = if reversed[e] { (b, a) } else { (a, b) };
        succ[a].push(b);
        pred[b].push(a);
        indeg[b] += 1;
    }
    let mut rank = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(v) = queue.pop_front() {
        topo.push(v);
        for &w in &succ[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    // A source that is not an entry point (a cron job feeding a queue, a
    // dead-letter consumer) belongs just above what it calls, not in the
    // top tier beside the clients. Walk in reverse topological order so a
    // chain of such sources moves down together.
    for &v in topo.iter().rev() {
        if pred[v].is_empty() && !is_entry[v] {
            if let Some(m) = succ[v].iter().map(|&w| rank[w]).min() {
                rank[v] = m.saturating_sub(1);
            }
        }
    }
    (rank, reversed)
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn chain_ranks_in_order() {
        let (r, rev) = rank(3, &[(0, 1), (1, 2)], &[true, false, false]);
        assert_eq!(r, vec![0, 1, 2]);
        assert_eq!(rev, vec![false, false]);
    }

    #[test]
    fn cycles_break_against_the_flow_from_entries() {
        // 0 is the client; 1 -> 2 -> 1 is a loop; the edge back to 1 is reversed.
        let (r, rev) = rank(3, &[(0, 1), (1, 2), (2, 1)], &[true, false, false]);
        assert_eq!(rev, vec![false, false, true]);
        assert_eq!(r, vec![0, 1, 2]);
    }

    #[test]
    fn non_entry_sources_sit_above_their_targets() {
        // 0 -> 1 -> 2 -> 3, and a job 4 feeding 3.
        let (r, _) = rank(5, &[(0, 1), (1, 2), (2, 3), (4, 3)], &[true, false, false, false, false]);
        assert_eq!(r[4], 2);
    }
}
