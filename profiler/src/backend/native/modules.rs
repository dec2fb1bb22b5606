//! Binaries and libraries of the target: their files (held open, so that a library unloaded or
//! a process exited before the end can still be symbolized), their unwind sections, and the
//! per-process address maps as they were when each sample was taken.

use object::{Object, ObjectSection, ObjectSegment};
use std::collections::HashMap;
use std::fs::File;
use std::ops::Range;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::sync::Arc;

/// Shared section bytes, as framehop wants them.
pub type Bytes = Arc<[u8]>;

/// The unwind information of one ELF file.
#[derive(Debug, Default)]
pub struct UnwindSections {
    pub text_svma: Option<Range<u64>>,
    pub eh_frame_svma: Option<Range<u64>>,
    pub eh_frame: Option<Bytes>,
    pub eh_frame_hdr_svma: Option<Range<u64>>,
    pub eh_frame_hdr: Option<Bytes>,
    pub debug_frame: Option<Bytes>,
    pub got_svma: Option<Range<u64>>,
    /// Loadable segments: (file offset, vaddr, file size).
    pub segments: Vec<(u64, u64, u64)>,
}

impl UnwindSections {
    /// True when the file has CFI (`.eh_frame` or `.debug_frame`).
    pub fn has_cfi(&self) -> bool {
        self.eh_frame.is_some() || self.debug_frame.is_some()
    }

    /// The address the file's virtual address 0 is loaded at, for a mapping of file offset
    /// `pgoff` at `start`.
    pub fn base_avma(&self, start: u64, pgoff: u64) -> u64 {
        let segment = self
            .segments
            .iter()
            .filter(|(offset, _, _)| *offset <= pgoff + 0xfff)
            .max_by_key(|(offset, _, _)| *offset);
        match segment {
            Some(&(offset, vaddr, _)) => start.wrapping_sub(vaddr.wrapping_add(pgoff).wrapping_sub(offset)),
            None => start.wrapping_sub(pgoff),
        }
    }
}

/// One binary or library file.
#[derive(Debug)]
pub struct ModuleFile {
    /// The path as the target mapped it.
    pub path: String,
    /// A path that opens the very file that was mapped (`/proc/self/fd/N` of a held fd), if
    /// it could be opened.
    pub open_path: Option<PathBuf>,
    /// GNU build-id, hex.
    pub build_id: Option<String>,
    /// Unwind sections, when the file could be parsed.
    pub unwind: Option<Arc<UnwindSections>>,
    /// The ELF image in memory, for a module that is no file (the vDSO).
    pub image: Option<Arc<[u8]>>,
    _file: Option<File>,
}

impl ModuleFile {
    /// The file name, used as the frame's module.
    pub fn short_name(&self) -> String {
        self.path
            .rsplit('/')
            .next()
            .unwrap_or(&self.path)
            .trim_end_matches(" (deleted)")
            .to_string()
    }
}

/// Where a mapping's file came from, to open it.
pub struct MappingSource<'a> {
    pub pid: u32,
    pub start: u64,
    pub end: u64,
    pub path: &'a str,
    pub dev: Option<(u32, u32)>,
    pub inode: u64,
    /// The build-id the kernel reported for the mapping, if it did.
    pub build_id: Option<&'a [u8]>,
}

