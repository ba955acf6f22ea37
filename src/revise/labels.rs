//! Naming each line's label: the page rules rescale the final probabilities into
//! scores, the threshold cuts them into content and the line's own kind of
//! boilerplate, and the context adds its reasons, the author's name and the headline.
//!
//! A line under the threshold is named its row's `kind`, the kind of boilerplate its
//! own evidence points to ([`crate::score::boilerplate_kind`]), or navigation: the one
//! place a learned model of the kinds would plug in.

use super::confidence::{self, PageBar, away_from_main_text, confidence_scale};
use super::kinds::{KindInput, KindPage, name_kinds};
use super::page::{PageBuffers, Row};
use crate::features::{self, Page, page_facts, window_means_with};
use crate::kinds::class_of;
use crate::label::{Label, LineLabel, Reason};

/// How many lines before the main run the headline may stand.
const HEADLINE_REACH: usize = 20;
/// On a page where no line reaches [`CONFIDENT`], scores are rescaled so that lines
/// scoring at least this share of the page's best reach the threshold.
const RELATIVE_THRESHOLD: f32 = 0.4;
/// A page where no line scores at least this has no line the model is sure of: its
/// scores are rescaled relative to its best line.
const CONFIDENT: f32 = 0.5;
/// A page whose best line scores below this is all boilerplate: no relative threshold.
const RELATIVE_FLOOR: f32 = 0.2;
/// Lines outside the main run have their scores divided by `this × the main run's
/// mean score` when that exceeds 1: on a page whose main text scores 0.9, a 0.55 line
/// elsewhere (a teaser, a comment) is not kept.
const MAIN_RUN_RELATIVE: f32 = 1.5;
/// A window mean above this says the neighbours are content.
const NEIGHBOURS_CONTENT: f32 = 0.6;
/// A window mean below this says the neighbours are boilerplate.
const NEIGHBOURS_BOILERPLATE: f32 = 0.2;

