//! Merging profiles and comparing two of them: what a profiling service needs to aggregate
//! reports of one target over time and to show what changed.

use super::{Profile, SampleType, StackWeight};
use crate::sample::{Frame, ThreadInfo};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Write};

/// Why two profiles cannot be merged or compared, or a JSON profile cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The profiles count different things.
    #[error("cannot combine a {left:?} profile with a {right:?} profile")]
    SampleTypeMismatch {
        /// This profile's sample type.
        left: SampleType,
        /// The other profile's sample type.
        right: SampleType,
    },
    /// CPU profiles whose samples stand for different amounts of CPU time.
    #[error("cannot combine CPU profiles sampled at different intervals ({left_ns} ns and {right_ns} ns)")]
    IntervalMismatch {
        /// This profile's interval.
        left_ns: u64,
        /// The other profile's interval.
        right_ns: u64,
    },
    /// The JSON is not a profile.
    #[error("not a profile in JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The JSON was written by a newer (or unknown) layout.
    #[error("profile JSON has schema_version {found}; this profiler reads up to {supported}")]
    UnsupportedSchema {
        /// The document's version.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
}

impl Profile {
    /// Loads a profile written by the JSON renderer ([`crate::output::json`]).
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        crate::output::json::parse(text)
    }

    /// Adds an already aggregated stack as it is (no depth limit applied), summing its weight
    /// into an equal stack if there is one.
    pub fn add_stack(&mut self, stack: StackWeight) {
        self.add_frames(stack.frames, stack.thread, stack.weight);
    }

    /// Adds `other`'s stacks to this profile and combines the metadata:
    ///
    /// - weights of equal stacks are summed; durations and lost samples are summed; the start is
    ///   the earlier one;
    /// - notes are concatenated without repeats; `extra` keys this profile lacks are copied;
    /// - a different target or unwinding method is kept as `a + b`; different depth limits
    ///   become the looser one (none if either had none) with a note.
    ///
    /// Profiles of different sample types, or CPU profiles of different intervals, are refused:
    /// their weights do not add up. An empty profile (no stacks, no target) takes the other's
    /// interval.
    pub fn merge(&mut self, other: &Profile) -> Result<(), ProfileError> {
        if self.sample_type != other.sample_type {
            return Err(ProfileError::SampleTypeMismatch {
                left: self.sample_type,
                right: other.sample_type,
            });
        }
        let fresh = self.stacks.is_empty() && self.meta.target.is_empty();
        let meta = &mut self.meta;
        let theirs = &other.meta;
        if meta.interval_ns != theirs.interval_ns {
            if meta.interval_ns == 0 || fresh {
                meta.interval_ns = theirs.interval_ns;
            } else if theirs.interval_ns != 0 && self.sample_type == SampleType::Cpu {
                return Err(ProfileError::IntervalMismatch {
                    left_ns: meta.interval_ns,
                    right_ns: theirs.interval_ns,
                });
            }
        }
        meta.target = join_distinct(&meta.target, &theirs.target);
        meta.unwind = join_distinct(&meta.unwind, &theirs.unwind);
        meta.start_unix_ns = match (meta.start_unix_ns, theirs.start_unix_ns) {
            (0, b) => b,
            (a, 0) => a,
            (a, b) => a.min(b),
        };
        meta.duration_ns = meta.duration_ns.saturating_add(theirs.duration_ns);
        meta.lost_samples = meta.lost_samples.saturating_add(theirs.lost_samples);
        if meta.max_depth != theirs.max_depth {
            let show = |d: Option<usize>| d.map_or("none".to_string(), |d| d.to_string());
            let note = format!(
                "merged profiles with different depth limits ({} and {})",
                show(meta.max_depth),
                show(theirs.max_depth)
            );
            meta.max_depth = if fresh {
                theirs.max_depth
            } else {
                meta.max_depth.zip(theirs.max_depth).map(|(a, b)| a.max(b))
            };
            if !fresh && !meta.notes.contains(&note) {
                meta.notes.push(note);
            }
        }
        for note in &theirs.notes {
            if !meta.notes.contains(note) {
                meta.notes.push(note.clone());
            }
        }
        for (key, value) in &theirs.extra {
            if !meta.extra.contains_key(key) {
                meta.extra.insert(key.clone(), value.clone());
            }
        }
        for stack in &other.stacks {
            self.add_frames(stack.frames.clone(), stack.thread.clone(), stack.weight);
        }
        Ok(())
    }

    /// Compares `base` (before) with `new` (after): per stack and per function. Both must count
    /// the same thing; CPU profiles of different intervals are compared by sample shares, which
    /// [`FunctionDelta::self_share_change`] gives.
    pub fn diff(base: &Profile, new: &Profile) -> Result<ProfileDiff, ProfileError> {
        if base.sample_type != new.sample_type {
            return Err(ProfileError::SampleTypeMismatch {
                left: base.sample_type,
                right: new.sample_type,
            });
        }
        let mut stacks: BTreeMap<(Option<ThreadInfo>, Vec<Frame>), (u64, u64)> = BTreeMap::new();
        for s in &base.stacks {
            stacks.entry((s.thread.clone(), s.frames.clone())).or_default().0 += s.weight;
        }
        for s in &new.stacks {
            stacks.entry((s.thread.clone(), s.frames.clone())).or_default().1 += s.weight;
        }
        let mut functions: HashMap<(String, Option<String>), FunctionDelta> = HashMap::new();
        let mut tally = |profile: &Profile, is_new: bool| {
            for s in &profile.stacks {
                let mut seen = HashSet::new();
                for (i, frame) in s.frames.iter().enumerate() {
                    let key = (frame.function.clone(), frame.module.clone());
                    let entry = functions.entry(key.clone()).or_insert_with(|| FunctionDelta {
                        function: key.0.clone(),
                        module: key.1.clone(),
                        ..FunctionDelta::default()
                    });
                    let leaf = i + 1 == s.frames.len();
                    // A recursive function counts once per stack in its total.
                    let first = seen.insert(key);
                    let (self_w, total_w) = if is_new {
                        (&mut entry.new_self, &mut entry.new_total)
                    } else {
                        (&mut entry.base_self, &mut entry.base_total)
                    };
                    if leaf {
                        *self_w += s.weight;
                    }
                    if first {
                        *total_w += s.weight;
                    }
                }
            }
        };
        tally(base, false);
        tally(new, true);
        let base_total = base.total_weight();
        let new_total = new.total_weight();
        let mut functions: Vec<FunctionDelta> = functions.into_values().collect();
        functions.sort_by(|a, b| {
            let (da, db) = (
                a.self_share_change(base_total, new_total).abs(),
                b.self_share_change(base_total, new_total).abs(),
            );
            db.total_cmp(&da)
                .then_with(|| a.function.cmp(&b.function))
                .then_with(|| a.module.cmp(&b.module))
        });
        let stacks = stacks
            .into_iter()
            .map(|((thread, frames), (base, new))| StackDelta {
                frames,
                thread,
                base,
                new,
            })
            .collect();
        Ok(ProfileDiff {
            sample_type: new.sample_type,
            base_total,
            new_total,
            functions,
            stacks,
        })
    }
}

