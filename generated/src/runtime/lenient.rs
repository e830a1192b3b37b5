//! Lenient value types: the heart of drift tolerance.
//!
//! The API's JSON contradicts itself from page to page: money arrives as `12`, `12.5`,
//! `"20000.0"` or `""`; "nothing" as `null`, `{}`, `""` or a placeholder such as
//! `"暂无附件"` where other pages have an array; dates in four formats. Generated structs
//! type every field as [`Field<T>`], which decodes *any* JSON value without failing and
//! re-encodes it to the same JSON value:
//!
//! | JSON                       | `Field<T>`                    |
//! |----------------------------|-------------------------------|
//! | key missing                | [`Field::Absent`]             |
//! | `null`                     | [`Field::Null`]               |
//! | `""` (T not text), `{}`    | [`Field::Empty`]              |
//! | `[]` (T not an array)      | [`Field::Empty`]              |
//! | a value `T` decodes        | [`Field::Value`]              |
//! | anything else              | [`Field::Other`] (kept as is) |
//!
//! `""` in a text field (`Field<String>`) is the text `""`: `Value(String::new())`, so
//! `note.as_deref()` is `Some("")` for an empty note and `None` only when the note is
//! absent or `null`, as serde would decode it into a `String`. In any other field (a
//! number, money, a date, an object) `""` is "none" and stays [`Field::Empty`]. Either
//! way it re-encodes as `""`.
//!
//! Only the *top* shape is checked: a `T` that accepts arrays or objects decodes their
//! contents itself, and its errors propagate. Generated structs type every member as a
//! `Field`, so they never fail; for arrays whose elements may drift use
//! `Field<Vec<Field<X>>>`.
//!
//! [`Decimal`] keeps money exact and remembers whether it came as an integer, a float or a
//! string; [`DateTime`] keeps the original text and parses the documented formats.

use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer, U64Deserializer,
};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// Unknown keys of an object, kept so that decoding and re-encoding loses nothing.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Per-company custom fields (`text_asset_8b1eeedd`, …, see [`is_custom_field`]) by wire
/// name, as they arrived. A map (it derefs to `serde_json::Map`, so `get`, `iter`,
/// `contains_key` work) with typed reads:
///
/// ```
/// # use ikcrm::runtime::CustomFields;
/// let fields: CustomFields = serde_json::from_str(r#"{
///     "text_asset_8b1eeedd": "A-17", "numeric_asset_e0a85b": "20000.0",
///     "datetime_asset_79db302a": "2019-02-13 15:24",
///     "select_asset_1a2b3c": "3511", "select_asset_1a2b3c_display": "高"
/// }"#).unwrap();
/// assert_eq!(fields.text("text_asset_8b1eeedd"), Some("A-17"));
/// assert_eq!(fields.number("numeric_asset_e0a85b").map(|d| d.to_string()), Some("20000.0".into()));
/// assert_eq!(fields.date("datetime_asset_79db302a").map(|d| d.to_string()), Some("2019-02-13 15:24".into()));
/// assert_eq!(fields.display("select_asset_1a2b3c"), Some("高"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomFields(pub serde_json::Map<String, serde_json::Value>);

impl std::ops::Deref for CustomFields {
    type Target = serde_json::Map<String, serde_json::Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for CustomFields {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl CustomFields {
    /// The field's text: `Some` for a JSON string (`""` included, as for text fields),
    /// `None` when absent, `null` or not a string.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key)?.as_str()
    }

    /// The field as an exact decimal: a JSON number or a numeric string (`12`, `12.5`,
    /// `"20000.0"`); `None` when absent, `null`, `""` or not a number.
    pub fn number(&self, key: &str) -> Option<Decimal> {
        match self.0.get(key)? {
            serde_json::Value::Number(_) | serde_json::Value::String(_) => {
                Decimal::deserialize(self.0.get(key)?).ok()
            }
            _ => None,
        }
    }

    /// The field as a date or date-time, when it is a string in one of the formats
    /// [`DateTime::parse`] or [`DateTime::date`] reads; `None` otherwise (`""`, `null`).
    pub fn date(&self, key: &str) -> Option<DateTime> {
        let d = DateTime::from(self.text(key)?);
        (d.parse().is_some() || d.date().is_some()).then_some(d)
    }

    /// What the CRM shows for the field: its `<key>_display` companion when that is a
    /// string (select and multi-select fields carry codes, the companion the labels),
    /// else the field's own text.
    pub fn display(&self, key: &str) -> Option<&str> {
        self.text(&format!("{key}_display"))
            .or_else(|| self.text(key))
    }
}

// ---------------------------------------------------------------------------------------
// Kinds / Lenient
// ---------------------------------------------------------------------------------------

/// A set of JSON shapes: which shapes a type decodes without failing.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Kinds(u8);

impl Kinds {
    /// No shape at all.
    pub const NONE: Kinds = Kinds(0);
    /// `null`.
    pub const NULL: Kinds = Kinds(1);
    /// `true` / `false`.
    pub const BOOL: Kinds = Kinds(1 << 1);
    /// Numbers.
    pub const NUMBER: Kinds = Kinds(1 << 2);
    /// Strings.
    pub const STRING: Kinds = Kinds(1 << 3);
    /// Arrays.
    pub const ARRAY: Kinds = Kinds(1 << 4);
    /// Objects.
    pub const OBJECT: Kinds = Kinds(1 << 5);
    /// Every shape.
    pub const ANY: Kinds = Kinds(0b11_1111);

