use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::LinkOrigin;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `queue` or `topic` that nothing produces to (no incoming link)
    /// or that nothing consumes from (no outgoing link). A queue that is some
    /// queue's `dead_letter` needs no consumer: its messages wait for a human.
    /// A queue with no links at all is left to `orphan-component`.
    ///
    /// A queue's own `dead_letter` link is not a consumer: it only receives the
    /// messages that keep failing, so a queue whose only outgoing link is its
    /// `dead_letter` still fires.
    ///
    /// ## Why is this bad?
    /// A queue without a consumer fills up until it hits its limits and starts
    /// rejecting or dropping messages, while producers believe the work is
    /// done. A queue without a producer is dead: the consumer waits for work
    /// that never arrives, and usually a producer link is missing from the design.
    ///
    /// ## Example
    /// ```arch
    /// service api { replicas 2 }
    /// queue jobs
    /// api ~> jobs
    /// ```
    /// Nothing consumes `jobs`.
    ///
    /// ## How to fix
    /// Add the missing producer (`api ~> jobs`) or consumer (`jobs ~> worker`).
    /// To keep it as it is, `allow dangling-queue "reason"` on the queue.
    pub struct DanglingQueue {
        name: "dangling-queue",
        level: Warning,
        category: Structure,
        summary: "a queue or topic with no producer or no consumer",
    }
}

impl Rule for DanglingQueue {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for c in cx.model.component_ids() {
            if !cx.component(c).kind.is_async_broker() {
                continue;
            }
            let (incoming, outgoing) = (adj.incoming(c), adj.outgoing(c));
            if incoming.is_empty() && outgoing.is_empty() {
                continue;
            }
            let is_dead_letter = incoming.iter().any(|&l| cx.link(l).origin == LinkOrigin::DeadLetter);
            let consumed = outgoing.iter().any(|&l| cx.link(l).origin == LinkOrigin::Declared);
            let no_producer = incoming.is_empty();
            let no_consumer = !consumed && !is_dead_letter;
            let (label, what) = match (no_producer, no_consumer) {
                (true, true) => ("no producer and no consumer", "nothing produces to it and nothing consumes from it"),
                (true, false) => ("no producer", "nothing produces to it"),
                (false, true) => ("no consumer", "nothing consumes from it"),
                (false, false) => continue,
            };
            let kind = cx.component(c).kind;
            out.push(
                Finding::new(Subject::Component(c), cx.at(c), label, format!("{kind} `{}`: {what}", cx.name(c)))
                    .with_help(format!(
                        "link a producer (`producer ~> {0}`) and a consumer (`{0} ~> consumer`)",
                        cx.name(c)
                    )),
            );
        }
    }
}
