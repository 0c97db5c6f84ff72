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

pub fn insets(shape: Shape, text_height: f64) -> Insets {
    let (x, y) = (12.0, 8.0);
    let i = |left: f64, right: f64, top: f64, bottom: f64| Insets { left, right, top, bottom };
    match shape {
        Shape::Person => i(x + 20.0, x, y, y),
        Shape::Pill => {
            let r = (text_height + 2.0 * y) / 2.0;
            i(r + 4.0, r + 4.0, y, y)
        }
        Shape::Ellipse => i(x + 14.0, x + 14.0, y + 5.0, y + 5.0),
        Shape::Cloud => i(x + 22.0, x + 22.0, y + 10.0, y + 8.0),
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
