//! Fitting the trees: second-order gradient boosting on the logistic loss, over
//! features binned at their quantiles (`deboiler train`).

use super::{MAX_DEPTH, PAGE_LEVEL, Tree, feature_name};

/// Settings of [`fit`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct BoostOptions {
    /// The most trees fitted (fewer when a tree finds no split).
    pub trees: usize,
    /// Levels of each tree, clamped to `1..=`[`MAX_DEPTH`].
    pub depth: usize,
    /// The step of each tree (shrinkage).
    pub learning_rate: f32,
    /// The L2 penalty on leaf values (in units of the summed Hessian).
    pub lambda: f64,
    /// The share of lines each tree is fitted on.
    pub subsample: f32,
    /// No splits on the [`PAGE_LEVEL`] features.
    pub local: bool,
}

/// Cut points per feature: at most this many.
const BINS: usize = 32;

/// Quantile cut points of every feature, from every `stride`-th row.
fn cut_points(data: &[f32], n: usize, dim: usize) -> Vec<Vec<f32>> {
    let stride = (n / 50_000).max(1);
    (0..dim)
        .map(|j| {
            let mut v: Vec<f32> = (0..n).step_by(stride).map(|i| data[i * dim + j]).collect();
            v.sort_by(f32::total_cmp);
            let mut cuts: Vec<f32> = (1..BINS)
                .map(|q| v[(q * v.len() / BINS).min(v.len() - 1)])
                .collect();
            cuts.dedup();
            // The top value would send nothing right.
            if cuts.last() == v.last() {
                cuts.pop();
            }
            cuts
        })
        .collect()
}

