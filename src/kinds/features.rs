//! The kind model's features, by name: the per-line features, the context features
//! of the content model's last stage, the line's own facts on the page ([`OWN`]),
//! and for HTML the block's layout and window features. The page pass fills them in
//! this order (`revise::kinds`).

use crate::features::{BASE, BASE_NAMES, CONTEXT, CONTEXT_NAMES};

/// The line's own facts on the page, after its per-line and context features.
pub(crate) const OWN_NAMES: [&str; 16] = [
    // The content model's final score and probability.
    "k_score",
    "k_p",
    // The kind the line's own evidence points to (none, or one of six).
    "k_kind_none",
    "k_kind_timestamp",
    "k_kind_caption",
    "k_kind_marketing",
    "k_kind_legal",
    "k_kind_navigation",
    "k_kind_byline",
    // Shaped like a headline, or like a person's name.
    "k_headline_shape",
    "k_name_shape",
    // Where it stands: its place on the page (0 first, 1 last), before or after the
    // page's main run of content.
    "k_position",
    "k_before_main",
    "k_after_main",
    // The scores of the nearest lines that are not blank.
    "k_prev_score",
    "k_next_score",
];

/// The number of [`OWN_NAMES`].
pub(crate) const OWN: usize = OWN_NAMES.len();

/// Where the line's own facts start.
pub(crate) const OWN_START: usize = BASE + CONTEXT;

/// The number of features for HTML pages (`html`) or text.
pub(crate) fn dim(html: bool) -> usize {
    OWN_START + OWN + if html { crate::html::window::BLOCK } else { 0 }
}

/// The features' names, in order.
pub(crate) fn names(html: bool) -> Vec<String> {
    let mut n: Vec<String> = BASE_NAMES
        .iter()
        .chain(CONTEXT_NAMES)
        .chain(&OWN_NAMES)
        .map(|s| s.to_string())
        .collect();
    if html {
        n.extend(crate::html::window::names());
    }
    debug_assert_eq!(n.len(), dim(html));
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_fit() {
        for html in [false, true] {
            let n = names(html);
            assert_eq!(n.len(), dim(html));
            let mut sorted = n.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), n.len(), "duplicate feature names");
        }
    }
}
