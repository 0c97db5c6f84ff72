//! Shared by the render tests: diagrams built directly (no parsing) and the
//! geometric promises every scene must keep.
#![allow(dead_code)]

use archc::diagnostic::Severity;
use archc::model::Kind;
use archc::render::diagram::{Cluster, Diagram, Edge, Marker, Node};
use archc::render::scene::{Point, Rect, Scene};

fn node(id: &str, kind: Kind, cluster: Option<usize>) -> Node {
    Node {
        id: id.into(),
        label: id.replace('_', " "),
        kind,
        engine: None,
        replicas: (1, 1),
        cluster,
        findings: Vec::new(),
    }
}

fn cluster(id: &str, parent: Option<usize>, trust: Option<&'static str>) -> Cluster {
    Cluster { id: id.into(), label: format!("Group {id}"), parent, trust, region: None }
}

fn edge(from: usize, to: usize, label: &str) -> Edge {
    Edge { from, to, is_async: false, label: label.into(), findings: Vec::new() }
}

/// A three-tier design with nested groups, a cycle and labels.
pub fn tiers() -> Diagram {
    let clusters = vec![
        cluster("edge", None, Some("internet")),
        cluster("core", None, Some("private")),
        cluster("data", Some(1), None),
    ];
    let mut nodes = vec![
        node("browser", Kind::Client, None),
        node("mobile", Kind::Client, None),
        node("cdn", Kind::Cdn, Some(0)),
        node("gateway", Kind::Gateway, Some(0)),
        node("orders", Kind::Service, Some(1)),
        node("catalog", Kind::Service, Some(1)),
        node("orders_db", Kind::Database, Some(2)),
        node("cache", Kind::Cache, Some(2)),
        node("events", Kind::Topic, Some(1)),
        node("mailer", Kind::Function, None),
        node("payments", Kind::External, None),
    ];
    nodes[4].replicas = (3, 3);
    nodes[5].replicas = (2, 10);
    nodes[6].engine = Some("PostgreSQL".into());
    nodes[4].findings = vec![1];
    let mut edges = vec![
        edge(0, 2, "https"),
        edge(1, 3, "https"),
        edge(2, 3, "https"),
        edge(3, 4, "grpc"),
        edge(3, 5, "grpc"),
        edge(4, 6, "sql · write"),
        edge(5, 7, "resp · read"),
        edge(4, 8, "kafka"),
        edge(8, 9, ""),
        edge(4, 10, "https"),
        edge(5, 4, "grpc · availability"),
        edge(4, 5, "grpc · reserve"),
    ];
    edges[7].is_async = true;
    edges[8].is_async = true;
    edges[9].findings = vec![2];
    Diagram {
        title: Some("Tiers".into()),
        nodes,
        clusters,
        edges,
        findings: vec![
            Marker {
                number: 1,
                severity: Severity::Warning,
                code: "single-point-of-failure".into(),
                message: "m".into(),
                subject: "orders".into(),
            },
            Marker {
                number: 2,
                severity: Severity::Error,
                code: "missing-timeout".into(),
                message: "m".into(),
                subject: "orders -> payments".into(),
            },
        ],
    }
}

/// A deterministic pseudo-random diagram (xorshift; no dependency on `rand`).
pub fn random(seed: u64, n: usize, groups: usize) -> Diagram {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move |m: usize| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s % m.max(1) as u64) as usize
    };
    let mut clusters = Vec::new();
    for g in 0..groups {
        let parent = if g > 0 && next(3) == 0 { Some(next(g)) } else { None };
        clusters.push(cluster(&format!("g{g}"), parent, if next(4) == 0 { Some("dmz") } else { None }));
    }
    let kinds = Kind::ALL;
    let mut nodes = Vec::new();
    for i in 0..n {
        let kind = if i < 2 { Kind::Client } else { kinds[next(kinds.len())] };
        let c = if groups > 0 && i >= 2 && next(4) != 0 { Some(next(groups)) } else { None };
        let mut nd = node(&format!("n{i}"), kind, c);
        if next(5) == 0 {
            nd.label = format!("A longer label for component number {i}");
        }
        if next(3) == 0 {
            nd.replicas = (2, 2 + next(5) as u64);
        }
        nodes.push(nd);
    }
    let mut edges = Vec::new();
    for i in 1..n {
        // Mostly forward edges, some back edges (cycles).
        let from = next(i);
        let (a, b) = if next(8) == 0 { (i, from) } else { (from, i) };
        let label = match next(3) {
            0 => "",
            1 => "https",
            _ => "grpc · read",
        };
        let mut e = edge(a, b, label);
        e.is_async = next(4) == 0;
        edges.push(e);
        if next(3) == 0 {
            let c = next(n);
            if c != i {
                edges.push(edge(i, c, "http"));
            }
        }
    }
    Diagram { title: None, nodes, clusters, edges, findings: Vec::new() }
}

