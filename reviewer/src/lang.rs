//! What kind of file a path holds: Java, Python, configuration, documentation or other.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of a file, which decides the engines that look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// Java source.
    Java,
    /// Python source (by extension or shebang).
    Python,
    /// Configuration: YAML, properties, XML, JSON, INI, .env, TOML, build files.
    Config,
    /// Documentation: Markdown, reStructuredText, plain text.
    Doc,
    /// Any other text file.
    Other,
}

impl FileKind {
    /// The lowercase name used in rules (`languages = [...]`).
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Java => "java",
            FileKind::Python => "python",
            FileKind::Config => "config",
            FileKind::Doc => "doc",
            FileKind::Other => "other",
        }
    }

    /// Whether files of this kind are parsed into a syntax tree.
    pub fn is_code(self) -> bool {
        matches!(self, FileKind::Java | FileKind::Python)
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const CONFIG_EXTENSIONS: &[&str] = &[
    "yaml",
    "yml",
    "properties",
    "xml",
    "json",
    "ini",
    "cfg",
    "conf",
    "cnf",
    "env",
    "toml",
    "gradle",
    "kts",
    "pom",
    "tf",
    "tfvars",
    "hcl",
    "sh",
    "bash",
    "zsh",
    "ps1",
    "config",
    "plist",
    "npmrc",
    "pypirc",
    "netrc",
];

const CONFIG_NAMES: &[&str] = &[
    "dockerfile",
    "containerfile",
    "makefile",
    "jenkinsfile",
    "vagrantfile",
    "procfile",
    ".env",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".pgpass",
    ".git-credentials",
    ".dockercfg",
    ".bashrc",
    ".bash_profile",
    ".profile",
    ".zshrc",
    ".htpasswd",
    "gradle.properties",
    "pom.xml",
];

const DOC_EXTENSIONS: &[&str] = &["md", "markdown", "rst", "txt", "adoc", "asciidoc", "textile"];

/// Classifies a file by its name and, for extension-less files, its first line.
pub fn classify(path: &str, head: &[u8]) -> FileKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "java" => return FileKind::Java,
        "py" | "pyw" | "pyi" => return FileKind::Python,
        _ => {}
    }
    if CONFIG_NAMES.contains(&lower.as_str())
        || lower.starts_with(".env.")
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".env")
        || CONFIG_EXTENSIONS.contains(&ext)
    {
        return FileKind::Config;
    }
    if DOC_EXTENSIONS.contains(&ext) || lower == "readme" || lower == "changelog" {
        return FileKind::Doc;
    }
    if let Some(rest) = head.strip_prefix(b"#!") {
        let line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
        let line = String::from_utf8_lossy(line);
        if line.contains("python") {
            return FileKind::Python;
        }
        if ["sh", "bash", "zsh", "ksh", "dash"]
            .iter()
            .any(|s| line.trim_end().ends_with(&format!("/{s}")) || line.contains(&format!("env {s}")))
        {
            return FileKind::Config;
        }
    }
    FileKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_extension_name_and_shebang() {
        assert_eq!(classify("src/A.java", b""), FileKind::Java);
        assert_eq!(classify("a/b.py", b""), FileKind::Python);
        assert_eq!(
            classify("bin/tool", b"#!/usr/bin/env python3\nprint(1)"),
            FileKind::Python
        );
        assert_eq!(classify("bin/run", b"#!/bin/bash\necho"), FileKind::Config);
        assert_eq!(classify(".env", b""), FileKind::Config);
        assert_eq!(classify(".env.production", b""), FileKind::Config);
        assert_eq!(classify("Dockerfile", b""), FileKind::Config);
        assert_eq!(classify("app/application.yml", b""), FileKind::Config);
        assert_eq!(classify("README.md", b""), FileKind::Doc);
        assert_eq!(classify("notes", b"hello"), FileKind::Other);
    }
}