    /// Both sets together.
    pub const fn union(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    /// Whether every shape of `other` is in `self`.
    pub const fn contains(self, other: Kinds) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for Kinds {
    type Output = Kinds;
    fn bitor(self, rhs: Kinds) -> Kinds {
        self.union(rhs)
    }
}

impl fmt::Debug for Kinds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [&str; 6] = ["NULL", "BOOL", "NUMBER", "STRING", "ARRAY", "OBJECT"];
        let names: Vec<&str> = NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect();
        write!(f, "Kinds({})", names.join(" | "))
    }
}

/// A type that [`Field`] can decode leniently: it tells which JSON shapes it accepts, so
/// that `Field` hands it only those and keeps every other shape in [`Field::Other`].
///
/// Generated structs write `impl Lenient for X { const ACCEPTS: Kinds = Kinds::OBJECT; }`.
pub trait Lenient: Sized {
    /// The JSON shapes `Self`'s `Deserialize` implementation handles.
    const ACCEPTS: Kinds;
    /// Whether `""` is a value of this type (text) rather than "none" ([`Field::Empty`]).
    const EMPTY_STRING_IS_VALUE: bool = false;

    /// Whether [`Lenient::from_map`] decodes `Self` from an object whose first key
    /// `Field` has read already (to tell `{}` apart), going on reading the same
    /// `MapAccess`. When it does not (the default), `Field` replays the key through
    /// a wrapping `MapAccess`. Generated structs (`lenient_object!`) do, so their
    /// decoding is compiled once per deserializer rather than once more for the
    /// wrapper (BENCHMARKS.md, issue 16). A constant, so that rustc compiles only
    /// the path taken.
    #[doc(hidden)]
    const READS_MAP: bool = false;

    /// See [`Lenient::READS_MAP`]: `Some` when that is `true`.
    #[doc(hidden)]
    fn from_map<'de, A: MapAccess<'de>>(
        _first: &mut Option<Key<'de>>,
        _map: &mut A,
    ) -> Option<Result<Self, A::Error>> {
        None
    }
}

macro_rules! lenient {
    ($kinds:expr => $($t:ty),*) => { $(impl Lenient for $t { const ACCEPTS: Kinds = $kinds; })* };
}
impl Lenient for String {
    const ACCEPTS: Kinds = Kinds::STRING;
    const EMPTY_STRING_IS_VALUE: bool = true;
}
impl Lenient for Box<str> {
    const ACCEPTS: Kinds = Kinds::STRING;
    const EMPTY_STRING_IS_VALUE: bool = true;
}
lenient!(Kinds::BOOL => bool);
lenient!(Kinds::NUMBER => i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
lenient!(Kinds::ANY => serde_json::Value);
lenient!(Kinds::OBJECT => serde_json::Map<String, serde_json::Value>);

impl<T: Lenient> Lenient for Vec<T> {
    const ACCEPTS: Kinds = Kinds::ARRAY;
}
impl<T: Lenient> Lenient for Box<T> {
    const ACCEPTS: Kinds = T::ACCEPTS;
    const EMPTY_STRING_IS_VALUE: bool = T::EMPTY_STRING_IS_VALUE;
    const READS_MAP: bool = T::READS_MAP;

    fn from_map<'de, A: MapAccess<'de>>(
        first: &mut Option<Key<'de>>,
        map: &mut A,
    ) -> Option<Result<Self, A::Error>> {
        T::from_map(first, map).map(|r| r.map(Box::new))
    }
}
impl<T: Lenient> Lenient for Option<T> {
    const ACCEPTS: Kinds = T::ACCEPTS.union(Kinds::NULL);
    const EMPTY_STRING_IS_VALUE: bool = T::EMPTY_STRING_IS_VALUE;
    const READS_MAP: bool = T::READS_MAP;

    fn from_map<'de, A: MapAccess<'de>>(
        first: &mut Option<Key<'de>>,
        map: &mut A,
    ) -> Option<Result<Self, A::Error>> {
        T::from_map(first, map).map(|r| r.map(Some))
    }
}
impl<V: Lenient> Lenient for std::collections::BTreeMap<String, V> {
    const ACCEPTS: Kinds = Kinds::OBJECT;
}
impl<V: Lenient, S> Lenient for std::collections::HashMap<String, V, S> {
    const ACCEPTS: Kinds = Kinds::OBJECT;
}
/// `Field<T>` decodes anything, so `Vec<Field<T>>` tolerates odd array elements.
impl<T> Lenient for Field<T> {
    const ACCEPTS: Kinds = Kinds::ANY;
}

// ---------------------------------------------------------------------------------------
// Field
// ---------------------------------------------------------------------------------------

/// Which "empty" shape a value had.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Empty {
    /// `""`
    String,
    /// `{}`
    Object,
    /// `[]` where the field's type is not an array.
    Array,
}

/// A response field as it really arrives: see the [module docs](self).
///
/// Decoding then re-encoding gives back the same JSON value. Containers skip absent
/// fields with `#[serde(skip_serializing_if = "Field::is_absent")]` (an `Absent` that is
/// serialized anyway becomes `null`).
#[derive(Clone, PartialEq, Default)]
pub enum Field<T> {
    /// The key was not there.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// `""` for a type that is not text, `{}`, or `[]` for a non-array type.
    Empty(Empty),
    /// A value of the expected type.
    Value(T),
    /// A value of another shape, or one that did not parse (`"--"` for a number), kept
    /// verbatim. Boxed: drift is rare, and an inline `Value` would make every field
    /// (and so every struct) more than twice as large.
    Other(Box<serde_json::Value>),
}

impl<T> Field<T> {
    /// The value, if it had the expected type.
    pub fn get(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, mutably, if it had the expected type.
    pub fn as_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Same as [`get`](Field::get), named like `Option::as_ref`.
    pub fn as_ref(&self) -> Option<&T> {
        self.get()
    }

    /// The value, if it had the expected type.
    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// `Some(v)` → `Value(v)`, `None` → `Absent` (handy when building request values).
    pub fn from_option(value: Option<T>) -> Self {
        match value {
            Some(v) => Field::Value(v),
            None => Field::Absent,
        }
    }

    /// Whether the key was missing.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// Whether the value was `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// Whether the key was there (with any value, `null` included).
    pub fn is_present(&self) -> bool {
        !self.is_absent()
    }

    /// Whether the value was `""`, `{}` or a non-array `[]`.
    pub fn is_empty(&self) -> bool {
        matches!(self, Field::Empty(_))
    }

    /// Whether there is no usable value: absent, `null` or empty.
    pub fn is_nothing(&self) -> bool {
        matches!(self, Field::Absent | Field::Null | Field::Empty(_))
    }

    /// A field holding `value` of an unexpected shape, as decoding would keep it.
    pub fn other_of(value: serde_json::Value) -> Self {
        Field::Other(Box::new(value))
    }

    /// The raw JSON of a value that did not have the expected shape.
    pub fn other(&self) -> Option<&serde_json::Value> {
        match self {
            Field::Other(v) => Some(v.as_ref()),
            _ => None,
        }
    }

    /// Maps the value, keeping every other state.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Empty(e) => Field::Empty(e),
            Field::Value(v) => Field::Value(f(v)),
            Field::Other(v) => Field::Other(v),
        }
    }

