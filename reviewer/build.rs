//! Embeds every rule file of the workspace's `rules/` directory, with its fixture, into the
//! binary, so that `reviewer` is self-contained.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let rules_dir = manifest.join("..").join("rules");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    let mut files = Vec::new();
    collect(&rules_dir, &mut files);
    let mut code = String::from("/// Every bundled rule file and fixture: (path under rules/, contents).\n");
    code.push_str("pub static EMBEDDED: &[(&str, &str)] = &[\n");
    for path in &files {
        // Directories are watched too, so that added files trigger a rebuild.
        if let Some(parent) = path.parent() {
            println!("cargo:rerun-if-changed={}", parent.display());
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&rules_dir).expect("under rules/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let abs = path.canonicalize().expect("rule file exists");
        writeln!(code, "    ({:?}, include_str!({:?})),", rel, abs.to_string_lossy()).expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("embedded_rules.rs");
    std::fs::write(out, code).expect("write embedded_rules.rs");
}
