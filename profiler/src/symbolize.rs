//! Addresses to function names: ELF symbol tables and DWARF (with inlined frames and, on
//! request, file:line), Rust and C++ demangling, kernel symbols from `/proc/kallsyms`, and JIT
//! perf maps (`/tmp/perf-PID.map`).
//!
//! ELF and DWARF go through blazesym, which reads symbol tables, DWARF (including debug links
//! and compressed sections), inline information and demangles, and caches each file it
//! opened. Files are named by the fds the recorder held open, so what is symbolized is the very
//! file that was mapped. Perf maps are parsed here, because their addresses may or may not
//! carry a `0x` prefix.

use crate::backend::native::{Loc, ModuleFile};
use crate::sample::{Frame, FrameKind};
use blazesym::symbolize::source::{Elf, Kernel, Source};
use blazesym::symbolize::{CodeInfo, Input, Symbolized, Symbolizer};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Symbolization options.
#[derive(Debug, Clone, Copy, Default)]
pub struct SymbolizeOptions {
    /// Add file:line to frames.
    pub lines: bool,
}

/// One JIT symbol of a perf map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerfMapEntry {
    /// Start address.
    pub start: u64,
    /// Size in bytes.
    pub size: u64,
    /// Symbol name.
    pub name: String,
}

fn parse_hex(text: &str) -> Option<u64> {
    let text = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    u64::from_str_radix(text, 16).ok()
}

/// Parses a perf map (`START SIZE name`, hex numbers with or without `0x`), sorted by start.
pub fn parse_perf_map(text: &str) -> Vec<PerfMapEntry> {
    let mut entries: Vec<PerfMapEntry> = text
        .lines()
        .filter_map(|line| {
            let mut parts = line.trim().splitn(3, ' ');
            let start = parse_hex(parts.next()?)?;
            let size = parse_hex(parts.next()?)?;
            let name = parts.next()?.trim().to_string();
            Some(PerfMapEntry { start, size, name })
        })
        .collect();
    entries.sort_by_key(|e| e.start);
    entries
}

fn perf_map_lookup(entries: &[PerfMapEntry], addr: u64) -> Option<&PerfMapEntry> {
    // Later entries for the same range win (JITs rewrite code); search the last start <= addr.
    let at = entries.partition_point(|e| e.start <= addr);
    entries[..at]
        .iter()
        .rev()
        .take(64)
        .find(|e| addr < e.start.saturating_add(e.size.max(1)))
}

fn code_location(info: Option<&CodeInfo>, lines: bool) -> (Option<String>, Option<u32>) {
    match info {
        Some(info) if lines => {
            let path = info.to_path();
            (Some(path.display().to_string()), info.line)
        }
        _ => (None, None),
    }
}

fn frames_of(sym: Symbolized, module: Option<&str>, kind: FrameKind, lines: bool) -> Vec<Frame> {
    match sym {
        Symbolized::Sym(sym) => {
            let mut frames = Vec::with_capacity(1 + sym.inlined.len());
            let (file, line) = code_location(sym.code_info.as_deref(), lines);
            frames.push(Frame {
                function: sym.name.to_string(),
                module: module.map(str::to_string),
                file,
                line,
                kind,
                inlined: false,
            });
            for inlined in sym.inlined.iter() {
                let (file, line) = code_location(inlined.code_info.as_ref(), lines);
                frames.push(Frame {
                    function: inlined.name.to_string(),
                    module: module.map(str::to_string),
                    file,
                    line,
                    kind,
                    inlined: true,
                });
            }
            frames
        }
        Symbolized::Unknown(_) => vec![Frame {
            function: "[unknown]".into(),
            module: module.map(str::to_string),
            file: None,
            line: None,
            kind,
            inlined: false,
        }],
    }
}

/// Resolves locations to frames, each location to one frame or several (its inlined calls),
/// outermost first.
pub struct Resolver<'a> {
    modules: &'a [ModuleFile],
    opts: SymbolizeOptions,
    symbolizer: Symbolizer,
    perf_maps: HashMap<u32, Vec<PerfMapEntry>>,
    ns_pids: &'a HashMap<u32, u32>,
    roots: &'a HashMap<u32, std::fs::File>,
    /// Notes for the user (e.g. kernel symbols not readable).
    pub notes: Vec<String>,
}

impl<'a> Resolver<'a> {
    /// A resolver over the module files of a recording.
    pub fn new(
        modules: &'a [ModuleFile],
        ns_pids: &'a HashMap<u32, u32>,
        roots: &'a HashMap<u32, std::fs::File>,
        opts: SymbolizeOptions,
    ) -> Self {
        let symbolizer = Symbolizer::builder()
            .enable_code_info(true)
            .enable_inlined_fns(true)
            .enable_demangling(true)
            .build();
        Resolver {
            modules,
            opts,
            symbolizer,
            perf_maps: HashMap::new(),
            ns_pids,
            roots,
            notes: Vec::new(),
        }
    }

