//! The visual language: which outline each kind gets and how much room its
//! outline needs around the text. Layout sizes boxes with [`insets`]; the SVG
//! writer draws [`Shape`]s inside the same boxes.

use crate::model::Kind;

/// Offset of the second outline drawn behind a component with more than one instance.
pub const SHADOW: f64 = 5.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A rounded box with a person glyph: where requests start.
    Person,
    /// Pill: load balancers.
    Pill,
    /// Ellipse: name resolution.
    Ellipse,
    /// Cloud: edge networks and third parties.
    Cloud,
    /// Hexagon: gateways.
    Hexagon,
    /// Rounded rectangle: services.
    Rounded,
    /// Slanted box: functions.
    Parallelogram,
    /// Octagon: caches.
    Octagon,
    /// Vertical cylinder: databases.
    Cylinder,
    /// Horizontal cylinder (a pipe): queues.
    Pipe,
    /// Three stacked cards: topics.
    Stack,
    /// Bucket (narrower at the bottom, with a rim): storage.
    Bucket,
    /// Rectangle with a magnifier: search.
    Search,
    /// Double outline: consensus clusters.
    Double,
}

pub fn shape(kind: Kind) -> Shape {
    match kind {
        Kind::Client => Shape::Person,
        Kind::Dns => Shape::Ellipse,
        Kind::Cdn | Kind::External => Shape::Cloud,
        Kind::LoadBalancer => Shape::Pill,
        Kind::Gateway => Shape::Hexagon,
        Kind::Service => Shape::Rounded,
        Kind::Function => Shape::Parallelogram,
        Kind::Cache => Shape::Octagon,
        Kind::Database => Shape::Cylinder,
        Kind::Queue => Shape::Pipe,
        Kind::Topic => Shape::Stack,
        Kind::Storage => Shape::Bucket,
        Kind::Search => Shape::Search,
        Kind::Coordinator => Shape::Double,
    }
}

/// Room between the outline's bounding box and the text block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Insets {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// Height of a cylinder's elliptical cap, width of a pipe's.
pub const CAP: f64 = 7.0;
/// Depth of a stacked card's offset.
pub const STACK: f64 = 4.0;

/// The cloud outline in unit coordinates, stretched over the box: a start
/// point, then five cubic Béziers (two control points and an end each),
/// closed by a straight bottom edge.
pub const CLOUD: [(f64, f64); 16] = [
    (0.22, 0.96),
    (0.02, 0.96),
    (-0.02, 0.55),
    (0.14, 0.45),
    (0.08, 0.12),
    (0.36, 0.04),
    (0.44, 0.18),
    (0.52, -0.04),
    (0.82, 0.0),
    (0.8, 0.24),
    (1.02, 0.22),
    (1.04, 0.52),
    (0.92, 0.58),
    (1.02, 0.74),
    (0.96, 0.98),
    (0.78, 0.96),
];

/// The cloud outline as a closed polyline in unit coordinates.
fn cloud_polyline() -> Vec<(f64, f64)> {
    const STEPS: usize = 32;
    let [start, curves @ ..] = CLOUD;
    let mut out = vec![start];
    let mut from = start;
    for c in curves.chunks_exact(3) {
        let &[c1, c2, end] = c else { continue };
        for k in 1..=STEPS {
            let t = k as f64 / STEPS as f64;
            let u = 1.0 - t;
            let at = |a: f64, b: f64, c: f64, d: f64| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            out.push((at(from.0, c1.0, c2.0, end.0), at(from.1, c1.1, c2.1, end.1)));
        }
        from = end;
    }
    out.push(start);
    out
}

/// Points along an elliptical arc centred at (`cx`, `cy`), from angle `a0`
/// to `a1` (radians, y pointing down), in unit coordinates.
fn arc(cx: f64, cy: f64, rx: f64, ry: f64, a0: f64, a1: f64) -> impl Iterator<Item = (f64, f64)> {
    const STEPS: usize = 16;
    (0..=STEPS).map(move |k| {
        let a = a0 + (a1 - a0) * k as f64 / STEPS as f64;
        (cx + rx * a.cos(), cy + ry * a.sin())
    })
}

