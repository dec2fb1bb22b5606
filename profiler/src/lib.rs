//! The profiler: samples running processes into flamegraphs and heap summaries.
//!
//! Data flow: a backend ([`backend`]) samples a target into raw stacks, [`symbolize`] turns
//! addresses into frames, [`profile::Profile`] aggregates stacks into weights (with the
//! root-side depth limit), and [`output`] renders a profile as SVG, folded text, pprof or JSON.
//! [`heap`] holds the memory summaries.

pub mod backend;
pub mod cli;
pub mod heap;
pub mod output;
pub mod profile;
pub mod record;
pub mod sample;
pub mod symbolize;