    /// The value, or `default` when there is none.
    pub fn unwrap_or(self, default: T) -> T {
        self.into_option().unwrap_or(default)
    }
}

impl<T: std::ops::Deref> Field<T> {
    /// The value through `Deref`, like `Option::as_deref`: `Option<&str>` for a text
    /// field, so `title.as_deref().unwrap_or("(none)")` works.
    pub fn as_deref(&self) -> Option<&T::Target> {
        self.get().map(|v| &**v)
    }
}

impl<T: Default> Field<T> {
    /// The value, or `T::default()` when there is none.
    pub fn unwrap_or_default(self) -> T {
        self.into_option().unwrap_or_default()
    }
}

impl<T: fmt::Display> Field<T> {
    /// Text of the value whatever its shape: the value's `Display`, a string or number kept
    /// in `Other` as written, `""` for `Empty(String)`; `None` for absent, `null`, `{}`,
    /// `[]` and other containers. Useful for codes that arrive as `"3511"` or `3511`.
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Field::Value(v) => Some(Cow::Owned(v.to_string())),
            Field::Empty(Empty::String) => Some(Cow::Borrowed("")),
            Field::Other(v) => match v.as_ref() {
                serde_json::Value::String(s) => Some(Cow::Borrowed(s)),
                serde_json::Value::Number(n) => Some(Cow::Owned(n.to_string())),
                serde_json::Value::Bool(b) => Some(Cow::Owned(b.to_string())),
                _ => None,
            },
            _ => None,
        }
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl<T: fmt::Debug> fmt::Debug for Field<T> {
    /// The state by its name: `Absent`, `Null`, `Empty("")`, `Empty({})`, `Empty([])`,
    /// `Value(v)`, `Other(<json>)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Absent => f.write_str("Absent"),
            Field::Null => f.write_str("Null"),
            Field::Empty(Empty::String) => f.write_str("Empty(\"\")"),
            Field::Empty(Empty::Object) => f.write_str("Empty({})"),
            Field::Empty(Empty::Array) => f.write_str("Empty([])"),
            Field::Value(v) => f.debug_tuple("Value").field(v).finish(),
            Field::Other(v) => write!(f, "Other({v})"),
        }
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Absent => s.serialize_none(),
            Field::Null => s.serialize_unit(),
            Field::Empty(Empty::String) => s.serialize_str(""),
            Field::Empty(Empty::Object) => s.serialize_map(Some(0))?.end(),
            Field::Empty(Empty::Array) => s.serialize_seq(Some(0))?.end(),
            Field::Value(v) => v.serialize(s),
            Field::Other(v) => v.serialize(s),
        }
    }
}

impl<'de, T: Deserialize<'de> + Lenient> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor(PhantomData))
    }
}

struct FieldVisitor<T>(PhantomData<T>);

/// Tries `T` on a scalar of a shape it accepts (`$kind`); a parse failure, or a shape
/// `T` does not accept, keeps the scalar in `Other` (`$raw`).
///
/// The shape test is a `const` block: for a `T` that does not accept the shape it is
/// `false` at compile time, and rustc then compiles neither the branch nor what it
/// calls. A generated struct accepts objects only, so its `Deserialize` is not
/// instantiated for the six scalar deserializers (a quarter of the SDK's machine
/// code before: BENCHMARKS.md, issue 16).
macro_rules! scalar {
    ($kind:expr, $de:expr, $raw:expr) => {{
        if const { T::ACCEPTS.contains($kind) } {
            if let Ok(v) = T::deserialize($de) {
                return Ok(Field::Value(v));
            }
        }
        Ok(Field::Other(Box::new($raw)))
    }};
}

