//! Benchmarks for the workspace; see the binaries in `src/bin/`.
