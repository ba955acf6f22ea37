//! Per-line measurements ([`Shape`]) and the model's feature vectors.
//!
//! Nothing here allocates: a line is measured in one pass over its bytes, the word
//! lists are matched by the one automaton of [`crate::lexicon`], and the features are
//! written into fixed-size arrays.
//!
//! - [`measure`](mod@measure): measuring one line into its [`Shape`] (character
//!   classes, numbers and durations, the counting of ASCII bytes).
//! - [`base`]: the per-line feature vector of a [`Shape`] ([`base_features`]).
//! - [`context`]: the context features of a line from its neighbours and its page
//!   ([`LineInfo`], the page's main run, window sums, [`context_features_with`]).

mod base;
mod context;
mod measure;

pub(crate) use base::{BASE, BASE_NAMES, WORDS_LOG, base_features};
#[cfg(feature = "train")]
pub(crate) use context::ln1p_fifth_table;
pub(crate) use context::{
    CONTENT_LIKE, CONTEXT, CONTEXT_NAMES, LineInfo, Page, WindowScratch, WindowSums,
    context_features_with, ln1p_fifth_table_into, page_facts, run_lengths, shape_key,
    window_means_with, window_table_with,
};
pub(crate) use measure::{Shape, measure};