fn number_f64(v: f64) -> serde_json::Value {
    serde_json::Number::from_f64(v)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

impl<'de, T: Deserialize<'de> + Lenient> Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field<T>, D::Error> {
        Field::deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field<T>, E> {
        scalar!(
            Kinds::BOOL,
            BoolDeserializer::<E>::new(v),
            serde_json::Value::Bool(v)
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field<T>, E> {
        scalar!(
            Kinds::NUMBER,
            I64Deserializer::<E>::new(v),
            serde_json::Value::from(v)
        )
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field<T>, E> {
        scalar!(
            Kinds::NUMBER,
            U64Deserializer::<E>::new(v),
            serde_json::Value::from(v)
        )
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field<T>, E> {
        scalar!(Kinds::NUMBER, F64Deserializer::<E>::new(v), number_f64(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Field<T>, E> {
        if v.is_empty() && !T::EMPTY_STRING_IS_VALUE {
            return Ok(Field::Empty(Empty::String));
        }
        scalar!(
            Kinds::STRING,
            BorrowedStrDeserializer::<E>::new(v),
            serde_json::Value::String(v.to_owned())
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field<T>, E> {
        if v.is_empty() && !T::EMPTY_STRING_IS_VALUE {
            return Ok(Field::Empty(Empty::String));
        }
        scalar!(
            Kinds::STRING,
            StrDeserializer::<E>::new(v),
            serde_json::Value::String(v.to_owned())
        )
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Field<T>, E> {
        if v.is_empty() && !T::EMPTY_STRING_IS_VALUE {
            return Ok(Field::Empty(Empty::String));
        }
        if const { T::ACCEPTS.contains(Kinds::STRING) } {
            if let Ok(t) = T::deserialize(StrDeserializer::<E>::new(&v)) {
                return Ok(Field::Value(t));
            }
        }
        Ok(Field::Other(Box::new(serde_json::Value::String(v))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<T>, A::Error> {
        if const { T::ACCEPTS.contains(Kinds::ARRAY) } {
            return T::deserialize(SeqAccessDeserializer::new(seq)).map(Field::Value);
        }
        let value = serde_json::Value::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(match value {
            serde_json::Value::Array(a) if a.is_empty() => Field::Empty(Empty::Array),
            other => Field::Other(Box::new(other)),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<T>, A::Error> {
        let Some(first) = map.next_key::<Key<'de>>()? else {
            return Ok(Field::Empty(Empty::Object));
        };
        let mut first = Some(first);
        if const { T::ACCEPTS.contains(Kinds::OBJECT) && T::READS_MAP } {
            if let Some(value) = T::from_map(&mut first, &mut map) {
                return value.map(Field::Value);
            }
        }
        let replay = Replay { first, map };
        if const { T::ACCEPTS.contains(Kinds::OBJECT) && !T::READS_MAP } {
            T::deserialize(MapAccessDeserializer::new(replay)).map(Field::Value)
        } else {
            serde_json::Value::deserialize(MapAccessDeserializer::new(replay))
                .map(|v| Field::Other(Box::new(v)))
        }
    }
}

/// A `MapAccess` that yields an already-read first key before the rest of the map.
struct Replay<'de, A> {
    first: Option<Key<'de>>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(Key(Cow::Borrowed(k))) => seed
                .deserialize(BorrowedStrDeserializer::<A::Error>::new(k))
                .map(Some),
            Some(Key(Cow::Owned(k))) => seed.deserialize(k.into_deserializer()).map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map
            .size_hint()
            .map(|n| n + usize::from(self.first.is_some()))
    }
}

// ---------------------------------------------------------------------------------------
// Key
// ---------------------------------------------------------------------------------------

/// An object key that borrows from the input when it can. Generated struct visitors do
/// `while let Some(key) = map.next_key::<Key<'de>>()? { match key.as_str() { … } }`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Key<'de>(pub Cow<'de, str>);

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned `String` (for [`Extra`] maps).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

// ---------------------------------------------------------------------------------------
// Decimal
// ---------------------------------------------------------------------------------------

/// How a [`Decimal`] was written, so it re-encodes to the same JSON.
#[derive(Clone, Debug)]
enum Repr {
    I64(i64),
    U64(u64),
    /// Kept to re-encode bit-identically.
    F64(f64),
    /// The original string text.
    Text(Box<str>),
    /// Built in Rust (arithmetic, `From<rust_decimal::Decimal>`): encodes as a string.
    Exact,
}

/// An exact decimal number (money) that remembers how it arrived.
///
/// Decodes from JSON integers, floats (via their shortest text, so `0.1` is exactly 0.1)
/// and numeric strings (`"20000.0"`); re-encodes as it came: integer, the same `f64`, or
/// the original string. Values computed in Rust encode as a string with the exact decimal
/// text (Rails casts it). Equality, ordering and hashing are by value (`12 == "12.0"`).
/// The arithmetic operators behave like `rust_decimal`'s (they panic on overflow, which
/// needs ~28 significant digits); use the `checked_*` methods to avoid that.
#[derive(Clone)]
pub struct Decimal {
    value: rust_decimal::Decimal,
    repr: Repr,
}

/// Error of `"abc".parse::<Decimal>()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDecimalError(String);

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a decimal number: {:?}", self.0)
    }
}

impl std::error::Error for ParseDecimalError {}

fn parse_decimal_text(s: &str) -> Option<rust_decimal::Decimal> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    rust_decimal::Decimal::from_str(t)
        .ok()
        .or_else(|| rust_decimal::Decimal::from_scientific(t).ok())
}

/// A fixed-size text buffer; writing more than `N` bytes fails.
struct StackText<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackText<N> {
    fn new() -> Self {
        StackText {
            buf: [0; N],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are copied in, so the bytes are valid UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> fmt::Write for StackText<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Decimal {
    /// The exact value.
    pub fn value(&self) -> rust_decimal::Decimal {
        self.value
    }

    /// The original text when it arrived as a JSON string.
    pub fn original_text(&self) -> Option<&str> {
        match &self.repr {
            Repr::Text(t) => Some(t),
            _ => None,
        }
    }

    /// Builds from an `f64` (as if it arrived as a JSON float); `None` for NaN, infinities
    /// and values outside `rust_decimal`'s range.
    pub fn from_f64(v: f64) -> Option<Decimal> {
        if !v.is_finite() {
            return None;
        }
        // The shortest text that round-trips (`Display`), written to the stack: floats
        // arrive in every other money field, and a `String` per float was a malloc.
        let mut buf = StackText::<64>::new();
        let value = if fmt::Write::write_fmt(&mut buf, format_args!("{v}")).is_ok() {
            parse_decimal_text(buf.as_str())?
        } else {
            parse_decimal_text(&v.to_string())?
        };
        Some(Decimal {
            value,
            repr: Repr::F64(v),
        })
    }

    /// The value as `f64` (may round).
    pub fn to_f64(&self) -> f64 {
        match self.repr {
            Repr::F64(f) => f,
            _ => self.value.to_string().parse().unwrap_or(f64::NAN),
        }
    }

    fn exact(value: rust_decimal::Decimal) -> Decimal {
        Decimal {
            value,
            repr: Repr::Exact,
        }
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(&self, other: &Decimal) -> Option<Decimal> {
        self.value.checked_add(other.value).map(Decimal::exact)
    }

    /// `self - other`, `None` on overflow.
    pub fn checked_sub(&self, other: &Decimal) -> Option<Decimal> {
        self.value.checked_sub(other.value).map(Decimal::exact)
    }

    /// `self * other`, `None` on overflow.
    pub fn checked_mul(&self, other: &Decimal) -> Option<Decimal> {
        self.value.checked_mul(other.value).map(Decimal::exact)
    }

    /// `self / other`, `None` on division by zero or overflow.
    pub fn checked_div(&self, other: &Decimal) -> Option<Decimal> {
        self.value.checked_div(other.value).map(Decimal::exact)
    }

    /// Rounds to `dp` decimal places (banker's rounding).
    pub fn round_dp(&self, dp: u32) -> Decimal {
        Decimal::exact(self.value.round_dp(dp))
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.value.is_zero()
    }
}

impl Lenient for Decimal {
    const ACCEPTS: Kinds = Kinds::NUMBER.union(Kinds::STRING);
}

impl FromStr for Decimal {
    type Err = ParseDecimalError;
    /// Parses `"20000.0"`, `"-3"`, `" 12.50 "`, `"1e3"`; keeps the text for re-encoding.
    fn from_str(s: &str) -> Result<Decimal, ParseDecimalError> {
        let value = parse_decimal_text(s).ok_or_else(|| ParseDecimalError(s.to_owned()))?;
        Ok(Decimal {
            value,
            repr: Repr::Text(s.into()),
        })
    }
}

impl From<i64> for Decimal {
    fn from(v: i64) -> Decimal {
        Decimal {
            value: rust_decimal::Decimal::from(v),
            repr: Repr::I64(v),
        }
    }
}

impl From<i32> for Decimal {
    fn from(v: i32) -> Decimal {
        Decimal::from(i64::from(v))
    }
}

impl From<u64> for Decimal {
    fn from(v: u64) -> Decimal {
        Decimal {
            value: rust_decimal::Decimal::from(v),
            repr: Repr::U64(v),
        }
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(v: rust_decimal::Decimal) -> Decimal {
        Decimal::exact(v)
    }
}

impl From<Decimal> for rust_decimal::Decimal {
    fn from(v: Decimal) -> rust_decimal::Decimal {
        v.value
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Text(t) => write!(f, "Decimal({t:?})"),
            _ => write!(f, "Decimal({})", self.value),
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.value == other.value
    }
}
impl Eq for Decimal {}
impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}
impl std::hash::Hash for Decimal {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

macro_rules! decimal_op {
    ($tr:ident, $m:ident) => {
        impl std::ops::$tr for Decimal {
            type Output = Decimal;
            fn $m(self, rhs: Decimal) -> Decimal {
                Decimal::exact(std::ops::$tr::$m(self.value, rhs.value))
            }
        }
        impl std::ops::$tr<&Decimal> for &Decimal {
            type Output = Decimal;
            fn $m(self, rhs: &Decimal) -> Decimal {
                Decimal::exact(std::ops::$tr::$m(self.value, rhs.value))
            }
        }
    };
}
decimal_op!(Add, add);
decimal_op!(Sub, sub);
decimal_op!(Mul, mul);

impl std::ops::Neg for Decimal {
    type Output = Decimal;
    fn neg(self) -> Decimal {
        Decimal::exact(-self.value)
    }
}

impl std::iter::Sum for Decimal {
    fn sum<I: Iterator<Item = Decimal>>(iter: I) -> Decimal {
        Decimal::exact(iter.map(|d| d.value).sum())
    }
}

impl<'a> std::iter::Sum<&'a Decimal> for Decimal {
    fn sum<I: Iterator<Item = &'a Decimal>>(iter: I) -> Decimal {
        Decimal::exact(iter.map(|d| d.value).sum())
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.repr {
            Repr::I64(v) => s.serialize_i64(*v),
            Repr::U64(v) => s.serialize_u64(*v),
            Repr::F64(v) => s.serialize_f64(*v),
            Repr::Text(t) => s.serialize_str(t),
            Repr::Exact => s.collect_str(&self.value),
        }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number or numeric string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal::from(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
                Decimal::from_f64(v).ok_or_else(|| E::custom(format!("{v} is not a decimal")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------
// DateTime
// ---------------------------------------------------------------------------------------

/// A date or date-time as the API wrote it; the original text is kept (and re-encoded).
///
/// [`parse`](DateTime::parse) understands `2016-07-10 11:04`, `2016-07-10 11:04:05`,
/// `2017-12-10` (midnight), and RFC 3339 with or without fractional seconds
/// (`2017-04-13T00:00:00.000+08:00`). Forms without a zone are China time (+08:00).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(String);

/// The API's zone: China Standard Time, +08:00.
pub fn china_offset() -> chrono::FixedOffset {
    // 8 * 3600 s is always a valid offset; the UTC fallback is never taken.
    chrono::FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| chrono::Utc.fix())
}

use chrono::{Offset, TimeZone};

impl DateTime {
    /// The original text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant, or `None` when the text is in none of the known formats.
    pub fn parse(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let s = self.0.trim();
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
            return Some(dt);
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S%.f%:z",
            "%Y-%m-%dT%H:%M:%S%.f%z",
            "%Y-%m-%d %H:%M:%S%.f %z",
            "%Y-%m-%d %H:%M:%S%.f%:z",
        ] {
            if let Ok(dt) = chrono::DateTime::parse_from_str(s, fmt) {
                return Some(dt);
            }
        }
        let naive = [
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y/%m/%d %H:%M:%S",
            "%Y/%m/%d %H:%M",
        ]
        .iter()
        .find_map(|fmt| chrono::NaiveDateTime::parse_from_str(s, fmt).ok())
        .or_else(|| {
            ["%Y-%m-%d", "%Y/%m/%d"]
                .iter()
                .find_map(|fmt| chrono::NaiveDate::parse_from_str(s, fmt).ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
        china_offset().from_local_datetime(&naive).single()
    }

    /// The calendar date (in the value's own zone, China time when it has none).
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        self.parse().map(|dt| dt.date_naive())
    }

    /// Formats an instant the way the API writes date-times: `2016-07-10 11:04:05` in
    /// China time.
    pub fn from_chrono<Tz: TimeZone>(dt: &chrono::DateTime<Tz>) -> DateTime {
        DateTime(
            dt.with_timezone(&china_offset())
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
        )
    }
}

impl Lenient for DateTime {
    const ACCEPTS: Kinds = Kinds::STRING;
}

impl FromStr for DateTime {
    type Err = std::convert::Infallible;
    /// Keeps any text; [`DateTime::parse`] tells whether it is a known format.
    fn from_str(s: &str) -> Result<DateTime, Self::Err> {
        Ok(DateTime(s.to_owned()))
    }
}

impl From<&str> for DateTime {
    fn from(s: &str) -> DateTime {
        DateTime(s.to_owned())
    }
}

impl From<String> for DateTime {
    fn from(s: String) -> DateTime {
        DateTime(s)
    }
}

impl From<chrono::NaiveDate> for DateTime {
    /// `2017-12-10`.
    fn from(d: chrono::NaiveDate) -> DateTime {
        DateTime(d.format("%Y-%m-%d").to_string())
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({:?})", self.0)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(DateTime)
    }
}

// ---------------------------------------------------------------------------------------
// Custom fields
// ---------------------------------------------------------------------------------------

pub use super::custom::{custom_field_base, is_custom_field};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// A tiny hand-written generated-style struct.
    #[derive(Debug, Clone, PartialEq, Default)]
    struct User {
        id: Field<i64>,
        name: Field<String>,
        dept: Field<Box<Dept>>,
        extra: Extra,
    }

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Dept {
        name: Field<String>,
        extra: Extra,
    }

    impl Lenient for User {
        const ACCEPTS: Kinds = Kinds::OBJECT;
    }
    impl Lenient for Dept {
        const ACCEPTS: Kinds = Kinds::OBJECT;
    }

    impl<'de> Deserialize<'de> for User {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = User;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a user")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<User, A::Error> {
                    let mut out = User::default();
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        match key.as_str() {
                            "id" => out.id = map.next_value()?,
                            "name" => out.name = map.next_value()?,
                            "dept" => out.dept = map.next_value()?,
                            _ => {
                                let v = map.next_value()?;
                                out.extra.insert(key.into_string(), v);
                            }
                        }
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(V)
        }
    }

    impl<'de> Deserialize<'de> for Dept {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Dept;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a department")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dept, A::Error> {
                    let mut out = Dept::default();
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        match key.as_str() {
                            "name" => out.name = map.next_value()?,
                            _ => {
                                let v = map.next_value()?;
                                out.extra.insert(key.into_string(), v);
                            }
                        }
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(V)
        }
    }

    impl Serialize for User {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            if !self.id.is_absent() {
                m.serialize_entry("id", &self.id)?;
            }
            if !self.name.is_absent() {
                m.serialize_entry("name", &self.name)?;
            }
            if !self.dept.is_absent() {
                m.serialize_entry("dept", &self.dept)?;
            }
            for (k, v) in &self.extra {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }

    impl Serialize for Dept {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            if !self.name.is_absent() {
                m.serialize_entry("name", &self.name)?;
            }
            for (k, v) in &self.extra {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }

    fn round_trip<T>(text: &str) -> Field<T>
    where
        T: for<'de> Deserialize<'de> + Lenient + Serialize,
    {
        let field: Field<T> = serde_json::from_str(text).expect("decode");
        let back = serde_json::to_value(&field).expect("encode");
        let orig: Value = serde_json::from_str(text).expect("json");
        assert_eq!(back, orig, "round trip of {text}");
        // Also through serde_json::Value as the deserializer.
        let via_value: Field<T> = serde_json::from_value(orig.clone()).expect("decode value");
        assert_eq!(serde_json::to_value(&via_value).expect("encode"), orig);
        field
    }

    #[test]
    fn field_shapes_scalar() {
        assert!(round_trip::<i64>("null").is_null());
        assert_eq!(round_trip::<i64>("\"\""), Field::Empty(Empty::String));
        assert_eq!(round_trip::<i64>("{}"), Field::Empty(Empty::Object));
        assert_eq!(round_trip::<i64>("[]"), Field::Empty(Empty::Array));
        assert_eq!(round_trip::<i64>("12"), Field::Value(12));
        assert_eq!(round_trip::<i64>("-3"), Field::Value(-3));
        assert_eq!(round_trip::<i64>("1.5"), Field::other_of(json!(1.5)));
        assert_eq!(round_trip::<i64>("\"abc\""), Field::other_of(json!("abc")));
        assert_eq!(round_trip::<i64>("[1,2]"), Field::other_of(json!([1, 2])));
        assert_eq!(
            round_trip::<i64>("{\"a\":{\"b\":[1]}}"),
            Field::other_of(json!({"a": {"b": [1]}}))
        );
        assert_eq!(round_trip::<u64>("-1"), Field::other_of(json!(-1)));
        assert_eq!(round_trip::<bool>("true"), Field::Value(true));
        assert_eq!(round_trip::<bool>("1"), Field::other_of(json!(1)));
        assert_eq!(round_trip::<f64>("12.5"), Field::Value(12.5));
        assert_eq!(round_trip::<String>("\"x\""), Field::Value("x".to_owned()));
        // `""` is text in a text field, "none" elsewhere; both re-encode as `""`.
        assert_eq!(round_trip::<String>("\"\""), Field::Value(String::new()));
        assert_eq!(round_trip::<String>("\"\"").as_deref(), Some(""));
        assert_eq!(round_trip::<Box<str>>("\"\"").as_deref(), Some(""));
        assert_eq!(round_trip::<String>("null").as_deref(), None);
        assert_eq!(Field::<String>::Absent.as_deref(), None);
        assert_eq!(
            round_trip::<Vec<String>>("\"\""),
            Field::Empty(Empty::String)
        );
        assert_eq!(round_trip::<String>("3511"), Field::other_of(json!(3511)));
        assert_eq!(
            round_trip::<String>("\"暂无附件\""),
            Field::Value("暂无附件".to_owned())
        );
        assert_eq!(
            round_trip::<String>("\"a\\\"b\""),
            Field::Value("a\"b".into())
        );
        assert_eq!(round_trip::<Value>("[]"), Field::Value(json!([])));
        assert_eq!(
            round_trip::<Value>("{\"k\":1}"),
            Field::Value(json!({"k": 1}))
        );
    }

    #[test]
    fn field_shapes_vec() {
        assert_eq!(round_trip::<Vec<i64>>("[]"), Field::Value(vec![]));
        assert_eq!(round_trip::<Vec<i64>>("[1,2]"), Field::Value(vec![1, 2]));
        assert_eq!(
            round_trip::<Vec<String>>("\"暂无附件\""),
            Field::other_of(json!("暂无附件"))
        );
        assert_eq!(round_trip::<Vec<String>>("{}"), Field::Empty(Empty::Object));
        let mixed = round_trip::<Vec<Field<i64>>>("[1,\"x\",null,\"\"]");
        assert_eq!(
            mixed,
            Field::Value(vec![
                Field::Value(1),
                Field::other_of(json!("x")),
                Field::Null,
                Field::Empty(Empty::String)
            ])
        );
    }

    #[test]
    fn field_nested_structs() {
        let text = r#"{"id":7,"name":"张三","dept":{"name":"销售部","code":"x1"},"mobile":"138","n":null}"#;
        let user = round_trip::<User>(text);
        let u = user.get().expect("user");
        assert_eq!(u.id, Field::Value(7));
        assert_eq!(u.name.get().map(String::as_str), Some("张三"));
        let dept = u.dept.get().expect("dept");
        assert_eq!(dept.name.get().map(String::as_str), Some("销售部"));
        assert_eq!(dept.extra.get("code"), Some(&json!("x1")));
        assert_eq!(u.extra.get("mobile"), Some(&json!("138")));
        // Key order is kept (preserve_order).
        let back = serde_json::to_string(&user).expect("encode");
        assert_eq!(back, text);

        let drifted = r#"{"id":"7","name":12,"dept":{}}"#;
        let u = round_trip::<User>(drifted).into_option().expect("user");
        assert_eq!(u.id, Field::other_of(json!("7")));
        assert_eq!(u.name, Field::other_of(json!(12)));
        assert_eq!(u.dept, Field::Empty(Empty::Object));
        assert!(round_trip::<User>("[]").is_empty());
        assert_eq!(round_trip::<User>("\"\""), Field::Empty(Empty::String));
        assert_eq!(
            round_trip::<User>("\"nobody\""),
            Field::other_of(json!("nobody"))
        );
        let absent = round_trip::<User>("{\"name\":\"a\"}")
            .into_option()
            .expect("u");
        assert!(absent.id.is_absent());
        assert_eq!(
            round_trip::<Vec<User>>("[{\"id\":1},{\"id\":2}]")
                .get()
                .map(Vec::len),
            Some(2)
        );
    }

    #[test]
    fn field_api() {
        let f: Field<i64> = 5.into();
        assert_eq!(f.get(), Some(&5));
        assert!(f.is_present());
        assert_eq!(f.clone().map(|v| v * 2), Field::Value(10));
        assert_eq!(format!("{f:?}"), "Value(5)");
        assert_eq!(format!("{:?}", Field::<i64>::Absent), "Absent");
        assert_eq!(format!("{:?}", Field::<i64>::Null), "Null");
        assert_eq!(
            format!("{:?}", Field::<String>::other_of(json!([1]))),
            "Other([1])"
        );
        assert_eq!(
            format!("{:?}", Some(Field::Value("x".to_owned()))),
            "Some(Value(\"x\"))",
            "not to be confused with an Option"
        );
        assert_eq!(
            format!("{:?}", Field::<i64>::Empty(Empty::Object)),
            "Empty({})"
        );
        let mut g = Field::Value(1);
        if let Some(v) = g.as_mut() {
            *v += 1;
        }
        assert_eq!(g.into_option(), Some(2));
        let o: Field<i64> = Field::other_of(json!("--"));
        assert_eq!(o.other(), Some(&json!("--")));
        assert_eq!(o.get(), None);
        assert_eq!(o.as_text().as_deref(), Some("--"));
        assert_eq!(
            Field::<String>::other_of(json!(3511)).as_text().as_deref(),
            Some("3511")
        );
        assert!(Field::<i64>::Absent.is_nothing());
        assert_eq!(Field::from_option(None::<i64>), Field::Absent);
        assert_eq!(Field::<i64>::Null.unwrap_or(3), 3);
    }

    #[test]
    fn decimal_round_trips() {
        for text in [
            "12",
            "12.5",
            "0.0",
            "\"20000.0\"",
            "-7",
            "0.1",
            "18446744073709551615",
            "\"0.0\"",
            "1e3",
        ] {
            let f = round_trip::<Decimal>(text);
            assert!(f.get().is_some(), "{text} decodes to a value");
        }
        assert_eq!(round_trip::<Decimal>("\"\""), Field::Empty(Empty::String));
        assert_eq!(
            round_trip::<Decimal>("\"--\""),
            Field::other_of(json!("--"))
        );
        assert_eq!(
            round_trip::<Decimal>("1e300"),
            Field::other_of(json!(1e300))
        );
        let d: Decimal = serde_json::from_str("\"20000.0\"").expect("decimal");
        assert_eq!(d.value(), rust_decimal::Decimal::new(20000, 0));
        assert_eq!(d.original_text(), Some("20000.0"));
        assert_eq!(d.to_string(), "20000.0");
        assert_eq!(serde_json::to_string(&d).expect("enc"), "\"20000.0\"");
        let f: Decimal = serde_json::from_str("12.5").expect("decimal");
        assert_eq!(serde_json::to_string(&f).expect("enc"), "12.5");
        let z: Decimal = serde_json::from_str("0.0").expect("decimal");
        assert_eq!(serde_json::to_string(&z).expect("enc"), "0.0");
        assert!(z.is_zero());
        let tenth: Decimal = serde_json::from_str("0.1").expect("decimal");
        assert_eq!(tenth.value(), rust_decimal::Decimal::new(1, 1));
    }

    #[test]
    fn decimal_arithmetic_and_eq() {
        let a: Decimal = "20000.0".parse().expect("parse");
        let b = Decimal::from(12);
        let c: Decimal = serde_json::from_str("0.1").expect("decimal");
        let d: Decimal = serde_json::from_str("0.2").expect("decimal");
        assert_eq!((&c + &d).value(), rust_decimal::Decimal::new(3, 1));
        assert_eq!(a.clone() + b.clone(), "20012".parse().expect("parse"));
        assert_eq!(a.clone() - b.clone(), Decimal::from(19988));
        assert_eq!(b.clone() * b.clone(), Decimal::from(144));
        assert_eq!(-b.clone(), Decimal::from(-12));
        assert_eq!(
            Decimal::from(12),
            "12.00".parse::<Decimal>().expect("parse")
        );
        assert!(Decimal::from(1) < "1.5".parse::<Decimal>().expect("parse"));
        assert_eq!(b.checked_div(&Decimal::from(0)), None);
        assert_eq!(b.checked_div(&Decimal::from(4)), Some(Decimal::from(3)));
        let total: Decimal = [a.clone(), b.clone(), c].iter().sum();
        assert_eq!(total.to_string(), "20012.1");
        assert_eq!(serde_json::to_string(&total).expect("enc"), "\"20012.1\"");
        assert!("abc".parse::<Decimal>().is_err());
        assert!("".parse::<Decimal>().is_err());
        assert_eq!(Decimal::from_f64(f64::NAN), None);
        assert_eq!(
            Decimal::from(rust_decimal::Decimal::new(1250, 2)).to_f64(),
            12.5
        );
    }

    #[test]
    fn datetime_parses_all_forms() {
        use chrono::{Datelike, Timelike};
        let a = DateTime::from("2016-07-10 11:04");
        let p = a.parse().expect("minutes");
        assert_eq!(
            (p.hour(), p.minute(), p.offset().local_minus_utc()),
            (11, 4, 8 * 3600)
        );
        assert_eq!(p.to_rfc3339(), "2016-07-10T11:04:00+08:00");

        let b: DateTime = "2016-07-10 11:04:05".parse().expect("infallible");
        assert_eq!(b.parse().expect("seconds").second(), 5);

        let c = DateTime::from("2017-12-10");
        assert_eq!(
            c.parse().expect("date").to_rfc3339(),
            "2017-12-10T00:00:00+08:00"
        );
        assert_eq!(c.date(), chrono::NaiveDate::from_ymd_opt(2017, 12, 10));

        let d = DateTime::from("2017-04-13T00:00:00.000+08:00");
        let pd = d.parse().expect("rfc3339 millis");
        assert_eq!(pd.day(), 13);
        assert_eq!(pd.timestamp(), 1_492_012_800);
        let e = DateTime::from("2017-04-13T00:00:00+08:00");
        assert_eq!(e.parse(), d.parse());
        let z = DateTime::from("2017-04-12T16:00:00Z");
        assert_eq!(z.parse().map(|t| t.timestamp()), Some(1_492_012_800));
        assert_eq!(DateTime::from("").parse(), None);
        assert_eq!(DateTime::from("昨天").parse(), None);

        // Lossless as a field.
        let f = round_trip::<DateTime>("\"2016-07-10 11:04\"");
        assert_eq!(f.get().map(DateTime::as_str), Some("2016-07-10 11:04"));
        assert_eq!(round_trip::<DateTime>("\"\""), Field::Empty(Empty::String));
        assert_eq!(round_trip::<DateTime>("0"), Field::other_of(json!(0)));

        let dt = chrono::DateTime::parse_from_rfc3339("2017-04-12T16:00:00Z").expect("dt");
        assert_eq!(DateTime::from_chrono(&dt).as_str(), "2017-04-13 00:00:00");
    }

    #[test]
    fn custom_field_names() {
        for key in [
            "text_asset_8b1eeedd",
            "numeric_asset_e0a85b",
            "datetime_asset_79db302a",
            "file_asset_439992",
            "text_area_asset_a5cbb2",
            "select_asset_0a1b2c3d",
            "multi_select_asset_1a2b3c",
            "date_asset_abcdef",
            "text_asset_8b1eeedd_display",
            "numeric_asset_e0a85b_hidden_result",
        ] {
            assert!(is_custom_field(key), "{key}");
        }
        for key in [
            "customer_id",
            "text_asset",
            "text_asset_",
            "asset_8b1eeedd",
            "_asset_8b1eeedd",
            "text_asset_8B1EEEDD",
            "text_asset_8b1eeed",
            "text_asset_8b1eeedd1",
            "text_asset_zzzzzz",
            "text_asset_8b1eeedd_other",
            "Text_asset_8b1eeedd",
            "text__asset_8b1eeedd",
            "assets",
            "",
        ] {
            assert!(!is_custom_field(key), "{key}");
        }
        assert_eq!(
            custom_field_base("text_asset_8b1eeedd_display"),
            Some("text_asset_8b1eeedd")
        );
        assert_eq!(custom_field_base("name"), None);
    }

    #[test]
    fn kinds() {
        assert!(Kinds::ANY.contains(Kinds::OBJECT));
        assert!(!Kinds::NUMBER.contains(Kinds::STRING));
        let k = Kinds::NUMBER | Kinds::STRING;
        assert!(k.contains(Kinds::STRING) && k.contains(Kinds::NUMBER));
        assert_eq!(format!("{k:?}"), "Kinds(NUMBER | STRING)");
        assert_eq!(
            <Option<i64> as Lenient>::ACCEPTS,
            Kinds::NUMBER | Kinds::NULL
        );
    }

    #[test]
    fn key_borrows() {
        let text = "\"plain\"";
        let key: Key<'_> = serde_json::from_str(text).expect("key");
        assert!(matches!(key.0, Cow::Borrowed("plain")));
        let escaped: Key<'_> = serde_json::from_str("\"a\\nb\"").expect("key");
        assert_eq!(escaped.as_str(), "a\nb");
    }
}
