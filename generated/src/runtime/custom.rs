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
    // Checked from the end (`_asset_` + 6 or 8 hex digits), not with `rfind`: this runs
    // for every unknown key of every decoded object. Hex digits contain no `_`, so the
    // `_asset_` found this way is the last one in the key.
    const MARK: &str = "_asset_";
    [8, 6].into_iter().any(|hex_len| {
        let Some(split) = key.len().checked_sub(hex_len) else {
            return false;
        };
        let (head, hex) = key.as_bytes().split_at(split);
        let Some(prefix) = head.strip_suffix(MARK.as_bytes()) else {
            return false;
        };
        let hex_ok = hex
            .iter()
            .all(|&b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let words_ok = !prefix.is_empty()
            && prefix.split(|&b| b == b'_').all(|w| {
                matches!(w.first(), Some(b) if b.is_ascii_lowercase())
                    && w.iter()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        hex_ok && words_ok
    })
}
