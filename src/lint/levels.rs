//! Rule levels: defaults from the catalog, then `archc.toml`, then `-D/-W/-A`.

use super::{find_rule, rule_names, RuleMeta};
use crate::diagnostic::{suggest, Severity};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "off" | "allow" => Some(Level::Off),
            "note" => Some(Level::Note),
            "warning" | "warn" => Some(Level::Warning),
            "error" | "deny" => Some(Level::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// Why a level setting was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelError {
    pub message: String,
    pub help: Option<String>,
}

/// Effective rule levels for one run.
#[derive(Clone, Debug, Default)]
pub struct LintConfig {
    overrides: BTreeMap<&'static str, Level>,
    /// `-D warnings`: every finding at level warning is reported as an error.
    pub warnings_as_errors: bool,
}

impl LintConfig {
    /// Set a rule's level; later calls win (config file first, then flags in order).
    pub fn set(&mut self, rule: &str, level: Level) -> Result<(), LevelError> {
        if rule == "warnings" && level == Level::Error {
            self.warnings_as_errors = true;
            return Ok(());
        }
        match find_rule(rule) {
            Some(r) => {
                self.overrides.insert(r.meta().name, level);
                Ok(())
            }
            None => Err(unknown_rule(rule)),
        }
    }

    pub fn level(&self, meta: &RuleMeta) -> Level {
        let level = self.overrides.get(meta.name).copied().unwrap_or(meta.default_level);
        if self.warnings_as_errors && level == Level::Warning {
            Level::Error
        } else {
            level
        }
    }

    /// The rule runs at the level the catalog gives it (nothing configured it).
    pub fn is_default(&self, meta: &RuleMeta) -> bool {
        !self.overrides.contains_key(meta.name) && (!self.warnings_as_errors || meta.default_level != Level::Warning)
    }

    pub fn severity(&self, level: Level) -> Severity {
        match level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Note | Level::Off => Severity::Note,
        }
    }
}

pub fn unknown_rule(rule: &str) -> LevelError {
    LevelError {
        message: format!("there is no rule called `{rule}`"),
        help: Some(match suggest(rule, rule_names()) {
            Some(s) => format!("did you mean `{s}`? `archc rules` lists every rule"),
            None => "`archc rules` lists every rule".to_string(),
        }),
    }
}
