//! The Rust side of `benches/python_batch.py`: times the library's `decode_html` and
//! `Cleaner::clean_html` over HTML pages (uncompressed files), one page after
//! another on one thread, as a Rust program would call them.
//!
//! ```text
//! cargo run --release -p deboiler-python --example clean_html_loop -- [--rounds N] FILE...
//! ```
//!
//! Prints one line per timed round (after one untimed warm-up round): the seconds it
//! took and the bytes of the pages, as JSON.

use std::hint::black_box;
use std::time::Instant;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1).peekable();
    let mut rounds = 1;
    if args.peek().is_some_and(|a| a == "--rounds") {
        args.next();
        rounds = args
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or("--rounds needs a number")?;
    }
    let pages: Vec<Vec<u8>> = args
        .map(|path| std::fs::read(&path).map_err(|e| format!("{path}: {e}")))
        .collect::<Result<_, _>>()?;
    if pages.is_empty() {
        return Err("usage: clean_html_loop [--rounds N] FILE...".into());
    }
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let cleaner = deboiler::Cleaner::new();
    let clean_all = || {
        let mut kept = 0;
        for page in &pages {
            let text = deboiler::decode_html(page).map_err(|e| e.to_string())?;
            kept += black_box(cleaner.clean_html(&text)).len();
        }
        Ok::<usize, String>(kept)
    };
    clean_all()?;
    for _ in 0..rounds {
        let start = Instant::now();
        let kept = clean_all()?;
        let seconds = start.elapsed().as_secs_f64();
        println!("{{\"seconds\":{seconds},\"bytes\":{bytes},\"kept\":{kept}}}");
    }
    Ok(())
}
