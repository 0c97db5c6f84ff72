use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{AttrKey, Kind};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `database` or `storage` that keeps its data on fewer than 2
    /// replicas (the minimum of a range), is not `managed`, and declares no
    /// `backup`.
    ///
    /// ## Why is this bad?
    /// The data lives in exactly one place. A failed disk, a corrupted file
    /// system or a mistaken `DELETE` loses it for good, and the service cannot
    /// be rebuilt because its state is gone. Unlike a crashed process, lost
    /// data does not come back with a restart.
    ///
    /// ## Example
    /// ```arch
    /// database orders { engine "PostgreSQL" }
    /// ```
    ///
    /// ## How to fix
    /// Declare `backup` (optionally its interval, `backup 24h`), run
    /// `replicas 2` or more, or use a `managed` store. If the data can be
    /// rebuilt from elsewhere, `allow no-backup "derived data"`.
    pub struct NoBackup {
        name: "no-backup",
        level: Warning,
        category: Structure,
        summary: "a single-copy database or storage with no backup",
    }
}

impl Rule for NoBackup {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for c in cx.model.component_ids() {
            let comp = cx.component(c);
            if !matches!(comp.kind, Kind::Database | Kind::Storage)
                || comp.min_replicas() >= 2
                || comp.is_managed()
                || comp.attrs.has(AttrKey::Backup)
            {
                continue;
            }
            out.push(
                Finding::new(
                    Subject::Component(c),
                    cx.at(c),
                    "one copy of the data, no backup",
                    format!("{} `{}` has a single copy of its data and no `backup`", comp.kind, comp.id),
                )
                .with_help("declare `backup 24h`, run `replicas 2` or more, or mark it `managed`"),
            );
        }
    }
}
