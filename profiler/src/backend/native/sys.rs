//! The few system calls the native backend needs: perf_event_open, the ring buffer mmap, fork
//! and exec of a launched command, signal handlers and waitpid. Everything unsafe lives here.
#![allow(unsafe_code)]

use std::ffi::{CString, OsString};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// `perf_event_attr`, as of PERF_ATTR_SIZE_VER8 (136 bytes).
#[repr(C)]
#[derive(Debug, Default, Clone, Copy)]
pub struct PerfEventAttr {
    pub type_: u32,
    pub size: u32,
    pub config: u64,
    pub sample_period: u64,
    pub sample_type: u64,
    pub read_format: u64,
    pub flags: u64,
    pub wakeup_watermark: u32,
    pub bp_type: u32,
    pub config1: u64,
    pub config2: u64,
    pub branch_sample_type: u64,
    pub sample_regs_user: u64,
    pub sample_stack_user: u32,
    pub clockid: i32,
    pub sample_regs_intr: u64,
    pub aux_watermark: u32,
    pub sample_max_stack: u16,
    pub reserved2: u16,
    pub aux_sample_size: u32,
    pub reserved3: u32,
    pub sig_data: u64,
    pub config3: u64,
}

pub const PERF_TYPE_SOFTWARE: u32 = 1;
pub const PERF_COUNT_SW_CPU_CLOCK: u64 = 0;

pub const SAMPLE_IP: u64 = 1;
pub const SAMPLE_TID: u64 = 1 << 1;
pub const SAMPLE_TIME: u64 = 1 << 2;
pub const SAMPLE_CALLCHAIN: u64 = 1 << 5;
pub const SAMPLE_REGS_USER: u64 = 1 << 12;
pub const SAMPLE_STACK_USER: u64 = 1 << 13;

pub const FLAG_DISABLED: u64 = 1;
pub const FLAG_INHERIT: u64 = 1 << 1;
pub const FLAG_EXCLUDE_KERNEL: u64 = 1 << 5;
pub const FLAG_EXCLUDE_HV: u64 = 1 << 6;
pub const FLAG_MMAP: u64 = 1 << 8;
pub const FLAG_COMM: u64 = 1 << 9;
pub const FLAG_ENABLE_ON_EXEC: u64 = 1 << 12;
pub const FLAG_TASK: u64 = 1 << 13;
pub const FLAG_WATERMARK: u64 = 1 << 14;
pub const FLAG_SAMPLE_ID_ALL: u64 = 1 << 18;
pub const FLAG_EXCLUDE_CALLCHAIN_KERNEL: u64 = 1 << 21;
pub const FLAG_EXCLUDE_CALLCHAIN_USER: u64 = 1 << 22;
pub const FLAG_MMAP2: u64 = 1 << 23;
pub const FLAG_COMM_EXEC: u64 = 1 << 24;
pub const FLAG_BUILD_ID: u64 = 1 << 34;

/// x86_64 `perf_event_x86_regs` indices of the registers unwinding needs.
pub const REG_BP: u64 = 6;
pub const REG_SP: u64 = 7;
pub const REG_IP: u64 = 8;

const PERF_FLAG_FD_CLOEXEC: libc::c_ulong = 1 << 3;
const PERF_EVENT_IOC_ENABLE: libc::c_ulong = 0x2400;
const PERF_EVENT_IOC_DISABLE: libc::c_ulong = 0x2401;
const PERF_EVENT_IOC_SET_OUTPUT: libc::c_ulong = 0x2405;

