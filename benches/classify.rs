//! Throughput of [`Cleaner::classify_bytes`] over whole pages.
//!
//! Groups and functions (stable names, so that runs can be compared):
//! - `classify/corpus`: every dump of `corpus/` (required; panics when missing);
//! - `classify/aeb_dumps`, `classify/wcxb_dumps`: the shared evaluation corpora under
//!   `../shared/corpora`, when present (skipped with one line otherwise);
//! - `split/lines_memchr`: only counting the lines of the `corpus/` bytes with
//!   `memchr`, the machine-limit baseline to read `classify/corpus` against.
//!
//! One iteration classifies every page of the set once, each page separately. Before
//! anything is timed, each set is classified once and its counts are checked and
//! printed (see `data::count`).
//!
//! ```text
//! cargo bench --bench classify                          # full run, about a minute
//! cargo bench --bench classify -- --measurement-time 3  # quicker
//! cargo bench --bench classify -- --test                # each benchmark once
//! cargo bench --bench classify -- classify/corpus       # one benchmark
//! ```

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use deboiler::Cleaner;
use std::hint::black_box;

mod data;

/// Above this size a data set is sampled flat (see [`SamplingMode::Flat`]).
const BIG_SET_BYTES: u64 = 1 << 20;

fn print_counts(set: &data::DataSet, counts: &data::Counts) {
    eprintln!(
        "{}: {} pages, {} bytes, {} lines, {} kept ({})",
        set.name,
        counts.pages,
        counts.bytes,
        counts.lines,
        counts.kept,
        set.dir.display()
    );
}

fn classify(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let corpus = data::corpus();
    let (shared, skipped) = data::shared();
    for line in &skipped {
        eprintln!("{line}");
    }

    let corpus_counts = data::count(&cleaner, &corpus);
    let mut group = c.benchmark_group("classify");
    for set in std::iter::once(&corpus).chain(&shared) {
        let counts = if set.name == corpus.name {
            corpus_counts
        } else {
            data::count(&cleaner, set)
        };
        print_counts(set, &counts);
        group.throughput(Throughput::Bytes(counts.bytes));
        // A big set takes too long per iteration for linear sampling's growing
        // iteration counts: every sample then runs the same number of iterations.
        group.sampling_mode(if counts.bytes > BIG_SET_BYTES {
            SamplingMode::Flat
        } else {
            SamplingMode::Auto
        });
        group.bench_function(set.name, |b| {
            b.iter(|| {
                for page in &set.pages {
                    black_box(cleaner.classify_bytes(black_box(page)));
                }
            })
        });
    }
    group.finish();

    // The baseline: the same corpus bytes, only split into lines.
    let lines: usize = corpus.pages.iter().map(|p| data::count_lines(p)).sum();
    assert_eq!(
        lines, corpus_counts.lines,
        "split/lines_memchr: memchr line count differs from the verdict count"
    );
    eprintln!("split: {lines} lines in {} bytes", corpus.bytes());
    let mut group = c.benchmark_group("split");
    group.throughput(Throughput::Bytes(corpus.bytes()));
    group.bench_function("lines_memchr", |b| {
        b.iter(|| {
            let mut n = 0;
            for page in &corpus.pages {
                n += data::count_lines(black_box(page));
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = data::criterion_config();
    targets = classify
}
criterion_main!(benches);
