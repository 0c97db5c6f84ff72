//! archc: an architecture-as-code compiler and design-review linter.
//!
//! The pipeline runs one way: [`syntax`] turns text into a spanned tree,
//! [`model`] resolves it into a typed graph, [`lint`] reviews the graph,
//! and [`report`] and [`render`] turn findings and the model into bytes.
//! See ARCHITECTURE.md for the map.

// Input must never be able to panic the compiler. Modules that index only
// with ids they created themselves opt out of `indexing_slicing` one by one,
// each saying why; everything else uses `get`, iterators or patterns.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod analysis;
pub mod cli;
pub mod diagnostic;
pub mod driver;
pub mod errors;
pub mod fmt;
#[doc(hidden)]
pub mod gen;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod render;
pub mod report;
pub mod source;
pub mod syntax;

pub use driver::{compile, compile_str, Compilation, CompileInput, FileLoader, FsLoader, MemoryLoader};
