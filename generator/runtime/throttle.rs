//! Client-side rate limiting: at most `n` calls per window, as the API documents it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// The safety margin added to the window before a slot is used again, as a fraction of
/// the window (1/100: 100 ms of a 10 s window). The reuse rule below already keeps
/// arrivals a full window apart for any latency; the margin absorbs what the rule cannot
/// see: the server timestamping a request a little after it answered it, and clock-rate
/// differences between client and server.
pub const SAFETY_MARGIN_DIVISOR: u32 = 100;

/// A sliding-window rate limiter shared by all clones of a client, counted by **arrival
/// at the server**.
///
/// `Throttle::per(n, window)` guarantees that the server sees at most `n` of this
/// client's requests (every attempt, retries and logins included) in any time span of
/// length `window`, whatever the network latency. How: there are `n` slots. A request
/// takes a slot before it is sent and holds it until its response (or error) comes
/// back; the slot is free again `window + window / 100` after that. A server sees a
/// request between the moment it was sent and the moment it answered, so two requests
/// that used the same slot arrive at least `window` apart, and any `n + 1` requests
/// include two that used the same slot. A request dropped while in flight frees its slot
/// at the drop, plus the window.
///
/// Waiters are served in FIFO order. Time comes from `tokio::time`, so tests with a
/// paused clock run instantly.
#[derive(Clone)]
pub struct Throttle {
    inner: Option<Arc<Window>>,
}

struct Window {
    limit: usize,
    /// The window plus the safety margin: how long after its request's end a slot is free.
    reuse_after: Duration,
    window: Duration,
    state: Mutex<Slots>,
    /// Signalled when a request ends (a slot gets a release time).
    ended: Notify,
    /// FIFO order among waiters: only the head of the queue looks at the slots.
    queue: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Slots {
    /// Requests sent whose response has not come back.
    in_flight: usize,
    /// When each slot of an ended request is free again, oldest first (pushed in time
    /// order, so sorted).
    free_at: VecDeque<Instant>,
}

/// A slot held by one request in flight; dropping it (when the response or the error
/// arrives, or the request is abandoned) frees the slot one window later.
#[must_use = "the slot is freed when the permit is dropped: hold it until the response arrives"]
pub struct Permit {
    window: Option<Arc<Window>>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(w) = self.window.take() {
            let mut slots = w.state.lock().unwrap_or_else(PoisonError::into_inner);
            slots.in_flight = slots.in_flight.saturating_sub(1);
            slots.free_at.push_back(Instant::now() + w.reuse_after);
            drop(slots);
            w.ended.notify_one();
        }
    }
}

impl std::fmt::Debug for Permit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Permit")
    }
}

