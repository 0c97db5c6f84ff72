//! `archc render`: a diagram of one design.

use super::inputs::{self, Root};
use super::levels::LevelArgs;
use super::output::{self, tool_error};
use super::review::ReviewSettings;
use super::{ColorChoice, Outcome};
use crate::lint;
use crate::render::{self, Direction, Format, Options, RenderError, Theme};
use clap::{ArgMatches, Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Svg,
    Png,
    Dot,
    Mermaid,
    D2,
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Svg => Format::Svg,
            FormatArg::Png => Format::Png,
            FormatArg::Dot => Format::Dot,
            FormatArg::Mermaid => Format::Mermaid,
            FormatArg::D2 => Format::D2,
            FormatArg::Json => Format::Json,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum DirectionArg {
    /// Tiers from top to bottom
    #[default]
    Tb,
    /// Tiers from left to right
    Lr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ThemeArg {
    #[default]
    Light,
    Dark,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The design to draw (`-` for standard input)
    pub file: PathBuf,
    /// Where to write the diagram (`-` or absent: standard output; not for png)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension of OUT, else svg)
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Mark lint findings on the diagram and list them under it
    #[arg(long)]
    pub findings: bool,
    /// Draw only this group and what it contains
    #[arg(long, value_name = "ID")]
    pub group: Option<String>,
    /// Direction in which requests flow
    #[arg(long, value_enum, default_value_t)]
    pub direction: DirectionArg,
    /// Colour theme
    #[arg(long, value_enum, default_value_t)]
    pub theme: ThemeArg,
    /// Render again whenever a `.arch` file under the design's directory changes
    #[arg(long)]
    pub watch: bool,
    /// Imports may not reach outside this directory
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The name to report standard input under
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Colour in error reports
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub levels: LevelArgs,
    /// Taken as `check` takes it; this command already prints only errors
    /// and the summary on standard error
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: RenderArgs, matches: Option<&ArgMatches>) -> Outcome {
    let to_stdout = args.output.as_ref().is_none_or(|o| o.as_os_str() == "-");
    let format = match (args.format, &args.output) {
        (Some(f), _) => Format::from(f),
        (None, Some(out)) if !to_stdout => {
            let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("");
            match Format::from_extension(ext) {
                Some(f) => f,
                None => {
                    tool_error(
                        &format!("cannot tell the format of `{}` from its extension", inputs::display_path(out)),
                        Some("use `--format svg|png|dot|mermaid|d2|json`, or an extension such as `.svg`"),
                    );
                    return Outcome::Failure;
                }
            }
        }
        _ => Format::Svg,
    };
    if format == Format::Png && to_stdout {
        tool_error("a png cannot be written to standard output", Some("give a file with `-o diagram.png`"));
        return Outcome::Failure;
    }
    if args.watch && (to_stdout || args.file.as_os_str() == "-") {
        tool_error(
            "`--watch` needs a file to read and a file to write",
            Some("use `archc render design.arch -o design.svg --watch`"),
        );
        return Outcome::Failure;
    }
    let root = match inputs::single(&args.file, args.root.as_deref(), args.stdin_filename.as_deref(), "render") {
        Ok(root) => root,
        Err(e) => {
            tool_error(&e.message, e.help.as_deref());
            return Outcome::Failure;
        }
    };
    let outcome = render_once(&args, matches, &root, format, to_stdout);
    if !args.watch || outcome == Outcome::Failure {
        return outcome;
    }
    watch(&args, matches, &root, format)
}

fn render_once(
    args: &RenderArgs,
    matches: Option<&ArgMatches>,
    root: &Root,
    format: Format,
    to_stdout: bool,
) -> Outcome {
    // The review decides the exit code whether or not the diagram marks its
    // findings; its errors stop the drawing like the resolver's.
    let settings = ReviewSettings { levels: &args.levels, matches, color: args.color };
    let reviewed =
        match super::review::compile_and_review(root, &settings, |model, config| (lint::lint(model, config), ())) {
            Ok(r) => r,
            Err(outcome) => return outcome,
        };
    let errors = reviewed.summary();
    let compilation = reviewed.compilation;
    let findings = if args.findings { reviewed.findings } else { Vec::new() };
    let opts = Options {
        direction: match args.direction {
            DirectionArg::Tb => Direction::Down,
            DirectionArg::Lr => Direction::Right,
        },
        theme: match args.theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        },
        group: args.group.clone(),
    };
    if compilation.model.components.is_empty() {
        // An empty picture is drawn (the output is still valid), but say why it is empty.
        output::stderr(&format!("note: `{}` declares no components, so the diagram is empty\n", root.display));
    }
    let bytes = match render::render(&compilation.model, &findings, format, &opts) {
        Ok(b) => b,
        Err(RenderError::Diagram(render::DiagramError::UnknownGroup { name, suggestion })) => {
            let model = &compilation.model;
            let groups: Vec<String> = model.groups.iter().take(8).map(|g| format!("`{}`", g.id)).collect();
            // An exact component id says more than a group name that is close.
            let help = match (suggestion, model.components.iter().find(|c| c.id == name)) {
                (_, Some(c)) => {
                    let within = c.group.map(|g| format!(", in group `{}`", model.group(g).id)).unwrap_or_default();
                    format!("`{name}` is a {}{within}; `--group` takes the id of a group", c.kind)
                }
                (Some(s), None) => format!("did you mean `{s}`?"),
                (None, None) if groups.is_empty() => "this design declares no groups".to_owned(),
                (None, None) => format!("the design's groups: {}", groups.join(", ")),
            };
            tool_error(&format!("no group named `{name}` in `{}`", root.display), Some(&help));
            return Outcome::Failure;
        }
        Err(e) => {
            tool_error(&e.to_string(), None);
            return Outcome::Failure;
        }
    };
    let written = match (&args.output, to_stdout) {
        (Some(out), false) => std::fs::write(out, &bytes).map_err(|e| (out.as_path(), e)),
        _ => output::stdout(&String::from_utf8_lossy(&bytes)).map_err(|e| (Path::new("standard output"), e)),
    };
    match written {
        // The diagram is drawn either way; the exit code still says that a
        // finding is an error, as for every subcommand.
        Ok(()) => {
            let how = if args.findings { "the diagram marks them" } else { "`--findings` marks them" };
            super::review::outcome(&errors, &format!("{how} (`archc check` explains each)"))
        }
        Err((path, e)) => {
            tool_error(&format!("cannot write `{}`: {e}", inputs::display_path(path)), None);
            Outcome::Failure
        }
    }
}

/// Render again after every change to a `.arch` file under the root
/// directory, until interrupted.
fn watch(args: &RenderArgs, matches: Option<&ArgMatches>, root: &Root, format: Format) -> Outcome {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            tool_error(&format!("cannot watch for changes: {e}"), None);
            return Outcome::Failure;
        }
    };
    if let Err(e) = watcher.watch(&root.root_dir, RecursiveMode::Recursive) {
        tool_error(&format!("cannot watch `{}`: {e}", inputs::display_path(&root.root_dir)), None);
        return Outcome::Failure;
    }
    output::stderr(&format!("watching `{}` for changes (Ctrl-C to stop)\n", inputs::display_path(&root.root_dir)));
    let is_arch = |e: &notify::Event| e.paths.iter().any(|p| p.extension().is_some_and(|x| x == "arch"));
    while let Ok(event) = rx.recv() {
        let Ok(event) = event else { continue };
        if !is_arch(&event) || event.kind.is_access() {
            continue;
        }
        // Editors save in bursts (write, rename, chmod): settle before rendering.
        std::thread::sleep(std::time::Duration::from_millis(100));
        while rx.try_recv().is_ok() {}
        let outcome = render_once(args, matches, root, format, false);
        if outcome == Outcome::Success {
            let out = args.output.as_deref().map(inputs::display_path).unwrap_or_default();
            output::stderr(&format!("rendered `{out}`\n"));
        }
    }
    Outcome::Success
}
