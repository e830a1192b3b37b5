//! Names: operation names from method + path, Rust identifiers from wire names,
//! type names from JSON keys. Every rule is a function with a comment saying why.

use crate::ir::{Method, Segment};
use heck::{ToSnakeCase, ToUpperCamelCase};

/// Leading path segments that carry no meaning for naming: the `api` prefix and a
/// version (`v2`). `/api/v2/opportunities/:id` names the `opportunities` group.
fn is_prefix_segment(s: &str) -> bool {
    s.eq_ignore_ascii_case("api") || is_version_segment(s)
}

/// `v1`, `v2`, `V3.1`: API versions say nothing about the operation, wherever they
/// stand (`/base_data/v2/act` is the `act` operation of `base_data`).
fn is_version_segment(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with(['v', 'V'])
        && s[1..].chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Namespace words some paths put between the group and the resource
/// (`/api/call_centers/interface/users`): like a version they name nothing, so the
/// operation is `call_centers.users`, not `call_centers.interface_users`.
const FILLER_SEGMENTS: &[&str] = &["interface"];

/// A literal segment after the group that names nothing: a version or a filler word.
fn is_filler_segment(s: &str) -> bool {
    is_version_segment(s) || FILLER_SEGMENTS.iter().any(|f| s.eq_ignore_ascii_case(f))
}

/// The `(group, operation)` names of an endpoint, from its method and path alone
/// (page titles are often wrong, so they are never used).
///
/// | path shape (after `/api/v2`) | GET | POST | PUT/PATCH | DELETE |
/// |---|---|---|---|---|
/// | `/things` | `list` | `create` | `update_all` | `delete_all` |
/// | `/things/:id` | `get` | `create` | `update` | `delete` |
/// | `/things/action` | `action` | `action` | `action` | `delete_action` |
/// | `/things/:id/subs` (plural) | `list_subs` | `create_sub` | `update_subs` | `delete_subs` |
/// | `/things/:id/verb` (singular) | `get_verb` | `verb` | `verb` | `delete_verb` |
/// | `/things/:id/subs/:sub_id` | `get_sub` | `create_sub` | `update_sub` | `delete_sub` |
///
/// Longer paths join their literal segments after the group; versions and
/// [`FILLER_SEGMENTS`] after the group are skipped.
pub fn operation_name(method: Method, segments: &[Segment]) -> (String, String) {
    let mut rest: Vec<&Segment> = segments
        .iter()
        .skip_while(|s| matches!(s, Segment::Literal { value } if is_prefix_segment(value)))
        .collect();
    // A leading parameter (rare: `/:org/things`) does not name anything.
    while matches!(rest.first(), Some(Segment::Param { .. })) {
        rest.remove(0);
    }
    let group = match rest.first() {
        Some(Segment::Literal { value }) => ident_snake(value),
        _ => "root".to_string(),
    };
    let tail: Vec<&Segment> = rest
        .iter()
        .skip(1)
        .copied()
        .filter(|s| !matches!(s, Segment::Literal { value } if is_filler_segment(value)))
        .collect();
    let shape: Vec<Option<&str>> = tail
        .iter()
        .map(|s| match s {
            Segment::Literal { value } => Some(value.as_str()),
            Segment::Param { .. } => None,
        })
        .collect();
    let verb = |get: &str, post: &str, put: &str, delete: &str| -> String {
        match method {
            Method::Get => get.to_string(),
            Method::Post => post.to_string(),
            Method::Put | Method::Patch => put.to_string(),
            Method::Delete => delete.to_string(),
        }
    };
    let op = match shape.as_slice() {
        [] => verb("list", "create", "update_all", "delete_all"),
        [None] => verb("get", "create", "update", "delete"),
        [Some(action)] => {
            let a = ident_snake(action);
            if method == Method::Delete {
                format!("delete_{a}")
            } else {
                a
            }
        }
        [None, Some(sub)] => {
            let s = ident_snake(sub);
            if is_plural(&s) {
                let one = singular(&s);
                verb(
                    &format!("list_{s}"),
                    &format!("create_{one}"),
                    &format!("update_{s}"),
                    &format!("delete_{s}"),
                )
            } else {
                verb(&format!("get_{s}"), &s, &s, &format!("delete_{s}"))
            }
        }
        [None, Some(sub), None] => {
            let one = singular(&ident_snake(sub));
            verb(
                &format!("get_{one}"),
                &format!("create_{one}"),
                &format!("update_{one}"),
                &format!("delete_{one}"),
            )
        }
        other => {
            let words: Vec<String> = other.iter().flatten().map(|w| ident_snake(w)).collect();
            let joined = words.join("_");
            let ends_in_param = matches!(other.last(), Some(None));
            match (method, ends_in_param) {
                (Method::Get, true) => format!("get_{}", singular(&joined)),
                (Method::Get, false) => joined,
                (Method::Delete, _) => format!("delete_{joined}"),
                _ => joined,
            }
        }
    };
    (group, op)
}

/// Group names that would clash with the client's own methods (`client.send()`,
/// `client.builder()`) or with the names each group module imports (`Client`,
/// `Result`): such a group gets an `_api` suffix (`POST /send` → `client.send_api()`).
const RESERVED_GROUPS: &[&str] = &[
    "send",
    "builder",
    "base_url",
    "ensure_logged_in",
    "clone",
    "fmt",
    "client",
    "result",
    "api_request",
    "box_future",
    "to_param",
    "rails",
    "runtime",
    "types",
    "api",
    "mock",
    "new",
    "default",
];

/// Operation names that would clash with the group struct's own items.
const RESERVED_OPERATIONS: &[&str] = &["new", "client", "clone", "fmt"];

/// Applies [`RESERVED_GROUPS`] / [`RESERVED_OPERATIONS`].
pub fn unreserve(group: String, op: String) -> (String, String) {
    // Keyword groups too: a module cannot be `r#self`, and `src/api/type.rs` behind
    // `pub mod r#type` reads badly.
    let group = if RESERVED_GROUPS.contains(&group.as_str()) || is_keyword(&group) {
        format!("{group}_api")
    } else {
        group
    };
    let op = if RESERVED_OPERATIONS.contains(&op.as_str()) {
        format!("{op}_{}", singular(&group))
    } else {
        op
    };
    (group, op)
}

// ---------------------------------------------------------------------------
// Names the generated code itself uses, scope by scope. Every name the emitter
// writes is either one of these or allocated against them (`Scope::claim`,
// [`unreserve_param`], [`group_struct_name`]), so a doc page cannot make the
// emitted crate define a name twice or shadow one it relies on.
// ---------------------------------------------------------------------------

/// The Rust 2021 prelude's types, traits and variants. Generated code writes
/// `Option<…>`, `Some(…)`, `String`, `Vec<…>`, `Box::pin`, `Into<…>` unqualified: a
/// type of ours named like one of them would shadow it.
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Type names the generated crate already uses (runtime types, its imports in
/// `types/`, and the generic parameters of each type's `Deserialize` impl, `D`
/// from `lenient_object!` and `A` of its `LenientObject::decode_field`, which
/// would shadow a type of ours named `A`; `ObjectVisitor` was the macro's visitor). A type named like one of these
/// or one of the [`PRELUDE`] gets a suffix.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Edition",
    "Error",
    "Result",
    "Field",
    "Decimal",
    "DateTime",
    "Extra",
    "CustomFields",
    "Kinds",
    "Lenient",
    "Empty",
    "Key",
    "Throttle",
    "RetryPolicy",
    "Paginated",
    "Option",
    "Vec",
    "String",
    "Value",
    "Box",
    "Self_",
    "ApiRequest",
    "BoxFuture",
    "Ok",
    "Err",
    "Some",
    "None",
    "ObjectVisitor",
    "A",
    "D",
];

/// Whether an inferred type may not take `name` ([`RESERVED_TYPE_NAMES`], [`PRELUDE`]).
pub fn is_reserved_type_name(name: &str) -> bool {
    RESERVED_TYPE_NAMES.contains(&name) || PRELUDE.contains(&name)
}

/// What a group module (`src/api/<group>.rs`) imports. Its group struct and
/// request builders must not be named like these ([`PRELUDE`] neither).
pub const GROUP_MODULE_IMPORTS: &[&str] = &[
    "ApiRequest",
    "BoxFuture",
    "BoxStream",
    "Client",
    "Result",
    "ToParam",
    "param_text",
    "encode_path_segment",
];

/// A request builder's own fields and methods, and the methods its derives and
/// trait impls bring (`Clone`, `Debug`, `IntoFuture`): a parameter's field and
/// setter may not take these names (a setter `clone` would shadow the
/// `self.clone()` that `stream()` calls; a field `client` would be declared twice).
pub const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "send",
    "request",
    "stream",
    "into_future",
    "clone",
    "clone_from",
    "fmt",
];

