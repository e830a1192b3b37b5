//! Ordered parallel map over independent work items (pages, emitted files).
//!
//! Output never depends on the number of threads or on scheduling: results are
//! stored at the index of their input, so the pipeline stays byte-identical.
//! Threads are plain `std::thread::scope` workers taking the next index from a
//! shared counter (no new dependency, and a slow item never holds up a fixed
//! share of the others).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Environment variable that caps the number of worker threads (`1` runs
/// everything on the calling thread, e.g. to compare or to profile).
pub const JOBS_ENV: &str = "CODEGEN_JOBS";

/// Number of worker threads: `CODEGEN_JOBS` if set to a positive number, else
/// the machine's available parallelism.
pub fn jobs() -> usize {
    std::env::var(JOBS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `items.iter().map(f).collect()`, spread over [`jobs`] threads. A panic in
/// `f` is re-raised on the calling thread, as with the sequential map.
pub fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let workers = jobs().min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(mine) => mine,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order_whatever_the_scheduling() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work so that threads finish out of order.
        let out = map(&items, |&i| {
            let mut x = i;
            for _ in 0..(i % 7) * 1000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            }
            (i, x)
        });
        assert_eq!(out.len(), 1000);
        for (k, (i, _)) in out.iter().enumerate() {
            assert_eq!(*i, k as u64);
        }
    }

    #[test]
    fn empty_and_single() {
        assert!(map(&[] as &[u8], |x| *x).is_empty());
        assert_eq!(map(&[5u8], |x| *x + 1), vec![6]);
    }
}
