//! The generated types survive what the real API sends, not only what one page
//! shows: numbers that became strings, objects that became `{}` or `null`, fields
//! added or removed, placeholders where lists were. Every case decodes, reads
//! sensibly through `Field`, and encodes back to exactly the JSON it came from.

use ikcrm::types::{Contract, Opportunity};
use ikcrm::{Decimal, Field};
use serde_json::{json, Value};

/// The documented success example of an operation (`data` of the envelope).
fn example(method: &str, path: &str) -> Value {
    let route = ikcrm::mock::routes()
        .into_iter()
        .find(|r| r.method == method && r.path == path)
        .unwrap_or_else(|| panic!("no route {method} {path}"));
    let envelope: Value = serde_json::from_str(route.response).expect("example is JSON");
    envelope["data"].clone()
}

/// Decodes `value` from its text and checks the lossless round trip.
fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> T {
    let text = serde_json::to_string(value).expect("encode");
    let typed: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("does not decode: {e}"));
    assert_eq!(
        &serde_json::to_value(&typed).expect("re-encode"),
        value,
        "round trip changed the JSON"
    );
    typed
}

/// Every number in `v` becomes a string (`12` → `"12"`, `0.0` → `"0.0"`).
fn numbers_to_strings(v: &mut Value) {
    match v {
        Value::Number(n) => *v = Value::String(n.to_string()),
        Value::Array(items) => items.iter_mut().for_each(numbers_to_strings),
        Value::Object(m) => m.values_mut().for_each(numbers_to_strings),
        _ => {}
    }
}

#[test]
fn the_documented_example_reads_through_typed_fields() {
    let data = example("GET", "/api/v2/opportunities/:id");
    let opp: Opportunity = decode(&data);
    assert_eq!(opp.id.get(), Some(&13293));
    assert_eq!(opp.title.get().map(String::as_str), Some("454"));
    // Money is exact, whatever form it came in: `12` here.
    assert_eq!(
        opp.expect_amount.get().map(Decimal::value),
        Some("12".parse().expect("decimal"))
    );
    // Option codes stay strings, with their label beside them.
    assert_eq!(opp.stage.get().map(String::as_str), Some("2044"));
    // Every page shows `"attachments": "暂无附件"` here, so it is text.
    assert_eq!(opp.attachments.get().map(String::as_str), Some("暂无附件"));
    // Nested entities are shared types.
    let customer = opp.customer.get().expect("customer");
    assert_eq!(customer.name.get().map(String::as_str), Some("速度"));
    let creator = customer.creator.get().expect("creator");
    assert_eq!(
        creator.department_name.get().map(String::as_str),
        Some("研发2部")
    );
    // Dates keep their text and parse as China time.
    let created = opp.created_at.get().expect("created_at");
    assert_eq!(created.as_str(), "2016-12-19 16:35");
    assert_eq!(
        created.parse().expect("parses").to_rfc3339(),
        "2016-12-19T16:35:00+08:00"
    );
    // Per-company custom fields go to one map, never struct fields.
    assert!(opp.custom_fields.contains_key("numeric_asset_3608bb87"));
    assert!(opp
        .custom_fields
        .contains_key("text_asset_a41d6fce_display"));
    assert!(customer
        .custom_fields
        .contains_key("text_asset_dfde0b37_hidden_result"));
}

#[test]
fn numbers_that_became_strings() {
    let mut data = example("GET", "/api/v2/opportunities/:id");
    numbers_to_strings(&mut data);
    let opp: Opportunity = decode(&data);
    // A decimal reads the same from `"12"` as from `12`, and writes `"12"` back.
    assert_eq!(
        opp.expect_amount.get().map(Decimal::value),
        Some("12".parse().expect("decimal"))
    );
    // An id that arrives as text is kept as text (not silently re-typed).
    assert_eq!(opp.id.get(), None);
    assert_eq!(opp.id.other(), Some(&json!("13293")));
    assert_eq!(opp.id.as_text().as_deref(), Some("13293"));
}

