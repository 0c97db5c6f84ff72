//! The unit suffixes of the language (LANGUAGE.md §2). Which suffixes exist
//! is a matter of spelling, so an unknown one is a syntax error wherever the
//! number stands; what a known unit may measure for a given attribute is for
//! resolution to say.

use super::ast::{self, Item, Quantity, ValueKind};
use crate::diagnostic::{suggest, Diagnostic};
use crate::source::Span;

/// A known suffix, with its factor to SI (seconds, bytes, requests per second).
pub enum Unit {
    Count(f64),
    Percent,
    Duration(f64),
    Rate(f64),
    Size(f64),
}

/// Every suffix, for "did you mean" (rates also take `k`/`M` prefixes).
const SUFFIXES: [&str; 28] = [
    "k", "K", "M", "bn", "%", "ns", "us", "ms", "s", "m", "h", "d", "y", "rps", "qps", "krps", "Mrps", "B", "KB", "MB",
    "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB",
];

fn count_multiplier(suffix: &str) -> Option<f64> {
    Some(match suffix {
        "" => 1.0,
        "k" | "K" => 1e3,
        "M" => 1e6,
        "bn" => 1e9,
        _ => return None,
    })
}

/// The unit a suffix names, normalised to SI; `None` for an unknown suffix.
pub fn classify(unit: &str) -> Option<Unit> {
    if let Some(m) = count_multiplier(unit) {
        return Some(Unit::Count(m));
    }
    const KI: f64 = 1024.0;
    Some(match unit {
        "%" => Unit::Percent,
        "ns" => Unit::Duration(1e-9),
        "us" => Unit::Duration(1e-6),
        "ms" => Unit::Duration(1e-3),
        "s" => Unit::Duration(1.0),
        "m" => Unit::Duration(60.0),
        "h" => Unit::Duration(3600.0),
        "d" => Unit::Duration(86_400.0),
        "y" => Unit::Duration(365.0 * 86_400.0),
        "B" => Unit::Size(1.0),
        "KB" => Unit::Size(1e3),
        "MB" => Unit::Size(1e6),
        "GB" => Unit::Size(1e9),
        "TB" => Unit::Size(1e12),
        "PB" => Unit::Size(1e15),
        "KiB" => Unit::Size(KI),
        "MiB" => Unit::Size(KI * KI),
        "GiB" => Unit::Size(KI * KI * KI),
        "TiB" => Unit::Size(KI * KI * KI * KI),
        "PiB" => Unit::Size(KI * KI * KI * KI * KI),
        _ => {
            let prefix = unit.strip_suffix("rps").or_else(|| unit.strip_suffix("qps"))?;
            Unit::Rate(count_multiplier(prefix)?)
        }
    })
}

/// The `invalid-number` error of a quantity whose suffix is no unit.
pub fn unknown_unit(q: &Quantity, span: Span) -> Diagnostic {
    let d = Diagnostic::syntax(
        "invalid-number",
        format!("`{}` has an unknown unit `{}`", q.text, q.unit()),
        span,
        "unknown unit",
    );
    if q.unit() == "rpm" {
        let per_second = format!("{:.2}", q.number / 60.0);
        let per_second = per_second.trim_end_matches('0').trim_end_matches('.');
        return d.with_help(format!(
            "rates are per second: {} per minute is `{per_second}rps`",
            q.text.trim_end_matches("rpm")
        ));
    }
    if let Some(u) = alias(q.unit()) {
        return d.with_help(format!("did you mean `{}`?", q.text.replace(q.unit(), u)));
    }
    match suggest(q.unit(), SUFFIXES) {
        Some(u) => d.with_help(format!("did you mean `{}`?", q.text.replace(q.unit(), u))),
        None => d.with_help("units: counts `k M bn`, `%`, durations `ns us ms s m h d y`, rates `rps`, sizes `B KB MB GB TB PB KiB…PiB`"),
    }
}

/// Units as people write them in prose, which an edit distance would map
/// to the wrong thing (`10mil` is not `10MiB`).
fn alias(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "thousand" => "k",
        "mil" | "mio" | "million" | "millions" | "mm" => "M",
        "b" | "bil" | "billion" | "billions" | "G" => "bn",
        "sec" | "secs" | "second" | "seconds" => "s",
        "min" | "mins" | "minute" | "minutes" => "m",
        "hr" | "hrs" | "hour" | "hours" => "h",
        "day" | "days" => "d",
        "yr" | "yrs" | "year" | "years" => "y",
        "msec" | "msecs" => "ms",
        "reqs" | "req" => "rps",
        _ => return None,
    })
}

/// Every number in `file` with an unknown unit, in source order. The
/// formatter refuses such a file as it refuses any other syntax error;
/// `check` reports them when it resolves the attribute they stand in.
pub fn unknown_units(file: &ast::File) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    items(&file.items, &mut out);
    out
}

fn items(items_: &[Item], out: &mut Vec<Diagnostic>) {
    for item in items_ {
        match item {
            Item::Import(_) => {}
            Item::System(s) => block(s.body.as_ref(), out),
            Item::Group(g) => items(&g.items, out),
            Item::Component(c) => block(c.body.as_ref(), out),
            Item::Link(l) => block(l.body.as_ref(), out),
            Item::Attribute(a) => attribute(a, out),
        }
    }
}

fn block(body: Option<&ast::AttrBlock>, out: &mut Vec<Diagnostic>) {
    for a in body.iter().flat_map(|b| &b.attrs) {
        attribute(a, out);
    }
}

fn attribute(a: &ast::Attribute, out: &mut Vec<Diagnostic>) {
    out.extend(a.values.iter().filter_map(unknown_unit_in));
}

/// The `invalid-number` error of a value whose number (or either end of a
/// range) has an unknown unit; one per value. Lists hold names and strings
/// only (the grammar says so).
pub fn unknown_unit_in(v: &ast::Value) -> Option<Diagnostic> {
    let ends: &[&Quantity] = match &v.kind {
        ValueKind::Quantity(q) => &[q],
        ValueKind::Range(lo, hi) => &[lo, hi],
        _ => &[],
    };
    ends.iter().find(|q| classify(q.unit()).is_none()).map(|q| unknown_unit(q, v.span))
}
