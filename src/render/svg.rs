//! SVG: a self-contained document (no scripts, no external references, no
//! style sheet) drawn from the scene with presentation attributes only, so
//! browsers, editors and resvg show the same picture. Every string from the
//! design goes through [`escape`].

use super::diagram::Diagram;
use super::scene::*;
use super::shape::{self, Shape, CAP, SHADOW, STACK};
use super::text::FONT_STACK;
use super::theme::{Palette, Theme};
use crate::diagnostic::Severity;
use std::fmt::Write;

/// Text for XML character data and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 cannot carry most control characters at all.
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if super::text::is_unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate: at most two decimals, no trailing zeros, never `-0`.
pub fn num(v: f64) -> String {
    Num(v).to_string()
}

/// [`num`] as a `Display`, written in integer arithmetic: the long paths of
/// a dense diagram hold millions of coordinates, and formatting each as a
/// float with a precision took a fifth of the time of a render.
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scaled = (self.0 * 100.0).round();
        if !scaled.is_finite() {
            return f.write_str("0");
        }
        if scaled.abs() >= 1e15 {
            // Hundredths no longer fit exactly; the general path is as good.
            let s = format!("{:.2}", scaled / 100.0);
            return f.write_str(s.trim_end_matches('0').trim_end_matches('.'));
        }
        #[allow(clippy::cast_possible_truncation)]
        let k = scaled as i64;
        let sign = if k < 0 { "-" } else { "" };
        let (int, frac) = (k.unsigned_abs() / 100, k.unsigned_abs() % 100);
        if frac == 0 {
            if int == 0 {
                return f.write_str("0");
            }
            write!(f, "{sign}{int}")
        } else if frac % 10 == 0 {
            write!(f, "{sign}{int}.{}", frac / 10)
        } else {
            write!(f, "{sign}{int}.{frac:02}")
        }
    }
}

