//! [`Cleaner`], its builder, and the [`Verdict`] it gives each line.

use crate::kinds::{KindModel, TEXT_KINDS};
use crate::label::{DEFAULT_THRESHOLD, Label, LineLabel, Reasons};
use crate::revise::{self, PageBuffers};
use crate::score::{MODEL_WEIGHTS, Model};
use crate::workspace::Workspace;
use std::fmt;
use std::ops::Range;

/// The verdict on one line: where it is, what it is, how sure, and why.
///
/// ```
/// let cleaner = deboiler::Cleaner::new();
/// let text = "Photo: Reuters\n";
/// let v = cleaner.classify(text)[0];
/// assert_eq!(&text[v.span()], "Photo: Reuters");
/// assert_eq!(v.label(), deboiler::Label::Caption);
/// assert!(!v.is_kept());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Verdict {
    start: usize,
    end: usize,
    next: usize,
    label: Label,
    score: f32,
    reasons: Reasons,
    kept: bool,
}

impl Verdict {
    /// The line's byte span in the input, without its line terminator.
    ///
    /// ```
    /// let text = "Share on Facebook\r\nInvalid email";
    /// let v = deboiler::Cleaner::new().classify(text);
    /// assert_eq!(v[0].span(), 0..17);
    /// assert_eq!(&text[v[1].span()], "Invalid email");
    /// ```
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The line's byte span including its terminator (`\n`, `\r\n`, a lone `\r` in
    /// an input without `\n`, or none at the end of input). The spans of all
    /// verdicts cover the input exactly, in order.
    ///
    /// ```
    /// let text = "Share on Facebook\r\n\nInvalid email";
    /// let v = deboiler::Cleaner::new().classify(text);
    /// assert_eq!(v[0].full_span(), 0..19);
    /// assert_eq!(&text[v[1].full_span()], "\n");
    /// assert_eq!(v[2].full_span(), v[2].span());
    /// let rebuilt: String = v.iter().map(|v| &text[v.full_span()]).collect();
    /// assert_eq!(rebuilt, text);
    /// // Classic Mac line ends: the `\r` is the terminator.
    /// let mac = "Share on Facebook\rInvalid email";
    /// let v = deboiler::Cleaner::new().classify(mac);
    /// assert_eq!((v[0].span(), v[0].full_span()), (0..17, 0..18));
    /// ```
    pub fn full_span(&self) -> Range<usize> {
        self.start..self.next
    }

    /// The line's label.
    ///
    /// ```
    /// use deboiler::{Cleaner, Label};
    /// let v = Cleaner::new().classify("Invalid email\n\n");
    /// assert_eq!(v[0].label(), Label::Marketing);
    /// assert_eq!(v[1].label(), Label::Blank);
    /// ```
    pub fn label(&self) -> Label {
        self.label
    }

    /// How sure the classifier is, from 0 to 1, that the line is content: the model's
    /// probability, rescaled by two page rules (on a page where no line scores 0.5,
    /// the page's best lines are raised to it; away from a clear main text, lines
    /// need a higher probability). The line is content exactly when its score reaches
    /// the cleaner's [`threshold`](Cleaner::threshold), so a higher threshold never
    /// keeps more.
    ///
    /// ```
    /// let v = deboiler::Cleaner::new().classify("Share on Facebook\n")[0];
    /// assert!((0.0..=1.0).contains(&v.score()));
    /// assert!(v.score() < deboiler::DEFAULT_THRESHOLD);
    /// ```
    pub fn score(&self) -> f32 {
        self.score
    }

    /// The evidence behind the verdict.
    ///
    /// ```
    /// use deboiler::{Cleaner, Reason};
    /// let v = Cleaner::new().classify("Invalid email\n")[0];
    /// assert!(v.reasons().contains(Reason::MarketingPhrase));
    /// assert!(v.reasons().to_string().contains("marketing-phrase"));
    /// ```
    pub fn reasons(&self) -> Reasons {
        self.reasons
    }

    /// Whether the cleaner keeps the line (its label is one of those kept; a blank
    /// line is kept between two kept lines).
    ///
    /// ```
    /// use deboiler::{Cleaner, Label};
    /// let text = "Invalid email\n";
    /// assert!(!Cleaner::new().classify(text)[0].is_kept());
    /// let marketing = Cleaner::builder().keep(&[Label::Marketing]).build();
    /// assert!(marketing.classify(text)[0].is_kept());
    /// ```
    pub fn is_kept(&self) -> bool {
        self.kept
    }
}

