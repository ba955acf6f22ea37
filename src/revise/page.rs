//! What the page pass holds of a page: a [`Row`] per line, the [`PageBuffers`] kept
//! from page to page, and the [`MeasuredPage`] the context stages take.
//!
//! The types sit below every step of the pass: measuring fills them, the stages and
//! the page rules read and update them, and none of them calls back up.

use super::line_cache::LineCache;
use super::repeats::Repeats;
use crate::features::{BASE, CONTEXT, LineInfo, WindowScratch, WindowSums};
use crate::label::{Label, LineLabel, Reasons};
use crate::score::MAX_STAGES;
use crate::text::LineSpan;

/// What the page pass keeps of one line between stages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    pub span: LineSpan,
    /// Each stage's dot product over the per-line features.
    pub base_dot: [f32; MAX_STAGES],
    pub info: LineInfo,
    pub kind: Option<Label>,
    pub reasons: Reasons,
    /// Could be the page's headline (no kind, headline-sized, not ending like a sentence
    /// or a lead-in).
    pub headline_shape: bool,
    /// Shaped like a person's name: two to four capitalised words, no digits, no
    /// sentence end, nothing pointing to a kind.
    pub name_shape: bool,
}

/// What the per-line pass made of a line, as the [`LineCache`] keeps it.
#[derive(Clone, Copy)]
pub(crate) struct Measured {
    /// The line's row (its span is the first line's it was measured on).
    pub row: Row,
    /// Its per-line features.
    pub x: [f32; BASE],
}

/// The buffers of one page's pass besides its rows: kept from page to page (by a
/// [`crate::Workspace`]), so that a long page's buffers are allocated, and their
/// memory first touched, once rather than for every page.
#[derive(Default)]
pub(crate) struct PageBuffers {
    /// Every line's hash, and which stand more than once.
    pub(super) repeats: Repeats,
    /// Short lines measured on this page or an earlier one.
    pub(super) lines: LineCache<Measured>,
    /// The bits of the page's stage weights, for [`LineCache::start`].
    pub(super) weight_bits: Vec<u32>,
    /// The rows' infos, their probabilities updated stage by stage.
    pub(super) infos: Vec<LineInfo>,
    /// The next stage's probabilities.
    pub(super) next_p: Vec<f32>,
    /// The context features of the stage the trees are added to.
    pub(super) ctx: Vec<[f32; CONTEXT]>,
    /// The trees' sums.
    pub(super) boost: Vec<f32>,
    /// The page's [`ln1p_fifth_table`](crate::features::ln1p_fifth_table).
    pub(super) ln: Vec<f32>,
    /// Run lengths and window sums, and the latter's columns.
    pub(super) runs: Vec<u32>,
    pub(super) windows: Vec<WindowSums>,
    pub(super) window_scratch: WindowScratch,
    /// The window sums [`name_labels`](super::name_labels) asks (probabilities and
    /// counts).
    pub(super) means: Vec<(f32, u32)>,
    /// The rescaled scores of [`name_labels`](super::name_labels).
    pub(super) scores: Vec<f32>,
    /// The labels [`name_labels`](super::name_labels) names (taken out while it
    /// writes them).
    pub labels: Vec<LineLabel>,
    /// When set, every line's kind-model features are appended to it, for fitting
    /// the kind model (see [`crate::kinds::fit`]).
    #[cfg(feature = "train")]
    pub kind_features: Option<crate::kinds::KindSink>,
}

impl PageBuffers {
    /// Forgets the lines measured on earlier pages (keeps the memory).
    #[cfg(any(test, feature = "internals"))]
    pub(crate) fn forget_lines(&mut self) {
        self.lines.clear();
    }

    /// The bytes the buffers hold (their capacity).
    pub(crate) fn bytes_held(&self) -> usize {
        use std::mem::size_of;
        self.repeats.bytes_held()
            + self.lines.bytes_held()
            + self.weight_bits.capacity() * 4
            + self.infos.capacity() * size_of::<LineInfo>()
            + (self.next_p.capacity() + self.boost.capacity() + self.ln.capacity()) * 4
            + self.ctx.capacity() * size_of::<[f32; CONTEXT]>()
            + self.runs.capacity() * 4
            + self.windows.capacity() * size_of::<WindowSums>()
            + self.means.capacity() * size_of::<(f32, u32)>()
            + self.window_scratch.bytes_held()
            + self.scores.capacity() * 4
            + self.labels.capacity() * size_of::<LineLabel>()
    }
}

/// A measured page: its rows (see [`measure_page`](super::measure_page)), every
/// row's per-line features when the model has trees (else it may be empty), and
/// every row's layout features when the trees ask about them (the HTML model's;
/// [`NO_EXTRA`] for text).
pub(crate) struct MeasuredPage<'a, const E: usize> {
    /// The page's text, which the rows' spans index.
    pub text: &'a [u8],
    pub rows: &'a mut [Row],
    pub base: &'a [[f32; BASE]],
    pub extra: &'a [[f32; E]],
}

/// No extra features: the text model's rows (see [`revise`](super::revise)).
pub(crate) const NO_EXTRA: &[[f32; 0]] = &[];
