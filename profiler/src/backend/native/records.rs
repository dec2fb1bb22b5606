//! Parsing of perf ring-buffer records (`struct perf_event_header` and what follows).
//!
//! The layout depends on the attr: samples carry `IP | TID | TIME | CALLCHAIN` and, for CFI
//! unwinding, `REGS_USER | STACK_USER`; the other records end with the `sample_id_all`
//! trailer `{pid, tid, time}`.

use super::sys::{SAMPLE_CALLCHAIN, SAMPLE_REGS_USER, SAMPLE_STACK_USER};

const PERF_RECORD_MMAP: u32 = 1;
const PERF_RECORD_LOST: u32 = 2;
const PERF_RECORD_COMM: u32 = 3;
const PERF_RECORD_EXIT: u32 = 4;
const PERF_RECORD_FORK: u32 = 7;
const PERF_RECORD_SAMPLE: u32 = 9;
const PERF_RECORD_MMAP2: u32 = 10;
const PERF_RECORD_LOST_SAMPLES: u32 = 13;

/// `misc` flag of a COMM record written by exec.
const PERF_RECORD_MISC_COMM_EXEC: u16 = 1 << 13;

/// `misc` flag of an MMAP2 record that carries a build-id instead of device and inode.
const PERF_RECORD_MISC_MMAP_BUILD_ID: u16 = 1 << 14;

/// Callchain context markers.
pub const PERF_CONTEXT_KERNEL: u64 = (-128i64) as u64;
pub const PERF_CONTEXT_USER: u64 = (-512i64) as u64;
/// Markers are the values at or above this one.
pub const PERF_CONTEXT_MAX: u64 = (-4095i64) as u64;

/// One decoded record.
#[derive(Debug)]
pub enum Record<'a> {
    /// A sample.
    Sample(SampleRecord<'a>),
    /// A new memory mapping.
    Mmap(MmapRecord),
    /// A thread or process was created.
    Fork { pid: u32, ppid: u32, tid: u32 },
    /// A thread or process exited.
    Exit,
    /// A thread was named, or a process exec'd (`exec` true).
    Comm {
        pid: u32,
        tid: u32,
        name: String,
        exec: bool,
    },
    /// The kernel dropped this many records (ring buffer full).
    Lost(u64),
}

/// A decoded sample.
#[derive(Debug, Default)]
#[allow(dead_code)] // ip and time are decoded for completeness and debugging
pub struct SampleRecord<'a> {
    pub ip: u64,
    pub pid: u32,
    pub tid: u32,
    pub time: u64,
    /// Raw callchain, with context markers.
    pub callchain: Vec<u64>,
    /// (bp, sp, ip) of user space, when the sample has user registers.
    pub user_regs: Option<[u64; 3]>,
    /// The copied user stack, starting at the user sp.
    pub user_stack: &'a [u8],
}

/// A decoded MMAP or MMAP2 record.
#[derive(Debug, Clone)]
pub struct MmapRecord {
    pub pid: u32,
    pub start: u64,
    pub len: u64,
    pub pgoff: u64,
    pub dev: Option<(u32, u32)>,
    pub inode: u64,
    /// GNU build-id, when the kernel reports it (attr.build_id) instead of device and inode.
    pub build_id: Option<Vec<u8>>,
    pub executable: bool,
    pub path: String,
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn u64(&mut self) -> Option<u64> {
        let bytes = self.data.get(self.pos..self.pos + 8)?;
        self.pos += 8;
        Some(u64::from_ne_bytes(bytes.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        let bytes = self.data.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        Some(u32::from_ne_bytes(bytes.try_into().ok()?))
    }
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.data.get(self.pos..self.pos + n)?;
        self.pos += n;
        Some(bytes)
    }
    fn cstr(&mut self, end: usize) -> String {
        let bytes = self.data.get(self.pos..end).unwrap_or_default();
        let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        String::from_utf8_lossy(&bytes[..len]).into_owned()
    }
}

/// The timestamp of a record, used to order records of several ring buffers. Samples carry it
/// after ip/pid/tid; other records in the `sample_id_all` trailer (last 8 bytes).
pub fn timestamp(record: &[u8]) -> u64 {
    let kind = u32::from_ne_bytes(record[0..4].try_into().unwrap_or_default());
    let at = if kind == PERF_RECORD_SAMPLE {
        8 + 16
    } else if record.len() >= 24 {
        record.len() - 8
    } else {
        return 0;
    };
    record
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_ne_bytes)
        .unwrap_or(0)
}

