//! Storage per `database` and `storage` component (LANGUAGE.md §5):
//! `records_per_day × 365 × retention_years × record_size × replicas` for the
//! cluster, and that ÷ (replicas × shards) on one disk.

use super::StorageEstimate;
use crate::model::{AttrKey, Component, Kind};

/// `retention` is in seconds; a year is 365 days (LANGUAGE.md §2).
const YEAR_S: f64 = 365.0 * 86_400.0;

pub(crate) fn estimate(c: &Component, missing: &mut Vec<String>) -> Option<StorageEstimate> {
    if !matches!(c.kind, Kind::Database | Kind::Storage) {
        return None;
    }
    let a = &c.attrs;
    let inputs = [AttrKey::RecordsPerDay, AttrKey::RecordSize, AttrKey::Retention];
    let absent: Vec<&str> = inputs.iter().filter(|k| !a.has(**k)).map(|k| k.name()).collect();
    if !absent.is_empty() {
        missing.push(format!("storage: no {}", crate::model::attrs::backticked(&absent)));
        return None;
    }
    let records_per_day = a.number(AttrKey::RecordsPerDay)?;
    let record_size_bytes = a.number(AttrKey::RecordSize)?;
    let retention_s = a.number(AttrKey::Retention)?;
    let replicas = c.min_replicas().max(1);
    let shards = a.count(AttrKey::Shards).unwrap_or(1).max(1);
    let per_copy = records_per_day * 365.0 * (retention_s / YEAR_S) * record_size_bytes;
    let total_bytes = per_copy * replicas as f64;
    let per_disk_bytes = per_copy / shards as f64;
    let disk_bytes = a.number(AttrKey::Disk);
    // A little tolerance so that data exactly the size of the disk fits.
    let exceeds_disk = disk_bytes.is_some_and(|d| per_disk_bytes > d * (1.0 + 1e-9));
    let shards_needed = disk_bytes.filter(|&d| d > 0.0).map(|d| ((per_copy / d) * (1.0 - 1e-9)).ceil().max(1.0) as u64);
    if disk_bytes.is_none() {
        missing.push("disk fit: no `disk` (size of one replica's disk)".into());
    }
    Some(StorageEstimate {
        records_per_day,
        record_size_bytes,
        retention_s,
        replicas,
        shards,
        total_bytes,
        per_disk_bytes,
        disk_bytes,
        shards_needed,
        exceeds_disk,
    })
}