/// The outline of a shape drawn in a `w` × `h` box, as a closed polyline in
/// unit coordinates (the SVG writer's geometry, curves flattened), for the
/// shapes that leave part of their box empty where an edge may meet it.
/// `None`: the shape fills its box there (rectangles, rounded or not).
pub fn outline(shape: Shape, w: f64, h: f64) -> Option<Vec<(f64, f64)>> {
    use std::f64::consts::{FRAC_PI_2, PI};
    if w <= 0.0 || h <= 0.0 {
        return None;
    }
    let (fx, fy) = (|v: f64| v / w, |v: f64| v / h);
    let closed = |mut pts: Vec<(f64, f64)>| {
        if let Some(&first) = pts.first() {
            pts.push(first);
        }
        Some(pts)
    };
    match shape {
        Shape::Cloud => Some(cloud_polyline()),
        Shape::Ellipse => closed(arc(0.5, 0.5, 0.5, 0.5, 0.0, 2.0 * PI).collect()),
        Shape::Pill => {
            let (rx, ry) = (fx(h / 2.0).min(0.5), 0.5);
            let mut pts: Vec<(f64, f64)> = arc(1.0 - rx, 0.5, rx, ry, -FRAC_PI_2, FRAC_PI_2).collect();
            pts.extend(arc(rx, 0.5, rx, ry, FRAC_PI_2, 3.0 * FRAC_PI_2));
            closed(pts)
        }
        Shape::Hexagon => {
            let dx = fx((h / 2.0 * 0.6).min(w / 4.0));
            closed(vec![(dx, 0.0), (1.0 - dx, 0.0), (1.0, 0.5), (1.0 - dx, 1.0), (dx, 1.0), (0.0, 0.5)])
        }
        Shape::Parallelogram => {
            let s = fx(12.0f64.min(w / 4.0));
            closed(vec![(s, 0.0), (1.0, 0.0), (1.0 - s, 1.0), (0.0, 1.0)])
        }
        Shape::Octagon => {
            let c = 9.0f64.min(h / 3.0);
            let (cx, cy) = (fx(c), fy(c));
            closed(vec![
                (cx, 0.0),
                (1.0 - cx, 0.0),
                (1.0, cy),
                (1.0, 1.0 - cy),
                (1.0 - cx, 1.0),
                (cx, 1.0),
                (0.0, 1.0 - cy),
                (0.0, cy),
            ])
        }
        Shape::Cylinder => {
            let ry = fy(CAP.min(h / 4.0));
            let mut pts: Vec<(f64, f64)> = arc(0.5, ry, 0.5, ry, PI, 2.0 * PI).collect();
            pts.extend(arc(0.5, 1.0 - ry, 0.5, ry, 0.0, PI));
            closed(pts)
        }
        Shape::Pipe => {
            let rx = fx(CAP.min(w / 4.0));
            let mut pts: Vec<(f64, f64)> = arc(1.0 - rx, 0.5, rx, 0.5, -FRAC_PI_2, FRAC_PI_2).collect();
            pts.extend(arc(rx, 0.5, rx, 0.5, FRAC_PI_2, 3.0 * FRAC_PI_2));
            closed(pts)
        }
        Shape::Bucket => {
            let ry = fy(CAP.min(h / 4.0));
            let inset = fx(8.0f64.min(w / 6.0));
            let mut pts = vec![(0.0, ry), (inset, 1.0), (1.0 - inset, 1.0), (1.0, ry)];
            pts.extend(arc(0.5, ry, 0.5, ry, 0.0, -PI));
            closed(pts)
        }
        Shape::Person | Shape::Rounded | Shape::Stack | Shape::Search | Shape::Double => None,
    }
}

/// Where a line across a closed unit-coordinate polyline meets it: the
/// vertical line at `x` (`vertical`) or the horizontal one at `y`, nearest
/// the top or left end (`first`) or the bottom or right end. `None` when the
/// line misses it.
pub fn meet(pts: &[(f64, f64)], along: f64, vertical: bool, first: bool) -> Option<f64> {
    let mut hits: Vec<f64> = Vec::new();
    for seg in pts.windows(2) {
        let &[a, b] = seg else { continue };
        let (a_key, b_key, a_val, b_val) = if vertical { (a.0, b.0, a.1, b.1) } else { (a.1, b.1, a.0, b.0) };
        if (a_key - along) * (b_key - along) <= 0.0 && (a_key - b_key).abs() > 1e-12 {
            let t = (along - a_key) / (b_key - a_key);
            hits.push(a_val + t * (b_val - a_val));
        }
    }
    let pick = if first { f64::min } else { f64::max };
    hits.into_iter().reduce(pick)
}

