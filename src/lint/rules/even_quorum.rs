use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `coordinator`, or any component with `consensus`, that runs
    /// fewer than 3 replicas or an even number of them. For a range
    /// (`replicas 3..6`) the minimum is checked: the cluster must be safe at
    /// its smallest.
    ///
    /// ## Why is this bad?
    /// A consensus cluster makes progress only while a majority of its members
    /// agree. A majority of 2 is 2 and of 4 is 3, so 2 members tolerate no
    /// failure and 4 tolerate one, the same as 3, at a higher cost. An even
    /// split across a network partition leaves no side with a majority: the
    /// cluster stops, and a misconfigured one risks split brain. One member is
    /// no quorum at all.
    ///
    /// ## Example
    /// ```arch
    /// coordinator zk { engine "ZooKeeper"; replicas 2 }
    /// ```
    ///
    /// ## How to fix
    /// Run an odd number of at least 3: `replicas 3` tolerates one failure,
    /// `replicas 5` two. To keep the count, `allow even-quorum "reason"` on the
    /// component.
    pub struct EvenQuorum {
        name: "even-quorum",
        level: Warning,
        category: Structure,
        summary: "a consensus cluster with fewer than 3 or an even number of replicas",
    }
}

impl Rule for EvenQuorum {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for c in cx.model.component_ids() {
            let comp = cx.component(c);
            if comp.kind != Kind::Coordinator && !comp.attrs.has(AttrKey::Consensus) {
                continue;
            }
            let (min, max) = comp.replicas();
            if min >= 3 && min % 2 == 1 {
                continue;
            }
            let count = if min == max { format!("{min}") } else { format!("as few as {min}") };
            let (span, label) = match comp.attrs.span(AttrKey::Replicas) {
                Some(span) => (span, if min < 3 { "fewer than 3" } else { "an even count" }),
                None => (cx.at(c), "1 replica by default"),
            };
            let replicas = if min == 1 { "replica" } else { "replicas" };
            out.push(
                Finding::new(
                    Subject::Component(c),
                    span,
                    label,
                    format!("consensus cluster `{}` runs {count} {replicas}: a quorum needs an odd count of at least 3", comp.id),
                )
                .with_help("run 3 replicas to survive one failure, 5 to survive two"),
            );
        }
    }
}
