//! The one error type of the SDK.
//!
//! No variant ever carries the user token or the login password: error messages can be
//! logged freely. What `Display` prints of server-controlled text (bodies, messages,
//! URLs) is capped at [`DISPLAY_LIMIT`] bytes per value; the full values stay in the
//! variants' fields and accessors.

use super::settings::{settings, AuthScheme};
use std::fmt;

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The most bytes of one URL, body or message an error's `Display` prints. A server
/// can answer with megabytes of text (or a caller can build a 9 MB query string); a log
/// line should stay a line. The rest is replaced by `…` and the total size.
pub const DISPLAY_LIMIT: usize = 512;

/// Everything that can go wrong when calling the API.
/// `Display` and `std::error::Error` are written out below rather than derived: the
/// derive macro's crate was one more proc-macro crate in every user's build
/// (BENCHMARKS.md, issue 16).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an envelope whose code is not the success value.
    Api {
        /// The envelope's code (see the crate's `codes`); `-1` when the code is not a
        /// number (its text is then in `error`).
        code: i64,
        /// The envelope's message (often Chinese), empty when absent.
        message: String,
        /// The envelope's error identifier, when present. For a code that is not a
        /// number, its text comes first: `A00001`, or `A00001: <identifier>`.
        error: Option<String>,
        /// The HTTP status of the response.
        status: u16,
    },
    /// A non-2xx HTTP response that does not hold an API envelope.
    Http {
        /// The HTTP status.
        status: u16,
        /// The whole response body (lossy UTF-8; `Display` shows its start).
        body: String,
    },
    /// The response did not have the expected shape.
    Decode {
        /// JSON path of the offending value, e.g. `data.customer.id` (empty for the root).
        path: String,
        /// What went wrong.
        message: String,
        /// Up to 200 characters of the body around the error position.
        snippet: String,
    },
    /// The request could not be sent or its response not read. `Display` names the
    /// cause (connection refused, DNS, TLS, …) and the URL (capped); see
    /// [`TransportError`].
    Transport(TransportError),
    /// The request timed out (connect or total timeout).
    Timeout,
    /// The server answered with a redirect the client does not follow: one to another
    /// origin (scheme, host or port) than the base URL, or any redirect of the login.
    /// Nothing was sent to the redirect's target.
    Redirect {
        /// The redirect's HTTP status (301, 302, 303, 307 or 308).
        status: u16,
        /// Its `Location`, resolved against the request URL (as sent by the server
        /// when it cannot be resolved).
        location: String,
        /// Whether the redirected request was the login.
        login: bool,
    },
    /// A path parameter (or the path of a [`raw`](super::Client::raw) call) would change
    /// which endpoint is called: `.`, `..` (also percent-encoded), an empty segment, or
    /// a character that ends the path. Nothing was sent.
    InvalidPath {
        /// The operation, e.g. `opportunities.get` (`raw` for raw calls).
        operation: String,
        /// The path parameter's name, when the segment is one.
        parameter: Option<String>,
        /// The offending segment (or path) as given.
        value: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The client is misconfigured (bad base URL, missing credentials, …).
    Config(String),
    /// A request value could not be encoded.
    Encode(String),
    /// A decimal given to the SDK did not parse: `"20,000".parse::<Decimal>()?` in a
    /// function returning [`Result`].
    InvalidDecimal(super::lenient::ParseDecimalError),
    /// Logging in (with `login` + `password`) failed; the cause is inside.
    Login(Box<Error>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                code,
                message,
                error,
                status,
            } => {
                let name = env!("CARGO_PKG_NAME");
                write!(
                    f,
                    "{name} API error {code} (HTTP {status}): {}",
                    Capped(message)
                )?;
                match error {
                    Some(e) => write!(f, " [{}]", Capped(e)),
                    None => Ok(()),
                }
            }
            Error::Http { status, body } => write!(f, "HTTP {status}: {}", Capped(body)),
            Error::Decode { path, message, .. } => write!(
                f,
                "cannot decode the response at `{}`: {}",
                Capped(path),
                Capped(message)
            ),
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Timeout => f.write_str("the request timed out"),
            Error::Redirect {
                status,
                location,
                login,
            } => write!(
                f,
                "refused to follow the HTTP {status} redirect to {} ({}): nothing was sent there",
                Capped(&origin_of(location)),
                if *login {
                    "the login follows no redirect"
                } else {
                    "another origin than the base URL"
                }
            ),
            Error::InvalidPath {
                operation,
                parameter,
                value,
                reason,
            } => {
                match parameter {
                    Some(p) => write!(f, "{operation}: path parameter `{p}`")?,
                    None => write!(f, "{operation}: the path segment")?,
                }
                write!(
                    f,
                    " {:?} would change the endpoint ({reason}); nothing was sent",
                    Capped(value)
                )
            }
            Error::Config(m) => write!(f, "invalid configuration: {}", Capped(m)),
            Error::Encode(m) => write!(f, "cannot encode the request: {}", Capped(m)),
            Error::InvalidDecimal(e) => fmt::Display::fmt(e, f),
            Error::Login(inner) => write!(f, "login failed: {inner}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Transparent: the wrapped error's own cause.
            Error::Transport(e) => std::error::Error::source(e),
            Error::InvalidDecimal(e) => std::error::Error::source(e),
            Error::Login(inner) => Some(&**inner),
            _ => None,
        }
    }
}

