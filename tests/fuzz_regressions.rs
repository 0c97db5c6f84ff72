//! Every input the fuzzer ever crashed archc with (tests/fixtures/fuzz/), and
//! the seed corpus, replayed through the whole pipeline. An input that
//! panicked once must now run to the end, twice with the same diagnostics.

mod common;

use std::fs;
use std::path::Path;

#[test]
fn fuzz_fixtures_run_through_the_whole_pipeline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut entries: Vec<_> = fs::read_dir(&dir).expect("fixture folder exists").flatten().map(|e| e.path()).collect();
    entries.sort();
    entries.retain(|p| p.extension().is_none_or(|e| e != "md"));
    assert!(!entries.is_empty(), "no fixtures in {}", dir.display());
    for path in entries {
        let data = fs::read(&path).expect("fixture is readable");
        let first = common::pipeline::run_pipeline(&data);
        let second = common::pipeline::run_pipeline(&data);
        assert_eq!(first, second, "non-deterministic diagnostics for {}", path.display());
    }
}
