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
//!
//! ## The public API
//!
//! - [`clean`]: the kept lines of a text dump with the default [`Cleaner`], in one
//!   call.
//! - [`Cleaner`]: the classifier, made once ([`Cleaner::new`]) and shared by any
//!   number of pages and threads. [`Cleaner::builder`] gives a
//!   [`CleanerBuilder`] that sets which labels are kept besides content and the
//!   score a content line needs ([`DEFAULT_THRESHOLD`] unless set; from 0 to 1,
//!   else [`CleanerBuilder::try_build`] gives [`InvalidThreshold`]).
//!   [`Cleaner::classify`] and [`Cleaner::classify_bytes`] give one [`Verdict`] per
//!   line; [`Cleaner::clean`] and [`Cleaner::clean_bytes`] the kept lines, and
//!   [`write_kept`] writes them from verdicts already made.
//! - [`Verdict`]: one line's byte span, [`Label`], score (the probability that the
//!   line is content) and [`Reasons`], a set of [`Reason`]s: the evidence behind the
//!   label. [`UnknownLabel`] is the error of parsing a label's name.
//! - [`Workspace`]: the buffers of one classification, which
//!   [`Cleaner::classify_reusing`] keeps for the next page, so that a stream of
//!   pages allocates them once ([`Cleaner::classify_into`] reuses the verdicts'
//!   vector only).
//! - HTML: [`Cleaner::classify_html`] parses a page into a text dump of one block a
//!   line and classifies it with the HTML model; the [`HtmlClassification`] gives
//!   each [`HtmlBlock`]'s text, element path, [`Layout`] (the [`Region`]s it lies
//!   in, its link share, depth) and verdict. [`Cleaner::clean_html`] keeps the
//!   content blocks' text. [`decode_html`] turns a page's bytes into text by its
//!   declared charset ([`DecodeError`] when that is unknown); [`decode_html_with`]
//!   also weighs the charset of an HTTP header and the host's top-level domain.
//! - Behind the `train` feature: [`eval`] (labelled dumps, precision and recall of a
//!   classification), [`train`] (fitting the text model's weights on labelled
//!   dumps, cross-validation by site) and [`train_html`] (the same for the HTML
//!   model, on pages aligned with labelled dumps).
//!
//! ## Features
//!
//! - `train` (on by default): the [`train`], [`eval`] and [`train_html`] modules,
//!   and the `deboiler` binary, whose `train` and `eval` subcommands use them. A
//!   library that only cleans text leaves it out and compiles the classifier alone:
//!   `deboiler = { version = "0.1", default-features = false }`.
//! - `internals` (hidden, unstable): the classifier's phases one at a time, for the
//!   `stages` group of the classification benchmark
//!   (`cargo bench --features internals --bench classify -- stages`).
//! - `peers`: other boilerplate removers built beside this one, for the comparison
//!   benchmark only (`cargo bench --features peers --bench peers`); the library
//!   itself does not use them.
//!
// Without the `train` feature, the links above to its modules go to their published
// documentation.
#![cfg_attr(
    not(feature = "train"),
    doc = "[`train`]: https://docs.rs/deboiler/latest/deboiler/train/\n\
           [`eval`]: https://docs.rs/deboiler/latest/deboiler/eval/\n\
           [`train_html`]: https://docs.rs/deboiler/latest/deboiler/train_html/"
)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod boost;
mod cleaner;
#[cfg(feature = "train")]
#[cfg_attr(docsrs, doc(cfg(feature = "train")))]
pub mod eval;
mod features;
mod html;
/// The classifier's phases one at a time, for the `stages` benchmark (the
/// `internals` feature; not part of the stable API). Its unit tests run with every
/// `cargo test`.
#[cfg(any(test, feature = "internals"))]
#[doc(hidden)]
pub mod internals;
mod kinds;
mod label;
mod lexicon;
mod revise;
mod score;
mod text;
#[cfg(feature = "train")]
#[cfg_attr(docsrs, doc(cfg(feature = "train")))]
pub mod train;
mod utf16;
mod workspace;

/// Fitting the HTML model on pages aligned with labelled dumps (`deboiler train --html`).
#[cfg(feature = "train")]
#[cfg_attr(docsrs, doc(cfg(feature = "train")))]
pub use html::train as train_html;

/// Fitting the kind model on pages labelled line by line (`deboiler train --kinds`).
#[cfg(feature = "train")]
#[cfg_attr(docsrs, doc(cfg(feature = "train")))]
pub use kinds::fit as train_kinds;

pub use cleaner::{Cleaner, CleanerBuilder, InvalidThreshold, Verdict, write_kept};
pub use html::{
    DecodeError, HtmlBlock, HtmlClassification, Layout, MAX_HTML_BLOCKS, MAX_HTML_NODES,
    PageTooLarge, Region, decode_html, decode_html_with,
};
pub use label::{DEFAULT_THRESHOLD, Label, Reason, Reasons, UnknownLabel};
pub use utf16::{Utf16, decode_utf16, detect_utf16};
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

/// The Rust examples of `README.md`, compiled and run as doctests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
