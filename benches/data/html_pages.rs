//! The HTML pages of the HTML benchmarks (`benches/html.rs`, `benches/peers.rs`):
//! `../shared/corpora/aeb/html/*.html.gz`, decompressed and decoded before timing.
//! Where `../shared` is absent the benchmarks are skipped with one line saying why
//! (our `corpus/` holds text dumps, not HTML).

use std::io::Read;
use std::path::PathBuf;

/// The decoded AEB pages, sorted by file name, or why there are none.
pub fn aeb_pages() -> Result<Vec<String>, String> {
    let dir = super::root().join("../shared/corpora/aeb/html");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    let mut pages = Vec::new();
    for path in paths {
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let text = deboiler::decode_html(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push(text.into_owned());
    }
    if pages.is_empty() {
        return Err(format!("{}: no .html.gz page", dir.display()));
    }
    Ok(pages)
}

/// The pages' total size in bytes.
pub fn total_bytes(pages: &[String]) -> u64 {
    pages.iter().map(|p| p.len() as u64).sum()
}
