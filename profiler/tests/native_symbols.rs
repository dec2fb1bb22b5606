//! Symbolization of native samples: inlined frames, file:line, C++ demangling, kernel frames,
//! JIT perf maps (with and without `0x`), and a library unloaded before the end.
//!
//! Each test returns early, saying why, when perf events or a compiler are not available.

mod common;

use profiler::record;
use profiler::sample::FrameKind;

fn target() -> String {
    common::compile("cpu", common::WITH_FP).to_str().unwrap().to_string()
}

fn frames_named<'a>(
    p: &'a profiler::profile::Profile,
    name: &'a str,
) -> impl Iterator<Item = &'a profiler::sample::Frame> + 'a {
    p.stacks
        .iter()
        .flat_map(|s| s.frames.iter())
        .filter(move |f| f.function == name)
}

#[test]
fn inlined_functions_and_lines() {
    skip_unless_supported!();
    let bin = target();
    let args = common::record_args(&["--lines", "-i", "2ms", "--", &bin, "inline", "0.5"]);
    let p = record::record(&args).unwrap().profile;
    common::dump(&p);
    let inlined = common::weight_where(&p, |f| f.ends_with(&["outer_with_inline", "inlined_spin"]));
    assert!(inlined * 10 >= p.total_weight() * 9, "inlined frame under its caller");
    let frame = frames_named(&p, "inlined_spin").next().expect("an inlined_spin frame");
    assert!(frame.inlined);
    assert!(frame.file.as_deref().unwrap_or("").ends_with("cpu.c"), "{frame:?}");
    assert!(frame.line.is_some());
    let outer = frames_named(&p, "outer_with_inline").next().unwrap();
    assert!(!outer.inlined);
    assert_eq!(outer.module.as_deref(), bin.rsplit('/').next());
    // Without --lines, no file:line.
    let args = common::record_args(&["-i", "5ms", "--", &bin, "inline", "0.2"]);
    let p = record::record(&args).unwrap().profile;
    assert!(p.stacks.iter().flat_map(|s| &s.frames).all(|f| f.file.is_none()));
}

#[test]
fn cpp_names_are_demangled() {
    skip_unless_supported!();
    if !common::have("g++") {
        eprintln!("SKIPPED: g++ is not installed");
        return;
    }
    let bin = common::compile_with("g++", "shapes.cpp", &["-O2", "-g"]);
    let args = common::record_args(&["-i", "2ms", "--", bin.to_str().unwrap(), "0.4"]);
    let p = record::record(&args).unwrap().profile;
    common::dump(&p);
    let hot = common::weight_where(&p, |f| {
        f.last() == Some(&"shapes::Area<double>::compute(int)") && f.first() == Some(&"main")
    });
    assert!(hot * 10 >= p.total_weight() * 9, "{hot} of {}", p.total_weight());
}

#[test]
fn kernel_frames_with_kallsyms() {
    skip_unless_supported!();
    let bin = target();
    let args = common::record_args(&["--kernel", "-i", "2ms", "--", &bin, "syscalls", "0.5"]);
    let p = record::record(&args).unwrap().profile;
    common::dump(&p);
    let in_kernel: u64 = p
        .stacks
        .iter()
        .filter(|s| s.frames.last().is_some_and(|f| f.kind == FrameKind::Kernel))
        .map(|s| s.weight)
        .sum();
    assert!(
        in_kernel * 2 >= p.total_weight(),
        "reading /dev/zero is mostly kernel time"
    );
    // Kernel frames sit on top of the user stack that made the system call.
    let under_loop = p.stacks.iter().any(|s| {
        let user_top = s.frames.iter().rposition(|f| f.kind != FrameKind::Kernel);
        s.frames.first().map(|f| f.function.as_str()) == Some("main")
            && s.frames.iter().any(|f| f.function == "syscall_loop")
            && user_top.is_some_and(|i| i + 1 < s.frames.len())
    });
    assert!(under_loop);
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"));
    if root {
        let named = p
            .stacks
            .iter()
            .flat_map(|s| &s.frames)
            .filter(|f| f.kind == FrameKind::Kernel)
            .any(|f| f.function != "[kernel]" && f.function != "[unknown]");
        assert!(named, "kernel frames are named from /proc/kallsyms");
    }
    // Without --kernel, no kernel frames, but the time still counts (at the syscall site).
    let args = common::record_args(&["-i", "5ms", "--", &bin, "syscalls", "0.3"]);
    let p = record::record(&args).unwrap().profile;
    assert!(
        p.stacks
            .iter()
            .flat_map(|s| &s.frames)
            .all(|f| f.kind != FrameKind::Kernel)
    );
    assert!(p.total_weight() >= 40);
}

