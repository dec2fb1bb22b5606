//! Stack unwinding: frame-pointer chains from the kernel, and CFI (`.eh_frame`) unwinding of
//! the copied user stack with framehop.

use super::modules::{Bytes, Mapping, MappingSource, ModuleFile, ModuleTable};
use super::records::{PERF_CONTEXT_KERNEL, PERF_CONTEXT_MAX, PERF_CONTEXT_USER, SampleRecord};
use super::{Loc, NativeOptions};
use crate::cli::Unwind;
use framehop::{ExplicitModuleSectionInfo, MayAllocateDuringUnwind, Module, Unwinder};
use std::time::{Duration, Instant};

type NativeUnwinder = framehop::UnwinderNative<Bytes, MayAllocateDuringUnwind>;
/// framehop's rule cache, shared by all processes.
pub type Cache = framehop::CacheNative<MayAllocateDuringUnwind>;

/// Frames kept at most per stack; deeper stacks are marked truncated.
const MAX_FRAMES: usize = 2048;

/// How a stack was unwound (for the statistics).
pub enum How {
    /// CFI reached the root.
    CfiComplete,
    /// CFI stopped early; the frame-pointer chain supplied the rest.
    FpSpliced,
    /// Anything else.
    Other,
}

/// The address space of one process, as the samples see it.
pub struct ProcessState {
    mappings: Vec<Mapping>,
    unwinder: NativeUnwinder,
    last_rescan: Option<Instant>,
}

fn framehop_module(mapping: &Mapping, file: &ModuleFile) -> Option<Module<Bytes>> {
    let sections = file.unwind.as_ref()?;
    if !sections.has_cfi() {
        return None;
    }
    let info = ExplicitModuleSectionInfo {
        base_svma: 0,
        text_svma: sections.text_svma.clone(),
        eh_frame_svma: sections.eh_frame_svma.clone(),
        eh_frame: sections.eh_frame.clone(),
        eh_frame_hdr_svma: sections.eh_frame_hdr_svma.clone(),
        eh_frame_hdr: sections.eh_frame_hdr.clone(),
        debug_frame: sections.debug_frame.clone(),
        got_svma: sections.got_svma.clone(),
        ..Default::default()
    };
    Some(Module::new(
        file.path.clone(),
        mapping.start..mapping.end,
        sections.base_avma(mapping.start, mapping.pgoff),
        info,
    ))
}

impl ProcessState {
    /// An empty address space.
    pub fn new() -> ProcessState {
        ProcessState {
            mappings: Vec::new(),
            unwinder: NativeUnwinder::new(),
            last_rescan: None,
        }
    }

    /// Forgets every mapping (after exec).
    pub fn clear(&mut self) {
        self.mappings.clear();
        self.unwinder = NativeUnwinder::new();
    }

    /// A forked child's copy of this address space.
    pub fn fork_copy(&self, modules: &ModuleTable) -> ProcessState {
        let mut child = ProcessState::new();
        for m in &self.mappings {
            child.add_mapping(m.clone(), modules);
        }
        child
    }

    /// Replaces the mappings by what `/proc/PID/maps` says now. Rate-limited.
    pub fn rescan(&mut self, pid: u32, modules: &mut ModuleTable) {
        if let Some(last) = self.last_rescan {
            if last.elapsed() < Duration::from_millis(50) {
                return;
            }
        }
        self.last_rescan = Some(Instant::now());
        let Ok(lines) = super::modules::read_maps(pid) else {
            return;
        };
        self.clear();
        for line in lines.into_iter().filter(|l| l.executable) {
            let module = if line.path.starts_with('/') && line.inode != 0 {
                Some(modules.get_or_load(&MappingSource {
                    pid,
                    start: line.start,
                    end: line.end,
                    path: &line.path,
                    dev: Some(line.dev),
                    inode: line.inode,
                    build_id: None,
                }))
            } else if line.path.starts_with('[') {
                Some(modules.named(&line.path))
            } else {
                None
            };
            self.add_mapping(
                Mapping {
                    start: line.start,
                    end: line.end,
                    pgoff: line.pgoff,
                    module,
                    executable: true,
                },
                modules,
            );
        }
    }

