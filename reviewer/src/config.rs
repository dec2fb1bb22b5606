//! `.reviewer.toml`: excludes, rules on or off, severity overrides, extra rule directories.
//! Unknown keys are errors.

use crate::finding::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The configuration file's name at the root of a scanned tree.
pub const FILE_NAME: &str = ".reviewer.toml";

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Paths to skip: gitignore-like globs relative to the scanned root.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The lowest severity that fails the run (overridden by `--fail-on`).
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Rule selection.
    #[serde(default)]
    pub rules: RulesConfig,
    /// Secret findings.
    #[serde(default)]
    pub secrets: SecretsConfig,
}

/// The `[secrets]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsConfig {
    /// Secret findings in these path contexts (`test`, `example`, `docs`) are not reported.
    /// By default they are reported, tagged with their context and a lower confidence.
    #[serde(default)]
    pub skip_contexts: Vec<crate::finding::PathContext>,
}

/// The `[rules]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    /// When not empty, only these rule ids (or categories) run.
    #[serde(default)]
    pub enable: Vec<String>,
    /// These rule ids (or categories) do not run.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Severity overrides by rule id.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Directories of extra rules, relative to the configuration file.
    #[serde(default)]
    pub dirs: Vec<PathBuf>,
}

/// A configuration that could not be read: the file and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    /// The configuration file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Config {
    /// Reads and parses a configuration file; relative rule directories are resolved
    /// against its folder.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: name.clone(),
            message: format!("cannot read: {e}"),
        })?;
        let mut cfg: Config = toml::from_str(&text).map_err(|e| ConfigError {
            path: name.clone(),
            message: e.to_string().trim_end().replace('\n', "\n    "),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        for d in &mut cfg.rules.dirs {
            if d.is_relative() {
                *d = base.join(&*d);
            }
        }
        Ok(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, "exclude = [\"vendor\"]\n[rules]\ndisabled = [\"x\"]\n").unwrap();
        let err = Config::load(&p).unwrap_err();
        assert!(err.message.contains("disabled"), "{}", err.message);
        std::fs::write(
            &p,
            "exclude = [\"vendor\"]\n[rules]\ndisable = [\"x\"]\nseverity = { y = \"low\" }\n",
        )
        .unwrap();
        let cfg = Config::load(&p).unwrap();
        assert_eq!(cfg.rules.disable, vec!["x"]);
        assert_eq!(cfg.rules.severity["y"], Severity::Low);
    }
}
