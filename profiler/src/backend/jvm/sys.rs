//! The system calls the JVM backend needs that std does not offer: connecting to the attach
//! socket with the JVM's credentials, signals, and stop handlers. Everything unsafe of the JVM
//! backend lives here.
//!
//! # Why a forked child connects
//!
//! HotSpot accepts an attach connection only from a peer whose effective uid and gid (as
//! `SO_PEERCRED` reports them in the JVM's user namespace) are the JVM's own, or root in that
//! namespace. A profiler running as root on the host is not root inside a container with its own
//! user namespace, so it has to take the JVM's euid/egid for the `connect`.
//!
//! Changing credentials in the profiler itself is the wrong tool: glibc's `setresuid` changes
//! every thread of a multithreaded process (through its SETXID signal broadcast), while the raw
//! system call changes only the calling thread, which leaves a process whose threads disagree on
//! who they are, and a thread that must switch back (keeping root as saved uid) to be reused.
//! Instead a short-lived child is forked. Only the child switches (raw `setgroups`,
//! `setresgid`, `setresuid`: after `fork` it is the only thread), connects, and sends the
//! connected socket back over a socket pair (`SCM_RIGHTS`), then exits. The profiler keeps its
//! credentials and talks to the JVM over the received socket with ordinary Rust code.
//!
//! The child runs only async-signal-safe system calls on memory prepared before the fork, as
//! required after `fork` in a multithreaded process.
#![allow(unsafe_code)]

use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::net::UnixStream;

/// The effective uid of the profiler.
pub fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() }
}

/// Sends `signal` to process `pid`.
pub fn kill(pid: u32, signal: i32) -> io::Result<()> {
    // SAFETY: kill has no memory preconditions.
    if unsafe { libc::kill(pid as libc::pid_t, signal) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Connects to the Unix socket `name` in the directory `dir`, as a process with effective uid
/// `uid` and gid `gid` (and no supplementary groups), from a forked child. See the module
/// documentation for why.
pub fn connect_as(dir: &File, name: &str, uid: u32, gid: u32) -> io::Result<UnixStream> {
    let name = CString::new(name).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in a socket name"))?;
    if name.as_bytes().len() >= 108 {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "socket name too long"));
    }
    // Everything the child uses is prepared here, before the fork.
    // SAFETY: a zeroed sockaddr_un is a valid value of that plain C struct.
    let mut addr: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
    for (dst, &src) in addr.sun_path.iter_mut().zip(name.as_bytes()) {
        *dst = src as libc::c_char;
    }
    let addr_len = (std::mem::size_of::<libc::sa_family_t>() + name.as_bytes().len() + 1) as libc::socklen_t;
    let mut pair = [0 as libc::c_int; 2];
    // SAFETY: pair is an array of two ints, as socketpair requires.
    if unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_DGRAM | libc::SOCK_CLOEXEC,
            0,
            pair.as_mut_ptr(),
        )
    } < 0
    {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: socketpair returned two fresh fds that nothing else owns.
    let (ours, theirs) = unsafe { (OwnedFd::from_raw_fd(pair[0]), OwnedFd::from_raw_fd(pair[1])) };
    let dir_fd = dir.as_raw_fd();
    let theirs_fd = theirs.as_raw_fd();
    let mut cmsg_space = [0u8; 64];
    // SAFETY: CMSG_SPACE only computes a size.
    let cmsg_len = unsafe { libc::CMSG_SPACE(std::mem::size_of::<libc::c_int>() as u32) } as usize;
    assert!(cmsg_len <= cmsg_space.len());
    let mut payload = [0i32; 2];

    // SAFETY: after fork the child only makes raw system calls (fchdir, setgroups, setresgid,
    // setresuid, socket, connect, sendmsg, _exit) on memory prepared before the fork, all
    // async-signal-safe; it never returns from its block.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        // SAFETY: see above.
        unsafe {
            // A failure is reported as a datagram of (step, errno) without a socket.
            let fail = |step: i32| -> ! {
                let report = [step, *libc::__errno_location()];
                libc::send(theirs_fd, report.as_ptr() as *const libc::c_void, 8, 0);
                libc::_exit(1);
            };
            if libc::fchdir(dir_fd) < 0 {
                fail(1);
            }
            if libc::syscall(libc::SYS_setgroups, 0usize, std::ptr::null::<libc::gid_t>()) < 0 {
                fail(2);
            }
            if libc::syscall(libc::SYS_setresgid, gid, gid, gid) < 0 {
                fail(2);
            }
            if libc::syscall(libc::SYS_setresuid, uid, uid, uid) < 0 {
                fail(2);
            }
            let sock = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
            if sock < 0 {
                fail(3);
            }
            if libc::connect(
                sock,
                &addr as *const libc::sockaddr_un as *const libc::sockaddr,
                addr_len,
            ) < 0
            {
                fail(4);
            }
            let mut iov = libc::iovec {
                iov_base: payload.as_mut_ptr() as *mut libc::c_void,
                iov_len: 8,
            };
            let mut msg: libc::msghdr = std::mem::zeroed();
            msg.msg_iov = &mut iov;
            msg.msg_iovlen = 1;
            msg.msg_control = cmsg_space.as_mut_ptr() as *mut libc::c_void;
            msg.msg_controllen = cmsg_len;
            let cmsg = libc::CMSG_FIRSTHDR(&msg);
            (*cmsg).cmsg_level = libc::SOL_SOCKET;
            (*cmsg).cmsg_type = libc::SCM_RIGHTS;
            (*cmsg).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<libc::c_int>() as u32) as usize;
            std::ptr::copy_nonoverlapping(
                &sock as *const libc::c_int as *const u8,
                libc::CMSG_DATA(cmsg),
                std::mem::size_of::<libc::c_int>(),
            );
            if libc::sendmsg(theirs_fd, &msg, 0) < 0 {
                fail(5);
            }
            libc::_exit(0);
        }
    }
    drop(theirs);
    wait_child(pid);
    match receive(&ours)? {
        Received::Socket(fd) => Ok(UnixStream::from(fd)),
        Received::Failed { step, errno } => {
            let what = match step {
                1 => "cannot enter the JVM's temporary directory",
                2 => "cannot take the JVM's user and group ids",
                3 => "cannot create a socket",
                4 => "cannot connect to the attach socket",
                _ => "cannot pass the socket back",
            };
            let err = io::Error::from_raw_os_error(errno);
            Err(io::Error::new(
                err.kind(),
                format!("{what} (as uid {uid}, gid {gid}): {err}"),
            ))
        }
    }
}

