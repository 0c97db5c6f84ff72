//! The whole pipeline on arbitrary bytes: decode, parse, resolve, lint, and
//! every text output. Any panic, abort, stack overflow or timeout is a bug.
//!
//! Run from the repository root with `cargo +nightly fuzz run pipeline`
//! (see fuzz/README.md); crashing inputs are kept in tests/fixtures/fuzz/.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The same harness the regression tests replay the fixtures with.
#[path = "../../tests/common/pipeline.rs"]
mod pipeline;

fuzz_target!(|data: &[u8]| {
    pipeline::run_pipeline(data);
});
