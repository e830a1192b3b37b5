//! `src/types/`: one struct per inferred type, in one module per group.
//!
//! Each struct goes in the module of the first group (in name order) whose
//! operations reach it, `types/<group>.rs`, and every module is re-exported from
//! `types/mod.rs`, so paths stay `crate::types::Customer`. Why not one file: a
//! one-field change to one page rebuilt (type-checked and code-generated) every
//! type of the crate as one unit; rustc's incremental build reuses the modules
//! whose items did not change.

use super::{doc_attrs, doc_text, type_tokens};
use crate::infer::{FieldDef, StructDef, TypeId, TypeRef, Types};
use crate::naming::{self, Scope, ACCESSOR_SUFFIX, PAGINATED_METHODS, STRUCT_METHODS};
use crate::output::{rust_file_in, Module};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// The file of the `types` module itself.
pub const TYPES_MOD_FILE: &str = "src/types/mod.rs";

/// The structs of each `types/` module: module name (a group's, as written in
/// Rust without `r#`) → its structs, in name order. Structs no operation
/// reaches go under `""` (`types/mod.rs` itself); so does everything when a
/// struct is named like a module (never for the names infer gives, which are
/// CamelCase, but a page names what it likes).
pub fn type_modules(types: &Types) -> BTreeMap<String, Vec<&StructDef>> {
    let mut owner: BTreeMap<TypeId, String> = BTreeMap::new();
    for ((group, _), op) in &types.ops {
        let module = naming::rust_ident(group)
            .trim_start_matches("r#")
            .to_string();
        let mut stack: Vec<&TypeRef> = op
            .params
            .iter()
            .chain(std::iter::once(&op.response))
            .chain(op.request.as_ref())
            .collect();
        while let Some(t) = stack.pop() {
            match t {
                TypeRef::List(inner) => stack.push(inner),
                TypeRef::Struct(id) if !owner.contains_key(id) => {
                    owner.insert(*id, module.clone());
                    stack.extend(types.entry(*id).fields.iter().map(|f| &f.ty));
                }
                _ => {}
            }
        }
    }
    let clash = types
        .structs
        .iter()
        .any(|s| owner.values().any(|m| *m == s.name));
    let mut modules: BTreeMap<String, Vec<&StructDef>> = BTreeMap::new();
    for (id, s) in types.entries() {
        let module = match owner.get(&id) {
            Some(m) if !clash => m.clone(),
            _ => String::new(),
        };
        modules.entry(module).or_default().push(s);
    }
    modules
}

/// The path of a `types/` module's file (`""` is `types/mod.rs`).
pub fn module_file(module: &str) -> String {
    if module.is_empty() {
        TYPES_MOD_FILE.to_string()
    } else {
        format!("src/types/{module}.rs")
    }
}

/// `types/mod.rs`: the crate docs of the types, one private module per group
/// re-exported whole, and the structs no group reaches.
pub fn emit_types_mod(modules: &BTreeMap<String, Vec<&StructDef>>, types: &Types) -> String {
    let mods = modules.keys().filter(|m| !m.is_empty()).map(|m| {
        let id = naming::ident(m);
        quote! {
            mod #id;
            pub use #id::*;
        }
    });
    let own = modules
        .get("")
        .map(|s| structs_tokens(s, types))
        .unwrap_or_default();
    rust_file_in(
        quote! {
            //! Types of the API's requests and responses, inferred from the doc examples.
            //!
            //! Every field is a [`crate::runtime::Field`]: decoding never fails on
            //! missing, `null`, empty or drifted values, and encoding gives back exactly
            //! what was decoded.
            #(#mods)*

            #own
        },
        Module::TypesRoot,
    )
}

/// `types/<module>.rs`: the structs first reached by one group's operations.
pub fn emit_types_module(module: &str, structs: &[&StructDef], types: &Types) -> String {
    let doc = format!(
        " Types first reached by the `{module}` operations (re-exported from [`crate::types`])."
    );
    let items = structs_tokens(structs, types);
    rust_file_in(
        quote! {
            #![doc = #doc]
            #items
        },
        Module::TypesChild,
    )
}

