//! The generator's integration tests, one module per subject, in ONE test binary
//! (each binary links the generator, syn and insta on its own: BENCHMARKS.md, "CI
//! session 3"). Run one subject with a filter:
//! `cargo test -p ikcrm-codegen --test it pipeline::`. Insta's snapshots are in
//! `it/snapshots/`, named `it__<module>__<name>.snap`.

mod diff;
mod json_regressions;
mod page_excerpts;
mod page_fixtures;
mod pipeline;
