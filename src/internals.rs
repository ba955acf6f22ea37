//! The classifier's phases one at a time, for `benches/classify.rs`'s `stages` group
//! (`cargo bench --features internals --bench classify -- stages`).
//!
//! Compiled only with the `internals` feature and hidden from the documentation: not
//! part of the stable API. Every function is a thin wrapper over the code the
//! classifier runs, with no copy of its logic: [`per_line_pass`] followed by
//! [`page_stages`] is exactly [`Cleaner::classify_reusing`], split in two.
//!
//! ```
//! use deboiler::{Cleaner, Workspace, internals};
//! let text = b"Home | News\nThe council met on Tuesday and agreed the plan.\n";
//! assert_eq!(internals::split_lines(text), 2);
//! let cleaner = Cleaner::new();
//! let mut workspace = Workspace::new();
//! let mut out = Vec::new();
//! assert_eq!(internals::per_line_pass(text, &mut workspace), 2);
//! internals::page_stages(&cleaner, text, &mut workspace, &mut out);
//! assert_eq!(out, cleaner.classify_bytes(text));
//! ```

use crate::cleaner::{Cleaner, Verdict};
use crate::score::MODEL_WEIGHTS;
use crate::workspace::Workspace;

/// The lines of `bytes` as the classifier splits them ([`crate::text::lines`]): one
/// per `\n` (per `\r` in a text without `\n`), plus an unterminated last line.
///
/// ```
/// assert_eq!(deboiler::internals::split_lines(b"a\r\n\nb"), 3);
/// ```
pub fn split_lines(bytes: &[u8]) -> usize {
    crate::text::lines(bytes).count()
}

/// Splits `bytes` into lines and scans each for the lexicon's phrases (the scan
/// [`measure_lines`] runs on every line): the number of phrases found, all kinds
/// together, as a checksum.
///
/// ```
/// assert!(deboiler::internals::scan_lines(b"Share on Facebook\nInvalid email\n") > 0);
/// ```
pub fn scan_lines(bytes: &[u8]) -> u64 {
    crate::text::lines(bytes)
        .map(|span| {
            let hits = crate::lexicon::LEXICON.scan(&bytes[span.start..span.end]);
            hits.count.iter().map(|&c| u64::from(c)).sum::<u64>()
        })
        .sum()
}

/// Splits `bytes` into lines and measures each line's shape (its counts, shapes and
/// lexicon scan, as the per-line pass does): the number of words over all lines, as
/// a checksum.
///
/// ```
/// assert_eq!(deboiler::internals::measure_lines(b"One two\nthree\n"), 3);
/// ```
pub fn measure_lines(bytes: &[u8]) -> u64 {
    crate::text::lines(bytes)
        .map(|span| u64::from(crate::features::measure(&bytes[span.start..span.end]).words))
        .sum()
}

/// The first half of [`Cleaner::classify_reusing`], the per-line pass: splits
/// `bytes` into lines, measures each, scores it alone (stage 1) and hashes it, and
/// leaves the rows in `workspace` for [`page_stages`]. Returns the number of rows
/// (lines).
///
/// ```
/// let mut workspace = deboiler::Workspace::new();
/// assert_eq!(deboiler::internals::per_line_pass(b"a\nb", &mut workspace), 2);
/// ```
pub fn per_line_pass(bytes: &[u8], workspace: &mut Workspace) -> usize {
    crate::cleaner::measure_text(&MODEL_WEIGHTS, bytes, workspace);
    workspace.rows.len()
}

/// Makes `workspace` forget the lines it has measured (its line cache), keeping its
/// memory: a benchmark that classifies the same pages again and again calls it before
/// each pass, so that each pass finds in the cache only what one pass over the pages
/// put there, as a run of the command line over them would.
///
/// ```
/// let mut workspace = deboiler::Workspace::new();
/// deboiler::internals::per_line_pass(b"Home\nHome\n", &mut workspace);
/// deboiler::internals::forget_lines(&mut workspace);
/// ```
pub fn forget_lines(workspace: &mut Workspace) {
    workspace.page.forget_lines();
}

/// The second half of [`Cleaner::classify_reusing`]: the context stages (with the
/// boosted trees), the page rules and labels, and the verdicts of the page that
/// [`per_line_pass`] left in `workspace`, written to `out` (cleared first). `text`
/// is the page [`per_line_pass`] measured (the kind model reads its words).
///
/// Call it once after each [`per_line_pass`]: it revises the rows' scores in place,
/// so a second call on the same rows would start from the revised scores.
///
/// ```
/// use deboiler::{Cleaner, Workspace, internals};
/// let text = b"Share on Facebook\n";
/// let (mut workspace, mut out) = (Workspace::new(), Vec::new());
/// internals::per_line_pass(text, &mut workspace);
/// internals::page_stages(&Cleaner::new(), text, &mut workspace, &mut out);
/// assert_eq!(out, Cleaner::new().classify_bytes(text));
/// ```
pub fn page_stages(
    cleaner: &Cleaner,
    text: &[u8],
    workspace: &mut Workspace,
    out: &mut Vec<Verdict>,
) {
    cleaner.classify_measured_text(
        &MODEL_WEIGHTS,
        crate::kinds::TEXT_KINDS.as_ref(),
        text,
        workspace,
        out,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page of `corpus/`, and their concatenation (pages of every length): the
    /// two halves give the same verdicts as [`Cleaner::classify_reusing`], the counts
    /// agree with the classifier's.
    #[test]
    fn halves_classify_as_the_whole() {
        let mut pages = crate::corpus_pages();
        assert!(pages.len() > 10, "too few pages in corpus/");
        pages.push(pages.concat());
        pages.push(Vec::new());
        pages.push(b"no newline at the end".to_vec());
        let cleaner = Cleaner::new();
        let strict = Cleaner::builder().threshold(0.8).build();
        // One workspace for the halves, another for the whole, each reused across
        // pages as the CLI does.
        let (mut halves, mut whole) = (Workspace::new(), Workspace::new());
        let (mut out, mut expected) = (Vec::new(), Vec::new());
        let mut kept = 0;
        for page in &pages {
            let lines = crate::text::line_count(page);
            assert_eq!(split_lines(page), lines);
            for c in [&cleaner, &strict] {
                assert_eq!(per_line_pass(page, &mut halves), lines);
                page_stages(c, page, &mut halves, &mut out);
                c.classify_reusing(page, &mut whole, &mut expected);
                assert_eq!(out.len(), lines);
                assert_eq!(out, expected);
                // Same bits, not only `==` on the scores.
                for (a, b) in out.iter().zip(&expected) {
                    assert_eq!(a.score().to_bits(), b.score().to_bits());
                }
                kept += out.iter().filter(|v| v.is_kept()).count();
            }
            let words = measure_lines(page);
            let hits = scan_lines(page);
            assert!(words <= page.len() as u64);
            assert!(hits <= page.len() as u64);
            if page.len() > 1000 {
                assert!(words > 0 && hits > 0, "a corpus page has words and phrases");
            }
        }
        assert!(kept > 0, "some lines kept");
    }
}
