//! Diagrams of the model: [`diagram`] decides what is shown, [`layout`]
//! places it into a render-agnostic [`scene`], and one writer per file turns
//! either into bytes. Writers never see the model; nothing here does I/O.
//!
//! Text formats (DOT, Mermaid, D2) carry the structure and let their own tools
//! lay it out; SVG, PNG and JSON carry our layout.

pub mod d2;
pub mod diagram;
pub mod dot;
pub mod json;
pub mod layout;
pub mod mermaid;
pub mod png;
pub mod scene;
pub mod shape;
pub mod svg;
pub mod text;
pub mod theme;

pub use diagram::{Diagram, DiagramError};
pub use layout::{Direction, Layered, Layout};
pub use scene::Scene;
pub use theme::Theme;

use crate::diagnostic::Diagnostic;
use crate::model::Model;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
    Dot,
    Mermaid,
    D2,
    Json,
}

impl Format {
    pub const ALL: &'static [Format] =
        &[Format::Svg, Format::Png, Format::Dot, Format::Mermaid, Format::D2, Format::Json];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
            Format::D2 => "d2",
            Format::Json => "json",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.as_str() == name)
    }

    /// The format a file name asks for (`x.svg`, `x.gv`, `x.mmd`, …).
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "dot" | "gv" => Some(Format::Dot),
            "mmd" | "mermaid" => Some(Format::Mermaid),
            "d2" => Some(Format::D2),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// Whether the output is text that may go to a terminal.
    pub fn is_text(self) -> bool {
        self != Format::Png
    }
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub direction: Direction,
    pub theme: Theme,
    /// Only this group and what it contains.
    pub group: Option<String>,
}

#[derive(Debug)]
pub enum RenderError {
    Diagram(DiagramError),
    Png(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Diagram(e) => e.fmt(f),
            RenderError::Png(e) => write!(f, "cannot draw the png: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

impl From<DiagramError> for RenderError {
    fn from(e: DiagramError) -> Self {
        RenderError::Diagram(e)
    }
}

/// The whole pipeline for one output. `findings` are marked on the diagram
/// (pass an empty slice for a plain one); they come from the lint stage,
/// which this module never runs.
pub fn render(model: &Model, findings: &[Diagnostic], format: Format, opts: &Options) -> Result<Vec<u8>, RenderError> {
    let diagram = Diagram::build(model, opts.group.as_deref(), findings)?;
    render_diagram(&diagram, format, opts)
}

pub fn render_diagram(diagram: &Diagram, format: Format, opts: &Options) -> Result<Vec<u8>, RenderError> {
    let scene = || Layered.layout(diagram, opts.direction);
    Ok(match format {
        Format::Svg => svg::write(diagram, &scene(), opts.theme).into_bytes(),
        Format::Png => png::write(diagram, &scene(), opts.theme).map_err(RenderError::Png)?,
        Format::Dot => dot::write(diagram, opts.direction).into_bytes(),
        Format::Mermaid => mermaid::write(diagram, opts.direction).into_bytes(),
        Format::D2 => d2::write(diagram, opts.direction).into_bytes(),
        Format::Json => json::write(diagram, &scene()).into_bytes(),
    })
}
