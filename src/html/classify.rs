//! Scoring a walked page's blocks: each line's text features, as for a text dump, and
//! each block's layout and window features ([`super::window`]) go through the one
//! classifier of [`crate::revise`], with the HTML model's weights ([`super::model`]).

use super::dump::Dump;
use super::model::HtmlModel;
use super::window;
use crate::cleaner::{Cleaner, Verdict};
use crate::kinds::KindModel;
use crate::revise::PageBuffers;

/// HTML blocks through the classifier of text dumps.
impl Cleaner {
    /// Classifies a walked page's blocks with `model`: each line's text features and
    /// its block's layout features, then the context stages.
    pub(crate) fn classify_dump(
        &self,
        model: &HtmlModel,
        kinds: Option<&KindModel>,
        dump: &Dump,
        bufs: &mut PageBuffers,
        out: &mut Vec<Verdict>,
    ) {
        let mut rows = Vec::new();
        let mut base = Vec::new();
        let text = dump.text.as_bytes();
        if model.text.trees.is_empty() {
            crate::revise::measure_page(text, &model.text, &mut rows, |_, _| {});
        } else {
            base.reserve(crate::text::line_count(text));
            crate::revise::measure_page(text, &model.text, &mut rows, |_, x| base.push(*x));
        }
        let mut x = Vec::new();
        window::features(dump, &mut x);
        add_layout(model, &x, &mut rows);
        let in_container: Vec<bool> = dump.blocks.iter().map(|b| b.facts.in_best[0]).collect();
        let measured = crate::revise::MeasuredPage {
            text,
            rows: &mut rows,
            base: &base,
            extra: &x,
        };
        let bar = crate::revise::PageBar::html(&in_container);
        self.classify_rows(&model.text, kinds, measured, bar, bufs, out);
    }
}

/// Adds each block's layout dot products to its line's per-stage dot products, and
/// refreshes the line's first-stage probability. Lines and blocks correspond one to
/// one (every line of a dump is a block); if they ever did not, the layout is left out.
///
/// Most layout features of a block are 0 (token families, one-hot tags), so each dot
/// product runs over the others only, in the same order: with finite weights that
/// gives the bits of the full product whenever it is not 0 (a sum of the same terms
/// in the same order, less terms that are 0, which leave a sum other than 0 as it
/// is); when it is 0, the full product is taken, for the sign of that 0.
pub(crate) fn add_layout(
    model: &HtmlModel,
    x: &[[f32; window::BLOCK]],
    rows: &mut [crate::revise::Row],
) {
    if x.len() != rows.len() {
        return;
    }
    let finite = model.layout.iter().all(|w| w.iter().all(|v| v.is_finite()));
    // The start of a sum of `f32`s (Rust starts at -0.0).
    let start: f32 = std::iter::empty::<f32>().sum();
    for (row, x) in rows.iter_mut().zip(x) {
        // Every stage's sum over the features that are not 0, in one pass.
        let mut sparse = [start; crate::score::MAX_STAGES];
        for (i, &xi) in x.iter().enumerate() {
            if xi != 0.0 {
                for (s, w) in sparse.iter_mut().zip(&model.layout) {
                    *s += w[i] * xi;
                }
            }
        }
        for ((d, w), s) in row.base_dot.iter_mut().zip(&model.layout).zip(sparse) {
            *d += if finite && s != 0.0 {
                s
            } else {
                crate::score::dot(w, x)
            };
        }
        row.info.p = crate::score::sigmoid(row.base_dot[0]);
    }
}

#[cfg(test)]
mod tests {
    use crate::html::layout::LAYOUT;

    /// The sparse dot products of [`super::add_layout`] against the full ones, bit for bit.
    #[test]
    fn sparse_layout_dots_are_the_full_ones() {
        let mut x = [0.0f32; LAYOUT];
        let mut w = [0.0f32; LAYOUT];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..2000 {
            for i in 0..LAYOUT {
                let r = next();
                x[i] = if r % 4 == 0 {
                    (r >> 8) as f32 / u64::MAX as f32 * 1e3
                } else {
                    0.0
                };
                let r = next();
                w[i] = ((r >> 11) as f32 / (1u64 << 53) as f32 - 0.5)
                    * if round % 3 == 0 { 1e-30 } else { 4.0 };
                if r % 7 == 0 {
                    w[i] = -0.0;
                }
            }
            let mut sparse: f32 = std::iter::empty::<f32>().sum();
            for i in 0..x.len() {
                if x[i] != 0.0 {
                    sparse += w[i] * x[i];
                }
            }
            let full = crate::score::dot(&w, &x);
            if sparse != 0.0 {
                assert_eq!(sparse.to_bits(), full.to_bits(), "round {round}");
            }
        }
    }
}
