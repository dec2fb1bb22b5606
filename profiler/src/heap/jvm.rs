//! The heap of a HotSpot JVM, through the attach protocol:
//!
//! - `types`: the class histogram (`GC.class_histogram`: live instances and bytes per class).
//!   It forces a full GC, which pauses the JVM: this is announced on stderr before it happens,
//!   and `--no-histogram` skips it.
//! - `sites`: a JFR recording of allocation samples over `--duration`
//!   (`jdk.ObjectAllocationSample` on JDK 16 and later, the TLAB events before), weighted by
//!   the bytes each sample stands for: the allocation flamegraph.
//! - `memory`: the process's memory totals.

use super::report::{HeapReport, TypeEntry};
use crate::backend::jvm::attach::Jvm;
use crate::backend::jvm::jfr::{self, EventKind, ReadOptions};
use crate::backend::jvm::session::{self, Session, Setting};
use crate::backend::jvm::{self as backend, process_alive};
use crate::cli::HeapArgs;
use crate::profile::{Profile, ProfileMeta, SampleType};
use std::time::{Duration, Instant, SystemTime};

/// How many allocation samples per second JFR may take (`throttle`).
pub const ALLOCATION_THROTTLE: &str = "1000/s";

/// Summarizes the heap of the JVM `args.pid`.
pub fn summary(args: &HeapArgs) -> anyhow::Result<HeapReport> {
    let pid = args.pid;
    let jvm = Jvm::open(pid)?;
    jvm.start_listener(Duration::from_secs(10))?;
    let label = match std::fs::read_to_string(format!("/proc/{pid}/comm")) {
        Ok(name) => format!("pid {pid} ({})", name.trim()),
        Err(_) => format!("pid {pid}"),
    };
    let mut report = HeapReport {
        target: label.clone(),
        runtime: "jvm".into(),
        ..HeapReport::default()
    };
    if args.no_histogram {
        eprintln!("profiler: class histogram skipped (--no-histogram): JFR allocation samples only");
        report
            .unavailable
            .push("class histogram: skipped with --no-histogram (it would force a full GC)".into());
    } else {
        eprintln!(
            "profiler: taking the class histogram of pid {pid} (GC.class_histogram): this forces a \
             full GC, which pauses the JVM; --no-histogram avoids it"
        );
        let started = Instant::now();
        let text = jvm.jcmd("GC.class_histogram")?;
        report.types = parse_histogram(&text);
        report.types_source = Some("GC.class_histogram".into());
        report.notes.push(format!(
            "the class histogram forced a full GC in the JVM ({} ms with the count)",
            started.elapsed().as_millis()
        ));
    }
    match allocation_sites(&jvm, &label, args.duration) {
        Ok((profile, notes)) => {
            report.sites_source = Some("JFR ObjectAllocationSample".into());
            report.sites = Some(profile);
            report.notes.extend(notes);
        }
        Err(err) => report.unavailable.push(format!("allocation samples: {err:#}")),
    }
    match crate::heap::memory::read_memory_totals(pid) {
        Ok(memory) => report.memory = Some(memory),
        Err(err) => report.unavailable.push(format!("memory totals: {err}")),
    }
    Ok(report)
}

