//! Process memory over time, for `record`: [`MemoryTimeline`] samples a process's totals
//! (`/proc/PID/smaps_rollup`, one read per sample) and keeps min, mean, max and last of each
//! counter, in constant memory. [`MemoryTimeline::add_to_profile`] stores the summary in the
//! profile's `meta.extra["memory"]`, where the JSON output carries it.
//!
//! Reading smaps_rollup walks the target's page tables, which costs the profiler (not the
//! target) about a millisecond per GiB mapped: sample every second or so, not every
//! CPU sample.

use super::smaps::{Counters, MemoryError, read_memory_totals};
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use std::time::SystemTime;

/// Min, mean, max and last value of one counter, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Stat {
    /// Smallest value seen.
    pub min: u64,
    /// Mean of the samples.
    pub mean: u64,
    /// Largest value seen.
    pub max: u64,
    /// The last sample.
    pub last: u64,
}

#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    min: u64,
    max: u64,
    sum: u128,
    last: u64,
}

impl Acc {
    fn push(&mut self, value: u64, first: bool) {
        if first {
            self.min = value;
            self.max = value;
        } else {
            self.min = self.min.min(value);
            self.max = self.max.max(value);
        }
        self.sum += u128::from(value);
        self.last = value;
    }

    fn stat(&self, n: u64) -> Stat {
        Stat {
            min: self.min,
            mean: if n == 0 { 0 } else { (self.sum / u128::from(n)) as u64 },
            max: self.max,
            last: self.last,
        }
    }
}

/// What [`MemoryTimeline::summary`] reports; serialized into `meta.extra["memory"]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemorySummary {
    /// The process sampled.
    pub pid: u32,
    /// How many samples were taken.
    pub samples: u64,
    /// Samples that failed (the process exited, permission...).
    pub failed_samples: u64,
    /// Time of the first sample, nanoseconds since the Unix epoch.
    pub first_unix_ns: u64,
    /// Time of the last sample, nanoseconds since the Unix epoch.
    pub last_unix_ns: u64,
    /// Resident set size.
    pub rss: Stat,
    /// Proportional set size.
    pub pss: Stat,
    /// Unique set size (private clean + private dirty).
    pub uss: Stat,
    /// Anonymous memory.
    pub anonymous: Stat,
    /// Swap.
    pub swap: Stat,
}

/// A process's memory totals sampled over time.
#[derive(Debug, Clone)]
pub struct MemoryTimeline {
    pid: u32,
    samples: u64,
    failed: u64,
    first_unix_ns: u64,
    last_unix_ns: u64,
    rss: Acc,
    pss: Acc,
    uss: Acc,
    anonymous: Acc,
    swap: Acc,
    last_error: Option<String>,
}

impl MemoryTimeline {
    /// A timeline of process `pid`, with no samples yet.
    pub fn new(pid: u32) -> Self {
        MemoryTimeline {
            pid,
            samples: 0,
            failed: 0,
            first_unix_ns: 0,
            last_unix_ns: 0,
            rss: Acc::default(),
            pss: Acc::default(),
            uss: Acc::default(),
            anonymous: Acc::default(),
            swap: Acc::default(),
            last_error: None,
        }
    }

    /// Reads the process's totals now and adds them. A failed read is counted (and returned)
    /// but leaves the statistics as they were, so a target that exits keeps what was sampled.
    pub fn sample(&mut self) -> Result<(), MemoryError> {
        match read_memory_totals(self.pid) {
            Ok(totals) => {
                self.record(&totals, unix_ns_now());
                Ok(())
            }
            Err(e) => {
                self.failed += 1;
                self.last_error = Some(e.to_string());
                Err(e)
            }
        }
    }

    /// Adds totals read elsewhere, taken at `unix_ns`.
    pub fn record(&mut self, totals: &Counters, unix_ns: u64) {
        let first = self.samples == 0;
        if first {
            self.first_unix_ns = unix_ns;
        }
        self.last_unix_ns = unix_ns;
        self.rss.push(totals.rss, first);
        self.pss.push(totals.pss, first);
        self.uss.push(totals.uss, first);
        self.anonymous.push(totals.anonymous, first);
        self.swap.push(totals.swap, first);
        self.samples += 1;
    }

