//! `src/config.rs` of the emitted crate: the API's settings ([`ApiSettings`], from
//! `api.toml` or the pages) as the constant the runtime reads, its editions, its
//! documented error codes, and a builder setter per optional login member.

use super::{doc_attrs, doc_text, rust_file};
use crate::settings::{ApiSettings, Auth, SuccessValue};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// The file.
pub fn emit_config(s: &ApiSettings) -> String {
    let editions = editions(s);
    let codes = codes(s);
    let login_setters = login_setters(s);
    let default_base_url = match s.default_host.and_then(|i| s.hosts.get(i)) {
        Some(h) => {
            let url = h.url.as_str();
            quote!(Some(#url))
        }
        None => quote!(None),
    };
    let auth = match &s.auth {
        Auth::None => quote!(AuthScheme::None),
        Auth::Header { name, template } => {
            quote!(AuthScheme::Header { name: #name, template: #template })
        }
        Auth::Query { name } => quote!(AuthScheme::Query { name: #name }),
    };
    let login = match &s.login {
        None => quote!(None),
        Some(l) => {
            let path = l.path.as_str();
            let user = l.user_field.as_str();
            let password = l.password_field.as_str();
            let fixed = l.fixed.iter().map(|(k, v)| quote!((#k, #v)));
            let token = l.token.iter().map(String::as_str);
            quote!(Some(LoginSettings {
                path: #path,
                user_field: #user,
                password_field: #password,
                fixed: &[#(#fixed),*],
                token: &[#(#token),*],
            }))
        }
    };
    let auth_codes = s.auth_codes.iter().map(|c| code_tokens(s, *c));
    let envelope = match &s.envelope {
        None => quote!(None),
        Some(e) => {
            let (code, data, message) = (e.code.as_str(), e.data.as_str(), e.message.as_str());
            let error = match &e.error {
                Some(x) => quote!(Some(#x)),
                None => quote!(None),
            };
            let success = match &e.success {
                SuccessValue::Int(n) => {
                    let n = Literal::i64_unsuffixed(*n);
                    quote!(Success::Int(#n))
                }
                SuccessValue::Bool(b) => quote!(Success::Bool(#b)),
                SuccessValue::Text(t) => quote!(Success::Text(#t)),
            };
            let not_found = e.not_found_codes.iter().map(|c| code_tokens(s, *c));
            quote!(Some(EnvelopeSettings {
                code: #code,
                data: #data,
                message: #message,
                error: #error,
                success: #success,
                not_found_codes: &[#(#not_found),*],
            }))
        }
    };
    let rate_limit = match &s.rate_limit {
        None => quote!(None),
        Some(r) => {
            let calls = Literal::u32_unsuffixed(r.calls);
            let secs = Literal::u64_unsuffixed(r.per_seconds);
            quote!(Some((#calls, Duration::from_secs(#secs))))
        }
    };
    let retry = s.retry_statuses.iter().map(|c| Literal::u16_unsuffixed(*c));
    let retry_codes = s.retry_codes.iter().map(|c| code_tokens(s, *c));
    let title = format!(" What the runtime needs to know about the {}.", s.title);
    // Only what the constant names: no unused import in any crate.
    let mut used = vec![quote!(AuthScheme)];
    if s.envelope.is_some() {
        used.push(quote!(EnvelopeSettings));
    }
    if s.login.is_some() {
        used.push(quote!(LoginSettings));
    }
    used.push(quote!(Settings));
    if s.envelope.is_some() {
        used.push(quote!(Success));
    }
    let duration = if s.rate_limit.is_some() {
        quote!(
            use std::time::Duration;
        )
    } else {
        quote!()
    };
    let imports = quote! {
        use crate::runtime::{#(#used),*};
        #duration
    };
    rust_file(quote! {
        //! The API's settings (its `api.toml`, or what the doc pages show): hosts,
        //! authentication, response envelope, rate limit and error codes.

        #imports

        #[doc = #title]
        pub const SETTINGS: Settings = Settings {
            default_base_url: #default_base_url,
            auth: #auth,
            login: #login,
            auth_codes: &[#(#auth_codes),*],
            envelope: #envelope,
            rate_limit: #rate_limit,
            retry_statuses: &[#(#retry),*],
            retry_codes: &[#(#retry_codes),*],
        };

        #editions
        #codes
        #login_setters
    })
}

/// A code as its constant (`codes::LOGIN_EXPIRED`) when it has one, else the number.
fn code_tokens(s: &ApiSettings, code: i64) -> TokenStream {
    match s.codes.iter().find(|c| c.value == code) {
        Some(c) => {
            let id = Ident::new(&c.name, Span::call_site());
            quote!(codes::#id)
        }
        None => {
            let n = Literal::i64_unsuffixed(code);
            quote!(#n)
        }
    }
}

fn editions(s: &ApiSettings) -> TokenStream {
    if s.hosts.is_empty() {
        return quote!();
    }
    let variants = s.hosts.iter().map(|h| {
        let id = Ident::new(&h.name, Span::call_site());
        let doc = if h.doc.is_empty() {
            format!("`{}`.", h.url)
        } else {
            format!("{}: `{}`.", doc_text(&h.doc), h.url)
        };
        let doc = doc_attrs(&doc);
        quote!(#doc #id,)
    });
    let arms = s.hosts.iter().map(|h| {
        let id = Ident::new(&h.name, Span::call_site());
        let url = h.url.as_str();
        quote!(Edition::#id => #url,)
    });
    let default_doc = match s.default_host.and_then(|i| s.hosts.get(i)) {
        Some(h) => format!(
            " Chooses the edition's host (default: [`Edition::{}`]). [`base_url`](crate::ClientBuilder::base_url) overrides it.",
            h.name
        ),
        None => " Chooses the edition's host. [`base_url`](crate::ClientBuilder::base_url) overrides it.".to_string(),
    };
    quote! {
        /// The product editions, each with its own host.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Edition {
            #(#variants)*
        }

        impl Edition {
            /// The edition's base URL (no trailing slash).
            pub const fn base_url(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl crate::runtime::ClientBuilder {
            #[doc = #default_doc]
            pub fn edition(self, edition: Edition) -> Self {
                self.edition_host(edition.base_url())
            }
        }
    }
}

fn codes(s: &ApiSettings) -> TokenStream {
    let consts = s.codes.iter().map(|c| {
        let id = Ident::new(&c.name, Span::call_site());
        let text = if c.doc.is_empty() {
            format!("Code {}.", c.value)
        } else {
            doc_text(&c.doc)
        };
        let doc = doc_attrs(&match &c.source {
            Some(at) => format!("{text}\n\nFrom the error-code table at `{at}`."),
            None => text,
        });
        let v = Literal::i64_unsuffixed(c.value);
        quote!(#doc pub const #id: i64 = #v;)
    });
    let names: Vec<String> = s.auth_codes.iter().map(|c| c.to_string()).collect();
    let doc = if names.is_empty() {
        " Whether `code` asks the caller to log in again (the API documents no such code)."
            .to_string()
    } else {
        format!(
            " Whether `code` asks the caller to log in again ({}).",
            names.join(" or ")
        )
    };
    let tests = s
        .auth_codes
        .iter()
        .map(|c| match s.codes.iter().find(|x| x.value == *c) {
            Some(x) => {
                let id = Ident::new(&x.name, Span::call_site());
                quote!(code == #id)
            }
            None => {
                let n = Literal::i64_unsuffixed(*c);
                quote!(code == #n)
            }
        });
    let body = if s.auth_codes.is_empty() {
        quote!({
            let _ = code;
            false
        })
    } else {
        quote!({ #(#tests)||* })
    };
    let envelope_doc = match &s.envelope {
        Some(e) => format!(
            " Error codes the API puts in the `{}` field of its envelope.",
            e.code
        ),
        None => " Error codes the API documents.".to_string(),
    };
    quote! {
        #[doc = #envelope_doc]
        pub mod codes {
            #(#consts)*

            #[doc = #doc]
            pub const fn is_auth(code: i64) -> bool #body
        }
    }
}

fn login_setters(s: &ApiSettings) -> TokenStream {
    let Some(l) = &s.login else {
        return quote!();
    };
    if l.optional.is_empty() {
        return quote!();
    }
    let setters = l.optional.iter().map(|(name, doc)| {
        let ident = crate::naming::rust_ident(name);
        let id = match ident.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, Span::call_site()),
            None => Ident::new(&ident, Span::call_site()),
        };
        let doc = if doc.is_empty() {
            format!(" The login's optional `{name}` member.")
        } else {
            format!(" {}", doc_text(doc))
        };
        quote! {
            #[doc = #doc]
            pub fn #id(self, #id: impl Into<String>) -> Self {
                self.login_param(#name, #id)
            }
        }
    });
    quote! {
        impl crate::runtime::ClientBuilder {
            #(#setters)*
        }
    }
}
