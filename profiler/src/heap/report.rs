//! The heap summary every runtime produces, and its renderers.
//!
//! A [`HeapReport`] holds up to three things, each optional because not every runtime can give
//! each one:
//!
//! - `types`: objects by class or type (a JVM class histogram, a Python object census), largest
//!   first;
//! - `sites`: an allocation profile (stacks weighted by bytes in use or allocated): rendered as a
//!   flamegraph, and as a table of the top sites (the leaf frames with the most bytes);
//! - `memory`: the process's memory totals (RSS, PSS, USS, anonymous), so the heap can be read
//!   against them.
//!
//! `unavailable` says what could not be read and why, so a missing table is explained rather
//! than silently absent.

use crate::heap::memory::{Counters, human_bytes};
use crate::output;
use crate::profile::Profile;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

/// Instances and bytes of one class or type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeEntry {
    /// Class or type name as the runtime names it (`java.lang.String`, `builtins.dict`).
    pub name: String,
    /// Live instances.
    pub instances: u64,
    /// Bytes they use (shallow size).
    pub bytes: u64,
    /// Module, class loader or library, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
}

/// One allocation site: the leaf frame of allocation stacks and the bytes allocated there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteEntry {
    /// The frame's display name (`function (file:line)`).
    pub site: String,
    /// Bytes (in use or allocated, as the profile's sample type says).
    pub bytes: u64,
}

/// A heap summary of one process.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HeapReport {
    /// What was summarized: `pid 1234 (java)` or the command line.
    pub target: String,
    /// `jvm`, `python` or `native`.
    pub runtime: String,
    /// Where `types` came from (`GC.class_histogram`, `gc.get_objects census`), if anywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub types_source: Option<String>,
    /// Classes or types, largest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<TypeEntry>,
    /// Where `sites` came from (`JFR ObjectAllocationSample`, `tracemalloc`, `LD_PRELOAD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites_source: Option<String>,
    /// Allocation stacks, weighted by bytes.
    #[serde(skip)]
    pub sites: Option<Profile>,
    /// The process's memory totals when the summary was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<Counters>,
    /// What could not be read, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<String>,
    /// Anything else the user should know (a forced GC, sampling limits).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl HeapReport {
    /// The top `n` allocation sites (all when `n` is 0): leaf frames by total bytes.
    pub fn top_sites(&self, n: usize) -> Vec<SiteEntry> {
        let Some(profile) = &self.sites else { return Vec::new() };
        let mut by_site: HashMap<String, u64> = HashMap::new();
        for stack in &profile.stacks {
            let site = stack
                .frames
                .last()
                .map(|f| f.display_name())
                .unwrap_or_else(|| "[unknown]".into());
            *by_site.entry(site).or_default() += stack.weight;
        }
        let mut sites: Vec<SiteEntry> = by_site
            .into_iter()
            .map(|(site, bytes)| SiteEntry { site, bytes })
            .collect();
        sites.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.site.cmp(&b.site)));
        if n > 0 {
            sites.truncate(n);
        }
        sites
    }

    /// Writes the text tables: memory totals, types, top sites, then what is unavailable.
    pub fn write_table(&self, top: usize, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{} ({})", self.target, self.runtime)?;
        if let Some(m) = &self.memory {
            writeln!(
                out,
                "RSS {}, PSS {}, USS {}, anonymous {}, swap {}",
                human_bytes(m.rss),
                human_bytes(m.pss),
                human_bytes(m.uss),
                human_bytes(m.anonymous),
                human_bytes(m.swap)
            )?;
        }
        for note in &self.notes {
            writeln!(out, "note: {note}")?;
        }
        if !self.types.is_empty() {
            writeln!(out)?;
            let source = self.types_source.as_deref().unwrap_or("heap");
            let total_bytes: u64 = self.types.iter().map(|t| t.bytes).sum();
            let total_instances: u64 = self.types.iter().map(|t| t.instances).sum();
            writeln!(
                out,
                "Objects by type ({source}): {} instances, {}",
                output::thousands(total_instances),
                human_bytes(total_bytes)
            )?;
            writeln!(out, "{:>12} {:>14} {:>6}  TYPE", "BYTES", "INSTANCES", "%")?;
            let shown = if top == 0 {
                self.types.len()
            } else {
                top.min(self.types.len())
            };
            for t in &self.types[..shown] {
                writeln!(
                    out,
                    "{:>12} {:>14} {:>5.1}%  {}",
                    human_bytes(t.bytes),
                    output::thousands(t.instances),
                    percent(t.bytes, total_bytes),
                    t.name
                )?;
            }
            if shown < self.types.len() {
                let rest = &self.types[shown..];
                writeln!(
                    out,
                    "{:>12} {:>14} {:>6}  ({} more types)",
                    human_bytes(rest.iter().map(|t| t.bytes).sum()),
                    output::thousands(rest.iter().map(|t| t.instances).sum()),
                    "",
                    rest.len()
                )?;
            }
        }
        if let Some(profile) = &self.sites {
            writeln!(out)?;
            let source = self.sites_source.as_deref().unwrap_or("allocations");
            let total = profile.total_weight();
            writeln!(out, "{} ({source}): {}", output::title(profile), human_bytes(total))?;
            writeln!(out, "{:>12} {:>6}  SITE", "BYTES", "%")?;
            for site in self.top_sites(top) {
                writeln!(
                    out,
                    "{:>12} {:>5.1}%  {}",
                    human_bytes(site.bytes),
                    percent(site.bytes, total),
                    site.site
                )?;
            }
        }
        if !self.unavailable.is_empty() {
            writeln!(out)?;
            for what in &self.unavailable {
                writeln!(out, "unavailable: {what}")?;
            }
        }
        Ok(())
    }

    /// Writes the JSON report (`schema_version` 1): types cut to `top`, top sites, and the
    /// allocation profile's stacks as folded lines.
    pub fn write_json(&self, top: usize, out: &mut dyn Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct Json<'a> {
            schema_version: u32,
            #[serde(flatten)]
            report: &'a HeapReport,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            top_sites: Vec<SiteEntry>,
            #[serde(skip_serializing_if = "Option::is_none")]
            sites_sample_type: Option<crate::profile::SampleType>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            stacks: Vec<(String, u64)>,
        }
        let mut report = self.clone();
        if top > 0 {
            report.types.truncate(top);
        }
        let json = Json {
            schema_version: 1,
            report: &report,
            top_sites: self.top_sites(top),
            sites_sample_type: self.sites.as_ref().map(|p| p.sample_type),
            stacks: self
                .sites
                .as_ref()
                .map(output::folded::folded_stacks)
                .unwrap_or_default(),
        };
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)
    }
}

