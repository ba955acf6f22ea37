//! The kind model's features, by name: the per-line features, the context features
//! of the content model's last stage, the line's own facts on the page ([`OWN`]),
//! and for HTML the block's layout and window features. The page pass fills them in
//! this order (`revise::kinds`).

use crate::features::{BASE, BASE_NAMES, CONTEXT, CONTEXT_NAMES};
use crate::text::{FNV_OFFSET, FNV_PRIME};

/// The line's own facts on the page, after its per-line and context features.
pub(crate) const OWN_NAMES: [&str; 21] = [
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
    // A row of social profiles, a price, a comment's header, a numbered caption's
    // label, a pointer's label ([`super::shapes`]).
    "k_social_row",
    "k_price",
    "k_speaker_header",
    "k_figure_label",
    "k_pointer_label",
];

/// The number of [`OWN_NAMES`].
pub(crate) const OWN: usize = OWN_NAMES.len();

/// Where the line's own facts start.
pub(crate) const OWN_START: usize = BASE + CONTEXT;

/// The buckets the line's words are hashed into: the model weighs each bucket for
/// each class, so that words such as `subscribe`, `reply` or `courtesy` count for
/// the kinds they stand for, in any language the pages show.
pub(crate) const WORD_BUCKETS: usize = 1024;

/// The words of a line that count: its first ones (a long line says what it is in
/// its first words, and a bound keeps the cost per line fixed).
pub(crate) const MAX_WORDS: usize = 16;

/// The hashed words of `line` into `out` (cleared first): each word's bucket and the
/// weight `1 / √words`. A word is a run of ASCII letters and digits (lower-cased) or
/// of bytes outside ASCII; `$`, `%` and `@` count as words of their own.
pub(crate) fn words(line: &[u8], out: &mut Vec<(u16, f32)>) {
    out.clear();
    let mut hash = FNV_OFFSET;
    let mut in_word = false;
    let push = |hash: u64, out: &mut Vec<(u16, f32)>| {
        if out.len() < MAX_WORDS {
            out.push(((hash % WORD_BUCKETS as u64) as u16, 0.0));
        }
    };
    for &b in line {
        let word_byte = b.is_ascii_alphanumeric() || b >= 0x80;
        if word_byte {
            hash = (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
            in_word = true;
            continue;
        }
        if in_word {
            push(hash, out);
            hash = FNV_OFFSET;
            in_word = false;
        }
        if matches!(b, b'$' | b'%' | b'@') {
            push((FNV_OFFSET ^ u64::from(b)).wrapping_mul(FNV_PRIME), out);
        }
        if out.len() >= MAX_WORDS {
            break;
        }
    }
    if in_word {
        push(hash, out);
    }
    let v = 1.0 / (out.len().max(1) as f32).sqrt();
    for w in out.iter_mut() {
        w.1 = v;
    }
}

/// The name of word bucket `b` in the model file.
#[cfg(any(test, feature = "train"))]
pub(crate) fn word_name(b: usize) -> String {
    format!("word_{b}")
}

/// The word bucket a model file's feature name stands for.
pub(crate) fn word_bucket(name: &str) -> Option<usize> {
    name.strip_prefix("word_")?
        .parse()
        .ok()
        .filter(|&b| b < WORD_BUCKETS)
}

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
            assert!(n.iter().all(|n| word_bucket(n).is_none()));
        }
        assert_eq!(word_bucket(&word_name(17)), Some(17));
        assert_eq!(word_bucket("word_1024"), None);
    }

    #[test]
    fn words_hash_case_blind_and_stop_at_the_bound() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        words(b"Subscribe to our Newsletter!", &mut a);
        words(b"subscribe TO our newsletter", &mut b);
        assert_eq!(a.len(), 4);
        assert_eq!(a, b);
        assert!((a[0].1 - 0.5).abs() < 1e-6);
        words(b"$479 from Best Buy, 20% off", &mut a);
        // `$`, 479, from, best, buy, 20, `%`, off
        assert_eq!(a.len(), 8);
        // Letters outside ASCII make words too (the dash among them).
        words("Читать далее — 5 комментариев".as_bytes(), &mut a);
        assert_eq!(a.len(), 5);
        let long = "word ".repeat(100);
        words(long.as_bytes(), &mut a);
        assert_eq!(a.len(), MAX_WORDS);
        words(b"", &mut a);
        assert!(a.is_empty());
    }
}
