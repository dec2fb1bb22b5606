//! Native heap profiling (`record --heap`) on C and C++ targets compiled here: known bytes kept
//! at known sites, freed churn, threads, every allocation call, C++ `new`, fork, a target
//! killed with SIGKILL; and `profiler heap --pid` on a running native process.
//!
//! Tolerances. With sampling every I bytes on average, a block of s bytes is sampled with
//! probability p = 1 - exp(-s/I) and counts s/p. For N blocks the estimate is unbiased with a
//! relative standard deviation of sqrt((1 - p) / (N p)), about 1/sqrt(expected samples). The
//! tests choose N, s and I so that the tolerance is at least 5 standard deviations (a failure
//! by chance about once in 2 million runs), and use I = 1 (every allocation) where exact
//! numbers are wanted. Blocks that are all freed must count exactly 0: a free is never
//! sampled, it is always reported.
//!
//! Each test returns early, saying why, when perf events or gcc are not available.

mod common;

use profiler::backend::native::ExitStatus;
use profiler::heap::native::HeapOptions;
use profiler::heap::report::HeapReport;
use profiler::profile::SampleType;
use profiler::record::{self, Outcome};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn heap_bin() -> String {
    common::compile("heap", &["-O2", "-g"]).to_str().unwrap().to_string()
}

fn record_heap(argv: &[&str], interval: u64) -> (Outcome, HeapReport) {
    let args = common::record_args(argv);
    let opts = HeapOptions {
        interval,
        follow: args.subprocesses,
    };
    let mut outcome = record::record_native_with(&args, Some(&opts)).unwrap();
    let heap = outcome.heap.take().expect("a heap report");
    let mut table = Vec::new();
    heap.write_table(10, &mut table).unwrap();
    eprintln!("{}", String::from_utf8_lossy(&table));
    if let Some(sites) = &heap.sites {
        common::dump(sites);
    }
    (outcome, heap)
}

/// Bytes in use whose allocation site (the leaf frame) is `site`.
fn at_site(heap: &HeapReport, site: &str) -> u64 {
    common::weight_where(heap.sites.as_ref().unwrap(), |f| f.last() == Some(&site))
}

/// Relative standard deviation of the estimate for `n` blocks of `size` bytes at `interval`.
fn rel_sd(n: u64, size: u64, interval: u64) -> f64 {
    let p = -(-(size as f64) / interval as f64).exp_m1();
    ((1.0 - p) / (n as f64 * p)).sqrt()
}

/// `got` within `tolerance` (relative) of `want`, and the tolerance at least 5 standard
/// deviations.
fn assert_near(what: &str, got: u64, want: u64, tolerance: f64, sd: f64) {
    assert!(
        tolerance >= 5.0 * sd,
        "{what}: tolerance {tolerance} is under 5 sd ({sd})"
    );
    let ratio = got as f64 / want as f64;
    eprintln!("{what}: {got} of {want} expected ({ratio:.3}; sd {sd:.3})");
    assert!(
        (ratio - 1.0).abs() <= tolerance,
        "{what}: {got} bytes, expected {want} +- {:.0}%",
        tolerance * 100.0
    );
}