fn join_distinct(a: &str, b: &str) -> String {
    if a.is_empty() || a == b || a.split(" + ").any(|part| part == b) {
        if a.is_empty() { b } else { a }.to_string()
    } else if b.is_empty() {
        a.to_string()
    } else {
        format!("{a} + {b}")
    }
}

/// The comparison of two profiles ([`Profile::diff`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileDiff {
    /// What the weights count.
    pub sample_type: SampleType,
    /// Total weight of the base profile.
    pub base_total: u64,
    /// Total weight of the new profile.
    pub new_total: u64,
    /// Per function, the largest change of self share first.
    pub functions: Vec<FunctionDelta>,
    /// Per stack, sorted by thread then frames.
    pub stacks: Vec<StackDelta>,
}

/// One function's weight in both profiles. Self weight is where the function was the leaf;
/// total weight is every stack it is on (once per stack, even when recursive).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FunctionDelta {
    /// Function name.
    pub function: String,
    /// Its module.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// Self weight in the base profile.
    pub base_self: u64,
    /// Self weight in the new profile.
    pub new_self: u64,
    /// Total weight in the base profile.
    pub base_total: u64,
    /// Total weight in the new profile.
    pub new_total: u64,
}

impl FunctionDelta {
    /// Change of the self weight, in weight units.
    pub fn self_delta(&self) -> i128 {
        i128::from(self.new_self) - i128::from(self.base_self)
    }

