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

/// Where a line across the cloud meets its outline, in unit coordinates:
/// the vertical line at `x` (`vertical`) or the horizontal one at `y`,
/// nearest the top or left end (`first`) or the bottom or right end. `None`
/// when the line misses the cloud.
pub fn cloud_outline(along: f64, vertical: bool, first: bool) -> Option<f64> {
    let pts = cloud_polyline();
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
        // Between the two top lobes the outline dips well below the box top.
        let top = cloud_outline(0.44, true, true).unwrap_or_default();
        assert!(top > 0.1 && top < 0.2, "{top}");
        // The bottom is the straight closing edge.
        let bottom = cloud_outline(0.5, true, false).unwrap_or_default();
        assert!((bottom - 0.96).abs() < 1e-9, "{bottom}");
        assert!(cloud_outline(1.5, true, true).is_none());
    }
}
