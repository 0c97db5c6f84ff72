use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{ComponentId, Kind};
use std::collections::VecDeque;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `->` link carrying `read` from a component R to a `database`
    /// or `search` when R has no `->` link to any `cache` and some request path
    /// (a path of `->` links from a client or an `entry` component) reaches R
    /// without passing a `cache` or `cdn` on the way. Clients are never R.
    ///
    /// A `cache` or `cdn` that reads the database itself (a read-through cache)
    /// is the cache on the path, so it never fires. An `entry` component (a
    /// batch job) starts a request path of its own, so its reads count.
    ///
    /// Silent when the `system` block declares `read_ratio` below 0.5: a
    /// write-heavy system gains little from a cache.
    ///
    /// ## Why is this bad?
    /// Reads usually dominate traffic, and every one of them that reaches the
    /// database costs disk, CPU and connection time there. The database is the
    /// hardest component to scale out, so it becomes the bottleneck and its
    /// latency becomes the request's latency. A cache in front of hot reads
    /// absorbs most of them in memory.
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// service api { replicas 2 }
    /// database products { replicas 2 }
    /// web -> api : https
    /// api -> products : sql read
    /// ```
    ///
    /// ## How to fix
    /// Add a `cache` the reader consults first (`api -> product_cache : resp
    /// read`), or serve the reads from a `cdn` in front of the reader. If the
    /// reads must be fresh every time, `allow missing-cache "reason"` on the link.
    pub struct MissingCache {
        name: "missing-cache",
        level: Warning,
        category: Data,
        summary: "reads on a request path go to a database or search index with no cache",
    }
}

fn is_cache(kind: Kind) -> bool {
    matches!(kind, Kind::Cache | Kind::Cdn)
}

impl Rule for MissingCache {
    // Vectors here are sized from the model and indexed by its own component
    // and link ids, which input cannot put out of range.
    #[allow(clippy::indexing_slicing)]
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        if m.system.as_ref().and_then(|s| s.read_ratio()).is_some_and(|r| r < 0.5) {
            return;
        }
        let adj = cx.adjacency();
        let uncached = uncached_reach(cx);
        for l in m.link_ids() {
            let link = cx.link(l);
            let (r, target) = (cx.component(link.from), cx.component(link.to));
            if !link.is_sync()
                || !link.read
                || !matches!(target.kind, Kind::Database | Kind::Search)
                || r.kind == Kind::Client
                || is_cache(r.kind)
                || !uncached[link.from.index()]
            {
                continue;
            }
            let reads_a_cache = adj.outgoing(link.from).iter().any(|&o| {
                let o = cx.link(o);
                o.is_sync() && cx.component(o.to).kind == Kind::Cache
            });
            if reads_a_cache {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Link(l),
                    link.span,
                    "every read goes to the store",
                    format!("`{}` reads {} `{}` with no cache in front", r.id, target.kind, target.id),
                )
                .with_help(format!(
                    "add a `cache` that `{}` reads first (`{} -> some_cache : read`) or serve the reads from a `cdn`",
                    r.id, r.id
                )),
            );
        }
    }
}

/// Components some request path reaches without passing a cache or cdn: a
/// search from every entry point over `->` links that does not go on past a
/// cache or cdn.
// Vectors here are sized from the model and indexed by its own component
// and link ids, which input cannot put out of range.
#[allow(clippy::indexing_slicing)]
fn uncached_reach(cx: &LintContext<'_>) -> Vec<bool> {
    let m = cx.model;
    let adj = cx.adjacency();
    let mut seen = vec![false; m.components.len()];
    let mut queue: VecDeque<ComponentId> = m.entry_points().collect();
    for &e in &queue {
        seen[e.index()] = true;
    }
    while let Some(c) = queue.pop_front() {
        if is_cache(cx.component(c).kind) {
            continue;
        }
        for &l in adj.outgoing(c) {
            let link = cx.link(l);
            if link.is_sync() && !seen[link.to.index()] {
                seen[link.to.index()] = true;
                queue.push_back(link.to);
            }
        }
    }
    seen
}