/// Every geometric promise the layout makes.
pub fn check(d: &Diagram, s: &Scene) {
    assert_eq!(s.nodes.len(), d.nodes.len(), "every node is drawn");
    for (i, a) in s.nodes.iter().enumerate() {
        for b in &s.nodes[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "nodes {} and {} overlap: {:?} {:?}", a.node, b.node, a.rect, b.rect);
        }
        // Text fits its box.
        for l in &a.lines {
            assert!(
                l.at.x >= a.rect.x - 0.5 && l.at.x + l.width <= a.rect.right() + 0.5,
                "text leaves node {}",
                a.node
            );
        }
    }
    let rect_of = |c: usize| s.clusters.iter().find(|b| b.cluster == c).map(|b| b.rect);
    for nb in &s.nodes {
        let mut c = d.nodes[nb.node].cluster;
        while let Some(ci) = c {
            let r = rect_of(ci).unwrap_or_else(|| panic!("cluster {ci} drawn"));
            assert!(r.contains(&nb.rect), "node {} outside its group {ci}: {:?} {:?}", nb.node, nb.rect, r);
            c = d.clusters[ci].parent;
        }
        // Nodes outside a group are outside its box.
        for cb in &s.clusters {
            let inside = d.cluster_path(d.nodes[nb.node].cluster).contains(&cb.cluster);
            if !inside {
                assert!(!cb.rect.overlaps(&nb.rect), "node {} overlaps foreign group {}", nb.node, cb.cluster);
            }
        }
    }
    for (i, a) in s.clusters.iter().enumerate() {
        for b in &s.clusters[i + 1..] {
            let nested = d.cluster_path(Some(a.cluster)).contains(&b.cluster)
                || d.cluster_path(Some(b.cluster)).contains(&a.cluster);
            if nested {
                let (outer, inner) = if a.depth < b.depth { (a, b) } else { (b, a) };
                assert!(outer.rect.contains(&inner.rect), "nested group {} leaves {}", inner.cluster, outer.cluster);
            } else {
                assert!(!a.rect.overlaps(&b.rect), "groups {} and {} overlap", a.cluster, b.cluster);
            }
        }
    }
    for e in &s.edges {
        let edge = &d.edges[e.edge];
        assert!(e.points.len() >= 2);
        // Routes are orthogonal: what the writers draw is the polyline
        // itself (with rounded corners), so checking it checks the picture.
        for w in e.points.windows(2) {
            assert!(
                (w[0].x - w[1].x).abs() < 0.5 || (w[0].y - w[1].y).abs() < 0.5,
                "edge {} has a slanted segment {:?} -> {:?}",
                e.edge,
                w[0],
                w[1]
            );
        }
        // The route misses every box but the ends.
        for nb in &s.nodes {
            if nb.node == edge.from || nb.node == edge.to {
                continue;
            }
            for w in e.points.windows(2) {
                assert!(!nb.rect.cut_by(w[0], w[1]), "edge {} crosses node {}: {:?}", e.edge, nb.node, e.points);
            }
        }
        if let Some(l) = &e.label {
            for nb in &s.nodes {
                assert!(!l.rect.overlaps(&nb.rect), "label of edge {} overlaps node {}", e.edge, nb.node);
            }
            for o in &s.edges {
                if let (Some(ol), true) = (&o.label, o.edge != e.edge) {
                    assert!(!l.rect.overlaps(&ol.rect), "labels of edges {} and {} overlap", e.edge, o.edge);
                }
            }
        }
        // Ends touch their boxes.
        let near = |p: Point, r: Rect| {
            p.x >= r.x - 1.0 && p.x <= r.right() + 1.0 && p.y >= r.y - 1.0 && p.y <= r.bottom() + 1.0
        };
        let first = e.points[0];
        let last = e.points[e.points.len() - 1];
        assert!(near(first, s.nodes[edge.from].rect), "edge {} starts away from its source", e.edge);
        assert!(near(last, s.nodes[edge.to].rect), "edge {} ends away from its target", e.edge);
        // The arrowhead (10 units) sits on a straight leg: after the bend's
        // rounded corner (up to 6 units) at least its own length is left.
        if let [.., before, end] = e.points[..] {
            let leg = (end.x - before.x).abs() + (end.y - before.y).abs();
            assert!(e.points.len() == 2 || leg >= 16.0 - 0.5, "edge {} ends on a leg of {leg}: {:?}", e.edge, e.points);
        }
    }
    edges_keep_apart(d, s);
    for b in s.nodes.iter().map(|n| n.rect).chain(s.clusters.iter().map(|c| c.rect)) {
        assert!(
            b.x >= 0.0 && b.y >= 0.0 && b.right() <= s.width + 0.01 && b.bottom() <= s.height + 0.01,
            "inside the canvas"
        );
    }
}

/// An axis-parallel piece of a route: the fixed coordinate, the extent
/// along the other axis, and whether it runs vertically.
#[derive(Clone, Copy, Debug)]
struct Run {
    at: f64,
    lo: f64,
    hi: f64,
    vertical: bool,
}

fn runs(points: &[Point]) -> Vec<Run> {
    points
        .windows(2)
        .filter_map(|w| {
            let (p, q) = (w[0], w[1]);
            if (p.x - q.x).abs() < 0.5 {
                Some(Run { at: p.x, lo: p.y.min(q.y), hi: p.y.max(q.y), vertical: true })
            } else if (p.y - q.y).abs() < 0.5 {
                Some(Run { at: p.y, lo: p.x.min(q.x), hi: p.x.max(q.x), vertical: false })
            } else {
                None
            }
        })
        .collect()
}

