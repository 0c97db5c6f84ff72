use crate::analysis::units::{apart, rate_to, whole};
use crate::analysis::CapacityStatus;
use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Compares the peak traffic a component receives with what its replicas
    /// can serve: it fires when `peak QPS > capacity × max replicas`.
    ///
    /// The peak comes from the `system` block (`dau × requests_per_user ÷
    /// 86400`, or `traffic`, times `peak_factor`), propagated from the clients
    /// along the links (`archc estimate` shows the numbers). The rule is silent
    /// without a `system` traffic estimate or without `capacity`.
    ///
    /// ## Why is this bad?
    /// At peak the component queues requests until timeouts and retries turn a
    /// busy hour into an outage. Servers needed is `ceil(peak ÷ capacity)`, the
    /// first sum of any capacity plan.
    ///
    /// ## Example
    /// ```arch
    /// system "Shop" { dau 10M; requests_per_user 30; peak_factor 3 }
    /// client web
    /// service api { replicas 2; capacity 1000rps }   // peak is 10.4k rps
    /// web -> api : https
    /// ```
    ///
    /// ## How to fix
    /// Raise `replicas` (or the top of an autoscaling range) to the number of
    /// servers needed, raise the per-replica `capacity`, or take load off the
    /// component (a cache or CDN with a `hit_ratio` in front of it).
    pub struct UnderProvisioned {
        name: "under-provisioned",
        level: Warning,
        category: Capacity,
        summary: "a component's peak traffic exceeds `capacity × max replicas`",
    }
}

impl Rule for UnderProvisioned {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        for (c, est) in model.component_ids().zip(&cx.estimates().components) {
            let (Some(cap), Some(load)) = (est.capacity, est.load) else { continue };
            let comp = model.component(c);
            if cap.status != CapacityStatus::UnderProvisioned || comp.kind == Kind::Client {
                continue;
            }
            let (min, max) = comp.replicas();
            let has = if min == max { format!("has {max}") } else { format!("has at most {max}") };
            let (peak, each) = apart(load.peak_rps, cap.capacity_rps, rate_to);
            let needed = whole(cap.servers_needed);
            let (total, _) = apart(cap.capacity_rps * max as f64, load.peak_rps, rate_to);
            let (span, label) = match comp.attrs.span(AttrKey::Replicas) {
                Some(span) => (span, format!("{max} × {each} = {total}")),
                None => match comp.attrs.span(AttrKey::Capacity) {
                    Some(span) => (span, format!("one replica handles {each}")),
                    None => continue,
                },
            };
            let mut f = Finding::new(
                Subject::Component(c),
                span,
                label,
                format!("`{}` receives {peak} at peak: needs {needed} replicas at {each} each; {has}", comp.id),
            )
            .with_help(format!(
                "raise `replicas` to at least {needed} (or an autoscaling range up to it), raise `capacity`, \
                 or put a cache in front of `{}`",
                comp.id
            ));
            if comp.attrs.has(AttrKey::Replicas) {
                if let Some(span) = comp.attrs.span(AttrKey::Capacity) {
                    f = f.with_label(span, "per replica");
                }
            }
            out.push(f);
        }
    }
}
