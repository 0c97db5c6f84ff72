use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Component, ComponentId, Kind};
use std::collections::VecDeque;

crate::declare_rule! {
    /// ## What it does
    /// Follows each request path from a client (`->` links from a `client`) to
    /// the first `service` or `function` on it, and reports the path when no
    /// `gateway`, `load_balancer`, `service` or `function` on it, up to and
    /// including that first service, declares `rate_limit`. The finding points
    /// at the first `gateway`, `load_balancer`, `service` or `function` on the
    /// path — where a limit belongs — once per component, however many paths
    /// lead there. Paths that never reach a service or function are not checked.
    ///
    /// ## Why is this bad?
    /// Without a limit, one client — a buggy retry loop, a scraper, an attack —
    /// can send as many requests as it likes, and the service shares its
    /// capacity with everyone else. The overload cascades into the databases
    /// behind it and takes the system down for all users. A limit at the edge
    /// turns that into errors for the one client that misbehaves.
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// gateway edge { replicas 2; auth jwt }
    /// service api { replicas 2 }
    /// web -> edge : https
    /// edge -> api : http
    /// ```
    /// Neither `edge` nor `api` limits the rate; the finding points at `edge`.
    ///
    /// ## How to fix
    /// Declare `rate_limit 100rps` (optionally with an algorithm such as
    /// `token_bucket`) on the gateway or balancer at the edge, or on the
    /// service itself. If something outside the design limits traffic,
    /// `allow missing-rate-limit "limited by the CDN's WAF"`.
    pub struct MissingRateLimit {
        name: "missing-rate-limit",
        level: Warning,
        category: Security,
        summary: "client requests reach a service with no rate limit on the way",
    }
}

fn is_front(kind: Kind) -> bool {
    matches!(kind, Kind::Gateway | Kind::LoadBalancer | Kind::Service | Kind::Function)
}

fn is_service(kind: Kind) -> bool {
    matches!(kind, Kind::Service | Kind::Function)
}

fn limited(c: &Component) -> bool {
    c.attrs.has(AttrKey::RateLimit)
}

impl Rule for MissingRateLimit {
    /// Two linear searches instead of following every path: forward from the
    /// clients to the first front component of each path, and backward from
    /// every unlimited service through components that neither are a service
    /// nor limit the rate. A front component is reported when it is a first
    /// one, has no limit, and is a service or reaches an unlimited service
    /// that way.
    // Vectors here are sized from the model and indexed by its own component
    // and link ids, which input cannot put out of range.
    #[allow(clippy::indexing_slicing)]
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        let adj = cx.adjacency();
        let n = m.components.len();

        let mut origin: Vec<Option<ComponentId>> = vec![None; n];
        let mut firsts: Vec<ComponentId> = Vec::new();
        let mut queue = VecDeque::new();
        for client in m.component_ids().filter(|&c| cx.component(c).kind == Kind::Client) {
            origin[client.index()] = Some(client);
            queue.push_back(client);
        }
        while let Some(c) = queue.pop_front() {
            for &l in adj.outgoing(c) {
                let link = cx.link(l);
                let to = link.to;
                if !link.is_sync() || origin[to.index()].is_some() {
                    continue;
                }
                origin[to.index()] = origin[c.index()];
                if is_front(cx.component(to).kind) {
                    firsts.push(to);
                } else {
                    queue.push_back(to);
                }
            }
        }

        // `unlimited_service[c]`: an unlimited service that `c` reaches with no
        // service and no limit in between (`c` itself for such a service).
        let mut unlimited_service: Vec<Option<ComponentId>> = vec![None; n];
        let mut queue = VecDeque::new();
        for c in m.component_ids() {
            let comp = cx.component(c);
            if is_service(comp.kind) && !limited(comp) {
                unlimited_service[c.index()] = Some(c);
                queue.push_back(c);
            }
        }
        while let Some(c) = queue.pop_front() {
            for &l in adj.incoming(c) {
                let link = cx.link(l);
                let from = cx.component(link.from);
                let stops = is_service(from.kind) || (is_front(from.kind) && limited(from));
                if link.is_sync() && !stops && unlimited_service[link.from.index()].is_none() {
                    unlimited_service[link.from.index()] = unlimited_service[c.index()];
                    queue.push_back(link.from);
                }
            }
        }

        firsts.sort_unstable();
        for g in firsts {
            let comp = cx.component(g);
            let (Some(service), Some(client)) = (unlimited_service[g.index()], origin[g.index()]) else { continue };
            if limited(comp) {
                continue;
            }
            let message = if service == g {
                format!("{} `{}` takes client requests with no rate limit", comp.kind, comp.id)
            } else {
                format!(
                    "client requests pass {} `{}` and reach `{}` with no rate limit on the way",
                    comp.kind,
                    comp.id,
                    cx.name(service)
                )
            };
            let mut f = Finding::new(Subject::Component(g), cx.at(g), "no `rate_limit`", message)
                .with_label(cx.at(client), format!("requests from `{}` take this path", cx.name(client)));
            if service != g {
                f = f.with_label(cx.at(service), "first service on the path, no `rate_limit` either");
            }
            out.push(f.with_help(format!("declare `rate_limit 100rps token_bucket` (your rate) on `{}`", comp.id)));
        }
    }
}
