//! Client-side rate limiting: the API allows at most 10 calls per 10 seconds per company.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// A sliding-window rate limiter shared by all clones of a client.
///
/// `Throttle::per(n, window)` lets at most `n` requests start in any `window`: it keeps
/// the start times of the last `n` requests and makes the next one wait until the oldest
/// is `window` old. Waiters are served in FIFO order (Tokio's fair mutex). Time comes
/// from `tokio::time`, so tests with a paused clock run instantly.
#[derive(Clone)]
pub struct Throttle {
    inner: Option<Arc<Window>>,
}

struct Window {
    limit: usize,
    window: Duration,
    starts: Mutex<VecDeque<Instant>>,
}

impl Throttle {
    /// At most `calls` requests per `window` (`calls == 0` is treated as 1).
    pub fn per(calls: u32, window: Duration) -> Throttle {
        let limit = calls.max(1) as usize;
        Throttle {
            inner: Some(Arc::new(Window {
                limit,
                window,
                starts: Mutex::new(VecDeque::with_capacity(limit)),
            })),
        }
    }

    /// No client-side limit (the server may still answer 429, which
    /// [`RetryPolicy`](super::RetryPolicy) handles).
    pub fn off() -> Throttle {
        Throttle { inner: None }
    }

    /// Whether this throttle limits anything.
    pub fn is_off(&self) -> bool {
        self.inner.is_none()
    }

    /// Waits until one more request may start, and records its start.
    pub async fn acquire(&self) {
        let Some(w) = &self.inner else {
            return;
        };
        let mut starts = w.starts.lock().await;
        if starts.len() >= w.limit {
            if let Some(oldest) = starts.pop_front() {
                let ready = oldest + w.window;
                if ready > Instant::now() {
                    tokio::time::sleep_until(ready).await;
                }
            }
        }
        starts.push_back(Instant::now());
    }
}

impl Default for Throttle {
    /// The documented per-company limit: 10 calls per 10 seconds.
    fn default() -> Throttle {
        Throttle::per(10, Duration::from_secs(10))
    }
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            None => f.write_str("Throttle::off()"),
            Some(w) => write!(f, "Throttle::per({}, {:?})", w.limit, w.window),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn eleven_calls_take_ten_seconds() {
        let t = Throttle::default();
        let start = Instant::now();
        for _ in 0..10 {
            t.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "first 10 are free");
        t.acquire().await;
        assert!(start.elapsed() >= Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn shared_by_clones_and_tasks() {
        let t = Throttle::per(10, Duration::from_secs(10));
        let start = Instant::now();
        let mut handles = Vec::new();
        for _ in 0..25 {
            let t = t.clone();
            handles.push(tokio::spawn(async move {
                t.acquire().await;
                Instant::now()
            }));
        }
        let mut times = Vec::new();
        for h in handles {
            times.push(h.await.expect("task") - start);
        }
        times.sort();
        // 25 calls: 10 at 0 s, 10 at 10 s, 5 at 20 s. Any 10 consecutive starts span ≥ 10 s.
        for pair in times.windows(11) {
            assert!(pair[10] - pair[0] >= Duration::from_secs(10));
        }
        assert!(times[24] >= Duration::from_secs(20));
    }

    #[tokio::test(start_paused = true)]
    async fn sliding_window_frees_slots_as_time_passes() {
        let t = Throttle::per(2, Duration::from_secs(10));
        let start = Instant::now();
        t.acquire().await;
        tokio::time::sleep(Duration::from_secs(6)).await;
        t.acquire().await;
        t.acquire().await; // waits for the first to be 10 s old
        assert_eq!(start.elapsed(), Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn off_never_waits() {
        let t = Throttle::off();
        let start = Instant::now();
        for _ in 0..1000 {
            t.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        assert!(t.is_off());
        assert_eq!(
            format!("{:?}", Throttle::per(0, Duration::from_secs(1))),
            "Throttle::per(1, 1s)"
        );
    }
}
