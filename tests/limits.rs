//! Hostile inputs get a clear error, never a crash, a hang or an escape from
//! the project directory (issue 8). These run through the public entry points
//! (`archc::compile` with the real file system) the way the CLI does.

use archc::diagnostic::Diagnostic;
use archc::driver::{MAX_FILES, MAX_FILE_SIZE};
use archc::syntax::{MAX_IDENT_LEN, MAX_NESTING, MAX_STRING_LEN};
use archc::{compile, compile_str, CompileInput, FsLoader, MemoryLoader};
use std::fs;
use std::path::Path;

fn codes(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.code.as_ref()).collect()
}

fn compile_bytes(bytes: Vec<u8>) -> archc::Compilation {
    let loader = MemoryLoader::default().with("in.arch", bytes);
    loader.compile("in.arch")
}

#[test]
fn a_hundred_thousand_nested_groups_are_refused_at_the_first_brace_too_deep() {
    let depth = 100_000;
    let mut text = String::with_capacity(depth * 12);
    for i in 0..depth {
        text.push_str(&format!("group g{i} {{\n"));
    }
    text.push_str("service deep\n");
    text.push_str(&"}\n".repeat(depth));
    let c = compile_str("deep.arch", &text);
    assert_eq!(codes(&c.diagnostics), ["nesting-too-deep"]);
    // The brace that goes one level past the limit.
    let first_too_deep = text.match_indices('{').nth(MAX_NESTING).map(|(i, _)| i).unwrap();
    assert_eq!(c.diagnostics[0].primary.span.start as usize, first_too_deep);
}

#[test]
fn nesting_at_the_limit_still_compiles() {
    let mut text = String::new();
    for i in 0..MAX_NESTING {
        text.push_str(&format!("group g{i} {{\n"));
    }
    text.push_str("service deep\n");
    text.push_str(&"}\n".repeat(MAX_NESTING));
    let c = compile_str("ok.arch", &text);
    assert!(c.diagnostics.is_empty(), "{:?}", codes(&c.diagnostics));
    assert_eq!(c.model.groups.len(), MAX_NESTING);
}

#[test]
fn unbalanced_open_braces_without_end_do_not_overflow() {
    let text = "{".repeat(1_000_000);
    let c = compile_str("braces.arch", &text);
    assert_eq!(codes(&c.diagnostics), ["unclosed-brace"]);
    assert_eq!(c.diagnostics[0].primary.span.start, 0);
}

#[test]
fn a_hundred_thousand_character_identifier_is_an_error_at_its_span() {
    let long = "x".repeat(100_000);
    let text = format!("service a\nservice {long}\na -> {long}\n");
    let c = compile_str("long.arch", &text);
    assert_eq!(codes(&c.diagnostics), ["identifier-too-long"]);
    let d = &c.diagnostics[0];
    assert_eq!(d.primary.span.start as usize, "service a\nservice ".len());
    assert_eq!(d.primary.span.len(), 100_000);
    assert!(d.message.contains("100000 bytes") && d.message.contains(&MAX_IDENT_LEN.to_string()), "{}", d.message);
}

#[test]
fn an_identifier_at_the_limit_is_fine() {
    let id = "y".repeat(MAX_IDENT_LEN);
    let c = compile_str("ok.arch", &format!("service {id}\n"));
    assert!(c.diagnostics.is_empty(), "{:?}", codes(&c.diagnostics));
}

#[test]
fn an_over_long_string_is_an_error() {
    let text = format!("service a \"{}\"\n", "s".repeat(MAX_STRING_LEN));
    let c = compile_str("s.arch", &text);
    assert_eq!(codes(&c.diagnostics), ["string-too-long"]);
    assert_eq!(c.diagnostics[0].primary.span.start, 10);
}

#[test]
fn binary_garbage_names_the_byte_offset() {
    let mut bytes = b"service a\n".to_vec();
    bytes.extend([0xff, 0xfe, 0x00, 0x9c, 0x80]);
    let c = compile_bytes(bytes);
    assert_eq!(codes(&c.diagnostics), ["invalid-utf8"]);
    assert!(c.diagnostics[0].message.contains("offset 10"), "{}", c.diagnostics[0].message);
    assert_eq!(c.diagnostics[0].primary.span.start, 10);
}

