//! Rule levels: an `archc.toml` (given with `--config` or found from the
//! design's directory upwards), then `-D/-W/-A` in command-line order. Every
//! subcommand that reviews a design takes them, so that `render` and
//! `estimate` exit as `check` would on the same design.

use super::inputs;
use super::output::tool_error;
use super::Outcome;
use crate::diagnostic::Diagnostic;
use crate::lint::{self, Level, LintConfig};
use crate::source::{SourceFile, SourceMap};
use clap::{ArgMatches, Args};
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Default)]
pub struct LevelArgs {
    /// Config file to use instead of searching for archc.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Make RULE an error (`-D warnings`: every warning)
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,
    /// Make RULE a warning
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,
    /// Turn RULE off
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
}

/// The levels to review with.
pub(super) struct Levels {
    pub config: LintConfig,
    /// Errors in the config file, with the source map that locates them.
    pub config_errors: Option<(SourceMap, Vec<Diagnostic>)>,
}

impl LevelArgs {
    /// The config file's levels, then the flags. `matches` are the
    /// subcommand's, for the flags' order; `search_from` is where an
    /// `archc.toml` is looked for when none is given. A flag naming no rule
    /// is a usage error (exit 2).
    pub(super) fn resolve(&self, matches: Option<&ArgMatches>, search_from: Option<&Path>) -> Result<Levels, Outcome> {
        let mut config = LintConfig::default();
        let mut config_errors = None;
        let file = match &self.config {
            Some(path) => Some(path.clone()),
            None => search_from.and_then(find_config),
        };
        if let Some(path) = file {
            let (sources, diags) = read_config(&path, &mut config)?;
            if !diags.is_empty() {
                config_errors = Some((sources, diags));
            }
        }
        let mut flags: Vec<(usize, Level, &str)> = Vec::new();
        for (id, level, values) in [
            ("deny", Level::Error, &self.deny),
            ("warn", Level::Warning, &self.warn),
            ("allow", Level::Off, &self.allow),
        ] {
            let indices: Vec<usize> = matches.and_then(|m| m.indices_of(id)).map(|i| i.collect()).unwrap_or_default();
            for (i, rule) in values.iter().enumerate() {
                flags.push((indices.get(i).copied().unwrap_or(usize::MAX), level, rule));
            }
        }
        flags.sort_by_key(|(index, ..)| *index);
        for (_, level, rule) in flags {
            if let Err(e) = config.set(rule, level) {
                let message = if lint::find_rule(rule).is_none() && crate::errors::find(rule).is_some() {
                    format!("`{rule}` is an error code, not a rule: errors cannot be configured")
                } else {
                    e.message
                };
                tool_error(&message, e.help.as_deref());
                return Err(Outcome::Failure);
            }
        }
        Ok(Levels { config, config_errors })
    }
}

/// A found config file's path is absolute; under the working directory it
/// is shown relative to it, like the design files.
fn config_display_name(path: &Path) -> String {
    let relative = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    inputs::display_path(relative.as_deref().unwrap_or(path))
}

/// The levels an `archc.toml` sets, applied to `config`; its own errors come
/// back with the source map that locates them.
fn read_config(path: &Path, config: &mut LintConfig) -> Result<(SourceMap, Vec<Diagnostic>), Outcome> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            tool_error(&format!("cannot read config file `{}`: {e}", inputs::display_path(path)), None);
            return Err(Outcome::Failure);
        }
    };
    let mut sources = SourceMap::new();
    let id = sources.add(SourceFile::new(config_display_name(path), text.clone()));
    let (settings, diags) = lint::config::parse(id, &text);
    for s in settings {
        // Names were checked by the parser.
        let _ = config.set(&s.rule, s.level);
    }
    Ok((sources, diags))
}

fn find_config(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    start.ancestors().map(|d| d.join("archc.toml")).find(|p| p.is_file())
}
