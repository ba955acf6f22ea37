//! How the model's confidence in an HTML page moves the bar: the scores of a page
//! whose content the model is sure of (an article) are held to a higher standard,
//! and lines away from its main text more so; those of a page it is unsure of
//! (a listing, a thread, a product) to a lower one.

use super::page::Row;
use crate::label::DEFAULT_THRESHOLD;

/// How far the model's confidence in an HTML page moves the bar (see
/// [`confidence_scale`]): from the threshold 0.46, to about 0.39 on a page of whose
/// content the model is unsure and 0.53 on one it is sure of. Chosen on the
/// cross-validated scores of the HTML model (AEB and WCXB-dev pages, 5 folds by site);
/// on text dumps the same rule trades AEB for WCXB, so text leaves it out.
pub(crate) const HTML_PAGE_CONFIDENCE: f32 = 0.3;

/// What the page rules are told of a page: how far the model's confidence in it
/// moves the bar (`strength`, 0 for text: the rules are off) and, per line, whether
/// it lies in the page's main container (HTML; empty for text).
#[derive(Clone, Copy, Debug)]
pub(crate) struct PageBar<'a> {
    pub strength: f32,
    pub in_container: &'a [bool],
}

impl<'a> PageBar<'a> {
    /// Text dumps: no page rules.
    pub(crate) const TEXT: PageBar<'static> = PageBar {
        strength: 0.0,
        in_container: &[],
    };

    /// An HTML page whose lines lie in its main container where `in_container` says.
    pub(crate) fn html(in_container: &'a [bool]) -> Self {
        PageBar {
            strength: HTML_PAGE_CONFIDENCE,
            in_container,
        }
    }
}

/// A line scoring at least this is one the model is sure of, for [`confidence_scale`].
pub(super) const SURE: f32 = 0.9;
/// The share of sure words at which [`confidence_scale`] leaves the scores as they are.
const SURE_SHARE_NEUTRAL: f32 = 0.5;

/// The factor a page's scores are multiplied by for how sure the model is of the page:
/// `1 / (1 + strength × (share − 0.5))`, where `share` is the share of the words of
/// the lines scoring at least the default threshold that score at least [`SURE`].
/// Where the model is sure of most of the content (an article), a line it is unsure
/// of is more likely a teaser, a comment or a caption: the bar is raised. Where it is
/// unsure of most of it (a listing, a forum thread, a product page), the content is
/// unlike an article's and the bar is lowered. The share is taken at the default
/// threshold, not the cleaner's, so a higher threshold still keeps less; strength 0
/// leaves the scores exactly as they are.
pub(super) fn confidence_scale(rows: &[Row], scores: &[f32], strength: f32) -> f32 {
    if strength == 0.0 {
        return 1.0;
    }
    1.0 / (1.0 + strength * (sure_share(rows, scores) - SURE_SHARE_NEUTRAL))
}

/// The share of the words of the lines scoring at least the default threshold that
/// score at least [`SURE`] (0 where no line reaches the threshold).
fn sure_share(rows: &[Row], scores: &[f32]) -> f32 {
    let (mut kept, mut sure) = (0.0f32, 0.0f32);
    for (row, &score) in rows.iter().zip(scores) {
        if row.info.blank || score < DEFAULT_THRESHOLD {
            continue;
        }
        let words = row.info.words_log.exp_m1();
        kept += words;
        if score >= SURE {
            sure += words;
        }
    }
    if kept > 0.0 { sure / kept } else { 0.0 }
}

/// Kept lines (at the default threshold) separated by at most this many dropped,
/// non-blank lines belong to one run, for [`away_from_main_text`].
const MAIN_TEXT_GAP: usize = 15;
/// What the score of a line away from the main text (and outside the main
/// container) of a sure page is multiplied by: from under [`SURE`], it ends under
/// the default threshold.
pub(super) const AWAY_FACTOR: f32 = 0.5;

