//! The work of the cleaning command, in input order, as the worker pool takes it:
//! an input to read and clean ([`Work::Page`]), or, for a record file, its records
//! read here on the calling thread, a batch at a time ([`Work::Batch`]), then its
//! end ([`Work::End`]). So the records of one file are cleaned on every worker,
//! and the pool's window bounds how many batches wait in memory.
//!
//! Each piece of work is announced in a queue ([`Meta`]) that the writer reads in
//! the same order, so that it knows which input (and how far into it) the pieces
//! it receives belong to.

use crate::args::Input;
use crate::clean_job::{Destination, Job, Work};
use crate::records::{self, Kind};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a piece of work is, for the writer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meta {
    /// Input number `i`, cleaned by one worker.
    Page(usize),
    /// A batch of record file number `input`: how many records, and how many bytes
    /// of the file were read up to its end.
    Batch {
        /// The input.
        input: usize,
        /// Records in the batch.
        records: usize,
        /// Bytes of the file read so far.
        read: u64,
    },
    /// The end of record file number `i`.
    End(usize),
}

/// Where an input goes, as the feed needs to know it.
pub struct Plan<'a> {
    /// The input.
    pub input: &'a Input,
    /// Its record format, when it is a record file read here.
    pub kind: Option<Kind>,
    /// Where its result goes (for a record file, only whether it is refused).
    pub destination: Result<Destination, String>,
}

/// The pieces of work of every input, in order.
pub struct Feed<'a> {
    plans: std::vec::IntoIter<Plan<'a>>,
    /// The index of the next input.
    next: usize,
    /// The record file being read: its index, name, reader and the count of its
    /// bytes read.
    current: Option<(usize, String, records::Reader, Arc<AtomicU64>)>,
    /// Turns at standard input handed out so far.
    stdin_turns: usize,
    /// The largest record.
    limit: usize,
    /// Where each piece of work is announced.
    queue: &'a RefCell<VecDeque<Meta>>,
}

impl<'a> Feed<'a> {
    /// The work of `plans`, announced in `queue`; records of at most `limit` bytes.
    pub fn new(plans: Vec<Plan<'a>>, limit: usize, queue: &'a RefCell<VecDeque<Meta>>) -> Self {
        Feed {
            plans: plans.into_iter(),
            next: 0,
            current: None,
            stdin_turns: 0,
            limit,
            queue,
        }
    }

    /// Announces `meta` and gives `work`.
    fn give(&self, meta: Meta, work: Work<'a>) -> Option<Work<'a>> {
        self.queue.borrow_mut().push_back(meta);
        Some(work)
    }
}

impl<'a> Iterator for Feed<'a> {
    type Item = Work<'a>;

    fn next(&mut self) -> Option<Work<'a>> {
        if let Some((i, name, reader, counter)) = &mut self.current {
            let (i, records) = (*i, reader.next_batch());
            if !records.is_empty() {
                let meta = Meta::Batch {
                    input: i,
                    records: records.len(),
                    read: counter.load(Ordering::Relaxed),
                };
                let name = name.clone();
                return self.give(meta, Work::Batch { name, records });
            }
            self.current = None;
            return self.give(Meta::End(i), Work::End(None));
        }
        let plan = self.plans.next()?;
        let i = self.next;
        self.next += 1;
        let name = plan.input.display_name();
        let Some(kind) = plan.kind else {
            let stdin_turn = (plan.input == &Input::Stdin).then(|| {
                self.stdin_turns += 1;
                self.stdin_turns - 1
            });
            let job = Job {
                index: i,
                input: plan.input,
                name,
                stdin_turn,
                destination: plan.destination,
            };
            return self.give(Meta::Page(i), Work::Page(job));
        };
        if let Err(message) = plan.destination {
            return self.give(Meta::End(i), Work::End(Some(message)));
        }
        let counter = Arc::new(AtomicU64::new(0));
        match records::open(plan.input, Arc::clone(&counter)) {
            Ok(stream) => {
                let reader = records::Reader::new(kind, stream, self.limit);
                self.current = Some((i, name, reader, counter));
                self.next()
            }
            Err(e) => self.give(Meta::End(i), Work::End(Some(format!("{name}: {e}")))),
        }
    }
}