/// All module files seen during the recording, deduplicated by device and inode (or path).
#[derive(Default)]
pub struct ModuleTable {
    pub files: Vec<ModuleFile>,
    index: HashMap<(u64, u64, String), u32>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ModuleTable {
    /// The module of a file-backed mapping, opening and parsing the file the first time.
    pub fn get_or_load(&mut self, src: &MappingSource) -> u32 {
        let dev = src.dev.map(|(maj, min)| ((maj as u64) << 32) | min as u64).unwrap_or(0);
        let key = if let Some(id) = src.build_id {
            (u64::MAX, 0, hex(id))
        } else if src.inode != 0 {
            (dev, src.inode, String::new())
        } else {
            (0, 0, src.path.to_string())
        };
        if let Some(&id) = self.index.get(&key) {
            return id;
        }
        let module = load(src);
        let id = self.files.len() as u32;
        self.files.push(module);
        self.index.insert(key, id);
        id
    }
}

impl ModuleTable {
    /// A pseudo module for a named non-file mapping such as `[vdso]`.
    pub fn named(&mut self, name: &str) -> u32 {
        let key = (0, 0, name.to_string());
        if let Some(&id) = self.index.get(&key) {
            return id;
        }
        let id = self.files.len() as u32;
        // The vDSO is the same image in every process of this kernel: read the profiler's own.
        let image = (name == "[vdso]").then(own_vdso).flatten();
        let (unwind, build_id) = match &image {
            Some(bytes) => parse_sections(&bytes[..]),
            None => (None, None),
        };
        self.files.push(ModuleFile {
            path: name.to_string(),
            open_path: None,
            build_id,
            unwind,
            image,
            _file: None,
        });
        self.index.insert(key, id);
        id
    }
}

/// Opens the mapped file: through `/proc/PID/map_files` (the exact file, even deleted or in
/// a container), else through `/proc/PID/root` (the target's mount namespace), else by its
/// path as the profiler sees it. A file found by path (the process is gone, or is in another
/// mount namespace) is used only when it is the mapped one: same build-id when the kernel
/// reported one, else same inode.
fn open_mapped(src: &MappingSource) -> Option<File> {
    let map_file = format!("/proc/{}/map_files/{:x}-{:x}", src.pid, src.start, src.end);
    if let Ok(file) = File::open(&map_file) {
        return Some(file);
    }
    let path = src.path.trim_end_matches(" (deleted)");
    let rooted = format!("/proc/{}/root{}", src.pid, path);
    if let Ok(file) = File::open(&rooted) {
        if matches_build_id(&file, src.build_id) != Some(false) {
            return Some(file);
        }
    }
    let file = File::open(path).ok()?;
    match matches_build_id(&file, src.build_id) {
        Some(same) => same.then_some(file),
        None if src.inode != 0 => {
            use std::os::unix::fs::MetadataExt;
            (file.metadata().ok()?.ino() == src.inode).then_some(file)
        }
        None => Some(file),
    }
}

/// Whether `file` has the build-id `expected`; `None` when there is nothing to compare.
fn matches_build_id(file: &File, expected: Option<&[u8]>) -> Option<bool> {
    let expected = expected?;
    let cache = object::ReadCache::new(file);
    let obj = object::File::parse(&cache).ok()?;
    let found = obj.build_id().ok().flatten();
    Some(found == Some(expected))
}

fn load(src: &MappingSource) -> ModuleFile {
    let file = open_mapped(src);
    let open_path = file
        .as_ref()
        .map(|f| PathBuf::from(format!("/proc/self/fd/{}", f.as_raw_fd())));
    let (unwind, build_id) = match &file {
        Some(f) => parse_sections(&object::ReadCache::new(f)),
        None => (None, None),
    };
    ModuleFile {
        path: src.path.to_string(),
        open_path,
        build_id,
        unwind,
        image: None,
        _file: file,
    }
}

/// The profiler's own vDSO image, read through /proc/self/mem.
fn own_vdso() -> Option<Arc<[u8]>> {
    use std::os::unix::fs::FileExt;
    let maps = read_maps(std::process::id()).ok()?;
    let vdso = maps.iter().find(|m| m.path == "[vdso]")?;
    let mem = File::open("/proc/self/mem").ok()?;
    let mut bytes = vec![0u8; (vdso.end - vdso.start) as usize];
    mem.read_exact_at(&mut bytes, vdso.start).ok()?;
    Some(Arc::from(bytes))
}

fn parse_sections<'d, R: object::ReadRef<'d>>(data: R) -> (Option<Arc<UnwindSections>>, Option<String>) {
    let Ok(obj) = object::File::parse(data) else {
        return (None, None);
    };
    let build_id = obj.build_id().ok().flatten().map(hex);
    let mut sections = UnwindSections::default();
    let read = |name: &str| -> (Option<Range<u64>>, Option<Bytes>) {
        match obj.section_by_name(name) {
            Some(section) => {
                let range = section.address()..section.address() + section.size();
                let data = section.data().ok().map(Bytes::from);
                (Some(range), data)
            }
            None => (None, None),
        }
    };
    (sections.eh_frame_svma, sections.eh_frame) = read(".eh_frame");
    (sections.eh_frame_hdr_svma, sections.eh_frame_hdr) = read(".eh_frame_hdr");
    if sections.eh_frame.is_none() {
        sections.debug_frame = read(".debug_frame").1;
    }
    sections.text_svma = obj
        .section_by_name(".text")
        .map(|s| s.address()..s.address() + s.size());
    sections.got_svma = obj.section_by_name(".got").map(|s| s.address()..s.address() + s.size());
    sections.segments = obj
        .segments()
        .map(|seg| {
            let (offset, size) = seg.file_range();
            (offset, seg.address(), size)
        })
        .collect();
    (Some(Arc::new(sections)), build_id)
}

/// One mapping of a process.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub start: u64,
    pub end: u64,
    pub pgoff: u64,
    /// The module file, for file-backed mappings.
    pub module: Option<u32>,
    pub executable: bool,
}