/// Writes the kept lines of `bytes` to `out`, each exactly as in the input with its
/// own line terminator; a kept last line without one gets the input's line end (`\r`
/// in an input whose lines end in a lone `\r`, else `\n`), so that outputs can be
/// concatenated without gluing lines. `verdicts` are those of `bytes`. Runs of
/// consecutive kept lines are written in one piece.
///
/// ```
/// let text = b"Share on Facebook\nThe council met on Tuesday and agreed the plan after a long and careful debate.";
/// let cleaner = deboiler::Cleaner::builder().threshold(0.0).build();
/// let mut out = Vec::new();
/// deboiler::write_kept(text, &cleaner.classify_bytes(text), &mut out).unwrap();
/// assert_eq!(out, [&text[..], b"\n"].concat());
/// // Classic Mac line ends stay as they are.
/// let mac = b"Share on Facebook\rThe council met on Tuesday and agreed the plan after a long and careful debate.";
/// let mut out = Vec::new();
/// deboiler::write_kept(mac, &cleaner.classify_bytes(mac), &mut out).unwrap();
/// assert_eq!(out, [&mac[..], b"\r"].concat());
/// ```
pub fn write_kept(
    bytes: &[u8],
    verdicts: &[Verdict],
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut run: Option<Range<usize>> = None;
    for v in verdicts.iter().filter(|v| v.kept) {
        run = match run {
            Some(r) if r.end == v.start => Some(r.start..v.next),
            Some(r) => {
                out.write_all(&bytes[r])?;
                Some(v.start..v.next)
            }
            None => Some(v.start..v.next),
        };
        if v.next == v.end {
            if let Some(r) = run.take() {
                out.write_all(&bytes[r])?;
            }
            out.write_all(&[crate::text::line_end(bytes)])?;
        }
    }
    if let Some(r) = run {
        out.write_all(&bytes[r])?;
    }
    Ok(())
}

/// A line classifier, built once and shared: cheap to copy, `Send` and `Sync`.
///
/// A line of text input ends at `\n` (a `\r` before it belongs to the line end, not
/// the line); in an input without any `\n`, a lone `\r` ends a line (classic Mac
/// line ends). Elsewhere a `\r` is part of its line's text.
///
/// ```
/// use deboiler::{Cleaner, Label};
/// let cleaner = Cleaner::builder().keep(&[Label::Content, Label::Title]).build();
/// let text = "Home\nNews\nSport\nThe council met on Tuesday and approved the new budget after a long debate.\n";
/// assert_eq!(cleaner.clean(text), "The council met on Tuesday and approved the new budget after a long debate.\n");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cleaner {
    keep: u16,
    threshold: f32,
    /// Whether every line is named by the kind model, or only those whose kind
    /// can change what is kept ([`CleanerBuilder::kinds`]).
    kinds: bool,
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::new()
    }
}

/// Builds a [`Cleaner`]: [`CleanerBuilder::try_build`] checks the settings,
/// [`CleanerBuilder::build`] makes do with them.
///
/// ```
/// use deboiler::{Cleaner, Label};
/// let strict = Cleaner::builder().threshold(0.8).keep(&[Label::Content]).try_build()?;
/// assert_eq!(strict.threshold(), 0.8);
/// # Ok::<(), deboiler::InvalidThreshold>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CleanerBuilder {
    cleaner: Cleaner,
    /// The threshold as given, checked by [`CleanerBuilder::try_build`].
    threshold: f32,
}

/// The error of [`CleanerBuilder::try_build`]: the threshold given is not a number
/// from 0 to 1 (it is above 1, below 0, infinite or NaN).
///
/// ```
/// use deboiler::{Cleaner, InvalidThreshold};
/// let err = Cleaner::builder().threshold(1.5).try_build().unwrap_err();
/// assert_eq!(err, InvalidThreshold(1.5));
/// assert_eq!(err.to_string(), "invalid threshold 1.5: expected a number from 0 to 1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InvalidThreshold(pub f32);

impl fmt::Display for InvalidThreshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid threshold {}: expected a number from 0 to 1",
            self.0
        )
    }
}

