//! `reviewer`: a fast, self-hosted code reviewer for Java and Python.
//!
//! Files come from a parallel, gitignore-aware walk ([`source`]); each is classified
//! ([`lang`]), read once, parsed once with tree-sitter, and matched by every engine
//! ([`engine`]) against declarative rules ([`rules`]). Findings ([`finding`]) are suppressed
//! by inline markers ([`suppress`]), sorted, and rendered ([`report`]) as text, JSON or SARIF.
//!
//! ```
//! use reviewer::{engine::Engine, lang::FileKind, rules::RuleSet};
//! use std::time::Duration;
//!
//! let engine = Engine::new(RuleSet::builtin().unwrap(), Duration::from_secs(10)).unwrap();
//! let src = b"import subprocess\nsubprocess.run(cmd, shell=True)\n";
//! let report = engine.analyze("app.py", FileKind::Python, src);
//! assert!(report.findings.iter().any(|f| f.rule_id == "subprocess-shell-true"));
//! ```

pub mod app;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod engine;
pub mod finding;
pub mod fixture;
pub mod git;
pub mod history;
pub mod lang;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;
pub mod workflow;
