//! Rails-style parameter encoding.
//!
//! Query strings nest with brackets: `opportunity[title]=x`, arrays repeat `key[]`
//! (`created_at[]=a&created_at[]=b`), arrays of objects write `items[][name]=…`. Bodies are
//! JSON objects; the parameter tables name body fields by the same bracket paths
//! (`opportunity[title]`), which [`split_key`] turns into key paths for [`insert_body`].

use serde_json::{Map, Value};

/// Appends Rails-style pairs for `value` under `key`.
///
/// Objects become `key[sub]=…`, arrays `key[]=…`, nested arbitrarily (an array of objects
/// gives `key[][sub]=…`). Strings are pushed raw (percent-encoding happens when the URL
/// is built), numbers and booleans as their JSON text, `null` as `key=` (empty). Empty
/// arrays and objects push nothing. With an empty `key`, an object's members become
/// top-level keys.
pub fn push_query(pairs: &mut Vec<(String, String)>, key: &str, value: &Value) {
    match value {
        Value::Null => pairs.push((key.to_owned(), String::new())),
        Value::Bool(b) => pairs.push((key.to_owned(), b.to_string())),
        Value::Number(n) => pairs.push((key.to_owned(), n.to_string())),
        Value::String(s) => pairs.push((key.to_owned(), s.clone())),
        Value::Array(items) => {
            let sub = format!("{key}[]");
            for item in items {
                push_query(pairs, &sub, item);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                if key.is_empty() {
                    push_query(pairs, k, v);
                } else {
                    push_query(pairs, &format!("{key}[{k}]"), v);
                }
            }
        }
    }
}

/// Splits a Rails parameter name into its key path: `opportunity[title]` →
/// `["opportunity", "title"]`, `ids[]` → `["ids", ""]`,
/// `customer[address_attributes][tel]` → `["customer", "address_attributes", "tel"]`.
/// A name without brackets is a one-element path; text after an unclosed `[` is kept as
/// one segment.
pub fn split_key(name: &str) -> Vec<&str> {
    let Some(open) = name.find('[') else {
        return vec![name];
    };
    let mut out = vec![&name[..open]];
    let mut rest = &name[open..];
    while let Some(stripped) = rest.strip_prefix('[') {
        match stripped.find(']') {
            Some(close) => {
                out.push(&stripped[..close]);
                rest = &stripped[close + 1..];
            }
            None => {
                out.push(stripped);
                rest = "";
            }
        }
    }
    out
}

/// Largest numeric segment treated as an array index (bigger ones are object keys).
const MAX_INDEX: usize = 999;

fn array_index(segment: &str) -> Option<usize> {
    if segment.is_empty() || segment.len() > 3 || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse().ok().filter(|i| *i <= MAX_INDEX)
}

/// Whether the container for a child addressed by `segment` should be an array.
fn wants_array(segment: &str) -> bool {
    segment.is_empty() || array_index(segment).is_some()
}

/// Inserts `value` into a JSON body at a Rails key path.
///
/// `["opportunity", "title"]` → `{"opportunity": {"title": v}}`. An empty segment means
/// "array element": `["ids", ""]` pushes onto array `ids`; `["items", "", "name"]` then
/// `["items", "", "price"]` fill the same element until a key repeats (Rack's rule).
/// A numeric segment (`"0"`, at most 999) indexes into an array when the container is an
/// array or does not exist yet (`["contacts_attributes", "0", "name"]` →
/// `{"contacts_attributes": [{"name": v}]}`, gaps filled with `null`), and is an object
/// key when the container already is an object. A container of the wrong kind is
/// replaced. An empty path merges an object `value` into `body`.
pub fn insert_body(body: &mut Map<String, Value>, path: &[&str], value: Value) {
    match path.split_first() {
        None => {
            if let Value::Object(map) = value {
                body.extend(map);
            }
        }
        Some((first, rest)) => {
            if rest.is_empty() {
                body.insert((*first).to_owned(), value);
                return;
            }
            let slot = body.entry((*first).to_owned()).or_insert(Value::Null);
            insert_into(slot, rest, value);
        }
    }
}

