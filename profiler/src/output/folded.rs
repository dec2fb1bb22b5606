//! Folded stacks: one `root;...;leaf weight` line per distinct stack, the contract between
//! stack collectors and flamegraph tools (inferno, Brendan Gregg's flamegraph.pl, speedscope).
//!
//! - Frames are written with [`Frame::display_name`], root first.
//! - A `;` inside a name would split the frame in two, and a newline would end the line, so `;`
//!   becomes `:` and line breaks become spaces. An empty name becomes `[unknown]`.
//! - When a stack carries its thread (per-thread profiles), the thread is its root frame:
//!   `[worker-1 tid 123]`, or `[tid 123]` when the thread has no name.
//! - Stacks that render to the same text are summed into one line, zero weights are left out,
//!   and lines are sorted by their text, so the same profile always gives the same bytes.

use crate::profile::Profile;
use crate::sample::{Frame, ThreadInfo};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A frame's name as it appears in a folded line: `;` and line breaks replaced.
pub fn frame_name(frame: &Frame) -> String {
    clean_name(&frame.display_name())
}

/// The pseudo frame that puts a thread at the root of its stacks.
pub fn thread_frame(thread: &ThreadInfo) -> String {
    match &thread.name {
        Some(name) if !name.trim().is_empty() => clean_name(&format!("[{} tid {}]", name.trim(), thread.tid)),
        _ => format!("[tid {}]", thread.tid),
    }
}

fn clean_name(name: &str) -> String {
    if name.is_empty() {
        return "[unknown]".to_string();
    }
    name.chars()
        .map(|c| match c {
            ';' => ':',
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect()
}

/// The profile's stacks as folded text (without the weight) and weight, summed by text and
/// sorted by text. Stacks of weight 0 are left out.
pub fn folded_stacks(profile: &Profile) -> Vec<(String, u64)> {
    let mut lines: BTreeMap<String, u64> = BTreeMap::new();
    for stack in &profile.stacks {
        if stack.weight == 0 {
            continue;
        }
        let mut names: Vec<String> = Vec::with_capacity(stack.frames.len() + 1);
        if let Some(thread) = &stack.thread {
            names.push(thread_frame(thread));
        }
        names.extend(stack.frames.iter().map(frame_name));
        if names.is_empty() {
            // A sample with no frame at all still counts: it shows as unknown.
            names.push("[unknown]".to_string());
        }
        *lines.entry(names.join(";")).or_insert(0) += stack.weight;
    }
    lines.into_iter().collect()
}

/// Writes the folded lines of `profile`.
pub fn write(profile: &Profile, out: &mut dyn Write) -> io::Result<()> {
    for (stack, weight) in folded_stacks(profile) {
        writeln!(out, "{stack} {weight}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{ProfileMeta, SampleType};
    use crate::sample::{FrameKind, Sample};

    fn sample(names: &[&str], weight: u64, thread: Option<ThreadInfo>) -> Sample {
        Sample {
            frames: names.iter().map(|n| Frame::native(*n, None)).collect(),
            thread,
            weight,
        }
    }

    #[test]
    fn exact_text_sorted_and_summed() {
        let mut p = Profile::new(ProfileMeta::default(), SampleType::Cpu);
        p.add(sample(&["main", "b"], 2, None));
        p.add(sample(&["main", "a", "leaf"], 5, None));
        p.add(sample(&["main", "b"], 1, None));
        p.add(sample(&["main", "zero"], 0, None));
        let mut with_line = Frame::native("main", None);
        with_line.file = Some("m.c".into());
        with_line.line = Some(7);
        p.add(Sample {
            frames: vec![with_line],
            thread: None,
            weight: 1,
        });
        let mut out = Vec::new();
        write(&p, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "main (m.c:7) 1\nmain;a;leaf 5\nmain;b 3\n"
        );
    }

    #[test]
    fn names_are_escaped_and_threads_are_roots() {
        let mut p = Profile::new(ProfileMeta::default(), SampleType::Cpu);
        let worker = ThreadInfo {
            pid: 10,
            tid: 12,
            name: Some("worker;1".into()),
        };
        let anon = ThreadInfo {
            pid: 10,
            tid: 13,
            name: None,
        };
        p.add(sample(&["main", "f<[u8; 4]>", "two\nlines"], 3, Some(worker)));
        p.add(sample(&["main", ""], 1, Some(anon)));
        p.add(Sample {
            frames: vec![Frame {
                kind: FrameKind::Marker,
                ..Frame::truncated()
            }],
            thread: None,
            weight: 4,
        });
        let text: Vec<String> = folded_stacks(&p).into_iter().map(|(s, w)| format!("{s} {w}")).collect();
        assert_eq!(
            text,
            vec![
                "[tid 13];main;[unknown] 1",
                "[truncated] 4",
                "[worker:1 tid 12];main;f<[u8: 4]>;two lines 3",
            ]
        );
    }
}
