//! What a diagram shows, before any geometry: the model reduced to boxes,
//! nested clusters and labelled edges, with findings attached to the elements
//! they are about. Every writer starts from here, so `--group` and
//! `--findings` mean the same thing in SVG, DOT, Mermaid, D2 and JSON.

// Node, edge and cluster indices are positions this module assigns while
// building the diagram from one model; an out-of-range one is a bug here,
// not something input can cause.
#![allow(clippy::indexing_slicing)]

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Arrow, ComponentId, GroupId, Kind, LinkOrigin, Model};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagram {
    pub title: Option<String>,
    pub nodes: Vec<Node>,
    pub clusters: Vec<Cluster>,
    pub edges: Vec<Edge>,
    /// Numbered from 1 in list order; empty unless findings were asked for.
    pub findings: Vec<Marker>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    pub id: String,
    pub label: String,
    pub kind: Kind,
    pub engine: Option<String>,
    /// `(min, max)` instances.
    pub replicas: (u64, u64),
    /// Index into [`Diagram::clusters`] of the innermost enclosing cluster.
    pub cluster: Option<usize>,
    /// Numbers of the findings about this node (into [`Diagram::findings`], 1-based).
    pub findings: Vec<usize>,
}

impl Node {
    /// The second line of the box: kind, engine and instance count.
    pub fn detail(&self) -> String {
        let mut s = self.kind.as_str().replace('_', " ");
        if let Some(e) = &self.engine {
            s.push_str(" · ");
            s.push_str(e);
        }
        match self.replicas {
            (1, 1) => {}
            (a, b) if a == b => s.push_str(&format!(" · ×{a}")),
            (a, b) => s.push_str(&format!(" · ×{a}–{b}")),
        }
        s
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cluster {
    pub id: String,
    pub label: String,
    pub parent: Option<usize>,
    /// `internet`, `dmz` or `private` when the group is a trust boundary.
    pub trust: Option<&'static str>,
    pub region: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    #[serde(rename = "async")]
    pub is_async: bool,
    /// Protocol, flags and the link's own label, ready to print; empty for none.
    pub label: String,
    pub findings: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Marker {
    pub number: usize,
    pub severity: Severity,
    pub code: String,
    pub message: String,
    pub subject: String,
}

impl Marker {
    /// The finding as one line of the list under a diagram, without its
    /// number: `warning [no-backup] … (db)`.
    pub fn line(&self) -> String {
        // The subject says what the finding is about, unless the message names it already.
        let named = self.message.contains(&format!("`{}`", self.subject));
        let subject = if self.subject.is_empty() || named { String::new() } else { format!(" ({})", self.subject) };
        format!("{} [{}] {}{}", self.severity.as_str(), self.code, self.message, subject)
    }
}

impl Diagram {
    /// The findings list as comment lines for the text formats, which mark
    /// elements with `#n` and would otherwise never say what `#n` is.
    /// `prefix` starts a comment; `clean` makes the text safe inside one.
    pub fn findings_comment(&self, prefix: &str, clean: impl Fn(char) -> Option<char>) -> String {
        if self.findings.is_empty() {
            return String::new();
        }
        let mut out = format!("{prefix} Findings marked above (`archc check` explains each):\n");
        for f in &self.findings {
            let text: String =
                f.line().chars().filter_map(|c| if c.is_control() { Some(' ') } else { clean(c) }).collect();
            out.push_str(&format!("{prefix} #{}: {text}\n", f.number));
        }
        out
    }
}

/// Why a diagram cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiagramError {
    UnknownGroup { name: String, suggestion: Option<String> },
}

impl std::fmt::Display for DiagramError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiagramError::UnknownGroup { name, .. } => write!(f, "no group named `{name}`"),
        }
    }
}

