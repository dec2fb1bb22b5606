//! Heap and memory summaries.
//!
//! - [`memory`]: `profiler memory`, a process's memory by mapping and in total, from
//!   `/proc/PID/smaps` ([`smaps`]).
//! - [`timeline`]: the same totals sampled over time during `record`.

pub mod memory;
pub mod smaps;
pub mod timeline;
