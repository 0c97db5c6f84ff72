//! `archc lsp`: a language server for `.arch` files.
//!
//! Single-threaded and simple: every change re-analyses each open document
//! (compile with open documents overlaid on the file system, then lint) and
//! publishes its diagnostics; requests are answered from the latest analysis.
//! The server itself does no I/O of its own: the CLI hands it a connection and
//! the loader that reads imported files.

mod features;
mod syntax_index;

use crate::diagnostic::{Diagnostic, Severity};
use crate::driver::{compile, normalize, Compilation, CompileInput, FileLoader};
use crate::lint::{self, LintConfig};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// `exit` after `shutdown`, or the client closed the connection.
    Cleanly,
    /// `exit` without `shutdown`: the protocol asks for exit code 1.
    WithoutShutdown,
}

/// Serve until the client says `exit`.
pub fn run(connection: &Connection, loader: &dyn FileLoader) -> Result<Ended, String> {
    let capabilities = lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Kind(lsp::TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Left(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![">".into(), ":".into(), " ".into()]),
            ..Default::default()
        }),
        ..Default::default()
    };
    let caps = serde_json::to_value(capabilities).map_err(|e| e.to_string())?;
    let init = connection.initialize(caps).map_err(|e| e.to_string())?;
    let params: lsp::InitializeParams = serde_json::from_value(init).unwrap_or_default();
    let mut server = Server::new(loader, workspace_root(&params));
    // After `shutdown` the protocol allows only `exit`; every request is
    // refused, so a client never waits on an answer that cannot come.
    let mut shut_down = false;
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                let response = if shut_down {
                    Response::new_err(req.id, ErrorCode::InvalidRequest as i32, "the server is shutting down".into())
                } else if req.method == "shutdown" {
                    shut_down = true;
                    Response::new_ok(req.id, ())
                } else {
                    server.request(req)
                };
                connection.sender.send(response.into()).map_err(|e| e.to_string())?;
            }
            Message::Notification(n) if n.method == "exit" => {
                return Ok(if shut_down { Ended::Cleanly } else { Ended::WithoutShutdown });
            }
            Message::Notification(n) => {
                if shut_down {
                    continue;
                }
                for out in server.notification(n) {
                    connection.sender.send(out.into()).map_err(|e| e.to_string())?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(Ended::Cleanly)
}

#[allow(deprecated)] // `root_uri` is what older clients send.
fn workspace_root(params: &lsp::InitializeParams) -> Option<PathBuf> {
    let uri = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri).or(params.root_uri.as_ref())?;
    uri_to_path(uri)
}

/// One open document.
struct Document {
    uri: lsp::Uri,
    path: PathBuf,
    text: String,
    /// The client's version of the text, echoed with its diagnostics.
    version: i32,
}

/// The latest analysis of one open document. The document is file 0 of the compilation.
pub(crate) struct Analysis {
    pub compilation: Compilation,
    /// Syntax, semantic and lint diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// The URI of each file of the compilation.
    pub uris: HashMap<FileId, lsp::Uri>,
}

impl Analysis {
    pub const ROOT: FileId = FileId(0);

    pub fn sources(&self) -> &SourceMap {
        &self.compilation.sources
    }

    pub fn root_ast(&self) -> Option<&crate::syntax::ast::File> {
        self.compilation.files.iter().find(|f| f.id == Self::ROOT).map(|f| &f.ast)
    }

    pub fn range(&self, span: Span) -> Option<lsp::Range> {
        let file = self.sources().get(span.file)?;
        Some(span_range(file, span))
    }

    pub fn location(&self, span: Span) -> Option<lsp::Location> {
        Some(lsp::Location { uri: self.uris.get(&span.file)?.clone(), range: self.range(span)? })
    }
}

pub(crate) fn span_range(file: &SourceFile, span: Span) -> lsp::Range {
    let pos = |offset: usize| {
        let (line, col) = file.utf16_position(offset);
        lsp::Position { line: line as u32, character: col as u32 }
    };
    lsp::Range { start: pos(span.start as usize), end: pos(span.end as usize) }
}

struct Server<'l> {
    loader: &'l dyn FileLoader,
    root: Option<PathBuf>,
    /// By URI, in a stable order.
    docs: BTreeMap<String, Document>,
    analyses: HashMap<String, Analysis>,
    imports: ImportCache,
}

