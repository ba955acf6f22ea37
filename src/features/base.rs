//! The per-line feature vector: [`BASE`] features of one line's [`Shape`], named by
//! [`BASE_NAMES`] and written by [`base_features`].

use super::classes::CharClass;
use super::measure::Shape;
use crate::lexicon::Kind;
use std::sync::OnceLock;

/// Names of the per-line features, in the order of [`base_features`].
pub(crate) const BASE_NAMES: &[&str] = &[
    "bias",
    "ellipsis_end",
    "words_log",
    "words_1",
    "words_2",
    "words_3",
    "words_4_6",
    "words_7_12",
    "words_13_25",
    "words_26_50",
    "words_51",
    "sentence_end",
    "colon_end",
    "starts_upper",
    "starts_lower",
    "starts_digit",
    "starts_quote",
    "starts_other",
    "digit_ratio",
    "upper_ratio",
    "cap_word_ratio",
    "punct_ratio",
    "comma_rate",
    "separators_any",
    "separator_rate",
    "times",
    "dates",
    "years",
    "numeric_word_ratio",
    "function_density",
    "function_any",
    "lex_caption",
    "lex_timestamp",
    "lex_marketing",
    "lex_legal",
    "lex_navigation",
    "lex_byline",
    "lex_caption_density",
    "lex_timestamp_density",
    "lex_marketing_density",
    "lex_legal_density",
    "lex_navigation_density",
    "lex_byline_density",
    "lex_coverage",
    "credit_at_edge",
    "trailing_paren",
    "link",
    "unspaced_ratio",
    "mid_sentences",
    "long_sentence",
    "short_title_case",
    "timestamp_share",
    "chars_log",
];

/// The number of per-line features.
pub(crate) const BASE: usize = 53;

/// Writes the per-line features of `s` into `x`.
pub(crate) fn base_features(s: &Shape, x: &mut [f32; BASE]) {
    let ww = s.effective_words();
    let words = (s.words as f32).max(1.0);
    let visible = (s.chars as f32 - (s.words as f32 - 1.0).max(0.0)).max(1.0);
    let bucket = |lo: f32, hi: f32| ((lo..=hi).contains(&ww)) as u8 as f32;
    let fw = s.hits.count[Kind::Function as usize] as f32;
    // ln(1 + 0) is exactly 0, and most lines have no phrase of most kinds.
    // Most lines have no phrase of these kinds: one test for all six. Without one,
    // `ln(1 + w)` is 0 and the density `w / ww` is `w` (0 or -0).
    const SIX: usize = Kind::Function as usize;
    let mut lex = [0.0f32; SIX];
    let mut dens = [0.0f32; SIX];
    dens.copy_from_slice(&s.hits.weight[..SIX]);
    if dens.iter().any(|&w| w != 0.0) {
        for (l, &w) in lex.iter_mut().zip(&s.hits.weight) {
            if w != 0.0 {
                *l = (1.0 + w).ln();
            }
        }
        // Phrase weight per word: one `next` in a long sentence says little.
        let per = ww.max(1.0);
        for d in &mut dens {
            *d = (*d / per).min(2.0);
        }
    }
    let title_case = s.cap_words as f32 / words;
    *x = [
        1.0,
        s.ellipsis_end as u8 as f32,
        ln1p_words(s),
        bucket(0.5, 1.0),
        bucket(1.5, 2.0),
        bucket(2.5, 3.0),
        bucket(3.5, 6.0),
        bucket(6.5, 12.0),
        bucket(12.5, 25.0),
        bucket(25.5, 50.0),
        (ww > 50.0) as u8 as f32,
        s.sentence_end as u8 as f32,
        s.colon_end as u8 as f32,
        (s.first == CharClass::Upper) as u8 as f32,
        (s.first == CharClass::Lower) as u8 as f32,
        (s.first == CharClass::Digit) as u8 as f32,
        (s.first == CharClass::Quote) as u8 as f32,
        (s.first == CharClass::Other) as u8 as f32,
        s.digits as f32 / visible,
        s.upper as f32 / (s.letters as f32).max(1.0),
        title_case,
        s.punct as f32 / visible,
        (s.commas as f32 / words).min(1.0),
        (s.separators > 0) as u8 as f32,
        (s.separators as f32 / words).min(1.0),
        (s.times as f32).min(2.0),
        (s.dates as f32).min(2.0),
        (s.years as f32).min(2.0),
        s.numeric_words as f32 / words,
        if s.words >= 3 {
            (fw / words).min(1.0)
        } else {
            0.0
        },
        (fw > 0.0) as u8 as f32,
        lex[Kind::Caption as usize],
        lex[Kind::Timestamp as usize],
        lex[Kind::Marketing as usize],
        lex[Kind::Legal as usize],
        lex[Kind::Navigation as usize],
        lex[Kind::Byline as usize],
        dens[Kind::Caption as usize],
        dens[Kind::Timestamp as usize],
        dens[Kind::Marketing as usize],
        dens[Kind::Legal as usize],
        dens[Kind::Navigation as usize],
        dens[Kind::Byline as usize],
        s.hits.covered as f32 / (s.bytes as f32).max(1.0),
        s.credit_at_edge() as u8 as f32,
        s.trailing_paren as u8 as f32,
        s.link as u8 as f32,
        s.unspaced as f32 / (s.chars as f32).max(1.0),
        (s.mid_sentences as f32).min(5.0) / 5.0,
        (ww >= 20.0 && s.sentence_end) as u8 as f32,
        ((2.0..=12.0).contains(&ww) && title_case >= 0.6 && !s.sentence_end) as u8 as f32,
        s.timestamp_share(),
        ln1p_count(s.chars),
    ];
}

