//! The HTTP client: configuration, request execution, envelope decoding.

use super::auth::{Credentials, Secret, Token, TokenCache};
use super::error::{truncate, Error, Result};
use super::json_path::path_at;
use super::lenient::Key;
use super::retry::RetryPolicy;
use super::settings::{settings, AuthScheme, EnvelopeSettings};
use super::throttle::Permit;
use super::throttle::Throttle;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, USER_AGENT};
use reqwest::Method;
use serde::de::value::UnitDeserializer;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;

/// Characters left as they are when percent-encoding: RFC 3986 "unreserved".
const NON_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment: everything but unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) is escaped, so `/`, `?`, `#`, `\`, spaces, CR/LF and NUL
/// cannot change the path. Three values cannot be made safe by any encoding, since URL
/// parsers resolve `%2E%2E` like `..` and drop empty segments' meaning: `.`, `..` and
/// `""`. They are encoded as `%2E`, `%2E%2E` and nothing, and the client refuses a path
/// holding such a segment with [`Error::InvalidPath`] before anything is sent.
pub fn encode_path_segment(value: &str) -> String {
    if value == "." || value == ".." {
        return value.replace('.', "%2E");
    }
    percent_encoding::utf8_percent_encode(value, NON_UNRESERVED).to_string()
}

/// Encodes query pairs as `k=v&k=v`, percent-encoding keys and values with the same
/// strict set as [`encode_path_segment`]: Rails brackets travel as `%5B`/`%5D`
/// (`opportunity%5Btitle%5D=x`), which Rack decodes exactly like raw brackets, and a
/// space is `%20`.
pub fn encode_query(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(percent_encoding::utf8_percent_encode(k, NON_UNRESERVED));
        out.push('=');
        out.extend(percent_encoding::utf8_percent_encode(v, NON_UNRESERVED));
    }
    out
}

/// Serializes a request value to JSON, mapping failures to [`Error::Encode`].
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))
}

/// How a request body is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `Content-Type: application/json` (what every documented operation uses).
    #[default]
    Json,
    /// `Content-Type: application/x-www-form-urlencoded`, Rails-style keys
    /// (`customer[name]=…`) from the body object.
    Form,
}

/// One API call, as generated operations build it.
#[derive(Clone, Debug)]
pub struct ApiRequest {
    /// HTTP method.
    pub method: Method,
    /// Operation name for tracing and errors, e.g. `opportunities.update`.
    pub operation: Cow<'static, str>,
    /// Path template for tracing, e.g. `/api/v2/opportunities/:id`; `:name` segments
    /// name the path parameters in [`Error::InvalidPath`].
    pub path_template: Cow<'static, str>,
    /// The path with parameters filled in (each encoded with [`encode_path_segment`]).
    pub path: String,
    /// Rails-encoded query pairs (not yet percent-encoded).
    pub query: Vec<(String, String)>,
    /// The body (a JSON value, sent as [`body_encoding`](ApiRequest::body_encoding) says).
    pub body: Option<serde_json::Value>,
    /// How [`body`](ApiRequest::body) is sent (default JSON).
    pub body_encoding: BodyEncoding,
    /// Headers of the operation's own (the page's 请求头 table), name and value.
    pub headers: Vec<(String, String)>,
    /// Set when the operation carries its own token header (one of its header
    /// parameters): the client then sends no token of its own and does not log in
    /// for it.
    pub token_header: Option<&'static str>,
}

impl ApiRequest {
    /// A request without query or body.
    pub fn new(
        method: Method,
        operation: impl Into<Cow<'static, str>>,
        path_template: impl Into<Cow<'static, str>>,
        path: impl Into<String>,
    ) -> ApiRequest {
        ApiRequest {
            method,
            operation: operation.into(),
            path_template: path_template.into(),
            path: path.into(),
            query: Vec::new(),
            body: None,
            body_encoding: BodyEncoding::Json,
            headers: Vec::new(),
            token_header: None,
        }
    }

    /// Adds one request header (a header parameter of the operation).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds one request header in place (used by generated code for optional headers).
    pub fn push_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.push((name.to_owned(), value.into()));
    }

    /// This operation authenticates with its own header `name` (one of its header
    /// parameters) instead of the client's token.
    pub fn own_token_header(mut self, name: &'static str) -> Self {
        self.token_header = Some(name);
        self
    }

    /// Adds one raw query pair.
    pub fn query_pair(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds Rails-style pairs for `value` under `key` (see [`super::rails::push_query`]).
    pub fn push_query(&mut self, key: &str, value: &serde_json::Value) {
        super::rails::push_query(&mut self.query, key, value);
    }

    /// Inserts `value` into the JSON body at a Rails key path, creating an object body
    /// when there is none (see [`super::rails::insert_body`]).
    pub fn insert_body(&mut self, path: &[&str], value: serde_json::Value) {
        if !matches!(self.body, Some(serde_json::Value::Object(_))) {
            self.body = Some(serde_json::Value::Object(serde_json::Map::new()));
        }
        if let Some(serde_json::Value::Object(map)) = &mut self.body {
            super::rails::insert_body(map, path, value);
        }
    }

    /// Sets the whole JSON body.
    pub fn with_body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }
}

enum Auth {
    /// The API needs no token.
    None,
    Static(Arc<Secret>),
    Login {
        credentials: Credentials,
        cache: TokenCache,
    },
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// Every request must go to this origin (scheme, host, port).
    origin: reqwest::Url,
    auth: Auth,
    throttle: Throttle,
    retry: RetryPolicy,
    user_agent: HeaderValue,
    timeout: Duration,
}

/// The API client. Cheap to clone: clones share the token cache, the throttle and the
/// HTTP connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Client");
        d.field("base_url", &self.inner.base_url);
        match &self.inner.auth {
            Auth::None => d.field("token", &None::<()>),
            Auth::Static(_) => d.field("token", &"***"),
            Auth::Login { credentials, .. } => d
                .field("login", &credentials.login)
                .field("password", &"***")
                .field("login_params", &credentials.params),
        };
        d.field("throttle", &self.inner.throttle)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

/// Configures a [`Client`]: `Client::builder().base_url(url).token(t).build()`.
/// (Not `Clone`: it may hold a `reqwest::ClientBuilder`, which is not.)
pub struct ClientBuilder {
    /// The chosen edition's host (set by the generated `edition(..)`).
    edition: Option<&'static str>,
    base_url: Option<String>,
    token: Option<Secret>,
    login: Option<(String, Secret)>,
    login_params: Vec<(String, String)>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    throttle: Option<Throttle>,
    retry: Option<RetryPolicy>,
    http_client: Option<reqwest::ClientBuilder>,
}

impl Default for ClientBuilder {
    fn default() -> ClientBuilder {
        ClientBuilder {
            edition: None,
            base_url: None,
            token: None,
            login: None,
            login_params: Vec::new(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: None,
            throttle: None,
            retry: None,
            http_client: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("edition", &self.edition)
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("login", &self.login.as_ref().map(|(l, _)| l))
            .field("password", &self.login.as_ref().map(|_| "***"))
            .field("login_params", &self.login_params)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("throttle", &self.throttle)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// Chooses an edition's host (the generated `edition(..)` calls this).
    /// [`base_url`](ClientBuilder::base_url) overrides it.
    #[doc(hidden)]
    pub fn edition_host(mut self, host: &'static str) -> Self {
        self.edition = Some(host);
        self
    }

    /// A custom base URL such as `http://127.0.0.1:8080` (a trailing `/` is ignored).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A user token obtained elsewhere. Without [`login`](ClientBuilder::login) it is
    /// never refreshed: an expired token yields [`Error::Api`] with one of the codes
    /// that ask for a new login ([`Error::is_auth`]).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::new(token));
        self
    }

    /// Log in with these credentials on first use, and again (once per request) when
    /// the API answers with a code that asks for a new login ([`Error::is_auth`]).
    pub fn login(mut self, login: impl Into<String>, password: impl Into<String>) -> Self {
        self.login = Some((login.into(), Secret::new(password)));
        self
    }

    /// One more member of the login request's body (the generated setters of the
    /// API's optional login parameters call this).
    pub fn login_param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.login_params.push((key.into(), value.into()));
        self
    }

    /// Total time for one attempt, from connecting to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time to establish a connection (default 10 s). Not applied to an
    /// [`http_client`](ClientBuilder::http_client) builder (set it there).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `<crate name>-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Client-side rate limit (default [`Throttle::default`]: the API's documented
    /// limit, if it has one).
    pub fn throttle(mut self, throttle: Throttle) -> Self {
        self.throttle = Some(throttle);
        self
    }

    /// Retry policy (default [`RetryPolicy::default`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Build the HTTP client from this `reqwest::ClientBuilder` (proxies, custom TLS
    /// roots, …). A builder rather than a client, because the SDK sets its own redirect
    /// policy on it (see [`redirect_policy`]): no body, token or password may follow a
    /// redirect to another origin, whatever the builder said.
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http_client = Some(builder);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let settings = settings();
        let base = match (&self.base_url, self.edition.or(settings.default_base_url)) {
            (Some(url), _) => url.trim().trim_end_matches('/').to_owned(),
            (None, Some(host)) => host.to_owned(),
            (None, None) => {
                return Err(Error::Config(
                    "set .base_url(..) (or .edition(..) when the API has editions)".to_owned(),
                ))
            }
        };
        let parsed = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("invalid base URL {base:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
            return Err(Error::Config(format!(
                "base URL must be http(s) without a query: {base:?}"
            )));
        }
        if let Some(token) = &self.token {
            if token.expose().trim().is_empty() {
                return Err(Error::Config("the token is empty".to_owned()));
            }
            if let Some(value) = settings.auth.header_value(token.expose()) {
                HeaderValue::from_str(&value).map_err(|_| {
                    Error::Config("the token has characters not allowed in a header".to_owned())
                })?;
            }
        }
        if self.login.is_some() && settings.login.is_none() {
            return Err(Error::Config(
                "this API has no login operation: set .token(..)".to_owned(),
            ));
        }
        let auth = match (self.login, self.token) {
            (Some((login, password)), token) => Auth::Login {
                credentials: Credentials {
                    login,
                    password,
                    params: self.login_params,
                },
                cache: TokenCache::new(token),
            },
            (None, Some(token)) => Auth::Static(Arc::new(token)),
            (None, None) if settings.auth == AuthScheme::None => Auth::None,
            (None, None) => {
                return Err(Error::Config(
                    if settings.login.is_some() {
                        "set .token(..) or .login(login, password)"
                    } else {
                        "set .token(..)"
                    }
                    .to_owned(),
                ))
            }
        };
        let ua = self.user_agent.unwrap_or_else(|| {
            concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION")).to_owned()
        });
        let user_agent = HeaderValue::from_str(&ua)
            .map_err(|_| Error::Config(format!("invalid user agent {ua:?}")))?;
        let http = match self.http_client {
            Some(builder) => builder,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout),
        }
        .redirect(redirect_policy(&parsed))
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base,
                origin: parsed,
                auth,
                throttle: self.throttle.unwrap_or_default(),
                retry: self.retry.unwrap_or_default(),
                user_agent,
                timeout: self.timeout,
            }),
        })
    }
}

