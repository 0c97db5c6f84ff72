//! One compilation: load the root file and its imports, parse each, resolve
//! them together. File access goes through [`FileLoader`] so that only the CLI
//! (and tests, with an in-memory loader) touch the file system.

use crate::diagnostic::{sort_and_dedup, Diagnostic, Severity};
use crate::model::{self, Model};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::syntax::{self, ast};
use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_SIZE: usize = 64 * 1024 * 1024;
/// At most this many files per compilation.
pub const MAX_FILES: usize = 10_000;

pub trait FileLoader: Sync {
    /// The file's identity after following symbolic links (for cycles and the root check).
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Every design (`*.arch`) under `dir`, in path order: the language
    /// server looks there for the files that import an open document.
    fn designs_under(&self, dir: &Path) -> Vec<PathBuf>;
}

/// Every `*.arch` file under `dir`, honouring ignore files, in path order.
pub fn walk_designs(dir: &Path) -> Result<std::collections::BTreeSet<PathBuf>, ignore::Error> {
    let mut files = std::collections::BTreeSet::new();
    for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type().is_some_and(|t| t.is_file()) && path.extension().is_some_and(|e| e == "arch") {
            files.insert(path.to_path_buf());
        }
    }
    Ok(files)
}

/// The real file system.
pub struct FsLoader;

impl FileLoader for FsLoader {
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
    fn designs_under(&self, dir: &Path) -> Vec<PathBuf> {
        // An unreadable corner of a workspace costs its files, not the rest.
        walk_designs(dir).map(|files| files.into_iter().collect()).unwrap_or_default()
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        // Opening a named pipe waits for a writer: an import of one would
        // hang a CI job forever. Devices and sockets are no designs either.
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "it is a directory; an import names one file"));
        }
        if !meta.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
        }
        std::fs::read(path)
    }
}

/// Files held in memory, keyed by path (tests, the language server, stdin).
#[derive(Default)]
pub struct MemoryLoader {
    pub files: HashMap<PathBuf, Vec<u8>>,
}

impl MemoryLoader {
    /// Compile `root` (a path held by this loader) with the loader's top as
    /// the project root: what tests and embedders mostly want.
    pub fn compile(&self, root: &str) -> Compilation {
        compile(
            CompileInput { path: Path::new(root), display_name: root.to_string(), root_dir: Path::new(""), text: None },
            self,
        )
    }

    pub fn with(mut self, path: impl Into<PathBuf>, text: impl Into<Vec<u8>>) -> Self {
        self.files.insert(normalize(&path.into()), text.into());
        self
    }
}

impl FileLoader for MemoryLoader {
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let p = normalize(path);
        if self.files.contains_key(&p) || self.files.keys().any(|k| k.starts_with(&p)) {
            Ok(p)
        } else {
            Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
        }
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files.get(&normalize(path)).cloned().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
    fn designs_under(&self, dir: &Path) -> Vec<PathBuf> {
        let dir = normalize(dir);
        let mut found: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|p| p.starts_with(&dir) && p.extension().is_some_and(|e| e == "arch"))
            .cloned()
            .collect();
        found.sort();
        found
    }
}

/// Remove `.` and resolve `..` lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A parsed file of the compilation.
pub struct ParsedFile {
    pub id: FileId,
    pub path: PathBuf,
    pub ast: ast::File,
}

/// The result of compiling one root file.
pub struct Compilation {
    pub sources: SourceMap,
    pub files: Vec<ParsedFile>,
    pub model: Model,
    /// Syntax and semantic diagnostics (lint findings come from [`crate::lint`]).
    pub diagnostics: Vec<Diagnostic>,
    /// For each file an import brought in, the `import` statement that did:
    /// following these from any file leads back to the root.
    pub imported_by: Vec<(FileId, Span)>,
}

