//! Renderers: flamegraph SVG, folded stacks, pprof, JSON. They only render a [`Profile`]; they
//! never sample, symbolize or aggregate.
//!
//! | format | extension | what it is |
//! |---|---|---|
//! | [`Format::Svg`] | `.svg` | interactive flamegraph ([`svg`], drawn by inferno) |
//! | [`Format::Folded`] | `.folded`, `.txt` | `root;...;leaf weight` lines ([`folded`]) |
//! | [`Format::Pprof`] | `.pb.gz`, `.pb`, `.pprof` | gzipped `perftools.profiles.Profile` ([`pprof`]) |
//! | [`Format::Json`] | `.json` | the [`Profile`] itself, versioned ([`json`]) |
//!
//! [`render`] writes to any writer; [`write_to_path`] writes a file atomically (a temporary file
//! in the same directory, renamed over the target), so a reader never sees half a profile.
//!
//! The profile's [`ProfileMeta::lost_samples`](crate::profile::ProfileMeta) and depth limit are
//! shown by the renderers themselves (SVG subtitle, pprof comments): backends need not repeat
//! them in `notes`.

pub mod folded;
pub mod json;
pub mod pprof;
pub mod svg;

use crate::profile::{Profile, ProfileMeta, SampleType};
use anyhow::Context;
use clap::ValueEnum;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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
    match format {
        Format::Svg => svg::write(profile, out).context("writing the flamegraph")?,
        Format::Folded => folded::write(profile, out).context("writing folded stacks")?,
        Format::Pprof => pprof::write(profile, out).context("writing the pprof profile")?,
        Format::Json => json::write(profile, out).context("writing the JSON profile")?,
    }
    Ok(())
}

