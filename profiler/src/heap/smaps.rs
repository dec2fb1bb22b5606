//! Reading a process's memory from `/proc/PID/smaps` and `/proc/PID/smaps_rollup`.
//!
//! Each mapping's counters come from smaps; the process totals come from smaps_rollup (the
//! kernel's own sum, exact to the byte for PSS), or from the sum of the mappings when the kernel
//! has no rollup. Counters are bytes:
//!
//! - **RSS**: resident pages of the mapping, shared or not.
//! - **PSS**: proportional set size: each resident page divided by the number of processes that
//!   map it. The PSS of all processes adds up to the memory actually used.
//! - **USS**: unique set size, `Private_Clean + Private_Dirty`: what exiting the process would
//!   free.
//! - **anonymous**: pages not backed by a file (heap, stacks, `mmap` without a file, written
//!   copy-on-write pages of file mappings).
//! - **swap**: pages of the mapping that were swapped out.
//!
//! Mappings are classified by their smaps name: `[heap]` (the brk heap), `[stack]` (the main
//! thread's stack), thread stacks (anonymous mappings that hold a thread's stack pointer, read
//! from `/proc/PID/task/TID/syscall` when the thread is blocked in a system call), anonymous,
//! file-backed, shared memory (`/dev/shm`, memfd, SysV, shared anonymous), the kernel's
//! vdso/vvar/vsyscall pages, and other (`anon_inode:` and unknown names).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why a process's memory could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// The process does not exist (or exited while it was being read).
    #[error("no process with pid {pid}: it does not exist or has exited")]
    NoSuchProcess {
        /// The process id asked for.
        pid: u32,
    },
    /// The caller may not read the process's memory maps.
    #[error(
        "permission denied reading {} (pid {pid}): run as the process's user, or as root \
         (or with CAP_SYS_PTRACE)",
        path.display()
    )]
    PermissionDenied {
        /// The process id asked for.
        pid: u32,
        /// The file that could not be read.
        path: PathBuf,
    },
    /// Another error reading a /proc file.
    #[error("cannot read {} (pid {pid}): {source}", path.display())]
    Io {
        /// The process id asked for.
        pid: u32,
        /// The file that could not be read.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// A /proc file did not have the expected layout.
    #[error("cannot parse {}, line {line}: `{text}`", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Line number, from 1.
        line: usize,
        /// The line.
        text: String,
    },
}

impl MemoryError {
    fn from_io(pid: u32, path: &Path, error: io::Error) -> Self {
        const ESRCH: i32 = 3;
        if error.kind() == io::ErrorKind::NotFound || error.raw_os_error() == Some(ESRCH) {
            MemoryError::NoSuchProcess { pid }
        } else if error.kind() == io::ErrorKind::PermissionDenied {
            MemoryError::PermissionDenied {
                pid,
                path: path.to_path_buf(),
            }
        } else {
            MemoryError::Io {
                pid,
                path: path.to_path_buf(),
                source: error,
            }
        }
    }
}

/// Memory counters of a mapping, a group of mappings or a process, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Virtual size; for a process, the sum of its mappings' sizes.
    pub size: u64,
    /// Resident set size.
    pub rss: u64,
    /// Proportional set size.
    pub pss: u64,
    /// Unique set size: private clean + private dirty.
    pub uss: u64,
    /// Resident pages shared with other processes, unmodified.
    pub shared_clean: u64,
    /// Resident pages shared with other processes, modified.
    pub shared_dirty: u64,
    /// Resident pages of this process only, unmodified.
    pub private_clean: u64,
    /// Resident pages of this process only, modified.
    pub private_dirty: u64,
    /// Anonymous (not file-backed) resident pages.
    pub anonymous: u64,
    /// Swapped-out pages.
    pub swap: u64,
    /// Proportional share of the swapped-out pages.
    pub swap_pss: u64,
    /// Pages locked in memory.
    pub locked: u64,
}

