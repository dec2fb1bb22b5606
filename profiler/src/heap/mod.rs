//! Heap and memory summaries.

pub mod memory;
