//! The trees over every row of a page at once, on binned features: the evaluator
//! behind [`super::predict_rows`].
//!
//! A tree's comparison `x > threshold` only asks on which side of its threshold a
//! value lies. All the thresholds the trees set on one feature cut its values into
//! bins; once every row's value is replaced by the number of that feature's
//! thresholds below it (a byte), `x > threshold` is `bin > rank of the threshold`,
//! exactly. Bins are computed once per feature (the trees ask about 40 features at
//! 160 distinct thresholds, not 500), and the trees' levels then compare bytes, 16
//! rows to a vector instruction instead of 4.
//!
//! The leaves are then added up row by row, eight trees at a time, in the trees'
//! order: the same additions in the same order as the row-wise reference, so the
//! sums agree bit for bit.

use super::{DIM, Tree};
use crate::features::{BASE, CONTEXT};

/// Rows evaluated together: their bins and leaf indices stay in the L1 cache.
const BLOCK: usize = 256;
/// Trees whose leaves are added to a row in one pass over a block.
const GROUP: usize = 8;

/// What the trees ask, with thresholds turned into ranks.
struct Plan {
    /// Per feature asked about: its index in the combined vector, and its distinct
    /// thresholds in ascending order.
    cuts: Vec<(usize, Vec<f32>)>,
    /// Per tree: its levels as (index into `cuts`, rank of the threshold there).
    levels: Vec<Vec<(usize, u8)>>,
}

impl Plan {
    /// The plan of `trees` (those with leaves), or `None` when some feature has more
    /// thresholds than a byte can rank.
    fn new(trees: &[&Tree]) -> Option<Plan> {
        let mut slot = [usize::MAX; 256];
        let mut cuts: Vec<(usize, Vec<f32>)> = Vec::new();
        for t in trees {
            for (&f, &th) in t.features.iter().zip(&t.thresholds) {
                let f = (f & 0xff) as usize;
                if slot[f] == usize::MAX {
                    slot[f] = cuts.len();
                    cuts.push((f, Vec::new()));
                }
                cuts[slot[f]].1.push(th);
            }
        }
        for (_, c) in &mut cuts {
            c.sort_by(f32::total_cmp);
            // -0 and 0 are one threshold to `>`.
            c.dedup_by(|a, b| a == b);
            if c.len() > u8::MAX as usize {
                return None;
            }
        }
        let levels = trees
            .iter()
            .map(|t| {
                t.features
                    .iter()
                    .zip(&t.thresholds)
                    .map(|(&f, &th)| {
                        let s = slot[(f & 0xff) as usize];
                        let rank = cuts[s].1.partition_point(|&c| c < th);
                        (s, rank as u8)
                    })
                    .collect()
            })
            .collect();
        Some(Plan { cuts, levels })
    }
}

/// The sums of `trees` for every row into `out` (cleared, one per row), as
/// [`super::predict_rows`] documents; false (and `out` untouched) when the trees set
/// more thresholds on one feature than bins of a byte can tell apart.
pub(super) fn predict_binned<const E: usize>(
    trees: &[Tree],
    base: &[[f32; BASE]],
    ctx: &[[f32; CONTEXT]],
    extra: &[[f32; E]],
    out: &mut Vec<f32>,
) -> bool {
    // Trees without leaves add nothing (the reference skips them too).
    let trees: Vec<&Tree> = trees.iter().filter(|t| !t.leaves.is_empty()).collect();
    let Some(plan) = Plan::new(&trees) else {
        return false;
    };
    let depth = trees.iter().map(|t| t.features.len()).max().unwrap_or(0);
    if depth <= 5 {
        run::<E, 32>(&trees, &plan, base, ctx, extra, out);
    } else {
        run::<E, 256>(&trees, &plan, base, ctx, extra, out);
    }
    true
}

/// [`predict_binned`] with every tree's leaves padded to `W` (a power of two, at least
/// `2^depth` of every tree).
fn run<const E: usize, const W: usize>(
    trees: &[&Tree],
    plan: &Plan,
    base: &[[f32; BASE]],
    ctx: &[[f32; CONTEXT]],
    extra: &[[f32; E]],
    out: &mut Vec<f32>,
) {
    let n = base.len().min(ctx.len());
    // The same starting value as `Iterator::sum`.
    let zero: f32 = std::iter::empty::<f32>().sum();
    out.clear();
    out.resize(n, zero);
    // Leaves padded to `W`: a leaf index masked by `W - 1` needs no bounds check.
    let tables: Vec<[f32; W]> = trees
        .iter()
        .map(|t| std::array::from_fn(|k| t.leaves.get(k).copied().unwrap_or(0.0)))
        .collect();
    let extra = if extra.len() >= n { extra } else { &[] };
    let mut column = [0.0f32; BLOCK];
    let mut bins = vec![[0u8; BLOCK]; plan.cuts.len()];
    let mut leaf = vec![[0u8; BLOCK]; trees.len()];
    for start in (0..n).step_by(BLOCK) {
        let rows = (n - start).min(BLOCK);
        // Each feature's values, then their bins.
        for ((f, cuts), bin) in plan.cuts.iter().zip(&mut bins) {
            let f = *f;
            let range = start..start + rows;
            let values = &mut column[..rows];
            if f < BASE {
                for (c, row) in values.iter_mut().zip(&base[range]) {
                    *c = row[f];
                }
            } else if f < DIM {
                for (c, row) in values.iter_mut().zip(&ctx[range]) {
                    *c = row[f - BASE];
                }
            } else if f - DIM < E && !extra.is_empty() {
                for (c, row) in values.iter_mut().zip(&extra[range]) {
                    *c = row[f - DIM];
                }
            } else {
                // A feature the rows do not have reads 0, as in `predict`.
                values.fill(0.0);
            }
            bin.fill(0);
            for &cut in cuts {
                for (b, &x) in bin.iter_mut().zip(&column) {
                    *b += (x > cut) as u8;
                }
            }
        }
        // Each tree's leaf index: the levels' answers, first level highest.
        for (idx, levels) in leaf.iter_mut().zip(&plan.levels) {
            idx.fill(0);
            for &(s, rank) in levels {
                for (i, &b) in idx.iter_mut().zip(&bins[s]) {
                    *i = (*i << 1) | (b > rank) as u8;
                }
            }
        }
        // The leaves, added to each row in the trees' order.
        let mut sums = [zero; BLOCK];
        let mut groups = tables.chunks_exact(GROUP).zip(leaf.chunks_exact(GROUP));
        for (tabs, idx) in &mut groups {
            let tabs: &[[f32; W]; GROUP] = tabs.try_into().expect("a group");
            let idx: &[[u8; BLOCK]; GROUP] = idx.try_into().expect("a group");
            for (r, s) in sums.iter_mut().enumerate() {
                let mut v = *s;
                for k in 0..GROUP {
                    v += tabs[k][idx[k][r] as usize & (W - 1)];
                }
                *s = v;
            }
        }
        let rest = tables.len() % GROUP;
        let from = tables.len() - rest;
        for (tab, idx) in tables[from..].iter().zip(&leaf[from..]) {
            for (s, &i) in sums.iter_mut().zip(idx) {
                *s += tab[i as usize & (W - 1)];
            }
        }
        out[start..start + rows].copy_from_slice(&sums[..rows]);
    }
}
