use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, ComponentId, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `load_balancer` whose `algorithm` (default `round_robin`) is
    /// not `ip_hash` and that forwards `->` links directly to a `stateful`
    /// `service` running more than one instance (maximum `replicas` ≥ 2). One
    /// finding per load balancer, at its `algorithm` (or at the balancer when
    /// it has none), with each such service labelled.
    ///
    /// ## Why is this bad?
    /// A stateful service keeps a user's session in the memory of one
    /// instance. A balancer without affinity sends the user's next request to
    /// another instance, which does not know the session: the user is logged
    /// out, loses a cart or sees a half-finished flow restart, at random.
    ///
    /// ## Example
    /// ```arch
    /// load_balancer lb { replicas 2; algorithm round_robin }
    /// service web_app { replicas 3; stateful }
    /// lb -> web_app : http
    /// ```
    ///
    /// ## How to fix
    /// Better: make the service `stateless` and keep sessions in a shared
    /// `cache` or `database`. Otherwise give the balancer affinity with
    /// `algorithm ip_hash`. To keep it as it is (sticky cookies configured
    /// elsewhere), `allow stateful-without-affinity "reason"` on the balancer.
    pub struct StatefulWithoutAffinity {
        name: "stateful-without-affinity",
        level: Warning,
        category: Security,
        summary: "a load balancer spreads a stateful service's users over its instances",
    }
}

impl Rule for StatefulWithoutAffinity {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for lb in cx.model.component_ids() {
            let comp = cx.component(lb);
            if comp.kind != Kind::LoadBalancer {
                continue;
            }
            let algorithm = comp.balancing_algorithm();
            if algorithm == "ip_hash" {
                continue;
            }
            let mut services: Vec<ComponentId> = adj
                .outgoing(lb)
                .iter()
                .map(|&l| cx.link(l))
                .filter(|link| link.is_sync())
                .map(|link| link.to)
                .filter(|&s| {
                    let s = cx.component(s);
                    s.kind == Kind::Service && s.is_stateful() && s.max_replicas() >= 2
                })
                .collect();
            services.sort_unstable();
            services.dedup();
            if services.is_empty() {
                continue;
            }
            let names: Vec<&str> = services.iter().map(|&s| cx.name(s)).collect();
            let names = crate::model::attrs::backticked(&names).replace(" or ", " and ");
            let (span, label) = match comp.attrs.span(AttrKey::Algorithm) {
                Some(span) => (span, format!("`{algorithm}` has no session affinity")),
                None => (cx.at(lb), "`round_robin` by default: no session affinity".to_string()),
            };
            let mut f = Finding::new(
                Subject::Component(lb),
                span,
                label,
                format!(
                    "`{}` spreads the sessions of stateful {names} over {} instances",
                    comp.id,
                    if services.len() == 1 { "its" } else { "their" }
                ),
            );
            for &s in &services {
                f = f.with_label(cx.at(s), format!("`stateful`, up to {} replicas", cx.component(s).max_replicas()));
            }
            out.push(f.with_help("make the service `stateless` with sessions in a shared store, or use `algorithm ip_hash`"));
        }
    }
}
