use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, ComponentId, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `cache` with `strategy write_behind` that is written over a
    /// `->` link by a component that also writes a `database` over a `->`
    /// link, when the cache has redundancy 1 (one replica, not `managed`) or
    /// such a database is `acid`. One finding per cache, at its `strategy`.
    ///
    /// It is a warning, and an error when one of those databases is `acid` —
    /// but only while the rule runs at its default level: a level set in
    /// `archc.toml` or with `-D/-W/-A` replaces both.
    ///
    /// ## Why is this bad?
    /// A write-behind cache acknowledges a write as soon as it is in memory and
    /// writes it to the database later. Until then the cache holds the only
    /// copy: if its single instance crashes, acknowledged writes are lost. For
    /// an `acid` database that breaks the durability the design asked for,
    /// even with a replicated cache, because the write was confirmed before it
    /// was durable.
    ///
    /// ## Example
    /// ```arch
    /// service api { replicas 2 }
    /// cache carts { strategy write_behind; ttl 1h }
    /// database orders { replicas 2; acid }
    /// api -> carts : write
    /// api -> orders : write
    /// ```
    ///
    /// ## How to fix
    /// Use `strategy write_through` so the write is durable before it is
    /// acknowledged, or (when the database is not `acid`) replicate the cache
    /// (`replicas 2`). If losing the last seconds of writes is acceptable,
    /// `allow write-behind-data-loss "reason"` on the cache.
    pub struct WriteBehindDataLoss {
        name: "write-behind-data-loss",
        level: Warning,
        category: Data,
        summary: "a write-behind cache can lose acknowledged writes",
    }
}

impl Rule for WriteBehindDataLoss {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for c in cx.model.component_ids() {
            let cache = cx.component(c);
            if cache.kind != Kind::Cache || cache.attrs.keyword(AttrKey::Strategy) != Some("write_behind") {
                continue;
            }
            let Some(strategy) = cache.attrs.span(AttrKey::Strategy) else { continue };
            let mut dbs: Vec<ComponentId> = Vec::new();
            for &l in adj.incoming(c) {
                let link = cx.link(l);
                if !link.is_sync() || !link.write || cx.component(link.from).kind == Kind::Client {
                    continue;
                }
                for &o in adj.outgoing(link.from) {
                    let w = cx.link(o);
                    if w.is_sync() && w.write && cx.component(w.to).kind == Kind::Database {
                        dbs.push(w.to);
                    }
                }
            }
            dbs.sort_unstable();
            dbs.dedup();
            let acid: Vec<ComponentId> = dbs.iter().copied().filter(|&d| cx.component(d).attrs.has(AttrKey::Acid)).collect();
            let single = !cache.is_redundant();
            if dbs.is_empty() || (!single && acid.is_empty()) {
                continue;
            }
            let why = match (acid.first(), single) {
                (Some(&d), _) => format!("writes acknowledged by `{}` may never reach the `acid` database `{}`", cache.id, cx.name(d)),
                (None, _) => format!("writes held by the single instance of `{}` are lost if it fails", cache.id),
            };
            let mut f = Finding::new(
                Subject::Component(c),
                strategy,
                "acknowledges writes before the database has them",
                format!("write-behind cache `{}` can lose data: {why}", cache.id),
            );
            f.error_at_default_level = !acid.is_empty();
            for &d in &dbs {
                let label = if acid.contains(&d) { "`acid`: writes must be durable" } else { "written beside the cache" };
                f = f.with_label(cx.at(d), label);
            }
            out.push(f.with_help(if acid.is_empty() {
                "use `strategy write_through`, or run the cache with `replicas 2` or more"
            } else {
                "use `strategy write_through` so writes are durable before they are acknowledged"
            }));
        }
    }
}
