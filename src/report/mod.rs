//! Turning diagnostics into bytes: one output format per file.

pub mod baseline;
pub mod github;
pub mod identity;
pub mod region;
pub mod sarif;