impl Counters {
    /// Adds `other` to `self`.
    pub fn add(&mut self, other: &Counters) {
        self.size += other.size;
        self.rss += other.rss;
        self.pss += other.pss;
        self.uss += other.uss;
        self.shared_clean += other.shared_clean;
        self.shared_dirty += other.shared_dirty;
        self.private_clean += other.private_clean;
        self.private_dirty += other.private_dirty;
        self.anonymous += other.anonymous;
        self.swap += other.swap;
        self.swap_pss += other.swap_pss;
        self.locked += other.locked;
    }

    /// Sets a counter from an smaps field; returns false for fields it does not keep.
    fn set(&mut self, field: &str, bytes: u64) -> bool {
        let slot = match field {
            "Size" => &mut self.size,
            "Rss" => &mut self.rss,
            "Pss" => &mut self.pss,
            "Shared_Clean" => &mut self.shared_clean,
            "Shared_Dirty" => &mut self.shared_dirty,
            "Private_Clean" => &mut self.private_clean,
            "Private_Dirty" => &mut self.private_dirty,
            "Anonymous" => &mut self.anonymous,
            "Swap" => &mut self.swap,
            "SwapPss" => &mut self.swap_pss,
            "Locked" => &mut self.locked,
            _ => return false,
        };
        *slot = bytes;
        self.uss = self.private_clean + self.private_dirty;
        true
    }
}

/// What a mapping holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MappingKind {
    /// The brk heap, `[heap]` (malloc's main arena; large blocks are anonymous mappings).
    Heap,
    /// The main thread's stack, `[stack]`.
    Stack,
    /// Another thread's stack.
    ThreadStack,
    /// Anonymous memory: `mmap` without a file (malloc's large blocks and other arenas,
    /// language runtimes' heaps, JIT code), including `[anon:name]` mappings.
    Anonymous,
    /// A mapped file: executables, libraries, data files.
    File,
    /// Shared memory: `/dev/shm`, memfd, SysV segments, shared anonymous mappings.
    SharedMemory,
    /// Kernel-provided pages: `[vdso]`, `[vvar]`, `[vsyscall]`.
    Vdso,
    /// Anything else (`anon_inode:` mappings, unknown names).
    Other,
}

impl MappingKind {
    /// Every kind, in display order.
    pub const ALL: [MappingKind; 8] = [
        MappingKind::Heap,
        MappingKind::Stack,
        MappingKind::ThreadStack,
        MappingKind::Anonymous,
        MappingKind::File,
        MappingKind::SharedMemory,
        MappingKind::Vdso,
        MappingKind::Other,
    ];

    /// The kind a mapping's smaps name implies (before thread stacks are found).
    pub fn classify(name: Option<&str>) -> MappingKind {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return MappingKind::Anonymous;
        };
        match name {
            "[heap]" => MappingKind::Heap,
            "[stack]" => MappingKind::Stack,
            "[vdso]" | "[vvar]" | "[vvar_vclock]" | "[vsyscall]" | "[uprobes]" => MappingKind::Vdso,
            _ if name.starts_with("[stack:") => MappingKind::ThreadStack,
            _ if name.starts_with("[anon_shmem:") => MappingKind::SharedMemory,
            _ if name.starts_with("[anon:") => MappingKind::Anonymous,
            _ if name.starts_with("/dev/shm/")
                || name.starts_with("/memfd:")
                || name.starts_with("/SYSV")
                || name.starts_with("/dev/zero") =>
            {
                MappingKind::SharedMemory
            }
            _ if name.starts_with('/') => MappingKind::File,
            _ => MappingKind::Other,
        }
    }

    /// Short name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MappingKind::Heap => "heap",
            MappingKind::Stack => "stack",
            MappingKind::ThreadStack => "thread-stack",
            MappingKind::Anonymous => "anonymous",
            MappingKind::File => "file",
            MappingKind::SharedMemory => "shared-memory",
            MappingKind::Vdso => "vdso",
            MappingKind::Other => "other",
        }
    }
}

