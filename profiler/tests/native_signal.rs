//! SIGTERM (and SIGINT, same handler) stop a recording, which still returns what it collected;
//! the target is left running and untouched. One test in its own binary, because it signals
//! the test process itself.

mod common;

use profiler::backend::native::{self, ExitStatus};
use profiler::record;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn sigterm_self_after(delay: Duration) -> std::thread::JoinHandle<()> {
    let me = std::process::id().to_string();
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        let _ = Command::new("kill").args(["-TERM", &me]).status();
    })
}

#[test]
fn sigterm_stops_the_recording_and_keeps_the_profile() {
    skip_unless_supported!();
    let target = common::compile("cpu", common::WITH_FP);
    let target = target.to_str().unwrap();

    // Attached: the target keeps running after the profiler stops.
    let mut child = Command::new(target)
        .args(["chain", "30"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let args = common::record_args(&["--pid", &child.id().to_string(), "-i", "5ms"]);
    let signal = sigterm_self_after(Duration::from_millis(1500));
    let started = Instant::now();
    let outcome = record::record(&args).unwrap();
    signal.join().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    let p = &outcome.profile;
    assert!(
        p.meta.notes.iter().any(|n| n.contains("stopped by a signal")),
        "{:?}",
        p.meta.notes
    );
    assert!(p.total_weight() >= 20, "{} samples", p.total_weight());
    assert!(child.try_wait().unwrap().is_none(), "the target still runs");
    child.kill().unwrap();
    child.wait().unwrap();

    // Launched: the profile is returned while the command runs on; its exit is waited for.
    let args = common::record_args(&["-i", "5ms", "--", target, "chain", "30"]);
    let signal = sigterm_self_after(Duration::from_millis(1500));
    let outcome = record::record(&args).unwrap();
    signal.join().unwrap();
    assert!(outcome.profile.total_weight() >= 20);
    let pid = outcome.running_command.expect("the command still runs");
    let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
    assert_eq!(native::wait_for_command(pid), Some(ExitStatus::Signal(9)));
    assert_eq!(record::exit_code(ExitStatus::Signal(9)), 137);
}