#[test]
fn keep_widgets_is_the_top_site_and_churn_is_freed() {
    skip_unless_supported!();
    let bin = heap_bin();
    // 100,000 blocks of 1 KiB and their pointers kept (98.4 MiB); 200 MiB allocated and freed
    // in churn.
    let (outcome, heap) = record_heap(&["--", &bin, "widgets", "100000", "1024", "200"], 64 << 10);
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    assert_eq!(heap.runtime, "native");
    assert!(
        heap.sites_source
            .as_deref()
            .unwrap()
            .starts_with("LD_PRELOAD malloc sampling every 64 KiB")
    );
    let sites = heap.sites.as_ref().unwrap();
    assert_eq!(sites.sample_type, SampleType::AllocBytes);
    let top = heap.top_sites(3);
    assert_eq!(top[0].site, "keep_widgets", "{top:?}");
    let kept = at_site(&heap, "keep_widgets");
    assert_near(
        "keep_widgets",
        kept,
        100_000 * (1024 + 8),
        0.15,
        rel_sd(100_000, 1024, 64 << 10),
    );
    // Whole stacks, from main, without the allocator.
    let whole = common::weight_where(sites, |f| f == ["main", "keep_widgets"]);
    assert_eq!(whole, kept);
    assert_eq!(at_site(&heap, "churn"), 0, "churn frees everything it allocates");
    // The process's memory, read at exit, holds the widgets.
    let memory = heap.memory.expect("memory totals");
    assert!(
        memory.rss >= 100_000 * 1024 && memory.anonymous >= 100_000 * 1024,
        "{memory:?}"
    );
    assert!(heap.notes.iter().any(|n| n.contains("estimates")), "{:?}", heap.notes);
    assert!(heap.notes.iter().any(|n| n.contains("peak in use")), "{:?}", heap.notes);
    assert!(heap.unavailable.is_empty(), "{:?}", heap.unavailable);
}

#[test]
fn threads_keep_their_blocks_and_frees_from_other_threads_count() {
    skip_unless_supported!();
    let bin = heap_bin();
    // 4 threads keep 20,000 blocks of 1 KiB each, and free 20,000 blocks another thread
    // allocated (make_handoff).
    let (outcome, heap) = record_heap(&["--", &bin, "threads", "4", "20000", "1024"], 64 << 10);
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    let kept = at_site(&heap, "thread_keep");
    assert_near(
        "thread_keep",
        kept,
        4 * 20_000 * (1024 + 8),
        0.15,
        rel_sd(80_000, 1024, 64 << 10),
    );
    assert_eq!(
        at_site(&heap, "make_handoff"),
        0,
        "handed-off blocks were freed by another thread"
    );
    assert_eq!(at_site(&heap, "churn"), 0);
    assert_eq!(heap.top_sites(1)[0].site, "thread_keep");
}

#[test]
fn every_allocation_call_counts_exactly_when_every_allocation_is_sampled() {
    skip_unless_supported!();
    let bin = heap_bin();
    let (outcome, heap) = record_heap(&["--", &bin, "apis"], 1);
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    for (site, bytes) in [
        ("via_calloc", 100_000),
        ("via_realloc", 300_000),
        ("via_reallocarray", 70_000),
        ("via_posix_memalign", 409_600),
        ("via_aligned_alloc", 204_800),
        ("via_memalign", 150_000),
        ("via_valloc", 500_000),
        ("freed_everything", 0),
        ("shrink_to_zero", 0),
    ] {
        assert_eq!(at_site(&heap, site), bytes, "{site}");
    }
    assert!(heap.notes.iter().any(|n| n.contains("exact")), "{:?}", heap.notes);
}

#[test]
fn cpp_new_instances_of_one_class() {
    skip_unless_supported!();
    if !common::have("g++") {
        eprintln!("SKIPPED: g++ is not installed");
        return;
    }
    let bin = common::compile_with("g++", "heap.cpp", &["-O2", "-g"]);
    // 100,000 shop::Widget of 256 bytes made with new (25.6 MB).
    let (outcome, heap) = record_heap(&["--", bin.to_str().unwrap(), "100000"], 16 << 10);
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    let top = heap.top_sites(3);
    assert_eq!(top[0].site, "shop::make_widgets(long)", "{top:?}");
    let kept = at_site(&heap, "shop::make_widgets(long)");
    assert_near(
        "make_widgets",
        kept,
        100_000 * 256,
        0.15,
        rel_sd(100_000, 256, 16 << 10),
    );
    // operator new is the allocator, not the site; the strings and vectors were all freed.
    let sites = heap.sites.as_ref().unwrap();
    assert!(
        sites
            .stacks
            .iter()
            .all(|s| !s.frames.last().unwrap().function.starts_with("operator new")),
        "operator new at a leaf"
    );
    let scratch = common::weight_where(sites, |f| f.contains(&"shop::scratch_strings(long)"));
    assert_eq!(scratch, 0);
}

