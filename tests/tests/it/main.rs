//! The repository's integration tests, one module per subject, in ONE test binary.
//!
//! Why one: each test binary links the SDK, Tokio, wiremock, reqwest, hyper and the
//! generator on its own, and compiles its own copies of their generic code; on a
//! fresh clone the seven binaries these modules were took a large part of the test
//! build (BENCHMARKS.md, "CI session 3"). Run one subject with a filter:
//! `cargo test --workspace --test it client::`.
//!
//! `tracing_spans` stays a binary of its own (`tests/tracing_spans.rs`): it installs
//! a tracing subscriber, and tracing caches per call site whether anyone listens,
//! which another test's spans on other threads must not race with.

mod check;
mod client;
mod common;
mod drift;
mod emitted;
mod openapi;
mod operations;
mod xtask_alias;
mod xtask_reuse;