    fn perf_map(&mut self, pid: u32) -> &[PerfMapEntry] {
        if !self.perf_maps.contains_key(&pid) {
            let ns = self.ns_pids.get(&pid).copied().unwrap_or(pid);
            // The process's own /tmp (its mount namespace, through the root directory held
            // open since it was seen, valid after it exited), then the host's.
            let mut candidates = Vec::new();
            if let Some(root) = self.roots.get(&pid) {
                use std::os::fd::AsRawFd;
                candidates.push(PathBuf::from(format!(
                    "/proc/self/fd/{}/tmp/perf-{ns}.map",
                    root.as_raw_fd()
                )));
            }
            candidates.push(PathBuf::from(format!("/proc/{pid}/root/tmp/perf-{ns}.map")));
            candidates.push(PathBuf::from(format!("/tmp/perf-{pid}.map")));
            let text = candidates
                .iter()
                .find_map(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_default();
            self.perf_maps.insert(pid, parse_perf_map(&text));
        }
        &self.perf_maps[&pid]
    }

    /// Symbolizes every location in `locs`, batched per module.
    pub fn resolve_all(&mut self, locs: &BTreeSet<Loc>) -> HashMap<Loc, Vec<Frame>> {
        let mut out = HashMap::new();
        let mut by_module: HashMap<u32, Vec<u64>> = HashMap::new();
        let mut kernel = Vec::new();
        for &loc in locs {
            match loc {
                Loc::File { module, offset } => by_module.entry(module).or_default().push(offset),
                Loc::Kernel(addr) => kernel.push(addr),
                Loc::Anon { pid, addr } => {
                    let frame = match perf_map_lookup(self.perf_map(pid), addr) {
                        Some(entry) => Frame {
                            function: entry.name.clone(),
                            module: None,
                            file: None,
                            line: None,
                            kind: FrameKind::Jit,
                            inlined: false,
                        },
                        None => Frame::native("[unknown]", None),
                    };
                    out.insert(loc, vec![frame]);
                }
            }
        }
        for (module, offsets) in by_module {
            let file = &self.modules[module as usize];
            let name = file.short_name();
            if let Some(image) = &file.image {
                for &offset in &offsets {
                    let function = image_symbol(image, offset).unwrap_or_else(|| file.path.clone());
                    out.insert(
                        Loc::File { module, offset },
                        vec![Frame::native(function, Some(name.clone()))],
                    );
                }
                continue;
            }
            let results = match &file.open_path {
                Some(path) => {
                    let source = Source::Elf(Elf::new(path));
                    self.symbolizer.symbolize(&source, Input::FileOffset(&offsets)).ok()
                }
                None => None,
            };
            // A named non-file mapping ([vdso], [vsyscall]): its name is the best we have.
            let unknown = if file.open_path.is_none() && file.path.starts_with('[') {
                file.path.clone()
            } else {
                "[unknown]".to_string()
            };
            for (i, &offset) in offsets.iter().enumerate() {
                let frames = match results.as_ref().and_then(|r| r.get(i)) {
                    Some(sym) => frames_of(sym.clone(), Some(&name), FrameKind::Native, self.opts.lines),
                    None => vec![Frame::native(unknown.clone(), Some(name.clone()))],
                };
                out.insert(Loc::File { module, offset }, frames);
            }
        }
        if !kernel.is_empty() {
            let readable = kallsyms_readable();
            if !readable {
                self.notes.push(
                    "kernel frames are shown as [kernel]: /proc/kallsyms gives no addresses \
                     (set kernel.kptr_restrict=0 or run as root)"
                        .into(),
                );
            }
            let source = Source::Kernel(Kernel {
                kallsyms: blazesym::MaybeDefault::Default,
                vmlinux: blazesym::MaybeDefault::None,
                ..Default::default()
            });
            let results = if readable {
                self.symbolizer.symbolize(&source, Input::AbsAddr(&kernel)).ok()
            } else {
                None
            };
            for (i, &addr) in kernel.iter().enumerate() {
                let frames = match results.as_ref().and_then(|r| r.get(i)) {
                    Some(sym) => frames_of(sym.clone(), None, FrameKind::Kernel, self.opts.lines),
                    None => vec![Frame {
                        function: "[kernel]".into(),
                        module: None,
                        file: None,
                        line: None,
                        kind: FrameKind::Kernel,
                        inlined: false,
                    }],
                };
                out.insert(Loc::Kernel(addr), frames);
            }
        }
        out
    }
}

/// The symbol at file offset `offset` of an in-memory ELF image (the vDSO), from its symbol
/// tables.
fn image_symbol(image: &[u8], offset: u64) -> Option<String> {
    use object::{Object, ObjectSegment, ObjectSymbol};
    let obj = object::File::parse(image).ok()?;
    let segment = obj.segments().find(|s| {
        let (start, size) = s.file_range();
        offset >= start && offset < start + size
    })?;
    let addr = segment.address() + offset - segment.file_range().0;
    obj.symbols()
        .chain(obj.dynamic_symbols())
        .filter(|s| s.is_definition() && s.address() <= addr && addr < s.address() + s.size().max(1))
        .max_by_key(|s| s.address())
        .and_then(|s| s.name().ok().map(str::to_string))
}

fn kallsyms_readable() -> bool {
    let Ok(text) = std::fs::read_to_string(Path::new("/proc/kallsyms")) else {
        return false;
    };
    text.lines()
        .take(50)
        .any(|l| l.split(' ').next().is_some_and(|a| a.chars().any(|c| c != '0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perf_maps_with_and_without_prefix() {
        let map = parse_perf_map("0x7f0000001000 0x40 Interpreter\n7f0000002000 20 LFoo;::bar\nbad line\n");
        assert_eq!(map.len(), 2);
        assert_eq!(perf_map_lookup(&map, 0x7f0000001010).unwrap().name, "Interpreter");
        assert_eq!(perf_map_lookup(&map, 0x7f000000201f).unwrap().name, "LFoo;::bar");
        assert!(perf_map_lookup(&map, 0x7f0000002020).is_none());
        assert!(perf_map_lookup(&map, 0x10).is_none());
    }
}
