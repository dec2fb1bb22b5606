//! Baselines: the findings a team has accepted for now, so that a scan reports only new ones.
//!
//! A baseline file lists each finding as its rule, its file (relative to the repository root,
//! or to the current directory outside git) and its fingerprint, never its text: a secret's
//! fingerprint is a keyed hash, so the file holds no secret value. Matching ignores line
//! numbers (fingerprints survive lines moving), follows files git reports renamed since the
//! baseline's commit, and counts: two identical findings in one file are two entries, and a
//! third one is new.

use crate::finding::Finding;
use crate::git::Repo;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The default file name.
pub const DEFAULT_FILE: &str = ".reviewer-baseline.json";

/// The file's format version.
pub const SCHEMA_VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the repository root.
    pub path: String,
    /// The rule.
    pub rule_id: String,
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// Where it was when the baseline was made (for people; not used to match).
    #[serde(default)]
    pub line: usize,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version.
    pub schema_version: u32,
    /// The commit checked out when it was made, to follow renames since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The accepted findings, sorted.
    pub findings: Vec<Entry>,
}

/// How findings' paths are made stable: relative to the repository root when there is one.
pub struct PathKey {
    repo: Option<Repo>,
}

impl PathKey {
    /// Keys for findings reported from the current directory.
    pub fn here() -> PathKey {
        PathKey {
            repo: Repo::discover(Path::new(".")).ok(),
        }
    }

    /// The repository, if the current directory is in one.
    pub fn repo(&self) -> Option<&Repo> {
        self.repo.as_ref()
    }

    /// A finding's path as a baseline stores it.
    pub fn key(&self, display: &str) -> String {
        match &self.repo {
            Some(repo) => repo.from_display(display),
            None => crate::git::normalize(display),
        }
    }
}

impl Baseline {
    /// A baseline of `findings` (suppressed ones are left out: they need no baseline).
    pub fn from_findings(findings: &[Finding], keys: &PathKey) -> Baseline {
        let mut entries: Vec<Entry> = findings
            .iter()
            .filter(|f| f.suppression.is_none())
            .map(|f| Entry {
                path: keys.key(&f.path),
                rule_id: f.rule_id.clone(),
                fingerprint: f.fingerprint.clone(),
                line: f.span.start_line,
            })
            .collect();
        entries.sort();
        let commit = keys
            .repo()
            .filter(|r| r.has_head())
            .and_then(|r| r.resolve("HEAD").ok());
        Baseline {
            schema_version: SCHEMA_VERSION,
            commit,
            findings: entries,
        }
    }

    /// Reads a baseline file; errors name the file and say what to do.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "{}: cannot read the baseline ({e}); create one with `reviewer baseline create -o {}`",
                path.display(),
                path.display()
            )
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: not a reviewer baseline ({e}); recreate it with `reviewer baseline create`",
                path.display()
            )
        })?;
        if baseline.schema_version != SCHEMA_VERSION {
            return Err(format!(
                "{}: baseline format {} is not supported (this reviewer reads {SCHEMA_VERSION}); recreate it",
                path.display(),
                baseline.schema_version
            ));
        }
        Ok(baseline)
    }

    /// Writes the baseline as pretty JSON.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))
    }

    /// Removes from `findings` those the baseline holds, and returns how many it removed.
    /// Files renamed since the baseline's commit (as git reports them) keep their entries.
    pub fn filter(&self, findings: &mut Vec<Finding>, keys: &PathKey) -> usize {
        let renames = match (&self.commit, keys.repo()) {
            (Some(commit), Some(repo)) => repo.renames_since(commit).unwrap_or_default(),
            _ => HashMap::new(),
        };
        let mut budget: HashMap<(String, String, String), usize> = HashMap::new();
        for e in &self.findings {
            let path = renames.get(&e.path).cloned().unwrap_or_else(|| e.path.clone());
            *budget
                .entry((path, e.rule_id.clone(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        let before = findings.len();
        findings.retain(|f| {
            if f.suppression.is_some() {
                return true;
            }
            let key = (keys.key(&f.path), f.rule_id.clone(), f.fingerprint.clone());
            match budget.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - findings.len()
    }
}
