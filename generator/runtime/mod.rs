//! Hand-written runtime of the ikcrm SDK: HTTP client, authentication, lenient value
//! types, Rails-style encoding, pagination, throttling and retries.
//!
//! Generated code uses only what is re-exported here.

pub mod auth;
pub mod client;
pub mod custom;
pub mod error;
pub mod lenient;
#[cfg(any(test, feature = "mock"))]
pub mod mock;
pub mod object;
pub mod paginate;
pub mod rails;
pub mod raw;
pub mod retry;
pub mod throttle;

#[cfg(test)]
mod tests;

pub use auth::authorization_header;
pub use client::{
    encode_path_segment, encode_query, to_json, ApiRequest, BodyEncoding, Client, ClientBuilder,
    Edition,
};
pub use error::{codes, Error, Result, TransportError};
pub use lenient::{
    china_offset, custom_field_base, is_custom_field, CustomFields, DateTime, Decimal, Empty,
    Extra, Field, Key, Kinds, Lenient, ParseDecimalError,
};
pub use paginate::{paginate, Paginated};
pub use raw::RawRequest;
/// The HTTP method type of [`Client::raw`].
pub use reqwest::Method;
pub use retry::RetryPolicy;
pub use throttle::Throttle;

/// A boxed, `Send` future: generated request builders implement `IntoFuture` with it.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A boxed, `Send` stream, as returned by [`paginate()`].
pub use futures_core::stream::BoxStream;
