//! The profiler's end of the heap shim: a private directory holding the library and a unix
//! socket, a thread accepting connections (one per reporting process), and one thread per
//! connection applying its records to the shared [`State`].

use super::protocol::{self, Message};
use crate::backend::native::{AddressMap, Loc};
use crate::heap::memory::{Counters, read_memory_totals};
use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often a connection is read when it had nothing.
const POLL_EVERY: Duration = Duration::from_millis(5);

/// How often a connected process's memory totals are read while it runs.
const MEMORY_EVERY: Duration = Duration::from_millis(250);

/// The estimated bytes a sampled block of `size` bytes stands for: the block was sampled with
/// probability `1 - exp(-size / interval)`, so it counts `size` divided by that (which makes
/// the sum over sampled blocks an unbiased estimate of the bytes of all blocks). With an
/// interval of 1 every block was sampled and counts its size.
pub fn estimate(size: u64, interval: u64) -> f64 {
    if interval <= 1 || size == 0 {
        return size as f64;
    }
    let probability = -(-(size as f64) / interval as f64).exp_m1();
    size as f64 / probability
}

/// A stack as the shim reported it, as locations (leaf first).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StackKey {
    /// Locations, the caller of the allocation function first.
    pub frames: Vec<Loc>,
    /// The walk stopped at the frame limit.
    pub truncated: bool,
}

/// What one process reported.
#[derive(Debug, Clone, Default)]
pub struct ProcessHeap {
    /// Process id.
    pub pid: u32,
    /// Its parent.
    pub ppid: u32,
    /// Mean bytes between samples.
    pub interval: u64,
    /// Sampled blocks not freed: address -> (stack, size).
    pub live: HashMap<u64, (u32, u64)>,
    /// Estimated bytes in use now.
    pub in_use: f64,
    /// Largest `in_use` seen.
    pub peak: f64,
    /// Estimated bytes allocated in total.
    pub allocated: f64,
    /// Sampled allocations.
    pub samples: u64,
    /// The shim's table of sampled blocks filled up.
    pub overflow: bool,
    /// The process told it was exiting.
    pub exited: bool,
    /// Its memory totals: the reading at exit, else the last one while it ran.
    pub memory: Option<Counters>,
    /// `memory` was read at exit.
    pub memory_at_exit: bool,
}

/// Everything the connected processes reported.
#[derive(Default)]
pub struct State {
    /// Executable mappings and module files of the processes.
    pub addrs: AddressMap,
    /// Distinct stacks, by id.
    pub stacks: Vec<StackKey>,
    index: HashMap<StackKey, u32>,
    /// Processes by pid, in the order they connected.
    pub processes: Vec<ProcessHeap>,
    /// Problems with the stream (shown as notes).
    pub errors: Vec<String>,
}

impl State {
    fn process(&mut self, pid: u32) -> Option<&mut ProcessHeap> {
        self.processes.iter_mut().find(|p| p.pid == pid)
    }

    fn intern(&mut self, key: StackKey) -> u32 {
        if let Some(&id) = self.index.get(&key) {
            return id;
        }
        let id = self.stacks.len() as u32;
        self.stacks.push(key.clone());
        self.index.insert(key, id);
        id
    }

    /// Applies one record of process `pid` (None before its hello).
    fn apply(&mut self, pid: Option<u32>, message: Message) {
        let Some(pid) = pid else { return };
        match message {
            Message::Hello {
                pid, ppid, interval, ..
            } => {
                // A process that ran exec says hello again: a new address space.
                self.addrs.reset(pid);
                self.processes.retain(|p| p.pid != pid);
                self.processes.push(ProcessHeap {
                    pid,
                    ppid,
                    interval,
                    ..ProcessHeap::default()
                });
            }
            Message::Maps(text) => self.addrs.add_maps_text(pid, &text),
            Message::Alloc {
                addr,
                size,
                frames,
                truncated,
            } => {
                let frames = frames
                    .iter()
                    .map(|&pc| self.addrs.loc(pid, pc.saturating_sub(1)))
                    .collect();
                let id = self.intern(StackKey { frames, truncated });
                let Some(p) = self.process(pid) else { return };
                let weight = estimate(size, p.interval);
                if let Some((_, old)) = p.live.insert(addr, (id, size)) {
                    p.in_use -= estimate(old, p.interval);
                }
                p.in_use += weight;
                p.peak = p.peak.max(p.in_use);
                p.allocated += weight;
                p.samples += 1;
            }
            Message::Free { addr } => {
                if let Some(p) = self.process(pid) {
                    if let Some((_, size)) = p.live.remove(&addr) {
                        p.in_use -= estimate(size, p.interval);
                    }
                }
            }
            Message::Overflow => {
                if let Some(p) = self.process(pid) {
                    p.overflow = true;
                }
            }
            Message::Exit => {
                if let Some(p) = self.process(pid) {
                    p.exited = true;
                }
            }
        }
    }
}

