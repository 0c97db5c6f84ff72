//! What rules see: the model plus graph facts computed once and shared.

use crate::model::Model;

pub struct LintContext<'m> {
    pub model: &'m Model,
    // Estimates: computed on first use, once per lint run.
    estimates: std::sync::OnceLock<crate::analysis::Estimates>,
}

impl<'m> LintContext<'m> {
    pub fn new(model: &'m Model) -> Self {
        LintContext { model, estimates: std::sync::OnceLock::new() }
    }
}

// Estimates (traffic, capacity, storage, availability, latency) for the quantitative rules.
impl LintContext<'_> {
    pub fn estimates(&self) -> &crate::analysis::Estimates {
        self.estimates.get_or_init(|| crate::analysis::estimate(self.model))
    }
}
