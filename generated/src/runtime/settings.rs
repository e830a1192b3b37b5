//! What the runtime needs to know about the API it talks to: hosts, authentication,
//! login, response envelope, rate limit and retryable statuses.
//!
//! The runtime is the same for every API; the values come from the API's `api.toml`
//! (or what the generator inferred from the pages) and are emitted as
//! `crate::config::SETTINGS`. [`settings()`] is the one place the runtime reads them.

use std::time::Duration;

/// How a token is sent with each request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// No authentication: no token is needed.
    None,
    /// A header whose value is `template` with `{token}` replaced by the token
    /// (`Authorization: Bearer {token}` for a bearer token).
    Header {
        /// Header name.
        name: &'static str,
        /// Header value, holding `{token}` once or more.
        template: &'static str,
    },
    /// A query-string parameter holding the token.
    Query {
        /// Parameter name.
        name: &'static str,
    },
}

impl AuthScheme {
    /// The header value for `token` (a [`AuthScheme::Header`] template filled in).
    pub fn header_value(&self, token: &str) -> Option<String> {
        match self {
            AuthScheme::Header { template, .. } => Some(template.replace("{token}", token)),
            _ => None,
        }
    }
}

/// A login operation that exchanges a user name and password for a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginSettings {
    /// Path of the login endpoint (called with `POST` and a JSON body).
    pub path: &'static str,
    /// Body member holding the user name.
    pub user_field: &'static str,
    /// Body member holding the password.
    pub password_field: &'static str,
    /// Body members with fixed values, sent with every login.
    pub fixed: &'static [(&'static str, &'static str)],
    /// Where the token is in the response's data (members, outermost first).
    pub token: &'static [&'static str],
}

/// The value of the envelope's code member that means success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Success {
    /// A number (also accepted as a string holding the number, `"0"`).
    Int(i64),
    /// A string (`"ok"`).
    Text(&'static str),
    /// A boolean (`true`).
    Bool(bool),
}

impl Success {
    /// Whether `value` (the code member of a response) is this success value.
    pub fn matches(&self, value: &serde_json::Value) -> bool {
        match (self, value) {
            (Success::Int(n), serde_json::Value::Number(v)) => v.as_i64() == Some(*n),
            (Success::Int(n), serde_json::Value::String(s)) => {
                s.trim().parse::<i64>().ok() == Some(*n)
            }
            (Success::Text(t), serde_json::Value::String(s)) => s == t,
            (Success::Bool(b), serde_json::Value::Bool(v)) => v == b,
            _ => false,
        }
    }
}

/// The object every response is wrapped in (`{"code": 0, "data": …}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvelopeSettings {
    /// Member holding the status code.
    pub code: &'static str,
    /// Member holding the payload.
    pub data: &'static str,
    /// Member holding the error message.
    pub message: &'static str,
    /// Member holding an error identifier, if the API has one.
    pub error: Option<&'static str>,
    /// The code value of a successful call.
    pub success: Success,
    /// Codes that mean "no such record".
    pub not_found_codes: &'static [i64],
}

/// Everything the runtime reads about the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The host used when the client is given neither an edition nor a base URL.
    pub default_base_url: Option<&'static str>,
    /// How the token is sent.
    pub auth: AuthScheme,
    /// The login operation, if the API has one.
    pub login: Option<LoginSettings>,
    /// API codes that mean "the token is no longer valid, log in again": with a login
    /// the client logs in once more and retries.
    pub auth_codes: &'static [i64],
    /// The response envelope, or `None` when responses are the data itself.
    pub envelope: Option<EnvelopeSettings>,
    /// Calls allowed per window, if the API has a rate limit.
    pub rate_limit: Option<(u32, Duration)>,
    /// HTTP statuses worth retrying.
    pub retry_statuses: &'static [u16],
    /// Envelope codes worth retrying (a "server busy" code): retried like the
    /// statuses, with the same backoff and attempt limit.
    pub retry_codes: &'static [i64],
}

impl Settings {
    /// Whether `code` asks the caller to log in again.
    pub fn is_relogin_code(&self, code: i64) -> bool {
        self.auth_codes.contains(&code)
    }

    /// Whether `code` means "no such record".
    pub fn is_not_found_code(&self, code: i64) -> bool {
        self.envelope
            .is_some_and(|e| e.not_found_codes.contains(&code))
    }
}

/// The settings of this crate's API. The runtime's own unit tests pin theirs
/// (`tests::SETTINGS`), so they test the runtime whatever API the crate is for.
pub fn settings() -> &'static Settings {
    #[cfg(test)]
    {
        &super::tests::SETTINGS
    }
    #[cfg(not(test))]
    {
        &crate::config::SETTINGS
    }
}