/// The imports and items of a module holding `structs`.
fn structs_tokens(structs: &[&StructDef], types: &Types) -> TokenStream {
    if structs.is_empty() {
        return quote!();
    }
    let items: Vec<TokenStream> = structs.iter().map(|s| emit_struct(s, types)).collect();
    let custom = structs
        .iter()
        .any(|s| s.has_custom_fields)
        .then(|| quote!(CustomFields,));
    let field = structs
        .iter()
        .any(|s| !s.fields.is_empty() || s.page.is_some())
        .then(|| quote!(Field,));
    quote! {
        use crate::runtime::{object::lenient_object, #custom Extra, #field};

        #(#items)*
    }
}

fn struct_doc(s: &StructDef) -> String {
    let sources: Vec<String> = s.sources.iter().map(|src| format!("`{src}`")).collect();
    let mut doc = format!(
        "{}.\n\nInferred from {} sample object(s); first seen in {}. A field's wire \
         name is its Rust name unless its doc gives one; *undocumented* fields are \
         not described by the docs.",
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

/// A field's doc: what the docs say of it (or *undocumented*, said once in the
/// struct's doc), then its wire name only when the Rust name differs, and how
/// often the samples carried it when not always.
fn field_doc(f: &FieldDef, samples: usize, renamed: bool) -> String {
    let mut notes = Vec::new();
    if renamed {
        notes.push(format!("Wire name `{}`.", f.wire_name));
    }
    if f.seen < samples {
        notes.push(format!("Present in {} of {} samples.", f.seen, samples));
    }
    let notes = notes.join(" ");
    // A doc cell can be blank: then the field is undocumented too.
    let doc = f.doc.as_deref().filter(|d| !d.trim().is_empty());
    match (doc, notes.is_empty()) {
        (Some(d), true) => doc_text(d),
        (Some(d), false) => format!("{}\n\n{notes}", doc_text(d)),
        (None, true) => "*Undocumented.*".to_string(),
        (None, false) => format!("*Undocumented.* {notes}"),
    }
}

fn emit_struct(s: &StructDef, types: &Types) -> TokenStream {
    let name = Ident::new(&s.name, Span::call_site());
    let doc = doc_attrs(&struct_doc(s));
    let mut fields = Vec::new();
    let mut arms = Vec::new();
    for f in &s.fields {
        let id = naming::ident(&f.rust_name);
        let ty = type_tokens(&f.ty, types);
        // Nested entities are boxed: a `Customer` inline in every `Opportunity` made
        // the structs kilobytes large (decoding was mostly `memmove`), and a type that
        // contains itself needs the indirection anyway.
        let ty = if matches!(f.ty, TypeRef::Struct(_)) {
            quote!(Box<#ty>)
        } else {
            ty
        };
        let renamed = serde_key(&f.rust_name) != f.wire_name;
        let fdoc = doc_attrs(&field_doc(f, s.samples, renamed));
        let wire = &f.wire_name;
        let rename = if renamed {
            quote!(#[serde(rename = #wire, skip_serializing_if = "Field::is_absent")])
        } else {
            quote!(#[serde(skip_serializing_if = "Field::is_absent")])
        };
        fields.push(quote! {
            #fdoc
            #rename
            pub #id: Field<#ty>,
        });
        arms.push(quote!(#wire => self.#id = map.next_value()?,));
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
    let unknown_keys = if s.has_custom_fields {
        quote!(crate::runtime::UnknownKeys::with_custom_fields(
            &mut self.extra,
            &mut self.custom_fields
        ))
    } else {
        quote!(crate::runtime::UnknownKeys::extra(&mut self.extra))
    };
    // One match arm per field (a person reads them one per line; the visitor
    // around them is the runtime's `deserialize_object`, shared by every struct).
    let decode_field = (!arms.is_empty()).then(|| {
        quote! {
            fn decode_field<'de, A: crate::runtime::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                match key {
                    #(#arms)*
                    _ => return Ok(false),
                }
                Ok(true)
            }
        }
    });
    let page_impl = s
        .page
        .as_ref()
        .map(|p| page_impl(s, p, types))
        .unwrap_or_default();
    let accessors = accessors(s, types);
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

        lenient_object!(#name);

        impl crate::runtime::LenientObject for #name {
            #decode_field

            fn unknown_keys(&mut self) -> crate::runtime::UnknownKeys<'_> {
                #unknown_keys
            }
        }

        #accessors

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

/// Each field's accessor name (as written, without `r#`), in field order.
///
/// A field keeps its own name unless the struct already has a method of that name
/// ([`STRUCT_METHODS`], and [`PAGINATED_METHODS`] for list pages); then it gets
/// [`ACCESSOR_SUFFIX`], and a number if a field already has that name too. Fields
/// claim their plain names first, so a renamed one never takes another's name.
pub fn accessor_names(s: &StructDef) -> Vec<String> {
    let mut reserved: Vec<&[&str]> = vec![STRUCT_METHODS];
    if s.page.is_some() {
        reserved.push(PAGINATED_METHODS);
    }
    let is_reserved = |n: &str| reserved.iter().any(|list| list.contains(&n));
    let wanted: Vec<String> = s
        .fields
        .iter()
        .map(|f| {
            naming::rust_ident(&f.rust_name)
                .trim_start_matches("r#")
                .to_string()
        })
        .collect();
    // Fields keep their plain names first, so a renamed one never takes another's.
    let mut scope = Scope::new(&reserved, ACCESSOR_SUFFIX);
    for n in wanted.iter().filter(|n| !is_reserved(n)) {
        scope.reserve(n);
    }
    wanted
        .into_iter()
        .map(|n| if is_reserved(&n) { scope.claim(&n) } else { n })
        .collect()
}

/// The accessors of a struct: each field read as plain Rust (`opp.title() ->
/// Option<&str>`, `opp.id() -> Option<i64>`, `opp.customer() -> Option<&Customer>`,
/// lists as iterators of their good items). `None` unless the field holds a value
/// of its type; the field itself still says which of absent, `null`, empty or
/// unexpected it was.
fn accessors(s: &StructDef, types: &Types) -> TokenStream {
    if s.fields.is_empty() {
        return quote!();
    }
    let name = Ident::new(&s.name, Span::call_site());
    let names = accessor_names(s);
    let allow = accessor_lints(&names);
    let methods = s.fields.iter().zip(names).map(|(f, m)| {
        let id = naming::ident(&f.rust_name);
        let method = naming::ident(&m);
        let shown = naming::rust_ident(&f.rust_name);
        let nothing = "`None` when it is absent, `null`, empty or of another shape";
        let (ty, body, doc) = match &f.ty {
            TypeRef::String => (
                quote!(Option<&str>),
                quote!(self.#id.as_deref()),
                format!("The text of `self.{shown}` (`\"\"` is `Some(\"\")`), or `None` when it is absent, `null` or of another shape."),
            ),
            TypeRef::Integer | TypeRef::Float | TypeRef::Bool => (
                {
                    let t = type_tokens(&f.ty, types);
                    quote!(Option<#t>)
                },
                quote!(self.#id.get().copied()),
                format!("The value of `self.{shown}`, or {nothing}."),
            ),
            TypeRef::List(inner) => {
                let (item, map) = match &**inner {
                    TypeRef::String => (quote!(&str), quote!(.map(String::as_str))),
                    other => {
                        let t = type_tokens(other, types);
                        (quote!(&#t), quote!())
                    }
                };
                (
                    quote!(impl Iterator<Item = #item> + '_),
                    quote!(self.#id.items() #map),
                    format!("The items of `self.{shown}` that have the expected shape (`null`, empty and drifted items are skipped; the field keeps them)."),
                )
            }
            TypeRef::Struct(_) => {
                let t = type_tokens(&f.ty, types);
                (
                    quote!(Option<&#t>),
                    quote!(self.#id.as_deref()),
                    format!("The object in `self.{shown}`, or {nothing}."),
                )
            }
            other => {
                let t = type_tokens(other, types);
                (
                    quote!(Option<&#t>),
                    quote!(self.#id.get()),
                    format!("The value of `self.{shown}`, or {nothing}."),
                )
            }
        };
        let doc = format!(" {doc}");
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> #ty {
                #body
            }
        }
    });
    // Field names decide the method names: `into_x`, `from_x`, `len`, `as_ref`
    // are what the page called them, not conversions.
    let allow = (!allow.is_empty()).then(|| {
        let lints = allow.iter().map(|l| Ident::new(l, Span::call_site()));
        quote!(#[allow(#(clippy::#lints),*)])
    });
    quote! {
        #allow
        impl #name {
            #(#methods)*
        }
    }
}

/// Method names of std traits that clippy's `should_implement_trait` asks to
/// implement the trait for instead (its list); an accessor of one of these
/// names reads a field, so the lint is allowed on that struct's accessors.
const STD_TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// The clippy lints a struct's accessors (`&self` methods, named `names`) can
/// trip, so that only those are allowed: `into_x` / `from_x` / `as_x_mut` /
/// `to_x_mut` (`wrong_self_convention`: these prefixes promise another `self`),
/// a std trait's method name (`should_implement_trait`), and `len`
/// (`len_without_is_empty`).
fn accessor_lints(names: &[String]) -> Vec<&'static str> {
    let wrong_self = |n: &str| {
        n.starts_with("into_")
            || n.starts_with("from_")
            || ((n.starts_with("as_") || n.starts_with("to_")) && n.ends_with("_mut"))
    };
    let mut lints = Vec::new();
    if names.iter().any(|n| wrong_self(n)) {
        lints.push("wrong_self_convention");
    }
    if names
        .iter()
        .any(|n| STD_TRAIT_METHODS.contains(&n.as_str()))
    {
        lints.push("should_implement_trait");
    }
    if names.iter().any(|n| n == "len") {
        lints.push("len_without_is_empty");
    }
    lints
}

/// `Paginated` for list pages: items plus whichever counters the samples carry.
fn page_impl(s: &StructDef, p: &crate::infer::PageInfo, types: &Types) -> TokenStream {
    let name = Ident::new(&s.name, Span::call_site());
    let item = type_tokens(&p.item, types);
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
    let chosen = |key: &Option<String>| match key {
        Some(k) => counter(k),
        None => quote!(None),
    };
    let total = chosen(&p.total);
    let page = chosen(&p.page);
    let per_page = chosen(&p.per_page);
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
        let code = emit_struct(&s, &Types::default()).to_string();
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

#[cfg(test)]
mod accessor_tests {
    use super::*;
    use crate::infer::{FieldDef, PageInfo, StructDef, TypeRef};

    /// A struct with no fields, for the arena the tested fields refer into.
    fn named(name: &str) -> StructDef {
        StructDef {
            name: name.to_string(),
            ..def(&[], false)
        }
    }

    fn def(fields: &[(&str, TypeRef)], page: bool) -> StructDef {
        StructDef {
            name: "Thing".to_string(),
            fields: fields
                .iter()
                .map(|(wire, ty)| FieldDef {
                    wire_name: wire.to_string(),
                    rust_name: naming::ident_snake(wire),
                    ty: ty.clone(),
                    seen: 1,
                    doc: None,
                })
                .collect(),
            sources: Vec::new(),
            samples: 1,
            has_custom_fields: false,
            page: page.then(|| PageInfo {
                items_field: "things".to_string(),
                item: TypeRef::Json,
                counters: Vec::new(),
                total: None,
                page: None,
                per_page: None,
            }),
        }
    }

    /// `{"default": 1, "default_field": 2, "clone": 3, "type": 4, "self": 5, "page": 6}`:
    /// a field named like a method the struct has gets `_field`, never another
    /// field's name; keywords keep their (raw) name.
    #[test]
    fn accessors_never_shadow_the_structs_methods() {
        let s = |page| {
            def(
                &[
                    ("default", TypeRef::Integer),
                    ("default_field", TypeRef::Integer),
                    ("clone", TypeRef::String),
                    ("type", TypeRef::String),
                    ("self", TypeRef::String),
                    ("page", TypeRef::Integer),
                    ("title", TypeRef::String),
                ],
                page,
            )
        };
        assert_eq!(
            accessor_names(&s(false)),
            [
                "default_field2",
                "default_field",
                "clone_field",
                "type",
                "self_",
                "page",
                "title"
            ]
        );
        assert_eq!(accessor_names(&s(true))[5], "page_field");
        let code = accessors(&s(false), &Types::default()).to_string();
        assert!(
            code.contains("fn r#type (& self) -> Option < & str >"),
            "{code}"
        );
        assert!(
            code.contains("fn default_field2 (& self) -> Option < i64 >"),
            "{code}"
        );
    }

    /// Each wire type reads as the plain Rust a user expects.
    #[test]
    fn accessors_read_like_plain_rust() {
        let types = Types::from_structs(vec![named("User"), named("Customer")]);
        let id = |n: &str| types.id_of(n).expect("in the arena");
        let s = def(
            &[
                ("title", TypeRef::String),
                ("id", TypeRef::Integer),
                ("amount", TypeRef::Decimal),
                ("customer", TypeRef::Struct(id("Customer"))),
                ("tags", TypeRef::List(Box::new(TypeRef::String))),
                (
                    "users",
                    TypeRef::List(Box::new(TypeRef::Struct(id("User")))),
                ),
            ],
            false,
        );
        let code = accessors(&s, &types).to_string();
        for expected in [
            "fn title (& self) -> Option < & str > { self . title . as_deref () }",
            "fn id (& self) -> Option < i64 > { self . id . get () . copied () }",
            "fn amount (& self) -> Option < & crate :: runtime :: Decimal > { self . amount . get () }",
            "fn customer (& self) -> Option < & crate :: types :: Customer > { self . customer . as_deref () }",
            "fn tags (& self) -> impl Iterator < Item = & str > + '_ { self . tags . items () . map (String :: as_str) }",
            "fn users (& self) -> impl Iterator < Item = & crate :: types :: User > + '_ { self . users . items () }",
        ] {
            assert!(code.contains(expected), "{expected}\n in {code}");
        }
    }

    #[test]
    fn only_the_lints_the_accessor_names_can_trip_are_allowed() {
        let names = |ns: &[&str]| ns.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert!(accessor_lints(&names(&["id", "title", "is_own", "to_user"])).is_empty());
        assert_eq!(
            accessor_lints(&names(&["from_outside_dingdan", "as_list_mut"])),
            ["wrong_self_convention"]
        );
        assert_eq!(
            accessor_lints(&names(&["next", "len", "into_items"])),
            [
                "wrong_self_convention",
                "should_implement_trait",
                "len_without_is_empty"
            ]
        );
    }

    #[test]
    fn field_docs_name_the_wire_only_when_it_differs() {
        let f = |doc: Option<&str>, seen: usize| FieldDef {
            wire_name: "type".into(),
            rust_name: "type".into(),
            ty: TypeRef::String,
            seen,
            doc: doc.map(str::to_string),
        };
        assert_eq!(field_doc(&f(Some("类型"), 2), 2, false), "类型");
        assert_eq!(
            field_doc(&f(Some("类型"), 1), 2, true),
            "类型\n\nWire name `type`. Present in 1 of 2 samples."
        );
        assert_eq!(field_doc(&f(None, 2), 2, false), "*Undocumented.*");
        assert_eq!(
            field_doc(&f(Some(" "), 1), 2, false),
            "*Undocumented.* Present in 1 of 2 samples."
        );
    }
}