impl Diagram {
    /// The whole model, or the part inside `group`, with `findings` attached
    /// by their `subject` (a component id, or `a -> b` / `a ~> b` for a link).
    pub fn build(model: &Model, group: Option<&str>, findings: &[Diagnostic]) -> Result<Diagram, DiagramError> {
        let root = match group {
            None => None,
            Some(name) => match model.groups.iter().position(|g| g.id == name) {
                Some(i) => Some(GroupId(i as u32)),
                None => {
                    let suggestion =
                        crate::diagnostic::suggest(name, model.groups.iter().map(|g| g.id.as_str())).map(str::to_owned);
                    return Err(DiagramError::UnknownGroup { name: name.to_owned(), suggestion });
                }
            },
        };
        let inside = |g: Option<GroupId>| match root {
            None => true,
            Some(r) => model.group_chain(g).any(|x| x == r),
        };

        let mut cluster_of_group: BTreeMap<GroupId, usize> = BTreeMap::new();
        let mut clusters = Vec::new();
        // Parents are declared before their children, but do not rely on it:
        // walk each group's chain and create outer clusters first.
        for gi in 0..model.groups.len() {
            let g = GroupId(gi as u32);
            if !inside(Some(g)) {
                continue;
            }
            let chain: Vec<GroupId> = model.group_chain(Some(g)).take_while(|&x| inside(Some(x))).collect();
            for &x in chain.iter().rev() {
                if cluster_of_group.contains_key(&x) {
                    continue;
                }
                let grp = model.group(x);
                let parent = grp.parent.and_then(|p| cluster_of_group.get(&p).copied());
                cluster_of_group.insert(x, clusters.len());
                clusters.push(Cluster {
                    id: grp.id.clone(),
                    label: grp.display_name().to_owned(),
                    parent,
                    trust: grp.trust(),
                    region: grp.attrs.text(crate::model::AttrKey::Region).map(str::to_owned),
                });
            }
        }

        let mut node_of: BTreeMap<ComponentId, usize> = BTreeMap::new();
        let mut nodes = Vec::new();
        for cid in model.component_ids() {
            let c = model.component(cid);
            if !inside(c.group) {
                continue;
            }
            node_of.insert(cid, nodes.len());
            nodes.push(Node {
                id: c.id.clone(),
                label: c.display_name().to_owned(),
                kind: c.kind,
                engine: c.engine().map(str::to_owned),
                replicas: c.replicas(),
                cluster: c.group.and_then(|g| cluster_of_group.get(&g).copied()),
                findings: Vec::new(),
            });
        }

        let mut edges = Vec::new();
        for lid in model.link_ids() {
            let l = model.link(lid);
            let (Some(&from), Some(&to)) = (node_of.get(&l.from), node_of.get(&l.to)) else { continue };
            edges.push(Edge {
                from,
                to,
                is_async: l.arrow == Arrow::Async,
                label: link_label(l),
                findings: Vec::new(),
            });
        }

        // Drop empty clusters that hold nothing at all (no node below them):
        // an empty box says nothing and costs space.
        let mut used = vec![false; clusters.len()];
        for n in &nodes {
            let mut c = n.cluster;
            while let Some(i) = c {
                if used[i] {
                    break;
                }
                used[i] = true;
                c = clusters[i].parent;
            }
        }
        let mut diagram = Diagram {
            title: if root.is_none() { model.system.as_ref().and_then(|s| s.name.clone()) } else { None },
            nodes,
            clusters,
            edges,
            findings: Vec::new(),
        };
        diagram.retain_clusters(&used);
        diagram.attach_findings(findings, root.is_none());
        Ok(diagram)
    }

    fn retain_clusters(&mut self, keep: &[bool]) {
        let mut new_index = vec![None; keep.len()];
        let mut kept = Vec::new();
        for (i, c) in self.clusters.iter().enumerate() {
            if keep[i] {
                new_index[i] = Some(kept.len());
                kept.push(c.clone());
            }
        }
        for c in &mut kept {
            c.parent = c.parent.and_then(|p| new_index[p]);
        }
        for n in &mut self.nodes {
            n.cluster = n.cluster.and_then(|c| new_index[c]);
        }
        self.clusters = kept;
    }