/// Opens one perf event. `pid` is a thread or process id, `cpu` a CPU or -1.
pub fn perf_event_open(attr: &PerfEventAttr, pid: i32, cpu: i32) -> io::Result<OwnedFd> {
    let mut attr = *attr;
    attr.size = std::mem::size_of::<PerfEventAttr>() as u32;
    // SAFETY: the attr pointer is valid for the call; the kernel reads `size` bytes of it.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_perf_event_open,
            &attr as *const PerfEventAttr,
            pid,
            cpu,
            -1 as libc::c_int,
            PERF_FLAG_FD_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the kernel just returned this fd and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// Sends the samples of `fd` into the ring buffer of `target` (same CPU).
pub fn set_output(fd: &OwnedFd, target: &OwnedFd) -> io::Result<()> {
    // SAFETY: both fds are open perf event fds; the ioctl takes an fd argument.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), PERF_EVENT_IOC_SET_OUTPUT, target.as_raw_fd()) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Enables or disables an event.
pub fn enable(fd: &OwnedFd, on: bool) -> io::Result<()> {
    let request = if on {
        PERF_EVENT_IOC_ENABLE
    } else {
        PERF_EVENT_IOC_DISABLE
    };
    // SAFETY: a plain ioctl on an open perf event fd, with no pointer argument.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), request, 0) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The system page size.
pub fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if size > 0 { size as usize } else { 4096 }
}

/// A perf ring buffer: one metadata page and `2^n` data pages.
pub struct RingBuffer {
    base: *mut u8,
    len: usize,
    data_offset: usize,
    data_size: usize,
    fd: OwnedFd,
}

// SAFETY: the mapping is owned by this value and only touched through &mut self.
unsafe impl Send for RingBuffer {}

impl RingBuffer {
    /// Maps the ring buffer of `fd` with `data_pages` (a power of two) data pages.
    pub fn map(fd: OwnedFd, data_pages: usize) -> io::Result<RingBuffer> {
        let page = page_size();
        let len = page * (data_pages + 1);
        // SAFETY: a fresh shared mapping of a perf fd; the kernel validates the length.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                fd.as_raw_fd(),
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        Ok(RingBuffer {
            base: base as *mut u8,
            len,
            data_offset: page,
            data_size: page * data_pages,
            fd,
        })
    }

    /// The event fd that owns the buffer.
    pub fn fd(&self) -> &OwnedFd {
        &self.fd
    }

    fn head_tail(&self) -> (&AtomicU64, &AtomicU64) {
        // SAFETY: data_head and data_tail are the u64 fields at offsets 1024 and 1032 of
        // struct perf_event_mmap_page, 8-byte aligned inside the first mapped page, and live
        // as long as self. The kernel writes data_head concurrently, hence atomics.
        unsafe {
            (
                &*(self.base.add(1024) as *const AtomicU64),
                &*(self.base.add(1032) as *const AtomicU64),
            )
        }
    }

    /// Copies every complete record out of the buffer into `out` (one Vec per record) and
    /// frees the space.
    pub fn drain(&mut self, out: &mut Vec<Vec<u8>>) {
        let (head, tail) = self.head_tail();
        let head_pos = head.load(Ordering::Acquire);
        let mut pos = tail.load(Ordering::Relaxed);
        // SAFETY: the data area is mapped for data_size bytes after data_offset.
        let data = unsafe { std::slice::from_raw_parts(self.base.add(self.data_offset), self.data_size) };
        let size = self.data_size as u64;
        while pos + 8 <= head_pos {
            let mut header = [0u8; 8];
            copy_wrapped(data, pos % size, &mut header);
            let rec_size = u16::from_ne_bytes([header[6], header[7]]) as u64;
            if rec_size < 8 || pos + rec_size > head_pos {
                break;
            }
            let mut record = vec![0u8; rec_size as usize];
            copy_wrapped(data, pos % size, &mut record);
            out.push(record);
            pos += rec_size;
        }
        tail.store(pos, Ordering::Release);
    }
}

fn copy_wrapped(data: &[u8], start: u64, out: &mut [u8]) {
    let start = start as usize;
    let first = out.len().min(data.len() - start);
    out[..first].copy_from_slice(&data[start..start + first]);
    if first < out.len() {
        let rest = out.len() - first;
        out[first..].copy_from_slice(&data[..rest]);
    }
}

impl Drop for RingBuffer {
    fn drop(&mut self) {
        // SAFETY: base/len are the mapping made in `map`, unmapped once.
        unsafe {
            libc::munmap(self.base as *mut libc::c_void, self.len);
        }
    }
}

/// Waits until one of `fds` is readable, a signal arrives, or `timeout_ms` passes.
pub fn poll_readable(fds: &[RawFd], timeout_ms: i32) {
    let mut pollfds: Vec<libc::pollfd> = fds
        .iter()
        .map(|&fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    // SAFETY: pollfds is a valid array of pollfd of the given length.
    unsafe {
        libc::poll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, timeout_ms);
    }
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// Makes SIGINT and SIGTERM set the stop flag instead of killing the profiler.
pub fn install_stop_handlers() {
    STOP.store(false, Ordering::SeqCst);
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe; the
        // sigaction struct is zeroed and then filled in.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_stop_signal as *const () as usize;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = 0;
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// True once SIGINT or SIGTERM arrived.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Asks the recording loop to stop, as SIGINT does (for library users and tests).
pub fn request_stop() {
    STOP.store(true, Ordering::SeqCst);
}

/// A forked child that waits, before exec, until [`Launched::release`] is called.
pub struct Launched {
    pub pid: i32,
    go: Option<OwnedFd>,
    err: OwnedFd,
}

fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: fds is an array of two ints, as pipe2 requires.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 returned two fresh fds that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Forks; the child blocks until released, then execs `argv` (searching PATH), with `env` set
/// over the profiler's environment.
pub fn fork_stopped(argv: &[String], env: &[(OsString, OsString)]) -> io::Result<Launched> {
    let cargs: Vec<CString> = argv
        .iter()
        .map(|a| CString::new(a.as_bytes()))
        .collect::<Result<_, _>>()
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL byte in the command"))?;
    let mut ptrs: Vec<*const libc::c_char> = cargs.iter().map(|c| c.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // With `env`, the command gets the profiler's environment with `env` set over it, built
    // here because the child may not allocate.
    let cenv: Option<Vec<CString>> = if env.is_empty() {
        None
    } else {
        let mut vars: Vec<(OsString, OsString)> = std::env::vars_os()
            .filter(|(k, _)| !env.iter().any(|(e, _)| e == k))
            .collect();
        vars.extend(env.iter().cloned());
        let entries = vars
            .iter()
            .map(|(k, v)| {
                let mut entry = k.as_bytes().to_vec();
                entry.push(b'=');
                entry.extend_from_slice(v.as_bytes());
                CString::new(entry)
            })
            .collect::<Result<_, _>>()
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL byte in an environment variable"))?;
        Some(entries)
    };
    let envp: Option<Vec<*const libc::c_char>> = cenv.as_ref().map(|vars| {
        let mut ptrs: Vec<*const libc::c_char> = vars.iter().map(|c| c.as_ptr()).collect();
        ptrs.push(std::ptr::null());
        ptrs
    });
    let (go_read, go_write) = pipe()?;
    let (err_read, err_write) = pipe()?;
    // SAFETY: after fork the child only calls async-signal-safe functions (close, read,
    // execvp or execvpe, write, _exit) on memory prepared before the fork.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        // SAFETY: see above; the child never returns from this block.
        unsafe {
            libc::close(go_write.as_raw_fd());
            libc::close(err_read.as_raw_fd());
            let mut byte = 0u8;
            let n = libc::read(go_read.as_raw_fd(), &mut byte as *mut u8 as *mut libc::c_void, 1);
            if n == 1 {
                match &envp {
                    Some(envp) => libc::execvpe(ptrs[0], ptrs.as_ptr(), envp.as_ptr()),
                    None => libc::execvp(ptrs[0], ptrs.as_ptr()),
                };
            }
            let errno = *libc::__errno_location();
            let bytes = errno.to_ne_bytes();
            libc::write(err_write.as_raw_fd(), bytes.as_ptr() as *const libc::c_void, 4);
            libc::_exit(127);
        }
    }
    drop(go_read);
    drop(err_write);
    Ok(Launched {
        pid,
        go: Some(go_write),
        err: err_read,
    })
}

impl Launched {
    /// Lets the child exec. Returns the exec error, if exec failed.
    pub fn release(&mut self) -> io::Result<()> {
        if let Some(go) = self.go.take() {
            let byte = 1u8;
            // SAFETY: writes one byte from a valid buffer to our pipe end.
            unsafe {
                libc::write(go.as_raw_fd(), &byte as *const u8 as *const libc::c_void, 1);
            }
        }
        let mut buf = [0u8; 4];
        // SAFETY: reads at most 4 bytes into a 4-byte buffer. Returns 0 once exec closed the
        // CLOEXEC write end.
        let n = unsafe { libc::read(self.err.as_raw_fd(), buf.as_mut_ptr() as *mut libc::c_void, 4) };
        if n == 4 {
            return Err(io::Error::from_raw_os_error(i32::from_ne_bytes(buf)));
        }
        Ok(())
    }

    /// Kills a child that was never released (used when opening the events failed).
    pub fn abort(&mut self) {
        self.go = None;
        let _ = wait(self.pid, true);
    }
}

/// How a child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// exit(code)
    Code(i32),
    /// Killed by a signal.
    Signal(i32),
}

/// wait4; with `block == false` returns `None` while the child runs. Also returns the
/// child's CPU time (user + system, from its rusage).
pub fn wait(pid: i32, block: bool) -> Option<(ExitStatus, std::time::Duration)> {
    let mut status = 0;
    let flags = if block { 0 } else { libc::WNOHANG };
    loop {
        // SAFETY: a zeroed rusage is a valid value of that plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: status and usage are valid to write to.
        let rc = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if rc == pid {
            let tv = |t: libc::timeval| std::time::Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
            let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
            if libc::WIFEXITED(status) {
                return Some((ExitStatus::Code(libc::WEXITSTATUS(status)), cpu));
            }
            if libc::WIFSIGNALED(status) {
                return Some((ExitStatus::Signal(libc::WTERMSIG(status)), cpu));
            }
            continue;
        }
        if rc < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            if block {
                continue;
            }
            return None;
        }
        return None;
    }
}

/// True when a process with this pid exists (a zombie counts as gone).
pub fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat.rsplit(')').next().and_then(|rest| rest.trim().chars().next());
            !matches!(state, Some('Z') | Some('X') | None)
        }
        Err(_) => false,
    }
}

/// The effective uid of the profiler.
pub fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() }
}

/// Raises the soft limit of open files to the hard limit: a target with many threads needs
/// one event fd per thread and CPU.
pub fn raise_fd_limit() {
    // SAFETY: a zeroed rlimit is a valid value; get/setrlimit read and write that struct only.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}
