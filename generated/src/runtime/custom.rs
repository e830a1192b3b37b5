//! Per-company custom field names. No dependencies: the generator compiles this same
//! file (`#[path]`) to decide which keys never become struct fields, so the generated
//! types and the runtime's decoding always agree on the rule.

/// Whether `key` is a per-company custom field: `<word(_word)*>_asset_<hex>` where each
/// word is lowercase ASCII letters/digits starting with a letter and `<hex>` is exactly 6
/// or 8 lowercase hex digits, optionally followed by `_display` or `_hidden_result`.
///
/// Matches `text_asset_8b1eeedd`, `numeric_asset_e0a85b`, `datetime_asset_79db302a`,
/// `file_asset_439992`, `text_area_asset_a5cbb2`, `multi_select_asset_1a2b3c_display`;
/// not `customer_id`, `text_asset`, `text_asset_8B1EEEDD`, `asset_8b1eeedd`.
pub fn is_custom_field(key: &str) -> bool {
    custom_field_base(key).is_some()
}

/// The custom field a key belongs to: `text_asset_8b1eeedd_display` →
/// `text_asset_8b1eeedd`; `None` when [`is_custom_field`] is false.
pub fn custom_field_base(key: &str) -> Option<&str> {
    if is_custom_field_base(key) {
        return Some(key);
    }
    ["_display", "_hidden_result"]
        .iter()
        .filter_map(|suffix| key.strip_suffix(suffix))
        .find(|base| is_custom_field_base(base))
}

fn is_custom_field_base(key: &str) -> bool {
    // A byte scan, not `str::rfind`: this runs for every unknown key of every decoded
    // object, and building a substring searcher cost more than the whole check.
    const MARK: &[u8] = b"_asset_";
    let Some(pos) = key.as_bytes().windows(MARK.len()).rposition(|w| w == MARK) else {
        return false;
    };
    let (prefix, hex) = (&key[..pos], &key[pos + "_asset_".len()..]);
    let hex_ok = matches!(hex.len(), 6 | 8)
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let words_ok = !prefix.is_empty()
        && prefix.split('_').all(|w| {
            let mut bytes = w.bytes();
            matches!(bytes.next(), Some(b) if b.is_ascii_lowercase())
                && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    hex_ok && words_ok
}
