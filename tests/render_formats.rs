//! Every writer on real designs: snapshots, well-formed XML, byte-identical
//! reruns, hostile labels, and the scene's geometric promises.

mod render_support;

use archc::diagnostic::Diagnostic;
use archc::lint::{self, LintConfig};
use archc::model::Model;
use archc::render::{self, Diagram, Direction, Format, Layered, Layout, Options, Theme};
use std::path::{Path, PathBuf};

fn designs() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["tests/fixtures/render", "examples"] {
        let Ok(rd) = std::fs::read_dir(dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "arch") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 4, "the render fixtures are there");
    files
}

fn load(path: &Path) -> (Model, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).expect("readable fixture");
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("design.arch");
    let c = archc::compile_str(name, &text);
    assert!(!c.has_errors(), "{} compiles: {:?}", path.display(), c.diagnostics.first().map(|d| &d.message));
    let findings = lint::lint(&c.model, &LintConfig::default());
    (c.model, findings)
}

fn name(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("design").to_owned()
}

fn render(model: &Model, findings: &[Diagnostic], format: Format, opts: &Options) -> String {
    let bytes = render::render(model, findings, format, opts).expect("renders");
    String::from_utf8(bytes).expect("text output is UTF-8")
}

#[test]
fn snapshots_of_every_text_format() {
    for path in designs() {
        let (model, findings) = load(&path);
        let n = name(&path);
        let opts = Options::default();
        insta::assert_snapshot!(format!("{n}.svg"), render(&model, &[], Format::Svg, &opts));
        insta::assert_snapshot!(format!("{n}.dot"), render(&model, &[], Format::Dot, &opts));
        insta::assert_snapshot!(format!("{n}.mmd"), render(&model, &[], Format::Mermaid, &opts));
        insta::assert_snapshot!(format!("{n}.d2"), render(&model, &[], Format::D2, &opts));
        if path.starts_with("tests") {
            insta::assert_snapshot!(format!("{n}.json"), render(&model, &[], Format::Json, &opts));
            insta::assert_snapshot!(format!("{n}.findings.svg"), render(&model, &findings, Format::Svg, &opts));
        }
    }
}

#[test]
fn every_svg_is_well_formed_and_deterministic() {
    for path in designs() {
        let (model, findings) = load(&path);
        for direction in [Direction::Down, Direction::Right] {
            for theme in [Theme::Light, Theme::Dark] {
                for f in [&[][..], &findings[..]] {
                    let opts = Options { direction, theme, group: None };
                    let a = render(&model, f, Format::Svg, &opts);
                    let b = render(&model, f, Format::Svg, &opts);
                    assert_eq!(a, b, "{}: two runs differ", path.display());
                    let doc = roxmltree::Document::parse(&a).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    assert_eq!(doc.root_element().tag_name().name(), "svg");
                    let json = render(&model, f, Format::Json, &opts);
                    serde_json::from_str::<serde_json::Value>(&json).expect("json parses");
                }
            }
        }
    }
}

#[test]
fn scenes_of_real_designs_keep_the_geometric_promises() {
    for path in designs() {
        let (model, findings) = load(&path);
        let d = Diagram::build(&model, None, &findings).expect("diagram");
        for direction in [Direction::Down, Direction::Right] {
            let s = Layered.layout(&d, direction);
            render_support::check(&d, &s);
            render_support::headings_clear(&s);
            // No finding's badge covers an arrowhead.
            for e in &s.edges {
                let Some(end) = e.points.last() else { continue };
                for b in &s.badges {
                    let covered =
                        (b.center.x - end.x).abs() < b.radius + 5.0 && (b.center.y - end.y).abs() < b.radius + 5.0;
                    assert!(!covered, "{}: badge {} covers the arrowhead of edge {}", path.display(), b.text, e.edge);
                }
            }
        }
        // And each group on its own.
        for g in &model.groups {
            let d = Diagram::build(&model, Some(&g.id), &findings).expect("group diagram");
            assert!(d.nodes.iter().all(|n| n.cluster.is_some()), "only the group's members");
            render_support::check(&d, &Layered.layout(&d, Direction::Down));
        }
    }
}