/// Suffix of a parameter whose name is one of [`BUILDER_MEMBERS`]:
/// `client` → `.client_param(…)`.
pub const PARAM_SUFFIX: &str = "_param";

/// Local names inside a builder's `request()` (and the functions it calls
/// unqualified): a path parameter's local may not shadow them.
pub const REQUEST_LOCALS: &[&str] = &[
    "request",
    "key",
    "value",
    "self",
    "encode_path_segment",
    "param_text",
];

/// The arguments of a setter whose parameter name holds a placeholder
/// (`.loggable_attributes(key, value)`): the key's name may not be one of these.
pub const SETTER_ARGS: &[&str] = &["value", "self"];

/// Methods every generated struct already answers to: those of its derives
/// (`Clone`, `Debug`, `Default`, `PartialEq`, `Serialize`, `Deserialize`) and of
/// the blanket impls every type has (`Into`, `TryFrom`, `ToOwned`, `Borrow`,
/// `Any`). An accessor named like one would shadow it (`Customer::default()`
/// would stop building a default), so such a field's accessor gets
/// [`ACCESSOR_SUFFIX`] (`default` → `.default_field()`).
pub const STRUCT_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "clone_into",
    "fmt",
    "eq",
    "ne",
    "default",
    "serialize",
    "deserialize",
    "into",
    "try_into",
    "from",
    "try_from",
    "to_owned",
    "borrow",
    "borrow_mut",
    "type_id",
    "new",
];

