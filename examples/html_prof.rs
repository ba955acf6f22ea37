//! A profiling driver for the HTML front end: reads the AEB pages (decompressed and
//! decoded first), then runs one stage over all of them, so that a profiler such as
//! `valgrind --tool=callgrind --toggle-collect=html_prof::run` counts that stage only.
//!
//! ```text
//! cargo build --release --example html_prof
//! valgrind --tool=callgrind --toggle-collect='html_prof::run*' \
//!     target/release/examples/html_prof clean [DIR]
//! ```
//!
//! Modes: `parse` (`scraper::Html::parse_document` alone) and `clean`
//! ([`deboiler::Cleaner::classify_html`]). DIR defaults to the shared AEB pages.

use std::hint::black_box;
use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "clean".into());
    let dir = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/aeb/html").into()
    });
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    let pages: Vec<String> = paths
        .iter()
        .map(|p| {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(p).unwrap())
                .read_to_end(&mut bytes)
                .unwrap();
            deboiler::decode_html(&bytes).unwrap().into_owned()
        })
        .collect();
    let cleaner = deboiler::Cleaner::new();
    // The lexicon and the models are built on first use: build them before the
    // measured part.
    black_box(cleaner.classify_html("<p>warm up</p>"));
    let blocks = run(&mode, &cleaner, &pages);
    let bytes: usize = pages.iter().map(String::len).sum();
    eprintln!("{mode}: {} pages, {bytes} bytes, {blocks}", pages.len());
}

#[inline(never)]
fn run(mode: &str, cleaner: &deboiler::Cleaner, pages: &[String]) -> usize {
    let mut n = 0;
    for page in pages {
        n += match mode {
            "parse" => black_box(scraper::Html::parse_document(page))
                .tree
                .nodes()
                .count(),
            "clean" => black_box(cleaner.classify_html(page)).len(),
            _ => panic!("mode: parse or clean"),
        };
    }
    n
}
