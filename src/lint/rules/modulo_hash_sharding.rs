use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, AttrValue, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `cache` with `sharding hash`.
    ///
    /// ## Why is this bad?
    /// Plain hash sharding places a key on node `hash(key) % N`. Add or remove
    /// one node and N changes, so almost every key maps to a different node:
    /// the whole cache misses at once and the database behind it takes the
    /// full load, exactly when the cluster is being resized or has lost a
    /// node. Consistent hashing moves only the keys of the neighbouring nodes.
    ///
    /// ## Example
    /// ```arch
    /// cache sessions { replicas 3; ttl 1h; sharding hash "user_id" }
    /// ```
    ///
    /// ## How to fix
    /// Use `sharding consistent_hash`. If the node count never changes,
    /// `allow modulo-hash-sharding "fixed cluster size"` on the cache.
    pub struct ModuloHashSharding {
        name: "modulo-hash-sharding",
        level: Note,
        category: Security,
        summary: "a cache sharded by plain hash remaps almost every key when resized",
    }
}

impl Rule for ModuloHashSharding {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for c in cx.model.component_ids() {
            let comp = cx.component(c);
            let Some(attr) = comp.attrs.get(AttrKey::Sharding) else { continue };
            if comp.kind != Kind::Cache || !matches!(&attr.value, AttrValue::Sharding { strategy: "hash", .. }) {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Component(c),
                    attr.span,
                    "`hash(key) % N`",
                    format!("cache `{}` shards by plain hash: resizing it remaps almost every key", comp.id),
                )
                .with_help("use `sharding consistent_hash`"),
            );
        }
    }
}
