//! Python heap summaries: the object census and tracemalloc sites of a launched program
//! (`record --heap`, through the stdlib-only helper), the helper's invisibility to the
//! program, and `profiler heap --pid` on a running interpreter (what can be read from outside).
//!
//! Each test returns early, saying why, when python3 is missing or its memory cannot be read.

mod common;
mod python_support;

use profiler::backend::native::{self, ExitStatus};
use profiler::record;
use python_support::{python, target};
use std::process::Command;

const WIDGETS: u64 = 50_000;

/// `complete`: the program finished building its objects (at exit); on request, the payload
/// may still be under construction on a busy machine.
fn check_census_and_sites(heap: &profiler::heap::report::HeapReport, complete: bool) {
    let mut table = Vec::new();
    heap.write_table(10, &mut table).unwrap();
    eprintln!("{}", String::from_utf8_lossy(&table));
    // The census: Widget among the top entries, with exactly the instances the program holds
    // (gc.get_objects sees every instance of a class; nothing else makes Widgets).
    let position = heap.types.iter().position(|t| t.name == "__main__.Widget");
    let Some(i) = position else {
        panic!("no __main__.Widget in the census");
    };
    assert!(i < 5, "Widget is entry {i} of the census");
    assert_eq!(heap.types[i].instances, WIDGETS);
    assert_eq!(heap.types[i].module.as_deref(), Some("__main__"));
    assert!(heap.types[i].bytes >= WIDGETS * 32, "{:?}", heap.types[i]);
    // The sites: the allocating functions, with stacks from the module's top level.
    let sites = heap.sites.as_ref().expect("tracemalloc sites");
    assert_eq!(sites.sample_type, profiler::profile::SampleType::AllocBytes);
    let in_make = common::weight_where(sites, |f| f.last() == Some(&"py_widgets:make_widgets"));
    let in_payload = common::weight_where(sites, |f| f.last() == Some(&"py_widgets:build_payload"));
    assert!(in_make >= WIDGETS * 48, "{in_make} bytes allocated in make_widgets");
    if complete {
        assert!(in_payload >= 3_000_000, "{in_payload} bytes allocated in build_payload");
    }
    let top: Vec<String> = heap.top_sites(3).into_iter().map(|s| s.site).collect();
    assert!(
        top.iter()
            .any(|s| s.starts_with("py_widgets:make_widgets (py_widgets.py:")),
        "{top:?}"
    );
    let stack = sites
        .stacks
        .iter()
        .find(|s| s.frames.last().is_some_and(|f| f.function == "py_widgets:make_widgets"))
        .unwrap();
    assert_eq!(stack.frames[0].function, "py_widgets:<module>");
}

#[test]
fn census_and_sites_of_a_launched_program() {
    skip_unless_python!();
    let py = python().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let heap_out = dir.path().join("heap.folded");
    let heap_out = heap_out.to_str().unwrap();
    let args = common::record_args(&[
        "--heap",
        "--heap-output",
        heap_out,
        "-i",
        "5ms",
        "--",
        &py,
        &target("py_widgets.py"),
        "0.3",
        "4",
    ]);
    let outcome = record::record(&args).unwrap();
    assert_eq!(outcome.exit, Some(ExitStatus::Code(4)), "exit code passes through");
    let heap = outcome.heap.as_ref().expect("a heap report");
    assert!(heap.unavailable.is_empty(), "{:?}", heap.unavailable);
    assert!(heap.notes.iter().any(|n| n.contains("atexit")), "{:?}", heap.notes);
    check_census_and_sites(heap, true);
    // The CPU profile is there too, without the helper's frames.
    let cpu = &outcome.profile;
    assert!(common::weight_where(cpu, |f| f.contains(&"py_widgets:spin")) >= 10);
    assert!(
        cpu.stacks
            .iter()
            .all(|s| s.frames.iter().all(|f| !f.function.starts_with("sitecustomize")))
    );
}

