use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `->` link to an `external` system that lacks a `timeout`, or
    /// that has neither a `circuit_breaker`, `retries` nor `fallback`.
    /// `retries 0` does not count: it declares that the call is not retried.
    ///
    /// ## Why is this bad?
    /// A third party fails on its own schedule and you cannot fix it. Without
    /// a timeout, a slow provider holds your threads and connections until
    /// your own service stops answering. Without a circuit breaker, retries or
    /// a fallback, every blip at the provider becomes an error for your users,
    /// and a long outage keeps hammering a provider that is already down.
    ///
    /// ## Example
    /// ```arch
    /// service checkout { replicas 2 }
    /// external stripe "Stripe"
    /// checkout -> stripe : https
    /// ```
    ///
    /// ## How to fix
    /// Give the link a `timeout` and at least one of `circuit_breaker`,
    /// `retries 2` or `fallback`:
    /// `checkout -> stripe : https { timeout 2s; retries 2; circuit_breaker }`.
    /// To keep it as it is, `allow external-without-resilience "reason"` on the link.
    pub struct ExternalWithoutResilience {
        name: "external-without-resilience",
        level: Warning,
        category: Security,
        summary: "a call to an external system without a timeout or failure handling",
    }
}

impl Rule for ExternalWithoutResilience {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for l in cx.model.link_ids() {
            let link = cx.link(l);
            if !link.is_sync() || cx.component(link.to).kind != Kind::External {
                continue;
            }
            let no_timeout = !link.attrs.has(AttrKey::Timeout);
            let unprotected = !link.attrs.has(AttrKey::CircuitBreaker) && link.retries() == 0 && !link.is_fallback();
            let (label, message) = match (no_timeout, unprotected) {
                (true, true) => ("no `timeout`, no failure handling", "has no `timeout` and no `circuit_breaker`, `retries` or `fallback`"),
                (true, false) => ("no `timeout`", "has no `timeout`"),
                (false, true) => ("no failure handling", "has no `circuit_breaker`, `retries` or `fallback`"),
                (false, false) => continue,
            };
            out.push(
                Finding::new(
                    Subject::Link(l),
                    link.span,
                    label,
                    format!("the call to external `{}` {message}", cx.name(link.to)),
                )
                .with_help("add `{ timeout 2s; retries 2; circuit_breaker }` (or `fallback`) to the link"),
            );
        }
    }
}
