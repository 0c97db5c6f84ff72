//! PNG: the SVG rasterised by resvg with the bundled fonts only, so the
//! picture is the same on every machine (no system font is ever consulted).

use super::diagram::Diagram;
use super::scene::Scene;
use super::text::{BOLD, FONT_FAMILY, REGULAR};
use super::theme::Theme;

/// Pixels per SVG unit: crisp on high-density screens and in documents.
const SCALE: f32 = 2.0;

pub fn write(d: &Diagram, scene: &Scene, theme: Theme) -> Result<Vec<u8>, String> {
    let svg = super::svg::write(d, scene, theme);
    rasterize(&svg)
}

/// Rasterise an SVG document produced by [`super::svg`].
pub fn rasterize(svg: &str) -> Result<Vec<u8>, String> {
    let mut opt = resvg::usvg::Options { font_family: FONT_FAMILY.to_owned(), ..Default::default() };
    {
        let db = opt.fontdb_mut();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        // Every generic family resolves to the bundled face.
        db.set_sans_serif_family(FONT_FAMILY);
        db.set_serif_family(FONT_FAMILY);
        db.set_monospace_family(FONT_FAMILY);
        db.set_cursive_family(FONT_FAMILY);
        db.set_fantasy_family(FONT_FAMILY);
    }
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| e.to_string())?;
    let size = tree.size();
    let (w, h) = ((size.width() * SCALE).ceil() as u32, (size.height() * SCALE).ceil() as u32);
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w.max(1), h.max(1)).ok_or_else(|| format!("a {w}×{h} image is too large"))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(SCALE, SCALE), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}
