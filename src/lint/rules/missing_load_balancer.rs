use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::Kind;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `->` link that goes straight from a `client` or a `cdn` to a
    /// `service` or `gateway` that runs more than one instance (`replicas` ≥ 2,
    /// or a range whose maximum is ≥ 2).
    ///
    /// ## Why is this bad?
    /// Replicas only add capacity and availability if requests are spread over
    /// them and kept away from the ones that are down. A client that calls the
    /// service directly has no one to do that: it talks to whichever address it
    /// was given, and when that instance fails its requests fail even though
    /// the other replicas are healthy.
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// service api { replicas 3 }
    /// web -> api : https
    /// ```
    ///
    /// ## How to fix
    /// Put a `load_balancer` (or a `gateway` that balances) in between:
    /// `web -> lb -> api`. To keep the direct link, add
    /// `allow missing-load-balancer "client-side balancing"` to the link.
    pub struct MissingLoadBalancer {
        name: "missing-load-balancer",
        level: Warning,
        category: Structure,
        summary: "a client or cdn calls a replicated service directly, with no load balancer",
    }
}

impl Rule for MissingLoadBalancer {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for l in cx.model.link_ids() {
            let link = cx.link(l);
            let (from, to) = (cx.component(link.from), cx.component(link.to));
            if !link.is_sync()
                || !matches!(from.kind, Kind::Client | Kind::Cdn)
                || !matches!(to.kind, Kind::Service | Kind::Gateway)
                || to.max_replicas() < 2
            {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Link(l),
                    link.span,
                    "no load balancer in between",
                    format!(
                        "`{}` calls `{}` directly, but `{}` runs up to {} replicas",
                        from.id,
                        to.id,
                        to.id,
                        to.max_replicas()
                    ),
                )
                .with_help(format!(
                    "put a `load_balancer` between them (`{} -> lb -> {}`) to spread requests and skip failed replicas",
                    from.id, to.id
                )),
            );
        }
    }
}
