use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{Kind, LinkOrigin};

crate::declare_rule! {
    /// ## What it does
    /// Reports a plaintext link (no `https`, `wss` or `tls`; LANGUAGE.md §3.4)
    /// whose target is not a `dns`, when its source is a `client` or an
    /// `external` system, or its target is `external`, or both ends have a
    /// trust level (from the nearest enclosing group with `trust`) and the two
    /// differ. Either arrow counts. The `~>` link a `dead_letter` implies is
    /// not checked: it is the broker's internal routing, with no protocol of
    /// its own to encrypt.
    ///
    /// ## Why is this bad?
    /// Traffic to and from clients and third parties crosses networks you do
    /// not control, and traffic between trust zones crosses the boundary the
    /// zones exist to enforce. In plaintext, anyone on the way can read
    /// credentials and personal data, or change requests and answers.
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// load_balancer lb { replicas 2 }
    /// web -> lb : http
    /// ```
    ///
    /// ## How to fix
    /// Use `https` or `wss`, or add the `tls` word (`api -> db : sql tls`). If
    /// the link is encrypted by other means (a VPN, a service mesh), say so
    /// with `allow unencrypted-link "mesh mTLS"` on the link.
    pub struct UnencryptedLink {
        name: "unencrypted-link",
        level: Warning,
        category: Security,
        summary: "a plaintext link from a client, to a third party or across a trust boundary",
    }
}

impl Rule for UnencryptedLink {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let m = cx.model;
        for l in m.link_ids() {
            let link = cx.link(l);
            let (from, to) = (cx.component(link.from), cx.component(link.to));
            if link.is_encrypted() || link.origin == LinkOrigin::DeadLetter || to.kind == Kind::Dns {
                continue;
            }
            let why = if matches!(from.kind, Kind::Client | Kind::External) {
                format!("it comes from {} `{}`", from.kind, from.id)
            } else if to.kind == Kind::External {
                format!("it goes to external `{}`", to.id)
            } else {
                match (m.trust_of(link.from), m.trust_of(link.to)) {
                    (Some(a), Some(b)) if a != b => format!("it crosses from trust `{a}` to trust `{b}`"),
                    _ => continue,
                }
            };
            let protocol = link.protocol.map_or("no protocol".to_string(), |p| format!("`{p}`"));
            out.push(
                Finding::new(
                    Subject::Link(l),
                    link.span,
                    format!("plaintext ({protocol})"),
                    format!("`{}` is not encrypted, and {why}", m.link_name(l)),
                )
                .with_help("use `https` or `wss`, or add `tls` to the link"),
            );
        }
    }
}
