use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::LinkId;
use std::collections::VecDeque;

/// Attempts a single request may turn into before it is a storm.
const LIMIT: u64 = 10;

crate::declare_rule! {
    /// ## What it does
    /// Multiplies `(1 + retries)` over the links of each request path (`->`
    /// links from a client or an `entry` component) and reports the first link
    /// where the running product exceeds 10, with the earlier retrying links of
    /// one such path labelled. Each link is reported once, however many paths
    /// pass 10 there. Paths are followed as walks: around a `->` cycle (itself
    /// a `sync-cycle` error) the product keeps growing.
    ///
    /// ## Why is this bad?
    /// Retries at every layer multiply. If the gateway tries 3 times, the
    /// service behind it 3 times and the client of the database 3 times, one
    /// failing database call becomes 27 — exactly when the database is already
    /// struggling. The retries turn a brief slowdown into a self-sustaining
    /// overload: a retry storm.
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// gateway edge { replicas 2 }
    /// service api { replicas 2 }
    /// database db { replicas 2 }
    /// web -> edge : https { retries 2 }
    /// edge -> api : http { retries 2 }
    /// api -> db : sql { retries 3 }
    /// ```
    /// 3 × 3 × 4 = 36 attempts reach `db` for one request.
    ///
    /// ## How to fix
    /// Retry at one layer only (usually the outermost or the innermost), use
    /// retry budgets and circuit breakers, and set `retries 0` elsewhere. To
    /// accept the risk, `allow retry-amplification "reason"` on the link.
    pub struct RetryAmplification {
        name: "retry-amplification",
        level: Warning,
        category: Security,
        summary: "retries along a request path multiply into a retry storm",
    }
}

/// A state of the search: a component reached with a running product `1..=LIMIT`.
#[derive(Clone, Copy)]
struct Parent {
    state: usize,
    link: LinkId,
}

impl Rule for RetryAmplification {
    /// Products are whole numbers and only those up to 10 matter, so a search
    /// over (component, product) pairs — at most 10 per component — finds every
    /// product every path can have at every component, in linear time.
    // Vectors here are sized from the model and indexed by its own component
    // and link ids, which input cannot put out of range.
    #[allow(clippy::indexing_slicing)]
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        let adj = cx.adjacency();
        let width = LIMIT as usize + 1;
        let state = |c: usize, p: u64| c * width + p as usize;
        let mut seen = vec![false; m.components.len() * width];
        let mut parent: Vec<Option<Parent>> = vec![None; m.components.len() * width];
        // For each link, the state it was first passed from with a product above 10.
        let mut passed: Vec<Option<usize>> = vec![None; m.links.len()];
        let mut queue = VecDeque::new();
        for e in m.entry_points() {
            seen[state(e.index(), 1)] = true;
            queue.push_back((e, 1u64));
        }
        while let Some((c, product)) = queue.pop_front() {
            let here = state(c.index(), product);
            for &l in adj.outgoing(c) {
                let link = cx.link(l);
                if !link.is_sync() {
                    continue;
                }
                let next = product.saturating_mul(link.retries().saturating_add(1));
                if next > LIMIT {
                    passed[l.index()].get_or_insert(here);
                    continue;
                }
                let there = state(link.to.index(), next);
                if !seen[there] {
                    seen[there] = true;
                    parent[there] = Some(Parent { state: here, link: l });
                    queue.push_back((link.to, next));
                }
            }
        }
        for l in m.link_ids() {
            let Some(from) = passed[l.index()] else { continue };
            let link = cx.link(l);
            let product = (from % width) as u64;
            let total = product.saturating_mul(link.retries().saturating_add(1));
            // The earlier retrying links of one path that passes 10 here.
            let mut earlier = Vec::new();
            let mut s = from;
            while let Some(p) = parent[s] {
                if cx.link(p.link).retries() > 0 {
                    earlier.push(p.link);
                }
                s = p.state;
            }
            earlier.reverse();
            let mut f = Finding::new(
                Subject::Link(l),
                link.span,
                format!("`retries {}` makes it {total} attempts", link.retries()),
                format!("retries multiply to {total} attempts per request at `{}`", m.link_name(l)),
            );
            for e in earlier {
                let r = cx.link(e).retries();
                f = f.with_label(cx.link(e).span, format!("retries {r} (×{})", r + 1));
            }
            out.push(f.with_help("retry at one layer only, and set `retries 0` or a `circuit_breaker` on the others"));
        }
    }
}