/// The recording stops (here by --duration) while the program runs: the profiler asks the
/// helper for its report, and the program goes on.
#[test]
fn heap_report_on_request_when_the_recording_stops_first() {
    skip_unless_python!();
    let py = python().unwrap();
    let args = common::record_args(&[
        "--heap",
        "-d",
        "2500ms",
        "-i",
        "10ms",
        "--",
        &py,
        &target("py_widgets.py"),
        "5",
        "5",
    ]);
    let outcome = record::record(&args).unwrap();
    let pid = outcome.running_command.expect("the program still runs");
    let heap = outcome.heap.as_ref().expect("a heap report");
    assert!(
        heap.notes.iter().any(|n| n.contains("while the program ran")),
        "{:?}",
        heap.notes
    );
    check_census_and_sites(heap, false);
    assert_eq!(native::wait_for_command(pid), Some(ExitStatus::Code(5)));
}

/// What the program sees is the same with and without the helper: argv, __name__,
/// sys.path, PYTHONPATH, the environment, and its own sitecustomize, which still runs.
#[test]
fn the_helper_changes_nothing_the_program_sees() {
    skip_unless_python!();
    let py = python().unwrap();
    let user = tempfile::tempdir().unwrap();
    std::fs::write(
        user.path().join("sitecustomize.py"),
        "import builtins\nbuiltins.USER_SITECUSTOMIZE = True\n",
    )
    .unwrap();
    let script = target("py_env.py");
    let plain = Command::new(&py)
        .args([&script, "a", "--flag"])
        .env("PYTHONPATH", user.path())
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(3));
    let out_dir = tempfile::tempdir().unwrap();
    let profiled = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["record", "--heap", "-o"])
        .arg(out_dir.path().join("cpu.svg"))
        .arg("--heap-output")
        .arg(out_dir.path().join("heap.svg"))
        .args(["--", &py, &script, "a", "--flag"])
        .env("PYTHONPATH", user.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&profiled.stderr);
    assert_eq!(profiled.status.code(), Some(3), "{stderr}");
    let plain_out = String::from_utf8_lossy(&plain.stdout);
    let profiled_out = String::from_utf8_lossy(&profiled.stdout);
    assert!(plain_out.contains("\"user_sitecustomize\": true"), "{plain_out}");
    assert_eq!(profiled_out, plain_out);
    assert!(stderr.contains("tracemalloc"), "{stderr}");
    assert!(stderr.contains("slows it down"), "{stderr}");
    assert!(stderr.contains("Objects by type"), "{stderr}");
}

/// `python -I` skips sitecustomize and PYTHONPATH: no report, and the profiler says why.
#[test]
fn isolated_mode_gives_no_heap_report_and_says_why() {
    skip_unless_python!();
    let py = python().unwrap();
    let args = common::record_args(&["--heap", "--", &py, "-I", &target("py_widgets.py"), "0.1"]);
    let outcome = record::record(&args).unwrap();
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    let heap = outcome.heap.unwrap();
    assert!(heap.types.is_empty() && heap.sites.is_none());
    assert!(
        heap.unavailable
            .iter()
            .any(|u| u.contains("did not load") && u.contains("-I")),
        "{:?}",
        heap.unavailable
    );
}

/// On a process already running: memory totals and the interpreter from outside, and what
/// cannot be read, with how to get it.
#[test]
fn heap_pid_gives_what_can_be_read_from_outside() {
    skip_unless_python!();
    let py = python().unwrap();
    let mut child = Command::new(&py)
        .args([&target("py_widgets.py"), "20"])
        .spawn()
        .unwrap();
    python_support::wait_until_readable(child.id());
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["heap", "--pid", &child.id().to_string(), "--format", "json"])
        .output()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("{v:#}");
    assert_eq!(v["runtime"], "python");
    assert!(v["memory"]["rss"].as_u64().unwrap() > 5_000_000);
    let notes = v["notes"].to_string();
    assert!(notes.contains("CPython 3."), "{notes}");
    let unavailable: Vec<String> = v["unavailable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect();
    assert_eq!(unavailable.len(), 2, "{unavailable:?}");
    assert!(unavailable[0].contains("census") && unavailable[0].contains("record --heap"));
    assert!(unavailable[1].contains("tracemalloc") && unavailable[1].contains("record --heap"));
}