/// The reference (naive) version of [`base_features`] that the tests hold it to, bit
/// for bit: each phrase feature computed on its own, with no shared test.
#[cfg(test)]
fn base_features_reference(s: &Shape, x: &mut [f32; BASE]) {
    let ww = s.effective_words();
    let words = (s.words as f32).max(1.0);
    let visible = (s.chars as f32 - (s.words as f32 - 1.0).max(0.0)).max(1.0);
    let bucket = |lo: f32, hi: f32| ((lo..=hi).contains(&ww)) as u8 as f32;
    let fw = s.hits.count[Kind::Function as usize] as f32;
    // ln(1 + 0) is exactly 0, and most lines have no phrase of most kinds.
    let lex = |k: Kind| {
        let w = s.hits.weight[k as usize];
        if w == 0.0 { 0.0 } else { (1.0 + w).ln() }
    };
    // Phrase weight per word: one `next` in a long sentence says little.
    let dens = |k: Kind| (s.hits.weight[k as usize] / ww.max(1.0)).min(2.0);
    let title_case = s.cap_words as f32 / words;
    *x = [
        1.0,
        s.ellipsis_end as u8 as f32,
        ln1p_words(s),
        bucket(0.5, 1.0),
        bucket(1.5, 2.0),
        bucket(2.5, 3.0),
        bucket(3.5, 6.0),
        bucket(6.5, 12.0),
        bucket(12.5, 25.0),
        bucket(25.5, 50.0),
        (ww > 50.0) as u8 as f32,
        s.sentence_end as u8 as f32,
        s.colon_end as u8 as f32,
        (s.first == CharClass::Upper) as u8 as f32,
        (s.first == CharClass::Lower) as u8 as f32,
        (s.first == CharClass::Digit) as u8 as f32,
        (s.first == CharClass::Quote) as u8 as f32,
        (s.first == CharClass::Other) as u8 as f32,
        s.digits as f32 / visible,
        s.upper as f32 / (s.letters as f32).max(1.0),
        title_case,
        s.punct as f32 / visible,
        (s.commas as f32 / words).min(1.0),
        (s.separators > 0) as u8 as f32,
        (s.separators as f32 / words).min(1.0),
        (s.times as f32).min(2.0),
        (s.dates as f32).min(2.0),
        (s.years as f32).min(2.0),
        s.numeric_words as f32 / words,
        if s.words >= 3 {
            (fw / words).min(1.0)
        } else {
            0.0
        },
        (fw > 0.0) as u8 as f32,
        lex(Kind::Caption),
        lex(Kind::Timestamp),
        lex(Kind::Marketing),
        lex(Kind::Legal),
        lex(Kind::Navigation),
        lex(Kind::Byline),
        dens(Kind::Caption),
        dens(Kind::Timestamp),
        dens(Kind::Marketing),
        dens(Kind::Legal),
        dens(Kind::Navigation),
        dens(Kind::Byline),
        s.hits.covered as f32 / (s.bytes as f32).max(1.0),
        s.credit_at_edge() as u8 as f32,
        s.trailing_paren as u8 as f32,
        s.link as u8 as f32,
        s.unspaced as f32 / (s.chars as f32).max(1.0),
        (s.mid_sentences as f32).min(5.0) / 5.0,
        (ww >= 20.0 && s.sentence_end) as u8 as f32,
        ((2.0..=12.0).contains(&ww) && title_case >= 0.6 && !s.sentence_end) as u8 as f32,
        s.timestamp_share(),
        ln1p_count(s.chars),
    ];
}

