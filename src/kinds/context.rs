//! The context stage's features: what the kind model's first stage makes of a
//! line's neighbours.
//!
//! A line's own words and layout often leave its kind open ("Twitter", "Email *",
//! "Reply"), while the lines around it do not: a newsletter form is a run of
//! marketing lines, a comment thread a run of comments, a caption sits under a
//! figure. The second stage of the kind model ([`super::KindModel::context`]) reads,
//! beside the first stage's features, the first stage's probabilities of the lines
//! around: the line before, the line after, and the mean over the 3 and the 10
//! lines on each side, blank lines left out.

use super::{CLASSES, K};

/// The windows whose first-stage probabilities the context stage reads.
const WINDOWS: [&str; 4] = ["prev", "next", "near", "far"];

/// Lines on each side in the `near` and `far` windows.
const NEAR: usize = 3;
const FAR: usize = 10;

/// The number of context features: every window's probability of every class.
pub(crate) const CTX: usize = WINDOWS.len() * K;

/// The context features' names, window by window, class by class
/// (`kc_prev_content`, …, `kc_far_comment`).
pub(crate) fn names() -> Vec<String> {
    WINDOWS
        .iter()
        .flat_map(|w| CLASSES.iter().map(move |c| format!("kc_{w}_{c}")))
        .collect()
}

/// A page's first-stage probabilities, with their running sums: the context
/// features of any line in a fixed number of steps.
pub(crate) struct Around<'a> {
    probs: &'a [[f32; K]],
    /// `sums[i]`: the sum of `probs[..i]`.
    sums: Vec<[f64; K]>,
}

impl<'a> Around<'a> {
    /// The context of `probs`, the first stage's probabilities of a page's lines
    /// that are not blank, in order.
    pub(crate) fn new(probs: &'a [[f32; K]]) -> Around<'a> {
        let mut sums = Vec::with_capacity(probs.len() + 1);
        let mut acc = [0.0f64; K];
        sums.push(acc);
        for p in probs {
            for (a, &v) in acc.iter_mut().zip(p) {
                *a += f64::from(v);
            }
            sums.push(acc);
        }
        Around { probs, sums }
    }

    /// Writes into `out` (`CTX` values) the context features of line `i`.
    pub(crate) fn features(&self, i: usize, out: &mut [f32]) {
        out.fill(0.0);
        let (prev, rest) = out.split_at_mut(K);
        let (next, rest) = rest.split_at_mut(K);
        let (near, far) = rest.split_at_mut(K);
        if let Some(p) = i.checked_sub(1).and_then(|j| self.probs.get(j)) {
            prev.copy_from_slice(p);
        }
        if let Some(p) = self.probs.get(i + 1) {
            next.copy_from_slice(p);
        }
        self.mean_around(i, NEAR, near);
        self.mean_around(i, FAR, far);
    }

    /// The mean of the probabilities of the `width` lines on each side of `i` (`i`
    /// left out), into `out`; zeros where there are none.
    fn mean_around(&self, i: usize, width: usize, out: &mut [f32]) {
        let n = self.probs.len();
        if i >= n {
            return;
        }
        let from = i.saturating_sub(width);
        let to = (i + width + 1).min(n);
        let count = to - from - 1;
        if count == 0 {
            return;
        }
        let inv = 1.0 / count as f64;
        let (hi, lo, own) = (&self.sums[to], &self.sums[from], &self.probs[i]);
        for (c, o) in out.iter_mut().enumerate() {
            *o = ((hi[c] - lo[c] - f64::from(own[c])) * inv) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_per_window_and_class() {
        let n = names();
        assert_eq!(n.len(), CTX);
        assert_eq!(n[0], "kc_prev_content");
        assert_eq!(n[CTX - 1], "kc_far_comment");
    }

    #[test]
    fn neighbours_and_windows_of_a_short_page() {
        // Four lines, each sure of its own class 0..4.
        let probs: Vec<[f32; K]> = (0..4)
            .map(|c| {
                let mut p = [0.0; K];
                p[c] = 1.0;
                p
            })
            .collect();
        let mut out = [0.0; CTX];
        let around = Around::new(&probs);
        around.features(0, &mut out);
        // No line before; the next is class 1; the near window is lines 1..=3.
        assert!(out[..K].iter().all(|&v| v == 0.0));
        assert_eq!(out[K + 1], 1.0);
        let near = &out[2 * K..3 * K];
        assert!((near[1] - 1.0 / 3.0).abs() < 1e-6 && near[0] == 0.0);
        around.features(2, &mut out);
        assert_eq!((out[1], out[K + 3]), (1.0, 1.0));
        // The far window: lines 0, 1 and 3, a third each.
        let far = &out[3 * K..];
        assert!((far[0] - 1.0 / 3.0).abs() < 1e-6 && far[2] == 0.0);
        // A page of one line has no context.
        Around::new(&probs[..1]).features(0, &mut out);
        assert!(out.iter().all(|&v| v == 0.0));
    }
}