/// The file system with the open documents' unsaved text on top.
struct Overlay<'a> {
    open: HashMap<PathBuf, &'a str>,
    fs: &'a dyn FileLoader,
}

impl FileLoader for Overlay<'_> {
    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        match self.fs.canonicalize(path) {
            Ok(p) => Ok(p),
            Err(_) if self.open.contains_key(&normalize(path)) => Ok(normalize(path)),
            Err(e) => Err(e),
        }
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let open =
            self.open.get(&normalize(path)).or_else(|| self.fs.canonicalize(path).ok().and_then(|c| self.open.get(&c)));
        match open {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.fs.read(path),
        }
    }

    fn designs_under(&self, dir: &Path) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = self.fs.designs_under(dir).iter().map(|p| normalize(p)).collect();
        // A new document may not be saved yet.
        found.extend(self.open.keys().filter(|p| p.starts_with(dir)).cloned());
        found.sort();
        found.dedup();
        found
    }
}

/// Who imports whom among the designs of one directory tree.
struct ImportGraph {
    files: Vec<PathBuf>,
    imports: Vec<Vec<usize>>,
    imported: Vec<bool>,
}

/// The paths each workspace file imports, kept with a hash of the text they
/// were read from. The graph is rebuilt on every change of an open document,
/// and re-parsing every design of a large workspace on each keystroke would
/// make typing lag; only a file whose text changed is parsed again.
#[derive(Default)]
struct ImportCache {
    by_path: HashMap<PathBuf, (u64, Vec<String>)>,
    /// Files parsed so far (what the cache saves is visible to tests).
    parses: usize,
}

impl ImportCache {
    fn imports(&mut self, path: &Path, bytes: &[u8]) -> &[String] {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        let hash = hasher.finish();
        let parses = &mut self.parses;
        // A new entry starts with a hash that cannot match, so it is parsed below.
        let entry = self.by_path.entry(path.to_path_buf()).or_insert((!hash, Vec::new()));
        if entry.0 != hash {
            *parses += 1;
            let parsed = crate::syntax::parse(FileId(0), &String::from_utf8_lossy(bytes));
            let paths = parsed.file.items.iter().filter_map(|item| match item {
                crate::syntax::ast::Item::Import(import) => Some(import.path.value.clone()),
                _ => None,
            });
            *entry = (hash, paths.collect());
        }
        &entry.1
    }
}

impl ImportGraph {
    fn of(dir: &Path, loader: &dyn FileLoader, cache: &mut ImportCache) -> ImportGraph {
        let files = loader.designs_under(dir);
        let index: HashMap<&Path, usize> = files.iter().enumerate().map(|(i, p)| (p.as_path(), i)).collect();
        let mut imports = vec![Vec::new(); files.len()];
        let mut imported = vec![false; files.len()];
        for (i, file) in files.iter().enumerate() {
            let Ok(bytes) = loader.read(file) else { continue };
            let dir = file.parent().unwrap_or(Path::new(""));
            for path in cache.imports(file, &bytes) {
                if let Some(&j) = index.get(normalize(&dir.join(path)).as_path()) {
                    if let (Some(list), Some(mark)) = (imports.get_mut(i), imported.get_mut(j)) {
                        list.push(j);
                        *mark = true;
                    }
                }
            }
        }
        // A deleted or renamed file's entry would stay for the whole
        // session otherwise.
        cache.by_path.retain(|path, _| index.contains_key(path.as_path()));
        ImportGraph { files, imports, imported }
    }

    /// The design `path` belongs to: the first file (in path order) that no
    /// other imports and whose imports reach `path`. `None` when nothing
    /// imports it: it is a design of its own.
    fn root_of(&self, path: &Path) -> Option<&Path> {
        let me = self.files.iter().position(|f| f == path)?;
        if !self.imported.get(me).copied().unwrap_or(false) {
            return None;
        }
        let reaches = |root: usize| {
            let mut seen = vec![false; self.files.len()];
            let mut stack = vec![root];
            while let Some(f) = stack.pop() {
                if f == me {
                    return true;
                }
                if let Some(s) = seen.get_mut(f).filter(|s| !**s) {
                    *s = true;
                    stack.extend(self.imports.get(f).into_iter().flatten().copied());
                }
            }
            false
        };
        (0..self.files.len())
            .filter(|&r| r != me && !self.imported.get(r).copied().unwrap_or(true))
            .find(|&r| reaches(r))
            .and_then(|r| self.files.get(r))
            .map(PathBuf::as_path)
    }
}

