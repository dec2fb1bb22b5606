//! `profiler heap` on a HotSpot JVM (JDK 17), run for real: the class histogram of a target
//! holding exactly 50,000 `Widget`s, and the JFR allocation flamegraph of the method that keeps
//! allocating; `--no-histogram` leaves the histogram (and its full GC) out.
//!
//! Each test says `SKIPPED: reason` and returns when java or javac are missing.

mod jvm_common;

use profiler::cli::HeapFormat;
use std::process::Command;

#[test]
fn class_histogram_and_allocation_flamegraph() {
    skip_unless_java!();
    let jvm = jvm_common::start("JvmHeap", &["50000"], None);
    let pid = jvm.pid().to_string();

    let report = profiler::heap::jvm::summary(&jvm_common::heap_args(&["--pid", &pid, "-d", "2s"])).unwrap();
    eprintln!("{:#?}", &report.types[..report.types.len().min(10)]);
    eprintln!("notes: {:?}\nunavailable: {:?}", report.notes, report.unavailable);
    assert_eq!(report.runtime, "jvm");
    assert_eq!(report.types_source.as_deref(), Some("GC.class_histogram"));
    let widget = report.types[..10]
        .iter()
        .find(|t| t.name == "Widget")
        .expect("Widget among the top 10 classes");
    assert_eq!(widget.instances, 50_000);
    assert!(report.types.iter().any(|t| t.name == "byte[]"), "[B is named byte[]");
    assert!(report.notes.iter().any(|n| n.contains("full GC")), "{:?}", report.notes);
    assert!(report.memory.is_some());
    let sites = report.sites.as_ref().expect("allocation samples");
    assert_eq!(sites.sample_type, profiler::profile::SampleType::AllocatedBytes);
    let top = report.top_sites(3);
    eprintln!("top sites: {top:?}");
    assert_eq!(top[0].site, "JvmHeap.allocateGarbage");
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("heap.svg");
    profiler::heap::write_report(&report, HeapFormat::Svg, Some(&svg), 20).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("JvmHeap.allocateGarbage"),
        "the flamegraph shows the allocating method"
    );

    // The command line: the full GC is announced before it happens; --no-histogram skips it.
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["heap", "--pid", &pid, "-d", "1s", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("forces a full GC"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "Widget" && t["instances"] == 50_000),
        "{json}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["heap", "--pid", &pid, "-d", "1s", "--no-histogram"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("forces a full GC"), "{stderr}");
    assert!(stdout.contains("skipped with --no-histogram"), "{stdout}");
    assert!(!stdout.contains("Widget"), "{stdout}");
    assert!(stdout.contains("JvmHeap.allocateGarbage"), "{stdout}");
}
