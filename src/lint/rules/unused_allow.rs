use crate::lint::{Finding, LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Reports an `allow RULE` that suppresses no finding.
    ///
    /// ## Why is this bad?
    /// A suppression outlives the problem it silenced: once the design changes,
    /// a stale `allow` hides the next real finding of that rule in the same place
    /// without anyone deciding so. Surfacing it keeps every suppression a
    /// current, deliberate decision.
    ///
    /// ## Example
    /// ```arch
    /// service api {
    ///   replicas 3
    ///   allow single-point-of-failure "one box for now"   // api has 3 replicas
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Delete the `allow`. An `allow` for a rule that is turned `off` is not
    /// reported.
    pub struct UnusedAllow {
        name: "unused-allow",
        level: Note,
        category: Meta,
        summary: "an `allow` that suppresses nothing",
    }
}

impl Rule for UnusedAllow {
    /// The lint driver reports unused suppressions itself, after every other
    /// rule has run; this rule only carries the name, level and documentation.
    fn check(&self, _cx: &LintContext<'_>, _out: &mut Vec<Finding>) {}
}
