//! Graphviz DOT: the structure (clusters as `subgraph cluster_…`, shapes,
//! dashed asynchronous edges, labels) for Graphviz to lay out.

use super::diagram::Diagram;
use super::layout::Direction;
use crate::model::Kind;
use std::fmt::Write;

/// A DOT double-quoted string: `"` and `\` escaped, newlines as `\n`, and
/// `&` as `&amp;`, because Graphviz decodes HTML entities in labels (a
/// label `AT&lt;T` would otherwise be drawn as `AT<T`).
pub fn quote(s: &str) -> String {
    c_quoted(s, |c| (c == '&').then_some("&amp;"))
}

/// `s` in double quotes with C-style escapes (`\"`, `\\`, `\n`), other
/// control characters as spaces, and `special` characters as it says: the
/// string syntax that DOT and D2 share, each with its own extra.
pub fn c_quoted(s: &str, special: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match (c, special(c)) {
            (_, Some(escaped)) => out.push_str(escaped),
            ('"', _) => out.push_str("\\\""),
            ('\\', _) => out.push_str("\\\\"),
            ('\n', _) => out.push_str("\\n"),
            (c, _) if super::text::is_unprintable(c) => out.push(' '),
            (c, _) => out.push(c),
        }
    }
    out.push('"');
    out
}

fn shape(kind: Kind) -> &'static str {
    match kind {
        Kind::Client => "box",
        Kind::Dns => "ellipse",
        Kind::Cdn | Kind::External => "egg",
        Kind::LoadBalancer => "box",
        Kind::Gateway => "hexagon",
        Kind::Service => "box",
        Kind::Function => "parallelogram",
        Kind::Cache => "octagon",
        Kind::Database => "cylinder",
        Kind::Queue | Kind::Topic => "box3d",
        Kind::Storage => "folder",
        Kind::Search => "tab",
        Kind::Coordinator => "doubleoctagon",
    }
}

pub fn write(d: &Diagram, direction: Direction) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "digraph {} {{", quote(d.title.as_deref().unwrap_or("architecture")));
    let _ = writeln!(o, "  rankdir={};", if direction == Direction::Right { "LR" } else { "TB" });
    let _ = writeln!(o, "  compound=true;");
    let _ =
        writeln!(o, "  node [fontname=\"DejaVu Sans\", fontsize=11, style=\"filled,rounded\", fillcolor=\"#f6f8fa\"];");
    let _ = writeln!(o, "  edge [fontname=\"DejaVu Sans\", fontsize=10];");
    write_level(d, &mut o, None, 1);
    for e in &d.edges {
        let mut attrs = Vec::new();
        if !e.label.is_empty() {
            attrs.push(format!("label={}", quote(&e.label)));
        }
        if e.is_async {
            attrs.push("style=dashed".to_owned());
        }
        if let Some(s) = d.worst(&e.findings) {
            attrs.push(format!("color={}", quote(colour(s))));
            attrs.push(format!("tooltip={}", quote(&numbers(&e.findings))));
        }
        let attrs = if attrs.is_empty() { String::new() } else { format!(" [{}]", attrs.join(", ")) };
        let _ = writeln!(o, "  {} -> {}{attrs};", quote(&d.node(e.from).id), quote(&d.node(e.to).id));
    }
    o.push_str("}\n");
    o.push_str(&d.findings_comment("//", Some));
    o
}

fn colour(s: crate::diagnostic::Severity) -> &'static str {
    super::theme::Theme::Light.palette().severity(s)
}

fn numbers(ns: &[usize]) -> String {
    ns.iter().map(|n| format!("#{n}")).collect::<Vec<_>>().join(" ")
}

fn write_level(d: &Diagram, o: &mut String, cluster: Option<usize>, depth: usize) {
    let pad = "  ".repeat(depth);
    for (i, c) in d.clusters.iter().enumerate() {
        if c.parent != cluster {
            continue;
        }
        let _ = writeln!(o, "{pad}subgraph {} {{", quote(&format!("cluster_{}", c.id)));
        let mut label = c.label.clone();
        if let Some(t) = c.trust {
            label.push_str(&format!("\ntrust: {t}"));
        }
        let _ = writeln!(o, "{pad}  label={};", quote(&label));
        if c.trust.is_some() {
            let _ = writeln!(o, "{pad}  style=dashed; color=\"#cf222e\";");
        }
        write_level(d, o, Some(i), depth + 1);
        let _ = writeln!(o, "{pad}}}");
    }
    for n in d.nodes.iter().filter(|n| n.cluster == cluster) {
        let mut attrs = vec![
            format!("label={}", quote(&format!("{}\n{}", n.label, n.detail()))),
            format!("shape={}", shape(n.kind)),
        ];
        if n.kind == Kind::External {
            attrs.push("style=\"filled,dashed\"".to_owned());
        }
        if let Some(s) = d.worst(&n.findings) {
            attrs.push(format!("color={}", quote(colour(s))));
            attrs.push("penwidth=2".to_owned());
            attrs.push(format!("xlabel={}", quote(&numbers(&n.findings))));
        }
        let _ = writeln!(o, "{pad}{} [{}];", quote(&n.id), attrs.join(", "));
    }
}
