//! From a [`Diagram`] to a [`Scene`]: a layered (Sugiyama-style) layout that
//! knows about clusters.
//!
//! 1. [`rank`]: tiers along the direction requests travel, cycles broken
//!    deterministically from the entry points.
//! 2. Every edge becomes a chain of dummy items, one per layer it crosses;
//!    layers are doubled so that every edge crosses at least one, and an
//!    edge's label is a dummy the size of the label. Labels therefore take
//!    part in separation like boxes and can never overlap one.
//! 3. [`order`]: crossing reduction with clusters kept contiguous.
//! 4. [`place`]: coordinates across the layers, then bands along them.
//! 5. Routes: each edge runs straight through the bands at its dummies and
//!    changes position in the gaps between bands, where there are no boxes,
//!    on a track of its own ([`route`]), between the borders of the groups
//!    that close and open there.
//!
//! Everything is computed top-down; `--direction lr` swaps the axes of the
//! sizes going in and of the geometry coming out.

// Layout works on dense item, layer and edge ids it assigns itself and sizes
// every vector from; an out-of-range index is a bug here, not something a
// design can cause (the submodules inherit this).
#![allow(clippy::indexing_slicing)]

pub mod order;
pub mod place;
pub mod rank;
pub mod route;

use super::diagram::Diagram;
use super::scene::*;
use super::shape::{self, SHADOW};
use super::text::{self, Weight};
use crate::model::Kind;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Tiers from top to bottom.
    #[default]
    Down,
    /// Tiers from left to right.
    Right,
}

/// Turns a diagram into positioned geometry.
pub trait Layout {
    fn layout(&self, diagram: &Diagram, direction: Direction) -> Scene;
}

/// The layered engine (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct Layered;

const MARGIN: f64 = 24.0;
/// Room inside a cluster around its members.
const PAD: f64 = 14.0;
/// Height of a cluster's heading row.
const HEADER: f64 = 20.0;
/// Room between a band and the next.
const LAYER_GAP: f64 = 20.0;
/// Room between two tracks of a gap, and between runs sharing one.
const TRACK_GAP: f64 = 8.0;
/// Room kept between the outermost tracks of a gap and the layers, so that
/// an arrowhead (10 units) sits on a straight leg, not on the bend.
const ARROW_ROOM: f64 = 8.0;
/// Offsets between layers smaller than this are straightened.
const SNAP: f64 = 3.0;
const NODE_GAP: f64 = 32.0;
const DUMMY_GAP: f64 = 12.0;
const CLUSTER_GAP: f64 = 20.0;
/// Distance from the edge line to its label text.
const LABEL_CLEAR: f64 = 6.0;
const BADGE_R: f64 = 9.0;
const MAX_LABEL_WIDTH: f64 = 190.0;

#[derive(Clone, Copy, PartialEq)]
enum ItemKind {
    Node(usize),
    Dummy,
    Label(usize),
    Spacer,
}

struct Item {
    kind: ItemKind,
    layer: usize,
    cluster: Option<usize>,
    /// Size across and along the layers (top-down frame).
    across: f64,
    along: f64,
}

/// Lines of text of a node and the size of its box.
struct NodeText {
    lines: Vec<(String, TextStyle, f64)>,
    insets: shape::Insets,
    w: f64,
    h: f64,
}

fn node_text(d: &Diagram, i: usize) -> NodeText {
    let n = &d.nodes[i];
    let mut lines = Vec::new();
    for l in text::wrap(&n.label, TextStyle::Title.size(), Weight::Bold, MAX_LABEL_WIDTH) {
        let w = text::width(&l, TextStyle::Title.size(), Weight::Bold);
        lines.push((l, TextStyle::Title, w));
    }
    for l in text::wrap(&n.detail(), TextStyle::Detail.size(), Weight::Regular, MAX_LABEL_WIDTH + 20.0) {
        let w = text::width(&l, TextStyle::Detail.size(), Weight::Regular);
        lines.push((l, TextStyle::Detail, w));
    }
    let tw = lines.iter().map(|l| l.2).fold(0.0, f64::max);
    let th: f64 = lines.iter().map(|l| l.1.line_height()).sum();
    let insets = shape::insets(shape::shape(n.kind), tw, th);
    let shadow = if n.replicas.1 > 1 { SHADOW } else { 0.0 };
    let w = (tw + insets.left + insets.right + shadow).max(100.0).ceil();
    let h = (th + insets.top + insets.bottom + shadow).max(44.0).ceil();
    NodeText { lines, insets, w, h }
}

struct EdgeText {
    lines: Vec<(String, f64)>,
    /// Room for finding badges before the text.
    badges: f64,
    w: f64,
    h: f64,
}

fn edge_text(d: &Diagram, e: usize) -> Option<EdgeText> {
    let edge = &d.edges[e];
    let badges = edge.findings.len() as f64 * (2.0 * BADGE_R + 3.0);
    if edge.label.is_empty() && badges == 0.0 {
        return None;
    }
    let size = TextStyle::Small.size();
    let lines: Vec<(String, f64)> = if edge.label.is_empty() {
        Vec::new()
    } else {
        text::wrap(&edge.label, size, Weight::Regular, 150.0)
            .into_iter()
            .map(|l| {
                let w = text::width(&l, size, Weight::Regular);
                (l, w)
            })
            .collect()
    };
    let tw = lines.iter().map(|l| l.1).fold(0.0, f64::max);
    let th = (lines.len() as f64 * TextStyle::Small.line_height()).max(if badges > 0.0 { 2.0 * BADGE_R } else { 0.0 });
    Some(EdgeText { lines, badges, w: (tw + badges + 4.0).ceil(), h: (th + 2.0).ceil() })
}

