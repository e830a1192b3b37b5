//! Turns API documentation pages into a typed Rust SDK.
//!
//! Data flows one way, one module per stage:
//!
//! 0. [`settings`] reads `api.toml` (the API as a whole: name, hosts, auth, envelope).
//! 1. [`page`] finds sections, tables and JSON blocks in one doc page (any of the
//!    three renderings, or a ShowDoc markdown source) → [`page::RawEndpoint`]s.
//! 2. [`json`] reads the (often broken) JSON examples leniently, recording every repair.
//! 3. [`lower`] turns raw endpoints plus [`overrides`] into the [`ir`]: plain,
//!    serialisable data with stable names (`group`/`operation`), typed path templates
//!    and parameters that keep their wire name beside their Rust name; [`discover`]
//!    fills in what the pages show about the API as a whole.
//! 4. [`infer`] derives named, shared Rust types from the examples and tables.
//! 5. [`emit`] prints the client crate's code with `quote` + `prettyplease`;
//!    [`openapi`] writes the API as OpenAPI 3.1; [`snapshot`] serialises the IR and
//!    the types for review, and [`diff`] compares two snapshots.
//!
//! [`pipeline`] runs the stages and assembles the output folder's files; [`output`]
//! (files, headers, templates), [`naming`], [`diag`] and [`par`] serve every stage.
//! No module imports one that imports it back (tested in `module_graph`).
//!
//! Every stage reports problems as [`diag::Diagnostic`]s instead of panicking.

pub mod diag;
pub mod diff;
pub mod discover;
pub mod emit;
pub mod infer;
pub mod ir;
pub mod json;
pub mod lower;
pub mod naming;
pub mod openapi;
pub mod output;
pub mod overrides;
pub mod page;
pub mod par;
pub mod pipeline;
pub mod settings;
pub mod snapshot;

#[cfg(test)]
mod module_graph;