    /// The error of the last failed sample, if any.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// Min, mean, max and last of each counter; None before the first successful sample.
    pub fn summary(&self) -> Option<MemorySummary> {
        (self.samples > 0).then(|| MemorySummary {
            pid: self.pid,
            samples: self.samples,
            failed_samples: self.failed,
            first_unix_ns: self.first_unix_ns,
            last_unix_ns: self.last_unix_ns,
            rss: self.rss.stat(self.samples),
            pss: self.pss.stat(self.samples),
            uss: self.uss.stat(self.samples),
            anonymous: self.anonymous.stat(self.samples),
            swap: self.swap.stat(self.samples),
        })
    }

    /// Stores the summary in `profile.meta.extra["memory"]` (nothing when no sample
    /// succeeded, with a note saying why).
    pub fn add_to_profile(&self, profile: &mut Profile) {
        match self.summary() {
            Some(summary) => {
                let value = serde_json::to_value(summary).expect("plain data serializes");
                profile.meta.extra.insert("memory".to_string(), value);
            }
            None => {
                let why = self.last_error.as_deref().unwrap_or("it was never sampled");
                profile
                    .meta
                    .notes
                    .push(format!("process memory of pid {} not recorded: {why}", self.pid));
            }
        }
    }
}

fn unix_ns_now() -> u64 {
    crate::profile::unix_ns(SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{ProfileMeta, SampleType};

    fn totals(rss: u64, swap: u64) -> Counters {
        Counters {
            rss,
            pss: rss / 2,
            uss: rss / 4,
            anonymous: rss / 8,
            swap,
            ..Counters::default()
        }
    }

    #[test]
    fn min_mean_max_last() {
        let mut t = MemoryTimeline::new(5);
        assert!(t.summary().is_none());
        t.record(&totals(400, 0), 10);
        t.record(&totals(800, 8), 20);
        t.record(&totals(600, 4), 30);
        let s = t.summary().unwrap();
        assert_eq!(s.samples, 3);
        assert_eq!((s.first_unix_ns, s.last_unix_ns), (10, 30));
        assert_eq!(
            s.rss,
            Stat {
                min: 400,
                mean: 600,
                max: 800,
                last: 600
            }
        );
        assert_eq!((s.pss.min, s.pss.max), (200, 400));
        assert_eq!((s.swap.min, s.swap.mean, s.swap.max), (0, 4, 8));
    }

    #[test]
    fn samples_this_process_and_goes_into_the_profile_json() {
        let mut t = MemoryTimeline::new(std::process::id());
        t.sample().unwrap();
        let ballast = std::hint::black_box(vec![1u8; 32 << 20]);
        t.sample().unwrap();
        drop(ballast);
        let s = t.summary().unwrap();
        assert_eq!(s.samples, 2);
        assert!(s.rss.min > 0 && s.rss.max >= s.rss.min + (30 << 20), "{s:?}");
        let mut p = Profile::new(ProfileMeta::default(), SampleType::Cpu);
        t.add_to_profile(&mut p);
        let mut out = Vec::new();
        crate::output::render(&p, crate::output::Format::Json, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["meta"]["extra"]["memory"]["samples"], 2);
        assert_eq!(v["meta"]["extra"]["memory"]["rss"]["max"].as_u64(), Some(s.rss.max));
    }

    #[test]
    fn a_dead_process_is_a_note() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let mut t = MemoryTimeline::new(pid);
        assert!(matches!(t.sample(), Err(MemoryError::NoSuchProcess { .. })));
        let mut p = Profile::new(ProfileMeta::default(), SampleType::Cpu);
        t.add_to_profile(&mut p);
        assert!(p.meta.extra.is_empty());
        assert!(
            p.meta.notes[0].contains(&format!("no process with pid {pid}")),
            "{:?}",
            p.meta.notes
        );
    }
}