impl std::error::Error for InvalidThreshold {}

impl CleanerBuilder {
    /// Which labels to keep (default: [`Label::Content`] only). Replaces the set; an
    /// empty slice keeps nothing.
    ///
    /// ```
    /// use deboiler::{Cleaner, Label};
    /// let c = Cleaner::builder().keep(&[Label::Title, Label::Byline]).build();
    /// assert!(c.keeps(Label::Title) && c.keeps(Label::Byline));
    /// assert!(!c.keeps(Label::Content));
    /// let none = Cleaner::builder().keep(&[]).build();
    /// assert_eq!(none.clean("Share on Facebook\nInvalid email\n"), "");
    /// ```
    pub fn keep(mut self, labels: &[Label]) -> Self {
        self.cleaner.keep = labels.iter().fold(0, |m, l| m | 1 << l.index());
        self
    }

    /// The precision/recall trade-off: a line is content when its score is at least
    /// `threshold` (default [`DEFAULT_THRESHOLD`]). Higher keeps less and is surer of
    /// it; lower keeps more. A number from 0 to 1, both included (the range of the
    /// command line's `--threshold`): [`CleanerBuilder::try_build`] rejects any other
    /// value with [`InvalidThreshold`]; [`CleanerBuilder::build`] clamps a value out
    /// of range to 0 or 1 and takes the default for NaN.
    ///
    /// ```
    /// use deboiler::{Cleaner, InvalidThreshold};
    /// assert_eq!(Cleaner::builder().threshold(0.7).try_build()?.threshold(), 0.7);
    /// assert_eq!(Cleaner::builder().threshold(1.5).try_build(), Err(InvalidThreshold(1.5)));
    /// assert!(Cleaner::builder().threshold(f32::NAN).try_build().is_err());
    /// assert_eq!(Cleaner::builder().threshold(-1.0).build().threshold(), 0.0);
    /// // At 0 every line that is not blank is content.
    /// let all = Cleaner::builder().threshold(0.0).try_build()?;
    /// assert_eq!(all.clean("Share on Facebook\n"), "Share on Facebook\n");
    /// # Ok::<(), InvalidThreshold>(())
    /// ```
    pub fn threshold(mut self, threshold: f32) -> Self {
        self.threshold = threshold;
        self
    }

    /// Whether the label of every line is named by the kind model (default `true`).
    /// With `false`, only the lines whose kind can change what is kept are: the
    /// lines over the threshold (the model may name them a reader comment or a
    /// caption) and, where the cleaner keeps a kind of boilerplate, every line. The
    /// other lines under the threshold keep the kind the rules give them, which
    /// saves the model's work on them; what the cleaner keeps is the same either
    /// way. [`Cleaner::clean`], [`Cleaner::clean_bytes`] and
    /// [`Cleaner::clean_html`], which give the kept text only, always work so.
    ///
    /// ```
    /// use deboiler::Cleaner;
    /// let text = "Home\nThe council met on Tuesday and approved the new budget after a long debate.\n";
    /// let fast = Cleaner::builder().kinds(false).build();
    /// assert_eq!(fast.clean(text), Cleaner::new().clean(text));
    /// let kept = |c: Cleaner| c.classify(text).iter().map(|v| v.is_kept()).collect::<Vec<_>>();
    /// assert_eq!(kept(fast), kept(Cleaner::new()));
    /// ```
    pub fn kinds(mut self, every_line: bool) -> Self {
        self.cleaner.kinds = every_line;
        self
    }

    /// The cleaner, or [`InvalidThreshold`] if the threshold given is not a number
    /// from 0 to 1.
    ///
    /// ```
    /// use deboiler::{Cleaner, InvalidThreshold, Label};
    /// let c = Cleaner::builder().keep(&[Label::Caption]).try_build()?;
    /// let text = "Photo: Reuters\n";
    /// assert_eq!(c.clean(text), text);
    /// let err = Cleaner::builder().threshold(f32::INFINITY).try_build().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid threshold inf: expected a number from 0 to 1");
    /// # Ok::<(), InvalidThreshold>(())
    /// ```
    pub fn try_build(self) -> Result<Cleaner, InvalidThreshold> {
        if (0.0..=1.0).contains(&self.threshold) {
            Ok(Cleaner {
                threshold: self.threshold,
                ..self.cleaner
            })
        } else {
            Err(InvalidThreshold(self.threshold))
        }
    }