#[test]
fn a_target_killed_with_sigkill_still_gives_its_heap() {
    skip_unless_supported!();
    let bin = heap_bin();
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pid");
    let killer = {
        let pidfile = pidfile.clone();
        std::thread::spawn(move || {
            let began = Instant::now();
            let pid = loop {
                if let Some(pid) = std::fs::read_to_string(&pidfile).ok().filter(|s| s.ends_with('\n')) {
                    break pid.trim().to_string();
                }
                assert!(began.elapsed() < Duration::from_secs(20), "the target never started");
                std::thread::sleep(Duration::from_millis(10));
            };
            // Long enough for a memory reading while it runs.
            std::thread::sleep(Duration::from_millis(400));
            let status = Command::new("kill").args(["-KILL", &pid]).status().unwrap();
            assert!(status.success());
        })
    };
    // 40,000 blocks of 1 KiB kept, then the target waits to be killed.
    let (outcome, heap) = record_heap(
        &["--", &bin, "hang", "40000", "1024", pidfile.to_str().unwrap()],
        64 << 10,
    );
    killer.join().unwrap();
    assert_eq!(outcome.exit, Some(ExitStatus::Signal(9)));
    assert_eq!(heap.top_sites(1)[0].site, "keep_widgets");
    let kept = at_site(&heap, "keep_widgets");
    assert_near(
        "keep_widgets",
        kept,
        40_000 * (1024 + 8),
        0.25,
        rel_sd(40_000, 1024, 64 << 10),
    );
    let memory = heap.memory.expect("the last memory reading before the kill");
    assert!(memory.rss >= 40_000 * 1024, "{memory:?}");
    assert!(
        heap.notes.iter().any(|n| n.contains("killed by signal 9")),
        "{:?}",
        heap.notes
    );
}

#[test]
fn a_forked_child_does_not_mix_into_the_parent_and_is_followed_on_request() {
    skip_unless_supported!();
    let bin = heap_bin();
    // The parent keeps 40,000 blocks of 1 KiB; its forked child keeps 160,000 and churns.
    let (outcome, heap) = record_heap(&["--", &bin, "fork", "40000", "1024"], 64 << 10);
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    let parent = at_site(&heap, "keep_widgets");
    assert_near(
        "parent",
        parent,
        40_000 * (1024 + 8),
        0.25,
        rel_sd(40_000, 1024, 64 << 10),
    );
    let sites = heap.sites.as_ref().unwrap();
    assert_eq!(common::weight_where(sites, |f| f.contains(&"child_keep")), 0);
    assert_eq!(common::weight_where(sites, |f| f.contains(&"parent_keep")), parent);

    // With --subprocesses the child reports too, under its own pid.
    let (_, heap) = record_heap(&["--subprocesses", "--", &bin, "fork", "40000", "1024"], 64 << 10);
    let sites = heap.sites.as_ref().unwrap();
    let child = common::weight_where(sites, |f| f.contains(&"child_keep"));
    assert_near(
        "child",
        child,
        160_000 * (1024 + 8),
        0.15,
        rel_sd(160_000, 1024, 64 << 10),
    );
    let parent = common::weight_where(sites, |f| f.contains(&"parent_keep"));
    assert_near(
        "parent",
        parent,
        40_000 * (1024 + 8),
        0.25,
        rel_sd(40_000, 1024, 64 << 10),
    );
    assert!(sites.stacks.iter().all(|s| s.frames[0].function.starts_with("pid ")));
}