/// A directory only this user can enter, removed with everything in it when dropped.
struct PrivateDir(PathBuf);

impl PrivateDir {
    fn create() -> io::Result<PrivateDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path = base.join(format!("profiler-heap-{}-{n}-{nanos:x}", std::process::id()));
            // create() fails on an existing path, so nobody can have prepared it for us.
            match std::fs::DirBuilder::new().mode(0o700).create(&path) {
                Ok(()) => return Ok(PrivateDir(path)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Counters the waiting end looks at.
#[derive(Default)]
struct Progress {
    /// Connections accepted and not yet at their end.
    open: AtomicUsize,
    /// Times the acceptor found no pending connection.
    idle_polls: AtomicU64,
}

/// A running heap session: the library is written out, the socket listens.
pub struct Session {
    dir: PrivateDir,
    shim: PathBuf,
    socket: PathBuf,
    interval: u64,
    follow: bool,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    progress: Arc<Progress>,
    acceptor: Option<JoinHandle<Vec<JoinHandle<()>>>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

impl Session {
    /// Writes `library` into a new private directory, and listens on a socket beside it.
    pub fn start(library: &[u8], interval: u64, follow: bool) -> io::Result<Session> {
        let dir = PrivateDir::create()?;
        let shim = dir.0.join("libprofiler_heap.so");
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o500)
            .open(&shim)?
            .write_all(library)?;
        let socket = dir.0.join("heap.sock");
        if socket.as_os_str().len() >= 100 {
            return Err(io::Error::other(format!(
                "the socket path {} is too long for a unix socket: set TMPDIR to a shorter directory",
                socket.display()
            )));
        }
        let listener = UnixListener::bind(&socket)?;
        listener.set_nonblocking(true)?;
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(Progress::default());
        let acceptor = {
            let (state, stop, progress) = (state.clone(), stop.clone(), progress.clone());
            std::thread::Builder::new()
                .name("heap-accept".into())
                .spawn(move || accept_loop(listener, state, stop, progress))?
        };
        Ok(Session {
            dir,
            shim,
            socket,
            interval,
            follow,
            state,
            stop,
            progress,
            acceptor: Some(acceptor),
        })
    }

    /// The library's path.
    pub fn shim_path(&self) -> &Path {
        &self.shim
    }

    /// The environment of the launched command: LD_PRELOAD (the library first, before any
    /// preload of the user's, so that its malloc is the one called and the user's allocator
    /// the one it calls), and where and how to report.
    pub fn env(&self) -> Vec<(OsString, OsString)> {
        let mut preload = self.shim.clone().into_os_string();
        if let Some(existing) = std::env::var_os("LD_PRELOAD").filter(|v| !v.is_empty()) {
            preload.push(":");
            preload.push(existing);
        }
        vec![
            ("LD_PRELOAD".into(), preload),
            ("PROFILER_HEAP_SOCKET".into(), self.socket.clone().into_os_string()),
            ("PROFILER_HEAP_INTERVAL".into(), self.interval.to_string().into()),
            ("PROFILER_HEAP_PARENT".into(), std::process::id().to_string().into()),
            (
                "PROFILER_HEAP_FOLLOW".into(),
                if self.follow { "1" } else { "0" }.into(),
            ),
        ]
    }

    /// Stops listening and returns what was reported. With `exited`, the launched command has
    /// ended: its connection is read to its end (for up to `wait`, for children that still
    /// run). Otherwise what arrives within a short grace period is taken.
    pub fn finish(mut self, exited: bool, wait: Duration) -> State {
        let began = Instant::now();
        let polls = self.progress.idle_polls.load(Ordering::SeqCst);
        if exited {
            // Until a pending connection would have been accepted and every connection ended.
            while began.elapsed() < wait {
                let accepted_all = self.progress.idle_polls.load(Ordering::SeqCst) >= polls + 2;
                if accepted_all && self.progress.open.load(Ordering::SeqCst) == 0 {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        } else {
            std::thread::sleep(Duration::from_millis(300));
        }
        self.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            if let Ok(readers) = acceptor.join() {
                for reader in readers {
                    let _ = reader.join();
                }
            }
        }
        let _ = &self.dir;
        std::mem::take(&mut *lock(&self.state))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn accept_loop(
    listener: UnixListener,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    progress: Arc<Progress>,
) -> Vec<JoinHandle<()>> {
    let mut readers = Vec::new();
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                progress.open.fetch_add(1, Ordering::SeqCst);
                let (shared, stopping, counters) = (state.clone(), stop.clone(), progress.clone());
                let spawned = std::thread::Builder::new().name("heap-reader".into()).spawn(move || {
                    serve(stream, &shared, &stopping);
                    counters.open.fetch_sub(1, Ordering::SeqCst);
                });
                match spawned {
                    Ok(handle) => readers.push(handle),
                    Err(e) => {
                        progress.open.fetch_sub(1, Ordering::SeqCst);
                        lock(&state).errors.push(format!("cannot start a reader thread: {e}"));
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                progress.idle_polls.fetch_add(1, Ordering::SeqCst);
                if stop.load(Ordering::SeqCst) {
                    return readers;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                lock(&state).errors.push(format!("heap socket: {e}"));
                return readers;
            }
        }
    }
}

/// Reads one process's records until its end (or the stop flag), and reads its memory
/// totals every [`MEMORY_EVERY`] and when it says it exits (then answers, so that it goes on).
///
/// The socket is polled every [`POLL_EVERY`] rather than read with a blocking call: a send
/// that finds no reader asleep on the socket wakes nobody, which halves what a record costs
/// the target.
fn serve(mut stream: UnixStream, state: &Mutex<State>, stop: &AtomicBool) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut pid: Option<u32> = None;
    let mut last_memory: Option<Instant> = None;
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                let messages = match protocol::take_messages(&mut buf) {
                    Ok(messages) => messages,
                    Err(e) => {
                        lock(state)
                            .errors
                            .push(format!("{e} (pid {pid:?}); its later records were ignored"));
                        break;
                    }
                };
                for message in messages {
                    match &message {
                        Message::Hello { version, pid: p, .. } => {
                            if *version != protocol::VERSION {
                                lock(state).errors.push(format!(
                                    "pid {p}: heap shim protocol {version}, this profiler reads {}",
                                    protocol::VERSION
                                ));
                                return;
                            }
                            pid = Some(*p);
                            last_memory = None;
                        }
                        Message::Exit => {
                            if let Some(p) = pid {
                                let memory = read_memory_totals(p).ok();
                                let mut state = lock(state);
                                if let Some(heap) = state.process(p) {
                                    if memory.is_some() {
                                        heap.memory = memory;
                                        heap.memory_at_exit = true;
                                    }
                                }
                            }
                            let _ = stream.write_all(b"k");
                        }
                        _ => {}
                    }
                    lock(state).apply(pid, message);
                }
            }
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(POLL_EVERY);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
        if let Some(p) = pid {
            if last_memory.is_none_or(|t| t.elapsed() >= MEMORY_EVERY) {
                last_memory = Some(Instant::now());
                if let Ok(memory) = read_memory_totals(p) {
                    let mut state = lock(state);
                    if let Some(heap) = state.process(p) {
                        if !heap.memory_at_exit {
                            heap.memory = Some(memory);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_weigh_small_blocks_up() {
        assert_eq!(estimate(100, 1), 100.0);
        // A block much larger than the interval is nearly always sampled: it counts itself.
        let big = estimate(64 << 20, 512 << 10);
        assert!((big - (64 << 20) as f64).abs() < 1.0, "{big}");
        // A small one counts about one interval.
        let small = estimate(64, 512 << 10);
        assert!((small / (512 << 10) as f64 - 1.0).abs() < 1e-3, "{small}");
    }

    #[test]
    fn the_sum_of_weights_is_unbiased() {
        // Simulate the shim's sampling of 200,000 blocks of 1 KiB at a 64 KiB interval: each
        // is sampled with probability 1 - exp(-1/64); the weighted sum is the total within a
        // few standard deviations (1 / sqrt(3,100 samples) = 1.8%).
        let (size, interval, n) = (1024u64, 64u64 << 10, 200_000u64);
        let p = -(-(size as f64) / interval as f64).exp_m1();
        let mut x = 0x2545F4914F6CDD1Du64;
        let mut total = 0.0;
        for _ in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (x >> 11) as f64 / (1u64 << 53) as f64 <= p {
                total += estimate(size, interval);
            }
        }
        let ratio = total / (size * n) as f64;
        assert!((ratio - 1.0).abs() < 0.08, "{ratio}");
    }

    #[test]
    fn frees_and_reuse() {
        let mut state = State::default();
        let hello = Message::Hello {
            version: 1,
            pid: 7,
            ppid: 1,
            max_frames: 128,
            interval: 1,
        };
        state.apply(Some(7), hello.clone());
        let alloc = |addr, size| Message::Alloc {
            addr,
            size,
            frames: vec![0x1001],
            truncated: false,
        };
        state.apply(Some(7), alloc(0x10, 100));
        state.apply(Some(7), alloc(0x20, 50));
        state.apply(Some(7), Message::Free { addr: 0x10 });
        state.apply(Some(7), alloc(0x10, 30));
        state.apply(Some(7), Message::Free { addr: 0x99 });
        let p = &state.processes[0];
        assert_eq!((p.in_use, p.peak, p.allocated, p.samples), (80.0, 150.0, 180.0, 3));
        assert_eq!(state.stacks.len(), 1);
        // A second hello (exec) starts over.
        state.apply(Some(7), hello);
        assert_eq!(state.processes[0].samples, 0);
        // Records before a hello are dropped.
        state.apply(None, alloc(0x30, 1));
        assert_eq!(state.processes.len(), 1);
    }
}
