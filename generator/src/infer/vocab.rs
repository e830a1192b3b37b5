//! Stage 4, vocabulary: the words and text forms inference recognises in
//! field names and values (money, quantities, ids, dates, custom fields, entity
//! words). Used by every later pass; depends on nothing but naming.

use crate::ir::{Endpoint, Segment};
use crate::naming::{ident_snake, is_plural, singular};

/// Per-company custom fields (`text_asset_8b1eeedd`, `numeric_asset_e0a85b`, their
/// `_display` / `_hidden_result` companions) go into one `custom_fields` map instead of
/// struct fields. The rule is the runtime's own file, so generation and decoding agree.
#[path = "../../runtime/custom.rs"]
#[allow(dead_code)]
mod custom;
pub use custom::is_custom_field;

/// Words that mark a money amount: such fields are exact decimals even when every
/// sample happens to be an integer (`"expect_amount": 12` here, `"20000.0"` there).
const MONEY_WORDS: &[&str] = &[
    "amount", "money", "price", "cost", "fee", "balance", "pay", "discount",
];

/// Suffixes that override [`MONEY_WORDS`]: `payment_type`, `pay_count` are not money.
const NOT_MONEY_SUFFIXES: &[&str] = &[
    "_count", "_id", "_ids", "_type", "_at", "_mapped", "_display", "_i18n", "_name",
];

pub fn is_money_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    MONEY_WORDS.iter().any(|w| n.contains(w)) && !NOT_MONEY_SUFFIXES.iter().any(|s| n.ends_with(s))
}

/// Quantities may be fractional (`1.5` kg): exact decimals.
pub fn is_quantity_name(name: &str) -> bool {
    let n = ident_snake(name);
    n == "quantity" || n.ends_with("_quantity") || n == "qty"
}

/// Parameters named like points in time take a date-time (sent as its text):
/// `start_at`, `sign_date`, `start_date`, `get_time`. A bare `date` is not one: the
/// revisit list uses it for a period keyword (`today`, `other`).
pub fn is_date_param_name(name: &str) -> bool {
    let n = ident_snake(name);
    n.ends_with("_at") || n.ends_with("_date") || n.ends_with("_time")
}

/// Ids are integers: `id`, `user_id`, `customerId`.
pub fn is_id_name(name: &str) -> bool {
    let n = ident_snake(name);
    n == "id" || n.ends_with("_id")
}

/// `2016-07-10`, `2016-07-10 11:04`, `2016-07-10 11:04:05`, and RFC 3339
/// (`2017-04-13T00:00:00.000+08:00`) are the date forms the API sends.
pub fn is_date_text(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if b.len() < 10
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return true;
    }
    let rb = rest.as_bytes();
    if !(rb[0] == b' ' || rb[0] == b'T') || rest.len() < 6 {
        return false;
    }
    let t = &rest[1..];
    let tb = t.as_bytes();
    if !(tb.len() >= 5
        && tb[..2].iter().all(u8::is_ascii_digit)
        && tb[2] == b':'
        && tb[3..5].iter().all(u8::is_ascii_digit))
    {
        return false;
    }
    t[5..]
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '+' | '-' | 'Z'))
}

/// A string holding a number: `"20000.0"`, `"3511"`, `"-1"`.
pub(super) fn numeric_text(s: &str) -> Option<bool /* has fraction */> {
    let t = s.strip_prefix('-').unwrap_or(s);
    let mut parts = t.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let ok = !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    ok.then_some(frac.is_some())
}

/// Prefixes that qualify a key without changing the entity: `before_user` is a
/// user, `owned_department` a department.
const ENTITY_PREFIXES: &[&str] = &[
    "before_", "owned_", "current_", "old_", "new_", "last_", "default_", "all_",
];

/// Roles whose object is always a user, written as the last word of a key
/// (`event_users`, `marking_user`, `reply_to_user`, `cc_users`): the key names
/// a user whatever comes before.
const USER_ROLE_SUFFIX: &str = "_user";

/// Keys that always hold another entity (`creator` is a user).
const ENTITY_SYNONYMS: &[(&str, &str)] = &[
    ("creator", "user"),
    ("owner", "user"),
    ("at_user", "user"),
    ("notify_user", "user"),
    ("assist_user", "user"),
    ("updater", "user"),
    // The members of a pool, team or group are its users (same fields).
    ("member", "user"),
    // Address parts are one kind of object (`{id, name}` of a region).
    ("country", "region"),
    ("province", "region"),
    ("city", "region"),
    ("district", "region"),
];

/// The entity a key names: `before_owned_department` → `department`, `creator` → `user`.
pub fn entity_word(key: &str) -> String {
    let mut k = singular(&ident_snake(key));
    while let Some(p) = ENTITY_PREFIXES
        .iter()
        .find(|p| k.starts_with(*p) && k.len() > p.len())
    {
        k = k[p.len()..].to_string();
    }
    if k.ends_with(USER_ROLE_SUFFIX) {
        return "user".to_string();
    }
    ENTITY_SYNONYMS
        .iter()
        .find(|(from, _)| *from == k)
        .map(|(_, to)| to.to_string())
        .unwrap_or(k)
}