#[test]
fn nul_bytes_and_control_characters_are_syntax_errors_not_crashes() {
    let c = compile_bytes(b"service a\n\0\0\x01\x7f service b\n".to_vec());
    assert!(c.has_errors());
    assert!(codes(&c.diagnostics).iter().all(|&code| code == "syntax-error"), "{:?}", codes(&c.diagnostics));
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let bytes = vec![b'\n'; MAX_FILE_SIZE + 1];
    let c = compile_bytes(bytes);
    assert_eq!(codes(&c.diagnostics), ["file-too-large"]);
    assert!(c.diagnostics[0].message.contains(&MAX_FILE_SIZE.to_string()));
}

fn compile_loader(loader: &MemoryLoader, root: &str) -> archc::Compilation {
    compile(
        CompileInput { path: Path::new(root), display_name: root.into(), root_dir: Path::new(""), text: None },
        loader,
    )
}

#[test]
fn the_file_count_limit_stops_a_fan_of_imports() {
    let n = MAX_FILES + 5;
    let mut root = String::new();
    let mut loader = MemoryLoader::default();
    for i in 0..n {
        root.push_str(&format!("import \"f{i}.arch\"\n"));
        loader = loader.with(format!("f{i}.arch"), format!("service s{i}\n"));
    }
    let loader = loader.with("root.arch", root);
    let c = compile_loader(&loader, "root.arch");
    assert_eq!(c.sources.len(), MAX_FILES);
    assert!(codes(&c.diagnostics).iter().all(|&code| code == "too-many-imports"));
    assert_eq!(c.diagnostics.len(), n + 1 - MAX_FILES);
}

#[test]
fn a_chain_longer_than_the_file_limit_stops_there_without_overflowing() {
    // Imports load with an explicit stack, so depth alone cannot overflow.
    let n = MAX_FILES + 10;
    let mut loader = MemoryLoader::default();
    for i in 0..n {
        loader = loader.with(format!("f{i}.arch"), format!("import \"f{}.arch\"\nservice s{i}\n", i + 1));
    }
    let c = compile_loader(&loader, "f0.arch");
    assert_eq!(codes(&c.diagnostics), ["too-many-imports"]);
    assert_eq!(c.sources.len(), MAX_FILES);
}

/// A project directory inside a temporary directory, with a secret beside it.
struct Project {
    _tmp: tempfile::TempDir,
    root: std::path::PathBuf,
    outside: std::path::PathBuf,
}

fn project(main: &str) -> Project {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    fs::create_dir_all(root.join("sub")).unwrap();
    let outside = tmp.path().join("secret.arch");
    fs::write(&outside, "service stolen\n").unwrap();
    fs::write(root.join("main.arch"), main).unwrap();
    fs::write(root.join("sub/ok.arch"), "service fine\n").unwrap();
    Project { _tmp: tmp, root, outside }
}

fn compile_project(p: &Project) -> archc::Compilation {
    let main = p.root.join("main.arch");
    compile(CompileInput { path: &main, display_name: "main.arch".into(), root_dir: &p.root, text: None }, &FsLoader)
}

fn assert_escape_refused(c: &archc::Compilation) {
    assert_eq!(codes(&c.diagnostics), ["import-outside-root"]);
    assert!(c.model.find("stolen").is_none(), "the file outside the root was read");
    assert_eq!(c.sources.len(), 1);
}

#[test]
fn imports_inside_the_root_work() {
    let p = project("import \"sub/ok.arch\"\nimport \"./sub/../sub/ok.arch\"\n");
    let c = compile_project(&p);
    assert!(c.diagnostics.is_empty(), "{:?}", codes(&c.diagnostics));
    assert!(c.model.find("fine").is_some());
}

#[test]
fn a_parent_directory_import_cannot_leave_the_root() {
    let p = project("import \"../secret.arch\"\n");
    assert_escape_refused(&compile_project(&p));
    let p = project("import \"sub/../../secret.arch\"\n");
    assert_escape_refused(&compile_project(&p));
}

#[test]
fn an_absolute_import_is_refused() {
    let p = project("");
    let text = format!("import \"{}\"\n", p.outside.display());
    fs::write(p.root.join("main.arch"), text).unwrap();
    assert_escape_refused(&compile_project(&p));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_pointing_outside_the_root_is_refused() {
    let p = project("import \"link.arch\"\n");
    std::os::unix::fs::symlink(&p.outside, p.root.join("link.arch")).unwrap();
    assert_escape_refused(&compile_project(&p));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_a_directory_outside_the_root_is_refused() {
    let p = project("import \"dirlink/secret.arch\"\n");
    std::os::unix::fs::symlink(p.outside.parent().unwrap(), p.root.join("dirlink")).unwrap();
    assert_escape_refused(&compile_project(&p));
}
