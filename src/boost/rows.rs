//! The trees over every row of a page at once, on binned features: the evaluator
//! behind [`super::predict_rows`].
//!
//! A tree's comparison `x > threshold` only asks on which side of its threshold a
//! value lies. All the thresholds the trees set on one feature cut its values into
//! bins; once every row's value is replaced by the number of that feature's
//! thresholds below it (a byte), `x > threshold` is `bin > rank of the threshold`,
//! exactly. Bins are computed once per feature (the 500 levels of the trees of
//! `seeds/model.txt` set 160 distinct thresholds on 40 features), and the trees'
//! levels then compare bytes, 16 rows to a vector instruction instead of 4.
//!
//! The leaves are then added up row by row, 25 trees at a time, in the trees'
//! order: the same additions in the same order as the row-wise reference, so the
//! sums agree bit for bit.

use super::{DIM, Tree};
use crate::features::{BASE, CONTEXT};
use std::cell::RefCell;
use std::rc::Rc;

/// Rows evaluated together: their bins and leaf indices stay in the L1 cache.
const BLOCK: usize = 256;
/// Trees whose leaves are added to a row in one pass over a block: a quarter of the
/// shipped model's 100, so that none is left over for a tree-at-a-time loop. Of 8,
/// 25, 32, 50 and 100, 25 runs the CLI in the fewest instructions a byte (`Ir/B` of
/// `scripts/compare`); 50 and 100 run far more.
const GROUP: usize = 25;

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
    // The plan of the last trees seen on this thread: a page's text is classified
    // with the same model as the last one, and making the plan costs as much as
    // evaluating the trees on a hundred lines.
    thread_local! {
        static LAST: RefCell<Option<(Vec<Tree>, Rc<Prepared>)>> = const { RefCell::new(None) };
    }
    let prepared = LAST.with_borrow_mut(|last| match last {
        Some((seen, p)) if same_trees(seen, trees) => Some(Rc::clone(p)),
        _ => {
            let p = Rc::new(Prepared::new(trees)?);
            *last = Some((trees.to_vec(), Rc::clone(&p)));
            Some(p)
        }
    });
    let Some(prepared) = prepared else {
        return false;
    };
    let p = &*prepared;
    run::<E>(&p.tables, &p.plan, base, ctx, extra, out);
    true
}

/// Whether two lists of trees are the same, thresholds and leaves bit for bit.
fn same_trees(a: &[Tree], b: &[Tree]) -> bool {
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.features == y.features
                && bits(&x.thresholds) == bits(&y.thresholds)
                && bits(&x.leaves) == bits(&y.leaves)
        })
}

/// What [`predict_binned`] makes of a list of trees before it sees a row.
struct Prepared {
    plan: Plan,
    /// The leaves of every tree (with leaves), padded to 256: a leaf index, a byte,
    /// needs no bounds check (nor a mask). Only a tree's own leaves are ever read, so
    /// the padding takes memory but no cache.
    tables: Vec<[f32; 256]>,
}

impl Prepared {
    /// `None` as for [`Plan::new`].
    fn new(trees: &[Tree]) -> Option<Prepared> {
        // Trees without leaves add nothing (the reference skips them too).
        let trees: Vec<&Tree> = trees.iter().filter(|t| !t.leaves.is_empty()).collect();
        let plan = Plan::new(&trees)?;
        let tables = trees
            .iter()
            .map(|t| std::array::from_fn(|k| t.leaves.get(k).copied().unwrap_or(0.0)))
            .collect();
        Some(Prepared { plan, tables })
    }
}

