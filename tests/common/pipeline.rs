//! The whole pipeline on arbitrary bytes, shared by the fuzz target
//! (`fuzz/fuzz_targets/pipeline.rs`) and the regression tests that replay its
//! findings (`tests/fuzz_regressions.rs`). It asserts only what must hold for
//! every input: no panic, and every stage returns. Every stage a user can
//! reach with a file runs: decode, parse, resolve, lint, estimate, every
//! report format, every text render format (PNG is skipped: rasterising is
//! resvg's code and too slow for a fuzzer's loop) and the formatter.

use archc::diagnostic::{Diagnostic, Summary};
use archc::lint::{self, LintConfig};
use archc::render::{self, Direction, Format, Options};
use archc::report::human::{self, HumanOptions};
use archc::{compile, Compilation, CompileInput, MemoryLoader};
use std::path::Path;

/// Compile `data` as `fuzz.arch`, with a second file `other.arch` holding the
/// same bytes so that imports (and import cycles) are exercised too; lint the
/// model and write every report format. Returns the diagnostics, sorted.
pub fn run_pipeline(data: &[u8]) -> Vec<Diagnostic> {
    let loader = MemoryLoader::default().with("dir/fuzz.arch", data.to_vec()).with("dir/other.arch", data.to_vec());
    let compilation: Compilation = compile(
        CompileInput {
            path: Path::new("dir/fuzz.arch"),
            display_name: "fuzz.arch".to_string(),
            root_dir: Path::new("dir"),
            text: None,
        },
        &loader,
    );
    let mut diagnostics = compilation.diagnostics.clone();
    diagnostics.extend(lint::lint(&compilation.model, &LintConfig::default()));
    archc::report::sort(&mut diagnostics, &compilation.sources);
    let summary = Summary::count(&diagnostics, compilation.sources.len());
    let _ = human::render(&diagnostics, &compilation.sources, HumanOptions::default());
    let _ = human::summary_line(&summary);
    let _ = archc::report::json::render(&diagnostics, &compilation.sources, summary);
    let _ = archc::report::sarif::render(&diagnostics, &compilation.sources);
    let _ = archc::report::github::render(&diagnostics, &compilation.sources, "summary");
    if !compilation.has_errors() {
        let estimates = archc::analysis::estimate(&compilation.model);
        let _ = archc::analysis::text::render(&estimates);
        for format in Format::ALL.iter().copied().filter(|f| *f != Format::Png) {
            for direction in [Direction::Down, Direction::Right] {
                let options = Options { direction, ..Options::default() };
                let _ = render::render(&compilation.model, &diagnostics, format, &options);
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        // fmt must be idempotent on whatever it accepts.
        if let Ok(once) = archc::fmt::format(text) {
            let twice = archc::fmt::format(&once);
            assert_eq!(twice.as_deref().ok(), Some(once.as_str()), "fmt is not idempotent");
        }
    }
    diagnostics
}