/// How many attempts one call has made so far (shared across a re-login).
struct Attempts(u32);

/// Most redirects within the base URL's origin followed for one request (reqwest's
/// default is 10; an API that redirects more than this is misconfigured).
pub const MAX_REDIRECTS: usize = 5;

/// The operation name of the login request (its redirects are never followed).
const LOGIN_OPERATION: &str = "auth.login";

/// The redirect rule: a redirect is followed only when it stays on the base URL's
/// origin (scheme, host and port) and the request is not the login; otherwise the
/// client stops and returns [`Error::Redirect`] naming the target, so no body, token or
/// password is ever sent to another origin. reqwest re-sends the body on 307/308 and
/// keeps it on the same origin only because this policy stops first.
pub fn redirect_policy(base: &reqwest::Url) -> reqwest::redirect::Policy {
    let origin = base.origin();
    let login_path = settings()
        .login
        .map(|l| format!("{}{}", base.path().trim_end_matches('/'), l.path));
    reqwest::redirect::Policy::custom(move |attempt| {
        let from_login = attempt.previous().first().is_some_and(|first| {
            login_path
                .as_deref()
                .is_some_and(|login| first.path() == login)
        });
        if from_login || attempt.url().origin() != origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else {
            attempt.follow()
        }
    })
}

