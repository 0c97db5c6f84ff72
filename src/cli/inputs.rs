//! From command-line paths to compilation roots.
//!
//! A file given directly is a root. In a directory walk (which honours
//! `.gitignore`), the roots are the files no other walked file imports, plus,
//! for each import cycle no such root reaches, its first file in path order.

use crate::driver::{compile, normalize, Compilation, CompileInput, FsLoader};
use crate::source::FileId;
use crate::syntax::{self, ast};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One compilation to run.
pub struct Root {
    pub path: PathBuf,
    pub display: String,
    pub root_dir: PathBuf,
    /// Standard input's text.
    pub text: Option<Vec<u8>>,
}

impl Root {
    /// Compile this root from the file system (or its standard-input text).
    pub fn compile(&self) -> Compilation {
        compile(
            CompileInput {
                path: &self.path,
                display_name: self.display.clone(),
                root_dir: &self.root_dir,
                text: self.text.clone(),
            },
            &FsLoader,
        )
    }
}

/// The one root of a command that takes a single file (`estimate`, `render`).
pub fn single(file: &Path, root: Option<&Path>, stdin_name: Option<&str>, command: &str) -> Result<Root, InputError> {
    let one_file = || InputError { message: format!("`archc {command}` takes one `.arch` file"), help: None };
    if std::fs::metadata(file).is_ok_and(|m| m.is_dir()) {
        return Err(InputError { message: format!("`{}` is a directory", display_path(file)), ..one_file() });
    }
    let mut roots = collect(std::slice::from_ref(&file.to_path_buf()), root, stdin_name)?;
    match roots.len() {
        1 => Ok(roots.remove(0)),
        _ => Err(one_file()),
    }
}

pub struct InputError {
    pub message: String,
    pub help: Option<String>,
}

/// Show paths with `/` and without a leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

pub fn collect(paths: &[PathBuf], root: Option<&Path>, stdin_name: Option<&str>) -> Result<Vec<Root>, InputError> {
    if let Some(root) = root {
        if !std::fs::metadata(root).is_ok_and(|m| m.is_dir()) {
            return Err(InputError {
                message: format!("the project root `{}` is not a directory", display_path(root)),
                help: Some("`--root` takes the directory that imports may not leave".into()),
            });
        }
    }
    if stdin_name.is_some() && !paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(InputError {
            message: "`--stdin-filename` names standard input, but `-` is not among the paths".into(),
            help: Some("add `-` to read the design from standard input".into()),
        });
    }
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &defaults[..] } else { paths };
    let mut roots = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let mut text = Vec::new();
            std::io::stdin()
                .read_to_end(&mut text)
                .map_err(|e| InputError { message: format!("cannot read standard input: {e}"), help: None })?;
            let display = stdin_name.unwrap_or("<stdin>").to_string();
            let root_dir = root.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
            roots.push(Root { path: PathBuf::from(&display), display, root_dir, text: Some(text) });
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|e| InputError {
            message: format!("cannot read `{}`: {}", display_path(p), describe(&e)),
            help: Some("give a `.arch` file, a directory to search, or `-` for standard input".into()),
        })?;
        if meta.is_dir() {
            let root_dir = root.map(Path::to_path_buf).unwrap_or_else(|| p.clone());
            let found = walk(p)?;
            if found.is_empty() {
                // Not an error (an empty folder is a valid, clean workspace),
                // but a CI job pointed at the wrong one should not pass unseen.
                super::output::stderr(&format!(
                    "warning: no `.arch` files under `{}` (hidden and ignored files are skipped)\n",
                    display_path(p)
                ));
            }
            roots.extend(found.into_iter().map(|path| Root {
                display: display_path(&path),
                path,
                root_dir: root_dir.clone(),
                text: None,
            }));
        } else {
            readable(p, &meta)?;
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let root_dir = root.map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
            roots.push(Root { path: p.clone(), display: display_path(p), root_dir, text: None });
        }
    }
    Ok(roots)
}

/// A file named on the command line must be a regular file that can be
/// opened: anything else is a usage error (exit 2), not a finding.
fn readable(p: &Path, meta: &std::fs::Metadata) -> Result<(), InputError> {
    if !meta.is_file() {
        return Err(InputError {
            message: format!("`{}` is not a regular file", display_path(p)),
            help: Some("to check what a pipe or device gives, send it to standard input: `archc check - < …`".into()),
        });
    }
    std::fs::File::open(p)
        .map(drop)
        .map_err(|e| InputError { message: format!("cannot read `{}`: {}", display_path(p), describe(&e)), help: None })
}

/// An I/O error as the rest of a message reads it (`no such file or directory`).
pub(super) fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Every `*.arch` under `dir` (respecting ignore files), reduced to the roots.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let files = crate::driver::walk_designs(dir)
        .map_err(|e| InputError { message: format!("cannot walk `{}`: {e}", display_path(dir)), help: None })?;
    Ok(import_roots(&files))
}

/// The roots of a set of files given who imports whom (see the module docs).
// Every index here is a position in `files`, and every vector is sized from it.
#[allow(clippy::indexing_slicing)]
fn import_roots(files: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let files: Vec<&PathBuf> = files.iter().collect();
    let index: BTreeMap<PathBuf, usize> = files.iter().enumerate().map(|(i, p)| (normalize(p), i)).collect();
    let mut imports: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    let mut imported = vec![false; files.len()];
    for (i, file) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        let parsed = syntax::parse(FileId(0), &text);
        let dir = file.parent().unwrap_or(Path::new(""));
        for item in &parsed.file.items {
            if let ast::Item::Import(imp) = item {
                if let Some(&j) = index.get(&normalize(&dir.join(&imp.path.value))) {
                    imports[i].push(j);
                    imported[j] = true;
                }
            }
        }
    }
    let mut covered = vec![false; files.len()];
    let mut roots = Vec::new();
    let cover = |start: usize, covered: &mut Vec<bool>| {
        let mut stack = vec![start];
        while let Some(f) = stack.pop() {
            if !covered[f] {
                covered[f] = true;
                stack.extend(imports[f].iter().copied());
            }
        }
    };
    for (i, _) in imported.iter().enumerate().filter(|(_, &is_imported)| !is_imported) {
        roots.push(i);
        cover(i, &mut covered);
    }
    // Files only reachable inside import cycles: the first of each, in path order.
    for i in 0..files.len() {
        if !covered[i] {
            roots.push(i);
            cover(i, &mut covered);
        }
    }
    roots.sort_unstable();
    roots.into_iter().map(|i| files[i].clone()).collect()
}