impl fmt::Display for MappingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mapping of the process, as smaps shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryMapping {
    /// First address.
    pub start: u64,
    /// One past the last address.
    pub end: u64,
    /// Permissions, e.g. `r-xp` (`p` private, `s` shared).
    pub perms: String,
    /// Offset into the file.
    pub offset: u64,
    /// Inode of the file, 0 for anonymous memory.
    pub inode: u64,
    /// The smaps name: a path, `[heap]`, `[stack]`, `[vdso]`...; absent for anonymous memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What it holds.
    pub kind: MappingKind,
    /// The thread whose stack it is, for thread stacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<u32>,
    /// Its counters.
    #[serde(flatten)]
    pub counters: Counters,
}

impl MemoryMapping {
    /// A short label: the name, or `[anon]`, `[stack tid N]` with the start address.
    pub fn label(&self) -> String {
        match (self.kind, &self.name, self.tid) {
            (MappingKind::ThreadStack, _, Some(tid)) => {
                format!("[stack tid {tid}] @{:x}", self.start)
            }
            (_, Some(name), _) if name.starts_with('[') => format!("{name} @{:x}", self.start),
            (_, Some(name), _) => name.clone(),
            (_, None, _) => format!("[anon] @{:x}", self.start),
        }
    }
}

/// The sum of the mappings of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindTotals {
    /// The kind.
    pub kind: MappingKind,
    /// How many mappings.
    pub mappings: usize,
    /// Their counters, summed.
    #[serde(flatten)]
    pub counters: Counters,
}

/// A process's memory: totals, totals by kind, and every mapping, largest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessMemory {
    /// The process id.
    pub pid: u32,
    /// Its command name (`/proc/PID/comm`), when readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Process totals (from smaps_rollup when the kernel has it; `size` from the mappings).
    pub totals: Counters,
    /// Totals by kind of mapping, in [`MappingKind::ALL`] order, kinds without mappings left out.
    pub by_kind: Vec<KindTotals>,
    /// Every mapping, by RSS (then size) from largest to smallest.
    pub mappings: Vec<MemoryMapping>,
    /// Things to know: threads whose stacks could not be found, a process without user memory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn proc_path(pid: u32, file: &str) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/{file}"))
}

fn read_proc(pid: u32, file: &str) -> Result<(PathBuf, String), MemoryError> {
    let path = proc_path(pid, file);
    match fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(e) => Err(MemoryError::from_io(pid, &path, e)),
    }
}

