use crate::analysis::units::{apart, duration, duration_to};
use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, ComponentId};

crate::declare_rule! {
    /// ## What it does
    /// Finds, for each client, the slowest simple path of synchronous (`->`)
    /// calls and compares it with the `system`'s `latency` budget. A path adds
    /// up each component's `latency` (default 1 ms; `database` 5 ms, `external`
    /// 100 ms) and each link's `latency` (default 0.5 ms), counting a hop
    /// `calls` times; the client's own latency is not counted, and components
    /// reached only through `fallback` links are left out. One finding per
    /// client over budget; silent without a budget.
    ///
    /// ## Why is this bad?
    /// A synchronous chain is as slow as the sum of its hops, and the user waits
    /// for all of it. A design whose slowest path is over budget on paper misses
    /// the budget in production, where tail latencies are worse than averages.
    ///
    /// ## Example
    /// ```arch
    /// system "Shop" { latency 100ms }
    /// client web
    /// service api
    /// external payments       // 100 ms
    /// web -> api : https
    /// api -> payments : https { timeout 2s; retries 2 }
    /// ```
    ///
    /// ## How to fix
    /// Make slow calls asynchronous (`~>` through a queue), cache their
    /// results, call them in parallel rather than `calls N` in sequence, or
    /// raise the budget if it is wrong.
    pub struct LatencyBudgetExceeded {
        name: "latency-budget-exceeded",
        level: Warning,
        category: Capacity,
        summary: "the slowest synchronous path from a client exceeds the system's `latency` budget",
    }
}

impl Rule for LatencyBudgetExceeded {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        let Some(system) = &model.system else { return };
        let (Some(budget), Some(span)) = (system.attrs.number(AttrKey::Latency), system.attrs.span(AttrKey::Latency))
        else {
            return;
        };
        for client in &cx.estimates().clients {
            if !crate::analysis::over_budget(client.latency_s, budget) {
                continue;
            }
            let comp = model.component(client.component);
            let ids: Vec<&str> = client.worst_path.iter().map(|&c| model.component(c).id.as_str()).collect();
            let (takes, allowed) = apart(client.latency_s, budget, duration_to);
            let mut f = Finding::new(
                Subject::System,
                span,
                format!("budget {allowed}"),
                format!(
                    "the slowest request path from `{}` takes {takes}, over the {allowed} budget: {}",
                    comp.id,
                    ids.join(" → ")
                ),
            );
            let mut slowest: Option<(ComponentId, f64)> = None;
            for (i, (&c, &hop)) in client.worst_path.iter().zip(&client.hop_latency_s).enumerate() {
                let label = if i == 0 { "the request starts here".to_string() } else { format!("+{}", duration(hop)) };
                f = f.with_label(model.component(c).id_span, label);
                if i > 0 && slowest.is_none_or(|(_, l)| hop > l) {
                    slowest = Some((c, hop));
                }
            }
            let help = match slowest {
                Some((c, l)) => format!(
                    "the slowest hop is the call to `{}` (+{}): make it asynchronous, cache its answers, \
                     call it fewer times, or raise the budget",
                    model.component(c).id,
                    duration(l)
                ),
                None => "raise the budget".into(),
            };
            out.push(f.with_help(help));
        }
    }
}
