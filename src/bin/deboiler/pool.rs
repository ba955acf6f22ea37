//! Work on many inputs on several threads, with the results handed on in input
//! order and a bounded amount of them in memory.
//!
//! [`run_in_order`] gives each job to one of `workers` scoped threads. A job sends
//! its results as a stream of pieces (the cleaned segments of one input) into a
//! channel of its own that holds at most [`PIECES_AHEAD`] of them; the calling
//! thread reads the jobs' channels one after the other, in job order, so the
//! output keeps the order of the inputs whatever order the work ends in. At most
//! `window` jobs are in flight (started and not yet read to the end): with
//! [`PIECES_AHEAD`] this bounds what waits in memory, whatever the number of jobs.
//!
//! No dead-lock: jobs are started in order, so the earliest unfinished job always
//! has a worker, and that worker only ever waits for the reader, which reads it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

/// How many finished pieces a job may send ahead of the reader before it waits.
pub const PIECES_AHEAD: usize = 1;

/// How many jobs per worker may be in flight (started, and not yet read to the end).
pub const WINDOW_PER_WORKER: usize = 4;

/// Where a job sends its pieces.
pub struct Sink<P> {
    tx: SyncSender<P>,
}

impl<P> Sink<P> {
    /// Sends one piece, waiting while the reader is behind. `false` when the reader
    /// no longer wants this job's pieces: the job should stop.
    pub fn send(&self, piece: P) -> bool {
        self.tx.send(piece).is_ok()
    }
}

/// Runs `work` on every job, on `workers` threads (at least one), each thread with
/// its own state (`S::default()`, kept from one job to the next). `read` gets each
/// job's index and the receiver of its pieces, in job order, and reads them; an
/// error from `read` stops everything (the jobs still running are told through
/// [`Sink::send`], the others are not started) and is returned.
pub fn run_in_order<J, P, S, E>(
    jobs: impl IntoIterator<Item = J>,
    workers: usize,
    work: impl Fn(&mut S, J, &Sink<P>) + Sync,
    mut read: impl FnMut(usize, Receiver<P>) -> Result<(), E>,
) -> Result<(), E>
where
    J: Send,
    P: Send,
    S: Default,
{
    let workers = workers.max(1);
    let window = workers * WINDOW_PER_WORKER;
    let stop = AtomicBool::new(false);
    let (job_tx, job_rx) = mpsc::channel::<(J, Sink<P>)>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let job_rx = Arc::clone(&job_rx);
            let (work, stop) = (&work, &stop);
            scope.spawn(move || {
                let mut state = S::default();
                loop {
                    // The lock is held only while taking the next job.
                    let next = job_rx.lock().map_or(None, |rx| rx.recv().ok());
                    let Some((job, sink)) = next else { break };
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    work(&mut state, job, &sink);
                }
            });
        }
        let mut jobs = jobs.into_iter().enumerate();
        let mut in_flight: VecDeque<(usize, Receiver<P>)> = VecDeque::new();
        let outcome = loop {
            while in_flight.len() < window {
                let Some((i, job)) = jobs.next() else { break };
                let (tx, rx) = mpsc::sync_channel(PIECES_AHEAD);
                if job_tx.send((job, Sink { tx })).is_err() {
                    break;
                }
                in_flight.push_back((i, rx));
            }
            let Some((i, rx)) = in_flight.pop_front() else {
                break Ok(());
            };
            if let Err(e) = read(i, rx) {
                break Err(e);
            }
        };
        // On an error, the running jobs see their receivers gone, the queued ones
        // the stop flag; on success this changes nothing.
        stop.store(true, Ordering::Relaxed);
        drop(in_flight);
        drop(job_tx);
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// The reference (naive) version of [`run_in_order`] that the tests hold it to:
    /// every job's pieces, one job after the other, on this thread.
    fn sequential(jobs: &[(u64, usize)]) -> Vec<(usize, u64)> {
        let mut out = Vec::new();
        for (i, &(seed, n)) in jobs.iter().enumerate() {
            for k in 0..n {
                out.push((i, seed * 1000 + k as u64));
            }
        }
        out
    }

    /// Jobs of different lengths, the slow ones early, so that later jobs finish
    /// first.
    fn jobs() -> Vec<(u64, usize)> {
        (0..60u64).map(|i| (i, ((i * 7) % 5) as usize)).collect()
    }

    fn work(_: &mut (), (seed, n): (u64, usize), sink: &Sink<u64>) {
        if seed % 3 == 0 {
            std::thread::yield_now();
        }
        for k in 0..n {
            if !sink.send(seed * 1000 + k as u64) {
                return;
            }
        }
    }

    #[test]
    fn output_keeps_job_order_for_any_worker_count() {
        let jobs = jobs();
        for workers in [1, 2, 3, 8] {
            let mut got = Vec::new();
            let r: Result<(), ()> = run_in_order(jobs.clone(), workers, work, |i, rx| {
                got.extend(rx.iter().map(|p| (i, p)));
                Ok(())
            });
            assert_eq!(r, Ok(()));
            assert_eq!(got, sequential(&jobs), "{workers} workers");
        }
    }

    #[test]
    fn in_flight_jobs_are_bounded() {
        let started = AtomicUsize::new(0);
        let mut most_ahead = 0;
        let workers = 2;
        let r: Result<(), ()> = run_in_order(
            0..200usize,
            workers,
            |_: &mut (), _, sink: &Sink<()>| {
                started.fetch_add(1, Ordering::SeqCst);
                sink.send(());
            },
            |i, rx| {
                // Jobs started beyond this one, which is the oldest in flight.
                let ahead = started.load(Ordering::SeqCst).saturating_sub(i + 1);
                most_ahead = most_ahead.max(ahead);
                rx.iter().count();
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(started.load(Ordering::SeqCst), 200);
        assert!(
            most_ahead < workers * WINDOW_PER_WORKER,
            "{most_ahead} jobs started ahead of the reader"
        );
    }

    #[test]
    fn an_error_stops_the_rest() {
        let started = AtomicUsize::new(0);
        let r = run_in_order(
            0..1000usize,
            2,
            |_: &mut (), i, sink: &Sink<usize>| {
                started.fetch_add(1, Ordering::SeqCst);
                // A long job: stops as soon as its reader is gone.
                for k in 0.. {
                    if !sink.send(i * 10 + k % 10) {
                        return;
                    }
                }
            },
            |i, rx| {
                let first = rx.recv().unwrap();
                if i == 3 { Err(first) } else { Ok(()) }
            },
        );
        assert_eq!(r, Err(30));
        assert!(started.load(Ordering::SeqCst) < 3 + 2 * WINDOW_PER_WORKER + 2);
    }
}