/// Renders `profile` in `format` into the file `path`, atomically: the profile is written to a
/// temporary file beside `path`, which is then renamed over it. Errors name the path.
pub fn write_to_path(profile: &Profile, format: Format, path: &Path) -> anyhow::Result<()> {
    let temp = temp_path(path);
    let result = (|| -> anyhow::Result<()> {
        let file = fs::File::create(&temp).with_context(|| format!("cannot create {}", temp.display()))?;
        let mut out = BufWriter::new(file);
        render(profile, format, &mut out)?;
        let file = out
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", temp.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", temp.display()))?;
        fs::rename(&temp, path).with_context(|| format!("cannot rename {}", temp.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.with_context(|| format!("writing {}", path.display()))
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "profile".to_string());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// What a profile's weights are called in titles and tooltips: `samples` or `bytes`.
pub fn count_name(sample_type: SampleType) -> &'static str {
    match sample_type {
        SampleType::Cpu => "samples",
        SampleType::AllocBytes | SampleType::AllocatedBytes => "bytes",
    }
}

/// One-line title: `CPU: pid 1234 (myapp), 30.0 s, 2,987 samples at 10 ms`.
pub fn title(profile: &Profile) -> String {
    let meta = &profile.meta;
    let mut parts = Vec::new();
    let target = if meta.target.trim().is_empty() {
        "unknown target".to_string()
    } else {
        meta.target.trim().to_string()
    };
    parts.push(target);
    if meta.duration_ns > 0 {
        parts.push(human_duration(meta.duration_ns));
    }
    let total = profile.total_weight();
    match profile.sample_type {
        SampleType::Cpu => {
            let unit = if total == 1 { "sample" } else { "samples" };
            let mut count = format!("{} {unit}", thousands(total));
            if meta.interval_ns > 0 {
                count.push_str(&format!(" at {}", human_interval(meta.interval_ns)));
            }
            parts.push(count);
            format!("CPU: {}", parts.join(", "))
        }
        SampleType::AllocBytes => {
            parts.push(format!("{} bytes in use", thousands(total)));
            format!("Heap: {}", parts.join(", "))
        }
        SampleType::AllocatedBytes => {
            parts.push(format!("{} bytes allocated", thousands(total)));
            format!("Allocations: {}", parts.join(", "))
        }
    }
}

/// The notes a reader should see beside the profile: the backend's notes, then lost samples
/// and the depth limit, which renderers derive from the metadata.
pub fn notes(meta: &ProfileMeta) -> Vec<String> {
    let mut notes: Vec<String> = meta
        .notes
        .iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if meta.lost_samples > 0 {
        let unit = if meta.lost_samples == 1 { "sample" } else { "samples" };
        notes.push(format!("{} {unit} lost", thousands(meta.lost_samples)));
    }
    if let Some(depth) = meta.max_depth {
        notes.push(format!("stacks cut to {depth} frames from the root"));
    }
    notes
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A recording's length: `30.0 s`, `2.5 s`, `450 ms`.
pub fn human_duration(ns: u64) -> String {
    if ns >= 1_000_000_000 {
        format!("{:.1} s", ns as f64 / 1e9)
    } else if ns >= 1_000_000 {
        format!("{} ms", ns / 1_000_000)
    } else {
        human_interval(ns)
    }
}

/// A sampling interval: `10 ms`, `1 s`, `500 µs`, `1.5 ms`, `250 ns`.
pub fn human_interval(ns: u64) -> String {
    let (value, unit) = if ns >= 1_000_000_000 {
        (ns as f64 / 1e9, "s")
    } else if ns >= 1_000_000 {
        (ns as f64 / 1e6, "ms")
    } else if ns >= 1_000 {
        (ns as f64 / 1e3, "µs")
    } else {
        (ns as f64, "ns")
    };
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{Frame, Sample};

    #[test]
    fn numbers_and_durations() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2987), "2,987");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(human_interval(10_000_000), "10 ms");
        assert_eq!(human_interval(1_500_000), "1.5 ms");
        assert_eq!(human_interval(500_000), "500 µs");
        assert_eq!(human_interval(1_000_000_000), "1 s");
        assert_eq!(human_interval(250), "250 ns");
        assert_eq!(human_duration(30_000_000_000), "30.0 s");
        assert_eq!(human_duration(450_000_000), "450 ms");
    }

    #[test]
    fn title_and_notes() {
        let meta = ProfileMeta {
            target: "pid 1234 (myapp)".into(),
            duration_ns: 30_000_000_000,
            interval_ns: 10_000_000,
            lost_samples: 3,
            max_depth: Some(32),
            notes: vec!["target exited after 12.0 s".into()],
            ..ProfileMeta::default()
        };
        let mut p = Profile::new(meta, SampleType::Cpu);
        p.add(Sample {
            frames: vec![Frame::native("main", None)],
            thread: None,
            weight: 2987,
        });
        assert_eq!(title(&p), "CPU: pid 1234 (myapp), 30.0 s, 2,987 samples at 10 ms");
        assert_eq!(
            notes(&p.meta),
            vec![
                "target exited after 12.0 s",
                "3 samples lost",
                "stacks cut to 32 frames from the root"
            ]
        );
        p.sample_type = SampleType::AllocBytes;
        assert_eq!(title(&p), "Heap: pid 1234 (myapp), 30.0 s, 2,987 bytes in use");
    }

    #[test]
    fn format_from_path() {
        assert_eq!(Format::from_path(Path::new("a/cpu.pb.gz")), Some(Format::Pprof));
        assert_eq!(Format::from_path(Path::new("cpu.SVG")), Some(Format::Svg));
        assert_eq!(Format::from_path(Path::new("cpu.folded")), Some(Format::Folded));
        assert_eq!(Format::from_path(Path::new("cpu.json")), Some(Format::Json));
        assert_eq!(Format::from_path(Path::new("cpu.bin")), None);
    }

    #[test]
    fn write_to_path_is_atomic_and_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Profile::new(ProfileMeta::default(), SampleType::Cpu);
        p.add(Sample {
            frames: vec![Frame::native("main", None)],
            thread: None,
            weight: 1,
        });
        let path = dir.path().join("cpu.folded");
        std::fs::write(&path, "old contents\n").unwrap();
        write_to_path(&p, Format::Folded, &path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "main 1\n");
        // Only the profile is left: no temporary file.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("cpu.folded")]);

        let missing = dir.path().join("no-such-dir").join("cpu.svg");
        let err = format!("{:#}", write_to_path(&p, Format::Svg, &missing).unwrap_err());
        assert!(err.contains(&missing.display().to_string()), "{err}");
    }
}
