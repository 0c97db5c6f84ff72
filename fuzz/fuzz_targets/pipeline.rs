//! The whole pipeline on arbitrary bytes: decode, parse, resolve, lint, and
//! every text output. Any panic, abort, stack overflow or timeout is a bug.
//!
//! Run with `cargo +nightly fuzz run pipeline` from the repository root
//! (see fuzz/README.md); crashing inputs go to tests/fixtures/fuzz/.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    archc::fuzz_support::run_pipeline(data);
});
