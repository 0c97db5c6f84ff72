use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, ComponentId, Kind};
use std::collections::VecDeque;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `service`, `gateway` or `function` that receives requests on
    /// a request path from a client (a path of `->` links starting at a
    /// `client`) when neither it nor any component before it on that path
    /// declares `auth`. The client's own attributes do not count. `auth none`
    /// is a declaration: it says the endpoint is public on purpose. One finding
    /// per component, naming a client whose requests reach it.
    ///
    /// ## Why is this bad?
    /// Whoever can reach the component can use it: read other users' data,
    /// change it, or run up the bill. Authentication is easy to assume ("the
    /// gateway does it") and easy to lose when a new path is added, so the
    /// design should say where it happens on every path from the outside.
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// load_balancer lb { replicas 2 }
    /// service api { replicas 2; rate_limit 100rps }
    /// web -> lb : https
    /// lb -> api : http
    /// ```
    ///
    /// ## How to fix
    /// Declare the scheme enforced, on the component or on a gateway in front
    /// of it: `auth jwt`, `auth oauth2`, `auth mtls`… If the endpoint is
    /// public on purpose, declare `auth none`. If authentication happens
    /// somewhere the design does not show (a VPN in front), put
    /// `allow missing-auth "reason"` on the component.
    pub struct MissingAuth {
        name: "missing-auth",
        level: Warning,
        category: Security,
        summary: "client requests reach a service with no authentication on the way",
    }
}

impl Rule for MissingAuth {
    // Vectors here are sized from the model and indexed by its own component
    // and link ids, which input cannot put out of range.
    #[allow(clippy::indexing_slicing)]
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        let adj = cx.adjacency();
        // `origin[c]`: the first client (in declaration order of the search) whose
        // requests reach `c` with no `auth` declared before it on the path. A
        // component that declares `auth` is reached but not gone past, so one
        // visit per component suffices.
        let mut origin: Vec<Option<ComponentId>> = vec![None; m.components.len()];
        let mut queue = VecDeque::new();
        for client in m.component_ids().filter(|&c| cx.component(c).kind == Kind::Client) {
            origin[client.index()] = Some(client);
            queue.push_back(client);
        }
        while let Some(c) = queue.pop_front() {
            let comp = cx.component(c);
            if comp.kind != Kind::Client && comp.attrs.has(AttrKey::Auth) {
                continue;
            }
            for &l in adj.outgoing(c) {
                let link = cx.link(l);
                if link.is_sync() && origin[link.to.index()].is_none() {
                    origin[link.to.index()] = origin[c.index()];
                    queue.push_back(link.to);
                }
            }
        }
        for c in m.component_ids() {
            let comp = cx.component(c);
            if !matches!(comp.kind, Kind::Service | Kind::Gateway | Kind::Function) || comp.attrs.has(AttrKey::Auth) {
                continue;
            }
            let Some(client) = origin[c.index()] else { continue };
            out.push(
                Finding::new(
                    Subject::Component(c),
                    cx.at(c),
                    "no `auth` here or before it",
                    format!("{} `{}` serves client requests that nothing authenticates", comp.kind, comp.id),
                )
                .with_label(cx.at(client), format!("requests from `{}` reach `{}`", cx.name(client), comp.id))
                .with_help("declare `auth jwt` (or the scheme used) here or on a gateway in front; `auth none` if public on purpose"),
            );
        }
    }
}
