//! D2: containers for groups, D2's own shapes, dashed asynchronous edges.
//! Every key is quoted, so any id is safe; edges are declared at the top
//! level with full container paths.

use super::diagram::Diagram;
use super::layout::Direction;
use crate::model::Kind;
use std::fmt::Write;

/// A D2 double-quoted string: `"` and `\` escaped, newlines as `\n`, and
/// `$` as `\$`, because D2 substitutes `${name}` variables inside double
/// quotes.
pub fn quote(s: &str) -> String {
    super::dot::c_quoted(s, |c| (c == '$').then_some("\\$"))
}

fn shape(kind: Kind) -> &'static str {
    match kind {
        Kind::Client => "person",
        Kind::Dns => "oval",
        Kind::Cdn | Kind::External => "cloud",
        Kind::LoadBalancer => "oval",
        Kind::Gateway => "hexagon",
        Kind::Service => "rectangle",
        Kind::Function => "parallelogram",
        Kind::Cache => "stored_data",
        Kind::Database => "cylinder",
        Kind::Queue | Kind::Topic => "queue",
        Kind::Storage => "package",
        Kind::Search => "page",
        Kind::Coordinator => "step",
    }
}

fn path(d: &Diagram, node: usize) -> String {
    let n = d.node(node);
    let mut parts: Vec<String> = d.cluster_path(n.cluster).into_iter().map(|c| quote(&d.cluster(c).id)).collect();
    parts.push(quote(&n.id));
    parts.join(".")
}

pub fn write(d: &Diagram, direction: Direction) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "direction: {}", if direction == Direction::Right { "right" } else { "down" });
    level(d, &mut o, None, 0);
    for e in &d.edges {
        let label = if e.label.is_empty() { String::new() } else { format!(": {}", quote(&e.label)) };
        let mut style = Vec::new();
        if e.is_async {
            style.push("style.stroke-dash: 4".to_owned());
        }
        if let Some(s) = d.worst(&e.findings) {
            style.push(format!("style.stroke: {}", quote(super::theme::Theme::Light.palette().severity(s))));
        }
        let body = if style.is_empty() { String::new() } else { format!(" {{ {} }}", style.join("; ")) };
        let _ = writeln!(o, "{} -> {}{label}{body}", path(d, e.from), path(d, e.to));
    }
    o.push_str(&d.findings_comment("#", Some));
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
        let _ = writeln!(o, "{pad}{}: {} {{", quote(&c.id), quote(&label));
        if c.trust.is_some() {
            let _ = writeln!(o, "{pad}  style.stroke: \"#cf222e\"");
            let _ = writeln!(o, "{pad}  style.stroke-dash: 4");
        }
        level(d, o, Some(i), depth + 1);
        let _ = writeln!(o, "{pad}}}");
    }
    for n in d.nodes.iter().filter(|n| n.cluster == cluster) {
        let mut label = format!("{}\n{}", n.label, n.detail());
        if !n.findings.is_empty() {
            let nums: Vec<String> = n.findings.iter().map(|k| format!("#{k}")).collect();
            label.push_str(&format!("\n{}", nums.join(" ")));
        }
        let _ = write!(o, "{pad}{}: {} {{ shape: {}", quote(&n.id), quote(&label), shape(n.kind));
        if let Some(s) = d.worst(&n.findings) {
            let _ = write!(
                o,
                "; style.stroke: {}; style.stroke-width: 3",
                quote(super::theme::Theme::Light.palette().severity(s))
            );
        }
        if n.kind == Kind::External {
            let _ = write!(o, "; style.stroke-dash: 3");
        }
        o.push_str(" }\n");
    }
}
