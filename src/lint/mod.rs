//! Design review: the rule trait, the registry, levels and suppression.
//!
//! A rule looks at the [`Model`] through a [`LintContext`] and pushes
//! [`Finding`]s. It knows nothing about levels, `allow` or output formats: the
//! driver in this module applies those and turns findings into diagnostics.

pub mod config;
mod context;
mod levels;
pub mod rules;

pub use context::LintContext;
pub use levels::{Level, LevelError, LintConfig};

use crate::diagnostic::{suggest, Diagnostic, DiagnosticKind, Label, Severity};
use crate::model::{Allow, ComponentId, GroupId, LinkId, Model};
use crate::source::Span;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;

/// Rule families, used to group `archc rules` output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Structure,
    Data,
    Security,
    Capacity,
    Meta,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Structure => "structure and reliability",
            Category::Data => "caching and data",
            Category::Security => "security and resilience",
            Category::Capacity => "traffic, availability and latency",
            Category::Meta => "suppressions",
        }
    }
}

/// What `archc rules` and `archc explain` print about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    pub name: &'static str,
    pub default_level: Level,
    pub category: Category,
    /// One line, lower case, no trailing period.
    pub summary: &'static str,
    /// The rule's doc comment: what it does, why it matters, an example, how to fix.
    pub docs: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown: the doc comment's lines without the
    /// blank that follows `///`, which would turn `## Why` into plain text.
    pub fn docs_markdown(&self) -> String {
        let lines: Vec<&str> = self.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
        lines.join("\n").trim().to_string()
    }
}

pub trait RuleMetadata {
    fn meta(&self) -> &'static RuleMeta;
}

/// One design-review rule. Implement `check`; `declare_rule!` provides the metadata.
pub trait Rule: RuleMetadata + Sync + Send {
    fn check(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>);
}

/// Declares a rule type whose doc comment is its user documentation (the
/// `clippy` way: doc attributes become a `&'static str`).
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            name: $code:literal,
            level: $level:ident,
            category: $category:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis struct $name;

        impl $crate::lint::RuleMetadata for $name {
            fn meta(&self) -> &'static $crate::lint::RuleMeta {
                static META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
                    name: $code,
                    default_level: $crate::lint::Level::$level,
                    category: $crate::lint::Category::$category,
                    summary: $summary,
                    docs: concat!($($doc, "\n"),*),
                };
                &META
            }
        }
    };
}

/// What a finding is about: decides which `allow`s can suppress it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Component(ComponentId),
    Link(LinkId),
    Group(GroupId),
    System,
}

/// A rule's raw finding, before levels and suppression.
#[derive(Clone, Debug)]
pub struct Finding {
    pub subject: Subject,
    pub message: String,
    pub primary: Label,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// Report as an error when the rule runs at its default level (for rules
    /// whose default depends on the case, such as `write-behind-data-loss`).
    pub error_at_default_level: bool,
}

impl Finding {
    pub fn new(subject: Subject, span: Span, label: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            subject,
            message: message.into(),
            primary: Label::new(span, label),
            labels: Vec::new(),
            help: None,
            error_at_default_level: false,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label::new(span, message));
        self
    }
}

/// Every rule, sorted by name.
pub fn registry() -> &'static [&'static dyn Rule] {
    rules::RULES
}

pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().name == name)
}

pub fn rule_names() -> impl Iterator<Item = &'static str> {
    registry().iter().map(|r| r.meta().name)
}

/// The name of the rule that reports unused suppressions.
pub const UNUSED_ALLOW: &str = "unused-allow";

/// Run every enabled rule and apply levels and `allow`s.
pub fn lint(model: &Model, config: &LintConfig) -> Vec<Diagnostic> {
    let cx = LintContext::new(model);
    let per_rule = match run_rules(&cx, config) {
        Ok(per_rule) => per_rule,
        Err(errors) => return errors,
    };
    // Past the rules nothing needs the graph facts and estimates; freeing
    // them (15 M instructions on a 10,000-component design) beside the
    // serial work that follows takes that off the critical path.
    let ((), diagnostics) = rayon::join(move || drop(cx), || to_diagnostics(model, per_rule, config));
    diagnostics
}

