//! `archc estimate --format text`: the estimates as readable tables.

use super::units::{apart, count, duration, duration_to, percent, percent_to, rate, size, size_to, whole};
use super::{CapacityStatus, Estimates};
use crate::model::Kind;
use std::fmt::Write;

const NONE: &str = "—";

/// Columns padded to their widest cell; numbers right-aligned.
struct Table {
    header: Vec<&'static str>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(columns: &[(&'static str, bool)]) -> Self {
        Table {
            header: columns.iter().map(|c| c.0).collect(),
            right: columns.iter().map(|c| c.1).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn write(&self, out: &mut String) {
        let mut width: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in width.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let header: Vec<String> = self.header.iter().map(|h| h.to_string()).collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::from("  ");
            for (i, cell) in row.iter().enumerate() {
                let pad = width.get(i).copied().unwrap_or_default().saturating_sub(cell.chars().count());
                if i > 0 {
                    line.push_str("  ");
                }
                if self.right.get(i).copied().unwrap_or_default() {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map_or_else(|| NONE.to_string(), f)
}

pub fn render(e: &Estimates) -> String {
    let mut out = String::new();
    let s = &e.system;
    match &s.name {
        Some(name) => {
            let _ = writeln!(out, "system \"{name}\"");
        }
        None => out.push_str("system\n"),
    }
    let traffic = match (s.rps, s.peak_rps) {
        (Some(q), Some(p)) => format!("{} average, {} at peak (× {})", rate(q), rate(p), count(s.peak_factor)),
        _ => NONE.into(),
    };
    let _ = writeln!(out, "  traffic       {traffic}");
    let _ = writeln!(out, "  reads         {}", opt(s.read_ratio, |r| format!("{} of requests", percent_plain(r))));
    let _ = writeln!(out, "  availability  {}", opt(s.availability_slo, |a| format!("{} SLO", percent(a))));
    let _ = writeln!(out, "  latency       {}", opt(s.latency_budget_s, |l| format!("{} budget", duration(l))));

    let split = s.read_ratio.is_some();
    let mut columns = vec![("component", false), ("kind", false), ("peak", true)];
    if split {
        columns.extend([("reads", true), ("writes", true)]);
    }
    columns.extend([("capacity", true), ("replicas", true), ("needed", true), ("status", false)]);
    let mut t = Table::new(&columns);
    for c in e.components.iter().filter(|c| c.kind != Kind::Client) {
        let mut row = vec![c.id.clone(), c.kind.to_string(), opt(c.load.map(|l| l.peak_rps), rate)];
        if split {
            let unsplit = c.load.is_some_and(|l| l.peak_unsplit_rps > 0.0);
            let part = |x: f64| if unsplit { NONE.to_string() } else { rate(x) };
            row.push(c.load.map_or_else(|| NONE.to_string(), |l| part(l.peak_read_rps)));
            row.push(c.load.map_or_else(|| NONE.to_string(), |l| part(l.peak_write_rps)));
        }
        let replicas = if c.min_replicas == c.max_replicas {
            c.min_replicas.to_string()
        } else {
            format!("{}..{}", c.min_replicas, c.max_replicas)
        };
        row.push(opt(c.capacity.map(|k| k.capacity_rps), rate));
        row.push(replicas);
        row.push(c.capacity.map_or_else(|| NONE.to_string(), |k| whole(k.servers_needed)));
        row.push(
            match c.capacity.map(|k| k.status) {
                Some(CapacityStatus::Ok) => "ok",
                Some(CapacityStatus::NoHeadroom) => "no headroom",
                Some(CapacityStatus::UnderProvisioned) => "under-provisioned",
                None => NONE,
            }
            .to_string(),
        );
        t.row(row);
    }
    if !t.rows.is_empty() {
        out.push_str("\ncomponents\n");
        t.write(&mut out);
    }

    let mut t = Table::new(&[
        ("component", false),
        ("records/day", true),
        ("record", true),
        ("retention", true),
        ("replicas", true),
        ("shards", true),
        ("total", true),
        ("per disk", true),
        ("disk", true),
        ("status", false),
    ]);
    for c in &e.components {
        let Some(st) = &c.storage else { continue };
        let status = match (st.disk_bytes, st.shards_needed) {
            (Some(_), Some(n)) if st.exceeds_disk => format!("exceeds disk: needs {n} shards"),
            (Some(_), _) => "fits".into(),
            _ => NONE.into(),
        };
        // A disk and what it must hold, with the digits that tell them apart.
        let (per_disk, disk) = match st.disk_bytes {
            Some(disk) => {
                let (per_disk, disk) = apart(st.per_disk_bytes, disk, size_to);
                (per_disk, disk)
            }
            None => (size(st.per_disk_bytes), NONE.to_string()),
        };
        t.row(vec![
            c.id.clone(),
            count(st.records_per_day),
            size(st.record_size_bytes),
            duration(st.retention_s),
            st.replicas.to_string(),
            st.shards.to_string(),
            size(st.total_bytes),
            per_disk,
            disk,
            status,
        ]);
    }
    if !t.rows.is_empty() {
        out.push_str("\nstorage\n");
        t.write(&mut out);
    }

    let mut t = Table::new(&[
        ("client", false),
        ("share", true),
        ("peak", true),
        ("availability", true),
        ("latency", true),
        ("costliest", false),
    ]);
    let mut paths = String::new();
    for c in &e.clients {
        let mark = |bad: bool| if bad { " ✗" } else { "" };
        // Marked as the rules judge, and with the digits that show a value
        // near its target on the right side of it.
        let available = match s.availability_slo {
            Some(slo) => {
                format!("{}{}", apart(c.availability, slo, percent_to).0, mark(super::misses_slo(c.availability, slo)))
            }
            None => percent(c.availability),
        };
        let latency = match s.latency_budget_s {
            Some(budget) => format!(
                "{}{}",
                apart(c.latency_s, budget, duration_to).0,
                mark(super::over_budget(c.latency_s, budget))
            ),
            None => duration(c.latency_s),
        };
        let costliest: Vec<String> =
            c.costliest.iter().map(|k| format!("{} {}", k.id, percent(k.availability))).collect();
        t.row(vec![
            c.id.clone(),
            percent_plain(c.share),
            opt(c.peak_rps, rate),
            available,
            latency,
            if costliest.is_empty() { NONE.into() } else { costliest.join(", ") },
        ]);
        let approx = if c.exact { "" } else { " (approximate)" };
        let _ = writeln!(paths, "  {}: {}{approx}", c.id, c.worst_path_ids.join(" → "));
    }
    if !t.rows.is_empty() {
        out.push_str("\nclients (✗ misses the SLO or the budget)\n");
        t.write(&mut out);
        out.push_str("\nslowest paths\n");
        out.push_str(&paths);
    }

    let mut missing: Vec<String> = s.missing.clone();
    // One line per missing input, naming every component that lacks it.
    let mut by_input: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in &e.components {
        for m in &c.missing {
            match by_input.iter_mut().find(|(what, _)| what == m) {
                Some((_, ids)) => ids.push(&c.id),
                None => by_input.push((m, vec![&c.id])),
            }
        }
    }
    for (what, ids) in by_input {
        let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        missing.push(format!("{what} — {}", ids.join(", ")));
    }
    if !missing.is_empty() {
        out.push_str("\nmissing inputs\n");
        for m in missing {
            let _ = writeln!(out, "  - {m}");
        }
    }
    if !e.notes.is_empty() {
        out.push_str("\nnotes\n");
        for n in &e.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}

/// A ratio as a percentage, three significant digits: `99%`, `33.3%`.
fn percent_plain(r: f64) -> String {
    format!("{}%", super::units::sig3(r * 100.0))
}
