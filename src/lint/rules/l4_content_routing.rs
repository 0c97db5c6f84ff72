use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, ComponentId, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `load_balancer` with `layer 4` that forwards `->` links to two
    /// or more different components that are not load balancers themselves.
    /// Points at `layer`, with the targets labelled.
    ///
    /// ## Why is this bad?
    /// Sending `/api` to one service and `/static` to another means choosing
    /// a backend by path, host or header — by the content of the HTTP request.
    /// A layer-4 balancer sees only addresses and ports, so it can only spread
    /// connections over interchangeable copies of one backend. Either the
    /// design expects routing it cannot do, or requests land on services that
    /// cannot answer them.
    ///
    /// ## Example
    /// ```arch
    /// load_balancer lb { replicas 2; layer 4 }
    /// service api { replicas 2 }
    /// service assets { replicas 2 }
    /// lb -> api : http
    /// lb -> assets : http
    /// ```
    ///
    /// ## How to fix
    /// Use `layer 7` (or put a `gateway` behind the balancer) to route by
    /// content, or give each backend its own balancer. If the targets really
    /// are told apart by port, `allow l4-content-routing "reason"`.
    pub struct L4ContentRouting {
        name: "l4-content-routing",
        level: Warning,
        category: Security,
        summary: "a layer-4 load balancer routes to several different backends",
    }
}

impl Rule for L4ContentRouting {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for lb in cx.model.component_ids() {
            let comp = cx.component(lb);
            if comp.kind != Kind::LoadBalancer || comp.attrs.number(AttrKey::Layer) != Some(4.0) {
                continue;
            }
            let Some(layer) = comp.attrs.span(AttrKey::Layer) else { continue };
            let mut targets: Vec<ComponentId> = adj
                .outgoing(lb)
                .iter()
                .map(|&l| cx.link(l))
                .filter(|link| link.is_sync() && cx.component(link.to).kind != Kind::LoadBalancer)
                .map(|link| link.to)
                .collect();
            targets.sort_unstable();
            targets.dedup();
            if targets.len() < 2 {
                continue;
            }
            let mut f = Finding::new(
                Subject::Component(lb),
                layer,
                "sees only addresses and ports",
                format!("layer-4 balancer `{}` routes to {} different backends", comp.id, targets.len()),
            );
            for &t in &targets {
                f = f.with_label(cx.at(t), "a backend");
            }
            out.push(f.with_help("use `layer 7` to route by path or header, or give each backend its own balancer"));
        }
    }
}