#[test]
fn contract_money_in_every_form() {
    // The same fields as `19800`, `19800.0` and `"19800.0"` on different pages.
    let mut data = example("GET", "/api/v2/contracts/:id");
    for (i, form) in [json!(19800), json!(19800.0), json!("19800.0"), json!("")]
        .into_iter()
        .enumerate()
    {
        data["unreceived_amount"] = form.clone();
        data["total_amount"] = form.clone();
        let c: Contract = decode(&data);
        if i < 3 {
            assert_eq!(
                c.unreceived_amount.get().map(Decimal::value),
                Some("19800".parse().expect("decimal")),
                "{form}"
            );
            assert_eq!(
                c.total_amount.get().map(Decimal::value),
                Some("19800".parse().expect("decimal"))
            );
        } else {
            assert!(c.unreceived_amount.is_empty(), "\"\" reads as empty");
            assert!(c.unreceived_amount.get().is_none());
        }
    }
}

#[test]
fn objects_that_became_empty_or_null() {
    let mut data = example("GET", "/api/v2/opportunities/:id");
    data["customer"] = json!({});
    data["creator"] = Value::Null;
    data["user"] = json!("");
    let opp: Opportunity = decode(&data);
    for f in [
        opp.customer.get().is_none(),
        opp.creator.get().is_none(),
        opp.user.get().is_none(),
    ] {
        assert!(f, "nothing reads as None");
    }
    assert!(opp.customer.is_empty() && opp.creator.is_null() && opp.user.is_empty());
}

#[test]
fn fields_added_and_removed() {
    let mut data = example("GET", "/api/v2/opportunities/:id");
    let m = data.as_object_mut().expect("object");
    m.remove("title");
    m.remove("customer");
    m.insert(
        "brand_new_field".into(),
        json!({"nested": [1, 2, {"x": null}]}),
    );
    m.insert("text_asset_0a1b2c3d".into(), json!("自定义"));
    let opp: Opportunity = decode(&data);
    assert!(opp.title.is_absent() && opp.customer.is_absent());
    assert_eq!(
        opp.extra.get("brand_new_field"),
        Some(&json!({"nested": [1, 2, {"x": null}]}))
    );
    assert_eq!(
        opp.custom_fields.get("text_asset_0a1b2c3d"),
        Some(&json!("自定义"))
    );
}

#[test]
fn a_placeholder_where_a_list_was() {
    // `"attachments": "暂无附件"` on one page, a list of files on another: the
    // type holds either, and the text is kept.
    let mut data = example("GET", "/api/v2/contracts/:id");
    data["all_attachments"] = json!("暂无附件");
    let c: Contract = decode(&data);
    assert!(c.all_attachments.get().is_none());
    assert_eq!(c.all_attachments.other(), Some(&json!("暂无附件")));
    data["all_attachments"] = json!([{"id": 1, "name": "a.pdf"}, null]);
    let c: Contract = decode(&data);
    assert_eq!(
        c.all_attachments.items().count(),
        1,
        "the null item is kept but skipped"
    );
}

#[test]
fn lists_with_drifted_items() {
    let mut data = example("GET", "/api/v2/contracts/:id");
    // A list of users where one item is null and one is a placeholder string.
    data["notify_users"] = json!([null, "暂无", {"id": 7, "name": "x"}]);
    let c: Contract = decode(&data);
    let field: &Field<_> = &c.notify_users;
    assert!(field.is_present());
}

/// 公海设置列表 (common_setting_list): `"custom_column_list": {"super": [...],
/// "common": [...]}`. `super` (like `self`, `crate`, `Self`) has no raw identifier;
/// the field is `super_` in Rust and must stay `super` on the wire (it was
/// re-encoded as `"super_"` before).
#[test]
fn keyword_keys_without_a_raw_form_round_trip() {
    let text = r#"{"id": 45, "name": "公司公海",
        "custom_column_list": {"super": ["name", "category_mapped", "before_user.name"], "common": ["name"]},
        "filter_column_list": {"super": [], "common": []}}"#;
    let setting: ikcrm::types::CommonSetting = serde_json::from_str(text).expect("decodes");
    let columns = setting
        .custom_column_list
        .get()
        .expect("custom_column_list");
    assert_eq!(columns.super_.get().map(Vec::len), Some(3));
    assert!(
        columns.extra.is_empty(),
        "`super` is a field, not an extra key"
    );
    let back = serde_json::to_value(&setting).expect("encodes");
    let original: Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(back, original);
    assert!(back["custom_column_list"].get("super_").is_none());
}
