//! The one error type of the SDK, and the API's documented error codes.
//!
//! No variant ever carries the user token or the login password: error messages can be
//! logged freely.

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Error codes the API puts in the `code` field of its `{code, message, error}` envelope.
pub mod codes {
    /// Success.
    pub const OK: i64 = 0;
    /// `invalid_app_error`: bad `device` parameter (the client always sends `open_api`).
    pub const INVALID_APP: i64 = 100000;
    /// `active_record/record_not_found`: no such record, or no permission to see it.
    pub const RECORD_NOT_FOUND: i64 = 100100;
    /// Login expired: log in again.
    pub const LOGIN_EXPIRED: i64 = 100400;
    /// Logged in elsewhere (a newer login invalidated this token): log in again.
    pub const LOGGED_IN_ELSEWHERE: i64 = 100401;

    /// Whether `code` asks the caller to log in again (100400 or 100401).
    pub const fn is_auth(code: i64) -> bool {
        code == LOGIN_EXPIRED || code == LOGGED_IN_ELSEWHERE
    }
}

/// Everything that can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an envelope whose `code` is not 0.
    #[error("ikcrm API error {code} (HTTP {status}): {message}{}", error.as_deref().map(|e| format!(" [{e}]")).unwrap_or_default())]
    Api {
        /// The envelope's `code`, see [`codes`].
        code: i64,
        /// The envelope's `message` (often Chinese), empty when absent.
        message: String,
        /// The envelope's `error` (e.g. `active_record/record_not_found`), when present.
        error: Option<String>,
        /// The HTTP status of the response.
        status: u16,
    },
    /// A non-2xx HTTP response that does not hold an API envelope.
    #[error("HTTP {status}: {body}")]
    Http {
        /// The HTTP status.
        status: u16,
        /// The response body, truncated to 2 KiB.
        body: String,
    },
    /// The response did not have the expected shape.
    #[error("cannot decode the response at `{path}`: {message}")]
    Decode {
        /// JSON path of the offending value, e.g. `data.customer.id` (empty for the root).
        path: String,
        /// What went wrong.
        message: String,
        /// Up to 200 characters of the body around the error position.
        snippet: String,
    },
    /// The request could not be sent or its response not read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request timed out (connect or total timeout).
    #[error("the request timed out")]
    Timeout,
    /// The client is misconfigured (bad base URL, missing credentials, …).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A request value could not be encoded.
    #[error("cannot encode the request: {0}")]
    Encode(String),
    /// Logging in (with `login` + `password`) failed; the cause is inside.
    #[error("login failed: {0}")]
    Login(#[source] Box<Error>),
}

impl Error {
    /// The API error code, for [`Error::Api`] (also when wrapped in [`Error::Login`]).
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Api { code, .. } => Some(*code),
            Error::Login(inner) => inner.code(),
            _ => None,
        }
    }

    /// Whether this is an authentication problem: codes 100400 / 100401, HTTP 401, or a
    /// failed login.
    pub fn is_auth(&self) -> bool {
        match self {
            Error::Api { code, status, .. } => codes::is_auth(*code) || *status == 401,
            Error::Http { status, .. } => *status == 401,
            Error::Login(_) => true,
            _ => false,
        }
    }

    /// Whether the API said the record does not exist (or is not visible): code 100100.
    pub fn is_not_found(&self) -> bool {
        self.code() == Some(codes::RECORD_NOT_FOUND)
    }

    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Http { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Login(inner) => inner.status(),
            _ => None,
        }
    }

    /// Maps a reqwest error, turning timeouts into [`Error::Timeout`]. (The URL kept in
    /// reqwest's message never holds the token, which travels in a header.)
    pub(crate) fn from_reqwest(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport(e)
        }
    }
}

/// Truncates `s` to at most `max` bytes on a char boundary, appending `…` when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = s[..end].to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn check<T: Send + Sync + 'static + std::error::Error>() {}
        check::<Error>();
    }

    #[test]
    fn accessors() {
        let e = Error::Api {
            code: codes::LOGGED_IN_ELSEWHERE,
            message: "已在其他地方登录".into(),
            error: None,
            status: 200,
        };
        assert_eq!(e.code(), Some(100401));
        assert!(e.is_auth());
        assert_eq!(e.status(), Some(200));
        let nf = Error::Api {
            code: codes::RECORD_NOT_FOUND,
            message: "not found".into(),
            error: Some("active_record/record_not_found".into()),
            status: 200,
        };
        assert!(nf.is_not_found());
        assert!(!nf.is_auth());
        assert_eq!(
            nf.to_string(),
            "ikcrm API error 100100 (HTTP 200): not found [active_record/record_not_found]"
        );
        let login = Error::Login(Box::new(nf));
        assert_eq!(login.code(), Some(100100));
        assert!(login.is_auth());
        assert_eq!(Error::Timeout.code(), None);
        assert_eq!(
            Error::Http {
                status: 502,
                body: String::new()
            }
            .status(),
            Some(502)
        );
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("励销云", 4), "励…");
        assert_eq!(truncate("abcdef", 3), "abc…");
    }
}
