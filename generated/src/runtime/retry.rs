//! Retries of transient failures.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::Method;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// When and how often to retry a request.
///
/// Default: at most 3 attempts; retries connect errors and timeouts that happened before
/// any response, the API's retryable HTTP statuses (by default 429, 502, 503 and 504)
/// and its retryable envelope codes (none by default). Only idempotent methods (GET, HEAD,
/// OPTIONS, PUT, DELETE) are retried unless [`retry_post`](RetryPolicy::retry_post) is
/// set (which also covers PATCH). The delay before retry *n* (n = 1, 2, …) is the
/// response's `Retry-After` (seconds or HTTP-date) when present, else exponential backoff
/// with "equal jitter": `d = min(cap, base · 2^(n-1))`, wait uniformly in `[d/2, d]`
/// (base 200 ms, cap 10 s). A `Retry-After` longer than
/// [`max_retry_after`](RetryPolicy::max_retry_after) (60 s) is not waited for: the
/// response is returned as the error.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    retry_post: bool,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_post: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry (one attempt).
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Total attempts including the first (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> RetryPolicy {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Backoff base delay (default 200 ms).
    pub fn base_delay(mut self, delay: Duration) -> RetryPolicy {
        self.base_delay = delay;
        self
    }

    /// Backoff cap (default 10 s).
    pub fn max_delay(mut self, delay: Duration) -> RetryPolicy {
        self.max_delay = delay;
        self
    }

    /// Longest `Retry-After` that is waited for (default 60 s).
    pub fn max_retry_after(mut self, delay: Duration) -> RetryPolicy {
        self.max_retry_after = delay;
        self
    }

    /// Also retry POST and PATCH (not idempotent: the server may have acted on a request
    /// whose response was lost).
    pub fn retry_post(mut self, yes: bool) -> RetryPolicy {
        self.retry_post = yes;
        self
    }

    /// The configured number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a request with `method` may be retried at all.
    pub fn allows_method(&self, method: &Method) -> bool {
        match *method {
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE => true,
            _ => self.retry_post,
        }
    }

    /// Whether another attempt may follow attempt number `attempt` (1-based).
    pub fn may_retry(&self, method: &Method, attempt: u32) -> bool {
        attempt < self.max_attempts && self.allows_method(method)
    }

    /// Whether an HTTP status is worth retrying: one of the API's retryable statuses
    /// (by default 429, 502, 503, 504).
    pub fn retryable_status(status: u16) -> bool {
        super::settings::settings().retry_statuses.contains(&status)
    }

    /// Whether an envelope code is worth retrying: one of the API's retryable codes
    /// (`[retry] codes` in its `api.toml`; none by default).
    pub fn retryable_code(code: i64) -> bool {
        super::settings::settings().retry_codes.contains(&code)
    }

    /// Jittered exponential backoff before retry number `retry` (1-based).
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = retry.saturating_sub(1).min(30);
        let d = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        let half = d / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let extra = if jitter_nanos == 0 {
            0
        } else {
            next_random() % (jitter_nanos + 1)
        };
        half + Duration::from_nanos(extra)
    }

    /// The delay a response asks for, if it may be waited for; `Err(())` when the server
    /// asks for longer than [`max_retry_after`](RetryPolicy::max_retry_after).
    pub(crate) fn retry_after(&self, headers: &HeaderMap) -> Result<Option<Duration>, ()> {
        let Some(value) = headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()) else {
            return Ok(None);
        };
        match parse_retry_after(value, chrono::Utc::now()) {
            Some(d) if d > self.max_retry_after => Err(()),
            other => Ok(other),
        }
    }
}

/// Parses a `Retry-After` value: delay-seconds (`"120"`) or an HTTP-date
/// (`"Wed, 21 Oct 2015 07:28:00 GMT"`, relative to `now`; past dates give zero).
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = v.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs.min(1e9)));
        }
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - now;
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

/// A small xorshift generator for jitter (no cryptographic use).
fn next_random() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9_7F4A_7C15);
        x = seed | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let p = RetryPolicy::default();
        assert_eq!(p.attempts(), 3);
        assert!(p.may_retry(&Method::GET, 1));
        assert!(p.may_retry(&Method::PUT, 2));
        assert!(!p.may_retry(&Method::GET, 3));
        assert!(!p.may_retry(&Method::POST, 1));
        assert!(p.clone().retry_post(true).may_retry(&Method::POST, 1));
        assert!(!RetryPolicy::none().may_retry(&Method::GET, 1));
        for s in [429, 502, 503, 504] {
            assert!(RetryPolicy::retryable_status(s));
        }
        for s in [200, 400, 401, 404, 500] {
            assert!(!RetryPolicy::retryable_status(s));
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_cap() {
        let p = RetryPolicy::default();
        for _ in 0..50 {
            let d1 = p.backoff(1);
            assert!(d1 >= Duration::from_millis(100) && d1 <= Duration::from_millis(200));
            let d3 = p.backoff(3);
            assert!(d3 >= Duration::from_millis(400) && d3 <= Duration::from_millis(800));
            let d20 = p.backoff(20);
            assert!(d20 >= Duration::from_secs(5) && d20 <= Duration::from_secs(10));
        }
        assert_eq!(
            RetryPolicy::default().base_delay(Duration::ZERO).backoff(5),
            Duration::ZERO
        );
    }

    #[test]
    fn retry_after_forms() {
        let now = chrono::DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .expect("date")
            .with_timezone(&chrono::Utc);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);

        let mut h = HeaderMap::new();
        let p = RetryPolicy::default();
        assert_eq!(p.retry_after(&h), Ok(None));
        h.insert(RETRY_AFTER, reqwest::header::HeaderValue::from_static("2"));
        assert_eq!(p.retry_after(&h), Ok(Some(Duration::from_secs(2))));
        h.insert(
            RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("3600"),
        );
        assert_eq!(p.retry_after(&h), Err(()));
    }
}