/// The resource an endpoint's response describes, named after its path, not its
/// group: the last collection (plural) segment, singular
/// (`/contracts/:id/received_payments/:id` → `received_payment`,
/// `/call_centers/interface/call_agents` → `call_agent`), else the group's
/// singular (`/customers/by_name` → `customer`). Two endpoints of one group that
/// return different resources then get different names. Only reads are named
/// so: a write to a sub-collection (`POST /contracts/:id/product_assets`) answers
/// with the parent it changed, so its response keeps the group's name.
pub fn resource_word(e: &Endpoint) -> String {
    if e.method != crate::ir::Method::Get {
        return singular(&e.group);
    }
    e.path
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Literal { value } => Some(ident_snake(value)),
            Segment::Param { .. } => None,
        })
        .filter(|w| {
            w != "api" && !(w.starts_with('v') && w[1..].chars().all(|c| c.is_ascii_digit()))
        })
        .rfind(|w| is_plural(w))
        .map(|w| singular(&w))
        .unwrap_or_else(|| singular(&e.group))
}

// The list vocabulary (`list`, `total_count`, …) lives with the paging decision.
pub use crate::discover::{is_generic_items_key, PAGE_COUNTERS};

/// A list page's total number of items, when its operation's paging does not name
/// a member the page has: the usual names, most common first.
pub(super) const TOTAL_COUNTERS: &[&str] = &["total_count", "total"];

/// A list page's page number, likewise (`current_page`: Laravel-style pages).
pub(super) const PAGE_NUMBER_COUNTERS: &[&str] = &["page", "current_page"];

/// A list page's page size, likewise.
pub(super) const PAGE_SIZE_COUNTERS: &[&str] = &["per_page"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_field_names() {
        for k in [
            "text_asset_8b1eeedd",
            "numeric_asset_e0a85b",
            "datetime_asset_79db302a",
            "file_asset_439992",
            "text_area_asset_a5cbb2",
            "text_asset_d5dc57d3_display",
            "text_asset_dfde0b37_hidden_result",
        ] {
            assert!(is_custom_field(k), "{k}");
        }
        for k in [
            "customer_id",
            "text_asset",
            "product_assets",
            "text_asset_12345",
            "text_asset_ABCDEF",
            "asset_8b1eeedd",
        ] {
            assert!(!is_custom_field(k), "{k}");
        }
    }

    #[test]
    fn dates() {
        for d in [
            "2016-07-10 11:04",
            "2017-12-10",
            "2017-04-13T00:00:00.000+08:00",
            "2019-02-28T16:56:58.762+08:00",
            "2019-03-22 17:05:01",
        ] {
            assert!(is_date_text(d), "{d}");
        }
        for d in [
            "",
            "02月18日 17:36",
            "2015-09-09 - ",
            "12",
            "2012-08-08 - 2012-09-09",
        ] {
            assert!(!is_date_text(d), "{d}");
        }
    }

    #[test]
    fn entity_words() {
        assert_eq!(entity_word("before_user"), "user");
        assert_eq!(entity_word("creator"), "user");
        assert_eq!(entity_word("before_owned_department"), "department");
        assert_eq!(entity_word("contacts"), "contact");
        assert_eq!(entity_word("event_users"), "user");
        assert_eq!(entity_word("members"), "user");
        assert_eq!(entity_word("reply_to_user"), "user");
        assert_eq!(entity_word("all_attachments"), "attachment");
        assert_eq!(entity_word("user_name"), "user_name");
    }

    #[test]
    fn resources_are_named_after_the_path() {
        let ep = |group: &str, path: &str| {
            let mut e: Endpoint = serde_json::from_value(serde_json::json!({
                "group": group, "operation": "x", "method": "GET",
                "path": {"raw": path, "segments": []},
                "summary": "", "title": null, "params": [], "body_root": null,
                "examples": [], "response_fields": [], "notes": [],
                "updated_at": null, "author": null,
                "source": {"file": "p.md", "line": 1}, "merged_from": []
            }))
            .expect("endpoint");
            e.path = crate::lower::parse_template(path);
            e
        };
        assert_eq!(
            resource_word(&ep("shops", "/api/v2/shops/:shop_id/refunds/:id")),
            "refund"
        );
        assert_eq!(
            resource_word(&ep("shops", "/api/shops/interface/clerks")),
            "clerk"
        );
        assert_eq!(resource_word(&ep("shops", "/api/v1/shops/by_name")), "shop");
        assert_eq!(resource_word(&ep("user", "/api/v2/user/info")), "user");
        let mut post = ep("shops", "/api/v2/shops/:id/refunds");
        post.method = crate::ir::Method::Post;
        assert_eq!(resource_word(&post), "shop");
        assert!(is_generic_items_key("list") && !is_generic_items_key("shops"));
    }

    #[test]
    fn money() {
        assert!(is_money_name("expect_amount"));
        assert!(is_money_name("total_have_receive_pay"));
        assert!(is_money_name("history_contarct_money"));
        assert!(!is_money_name("payment_type"));
        assert!(!is_money_name("received_payments_plan_count"));
    }
}
