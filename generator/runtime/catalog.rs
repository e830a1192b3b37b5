//! The company's custom fields by the labels it gave them, from
//! `GET /api/v2/custom_fields/by_group_all`: find the key (`text_asset_8b1eeedd`)
//! a record carries a field under from its label (`合同编号`).
//!
//! The response is `{module: [group {label, custom_fields: [field {name, label, …}]}]}`
//! (modules such as `customer`, `contract`, `opportunity`). It is read leniently:
//! anything of another shape is skipped, numbers may be strings.

use serde::de::{Deserialize, Deserializer};
use serde_json::Value;

/// One custom field of one module, as the company defined it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomFieldInfo {
    /// The module it belongs to: `customer`, `contract`, `opportunity`, ….
    pub module: String,
    /// The label of its group of fields (`基本信息`), empty when not given.
    pub group: String,
    /// The key records carry it under: `text_asset_8b1eeedd`, or a built-in
    /// field's name such as `customer`.
    pub key: String,
    /// The label the company gave it (`合同编号`).
    pub label: String,
    /// Its input kind (`text_field`, `select2_field`, …), empty when not given.
    pub field_type: String,
    /// `false` when the CRM says the field is disabled (`"status": "disable"`).
    pub enabled: bool,
}

/// Every custom field of a company, in the order the API lists them (modules,
/// then groups, then fields). Get it with
/// `client.custom_fields().catalog().await?`.
///
/// ```
/// # use sdk_crate::runtime::CustomFieldCatalog;
/// let catalog = CustomFieldCatalog::from_json(&serde_json::json!({
///     "contract": [{"label": "基本信息", "custom_fields": [
///         {"name": "text_asset_8b1eeedd", "label": "合同编号", "field_type": "text_field"}
///     ]}]
/// }));
/// assert_eq!(catalog.key_for("合同编号"), Some("text_asset_8b1eeedd"));
/// assert_eq!(catalog.module("customer").key_for("合同编号"), None);
/// assert_eq!(catalog.label_of("text_asset_8b1eeedd"), Some("合同编号"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomFieldCatalog {
    fields: Vec<CustomFieldInfo>,
}

impl CustomFieldCatalog {
    /// Reads the `data` of a `by_group_all` response; what is not of the
    /// documented shape is skipped.
    pub fn from_json(data: &Value) -> Self {
        let mut fields = Vec::new();
        let Some(modules) = data.as_object() else {
            return CustomFieldCatalog { fields };
        };
        for (module, groups) in modules {
            for group in groups.as_array().into_iter().flatten() {
                let group_label = text(group, "label");
                let list = group.get("custom_fields").and_then(Value::as_array);
                for field in list.into_iter().flatten() {
                    let key = text(field, "name");
                    if key.is_empty() {
                        continue;
                    }
                    fields.push(CustomFieldInfo {
                        module: module.clone(),
                        group: group_label.clone(),
                        key,
                        label: text(field, "label"),
                        field_type: text(field, "field_type"),
                        enabled: field.get("status").and_then(Value::as_str) != Some("disable"),
                    });
                }
            }
        }
        CustomFieldCatalog { fields }
    }

    /// The key of the first field labelled `label` (surrounding spaces ignored),
    /// in the order the API lists them. A label used in several modules (`备注`)
    /// is best looked up in one: `catalog.module("contract").key_for("备注")`.
    pub fn key_for(&self, label: &str) -> Option<&str> {
        let label = label.trim();
        self.fields
            .iter()
            .find(|f| f.label.trim() == label)
            .map(|f| f.key.as_str())
    }

    /// The label of the field with key `key` (`text_asset_8b1eeedd` → `合同编号`),
    /// in the first module that has it.
    pub fn label_of(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.label.as_str())
    }

    /// The fields of one module (`customer`, `contract`, …).
    pub fn module(&self, module: &str) -> CustomFieldCatalog {
        CustomFieldCatalog {
            fields: self
                .fields
                .iter()
                .filter(|f| f.module == module)
                .cloned()
                .collect(),
        }
    }

    /// Every field, in the order the API lists them.
    pub fn fields(&self) -> &[CustomFieldInfo] {
        &self.fields
    }

    /// The module names, each once, in the order the API lists them.
    pub fn modules(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in &self.fields {
            if !out.contains(&f.module.as_str()) {
                out.push(&f.module);
            }
        }
        out
    }
}

impl<'de> Deserialize<'de> for CustomFieldCatalog {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(|v| CustomFieldCatalog::from_json(&v))
    }
}

/// The text of `value[key]`: a string as it is, a number as written, else empty.
fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}
