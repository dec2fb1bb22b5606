//! Code addresses that a process reported itself (the heap shim's allocation stacks) to
//! [`Loc`]s, through the `/proc/PID/maps` lines it sent along. The module files are opened and
//! held as the recorder's are (through `/proc/PID/map_files` while the process exists), so the
//! locations can be symbolized with [`crate::symbolize::Resolver`] after the process exited.

use super::Loc;
use super::modules::{Mapping, MappingSource, ModuleFile, ModuleTable, parse_maps_line};
use std::collections::HashMap;

/// The executable mappings of processes, from their maps lines, and their module files.
#[derive(Default)]
pub struct AddressMap {
    modules: ModuleTable,
    processes: HashMap<u32, Vec<Mapping>>,
}

impl AddressMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets the mappings of `pid` (it ran exec).
    pub fn reset(&mut self, pid: u32) {
        self.processes.remove(&pid);
    }

    /// Adds the executable mappings among `/proc/PID/maps` lines of process `pid`, replacing
    /// the mappings they overlap. Opens each file the first time it is seen.
    pub fn add_maps_text(&mut self, pid: u32, text: &str) {
        for line in text.lines().filter_map(parse_maps_line).filter(|l| l.executable) {
            let module = if line.path.starts_with('/') && line.inode != 0 {
                Some(self.modules.get_or_load(&MappingSource {
                    pid,
                    start: line.start,
                    end: line.end,
                    path: &line.path,
                    dev: Some(line.dev),
                    inode: line.inode,
                    build_id: None,
                }))
            } else if line.path.starts_with('[') {
                Some(self.modules.named(&line.path))
            } else {
                None
            };
            let mappings = self.processes.entry(pid).or_default();
            mappings.retain(|m| m.end <= line.start || line.end <= m.start);
            let at = mappings.partition_point(|m| m.start < line.start);
            mappings.insert(
                at,
                Mapping {
                    start: line.start,
                    end: line.end,
                    pgoff: line.pgoff,
                    module,
                    executable: true,
                },
            );
        }
    }

    /// True when `addr` lies in a known executable mapping of `pid`.
    pub fn contains(&self, pid: u32, addr: u64) -> bool {
        self.find(pid, addr).is_some()
    }

    fn find(&self, pid: u32, addr: u64) -> Option<&Mapping> {
        let mappings = self.processes.get(&pid)?;
        let at = mappings.partition_point(|m| m.start <= addr);
        let m = mappings.get(at.checked_sub(1)?)?;
        (addr < m.end).then_some(m)
    }

    /// The location of code address `addr` of `pid` (move return addresses into the call
    /// first): a module file offset, or the bare address outside any file.
    pub fn loc(&self, pid: u32, addr: u64) -> Loc {
        match self.find(pid, addr) {
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

    /// The module files [`Loc::File`] refers to.
    pub fn modules(&self) -> &[ModuleFile] {
        &self.modules.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_to_locations() {
        let mut map = AddressMap::new();
        let pid = std::process::id();
        // Our own executable mappings, as the shim would send them.
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        map.add_maps_text(pid, &maps);
        let here = lines_to_locations as *const () as usize as u64;
        assert!(map.contains(pid, here));
        match map.loc(pid, here) {
            Loc::File { module, .. } => {
                let exe = std::env::current_exe().unwrap();
                let name = exe.file_name().unwrap().to_str().unwrap();
                assert_eq!(map.modules()[module as usize].short_name(), name);
                assert!(map.modules()[module as usize].open_path.is_some());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(map.loc(pid, 0x10), Loc::Anon { pid, addr: 0x10 });
        // A later line replaces what it overlaps; a reset forgets everything.
        map.add_maps_text(pid, &format!("{:x}-{:x} r-xp 00000000 00:00 0 \n", here - 1, here + 1));
        assert_eq!(map.loc(pid, here), Loc::Anon { pid, addr: here });
        map.reset(pid);
        assert!(!map.contains(pid, here));
    }
}
