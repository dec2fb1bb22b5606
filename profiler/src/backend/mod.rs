//! Sampling backends: native code (perf_event_open), CPython, and the HotSpot JVM.
//!
//! [`runtime`] decides which one a target needs (`--runtime auto`).

pub mod jvm;
pub mod native;
pub mod python;
pub mod runtime;