    /// The cleaner, never failing: a threshold out of range is clamped to 0 or 1,
    /// NaN gives [`DEFAULT_THRESHOLD`]. [`CleanerBuilder::try_build`] rejects both
    /// instead.
    ///
    /// ```
    /// use deboiler::{Cleaner, DEFAULT_THRESHOLD, Label};
    /// let c = Cleaner::builder().keep(&[Label::Caption]).build();
    /// let text = "Photo: Reuters\n";
    /// assert_eq!(c.clean(text), text);
    /// assert_eq!(Cleaner::builder().threshold(1.5).build().threshold(), 1.0);
    /// assert_eq!(Cleaner::builder().threshold(f32::NAN).build().threshold(), DEFAULT_THRESHOLD);
    /// ```
    pub fn build(self) -> Cleaner {
        let threshold = if self.threshold.is_nan() {
            DEFAULT_THRESHOLD
        } else {
            self.threshold.clamp(0.0, 1.0)
        };
        Cleaner {
            threshold,
            ..self.cleaner
        }
    }
}

/// The first half of [`Cleaner::classify_with`], the per-line pass: splits `bytes`
/// into lines and measures each (see [`revise::measure_page_cached`]), leaving the rows,
/// and every line's per-line features when the model has trees, in `workspace` for
/// [`Cleaner::classify_measured_text`].
pub(crate) fn measure_text(model: &Model, bytes: &[u8], workspace: &mut Workspace) {
    let Workspace { rows, base, page } = workspace;
    let keep_base = !model.trees.is_empty();
    revise::measure_page_cached(bytes, model, rows, page, base, keep_base);
}

impl Cleaner {
    /// A cleaner that keeps content, with the default threshold.
    ///
    /// ```
    /// assert!(deboiler::Cleaner::new().keeps(deboiler::Label::Content));
    /// ```
    pub fn new() -> Cleaner {
        Cleaner {
            keep: 1 << Label::Content.index(),
            threshold: DEFAULT_THRESHOLD,
            kinds: true,
        }
    }

