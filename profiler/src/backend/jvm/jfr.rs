//! Reading JDK Flight Recorder dumps (with the jfrs crate) into stacks of [`Frame`]s.
//!
//! - Method frames are named `package.Class.method` and are [`FrameKind::Java`]; a frame the
//!   JIT inlined into its caller (JFR frame type `Inlined`) has `inlined` set.
//! - JFR keeps line numbers but no source file names: with `lines`, a frame gets its line and a
//!   file name derived from the class (`Outer.java` for `pkg.Outer$Inner`).
//! - A stack JFR cut at its stack depth (`truncated`) starts with the `[truncated]` marker.
//! - Stacks are interned per chunk (JFR keeps them in a constant pool), so a dump of many
//!   samples is read without rebuilding the same stack over and over.
//! - A dump that ends early (the JVM died while writing it) gives what its complete chunks
//!   hold, and says so in `error`.

use crate::sample::{Frame, FrameKind};
use jfrs::reader::JfrReader;
use jfrs::reader::event::Accessor;
use jfrs::reader::value_descriptor::ValueDescriptor;
use std::collections::HashMap;
use std::io::{Read, Seek};
use std::rc::Rc;

/// The JFR events the profiler reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// `jdk.ExecutionSample`: a thread running Java code.
    Execution,
    /// `jdk.NativeMethodSample`: a thread in a native method.
    NativeMethod,
    /// `jdk.ObjectAllocationSample` (JDK 16+): a sampled allocation, weighted in bytes.
    Allocation,
    /// `jdk.ObjectAllocationInNewTLAB` / `OutsideTLAB` (JDK 11-15): allocations that took a new
    /// TLAB or went outside one.
    AllocationTlab,
}

impl EventKind {
    /// The event's JFR name(s).
    fn from_name(name: &str) -> Option<EventKind> {
        match name {
            "jdk.ExecutionSample" => Some(EventKind::Execution),
            "jdk.NativeMethodSample" => Some(EventKind::NativeMethod),
            "jdk.ObjectAllocationSample" => Some(EventKind::Allocation),
            "jdk.ObjectAllocationInNewTLAB" | "jdk.ObjectAllocationOutsideTLAB" => Some(EventKind::AllocationTlab),
            _ => None,
        }
    }
}

/// The thread a sample was taken on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JfrThread {
    /// OS thread id (as the JVM's pid namespace numbers it).
    pub tid: u32,
    /// Java thread name, else OS thread name.
    pub name: Option<String>,
}

/// One distinct stack of one event kind (and thread), with its summed weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JfrStack {
    /// Which event.
    pub kind: EventKind,
    /// Frames, root first; a stack JFR truncated starts with `[truncated]`.
    pub frames: Vec<Frame>,
    /// The thread.
    pub thread: Option<JfrThread>,
    /// Samples (CPU events) or bytes (allocation events).
    pub weight: u64,
    /// Events summed into this stack.
    pub events: u64,
}

/// What a dump held.
#[derive(Debug, Default)]
pub struct JfrData {
    /// Distinct stacks, heaviest first.
    pub stacks: Vec<JfrStack>,
    /// Events read, by kind.
    pub events: HashMap<EventKind, u64>,
    /// Stacks JFR truncated, by kind.
    pub truncated: HashMap<EventKind, u64>,
    /// Chunks read.
    pub chunks: usize,
    /// Wall-clock start of the first chunk, ns since the epoch.
    pub start_ns: Option<i64>,
    /// Wall-clock end of the last chunk, ns since the epoch.
    pub end_ns: Option<i64>,
    /// Allocated bytes by class (`java.lang.String`), of allocation events.
    pub allocated_classes: HashMap<String, u64>,
    /// Why reading stopped early, if it did.
    pub error: Option<String>,
}

/// Options of [`read`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Keep line numbers (and derived file names).
    pub lines: bool,
    /// Keep the thread of each stack.
    pub per_thread: bool,
}

type Key = (EventKind, Vec<Frame>, Option<JfrThread>);

