//! Text measurement with the glyph advances of the bundled DejaVu Sans, the
//! first font of the stack every writer names, so that a box is as wide as
//! its label wherever the SVG is opened and exactly so in the PNG.

use std::sync::OnceLock;

pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The font stack written into SVG; DejaVu Sans and Verdana share the
/// Bitstream Vera metrics, so the fallbacks keep labels inside their boxes.
pub const FONT_STACK: &str = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";
pub const FONT_FAMILY: &str = "DejaVu Sans";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

struct Metrics {
    units_per_em: f64,
    /// Advances of U+0000..U+00FF, the common case, looked up without parsing.
    latin: [u16; 256],
    face: Option<ttf_parser::Face<'static>>,
    fallback: u16,
}

impl Metrics {
    fn load(data: &'static [u8]) -> Metrics {
        let face = ttf_parser::Face::parse(data, 0).ok();
        let units_per_em = face.as_ref().map_or(2048.0, |f| f64::from(f.units_per_em()));
        let advance = |f: &ttf_parser::Face<'_>, ch: char| -> Option<u16> {
            f.glyph_index(ch).and_then(|g| f.glyph_hor_advance(g))
        };
        // The advance of `0` stands in for characters the font lacks; it is
        // a typical width, so a box never ends up too narrow by much.
        let fallback = face.as_ref().and_then(|f| advance(f, '0')).unwrap_or(1303);
        let mut latin = [fallback; 256];
        if let Some(f) = &face {
            for (i, slot) in latin.iter_mut().enumerate() {
                if let Some(ch) = char::from_u32(i as u32) {
                    *slot = if ch.is_control() { 0 } else { advance(f, ch).unwrap_or(fallback) };
                }
            }
        }
        Metrics { units_per_em, latin, face, fallback }
    }

    fn advance(&self, ch: char) -> u16 {
        if let Some(&a) = self.latin.get(ch as usize) {
            return a;
        }
        self.face.as_ref().and_then(|f| f.glyph_index(ch).and_then(|g| f.glyph_hor_advance(g))).unwrap_or(self.fallback)
    }
}

fn metrics(weight: Weight) -> &'static Metrics {
    static REG: OnceLock<Metrics> = OnceLock::new();
    static BLD: OnceLock<Metrics> = OnceLock::new();
    match weight {
        Weight::Regular => REG.get_or_init(|| Metrics::load(REGULAR)),
        Weight::Bold => BLD.get_or_init(|| Metrics::load(BOLD)),
    }
}

/// Width in pixels of `text` set in `size` px.
pub fn width(text: &str, size: f64, weight: Weight) -> f64 {
    let m = metrics(weight);
    let units: u64 = text.chars().map(|c| u64::from(m.advance(c))).sum();
    units as f64 * size / m.units_per_em
}

/// Controls and the two noncharacters XML 1.0 cannot carry: no output
/// format gets them raw (a DOT file with U+FFFE makes Graphviz write SVG
/// that does not parse).
pub fn is_unprintable(c: char) -> bool {
    c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// Unprintable characters become spaces; a label is one line of text
/// wherever it is drawn.
pub fn clean(text: &str) -> String {
    text.chars().map(|c| if is_unprintable(c) { ' ' } else { c }).collect()
}

/// At most this many lines of one label; the last one shown ends in `…`
/// (the whole text stays in the element's tooltip).
pub const MAX_LINES: usize = 6;

/// Break `text` into lines no wider than `max` px, at spaces, and inside a
/// word only when the word alone is wider than `max` (a URL, a hash).
/// Explicit newlines always break. At most [`MAX_LINES`] lines, so that no
/// label can stretch its box across the picture.
pub fn wrap(text: &str, size: f64, weight: Weight, max: f64) -> Vec<String> {
    let fits = |s: &str| width(s, size, weight) <= max;
    let mut lines: Vec<String> = Vec::new();
    for para in text.split('\n') {
        let para = clean(para);
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word starts a line; cut it wherever it overflows.
            for c in word.chars() {
                line.push(c);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && !fits(&format!("{last}…")) {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // Proportional: an `i` is narrower than a `W`, and bold is wider.
        assert!(width("iiii", 12.0, Weight::Regular) < width("WWWW", 12.0, Weight::Regular));
        assert!(width("Service", 12.0, Weight::Regular) < width("Service", 12.0, Weight::Bold));
        let w = width("Hello", 10.0, Weight::Regular);
        assert!((width("Hello", 20.0, Weight::Regular) - 2.0 * w).abs() < 1e-9);
        assert_eq!(width("", 12.0, Weight::Regular), 0.0);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_newlines() {
        let lines = wrap("a very long label that cannot fit", 12.0, Weight::Regular, 80.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 12.0, Weight::Regular) <= 80.0 || !l.contains(' ')));
        assert_eq!(wrap("one\ntwo", 12.0, Weight::Regular, 500.0), vec!["one", "two"]);
        assert_eq!(wrap("tab\there", 12.0, Weight::Regular, 500.0), vec!["tab here"]);
    }

    #[test]
    fn long_words_and_long_texts_are_kept_in_bounds() {
        let word = "x".repeat(3000);
        let lines = wrap(&word, 12.0, Weight::Regular, 100.0);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines.iter().all(|l| width(l, 12.0, Weight::Regular) <= 100.0), "{lines:?}");
        assert!(lines.last().is_some_and(|l| l.ends_with('…')));
        // A word that fits is never cut.
        assert_eq!(
            wrap("short https://example.com/a", 12.0, Weight::Regular, 500.0),
            vec!["short https://example.com/a"]
        );
        let many = "word ".repeat(400);
        assert_eq!(wrap(&many, 12.0, Weight::Regular, 100.0).len(), MAX_LINES);
    }
}