impl<'l> Server<'l> {
    fn new(loader: &'l dyn FileLoader, root: Option<PathBuf>) -> Self {
        Server { loader, root, docs: BTreeMap::new(), analyses: HashMap::new(), imports: ImportCache::default() }
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        // A bug in one feature must cost one answer, not the session.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.dispatch(req)));
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(id, ErrorCode::InternalError as i32, "internal error".into()),
        }
    }

    fn dispatch(&mut self, req: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        use lsp::request::{
            Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References, Rename,
            Request as _,
        };
        fn params<P: serde::de::DeserializeOwned>(req: lsp_server::Request) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(req.params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        fn json<T: serde::Serialize>(value: T) -> Result<serde_json::Value, (ErrorCode, String)> {
            serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
        }
        match req.method.as_str() {
            HoverRequest::METHOD => {
                let p: lsp::HoverParams = params(req)?;
                let (a, offset) = self.at(&p.text_document_position_params)?;
                json(features::hover(a, offset))
            }
            GotoDefinition::METHOD => {
                let p: lsp::GotoDefinitionParams = params(req)?;
                let (a, offset) = self.at(&p.text_document_position_params)?;
                json(features::definition(a, offset).map(lsp::GotoDefinitionResponse::Scalar))
            }
            References::METHOD => {
                let p: lsp::ReferenceParams = params(req)?;
                let (a, offset) = self.at(&p.text_document_position)?;
                json(features::references(a, offset, p.context.include_declaration))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp::DocumentSymbolParams = params(req)?;
                let a = self.analysis(&p.text_document.uri)?;
                json(lsp::DocumentSymbolResponse::Nested(features::symbols(a)))
            }
            Completion::METHOD => {
                let p: lsp::CompletionParams = params(req)?;
                let (a, offset) = self.at(&p.text_document_position)?;
                let text = a.sources().get(Analysis::ROOT).map(|f| f.text.clone()).unwrap_or_default();
                json(lsp::CompletionResponse::Array(features::completion(a, &text, offset)))
            }
            Formatting::METHOD => {
                let p: lsp::DocumentFormattingParams = params(req)?;
                let a = self.analysis(&p.text_document.uri)?;
                json(features::formatting(a))
            }
            Rename::METHOD => {
                let p: lsp::RenameParams = params(req)?;
                let (a, offset) = self.at(&p.text_document_position)?;
                json(features::rename(a, offset, &p.new_name)?)
            }
            _ => Err((ErrorCode::MethodNotFound, format!("unsupported request `{}`", req.method))),
        }
    }

    fn analysis(&self, uri: &lsp::Uri) -> Result<&Analysis, (ErrorCode, String)> {
        self.analyses
            .get(uri.as_str())
            .ok_or_else(|| (ErrorCode::InvalidParams, format!("`{}` is not an open document", uri.as_str())))
    }

    /// The analysis of a document and the byte offset of a position in it.
    fn at(&self, pos: &lsp::TextDocumentPositionParams) -> Result<(&Analysis, usize), (ErrorCode, String)> {
        let a = self.analysis(&pos.text_document.uri)?;
        let file = a.sources().get(Analysis::ROOT).ok_or((ErrorCode::InternalError, "no source".to_string()))?;
        let offset = file.offset_of_utf16(pos.position.line as usize, pos.position.character as usize);
        Ok((a, offset))
    }

    fn notification(&mut self, n: Notification) -> Vec<Notification> {
        use lsp::notification::*;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) else { return vec![] };
                let uri = p.text_document.uri;
                let path = uri_to_path(&uri).unwrap_or_else(|| PathBuf::from(uri.as_str()));
                let version = p.text_document.version;
                let doc = Document { uri, path, text: p.text_document.text, version };
                self.docs.insert(doc.uri.as_str().to_string(), doc);
                self.reanalyze()
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) else {
                    return vec![];
                };
                let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else { return vec![] };
                for change in p.content_changes {
                    apply_change(&mut doc.text, change);
                }
                doc.version = p.text_document.version;
                self.reanalyze()
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) else { return vec![] };
                self.docs.remove(p.text_document.uri.as_str());
                self.analyses.remove(p.text_document.uri.as_str());
                let mut out = self.reanalyze();
                out.push(publish(p.text_document.uri, Vec::new(), None));
                out
            }
            _ => vec![],
        }
    }

    /// Analyse every open document again (one may import another) and publish.
    fn reanalyze(&mut self) -> Vec<Notification> {
        let mut open: HashMap<PathBuf, &str> = HashMap::new();
        for doc in self.docs.values() {
            open.insert(normalize(&doc.path), &doc.text);
            if let Ok(c) = self.loader.canonicalize(&doc.path) {
                open.insert(c, &doc.text);
            }
        }
        let overlay = Overlay { open, fs: self.loader };
        let mut analyses = HashMap::new();
        let mut out = Vec::new();
        // A file that a main design imports is reviewed as part of that
        // design, as `archc check` on the directory does: on its own its
        // components look unlinked and its links point nowhere.
        let mut graphs: HashMap<PathBuf, ImportGraph> = HashMap::new();
        let mut importers: HashMap<PathBuf, Analysis> = HashMap::new();
        for (key, doc) in &self.docs {
            let a = analyze(doc, &overlay, self.root.as_deref());
            let dir = workspace_of(&doc.path, self.root.as_deref());
            let graph = graphs.entry(dir.clone()).or_insert_with(|| ImportGraph::of(&dir, &overlay, &mut self.imports));
            let own_path = normalize(&doc.path);
            let importer = graph.root_of(&own_path).map(Path::to_path_buf).and_then(|root| {
                if !importers.contains_key(&root) {
                    let text = String::from_utf8_lossy(&overlay.read(&root).ok()?).into_owned();
                    let main = Document { uri: path_to_uri(&root)?, path: root.clone(), text, version: 0 };
                    importers.insert(root.clone(), analyze(&main, &overlay, self.root.as_deref()));
                }
                importers.get(&root)
            });
            let in_importer = importer.and_then(|ra| {
                let id = ra.compilation.files.iter().find(|f| normalize(&f.path) == own_path)?.id;
                Some((ra, id))
            });
            let own: Vec<lsp::Diagnostic> = match in_importer {
                Some((ra, id)) => ra
                    .diagnostics
                    .iter()
                    .filter(|d| d.primary.span.file == id)
                    .filter_map(|d| to_lsp_diagnostic(ra, d))
                    .collect(),
                None => a
                    .diagnostics
                    .iter()
                    .filter(|d| d.primary.span.file == Analysis::ROOT)
                    .filter_map(|d| to_lsp_diagnostic(&a, d))
                    .collect(),
            };
            let diags = own.into_iter().chain(imported_errors(&a)).collect();
            out.push(publish(doc.uri.clone(), diags, Some(doc.version)));
            analyses.insert(key.clone(), a);
        }
        self.analyses = analyses;
        out
    }
}

