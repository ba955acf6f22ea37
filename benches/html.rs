//! The HTML front end against the parse it builds on, in one run:
//! - `html/parse_scraper`: `scraper::Html::parse_document` alone on every AEB page;
//! - `html/clean_html`: [`Cleaner::classify_html`] on the same pages (parse, walk,
//!   classify).
//!
//! The ratio of the two medians is the cost extraction adds to parsing. Pages are
//! `../shared/corpora/aeb/html/*.html.gz` (see `data/html_pages.rs`), decompressed and
//! decoded before timing; where `../shared` is absent the group is skipped with one
//! line. Before timing, the pages' blocks and kept blocks are counted and checked.
//!
//! ```text
//! cargo bench --bench html
//! ```

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use deboiler::Cleaner;
use std::hint::black_box;

mod data;

use data::html_pages;

fn html(c: &mut Criterion) {
    let pages = match html_pages::aeb_pages() {
        Ok(p) => p,
        Err(why) => {
            eprintln!("skipping html/{{parse_scraper,clean_html}}: {why}");
            return;
        }
    };
    let cleaner = Cleaner::new();
    let bytes = html_pages::total_bytes(&pages);
    let (mut blocks, mut kept) = (0usize, 0usize);
    for page in &pages {
        let c = cleaner.classify_html(page);
        blocks += c.len();
        kept += c.iter().filter(|b| b.is_kept()).count();
    }
    assert!(
        kept > 0 && kept < blocks,
        "html: {kept} kept of {blocks} blocks"
    );
    eprintln!(
        "html: {} pages, {bytes} bytes, {blocks} blocks, {kept} kept",
        pages.len()
    );
    let mut group = c.benchmark_group("html");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("parse_scraper", |b| {
        b.iter(|| {
            for page in &pages {
                black_box(scraper::Html::parse_document(black_box(page)));
            }
        })
    });
    group.bench_function("clean_html", |b| {
        b.iter(|| {
            for page in &pages {
                black_box(cleaner.classify_html(black_box(page)));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = data::criterion_config();
    targets = html
}
criterion_main!(benches);