/// Whether a status is one reqwest follows as a redirect.
fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Why a path segment would change which endpoint is called, if it would. Checked on
/// the path as it will be sent: URL parsers (reqwest's, servers', proxies') resolve
/// `.` and `..` also when percent-encoded (`%2e%2E`), read `\` as `/` and drop CR, LF
/// and tabs, and an empty segment is not the parameter's endpoint.
fn segment_problem(segment: &str) -> Option<&'static str> {
    if segment.is_empty() {
        return Some("an empty segment is another endpoint");
    }
    if segment.contains(['?', '#', '\\']) || segment.chars().any(char::is_control) {
        return Some("`?`, `#`, `\\` and control characters end or reshape a path");
    }
    let decoded: Vec<u8> = percent_encoding::percent_decode_str(segment).collect();
    match decoded.as_slice() {
        b"." => Some("URL parsers remove a `.` segment, also percent-encoded"),
        b".." => Some("URL parsers resolve `..`, also percent-encoded, to the parent path"),
        _ => None,
    }
}

/// Checks every segment of `req.path` with [`segment_problem`]. A trailing empty segment
/// is allowed where the template has one too. Segments matching a `:name` or `{name}`
/// template segment are reported under that parameter name.
fn check_path(req: &ApiRequest) -> Result<()> {
    let path = req.path.strip_prefix('/').unwrap_or(&req.path);
    if path.is_empty() {
        return Ok(());
    }
    let template = req
        .path_template
        .strip_prefix('/')
        .unwrap_or(&req.path_template);
    let template: Vec<&str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let in_template = template.get(i).copied();
        if segment.is_empty() && i == last && in_template == Some("") {
            continue;
        }
        if let Some(reason) = segment_problem(segment) {
            let parameter = in_template.and_then(|t| {
                t.strip_prefix(':')
                    .or_else(|| t.strip_prefix('{').and_then(|t| t.strip_suffix('}')))
                    .map(str::to_owned)
            });
            let value = match &parameter {
                Some(_) => percent_encoding::percent_decode_str(segment)
                    .decode_utf8_lossy()
                    .into_owned(),
                None => req.path.clone(),
            };
            return Err(Error::InvalidPath {
                operation: req.operation.to_string(),
                parameter,
                value,
                reason,
            });
        }
    }
    Ok(())
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Logs in now when the client uses `login` + `password` and has no token yet (the
    /// first request would otherwise do it). Does nothing with a static token.
    pub async fn ensure_logged_in(&self) -> Result<()> {
        self.token().await.map(|_| ())
    }

    /// Sends one request and unwraps the API's envelope into `T`. Used by generated
    /// code.
    #[doc(hidden)]
    pub async fn send<T: DeserializeOwned>(&self, req: ApiRequest) -> Result<T> {
        // `send` is instantiated once per response type, so only the decoding is
        // generic: the throttled, retried exchange, the re-login and the tracing
        // span are the non-generic steps below (compiled once for the crate, not
        // once per operation: BENCHMARKS.md, issue 16).
        let mut call = self.start(req).await?;
        let mut api_error = None;
        loop {
            let (status, body) = self.exchange(&mut call, api_error.take()).await?;
            match call.span.in_scope(|| decode_envelope::<T>(status, &body)) {
                Err(e @ Error::Api { .. }) => api_error = Some(e),
                other => return other,
            }
        }
    }

    /// The URL and body of a call, the token it starts with, and its span.
    async fn start(&self, req: ApiRequest) -> Result<Call> {
        let span = tracing::info_span!(
            concat!(env!("CARGO_PKG_NAME"), ".request"),
            operation = &*req.operation,
            method = %req.method,
            path = &*req.path_template,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        async {
            let prepared = self.prepare(&req)?;
            // An operation with its own token header needs neither the client's
            // token nor a login.
            let token = if req.token_header.is_some() {
                None
            } else {
                self.token().await?
            };
            Ok(Call {
                req,
                prepared,
                token,
                attempts: Attempts(0),
                relogged: false,
                span: span.clone(),
            })
        }
        .instrument(span.clone())
        .await
    }

    /// Sends the call again after the API answered `api_error` (when the error
    /// allows it: [`Client::after_api_error`]), or for the first time: its final
    /// status and body.
    async fn exchange(&self, call: &mut Call, api_error: Option<Error>) -> Result<(u16, Vec<u8>)> {
        let span = call.span.clone();
        async {
            if let Some(e) = api_error {
                self.after_api_error(call, e).await?;
            }
            self.attempt(call, &span).await
        }
        .instrument(span.clone())
        .await
    }

    /// Sends the call (throttled, retried on statuses): its final status and body.
    async fn attempt(&self, call: &mut Call, span: &tracing::Span) -> Result<(u16, Vec<u8>)> {
        let value = call.token.as_ref().map(|t| t.value.expose());
        self.execute(&call.req, &call.prepared, value, &mut call.attempts, span)
            .await
    }

    /// After the API answered `error`: `Ok` when the call is to be sent again (a
    /// "busy" code within the retry policy, after its backoff; a rejected token,
    /// once, after logging in again), else the error.
    async fn after_api_error(&self, call: &mut Call, error: Error) -> Result<()> {
        let Error::Api { code, .. } = error else {
            return Err(error);
        };
        // A "busy" code: the same backoff and attempt limit as a status.
        if RetryPolicy::retryable_code(code)
            && self
                .inner
                .retry
                .may_retry(&call.req.method, call.attempts.0)
        {
            let delay = self.inner.retry.backoff(call.attempts.0);
            tracing::debug!(code, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
            return Ok(());
        }
        if settings().is_relogin_code(code) && !call.relogged {
            let (Auth::Login { credentials, cache }, Some(failed)) =
                (&self.inner.auth, call.token.as_ref())
            else {
                return Err(error);
            };
            call.relogged = true;
            tracing::debug!(code, "token rejected, logging in again");
            let fresh = cache
                .refresh(failed.generation, || self.do_login(credentials))
                .await?;
            call.token = Some(fresh);
            return Ok(());
        }
        Err(error)
    }

    async fn token(&self) -> Result<Option<Token>> {
        match &self.inner.auth {
            Auth::None => Ok(None),
            Auth::Static(t) => Ok(Some(Token {
                value: t.clone(),
                generation: 0,
            })),
            Auth::Login { credentials, cache } => {
                cache.get(|| self.do_login(credentials)).await.map(Some)
            }
        }
    }

    async fn do_login(&self, credentials: &Credentials) -> Result<Secret> {
        let Some(login) = settings().login else {
            return Err(Error::Config(
                "this API has no login operation: set .token(..)".to_owned(),
            ));
        };
        let span = tracing::info_span!(
            concat!(env!("CARGO_PKG_NAME"), ".request"),
            operation = LOGIN_OPERATION,
            method = "POST",
            path = login.path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        let recorded = span.clone();
        async {
            let req = ApiRequest::new(Method::POST, LOGIN_OPERATION, login.path, login.path)
                .with_body(credentials.body(&login));
            let prepared = self.prepare(&req)?;
            let (status, body) = self
                .execute(&req, &prepared, None, &mut Attempts(0), &recorded)
                .await?;
            let token_path = || {
                let data = settings().envelope.map(|e| e.data);
                data.into_iter()
                    .chain(login.token.iter().copied())
                    .collect::<Vec<_>>()
                    .join(".")
            };
            match decode_envelope::<serde_json::Value>(status, &body) {
                Ok(data) => {
                    let token = login
                        .token
                        .iter()
                        .try_fold(&data, |v, key| v.get(key))
                        .and_then(serde_json::Value::as_str)
                        .filter(|t| !t.is_empty());
                    match token {
                        Some(t) => Ok(Secret::new(t)),
                        None => Err(Error::Decode {
                            path: token_path(),
                            message: "empty token".to_owned(),
                            snippet: String::new(),
                        }),
                    }
                }
                // The body may hold a token: never keep a snippet of it.
                Err(Error::Decode { path, message, .. }) => Err(Error::Decode {
                    path,
                    message,
                    snippet: String::new(),
                }),
                Err(e) => Err(e),
            }
        }
        .instrument(span)
        .await
        .map_err(|e| Error::Login(Box::new(e)))
    }

    /// URL and body bytes, computed once per call. Refuses a path that would change the
    /// endpoint ([`check_path`]) or leave the base URL's origin.
    pub(crate) fn prepare(&self, req: &ApiRequest) -> Result<Prepared> {
        check_path(req)?;
        let mut url = String::with_capacity(self.inner.base_url.len() + req.path.len() + 64);
        url.push_str(&self.inner.base_url);
        if !req.path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&req.path);
        if !req.query.is_empty() {
            url.push('?');
            url.push_str(&encode_query(&req.query));
        }
        let url = reqwest::Url::parse(&url)
            .map_err(|e| Error::Encode(format!("invalid URL for {}: {e}", req.path_template)))?;
        if url.origin() != self.inner.origin.origin() {
            return Err(Error::InvalidPath {
                operation: req.operation.to_string(),
                parameter: None,
                value: req.path.clone(),
                reason: "the URL would leave the base URL's origin",
            });
        }
        let body = match (&req.body, req.body_encoding) {
            (None, _) => None,
            (Some(b), BodyEncoding::Json) => Some((
                serde_json::to_vec(b).map_err(|e| Error::Encode(e.to_string()))?,
                "application/json",
            )),
            (Some(b), BodyEncoding::Form) => {
                let mut pairs = Vec::new();
                match b {
                    serde_json::Value::Object(_) => super::rails::push_query(&mut pairs, "", b),
                    _ => {
                        return Err(Error::Encode(
                            "a form body must be an object (its members become the fields)"
                                .to_owned(),
                        ))
                    }
                }
                Some((
                    encode_query(&pairs).into_bytes(),
                    "application/x-www-form-urlencoded",
                ))
            }
        };
        let mut headers = Vec::with_capacity(req.headers.len());
        for (name, value) in &req.headers {
            let header =
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    Error::Encode(format!(
                        "invalid header name `{name}` for {}",
                        req.path_template
                    ))
                })?;
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                Error::Encode(format!(
                    "the value of header `{name}` has characters not allowed in a header"
                ))
            })?;
            if req
                .token_header
                .is_some_and(|t| t.eq_ignore_ascii_case(name))
            {
                value.set_sensitive(true);
            }
            headers.push((header, value));
        }
        Ok(Prepared { url, body, headers })
    }

    /// Throttles, sends, and retries; returns the final status and body.
    async fn execute(
        &self,
        req: &ApiRequest,
        prepared: &Prepared,
        token: Option<&str>,
        attempts: &mut Attempts,
        // Passed in rather than `Span::current()`: status and attempt are recorded on
        // the request's span whatever the subscriber tracks as current.
        span: &tracing::Span,
    ) -> Result<(u16, Vec<u8>)> {
        let inner = &self.inner;
        let mut local = 0u32;
        loop {
            local += 1;
            attempts.0 += 1;
            span.record("attempt", attempts.0);
            let permit: Permit = inner.throttle.acquire().await;
            let mut rb = inner
                .http
                .request(req.method.clone(), prepared.url.clone())
                .timeout(inner.timeout)
                .header(USER_AGENT, inner.user_agent.clone())
                .header(ACCEPT, "application/json");
            match (token, settings().auth) {
                (Some(t), AuthScheme::Header { name, template }) => {
                    let mut value = HeaderValue::from_str(&template.replace("{token}", t))
                        .map_err(|_| {
                            Error::Config(
                                "the token has characters not allowed in a header".to_owned(),
                            )
                        })?;
                    value.set_sensitive(true);
                    let name = HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| Error::Config(format!("invalid auth header name `{name}`")))?;
                    rb = rb.header(name, value);
                }
                (Some(t), AuthScheme::Query { name }) => rb = rb.query(&[(name, t)]),
                _ => {}
            }
            for (name, value) in &prepared.headers {
                rb = rb.header(name.clone(), value.clone());
            }
            if let Some((body, content_type)) = &prepared.body {
                rb = rb.header(CONTENT_TYPE, *content_type).body(body.clone());
            }
            let sent = rb.send().await;
            // The server has seen the request by the time its response (or the error)
            // is here: the throttle's window for this slot starts now.
            drop(permit);
            match sent {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    span.record("status", status);
                    if is_redirect(status) {
                        if let Some(location) = resp.headers().get(LOCATION) {
                            let raw = String::from_utf8_lossy(location.as_bytes());
                            let location = resp
                                .url()
                                .join(&raw)
                                .map(String::from)
                                .unwrap_or_else(|_| raw.into_owned());
                            return Err(Error::Redirect {
                                status,
                                location,
                                login: req.operation == LOGIN_OPERATION,
                            });
                        }
                    }
                    if RetryPolicy::retryable_status(status)
                        && inner.retry.may_retry(&req.method, local)
                    {
                        if let Ok(wait) = inner.retry.retry_after(resp.headers()) {
                            let delay = wait.unwrap_or_else(|| inner.retry.backoff(local));
                            tracing::debug!(
                                status,
                                delay_ms = delay.as_millis() as u64,
                                "retrying"
                            );
                            drop(resp);
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                    }
                    let body = resp.bytes().await.map_err(Error::from_reqwest)?;
                    return Ok((status, Vec::from(body)));
                }
                Err(e) => {
                    if (e.is_connect() || e.is_timeout())
                        && inner.retry.may_retry(&req.method, local)
                    {
                        let delay = inner.retry.backoff(local);
                        tracing::debug!(error = %e, delay_ms = delay.as_millis() as u64, "retrying");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Err(Error::from_reqwest(e));
                }
            }
        }
    }
}