/// Reads a JFR dump.
pub fn read<R: Read + Seek>(input: R, opts: ReadOptions) -> JfrData {
    let mut data = JfrData::default();
    let mut sums: HashMap<Key, (u64, u64)> = HashMap::new();
    let mut reader = JfrReader::new(input);
    for chunk in reader.chunks() {
        let (mut chunk_reader, chunk) = match chunk {
            Ok(c) => c,
            Err(e) => {
                data.error = Some(format!("after {} chunks: {e}", data.chunks));
                break;
            }
        };
        data.chunks += 1;
        let start = chunk.header.start_time_nanos;
        data.start_ns = Some(data.start_ns.map_or(start, |s| s.min(start)));
        let end = start + chunk.header.duration_nanos;
        data.end_ns = Some(data.end_ns.map_or(end, |e| e.max(end)));
        // Stacks by constant-pool index, per chunk.
        let mut stack_cache: HashMap<i64, Rc<(Vec<Frame>, bool)>> = HashMap::new();
        for event in chunk_reader.events(&chunk) {
            let event = match event {
                Ok(e) => e,
                Err(e) => {
                    data.error = Some(format!("in chunk {}: {e}", data.chunks));
                    break;
                }
            };
            let Some(kind) = EventKind::from_name(event.class.name()) else {
                continue;
            };
            let value = event.value();
            let stack = match value.get_field_raw("stackTrace").map(|a| a.value) {
                Some(ValueDescriptor::ConstantPool { constant_index, .. }) => {
                    let index = *constant_index;
                    match stack_cache.get(&index) {
                        Some(stack) => stack.clone(),
                        None => {
                            let stack = Rc::new(read_stack(value.get_field("stackTrace"), opts.lines));
                            stack_cache.insert(index, stack.clone());
                            stack
                        }
                    }
                }
                _ => Rc::new(read_stack(value.get_field("stackTrace"), opts.lines)),
            };
            let weight = match kind {
                EventKind::Execution | EventKind::NativeMethod => 1,
                EventKind::Allocation => long(&value, "weight"),
                EventKind::AllocationTlab => {
                    let tlab = long(&value, "tlabSize");
                    if tlab > 0 { tlab } else { long(&value, "allocationSize") }
                }
            };
            if matches!(kind, EventKind::Allocation | EventKind::AllocationTlab) {
                if let Some(class) = value.get_field("objectClass").and_then(|c| class_name(&c)) {
                    *data.allocated_classes.entry(java_type_name(&class)).or_default() += weight;
                }
            }
            let thread = if opts.per_thread {
                let field = if kind == EventKind::Execution || kind == EventKind::NativeMethod {
                    "sampledThread"
                } else {
                    "eventThread"
                };
                value.get_field(field).map(|t| read_thread(&t))
            } else {
                None
            };
            *data.events.entry(kind).or_default() += 1;
            if stack.1 {
                *data.truncated.entry(kind).or_default() += 1;
            }
            let mut frames = Vec::with_capacity(stack.0.len() + 1);
            if stack.1 {
                frames.push(Frame::truncated());
            }
            frames.extend(stack.0.iter().cloned());
            let entry = sums.entry((kind, frames, thread)).or_default();
            entry.0 += weight;
            entry.1 += 1;
        }
        if data.error.is_some() {
            break;
        }
    }
    let mut stacks: Vec<JfrStack> = sums
        .into_iter()
        .map(|((kind, frames, thread), (weight, events))| JfrStack {
            kind,
            frames,
            thread,
            weight,
            events,
        })
        .collect();
    stacks.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.thread.cmp(&b.thread))
            .then_with(|| a.frames.cmp(&b.frames))
    });
    data.stacks = stacks;
    data
}

fn long(value: &Accessor<'_>, field: &str) -> u64 {
    value
        .get_field(field)
        .and_then(|v| i64::try_from(v.value).ok())
        .map(|v| v.max(0) as u64)
        .unwrap_or(0)
}

fn string<'a>(value: &Accessor<'a>, field: &str) -> Option<&'a str> {
    value.get_field(field).and_then(|v| <&str>::try_from(v.value).ok())
}

/// A `jdk.types.Symbol`'s text.
fn symbol<'a>(value: &Accessor<'a>, field: &str) -> Option<&'a str> {
    value.get_field(field).and_then(|s| string(&s, "string"))
}

/// A `java.lang.Class`'s name, with dots: `java.lang.String`, `[B`.
fn class_name(class: &Accessor<'_>) -> Option<String> {
    symbol(class, "name").map(|n| n.replace('/', "."))
}