/// [`lint`], and the estimates too, computed once for both (`archc
/// estimate` prints them and exits by the review).
pub fn lint_and_estimate(model: &Model, config: &LintConfig) -> (Vec<Diagnostic>, crate::analysis::Estimates) {
    let cx = LintContext::new(model);
    let findings = match run_rules(&cx, config) {
        Ok(per_rule) => to_diagnostics(model, per_rule, config),
        Err(errors) => errors,
    };
    (findings, cx.into_estimates())
}

/// What each enabled rule found, in registry order.
type RuleFindings = Vec<(&'static dyn Rule, Level, Vec<Finding>)>;

/// Every enabled rule over the design, or the errors that stop the review.
fn run_rules(cx: &LintContext<'_>, config: &LintConfig) -> Result<RuleFindings, Vec<Diagnostic>> {
    let model = cx.model;
    let errors = check_allow_names(model);
    // `unknown-rule` is an error like the resolver's: a design with errors
    // is not reviewed (and a misspelt `allow` would leave its finding shown).
    if !errors.is_empty() {
        return Err(errors);
    }

    let enabled: Vec<(&'static dyn Rule, Level)> = registry()
        .iter()
        .copied()
        .filter(|r| r.meta().name != UNUSED_ALLOW)
        .map(|r| (r, config.level(r.meta())))
        .filter(|(_, level)| *level != Level::Off)
        .collect();

    // The estimates are the one costly fact, and the capacity rules are the
    // ones that read them. Left to the first rule that asks, they held one
    // worker while the other blocked on the same `OnceLock` (a blocked
    // worker steals no work), so they ran on one core; begun beside the
    // other rules, they share both. Which rules read them decides only this
    // schedule: any rule may still ask for them.
    let (estimating, other): (Vec<_>, Vec<_>) =
        enabled.iter().copied().partition(|(rule, _)| rule.meta().category == Category::Capacity);
    let run = |rules: &[(&'static dyn Rule, Level)]| -> Vec<(&'static dyn Rule, Level, Vec<Finding>)> {
        rules
            .par_iter()
            // One rule a task: rules differ a hundredfold in cost, and
            // split into runs of several, a run of the costly ones stayed on
            // one core while the other idled at the end (15 ms of a
            // 55 ms review at 10,000 components).
            .with_max_len(1)
            .map(|&(rule, level)| {
                let mut out = Vec::new();
                rule.check(cx, &mut out);
                (rule, level, out)
            })
            .collect()
    };
    let (mut per_rule, rest) = rayon::join(
        || {
            if !estimating.is_empty() {
                cx.estimates();
            }
            run(&estimating)
        },
        || run(&other),
    );
    per_rule.extend(rest);
    // Back in registry order (by name), so the report does not depend on the schedule.
    per_rule.sort_by_key(|(rule, ..)| rule.meta().name);
    Ok(per_rule)
}

/// Findings as diagnostics at their levels, less what `allow`s suppress,
/// plus the `allow`s that suppress nothing.
fn to_diagnostics(model: &Model, per_rule: RuleFindings, config: &LintConfig) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let allows = AllowIndex::new(model);
    // An `allow` is known by where it is written: a chain `a -> b -> c`
    // gives each of its links a copy of the block, and the one `allow` the
    // user wrote is used when any copy suppresses something.
    let mut used: HashSet<Span> = HashSet::new();
    for (rule, level, findings) in per_rule {
        let meta = rule.meta();
        for f in findings {
            if let Some(allow) = allows.suppressing(model, f.subject, meta.name) {
                used.insert(allow.span);
                continue;
            }
            let severity = if f.error_at_default_level && config.is_default(meta) {
                Severity::Error
            } else {
                config.severity(level)
            };
            diagnostics.push(to_diagnostic(model, meta.name, severity, f));
        }
    }

    if let Some(unused) = find_rule(UNUSED_ALLOW) {
        let level = config.level(unused.meta());
        if level != Level::Off {
            let mut stale = Vec::new();
            // Ordinary allows first: one that suppresses nothing is reported
            // unless an `allow unused-allow` covers it (which is then used).
            for (allow, subject) in allows.all().into_iter().filter(|(a, _)| a.rule != UNUSED_ALLOW) {
                let rule_is_off = find_rule(&allow.rule).is_none_or(|r| config.level(r.meta()) == Level::Off);
                if used.contains(&allow.span) || rule_is_off {
                    continue;
                }
                match allows.suppressing(model, subject, UNUSED_ALLOW) {
                    Some(meta) => {
                        used.insert(meta.span);
                    }
                    None => stale.push((allow, subject)),
                }
            }
            // Then the `allow unused-allow`s themselves, which nothing can suppress.
            for (allow, subject) in allows.all().into_iter().filter(|(a, _)| a.rule == UNUSED_ALLOW) {
                if !used.contains(&allow.span) {
                    stale.push((allow, subject));
                }
            }
            // The copies of one written `allow` are reported once.
            let mut reported: HashSet<Span> = HashSet::new();
            stale.retain(|(allow, _)| reported.insert(allow.span));
            for (allow, subject) in stale {
                let f = Finding::new(
                    subject,
                    allow.span,
                    "suppresses nothing",
                    format!("`allow {}` suppresses nothing here", allow.rule),
                )
                .with_help("remove it: the design no longer has the problem it was silencing");
                diagnostics.push(to_diagnostic(model, UNUSED_ALLOW, config.severity(level), f));
            }
        }
    }
    diagnostics
}

fn to_diagnostic(model: &Model, code: &'static str, severity: Severity, f: Finding) -> Diagnostic {
    let subject = match f.subject {
        Subject::Component(c) => model.component(c).id.clone(),
        Subject::Link(l) => model.link_name(l),
        Subject::Group(g) => format!("group {}", model.group(g).id),
        Subject::System => "system".to_string(),
    };
    Diagnostic {
        code: Cow::Borrowed(code),
        kind: DiagnosticKind::Lint,
        severity,
        message: f.message,
        primary: f.primary,
        labels: f.labels,
        help: f.help,
        subject,
    }
}

/// `allow` must name a rule; syntax and semantic error codes cannot be allowed.
fn check_allow_names(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (allow, _) in AllowIndex::new(model).all() {
        if find_rule(&allow.rule).is_some() {
            continue;
        }
        let mut d = Diagnostic::semantic(
            "unknown-rule",
            format!("`allow` names no rule called `{}`", allow.rule),
            allow.rule_span,
            "unknown rule",
        );
        d = match suggest(&allow.rule, rule_names()) {
            Some(s) => d.with_help(format!("did you mean `{s}`? `archc rules` lists every rule")),
            None => d.with_help("`archc rules` lists every rule; error codes cannot be suppressed"),
        };
        out.push(d);
    }
    out
}

/// Where each `allow` lives, to answer "is this finding suppressed?".
struct AllowIndex<'m> {
    model: &'m Model,
}

impl<'m> AllowIndex<'m> {
    fn new(model: &'m Model) -> Self {
        AllowIndex { model }
    }

    /// Every allow with the subject it sits on, in source order of elements.
    fn all(&self) -> Vec<(&'m Allow, Subject)> {
        let m = self.model;
        let mut v = Vec::new();
        if let Some(s) = &m.system {
            v.extend(s.allows.iter().map(|a| (a, Subject::System)));
        }
        for (i, g) in m.groups.iter().enumerate() {
            v.extend(g.allows.iter().map(|a| (a, Subject::Group(GroupId(i as u32)))));
        }
        for c in m.component_ids() {
            v.extend(m.component(c).allows.iter().map(|a| (a, Subject::Component(c))));
        }
        for l in m.link_ids() {
            v.extend(m.link(l).allows.iter().map(|a| (a, Subject::Link(l))));
        }
        v
    }

    /// The innermost `allow` of `rule` that covers `subject`.
    fn suppressing(&self, model: &'m Model, subject: Subject, rule: &str) -> Option<&'m Allow> {
        let pick = |allows: &'m [Allow]| allows.iter().find(|a| a.rule == rule);
        let in_groups = |g: Option<GroupId>| model.group_chain(g).find_map(|g| pick(&model.group(g).allows));
        let system = || model.system.as_ref().and_then(|s| pick(&s.allows));
        match subject {
            Subject::Component(c) => {
                let comp = model.component(c);
                pick(&comp.allows).or_else(|| in_groups(comp.group)).or_else(system)
            }
            Subject::Link(l) => {
                let link = model.link(l);
                let source = model.component(link.from);
                // A link is inside its source component (RULES.md), so the
                // source's groups scope it, not the block it is written in.
                pick(&link.allows).or_else(|| pick(&source.allows)).or_else(|| in_groups(source.group)).or_else(system)
            }
            Subject::Group(g) => in_groups(Some(g)).or_else(system),
            Subject::System => system(),
        }
    }
}