/// Reads the memory of process `pid`: every mapping from `/proc/PID/smaps`, the totals from
/// `/proc/PID/smaps_rollup`, and the thread stacks.
pub fn read_process_memory(pid: u32) -> Result<ProcessMemory, MemoryError> {
    let (path, text) = read_proc(pid, "smaps")?;
    let mut mappings = parse_smaps(&path, &text)?;
    if mappings.is_empty() {
        // An exited process has an empty smaps too; tell it from a kernel thread or zombie.
        if !proc_path(pid, "stat").exists() {
            return Err(MemoryError::NoSuchProcess { pid });
        }
    }
    let mut notes = Vec::new();
    let (stack_pointers, unknown) = thread_stack_pointers(pid);
    for (tid, sp) in &stack_pointers {
        if let Some(m) = mappings
            .iter_mut()
            .find(|m| m.start <= *sp && *sp < m.end && m.kind == MappingKind::Anonymous)
        {
            m.kind = MappingKind::ThreadStack;
            m.tid = Some(*tid);
        }
    }
    for m in &mut mappings {
        if m.kind == MappingKind::ThreadStack && m.tid.is_none() {
            // Old kernels name thread stacks `[stack:TID]`.
            m.tid = m
                .name
                .as_deref()
                .and_then(|n| n.strip_prefix("[stack:"))
                .and_then(|n| n.strip_suffix(']'))
                .and_then(|n| n.parse().ok());
        }
    }
    if unknown > 0 {
        notes.push(format!(
            "{unknown} thread stack(s) not identified (threads running on a CPU, or their \
             /proc/{pid}/task/TID/syscall unreadable): they count as anonymous"
        ));
    }
    let mut totals = match read_proc(pid, "smaps_rollup") {
        Ok((path, text)) => {
            let rollup = parse_smaps(&path, &text)?;
            match rollup.into_iter().next() {
                Some(m) => m.counters,
                None => sum(&mappings),
            }
        }
        Err(MemoryError::NoSuchProcess { pid }) if !proc_path(pid, "stat").exists() => {
            return Err(MemoryError::NoSuchProcess { pid });
        }
        Err(_) => sum(&mappings),
    };
    totals.size = mappings.iter().map(|m| m.counters.size).sum();
    if mappings.is_empty() {
        notes.push(format!(
            "pid {pid} has no user-space memory: it is a kernel thread or a zombie"
        ));
    }
    let by_kind = MappingKind::ALL
        .iter()
        .filter_map(|&kind| {
            let of_kind: Vec<&MemoryMapping> = mappings.iter().filter(|m| m.kind == kind).collect();
            (!of_kind.is_empty()).then(|| {
                let mut counters = Counters::default();
                for m in &of_kind {
                    counters.add(&m.counters);
                }
                KindTotals {
                    kind,
                    mappings: of_kind.len(),
                    counters,
                }
            })
        })
        .collect();
    sort_largest_first(&mut mappings);
    let command = fs::read_to_string(proc_path(pid, "comm"))
        .ok()
        .map(|c| c.trim_end().to_string());
    Ok(ProcessMemory {
        pid,
        command,
        totals,
        by_kind,
        mappings,
        notes,
    })
}

/// Reads only the totals (`/proc/PID/smaps_rollup`, or the sum of smaps): cheaper than
/// [`read_process_memory`], for sampling over time.
pub fn read_memory_totals(pid: u32) -> Result<Counters, MemoryError> {
    let (path, text) = match read_proc(pid, "smaps_rollup") {
        Ok(found) => found,
        Err(MemoryError::Io { .. }) | Err(MemoryError::NoSuchProcess { .. }) if proc_path(pid, "smaps").exists() => {
            read_proc(pid, "smaps")?
        }
        Err(e) => return Err(e),
    };
    let mappings = parse_smaps(&path, &text)?;
    if mappings.is_empty() && !proc_path(pid, "stat").exists() {
        return Err(MemoryError::NoSuchProcess { pid });
    }
    Ok(if path.ends_with("smaps_rollup") {
        mappings.first().map(|m| m.counters).unwrap_or_default()
    } else {
        sum(&mappings)
    })
}

fn sum(mappings: &[MemoryMapping]) -> Counters {
    let mut total = Counters::default();
    for m in mappings {
        total.add(&m.counters);
    }
    total
}

/// Sorts by RSS, then virtual size, from largest to smallest; then by address.
pub fn sort_largest_first(mappings: &mut [MemoryMapping]) {
    mappings.sort_by(|a, b| {
        b.counters
            .rss
            .cmp(&a.counters.rss)
            .then(b.counters.size.cmp(&a.counters.size))
            .then(a.start.cmp(&b.start))
    });
}

/// Stack pointers of the threads blocked in a system call, and how many threads other than the
/// main one gave none.
fn thread_stack_pointers(pid: u32) -> (Vec<(u32, u64)>, usize) {
    let mut found = Vec::new();
    let mut unknown = 0;
    let Ok(tasks) = fs::read_dir(proc_path(pid, "task")) else {
        return (found, 0);
    };
    for task in tasks.flatten() {
        let Some(tid) = task.file_name().to_str().and_then(|t| t.parse::<u32>().ok()) else {
            continue;
        };
        let sp = fs::read_to_string(task.path().join("syscall"))
            .ok()
            .and_then(|text| parse_syscall_sp(&text));
        match sp {
            Some(sp) => found.push((tid, sp)),
            None if tid != pid => unknown += 1,
            None => {}
        }
    }
    (found, unknown)
}