/// The methods of `Paginated`, which a list page implements: its own `page` or
/// `total_count` field must not shadow them (they answer `u64` whatever the wire
/// form, and the stream relies on them).
pub const PAGINATED_METHODS: &[&str] = &[
    "into_items",
    "total_count",
    "page",
    "per_page",
    "has_next_page",
    "total_pages",
];

/// Suffix of an accessor whose field is named like a method the struct has.
pub const ACCESSOR_SUFFIX: &str = "_field";

/// The members every generated struct declares itself besides the inferred
/// fields: an inferred field may not take these names.
pub const STRUCT_FIELDS: &[&str] = &["custom_fields", "extra"];

/// A parameter's Rust name that is free in the builder: one of
/// [`BUILDER_MEMBERS`] gets [`PARAM_SUFFIX`]. Idempotent, so lowering (which
/// records the name in the IR) and the emitter agree.
pub fn unreserve_param(name: String) -> String {
    if BUILDER_MEMBERS.contains(&name.as_str()) {
        format!("{name}{PARAM_SUFFIX}")
    } else {
        name
    }
}

/// The accessor struct of a group (`opportunities` → `Opportunities`), never one of
/// the names its module imports or the prelude's (`option` → `OptionApi`).
pub fn group_struct_name(group: &str) -> String {
    let n = ident_camel(group);
    if GROUP_MODULE_IMPORTS.contains(&n.as_str()) || PRELUDE.contains(&n.as_str()) {
        format!("{n}Api")
    } else {
        n
    }
}

/// One namespace of the emitted code: the names taken in it, and how a taken name
/// is made free (`suffix`, then numbers: `A2`, `A2Request`, `A2Request2`).
#[derive(Debug, Clone)]
pub struct Scope {
    taken: std::collections::BTreeSet<String>,
    suffix: &'static str,
}