/// Most related locations listed under one `import` statement.
const MAX_IMPORTED_ERRORS: usize = 20;

/// Errors of imported files, each shown on the root's `import` statement that
/// brings its file in. Without them a broken import would leave the document
/// silent: its own text is fine, and rules do not run on a compilation with
/// errors.
fn imported_errors(a: &Analysis) -> Vec<lsp::Diagnostic> {
    let mut by_statement: BTreeMap<Span, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &a.diagnostics {
        if d.primary.span.file == Analysis::ROOT || d.severity != Severity::Error {
            continue;
        }
        if let Some(statement) = a.compilation.root_import_of(d.primary.span.file) {
            by_statement.entry(statement).or_default().push(d);
        }
    }
    let name = |d: &Diagnostic| a.sources().get(d.primary.span.file).map_or("?", |f| f.name.as_str()).to_string();
    by_statement
        .into_iter()
        .filter_map(|(statement, errors)| {
            let first = errors.first()?;
            let message = match errors.len() {
                1 => format!("`{}` has an error: {}", name(first), first.message),
                n => format!("{n} errors in imported files; the first, in `{}`: {}", name(first), first.message),
            };
            let related = errors
                .iter()
                .take(MAX_IMPORTED_ERRORS)
                .filter_map(|d| {
                    Some(lsp::DiagnosticRelatedInformation {
                        location: a.location(d.primary.span)?,
                        message: d.message.clone(),
                    })
                })
                .collect();
            Some(lsp::Diagnostic {
                range: a.range(statement)?,
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                // The first error's own code, which `archc explain` knows.
                code: Some(lsp::NumberOrString::String(first.code.to_string())),
                source: Some("archc".into()),
                message: format!("{message}\nhelp: open the imported file to see and fix its errors"),
                related_information: Some(related),
                ..Default::default()
            })
        })
        .collect()
}

