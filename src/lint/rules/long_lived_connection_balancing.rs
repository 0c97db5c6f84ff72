use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `load_balancer` that has an incoming or outgoing link with
    /// protocol `websocket` or `wss` while its `algorithm` (default
    /// `round_robin`) is `round_robin`, `weighted_round_robin` or `random`.
    /// Points at the `algorithm` (or the balancer when it has none), with the
    /// first such link labelled.
    ///
    /// ## Why is this bad?
    /// Those algorithms balance connections as they are opened, as if each
    /// were as short as an HTTP request. WebSocket connections stay open for
    /// hours: instances started early or restarted late keep very different
    /// numbers of them, and a fresh instance added under load gets almost
    /// none. Load piles up unevenly and the busiest instance fails first.
    ///
    /// ## Example
    /// ```arch
    /// client app
    /// load_balancer lb { replicas 2 }
    /// service chat { replicas 4 }
    /// app -> lb : wss
    /// lb -> chat : websocket
    /// ```
    ///
    /// ## How to fix
    /// Use `algorithm least_connections` so new connections go to the
    /// instance holding the fewest. To keep the algorithm,
    /// `allow long-lived-connection-balancing "reason"` on the balancer.
    pub struct LongLivedConnectionBalancing {
        name: "long-lived-connection-balancing",
        level: Note,
        category: Security,
        summary: "a load balancer spreads long-lived websocket connections by count of requests",
    }
}

impl Rule for LongLivedConnectionBalancing {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for lb in cx.model.component_ids() {
            let comp = cx.component(lb);
            if comp.kind != Kind::LoadBalancer {
                continue;
            }
            let algorithm = comp.balancing_algorithm();
            if !matches!(algorithm, "round_robin" | "weighted_round_robin" | "random") {
                continue;
            }
            let mut links: Vec<_> = adj.incoming(lb).iter().chain(adj.outgoing(lb)).copied().collect();
            links.sort_unstable();
            let Some(ws) = links.into_iter().find(|&l| matches!(cx.link(l).protocol, Some("websocket" | "wss"))) else {
                continue;
            };
            let (span, label) = match comp.attrs.span(AttrKey::Algorithm) {
                Some(span) => (span, format!("`{algorithm}` ignores how long connections live")),
                None => (cx.at(lb), "`round_robin` by default".to_string()),
            };
            let protocol = cx.link(ws).protocol.unwrap_or("websocket");
            out.push(
                Finding::new(
                    Subject::Component(lb),
                    span,
                    label,
                    format!("`{}` balances long-lived `{protocol}` connections with `{algorithm}`", comp.id),
                )
                .with_label(cx.link(ws).span, format!("`{protocol}` connections stay open"))
                .with_help("use `algorithm least_connections`"),
            );
        }
    }
}
