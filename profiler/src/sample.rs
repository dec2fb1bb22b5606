//! Frames, stacks and samples: plain serde data shared by every backend and renderer.

use serde::{Deserialize, Serialize};

/// Where a frame comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FrameKind {
    /// Machine code of an ELF binary or library.
    Native,
    /// Kernel code.
    Kernel,
    /// JIT-compiled code named by a perf map (`/tmp/perf-PID.map`).
    Jit,
    /// A Python function.
    Python,
    /// A Java method.
    Java,
    /// A marker frame, such as `[truncated]` at the root of a stack that was cut short.
    Marker,
}

/// One frame of a stack. Two frames are the same frame when all their fields are equal; the
/// address is kept out of the identity so that samples at different instructions of one
/// function aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Frame {
    /// Function name, demangled; `[unknown]` or a hex address when it has no symbol.
    pub function: String,
    /// The binary, library, Python module or Java class loader the function lives in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// Source file, when known and asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Source line, when known and asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// What kind of code it is.
    pub kind: FrameKind,
    /// True when the compiler inlined this function into its caller.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inlined: bool,
}

impl Frame {
    /// A native frame with only a function name.
    pub fn native(function: impl Into<String>, module: Option<String>) -> Self {
        Frame {
            function: function.into(),
            module,
            file: None,
            line: None,
            kind: FrameKind::Native,
            inlined: false,
        }
    }

    /// The `[truncated]` marker put at the root of a stack that unwinding could not finish.
    pub fn truncated() -> Self {
        Frame {
            function: "[truncated]".into(),
            module: None,
            file: None,
            line: None,
            kind: FrameKind::Marker,
            inlined: false,
        }
    }

    /// The root frame that names a thread in a per-thread profile: `name (tid N)`.
    pub fn thread_root(thread: &ThreadInfo) -> Self {
        let name = thread.name.as_deref().unwrap_or("thread");
        Frame {
            function: format!("{name} (tid {})", thread.tid),
            module: None,
            file: None,
            line: None,
            kind: FrameKind::Marker,
            inlined: false,
        }
    }

    /// The name shown in flamegraphs and folded stacks: the function, with `file:line` when
    /// known.
    pub fn display_name(&self) -> String {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => format!("{} ({file}:{line})", self.function),
            (Some(file), None) => format!("{} ({file})", self.function),
            _ => self.function.clone(),
        }
    }
}

/// A thread of the target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ThreadInfo {
    /// Process id.
    pub pid: u32,
    /// Thread id.
    pub tid: u32,
    /// Thread name (`/proc/PID/task/TID/comm`), when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One symbolized sample: a stack from the root (index 0) to the leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    /// Frames, root first.
    pub frames: Vec<Frame>,
    /// The thread it was taken on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<ThreadInfo>,
    /// Weight: 1 for one CPU sample, bytes for an allocation sample.
    pub weight: u64,
}
