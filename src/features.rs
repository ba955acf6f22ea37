//! Per-line measurements ([`Shape`]) and the model's feature vectors.
//!
//! Nothing here allocates: a line is measured in one pass over its bytes, the word
//! lists are matched by [`crate::lexicon`], and the features are written into
//! fixed-size arrays. Data flows one way: the character tables, numbers and byte
//! counts feed [`measure`](mod@measure), whose [`Shape`] feeds the feature vectors.
//!
//! - [`classes`]: the classes of characters (tables per code point and for ASCII).
//! - [`utf8`]: reading a line's bytes as UTF-8 where they may not be.
//! - [`counts`]: the counting of a line's ASCII bytes in vectors.
//! - [`numbers`]: times, dates, years and durations, from runs of digits.
//! - [`measure`](mod@measure): measuring one line into its [`Shape`], from its byte
//!   counts or one character at a time.
//! - [`base`]: the per-line feature vector of a [`Shape`] ([`base_features`]).
//! - [`context`]: the context features of a line from its neighbours and its page
//!   ([`LineInfo`], the page's main run, window sums, [`context_features_with`]).

mod base;
mod classes;
mod context;
mod counts;
mod measure;
mod numbers;
mod utf8;

pub(crate) use base::{BASE, BASE_NAMES, WORDS_LOG, base_features};
#[cfg(feature = "train")]
pub(crate) use context::ln1p_fifth_table;
pub(crate) use context::{
    CONTENT_LIKE, CONTEXT, CONTEXT_NAMES, LineInfo, Page, WindowScratch, WindowSums,
    context_features_with, ln1p_fifth_table_into, page_facts, run_lengths, shape_key,
    window_means_with, window_table_with,
};
pub(crate) use measure::{Shape, measure};
