//! `src/types.rs`: one struct per inferred type.

use super::{doc_attrs, doc_text, rust_file, type_tokens};
use crate::infer::{FieldDef, StructDef, TypeRef, Types};
use crate::naming;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub fn emit_types(types: &Types) -> String {
    let items: Vec<TokenStream> = types.structs.iter().map(emit_struct).collect();
    let imports = if types.structs.iter().any(|s| s.has_custom_fields) {
        quote!(
            use crate::runtime::{object::lenient_object, CustomFields, Extra, Field};
        )
    } else {
        quote!(
            use crate::runtime::{object::lenient_object, Extra, Field};
        )
    };
    rust_file(quote! {
        //! Types of the API's requests and responses, inferred from the doc examples.
        //!
        //! Every field is a [`Field`]: decoding never fails on missing, `null`, empty or
        //! drifted values, and encoding gives back exactly what was decoded.
        #![allow(clippy::large_enum_variant)]

        #imports

        #(#items)*
    })
}

fn struct_doc(s: &StructDef) -> String {
    let sources: Vec<String> = s.sources.iter().map(|src| format!("`{src}`")).collect();
    let mut doc = format!(
        "{}.\n\nInferred from {} sample object(s); first seen in {}.",
        s.name,
        s.samples,
        sources.join(", ")
    );
    if let Some(p) = &s.page {
        doc.push_str(&format!(
            "\n\nA page of a list: the items are in `{}`; see [`Paginated`](crate::runtime::Paginated).",
            p.items_field
        ));
    }
    doc
}

fn field_doc(f: &FieldDef, samples: usize) -> String {
    let seen = if f.seen >= samples {
        String::new()
    } else {
        format!(" Present in {} of {} samples.", f.seen, samples)
    };
    match &f.doc {
        Some(d) => format!("{}\n\nWire name `{}`.{seen}", doc_text(d), f.wire_name),
        None => format!(
            "Wire name `{}` (not described by the docs).{seen}",
            f.wire_name
        ),
    }
}