/// Two parallel runs closer than this (about a stroke width), side by side
/// for longer than [`ALONG`], read as one line.
const APART: f64 = 1.5;
const ALONG: f64 = 2.0;

fn along(a: &Run, b: &Run) -> bool {
    a.vertical == b.vertical && (a.at - b.at).abs() < APART && a.hi.min(b.hi) - a.lo.max(b.lo) > ALONG
}

/// No edge runs along a group's border, and no two edges run along each
/// other unless they leave or reach the same component (then they are one
/// fan). Either would make the picture ambiguous: which group is the line,
/// which edge goes where.
fn edges_keep_apart(d: &Diagram, s: &Scene) {
    let borders: Vec<(usize, Run)> = s
        .clusters
        .iter()
        .flat_map(|c| {
            let r = c.rect;
            [
                Run { at: r.y, lo: r.x, hi: r.right(), vertical: false },
                Run { at: r.bottom(), lo: r.x, hi: r.right(), vertical: false },
                Run { at: r.x, lo: r.y, hi: r.bottom(), vertical: true },
                Run { at: r.right(), lo: r.y, hi: r.bottom(), vertical: true },
            ]
            .map(|run| (c.cluster, run))
        })
        .collect();
    let all: Vec<(usize, Vec<Run>)> = s.edges.iter().map(|e| (e.edge, runs(&e.points))).collect();
    for (i, (e, rs)) in all.iter().enumerate() {
        for r in rs {
            for (c, b) in &borders {
                assert!(!along(r, b), "edge {e} runs along the border of group {c}: {r:?} {b:?}");
            }
        }
        let ends = |k: usize| [d.edges[k].from, d.edges[k].to];
        for (f, other) in &all[i + 1..] {
            if ends(*e).iter().any(|n| ends(*f).contains(n)) {
                continue;
            }
            for r in rs {
                for o in other {
                    assert!(!along(r, o), "edges {e} and {f} run along each other: {r:?} {o:?}");
                }
            }
        }
    }
}

/// No edge is drawn through a group's heading (on the real designs, where
/// every group has room beside the edges that enter it).
pub fn headings_clear(s: &Scene) {
    for cb in &s.clusters {
        let heading = Rect::new(cb.heading.at.x, cb.rect.y + 4.0, cb.heading.width, 16.0);
        for e in &s.edges {
            for w in e.points.windows(2) {
                assert!(!heading.cut_by(w[0], w[1]), "edge {} crosses the heading of group {}", e.edge, cb.cluster);
            }
        }
    }
}

/// What makes a layout read well or badly, measured on the drawn routes
/// (not on the ordering's model of them): the numbers the layout work is
/// judged by (`ARCHC_METRICS=1 cargo test --test render_formats metrics`
/// prints them for every real design).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Metrics {
    /// Pairs of segments of different edges that cross (touching ends and
    /// shared fans do not count).
    pub crossings: usize,
    /// Edges drawn through a component box other than their ends.
    pub through_boxes: usize,
    /// Edges drawn through the inside of a group that holds neither end.
    pub through_foreign_groups: usize,
    pub length: f64,
    pub bends: usize,
    pub area: f64,
}

pub fn metrics(d: &Diagram, s: &Scene) -> Metrics {
    let mut m = Metrics { area: s.width * s.height, ..Metrics::default() };
    let all: Vec<Vec<Run>> = s.edges.iter().map(|e| runs(&e.points)).collect();
    for (i, rs) in all.iter().enumerate() {
        for other in &all[i + 1..] {
            for a in rs {
                for b in other {
                    if crosses(a, b) {
                        m.crossings += 1;
                    }
                }
            }
        }
    }
    for e in &s.edges {
        let edge = &d.edges[e.edge];
        m.bends += e.points.len().saturating_sub(2);
        m.length += e.points.windows(2).map(|w| (w[0].x - w[1].x).abs() + (w[0].y - w[1].y).abs()).sum::<f64>();
        let cut = |r: &Rect| e.points.windows(2).any(|w| r.cut_by(w[0], w[1]));
        m.through_boxes +=
            s.nodes.iter().filter(|nb| nb.node != edge.from && nb.node != edge.to && cut(&nb.rect)).count();
        let mut own = d.cluster_path(d.nodes[edge.from].cluster);
        own.extend(d.cluster_path(d.nodes[edge.to].cluster));
        m.through_foreign_groups += s.clusters.iter().filter(|cb| !own.contains(&cb.cluster) && cut(&cb.rect)).count();
    }
    m
}

/// A vertical and a horizontal run that cross inside both (not at an end).
fn crosses(a: &Run, b: &Run) -> bool {
    if a.vertical == b.vertical {
        return false;
    }
    let inside = |r: &Run, v: f64| r.lo + 0.5 < v && v < r.hi - 0.5;
    inside(b, a.at) && inside(a, b.at)
}
