//! `profiler memory --pid PID [--format table|json] [--top N]`: a process's memory by mapping
//! (RSS, PSS, USS, anonymous, swap), by kind (heap, stacks, anonymous, file-backed, shared
//! memory...) and in total, largest mappings first.
//!
//! The reading and the data types are in [`super::smaps`] (see there what each counter means);
//! this module renders them:
//!
//! - **table**: a summary line, the totals by kind, then the `--top` largest mappings and one
//!   line for the rest, in human units (B, KiB, MiB, GiB), fitted to the terminal width
//!   (`$COLUMNS`, else 100): long paths are shortened from the left.
//! - **json**: the same content in bytes (`schema_version` 1), for scripts.
//!
//! For the recorder: [`read_process_memory`] gives the whole picture once, and
//! [`MemoryTimeline`] samples the totals over time.

pub use super::smaps::{
    Counters, KindTotals, MappingKind, MemoryError, MemoryMapping, ProcessMemory, read_memory_totals,
    read_process_memory,
};
pub use super::timeline::{MemorySummary, MemoryTimeline, Stat};

use crate::cli::{MemoryArgs, MemoryFormat};
use serde::Serialize;
use std::io::{self, Write};

/// Runs `profiler memory`. Returns the exit code.
pub fn run(args: &MemoryArgs) -> anyhow::Result<u8> {
    let memory = read_process_memory(args.pid)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.format {
        MemoryFormat::Table => write_table(&memory, args.top, terminal_width(), &mut out)?,
        MemoryFormat::Json => write_json(&memory, args.top, &mut out)?,
    }
    out.flush()?;
    Ok(0)
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(100)
}

/// `1536` → `1.5 KiB`; bytes below 1 KiB stay bytes.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The mappings shown (the `top` largest; all when `top` is 0) and the sum of the others.
fn split_top(memory: &ProcessMemory, top: usize) -> (&[MemoryMapping], Option<(usize, Counters)>) {
    let shown = if top == 0 {
        memory.mappings.len()
    } else {
        top.min(memory.mappings.len())
    };
    let (head, tail) = memory.mappings.split_at(shown);
    let rest = (!tail.is_empty()).then(|| {
        let mut sum = Counters::default();
        for m in tail {
            sum.add(&m.counters);
        }
        (tail.len(), sum)
    });
    (head, rest)
}

const NUM: usize = 10;