    /// Adds a mapping, replacing the ones it overlaps.
    pub fn add_mapping(&mut self, mapping: Mapping, modules: &ModuleTable) {
        let overlapping: Vec<u64> = self
            .mappings
            .iter()
            .filter(|m| m.start < mapping.end && mapping.start < m.end)
            .map(|m| m.start)
            .collect();
        for start in overlapping {
            self.unwinder.remove_module(start);
            self.mappings.retain(|m| m.start != start);
        }
        if let Some(module) = mapping
            .module
            .and_then(|id| modules.files.get(id as usize))
            .and_then(|file| framehop_module(&mapping, file))
        {
            self.unwinder.add_module(module);
        }
        let at = self.mappings.partition_point(|m| m.start < mapping.start);
        self.mappings.insert(at, mapping);
    }

    fn find(&self, addr: u64) -> Option<&Mapping> {
        let at = self.mappings.partition_point(|m| m.start <= addr);
        let m = self.mappings.get(at.checked_sub(1)?)?;
        (addr < m.end && m.executable).then_some(m)
    }

    /// Makes sure `addr` is mapped, reading `/proc/PID/maps` again if it is not.
    fn ensure_mapped(&mut self, pid: u32, addr: u64, modules: &mut ModuleTable) {
        if self.find(addr).is_none() {
            self.rescan(pid, modules);
        }
    }

    /// The location of a code address (already moved into the call for return addresses).
    fn loc(&self, pid: u32, addr: u64) -> Loc {
        match self.find(addr) {
            Some(Mapping {
                start,
                pgoff,
                module: Some(module),
                ..
            }) => Loc::File {
                module: *module,
                offset: addr - start + pgoff,
            },
            _ => Loc::Anon { pid, addr },
        }
    }
}

/// Result of a CFI walk.
struct CfiWalk {
    addrs: Vec<u64>,
    complete: bool,
}

fn cfi_walk(state: &ProcessState, regs: [u64; 3], stack: &[u8], cache: &mut Cache) -> CfiWalk {
    let [bp, sp, ip] = regs;
    let mut read_stack = |addr: u64| -> Result<u64, ()> {
        let off = addr.checked_sub(sp).ok_or(())? as usize;
        let bytes = stack.get(off..off + 8).ok_or(())?;
        Ok(u64::from_ne_bytes(bytes.try_into().map_err(|_| ())?))
    };
    let mut iter = state
        .unwinder
        .iter_frames(ip, framehop::UnwindRegsNative::new(ip, sp, bp), cache, &mut read_stack);
    let mut addrs = Vec::new();
    let complete = loop {
        match iter.next() {
            Ok(Some(frame)) => {
                addrs.push(frame.address());
                if addrs.len() >= MAX_FRAMES {
                    break false;
                }
            }
            Ok(None) => break true,
            Err(_) => break false,
        }
    };
    CfiWalk { addrs, complete }
}

/// Where the frame-pointer chain `fp` continues a CFI walk `cfi` that stopped early: the index
/// in `fp` of CFI's last return address. Recursion repeats return addresses, so the match is
/// looked for at the same depth first; the frame-pointer chain may lack a frameless leaf's
/// caller (one frame fewer) and rarely differs more near the leaf.
fn splice_point(cfi: &[u64], fp: &[u64]) -> Option<usize> {
    let last = *cfi.last()?;
    let k = cfi.len() as isize - 1;
    // The chains' offset, from their first return addresses: 0, or 1 when the frame-pointer
    // chain skipped the caller of a frameless leaf.
    if let (Some(&f1), Some(&c1), Some(&c2)) = (fp.get(1), cfi.get(1), cfi.get(2)) {
        let shift = if f1 == c1 {
            Some(0)
        } else if f1 == c2 {
            Some(1)
        } else {
            None
        };
        if let Some(j) = shift.map(|d| (k - d) as usize) {
            if j >= 1 && fp.get(j) == Some(&last) {
                return Some(j);
            }
        }
    }
    [k, k - 1, k + 1, k - 2, k + 2]
        .into_iter()
        .filter(|&j| j >= 1 && (j as usize) < fp.len())
        .map(|j| j as usize)
        .find(|&j| fp[j] == last)
}

