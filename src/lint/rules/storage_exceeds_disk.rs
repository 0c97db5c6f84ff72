use crate::analysis::units::{apart, size, size_to};
use crate::lint::{Finding, LintContext, Rule, Subject};
use crate::model::AttrKey;

crate::declare_rule! {
    /// ## What it does
    /// Estimates the data one replica of one shard must hold and compares it
    /// with the declared `disk`: `records_per_day × 365 × retention_years ×
    /// record_size ÷ shards > disk` (`shards` defaults to 1). It needs only the
    /// component's own `records_per_day`, `record_size`, `retention` and `disk`,
    /// and is silent when any is missing.
    ///
    /// ## Why is this bad?
    /// Every replica keeps a full copy of its shard, so adding replicas does not
    /// add room: the disk fills up before the retention period ends, and the
    /// store stops accepting writes.
    ///
    /// ## Example
    /// ```arch
    /// database events {
    ///   records_per_day 100M
    ///   record_size 1KB
    ///   retention 5y        // 182.5 TB of data
    ///   disk 10TB
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Shard the data (`shards N` with N at least the estimate ÷ `disk`), use a
    /// larger `disk`, shorten `retention`, or shrink the records.
    pub struct StorageExceedsDisk {
        name: "storage-exceeds-disk",
        level: Warning,
        category: Capacity,
        summary: "the data one replica of one shard holds exceeds its `disk`",
    }
}

impl Rule for StorageExceedsDisk {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        for (c, est) in model.component_ids().zip(&cx.estimates().components) {
            let Some(st) = est.storage else { continue };
            let (true, Some(disk), Some(needed)) = (st.exceeds_disk, st.disk_bytes, st.shards_needed) else { continue };
            let comp = model.component(c);
            let Some(span) = comp.attrs.span(AttrKey::Disk) else { continue };
            let (needs, has) = apart(st.per_disk_bytes, disk, size_to);
            let per = if st.shards > 1 { format!("per replica of each of {} shards", st.shards) } else { "per replica".into() };
            out.push(
                Finding::new(
                    Subject::Component(c),
                    span,
                    format!("{} of data will not fit", size(st.per_disk_bytes)),
                    format!("`{}` needs {needs} {per} but `disk` is {has}: it needs {needed} shards", comp.id),
                )
                .with_help(format!(
                    "declare `shards {needed}` (or more), a `disk` of at least {}, or a shorter `retention`",
                    size(st.per_disk_bytes)
                )),
            );
        }
    }
}