    /// Change of the total weight, in weight units.
    pub fn total_delta(&self) -> i128 {
        i128::from(self.new_total) - i128::from(self.base_total)
    }

    /// Change of the self share of the whole profile, in percentage points; fair between
    /// profiles of different lengths.
    pub fn self_share_change(&self, base_total: u64, new_total: u64) -> f64 {
        share(self.new_self, new_total) - share(self.base_self, base_total)
    }

    /// Change of the total share of the whole profile, in percentage points.
    pub fn total_share_change(&self, base_total: u64, new_total: u64) -> f64 {
        share(self.new_total, new_total) - share(self.base_total, base_total)
    }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// One stack's weight in both profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackDelta {
    /// Frames, root first.
    pub frames: Vec<Frame>,
    /// The thread, when the profiles are split by thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<ThreadInfo>,
    /// Weight in the base profile.
    pub base: u64,
    /// Weight in the new profile.
    pub new: u64,
}

impl ProfileDiff {
    /// Writes `stack base new` lines, the input of inferno's differential flamegraphs
    /// (`inferno-flamegraph` colors a frame red where it grew and blue where it shrank).
    pub fn write_differential_folded(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut lines: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for s in &self.stacks {
            let mut names: Vec<String> = Vec::new();
            if let Some(thread) = &s.thread {
                names.push(crate::output::folded::thread_frame(thread));
            }
            names.extend(s.frames.iter().map(crate::output::folded::frame_name));
            if names.is_empty() {
                names.push("[unknown]".to_string());
            }
            let entry = lines.entry(names.join(";")).or_default();
            entry.0 += s.base;
            entry.1 += s.new;
        }
        for (stack, (base, new)) in lines {
            writeln!(out, "{stack} {base} {new}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileMeta;
    use crate::sample::Sample;

    fn cpu(target: &str, duration_s: u64, stacks: &[(&[&str], u64)]) -> Profile {
        let meta = ProfileMeta {
            target: target.into(),
            start_unix_ns: duration_s * 1_000,
            duration_ns: duration_s * 1_000_000_000,
            interval_ns: 10_000_000,
            unwind: "auto".into(),
            ..ProfileMeta::default()
        };
        let mut p = Profile::new(meta, SampleType::Cpu);
        for (names, weight) in stacks {
            p.add(Sample {
                frames: names.iter().map(|n| Frame::native(*n, None)).collect(),
                thread: None,
                weight: *weight,
            });
        }
        p
    }

    fn weights(p: &Profile) -> BTreeMap<String, u64> {
        p.stacks
            .iter()
            .map(|s| {
                let names: Vec<_> = s.frames.iter().map(|f| f.function.as_str()).collect();
                (names.join(";"), s.weight)
            })
            .collect()
    }

    #[test]
    fn merge_sums_weights_and_combines_meta() {
        let mut a = cpu("pid 1 (app)", 10, &[(&["main", "a"], 5), (&["main", "b"], 1)]);
        a.meta.lost_samples = 2;
        a.meta.notes.push("target exited early".into());
        let mut b = cpu("pid 1 (app)", 20, &[(&["main", "a"], 3), (&["main", "c"], 4)]);
        b.meta.lost_samples = 1;
        b.meta.notes.push("target exited early".into());
        b.meta.notes.push("thread 7 could not be followed".into());
        b.meta.extra.insert("memory".into(), serde_json::json!(1));
        a.merge(&b).unwrap();
        assert_eq!(
            weights(&a),
            BTreeMap::from([
                ("main;a".to_string(), 8),
                ("main;b".to_string(), 1),
                ("main;c".to_string(), 4)
            ])
        );
        assert_eq!(a.total_weight(), 13);
        assert_eq!(a.meta.duration_ns, 30_000_000_000);
        assert_eq!(a.meta.start_unix_ns, 10_000);
        assert_eq!(a.meta.lost_samples, 3);
        assert_eq!(a.meta.target, "pid 1 (app)");
        assert_eq!(
            a.meta.notes,
            vec!["target exited early", "thread 7 could not be followed"]
        );
        assert_eq!(a.meta.extra["memory"], serde_json::json!(1));
        // Adding after a merge still finds the merged stacks.
        a.add(Sample {
            frames: vec![Frame::native("main", None), Frame::native("c", None)],
            thread: None,
            weight: 1,
        });
        assert_eq!(weights(&a)["main;c"], 5);
    }

    #[test]
    fn merge_into_an_empty_profile_takes_the_other() {
        let b = cpu("pid 2 (x)", 1, &[(&["main"], 2)]);
        let mut empty = Profile::new(ProfileMeta::default(), SampleType::Cpu);
        empty.merge(&b).unwrap();
        assert_eq!(empty.meta, b.meta);
        assert_eq!(weights(&empty), weights(&b));
    }

    #[test]
    fn merge_refuses_mismatches() {
        let mut a = cpu("a", 1, &[(&["main"], 1)]);
        let mut b = cpu("b", 1, &[(&["main"], 1)]);
        b.meta.interval_ns = 1_000_000;
        let err = a.merge(&b).unwrap_err();
        assert!(matches!(err, ProfileError::IntervalMismatch { .. }), "{err}");
        b.sample_type = SampleType::AllocBytes;
        assert!(matches!(
            a.merge(&b).unwrap_err(),
            ProfileError::SampleTypeMismatch { .. }
        ));
        // Nothing was added by the refused merges.
        assert_eq!(a.total_weight(), 1);
    }

    #[test]
    fn merge_of_different_targets_and_depths_says_so() {
        let mut a = cpu("pid 1 (a)", 1, &[(&["main"], 1)]);
        a.meta.max_depth = Some(4);
        let mut b = cpu("pid 2 (b)", 1, &[(&["main"], 1)]);
        b.meta.max_depth = Some(8);
        a.merge(&b).unwrap();
        assert_eq!(a.meta.target, "pid 1 (a) + pid 2 (b)");
        assert_eq!(a.meta.max_depth, Some(8));
        assert_eq!(
            a.meta.notes,
            vec!["merged profiles with different depth limits (4 and 8)"]
        );
    }

    #[test]
    fn diff_per_function_and_per_stack() {
        let base = cpu("app", 1, &[(&["main", "a"], 60), (&["main", "b", "b"], 40)]);
        let new = cpu(
            "app",
            1,
            &[(&["main", "a"], 20), (&["main", "b", "b"], 60), (&["main", "c"], 20)],
        );
        let diff = Profile::diff(&base, &new).unwrap();
        assert_eq!((diff.base_total, diff.new_total), (100, 100));
        let names: Vec<&str> = diff.functions.iter().map(|f| f.function.as_str()).collect();
        // a: -40 points, b: +20, c: +20, main: 0 (it is never a leaf).
        assert_eq!(names, vec!["a", "b", "c", "main"]);
        let b = &diff.functions[1];
        assert_eq!((b.base_self, b.new_self), (40, 60));
        // Recursive b counts once per stack in its total.
        assert_eq!((b.base_total, b.new_total), (40, 60));
        assert_eq!(b.self_delta(), 20);
        assert!((diff.functions[0].self_share_change(100, 100) + 40.0).abs() < 1e-9);
        let main = &diff.functions[3];
        assert_eq!((main.base_total, main.new_total), (100, 100));
        assert_eq!(main.total_delta(), 0);

        let mut out = Vec::new();
        diff.write_differential_folded(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "main;a 60 20\nmain;b;b 40 60\nmain;c 0 20\n"
        );
    }

    #[test]
    fn diff_refuses_different_sample_types() {
        let base = cpu("app", 1, &[(&["main"], 1)]);
        let mut new = base.clone();
        new.sample_type = SampleType::AllocBytes;
        assert!(Profile::diff(&base, &new).is_err());
    }
}
