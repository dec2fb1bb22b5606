//! Python frames as the profiler shows them: `module:function (file:line)`.
//!
//! The module is named from the file, as CPython's import system would name it: the path
//! below the outermost directory without an `__init__.py` (so `/usr/lib/python3.11/json/
//! decoder.py` is `json.decoder` and `/srv/app/main.py` is `main`). This is py-spy's rule for
//! its short file names, and it needs no code running in the target.

use crate::sample::{Frame, FrameKind};
use std::collections::HashMap;
use std::path::Path;

/// The short file name (below the outermost package directory) and the module name of a
/// Python source file. Names in angle brackets (`<frozen importlib._bootstrap>`,
/// `<string>`) are kept as they are, with the module taken from inside the brackets.
pub fn short_file_and_module(filename: &str) -> (String, String) {
    if let Some(inner) = filename.strip_prefix('<').and_then(|f| f.strip_suffix('>')) {
        let module = inner.rsplit(' ').next().unwrap_or(inner).to_string();
        return (filename.to_string(), module);
    }
    let path = Path::new(filename);
    let mut top = path;
    while let Some(parent) = top.parent() {
        top = parent;
        if parent.as_os_str().is_empty() || !parent.join("__init__.py").exists() {
            break;
        }
    }
    let short = path
        .strip_prefix(top)
        .ok()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| filename.to_string());
    (short.clone(), module_of_short_file(&short))
}

/// `json/decoder.py` -> `json.decoder`; `pkg/__init__.py` -> `pkg`.
pub fn module_of_short_file(short: &str) -> String {
    let stem = short
        .strip_suffix(".py")
        .or_else(|| short.strip_suffix(".pyw"))
        .or_else(|| short.strip_suffix(".pyc"))
        .unwrap_or(short);
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    stem.trim_start_matches('/').replace('/', ".")
}

/// Builds [`Frame`]s from file names, function names and lines, remembering each file's
/// module so that the file system is looked at once per file.
#[derive(Debug, Default)]
pub struct FrameNamer {
    files: HashMap<String, (String, String)>,
}

impl FrameNamer {
    /// A Python frame `module:function (short_file:line)`. A line of 0 or less is left out.
    pub fn frame(&mut self, filename: &str, function: &str, line: i64) -> Frame {
        self.frame_with_short(filename, None, function, line)
    }

    /// [`FrameNamer::frame`], with the short file name when the reader already knows it
    /// (py-spy finds it through `/proc/PID/root` for a process in a container).
    pub fn frame_with_short(&mut self, filename: &str, short: Option<&str>, function: &str, line: i64) -> Frame {
        let (short, module) = self
            .files
            .entry(filename.to_string())
            .or_insert_with(|| match short {
                Some(short) if !short.is_empty() && !filename.starts_with('<') => {
                    (short.to_string(), module_of_short_file(short))
                }
                _ => short_file_and_module(filename),
            })
            .clone();
        Frame {
            function: format!("{module}:{function}"),
            module: Some(module),
            file: Some(short),
            line: (line > 0).then_some(line as u32),
            kind: FrameKind::Python,
            inlined: false,
        }
    }

    /// A native frame merged into a Python stack by `--native` (py-spy names the library in
    /// `module`, and gives a line of 0 when it has none).
    pub fn native_frame(function: &str, library: Option<&str>, filename: &str, line: i64) -> Frame {
        let library = library.map(|l| l.rsplit('/').next().unwrap_or(l).to_string());
        Frame {
            function: function.to_string(),
            module: library,
            file: (line > 0 && !filename.is_empty()).then(|| filename.to_string()),
            line: (line > 0).then_some(line as u32),
            kind: FrameKind::Native,
            inlined: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_from_files() {
        assert_eq!(module_of_short_file("json/decoder.py"), "json.decoder");
        assert_eq!(module_of_short_file("pkg/__init__.py"), "pkg");
        assert_eq!(module_of_short_file("app.py"), "app");
        assert_eq!(
            short_file_and_module("<frozen importlib._bootstrap>"),
            (
                "<frozen importlib._bootstrap>".to_string(),
                "importlib._bootstrap".to_string()
            )
        );
        assert_eq!(short_file_and_module("<string>").1, "string");
    }

    #[test]
    fn packages_are_found_by_their_init_files() {
        let dir = std::env::temp_dir().join(format!("profiler-frames-{}", std::process::id()));
        let pkg = dir.join("top/pkg/sub");
        std::fs::create_dir_all(&pkg).unwrap();
        for d in ["top/pkg", "top/pkg/sub"] {
            std::fs::write(dir.join(d).join("__init__.py"), "").unwrap();
        }
        let file = pkg.join("mod.py");
        let (short, module) = short_file_and_module(file.to_str().unwrap());
        assert_eq!(short, "pkg/sub/mod.py");
        assert_eq!(module, "pkg.sub.mod");
        let script = dir.join("top/app.py");
        assert_eq!(short_file_and_module(script.to_str().unwrap()).1, "app");
        std::fs::remove_dir_all(&dir).unwrap();
        let mut namer = FrameNamer::default();
        let f = namer.frame("/nonexistent/dir/app.py", "main", 12);
        assert_eq!(f.display_name(), "app:main (app.py:12)");
        assert_eq!(namer.frame("app.py", "<module>", 0).line, None);
        let frozen = "<frozen importlib._bootstrap>";
        let f = namer.frame_with_short(frozen, Some(frozen), "_find_and_load", 1176);
        assert_eq!(f.function, "importlib._bootstrap:_find_and_load");
    }
}