    /// Number the findings that are about something drawn (and, for the whole
    /// design, those about nothing in particular) and mark their subjects.
    fn attach_findings(&mut self, findings: &[Diagnostic], whole: bool) {
        let by_id: BTreeMap<&str, usize> = self.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
        let mut node_hits: Vec<(usize, usize)> = Vec::new();
        let mut edge_hits: Vec<(usize, usize)> = Vec::new();
        let mut markers = Vec::new();
        for d in findings {
            let subject = d.subject.trim();
            let mut on_nodes = Vec::new();
            let mut on_edges = Vec::new();
            if let Some(&n) = by_id.get(subject) {
                on_nodes.push(n);
            } else if let Some((from, arrow, to)) = split_link(subject) {
                for (i, e) in self.edges.iter().enumerate() {
                    if self.nodes[e.from].id == from && self.nodes[e.to].id == to && e.is_async == (arrow == "~>") {
                        on_edges.push(i);
                    }
                }
            }
            if on_nodes.is_empty() && on_edges.is_empty() && !whole {
                continue;
            }
            let number = markers.len() + 1;
            node_hits.extend(on_nodes.into_iter().map(|n| (n, number)));
            edge_hits.extend(on_edges.into_iter().map(|e| (e, number)));
            markers.push(Marker {
                number,
                severity: d.severity,
                code: d.code.to_string(),
                message: d.message.clone(),
                subject: d.subject.clone(),
            });
        }
        for (n, k) in node_hits {
            self.nodes[n].findings.push(k);
        }
        for (e, k) in edge_hits {
            self.edges[e].findings.push(k);
        }
        self.findings = markers;
    }

    /// Node `i`, as named by an edge, a scene box or a position in `nodes`.
    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// Edge `i`, as named by a scene route or a position in `edges`.
    pub fn edge(&self, i: usize) -> &Edge {
        &self.edges[i]
    }

    /// Cluster `i`, as named by a node, a parent or a scene box.
    pub fn cluster(&self, i: usize) -> &Cluster {
        &self.clusters[i]
    }

    /// The most severe finding among `numbers`.
    pub fn worst(&self, numbers: &[usize]) -> Option<Severity> {
        numbers.iter().filter_map(|&k| self.findings.get(k.wrapping_sub(1))).map(|m| m.severity).min()
    }

    /// Clusters from the outermost to `c`.
    pub fn cluster_path(&self, mut c: Option<usize>) -> Vec<usize> {
        let mut path = Vec::new();
        while let Some(i) = c {
            path.push(i);
            c = self.clusters[i].parent;
        }
        path.reverse();
        path
    }

    /// Distinct kinds in first-appearance order of [`Kind::ALL`].
    pub fn kinds(&self) -> Vec<Kind> {
        let set: BTreeSet<Kind> = self.nodes.iter().map(|n| n.kind).collect();
        set.into_iter().collect()
    }
}

/// `a -> b` into its parts.
fn split_link(subject: &str) -> Option<(&str, &str, &str)> {
    let mut parts = subject.split_whitespace();
    let (a, arrow, b) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !matches!(arrow, "->" | "~>") {
        return None;
    }
    Some((a, arrow, b))
}

fn link_label(l: &crate::model::Link) -> String {
    let mut parts: Vec<String> = Vec::new();
    // A dead-letter link carries its own label ("dead letters"), which says it.
    if l.origin == LinkOrigin::DeadLetter && l.label.is_none() {
        parts.push("dead letters".into());
    }
    match (l.protocol, l.tls) {
        (Some(p), true) if !matches!(p, "https" | "wss") => parts.push(format!("{p}+tls")),
        (Some(p), _) => parts.push(p.to_owned()),
        (None, true) => parts.push("tls".into()),
        (None, false) => {}
    }
    match (l.read, l.write) {
        (true, false) => parts.push("read".into()),
        (false, true) => parts.push("write".into()),
        _ => {}
    }
    if let Some(label) = &l.label {
        parts.push(label.clone());
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::split_link;

    #[test]
    fn link_subjects_split_on_whitespace() {
        assert_eq!(split_link("a -> b"), Some(("a", "->", "b")));
        assert_eq!(split_link("a ~> b-c"), Some(("a", "~>", "b-c")));
        assert_eq!(split_link("a => b"), None);
        assert_eq!(split_link("a"), None);
    }
}
