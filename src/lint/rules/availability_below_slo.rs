use crate::analysis::units::{apart, percent, percent_to};
use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::AttrKey;

crate::declare_rule! {
    /// ## What it does
    /// Computes the availability of each client's requests and compares it with
    /// the `system`'s `availability` SLO. A request needs every component it
    /// reaches over `->` links, except through links marked `fallback`; its
    /// availability is the product of theirs. A component with `n` replicas of
    /// availability `a` (default 99.9%) is available `1 − (1 − a)^n` (`n` is the
    /// minimum of an autoscaling range); a managed component (`managed`, and
    /// every `cdn`, `dns` and `function`) counts once with its own availability
    /// (default 99.99%). One finding per client that misses the SLO; silent
    /// without an SLO.
    ///
    /// ## Why is this bad?
    /// Availabilities multiply: ten components at 99.9% each give a request
    /// about 99%, three and a half days of failures a year. An SLO that the
    /// architecture cannot reach on paper will not be reached in production.
    ///
    /// ## Example
    /// ```arch
    /// system "Shop" { availability 99.95% }
    /// client web
    /// service api                 // one replica: 99.9%
    /// database db { replicas 2 }
    /// web -> api : https
    /// api -> db : sql
    /// ```
    ///
    /// ## How to fix
    /// Add replicas to the components you run that cost the most (the finding
    /// names them), or make them managed. For what a provider runs (managed,
    /// `cdn`, `dns`, `function`, `external`), declare the `availability` it
    /// really promises if that is above the default. Or let the caller
    /// degrade gracefully with a `fallback` link where the request can
    /// succeed without them.
    pub struct AvailabilityBelowSlo {
        name: "availability-below-slo",
        level: Warning,
        category: Capacity,
        summary: "a client's request availability is below the system's `availability` SLO",
    }
}

impl Rule for AvailabilityBelowSlo {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        let Some(system) = &model.system else { return };
        let (Some(slo), Some(span)) = (system.attrs.number(AttrKey::Availability), system.attrs.span(AttrKey::Availability))
        else {
            return;
        };
        for client in &cx.estimates().clients {
            if !crate::analysis::misses_slo(client.availability, slo) {
                continue;
            }
            let comp = model.component(client.component);
            let (available, target) = apart(client.availability, slo, percent_to);
            let mut f = Finding::new(
                Subject::System,
                span,
                format!("SLO {target}"),
                format!("requests from `{}` are available {available}, below the {target} SLO", comp.id),
            )
            .with_label(comp.id_span, match client.needs {
                1 => format!("`{}` needs 1 component", comp.id),
                n => format!("`{}` needs {n} components", comp.id),
            });
            for cost in &client.costliest {
                let c = model.component(cost.component);
                f = f.with_label(c.id_span, format!("{} available", percent(cost.availability)));
            }
            out.push(f.with_help(help(cx, &client.costliest, slo)));
        }
    }
}

/// What would raise the availability: replicas where the design runs the
/// component itself; where a provider runs it (managed, `cdn`, `dns`,
/// `function`, `external`), replicas are not the design's to add, but the
/// availability the provider promises may be higher than the default.
/// Only components that cost a tenth of the SLO's allowed downtime or more
/// are named: adding replicas to one at 99.9999% changes nothing.
fn help(cx: &LintContext<'_>, costliest: &[crate::analysis::Cost], slo: f64) -> String {
    let budget = 1.0 - slo;
    let mut named: Vec<&crate::analysis::Cost> =
        costliest.iter().filter(|c| 1.0 - c.availability >= budget / 10.0).collect();
    if named.is_empty() {
        named = costliest.iter().collect();
    }
    if named.is_empty() {
        return "lower the SLO or make the client's requests need fewer components".to_string();
    }
    let (mut provided, mut own) = (Vec::new(), Vec::new());
    for c in named {
        let comp = cx.model.component(c.component);
        let runs_elsewhere = comp.is_managed() || comp.kind == crate::model::Kind::External;
        if runs_elsewhere { &mut provided } else { &mut own }.push(c.id.as_str());
    }
    let and = |ids: &[&str]| crate::model::attrs::backticked(ids).replace(" or ", " and ");
    let mut ways = Vec::new();
    if !own.is_empty() {
        ways.push(format!("add replicas to {} (or make them managed)", and(&own)));
    }
    if !provided.is_empty() {
        let verb = if provided.len() == 1 { "offers" } else { "offer" };
        ways.push(format!("declare the `availability` {} really {verb}", and(&provided)));
    }
    ways.push("mark calls that can degrade gracefully `fallback`".to_string());
    let last = ways.pop().unwrap_or_default();
    if ways.is_empty() {
        last
    } else {
        format!("{}, or {last}", ways.join(", "))
    }
}
