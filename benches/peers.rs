//! Peers side by side, in one run, on the same HTML pages as `benches/html.rs`
//! (`../shared/corpora/aeb/html/*.html.gz`, decoded before timing; skipped with one
//! line where `../shared` is absent):
//! - `peers/deboiler_clean_html`: [`Cleaner::clean_html`], the kept text;
//! - `peers/rs_trafilatura`: `rs_trafilatura::extract`, the main content's text;
//! - `peers/dom_smoothie`: `dom_smoothie::Readability::parse`, the article's text;
//! - `peers/scraper_parse`: `scraper::Html::parse_document` alone, the floor.
//!
//! The ratios of the medians are the speed ratios to the peers. Before timing, each
//! extractor runs once over every page and its output is counted and checked (pages
//! with text, characters extracted). Behind the `peers` feature, so that plain builds
//! and `cargo bench --no-run` do not compile the peers:
//!
//! ```text
//! cargo bench --features peers --bench peers
//! cargo bench --features peers --bench peers -- --measurement-time 3   # quicker
//! ```

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use deboiler::Cleaner;
use std::hint::black_box;

mod data;

use data::html_pages;

/// One extractor: its benchmark name and the text it extracts from a page (`None`
/// when it fails on the page).
struct Extractor {
    name: &'static str,
    extract: fn(&str) -> Option<String>,
}

/// deboiler's kept text.
fn deboiler_text(page: &str) -> Option<String> {
    Some(Cleaner::new().clean_html(page))
}

/// rs-trafilatura's main content, as text.
fn trafilatura_text(page: &str) -> Option<String> {
    rs_trafilatura::extract(page).ok().map(|r| r.content_text)
}

/// dom_smoothie's article, as text (Readability's algorithm).
fn smoothie_text(page: &str) -> Option<String> {
    let mut r = dom_smoothie::Readability::new(page, None, None).ok()?;
    r.parse().ok().map(|a| a.text_content.to_string())
}

const EXTRACTORS: [Extractor; 3] = [
    Extractor {
        name: "deboiler_clean_html",
        extract: deboiler_text,
    },
    Extractor {
        name: "rs_trafilatura",
        extract: trafilatura_text,
    },
    Extractor {
        name: "dom_smoothie",
        extract: smoothie_text,
    },
];

fn peers(c: &mut Criterion) {
    let pages = match html_pages::aeb_pages() {
        Ok(p) => p,
        Err(why) => {
            eprintln!("skipping peers/*: {why}");
            return;
        }
    };
    let bytes = html_pages::total_bytes(&pages);
    eprintln!("peers: {} pages, {bytes} bytes", pages.len());
    for e in &EXTRACTORS {
        let (mut with_text, mut failed, mut chars) = (0usize, 0usize, 0usize);
        for page in &pages {
            match (e.extract)(page) {
                Some(text) if !text.trim().is_empty() => {
                    with_text += 1;
                    chars += text.chars().count();
                }
                Some(_) => {}
                None => failed += 1,
            }
        }
        eprintln!(
            "peers/{}: text from {with_text} of {} pages ({failed} failed), {chars} characters",
            e.name,
            pages.len()
        );
        assert!(
            with_text * 2 > pages.len(),
            "peers/{}: text from only {with_text} of {} pages",
            e.name,
            pages.len()
        );
    }
    let mut group = c.benchmark_group("peers");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    for e in &EXTRACTORS {
        group.bench_function(e.name, |b| {
            b.iter(|| {
                for page in &pages {
                    black_box((e.extract)(black_box(page)));
                }
            })
        });
    }
    group.bench_function("scraper_parse", |b| {
        b.iter(|| {
            for page in &pages {
                black_box(scraper::Html::parse_document(black_box(page)));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = data::criterion_config();
    targets = peers
}
criterion_main!(benches);