impl From<super::lenient::ParseDecimalError> for Error {
    fn from(e: super::lenient::ParseDecimalError) -> Self {
        Error::InvalidDecimal(e)
    }
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

    /// Whether this is an authentication problem: a code that asks for a new login,
    /// HTTP 401, or a failed login.
    pub fn is_auth(&self) -> bool {
        match self {
            Error::Api { code, status, .. } => settings().is_relogin_code(*code) || *status == 401,
            Error::Http { status, .. } => *status == 401,
            Error::Login(_) => true,
            _ => false,
        }
    }

    /// Whether the API said the record does not exist (or is not visible): one of its
    /// "not found" codes, or HTTP 404.
    pub fn is_not_found(&self) -> bool {
        match self {
            Error::Api { code, status, .. } => {
                settings().is_not_found_code(*code) || *status == 404
            }
            Error::Http { status, .. } => *status == 404,
            _ => false,
        }
    }

    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Http { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            Error::Transport(e) => e.inner.status().map(|s| s.as_u16()),
            Error::Login(inner) => inner.status(),
            _ => None,
        }
    }

    /// The full URL involved, when there is one: the request URL of a transport error,
    /// the target of a refused redirect. (`Display` shows at most [`DISPLAY_LIMIT`]
    /// bytes of it.)
    pub fn url(&self) -> Option<&str> {
        match self {
            Error::Transport(e) => e.url(),
            Error::Redirect { location, .. } => Some(location),
            Error::Login(inner) => inner.url(),
            _ => None,
        }
    }

    /// Maps a reqwest error, turning timeouts into [`Error::Timeout`]. (The URL kept in
    /// reqwest's message never holds the token, which travels in a header.)
    pub(crate) fn from_reqwest(mut e: reqwest::Error) -> Self {
        // With the token in the query string (`AuthScheme::Query`), the request URL a
        // transport error keeps would carry it into every log line of the error.
        if let (AuthScheme::Query { name }, Some(url)) = (settings().auth, e.url_mut()) {
            redact_query_value(url, name);
        }
        if e.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport(TransportError { inner: e })
        }
    }
}

/// What replaces a secret query value in a URL an error keeps.
pub const REDACTED: &str = "REDACTED";