fn read_thread(thread: &Accessor<'_>) -> JfrThread {
    let tid = long(thread, "osThreadId") as u32;
    let name = string(thread, "javaName")
        .or_else(|| string(thread, "osName"))
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    JfrThread { tid, name }
}

/// A stack trace as frames, root first, and whether JFR truncated it.
fn read_stack(stack: Option<Accessor<'_>>, lines: bool) -> (Vec<Frame>, bool) {
    let Some(stack) = stack else {
        return (Vec::new(), false);
    };
    let truncated = stack
        .get_field("truncated")
        .and_then(|v| bool::try_from(v.value).ok())
        .unwrap_or(false);
    let mut frames: Vec<Frame> = match stack.get_field("frames").and_then(|f| f.as_iter()) {
        Some(iter) => iter.map(|f| read_frame(&f, lines)).collect(),
        None => Vec::new(),
    };
    // JFR lists the leaf first.
    frames.reverse();
    (frames, truncated)
}

fn read_frame(frame: &Accessor<'_>, lines: bool) -> Frame {
    let method = frame.get_field("method");
    let class = method.as_ref().and_then(|m| m.get_field("type"));
    let class_name = class.as_ref().and_then(class_name);
    let method_name = method.as_ref().and_then(|m| symbol(m, "name")).unwrap_or("[unknown]");
    let function = match &class_name {
        Some(class) => format!("{class}.{method_name}"),
        None => method_name.to_string(),
    };
    let module = class
        .as_ref()
        .and_then(|c| c.get_field("package"))
        .and_then(|p| p.get_field("module"))
        .and_then(|m| symbol(&m, "name"))
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    let kind_name = frame.get_field("type").and_then(|t| string(&t, "description"));
    let line = frame
        .get_field("lineNumber")
        .and_then(|v| i32::try_from(v.value).ok())
        .filter(|&l| l > 0);
    let (file, line) = match (lines, line, &class_name) {
        (true, Some(line), Some(class)) => (Some(source_file_guess(class)), Some(line as u32)),
        _ => (None, None),
    };
    Frame {
        function,
        module,
        file,
        line,
        kind: FrameKind::Java,
        inlined: kind_name == Some("Inlined"),
    }
}

/// The source file javac names after a class: `Outer.java` for `pkg.Outer$Inner`.
pub fn source_file_guess(class: &str) -> String {
    let simple = class.rsplit('.').next().unwrap_or(class);
    let outer = simple.split('$').next().filter(|s| !s.is_empty()).unwrap_or(simple);
    format!("{outer}.java")
}

/// A JVM type name as Java source writes it: `[B` -> `byte[]`, `[[I` -> `int[][]`,
/// `[Ljava.lang.String;` -> `java.lang.String[]`; other names unchanged.
pub fn java_type_name(name: &str) -> String {
    let dims = name.chars().take_while(|&c| c == '[').count();
    if dims == 0 {
        return name.to_string();
    }
    let element = &name[dims..];
    let base = match element {
        "Z" => "boolean".to_string(),
        "B" => "byte".to_string(),
        "C" => "char".to_string(),
        "S" => "short".to_string(),
        "I" => "int".to_string(),
        "J" => "long".to_string(),
        "F" => "float".to_string(),
        "D" => "double".to_string(),
        e if e.starts_with('L') && e.ends_with(';') => e[1..e.len() - 1].replace('/', "."),
        _ => return name.to_string(),
    };
    format!("{base}{}", "[]".repeat(dims))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(java_type_name("[B"), "byte[]");
        assert_eq!(java_type_name("[[I"), "int[][]");
        assert_eq!(java_type_name("[Ljava.lang.String;"), "java.lang.String[]");
        assert_eq!(java_type_name("[[Ljava/lang/Object;"), "java.lang.Object[][]");
        assert_eq!(java_type_name("java.util.HashMap$Node"), "java.util.HashMap$Node");
        assert_eq!(java_type_name("[Q"), "[Q");
    }

    #[test]
    fn source_files() {
        assert_eq!(source_file_guess("com.example.Outer$Inner"), "Outer.java");
        assert_eq!(source_file_guess("Main"), "Main.java");
    }

    #[test]
    fn garbage_gives_an_error_not_a_panic() {
        let data = read(std::io::Cursor::new(b"not a JFR file".to_vec()), ReadOptions::default());
        assert!(data.stacks.is_empty());
        assert!(data.error.is_some());
    }
}