/// Decodes one record; `None` for kinds the profiler does not use or malformed records.
pub fn parse(record: &[u8], sample_type: u64) -> Option<Record<'_>> {
    let kind = u32::from_ne_bytes(record.get(0..4)?.try_into().ok()?);
    let misc = u16::from_ne_bytes(record.get(4..6)?.try_into().ok()?);
    let mut r = Reader { data: record, pos: 8 };
    // The sample_id_all trailer of non-sample records: pid, tid (u32 each) and time.
    let trailer = record.len().saturating_sub(16);
    match kind {
        PERF_RECORD_SAMPLE => {
            let mut s = SampleRecord {
                ip: r.u64()?,
                pid: r.u32()?,
                tid: r.u32()?,
                time: r.u64()?,
                ..Default::default()
            };
            if sample_type & SAMPLE_CALLCHAIN != 0 {
                let nr = r.u64()? as usize;
                if nr > 4096 {
                    return None;
                }
                s.callchain = (0..nr).map(|_| r.u64()).collect::<Option<_>>()?;
            }
            if sample_type & SAMPLE_REGS_USER != 0 {
                let abi = r.u64()?;
                if abi != 0 {
                    s.user_regs = Some([r.u64()?, r.u64()?, r.u64()?]);
                }
            }
            if sample_type & SAMPLE_STACK_USER != 0 {
                let size = r.u64()? as usize;
                if size != 0 {
                    let data = r.bytes(size)?;
                    let dyn_size = r.u64()? as usize;
                    s.user_stack = &data[..dyn_size.min(size)];
                }
            }
            Some(Record::Sample(s))
        }
        PERF_RECORD_MMAP | PERF_RECORD_MMAP2 => {
            let pid = r.u32()?;
            let _tid = r.u32()?;
            let start = r.u64()?;
            let len = r.u64()?;
            let pgoff = r.u64()?;
            let mut build_id = None;
            let (dev, inode, executable) = if kind == PERF_RECORD_MMAP2 {
                let (dev, inode) = if misc & PERF_RECORD_MISC_MMAP_BUILD_ID != 0 {
                    // With attr.build_id: u8 size, 3 reserved bytes, 20 bytes of build-id.
                    let header = r.bytes(4)?;
                    let size = (header[0] as usize).min(20);
                    let bytes = r.bytes(20)?;
                    build_id = Some(bytes[..size].to_vec());
                    (None, 0)
                } else {
                    let maj = r.u32()?;
                    let min = r.u32()?;
                    let ino = r.u64()?;
                    let _ino_generation = r.u64()?;
                    (Some((maj, min)), ino)
                };
                let prot = r.u32()?;
                let _flags = r.u32()?;
                (dev, inode, prot & libc::PROT_EXEC as u32 != 0)
            } else {
                // MMAP records are only written for executable mappings unless mmap_data.
                (None, 0, true)
            };
            let path = r.cstr(trailer);
            Some(Record::Mmap(MmapRecord {
                pid,
                start,
                len,
                pgoff,
                dev,
                inode,
                build_id,
                executable,
                path,
            }))
        }
        PERF_RECORD_FORK => {
            let pid = r.u32()?;
            let ppid = r.u32()?;
            let tid = r.u32()?;
            Some(Record::Fork { pid, ppid, tid })
        }
        PERF_RECORD_EXIT => Some(Record::Exit),
        PERF_RECORD_COMM => {
            let pid = r.u32()?;
            let tid = r.u32()?;
            let name = r.cstr(trailer);
            Some(Record::Comm {
                pid,
                tid,
                name,
                exec: misc & PERF_RECORD_MISC_COMM_EXEC != 0,
            })
        }
        PERF_RECORD_LOST => {
            let _id = r.u64()?;
            Some(Record::Lost(r.u64()?))
        }
        PERF_RECORD_LOST_SAMPLES => Some(Record::Lost(r.u64()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(kind: u32, misc: u16, body: &[u8]) -> Vec<u8> {
        let mut rec = Vec::new();
        rec.extend_from_slice(&kind.to_ne_bytes());
        rec.extend_from_slice(&misc.to_ne_bytes());
        rec.extend_from_slice(&((8 + body.len()) as u16).to_ne_bytes());
        rec.extend_from_slice(body);
        rec
    }

    #[test]
    fn sample_with_callchain_regs_and_stack() {
        let mut body = Vec::new();
        body.extend_from_slice(&0x1000u64.to_ne_bytes());
        body.extend_from_slice(&7u32.to_ne_bytes());
        body.extend_from_slice(&8u32.to_ne_bytes());
        body.extend_from_slice(&99u64.to_ne_bytes());
        for v in [2u64, PERF_CONTEXT_USER, 0x1000] {
            body.extend_from_slice(&v.to_ne_bytes());
        }
        for v in [2u64, 0x10, 0x20, 0x1000] {
            body.extend_from_slice(&v.to_ne_bytes());
        }
        body.extend_from_slice(&16u64.to_ne_bytes());
        body.extend_from_slice(&[1u8; 16]);
        body.extend_from_slice(&8u64.to_ne_bytes());
        let rec = header(PERF_RECORD_SAMPLE, 0, &body);
        assert_eq!(timestamp(&rec), 99);
        let types = SAMPLE_CALLCHAIN | SAMPLE_REGS_USER | SAMPLE_STACK_USER;
        let Some(Record::Sample(s)) = parse(&rec, types) else {
            panic!("not a sample")
        };
        assert_eq!((s.pid, s.tid, s.time), (7, 8, 99));
        assert_eq!(s.callchain, vec![PERF_CONTEXT_USER, 0x1000]);
        assert_eq!(s.user_regs, Some([0x10, 0x20, 0x1000]));
        assert_eq!(s.user_stack.len(), 8);
    }

    #[test]
    fn mmap2_with_build_id() {
        let mut body = Vec::new();
        body.extend_from_slice(&9u32.to_ne_bytes());
        body.extend_from_slice(&9u32.to_ne_bytes());
        for v in [0x7000u64, 0x1000, 0x2000] {
            body.extend_from_slice(&v.to_ne_bytes());
        }
        body.extend_from_slice(&[3, 0, 0, 0]);
        let mut id = [0u8; 20];
        id[..3].copy_from_slice(&[0xab, 0xcd, 0xef]);
        body.extend_from_slice(&id);
        body.extend_from_slice(&((libc::PROT_READ | libc::PROT_EXEC) as u32).to_ne_bytes());
        body.extend_from_slice(&0u32.to_ne_bytes());
        body.extend_from_slice(b"/lib/x.so\0\0\0\0\0\0\0");
        body.extend_from_slice(&[0u8; 16]);
        let rec = header(PERF_RECORD_MMAP2, PERF_RECORD_MISC_MMAP_BUILD_ID, &body);
        match parse(&rec, 0) {
            Some(Record::Mmap(m)) => {
                assert_eq!(m.build_id.as_deref(), Some(&[0xab, 0xcd, 0xef][..]));
                assert_eq!((m.start, m.len, m.pgoff), (0x7000, 0x1000, 0x2000));
                assert!(m.executable);
                assert_eq!(m.path, "/lib/x.so");
                assert_eq!(m.inode, 0);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn comm_exec_and_trailer_time() {
        let mut body = Vec::new();
        body.extend_from_slice(&5u32.to_ne_bytes());
        body.extend_from_slice(&5u32.to_ne_bytes());
        body.extend_from_slice(b"prog\0\0\0\0");
        body.extend_from_slice(&5u32.to_ne_bytes());
        body.extend_from_slice(&5u32.to_ne_bytes());
        body.extend_from_slice(&1234u64.to_ne_bytes());
        let rec = header(PERF_RECORD_COMM, PERF_RECORD_MISC_COMM_EXEC, &body);
        assert_eq!(timestamp(&rec), 1234);
        match parse(&rec, 0) {
            Some(Record::Comm { name, exec, .. }) => {
                assert_eq!(name, "prog");
                assert!(exec);
            }
            other => panic!("{other:?}"),
        }
    }
}
