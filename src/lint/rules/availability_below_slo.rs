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
    /// Add replicas to the components that cost the most (the finding names
    /// them), make them managed, or let the caller degrade gracefully with a
    /// `fallback` link where the request can succeed without them.
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
            let names: Vec<String> = client.costliest.iter().map(|c| format!("`{}`", c.id)).collect();
            let help = if names.is_empty() {
                "lower the SLO or make the client's requests need fewer components".to_string()
            } else {
                format!(
                    "add replicas to {} (or make them managed), or mark calls that can degrade gracefully `fallback`",
                    crate::model::attrs::backticked(&names.iter().map(|s| s.trim_matches('`')).collect::<Vec<_>>())
                        .replace(" or ", " and ")
                )
            };
            out.push(f.with_help(help));
        }
    }
}