impl Compilation {
    /// The `import` statement of the root file through which `file` came in
    /// (`None` for the root itself).
    pub fn root_import_of(&self, mut file: FileId) -> Option<Span> {
        let mut statement = None;
        // Each step moves to a file loaded earlier, so this ends; the bound
        // only guards against a malformed table.
        for _ in 0..=self.imported_by.len() {
            match self.imported_by.iter().find(|(f, _)| *f == file) {
                Some(&(_, span)) => {
                    statement = Some(span);
                    file = span.file;
                }
                None => return statement,
            }
        }
        statement
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// What to compile.
pub struct CompileInput<'a> {
    /// Where to read the root file.
    pub path: &'a Path,
    /// How to show it in reports (`examples/x.arch`, `<stdin>`).
    pub display_name: String,
    /// Imports may not reach outside this directory.
    pub root_dir: &'a Path,
    /// The root's text, when it does not come from the loader (standard input).
    pub text: Option<Vec<u8>>,
}

pub fn compile(input: CompileInput<'_>, loader: &dyn FileLoader) -> Compilation {
    let mut c = Compiler {
        loader,
        root_canonical: loader.canonicalize(input.root_dir).unwrap_or_else(|_| normalize(input.root_dir)),
        sources: SourceMap::new(),
        files: Vec::new(),
        diagnostics: Vec::new(),
        loaded: HashMap::new(),
        stack: Vec::new(),
        imported_by: Vec::new(),
    };
    let bytes = match input.text {
        Some(bytes) => Ok(bytes),
        None => loader.read(input.path),
    };
    let canonical = loader.canonicalize(input.path).unwrap_or_else(|_| normalize(input.path));
    match bytes {
        Ok(bytes) => c.load(input.path.to_path_buf(), canonical, input.display_name, bytes),
        Err(err) => {
            // The CLI checks that root files are readable; this keeps library users honest too.
            let id = c.sources.add(SourceFile::new(input.display_name, ""));
            c.diagnostics.push(
                Diagnostic::semantic(
                    "file-unreadable",
                    format!("cannot read the file: {}", describe_io(&err)),
                    Span::new(id, 0, 0),
                    "here",
                )
                .with_help("check the path and that the file is readable"),
            );
        }
    }
    let asts: Vec<(FileId, &ast::File)> = c.files.iter().map(|f| (f.id, &f.ast)).collect();
    let (model, semantic) = model::resolve(&asts);
    let mut diagnostics = c.diagnostics;
    diagnostics.extend(semantic);
    sort_and_dedup(&mut diagnostics);
    Compilation { sources: c.sources, files: c.files, model, diagnostics, imported_by: c.imported_by }
}

/// Compile one in-memory file with no imports (tests, benchmarks, examples).
pub fn compile_str(name: &str, text: &str) -> Compilation {
    let loader = MemoryLoader::default().with(name, text.as_bytes().to_vec());
    compile(
        CompileInput { path: Path::new(name), display_name: name.to_string(), root_dir: Path::new(""), text: None },
        &loader,
    )
}

struct Compiler<'l> {
    loader: &'l dyn FileLoader,
    root_canonical: PathBuf,
    sources: SourceMap,
    files: Vec<ParsedFile>,
    diagnostics: Vec<Diagnostic>,
    loaded: HashMap<PathBuf, FileId>,
    /// Files being loaded, for cycle detection: (canonical path, display name, import span).
    stack: Vec<(PathBuf, String)>,
    imported_by: Vec<(FileId, Span)>,
}

/// A file whose imports are being loaded.
struct OpenFile {
    path: PathBuf,
    display: String,
    imports: std::vec::IntoIter<ast::Import>,
}

