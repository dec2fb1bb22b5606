//! pprof: a gzipped `perftools.profiles.Profile` protobuf (`.pb.gz`), as `go tool pprof`,
//! Grafana Pyroscope, Parca and speedscope read it.
//!
//! - CPU profiles have two sample types, `samples/count` and `cpu/nanoseconds` (the count times
//!   the interval), `period_type` `cpu/nanoseconds` and `period` the interval. Allocation
//!   profiles have one, `inuse_space/bytes` (in use) or `alloc_space/bytes` (allocated).
//! - `time_nanos` and `duration_nanos` come from the metadata; the notes, lost samples, depth
//!   limit and unwinding method are `comment`s.
//! - One `Function` per distinct (name, file, module), with `system_name` equal to the name
//!   (frames carry demangled names only).
//! - One `Location` per distinct frame. A frame marked `inlined` belongs to the same address as
//!   its caller, so a physical frame and the frames inlined into it form one location whose
//!   `line` entries run from the innermost inlined function to the physical one, as
//!   profile.proto asks. Addresses are not kept in a profile, so `address` is 0.
//! - One `Mapping` per module (binary, library), named by its path; locations of frames without
//!   a module have no mapping.
//! - Per-thread stacks carry labels `thread` (the thread's name), `thread_id` and `pid`.

use crate::profile::{Profile, SampleType, StackWeight};
use crate::sample::Frame;
use flate2::Compression;
use flate2::write::GzEncoder;
use pprof::protos::{self, Message};
use std::collections::HashMap;
use std::io::{self, Write};

/// Writes `profile` as gzipped pprof protobuf.
pub fn write(profile: &Profile, out: &mut dyn Write) -> io::Result<()> {
    let bytes = to_proto(profile).encode_to_vec();
    let mut gz = GzEncoder::new(out, Compression::default());
    gz.write_all(&bytes)?;
    gz.finish()?;
    Ok(())
}

/// The pprof message for `profile`, before encoding.
pub fn to_proto(profile: &Profile) -> protos::Profile {
    let mut b = Builder::default();
    b.string(""); // index 0 is always the empty string
    let meta = &profile.meta;
    let interval = i64::try_from(meta.interval_ns).unwrap_or(i64::MAX);

    let (sample_type, period_type, period) = match profile.sample_type {
        SampleType::Cpu => (
            vec![b.value_type("samples", "count"), b.value_type("cpu", "nanoseconds")],
            b.value_type("cpu", "nanoseconds"),
            interval,
        ),
        SampleType::AllocBytes => (
            vec![b.value_type("inuse_space", "bytes")],
            b.value_type("space", "bytes"),
            0,
        ),
        SampleType::AllocatedBytes => (
            vec![b.value_type("alloc_space", "bytes")],
            b.value_type("space", "bytes"),
            0,
        ),
    };
    let default_sample_type = sample_type.last().map(|t| t.ty).unwrap_or(0);

    let mut stacks: Vec<&StackWeight> = profile.stacks.iter().filter(|s| s.weight > 0).collect();
    stacks.sort_by(|a, b| (&a.thread, &a.frames).cmp(&(&b.thread, &b.frames)));
    let mut samples = Vec::with_capacity(stacks.len());
    for stack in stacks {
        let mut location_id: Vec<u64> = groups(&stack.frames)
            .into_iter()
            .map(|group| b.location(group))
            .collect();
        location_id.reverse(); // pprof lists the leaf first
        let weight = i64::try_from(stack.weight).unwrap_or(i64::MAX);
        let value = match profile.sample_type {
            SampleType::Cpu => vec![weight, weight.saturating_mul(interval)],
            SampleType::AllocBytes | SampleType::AllocatedBytes => vec![weight],
        };
        let mut label = Vec::new();
        if let Some(thread) = &stack.thread {
            if let Some(name) = &thread.name {
                label.push(protos::Label {
                    key: b.string("thread"),
                    str: b.string(name),
                    ..Default::default()
                });
            }
            label.push(protos::Label {
                key: b.string("thread_id"),
                num: i64::from(thread.tid),
                ..Default::default()
            });
            label.push(protos::Label {
                key: b.string("pid"),
                num: i64::from(thread.pid),
                ..Default::default()
            });
        }
        samples.push(protos::Sample {
            location_id,
            value,
            label,
        });
    }

    let mut comments: Vec<String> = Vec::new();
    if !meta.target.trim().is_empty() {
        comments.push(format!("target: {}", meta.target.trim()));
    }
    comments.extend(super::notes(meta));
    if !meta.unwind.is_empty() {
        comments.push(format!("unwind: {}", meta.unwind));
    }
    let comment = comments.iter().map(|c| b.string(c)).collect();

    protos::Profile {
        sample_type,
        sample: samples,
        mapping: b.mappings,
        location: b.locations,
        function: b.functions,
        string_table: b.strings,
        drop_frames: 0,
        keep_frames: 0,
        time_nanos: i64::try_from(meta.start_unix_ns).unwrap_or(i64::MAX),
        duration_nanos: i64::try_from(meta.duration_ns).unwrap_or(i64::MAX),
        period_type: Some(period_type),
        period,
        comment,
        default_sample_type,
    }
}