/// [`predict_binned`] with `tables`, one per tree of `plan`.
fn run<const E: usize>(
    tables: &[[f32; 256]],
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
    let extra = if extra.len() >= n { extra } else { &[] };
    // A small page works on its own rows only (in whole vectors of 16 bytes), not on
    // a whole block.
    let width = n.next_multiple_of(16).min(BLOCK);
    let mut column = vec![0.0f32; width];
    let mut bins = vec![0u8; plan.cuts.len() * width];
    let mut leaf = vec![0u8; tables.len() * width];
    let mut sums = vec![zero; width];
    for start in (0..n).step_by(BLOCK) {
        let rows = (n - start).min(BLOCK);
        // Each feature's values, then their bins.
        for ((f, cuts), bin) in plan.cuts.iter().zip(bins.chunks_exact_mut(width)) {
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
            bin_column(cuts, &column, bin);
        }
        // Each tree's leaf index: the levels' answers, first level highest.
        for (idx, levels) in leaf.chunks_exact_mut(width).zip(&plan.levels) {
            leaf_indices(levels, &bins, width, idx);
        }
        // The leaves, added to each row in the trees' order.
        sums.fill(zero);
        let sums = &mut sums[..rows];
        let leaf_groups = leaf.chunks_exact(GROUP * width);
        for (tabs, idx) in tables.chunks_exact(GROUP).zip(leaf_groups) {
            let tabs: &[[f32; 256]; GROUP] = tabs.try_into().expect("a group");
            if width == BLOCK {
                add_leaves_of_block(tabs, idx, sums);
                continue;
            }
            let idx: [&[u8]; GROUP] = std::array::from_fn(|k| &idx[k * width..][..rows]);
            for (r, s) in sums.iter_mut().enumerate() {
                let mut v = *s;
                for k in 0..GROUP {
                    v += tabs[k][idx[k][r] as usize];
                }
                *s = v;
            }
        }
        let from = tables.len() - tables.len() % GROUP;
        for (tab, idx) in tables[from..]
            .iter()
            .zip(leaf[from * width..].chunks_exact(width))
        {
            for (s, &i) in sums.iter_mut().zip(idx) {
                *s += tab[i as usize];
            }
        }
        out[start..start + rows].copy_from_slice(sums);
    }
}

/// Adds to each row's sum the leaves of a group of trees, in the trees' order, as the
/// loop of [`run`] does, where a tree's leaf indices are [`BLOCK`] bytes after the
/// previous tree's: each index is then read at a fixed offset from one register,
/// rather than through a pointer per tree (more than the registers hold).
fn add_leaves_of_block(tabs: &[[f32; 256]; GROUP], idx: &[u8], sums: &mut [f32]) {
    let (idx, _) = idx.as_chunks::<BLOCK>();
    let idx: &[[u8; BLOCK]; GROUP] = idx.try_into().expect("a group of blocks");
    for (r, s) in sums.iter_mut().enumerate() {
        let r = r % BLOCK;
        let mut v = *s;
        for k in 0..GROUP {
            v += tabs[k][idx[k][r] as usize];
        }
        *s = v;
    }
}

/// Rows binned or indexed together: a vector's worth of bytes.
const LANES: usize = 16;

/// The bins of `column` by `cuts` (ascending) into `bin`: for every value, how many
/// cuts lie below it (`x > cut`). Both lengths are multiples of [`LANES`].
///
/// Sixteen values at a time: their counts stay in registers across the cuts (one
/// vector compare and add per four values and cut) and are narrowed to bytes once,
/// where the plain loop ([`bin_column_plain`]) loads, adds and stores the bytes once
/// per cut. The cuts stop at the first one that none of the sixteen values exceeds
/// (no later, larger cut is exceeded either); that exit also keeps the compiler from
/// vectorising across the cuts instead of across the values.
fn bin_column(cuts: &[f32], column: &[f32], bin: &mut [u8]) {
    for (b16, x16) in bin.chunks_exact_mut(LANES).zip(column.chunks_exact(LANES)) {
        let x16: &[f32; LANES] = x16.try_into().expect("a vector's worth");
        // The largest value, four columns of four first (a NaN exceeds no cut and is
        // skipped: `x > m` is false).
        let big = |m: f32, x: f32| if x > m { x } else { m };
        let mut tops = [f32::NEG_INFINITY; 4];
        for quad in x16.chunks_exact(4) {
            for (t, &x) in tops.iter_mut().zip(quad) {
                *t = big(*t, x);
            }
        }
        let top = big(big(tops[0], tops[1]), big(tops[2], tops[3]));
        let mut acc = [0u32; LANES];
        for &cut in cuts {
            if top <= cut {
                break;
            }
            for (a, &x) in acc.iter_mut().zip(x16) {
                *a += (x > cut) as u32;
            }
        }
        for (b, a) in b16.iter_mut().zip(acc) {
            *b = a as u8;
        }
    }
}

