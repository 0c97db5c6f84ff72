use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{ComponentId, LinkId};
use std::collections::VecDeque;

/// How many members get a label of their own, and how many ids the message spells out.
const MAX_MEMBERS: usize = 8;

crate::declare_rule! {
    /// ## What it does
    /// Reports a cycle made only of `->` links: components that call each other
    /// synchronously, each waiting for the other's answer. One finding per
    /// strongly connected component of the `->` graph, at its earliest-declared
    /// link, with the other members labelled (for a cycle of two, the link that
    /// closes it). The message spells out one shortest cycle through that
    /// link; when more components are tangled in with it, it gives their
    /// number, and the labels tell the members of that cycle from the rest.
    ///
    /// ## Why is this bad?
    /// A synchronous cycle holds a thread or connection at every hop while it
    /// waits, so under load the members exhaust each other's pools and
    /// deadlock. When one member slows down, the timeouts and retries of every
    /// other member feed back into it: a retry storm. Neither member can be
    /// deployed, scaled or restarted independently.
    ///
    /// ## Example
    /// ```arch
    /// service orders
    /// service billing
    /// orders -> billing : grpc
    /// billing -> orders : grpc
    /// ```
    ///
    /// ## How to fix
    /// Break the cycle: make one direction asynchronous (`billing ~> events ~>
    /// orders` through a `queue` or `topic`), or move the shared logic into a
    /// third component both call. If the cycle is known to be safe (the calls
    /// never nest), put `allow sync-cycle "reason"` on the reported link.
    pub struct SyncCycle {
        name: "sync-cycle",
        level: Error,
        category: Structure,
        summary: "components that call each other synchronously in a cycle",
    }
}

impl Rule for SyncCycle {
    // Vectors here are sized from the model and indexed by its own component
    // and link ids, which input cannot put out of range.
    #[allow(clippy::indexing_slicing)]
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        let mut in_scc = vec![false; cx.model.components.len()];
        for scc in cx.sync_cycles() {
            for c in scc {
                in_scc[c.index()] = true;
            }
            let inner = |l: &&LinkId| {
                let link = cx.link(**l);
                link.is_sync() && in_scc[link.to.index()]
            };
            let first = scc.iter().filter_map(|&c| adj.outgoing(c).iter().filter(inner).min().copied()).min();
            if let Some(first) = first {
                out.push(finding(cx, scc, first, &in_scc));
            }
            for c in scc {
                in_scc[c.index()] = false;
            }
        }
    }
}

fn finding(cx: &LintContext<'_>, scc: &[ComponentId], first: LinkId, in_scc: &[bool]) -> Finding {
    let link = cx.link(first);
    let cycle = shortest_return(cx, link.to, link.from, in_scc);
    // `from`, then the way back to it: the cycle with its first member repeated at the end.
    let mut names: Vec<&str> = std::iter::once(cx.name(link.from)).chain(cycle.iter().map(|&c| cx.name(c))).collect();
    let shown = if names.len() > MAX_MEMBERS + 1 {
        let hidden = names.len() - 1 - MAX_MEMBERS;
        names.truncate(MAX_MEMBERS);
        format!("{} -> … ({hidden} more) -> `{}`", backticked(&names), cx.name(link.from))
    } else {
        backticked(&names)
    };
    // The cycle shown is the shortest through the first link; the rest of
    // the strongly connected component is in other cycles with it, and the
    // message says so rather than let the labels contradict it.
    let beyond = if scc.len() > cycle.len() {
        format!(" ({} components call each other in cycles)", scc.len())
    } else {
        String::new()
    };
    let mut f = Finding::new(
        Subject::Link(first),
        link.span,
        "this call waits on itself",
        format!("synchronous call cycle: {shown}{beyond}"),
    );
    let others: Vec<ComponentId> = scc.iter().copied().filter(|&c| c != link.from && c != link.to).collect();
    for &c in others.iter().take(MAX_MEMBERS) {
        let text = if cycle.contains(&c) { "also in the cycle" } else { "in another cycle through these" };
        f = f.with_label(cx.at(c), text);
    }
    if let Some(&next) = others.get(MAX_MEMBERS) {
        f = f.with_label(cx.at(next), format!("and {} more members", others.len() - MAX_MEMBERS));
    }
    if others.is_empty() {
        let back = cx.adjacency().outgoing(link.to).iter().copied().find(|&l| {
            let b = cx.link(l);
            b.is_sync() && b.to == link.from
        });
        if let Some(back) = back {
            f = f.with_label(cx.link(back).span, "and calls back");
        }
    }
    f.with_help("make one direction asynchronous (`~>` through a queue or topic) or move the shared work into a third component")
}

/// The members on a shortest `->` path from `from` back to `to` inside the
/// cycle, both ends included (`to` last).
// Vectors here are sized from the model and indexed by its own component
// and link ids, which input cannot put out of range.
#[allow(clippy::indexing_slicing)]
fn shortest_return(cx: &LintContext<'_>, from: ComponentId, to: ComponentId, in_scc: &[bool]) -> Vec<ComponentId> {
    let adj = cx.adjacency();
    let mut prev: std::collections::HashMap<ComponentId, ComponentId> = std::collections::HashMap::new();
    let mut queue = VecDeque::from([from]);
    prev.insert(from, from);
    while let Some(c) = queue.pop_front() {
        if c == to {
            break;
        }
        for &l in adj.outgoing(c) {
            let link = cx.link(l);
            if link.is_sync() && in_scc[link.to.index()] && !prev.contains_key(&link.to) {
                prev.insert(link.to, c);
                queue.push_back(link.to);
            }
        }
    }
    let mut path = vec![to];
    let mut c = to;
    while c != from {
        match prev.get(&c) {
            Some(&p) => {
                path.push(p);
                c = p;
            }
            None => break,
        }
    }
    path.reverse();
    path
}

fn backticked(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" -> ")
}