/// One call in progress: what [`Client::send`] keeps between its attempts.
struct Call {
    req: ApiRequest,
    prepared: Prepared,
    token: Option<Token>,
    attempts: Attempts,
    relogged: bool,
    /// The `<crate>.request` span of the call.
    span: tracing::Span,
}

pub(crate) struct Prepared {
    url: reqwest::Url,
    /// The encoded body and its content type.
    body: Option<(Vec<u8>, &'static str)>,
    /// The operation's own headers (its header parameters), ready to send.
    headers: Vec<(reqwest::header::HeaderName, HeaderValue)>,
}

// ---------------------------------------------------------------------------------------
// Envelope decoding
// ---------------------------------------------------------------------------------------

/// The members of an envelope a failed call is read from (the data is skipped).
#[derive(Default)]
struct Head {
    code: Option<serde_json::Value>,
    message: Option<serde_json::Value>,
    error: Option<serde_json::Value>,
}

/// Reads a [`Head`] with the envelope's member names.
struct HeadSeed<'a>(&'a EnvelopeSettings);

impl<'de> DeserializeSeed<'de> for HeadSeed<'_> {
    type Value = Head;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Head, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HeadSeed<'_> {
    type Value = Head;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an API envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Head, A::Error> {
        let mut head = Head::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            let slot = if key == self.0.code {
                &mut head.code
            } else if key == self.0.message {
                &mut head.message
            } else if Some(key) == self.0.error {
                &mut head.error
            } else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let value = map.next_value::<serde_json::Value>()?;
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        Ok(head)
    }
}