/// The stack pointer in `/proc/PID/task/TID/syscall`: `nr arg1 .. arg6 sp pc`. A running
/// thread shows `running`, a thread outside a system call `-1 sp pc`.
fn parse_syscall_sp(text: &str) -> Option<u64> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    if fields.len() < 3 || fields[0] == "running" {
        return None;
    }
    let sp = fields[fields.len() - 2];
    u64::from_str_radix(sp.strip_prefix("0x")?, 16).ok()
}

/// Parses smaps (or smaps_rollup) text.
pub fn parse_smaps(path: &Path, text: &str) -> Result<Vec<MemoryMapping>, MemoryError> {
    let mut mappings: Vec<MemoryMapping> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let bad = || MemoryError::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            text: line.to_string(),
        };
        if line.trim().is_empty() {
            continue;
        }
        if let Some(mapping) = parse_header(line) {
            mappings.push(mapping);
            continue;
        }
        let (field, rest) = line.split_once(':').ok_or_else(bad)?;
        let mut words = rest.split_whitespace();
        let (Some(value), Some("kB")) = (words.next(), words.next()) else {
            continue; // VmFlags, THPeligible, ProtectionKey: not counters
        };
        let kib: u64 = value.parse().map_err(|_| bad())?;
        let current = mappings.last_mut().ok_or_else(bad)?;
        current.counters.set(field, kib * 1024);
    }
    Ok(mappings)
}

