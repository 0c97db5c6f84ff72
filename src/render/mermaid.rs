//! Mermaid flowchart: groups as subgraphs, one node shape per kind. Node
//! names are generated (`n0`, `g0`, …) because Mermaid reserves words such
//! as `end` and reads `o`/`x` after an arrow specially; the design's ids stay
//! visible in the labels.

use super::diagram::Diagram;
use super::layout::Direction;
use crate::model::Kind;
use std::fmt::Write;

/// A label inside `"…"`: Mermaid's entity codes for the characters that end
/// the string or start markup, so no label can inject syntax or HTML.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            // `%%{…}%%` anywhere in the source is a directive (theme, CSS).
            '%' => out.push_str("#37;"),
            // Ends an edge label written `-->|"…"|` in some renderers.
            '|' => out.push_str("#124;"),
            '\n' => out.push_str("<br/>"),
            c if super::text::is_unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn node(kind: Kind, name: &str, label: &str) -> String {
    let q = quote(label);
    match kind {
        Kind::Client => format!("{name}[/{q}\\]"),
        Kind::Dns => format!("{name}([{q}])"),
        Kind::Cdn | Kind::External => format!("{name}(({q}))"),
        Kind::LoadBalancer => format!("{name}([{q}])"),
        Kind::Gateway => format!("{name}{{{{{q}}}}}"),
        Kind::Service | Kind::Coordinator => format!("{name}({q})"),
        Kind::Function => format!("{name}[/{q}/]"),
        Kind::Cache => format!("{name}[[{q}]]"),
        Kind::Database | Kind::Storage => format!("{name}[({q})]"),
        Kind::Queue | Kind::Topic => format!("{name}>{q}]"),
        Kind::Search => format!("{name}[{q}]"),
    }
}

pub fn write(d: &Diagram, direction: Direction) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "flowchart {}", if direction == Direction::Right { "LR" } else { "TB" });
    level(d, &mut o, None, 1);
    for (i, e) in d.edges.iter().enumerate() {
        let arrow = if e.is_async { "-.->" } else { "-->" };
        if e.label.is_empty() {
            let _ = writeln!(o, "  n{} {arrow} n{}", e.from, e.to);
        } else {
            let _ = writeln!(o, "  n{} {arrow}|{}| n{}", e.from, quote(&e.label), e.to);
        }
        if let Some(s) = d.worst(&e.findings) {
            let _ = writeln!(
                o,
                "  linkStyle {i} stroke:{},stroke-width:2px",
                super::theme::Theme::Light.palette().severity(s)
            );
        }
    }
    for (i, n) in d.nodes.iter().enumerate() {
        if let Some(s) = d.worst(&n.findings) {
            let _ = writeln!(
                o,
                "  style n{i} stroke:{},stroke-width:3px",
                super::theme::Theme::Light.palette().severity(s)
            );
        }
    }
    for (i, c) in d.clusters.iter().enumerate() {
        if c.trust.is_some() {
            let _ = writeln!(o, "  style g{i} stroke:#cf222e,stroke-dasharray:6 4");
        }
    }
    // No `%` in a comment either: `%%{…}%%` is a directive wherever it is.
    o.push_str(&d.findings_comment("%%", |c| Some(if c == '%' { '％' } else { c })));
    o
}

fn level(d: &Diagram, o: &mut String, cluster: Option<usize>, depth: usize) {
    let pad = "  ".repeat(depth);
    for (i, c) in d.clusters.iter().enumerate() {
        if c.parent != cluster {
            continue;
        }
        let mut label = c.label.clone();
        if let Some(t) = c.trust {
            label.push_str(&format!(" (trust: {t})"));
        }
        let _ = writeln!(o, "{pad}subgraph g{i}[{}]", quote(&label));
        level(d, o, Some(i), depth + 1);
        let _ = writeln!(o, "{pad}end");
    }
    for (i, n) in d.nodes.iter().enumerate().filter(|(_, n)| n.cluster == cluster) {
        let mut label = format!("{}\n{}", n.label, n.detail());
        if !n.findings.is_empty() {
            let nums: Vec<String> = n.findings.iter().map(|k| format!("#{k}")).collect();
            label.push_str(&format!("\n{}", nums.join(" ")));
        }
        let _ = writeln!(o, "{pad}{}", node(n.kind, &format!("n{i}"), &label));
    }
}