/// Unwinds one sample into locations (leaf first). Returns the frames, whether the stack was
/// cut short of its root, and how it was unwound.
pub fn unwind_sample(
    sample: &SampleRecord,
    state: &mut ProcessState,
    pid: u32,
    modules: &mut ModuleTable,
    cache: &mut Cache,
    opts: &NativeOptions,
    max_stack: usize,
) -> (Vec<Loc>, bool, How) {
    let mut kernel = Vec::new();
    let mut user_fp = Vec::new();
    let mut context = 0;
    for &ip in &sample.callchain {
        if ip >= PERF_CONTEXT_MAX {
            context = ip;
        } else if context == PERF_CONTEXT_KERNEL {
            kernel.push(ip);
        } else if context == PERF_CONTEXT_USER {
            user_fp.push(ip);
        }
    }
    // The kernel stops a chain at perf_event_max_stack frames, cutting off the root side.
    let fp_truncated = kernel.len() + user_fp.len() >= max_stack;
    let mut frames = Vec::new();
    if opts.kernel {
        for (i, &ip) in kernel.iter().enumerate() {
            frames.push(Loc::Kernel(if i == 0 { ip } else { ip.wrapping_sub(1) }));
        }
    }
    let (user, truncated, how) = match (opts.unwind, sample.user_regs) {
        (Unwind::Fp, _) => (user_fp, fp_truncated, How::Other),
        (Unwind::Dwarf | Unwind::Auto, Some(regs)) => {
            state.ensure_mapped(pid, regs[2], modules);
            let walk = cfi_walk(state, regs, sample.user_stack, cache);
            if walk.complete {
                (walk.addrs, false, How::CfiComplete)
            } else if opts.unwind == Unwind::Dwarf || user_fp.is_empty() {
                (walk.addrs, true, How::Other)
            } else if walk.addrs.len() <= 1 {
                (user_fp, fp_truncated, How::Other)
            } else {
                // Continue with the frame-pointer chain from the last frame CFI found.
                match splice_point(&walk.addrs, &user_fp) {
                    Some(j) => {
                        let mut addrs = walk.addrs;
                        addrs.extend_from_slice(&user_fp[j + 1..]);
                        (addrs, fp_truncated, How::FpSpliced)
                    }
                    None => (walk.addrs, true, How::Other),
                }
            }
        }
        (Unwind::Dwarf, None) => (Vec::new(), false, How::Other),
        (Unwind::Auto, None) => (user_fp, fp_truncated, How::Other),
    };
    if let Some(&ip) = user.first() {
        state.ensure_mapped(pid, ip, modules);
    }
    for (i, &addr) in user.iter().enumerate() {
        let lookup = if i == 0 { addr } else { addr.wrapping_sub(1) };
        frames.push(state.loc(pid, lookup));
    }
    (frames, truncated, how)
}

#[cfg(test)]
mod tests {
    use super::splice_point;

    #[test]
    fn splice_at_the_same_depth_in_recursion() {
        // ip, then main <- r <- r <- r <- leaf, return addresses repeat in the recursion.
        let cfi = [0x10, 0x20, 0x20, 0x20];
        let fp = [0x10, 0x20, 0x20, 0x20, 0x20, 0x20, 0x30, 0x40];
        assert_eq!(splice_point(&cfi, &fp), Some(3));
        // The frame-pointer chain lost the leaf's caller (0x11): one frame fewer.
        let cfi = [0x10, 0x11, 0x20, 0x20];
        let fp = [0x10, 0x20, 0x20, 0x20, 0x30];
        assert_eq!(splice_point(&cfi, &fp), Some(2));
        let cfi = [0x10, 0x15, 0x20, 0x21];
        let fp = [0x10, 0x20, 0x21, 0x30];
        assert_eq!(splice_point(&cfi, &fp), Some(2));
        assert_eq!(splice_point(&cfi, &[0x10, 0x99]), None);
    }
}
