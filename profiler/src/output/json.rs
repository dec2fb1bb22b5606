//! JSON: the [`Profile`] itself, with a `schema_version`, so that another tool (or a later
//! profiling service) can load, merge and compare it ([`Profile::from_json`]).
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "meta": { "target": "pid 1234 (myapp)", "start_unix_ns": 1700000000000000000,
//!             "duration_ns": 30000000000, "interval_ns": 10000000, "lost_samples": 0,
//!             "unwind": "auto", "notes": ["..."], "extra": { "memory": { ... } } },
//!   "sample_type": "cpu",
//!   "stacks": [
//!     { "frames": [ { "function": "main", "module": "/usr/bin/myapp", "kind": "native" } ],
//!       "thread": { "pid": 1234, "tid": 1235, "name": "worker" },
//!       "weight": 42 }
//!   ]
//! }
//! ```
//!
//! Frames run from the root (index 0) to the leaf. `sample_type` is `cpu` (weights are samples
//! of `interval_ns` CPU time) or `alloc-bytes` (weights are bytes). Stacks are sorted by thread,
//! then frames, and object keys keep a fixed order, so one profile always gives the same text.
//! Fields added later get defaults when missing; a document with a newer major
//! `schema_version` is refused rather than misread.

use crate::profile::{Profile, ProfileError, ProfileMeta, SampleType, StackWeight};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// The version of the JSON layout written by [`write()`].
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct DocumentOut<'a> {
    schema_version: u32,
    meta: &'a ProfileMeta,
    sample_type: SampleType,
    stacks: Vec<&'a StackWeight>,
}

#[derive(Deserialize)]
struct DocumentIn {
    schema_version: u32,
    meta: ProfileMeta,
    sample_type: SampleType,
    #[serde(default)]
    stacks: Vec<StackWeight>,
}

/// Writes `profile` as pretty-printed JSON, with a final newline.
pub fn write(profile: &Profile, out: &mut dyn Write) -> io::Result<()> {
    let mut stacks: Vec<&StackWeight> = profile.stacks.iter().collect();
    stacks.sort_by(|a, b| (&a.thread, &a.frames).cmp(&(&b.thread, &b.frames)));
    let document = DocumentOut {
        schema_version: SCHEMA_VERSION,
        meta: &profile.meta,
        sample_type: profile.sample_type,
        stacks,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}

/// Reads a profile written by [`write()`]. Stacks that appear twice are summed.
pub fn parse(text: &str) -> Result<Profile, ProfileError> {
    let document: DocumentIn = serde_json::from_str(text).map_err(ProfileError::Json)?;
    if document.schema_version == 0 || document.schema_version > SCHEMA_VERSION {
        return Err(ProfileError::UnsupportedSchema {
            found: document.schema_version,
            supported: SCHEMA_VERSION,
        });
    }
    let mut profile = Profile::new(document.meta, document.sample_type);
    for stack in document.stacks {
        profile.add_stack(stack);
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{Frame, FrameKind, Sample, ThreadInfo};

    fn profile() -> Profile {
        let mut meta = ProfileMeta {
            target: "pid 9 (app)".into(),
            start_unix_ns: 1_700_000_000_123_456_789,
            duration_ns: 5_000_000_000,
            interval_ns: 10_000_000,
            lost_samples: 1,
            max_depth: Some(16),
            unwind: "auto".into(),
            notes: vec!["target exited early".into()],
            ..ProfileMeta::default()
        };
        meta.extra
            .insert("memory".into(), serde_json::json!({"rss": {"min": 1, "max": 3}}));
        let mut p = Profile::new(meta, SampleType::Cpu);
        let mut leaf = Frame::native("leaf", Some("/bin/app".into()));
        leaf.file = Some("app.c".into());
        leaf.line = Some(3);
        leaf.inlined = true;
        p.add(Sample {
            frames: vec![Frame::native("main", Some("/bin/app".into())), leaf],
            thread: Some(ThreadInfo {
                pid: 9,
                tid: 10,
                name: Some("w".into()),
            }),
            weight: 7,
        });
        p.add(Sample {
            frames: vec![
                Frame::truncated(),
                Frame {
                    kind: FrameKind::Kernel,
                    ..Frame::native("schedule", None)
                },
            ],
            thread: None,
            weight: 2,
        });
        p
    }

    fn to_text(p: &Profile) -> String {
        let mut out = Vec::new();
        write(p, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn round_trip() {
        let p = profile();
        let text = to_text(&p);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["schema_version"], 1);
        assert_eq!(value["sample_type"], "cpu");
        assert_eq!(value["meta"]["interval_ns"], 10_000_000);
        // Sorted: the stack without a thread first.
        assert_eq!(value["stacks"][0]["frames"][0]["function"], "[truncated]");
        assert_eq!(value["stacks"][0]["frames"][1]["kind"], "kernel");
        assert_eq!(value["stacks"][1]["thread"]["tid"], 10);
        assert_eq!(value["stacks"][1]["frames"][1]["inlined"], true);

        let back = Profile::from_json(&text).unwrap();
        assert_eq!(back.meta, p.meta);
        assert_eq!(back.sample_type, p.sample_type);
        let mut a = back.stacks.clone();
        let mut b = p.stacks.clone();
        a.sort_by(|x, y| x.frames.cmp(&y.frames));
        b.sort_by(|x, y| x.frames.cmp(&y.frames));
        assert_eq!(a, b);
        // Writing the loaded profile again gives the same bytes.
        assert_eq!(to_text(&back), text);
    }

    #[test]
    fn refuses_newer_schema_and_bad_json() {
        let text = to_text(&profile()).replace("\"schema_version\": 1", "\"schema_version\": 2");
        let err = Profile::from_json(&text).unwrap_err();
        assert!(err.to_string().contains("schema_version 2"), "{err}");
        assert!(Profile::from_json("{\"meta\": 1}").is_err());
    }

    #[test]
    fn duplicate_stacks_are_summed_on_load() {
        let text = r#"{"schema_version":1,"meta":{"target":"t","start_unix_ns":0,
            "duration_ns":0,"interval_ns":1,"lost_samples":0},"sample_type":"alloc-bytes",
            "stacks":[{"frames":[{"function":"f","kind":"native"}],"weight":2},
                      {"frames":[{"function":"f","kind":"native"}],"weight":3}]}"#;
        let p = Profile::from_json(text).unwrap();
        assert_eq!(p.sample_type, SampleType::AllocBytes);
        assert_eq!(p.stacks.len(), 1);
        assert_eq!(p.total_weight(), 5);
    }
}