impl Layout for Layered {
    fn layout(&self, d: &Diagram, direction: Direction) -> Scene {
        let lr = direction == Direction::Right;
        // (across, along) in the top-down frame from a (width, height).
        let frame = |w: f64, h: f64| if lr { (h, w) } else { (w, h) };
        let n = d.nodes.len();
        let k = d.clusters.len();
        let texts: Vec<NodeText> = (0..n).map(|i| node_text(d, i)).collect();
        let labels: Vec<Option<EdgeText>> = (0..d.edges.len()).map(|e| edge_text(d, e)).collect();

        // Cluster paths, outermost first.
        let cpaths: Vec<Vec<usize>> = (0..k).map(|c| d.cluster_path(Some(c))).collect();
        let path_of = |c: Option<usize>| path(&cpaths, c);

        // 1. Ranks.
        let pairs: Vec<(usize, usize)> = d.edges.iter().map(|e| (e.from, e.to)).collect();
        let entry: Vec<bool> = d.nodes.iter().map(|n| n.kind == Kind::Client).collect();
        let (mut ranks, reversed) = rank::rank(n, &pairs, &entry);
        let mut degree = vec![0usize; n];
        for &(a, b) in &pairs {
            if a != b {
                degree[a] += 1;
                degree[b] += 1;
            }
        }
        // A component with no links sits in the top tier of its own group.
        let mut cluster_top: Vec<Option<usize>> = vec![None; k];
        for i in 0..n {
            if let (Some(c), true) = (d.nodes[i].cluster, degree[i] > 0) {
                cluster_top[c] = Some(cluster_top[c].map_or(ranks[i], |r: usize| r.min(ranks[i])));
            }
        }
        for i in 0..n {
            if degree[i] == 0 {
                if let Some(r) = d.nodes[i].cluster.and_then(|c| cluster_top[c]) {
                    ranks[i] = r;
                }
            }
        }

        // 2. Items: nodes, dummies, labels.
        let mut items: Vec<Item> = (0..n)
            .map(|i| {
                let (across, along) = frame(texts[i].w, texts[i].h);
                Item { kind: ItemKind::Node(i), layer: 2 * ranks[i], cluster: d.nodes[i].cluster, across, along }
            })
            .collect();
        // Layers each cluster's components occupy.
        let mut node_span: Vec<(usize, usize)> = vec![(usize::MAX, 0); k];
        for (i, it) in items.iter().enumerate().take(n) {
            for &c in path_of(d.nodes[i].cluster) {
                node_span[c] = (node_span[c].0.min(it.layer), node_span[c].1.max(it.layer));
            }
        }
        let spans = |c: usize, l: usize| node_span[c].0 <= l && l <= node_span[c].1;
        let mut chains: Vec<Vec<usize>> = vec![Vec::new(); d.edges.len()];
        for (e, edge) in d.edges.iter().enumerate() {
            if edge.from == edge.to {
                continue;
            }
            let (a, b) = if reversed[e] { (edge.to, edge.from) } else { (edge.from, edge.to) };
            let (la, lb) = (items[a].layer, items[b].layer);
            let pb = path_of(d.nodes[b].cluster);
            // An edge leaves its source's groups at once and enters its
            // target's groups as soon as they begin (on the way down, the
            // deepest of them present on the layer). Staying outside a
            // group its target is in would make it detour around the whole
            // group; staying inside its source's group costs crossings with
            // the group's own edges (measured on generated designs).
            let cluster_at = |l: usize| pb.iter().rev().find(|&&c| spans(c, l)).copied();
            let odd: Vec<usize> = (la + 1..lb).filter(|l| l % 2 == 1).collect();
            let label_layer = labels[e].as_ref().and_then(|_| odd.get(odd.len() / 2).copied());
            let mut chain = vec![a];
            for l in la + 1..lb {
                let cluster = cluster_at(l);
                let item = if Some(l) == label_layer {
                    let t = labels[e].as_ref().map_or((0.0, 0.0), |t| frame(t.w, t.h));
                    Item { kind: ItemKind::Label(e), layer: l, cluster, across: t.0 + LABEL_CLEAR, along: t.1 }
                } else {
                    Item { kind: ItemKind::Dummy, layer: l, cluster, across: 0.0, along: 0.0 }
                };
                chain.push(items.len());
                items.push(item);
            }
            chain.push(b);
            chains[e] = chain;
        }
        let layer_count = items.iter().map(|it| it.layer + 1).max().unwrap_or(0);

        // Every cluster is present on each layer it spans, so that sibling
        // clusters are ordered against each other on every such layer.
        let mut span: Vec<(usize, usize)> = vec![(usize::MAX, 0); k];
        for it in &items {
            for &c in path_of(it.cluster) {
                span[c] = (span[c].0.min(it.layer), span[c].1.max(it.layer));
            }
        }
        let mut present = vec![false; k * layer_count.max(1)];
        for it in &items {
            for &c in path_of(it.cluster) {
                present[c * layer_count + it.layer] = true;
            }
        }
        for c in 0..k {
            if span[c].0 == usize::MAX {
                continue;
            }
            for l in span[c].0..=span[c].1 {
                if !present[c * layer_count + l] {
                    // Marking the ancestors as present too keeps one spacer per layer for a nest.
                    for &a in &cpaths[c] {
                        present[a * layer_count + l] = true;
                    }
                    items.push(Item { kind: ItemKind::Spacer, layer: l, cluster: Some(c), across: 0.0, along: 0.0 });
                }
            }
        }
        let m = items.len();
        let paths: Vec<&[usize]> = items.iter().map(|it| path_of(it.cluster)).collect();
        let mut up = vec![Vec::new(); m];
        let mut down = vec![Vec::new(); m];
        for chain in &chains {
            for w in chain.windows(2) {
                down[w[0]].push(w[1]);
                up[w[1]].push(w[0]);
            }
        }

        // 3. Order.
        let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
        for (i, it) in items.iter().enumerate() {
            layers[it.layer].push(i);
        }
        // Start from a depth-first order so that related items begin close:
        // from the top, and (below 1,000 items, where it is cheap) also
        // from the bottom; the start that ends with fewer crossings wins.
        // Sweeps: each costs about one look at every edge, so small diagrams
        // (up to a few hundred components) get many, and the count falls as
        // items grow so that a 5,000-component design with millions of
        // dummies still orders in seconds (see `order::Graph::reduce`).
        let budget = match m {
            0..3_000 => 24,
            3_000..30_000 => 10,
            30_000..1_000_000 => 4,
            _ => 2,
        };
        let starts: &[(bool, bool)] =
            if m < 1_000 { &[(true, false), (false, false), (true, true), (false, true)] } else { &[(true, false)] };
        let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
        for &(from_top, mirrored) in starts {
            let seed = depth_first_seed(&items, if from_top { &down } else { &up }, from_top, mirrored);
            let start: Vec<Vec<usize>> = layers
                .iter()
                .map(|layer| {
                    let keyed: Vec<(usize, f64)> = layer.iter().map(|&i| (i, seed[i])).collect();
                    order::arrange(&keyed, &paths, 0, None)
                })
                .collect();
            let mut graph = order::Graph { layers: start, up: &up, down: &down, paths: &paths, clusters: k };
            graph.reduce(m, budget);
            let c = graph.crossings(m);
            if best.as_ref().is_none_or(|b| c < b.0) {
                best = Some((c, graph.layers));
            }
        }
        let layers = best.map(|b| b.1).unwrap_or(layers);

        // 4. Coordinates across the layers.
        let (cl_w, tag_w): (Vec<f64>, Vec<f64>) = d
            .clusters
            .iter()
            .map(|c| {
                let head = text::width(&text::clean(&c.label), TextStyle::Heading.size(), Weight::Bold);
                let tag =
                    trust_tag(c).map_or(0.0, |t| text::width(&t, TextStyle::Small.size(), Weight::Regular) + 16.0);
                (head, tag)
            })
            .unzip();
        let pad_lo: Vec<f64> = (0..k).map(|_| if lr { PAD + HEADER } else { PAD }).collect();
        let pad_hi: Vec<f64> = vec![PAD; k];
        let min_width: Vec<f64> = (0..k).map(|c| if lr { 0.0 } else { cl_w[c] + tag_w[c] + 20.0 }).collect();
        let size: Vec<f64> = items.iter().map(|it| it.across).collect();
        let dummy: Vec<bool> = items.iter().map(|it| !matches!(it.kind, ItemKind::Node(_))).collect();
        let parent: Vec<Option<usize>> = d.clusters.iter().map(|c| c.parent).collect();
        let offset: Vec<f64> =
            items.iter().map(|it| if let ItemKind::Label(_) = it.kind { -it.across / 2.0 } else { 0.0 }).collect();
        let placement = place::Placement {
            layers: &layers,
            size: &size,
            dummy: &dummy,
            offset: &offset,
            up: &up,
            down: &down,
            paths: &paths,
            parent: &parent,
            pad_lo: &pad_lo,
            pad_hi: &pad_hi,
            min_width: &min_width,
            node_gap: NODE_GAP,
            dummy_gap: DUMMY_GAP,
            cluster_gap: CLUSTER_GAP,
        };
        // Like the sweeps of ordering: each iteration looks at every item once.
        let iterations = match m {
            0..30_000 => 8,
            30_000..1_000_000 => 4,
            _ => 2,
        };
        let mut placed = placement.place(m, iterations);
        placement.straighten(&chains, &mut placed);
        let x = placed.x;

        // Ports: spread the ends of edges over a side, ordered by where they go.
        let mut out_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
        let mut in_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
        for (e, chain) in chains.iter().enumerate() {
            if chain.len() < 2 {
                continue;
            }
            let (a, b) = (chain[0], chain[chain.len() - 1]);
            out_ports[a].push((edge_x(&items, &x, chain[1]), e));
            in_ports[b].push((edge_x(&items, &x, chain[chain.len() - 2]), e));
        }
        let port_x = |ports: &mut Vec<(f64, usize)>, node: usize| -> Vec<(usize, f64)> {
            ports.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
            let count = ports.len() as f64;
            let spread = (items[node].across * 0.7).min(14.0 * (count - 1.0));
            ports
                .iter()
                .enumerate()
                .map(|(j, &(_, e))| {
                    let off = if count > 1.0 { -spread / 2.0 + spread * j as f64 / (count - 1.0) } else { 0.0 };
                    (e, x[node] + off)
                })
                .collect()
        };
        let mut start_x = vec![0.0; d.edges.len()];
        let mut end_x = vec![0.0; d.edges.len()];
        for v in 0..n {
            for (e, px) in port_x(&mut out_ports[v], v) {
                start_x[e] = px;
            }
            for (e, px) in port_x(&mut in_ports[v], v) {
                end_x[e] = px;
            }
        }

        // Where each edge crosses each layer, and the hops between: every
        // gap gets as many tracks as its hops need, one run per track.
        let mut crossing_x: Vec<Vec<f64>> = vec![Vec::new(); d.edges.len()];
        let mut gap_hops: Vec<Vec<route::Hop>> = vec![Vec::new(); layer_count.saturating_sub(1)];
        for (e, chain) in chains.iter().enumerate() {
            if chain.len() < 2 {
                continue;
            }
            let mut xs = Vec::with_capacity(chain.len());
            xs.push(start_x[e]);
            xs.extend(chain[1..chain.len() - 1].iter().map(|&dm| edge_x(&items, &x, dm)));
            xs.push(end_x[e]);
            // A jog of a pixel or two reads as a kink, not a route: a dummy
            // (a bare point) takes the place of its predecessor, and an end
            // slides along its box to meet a label or dummy that close.
            let last = xs.len() - 1;
            if (xs[1] - xs[0]).abs() < SNAP && matches!(items[chain[1]].kind, ItemKind::Label(_)) {
                xs[0] = xs[1];
            }
            for j in 1..last {
                if items[chain[j]].kind == ItemKind::Dummy && (xs[j] - xs[j - 1]).abs() < SNAP {
                    xs[j] = xs[j - 1];
                }
            }
            if (xs[last] - xs[last - 1]).abs() < SNAP {
                xs[last] = xs[last - 1];
            }
            let la = items[chain[0]].layer;
            for (j, w) in xs.windows(2).enumerate() {
                gap_hops[la + j].push(route::Hop { top: w[0], bottom: w[1] });
            }
            crossing_x[e] = xs;
        }
        // Side borders of the groups that reach across each gap.
        let mut walls: Vec<Vec<f64>> = vec![Vec::new(); gap_hops.len()];
        for (c, &(first, last)) in span.iter().enumerate() {
            if first == usize::MAX {
                continue;
            }
            for w in walls.iter_mut().take(last).skip(first) {
                w.extend([placed.lo[c], placed.hi[c]]);
            }
        }
        let gap_tracks: Vec<(Vec<Vec<route::Run>>, usize)> =
            gap_hops.iter().zip(&walls).map(|(hops, walls)| route::assign(hops, walls, TRACK_GAP)).collect();
        // Tracks keep ARROW_ROOM from either side of the corridor, so the
        // last leg of an edge is longer than its arrowhead after the bend.
        let corridor: Vec<f64> = gap_tracks
            .iter()
            .map(|(_, count)| match count {
                0 => LAYER_GAP,
                n => LAYER_GAP.max((*n as f64 + 1.0) * TRACK_GAP + 2.0 * ARROW_ROOM),
            })
            .collect();

        // Bands along the layers, with room in the gaps for cluster borders.
        let along_lo = |_c: usize| if lr { PAD } else { PAD + HEADER };
        let along_hi = |_c: usize| PAD;
        let mut band = vec![0.0f64; layer_count];
        let mut opening = vec![0.0f64; layer_count];
        let mut closing = vec![0.0f64; layer_count];
        for (l, layer) in layers.iter().enumerate() {
            for &i in layer {
                band[l] = band[l].max(items[i].along);
                let p = &paths[i];
                let open: f64 = p.iter().filter(|&&c| span[c].0 == l).map(|&c| along_lo(c)).sum();
                let close: f64 = p.iter().filter(|&&c| span[c].1 == l).map(|&c| along_hi(c)).sum();
                opening[l] = opening[l].max(open);
                closing[l] = closing[l].max(close);
            }
        }
        let mut band_lo = vec![0.0; layer_count];
        let mut at = 0.0;
        for l in 0..layer_count {
            if l > 0 {
                at += closing[l - 1] + corridor[l - 1] + opening[l];
            } else {
                at += opening[l];
            }
            band_lo[l] = at;
            at += band[l];
        }
        let band_hi: Vec<f64> = (0..layer_count).map(|l| band_lo[l] + band[l]).collect();
        // (across_lo, along_lo, across size, along size) of each item.
        let boxes: Vec<(f64, f64, f64, f64)> = items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let y = band_lo[it.layer] + (band[it.layer] - it.along) / 2.0;
                (x[i] - it.across / 2.0, y, it.across, it.along)
            })
            .collect();

        // Cluster boxes: across from placement, along from their members.
        let mut c_lo = vec![f64::INFINITY; k];
        let mut c_hi = vec![f64::NEG_INFINITY; k];
        for (i, it) in items.iter().enumerate() {
            if let Some(c) = it.cluster {
                if matches!(it.kind, ItemKind::Node(_)) || it.along > 0.0 {
                    c_lo[c] = c_lo[c].min(boxes[i].1);
                    c_hi[c] = c_hi[c].max(boxes[i].1 + boxes[i].3);
                } else {
                    c_lo[c] = c_lo[c].min(band_lo[it.layer]);
                    c_hi[c] = c_hi[c].max(band_hi[it.layer]);
                }
            }
        }
        let mut by_depth: Vec<usize> = (0..k).collect();
        by_depth.sort_by_key(|&c| std::cmp::Reverse(cpaths[c].len()));
        for &c in &by_depth {
            c_lo[c] -= along_lo(c);
            c_hi[c] += along_hi(c);
            if let Some(p) = parent[c] {
                c_lo[p] = c_lo[p].min(c_lo[c]);
                c_hi[p] = c_hi[p].max(c_hi[c]);
            }
        }

        // 5. Routes in the top-down frame.
        let to_final = |p: Point| if lr { Point::new(p.y, p.x) } else { p };
        let rect_final = |across: f64, along: f64, a: f64, b: f64| {
            if lr {
                Rect::new(along, across, b, a)
            } else {
                Rect::new(across, along, a, b)
            }
        };
        let shadow_of = |i: usize| if d.nodes[i].replicas.1 > 1 { SHADOW } else { 0.0 };
        let mut edges = Vec::new();
        // Which hop of its gap each edge's j-th hop is, in the order they were collected.
        let mut next_hop = vec![0usize; gap_hops.len()];
        for (e, chain) in chains.iter().enumerate() {
            if chain.len() < 2 {
                continue;
            }
            let (a, b) = (chain[0], chain[chain.len() - 1]);
            let la = items[a].layer;
            let xs = &crossing_x[e];
            // The outline's far side, not the replica shadow behind it.
            let a_end = boxes[a].1 + boxes[a].3 - shadow_of(a);
            let mut pts = vec![Point::new(xs[0], a_end), Point::new(xs[0], band_hi[la])];
            let mut label = None;
            for (j, &item) in chain.iter().enumerate().skip(1) {
                let gap = la + j - 1;
                let (runs, count) = &gap_tracks[gap];
                let mut at = xs[j - 1];
                for &(t, to) in &runs[next_hop[gap]] {
                    let tracks_span = corridor[gap] - 2.0 * ARROW_ROOM;
                    let y = band_hi[gap]
                        + closing[gap]
                        + ARROW_ROOM
                        + (t as f64 + 1.0) * tracks_span / (*count as f64 + 1.0);
                    pts.push(Point::new(at, y));
                    pts.push(Point::new(to, y));
                    at = to;
                }
                next_hop[gap] += 1;
                let l = gap + 1;
                pts.push(Point::new(xs[j], band_lo[l]));
                if item == b {
                    pts.push(Point::new(xs[j], boxes[b].1));
                } else {
                    pts.push(Point::new(xs[j], band_hi[l]));
                    if let ItemKind::Label(_) = items[item].kind {
                        let (bx, by, bw, bh) = boxes[item];
                        label = Some(rect_final(bx + LABEL_CLEAR, by, bw - LABEL_CLEAR, bh));
                    }
                }
            }
            let mut pts = simplify(pts);
            if reversed[e] {
                pts.reverse();
            }
            let points = pts.into_iter().map(to_final).collect();
            edges.push((e, points, label));
        }

        // 6. Into the final frame, shifted to the margin.
        let mut scene = Scene { horizontal: lr, ..Scene::default() };
        for (i, &(ax, al, aw, ah)) in boxes.iter().enumerate().take(n) {
            scene.nodes.push(NodeBox {
                node: i,
                kind: d.nodes[i].kind,
                rect: rect_final(ax, al, aw, ah),
                lines: Vec::new(),
            });
        }
        for c in 0..k {
            if !c_lo[c].is_finite() {
                continue;
            }
            let r = rect_final(placed.lo[c], c_lo[c], placed.hi[c] - placed.lo[c], c_hi[c] - c_lo[c]);
            let empty = TextLine { text: String::new(), at: Point::default(), style: TextStyle::Heading, width: 0.0 };
            scene.clusters.push(ClusterBox { cluster: c, rect: r, depth: cpaths[c].len(), heading: empty, tag: None });
        }
        scene.clusters.sort_by_key(|c| (c.depth, c.cluster));
        for (e, points, label) in edges {
            let label = label.map(|rect| LabelBox { rect, lines: Vec::new() });
            scene.edges.push(EdgePath { edge: e, points, label });
        }
        finish(d, &mut scene, &texts, &labels, lr);
        scene
    }
}