/// Records JFR allocation samples for `duration` (or until SIGINT/SIGTERM or the JVM's exit)
/// into an allocation profile (bytes allocated, by stack).
fn allocation_sites(jvm: &Jvm, label: &str, duration: Duration) -> anyhow::Result<(Profile, Vec<String>)> {
    let mut notes = Vec::new();
    let jdk = session::jdk_version(jvm);
    session::wait_for_jfr(jvm, Duration::from_secs(10))?;
    let wanted = session::DEFAULT_STACK_DEPTH;
    let depth = session::prepare_stack_depth(jvm, wanted)?;
    backend::announce_stack_depth(jvm.pid, depth, wanted, &mut notes);
    let settings: Vec<Setting> = if jdk.unwrap_or(17) >= 16 {
        vec![
            ("jdk.ObjectAllocationSample", "enabled", "true".into()),
            ("jdk.ObjectAllocationSample", "stackTrace", "true".into()),
            ("jdk.ObjectAllocationSample", "throttle", ALLOCATION_THROTTLE.into()),
        ]
    } else {
        vec![
            ("jdk.ObjectAllocationInNewTLAB", "enabled", "true".into()),
            ("jdk.ObjectAllocationInNewTLAB", "stackTrace", "true".into()),
            ("jdk.ObjectAllocationOutsideTLAB", "enabled", "true".into()),
            ("jdk.ObjectAllocationOutsideTLAB", "stackTrace", "true".into()),
        ]
    };
    backend::install_stop_handlers();
    let mut recording = Session::start(jvm, jdk, &settings)?;
    eprintln!(
        "profiler: recording allocation samples in pid {} for {:.1} s (JFR, at most {ALLOCATION_THROTTLE})",
        jvm.pid,
        duration.as_secs_f64()
    );
    let start = SystemTime::now();
    let began = Instant::now();
    let mut exited = false;
    while began.elapsed() < duration {
        if backend::stop_requested() {
            notes.push(format!(
                "allocation recording stopped by a signal after {:.1} s",
                began.elapsed().as_secs_f64()
            ));
            break;
        }
        if !process_alive(jvm.pid) {
            exited = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let elapsed = began.elapsed();
    let path = if exited {
        notes.push(format!(
            "the JVM exited after {:.1} s of allocation recording",
            elapsed.as_secs_f64()
        ));
        recording.exit_dump()
    } else {
        recording.stop()?
    };
    let data = backend::read_file(&path, ReadOptions::default())
        .ok_or_else(|| anyhow::anyhow!("pid {}: no JFR allocation data could be read", jvm.pid))?;
    drop(recording);
    if let Some(error) = &data.error {
        notes.push(format!(
            "the JFR file ended early ({error}); the profile has what was read"
        ));
    }
    let events: u64 = [EventKind::Allocation, EventKind::AllocationTlab]
        .iter()
        .filter_map(|k| data.events.get(k))
        .sum();
    notes.push(format!(
        "{events} JFR allocation samples in {:.1} s; each weighs the bytes its thread allocated since \
         its previous sample (JFR's estimate): the flamegraph shows where bytes are allocated, not \
         what stays live",
        elapsed.as_secs_f64()
    ));
    let mut classes: Vec<(&String, &u64)> = data.allocated_classes.iter().collect();
    classes.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let total: u64 = data.allocated_classes.values().sum();
    if total > 0 {
        let top: Vec<String> = classes
            .iter()
            .take(5)
            .map(|(name, bytes)| format!("{name} {:.0}%", **bytes as f64 * 100.0 / total as f64))
            .collect();
        notes.push(format!("most allocated classes: {}", top.join(", ")));
    }
    let meta = ProfileMeta {
        target: label.to_string(),
        start_unix_ns: crate::profile::unix_ns(start),
        duration_ns: elapsed.as_nanos() as u64,
        interval_ns: 0,
        lost_samples: 0,
        max_depth: None,
        unwind: "jfr".into(),
        notes: Vec::new(),
        extra: serde_json::Map::new(),
    };
    let mut profile = Profile::new(meta, SampleType::AllocatedBytes);
    for stack in &data.stacks {
        if matches!(stack.kind, EventKind::Allocation | EventKind::AllocationTlab) {
            profile.add(backend::to_sample(stack, jvm.pid, None, false));
        }
    }
    Ok((profile, notes))
}

/// Parses `GC.class_histogram` output into classes, largest first, with Java-source names
/// (`byte[]`, `java.lang.String[]`) and the module column kept.
///
/// ```text
///  num     #instances         #bytes  class name (module)
/// -------------------------------------------------------
///    1:         50000        1200000  Widget
///    2:          1234          56789  [B (java.base@17.0.2)
/// Total         51234        1256789
/// ```
pub fn parse_histogram(text: &str) -> Vec<TypeEntry> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some((num, rest)) = line.trim().split_once(':') else {
            continue;
        };
        if num.trim().parse::<u64>().is_err() {
            continue;
        }
        let mut fields = rest.split_whitespace();
        let (Some(instances), Some(bytes)) = (fields.next(), fields.next()) else {
            continue;
        };
        let (Ok(instances), Ok(bytes)) = (instances.parse(), bytes.parse()) else {
            continue;
        };
        let Some(name) = fields.next() else { continue };
        let module = fields
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .strip_prefix('(')
            .and_then(|m| m.strip_suffix(')'))
            .map(str::to_string);
        out.push(TypeEntry {
            name: jfr::java_type_name(name),
            instances,
            bytes,
            module,
        });
    }
    out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_lines() {
        let text = "4242:\n num     #instances         #bytes  class name (module)\n\
                    -------------------------------------------------------\n\
                    \x20  1:          3000        2400000  [B (java.base@17.0.2)\n\
                    \x20  2:         50000        1200000  Widget\n\
                    \x20  3:            10            400  [Ljava.lang.String; (java.base@17.0.2)\n\
                    \x20  4:             1             16  Foo$$Lambda$14/0x0000000800c03000\n\
                    Total         53011        3600416\n";
        let types = parse_histogram(text);
        assert_eq!(types.len(), 4);
        assert_eq!(types[0].name, "byte[]");
        assert_eq!(types[0].module.as_deref(), Some("java.base@17.0.2"));
        assert_eq!(
            types[1],
            TypeEntry {
                name: "Widget".into(),
                instances: 50000,
                bytes: 1200000,
                module: None
            }
        );
        assert_eq!(types[2].name, "java.lang.String[]");
        assert_eq!(types[3].name, "Foo$$Lambda$14/0x0000000800c03000");
    }
}
