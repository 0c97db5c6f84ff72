//! PNG: the SVG rasterised by resvg with the bundled fonts only, so the
//! picture is the same on every machine (no system font is ever consulted).

use super::diagram::Diagram;
use super::scene::Scene;
use super::text::{BOLD, FONT_FAMILY, REGULAR};
use super::theme::Theme;

/// Pixels per SVG unit: crisp on high-density screens and in documents.
const SCALE: f32 = 2.0;
/// A large diagram is drawn at a smaller scale so that the image stays
/// within what viewers open (many refuse sides past 32,767) and what
/// memory holds: 64 M pixels are 256 MB of canvas.
const MAX_SIDE: f32 = 16_384.0;
const MAX_PIXELS: f32 = 64.0 * 1024.0 * 1024.0;
/// Below this scale the text is too small to read, so a PNG is refused.
const MIN_SCALE: f32 = 0.5;

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
    let (width, height) = (size.width().max(1.0), size.height().max(1.0));
    let scale = SCALE.min(MAX_SIDE / width).min(MAX_SIDE / height).min((MAX_PIXELS / (width * height)).sqrt());
    if scale < MIN_SCALE {
        return Err(format!(
            "the diagram is {}×{} units, too large for a readable PNG; render it as SVG, \
             or one group at a time with `--group`",
            width.ceil(),
            height.ceil()
        ));
    }
    let (w, h) = ((width * scale).ceil() as u32, (height * scale).ceil() as u32);
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w.max(1), h.max(1)).ok_or_else(|| format!("a {w}×{h} image is too large"))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}