/// Splits a root-first stack into physical frames, each followed by the frames inlined into it.
fn groups(frames: &[Frame]) -> Vec<&[Frame]> {
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 1..=frames.len() {
        if i == frames.len() || !frames[i].inlined {
            groups.push(&frames[start..i]);
            start = i;
        }
    }
    groups
}

#[derive(Default)]
struct Builder {
    strings: Vec<String>,
    string_ids: HashMap<String, i64>,
    functions: Vec<protos::Function>,
    function_ids: HashMap<(String, Option<String>, Option<String>), u64>,
    locations: Vec<protos::Location>,
    location_ids: HashMap<Vec<Frame>, u64>,
    mappings: Vec<protos::Mapping>,
    mapping_ids: HashMap<String, u64>,
}

impl Builder {
    fn string(&mut self, s: &str) -> i64 {
        if let Some(&id) = self.string_ids.get(s) {
            return id;
        }
        let id = self.strings.len() as i64;
        self.strings.push(s.to_string());
        self.string_ids.insert(s.to_string(), id);
        id
    }

    fn value_type(&mut self, ty: &str, unit: &str) -> protos::ValueType {
        protos::ValueType {
            ty: self.string(ty),
            unit: self.string(unit),
        }
    }

    fn function(&mut self, frame: &Frame) -> u64 {
        let key = (frame.function.clone(), frame.file.clone(), frame.module.clone());
        if let Some(&id) = self.function_ids.get(&key) {
            return id;
        }
        let id = self.functions.len() as u64 + 1;
        let name = self.string(&frame.function);
        let filename = self.string(frame.file.as_deref().unwrap_or(""));
        self.functions.push(protos::Function {
            id,
            name,
            system_name: name,
            filename,
            start_line: 0,
        });
        self.function_ids.insert(key, id);
        id
    }

    fn mapping(&mut self, group: &[Frame]) -> u64 {
        let Some(module) = group[0].module.as_deref() else {
            return 0;
        };
        let id = match self.mapping_ids.get(module) {
            Some(&id) => id,
            None => {
                let id = self.mappings.len() as u64 + 1;
                let filename = self.string(module);
                self.mappings.push(protos::Mapping {
                    id,
                    filename,
                    has_functions: true,
                    ..Default::default()
                });
                self.mapping_ids.insert(module.to_string(), id);
                id
            }
        };
        let mapping = &mut self.mappings[id as usize - 1];
        mapping.has_filenames |= group.iter().any(|f| f.file.is_some());
        mapping.has_line_numbers |= group.iter().any(|f| f.line.is_some());
        mapping.has_inline_frames |= group.len() > 1;
        id
    }

