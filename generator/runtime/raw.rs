//! The escape hatch: a call to an endpoint no doc page describes, with everything a
//! generated operation gets (auth and re-login, throttle, retries, the `{code, data}`
//! envelope, typed errors, path checks).

use super::client::{ApiRequest, BodyEncoding, Client};
use super::error::{Error, Result};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

/// The operation name raw calls carry in tracing spans and errors.
pub const RAW_OPERATION: &str = "raw";

impl Client {
    /// Starts a call to any endpoint, for what the documented operations do not cover:
    ///
    /// ```no_run
    /// # async fn run(client: sdk_crate::Client) -> sdk_crate::Result<()> {
    /// use sdk_crate::runtime::Method;
    /// let maps: serde_json::Value = client
    ///     .raw(Method::GET, "/api/v2/field_maps/opportunity")
    ///     .query("per_page", 50)
    ///     .send()
    ///     .await?;
    /// # let _ = maps; Ok(()) }
    /// ```
    ///
    /// `path` is relative to the base URL. It must stay a path there: a `.` or `..`
    /// segment (also percent-encoded), an empty segment, `?`, `#`, `\` or a control
    /// character gives [`Error::InvalidPath`] and nothing is sent. Put values into a
    /// path with [`encode_path_segment`](super::encode_path_segment), the query with
    /// [`query`](RawRequest::query). The response's `data` is decoded into the `T` of
    /// [`send`](RawRequest::send) (`serde_json::Value` or any `Deserialize` type); a
    /// `code` other than 0 is [`Error::Api`], as for every operation.
    pub fn raw(&self, method: Method, path: impl Into<String>) -> RawRequest {
        let path = path.into();
        RawRequest {
            client: self.clone(),
            request: ApiRequest::new(method, RAW_OPERATION, path.clone(), path),
            error: None,
        }
    }
}

/// A raw call being built: see [`Client::raw`].
#[must_use = "a raw request does nothing until `.send::<T>().await`"]
#[derive(Clone)]
pub struct RawRequest {
    client: Client,
    request: ApiRequest,
    /// The first error of a setter (a body that cannot be encoded), returned by `send`.
    error: Option<String>,
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.request.method)
            .field("path", &self.request.path)
            .field("query", &self.request.query)
            .field("body", &self.request.body)
            .field("body_encoding", &self.request.body_encoding)
            .finish()
    }
}

impl RawRequest {
    /// Adds one query pair `key=value` (both percent-encoded on the wire).
    pub fn query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.request.query.push((key.into(), value.to_string()));
        self
    }

    /// Adds `value` under `key` the Rails way: objects as `key[sub]=…`, arrays as
    /// `key[]=…` (see [`rails::push_query`](super::rails::push_query)).
    pub fn query_value(mut self, key: &str, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(v) => self.request.push_query(key, &v),
            Err(e) => self.fail(e),
        }
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`).
    pub fn json(self, body: &impl Serialize) -> Self {
        self.body(body, BodyEncoding::Json)
    }

    /// Sends `body`, which must serialize to an object, as a form
    /// (`application/x-www-form-urlencoded`, nested members as `customer[name]=…`).
    pub fn form(self, body: &impl Serialize) -> Self {
        self.body(body, BodyEncoding::Form)
    }

    fn body(mut self, body: &impl Serialize, encoding: BodyEncoding) -> Self {
        match serde_json::to_value(body) {
            Ok(v) => {
                self.request.body = Some(v);
                self.request.body_encoding = encoding;
            }
            Err(e) => self.fail(e),
        }
        self
    }

    fn fail(&mut self, e: serde_json::Error) {
        self.error.get_or_insert_with(|| e.to_string());
    }

    /// The request as it will be sent (method, path, query pairs, body).
    pub fn request(&self) -> &ApiRequest {
        &self.request
    }

    /// Sends the call and decodes the envelope's `data` into `T`.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        if let Some(e) = self.error {
            return Err(Error::Encode(e));
        }
        self.client.send(self.request).await
    }
}
