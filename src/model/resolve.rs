//! Syntax trees to model. (Being written.)

use super::Model;
use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::ast;

/// Resolve the files of one compilation (the root first, then imports in load
/// order) into one model.
pub fn resolve(files: &[(FileId, &ast::File)]) -> (Model, Vec<Diagnostic>) {
    let _ = files;
    (Model::default(), Vec::new())
}