pub fn insets(shape: Shape, text_width: f64, text_height: f64) -> Insets {
    let (x, y) = (12.0, 8.0);
    let i = |left: f64, right: f64, top: f64, bottom: f64| Insets { left, right, top, bottom };
    match shape {
        Shape::Person => i(x + 20.0, x, y, y),
        Shape::Pill => {
            let r = (text_height + 2.0 * y) / 2.0;
            i(r + 4.0, r + 4.0, y, y)
        }
        Shape::Ellipse => i(x + 14.0, x + 14.0, y + 5.0, y + 5.0),
        // The outline dips between its lobes; the text keeps to the part
        // of the box that is inside all of them (x 17–87%, y 28–90%).
        Shape::Cloud => {
            let (w, h) = (text_width / 0.70, text_height / 0.62);
            i(0.17 * w + 4.0, 0.13 * w + 4.0, 0.28 * h + 3.0, 0.10 * h + 3.0)
        }
        Shape::Hexagon => {
            let d = (text_height + 2.0 * y) / 2.0 * 0.6;
            i(x + d, x + d, y, y)
        }
        Shape::Rounded | Shape::Double => i(x + 2.0, x + 2.0, y + 2.0, y + 2.0),
        Shape::Parallelogram => i(x + 12.0, x + 12.0, y, y),
        Shape::Octagon => i(x + 6.0, x + 6.0, y + 2.0, y + 2.0),
        Shape::Cylinder => i(x, x, y + 2.0 * CAP, y + CAP),
        Shape::Pipe => i(x + CAP, x + 2.0 * CAP, y, y),
        Shape::Stack => i(x, x + 2.0 * STACK, y + 2.0 * STACK, y),
        Shape::Bucket => i(x + 8.0, x + 8.0, y + CAP, y),
        Shape::Search => i(x, x + 18.0, y, y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ray casting: whether `p` is inside the closed polyline.
    fn inside(poly: &[(f64, f64)], p: (f64, f64)) -> bool {
        let mut hit = false;
        for seg in poly.windows(2) {
            let &[a, b] = seg else { continue };
            if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0) {
                hit = !hit;
            }
        }
        hit
    }

    #[test]
    fn a_clouds_text_area_is_inside_its_outline() {
        let poly = cloud_polyline();
        // The text area the insets leave, for a box stretched either way.
        for (tw, th) in [(200.0, 34.0), (80.0, 34.0), (300.0, 70.0)] {
            let i = insets(Shape::Cloud, tw, th);
            let (w, h) = (tw + i.left + i.right, th + i.top + i.bottom);
            for (x, y) in [(i.left, i.top), (w - i.right, i.top), (i.left, h - i.bottom), (w - i.right, h - i.bottom)] {
                assert!(inside(&poly, (x / w, y / h)), "corner ({x}, {y}) of {tw}×{th} text leaves the cloud");
            }
        }
    }

    #[test]
    fn lines_across_a_cloud_meet_its_outline() {
        let cloud = cloud_polyline();
        // Between the two top lobes the outline dips well below the box top.
        let top = meet(&cloud, 0.44, true, true).unwrap_or_default();
        assert!(top > 0.1 && top < 0.2, "{top}");
        // The bottom is the straight closing edge.
        let bottom = meet(&cloud, 0.5, true, false).unwrap_or_default();
        assert!((bottom - 0.96).abs() < 1e-9, "{bottom}");
        assert!(meet(&cloud, 1.5, true, true).is_none());
    }

    #[test]
    fn lines_meet_the_slanted_and_curved_sides_where_they_are_drawn() {
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        // A function's parallelogram, 120 × 40, slants 12 px: halfway down,
        // its left side is 6 px in.
        let p = outline(Shape::Parallelogram, 120.0, 40.0).unwrap_or_default();
        let left = meet(&p, 0.5, false, true).unwrap_or_default();
        assert!(near(left * 120.0, 6.0), "{left}");
        // An ellipse is its full width at mid-height and narrower above.
        let e = outline(Shape::Ellipse, 100.0, 40.0).unwrap_or_default();
        assert!(near(meet(&e, 0.5, false, true).unwrap_or(1.0), 0.0));
        assert!(meet(&e, 0.1, false, true).unwrap_or_default() > 0.2);
        // A cylinder's top at its middle is the top of the box; at its side, the cap's foot.
        let c = outline(Shape::Cylinder, 100.0, 56.0).unwrap_or_default();
        assert!(near(meet(&c, 0.5, true, true).unwrap_or(1.0), 0.0));
        assert!(meet(&c, 0.02, true, true).unwrap_or_default() > 0.05);
        // Rectangles meet edges at their box.
        assert!(outline(Shape::Rounded, 100.0, 40.0).is_none());
    }
}
