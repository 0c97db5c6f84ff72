use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::Kind;

/// How many dependent components get a label of their own.
const MAX_DEPENDENTS: usize = 5;

crate::declare_rule! {
    /// ## What it does
    /// Reports a component that runs as a single instance although requests
    /// need it: it is an `entry`, or an entry point (a client or an `entry`
    /// component) reaches it over links of either arrow, not only through links
    /// marked `fallback`.
    ///
    /// Clients and `external` systems never fire (you do not run them), nor do
    /// redundant components: at least 2 replicas (the minimum of a range), or
    /// `managed`, or a `function`, `cdn` or `dns`.
    ///
    /// ## Why is this bad?
    /// One instance fails sooner or later: a crash, a deploy, a lost machine or
    /// zone. With no second instance to fail over to, every request that needs
    /// it fails too, and so does every component reached only through it. The
    /// finding names one entry point that depends on it and the components that
    /// would become unreachable (those it dominates in the graph from the entry
    /// points).
    ///
    /// ## Example
    /// ```arch
    /// client web
    /// service api { replicas 3 }
    /// database db
    /// web -> api : https
    /// api -> db : sql
    /// ```
    /// `db` runs one instance and every request through `api` needs it.
    ///
    /// ## How to fix
    /// Run at least two replicas (`replicas 2`, or a range `2..10`), use a
    /// provider's `managed` service, or mark the link `fallback` if callers can
    /// do without it. If one instance is a deliberate choice, say so:
    /// `allow single-point-of-failure "internal tool, 1 hour downtime is fine"`.
    ///
    /// Links marked `fallback` do not count as needing the component.
    pub struct SinglePointOfFailure {
        name: "single-point-of-failure",
        level: Warning,
        category: Structure,
        summary: "a component that runs one instance although requests need it",
    }
}

impl Rule for SinglePointOfFailure {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let domains = cx.failure_domains();
        for c in cx.model.component_ids() {
            let comp = cx.component(c);
            if matches!(comp.kind, Kind::Client | Kind::External) || comp.is_redundant() {
                continue;
            }
            // Entry points reach themselves, so this covers `entry` components too.
            if !domains.is_reached(c) && !comp.is_entry() {
                continue;
            }
            let (dependents, total) = domains.dependents(c, MAX_DEPENDENTS);
            let message = match total {
                0 => format!("`{}` is a single point of failure", comp.id),
                1 => format!("`{}` is a single point of failure: 1 more component fails with it", comp.id),
                n => format!("`{}` is a single point of failure: {n} more components fail with it", comp.id),
            };
            let mut f = Finding::new(Subject::Component(c), cx.at(c), "runs a single instance", message);
            if let Some(e) = domains.reached_by(c).filter(|&e| e != c) {
                f = f.with_label(cx.at(e), format!("`{}` reaches it", cx.name(e)));
            }
            for d in &dependents {
                f = f.with_label(cx.at(*d), format!("unreachable if `{}` fails", comp.id));
            }
            if total > dependents.len() {
                f.message.push_str(&format!(" (labelled: the nearest {})", dependents.len()));
            }
            out.push(f.with_help(
                "run at least 2 replicas (`replicas 2`), use a `managed` service, or mark the links to it `fallback`",
            ));
        }
    }
}