    fn location(&mut self, group: &[Frame]) -> u64 {
        if let Some(&id) = self.location_ids.get(group) {
            return id;
        }
        let id = self.locations.len() as u64 + 1;
        let mapping_id = self.mapping(group);
        let line = group
            .iter()
            .rev()
            .map(|frame| protos::Line {
                function_id: self.function(frame),
                line: frame.line.map(i64::from).unwrap_or(0),
            })
            .collect();
        self.locations.push(protos::Location {
            id,
            mapping_id,
            address: 0,
            line,
            is_folded: false,
        });
        self.location_ids.insert(group.to_vec(), id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileMeta;
    use crate::sample::{Sample, ThreadInfo};
    use flate2::read::GzDecoder;
    use std::collections::BTreeMap;
    use std::io::Read;
    use std::path::PathBuf;
    use std::process::{Command, Stdio};

    fn frame(name: &str, module: &str) -> Frame {
        Frame::native(name, Some(module.to_string()))
    }

    fn inlined(name: &str, module: &str, line: u32) -> Frame {
        Frame {
            file: Some("lib.rs".into()),
            line: Some(line),
            inlined: true,
            ..frame(name, module)
        }
    }

    fn cpu_profile() -> Profile {
        let meta = ProfileMeta {
            target: "pid 42 (demo)".into(),
            start_unix_ns: 1_700_000_000_000_000_000,
            duration_ns: 2_000_000_000,
            interval_ns: 10_000_000,
            lost_samples: 5,
            notes: vec!["target exited early".into()],
            unwind: "dwarf".into(),
            ..ProfileMeta::default()
        };
        let mut p = Profile::new(meta, SampleType::Cpu);
        let thread = ThreadInfo {
            pid: 42,
            tid: 43,
            name: Some("worker".into()),
        };
        p.add(Sample {
            frames: vec![
                frame("main", "/bin/demo"),
                frame("hot_a", "/bin/demo"),
                inlined("helper", "/bin/demo", 12),
            ],
            thread: Some(thread),
            weight: 70,
        });
        p.add(Sample {
            frames: vec![frame("main", "/bin/demo"), frame("memcpy", "/lib/libc.so.6")],
            thread: None,
            weight: 30,
        });
        p
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut raw = Vec::new();
        GzDecoder::new(bytes).read_to_end(&mut raw).unwrap();
        raw
    }

    #[test]
    fn inlined_frames_share_a_location() {
        let proto = to_proto(&cpu_profile());
        // main, hot_a+helper, main (again, reused), memcpy: three locations.
        assert_eq!(proto.location.len(), 3);
        let names = |loc: &protos::Location| -> Vec<String> {
            loc.line
                .iter()
                .map(|l| {
                    let f = &proto.function[l.function_id as usize - 1];
                    proto.string_table[f.name as usize].clone()
                })
                .collect()
        };
        let shared: Vec<_> = proto.location.iter().filter(|l| l.line.len() == 2).collect();
        assert_eq!(shared.len(), 1);
        assert_eq!(names(shared[0]), vec!["helper", "hot_a"]);
        assert_eq!(shared[0].line[0].line, 12);
        let demo = &proto.mapping[shared[0].mapping_id as usize - 1];
        assert_eq!(proto.string_table[demo.filename as usize], "/bin/demo");
        assert!(demo.has_inline_frames && demo.has_line_numbers);
    }

    #[test]
    fn prost_round_trip() {
        let mut out = Vec::new();
        write(&cpu_profile(), &mut out).unwrap();
        let decoded = protos::Profile::decode(gunzip(&out).as_slice()).unwrap();
        assert_eq!(decoded, to_proto(&cpu_profile()));
        assert_eq!(decoded.period, 10_000_000);
        assert_eq!(decoded.duration_nanos, 2_000_000_000);
    }

    /// A minimal reader of protobuf text format, as `protoc --decode` prints it.
    #[derive(Debug, Default)]
    struct Msg {
        fields: Vec<(String, Field)>,
    }

    #[derive(Debug)]
    enum Field {
        Scalar(String),
        Msg(Msg),
    }

    impl Msg {
        fn parse(text: &str) -> Msg {
            let mut lines = text.lines();
            let msg = Msg::parse_body(&mut lines);
            assert!(lines.next().is_none(), "unbalanced braces");
            msg
        }

        fn parse_body<'a>(lines: &mut impl Iterator<Item = &'a str>) -> Msg {
            let mut msg = Msg::default();
            while let Some(line) = lines.next() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                if line == "}" {
                    return msg;
                }
                if let Some(name) = line.strip_suffix(" {") {
                    let child = Msg::parse_body(lines);
                    msg.fields.push((name.to_string(), Field::Msg(child)));
                } else {
                    let (name, value) = line.split_once(": ").expect("name: value");
                    let value = value.trim();
                    let value = match value.strip_prefix('"') {
                        Some(quoted) => quoted.strip_suffix('"').unwrap().to_string(),
                        None => value.to_string(),
                    };
                    msg.fields.push((name.to_string(), Field::Scalar(value)));
                }
            }
            msg
        }

        fn all(&self, name: &str) -> Vec<&Field> {
            self.fields.iter().filter(|(n, _)| n == name).map(|(_, f)| f).collect()
        }

        fn msgs(&self, name: &str) -> Vec<&Msg> {
            self.all(name)
                .into_iter()
                .map(|f| match f {
                    Field::Msg(m) => m,
                    Field::Scalar(s) => panic!("{name} is a scalar: {s}"),
                })
                .collect()
        }

        fn strs(&self, name: &str) -> Vec<String> {
            self.all(name)
                .into_iter()
                .map(|f| match f {
                    Field::Scalar(s) => s.clone(),
                    Field::Msg(_) => panic!("{name} is a message"),
                })
                .collect()
        }

        fn int(&self, name: &str) -> i64 {
            // proto3 leaves zero values out of the text.
            let mut values = self.strs(name);
            if values.is_empty() && name == "type" {
                // The pprof crate's copy of profile.proto renames `type` (field 1 of
                // ValueType) to `ty`, a Rust keyword otherwise; the wire format is the same.
                values = self.strs("ty");
            }
            values.first().map_or(0, |s| s.parse().unwrap())
        }
    }