/// Inserts at `path` (non-empty) below the container `slot`.
fn insert_into(slot: &mut Value, path: &[&str], value: Value) {
    let Some((segment, rest)) = path.split_first() else {
        *slot = value;
        return;
    };
    let array_wanted = wants_array(segment);
    let keep_object = matches!(slot, Value::Object(_)) && !segment.is_empty();
    let keep_array = array_wanted && slot.is_array();
    if !(keep_object || keep_array) {
        *slot = if array_wanted {
            Value::Array(Vec::new())
        } else {
            Value::Object(Map::new())
        };
    }
    match slot {
        Value::Object(map) => {
            if rest.is_empty() {
                map.insert((*segment).to_owned(), value);
            } else {
                let child = map.entry((*segment).to_owned()).or_insert(Value::Null);
                insert_into(child, rest, value);
            }
        }
        Value::Array(items) => {
            if segment.is_empty() {
                if rest.is_empty() {
                    items.push(value);
                    return;
                }
                // Rack: reuse the last element while it is an object without the next key.
                let reuse = matches!(
                    (items.last(), rest.first()),
                    (Some(Value::Object(m)), Some(next)) if !next.is_empty() && !m.contains_key(*next)
                );
                if !reuse {
                    items.push(Value::Null);
                }
                if let Some(last) = items.last_mut() {
                    insert_into(last, rest, value);
                }
            } else if let Some(index) = array_index(segment) {
                if items.len() <= index {
                    items.resize(index + 1, Value::Null);
                }
                if let Some(child) = items.get_mut(index) {
                    if rest.is_empty() {
                        *child = value;
                    } else {
                        insert_into(child, rest, value);
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(key: &str, value: Value) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        push_query(&mut pairs, key, &value);
        pairs
    }

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn query_scalars() {
        assert_eq!(q("page", json!(2)), p(&[("page", "2")]));
        assert_eq!(q("flag", json!(true)), p(&[("flag", "true")]));
        assert_eq!(q("title", json!("a b&c")), p(&[("title", "a b&c")]));
        assert_eq!(q("amount", json!(12.5)), p(&[("amount", "12.5")]));
        assert_eq!(q("x", Value::Null), p(&[("x", "")]));
    }

    #[test]
    fn query_nested() {
        assert_eq!(
            q("created_at", json!(["2017-01-01", "2017-02-01"])),
            p(&[
                ("created_at[]", "2017-01-01"),
                ("created_at[]", "2017-02-01")
            ])
        );
        assert_eq!(
            q(
                "customer",
                json!({"name": "x", "address_attributes": {"tel": "123"}})
            ),
            p(&[
                ("customer[name]", "x"),
                ("customer[address_attributes][tel]", "123")
            ])
        );
        assert_eq!(
            q("items", json!([{"id": 1, "n": 2}, {"id": 3}])),
            p(&[
                ("items[][id]", "1"),
                ("items[][n]", "2"),
                ("items[][id]", "3")
            ])
        );
        assert_eq!(
            q("m", json!([[1], [2]])),
            p(&[("m[][]", "1"), ("m[][]", "2")])
        );
        assert_eq!(q("ids", json!([])), p(&[]));
        assert_eq!(
            q("", json!({"a": 1, "b": {"c": 2}})),
            p(&[("a", "1"), ("b[c]", "2")])
        );
    }

    #[test]
    fn split_keys() {
        assert_eq!(split_key("page"), vec!["page"]);
        assert_eq!(
            split_key("opportunity[title]"),
            vec!["opportunity", "title"]
        );
        assert_eq!(split_key("ids[]"), vec!["ids", ""]);
        assert_eq!(
            split_key("customer[address_attributes][tel]"),
            vec!["customer", "address_attributes", "tel"]
        );
        assert_eq!(split_key("a[b"), vec!["a", "b"]);
        assert_eq!(
            split_key("c[contacts_attributes][0][name]"),
            vec!["c", "contacts_attributes", "0", "name"]
        );
    }

    #[test]
    fn body_nested() {
        let mut body = Map::new();
        insert_body(&mut body, &["opportunity", "title"], json!("t"));
        insert_body(&mut body, &["opportunity", "expect_amount"], json!("12.5"));
        insert_body(
            &mut body,
            &split_key("customer[address_attributes][tel]"),
            json!("010"),
        );
        insert_body(&mut body, &["ids", ""], json!(1));
        insert_body(&mut body, &["ids", ""], json!(2));
        insert_body(&mut body, &["top"], json!(true));
        assert_eq!(
            Value::Object(body),
            json!({
                "opportunity": {"title": "t", "expect_amount": "12.5"},
                "customer": {"address_attributes": {"tel": "010"}},
                "ids": [1, 2],
                "top": true
            })
        );
    }

    #[test]
    fn body_arrays_of_objects() {
        let mut body = Map::new();
        let path = ["customer", "contacts_attributes", "0", "name"];
        insert_body(&mut body, &path, json!("a"));
        insert_body(
            &mut body,
            &["customer", "contacts_attributes", "0", "tel"],
            json!("1"),
        );
        insert_body(
            &mut body,
            &["customer", "contacts_attributes", "1", "name"],
            json!("b"),
        );
        assert_eq!(
            Value::Object(body),
            json!({"customer": {"contacts_attributes": [{"name": "a", "tel": "1"}, {"name": "b"}]}})
        );

        let mut body = Map::new();
        insert_body(&mut body, &["items", "", "name"], json!("x"));
        insert_body(&mut body, &["items", "", "price"], json!(1));
        insert_body(&mut body, &["items", "", "name"], json!("y"));
        assert_eq!(
            Value::Object(body),
            json!({"items": [{"name": "x", "price": 1}, {"name": "y"}]})
        );

        // Numeric key under an existing object stays an object key.
        let mut body = Map::new();
        body.insert("h".into(), json!({"a": 1}));
        insert_body(&mut body, &["h", "0"], json!(2));
        assert_eq!(Value::Object(body), json!({"h": {"a": 1, "0": 2}}));

        // Merge at the root.
        let mut body = Map::new();
        insert_body(&mut body, &[], json!({"a": 1}));
        assert_eq!(Value::Object(body), json!({"a": 1}));
    }
}