/// The index of `words_log`, `ln(1 + effective words)`, in [`BASE_NAMES`].
pub(crate) const WORDS_LOG: usize = 2;

/// Arguments of the tables of [`ln1p_count`] and [`ln1p_words`].
const LN_TABLE: usize = 1024;

/// `ln(1 + k)`, from a table for small `k`: the same bits as computing it.
fn ln1p_count(k: u32) -> f32 {
    static LN: OnceLock<Box<[f32; LN_TABLE]>> = OnceLock::new();
    let compute = |k: u32| (1.0 + k as f32).ln();
    match LN
        .get_or_init(|| Box::new(std::array::from_fn(|k| compute(k as u32))))
        .get(k as usize)
    {
        Some(&v) => v,
        None => compute(k),
    }
}

/// `ln(1 + s.effective_words())`, from a table of half-steps for short lines: the
/// effective words are `k / 2` for `k = 2 × words + unspaced`, exactly in `f32`, so
/// the table holds the same bits as computing it.
fn ln1p_words(s: &Shape) -> f32 {
    static LN: OnceLock<Box<[f32; LN_TABLE]>> = OnceLock::new();
    let k = (s.words as usize)
        .saturating_mul(2)
        .saturating_add(s.unspaced as usize);
    match LN
        .get_or_init(|| Box::new(std::array::from_fn(|k| (1.0 + k as f32 / 2.0).ln())))
        .get(k)
    {
        Some(&v) => v,
        None => (1.0 + s.effective_words()).ln(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::measure;

    /// Shapes of the corpus's lines, and of lines with every kind of phrase.
    fn sample_shapes() -> Vec<Shape> {
        let mut shapes: Vec<Shape> = crate::corpus_lines().iter().map(|l| measure(l)).collect();
        let mut rng = crate::test_rng::xorshift32(0x2545_f491);
        for _ in 0..20_000 {
            let mut s = shapes[rng() as usize % shapes.len()];
            for k in 0..crate::lexicon::KINDS {
                if rng().is_multiple_of(3) {
                    s.hits.weight[k] = [0.0, -0.0, 0.5, 1.0, 2.75, 40.0, 1e-3][rng() as usize % 7];
                    s.hits.count[k] = (rng() % 4) as u16;
                }
            }
            s.words = [s.words, 0, 1, 2, 3, 20, 51, 700, 5000][rng() as usize % 9];
            s.unspaced = [s.unspaced, 0, 1, 3][rng() as usize % 4];
            s.chars = s.chars.max(s.words) + rng() % 3;
            shapes.push(s);
        }
        shapes
    }

    #[test]
    fn base_features_agree_with_the_reference_bit_for_bit() {
        let (mut x, mut y) = ([0.0f32; BASE], [0.0f32; BASE]);
        for s in sample_shapes() {
            base_features(&s, &mut x);
            base_features_reference(&s, &mut y);
            assert_eq!(x.map(f32::to_bits), y.map(f32::to_bits), "{s:?}");
        }
    }

    #[test]
    fn log_tables_match_the_logarithms() {
        assert_eq!(BASE_NAMES[WORDS_LOG], "words_log");
        for k in 0..3000u32 {
            assert_eq!(ln1p_count(k).to_bits(), (1.0 + k as f32).ln().to_bits());
            for unspaced in [0, 1, 2, 7] {
                let s = Shape {
                    words: k,
                    unspaced,
                    ..Shape::default()
                };
                let direct = (1.0 + s.effective_words()).ln();
                assert_eq!(ln1p_words(&s).to_bits(), direct.to_bits(), "{k} {unspaced}");
            }
        }
    }

    #[test]
    fn names_match_vector_sizes() {
        assert_eq!(BASE_NAMES.len(), BASE);
    }
}