pub fn write(d: &Diagram, scene: &Scene, theme: Theme) -> String {
    let p = theme.palette();
    let mut o = String::with_capacity(4096 + 1024 * (scene.nodes.len() + scene.edges.len()));
    let (w, h) = (num(scene.width), num(scene.height));
    let _ = writeln!(o, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}" font-size="12">"#,
        escape(FONT_STACK)
    );
    let _ = writeln!(o, "<defs>");
    for (name, colour) in [("edge", p.edge), ("error", p.error), ("warning", p.warning), ("note", p.note)] {
        let _ = writeln!(
            o,
            r#"<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>"#
        );
    }
    let _ = writeln!(o, "</defs>");
    let _ = writeln!(o, r#"<rect x="0" y="0" width="{w}" height="{h}" fill="{}"/>"#, p.background);
    if let Some(t) = &scene.title {
        text_line(&mut o, t, p.text, false, None);
    }

    for cb in &scene.clusters {
        let c = d.cluster(cb.cluster);
        let r = cb.rect;
        let _ = writeln!(o, r#"<g class="cluster">"#);
        let mut tip = format!("{} (group {})", c.label, c.id);
        if let Some(region) = &c.region {
            let _ = write!(tip, " (region {region})");
        }
        let _ = writeln!(o, "<title>{}</title>", escape(&tip));
        if c.trust.is_some() {
            let _ = writeln!(
                o,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{}" stroke-width="1.6" stroke-dasharray="7 4"/>"#,
                num(r.x),
                num(r.y),
                num(r.w),
                num(r.h),
                p.trust_fill,
                p.trust
            );
        } else {
            let _ = writeln!(
                o,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{}" stroke-width="1"/>"#,
                num(r.x),
                num(r.y),
                num(r.w),
                num(r.h),
                if cb.depth % 2 == 0 { p.cluster_fill[0] } else { p.cluster_fill[1] },
                p.cluster_stroke
            );
        }
        let _ = writeln!(o, "</g>");
    }

    for e in &scene.edges {
        let edge = d.edge(e.edge);
        let worst = d.worst(&edge.findings);
        let colour = worst.map_or(p.edge, |s| p.severity(s));
        let marker = match worst {
            None => "edge",
            Some(Severity::Error) => "error",
            Some(Severity::Warning) => "warning",
            Some(Severity::Note) => "note",
        };
        let from = &d.node(edge.from).id;
        let to = &d.node(edge.to).id;
        let mut tip = format!("{from} {} {to}", if edge.is_async { "~>" } else { "->" });
        if !edge.label.is_empty() {
            let _ = write!(tip, ": {}", edge.label);
        }
        for &k in &edge.findings {
            if let Some(f) = d.findings.get(k - 1) {
                let _ = write!(tip, "\n{k}. {} [{}] {}", f.severity.as_str(), f.code, f.message);
            }
        }
        let _ = writeln!(o, r#"<g class="edge">"#);
        let _ = writeln!(o, "<title>{}</title>", escape(&tip));
        let dash = if edge.is_async { r#" stroke-dasharray="6 4""# } else { "" };
        let width = if worst.is_some() { "2.2" } else { "1.4" };
        let _ = writeln!(
            o,
            r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="{width}"{dash} marker-end="url(#arrow-{marker})"/>"#,
            path_d(&e.points, scene.horizontal)
        );
        if let Some(l) = &e.label {
            if !l.lines.is_empty() {
                let r = l.rect;
                let _ = writeln!(
                    o,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" fill-opacity="0.85"/>"#,
                    num(r.x),
                    num(r.y),
                    num(r.w),
                    num(r.h),
                    p.background
                );
            }
            for t in &l.lines {
                text_line(&mut o, t, p.muted, false, None);
            }
        }
        let _ = writeln!(o, "</g>");
    }

    for nb in &scene.nodes {
        let node = d.node(nb.node);
        let worst = d.worst(&node.findings);
        let mut tip = format!("{} ({}, {})", node.label, node.id, node.kind.as_str());
        for &k in &node.findings {
            if let Some(f) = d.findings.get(k - 1) {
                let _ = write!(tip, "\n{k}. {} [{}] {}", f.severity.as_str(), f.code, f.message);
            }
        }
        let _ = writeln!(o, r#"<g class="node">"#);
        let _ = writeln!(o, "<title>{}</title>", escape(&tip));
        let stroke = worst.map_or(p.stroke, |s| p.severity(s));
        let sw = if worst.is_some() { 2.6 } else { 1.3 };
        let dash = node.kind == crate::model::Kind::External;
        let fill = p.fill(node.kind);
        let shp = shape::shape(node.kind);
        let r = nb.rect;
        if node.replicas.1 > 1 {
            let back = Rect::new(r.x + SHADOW, r.y + SHADOW, r.w - SHADOW, r.h - SHADOW);
            draw_shape(&mut o, shp, back, fill, p.stroke, 1.0, dash, p);
            let front = Rect::new(r.x, r.y, r.w - SHADOW, r.h - SHADOW);
            draw_shape(&mut o, shp, front, fill, stroke, sw, dash, p);
        } else {
            draw_shape(&mut o, shp, r, fill, stroke, sw, dash, p);
        }
        for t in &nb.lines {
            let colour = if t.style == TextStyle::Detail { p.muted } else { p.text };
            text_line(&mut o, t, colour, true, None);
        }
        let _ = writeln!(o, "</g>");
    }

    // Headings go over the edges that enter their group, haloed, so both stay readable.
    for cb in &scene.clusters {
        text_line(&mut o, &cb.heading, p.text, false, Some(p.background));
        if let Some(tag) = &cb.tag {
            text_line(&mut o, tag, p.trust, false, Some(p.background));
        }
    }
    for b in &scene.badges {
        badge(&mut o, b, p);
    }

    if let Some(r) = scene.legend_box {
        let _ = writeln!(o, r#"<g class="legend">"#);
        let _ = writeln!(
            o,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="none" stroke="{}" stroke-width="0.8"/>"#,
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            p.cluster_stroke
        );
        for e in &scene.legend {
            let dash = e.kind == crate::model::Kind::External;
            draw_shape(&mut o, shape::shape(e.kind), e.swatch, p.fill(e.kind), p.stroke, 1.0, dash, p);
            text_line(&mut o, &e.text, p.text, false, None);
        }
        let _ = writeln!(o, "</g>");
    }
    if !scene.findings.is_empty() {
        let _ = writeln!(o, r#"<g class="findings">"#);
        for f in &scene.findings {
            badge(&mut o, &f.badge, p);
            text_line(&mut o, &f.text, p.text, false, None);
        }
        let _ = writeln!(o, "</g>");
    }
    o.push_str("</svg>\n");
    o
}

fn text_line(o: &mut String, t: &TextLine, fill: &str, centred: bool, halo: Option<&str>) {
    if t.text.is_empty() {
        return;
    }
    let weight = if t.style.weight() == super::text::Weight::Bold { r#" font-weight="bold""# } else { "" };
    let halo = halo.map_or(String::new(), |h| {
        format!(r#" stroke="{h}" stroke-width="3" stroke-linejoin="round" paint-order="stroke""#)
    });
    let (x, anchor) = if centred { (t.at.x + t.width / 2.0, r#" text-anchor="middle""#) } else { (t.at.x, "") };
    let _ = writeln!(
        o,
        r#"<text x="{}" y="{}" font-size="{}"{weight}{anchor} fill="{fill}"{halo}>{}</text>"#,
        num(x),
        num(t.at.y),
        num(t.style.size()),
        escape(&t.text)
    );
}

fn badge(o: &mut String, b: &Badge, p: &Palette) {
    let _ = writeln!(
        o,
        r#"<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="1.5"/>"#,
        num(b.center.x),
        num(b.center.y),
        num(b.radius),
        p.severity(b.severity),
        p.background
    );
    let _ = writeln!(
        o,
        r#"<text x="{}" y="{}" font-size="10" font-weight="bold" text-anchor="middle" fill="{}">{}</text>"#,
        num(b.center.x),
        num(b.center.y + 3.6),
        p.badge_text,
        escape(&b.text)
    );
}

/// Path data of an edge: straight runs with rounded corners where an
/// orthogonal route turns; a cubic for a slanted segment (kept inside the
/// gap it crosses by its control points).
pub fn path_d(points: &[Point], horizontal: bool) -> String {
    const RADIUS: f64 = 6.0;
    let mut d = String::new();
    let Some(first) = points.first() else { return d };
    let _ = write!(d, "M{},{}", Num(first.x), Num(first.y));
    let on_axis = |p: Point, q: Point| (p.x - q.x).abs() < 0.01 || (p.y - q.y).abs() < 0.01;
    let len = |p: Point, q: Point| (q.x - p.x).abs() + (q.y - p.y).abs();
    for (i, (&p, &q)) in points.iter().zip(points.iter().skip(1)).enumerate() {
        if !on_axis(p, q) {
            if horizontal {
                let mx = (p.x + q.x) / 2.0;
                let _ = write!(d, " C{},{} {},{} {},{}", Num(mx), Num(p.y), Num(mx), Num(q.y), Num(q.x), Num(q.y));
            } else {
                let my = (p.y + q.y) / 2.0;
                let _ = write!(d, " C{},{} {},{} {},{}", Num(p.x), Num(my), Num(q.x), Num(my), Num(q.x), Num(q.y));
            }
            continue;
        }
        let next = points.get(i + 2).copied().filter(|&r| on_axis(q, r) && len(q, r) > 0.01);
        let turns = next.is_some_and(|r| ((p.x - q.x).abs() < 0.01) != ((q.x - r.x).abs() < 0.01));
        match next {
            Some(r) if turns && len(p, q) > 0.01 => {
                let rad = RADIUS.min(len(p, q) / 2.0).min(len(q, r) / 2.0);
                let unit = |a: Point, b: Point| {
                    let l = len(a, b);
                    ((b.x - a.x) / l, (b.y - a.y) / l)
                };
                let (ix, iy) = unit(p, q);
                let (ox, oy) = unit(q, r);
                let _ = write!(
                    d,
                    " L{},{} Q{},{} {},{}",
                    Num(q.x - ix * rad),
                    Num(q.y - iy * rad),
                    Num(q.x),
                    Num(q.y),
                    Num(q.x + ox * rad),
                    Num(q.y + oy * rad)
                );
            }
            _ => {
                let _ = write!(d, " L{},{}", Num(q.x), Num(q.y));
            }
        }
    }
    d
}

#[allow(clippy::too_many_arguments)]
fn draw_shape(o: &mut String, shp: Shape, r: Rect, fill: &str, stroke: &str, sw: f64, dashed: bool, p: &Palette) {
    let style = format!(
        r#" fill="{fill}" stroke="{stroke}" stroke-width="{}"{}"#,
        num(sw),
        if dashed { r#" stroke-dasharray="5 3""# } else { "" }
    );
    let (x, y, w, h) = (r.x, r.y, r.w, r.h);
    let poly = |o: &mut String, pts: &[(f64, f64)]| {
        let s: Vec<String> = pts.iter().map(|(a, b)| format!("{},{}", num(*a), num(*b))).collect();
        let _ = writeln!(o, r#"<polygon points="{}"{style}/>"#, s.join(" "));
    };
    let rect = |o: &mut String, r: Rect, rx: f64| {
        let _ = writeln!(
            o,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}"{style}/>"#,
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            num(rx)
        );
    };
    let line_style = format!(r#" fill="none" stroke="{stroke}" stroke-width="{}""#, num(sw));
    match shp {
        Shape::Rounded => rect(o, r, 8.0),
        Shape::Double => {
            rect(o, r, 3.0);
            let _ = writeln!(
                o,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="2"{line_style}/>"#,
                num(x + 3.5),
                num(y + 3.5),
                num(w - 7.0),
                num(h - 7.0)
            );
        }
        Shape::Person => {
            rect(o, r, 8.0);
            let (cx, cy) = (x + 17.0, y + h / 2.0);
            let s = (h / 44.0).min(1.0);
            let _ = writeln!(
                o,
                r#"<circle cx="{}" cy="{}" r="{}" fill="{}"/>"#,
                num(cx),
                num(cy - 6.0 * s),
                num(4.5 * s),
                p.stroke
            );
            let _ = writeln!(
                o,
                r#"<path d="M{},{} a{},{} 0 0 1 {},0 z" fill="{}"/>"#,
                num(cx - 8.0 * s),
                num(cy + 9.0 * s),
                num(8.0 * s),
                num(9.0 * s),
                num(16.0 * s),
                p.stroke
            );
        }
        Shape::Pill => rect(o, r, h / 2.0),
        Shape::Ellipse => {
            let _ = writeln!(
                o,
                r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}"{style}/>"#,
                num(x + w / 2.0),
                num(y + h / 2.0),
                num(w / 2.0),
                num(h / 2.0)
            );
        }
        Shape::Cloud => {
            let pts = super::shape::CLOUD;
            let m = |(a, b): (f64, f64)| format!("{},{}", num(x + a * w), num(y + b * h));
            let [start, curves @ ..] = pts;
            let mut dd = format!("M{}", m(start));
            for c in curves.chunks_exact(3) {
                if let &[c1, c2, end] = c {
                    let _ = write!(dd, " C{} {} {}", m(c1), m(c2), m(end));
                }
            }
            dd.push_str(" Z");
            let _ = writeln!(o, r#"<path d="{dd}"{style}/>"#);
        }
        Shape::Hexagon => {
            let dx = (h / 2.0 * 0.6).min(w / 4.0);
            poly(
                o,
                &[
                    (x + dx, y),
                    (x + w - dx, y),
                    (x + w, y + h / 2.0),
                    (x + w - dx, y + h),
                    (x + dx, y + h),
                    (x, y + h / 2.0),
                ],
            );
        }
        Shape::Parallelogram => {
            let s = 12.0f64.min(w / 4.0);
            poly(o, &[(x + s, y), (x + w, y), (x + w - s, y + h), (x, y + h)]);
        }
        Shape::Octagon => {
            let c = 9.0f64.min(h / 3.0);
            poly(
                o,
                &[
                    (x + c, y),
                    (x + w - c, y),
                    (x + w, y + c),
                    (x + w, y + h - c),
                    (x + w - c, y + h),
                    (x + c, y + h),
                    (x, y + h - c),
                    (x, y + c),
                ],
            );
        }
        Shape::Cylinder => {
            let ry = CAP.min(h / 4.0);
            let rx = w / 2.0;
            let _ = writeln!(
                o,
                r#"<path d="M{},{} a{},{} 0 0 1 {},0 v{} a{},{} 0 0 1 {},0 z"{style}/>"#,
                num(x),
                num(y + ry),
                num(rx),
                num(ry),
                num(w),
                num(h - 2.0 * ry),
                num(rx),
                num(ry),
                num(-w)
            );
            let _ = writeln!(
                o,
                r#"<path d="M{},{} a{},{} 0 0 0 {},0"{line_style}/>"#,
                num(x),
                num(y + ry),
                num(rx),
                num(ry),
                num(w)
            );
        }
        Shape::Pipe => {
            let rx = CAP.min(w / 4.0);
            let ry = h / 2.0;
            let _ = writeln!(
                o,
                r#"<path d="M{},{} h{} a{},{} 0 0 1 0,{} h{} a{},{} 0 0 1 0,{} z"{style}/>"#,
                num(x + rx),
                num(y),
                num(w - 2.0 * rx),
                num(rx),
                num(ry),
                num(h),
                num(-(w - 2.0 * rx)),
                num(rx),
                num(ry),
                num(-h)
            );
            let _ = writeln!(
                o,
                r#"<path d="M{},{} a{},{} 0 0 0 0,{}"{line_style}/>"#,
                num(x + w - rx),
                num(y),
                num(rx),
                num(ry),
                num(h)
            );
        }
        Shape::Stack => {
            let s = STACK.min(h / 6.0);
            for i in 0..3 {
                let f = i as f64;
                rect(o, Rect::new(x + (2.0 - f) * s, y + f * s, w - 2.0 * s, h - 2.0 * s), 3.0);
            }
        }
        Shape::Bucket => {
            let ry = CAP.min(h / 4.0);
            let inset = 8.0f64.min(w / 6.0);
            let _ = writeln!(
                o,
                r#"<path d="M{},{} L{},{} L{},{} L{},{} a{},{} 0 0 0 {},0 z"{style}/>"#,
                num(x),
                num(y + ry),
                num(x + inset),
                num(y + h),
                num(x + w - inset),
                num(y + h),
                num(x + w),
                num(y + ry),
                num(w / 2.0),
                num(ry),
                num(-w)
            );
            let _ = writeln!(
                o,
                r#"<path d="M{},{} a{},{} 0 0 0 {},0"{line_style}/>"#,
                num(x),
                num(y + ry),
                num(w / 2.0),
                num(ry),
                num(w)
            );
        }
        Shape::Search => {
            rect(o, r, 4.0);
            let s = (h / 44.0).min(1.0);
            let (cx, cy) = (x + w - 16.0 * s.max(0.5), y + h / 2.0 - 2.0 * s);
            let _ = writeln!(
                o,
                r#"<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{stroke}" stroke-width="1.6"/>"#,
                num(cx),
                num(cy),
                num(5.0 * s)
            );
            let _ = writeln!(
                o,
                r#"<path d="M{},{} l{},{}" stroke="{stroke}" stroke-width="2" stroke-linecap="round"/>"#,
                num(cx + 3.5 * s),
                num(cy + 3.5 * s),
                num(4.0 * s),
                num(4.0 * s)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(-3.07), "-3.07");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(1234.999), "1235");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn escape_covers_markup_and_controls() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(escape("a\u{1}b"), "a b");
    }
}
