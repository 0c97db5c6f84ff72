//! The positioned diagram: boxes, paths and text lines in pixels, nothing
//! about how they are drawn. Layout produces it; SVG, PNG and JSON draw or
//! print it. Indices refer to the [`Diagram`](super::diagram::Diagram) it was
//! laid out from.

use crate::diagnostic::Severity;
use crate::model::Kind;
use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn center(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
    /// Interiors intersect (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() - 1e-6
            && o.x < self.right() - 1e-6
            && self.y < o.bottom() - 1e-6
            && o.y < self.bottom() - 1e-6
    }
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x - 1e-6
            && o.y >= self.y - 1e-6
            && o.right() <= self.right() + 1e-6
            && o.bottom() <= self.bottom() + 1e-6
    }
    /// Whether the segment `a`–`b` passes through the interior.
    pub fn cut_by(&self, a: Point, b: Point) -> bool {
        // Liang–Barsky clipping against the rectangle shrunk by a hair, so a
        // segment that only touches the border does not count.
        let e = 0.5;
        let (x0, y0, x1, y1) = (self.x + e, self.y + e, self.right() - e, self.bottom() - e);
        if x0 >= x1 || y0 >= y1 {
            return false;
        }
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let mut t0: f64 = 0.0;
        let mut t1: f64 = 1.0;
        for (p, q) in [(-dx, a.x - x0), (dx, x1 - a.x), (-dy, a.y - y0), (dy, y1 - a.y)] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// How a line of text is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextStyle {
    /// A node's name.
    Title,
    /// Kind, engine and replicas under the name.
    Detail,
    /// Edge labels, legend and findings list.
    Small,
    /// Cluster headings.
    Heading,
}

impl TextStyle {
    pub fn size(self) -> f64 {
        match self {
            TextStyle::Title => 13.0,
            TextStyle::Detail => 11.0,
            TextStyle::Small => 11.0,
            TextStyle::Heading => 12.0,
        }
    }
    pub fn weight(self) -> super::text::Weight {
        match self {
            TextStyle::Title | TextStyle::Heading => super::text::Weight::Bold,
            _ => super::text::Weight::Regular,
        }
    }
    /// Distance between baselines.
    pub fn line_height(self) -> f64 {
        (self.size() * 1.3).round()
    }
}

/// One line of text; `at` is the left end of its baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextLine {
    pub text: String,
    pub at: Point,
    pub style: TextStyle,
    /// Measured width (px), for overlap checks and anchoring.
    pub width: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeBox {
    /// Index into the diagram's nodes.
    pub node: usize,
    pub kind: Kind,
    pub rect: Rect,
    pub lines: Vec<TextLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterBox {
    pub cluster: usize,
    pub rect: Rect,
    pub depth: usize,
    pub heading: TextLine,
    /// The `trust: internet` tag of a trust boundary, right-aligned in the header.
    pub tag: Option<TextLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgePath {
    pub edge: usize,
    /// From the source's border to the target's border, in the direction of
    /// the request: an orthogonal polyline (every segment runs along or
    /// across the tiers). Between two tiers an edge that changes position
    /// does so on a track of its own in the gap; writers round the corners.
    pub points: Vec<Point>,
    pub label: Option<LabelBox>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelBox {
    pub rect: Rect,
    pub lines: Vec<TextLine>,
}

/// A finding's number drawn on the element it is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Badge {
    pub center: Point,
    pub radius: f64,
    pub text: String,
    pub severity: Severity,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegendEntry {
    pub kind: Kind,
    /// Where the sample shape goes.
    pub swatch: Rect,
    pub text: TextLine,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingLine {
    pub number: usize,
    pub severity: Severity,
    pub badge: Badge,
    pub text: TextLine,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scene {
    /// Tiers run left to right (hops between tiers are horizontal).
    pub horizontal: bool,
    pub width: f64,
    pub height: f64,
    pub title: Option<TextLine>,
    pub clusters: Vec<ClusterBox>,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
    pub badges: Vec<Badge>,
    pub legend: Vec<LegendEntry>,
    pub legend_box: Option<Rect>,
    pub findings: Vec<FindingLine>,
}
