//! `auto` unwinding covers the native frames of CPython and libc, which have no frame
//! pointers: a Python busy loop's samples reach `main` through the interpreter's frames.

mod common;

use profiler::record;

#[test]
fn cpython_native_stacks_are_whole_in_auto() {
    skip_unless_supported!();
    let python = ["python3", "python"].into_iter().find_map(|p| {
        let out = std::process::Command::new(p)
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    });
    let Some(python) = python else {
        eprintln!("SKIPPED: no python3");
        return;
    };
    let code = "import time\nt = time.process_time() + 0.8\nwhile time.process_time() < t:\n    sum(i * i for i in range(1000))";
    let mut results = Vec::new();
    for unwind in ["auto", "fp"] {
        let args = common::record_args(&[
            "--runtime",
            "native",
            "--unwind",
            unwind,
            "-i",
            "2ms",
            "--",
            &python,
            "-c",
            code,
        ]);
        let p = record::record(&args).unwrap().profile;
        let total = p.total_weight();
        // CPython's main tail-calls Py_BytesMain, so that is the root below libc's start-up.
        let entry = |f: &[&str]| matches!(f.first(), Some(&"main") | Some(&"Py_BytesMain"));
        let whole = common::weight_where(&p, entry);
        let eval = common::weight_where(&p, |f| entry(f) && f.iter().any(|n| n.contains("EvalFrame")));
        eprintln!("{unwind}: {whole} of {total} reach main, {eval} through the eval loop");
        if unwind == "auto" && whole * 10 < total * 9 {
            common::dump(&p);
        }
        results.push((whole as f64 / total.max(1) as f64, eval as f64 / total.max(1) as f64));
    }
    let (auto_whole, auto_eval) = results[0];
    assert!(auto_whole >= 0.9, "auto: {:.0}% reach main", auto_whole * 100.0);
    assert!(
        auto_eval >= 0.8,
        "auto: {:.0}% through the eval loop",
        auto_eval * 100.0
    );
}