fn profiler(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_says_what_it_preloads_and_writes_the_heap_profile() {
    skip_unless_supported!();
    let bin = heap_bin();
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    // The default interval (512 KiB): 100,000 blocks of 1 KiB are about 195 samples, a
    // standard deviation of 7%.
    let (code, _, err) = profiler(&[
        "record",
        "--heap",
        "--heap-output",
        &out("heap.json"),
        "-o",
        &out("cpu.folded"),
        "--",
        &bin,
        "widgets",
        "100000",
        "1024",
        "20",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("LD_PRELOAD="), "{err}");
    assert!(err.contains("applies only to commands the profiler launches"), "{err}");
    assert!(err.contains("Statically linked"), "{err}");
    assert!(err.contains("keep_widgets"), "the table goes to stderr: {err}");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out("heap.json")).unwrap()).unwrap();
    assert_eq!(v["runtime"], "native");
    assert_eq!(v["sites_sample_type"], "alloc-bytes");
    assert_eq!(v["top_sites"][0]["site"], "keep_widgets", "{v}");
    let bytes = v["top_sites"][0]["bytes"].as_u64().unwrap();
    assert_near(
        "keep_widgets",
        bytes,
        100_000 * (1024 + 8),
        0.4,
        rel_sd(100_000, 1024, 512 << 10),
    );
    assert!(v["memory"]["rss"].as_u64().unwrap() >= 100_000 * 1024, "{v}");
    assert!(Path::new(&out("cpu.folded")).exists());

    // The flamegraph.
    let (code, _, err) = profiler(&[
        "record",
        "--heap",
        "--heap-output",
        &out("heap.svg"),
        "-o",
        &out("cpu.folded"),
        "--",
        &bin,
        "widgets",
        "20000",
        "4096",
        "1",
    ]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(out("heap.svg")).unwrap();
    assert!(
        svg.contains("keep_widgets") && svg.contains("bytes"),
        "{}",
        &svg[..svg.len().min(2000)]
    );
}

#[test]
fn heap_of_a_running_native_process_gives_memory_and_says_how_to_get_sites() {
    let mut child = Command::new("sleep").arg("30").spawn().unwrap();
    let pid = child.id().to_string();
    std::thread::sleep(Duration::from_millis(100));
    let table = profiler(&["heap", "--pid", &pid]);
    let json = profiler(&["heap", "--pid", &pid, "--format", "json"]);
    let svg = profiler(&["heap", "--pid", &pid, "--format", "svg", "-o", "/dev/null"]);
    let _ = child.kill();
    let _ = child.wait();

    let (code, out, err) = table;
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("pid {pid} (sleep) (native)")), "{out}");
    assert!(out.contains("RSS ") && out.contains("USS "), "{out}");
    assert!(out.contains("unavailable: allocation sites"), "{out}");
    assert!(out.contains("profiler record --heap -- CMD"), "{out}");

    let (code, out, err) = json;
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["runtime"], "native");
    assert!(v["memory"]["rss"].as_u64().unwrap() > 0, "{v}");
    assert!(v["unavailable"][0].as_str().unwrap().contains("record --heap"), "{v}");

    let (code, _, err) = svg;
    assert_eq!(code, 2);
    assert!(
        err.contains("no allocation stacks") && err.contains("record --heap"),
        "{err}"
    );
}

#[test]
fn a_statically_linked_program_is_explained() {
    skip_unless_supported!();
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("heap-static");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/profiler/targets/heap.c");
    let built = Command::new("gcc")
        .args(["-O2", "-static", "-pthread"])
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !built {
        eprintln!("SKIPPED: gcc cannot link statically here (no static libc)");
        return;
    }
    let (outcome, heap) = record_heap(&["--", exe.to_str().unwrap(), "widgets", "1000", "1024", "1"], 64 << 10);
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    assert!(heap.sites.is_none());
    assert!(
        heap.unavailable.iter().any(|u| u.contains("statically linked")),
        "{:?}",
        heap.unavailable
    );
}
