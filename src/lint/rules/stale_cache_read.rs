use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, ComponentId, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `cache` that can serve stale data — its `strategy` is
    /// `cache_aside` or `write_behind`, or it has no strategy but a `ttl` —
    /// read over a `->` link by a component that also reads, over a `->` link,
    /// a `database` declaring `consistency strong`. One finding per cache; the
    /// strongly consistent databases are labelled.
    ///
    /// ## Why is this bad?
    /// The database was made strongly consistent because readers must see the
    /// latest write. A cache-aside or write-behind cache in front of the same
    /// reads gives that up silently: after a write, the cache keeps answering
    /// with the old value until the entry expires or is invalidated, and a
    /// write-behind cache is ahead of the database instead. The reader mixes
    /// fresh and stale data, the inconsistency the database was chosen to avoid.
    ///
    /// ## Example
    /// ```arch
    /// service api { replicas 2 }
    /// cache balances { replicas 2; strategy cache_aside; ttl 5m }
    /// database ledger { replicas 3; consistency strong }
    /// api -> balances : read
    /// api -> ledger : read write
    /// ```
    ///
    /// ## How to fix
    /// Use a `write_through` or `read_through` cache kept in step with the
    /// database, cache only data that may lag, or read the strongly consistent
    /// data from the database. If bounded staleness is acceptable,
    /// `allow stale-cache-read "reason"` on the cache.
    pub struct StaleCacheRead {
        name: "stale-cache-read",
        level: Warning,
        category: Data,
        summary: "a cache that may serve stale data is read beside a strongly consistent database",
    }
}

impl Rule for StaleCacheRead {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for c in cx.model.component_ids() {
            let cache = cx.component(c);
            if cache.kind != Kind::Cache {
                continue;
            }
            let may_be_stale = match cache.attrs.keyword(AttrKey::Strategy) {
                Some(s) => matches!(s, "cache_aside" | "write_behind"),
                None => cache.attrs.has(AttrKey::Ttl),
            };
            if !may_be_stale {
                continue;
            }
            let mut readers: Vec<ComponentId> = Vec::new();
            let mut strong: Vec<ComponentId> = Vec::new();
            for &l in adj.incoming(c) {
                let link = cx.link(l);
                if !link.is_sync() || !link.read || cx.component(link.from).kind == Kind::Client {
                    continue;
                }
                let before = strong.len();
                for &o in adj.outgoing(link.from) {
                    let read = cx.link(o);
                    let db = cx.component(read.to);
                    if read.is_sync()
                        && read.read
                        && db.kind == Kind::Database
                        && db.attrs.keyword(AttrKey::Consistency) == Some("strong")
                    {
                        strong.push(read.to);
                    }
                }
                if strong.len() > before {
                    readers.push(link.from);
                }
            }
            strong.sort_unstable();
            strong.dedup();
            readers.sort_unstable();
            readers.dedup();
            let (Some(&reader), Some(&db)) = (readers.first(), strong.first()) else { continue };
            let mut f = Finding::new(
                Subject::Component(c),
                cx.at(c),
                "may serve stale data",
                format!(
                    "`{}` reads cache `{}`, which can be stale, beside the strongly consistent `{}`",
                    cx.name(reader),
                    cache.id,
                    cx.name(db)
                ),
            );
            for &d in &strong {
                f = f.with_label(cx.at(d), "declares `consistency strong`");
            }
            out.push(f.with_help(
                "use a `write_through` or `read_through` cache, or read data that must be fresh from the database",
            ));
        }
    }
}