/// One line of `/proc/PID/maps`.
#[derive(Debug, Clone)]
pub struct MapsLine {
    pub start: u64,
    pub end: u64,
    pub executable: bool,
    pub pgoff: u64,
    pub dev: (u32, u32),
    pub inode: u64,
    pub path: String,
}

/// Parses `/proc/PID/maps`.
pub fn read_maps(pid: u32) -> std::io::Result<Vec<MapsLine>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/maps"))?;
    Ok(text.lines().filter_map(parse_maps_line).collect())
}

/// Parses one line of `/proc/PID/maps`.
pub fn parse_maps_line(line: &str) -> Option<MapsLine> {
    let mut parts = line.splitn(6, ' ');
    let range = parts.next()?;
    let perms = parts.next()?;
    let offset = parts.next()?;
    let dev = parts.next()?;
    let inode = parts.next()?;
    let path = parts.next().unwrap_or("").trim_start().to_string();
    let (start, end) = range.split_once('-')?;
    let (maj, min) = dev.split_once(':')?;
    Some(MapsLine {
        start: u64::from_str_radix(start, 16).ok()?,
        end: u64::from_str_radix(end, 16).ok()?,
        executable: perms.as_bytes().get(2) == Some(&b'x'),
        pgoff: u64::from_str_radix(offset, 16).ok()?,
        dev: (u32::from_str_radix(maj, 16).ok()?, u32::from_str_radix(min, 16).ok()?),
        inode: inode.parse().ok()?,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_found_by_path_must_match_the_build_id() {
        let exe = "/usr/bin/env";
        let Ok(file) = File::open(exe) else {
            return;
        };
        let cache = object::ReadCache::new(&file);
        let obj = object::File::parse(&cache).unwrap();
        let Some(id) = obj.build_id().unwrap().map(<[u8]>::to_vec) else {
            return; // a binary without build-id: nothing to test here
        };
        // A pid that does not exist: neither map_files nor /proc/PID/root can be used.
        let source = |build_id| MappingSource {
            pid: u32::MAX - 7,
            start: 0x1000,
            end: 0x2000,
            path: exe,
            dev: None,
            inode: 0,
            build_id,
        };
        assert!(open_mapped(&source(Some(&id))).is_some());
        let mut other = id.clone();
        other[0] ^= 0xff;
        assert!(open_mapped(&source(Some(&other))).is_none());
    }

    #[test]
    fn maps_lines() {
        let line = "7f1c2a600000-7f1c2a628000 r-xp 00028000 fe:01 1311849                    /usr/lib/x86_64-linux-gnu/libc.so.6";
        let m = parse_maps_line(line).unwrap();
        assert_eq!(m.start, 0x7f1c2a600000);
        assert_eq!(m.pgoff, 0x28000);
        assert!(m.executable);
        assert_eq!(m.dev, (0xfe, 1));
        assert_eq!(m.inode, 1311849);
        assert_eq!(m.path, "/usr/lib/x86_64-linux-gnu/libc.so.6");
        let anon = parse_maps_line("7ffd1000-7ffd2000 r-xp 00000000 00:00 0 [vdso]").unwrap();
        assert_eq!(anon.path, "[vdso]");
        assert_eq!(anon.inode, 0);
    }

    #[test]
    fn base_of_pie_and_fixed_binaries() {
        let pie = UnwindSections {
            segments: vec![(0, 0, 0x600), (0x1000, 0x1000, 0x200), (0x2000, 0x2000, 0x100)],
            ..Default::default()
        };
        assert_eq!(pie.base_avma(0x5555_5555_5000, 0x1000), 0x5555_5555_4000);
        let fixed = UnwindSections {
            segments: vec![(0, 0x400000, 0x600), (0x1000, 0x401000, 0x200)],
            ..Default::default()
        };
        assert_eq!(fixed.base_avma(0x401000, 0x1000), 0);
    }
}