/// Fits `opts.trees` oblivious trees to the rows of `data` (row-major, `dim` columns:
/// [`DIM`](super::DIM), or up to [`HTML_DIM`](super::HTML_DIM) with the layout
/// features), labels `y` and weights `w`, starting from the log-odds `init`; returns
/// the trees and updates `init` to the boosted log-odds.
pub(crate) fn fit(
    data: &[f32],
    dim: usize,
    y: &[bool],
    w: &[f32],
    init: &mut [f32],
    opts: &BoostOptions,
) -> Vec<Tree> {
    let n = y.len();
    if n == 0 || opts.trees == 0 {
        return Vec::new();
    }
    let depth = opts.depth.clamp(1, MAX_DEPTH);
    let allowed: Vec<bool> = (0..dim)
        .map(|j| !(opts.local && PAGE_LEVEL.contains(&feature_name(j))))
        .collect();
    let cuts = cut_points(data, n, dim);
    // Every value as its bin: the number of cut points below it.
    let mut bins = vec![0u8; n * dim];
    for i in 0..n {
        for j in 0..dim {
            let x = data[i * dim + j];
            bins[i * dim + j] = cuts[j].partition_point(|&c| c < x) as u8;
        }
    }
    let mut trees = Vec::with_capacity(opts.trees);
    let mut grad = vec![0.0f64; n];
    let mut hess = vec![0.0f64; n];
    let mut leaf = vec![0u32; n];
    let mut chosen = vec![false; n];
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..opts.trees {
        for i in 0..n {
            let p = 1.0 / (1.0 + (-(init[i] as f64)).exp());
            let wi = w[i] as f64;
            grad[i] = wi * (p - y[i] as u8 as f64);
            hess[i] = wi * (p * (1.0 - p)).max(1e-6);
            // xorshift: a deterministic subsample.
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            chosen[i] = wi > 0.0 && ((rng >> 40) as f32 / (1u64 << 24) as f32) < opts.subsample;
            leaf[i] = 0;
        }
        let mut tree = Tree {
            features: Vec::new(),
            thresholds: Vec::new(),
            leaves: Vec::new(),
        };
        for level in 0..depth {
            let leaves = 1usize << level;
            // hist[(leaf * dim + j) * (BINS + 1) + bin] = (G, H)
            let mut hist = vec![(0.0f64, 0.0f64); leaves * dim * (BINS + 1)];
            for i in 0..n {
                if !chosen[i] {
                    continue;
                }
                let (g, h) = (grad[i], hess[i]);
                let row = &bins[i * dim..(i + 1) * dim];
                let base = leaf[i] as usize * dim * (BINS + 1);
                for (j, &b) in row.iter().enumerate() {
                    let cell = &mut hist[base + j * (BINS + 1) + b as usize];
                    cell.0 += g;
                    cell.1 += h;
                }
            }
            let score = |g: f64, h: f64| g * g / (h + opts.lambda);
            let mut best: Option<(f64, usize, usize)> = None;
            for j in (0..dim).filter(|&j| allowed[j]) {
                for b in 0..cuts[j].len() {
                    let mut gain = 0.0;
                    for l in 0..leaves {
                        let cells =
                            &hist[(l * dim + j) * (BINS + 1)..(l * dim + j + 1) * (BINS + 1)];
                        let (mut gl, mut hl, mut gt, mut ht) = (0.0, 0.0, 0.0, 0.0);
                        for (k, &(g, h)) in cells.iter().enumerate() {
                            if k <= b {
                                gl += g;
                                hl += h;
                            }
                            gt += g;
                            ht += h;
                        }
                        gain += score(gl, hl) + score(gt - gl, ht - hl) - score(gt, ht);
                    }
                    if best.is_none_or(|(bg, _, _)| gain > bg) {
                        best = Some((gain, j, b));
                    }
                }
            }
            let Some((_, j, b)) = best else { break };
            tree.features.push(j as u16);
            tree.thresholds.push(cuts[j][b]);
            for i in 0..n {
                leaf[i] = 2 * leaf[i] + (bins[i * dim + j] as usize > b) as u32;
            }
        }
        if tree.features.is_empty() {
            break;
        }
        let leaves = 1usize << tree.features.len();
        let mut sums = vec![(0.0f64, 0.0f64); leaves];
        for i in 0..n {
            if chosen[i] {
                sums[leaf[i] as usize].0 += grad[i];
                sums[leaf[i] as usize].1 += hess[i];
            }
        }
        tree.leaves = sums
            .iter()
            .map(|&(g, h)| (-g / (h + opts.lambda)) as f32 * opts.learning_rate)
            .collect();
        for i in 0..n {
            init[i] += tree.leaves[leaf[i] as usize];
        }
        trees.push(tree);
    }
    trees
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boost::{DIM, predict};
    use crate::features::{BASE, CONTEXT};

    #[test]
    fn boosting_learns_an_interaction() {
        // Content exactly when features 1 and 2 are both high (or both low): a
        // logistic stage cannot say that, two levels of a tree can.
        let n = 4000;
        let mut data = vec![0.0f32; n * DIM];
        let mut y = vec![false; n];
        for i in 0..n {
            let a = (i % 2) as f32;
            let b = ((i / 2) % 2) as f32;
            data[i * DIM + 1] = a;
            data[i * DIM + 2] = b;
            y[i] = a == b;
        }
        let w = vec![1.0; n];
        let mut z = vec![0.0; n];
        let opts = BoostOptions {
            trees: 20,
            depth: 2,
            learning_rate: 0.3,
            lambda: 1.0,
            subsample: 1.0,
            local: false,
        };
        let trees = fit(&data, DIM, &y, &w, &mut z, &opts);
        assert!(!trees.is_empty());
        for i in 0..n {
            assert_eq!(z[i] > 0.0, y[i], "row {i}");
            let mut base = [0.0; BASE];
            base.copy_from_slice(&data[i * DIM..i * DIM + BASE]);
            let mut ctx = [0.0; CONTEXT];
            ctx.copy_from_slice(&data[i * DIM + BASE..(i + 1) * DIM]);
            assert!((predict(&trees, &base, &ctx, &[]) - z[i]).abs() < 1e-4);
        }
    }
}
