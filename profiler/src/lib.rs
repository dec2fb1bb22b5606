//! The profiler: samples running processes into flamegraphs and heap summaries.
//!
//! Not built yet: the sampling backends, symbolization and renderers arrive with the
//! profiler issues. This crate exists so that the workspace layout is fixed from the start.