#[test]
fn png_is_a_png() {
    let (model, findings) = load(Path::new("tests/fixtures/render/shortener.arch"));
    let png = render::render(&model, &findings, Format::Png, &Options::default()).expect("png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let again = render::render(&model, &findings, Format::Png, &Options::default()).expect("png");
    assert_eq!(png, again, "same pixels twice");
}

#[test]
fn unknown_group_is_an_error_with_a_suggestion() {
    let (model, _) = load(Path::new("tests/fixtures/render/shop.arch"));
    let err = render::render(&model, &[], Format::Svg, &Options { group: Some("cor".into()), ..Options::default() })
        .expect_err("no such group");
    match err {
        render::RenderError::Diagram(render::DiagramError::UnknownGroup { name, suggestion }) => {
            assert_eq!(name, "cor");
            assert_eq!(suggestion.as_deref(), Some("core"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

const HOSTILE: [&str; 4] = [
    "</text><script>alert(1)</script>",
    "Quote \" and & and <b>bold</b>",
    "line one\nline two",
    "onload=\"alert(1)\" ' end",
];

#[test]
fn hostile_labels_stay_text_in_svg() {
    let (model, findings) = load(Path::new("tests/fixtures/render/hostile.arch"));
    for direction in [Direction::Down, Direction::Right] {
        let svg = render(&model, &findings, Format::Svg, &Options { direction, ..Options::default() });
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        let allowed = ["svg", "defs", "marker", "path", "rect", "g", "title", "text", "circle", "ellipse", "polygon"];
        let mut texts = String::new();
        for n in doc.descendants().filter(|n| n.is_element()) {
            let tag = n.tag_name().name();
            assert!(allowed.contains(&tag), "unexpected element <{tag}>");
            for a in n.attributes() {
                assert!(!a.name().to_ascii_lowercase().starts_with("on"), "event attribute {} injected", a.name());
                assert!(!a.value().contains("javascript:"));
            }
            if tag == "text" || tag == "title" {
                texts.push_str(n.text().unwrap_or(""));
                texts.push('\n');
            }
        }
        // The labels come back as the very text they were (wrapped at the newline).
        assert!(texts.contains(HOSTILE[0]), "{texts}");
        assert!(texts.contains(HOSTILE[1]));
        assert!(texts.contains("line one") && texts.contains("line two"));
        assert!(texts.contains(HOSTILE[3]));
    }
}

#[test]
fn hostile_labels_are_quoted_in_text_formats() {
    let (model, _) = load(Path::new("tests/fixtures/render/hostile.arch"));
    let opts = Options::default();
    let dot = render(&model, &[], Format::Dot, &opts);
    // Every `"` inside a DOT string is escaped: unescaped quotes pair up per line.
    for line in dot.lines() {
        let unescaped = line.replace("\\\\", "").replace("\\\"", "").matches('"').count();
        assert_eq!(unescaped % 2, 0, "unbalanced quotes in DOT line {line}");
        assert!(!line.contains('\n'));
    }
    let mmd = render(&model, &[], Format::Mermaid, &opts);
    for bad in ["<script", "</text", "<b>"] {
        assert!(!mmd.contains(bad), "raw markup in Mermaid: {bad}");
    }
    for line in mmd.lines() {
        assert_eq!(line.matches('"').count() % 2, 0, "unbalanced quotes in Mermaid line {line}");
    }
    // `%%{…}%%` is a Mermaid directive wherever it appears.
    assert!(!mmd.contains("%%{") && mmd.contains("#37;#37;{init"), "{mmd}");
    let d2 = render(&model, &[], Format::D2, &opts);
    for line in d2.lines() {
        let unescaped = line.replace("\\\\", "").replace("\\\"", "").matches('"').count();
        assert_eq!(unescaped % 2, 0, "unbalanced quotes in D2 line {line}");
        // D2 substitutes `${name}` inside double quotes unless the `$` is escaped.
        let unescaped = line.replace("\\\\", "").replace("\\$", "");
        assert!(!unescaped.contains('$'), "unescaped `$` in D2 line {line}");
    }
    assert!(d2.contains("cost \\${price}"), "{d2}");
    // Graphviz decodes entities in labels: `&` itself must be one.
    assert!(dot.contains("AT&amp;lt;T") && !dot.replace("&amp;", "").contains('&'), "{dot}");
    // A `|` could end a Mermaid edge label; noncharacters reach no format.
    assert!(mmd.contains("#124;pipe#124;") && !mmd.contains("|pipe|"), "{mmd}");
    for (name, text) in [("dot", &dot), ("mermaid", &mmd), ("d2", &d2)] {
        assert!(!text.contains(['\u{FFFE}', '\u{FFFF}']), "a noncharacter in {name}");
        assert!(text.contains("non char"), "{name} lost the label");
    }
}

/// Graphviz reads our DOT when it is installed (it is optional).
#[test]
fn graphviz_accepts_the_dot() {
    let Ok(status) = std::process::Command::new("dot").arg("-V").output() else { return };
    if !status.status.success() {
        return;
    }
    for path in designs() {
        let (model, _) = load(&path);
        let dot = render(&model, &[], Format::Dot, &Options::default());
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("dot runs");
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(dot.as_bytes()).expect("write");
        let out = child.wait_with_output().expect("dot finishes");
        assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    }
}

/// The text formats mark elements `#n`; each says what `#n` is, in a comment.
#[test]
fn text_formats_list_the_findings_they_mark() {
    let (model, findings) = load(Path::new("tests/fixtures/render/shop.arch"));
    assert!(!findings.is_empty());
    let opts = Options::default();
    for (format, prefix) in [(Format::Dot, "// #1: "), (Format::Mermaid, "%% #1: "), (Format::D2, "# #1: ")] {
        let text = render(&model, &findings, format, &opts);
        let listed = text.lines().filter(|l| l.starts_with(prefix.trim_end_matches("1: "))).count();
        assert_eq!(listed, findings.len(), "{format:?}:\n{text}");
        assert!(text.contains(prefix), "{format:?}");
        if format == Format::Mermaid {
            assert!(!text.contains("%%{"), "a directive in a Mermaid comment");
        }
    }
    // Without findings there is no list.
    assert!(!render(&model, &[], Format::Dot, &opts).contains("// #"));
}

/// Most crossings each real design may draw, in either direction: what the
/// layout achieves now, so that a change that loses ground shows. Designs
/// not listed may draw none.
const CROSSINGS: &[(&str, usize)] =
    &[("chat", 2), ("event-driven", 3), ("microservices", 20), ("serverless-api", 1), ("social-feed", 11)];

/// No edge runs through a component or through a group it neither leaves
/// nor enters (every real design has room to go around), and crossings
/// stay at most what they are. `ARCHC_METRICS=1` prints the numbers.
#[test]
fn metrics_of_real_designs() {
    let print = std::env::var_os("ARCHC_METRICS").is_some();
    for path in designs() {
        let (model, findings) = load(&path);
        let d = Diagram::build(&model, None, &findings).expect("diagram");
        let name = name(&path);
        for direction in [Direction::Down, Direction::Right] {
            let s = Layered.layout(&d, direction);
            let m = render_support::metrics(&d, &s);
            if print {
                println!(
                    "{name:16} {direction:?}\tcrossings {}\tthrough boxes {}\tthrough groups {}\tlength {:.0}\tbends {}\tarea {:.0}",
                    m.crossings, m.through_boxes, m.through_foreign_groups, m.length, m.bends, m.area
                );
            }
            assert_eq!(m.through_boxes, 0, "{name} {direction:?}: an edge through a box");
            assert_eq!(m.through_foreign_groups, 0, "{name} {direction:?}: an edge through a foreign group");
            // Each hop between tiers is two corners; more than about two hops
            // per edge on average is a picture of jogs (before long edges were
            // lined up, most examples had between four and six corners per
            // edge; social-feed, the worst, 5.6, now 4.4).
            let corners = m.bends as f64 / d.edges.len().max(1) as f64;
            assert!(corners <= 4.5, "{name} {direction:?}: {corners:.2} corners per edge");
            let most = CROSSINGS.iter().find(|c| c.0 == name).map_or(0, |c| c.1);
            assert!(m.crossings <= most, "{name} {direction:?}: {} crossings, at most {most}", m.crossings);
        }
    }
}
