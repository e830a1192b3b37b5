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

/// Stack of each worker: the main thread's default on Linux (8 MiB). The stages
/// recurse over JSON and token trees (bounded, but deep on hostile pages) and ran
/// on the main thread before they ran here; a spawned thread's default is 2 MiB.
const WORKER_STACK: usize = 8 << 20;

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
        let work = || {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                mine.push((i, f(item)));
            }
            mine
        };
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, work)
            })
            .collect();
        let mut done = Vec::new();
        // A thread that could not be spawned (`Err`) takes nothing: its share is
        // taken by the others, or below.
        for h in handles.into_iter().flatten() {
            match h.join() {
                Ok(mine) => done.extend(mine),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        // Whatever no worker took (only if threads could not be spawned).
        done.extend(work());
        done
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

    /// Recursion 3–6 MiB deep (release / debug frames): more than a spawned
    /// thread's default 2 MiB stack, less than the workers' (and the main
    /// thread's) 8 MiB. With 2 MiB workers this test aborts.
    #[test]
    fn workers_have_the_main_threads_stack() {
        fn deep(n: usize) -> u64 {
            let frame = std::hint::black_box([n as u8; 1536]);
            if n == 0 {
                0
            } else {
                deep(n - 1) + u64::from(frame[n % 1536])
            }
        }
        let out = map(&[2000usize, 2000, 2000, 2000], |&n| deep(n));
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn empty_and_single() {
        assert!(map(&[] as &[u8], |x| *x).is_empty());
        assert_eq!(map(&[5u8], |x| *x + 1), vec![6]);
    }
}
