//! Credentials and the single-flight token cache.

use super::error::Result;
use super::settings::LoginSettings;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Mutex;

/// A string that never shows in `Debug` output (tokens, passwords).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// User name + password (+ the optional login parameters) for the login operation.
#[derive(Clone, Debug)]
pub(crate) struct Credentials {
    pub(crate) login: String,
    pub(crate) password: Secret,
    /// Optional login parameters, in the order they were set.
    pub(crate) params: Vec<(String, String)>,
}

impl Credentials {
    /// The login request body: the user name, the password, the API's fixed login
    /// members, then the optional parameters.
    pub(crate) fn body(&self, settings: &LoginSettings) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        map.insert(settings.user_field.into(), self.login.clone().into());
        map.insert(
            settings.password_field.into(),
            self.password.expose().into(),
        );
        for (key, value) in settings.fixed {
            map.insert((*key).into(), (*value).into());
        }
        for (key, value) in &self.params {
            map.insert(key.clone(), value.clone().into());
        }
        serde_json::Value::Object(map)
    }
}

/// A token together with the generation it belongs to.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub(crate) value: Arc<Secret>,
    pub(crate) generation: u64,
}

#[derive(Default)]
struct State {
    token: Option<Arc<Secret>>,
    generation: u64,
}

/// Caches the login token. Logging in happens under an async mutex, so concurrent
/// callers share one login; [`refresh`](TokenCache::refresh) only logs in again when the
/// token that failed is still the current one (generation check), so 20 requests that
/// all fail with "logged in elsewhere" cause exactly one new login.
#[derive(Default)]
pub(crate) struct TokenCache {
    state: Mutex<State>,
}

impl TokenCache {
    /// A cache that starts with `initial` (e.g. a token given to the builder).
    pub(crate) fn new(initial: Option<Secret>) -> TokenCache {
        let generation = u64::from(initial.is_some());
        TokenCache {
            state: Mutex::new(State {
                token: initial.map(Arc::new),
                generation,
            }),
        }
    }

    /// The current token, logging in first when there is none.
    pub(crate) async fn get<F, Fut>(&self, login: F) -> Result<Token>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Secret>>,
    {
        let mut st = self.state.lock().await;
        if let Some(t) = &st.token {
            return Ok(Token {
                value: t.clone(),
                generation: st.generation,
            });
        }
        Self::login_locked(&mut st, login).await
    }

    /// Called after the token of generation `failed` was rejected: logs in again unless
    /// another caller already did, and returns the token to retry with.
    pub(crate) async fn refresh<F, Fut>(&self, failed: u64, login: F) -> Result<Token>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Secret>>,
    {
        let mut st = self.state.lock().await;
        match &st.token {
            Some(t) if st.generation != failed => Ok(Token {
                value: t.clone(),
                generation: st.generation,
            }),
            _ => Self::login_locked(&mut st, login).await,
        }
    }

    async fn login_locked<F, Fut>(st: &mut State, login: F) -> Result<Token>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Secret>>,
    {
        st.token = None;
        let value = Arc::new(login().await?);
        st.generation += 1;
        st.token = Some(value.clone());
        Ok(Token {
            value,
            generation: st.generation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn login_body_and_secret_debug() {
        let c = Credentials {
            login: "13800000000".into(),
            password: Secret::new("hunter2"),
            params: vec![("tenant".into(), "t-1".into())],
        };
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("hunter2"), "{dbg}");
        assert!(dbg.contains("***"));
        let settings = LoginSettings {
            path: "/login",
            user_field: "user",
            password_field: "pass",
            fixed: &[("client", "sdk")],
            token: &["token"],
        };
        assert_eq!(
            c.body(&settings),
            serde_json::json!({"user": "13800000000", "pass": "hunter2", "client": "sdk",
                "tenant": "t-1"})
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn single_flight_login_and_refresh() {
        let cache = Arc::new(TokenCache::new(None));
        let logins = Arc::new(AtomicUsize::new(0));
        let login = |logins: Arc<AtomicUsize>| async move {
            let n = logins.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::task::yield_now().await;
            Ok(Secret::new(format!("t{n}")))
        };
        let barrier = Arc::new(tokio::sync::Barrier::new(20));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (cache, logins, barrier) = (cache.clone(), logins.clone(), barrier.clone());
            tasks.push(tokio::spawn(async move {
                let t = cache.get(|| login(logins.clone())).await.expect("token");
                assert_eq!(t.generation, 1);
                // All 20 hold the first token; every one sees it rejected and refreshes.
                barrier.wait().await;
                cache
                    .refresh(t.generation, || login(logins))
                    .await
                    .expect("refreshed")
            }));
        }
        for t in tasks {
            let token = t.await.expect("task");
            assert_eq!(token.value.expose(), "t2");
            assert_eq!(token.generation, 2);
        }
        assert_eq!(logins.load(Ordering::SeqCst), 2, "one login, one re-login");
    }

    #[tokio::test]
    async fn failed_login_is_retried_next_time() {
        let cache = TokenCache::new(Some(Secret::new("given")));
        let t = cache
            .get(|| async { Ok(Secret::new("never")) })
            .await
            .expect("given");
        assert_eq!((t.value.expose(), t.generation), ("given", 1));
        let err = cache
            .refresh(1, || async { Err(super::super::Error::Timeout) })
            .await;
        assert!(err.is_err());
        let t = cache
            .get(|| async { Ok(Secret::new("fresh")) })
            .await
            .expect("fresh");
        assert_eq!((t.value.expose(), t.generation), ("fresh", 2));
    }
}