    /// profile.proto as the pprof crate ships it, found through `cargo metadata`.
    fn profile_proto() -> PathBuf {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let output = Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--offline", "--manifest-path"])
            .arg(manifest)
            .output()
            .expect("cargo metadata runs");
        assert!(
            output.status.success(),
            "cargo metadata: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let meta: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let pprof = meta["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "pprof")
            .expect("the pprof package in cargo metadata");
        let manifest_path = PathBuf::from(pprof["manifest_path"].as_str().unwrap());
        let proto = manifest_path.parent().unwrap().join("proto/profile.proto");
        assert!(proto.is_file(), "{} is missing", proto.display());
        proto
    }

    /// Decodes the file with protoc against profile.proto, a decoder that shares nothing with
    /// the encoder, and checks what pprof tools would read.
    #[test]
    fn protoc_decodes_the_profile() {
        if Command::new("protoc").arg("--version").output().is_err() {
            eprintln!(
                "SKIPPED protoc_decodes_the_profile: protoc is not installed \
                 (Debian: apt-get install protobuf-compiler; .ci/setup installs it)"
            );
            return;
        }
        let proto = profile_proto();
        let mut gz = Vec::new();
        write(&cpu_profile(), &mut gz).unwrap();
        let raw = gunzip(&gz);
        let mut child = Command::new("protoc")
            .arg("--decode=perftools.profiles.Profile")
            .arg(format!("--proto_path={}", proto.parent().unwrap().display()))
            .arg(&proto)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&raw).unwrap();
        let output = child.wait_with_output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            output.status.success(),
            "protoc: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let profile = Msg::parse(&text);

        let strings = profile.strs("string_table");
        assert_eq!(strings[0], "", "string 0 must be empty");
        let s = |m: &Msg, field: &str| strings[m.int(field) as usize].clone();

