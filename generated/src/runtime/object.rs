//! Support for the generated structs and request builders.
//!
//! * A generated struct decodes in one pass over the JSON object: its
//!   [`LenientObject`] impl puts each known key into its `Field`, and
//!   [`deserialize_object`] does the rest, per-company custom fields into
//!   `custom_fields` and everything else into `extra`. No buffering and no
//!   `#[serde(flatten)]` on the decode path (flatten buffers every key into an
//!   intermediate map first, which is what made derived decoding slow).
//!   `lenient_object!(Type)` writes the `Deserialize` and `Lenient` impls that call it.
//! * [`ToParam`] turns builder arguments into the JSON values that Rails-style
//!   query strings and bodies are built from, without a fallible step.

use super::lenient::{DateTime, Decimal};
use super::{is_custom_field, CustomFields, Extra, Key};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

/// A generated struct's known keys: what [`deserialize_object`] needs to decode it.
pub trait LenientObject: Default {
    /// Decodes the value of `key` into the field with that wire name; `Ok(false)`
    /// when no field has it (the value is then still to be read).
    fn decode_field<'de, A: MapAccess<'de>>(
        &mut self,
        _key: &str,
        _map: &mut A,
    ) -> Result<bool, A::Error> {
        Ok(false)
    }

    /// Where the keys no field takes go.
    fn unknown_keys(&mut self) -> UnknownKeys<'_>;

    /// Reads the value of `key` into its field, or where unknown keys go.
    fn decode_key<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if !self.decode_field(key, map)? {
            self.unknown_keys().insert(key, map)?;
        }
        Ok(())
    }
}

/// Where a generated struct keeps the keys it has no field for: `extra`, and
/// `custom_fields` for the per-company fields when it has them.
pub struct UnknownKeys<'a> {
    extra: &'a mut Extra,
    custom_fields: Option<&'a mut CustomFields>,
}

impl<'a> UnknownKeys<'a> {
    /// Every unknown key into `extra`.
    pub fn extra(extra: &'a mut Extra) -> Self {
        UnknownKeys {
            extra,
            custom_fields: None,
        }
    }

    /// Per-company custom fields ([`is_custom_field`]) into `custom_fields`, other
    /// unknown keys into `extra`.
    pub fn with_custom_fields(extra: &'a mut Extra, custom_fields: &'a mut CustomFields) -> Self {
        UnknownKeys {
            extra,
            custom_fields: Some(custom_fields),
        }
    }

    /// Reads the value of `key` into the map it belongs in.
    fn insert<'de, A: MapAccess<'de>>(self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match self.custom_fields {
            Some(custom) if is_custom_field(key) => {
                custom.insert(key.to_owned(), map.next_value()?);
            }
            _ => {
                self.extra.insert(key.to_owned(), map.next_value()?);
            }
        }
        Ok(())
    }
}

/// Decodes a generated struct from a JSON object (`expecting` names it in errors).
pub fn deserialize_object<'de, T: LenientObject, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(expecting, PhantomData))
}

struct ObjectVisitor<T>(&'static str, PhantomData<fn() -> T>);

impl<'de, T: LenientObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        object_from(None, &mut map)
    }
}

/// Decodes a generated struct from the keys of `map`, `first` (a key already read
/// from it) first: [`Lenient::from_map`](super::Lenient::from_map) of generated
/// structs, and their `Deserialize`.
pub fn object_from<'de, T: LenientObject, A: MapAccess<'de>>(
    first: Option<Key<'de>>,
    map: &mut A,
) -> Result<T, A::Error> {
    let mut out = T::default();
    if let Some(key) = first {
        out.decode_key(key.as_str(), map)?;
    }
    // Keys as checked `&str`. Raw bytes (`deserialize_bytes`, no UTF-8
    // check) ran 8% fewer instructions but 2-12% slower: serde_json
    // scans raw strings with `memchr2`, which loses on short keys.
    while let Some(key) = map.next_key::<Key<'de>>()? {
        out.decode_key(key.as_str(), map)?;
    }
    Ok(out)
}