enum Received {
    Socket(OwnedFd),
    Failed { step: i32, errno: i32 },
}

/// Receives the helper's message: a socket (`SCM_RIGHTS`), or the step that failed and its
/// errno.
fn receive(sock: &OwnedFd) -> io::Result<Received> {
    let mut payload = [0i32; 2];
    let mut cmsg_space = [0u8; 64];
    let mut iov = libc::iovec {
        iov_base: payload.as_mut_ptr() as *mut libc::c_void,
        iov_len: 8,
    };
    // SAFETY: a zeroed msghdr is a valid value; its pointers are set to live buffers below.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cmsg_space.as_mut_ptr() as *mut libc::c_void;
    msg.msg_controllen = cmsg_space.len();
    // SAFETY: msg points to valid buffers of the given lengths; MSG_DONTWAIT because the child
    // has already exited, so the message is there or never will be.
    let n = unsafe { libc::recvmsg(sock.as_raw_fd(), &mut msg, libc::MSG_DONTWAIT | libc::MSG_CMSG_CLOEXEC) };
    if n < 0 {
        let err = io::Error::last_os_error();
        return Err(io::Error::new(
            err.kind(),
            format!("the attach helper died without an answer: {err}"),
        ));
    }
    // SAFETY: CMSG_FIRSTHDR reads msg's control fields, which recvmsg set.
    let cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    // SAFETY: cmsg, when not null, points into cmsg_space, filled by the kernel.
    unsafe {
        if !cmsg.is_null() && (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_RIGHTS {
            let mut fd: libc::c_int = -1;
            std::ptr::copy_nonoverlapping(
                libc::CMSG_DATA(cmsg),
                &mut fd as *mut libc::c_int as *mut u8,
                std::mem::size_of::<libc::c_int>(),
            );
            if fd >= 0 {
                return Ok(Received::Socket(OwnedFd::from_raw_fd(fd)));
            }
        }
    }
    Ok(Received::Failed {
        step: payload[0],
        errno: payload[1],
    })
}

/// Reaps a child.
fn wait_child(pid: libc::pid_t) {
    let mut status = 0;
    loop {
        // SAFETY: status is valid to write to.
        let rc = unsafe { libc::waitpid(pid, &mut status, 0) };
        if rc == pid || (rc < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::EINTR)) {
            return;
        }
    }
}

// Ctrl-C and SIGTERM stop a JVM recording as they stop a native one: one flag, one handler.
pub use crate::backend::native::sys::{install_stop_handlers, request_stop, stop_requested};