/// Names each line's label from its final probability, adds the context reasons and
/// picks the headline. `bar` tells how far the model's confidence in the page moves
/// the bar (0 for text) and whether each line lies in the page's main container
/// (HTML): on a page the model is sure of, a line it is unsure of, outside both the
/// main run of kept text ([`confidence::away_from_main_text`]) and the main
/// container, falls under the bar. `labels` (cleared first) gets every line's
/// [`LineLabel`], in order.
pub(crate) fn name_labels(
    rows: &[Row],
    threshold: f32,
    bar: PageBar,
    kinds: KindInput<'_>,
    labels: &mut Vec<LineLabel>,
    bufs: &mut PageBuffers,
) {
    labels.clear();
    let PageBuffers {
        infos,
        means,
        window_scratch,
        scores,
        ctx,
        ..
    } = bufs;
    infos.clear();
    infos.extend(rows.iter().map(|r| r.info));
    let page: Page = page_facts(infos);
    window_means_with(infos, means, window_scratch);
    // A page where no line reaches `CONFIDENT` still has a best part: keep the lines
    // that score close to the page's best, rather than nothing.
    let best = rows
        .iter()
        .filter(|r| !r.info.blank)
        .map(|r| r.info.p)
        .fold(0.0f32, f32::max);
    // Both page rules rescale the scores, so that the threshold stays a plain cut-off:
    // a line is content exactly when its (rescaled) score reaches it.
    let relative = (RELATIVE_FLOOR..CONFIDENT).contains(&best);
    let (scale_main, scale_outside) = if relative {
        let s = (CONFIDENT / (best * RELATIVE_THRESHOLD)).max(1.0);
        (s, s)
    } else {
        // Where the main text is clear, a line away from it must come closer to it in
        // score to be kept.
        let m = (MAIN_RUN_RELATIVE * main_run_mean(rows, &page)).max(1.0);
        (1.0, 1.0 / m)
    };
    let in_main = |i: usize| page.main.is_some_and(|(s, e)| (s..=e).contains(&i));
    scores.clear();
    scores.extend(rows.iter().enumerate().map(|(i, row)| {
        (row.info.p
            * if in_main(i) {
                scale_main
            } else {
                scale_outside
            })
        .min(1.0)
    }));
    let confidence = confidence_scale(rows, scores, bar.strength);
    for s in scores.iter_mut() {
        *s = (*s * confidence).min(1.0);
    }
    if let Some((first, last)) = away_from_main_text(rows, scores, bar.strength) {
        for (i, s) in scores.iter_mut().enumerate() {
            let in_container = bar.in_container.get(i).copied().unwrap_or(false);
            if !(first..=last).contains(&i) && !in_container && *s < confidence::SURE {
                *s *= confidence::AWAY_FACTOR;
            }
        }
    }
    for (i, (row, &score)) in rows.iter().zip(scores.iter()).enumerate() {
        let mut reasons = row.reasons;
        let in_main = in_main(i);
        let label = if row.info.blank {
            Label::Blank
        } else if score >= threshold && score > 0.0 {
            reasons.set_if(relative && row.info.p < threshold, Reason::BestOfPage);
            Label::Content
        } else {
            row.kind.unwrap_or(Label::Navigation)
        };
        // The neighbours' mean: their probabilities summed in order, as a loop over
        // the window skipping line `i` and the blank lines would.
        let (sum, n) = (means[i].0, means[i].1 as f32);
        if n > 0.0 {
            reasons.set_if(sum / n >= NEIGHBOURS_CONTENT, Reason::ContentNeighbours);
            reasons.set_if(
                sum / n <= NEIGHBOURS_BOILERPLATE,
                Reason::BoilerplateNeighbours,
            );
        }
        reasons.set_if(in_main, Reason::MainRun);
        reasons.set_if(!in_main && page.main.is_some(), Reason::OutsideMainRun);
        reasons.set_if(row.info.repeated, Reason::Repeated);
        labels.push(LineLabel {
            label,
            reasons,
            score,
        });
    }
    #[cfg(feature = "train")]
    let sink = bufs.kind_features.as_mut();
    #[cfg(not(feature = "train"))]
    let sink = None;
    let kind_page = KindPage {
        rows,
        scores: scores.as_slice(),
        ctx: ctx.as_slice(),
        main: page.main,
    };
    // Where a kind model names titles, its titles stand: without the rule below that
    // makes a title of the fullest headline-shaped line before the main run, titles
    // are named better, cross-validated (`deboiler train --kinds --folds 5`).
    let model_names_titles = kinds
        .model
        .is_some_and(|m| class_of(Label::Title).is_some_and(|t| !m.rules[t]));
    name_kinds(&kind_page, kinds, labels, sink);
    // A name beside a byline or a date is the author's.
    for i in 0..labels.len() {
        let next_to = |j: Option<usize>| {
            j.and_then(|j| labels.get(j))
                .is_some_and(|l| matches!(l.label, Label::Byline | Label::Timestamp))
        };
        if labels[i].label == Label::Navigation
            && rows[i].name_shape
            && (next_to(i.checked_sub(1)) || next_to(Some(i + 1)))
        {
            labels[i].label = Label::Byline;
            labels[i].reasons.insert(Reason::AuthorName);
        }
    }
    // The headline: a headline-shaped line kept as content, before any sentence of
    // the page, whose next line is a byline or a date (an article's header); else,
    // without a kind model naming titles, the fullest headline-shaped line shortly
    // before the main run that is named navigation.
    // (At threshold 0 every visible line is kept, as documented: no headline is
    // taken from the content.)
    let header = (threshold > 0.0)
        .then(|| header_headline(rows, labels))
        .flatten();
    if let Some(i) = header {
        labels[i].label = Label::Title;
        labels[i].reasons.insert(Reason::Headline);
    } else if let Some((start, _)) = page.main.filter(|_| !model_names_titles) {
        let from = start.saturating_sub(HEADLINE_REACH);
        let best = (from..start)
            .filter(|&i| {
                matches!(labels[i].label, Label::Navigation | Label::Title)
                    && rows[i].headline_shape
            })
            .max_by(|&a, &b| rows[a].info.words_log.total_cmp(&rows[b].info.words_log));
        if let Some(i) = best {
            labels[i].label = Label::Title;
            labels[i].reasons.insert(Reason::Headline);
        }
    }
}