/// `start-end perms offset dev inode [name]`, or None when the line is not a header.
fn parse_header(line: &str) -> Option<MemoryMapping> {
    let (range, rest) = line.split_once(' ')?;
    let (start, end) = range.split_once('-')?;
    let start = u64::from_str_radix(start, 16).ok()?;
    let end = u64::from_str_radix(end, 16).ok()?;
    let mut rest = rest.trim_start();
    let mut next = || -> Option<&str> {
        let (word, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        rest = tail.trim_start();
        Some(word).filter(|w| !w.is_empty())
    };
    let perms = next()?.to_string();
    let offset = u64::from_str_radix(next()?, 16).ok()?;
    let _dev = next()?;
    let inode = next()?.parse().ok()?;
    let name = Some(rest.trim_end().to_string()).filter(|n| !n.is_empty());
    let kind = MappingKind::classify(name.as_deref());
    let name = name.filter(|n| n != "[rollup]");
    Some(MemoryMapping {
        start,
        end,
        perms,
        offset,
        inode,
        name,
        kind,
        tid: None,
        counters: Counters::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMAPS: &str = "\
55b61fe18000-55b61fe1a000 r--p 00000000 fe:00 247774                     /usr/bin/my app
Size:                  8 kB
Rss:                   8 kB
Pss:                   4 kB
Shared_Clean:          4 kB
Shared_Dirty:          0 kB
Private_Clean:         4 kB
Private_Dirty:         0 kB
Anonymous:             0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
THPeligible:           0
VmFlags: rd mr mw me
55b630740000-55b630761000 rw-p 00000000 00:00 0                          [heap]
Size:                132 kB
Rss:                 100 kB
Pss:                 100 kB
Private_Dirty:       100 kB
Anonymous:           100 kB
Swap:                 12 kB
7f87e9970000-7f87e997d000 rw-p 00000000 00:00 0 
Size:                 52 kB
Rss:                  20 kB
Pss:                  20 kB
Private_Clean:         4 kB
Private_Dirty:        16 kB
Anonymous:            20 kB
7f87e998e000-7f87e9990000 r-xp 00000000 00:00 0                          [vdso]
Size:                  8 kB
Rss:                   4 kB
";

    #[test]
    fn parses_mappings_and_counters() {
        let maps = parse_smaps(Path::new("smaps"), SMAPS).unwrap();
        assert_eq!(maps.len(), 4);
        let exe = &maps[0];
        assert_eq!(exe.name.as_deref(), Some("/usr/bin/my app"));
        assert_eq!(exe.kind, MappingKind::File);
        assert_eq!(exe.perms, "r--p");
        assert_eq!(exe.inode, 247774);
        assert_eq!(exe.counters.uss, 4096);
        assert_eq!(exe.counters.pss, 4096);
        assert_eq!(exe.counters.shared_clean, 4096);
        let heap = &maps[1];
        assert_eq!(heap.kind, MappingKind::Heap);
        assert_eq!(heap.counters.swap, 12 * 1024);
        assert_eq!(heap.counters.size, 132 * 1024);
        let anon = &maps[2];
        assert_eq!((anon.kind, anon.name.as_deref()), (MappingKind::Anonymous, None));
        assert_eq!(anon.counters.uss, 20 * 1024);
        assert_eq!(anon.start, 0x7f87e9970000);
        assert_eq!(anon.end, 0x7f87e997d000);
        assert_eq!(maps[3].kind, MappingKind::Vdso);
    }

    #[test]
    fn classifies_names() {
        use MappingKind::*;
        for (name, kind) in [
            (None, Anonymous),
            (Some("[anon:jemalloc]"), Anonymous),
            (Some("[stack]"), Stack),
            (Some("[stack:1234]"), ThreadStack),
            (Some("[vvar]"), Vdso),
            (Some("/dev/shm/pool (deleted)"), SharedMemory),
            (Some("/memfd:wayland (deleted)"), SharedMemory),
            (Some("/dev/zero (deleted)"), SharedMemory),
            (Some("/SYSV00000000 (deleted)"), SharedMemory),
            (Some("/usr/lib/libc.so.6"), File),
            (Some("anon_inode:[perf_event]"), Other),
        ] {
            assert_eq!(MappingKind::classify(name), kind, "{name:?}");
        }
    }

    #[test]
    fn sorts_largest_first() {
        let mut maps = parse_smaps(Path::new("smaps"), SMAPS).unwrap();
        sort_largest_first(&mut maps);
        let rss: Vec<u64> = maps.iter().map(|m| m.counters.rss / 1024).collect();
        assert_eq!(rss, vec![100, 20, 8, 4]);
    }

    #[test]
    fn rejects_garbage_with_the_line() {
        let err = parse_smaps(Path::new("/proc/1/smaps"), "Rss: 4 kB\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        let err = parse_smaps(Path::new("x"), "0-1000 rw-p 0 00:00 0\nRss: many kB\n");
        assert!(err.is_err());
    }

    #[test]
    fn syscall_stack_pointer() {
        let blocked = "202 0x7f 0x80 0x0 0x0 0x0 0x0 0x7ffee983caa8 0x7f87e986a503\n";
        assert_eq!(parse_syscall_sp(blocked), Some(0x7ffee983caa8));
        assert_eq!(
            parse_syscall_sp("-1 0x7ffee983caa8 0x7f87e986a503\n"),
            Some(0x7ffee983caa8)
        );
        assert_eq!(parse_syscall_sp("running\n"), None);
    }

    #[test]
    fn io_errors_become_clear_errors() {
        let path = Path::new("/proc/77/smaps");
        let denied = MemoryError::from_io(77, path, io::Error::from(io::ErrorKind::PermissionDenied));
        let text = denied.to_string();
        assert!(text.contains("pid 77") && text.contains("CAP_SYS_PTRACE"), "{text}");
        assert!(text.contains("/proc/77/smaps"), "{text}");
        let gone = MemoryError::from_io(77, path, io::Error::from_raw_os_error(3));
        assert!(matches!(gone, MemoryError::NoSuchProcess { pid: 77 }));
        let missing = MemoryError::from_io(77, path, io::Error::from(io::ErrorKind::NotFound));
        assert_eq!(
            missing.to_string(),
            "no process with pid 77: it does not exist or has exited"
        );
    }
}
