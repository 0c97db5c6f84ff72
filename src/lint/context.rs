//! What rules see: the model plus graph facts computed once and shared.

use crate::model::Model;

pub struct LintContext<'m> {
    pub model: &'m Model,
}

impl<'m> LintContext<'m> {
    pub fn new(model: &'m Model) -> Self {
        LintContext { model }
    }
}
