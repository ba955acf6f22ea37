//! The checks `benches/records.rs` makes before it times anything, under `cargo
//! test` (CI only compiles the benchmarks): the pages cleaned from memory, from a
//! WARC file and from a gzipped one give the same pages, blocks and kept blocks;
//! on HTML pages made of `corpus/` dumps, and on AEB pages where `../shared` is
//! present.

#[allow(dead_code)]
#[path = "../benches/records.rs"]
mod bench;

use deboiler::Cleaner;

/// The `corpus/*.txt` dumps as HTML pages, one paragraph a line.
fn corpus_html() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("a corpus page");
            let body: String = text
                .lines()
                .map(|l| format!("<p>{}</p>\n", l.replace('&', "&amp;").replace('<', "&lt;")))
                .collect();
            format!("<!doctype html><html><body>{body}</body></html>").into_bytes()
        })
        .collect()
}

#[test]
fn every_path_of_the_benchmark_gives_the_same_pages() {
    let cleaner = Cleaner::new();
    let pages = corpus_html();
    let (plain, gz, counts) = bench::prepare(&cleaner, &pages);
    assert!(plain.len() > pages.iter().map(Vec::len).sum::<usize>());
    assert!(gz.len() < plain.len());
    assert_eq!(counts.pages, pages.len());
    match bench::aeb_bytes() {
        Ok(aeb) => {
            let (_, _, counts) = bench::prepare(&cleaner, &aeb[..30]);
            assert_eq!(counts.pages, 30);
        }
        Err(why) => eprintln!("skipping the AEB pages: {why}"),
    }
}
