//! Renderers: flamegraph SVG, folded stacks, pprof, JSON. They only render a [`Profile`].

use crate::profile::Profile;
use clap::ValueEnum;
use std::io::Write;
use std::path::Path;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Interactive flamegraph (SVG).
    Svg,
    /// Folded stacks, one `root;...;leaf weight` line per stack.
    Folded,
    /// gzipped pprof protobuf (`.pb.gz`).
    Pprof,
    /// The profile as JSON.
    Json,
}

impl Format {
    /// The format an output path's extension implies, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".svg") {
            Some(Format::Svg)
        } else if name.ends_with(".folded") || name.ends_with(".txt") {
            Some(Format::Folded)
        } else if name.ends_with(".pb.gz") || name.ends_with(".pb") || name.ends_with(".pprof") {
            Some(Format::Pprof)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// Renders `profile` in `format` to `out`.
pub fn render(profile: &Profile, format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    let _ = (profile, out);
    anyhow::bail!("output format {format:?}: not built yet")
}