fn numbers(c: &Counters) -> String {
    [c.rss, c.pss, c.uss, c.anonymous, c.swap]
        .iter()
        .map(|&v| format!("{:>NUM$}", human_bytes(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn numbers_header() -> String {
    ["RSS", "PSS", "USS", "ANON", "SWAP"]
        .iter()
        .map(|h| format!("{h:>NUM$}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Shortens `text` to `width` characters, keeping its end (the file name).
fn fit_left(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(1);
    let tail: String = text.chars().skip(count - keep).collect();
    format!("…{tail}")
}

/// Writes the human-readable table.
pub fn write_table(memory: &ProcessMemory, top: usize, width: usize, out: &mut dyn Write) -> io::Result<()> {
    let t = &memory.totals;
    let who = match &memory.command {
        Some(command) => format!("pid {} ({command})", memory.pid),
        None => format!("pid {}", memory.pid),
    };
    writeln!(
        out,
        "{who}: {} mappings, {} virtual",
        memory.mappings.len(),
        human_bytes(t.size),
    )?;
    writeln!(
        out,
        "RSS {}, PSS {}, USS {}, anonymous {}, swap {}",
        human_bytes(t.rss),
        human_bytes(t.pss),
        human_bytes(t.uss),
        human_bytes(t.anonymous),
        human_bytes(t.swap),
    )?;
    for note in &memory.notes {
        writeln!(out, "note: {note}")?;
    }
    writeln!(out)?;
    writeln!(out, "{:<13} {} {:>8}", "KIND", numbers_header(), "MAPPINGS")?;
    let mut kinds: Vec<&KindTotals> = memory.by_kind.iter().collect();
    kinds.sort_by(|a, b| b.counters.rss.cmp(&a.counters.rss).then(a.kind.cmp(&b.kind)));
    for k in kinds {
        writeln!(
            out,
            "{:<13} {} {:>8}",
            k.kind.as_str(),
            numbers(&k.counters),
            k.mappings
        )?;
    }
    writeln!(out, "{:<13} {} {:>8}", "total", numbers(t), memory.mappings.len())?;
    writeln!(out)?;

    let (shown, rest) = split_top(memory, top);
    let fixed = 5 * (NUM + 1) + 14 + 5;
    let name_width = width.saturating_sub(fixed).max(20);
    writeln!(out, "{} {:<13} {:<4} MAPPING", numbers_header(), "KIND", "PERM")?;
    for m in shown {
        writeln!(
            out,
            "{} {:<13} {:<4} {}",
            numbers(&m.counters),
            m.kind.as_str(),
            m.perms,
            fit_left(&m.label(), name_width)
        )?;
    }
    if let Some((count, sum)) = rest {
        writeln!(out, "{} {:<13} {:<4} ({count} smaller mappings)", numbers(&sum), "", "")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Rest {
    mappings: usize,
    #[serde(flatten)]
    counters: Counters,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    pid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<&'a str>,
    totals: &'a Counters,
    by_kind: &'a [KindTotals],
    mapping_count: usize,
    mappings: &'a [MemoryMapping],
    #[serde(skip_serializing_if = "Option::is_none")]
    other_mappings: Option<Rest>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

/// Writes the JSON report: counters in bytes; `mappings` holds the `top` largest (all when
/// `top` is 0) and `other_mappings` the sum of the rest.
pub fn write_json(memory: &ProcessMemory, top: usize, out: &mut dyn Write) -> io::Result<()> {
    let (shown, rest) = split_top(memory, top);
    let report = JsonReport {
        schema_version: 1,
        pid: memory.pid,
        command: memory.command.as_deref(),
        totals: &memory.totals,
        by_kind: &memory.by_kind,
        mapping_count: memory.mappings.len(),
        mappings: shown,
        other_mappings: rest.map(|(mappings, counters)| Rest { mappings, counters }),
        notes: &memory.notes,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};

    const MIB: u64 = 1 << 20;

    #[test]
    fn human_units() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(200 * MIB), "200.0 MiB");
        assert_eq!(human_bytes(3 * 1024 * MIB), "3.0 GiB");
        assert_eq!(fit_left("/usr/lib/libc.so.6", 10), "…libc.so.6");
        assert_eq!(fit_left("short", 10), "short");
    }

    /// Kills the child when the test ends, even when it fails.
    struct Reaped(Child);

    impl Drop for Reaped {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    #[test]
    fn this_process() {
        let m = read_process_memory(std::process::id()).unwrap();
        assert_eq!(m.pid, std::process::id());
        assert!(
            m.totals.rss > 0 && m.totals.pss > 0 && m.totals.uss > 0,
            "{:?}",
            m.totals
        );
        assert!(m.totals.pss <= m.totals.rss && m.totals.uss <= m.totals.rss);
        let kinds: Vec<MappingKind> = m.by_kind.iter().map(|k| k.kind).collect();
        for kind in [MappingKind::Stack, MappingKind::File, MappingKind::Anonymous] {
            assert!(kinds.contains(&kind), "{kinds:?}");
        }
        // The test binary itself is a file mapping.
        let exe = std::env::current_exe().unwrap();
        assert!(
            m.mappings
                .iter()
                .any(|x| x.name.as_deref() == Some(exe.to_str().unwrap())),
            "no mapping of {}",
            exe.display()
        );
        for pair in m.mappings.windows(2) {
            assert!(pair[0].counters.rss >= pair[1].counters.rss);
        }
    }

    #[test]
    fn finds_a_blocked_threads_stack() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let (tid_tx, tid_rx) = std::sync::mpsc::channel::<u32>();
        let handle = std::thread::spawn(move || {
            let tid: u32 = std::fs::read_link("/proc/thread-self")
                .unwrap()
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            tid_tx.send(tid).unwrap();
            let _ = rx.recv(); // blocks in futex until the test is done
        });
        let tid = tid_rx.recv().unwrap();
        // Let it reach the futex wait.
        std::thread::sleep(std::time::Duration::from_millis(100));
        let m = read_process_memory(std::process::id()).unwrap();
        drop(tx);
        handle.join().unwrap();
        let stack = m
            .mappings
            .iter()
            .find(|x| x.tid == Some(tid))
            .unwrap_or_else(|| panic!("no stack mapping for tid {tid}: {:?}", m.notes));
        assert_eq!(stack.kind, MappingKind::ThreadStack);
        assert!(stack.label().contains(&format!("tid {tid}")));
    }

    fn python_with_bytearray(mib: u64) -> Option<(Reaped, u32)> {
        let script = format!(
            "import sys\nb = bytearray(b'\\x01') * ({mib} * 1024 * 1024)\n\
             print('ready', flush=True)\nsys.stdin.read()\n"
        );
        let child = Command::new("python3")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let pid = child.id();
        let mut child = Reaped(child);
        let mut line = String::new();
        BufReader::new(child.0.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Some((child, pid))
    }

    #[test]
    fn a_child_allocating_200_mib() {
        let Some((child, pid)) = python_with_bytearray(200) else {
            eprintln!("SKIPPED a_child_allocating_200_mib: python3 is not installed");
            return;
        };
        let m = read_process_memory(pid).unwrap();
        drop(child);
        let anon = m
            .by_kind
            .iter()
            .find(|k| k.kind == MappingKind::Anonymous)
            .expect("anonymous memory");
        // The bytearray is one anonymous mapping of 200 MiB, all resident and private.
        assert!(anon.counters.rss >= 200 * MIB, "{anon:?}");
        let largest = &m.mappings[0];
        assert_eq!(largest.kind, MappingKind::Anonymous, "{largest:?}");
        assert!(largest.counters.rss >= 200 * MIB && largest.counters.uss >= 200 * MIB);
        assert!(largest.counters.anonymous >= 200 * MIB);
        assert!(m.totals.uss >= 200 * MIB && m.totals.anonymous >= 200 * MIB);
        assert!(m.totals.rss < 400 * MIB, "{:?}", m.totals);
        assert!(m.command.as_deref().unwrap_or("").starts_with("python"));

        // The table puts it first, in MiB, under the header.
        let mut out = Vec::new();
        write_table(&m, 3, 100, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let header = lines.iter().position(|l| l.ends_with(" MAPPING")).unwrap();
        assert!(lines[header + 1].contains("anonymous"), "{text}");
        assert!(lines[header + 1].trim_start().starts_with("20"), "{text}");
        assert!(lines[header + 1].contains(" MiB"), "{text}");
        assert_eq!(lines.len(), header + 1 + 3 + 1, "{text}");
        assert!(lines.last().unwrap().contains("smaller mappings"), "{text}");
        assert!(lines.iter().all(|l| l.chars().count() <= 100), "{text}");
    }

    #[test]
    fn a_sleeping_child_and_the_json_shape() {
        let child = Command::new("sleep").arg("30").spawn().unwrap();
        let pid = child.id();
        let child = Reaped(child);
        std::thread::sleep(std::time::Duration::from_millis(100));
        // smaps and smaps_rollup are two reads: PSS divides shared pages by the number of
        // processes mapping them, which changes whenever another process (a parallel test)
        // starts or exits between them (and a page can turn private when its other user exits).
        // Read again until one reading saw a quiet moment.
        let total =
            |m: &ProcessMemory, f: fn(&Counters) -> u64| -> u64 { m.mappings.iter().map(|x| f(&x.counters)).sum() };
        let pss_gap = |m: &ProcessMemory| total(m, |c| c.pss).abs_diff(m.totals.pss);
        let consistent = |m: &ProcessMemory| {
            total(m, |c| c.rss) == m.totals.rss
                && total(m, |c| c.uss) == m.totals.uss
                && total(m, |c| c.anonymous) == m.totals.anonymous
                && pss_gap(m) <= 1024 * m.mappings.len() as u64
        };
        let mut m = read_process_memory(pid).unwrap();
        for _ in 0..10 {
            if consistent(&m) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            m = read_process_memory(pid).unwrap();
        }
        drop(child);
        assert_eq!(m.command.as_deref(), Some("sleep"));
        // The totals from smaps_rollup agree with the sum of the mappings of this idle process:
        // exactly for page counts, within rounding (under 1 KiB per mapping) for PSS.
        let sum = |f: fn(&Counters) -> u64| -> u64 { m.mappings.iter().map(|x| f(&x.counters)).sum() };
        assert_eq!(sum(|c| c.rss), m.totals.rss);
        assert_eq!(sum(|c| c.uss), m.totals.uss);
        assert_eq!(sum(|c| c.anonymous), m.totals.anonymous);
        assert_eq!(sum(|c| c.size), m.totals.size);
        let gap = pss_gap(&m);
        assert!(gap <= 1024 * m.mappings.len() as u64, "PSS off by {gap}");
        let mut out = Vec::new();
        write_json(&m, 5, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["pid"], pid);
        assert_eq!(v["totals"]["rss"].as_u64(), Some(m.totals.rss));
        assert!(v["totals"]["uss"].as_u64().unwrap() > 0);
        assert_eq!(v["mappings"].as_array().unwrap().len(), 5);
        assert_eq!(v["mapping_count"].as_u64(), Some(m.mappings.len() as u64));
        let first = &v["mappings"][0];
        for key in [
            "start",
            "end",
            "perms",
            "kind",
            "rss",
            "pss",
            "uss",
            "swap",
            "anonymous",
        ] {
            assert!(first.get(key).is_some(), "mapping lacks {key}: {first}");
        }
        let rest = &v["other_mappings"];
        assert_eq!(rest["mappings"].as_u64(), Some(m.mappings.len() as u64 - 5));
        let shown: u64 = v["mappings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rss"].as_u64().unwrap())
            .sum();
        let all: u64 = m.mappings.iter().map(|x| x.counters.rss).sum();
        assert_eq!(shown + rest["rss"].as_u64().unwrap(), all);
        let kinds: Vec<&str> = v["by_kind"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"stack") && kinds.contains(&"file"), "{kinds:?}");
        assert!(
            m.mappings
                .iter()
                .any(|x| x.kind == MappingKind::File && x.name.as_deref().is_some_and(|n| n.ends_with("/sleep"))),
            "no mapping of the sleep binary"
        );
    }

    #[test]
    fn a_dead_pid_is_named() {
        let mut child = Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let err = read_process_memory(pid).unwrap_err();
        assert!(matches!(err, MemoryError::NoSuchProcess { .. }), "{err}");
        assert!(err.to_string().contains(&format!("pid {pid}")), "{err}");
    }

    #[test]
    fn an_unreadable_pid_says_what_to_do() {
        // PID 1 is readable to real root; in sandboxes and as a normal user it is not.
        match read_process_memory(1) {
            Ok(_) => eprintln!("SKIPPED an_unreadable_pid_says_what_to_do: pid 1 is readable"),
            Err(err) => {
                assert!(matches!(err, MemoryError::PermissionDenied { pid: 1, .. }), "{err}");
                let text = err.to_string();
                assert!(text.contains("pid 1") && text.contains("CAP_SYS_PTRACE"), "{text}");
            }
        }
    }
}
