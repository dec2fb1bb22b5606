//! Every output format written to a file as `record` writes it: by extension, atomically, and
//! loadable back where the format allows.

use profiler::output::{Format, write_to_path};
use profiler::profile::{Profile, ProfileMeta, SampleType};
use profiler::sample::{Frame, Sample, ThreadInfo};
use std::io::Read;

fn profile() -> Profile {
    let meta = ProfileMeta {
        target: "pid 4242 (demo)".into(),
        start_unix_ns: 1_700_000_000_000_000_000,
        duration_ns: 3_000_000_000,
        interval_ns: 10_000_000,
        unwind: "auto".into(),
        ..ProfileMeta::default()
    };
    let mut p = Profile::new(meta, SampleType::Cpu);
    let thread = ThreadInfo {
        pid: 4242,
        tid: 4243,
        name: Some("worker".into()),
    };
    for (names, weight) in [(["main", "compute"], 210), (["main", "io_wait"], 90)] {
        p.add(Sample {
            frames: names
                .iter()
                .map(|n| Frame::native(*n, Some("/usr/bin/demo".into())))
                .collect(),
            thread: Some(thread.clone()),
            weight,
        });
    }
    p
}

#[test]
fn each_format_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let p = profile();
    for name in ["cpu.svg", "cpu.folded", "cpu.pb.gz", "cpu.json"] {
        let path = dir.path().join(name);
        let format = Format::from_path(&path).unwrap();
        write_to_path(&p, format, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        match format {
            Format::Svg => {
                let text = String::from_utf8(bytes).unwrap();
                assert!(text.contains("CPU: pid 4242 (demo), 3.0 s, 300 samples at 10 ms"));
                assert!(text.contains("compute (210 samples, 70.00%)"));
                assert!(text.trim_end().ends_with("</svg>"));
            }
            Format::Folded => assert_eq!(
                String::from_utf8(bytes).unwrap(),
                "[worker tid 4243];main;compute 210\n[worker tid 4243];main;io_wait 90\n"
            ),
            Format::Pprof => {
                assert_eq!(&bytes[..2], &[0x1f, 0x8b], "gzip magic");
                let mut raw = Vec::new();
                flate2::read::GzDecoder::new(bytes.as_slice())
                    .read_to_end(&mut raw)
                    .unwrap();
                assert!(!raw.is_empty());
            }
            Format::Json => {
                let back = Profile::from_json(std::str::from_utf8(&bytes).unwrap()).unwrap();
                assert_eq!(back.total_weight(), 300);
                assert_eq!(back.meta, p.meta);
                let mut merged = back.clone();
                merged.merge(&back).unwrap();
                assert_eq!(merged.total_weight(), 600);
                assert_eq!(merged.meta.duration_ns, 6_000_000_000);
            }
        }
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["cpu.folded", "cpu.json", "cpu.pb.gz", "cpu.svg"]);
}
