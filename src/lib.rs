//! # deboiler
//!
//! Removes boilerplate from web text. Every line of a text dump (a page scraped to
//! plain text, one block per line) is labelled as [`Label::Content`] or as one kind of
//! boilerplate — [`Label::Title`], [`Label::Byline`], [`Label::Timestamp`],
//! [`Label::Caption`], [`Label::Navigation`], [`Label::Marketing`], [`Label::Legal`] —
//! and the content is kept.
//!
//! ```
//! let page = "Home | News | Sport\n\
//!             09:56, Mon, Mar 17, 2025 | UPDATED: 09:56, Mon, Mar 17, 2025\n\
//!             British troops could remain in Ukraine for years if the peacekeeping mission goes ahead, a senior source said.\n\
//!             Invalid email\n";
//! assert_eq!(
//!     deboiler::clean(page),
//!     "British troops could remain in Ukraine for years if the peacekeeping mission goes ahead, a senior source said.\n"
//! );
//! ```
//!
//! ## How a line is judged
//!
//! 1. **Word lists.** Every phrase of the lists in `seeds/<kind>/<lang>.txt`
//!    (caption credits, timestamp words, marketing, legal and navigation phrases,
//!    bylines, and function words, whose density tells running prose), found as an
//!    Aho-Corasick automaton over all of them finds them (leftmost-longest, at word
//!    boundaries), by a word index and a trie built once.
//! 2. **Shape.** Length, words, terminal punctuation, digit and upper-case ratios,
//!    time and date shapes, `|` separators, a trailing `(Image: …)` credit…
//! 3. **Context.** A first logistic stage scores each line alone; later stages revise
//!    each score from the neighbours' scores, the page's main run of content and
//!    repeated lines. The weights are fitted (`deboiler train`) and stored in
//!    `seeds/model.txt`.
//!
//! Every [`Verdict`] carries the line's byte span, label, score and [`Reasons`].
//! A boilerplate line's kind comes from the evidence that points to it.
//!
//! ```
//! use deboiler::{Cleaner, Label, Reason};
//! let cleaner = Cleaner::new();
//! let text = "A source said the force could stay for years. (Image: Getty)\n";
//! let v = cleaner.classify(text)[0];
//! assert_eq!(v.label(), Label::Caption);
//! assert!(v.reasons().contains(Reason::ImageCredit));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod boost;
mod cleaner;
#[cfg(feature = "train")]
pub mod eval;
mod features;
mod html;
/// The classifier's phases one at a time, for the `stages` benchmark (the
/// `internals` feature; not part of the stable API).
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals;
mod label;
mod lexicon;
mod revise;
mod score;
mod text;
#[cfg(feature = "train")]
pub mod train;
mod workspace;

/// Fitting the HTML model on pages aligned with labelled dumps (`deboiler train --html`).
#[cfg(feature = "train")]
pub use html::train as train_html;

pub use cleaner::{Cleaner, CleanerBuilder, DEFAULT_THRESHOLD, Verdict, write_kept};
pub use html::{DecodeError, HtmlBlock, HtmlClassification, Layout, Region, decode_html};
pub use label::{Label, Reason, Reasons, UnknownLabel};
pub use workspace::Workspace;

/// The kept lines of `text` with the default [`Cleaner`]: content only, in order, each
/// exactly as in the input.
///
/// ```
/// assert_eq!(deboiler::clean("Share on Facebook\nShare on X\n"), "");
/// ```
pub fn clean(text: &str) -> String {
    Cleaner::new().clean(text)
}

/// The lines of every file in `corpus/`, for tests that hold a fast path to its
/// reference on real text.
#[cfg(test)]
pub(crate) fn corpus_lines() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut lines = Vec::new();
    for file in std::fs::read_dir(dir).expect("corpus/").flatten() {
        let bytes = std::fs::read(file.path()).expect("a corpus file");
        lines.extend(bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec));
    }
    assert!(!lines.is_empty(), "no lines in {dir}");
    lines
}

/// The text of every `corpus/*.txt` page, in name order (for tests).
#[cfg(test)]
pub(crate) fn corpus_pages() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no pages in {dir}");
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("a corpus page"))
        .collect()
}

/// Pseudo-random test data.
#[cfg(test)]
pub(crate) mod test_rng {
    /// A xorshift32 generator seeded with `state` (not 0).
    pub(crate) fn xorshift32(mut state: u32) -> impl FnMut() -> u32 {
        move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        }
    }
}
