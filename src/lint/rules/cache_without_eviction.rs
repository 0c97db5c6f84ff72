use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `cache` that declares neither an `eviction` policy nor a `ttl`.
    ///
    /// ## Why is this bad?
    /// A cache holds a bounded amount of memory. Without a policy for what to
    /// drop, it either fills up and starts failing writes (or is killed for
    /// running out of memory), or evicts by whatever its engine defaults to,
    /// which may not be what the design assumed. Without a `ttl`, an entry
    /// that missed an invalidation stays wrong forever.
    ///
    /// ## Example
    /// ```arch
    /// cache sessions { engine "Redis"; replicas 2 }
    /// ```
    ///
    /// ## How to fix
    /// Declare `eviction lru` (or `lfu`, `fifo`, `ttl`, `random`), a `ttl`
    /// such as `ttl 1h`, or both. To leave it unbounded on purpose,
    /// `allow cache-without-eviction "reason"` on the cache.
    pub struct CacheWithoutEviction {
        name: "cache-without-eviction",
        level: Warning,
        category: Data,
        summary: "a cache with neither an eviction policy nor a ttl",
    }
}

impl Rule for CacheWithoutEviction {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for c in cx.model.component_ids() {
            let comp = cx.component(c);
            if comp.kind != Kind::Cache || comp.attrs.has(AttrKey::Eviction) || comp.attrs.has(AttrKey::Ttl) {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Component(c),
                    cx.at(c),
                    "no `eviction` and no `ttl`",
                    format!("cache `{}` says neither what to evict nor when entries expire", comp.id),
                )
                .with_help("declare `eviction lru` and/or a `ttl` such as `ttl 1h`"),
            );
        }
    }
}
