use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::Kind;

crate::declare_rule! {
    /// ## What it does
    /// Reports a link (either arrow) from a `client` or an `external` system
    /// straight to a `database`, `cache`, `search`, `coordinator`, `queue` or
    /// `topic`. `storage` is exempt: handing clients signed URLs to upload
    /// and download objects directly is a normal pattern. Only links *to* the
    /// store count: a store that delivers to an outside consumer (`topic ~>
    /// partner`) is not exposed by that.
    ///
    /// ## Why is this bad?
    /// A store trusts whoever can reach it. Clients and third parties are
    /// outside that trust: they get the credentials to the store, can read or
    /// change any row, and nothing validates what they write or limits how
    /// much. Schema changes also become breaking changes for every client.
    ///
    /// ## Example
    /// ```arch
    /// client mobile
    /// database users { replicas 2 }
    /// mobile -> users : https
    /// ```
    ///
    /// ## How to fix
    /// Put a `service` (or `gateway` plus service) in front of the store that
    /// authenticates callers and validates requests: `mobile -> api -> users`.
    /// To keep the direct link (a managed store with per-user access rules),
    /// `allow exposed-datastore "reason"` on the link.
    pub struct ExposedDatastore {
        name: "exposed-datastore",
        level: Warning,
        category: Structure,
        summary: "a client or external system talks straight to a data store",
    }
}

impl Rule for ExposedDatastore {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for l in cx.model.link_ids() {
            let link = cx.link(l);
            let (from, to) = (cx.component(link.from), cx.component(link.to));
            if !matches!(from.kind, Kind::Client | Kind::External) || !to.kind.is_datastore() {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Link(l),
                    link.span,
                    format!("{} reaches the {} directly", from.kind, to.kind),
                    format!("{} `{}` talks straight to {} `{}`", from.kind, from.id, to.kind, to.id),
                )
                .with_help(format!(
                    "put a service in front of `{}` that authenticates and validates requests",
                    to.id
                )),
            );
        }
    }
}
