//! The page pass: measure every line and score it alone (stage 1), revise every
//! score from its context (later stages), and name each line's label.
//!
//! This is the one classifier behind both the public API and `deboiler train`: the
//! trainer calls [`measure_page`] and [`context_matrix`] to see exactly the features
//! the classifier sees.
//!
//! The steps, in the order a page goes through them, each in a file of its own:
//!
//! 1. [`measure`]: splits the page into lines, measures each line's [`Shape`]
//!    (`features`), scores it alone with every stage's per-line weights, and marks
//!    the lines that stand more than once ([`repeats`]); a short line already
//!    measured is copied from the [`line_cache`].
//! 2. [`stages`]: the context stages, each revising every line's probability from
//!    the neighbours' (`features::context`), with the boosted trees in the last.
//! 3. [`labels`]: the page rules rescale the probabilities into scores
//!    ([`confidence`] for the HTML model's confidence in the page), the threshold
//!    names each line content or its kind of boilerplate, and the headline and
//!    author's name are picked.
//!
//! [`page`] holds what the steps pass along (a [`Row`] per line, the
//! [`PageBuffers`] kept from page to page); every step imports it, it imports none
//! of them. The cleaner turns the named labels into verdicts.
//!
//! [`Shape`]: crate::features::Shape

mod confidence;
mod kinds;
mod labels;
mod line_cache;
mod measure;
mod page;
mod repeats;
mod stages;

pub(crate) use confidence::PageBar;
pub(crate) use kinds::KindInput;
pub(crate) use labels::name_labels;
pub(crate) use measure::{measure_page, measure_page_cached};
pub(crate) use page::{MeasuredPage, NO_EXTRA, PageBuffers, Row};
#[cfg(feature = "train")]
pub(crate) use stages::context_matrix;
pub(crate) use stages::revise;