/// The cluster path of an item in cluster `c` (outermost first), borrowed:
/// a dense diagram has millions of dummies, each needing its path.
fn path(cpaths: &[Vec<usize>], c: Option<usize>) -> &[usize] {
    c.and_then(|c| cpaths.get(c)).map_or(&[], Vec::as_slice)
}

/// Drop repeated points and the middle of three on one line.
fn simplify(pts: Vec<Point>) -> Vec<Point> {
    let same = |p: Point, q: Point| (p.x - q.x).abs() < 1e-9 && (p.y - q.y).abs() < 1e-9;
    let mut out: Vec<Point> = Vec::with_capacity(pts.len());
    for p in pts {
        if out.last().is_some_and(|&q| same(p, q)) {
            continue;
        }
        if let [.., a, b] = out[..] {
            let vertical = (a.x - b.x).abs() < 1e-9 && (b.x - p.x).abs() < 1e-9;
            let horizontal = (a.y - b.y).abs() < 1e-9 && (b.y - p.y).abs() < 1e-9;
            if vertical || horizontal {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// A position for every item: the order of a depth-first search along
/// `next`, started from the items of the top layer first (or the bottom).
fn depth_first_seed(items: &[Item], next: &[Vec<usize>], from_top: bool, mirrored: bool) -> Vec<f64> {
    let m = items.len();
    let mut seed = vec![f64::MAX; m];
    let mut counter = 0.0;
    let mut roots: Vec<usize> = (0..m).collect();
    if from_top {
        roots.sort_by_key(|&i| (items[i].layer, i));
    } else {
        roots.sort_by_key(|&i| (std::cmp::Reverse(items[i].layer), i));
    }
    if mirrored {
        // The same search with every list taken the other way round: a
        // second start as cheap as the first, that the sweeps often take
        // to a different (sometimes better) order.
        roots.sort_by_key(|&i| (if from_top { items[i].layer } else { usize::MAX - items[i].layer }, usize::MAX - i));
    }
    for r in roots {
        if seed[r] != f64::MAX {
            continue;
        }
        let mut stack = vec![r];
        while let Some(v) = stack.pop() {
            if seed[v] != f64::MAX {
                continue;
            }
            seed[v] = counter;
            counter += 1.0;
            let mut push = |w: usize| {
                if seed[w] == f64::MAX {
                    stack.push(w);
                }
            };
            if mirrored {
                next[v].iter().copied().for_each(&mut push);
            } else {
                next[v].iter().rev().copied().for_each(&mut push);
            }
        }
    }
    seed
}

/// Where an edge passes an item: its centre, or the near side of a label.
fn edge_x(items: &[Item], x: &[f64], i: usize) -> f64 {
    match items[i].kind {
        ItemKind::Label(_) => x[i] - items[i].across / 2.0,
        _ => x[i],
    }
}

pub fn trust_tag(c: &super::diagram::Cluster) -> Option<String> {
    c.trust.map(|t| format!("trust: {t}"))
}

fn line(text: String, style: TextStyle, left: f64, baseline: f64, width: f64) -> TextLine {
    TextLine { text, at: Point::new(left, baseline), style, width }
}

/// Baseline of a line whose box starts at `top`.
fn baseline(top: f64, style: TextStyle) -> f64 {
    top + style.line_height() / 2.0 + style.size() * 0.36
}

/// Text, badges, title, legend and findings list; then move everything so
/// the picture starts at the margin.
fn finish(d: &Diagram, scene: &mut Scene, texts: &[NodeText], labels: &[Option<EdgeText>], lr: bool) {
    let _ = lr;
    meet_outlines(d, scene);
    // Bounds of the drawing so far.
    let mut min = Point::new(f64::INFINITY, f64::INFINITY);
    let mut max = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut grow = |r: &Rect| {
        min.x = min.x.min(r.x);
        min.y = min.y.min(r.y);
        max.x = max.x.max(r.right());
        max.y = max.y.max(r.bottom());
    };
    scene.nodes.iter().for_each(|b| grow(&b.rect));
    scene.clusters.iter().for_each(|b| grow(&b.rect));
    for e in &scene.edges {
        for p in &e.points {
            grow(&Rect::new(p.x, p.y, 0.0, 0.0));
        }
        if let Some(l) = &e.label {
            grow(&l.rect);
        }
    }
    if !min.x.is_finite() {
        min = Point::default();
        max = Point::default();
    }
    let title = d.title.as_ref().map(|t| {
        let t = text::clean(t);
        let w = text::width(&t, 16.0, Weight::Bold);
        (t, w)
    });
    let title_h = if title.is_some() { 30.0 } else { 0.0 };
    let dx = MARGIN - min.x;
    let dy = MARGIN + title_h - min.y;
    let shift = |r: &mut Rect| {
        r.x += dx;
        r.y += dy;
    };
    for b in &mut scene.nodes {
        shift(&mut b.rect);
    }
    for b in &mut scene.clusters {
        shift(&mut b.rect);
    }
    for e in &mut scene.edges {
        for p in &mut e.points {
            p.x += dx;
            p.y += dy;
        }
        if let Some(l) = &mut e.label {
            shift(&mut l.rect);
        }
    }
    let mut width = max.x - min.x + 2.0 * MARGIN;
    // Where the legend and the findings list go, and where the picture ends
    // if nothing follows the drawing: a margin below it as on every side.
    let mut below = max.y - min.y + MARGIN + title_h;
    let mut bottom = below + MARGIN;

    // Where edges meet each node's top, for its badges to keep clear of.
    // (The scene's nodes are in the diagram's node order.)
    let mut top_ends: Vec<Vec<f64>> = vec![Vec::new(); d.nodes.len()];
    for e in &scene.edges {
        let (Some(edge), Some(&first), Some(&last)) = (d.edges.get(e.edge), e.points.first(), e.points.last()) else {
            continue;
        };
        for (node, p) in [(edge.from, first), (edge.to, last)] {
            let Some(r) = scene.nodes.get(node).map(|nb| nb.rect) else { continue };
            if p.y <= r.y + r.h / 4.0 {
                if let Some(xs) = top_ends.get_mut(node) {
                    xs.push(p.x);
                }
            }
        }
    }
    // Node text, centred in the area the outline leaves for it.
    for b in &mut scene.nodes {
        let t = &texts[b.node];
        let shadow = if d.nodes[b.node].replicas.1 > 1 { SHADOW } else { 0.0 };
        let area_x = b.rect.x + t.insets.left;
        let area_w = b.rect.w - shadow - t.insets.left - t.insets.right;
        let th: f64 = t.lines.iter().map(|l| l.1.line_height()).sum();
        let area_y = b.rect.y + t.insets.top;
        let area_h = b.rect.h - shadow - t.insets.top - t.insets.bottom;
        let mut top = area_y + (area_h - th) / 2.0;
        for (s, style, w) in &t.lines {
            b.lines.push(line(s.clone(), *style, area_x + (area_w - w) / 2.0, baseline(top, *style), *w));
            top += style.line_height();
        }
        let numbers = &d.nodes[b.node].findings;
        let front = Rect::new(b.rect.x, b.rect.y, b.rect.w - shadow, b.rect.h - shadow);
        let slots = badge_slots(front, numbers.len(), &top_ends[b.node]);
        for (&num, center) in numbers.iter().zip(slots) {
            if let Some(f) = d.findings.get(num - 1) {
                scene.badges.push(Badge { center, radius: BADGE_R, text: num.to_string(), severity: f.severity });
            }
        }
    }
    for e in &mut scene.edges {
        let (Some(lb), Some(t)) = (&mut e.label, &labels[e.edge]) else { continue };
        let th = t.lines.len() as f64 * TextStyle::Small.line_height();
        let mut top = lb.rect.y + (lb.rect.h - th) / 2.0;
        for (s, w) in &t.lines {
            lb.lines.push(line(s.clone(), TextStyle::Small, lb.rect.x + t.badges, baseline(top, TextStyle::Small), *w));
            top += TextStyle::Small.line_height();
        }
        for (j, &num) in d.edges[e.edge].findings.iter().enumerate() {
            if let Some(f) = d.findings.get(num - 1) {
                scene.badges.push(Badge {
                    center: Point::new(
                        lb.rect.x + BADGE_R + j as f64 * (2.0 * BADGE_R + 3.0),
                        lb.rect.y + lb.rect.h / 2.0,
                    ),
                    radius: BADGE_R,
                    text: num.to_string(),
                    severity: f.severity,
                });
            }
        }
    }
    for cb in &mut scene.clusters {
        let c = &d.clusters[cb.cluster];
        let size = TextStyle::Heading.size();
        let tag = trust_tag(c).map(|t| {
            let w = text::width(&t, TextStyle::Small.size(), Weight::Regular);
            (t, w)
        });
        let tag_w = tag.as_ref().map_or(0.0, |t| t.1 + 16.0);
        let room = (cb.rect.w - 16.0 - tag_w).max(20.0);
        let head = ellipsize(&text::clean(&c.label), size, Weight::Bold, room);
        let hw = text::width(&head, size, Weight::Bold);
        let top = cb.rect.y + 4.0;
        let limit = cb.rect.right() - 8.0 - tag_w;
        let x = heading_x(&scene.edges, cb.rect.x + 8.0, limit, hw, top, top + TextStyle::Heading.line_height());
        cb.heading = line(head, TextStyle::Heading, x, baseline(top, TextStyle::Heading), hw);
        cb.tag =
            tag.map(|(t, w)| line(t, TextStyle::Small, cb.rect.right() - 8.0 - w, baseline(top, TextStyle::Small), w));
    }
    if let Some((t, w)) = title {
        scene.title = Some(line(t, TextStyle::Title, MARGIN, MARGIN + 16.0, w));
        width = width.max(w + 2.0 * MARGIN);
    }

    // Legend: one sample per kind, when there are enough kinds to need one.
    let kinds = d.kinds();
    if kinds.len() > 3 {
        let top = below + 8.0;
        let mut cx = MARGIN + 10.0;
        let mut cy = top + 10.0;
        let row_w = (width - 2.0 * MARGIN).max(480.0);
        for kind in kinds {
            let name = kind.as_str().replace('_', " ");
            let tw = text::width(&name, TextStyle::Small.size(), Weight::Regular);
            let entry_w = 30.0 + 6.0 + tw + 18.0;
            if cx + entry_w > MARGIN + row_w && cx > MARGIN + 10.0 {
                cx = MARGIN + 10.0;
                cy += 26.0;
            }
            let swatch = Rect::new(cx, cy, 30.0, 18.0);
            let t = line(name, TextStyle::Small, cx + 36.0, baseline(cy + 2.0, TextStyle::Small), tw);
            scene.legend.push(LegendEntry { kind, swatch, text: t });
            cx += entry_w;
        }
        let right = scene.legend.iter().map(|e| e.text.at.x + e.text.width).fold(0.0, f64::max) + 10.0;
        let rect = Rect::new(MARGIN, top, right - MARGIN, cy + 28.0 - top);
        width = width.max(rect.right() + MARGIN);
        below = rect.bottom() + MARGIN;
        bottom = below;
        scene.legend_box = Some(rect);
    }

    // Findings list.
    if !d.findings.is_empty() {
        let mut y = below + 4.0;
        for f in &d.findings {
            let s = text::clean(&f.line());
            let w = text::width(&s, TextStyle::Small.size(), Weight::Regular);
            let badge = Badge {
                center: Point::new(MARGIN + BADGE_R, y + 10.0),
                radius: BADGE_R,
                text: f.number.to_string(),
                severity: f.severity,
            };
            let t = line(s, TextStyle::Small, MARGIN + 2.0 * BADGE_R + 8.0, baseline(y + 3.0, TextStyle::Small), w);
            width = width.max(t.at.x + w + MARGIN);
            scene.findings.push(FindingLine { number: f.number, severity: f.severity, badge, text: t });
            y += 22.0;
        }
        bottom = y + MARGIN - 4.0;
    }
    scene.width = width.ceil();
    scene.height = bottom.ceil();
}

/// Centres for `count` badges on the box `r` (without its replica
/// shadow): along the top border from the right end leftwards, each clear of
/// the arrowheads at `ends` (x positions on the top), then down the right
/// border; numbered left to right, top to bottom, as they read. Where even
/// that has no room, they sit side by side from the top right as before.
fn badge_slots(r: Rect, count: usize, ends: &[f64]) -> Vec<Point> {
    const STEP: f64 = 2.0 * BADGE_R + 3.0;
    // Half an arrowhead (5) and a little air.
    const CLEAR: f64 = BADGE_R + 7.0;
    let mut top = Vec::with_capacity(count);
    let mut x = r.right() - BADGE_R;
    while top.len() < count && x - BADGE_R >= r.x {
        match ends.iter().find(|&&e| (e - x).abs() < CLEAR) {
            Some(&e) => x = e - CLEAR,
            None => {
                top.push(Point::new(x, r.y));
                x -= STEP;
            }
        }
    }
    top.reverse();
    let mut y = r.y + STEP;
    while top.len() < count && y + BADGE_R <= r.bottom() {
        top.push(Point::new(r.right(), y));
        y += STEP;
    }
    if top.len() < count {
        let mut side: Vec<Point> = (0..count).map(|j| Point::new(r.right() - BADGE_R - j as f64 * STEP, r.y)).collect();
        side.reverse();
        return side;
    }
    top
}

/// Edges end on a shape's outline rather than on its box: a cloud dips
/// well inside its box between its lobes, an ellipse, a pill or a cylinder
/// curves away from it, a parallelogram or a hexagon slants, and an arrow
/// that stops at the box stops short of the shape. (Rectangles fill their
/// box; a stacked shape of several replicas keeps its box.)
fn meet_outlines(d: &Diagram, scene: &mut Scene) {
    // A node's box and its outline in unit coordinates of that box.
    type Outline = (Rect, Vec<(f64, f64)>);
    let mut outlines: Vec<Option<Outline>> = vec![None; d.nodes.len()];
    for b in &scene.nodes {
        let Some(n) = d.nodes.get(b.node) else { continue };
        if n.replicas.1 > 1 {
            continue;
        }
        let outline = shape::outline(shape::shape(n.kind), b.rect.w, b.rect.h);
        if let (Some(outline), Some(slot)) = (outline, outlines.get_mut(b.node)) {
            *slot = Some((b.rect, outline));
        }
    }
    for e in &mut scene.edges {
        let Some(edge) = d.edges.get(e.edge) else { continue };
        let n = e.points.len();
        if n < 2 {
            continue;
        }
        for (node, end, next) in [(edge.from, 0, 1), (edge.to, n - 1, n - 2)] {
            let (Some(Some((r, outline))), Some(&q)) = (outlines.get(node), e.points.get(next)) else { continue };
            let Some(p) = e.points.get_mut(end) else { continue };
            if (p.x - q.x).abs() < 0.5 {
                if let Some(fy) = shape::meet(outline, (p.x - r.x) / r.w, true, q.y < p.y) {
                    p.y = (r.y + fy * r.h).clamp(r.y, r.bottom());
                }
            } else if (p.y - q.y).abs() < 0.5 {
                if let Some(fx) = shape::meet(outline, (p.y - r.y) / r.h, false, q.x < p.x) {
                    p.x = (r.x + fx * r.w).clamp(r.x, r.right());
                }
            }
        }
    }
}

/// Where a group's heading of width `w` starts: the first place from
/// `from` on, before `limit`, that no edge crosses in the band `top..bottom`
/// (edges enter a group through its top border, and one drawn through the
/// heading makes it unreadable). `from` when there is no such place.
fn heading_x(edges: &[EdgePath], from: f64, limit: f64, w: f64, top: f64, bottom: f64) -> f64 {
    const CLEAR: f64 = 10.0;
    let mut blocked: Vec<(f64, f64)> = Vec::new();
    for e in edges {
        for seg in e.points.windows(2) {
            let &[p, q] = seg else { continue };
            let (y0, y1) = (p.y.min(q.y), p.y.max(q.y));
            if y1 < top || y0 > bottom {
                continue;
            }
            blocked.push((p.x.min(q.x) - CLEAR, p.x.max(q.x) + CLEAR));
        }
    }
    blocked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut x = from;
    for (start, end) in blocked {
        if x + w <= start {
            break;
        }
        x = x.max(end);
    }
    if x + w <= limit {
        x
    } else {
        from
    }
}

/// `text`, cut with an ellipsis to fit `max` px.
fn ellipsize(s: &str, size: f64, weight: Weight, max: f64) -> String {
    if text::width(s, size, weight) <= max {
        return s.to_owned();
    }
    let mut out: String = String::new();
    for ch in s.chars() {
        out.push(ch);
        if text::width(&format!("{out}…"), size, weight) > max {
            out.pop();
            break;
        }
    }
    format!("{out}…")
}
