use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, AttrValue, Component};
use crate::source::Span;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `cap` choice that contradicts the component's other
    /// attributes. Each clause is a finding of its own, at the `cap` attribute
    /// with the conflicting attribute labelled:
    ///
    /// - (a) `cap CA` on a distributed component: `replicas` above 1 (the
    ///   maximum of a range), `shards` above 1, any `sharding`, or
    ///   `replication multi_primary`;
    /// - (b) `cap CP` with `replication … async` or `multi_primary`
    ///   (`semi_sync` is not async);
    /// - (c) `cap AP` with `consistency strong`;
    /// - (d) `cap CP` with `consistency eventual`.
    ///
    /// ## Why is this bad?
    /// Under a network partition a distributed store must give up consistency
    /// (AP) or availability (CP). CA means giving up neither, which only a
    /// single node can do: a replicated or sharded "CA" store will pick one of
    /// the two the first time the network splits, and nobody decided which. A
    /// CP store that replicates asynchronously or accepts writes on several
    /// primaries acknowledges writes a partition can lose or contradict; an AP
    /// store cannot be strongly consistent, and a CP store claiming eventual
    /// consistency says the choice was not thought through.
    ///
    /// ## Example
    /// ```arch
    /// database accounts { cap CA; replicas 3; backup }
    /// ```
    ///
    /// ## How to fix
    /// Decide what the store gives up under a partition and make the
    /// attributes agree: `cap CP` with synchronous replication and strong
    /// consistency, or `cap AP` with eventual consistency. If the engine's
    /// behaviour really is unusual, `allow cap-conflict "reason"` on the component.
    pub struct CapConflict {
        name: "cap-conflict",
        level: Error,
        category: Data,
        summary: "a `cap` choice that contradicts replication, sharding or consistency",
    }
}

impl Rule for CapConflict {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for c in cx.model.component_ids() {
            let comp = cx.component(c);
            let (Some(cap), Some(cap_span)) = (comp.attrs.keyword(AttrKey::Cap), comp.attrs.span(AttrKey::Cap)) else {
                continue;
            };
            let (topology, mode) = match comp.attrs.get(AttrKey::Replication).map(|a| &a.value) {
                Some(AttrValue::Replication { topology, mode }) => (*topology, *mode),
                _ => (None, None),
            };
            let consistency = comp.attrs.keyword(AttrKey::Consistency);
            let finding = |message: String, conflicts: Vec<(Span, String)>| {
                let mut f = Finding::new(Subject::Component(c), cap_span, format!("`cap {cap}`"), message);
                for (span, label) in conflicts {
                    f = f.with_label(span, label);
                }
                f
            };
            match cap {
                "CA" => {
                    let conflicts = distribution(comp);
                    if !conflicts.is_empty() {
                        out.push(
                            finding(
                                format!("`{}` is distributed, but CA is only possible on a single node", comp.id),
                                conflicts,
                            )
                            .with_help("choose `cap CP` or `cap AP`: a partition forces a distributed store to give up one"),
                        );
                    }
                }
                "CP" => {
                    if mode == Some("async") || topology == Some("multi_primary") {
                        let what = if topology == Some("multi_primary") { "multi-primary" } else { "asynchronous" };
                        out.push(
                            finding(
                                format!("`{}` is CP but replicates with {what} replication, which a partition can lose or fork", comp.id),
                                attr(comp, AttrKey::Replication, format!("{what} replication")),
                            )
                            .with_help("replicate `primary_replica sync` (or `semi_sync`), or declare `cap AP`"),
                        );
                    }
                    if consistency == Some("eventual") {
                        out.push(cap_consistency(comp, finding, "CP", "eventual"));
                    }
                }
                "AP" if consistency == Some("strong") => {
                    out.push(cap_consistency(comp, finding, "AP", "strong"));
                }
                _ => {}
            }
        }
    }
}

fn cap_consistency(
    comp: &Component,
    finding: impl Fn(String, Vec<(Span, String)>) -> Finding,
    cap: &str,
    consistency: &str,
) -> Finding {
    let (message, help) = if cap == "AP" {
        (
            format!("`{}` is AP, which cannot give `consistency strong`", comp.id),
            "an AP store answers during a partition with possibly stale data: declare `consistency eventual`, or `cap CP`",
        )
    } else {
        (
            format!("`{}` is CP but declares `consistency eventual`", comp.id),
            "a CP store gives up availability to stay consistent: declare `consistency strong`, or `cap AP`",
        )
    };
    finding(message, attr(comp, AttrKey::Consistency, format!("`consistency {consistency}`"))).with_help(help)
}

fn attr(comp: &Component, key: AttrKey, label: String) -> Vec<(Span, String)> {
    comp.attrs.span(key).map(|s| (s, label)).into_iter().collect()
}

/// Why a component is distributed: each attribute that says so.
fn distribution(comp: &Component) -> Vec<(Span, String)> {
    let mut v = Vec::new();
    if comp.max_replicas() > 1 {
        v.extend(attr(comp, AttrKey::Replicas, format!("up to {} replicas", comp.max_replicas())));
    }
    if comp.attrs.count(AttrKey::Shards).is_some_and(|s| s > 1) {
        v.extend(attr(comp, AttrKey::Shards, "sharded".into()));
    }
    if comp.attrs.has(AttrKey::Sharding) {
        v.extend(attr(comp, AttrKey::Sharding, "sharded".into()));
    }
    if let Some(AttrValue::Replication { topology: Some("multi_primary"), .. }) =
        comp.attrs.get(AttrKey::Replication).map(|a| &a.value)
    {
        v.extend(attr(comp, AttrKey::Replication, "several primaries".into()));
    }
    v
}