impl Compiler<'_> {
    /// Load a file and, depth first, everything it imports. The walk keeps
    /// its own stack of open files rather than recursing, so a long chain of
    /// imports cannot overflow the thread's stack.
    fn load(&mut self, path: PathBuf, canonical: PathBuf, display: String, bytes: Vec<u8>) {
        let Some(root) = self.open(path, canonical, display, bytes, None) else { return };
        let mut open = vec![root];
        while let Some(file) = open.last_mut() {
            match file.imports.next() {
                Some(import) => {
                    let (from, from_display) = (file.path.clone(), file.display.clone());
                    if let Some(imported) = self.import(&from, &from_display, &import) {
                        open.push(imported);
                    }
                }
                None => {
                    open.pop();
                    self.stack.pop();
                }
            }
        }
    }

    /// Decode and parse one file; on success it is on the import stack until
    /// its imports are done.
    fn open(
        &mut self,
        path: PathBuf,
        canonical: PathBuf,
        display: String,
        bytes: Vec<u8>,
        imported_at: Option<Span>,
    ) -> Option<OpenFile> {
        let text = match decode(bytes) {
            Ok(text) => text,
            Err((text, diag_builder)) => {
                let id = self.sources.add(SourceFile::new(display, text));
                self.imported_by.extend(imported_at.map(|span| (id, span)));
                self.diagnostics.push(diag_builder(id));
                return None;
            }
        };
        let id = self.sources.add(SourceFile::new(display.clone(), text));
        self.imported_by.extend(imported_at.map(|span| (id, span)));
        self.loaded.insert(canonical.clone(), id);
        let text = self.sources.get(id).map(|f| f.text.clone()).unwrap_or_default();
        let parsed = syntax::parse(id, &text);
        self.diagnostics.extend(parsed.diagnostics);
        let imports: Vec<ast::Import> = parsed
            .file
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Import(imp) => Some(imp.clone()),
                _ => None,
            })
            .collect();
        self.files.push(ParsedFile { id, path: path.clone(), ast: parsed.file });
        self.stack.push((canonical, display.clone()));
        Some(OpenFile { path, display, imports: imports.into_iter() })
    }

    fn import(&mut self, from: &Path, from_display: &str, import: &ast::Import) -> Option<OpenFile> {
        let span = import.path.span;
        let rel = Path::new(&import.path.value);
        if rel.is_absolute() || rel.has_root() {
            self.diagnostics.push(
                Diagnostic::semantic("import-outside-root", "imports must be relative paths", span, "absolute path")
                    .with_help("write the path relative to this file, inside the project"),
            );
            return None;
        }
        let dir = from.parent().unwrap_or(Path::new(""));
        let target = normalize(&dir.join(rel));
        let display_dir = Path::new(from_display).parent().unwrap_or(Path::new(""));
        let display = normalize(&display_dir.join(rel)).to_string_lossy().replace('\\', "/");
        let canonical = match self.loader.canonicalize(&target) {
            Ok(c) => c,
            Err(err) => {
                self.diagnostics.push(
                    Diagnostic::semantic(
                        "import-not-found",
                        format!("cannot import \"{}\": {}", import.path.value, describe_io(&err)),
                        span,
                        "imported here",
                    )
                    .with_help(format!("the path is relative to this file; it resolves to `{display}`")),
                );
                return None;
            }
        };
        if !canonical.starts_with(&self.root_canonical) {
            self.diagnostics.push(
                Diagnostic::semantic(
                    "import-outside-root",
                    format!("\"{}\" is outside the compilation's root directory", import.path.value),
                    span,
                    "leaves the root",
                )
                .with_help(format!(
                    "imports may only reach files under `{}`; pass `--root` to widen it",
                    self.root_canonical.display()
                )),
            );
            return None;
        }
        if let Some(pos) = self.stack.iter().position(|(p, _)| *p == canonical) {
            let cycle = self.stack.get(pos..).unwrap_or_default();
            let mut chain: Vec<&str> = cycle.iter().map(|(_, d)| d.as_str()).collect();
            chain.extend(cycle.first().map(|(_, d)| d.as_str()));
            self.diagnostics.push(
                Diagnostic::semantic(
                    "import-cycle",
                    format!("import cycle: {}", chain.join(" → ")),
                    span,
                    "this import closes the cycle",
                )
                .with_help("move what both files need into a third file that both import"),
            );
            return None;
        }
        if self.loaded.contains_key(&canonical) {
            return None; // Importing a file twice is a no-op.
        }
        if self.sources.len() >= MAX_FILES {
            self.diagnostics.push(
                Diagnostic::semantic(
                    "too-many-imports",
                    format!("a compilation may have at most {MAX_FILES} files"),
                    span,
                    "one import too many",
                )
                .with_help("merge small files, or split the design into separate compilations"),
            );
            return None;
        }
        match self.loader.read(&target) {
            Ok(bytes) => self.open(target, canonical, display, bytes, Some(import.span)),
            Err(err) => {
                self.diagnostics.push(Diagnostic::semantic(
                    "import-not-found",
                    format!("cannot import \"{}\": {}", import.path.value, describe_io(&err)),
                    span,
                    "imported here",
                ));
                None
            }
        }
    }
}

fn describe_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => err.to_string(),
    }
}

type DiagBuilder = Box<dyn FnOnce(FileId) -> Diagnostic>;

/// Bytes to text: UTF-8 only, with a size limit; the error names the byte offset.
fn decode(bytes: Vec<u8>) -> Result<String, (String, DiagBuilder)> {
    if bytes.len() > MAX_FILE_SIZE {
        let len = bytes.len();
        return Err((
            String::new(),
            Box::new(move |id| {
                Diagnostic::syntax(
                    "file-too-large",
                    format!("the file is {len} bytes; the limit is {MAX_FILE_SIZE}"),
                    Span::new(id, 0, 0),
                    "here",
                )
                .with_help("split the design into files joined with `import`")
            }),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(err.as_bytes().get(..offset).unwrap_or_default()).into_owned();
            Err((
                valid,
                Box::new(move |id| {
                    Diagnostic::syntax(
                        "invalid-utf8",
                        format!("the file is not UTF-8 text: invalid byte at offset {offset}"),
                        Span::new(id, offset, offset),
                        "the text stops being UTF-8 here",
                    )
                    .with_help("`.arch` files are UTF-8; is this a binary file?")
                }),
            ))
        }
    }
}