/// One tree's leaf index of every row into `idx`: the answers of its `levels`
/// (slot of the feature in `bins`, one row of `width` bytes per feature; rank of the
/// threshold), the first level's the highest bit. Four levels per pass over the rows,
/// where one level a pass ([`leaf_indices_plain`]) loads and stores the indices once
/// per level.
fn leaf_indices(levels: &[(usize, u8)], bins: &[u8], width: usize, idx: &mut [u8]) {
    let bin = |s: usize| &bins[s * width..(s + 1) * width];
    idx.fill(0);
    let mut quads = levels.chunks_exact(4);
    for q in &mut quads {
        let [(s0, r0), (s1, r1), (s2, r2), (s3, r3)] = [q[0], q[1], q[2], q[3]];
        let rows = idx
            .iter_mut()
            .zip(bin(s0))
            .zip(bin(s1))
            .zip(bin(s2))
            .zip(bin(s3));
        for ((((i, &b0), &b1), &b2), &b3) in rows {
            let answers = ((b0 > r0) as u8) << 3
                | ((b1 > r1) as u8) << 2
                | ((b2 > r2) as u8) << 1
                | (b3 > r3) as u8;
            *i = (*i << 4) | answers;
        }
    }
    for &(s, rank) in quads.remainder() {
        for (i, &b) in idx.iter_mut().zip(bin(s)) {
            *i = (*i << 1) | (b > rank) as u8;
        }
    }
}

/// [`leaf_indices`] one level at a time: the reference.
#[cfg(test)]
fn leaf_indices_plain(levels: &[(usize, u8)], bins: &[u8], width: usize, idx: &mut [u8]) {
    idx.fill(0);
    for &(s, rank) in levels {
        let bin = &bins[s * width..(s + 1) * width];
        for (i, &b) in idx.iter_mut().zip(bin) {
            *i = (*i << 1) | (b > rank) as u8;
        }
    }
}

/// [`bin_column`] one cut at a time over all the values: the reference.
#[cfg(test)]
fn bin_column_plain(cuts: &[f32], column: &[f32], bin: &mut [u8]) {
    bin.fill(0);
    for &cut in cuts {
        for (b, &x) in bin.iter_mut().zip(column) {
            *b += (x > cut) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector bins are the plain loop's, with values on, between and beyond the
    /// cuts, signed zeros, infinities and NaN, and up to 255 cuts.
    #[test]
    fn bins_match_the_plain_loop() {
        let mut next = crate::test_rng::xorshift32(0x9e37_79b9);
        for ncuts in [0, 1, 2, 5, 17, 160, 255] {
            let mut cuts: Vec<f32> = (0..ncuts)
                .map(|_| (next() % 2001) as f32 / 100.0 - 10.0)
                .collect();
            cuts.sort_by(f32::total_cmp);
            let specials = [0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN];
            let column: Vec<f32> = (0..256)
                .map(|i| match next() % 4 {
                    0 if !cuts.is_empty() => cuts[i % cuts.len()],
                    1 => specials[i % specials.len()],
                    _ => (next() % 2401) as f32 / 100.0 - 12.0,
                })
                .collect();
            let (mut fast, mut plain) = (vec![7u8; 256], vec![9u8; 256]);
            bin_column(&cuts, &column, &mut fast);
            bin_column_plain(&cuts, &column, &mut plain);
            assert_eq!(fast, plain, "{ncuts} cuts");
        }
    }

    /// Four levels a pass give the indices of one level a pass, at every depth.
    #[test]
    fn leaf_indices_match_the_plain_loop() {
        let width = 48;
        let bins: Vec<u8> = (0..6 * width)
            .map(|k| ((k * 37 + k / 7) % 11) as u8)
            .collect();
        for depth in 0..=8 {
            let levels: Vec<(usize, u8)> = (0..depth)
                .map(|k| ((k * 5) % 6, (k % 4) as u8 * 3))
                .collect();
            let (mut fast, mut plain) = (vec![1u8; width], vec![2u8; width]);
            leaf_indices(&levels, &bins, width, &mut fast);
            leaf_indices_plain(&levels, &bins, width, &mut plain);
            assert_eq!(fast, plain, "depth {depth}");
        }
    }
}
