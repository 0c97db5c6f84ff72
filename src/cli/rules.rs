//! `archc rules` and `archc explain`.

use super::output::{stdout, tool_error};
use super::Outcome;
use crate::diagnostic::suggest;
use crate::errors::{self, ERROR_CODES};
use crate::lint::{self, registry};
use crate::model::attrs::{AttrSpec, ATTRIBUTES};
use crate::model::Kind;
use clap::{Args, ValueEnum};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    #[default]
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule (`single-point-of-failure`), an error code (`unknown-attribute`),
    /// an attribute (`replicas`) or a component kind (`load_balancer`)
    pub code: String,
}

#[derive(Serialize)]
struct RuleEntry {
    name: &'static str,
    default_level: &'static str,
    category: lint::Category,
    summary: &'static str,
}

#[derive(Serialize)]
struct ErrorEntry {
    code: &'static str,
    kind: &'static str,
    summary: &'static str,
}

#[derive(Serialize)]
struct Listing {
    rules: Vec<RuleEntry>,
    errors: Vec<ErrorEntry>,
}

pub fn run_rules(args: RulesArgs) -> Outcome {
    let rules: Vec<RuleEntry> = registry()
        .iter()
        .map(|r| {
            let m = r.meta();
            RuleEntry {
                name: m.name,
                default_level: m.default_level.as_str(),
                category: m.category,
                summary: m.summary,
            }
        })
        .collect();
    let errors: Vec<ErrorEntry> =
        ERROR_CODES.iter().map(|e| ErrorEntry { code: e.code, kind: e.kind.as_str(), summary: e.summary }).collect();
    let text = match args.format {
        ListFormat::Json => {
            let mut t = serde_json::to_string_pretty(&Listing { rules, errors }).unwrap_or_default();
            t.push('\n');
            t
        }
        ListFormat::Text => {
            let width =
                rules.iter().map(|r| r.name.len()).chain(errors.iter().map(|e| e.code.len())).max().unwrap_or(0);
            let mut t = String::from("Rules (configure with archc.toml, -D/-W/-A, or `allow`):\n\n");
            for r in &rules {
                t.push_str(&format!("  {:width$}  {:7}  {}\n", r.name, r.default_level, r.summary));
            }
            t.push_str("\nError codes (always errors; cannot be configured or suppressed):\n\n");
            for e in &errors {
                t.push_str(&format!("  {:width$}  {:8}  {}\n", e.code, e.kind, e.summary));
            }
            t.push_str("\n`archc explain NAME` prints the full documentation of a rule or error code, and of an attribute or component kind.\n");
            t
        }
    };
    write(&text)
}

pub fn run_explain(args: ExplainArgs) -> Outcome {
    let code = args.code.as_str();
    if let Some(rule) = lint::find_rule(code) {
        let m = rule.meta();
        let text = format!("# {}\n\ndefault level: {}\n\n{}\n", m.name, m.default_level.as_str(), m.docs_markdown());
        return write(&text);
    }
    if let Some(e) = errors::find(code) {
        let text = format!("# {}\n\n{} error: {}\n\n{}\n", e.code, e.kind.as_str(), e.summary, e.docs);
        return write(&text);
    }
    // The language's own words: what to write, not only what is reported.
    if let Some(spec) = AttrSpec::find(code) {
        return write(&format!("# {}\n\nattribute\n\n{}\n", spec.name, spec.docs_markdown()));
    }
    if let Some(kind) = Kind::parse(code) {
        return write(&format!("# {kind}\n\ncomponent kind: {}\n", kind.describe()));
    }
    let all = registry()
        .iter()
        .map(|r| r.meta().name)
        .chain(ERROR_CODES.iter().map(|e| e.code))
        .chain(ATTRIBUTES.iter().map(|a| a.name))
        .chain(Kind::ALL.iter().map(|k| k.as_str()));
    let help = match suggest(code, all) {
        Some(s) => format!("did you mean `{s}`? `archc rules` lists every rule and error code"),
        None => "`archc rules` lists every rule and error code; attributes and component kinds are explained too"
            .to_string(),
    };
    tool_error(&format!("no rule, error code, attribute or component kind called `{code}`"), Some(&help));
    Outcome::Failure
}

fn write(text: &str) -> Outcome {
    match stdout(text) {
        Ok(()) => Outcome::Success,
        Err(e) => {
            tool_error(&format!("cannot write to standard output: {e}"), None);
            Outcome::Failure
        }
    }
}