impl Throttle {
    /// At most `calls` requests per `window` as the server sees them (`calls == 0` is
    /// treated as 1).
    pub fn per(calls: u32, window: Duration) -> Throttle {
        let limit = calls.max(1) as usize;
        Throttle {
            inner: Some(Arc::new(Window {
                limit,
                reuse_after: window + window / SAFETY_MARGIN_DIVISOR,
                window,
                state: Mutex::new(Slots {
                    in_flight: 0,
                    free_at: VecDeque::with_capacity(limit),
                }),
                ended: Notify::new(),
                queue: tokio::sync::Mutex::new(()),
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

    /// Waits until a slot is free and takes it. Hold the permit until the response has
    /// arrived (or the request failed): the window starts when it is dropped.
    pub async fn acquire(&self) -> Permit {
        let Some(w) = &self.inner else {
            return Permit { window: None };
        };
        let _head = w.queue.lock().await;
        loop {
            let ended = w.ended.notified();
            tokio::pin!(ended);
            // Registered before the slots are checked: an end between the check and the
            // wait is not missed.
            ended.as_mut().enable();
            let next_free = {
                let mut slots = w.state.lock().unwrap_or_else(PoisonError::into_inner);
                let now = Instant::now();
                while slots.free_at.front().is_some_and(|t| *t <= now) {
                    slots.free_at.pop_front();
                }
                if slots.in_flight + slots.free_at.len() < w.limit {
                    slots.in_flight += 1;
                    return Permit {
                        window: Some(w.clone()),
                    };
                }
                slots.free_at.front().copied()
            };
            match next_free {
                // Ends of other requests only add later release times.
                Some(at) => tokio::time::sleep_until(at).await,
                // Every slot is in flight: wait for one to end.
                None => ended.await,
            }
        }
    }
}

impl Default for Throttle {
    /// The API's documented rate limit (its `api.toml`), or [`Throttle::off`] when it
    /// has none.
    fn default() -> Throttle {
        match super::settings::settings().rate_limit {
            Some((calls, window)) => Throttle::per(calls, window),
            None => Throttle::off(),
        }
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

    /// A request that is answered at once: takes a slot and ends.
    async fn instant_request(t: &Throttle) {
        drop(t.acquire().await);
    }

    #[tokio::test(start_paused = true)]
    async fn eleven_calls_take_ten_seconds_and_the_margin() {
        let t = Throttle::default();
        let start = Instant::now();
        for _ in 0..10 {
            instant_request(&t).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "first 10 are free");
        instant_request(&t).await;
        assert_eq!(start.elapsed(), Duration::from_millis(10_100));
    }

    #[tokio::test(start_paused = true)]
    async fn shared_by_clones_and_tasks() {
        let t = Throttle::per(10, Duration::from_secs(10));
        let start = Instant::now();
        let mut handles = Vec::new();
        for _ in 0..25 {
            let t = t.clone();
            handles.push(tokio::spawn(async move {
                instant_request(&t).await;
                Instant::now()
            }));
        }
        let mut times = Vec::new();
        for h in handles {
            times.push(h.await.expect("task") - start);
        }
        times.sort();
        // 25 calls: 10 at 0 s, 10 at 10.1 s, 5 at 20.2 s.
        for pair in times.windows(11) {
            assert!(pair[10] - pair[0] >= Duration::from_secs(10));
        }
        assert_eq!(times[24], Duration::from_millis(20_200));
    }

    #[tokio::test(start_paused = true)]
    async fn sliding_window_frees_slots_as_time_passes() {
        let t = Throttle::per(2, Duration::from_secs(10));
        let start = Instant::now();
        instant_request(&t).await;
        tokio::time::sleep(Duration::from_secs(6)).await;
        instant_request(&t).await;
        instant_request(&t).await; // waits for the first slot: 10 s + 1% after the first
        assert_eq!(start.elapsed(), Duration::from_millis(10_100));
    }

    /// The window of a slot starts when its request ends, not when it left: a request
    /// in flight for 5 s keeps the only slot, and the next one starts 5 s + 1.01 s in.
    #[tokio::test(start_paused = true)]
    async fn a_slot_is_free_one_window_after_its_request_ended() {
        let t = Throttle::per(1, Duration::from_secs(1));
        let start = Instant::now();
        let slow = t.acquire().await;
        let next = tokio::spawn({
            let t = t.clone();
            async move {
                instant_request(&t).await;
                Instant::now()
            }
        });
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(!next.is_finished(), "the slot is still in flight");
        drop(slow);
        let second = next.await.expect("task");
        assert_eq!(second - start, Duration::from_millis(6_010));
    }

    /// A request abandoned in flight (its future dropped) frees its slot one window
    /// after the drop; waiters queue in order.
    #[tokio::test(start_paused = true)]
    async fn an_abandoned_request_frees_its_slot_and_waiters_keep_their_order() {
        let t = Throttle::per(2, Duration::from_secs(1));
        let start = Instant::now();
        let a = t.acquire().await;
        let b = t.acquire().await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut waiters = Vec::new();
        for i in 0..3 {
            let (t, order) = (t.clone(), order.clone());
            waiters.push(tokio::spawn(async move {
                let p = t.acquire().await;
                order
                    .lock()
                    .expect("order")
                    .push((i, Instant::now() - start));
                drop(p);
            }));
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        drop(a);
        drop(b);
        for w in waiters {
            w.await.expect("task");
        }
        let order = order.lock().expect("order").clone();
        let ids: Vec<_> = order.iter().map(|(i, _)| *i).collect();
        assert_eq!(ids, [0, 1, 2]);
        assert_eq!(order[0].1, Duration::from_millis(3_010));
        assert_eq!(order[1].1, Duration::from_millis(3_010));
        assert_eq!(order[2].1, Duration::from_millis(4_020));
    }

    #[tokio::test(start_paused = true)]
    async fn off_never_waits() {
        let t = Throttle::off();
        let start = Instant::now();
        let mut held = Vec::new();
        for _ in 0..1000 {
            held.push(t.acquire().await);
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        assert!(t.is_off());
        assert_eq!(
            format!("{:?}", Throttle::per(0, Duration::from_secs(1))),
            "Throttle::per(1, 1s)"
        );
    }
}
