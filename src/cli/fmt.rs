//! `archc fmt`: rewrite files in the canonical layout (see [`crate::fmt`]).

use super::inputs::{describe, display_path};
use super::output::{self, tool_error};
use super::{ColorChoice, Outcome};
use crate::fmt;
use crate::report::human;
use crate::source::{SourceFile, SourceMap};
use clap::Args;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files or directories to format (`-` formats standard input to standard output); default: the current directory
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files that would change and exit 1 if there are any
    #[arg(long)]
    pub check: bool,
    /// Colour in error reports
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorChoice,
}

/// What happened to one file.
enum Status {
    Unchanged,
    Changed,
    /// Syntax errors: left untouched, errors reported.
    Invalid,
}

pub fn run(args: FmtArgs) -> Outcome {
    let defaults = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() { &defaults[..] } else { &args.paths[..] };
    let files = match collect(paths) {
        Ok(files) => files,
        Err(message) => {
            tool_error(&message, Some("give a `.arch` file, a directory to search, or `-` for standard input"));
            return Outcome::Failure;
        }
    };
    let mut outcome = Outcome::Success;
    let (mut changed, mut rewritten, mut invalid) = (0, 0, 0);
    for file in &files {
        let status = if file.as_os_str() == "-" { format_stdin(&args) } else { format_path(file, &args) };
        match status {
            Ok(Status::Unchanged) => {}
            Ok(Status::Changed) => {
                changed += 1;
                // Standard input comes back on standard output: no file was rewritten.
                if file.as_os_str() != "-" {
                    rewritten += 1;
                }
            }
            Ok(Status::Invalid) => invalid += 1,
            Err(message) => {
                tool_error(&message, None);
                return Outcome::Failure;
            }
        }
    }
    if invalid > 0 || (args.check && changed > 0) {
        outcome = Outcome::InputError;
    }
    if !args.check && rewritten > 0 {
        let plural = if rewritten == 1 { "file" } else { "files" };
        output::stderr(&format!("{rewritten} {plural} reformatted\n"));
    }
    outcome
}

/// The files to format: given files as they are, directories searched for
/// `*.arch` (honouring ignore files), in path order without repeats.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|e| format!("cannot read `{}`: {}", display_path(p), describe(&e)))?;
        let found: Vec<PathBuf> = if meta.is_dir() {
            let files =
                crate::driver::walk_designs(p).map_err(|e| format!("cannot walk `{}`: {e}", display_path(p)))?;
            files.into_iter().collect()
        } else if meta.is_file() {
            vec![p.clone()]
        } else {
            // Reading a pipe or a device would wait for a writer forever,
            // and writing the result back could not replace it anyway.
            return Err(format!("`{}` is not a regular file; to format a stream, use `archc fmt -`", display_path(p)));
        };
        for f in found {
            if seen.insert(f.clone()) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

fn format_path(path: &Path, args: &FmtArgs) -> Result<Status, String> {
    let name = display_path(path);
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{name}`: {}", describe(&e)))?;
    let Some(formatted) = format_text(&name, bytes.clone(), args) else { return Ok(Status::Invalid) };
    if formatted.as_bytes() == bytes.as_slice() {
        return Ok(Status::Unchanged);
    }
    if args.check {
        output::stdout(&format!("{name}\n")).map_err(|e| format!("cannot write to standard output: {e}"))?;
    } else {
        write_atomically(path, formatted.as_bytes()).map_err(|e| format!("cannot write `{name}`: {e}"))?;
    }
    Ok(Status::Changed)
}

fn format_stdin(args: &FmtArgs) -> Result<Status, String> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    let Some(formatted) = format_text("<stdin>", bytes.clone(), args) else { return Ok(Status::Invalid) };
    let changed = formatted.as_bytes() != bytes.as_slice();
    if args.check {
        if changed {
            output::stdout("<stdin>\n").map_err(|e| format!("cannot write to standard output: {e}"))?;
        }
    } else {
        output::stdout(&formatted).map_err(|e| format!("cannot write to standard output: {e}"))?;
    }
    Ok(if changed { Status::Changed } else { Status::Unchanged })
}

/// The formatted text, or `None` after reporting why the file cannot be formatted.
fn format_text(name: &str, bytes: Vec<u8>, args: &FmtArgs) -> Option<String> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            output::stderr(&format!("error: `{name}` is not UTF-8 text: invalid byte at offset {offset}\n"));
            return None;
        }
    };
    let mut sources = SourceMap::new();
    let id = sources.add(SourceFile::new(name, text.clone()));
    match fmt::format_file(id, &text) {
        Ok(formatted) => Some(formatted),
        Err(diags) => {
            let opts = human::HumanOptions { color: output::use_color(args.color), width: output::report_width() };
            let mut report = human::render(&diags, &sources, opts);
            report.push_str(&format!("`{name}` has syntax errors and was left unchanged\n"));
            output::stderr(&report);
            None
        }
    }
}

/// Replace `path` by a sibling temporary file, so a reader (or a crash) never
/// sees half a file; the original's permissions are kept.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    // Through a symbolic link, rewrite the file it points to, not the link.
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let path = target.as_path();
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
