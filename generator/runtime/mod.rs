//! Hand-written runtime of the ikcrm SDK: HTTP client, authentication, lenient value
//! types, Rails-style encoding, pagination, throttling and retries.
//!
//! Generated code uses only what is re-exported here.

pub mod error;
pub mod lenient;
pub mod rails;

pub use error::{codes, Error, Result};
pub use lenient::{
    china_offset, custom_field_base, is_custom_field, CustomFields, DateTime, Decimal, Empty,
    Extra, Field, Key, Kinds, Lenient, ParseDecimalError,
};
