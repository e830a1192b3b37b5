//! Hand-written runtime of the SDK: HTTP client, authentication, lenient value
//! types, Rails-style encoding, pagination, throttling and retries.
//!
//! The same for every API: what differs (hosts, auth, envelope, rate limit) is read
//! from the generated `crate::config::SETTINGS` ([`settings`]). Generated code uses
//! only what is re-exported here.

pub mod auth;
pub mod catalog;
pub mod client;
pub mod custom;
pub mod error;
mod json_path;
pub mod lenient;
/// Public as the crate's `mock` module (one path for users).
#[cfg(any(test, feature = "mock"))]
pub(crate) mod mock;
pub mod object;
pub mod paginate;
pub mod rails;
pub mod raw;
pub mod retry;
pub mod settings;
pub mod throttle;

#[cfg(test)]
mod tests;

pub use catalog::{CustomFieldCatalog, CustomFieldInfo};
pub use client::{
    encode_path_segment, encode_query, to_json, ApiRequest, BodyEncoding, Client, ClientBuilder,
};
pub use error::{Error, Result, TransportError};
pub use lenient::{
    china_offset, custom_field_base, is_custom_field, CustomFields, DateTime, Decimal, Empty,
    Extra, Field, Key, Kinds, Lenient, ParseDecimalError,
};
/// What generated structs name to decode themselves ([`object::LenientObject`]).
#[doc(hidden)]
pub use object::{LenientObject, UnknownKeys};
pub use paginate::{paginate, Paginated};
pub use raw::RawRequest;
/// The HTTP method type of [`Client::raw`].
pub use reqwest::Method;
#[doc(hidden)]
pub use serde::de::MapAccess;

/// The date-time crate of [`DateTime::parse`] (`chrono::DateTime<FixedOffset>`),
/// re-exported so its types can be named without adding a matching dependency.
pub use chrono;
/// The stream trait of `.stream()` and [`paginate()`], and the extension trait that
/// gives them `try_next`, `try_collect`, `map_ok`, ….
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use retry::RetryPolicy;
/// The decimal crate of [`Decimal::value`] (`rust_decimal::Decimal`), re-exported for
/// the same reason.
pub use rust_decimal;
pub use settings::{AuthScheme, EnvelopeSettings, LoginSettings, Settings, Success};
pub use throttle::Throttle;

/// A boxed, `Send` future: generated request builders implement `IntoFuture` with it.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A boxed, `Send` stream, as returned by [`paginate()`].
pub use futures_core::stream::BoxStream;