#[test]
fn jit_perf_map_with_and_without_0x() {
    skip_unless_supported!();
    let bin = target();
    let args = common::record_args(&["-i", "2ms", "--", &bin, "jit", "0.6"]);
    let outcome = record::record(&args).unwrap();
    let _ = std::fs::remove_file(format!("/tmp/perf-{}.map", outcome.pid));
    let p = outcome.profile;
    common::dump(&p);
    let prefixed = common::weight_where(&p, |f| f.last() == Some(&"jit_spin_prefixed"));
    let bare = common::weight_where(&p, |f| f.last() == Some(&"jit_spin_bare"));
    assert!(prefixed >= 100 && bare >= 100, "prefixed {prefixed}, bare {bare}");
    let frame = frames_named(&p, "jit_spin_bare").next().unwrap();
    assert_eq!(frame.kind, FrameKind::Jit);
}

#[test]
fn unloaded_library_keeps_its_symbols() {
    skip_unless_supported!();
    let bin = target();
    let lib = common::compile_with("gcc", "libspin.c", &["-shared", "-fPIC", "-O2", "-g"]);
    let args = common::record_args(&["-i", "2ms", "--", &bin, "dlopen", lib.to_str().unwrap(), "1"]);
    let p = record::record(&args).unwrap().profile;
    common::dump(&p);
    let in_lib = common::weight_where(&p, |f| f.ends_with(&["main", "run_dlopen", "lib_spin"]));
    let after = common::weight_where(&p, |f| f.contains(&"level_c"));
    assert!(in_lib >= 180 && after >= 180, "in lib {in_lib}, after dlclose {after}");
    let module = frames_named(&p, "lib_spin").next().unwrap().module.clone();
    assert!(module.unwrap_or_default().starts_with("libspin"));
}

/// A process in its own pid namespace (as in a container) names its perf map with its
/// namespace pid; the profiler finds it through /proc/PID/root and NSpid.
#[test]
fn jit_perf_map_of_a_process_in_a_pid_namespace() {
    skip_unless_supported!();
    let unshare_works = std::process::Command::new("unshare")
        .args(["--pid", "--fork", "--mount-proc", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !unshare_works {
        eprintln!("SKIPPED: cannot create a pid namespace here (unshare)");
        return;
    }
    let bin = target();
    let args = common::record_args(&[
        "--subprocesses",
        "-i",
        "2ms",
        "--",
        "unshare",
        "--pid",
        "--fork",
        "--mount-proc",
        &bin,
        "jit",
        "0.6",
    ]);
    let p = record::record(&args).unwrap().profile;
    common::dump(&p);
    // Inside the namespace the target is pid 1: its map is /tmp/perf-1.map.
    let _ = std::fs::remove_file("/tmp/perf-1.map");
    let prefixed = common::weight_where(&p, |f| f.last() == Some(&"jit_spin_prefixed"));
    let bare = common::weight_where(&p, |f| f.last() == Some(&"jit_spin_bare"));
    assert!(prefixed >= 100 && bare >= 100, "prefixed {prefixed}, bare {bare}");
}

/// Rust symbols are demangled (legacy or v0 mangling, whichever rustc uses).
#[test]
fn rust_names_are_demangled() {
    skip_unless_supported!();
    if !common::have("rustc") {
        eprintln!("SKIPPED: rustc is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("profiler-rusty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("rusty");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/profiler/targets/rusty.rs");
    let status = std::process::Command::new("rustc")
        .args(["-O", "-g", "--edition", "2021", "-o"])
        .arg(&bin)
        .arg(&src)
        .status()
        .unwrap();
    assert!(status.success());
    let args = common::record_args(&["-i", "2ms", "--", bin.to_str().unwrap(), "0.5"]);
    let p = record::record(&args).unwrap().profile;
    std::fs::remove_dir_all(&dir).ok();
    common::dump(&p);
    // DWARF names the generic method `Spinner<T>::spin`; its loop shows as inlined frames.
    let hot = common::weight_where(&p, |f| {
        f.iter()
            .any(|n| n.starts_with("rusty::shapes::Spinner<") && n.ends_with(">::spin"))
    });
    assert!(
        hot * 10 >= p.total_weight() * 8,
        "{hot} of {} in Spinner::spin",
        p.total_weight()
    );
    assert!(
        p.stacks
            .iter()
            .flat_map(|s| &s.frames)
            .all(|f| !f.function.starts_with("_ZN") && !f.function.starts_with("_R")),
        "no mangled names left"
    );
}