    /// A builder, starting from [`Cleaner::new`]'s settings.
    ///
    /// ```
    /// let c = deboiler::Cleaner::builder().build();
    /// assert_eq!(c, deboiler::Cleaner::new());
    /// ```
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder {
            cleaner: Cleaner::new(),
            threshold: DEFAULT_THRESHOLD,
        }
    }

    /// Whether lines with this label are kept.
    ///
    /// ```
    /// assert!(!deboiler::Cleaner::new().keeps(deboiler::Label::Caption));
    /// ```
    pub fn keeps(&self, label: Label) -> bool {
        self.keep & (1 << label.index()) != 0
    }

    /// The decision threshold on the content score.
    ///
    /// ```
    /// assert_eq!(deboiler::Cleaner::new().threshold(), deboiler::DEFAULT_THRESHOLD);
    /// ```
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// Classifies every line of `text`.
    ///
    /// ```
    /// let text = "Invalid email\nHe said the plan would take years, and that the allies agreed.\n";
    /// let verdicts = deboiler::Cleaner::new().classify(text);
    /// assert_eq!(verdicts.len(), 2);
    /// assert_eq!(verdicts[0].label(), deboiler::Label::Marketing);
    /// ```
    pub fn classify(&self, text: &str) -> Vec<Verdict> {
        self.classify_bytes(text.as_bytes())
    }

    /// Classifies every line of `bytes`, which need not be valid UTF-8: invalid
    /// sequences are judged as punctuation and flagged with
    /// [`Reason::InvalidUtf8`](crate::Reason::InvalidUtf8); spans are byte offsets.
    ///
    /// ```
    /// let v = deboiler::Cleaner::new().classify_bytes(b"caf\xe9\n");
    /// assert_eq!(v[0].span(), 0..4);
    /// assert!(v[0].reasons().contains(deboiler::Reason::InvalidUtf8));
    /// ```
    pub fn classify_bytes(&self, bytes: &[u8]) -> Vec<Verdict> {
        let mut out = Vec::new();
        self.classify_into(bytes, &mut out);
        out
    }

    /// Like [`Cleaner::classify_bytes`], writing into `out` (cleared first) so that
    /// its allocation is reused across pages.
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::new();
    /// let mut out = Vec::new();
    /// for page in ["Menu\n", "One\nTwo\n"] {
    ///     cleaner.classify_into(page.as_bytes(), &mut out);
    /// }
    /// assert_eq!(out.len(), 2);
    /// ```
    pub fn classify_into(&self, bytes: &[u8], out: &mut Vec<Verdict>) {
        self.classify_reusing(bytes, &mut Workspace::new(), out);
    }

    /// Like [`Cleaner::classify_into`], with the page pass's buffers in `workspace`:
    /// classifying many pages (or the segments of a long text) with one workspace
    /// allocates those buffers, a few hundred bytes a line, once for the longest page
    /// rather than for every page ([`Workspace::bytes_held`] tells how much). The
    /// verdicts are the same.
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::new();
    /// let mut workspace = deboiler::Workspace::new();
    /// let mut out = Vec::new();
    /// for page in ["Menu\n", "One\nTwo\n"] {
    ///     cleaner.classify_reusing(page.as_bytes(), &mut workspace, &mut out);
    ///     assert_eq!(out, cleaner.classify(page));
    /// }
    /// ```
    pub fn classify_reusing(
        &self,
        bytes: &[u8],
        workspace: &mut Workspace,
        out: &mut Vec<Verdict>,
    ) {
        self.classify_with(&MODEL_WEIGHTS, TEXT_KINDS.as_ref(), bytes, workspace, out);
    }

    /// Classifies with the given model's weights.
    pub(crate) fn classify_with(
        &self,
        model: &Model,
        kinds: Option<&KindModel>,
        bytes: &[u8],
        workspace: &mut Workspace,
        out: &mut Vec<Verdict>,
    ) {
        measure_text(model, bytes, workspace);
        self.classify_measured_text(model, kinds, bytes, workspace, out);
    }

    /// The second half of [`Cleaner::classify_with`]: the context stages, labels and
    /// verdicts of the text page [`measure_text`] left in `workspace`.
    pub(crate) fn classify_measured_text(
        &self,
        model: &Model,
        kinds: Option<&KindModel>,
        text: &[u8],
        workspace: &mut Workspace,
        out: &mut Vec<Verdict>,
    ) {
        let Workspace { rows, base, page } = workspace;
        let measured = revise::MeasuredPage {
            text,
            rows,
            base,
            extra: revise::NO_EXTRA,
        };
        self.classify_rows(model, kinds, measured, revise::PageBar::TEXT, page, out);
    }

    /// The context stages, labels and verdicts of a measured page (see
    /// [`revise::measure_page`]); the HTML front end adds its layout scores to the
    /// rows first (see [`revise::revise`]). `bar` is what the page rules are told of
    /// the page ([`revise::PageBar::TEXT`] for text). `page` holds the pass's buffers.
    pub(crate) fn classify_rows<const E: usize>(
        &self,
        model: &Model,
        kinds: Option<&KindModel>,
        measured: revise::MeasuredPage<'_, E>,
        bar: revise::PageBar,
        page: &mut PageBuffers,
        out: &mut Vec<Verdict>,
    ) {
        out.clear();
        let revise::MeasuredPage {
            text,
            rows,
            base,
            extra,
        } = measured;
        revise::revise(model, rows, base, extra, page);
        let mut labels = std::mem::take(&mut page.labels);
        let kinds = revise::KindInput {
            model: kinds,
            every_line: self.names_every_line(),
            text,
            base,
            extra: extra.as_flattened(),
            extra_dim: E,
        };
        revise::name_labels(rows, self.threshold, bar, kinds, &mut labels, page);
        out.reserve(rows.len());
        for (row, line) in rows.iter().zip(labels.iter()) {
            let LineLabel {
                label,
                reasons,
                score,
            } = *line;
            out.push(Verdict {
                start: row.span.start,
                end: row.span.end,
                next: row.span.next,
                label,
                score,
                reasons,
                kept: self.keeps(label),
            });
        }
        page.labels = labels;
        // A blank line is kept only between two kept lines.
        let mut last_kept = false;
        let mut i = 0;
        while i < out.len() {
            if out[i].label != Label::Blank {
                last_kept = out[i].kept;
                i += 1;
                continue;
            }
            let run_end = (i..out.len())
                .find(|&j| out[j].label != Label::Blank)
                .unwrap_or(out.len());
            let next_kept = run_end < out.len() && out[run_end].kept;
            for v in &mut out[i..run_end] {
                v.kept = last_kept && next_kept;
            }
            i = run_end;
        }
    }

    /// The kept lines of `text`, in order, each exactly as in the input with its own
    /// line terminator (a last line without one gets the input's line end, as
    /// [`write_kept`] writes them).
    ///
    /// ```
    /// let text = "09:56, Mon, Mar 17, 2025\nThe peace plan, which is likely to involve other allies, is open-ended and will go on for as long as it takes.\n";
    /// let kept = deboiler::Cleaner::new().clean(text);
    /// assert!(kept.starts_with("The peace plan"));
    /// ```
    pub fn clean(&self, text: &str) -> String {
        let mut out = Vec::with_capacity(text.len() / 2);
        // Writing to a `Vec` cannot fail.
        let _ = write_kept(text.as_bytes(), &self.kept_only().classify(text), &mut out);
        // Whole lines of a `str`, and `\n`, are valid UTF-8.
        String::from_utf8(out).unwrap_or_default()
    }

    /// Like [`Cleaner::clean`] for bytes that need not be valid UTF-8: the kept lines
    /// are appended to `out` byte for byte.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// deboiler::Cleaner::new().clean_bytes(b"Share\n", &mut out);
    /// assert!(out.is_empty());
    /// ```
    pub fn clean_bytes(&self, bytes: &[u8], out: &mut Vec<u8>) {
        // Writing to a `Vec` cannot fail.
        let _ = write_kept(bytes, &self.kept_only().classify_bytes(bytes), out);
    }

    /// This cleaner naming only the kinds that decide what is kept
    /// ([`CleanerBuilder::kinds`]): for the methods that give the kept text alone.
    pub(crate) fn kept_only(&self) -> Cleaner {
        Cleaner {
            kinds: false,
            ..*self
        }
    }

    /// Whether the kind model names every line: when asked to, or when this
    /// cleaner keeps a kind of boilerplate (whose lines it must then find).
    fn names_every_line(&self) -> bool {
        self.kinds || self.keep & !(1 << Label::Content.index()) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaner_is_send_sync_and_cheap() {
        fn assert_send_sync<T: Send + Sync + Copy>() {}
        assert_send_sync::<Cleaner>();
    }

    #[test]
    fn spans_cover_the_input() {
        let text = "a\r\n\nb c d\n  \nlast";
        let v = Cleaner::new().classify(text);
        let mut pos = 0;
        for verdict in &v {
            assert_eq!(verdict.full_span().start, pos);
            pos = verdict.full_span().end;
        }
        assert_eq!(pos, text.len());
        assert_eq!(v[1].label(), Label::Blank);
    }

    #[test]
    fn keep_set_and_threshold() {
        let c = Cleaner::builder()
            .keep(&[Label::Caption, Label::Legal])
            .threshold(f32::NAN)
            .build();
        assert!(c.keeps(Label::Caption) && c.keeps(Label::Legal) && !c.keeps(Label::Content));
        assert_eq!(c.threshold(), DEFAULT_THRESHOLD);
        assert_eq!(Cleaner::builder().threshold(7.0).build().threshold(), 1.0);
        assert_eq!(
            Cleaner::builder().threshold(7.0).try_build(),
            Err(InvalidThreshold(7.0))
        );
        let all = Cleaner::builder().threshold(0.0).build();
        let text = "Share\nHome\n";
        assert_eq!(all.clean(text), text, "threshold 0 keeps every line");
    }

    #[test]
    fn blank_lines_are_kept_only_between_kept_lines() {
        let c = Cleaner::builder().threshold(0.0).build();
        let v = c.classify("\nA\n\n\nB\n\n");
        let kept: Vec<bool> = v.iter().map(|v| v.is_kept()).collect();
        assert_eq!(kept, vec![false, true, true, true, true, false]);
    }

    #[test]
    fn empty_input() {
        assert!(Cleaner::new().classify("").is_empty());
        assert_eq!(Cleaner::new().clean(""), "");
    }
}
