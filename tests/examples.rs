//! Every design under `examples/` (except `examples/flawed/`, which exists to
//! show findings) compiles without an error and draws no lint finding at the
//! default levels: the examples are the designs a reviewer would sign off, so
//! a rule that fires on one of them is a false positive.

use archc::diagnostic::Diagnostic;
use archc::lint::{self, LintConfig};
use archc::{compile, Compilation, CompileInput, FsLoader};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Every `.arch` file under `dir`, sorted, skipping `flawed/`.
fn arch_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "flawed") {
                continue;
            }
            arch_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "arch") {
            out.push(path);
        }
    }
}

fn compile_root(path: &Path) -> Compilation {
    let root = examples_dir();
    let display = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    compile(CompileInput { path, display_name: display, root_dir: &root, text: None }, &FsLoader)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The roots of the walk: the files that no other example imports (CLI.md).
fn example_roots() -> Vec<PathBuf> {
    let mut files = Vec::new();
    arch_files(&examples_dir(), &mut files);
    let mut imported = BTreeSet::new();
    for file in &files {
        for parsed in compile_root(file).files.iter().skip(1) {
            imported.insert(canonical(&parsed.path));
        }
    }
    files.retain(|f| !imported.contains(&canonical(f)));
    files
}

fn describe(c: &Compilation, diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let span = d.span();
            let (file, line) = match c.sources.get(span.file) {
                Some(f) => (f.name.clone(), f.line_col(span.start as usize).line),
                None => (String::new(), 0),
            };
            format!("  {file}:{line}: [{}] {}", d.code, d.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_example_is_clean() {
    let roots = example_roots();
    assert!(roots.len() >= 9, "expected the whole example set, found {roots:?}");
    let mut failures = Vec::new();
    for root in &roots {
        let c = compile_root(root);
        let mut diags = c.diagnostics.clone();
        diags.extend(lint::lint(&c.model, &LintConfig::default()));
        if !diags.is_empty() {
            failures.push(format!("{}:\n{}", root.display(), describe(&c, &diags)));
        }
    }
    assert!(failures.is_empty(), "examples that are not clean:\n{}", failures.join("\n"));
}

/// The multi-file example is one compilation: its root pulls in the others.
#[test]
fn multi_file_example_is_one_compilation() {
    let dir = examples_dir().join("multi-file");
    let roots = example_roots();
    assert!(roots.contains(&dir.join("main.arch")), "multi-file/main.arch should be a root: {roots:?}");
    assert!(!roots.contains(&dir.join("edge.arch")) && !roots.contains(&dir.join("data.arch")));
    let c = compile_root(&dir.join("main.arch"));
    assert_eq!(c.files.len(), 3, "main.arch imports edge.arch and data.arch");
}