fn value_text(v: Option<serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

fn body_text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// The common case in one pass: `{"code": 0, "data": …}` decoded straight into `T`
/// (the code as it came, the data when present).
struct Fast<'a, T>(&'a EnvelopeSettings, PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Fast<'_, T> {
    type Value = (Option<serde_json::Value>, Option<T>);

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Fast<'_, T> {
    type Value = (Option<serde_json::Value>, Option<T>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an API envelope")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let (mut code, mut data) = (None, None);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.as_str() == self.0.code && code.is_none() {
                code = Some(map.next_value::<serde_json::Value>()?);
            } else if key.as_str() == self.0.data && data.is_none() {
                data = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok((code, data))
    }
}

/// The code of a failed call as a number: a number, or a string holding one. A code
/// that is no number (`"fail"`, `false`) gives `-1`; its text goes into
/// [`Error::Api`]'s `error` when the envelope has none.
fn code_number(code: &serde_json::Value) -> Option<i64> {
    match code {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Decodes a response: with an envelope (the API's settings), the code equal to the
/// success value gives the data member as `T`, any other code an [`Error::Api`];
/// without one, a 2xx body is `T` itself.
///
/// A successful response is decoded once, straight into `T`. Only when that fails
/// (an error envelope, a missing or `null` data member, a value `T` cannot hold) is
/// the body read again, for its head only ([`check_envelope`], not generic); a value
/// `T` cannot hold gives an error naming its JSON path (found from serde_json's
/// error position, [`path_at`]).
pub(crate) fn decode_envelope<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    decode_with(settings().envelope.as_ref(), status, body)
}

pub(crate) fn decode_with<T: DeserializeOwned>(
    envelope: Option<&EnvelopeSettings>,
    status: u16,
    body: &[u8],
) -> Result<T> {
    let success = (200..300).contains(&status);
    let Some(envelope) = envelope else {
        if !success {
            return Err(Error::Http {
                status,
                body: body_text(body),
            });
        }
        let mut de = serde_json::Deserializer::from_slice(body);
        let value = T::deserialize(&mut de).and_then(|v| de.end().map(|()| v));
        return value.map_err(|e| decode_error_at(&e, body));
    };
    // The common case, in one pass. What it read is kept for the other cases.
    let mut read = None;
    if success {
        let mut de = serde_json::Deserializer::from_slice(body);
        let fast = Fast::<T>(envelope, PhantomData).deserialize(&mut de);
        let ended = fast.is_ok() && de.end().is_ok();
        match fast {
            Ok((Some(code), Some(data))) if ended && envelope.success.matches(&code) => {
                return Ok(data)
            }
            other => read = Some(other),
        }
    }
    // Not generic: what is left to decide does not depend on `T`, so it is compiled
    // once rather than once per response type.
    check_envelope(envelope, status, body)?;
    match read {
        Some(Ok((_, Some(data)))) => Ok(data),
        Some(Err(e)) => Err(decode_error_at(&e, body)),
        // No data member: `T` from unit, so `Option` and unit types accept it.
        _ => T::deserialize(UnitDeserializer::<serde_json::Error>::new())
            .map_err(|e| decode_error_at(&e, body)),
    }
}

/// The checks of a response that did not decode in one pass: `Ok` for a
/// successful status and envelope (its data is then what the caller decodes),
/// else the error to return ([`Error::Api`], [`Error::Http`], [`Error::Decode`]).
fn check_envelope(envelope: &EnvelopeSettings, status: u16, body: &[u8]) -> Result<()> {
    let success = (200..300).contains(&status);
    let is_object = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    let head: Option<Head> = if is_object {
        let mut de = serde_json::Deserializer::from_slice(body);
        HeadSeed(envelope).deserialize(&mut de).ok()
    } else {
        None
    };
    let Some(Head {
        code: Some(code),
        message,
        error,
    }) = head.filter(|h| h.code.as_ref().is_some_and(|c| !c.is_null()))
    else {
        if !success {
            return Err(Error::Http {
                status,
                body: body_text(body),
            });
        }
        return Err(match serde_json::from_slice::<IgnoredAny>(body) {
            Err(e) => decode_error(String::new(), &e, body),
            Ok(_) => Error::Decode {
                path: envelope.code.to_owned(),
                message: format!(
                    "the response is not a {{{}, {}}} envelope",
                    envelope.code, envelope.data
                ),
                snippet: truncate(&String::from_utf8_lossy(body), 200),
            },
        });
    };
    if !envelope.success.matches(&code) {
        let number = code_number(&code);
        let error = match (number, value_text(Some(code)), value_text(error)) {
            // A code that is not a number is kept as text (no JSON quotes), before the
            // envelope's error identifier when it has one too.
            (None, Some(code), Some(error)) => Some(format!("{code}: {error}")),
            (None, code, None) => code,
            (_, _, error) => error,
        };
        return Err(Error::Api {
            code: number.unwrap_or(-1),
            message: value_text(message).unwrap_or_default(),
            error,
            status,
        });
    }
    if !success {
        return Err(Error::Http {
            status,
            body: body_text(body),
        });
    }
    Ok(())
}

/// A decode error naming the JSON path of the value serde_json stopped at
/// ([`path_at`]: found from the error's position, so `T` is decoded through
/// serde_json's deserializer only and its code is compiled once).
fn decode_error_at(e: &serde_json::Error, body: &[u8]) -> Error {
    decode_error(path_at(body, e.line(), e.column()), e, body)
}

fn decode_error(path: String, e: &serde_json::Error, body: &[u8]) -> Error {
    Error::Decode {
        path,
        message: e.to_string(),
        snippet: snippet(body, e.line(), e.column()),
    }
}

/// Up to 200 characters of `body` around line/column (1-based, column in bytes).
fn snippet(body: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            offset += column.saturating_sub(1).min(l.len());
            break;
        }
        offset += l.len() + 1;
    }
    let offset = offset.min(text.len());
    let mut start = offset.saturating_sub(100);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut end = (offset + 100).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let s: String = text[start..end.max(start)].chars().take(200).collect();
    s
}
