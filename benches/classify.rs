//! Throughput of [`Cleaner::classify_bytes`] over whole pages.
//!
//! Groups and functions (stable names, so that runs can be compared):
//! - `classify/corpus`: every dump of `corpus/` (required; panics when missing);
//! - `classify/aeb_dumps`, `classify/wcxb_dumps`: the shared evaluation corpora under
//!   `../shared/corpora`, when present (skipped with one line otherwise);
//! - `classify/file`: the file `$DEBOILER_BENCH_FILE` names, as one page, when set;
//! - `split/lines_memchr`: only counting the lines of the `corpus/` bytes with
//!   `memchr`, the machine-limit baseline to read `classify/corpus` against;
//! - with the `internals` feature only, `stages/<set>/<stage>` over the same sets:
//!   the classifier's phases timed one at a time (see `stages` below).
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
//! cargo bench --features internals --bench classify -- stages   # the phases
//! DEBOILER_BENCH_FILE=/tmp/slice.txt cargo bench --features internals --bench classify -- stages/file
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
    let file = data::env_file();

    let corpus_counts = data::count(&cleaner, &corpus);
    let mut group = c.benchmark_group("classify");
    for set in std::iter::once(&corpus).chain(&shared).chain(&file) {
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

/// The classifier's phases, each timed alone over the same sets as `classify`, with
/// `deboiler::internals` (the `internals` feature):
///
/// - `split`: splitting the pages into lines (`text::lines`);
/// - `scan`: splitting, and the lexicon scan of every line;
/// - `measure`: splitting, and measuring every line (its shape, which includes the
///   lexicon scan);
/// - `per_line_pass`: the first half of classifying, what `measure` does plus the
///   per-line features, stage 1's dot products and the lines' hashes, with the line
///   cache (short lines measured before are copied, not measured: `measure` measures
///   every line);
/// - `page_stages`: the second half, the context stages with the boosted trees, the
///   page rules, labels and verdicts; each page's per-line pass runs untimed just
///   before it, so the rows are in the cache as when classifying;
/// - `classify_reusing`: both halves, the reference for their sum.
///
/// One workspace serves every page, as in the CLI (the `classify` group allocates one
/// per page); its line cache is emptied before each pass over the set, so that a pass
/// reuses only lines measured earlier in the same pass, as one run of the CLI over
/// the set would. Every stage's count is checked before it is timed.
#[cfg(feature = "internals")]
fn stages(c: &mut Criterion) {
    use criterion::BenchmarkId;
    use deboiler::{Workspace, internals};
    use std::time::{Duration, Instant};

    let cleaner = Cleaner::new();
    let corpus = data::corpus();
    // `classify` has said which shared sets are skipped.
    let (shared, _) = data::shared();
    let file = data::env_file();
    let mut workspace = Workspace::new();
    let mut out = Vec::new();
    let mut group = c.benchmark_group("stages");
    for set in std::iter::once(&corpus).chain(&shared).chain(&file) {
        let counts = data::count(&cleaner, set);
        let pages = &set.pages;
        let sum = |f: &dyn Fn(&[u8]) -> u64| pages.iter().map(|p| f(p)).sum::<u64>();

        // What each stage computes, checked before anything is timed.
        let lines = sum(&|p| internals::split_lines(p) as u64);
        assert_eq!(lines, counts.lines as u64, "stages/{}/split", set.name);
        let hits = sum(&internals::scan_lines);
        assert!(hits > 0, "stages/{}/scan: no phrase found", set.name);
        let words = sum(&internals::measure_lines);
        assert!(
            words > 0 && words <= counts.bytes,
            "stages/{}/measure: {words} words in {} bytes",
            set.name,
            counts.bytes
        );
        let mut rows = 0;
        let mut kept = 0;
        for page in pages {
            rows += internals::per_line_pass(page, &mut workspace);
            internals::page_stages(&cleaner, page, &mut workspace, &mut out);
            assert_eq!(out, cleaner.classify_bytes(page), "stages/{}", set.name);
            kept += out.iter().filter(|v| v.is_kept()).count();
        }
        assert_eq!(rows, counts.lines, "stages/{}/per_line_pass", set.name);
        assert_eq!(kept, counts.kept, "stages/{}/page_stages", set.name);
        eprintln!(
            "stages/{}: {lines} lines, {hits} phrases, {words} words, {kept} kept",
            set.name
        );

        group.throughput(Throughput::Bytes(counts.bytes));
        group.sampling_mode(if counts.bytes > BIG_SET_BYTES {
            SamplingMode::Flat
        } else {
            SamplingMode::Auto
        });
        group.bench_function(BenchmarkId::new(set.name, "split"), |b| {
            b.iter(|| sum(&|p| internals::split_lines(black_box(p)) as u64))
        });
        group.bench_function(BenchmarkId::new(set.name, "scan"), |b| {
            b.iter(|| sum(&|p| internals::scan_lines(black_box(p))))
        });
        group.bench_function(BenchmarkId::new(set.name, "measure"), |b| {
            b.iter(|| sum(&|p| internals::measure_lines(black_box(p))))
        });
        group.bench_function(BenchmarkId::new(set.name, "per_line_pass"), |b| {
            b.iter(|| {
                // One pass over the set finds in the line cache only what the pass
                // itself put there, as one run of the command line would.
                internals::forget_lines(&mut workspace);
                let mut rows = 0;
                for page in pages {
                    rows += internals::per_line_pass(black_box(page), &mut workspace);
                }
                rows
            })
        });
        group.bench_function(BenchmarkId::new(set.name, "page_stages"), |b| {
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    for page in pages {
                        internals::per_line_pass(black_box(page), &mut workspace);
                        let start = Instant::now();
                        internals::page_stages(&cleaner, page, &mut workspace, &mut out);
                        timed += start.elapsed();
                        black_box(&out);
                    }
                }
                timed
            })
        });
        group.bench_function(BenchmarkId::new(set.name, "classify_reusing"), |b| {
            b.iter(|| {
                internals::forget_lines(&mut workspace);
                for page in pages {
                    cleaner.classify_reusing(black_box(page), &mut workspace, &mut out);
                    black_box(&out);
                }
            })
        });
    }
    group.finish();
}

#[cfg(not(feature = "internals"))]
criterion_group! {
    name = benches;
    config = data::criterion_config();
    targets = classify
}
#[cfg(feature = "internals")]
criterion_group! {
    name = benches;
    config = data::criterion_config();
    targets = classify, stages
}
criterion_main!(benches);