/// Writes `Deserialize` (through [`deserialize_object`]) and `Lenient` for a
/// generated struct that implements [`LenientObject`].
///
/// ```ignore
/// lenient_object!(User);
/// ```
#[allow(unused_macros)] // unused only in a crate without generated structs
macro_rules! lenient_object {
    ($ty:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::object::deserialize_object(
                    deserializer,
                    concat!("a JSON object (", stringify!($ty), ")"),
                )
            }
        }
        impl $crate::runtime::Lenient for $ty {
            const ACCEPTS: $crate::runtime::Kinds = $crate::runtime::Kinds::OBJECT;
            const READS_MAP: bool = true;

            fn from_map<'de, A: $crate::runtime::MapAccess<'de>>(
                first: &mut ::std::option::Option<$crate::runtime::Key<'de>>,
                map: &mut A,
            ) -> ::std::option::Option<::std::result::Result<Self, A::Error>> {
                Some($crate::runtime::object::object_from(first.take(), map))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use lenient_object;

impl<T> super::Field<Vec<super::Field<T>>> {
    /// The items of a list field that have the expected type, skipping `null`,
    /// empty and drifted items (which stay in the field for the round trip).
    pub fn items(&self) -> impl Iterator<Item = &T> {
        self.get()
            .into_iter()
            .flatten()
            .filter_map(super::Field::get)
    }
}

/// A value a request builder can send as a query or body parameter.
pub trait ToParam {
    /// The JSON form of the value (strings stay strings, numbers numbers).
    fn to_param(&self) -> Value;
}

impl ToParam for String {
    fn to_param(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToParam for i64 {
    fn to_param(&self) -> Value {
        Value::from(*self)
    }
}

impl ToParam for f64 {
    fn to_param(&self) -> Value {
        Value::from(*self)
    }
}

impl ToParam for bool {
    fn to_param(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToParam for Decimal {
    /// As the decimal was written: `"20000.0".parse()` sends `"20000.0"`, `Decimal::from(12)` sends `12`.
    fn to_param(&self) -> Value {
        serde_json::to_value(self).unwrap_or_else(|_| Value::String(self.to_string()))
    }
}

impl ToParam for DateTime {
    fn to_param(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
}

impl ToParam for Value {
    fn to_param(&self) -> Value {
        self.clone()
    }
}

impl<T: ToParam> ToParam for Vec<T> {
    fn to_param(&self) -> Value {
        Value::Array(self.iter().map(ToParam::to_param).collect())
    }
}

/// The text of a path parameter: strings as they are, anything else as JSON text.
pub fn param_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{CustomFields, Extra, Field};

    #[derive(Debug, Default, PartialEq, serde::Serialize)]
    struct Thing {
        #[serde(skip_serializing_if = "Field::is_absent")]
        id: Field<i64>,
        #[serde(rename = "type", skip_serializing_if = "Field::is_absent")]
        r#type: Field<String>,
        #[serde(flatten)]
        custom_fields: CustomFields,
        #[serde(flatten)]
        extra: Extra,
    }
    lenient_object!(Thing);

    impl LenientObject for Thing {
        fn decode_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<bool, A::Error> {
            match key {
                "id" => self.id = map.next_value()?,
                "type" => self.r#type = map.next_value()?,
                _ => return Ok(false),
            }
            Ok(true)
        }

        fn unknown_keys(&mut self) -> UnknownKeys<'_> {
            UnknownKeys::with_custom_fields(&mut self.extra, &mut self.custom_fields)
        }
    }

    #[test]
    fn objects_route_keys_and_round_trip() {
        let text = r#"{"id":1,"type":"a","text_asset_8b1eeedd":null,"new_key":[1]}"#;
        let t: Thing = serde_json::from_str(text).expect("decodes");
        assert_eq!(t.id.get(), Some(&1));
        assert_eq!(t.r#type.get().map(String::as_str), Some("a"));
        assert!(t.custom_fields.contains_key("text_asset_8b1eeedd"));
        assert!(t.extra.contains_key("new_key"));
        let back = serde_json::to_value(&t).expect("encodes");
        assert_eq!(back, serde_json::from_str::<Value>(text).expect("json"));
    }

    #[test]
    fn escaped_keys_are_matched_unescaped() {
        // An escaped known key still lands in its field; escaped unknown keys are kept
        // unescaped, as `Value` keeps them.
        let text = r#"{"i\u0064":1,"t\u0065xt_asset_8b1eeedd":"x","k\"ey":2,"键":3}"#;
        let t: Thing = serde_json::from_str(text).expect("decodes");
        assert_eq!(t.id.get(), Some(&1));
        assert!(t.custom_fields.contains_key("text_asset_8b1eeedd"));
        assert_eq!(t.extra.get("k\"ey"), Some(&Value::from(2)));
        assert_eq!(t.extra.get("键"), Some(&Value::from(3)));
        let back = serde_json::to_value(&t).expect("encodes");
        assert_eq!(back, serde_json::from_str::<Value>(text).expect("json"));
        // From a `Value` (keys arrive as `str`, not bytes): the same result.
        let via: Thing = serde_json::from_value(back.clone()).expect("from value");
        assert_eq!(via, t);
    }

    #[test]
    fn bad_unknown_keys_fail_like_serde_json() {
        for text in [
            "{\"a\u{1}b\":1}".to_owned(), // a raw control character
            r#"{"\ud800":1}"#.to_owned(),
        ] {
            assert!(serde_json::from_str::<Value>(&text).is_err(), "{text:?}");
            assert!(serde_json::from_str::<Thing>(&text).is_err(), "{text:?}");
        }
        // Invalid UTF-8 in a key.
        let bytes = b"{\"a\xff\":1}";
        assert!(serde_json::from_slice::<Value>(bytes).is_err());
        assert!(serde_json::from_slice::<Thing>(bytes).is_err());
    }

    #[test]
    fn params_keep_their_form() {
        let d: Decimal = "20000.0".parse().expect("decimal");
        assert_eq!(d.to_param(), Value::String("20000.0".into()));
        assert_eq!(vec![1i64, 2].to_param(), serde_json::json!([1, 2]));
    }
}
