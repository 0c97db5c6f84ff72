use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Kind, LinkOrigin};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `queue` with no `dead_letter` that is not itself the
    /// `dead_letter` of another queue or topic. Topics are not checked.
    ///
    /// ## Why is this bad?
    /// Some messages always fail: malformed, referring to deleted data, or
    /// hitting a bug. Without a dead-letter queue such a "poison" message is
    /// retried forever, blocking the messages behind it or burning the
    /// consumer's capacity, or it is dropped after a few attempts and the work
    /// it stood for is silently lost.
    ///
    /// ## Example
    /// ```arch
    /// service api { replicas 2 }
    /// queue jobs
    /// service worker { replicas 2 }
    /// api ~> jobs ~> worker
    /// ```
    ///
    /// ## How to fix
    /// Declare a dead-letter queue: `queue jobs { dead_letter jobs_failed }`
    /// and `queue jobs_failed`. To accept losing messages,
    /// `allow missing-dead-letter "reason"` on the queue.
    pub struct MissingDeadLetter {
        name: "missing-dead-letter",
        level: Note,
        category: Security,
        summary: "a queue with no dead-letter queue for messages that keep failing",
    }
}

impl Rule for MissingDeadLetter {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for c in cx.model.component_ids() {
            let comp = cx.component(c);
            if comp.kind != Kind::Queue || comp.attrs.has(AttrKey::DeadLetter) {
                continue;
            }
            if adj.incoming(c).iter().any(|&l| cx.link(l).origin == LinkOrigin::DeadLetter) {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Component(c),
                    cx.at(c),
                    "no `dead_letter`",
                    format!("queue `{}` has nowhere to put messages that keep failing", comp.id),
                )
                .with_help(format!("declare `dead_letter {}_failed` and a queue of that name", comp.id)),
            );
        }
    }
}
