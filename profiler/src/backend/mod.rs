//! Sampling backends: native (perf_event_open); Python and JVM come later.

pub mod native;
