use crate::analysis::units::{apart, rate_to, whole};
use crate::analysis::CapacityStatus;
use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Finds a component with at least two replicas that covers its peak
    /// traffic only with every replica up: `peak QPS > capacity × (max replicas
    /// − 1)`. A component that is already `under-provisioned` is reported by
    /// that rule instead.
    ///
    /// ## Why is this bad?
    /// Replicas fail, and deployments take one out at a time. With no headroom,
    /// losing one replica at peak overloads the rest, which then fail in turn:
    /// the redundancy you paid for does not survive the first failure (N+1
    /// provisioning).
    ///
    /// ## Example
    /// ```arch
    /// system "Shop" { traffic 2500rps }    // 5k rps at peak
    /// client web
    /// service api { replicas 5; capacity 1000rps }
    /// web -> api : https
    /// ```
    ///
    /// ## How to fix
    /// Add one replica beyond the servers needed, or raise `capacity`.
    pub struct NoFailureHeadroom {
        name: "no-failure-headroom",
        level: Note,
        category: Capacity,
        summary: "a component would be under-provisioned after losing one replica",
    }
}

impl Rule for NoFailureHeadroom {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        for (c, est) in model.component_ids().zip(&cx.estimates().components) {
            let (Some(cap), Some(load)) = (est.capacity, est.load) else { continue };
            let comp = model.component(c);
            if cap.status != CapacityStatus::NoHeadroom || comp.kind == Kind::Client {
                continue;
            }
            let Some(span) = comp.attrs.span(AttrKey::Replicas) else { continue };
            let max = cap.max_replicas;
            let (peak, each) = apart(load.peak_rps, cap.capacity_rps, rate_to);
            // What is left after losing one, with the digits that show it short of the peak.
            let (left, _) = apart(cap.capacity_rps * (max - 1) as f64, load.peak_rps, rate_to);
            out.push(
                Finding::new(
                    Subject::Component(c),
                    span,
                    format!("{} replicas handle {left} without one", max - 1),
                    format!(
                        "`{}` has no headroom to lose a replica: {peak} at peak needs {} of its {max} replicas at {each} each",
                        comp.id,
                        whole(cap.servers_needed),
                    ),
                )
                .with_help(format!(
                    "raise `replicas` to {} so that losing one still covers the peak, or raise `capacity`",
                    whole(cap.servers_needed + 1.0)
                )),
            );
        }
    }
}
