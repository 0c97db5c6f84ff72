//! Colours. One palette per theme; kinds are coloured by family (entry,
//! edge and routing, compute, data, messaging, outside) so a glance tells the
//! tiers apart even before reading the shapes.

use crate::diagnostic::Severity;
use crate::model::Kind;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }
}

pub struct Palette {
    pub background: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub edge: &'static str,
    pub stroke: &'static str,
    pub cluster_fill: [&'static str; 2],
    pub cluster_stroke: &'static str,
    pub trust: &'static str,
    pub trust_fill: &'static str,
    /// Fills by family: entry, routing, compute, data, messaging, outside.
    pub families: [&'static str; 6],
    pub error: &'static str,
    pub warning: &'static str,
    pub note: &'static str,
    pub badge_text: &'static str,
}

impl Palette {
    pub fn fill(&self, kind: Kind) -> &'static str {
        match kind {
            Kind::Client => self.families[0],
            Kind::Dns | Kind::Cdn | Kind::LoadBalancer | Kind::Gateway => self.families[1],
            Kind::Service | Kind::Function | Kind::Coordinator => self.families[2],
            Kind::Cache | Kind::Database | Kind::Storage | Kind::Search => self.families[3],
            Kind::Queue | Kind::Topic => self.families[4],
            Kind::External => self.families[5],
        }
    }

    pub fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Note => self.note,
        }
    }
}

static LIGHT: Palette = Palette {
    background: "#ffffff",
    text: "#1f2328",
    muted: "#57606a",
    edge: "#57606a",
    stroke: "#424a53",
    cluster_fill: ["#f6f8fa", "#eef1f4"],
    cluster_stroke: "#8c959f",
    trust: "#cf222e",
    trust_fill: "#fff8f8",
    families: ["#ddf4ff", "#fbefff", "#dafbe1", "#fff8c5", "#ffeff7", "#eaeef2"],
    error: "#cf222e",
    warning: "#bf8700",
    note: "#0969da",
    badge_text: "#ffffff",
};

static DARK: Palette = Palette {
    background: "#0d1117",
    text: "#e6edf3",
    muted: "#9198a1",
    edge: "#9198a1",
    stroke: "#b7bdc8",
    cluster_fill: ["#161b22", "#1c222b"],
    cluster_stroke: "#6e7681",
    trust: "#ff7b72",
    trust_fill: "#1f1416",
    families: ["#0c2d4a", "#2c1a3d", "#12361f", "#3a2f07", "#3d1428", "#262c36"],
    error: "#f85149",
    warning: "#d29922",
    note: "#4493f8",
    badge_text: "#0d1117",
};