fn publish(uri: lsp::Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) -> Notification {
    let params = lsp::PublishDiagnosticsParams { uri, diagnostics, version };
    Notification::new(lsp::notification::PublishDiagnostics::METHOD.to_string(), params)
}

/// The directory a document's imports may reach: the workspace when the
/// document is in it, else the document's own directory.
fn workspace_of(path: &Path, workspace: Option<&Path>) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new(""));
    normalize(workspace.filter(|w| path.starts_with(w)).unwrap_or(dir))
}

fn analyze(doc: &Document, loader: &dyn FileLoader, workspace: Option<&Path>) -> Analysis {
    let dir = doc.path.parent().unwrap_or(Path::new("")).to_path_buf();
    // Imports may reach anywhere in the workspace, as `archc check` on the workspace allows.
    let root_dir = workspace_of(&doc.path, workspace);
    let compilation = compile(
        CompileInput {
            path: &doc.path,
            display_name: doc.path.to_string_lossy().into_owned(),
            root_dir: &root_dir,
            text: Some(doc.text.as_bytes().to_vec()),
        },
        loader,
    );
    let mut diagnostics = compilation.diagnostics.clone();
    if !compilation.has_errors() {
        diagnostics.extend(lint::lint(&compilation.model, &lint_config(&dir, loader)));
    }
    let mut uris = HashMap::new();
    for f in &compilation.files {
        let uri = if f.id == Analysis::ROOT { Some(doc.uri.clone()) } else { path_to_uri(&f.path) };
        if let Some(uri) = uri {
            uris.insert(f.id, uri);
        }
    }
    uris.insert(Analysis::ROOT, doc.uri.clone());
    Analysis { compilation, diagnostics, uris }
}

/// Levels from the nearest `archc.toml` above the document; a broken config
/// is `archc check`'s to report, the editor falls back to the defaults.
fn lint_config(dir: &Path, loader: &dyn FileLoader) -> LintConfig {
    let mut config = LintConfig::default();
    let Some(text) = dir.ancestors().find_map(|d| loader.read(&d.join("archc.toml")).ok()) else { return config };
    let (settings, _) = lint::config::parse(FileId(0), &String::from_utf8_lossy(&text));
    for s in settings {
        let _ = config.set(&s.rule, s.level);
    }
    config
}

fn to_lsp_diagnostic(a: &Analysis, d: &Diagnostic) -> Option<lsp::Diagnostic> {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            Some(lsp::DiagnosticRelatedInformation { location: a.location(l.span)?, message: l.message.clone() })
        })
        .collect();
    Some(lsp::Diagnostic {
        range: a.range(d.primary.span)?,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        source: Some("archc".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    })
}

/// Apply one change: the whole text, or a range in UTF-16 positions.
fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent) {
    let Some(range) = change.range else {
        *text = change.text;
        return;
    };
    let file = SourceFile::new("", text.as_str());
    let start = file.offset_of_utf16(range.start.line as usize, range.start.character as usize);
    let end = file.offset_of_utf16(range.end.line as usize, range.end.character as usize).max(start);
    if text.is_char_boundary(start) && text.is_char_boundary(end) {
        text.replace_range(start..end, &change.text);
    }
}

/// The file path of a `file:` URI.
pub(crate) fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    if !uri.scheme().is_some_and(|s| s.as_str().eq_ignore_ascii_case("file")) {
        return None;
    }
    let decoded = uri.path().as_estr().decode().into_string().ok()?.into_owned();
    // `file:///C:/x` names `C:/x` on Windows.
    if cfg!(windows) && matches!(decoded.as_bytes(), [b'/', _, b':', ..]) {
        return Some(PathBuf::from(decoded.get(1..).unwrap_or_default()));
    }
    Some(PathBuf::from(decoded))
}

pub(crate) fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    // Everything but the unreserved characters of RFC 3986 and the separator.
    const PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');
    let s = path.to_string_lossy().replace('\\', "/");
    let s = if s.starts_with('/') { s } else { format!("/{s}") };
    lsp::Uri::from_str(&format!("file://{}", utf8_percent_encode(&s, PATH))).ok()
}

#[cfg(test)]
mod tests;
