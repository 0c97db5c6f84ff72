//! JSON: the diagram (what is shown) and the scene (where it is), for tools
//! that draw their own pictures or check ours.

use super::diagram::Diagram;
use super::scene::Scene;
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagram: &'a Diagram,
    layout: &'a Scene,
}

pub fn write(d: &Diagram, scene: &Scene) -> String {
    let doc = Document { version: 1, diagram: d, layout: scene };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    s.push('\n');
    s
}