        let types: Vec<(String, String)> = profile
            .msgs("sample_type")
            .into_iter()
            .map(|t| (s(t, "type"), s(t, "unit")))
            .collect();
        assert_eq!(
            types,
            vec![
                ("samples".to_string(), "count".to_string()),
                ("cpu".to_string(), "nanoseconds".to_string())
            ]
        );
        let period_type = profile.msgs("period_type")[0];
        assert_eq!(s(period_type, "type"), "cpu");
        assert_eq!(s(period_type, "unit"), "nanoseconds");
        assert_eq!(profile.int("period"), 10_000_000);
        assert_eq!(profile.int("duration_nanos"), 2_000_000_000);
        assert_eq!(profile.int("time_nanos"), 1_700_000_000_000_000_000);

        let comments: Vec<String> = profile
            .strs("comment")
            .iter()
            .map(|i| strings[i.parse::<usize>().unwrap()].clone())
            .collect();
        assert!(comments.contains(&"target exited early".to_string()), "{comments:?}");
        assert!(comments.contains(&"5 samples lost".to_string()), "{comments:?}");

        let functions: BTreeMap<i64, String> = profile
            .msgs("function")
            .into_iter()
            .map(|f| (f.int("id"), s(f, "name")))
            .collect();
        let mappings: BTreeMap<i64, String> = profile
            .msgs("mapping")
            .into_iter()
            .map(|m| (m.int("id"), s(m, "filename")))
            .collect();
        assert_eq!(
            mappings.values().cloned().collect::<Vec<_>>(),
            vec!["/bin/demo", "/lib/libc.so.6"]
        );
        let locations: BTreeMap<i64, (String, Vec<String>)> = profile
            .msgs("location")
            .into_iter()
            .map(|l| {
                let names = l
                    .msgs("line")
                    .into_iter()
                    .map(|line| functions[&line.int("function_id")].clone())
                    .collect();
                (l.int("id"), (mappings[&l.int("mapping_id")].clone(), names))
            })
            .collect();

        // Each sample as its leaf-to-root function names, its values and its labels.
        let mut samples: Vec<(Vec<String>, Vec<i64>, Vec<String>)> = profile
            .msgs("sample")
            .into_iter()
            .map(|sample| {
                let names = sample
                    .strs("location_id")
                    .iter()
                    .flat_map(|id| locations[&id.parse::<i64>().unwrap()].1.clone())
                    .collect();
                let values = sample.strs("value").iter().map(|v| v.parse().unwrap()).collect();
                let labels = sample
                    .msgs("label")
                    .into_iter()
                    .map(|l| match l.int("str") {
                        0 => format!("{}={}", s(l, "key"), l.int("num")),
                        _ => format!("{}={}", s(l, "key"), s(l, "str")),
                    })
                    .collect();
                (names, values, labels)
            })
            .collect();
        samples.sort();
        assert_eq!(
            samples,
            vec![
                (
                    vec!["helper".into(), "hot_a".into(), "main".into()],
                    vec![70, 700_000_000],
                    vec!["thread=worker".into(), "thread_id=43".into(), "pid=42".into()]
                ),
                (vec!["memcpy".into(), "main".into()], vec![30, 300_000_000], vec![]),
            ]
        );
        assert_eq!(locations.values().filter(|(m, _)| m == "/lib/libc.so.6").count(), 1);
    }

    #[test]
    fn in_use_profiles_use_inuse_space() {
        let mut p = Profile::new(ProfileMeta::default(), SampleType::AllocBytes);
        p.add(Sample {
            frames: vec![frame("main", "/bin/demo")],
            thread: None,
            weight: 4096,
        });
        let proto = to_proto(&p);
        let st = &proto.sample_type;
        assert_eq!(st.len(), 1);
        assert_eq!(proto.string_table[st[0].ty as usize], "inuse_space");
        assert_eq!(proto.string_table[st[0].unit as usize], "bytes");
        assert_eq!(proto.sample[0].value, vec![4096]);
    }
}