/// On a page the model is sure of ([`sure_share`] of the final `scores` at least
/// [`SURE_SHARE_NEUTRAL`]), the span of its main text: the lines kept at the
/// default threshold form runs, joined across gaps of at most [`MAIN_TEXT_GAP`]
/// dropped lines, and the run with the most words is the main text. A line outside
/// it and outside the page's main container that the model is not sure of is then
/// more likely a teaser, a comment or a list of other stories after (or before) an
/// article than part of it (the caller asks about the container: a run alone also
/// parts documentation from its own text across a long code listing). `None` on
/// other pages, and with `strength` 0 (text).
///
/// The span is found at the default threshold, not the cleaner's, so that the rule
/// is a rescaling of the scores and a higher threshold still keeps less.
pub(super) fn away_from_main_text(
    rows: &[Row],
    scores: &[f32],
    strength: f32,
) -> Option<(usize, usize)> {
    if strength == 0.0 {
        return None;
    }
    if sure_share(rows, scores) < SURE_SHARE_NEUTRAL {
        return None;
    }
    let threshold = DEFAULT_THRESHOLD;
    // (words, first, last) of the run being read and of the fullest so far.
    let mut best: Option<(f32, usize, usize)> = None;
    let mut run: Option<(f32, usize, usize)> = None;
    let mut gap = 0;
    for (i, (row, &score)) in rows.iter().zip(scores).enumerate() {
        if row.info.blank {
            continue;
        }
        if score >= threshold {
            let words = row.info.words_log.exp_m1();
            run = Some(run.map_or((words, i, i), |(w, first, _)| (w + words, first, i)));
            gap = 0;
        } else if let Some(r) = run {
            gap += 1;
            if gap > MAIN_TEXT_GAP {
                if best.is_none_or(|b| r.0 > b.0) {
                    best = Some(r);
                }
                run = None;
            }
        }
    }
    if let Some(r) = run
        && best.is_none_or(|b| r.0 > b.0)
    {
        best = Some(r);
    }
    best.map(|(_, first, last)| (first, last))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::features::LineInfo;
    use crate::label::Reasons;
    use crate::score::MAX_STAGES;
    use crate::text::LineSpan;

    /// A row of `words` words, not blank (for the page rules' tests).
    pub(in crate::revise) fn row(words: f32) -> Row {
        Row {
            span: LineSpan {
                start: 0,
                end: 0,
                next: 0,
            },
            base_dot: [0.0; MAX_STAGES],
            info: LineInfo {
                words_log: (1.0 + words).ln(),
                ..LineInfo::default()
            },
            kind: None,
            reasons: Reasons::default(),
            headline_shape: false,
            name_shape: false,
        }
    }

    #[test]
    fn the_bar_rises_on_sure_pages_and_falls_on_unsure_ones() {
        let rows = [row(40.0), row(30.0), row(10.0), row(5.0)];
        let strength = HTML_PAGE_CONFIDENCE;
        // Strength 0 (text) leaves the scores as they are.
        assert_eq!(confidence_scale(&rows, &[0.95, 0.5, 0.2, 0.1], 0.0), 1.0);
        // Sure of all the kept words: the bar rises.
        let sure = confidence_scale(&rows, &[0.95, 0.92, 0.2, 0.1], strength);
        assert!((sure - 1.0 / (1.0 + strength / 2.0)).abs() < 1e-6, "{sure}");
        // Sure of none of them: it falls.
        let unsure = confidence_scale(&rows, &[0.6, 0.7, 0.5, 0.1], strength);
        assert!(
            (unsure - 1.0 / (1.0 - strength / 2.0)).abs() < 1e-6,
            "{unsure}"
        );
        // Lines under the default threshold do not count, blank lines neither.
        let mut blank = row(1000.0);
        blank.info.blank = true;
        let with_blank = [row(40.0), row(30.0), blank, row(5.0)];
        assert_eq!(
            confidence_scale(&with_blank, &[0.95, 0.6, 0.99, 0.3], strength),
            confidence_scale(&rows, &[0.95, 0.6, 0.1, 0.3], strength),
        );
        // Nothing kept: the page counts as unsure.
        assert!(confidence_scale(&rows, &[0.1; 4], strength) > 1.0);
    }

    #[test]
    fn the_main_text_of_a_sure_page() {
        // An article of sure paragraphs, a gap of 16 dropped lines, then teasers.
        let article = [0.95, 0.97, 0.6, 0.93, 0.96, 0.99];
        let teasers = [0.7, 0.65, 0.8];
        let page = |gap: usize| -> Vec<f32> {
            let mut s = article.to_vec();
            s.extend(std::iter::repeat_n(0.1, gap));
            s.extend(teasers);
            s
        };
        let scores = page(16);
        let rows: Vec<Row> = scores.iter().map(|_| row(20.0)).collect();
        let strength = HTML_PAGE_CONFIDENCE;
        assert_eq!(away_from_main_text(&rows, &scores, strength), Some((0, 5)));
        // Text (strength 0): no such rule.
        assert_eq!(away_from_main_text(&rows, &scores, 0.0), None);
        // A gap of 15 joins the runs.
        let joined = page(15);
        assert_eq!(
            away_from_main_text(&rows[1..], &joined, strength),
            Some((0, joined.len() - 1))
        );
        // Blank lines do not count in a gap.
        let mut blank_gap = rows.clone();
        blank_gap[8].info.blank = true;
        assert_eq!(
            away_from_main_text(&blank_gap, &scores, strength),
            Some((0, scores.len() - 1))
        );
        // The fullest run wins, wherever it stands.
        let mut later = scores.clone();
        later.extend([0.1; 16]);
        later.extend([0.99; 7]);
        let rows: Vec<Row> = later.iter().map(|_| row(20.0)).collect();
        let n = later.len();
        assert_eq!(
            away_from_main_text(&rows, &later, strength),
            Some((n - 7, n - 1))
        );
        // A page the model is unsure of: no main text is singled out.
        let unsure = [0.6, 0.7, 0.1, 0.8, 0.5];
        let rows: Vec<Row> = unsure.iter().map(|_| row(20.0)).collect();
        assert_eq!(away_from_main_text(&rows, &unsure, strength), None);
    }
}
