//! Support for the generated structs and request builders.
//!
//! * `lenient_object!` writes the `Deserialize` impl of a generated struct: one
//!   pass over the JSON object, known keys into their `Field`s, per-company custom
//!   fields into `custom_fields`, everything else into `extra`. No buffering and no
//!   `#[serde(flatten)]` on the decode path (flatten buffers every key into an
//!   intermediate map first, which is what made derived decoding slow).
//! * [`ToParam`] turns builder arguments into the JSON values that Rails-style
//!   query strings and bodies are built from, without a fallible step.

use super::lenient::{DateTime, Decimal};
use serde_json::Value;

/// Writes `Deserialize` and `Lenient` for a generated struct.
///
/// ```ignore
/// lenient_object!(User { id: "id", r#type: "type" });
/// lenient_object!(Customer { id: "id" } custom_fields);
/// ```
#[allow(unused_macros)] // unused only in a crate without generated structs
macro_rules! lenient_object {
    ($ty:ident { $($field:ident : $wire:literal),* $(,)? } $($custom:ident)?) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($ty), ")"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$ty, A::Error> {
                        let mut out = <$ty as ::std::default::Default>::default();
                        // Keys as checked `&str`. Raw bytes (`deserialize_bytes`, no UTF-8
                        // check) ran 8% fewer instructions but 2-12% slower: serde_json
                        // scans raw strings with `memchr2`, which loses on short keys.
                        while let Some(key) = map.next_key::<$crate::runtime::Key<'de>>()? {
                            match key.as_str() {
                                $($wire => out.$field = map.next_value()?,)*
                                other => {
                                    $crate::runtime::object::lenient_object!(@rest out, map, other $(, $custom)?);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
        impl $crate::runtime::Lenient for $ty {
            const ACCEPTS: $crate::runtime::Kinds = $crate::runtime::Kinds::OBJECT;
        }
    };
    (@rest $out:ident, $map:ident, $key:ident, $custom:ident) => {
        if $crate::runtime::is_custom_field($key) {
            $out.$custom.insert($key.to_owned(), $map.next_value()?);
        } else {
            $out.extra.insert($key.to_owned(), $map.next_value()?);
        }
    };
    (@rest $out:ident, $map:ident, $key:ident) => {
        $out.extra.insert($key.to_owned(), $map.next_value()?);
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
    lenient_object!(Thing { id: "id", r#type: "type" } custom_fields);

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