fn emit_struct(s: &StructDef) -> TokenStream {
    let name = Ident::new(&s.name, Span::call_site());
    let doc = doc_attrs(&struct_doc(s));
    let mut fields = Vec::new();
    let mut routes = Vec::new();
    for f in &s.fields {
        let id = naming::ident(&f.rust_name);
        let ty = type_tokens(&f.ty);
        // Nested entities are boxed: a `Customer` inline in every `Opportunity` made
        // the structs kilobytes large (decoding was mostly `memmove`), and a type that
        // contains itself needs the indirection anyway.
        let ty = if matches!(f.ty, TypeRef::Struct(_)) {
            quote!(Box<#ty>)
        } else {
            ty
        };
        let fdoc = doc_attrs(&field_doc(f, s.samples));
        let wire = &f.wire_name;
        let rename = if serde_key(&f.rust_name) != f.wire_name {
            quote!(#[serde(rename = #wire, skip_serializing_if = "Field::is_absent")])
        } else {
            quote!(#[serde(skip_serializing_if = "Field::is_absent")])
        };
        fields.push(quote! {
            #fdoc
            #rename
            pub #id: Field<#ty>,
        });
        routes.push(quote!(#id: #wire));
    }
    let custom = if s.has_custom_fields {
        quote! {
            /// Per-company custom fields (`text_asset_…`, `numeric_asset_…` and their
            /// `_display` / `_hidden_result` companions), by wire name.
            #[serde(flatten)]
            pub custom_fields: CustomFields,
        }
    } else {
        quote!()
    };
    let custom_arg = if s.has_custom_fields {
        quote!(custom_fields)
    } else {
        quote!()
    };
    let page_impl = s.page.as_ref().map(|p| page_impl(s, p)).unwrap_or_default();
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        pub struct #name {
            #(#fields)*
            #custom
            /// Keys this version of the SDK does not know, kept so nothing is lost.
            #[serde(flatten)]
            pub extra: Extra,
        }

        lenient_object!(#name { #(#routes),* } #custom_arg);

        #page_impl
    }
}

/// The key serde derives from a field's identifier: the identifier as written,
/// without `r#` (serde strips it). Keywords that cannot be raw (`super`, `self`,
/// `crate`, `Self`) are written `super_`, so their wire key needs a rename even
/// though the Rust name equals the wire name.
fn serde_key(rust_name: &str) -> String {
    let written = naming::rust_ident(rust_name);
    written.trim_start_matches("r#").to_string()
}

/// `Paginated` for list pages: items plus whichever counters the samples carry.
fn page_impl(s: &StructDef, p: &crate::infer::PageInfo) -> TokenStream {
    let name = Ident::new(&s.name, Span::call_site());
    let item = type_tokens(&p.item);
    let items = naming::ident(&p.items_field);
    let counter = |wire: &str| -> TokenStream {
        match s
            .fields
            .iter()
            .find(|f| f.wire_name == wire && p.counters.contains(&f.rust_name))
        {
            Some(f) => {
                let id = naming::ident(&f.rust_name);
                match f.ty {
                    TypeRef::Integer => quote!(self.#id.get().and_then(|v| u64::try_from(*v).ok())),
                    TypeRef::Decimal => {
                        quote!(self.#id.get().and_then(|v| rust_decimal::prelude::ToPrimitive::to_u64(&v.value())))
                    }
                    TypeRef::String => quote!(self.#id.get().and_then(|v| v.parse().ok())),
                    _ => quote!(None),
                }
            }
            None => quote!(None),
        }
    };
    let total = counter("total_count");
    let total = if total.to_string() == "None" {
        counter("total")
    } else {
        total
    };
    let page = counter("page");
    let page = if page.to_string() == "None" {
        counter("current_page")
    } else {
        page
    };
    let per_page = counter("per_page");
    let total_pages = counter("total_pages");
    let has_next = match s
        .fields
        .iter()
        .find(|f| f.wire_name == "has_next_page" && f.ty == TypeRef::Bool)
    {
        Some(f) => {
            let id = naming::ident(&f.rust_name);
            quote!(self.#id.get().copied())
        }
        None => quote!(None),
    };
    quote! {
        impl crate::runtime::Paginated for #name {
            type Item = #item;
            /// The items that have the expected shape (`null` or malformed items are skipped).
            fn into_items(self) -> Vec<Self::Item> {
                self.#items.into_option().unwrap_or_default().into_iter().filter_map(Field::into_option).collect()
            }
            fn total_count(&self) -> Option<u64> { #total }
            fn page(&self) -> Option<u64> { #page }
            fn per_page(&self) -> Option<u64> { #per_page }
            fn has_next_page(&self) -> Option<bool> { #has_next }
            fn total_pages(&self) -> Option<u64> { #total_pages }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::{FieldDef, StructDef, TypeRef};

    /// `"custom_column_list": {"super": [...], "common": [...]}` (公海设置列表): keys
    /// that are keywords with no raw form keep their wire key through a rename.
    #[test]
    fn non_raw_keyword_keys_are_renamed_to_their_wire_key() {
        assert_eq!(serde_key("super"), "super_");
        assert_eq!(serde_key("type"), "type");
        assert_eq!(serde_key("common"), "common");
        let field = |wire: &str| FieldDef {
            wire_name: wire.to_string(),
            rust_name: naming::ident_snake(wire),
            ty: TypeRef::String,
            seen: 1,
            doc: None,
        };
        let s = StructDef {
            name: "CustomColumnList".to_string(),
            fields: ["super", "self", "crate", "Self", "type", "common"]
                .into_iter()
                .map(field)
                .collect(),
            sources: Vec::new(),
            samples: 1,
            has_custom_fields: false,
            page: None,
        };
        let code = emit_struct(&s).to_string();
        for key in ["super", "self", "crate", "Self"] {
            assert!(
                code.contains(&format!("rename = \"{key}\"")),
                "`{key}` needs a rename: {code}"
            );
        }
        // Raw identifiers serialise under their plain name: no rename needed.
        assert!(!code.contains("rename = \"type\""), "{code}");
        assert!(!code.contains("rename = \"common\""), "{code}");
    }
}
