use crate::lint::{Finding, LintContext, Rule, Subject};

crate::declare_rule! {
    /// ## What it does
    /// Reports a component that no entry point reaches. When the design has at
    /// least one entry point (a `client`, or a component marked `entry`), every
    /// other component should be reachable from one by following links forward
    /// (`->` or `~>`, `dead_letter` included). Entry points are never
    /// unreachable; a component with no links at all is reported by
    /// `orphan-component` instead.
    ///
    /// ## Why is this bad?
    /// Nothing in the design ever sends work to it: either a link is missing
    /// (the diagram, the availability and the traffic estimates are then wrong
    /// about what depends on what), or the component is dead weight that still
    /// costs money and attention.
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// service api { replicas 2 }
    /// service reports { replicas 2 }
    /// database warehouse { replicas 2 }
    /// web -> api : https
    /// reports -> warehouse : sql
    /// ```
    /// `reports` and `warehouse` are linked to each other, but nothing reaches them.
    ///
    /// ## How to fix
    /// Add the missing link from whatever calls it, or mark it `entry` if it
    /// starts work on its own (a scheduler, a batch job). To keep it as it is,
    /// `allow unreachable-component "reason"` on the component.
    pub struct UnreachableComponent {
        name: "unreachable-component",
        level: Warning,
        category: Structure,
        summary: "a component that no entry point reaches",
    }
}

impl Rule for UnreachableComponent {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        if cx.model.entry_points().next().is_none() {
            return;
        }
        let reachable = cx.reachable_from_entries();
        let adj = cx.adjacency();
        for c in cx.model.component_ids() {
            let orphan = adj.outgoing(c).is_empty() && adj.incoming(c).is_empty();
            if reachable.get(c.index()).copied().unwrap_or(true) || orphan {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Component(c),
                    cx.at(c),
                    "no entry point reaches this",
                    format!("`{}` cannot be reached from any client or entry point", cx.name(c)),
                )
                .with_help("link it from the component that calls it, or mark it `entry` if it starts work on its own"),
            );
        }
    }
}
