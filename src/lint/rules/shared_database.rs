use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::{ComponentId, Kind, LinkId};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `database` that two or more distinct `service` or `function`
    /// components write to (a `->` link carrying `write`; a link with neither
    /// `read` nor `write` carries both). Each writer's link is labelled.
    ///
    /// ## Why is this bad?
    /// The database-per-service rule of microservices: when several services
    /// write the same tables, the schema is a contract none of them owns. A
    /// change for one breaks the others, invariants are enforced nowhere (or
    /// in several places differently), writers contend for the same locks,
    /// and the services cannot be deployed or scaled independently.
    ///
    /// ## Example
    /// ```arch
    /// service orders { replicas 2 }
    /// service billing { replicas 2 }
    /// database main { replicas 2 }
    /// orders -> main : sql write
    /// billing -> main : sql write
    /// ```
    ///
    /// ## How to fix
    /// Give each service its own database and let the others ask the owner
    /// through its API or events. Reads from a shared replica do not fire. To
    /// keep the shared database, `allow shared-database "reason"` on it.
    pub struct SharedDatabase {
        name: "shared-database",
        level: Warning,
        category: Structure,
        summary: "several services write to the same database",
    }
}

impl Rule for SharedDatabase {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let adj = cx.adjacency();
        for db in cx.model.component_ids() {
            if cx.component(db).kind != Kind::Database {
                continue;
            }
            let writes: Vec<LinkId> = adj
                .incoming(db)
                .iter()
                .copied()
                .filter(|&l| {
                    let link = cx.link(l);
                    link.is_sync() && link.write && matches!(cx.component(link.from).kind, Kind::Service | Kind::Function)
                })
                .collect();
            let mut writers: Vec<ComponentId> = writes.iter().map(|&l| cx.link(l).from).collect();
            writers.sort_unstable();
            writers.dedup();
            if writers.len() < 2 {
                continue;
            }
            let names: Vec<String> = writers.iter().map(|&w| format!("`{}`", cx.name(w))).collect();
            let mut f = Finding::new(
                Subject::Component(db),
                cx.at(db),
                format!("written by {} services", writers.len()),
                format!("database `{}` is written by {}", cx.name(db), join_and(&names)),
            );
            for &l in &writes {
                f = f.with_label(cx.link(l).span, format!("`{}` writes here", cx.name(cx.link(l).from)));
            }
            out.push(f.with_help(
                "give each service its own database; others ask the owner through its API or events",
            ));
        }
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