fn percent(part: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        part as f64 * 100.0 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{ProfileMeta, SampleType};
    use crate::sample::{Frame, Sample};

    fn report() -> HeapReport {
        let mut sites = Profile::new(ProfileMeta::default(), SampleType::AllocBytes);
        for (stack, weight) in [
            (vec!["main", "load", "parse"], 3000),
            (vec!["main", "parse"], 1000),
            (vec!["main", "cache"], 500),
        ] {
            sites.add(Sample {
                frames: stack.into_iter().map(|f| Frame::native(f, None)).collect(),
                thread: None,
                weight,
            });
        }
        HeapReport {
            target: "pid 1 (demo)".into(),
            runtime: "native".into(),
            types_source: Some("census".into()),
            types: vec![
                TypeEntry {
                    name: "Big".into(),
                    instances: 10,
                    bytes: 8000,
                    module: None,
                },
                TypeEntry {
                    name: "Small".into(),
                    instances: 100,
                    bytes: 1600,
                    module: None,
                },
                TypeEntry {
                    name: "Tiny".into(),
                    instances: 1,
                    bytes: 16,
                    module: None,
                },
            ],
            sites_source: Some("LD_PRELOAD".into()),
            sites: Some(sites),
            unavailable: vec!["no census".into()],
            ..HeapReport::default()
        }
    }

    #[test]
    fn top_sites_sum_by_leaf() {
        let sites = report().top_sites(0);
        assert_eq!(
            sites[0],
            SiteEntry {
                site: "parse".into(),
                bytes: 4000
            }
        );
        assert_eq!(
            sites[1],
            SiteEntry {
                site: "cache".into(),
                bytes: 500
            }
        );
        assert_eq!(report().top_sites(1).len(), 1);
    }

    #[test]
    fn table_lists_types_sites_and_what_is_missing() {
        let mut out = Vec::new();
        report().write_table(2, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Objects by type (census): 111 instances"), "{text}");
        assert!(text.contains("Big"), "{text}");
        assert!(text.contains("(1 more types)"), "{text}");
        assert!(text.contains("parse"), "{text}");
        assert!(text.contains("unavailable: no census"), "{text}");
    }

    #[test]
    fn json_has_types_sites_and_stacks() {
        let mut out = Vec::new();
        report().write_json(2, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["types"].as_array().unwrap().len(), 2);
        assert_eq!(v["top_sites"][0]["site"], "parse");
        assert_eq!(v["sites_sample_type"], "alloc-bytes");
        assert_eq!(v["stacks"].as_array().unwrap().len(), 3);
    }
}
