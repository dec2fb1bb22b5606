//! The records the heap shim (`shim.c`) sends: a `u32` length (of the whole record), a `u32`
//! type, then the payload, all in the machine's byte order (the shim runs on this machine).

/// The protocol version this profiler reads.
pub const VERSION: u32 = 1;

/// Largest record accepted (a maps chunk is at most 20 KiB, an allocation about 1 KiB).
pub const MAX_RECORD: usize = 1 << 20;

/// One record of the shim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The first record of a process (and again after exec).
    Hello {
        /// Protocol version.
        version: u32,
        /// The reporting process.
        pid: u32,
        /// Its parent.
        ppid: u32,
        /// Most frames in a stack.
        max_frames: u32,
        /// Mean bytes between samples (1: every allocation).
        interval: u64,
    },
    /// Executable lines of `/proc/self/maps`.
    Maps(String),
    /// A sampled allocation.
    Alloc {
        /// The block.
        addr: u64,
        /// Its size as requested.
        size: u64,
        /// Return addresses, the caller of the allocation function first.
        frames: Vec<u64>,
        /// The walk stopped at the frame limit before the root.
        truncated: bool,
    },
    /// A sampled block was freed (or reallocated).
    Free {
        /// The block.
        addr: u64,
    },
    /// The process is exiting and waits for one byte back.
    Exit,
    /// The table of sampled blocks is full: later samples are not tracked.
    Overflow,
}

/// A record that makes no sense: the stream cannot be trusted after it.
#[derive(Debug, thiserror::Error)]
#[error("malformed record from the heap shim: {0}")]
pub struct ProtocolError(pub String);

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_ne_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Takes the complete records at the start of `buf` (leaving a partial one there) and returns
/// them.
pub fn take_messages(buf: &mut Vec<u8>) -> Result<Vec<Message>, ProtocolError> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(len) = u32_at(buf, at) {
        let len = len as usize;
        if !(8..=MAX_RECORD).contains(&len) {
            return Err(ProtocolError(format!("record length {len}")));
        }
        if buf.len() < at + len {
            break;
        }
        out.push(parse(&buf[at..at + len])?);
        at += len;
    }
    buf.drain(..at);
    Ok(out)
}

fn parse(rec: &[u8]) -> Result<Message, ProtocolError> {
    let short = || ProtocolError(format!("record of {} bytes is too short", rec.len()));
    let kind = u32_at(rec, 4).ok_or_else(short)?;
    let body = &rec[8..];
    Ok(match kind {
        1 => Message::Hello {
            version: u32_at(body, 0).ok_or_else(short)?,
            pid: u32_at(body, 4).ok_or_else(short)?,
            ppid: u32_at(body, 8).ok_or_else(short)?,
            max_frames: u32_at(body, 12).ok_or_else(short)?,
            interval: u64_at(body, 16).ok_or_else(short)?,
        },
        2 => Message::Maps(String::from_utf8_lossy(body).into_owned()),
        3 => {
            let count = u32_at(body, 16).ok_or_else(short)? as usize;
            let flags = u32_at(body, 20).ok_or_else(short)?;
            if body.len() != 24 + 8 * count {
                return Err(ProtocolError(format!(
                    "allocation record of {} bytes for {count} frames",
                    rec.len()
                )));
            }
            Message::Alloc {
                addr: u64_at(body, 0).ok_or_else(short)?,
                size: u64_at(body, 8).ok_or_else(short)?,
                frames: (0..count).filter_map(|i| u64_at(body, 24 + 8 * i)).collect(),
                truncated: flags & 1 != 0,
            }
        }
        4 => Message::Free {
            addr: u64_at(body, 0).ok_or_else(short)?,
        },
        5 => Message::Exit,
        6 => Message::Overflow,
        other => return Err(ProtocolError(format!("unknown record type {other}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u32, body: &[u8]) -> Vec<u8> {
        let mut out = ((body.len() + 8) as u32).to_ne_bytes().to_vec();
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn records_split_anywhere() {
        let mut alloc = Vec::new();
        for v in [0x1000u64, 4096] {
            alloc.extend_from_slice(&v.to_ne_bytes());
        }
        alloc.extend_from_slice(&2u32.to_ne_bytes());
        alloc.extend_from_slice(&1u32.to_ne_bytes());
        for pc in [0x55u64, 0x66] {
            alloc.extend_from_slice(&pc.to_ne_bytes());
        }
        let mut stream = record(3, &alloc);
        stream.extend(record(4, &0x1000u64.to_ne_bytes()));
        stream.extend(record(2, b"0-1 r-xp 0 0:0 0 /x\n"));
        stream.extend(record(5, &[]));
        // Fed one byte at a time, the same records come out.
        let mut buf = Vec::new();
        let mut got = Vec::new();
        for b in stream {
            buf.push(b);
            got.extend(take_messages(&mut buf).unwrap());
        }
        assert!(buf.is_empty());
        assert_eq!(
            got,
            vec![
                Message::Alloc {
                    addr: 0x1000,
                    size: 4096,
                    frames: vec![0x55, 0x66],
                    truncated: true
                },
                Message::Free { addr: 0x1000 },
                Message::Maps("0-1 r-xp 0 0:0 0 /x\n".into()),
                Message::Exit,
            ]
        );
    }

    #[test]
    fn garbage_is_an_error() {
        let mut buf = record(99, &[]);
        assert!(take_messages(&mut buf).is_err());
        let mut buf = 3u32.to_ne_bytes().to_vec();
        buf.extend_from_slice(&[0; 8]);
        assert!(take_messages(&mut buf).is_err());
        let mut buf = record(3, &[0; 30]);
        assert!(take_messages(&mut buf).is_err());
    }
}
