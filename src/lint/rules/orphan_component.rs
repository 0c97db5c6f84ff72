use crate::lint::{Finding, LintContext, Rule, Subject};

crate::declare_rule! {
    /// ## What it does
    /// Reports a component with no links at all, in either direction. A queue's
    /// `dead_letter` reference counts as a link.
    ///
    /// ## Why is this bad?
    /// A component that talks to nothing and that nothing talks to is either
    /// forgotten (the links that make it part of the system are missing, so
    /// every analysis of the design is wrong about it) or left over from an
    /// earlier version of the design.
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// service api { replicas 2 }
    /// cache sessions { replicas 2; ttl 1h }
    /// web -> api : https
    /// ```
    ///
    /// ## How to fix
    /// Link it to what uses it, or delete it. To keep a placeholder, add
    /// `allow orphan-component "planned for Q3"` to it.
    pub struct OrphanComponent {
        name: "orphan-component",
        level: Warning,
        category: Structure,
        summary: "a component with no links at all",
    }
}

impl Rule for OrphanComponent {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for c in cx.model.component_ids() {
            if adj.outgoing(c).is_empty() && adj.incoming(c).is_empty() {
                out.push(
                    Finding::new(
                        Subject::Component(c),
                        cx.at(c),
                        "no links",
                        format!("`{}` is not linked to anything", cx.name(c)),
                    )
                    .with_help("link it to the components it talks to, or delete it"),
                );
            }
        }
    }
}