/// The headline of an article's header: the first headline-shaped line labelled
/// content whose next non-blank line reads as a byline or a date, found before the
/// first content line that ends like a sentence.
///
/// The next line's kind (not its label) is asked, so that a lower threshold never
/// drops a line a higher one keeps: lowering it only adds content lines, which can
/// only move the choice earlier or cancel it.
fn header_headline(rows: &[Row], labels: &[LineLabel]) -> Option<usize> {
    for (i, row) in rows.iter().enumerate() {
        if labels[i].label != Label::Content {
            continue;
        }
        if row.info.sentence {
            return None;
        }
        if !row.headline_shape {
            continue;
        }
        let next = (i + 1..rows.len()).find(|&j| !rows[j].info.blank);
        if next.is_some_and(|j| matches!(rows[j].kind, Some(Label::Byline | Label::Timestamp))) {
            return Some(i);
        }
    }
    None
}

/// The mean score of the content-like lines of the page's main run (0 without one).
fn main_run_mean(rows: &[Row], page: &Page) -> f32 {
    let Some((start, end)) = page.main else {
        return 0.0;
    };
    let (sum, n) = rows[start..=end]
        .iter()
        .filter(|r| !r.info.blank && r.info.p >= features::CONTENT_LIKE)
        .fold((0.0, 0.0), |(s, n), r| (s + r.info.p, n + 1.0));
    if n > 0.0 { sum / n } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revise::confidence::HTML_PAGE_CONFIDENCE;
    use crate::revise::confidence::tests::row;

    #[test]
    fn unsure_lines_away_from_the_main_text_and_container_fall_under_the_bar() {
        // An article the model is sure of, 16 dropped lines, then three teasers.
        let mut p = vec![0.97; 8];
        p.extend([0.05; 16]);
        p.extend([0.8, 0.75, 0.8]);
        let rows: Vec<Row> = p
            .iter()
            .map(|&p| {
                let mut r = row(20.0);
                r.info.p = p;
                r
            })
            .collect();
        let teasers = p.len() - 3..p.len();
        let kept = |strength: f32, in_container: &[bool]| -> Vec<bool> {
            let mut labels = Vec::new();
            let bar = PageBar {
                strength,
                in_container,
            };
            name_labels(
                &rows,
                0.46,
                bar,
                KindInput::NONE,
                &mut labels,
                &mut Default::default(),
            );
            labels.iter().map(|l| l.label == Label::Content).collect()
        };
        let strength = HTML_PAGE_CONFIDENCE;
        // Outside the main container (the article's element): dropped.
        let mut in_container = vec![false; p.len()];
        in_container[..8].fill(true);
        let html = kept(strength, &in_container);
        assert!(html[..8].iter().all(|&k| k), "{html:?}");
        assert!(teasers.clone().all(|i| !html[i]), "{html:?}");
        // Inside it (one long page of documentation across a code listing): kept.
        let one = kept(strength, &vec![true; p.len()]);
        assert!(teasers.clone().all(|i| one[i]), "{one:?}");
        // Text (strength 0, no container): kept.
        let text = kept(0.0, &[]);
        assert!(teasers.clone().all(|i| text[i]), "{text:?}");
    }

    #[test]
    fn the_headline_rule_gives_way_to_a_kind_model_naming_titles() {
        // A dropped headline-shaped line, then a main run of content.
        let rows: Vec<Row> = (0..10)
            .map(|i| {
                let mut r = row(20.0);
                r.info.p = if i < 2 { 0.05 } else { 0.97 };
                r.headline_shape = i == 1;
                r
            })
            .collect();
        let headline = |kinds: KindInput<'_>| {
            let mut labels = Vec::new();
            let bar = PageBar {
                strength: 0.0,
                in_container: &[],
            };
            name_labels(
                &rows,
                0.46,
                bar,
                kinds,
                &mut labels,
                &mut Default::default(),
            );
            assert_eq!(labels[5].label, Label::Content);
            (
                labels[1].label,
                labels[1].reasons.contains(Reason::Headline),
            )
        };
        // The rules alone: the fullest headline-shaped line before the run.
        assert_eq!(headline(KindInput::NONE), (Label::Title, true));
        // A kind model that names titles names it; one that leaves titles to the
        // rules does not.
        // (Both name every line navigation: the bias weighs for it alone.)
        let mut names = crate::kinds::KindModel::zeros(false);
        names.weights[0][class_of(Label::Navigation).unwrap()] = 1.0;
        let mut leaves = names.clone();
        leaves.rules[class_of(Label::Title).unwrap()] = true;
        let with = |model| KindInput {
            model: Some(model),
            ..KindInput::NONE
        };
        assert_eq!(headline(with(&names)), (Label::Navigation, false));
        assert_eq!(headline(with(&leaves)), (Label::Title, true));
    }
}
