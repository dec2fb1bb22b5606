//! Aggregation: stack -> weight, with the root-side depth limit.
//!
//! A [`Profile`] is plain data: it can be serialized, merged with another profile of the same
//! sample type ([`Profile::merge`]), compared with another ([`Profile::diff`]), loaded back from
//! its JSON ([`Profile::from_json`]), and rendered by any of the [`crate::output`] renderers.

mod compare;

pub use compare::{FunctionDelta, ProfileDiff, ProfileError, StackDelta};

use crate::sample::{Frame, Sample, ThreadInfo};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Nanoseconds since the Unix epoch of `time` (0 before it), as profiles store times.
pub fn unix_ns(time: std::time::SystemTime) -> u64 {
    time.duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

/// What a profile's weights count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SampleType {
    /// CPU samples; one unit is one sample of `interval_ns` CPU nanoseconds.
    Cpu,
    /// Sampled allocations; one unit is one byte in use.
    AllocBytes,
    /// Sampled allocations; one unit is one byte allocated, whether or not still in use (JFR
    /// allocation samples, tracemalloc totals).
    AllocatedBytes,
}

/// Facts about how a profile was taken, shown in titles and kept in JSON and pprof.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileMeta {
    /// What was profiled, as the user named it: `pid 1234 (python3)` or the command line.
    pub target: String,
    /// Wall-clock start, nanoseconds since the Unix epoch.
    pub start_unix_ns: u64,
    /// Wall-clock duration of the recording, nanoseconds.
    pub duration_ns: u64,
    /// Sampling interval, nanoseconds of CPU time per sample.
    pub interval_ns: u64,
    /// Samples the kernel or runtime reported lost.
    pub lost_samples: u64,
    /// Root-side depth limit applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_depth: Option<usize>,
    /// Unwinding method used (`fp`, `dwarf`, `auto`) or the runtime's own stack source.
    #[serde(default)]
    pub unwind: String,
    /// Things the user should know about this profile: the target exited early, stacks were
    /// truncated, threads could not be followed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Anything else a backend or renderer wants to keep (memory over time, runtime limits).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One distinct stack and its total weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackWeight {
    /// Frames, root first.
    pub frames: Vec<Frame>,
    /// The thread, when the profile is split by thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<ThreadInfo>,
    /// Sum of the weights of the samples with this stack.
    pub weight: u64,
}

/// Aggregated samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// How the profile was taken.
    pub meta: ProfileMeta,
    /// What the weights count.
    pub sample_type: SampleType,
    /// Distinct stacks, in first-seen order.
    pub stacks: Vec<StackWeight>,
    #[serde(skip)]
    index: HashMap<(Vec<Frame>, Option<ThreadInfo>), usize>,
}

impl Profile {
    /// An empty profile.
    pub fn new(meta: ProfileMeta, sample_type: SampleType) -> Self {
        Profile {
            meta,
            sample_type,
            stacks: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Adds one sample. Applies the root-side depth limit of `meta.max_depth`: with a limit of
    /// 2, `main;a;b;c` is counted as `main;a`. Keep `thread` only when the profile is split by
    /// thread.
    pub fn add(&mut self, sample: Sample) {
        let Sample {
            mut frames,
            thread,
            weight,
        } = sample;
        if let Some(depth) = self.meta.max_depth {
            frames.truncate(depth);
        }
        self.add_frames(frames, thread, weight);
    }

    fn add_frames(&mut self, frames: Vec<Frame>, thread: Option<ThreadInfo>, weight: u64) {
        if self.index.len() != self.stacks.len() {
            self.rebuild_index();
        }
        let key = (frames, thread);
        match self.index.get(&key) {
            Some(&i) => self.stacks[i].weight += weight,
            None => {
                self.index.insert(key.clone(), self.stacks.len());
                self.stacks.push(StackWeight {
                    frames: key.0,
                    thread: key.1,
                    weight,
                });
            }
        }
    }

    fn rebuild_index(&mut self) {
        self.index = self
            .stacks
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.frames.clone(), s.thread.clone()), i))
            .collect();
    }

    /// Total weight of all stacks (the sample count of a CPU profile).
    pub fn total_weight(&self) -> u64 {
        self.stacks.iter().map(|s| s.weight).sum()
    }
}
