//! `archc.toml`: rule levels for a project.
//!
//! ```toml
//! [rules]
//! missing-cache = "error"
//! single-point-of-failure = "off"
//! ```

use super::levels::{unknown_rule, Level};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A level set by the config file, with where it was set.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelSetting {
    pub rule: String,
    pub level: Level,
    pub span: Span,
}

/// Parse a config file. Unknown rules and levels are errors pointing into the TOML.
pub fn parse(file: FileId, text: &str) -> (Vec<LevelSetting>, Vec<Diagnostic>) {
    let parsed: ConfigFile = match toml::from_str(text) {
        Ok(c) => c,
        Err(err) => {
            let range = err.span().unwrap_or(0..0);
            let message = err.message().to_string();
            let d = Diagnostic::semantic(
                "invalid-config",
                format!("invalid archc.toml: {message}"),
                Span::new(file, range.start, range.end),
                "here",
            )
            .with_help(
                "the file has one table, `[rules]`, mapping rule names to \"error\", \"warning\", \"note\" or \"off\"",
            );
            return (Vec::new(), vec![d]);
        }
    };
    let mut settings = Vec::new();
    let mut diags = Vec::new();
    for (rule, level) in parsed.rules {
        let rule_span = Span::new(file, rule.span().start, rule.span().end);
        let level_span = Span::new(file, level.span().start, level.span().end);
        if super::find_rule(rule.get_ref()).is_none() {
            let e = unknown_rule(rule.get_ref());
            let mut d = Diagnostic::semantic("invalid-config", e.message, rule_span, "unknown rule");
            if let Some(h) = e.help {
                d = d.with_help(h);
            }
            diags.push(d);
            continue;
        }
        match Level::parse(level.get_ref()) {
            Some(l) => settings.push(LevelSetting { rule: rule.into_inner(), level: l, span: rule_span }),
            None => diags.push(
                Diagnostic::semantic(
                    "invalid-config",
                    format!("`{}` is not a level", level.get_ref()),
                    level_span,
                    "unknown level",
                )
                .with_help("levels are \"error\", \"warning\", \"note\" and \"off\""),
            ),
        }
    }
    (settings, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_and_points_at_bad_names() {
        let text = "[rules]\nunused-allow = \"off\"\nunused-alow = \"error\"\n";
        let (settings, diags) = parse(FileId(0), text);
        assert_eq!(settings.len(), 1);
        assert_eq!(settings[0].level, Level::Off);
        assert_eq!(diags.len(), 1);
        assert_eq!(&text[diags[0].primary.span.range()], "unused-alow");
        assert!(diags[0].help.as_deref().unwrap_or("").contains("unused-allow"));
    }
}