impl Scope {
    /// A scope where `reserved` (lists of names the code itself uses) are taken.
    pub fn new(reserved: &[&[&str]], suffix: &'static str) -> Scope {
        Scope {
            taken: reserved
                .iter()
                .flat_map(|l| l.iter())
                .map(|s| s.to_string())
                .collect(),
            suffix,
        }
    }

    /// Takes `name` without renaming (a name the code itself defines).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// `wanted` if free, else `wanted` + suffix, else with a number: the first
    /// claimant keeps the plain name (deterministic in claim order).
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let base = format!("{wanted}{}", self.suffix);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Plural English nouns end in `s` (but not `ss`, `us`, `is`: `address`, `status`, `analysis`).
pub fn is_plural(word: &str) -> bool {
    word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")
}

/// Simple English singular for the plurals REST paths and JSON array keys use:
/// `opportunities` → `opportunity`, `addresses` → `address`, `product_assets` →
/// `product_asset`. Words that are not plural are returned unchanged.
pub fn singular(word: &str) -> String {
    if !is_plural(word) {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes", "zes"] {
        if word.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    word[..word.len() - 1].to_string()
}

/// Rust keywords (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "gen", "union",
];

/// Keywords that cannot be raw identifiers (`r#self` is invalid): they get a `_` suffix.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Characters allowed in our identifiers: ASCII alphanumerics, `_`, and CJK
/// ideographs (valid XID characters, and readable for the Chinese keys the docs use).
fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || is_cjk(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// A snake_case identifier for a wire name (field, parameter, group, operation).
/// Punctuation becomes `_`; a leading digit gets a `_` prefix; empty → `field`.
/// Keywords are returned as-is: [`rust_ident`] turns them into `r#type` / `self_`.
pub fn ident_snake(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if is_ident_char(c) { c } else { ' ' })
        .collect();
    let mut s = cleaned.to_snake_case();
    if s.is_empty() {
        s = cleaned.split_whitespace().collect::<Vec<_>>().join("_");
    }
    // Nothing but underscores (`_`, `__`) is no name: `_` is not even an identifier.
    if s.chars().all(|c| c == '_') {
        s = "field".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// An UpperCamelCase type name for a JSON key or phrase.
pub fn ident_camel(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if is_ident_char(c) { c } else { ' ' })
        .collect();
    let mut s = cleaned.to_upper_camel_case();
    if s.is_empty() {
        s = "Object".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'T');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

/// The identifier as it must be written in Rust source: keywords become raw
/// identifiers (`r#type`), the few that cannot be raw get a `_` suffix (`self_`).
pub fn rust_ident(snake: &str) -> String {
    if NON_RAW_KEYWORDS.contains(&snake) {
        format!("{snake}_")
    } else if is_keyword(snake) {
        format!("r#{snake}")
    } else {
        snake.to_string()
    }
}

/// A [`proc_macro2::Ident`] for a snake identifier (raw when it is a keyword).
pub fn ident(snake: &str) -> proc_macro2::Ident {
    let s = rust_ident(snake);
    match s.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(&s, proc_macro2::Span::call_site()),
    }
}

/// Makes `name` unique within `taken` by appending `_2`, `_3`… (deterministic:
/// the first claimant keeps the plain name).
pub fn dedupe(name: String, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{name}_{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::PathTemplate;

    fn op(method: Method, path: &str) -> (String, String) {
        let t = crate::lower::parse_template(path);
        let _: &PathTemplate = &t;
        operation_name(method, &t.segments)
    }

    #[test]
    fn operation_names_follow_the_rest_shape() {
        let cases = [
            (
                Method::Get,
                "/api/v2/opportunities/:id",
                "opportunities",
                "get",
            ),
            (
                Method::Put,
                "/api/v2/opportunities/:id",
                "opportunities",
                "update",
            ),
            (Method::Post, "/api/v2/customers", "customers", "create"),
            (
                Method::Delete,
                "/api/v2/common_leads/:id",
                "common_leads",
                "delete",
            ),
            (Method::Get, "/api/v2/contracts", "contracts", "list"),
            (
                Method::Get,
                "/api/v2/contracts/new_from_opportunity",
                "contracts",
                "new_from_opportunity",
            ),
            (
                Method::Post,
                "/api/v2/opportunities/:id/product_assets",
                "opportunities",
                "create_product_asset",
            ),
            (
                Method::Get,
                "/api/v2/customers/:id/opportunities",
                "customers",
                "list_opportunities",
            ),
            (
                Method::Get,
                "/api/v2/revisit_logs/new_index",
                "revisit_logs",
                "new_index",
            ),
            (Method::Get, "/base_data/v2/act", "base_data", "act"),
            (
                Method::Put,
                "/api/v2/common_customers/:id/transfer",
                "common_customers",
                "transfer",
            ),
            (Method::Get, "/api/admin/role/{id}", "admin", "get_role"),
            (Method::Post, "/api/v2/auth/login", "auth", "login"),
            (
                Method::Get,
                "/api/call_centers/interface/call_agents",
                "call_centers",
                "call_agents",
            ),
            (Method::Get, "/api/v2/user/list", "user", "list"),
        ];
        for (m, path, group, operation) in cases {
            assert_eq!(
                op(m, path),
                (group.to_string(), operation.to_string()),
                "{m:?} {path}"
            );
        }
    }

    #[test]
    fn scopes_hand_out_free_names() {
        let mut builders = Scope::new(&[GROUP_MODULE_IMPORTS, PRELUDE], "Request");
        builders.reserve("Things");
        let got: Vec<String> = ["result", "a2", "a_2", "things", "get", "option", "get"]
            .iter()
            .map(|op| builders.claim(&ident_camel(op)))
            .collect();
        assert_eq!(
            got,
            [
                "ResultRequest",
                "A2",
                "A2Request",
                "ThingsRequest",
                "Get",
                "OptionRequest",
                "GetRequest"
            ]
        );
        let mut locals = Scope::new(&[REQUEST_LOCALS], "_");
        assert_eq!(locals.claim("request"), "request_");
        assert_eq!(locals.claim("request"), "request_2");
        assert_eq!(locals.claim("id"), "id");
    }

    #[test]
    fn parameters_and_groups_avoid_generated_names() {
        assert_eq!(unreserve_param("client".into()), "client_param");
        assert_eq!(unreserve_param("into_future".into()), "into_future_param");
        assert_eq!(unreserve_param("client_param".into()), "client_param");
        assert_eq!(unreserve_param("title".into()), "title");
        assert_eq!(group_struct_name("option"), "OptionApi");
        assert_eq!(group_struct_name("box_future"), "BoxFutureApi");
        assert_eq!(group_struct_name("opportunities"), "Opportunities");
    }

    #[test]
    fn singular_and_plural() {
        assert_eq!(singular("opportunities"), "opportunity");
        assert_eq!(singular("product_assets"), "product_asset");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("address"), "address");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("boxes"), "box");
    }

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(rust_ident(&ident_snake("type")), "r#type");
        assert_eq!(rust_ident(&ident_snake("self")), "self_");
        assert_eq!(ident_snake("1st_place"), "_1st_place");
        assert_eq!(ident_snake("opportunity[title]"), "opportunity_title");
        assert_eq!(ident_snake("名称"), "名称");
        assert_eq!(ident_snake("*/"), "field");
        assert_eq!(ident_snake("_"), "field");
        assert_eq!(ident_snake("__"), "field");
        assert_eq!(unreserve("self".into(), "get".into()).0, "self_api");
        assert_eq!(ident_snake("userName"), "user_name");
        assert_eq!(ident_camel("before_user"), "BeforeUser");
        assert_eq!(ident_camel("self"), "Self_");
        for s in ["type", "self", "ref", "1a", "名称", "a-b", "*/", "\"#["] {
            let id = ident(&ident_snake(s));
            syn::parse_str::<syn::Ident>(&id.to_string())
                .or_else(|_| syn::parse_str::<syn::Ident>(&rust_ident(&ident_snake(s))))
                .expect(s);
        }
    }
}