/// Replaces the value of every `key=…` pair in `url`'s query with [`REDACTED`] (the
/// other pairs are re-encoded as `application/x-www-form-urlencoded`). Used for the
/// query-string token of [`AuthScheme::Query`]: no error carries the token.
pub fn redact_query_value(url: &mut reqwest::Url, key: &str) {
    if !url.query_pairs().any(|(k, _)| k == key) {
        return;
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == key {
                REDACTED.into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
}

/// A request that could not be sent, or a response that could not be read.
///
/// `Display` says what failed and why, from the innermost cause of the error chain
/// (`cannot connect to http://127.0.0.1:9/api/v2/… (connection refused)`), with the URL
/// capped at [`DISPLAY_LIMIT`] bytes; [`url`](TransportError::url) gives the whole URL
/// and [`reqwest`](TransportError::reqwest) the underlying error. `source()` is the
/// reqwest error's own cause (hyper, then `std::io::Error`), so reporters that walk the
/// chain never print the URL whole.
pub struct TransportError {
    inner: reqwest::Error,
}

impl TransportError {
    /// The URL of the request, in full.
    pub fn url(&self) -> Option<&str> {
        self.inner.url().map(|u| u.as_str())
    }

    /// The underlying reqwest error.
    pub fn reqwest(&self) -> &reqwest::Error {
        &self.inner
    }

    /// Whether connecting failed (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }

    /// What went wrong, in words, from the innermost cause: `connection refused`, `DNS
    /// lookup failed: …`, `TLS handshake failed: …`, else the innermost message.
    pub fn cause(&self) -> String {
        transport_cause(&self.inner)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("url", &self.url().map(Capped))
            .field("cause", &self.cause())
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.inner;
        let what = if e.is_connect() {
            "cannot connect to"
        } else if e.is_body() || e.is_decode() {
            "cannot read the response of"
        } else if e.is_redirect() {
            "cannot follow a redirect of"
        } else if e.is_builder() {
            "cannot build the request to"
        } else {
            "cannot send the request to"
        };
        let url = self.url().unwrap_or("the server");
        write!(f, "{what} {} ({})", Capped(url), Capped(&self.cause()))
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.inner)
    }
}

/// Names the innermost cause of a reqwest error. Recognises the classes users act on
/// differently: a refused/reset connection (server down), DNS (wrong host), TLS
/// (certificates); anything else is the innermost message.
fn transport_cause(e: &reqwest::Error) -> String {
    let mut chain: Vec<&(dyn std::error::Error + 'static)> = Vec::new();
    let mut next = std::error::Error::source(e);
    while let Some(cause) = next {
        chain.push(cause);
        next = cause.source();
    }
    let innermost = chain
        .last()
        .map(|c| c.to_string())
        .unwrap_or_else(|| e.to_string());
    // An `io::Error` wrapping another hides it from `source()` (it returns the inner
    // error's source): look through `get_ref` as well.
    let mut io_kinds = Vec::new();
    for cause in &chain {
        let mut io = cause.downcast_ref::<std::io::Error>();
        while let Some(e) = io {
            io_kinds.push(e.kind());
            io = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>());
        }
    }
    for kind in &io_kinds {
        use std::io::ErrorKind::*;
        let named = match kind {
            ConnectionRefused => Some("connection refused"),
            ConnectionReset => Some("connection reset by the server"),
            ConnectionAborted => Some("connection aborted"),
            UnexpectedEof => Some("the server closed the connection"),
            _ => None,
        };
        if let Some(named) = named {
            return named.to_owned();
        }
    }
    let texts: Vec<String> = chain.iter().map(|c| c.to_string().to_lowercase()).collect();
    if texts.iter().any(|t| t.contains("dns error")) {
        return format!("DNS lookup failed: {innermost}");
    }
    // rustls reports handshake failures as `io::Error`s of kind `InvalidData` (bad
    // certificate, a server that does not speak TLS) while connecting to https.
    let https = e.url().is_some_and(|u| u.scheme() == "https");
    let invalid_data = io_kinds.contains(&std::io::ErrorKind::InvalidData);
    if (https && e.is_connect() && invalid_data)
        || texts
            .iter()
            .any(|t| t.contains("certificate") || t.contains("tls") || t.contains("handshake"))
    {
        return format!("TLS handshake failed: {innermost}");
    }
    innermost
}

/// The `scheme://host:port` of a URL, for messages (the whole text when it does not
/// parse).
pub(crate) fn origin_of(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => u.origin().ascii_serialization(),
        Err(_) => url.to_owned(),
    }
}

/// Displays at most [`DISPLAY_LIMIT`] bytes of a string (cut on a char boundary),
/// then `…` and the full size. `{:?}` quotes and escapes the shown part.
#[derive(Clone, Copy)]
pub(crate) struct Capped<'a>(pub(crate) &'a str);

impl<'a> Capped<'a> {
    /// The part shown, and the full length when it was cut.
    fn cut(self) -> (&'a str, Option<usize>) {
        let s = self.0;
        if s.len() <= DISPLAY_LIMIT {
            return (s, None);
        }
        let mut end = DISPLAY_LIMIT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        (&s[..end], Some(s.len()))
    }
}

impl fmt::Display for Capped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cut() {
            (shown, None) => f.write_str(shown),
            (shown, Some(len)) => write!(f, "{shown}… ({len} bytes in all)"),
        }
    }
}

impl fmt::Debug for Capped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cut() {
            (shown, None) => write!(f, "{shown:?}"),
            (shown, Some(len)) => write!(f, "{shown:?}… ({len} bytes in all)"),
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
            code: 401_001,
            message: "已在其他地方登录".into(),
            error: None,
            status: 200,
        };
        assert_eq!(e.code(), Some(401_001));
        assert!(e.is_auth());
        assert_eq!(e.status(), Some(200));
        let nf = Error::Api {
            code: 404_001,
            message: "not found".into(),
            error: Some("record_not_found".into()),
            status: 200,
        };
        assert!(nf.is_not_found());
        assert!(!nf.is_auth());
        assert_eq!(
            nf.to_string(),
            format!(
                "{} API error 404001 (HTTP 200): not found [record_not_found]",
                env!("CARGO_PKG_NAME")
            )
        );
        let login = Error::Login(Box::new(nf));
        assert_eq!(login.code(), Some(404_001));
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
    fn a_decimal_parse_error_converts_with_question_mark() {
        fn amount(text: &str) -> Result<super::super::Decimal> {
            Ok(text.parse()?)
        }
        assert_eq!(
            amount("20000.0").map(|d| d.to_string()).ok(),
            Some("20000.0".into())
        );
        let err = amount("20,000").expect_err("not a number");
        assert!(matches!(err, Error::InvalidDecimal(_)), "{err:?}");
        assert_eq!(err.to_string(), "not a decimal number: \"20,000\"");
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("励销云", 4), "励…");
        assert_eq!(truncate("abcdef", 3), "abc…");
    }
}
