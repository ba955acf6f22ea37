//! Cleaning many inputs at once on several threads (the GIL released by the caller),
//! results in input order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads a batch uses when none is asked for: the cores this process
/// may run on (its CPU affinity and cgroup quota included), at least 1.
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `work` applied to every item, on up to `threads` threads — the calling thread and
/// `threads - 1` spawned ones, never more than there are items — each with its own
/// `state` (made by `state` once per thread). Threads take the next item as they
/// finish one, so that long and short items even out; the results come back in
/// item order. A thread that cannot be spawned leaves its share to the others.
pub(crate) fn map_ordered<T, S, R>(
    items: &[T],
    threads: usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        let mut s = state();
        return items.iter().map(|item| work(&mut s, item)).collect();
    }
    let next = AtomicUsize::new(0);
    // Each thread's results with the indices it took, in the order it took them.
    let mut taken: Vec<Vec<(usize, R)>> = Vec::with_capacity(threads);
    std::thread::scope(|scope| {
        let spawned: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, || with_indices(&next, items, &state, &work))
                    .ok()
            })
            .collect();
        // The calling thread takes part too.
        taken.push(with_indices(&next, items, &state, &work));
        for handle in spawned {
            match handle.join() {
                Ok(part) => taken.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, result) in taken.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(result);
        }
    }
    slots
        .into_iter()
        .map(|r| r.expect("every item is taken by exactly one thread"))
        .collect()
}

/// One thread's loop: takes the next item's index from `next` until none is left,
/// and returns its results with their indices.
fn with_indices<T, S, R>(
    next: &AtomicUsize,
    items: &[T],
    state: &(impl Fn() -> S + Sync),
    work: &(impl Fn(&mut S, &T) -> R + Sync),
) -> Vec<(usize, R)> {
    let mut s = state();
    let mut done = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else {
            return done;
        };
        done.push((i, work(&mut s, item)));
    }
}
