//! Boosted oblivious trees on top of the last logistic stage.
//!
//! A logistic stage adds up its evidence; it cannot say "a short line is content
//! when its neighbours are prices and the page is a listing" without a weight for
//! every such combination. A few shallow trees can. Each tree is *oblivious*: every
//! node of one level asks the same question (`feature > threshold`), so a line's
//! leaf is found with one comparison per level and no branching on the tree's shape,
//! and a tree is written on one line of `seeds/model.txt`.
//!
//! The trees see the last stage's inputs (the per-line features, the context
//! features and, in the HTML model, the layout features) and add to its log-odds.
//! They are fitted (`boost/fit.rs`, with the `train` feature) by second-order
//! gradient boosting on the logistic loss, starting from the last stage's log-odds.

use crate::features::{BASE, BASE_NAMES, CONTEXT, CONTEXT_NAMES};
use crate::html::window::{self, BLOCK};
use once_cell::sync::Lazy;

#[cfg(feature = "train")]
mod fit;
mod rows;

#[cfg(feature = "train")]
pub(crate) use fit::{BoostOptions, fit};

/// The number of features a tree of the text model may ask about: the per-line ones,
/// then the context ones.
pub(crate) const DIM: usize = BASE + CONTEXT;
/// The number of features a tree of the HTML model may ask about: those of [`DIM`],
/// then the layout and window ones ([`crate::html::window`]).
pub(crate) const HTML_DIM: usize = DIM + BLOCK;
const _: () = assert!(HTML_DIM <= 256, "tree features are indexed by a byte");

/// The HTML blocks' features' names (layout, then window), made once.
static LAYOUT_NAMES: Lazy<Vec<String>> = Lazy::new(window::names);

/// The most levels a tree may have (a tree has `2^depth` leaves).
pub(crate) const MAX_DEPTH: usize = 8;

#[cfg(feature = "train")]
/// Features that are the same for every line of a page (its mean score, the main
/// run's or main container's share, its size). A tree splitting on them sorts pages,
/// not lines: with few pages per site, it learns the sites it was fitted on.
const PAGE_LEVEL: &[&str] = &[
    "ctx_main_share",
    "ctx_doc_mean",
    "page_main_share",
    "page_blocks_log",
    "best_strict_share",
    "best_loose_share",
    "best_strict_blocks",
];

/// The name of feature `j` (below [`HTML_DIM`]) of the combined vector.
pub(crate) fn feature_name(j: usize) -> &'static str {
    if j < BASE {
        BASE_NAMES[j]
    } else if j < DIM {
        CONTEXT_NAMES[j - BASE]
    } else {
        &LAYOUT_NAMES[j - DIM]
    }
}

/// The index in the combined vector of a feature name.
pub(crate) fn feature_index(name: &str) -> Option<usize> {
    BASE_NAMES
        .iter()
        .position(|n| *n == name)
        .or_else(|| {
            CONTEXT_NAMES
                .iter()
                .position(|n| *n == name)
                .map(|j| j + BASE)
        })
        .or_else(|| LAYOUT_NAMES.iter().position(|n| n == name).map(|j| j + DIM))
}

/// One oblivious tree: level `l` sends a line right when `x[features[l]] >
/// thresholds[l]`; the leaf's index is the levels' answers read as a binary number,
/// first level highest.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tree {
    pub features: Vec<u16>,
    pub thresholds: Vec<f32>,
    /// `2^depth` values added to the log-odds.
    pub leaves: Vec<f32>,
}

impl Tree {
    /// The tree as one line of the model file: `tree name threshold ... : leaf ...`.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn to_text(&self) -> String {
        let mut out = String::from("tree");
        for (&f, &t) in self.features.iter().zip(&self.thresholds) {
            out.push_str(&format!(" {} {t}", feature_name(f as usize)));
        }
        out.push_str(" :");
        for v in &self.leaves {
            out.push_str(&format!(" {v:.5}"));
        }
        out
    }

    /// Parses the text after `tree ` written by [`Tree::to_text`].
    pub(crate) fn parse(rest: &str) -> Result<Tree, String> {
        let (splits, leaves) = rest
            .split_once(':')
            .ok_or_else(|| "a tree needs `:` before its leaves".to_string())?;
        let words: Vec<&str> = splits.split_whitespace().collect();
        if !words.len().is_multiple_of(2) {
            return Err("a tree's splits come in `feature threshold` pairs".into());
        }
        let mut tree = Tree {
            features: Vec::new(),
            thresholds: Vec::new(),
            leaves: Vec::new(),
        };
        for pair in words.chunks(2) {
            let f = feature_index(pair[0])
                .ok_or_else(|| format!("unknown feature {:?} in a tree", pair[0]))?;
            let t: f32 = pair[1]
                .parse()
                .map_err(|_| format!("threshold {:?} is not a number", pair[1]))?;
            if !t.is_finite() {
                return Err(format!("threshold {t} is not finite"));
            }
            tree.features.push(f as u16);
            tree.thresholds.push(t);
        }
        if tree.features.len() > MAX_DEPTH {
            return Err(format!("a tree deeper than {MAX_DEPTH} levels"));
        }
        for v in leaves.split_whitespace() {
            let v: f32 = v
                .parse()
                .map_err(|_| format!("leaf {v:?} is not a number"))?;
            if !v.is_finite() {
                return Err(format!("leaf {v} is not finite"));
            }
            tree.leaves.push(v);
        }
        if tree.leaves.len() != 1 << tree.features.len() {
            return Err(format!(
                "a tree of depth {} needs {} leaves, not {}",
                tree.features.len(),
                1 << tree.features.len(),
                tree.leaves.len()
            ));
        }
        Ok(tree)
    }
}

/// The sum of the trees' values for one line: the reference for [`predict_rows`],
/// which the classifier uses. `extra` holds the features after the context ones (the
/// HTML model's layout features; empty for the text model).
///
/// The features are first laid out in one array of 256, so that a tree's `u8`-masked
/// feature index needs no bounds check and no branch between the vectors.
#[cfg(test)]
pub(crate) fn predict(
    trees: &[Tree],
    base: &[f32; BASE],
    ctx: &[f32; CONTEXT],
    extra: &[f32],
) -> f32 {
    let mut x = [0.0f32; 256];
    x[..BASE].copy_from_slice(base);
    x[BASE..DIM].copy_from_slice(ctx);
    x[DIM..DIM + extra.len()].copy_from_slice(extra);
    trees
        .iter()
        .map(|t| {
            let mut leaf = 0usize;
            for (&f, &th) in t.features.iter().zip(&t.thresholds) {
                leaf = 2 * leaf + (x[(f & 0xff) as usize] > th) as usize;
            }
            t.leaves[leaf]
        })
        .sum()
}

/// The sum of the trees' values for every row of a page, into `out` (one per row):
/// the same sums as `predict` (the row-wise reference, in the tests) row by row, bit
/// for bit.
///
/// The trees are evaluated on binned features (see [`rows`]); only when some feature
/// has more thresholds than a byte can rank, by [`predict_columns`].
///
/// `extra` holds every row's features after the context ones (the HTML model's
/// layout features), or is empty: a tree asking about one then reads 0, as in
/// `predict`.
pub(crate) fn predict_rows<const E: usize>(
    trees: &[Tree],
    base: &[[f32; BASE]],
    ctx: &[[f32; CONTEXT]],
    extra: &[[f32; E]],
    out: &mut Vec<f32>,
) {
    if !rows::predict_binned(trees, base, ctx, extra, out) {
        predict_columns(trees, base, ctx, extra, out);
    }
}

/// [`predict_rows`] on the features' values.
///
/// Tree by tree and level by level over all rows at once: each feature a tree asks
/// about is first copied into one contiguous column, so that a level's comparisons run
/// down that column (the compiler vectorises them) instead of gathering one value per
/// row and tree from a wide per-row array.
///
/// `extra` as in [`predict_rows`].
fn predict_columns<const E: usize>(
    trees: &[Tree],
    base: &[[f32; BASE]],
    ctx: &[[f32; CONTEXT]],
    extra: &[[f32; E]],
    out: &mut Vec<f32>,
) {
    let n = base.len().min(ctx.len());
    // The same starting value as `Iterator::sum` in `predict`.
    let zero: f32 = std::iter::empty::<f32>().sum();
    out.clear();
    out.resize(n, zero);
    if trees.is_empty() || n == 0 {
        return;
    }
    // Which features the trees ask about, and each one's column.
    let mut slot = [u8::MAX; 256];
    let mut used = 0usize;
    for t in trees {
        for &f in &t.features {
            let f = (f & 0xff) as usize;
            if slot[f] == u8::MAX && used < u8::MAX as usize {
                slot[f] = used as u8;
                used += 1;
            }
        }
    }
    let mut columns = vec![0.0f32; used * n];
    for (f, &s) in slot.iter().enumerate() {
        if s == u8::MAX {
            continue;
        }
        let column = &mut columns[s as usize * n..(s as usize + 1) * n];
        if f < BASE {
            for (c, row) in column.iter_mut().zip(base) {
                *c = row[f];
            }
        } else if f < DIM {
            for (c, row) in column.iter_mut().zip(ctx) {
                *c = row[f - BASE];
            }
        } else if f - DIM < E && extra.len() >= n {
            for (c, row) in column.iter_mut().zip(extra) {
                *c = row[f - DIM];
            }
        }
    }
    let mut leaf = vec![0u32; n];
    for t in trees {
        leaf.fill(0);
        for (&f, &th) in t.features.iter().zip(&t.thresholds) {
            let s = slot[(f & 0xff) as usize] as usize;
            let column = &columns[s * n..(s + 1) * n];
            for (l, &x) in leaf.iter_mut().zip(column) {
                *l = 2 * *l + (x > th) as u32;
            }
        }
        // A tree of depth d has 2^d leaves and every index is below that: masking it
        // with a slice of exactly that length lets the compiler drop the bounds check.
        if t.leaves.is_empty() {
            continue;
        }
        let mask = t.leaves.len() - 1;
        let leaves = &t.leaves[..=mask];
        for (o, &l) in out.iter_mut().zip(&leaf) {
            *o += leaves[l as usize & mask];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_round_trips_through_text() {
        let t = Tree {
            features: vec![0, (BASE + 2) as u16],
            thresholds: vec![0.5, -1.25],
            leaves: vec![0.1, -0.2, 0.3, -0.4],
        };
        let text = t.to_text();
        assert!(
            text.starts_with("tree bias 0.5 ctx_prev2 -1.25 :"),
            "{text}"
        );
        let back = Tree::parse(text.strip_prefix("tree ").unwrap()).unwrap();
        assert_eq!(back, t);
        let mut base = [0.0; BASE];
        let mut ctx = [0.0; CONTEXT];
        base[0] = 1.0;
        ctx[2] = -2.0;
        assert_eq!(
            predict(&[t], &base, &ctx, &[]),
            0.3,
            "right then left: leaf 0b10"
        );
    }

    #[test]
    fn bad_trees_are_refused() {
        assert!(Tree::parse("bias 0.5 : 1 2 3").is_err(), "leaf count");
        assert!(Tree::parse("nonsense 0.5 : 1 2").is_err(), "feature name");
        assert!(Tree::parse("bias x : 1 2").is_err(), "threshold");
        assert!(Tree::parse("bias 0.5 1 2").is_err(), "no colon");
        assert!(Tree::parse("bias 0.5 : 1 NaN").is_err(), "leaf value");
    }

    #[test]
    fn a_page_at_once_sums_as_line_by_line() {
        // Trees over per-line, context and extra (layout) features, on pseudo-random
        // rows: the column-wise evaluation gives the row-wise sums bit for bit.
        let mut rng = crate::test_rng::xorshift32(0x9e37_79b9);
        let mut next = move || (rng() % 1000) as f32 / 1000.0;
        // Enough trees for two whole groups of the binned evaluator and some over.
        let trees: Vec<Tree> = (0..70)
            .map(|k| {
                let depth = 1 + k % 4;
                Tree {
                    features: (0..depth)
                        .map(|l| ((k * 31 + l * 7) % (DIM + 5)) as u16)
                        .collect(),
                    thresholds: (0..depth).map(|_| next()).collect(),
                    leaves: (0..1 << depth).map(|_| next() - 0.5).collect(),
                }
            })
            .collect();
        assert!(
            trees
                .iter()
                .any(|t| t.features.iter().any(|&f| f as usize >= DIM))
        );
        // Over a block of rows of the binned evaluator and into the next.
        let n = 300;
        let mut base: Vec<[f32; BASE]> = (0..n).map(|_| std::array::from_fn(|_| next())).collect();
        let ctx: Vec<[f32; CONTEXT]> = (0..n).map(|_| std::array::from_fn(|_| next())).collect();
        let extra: Vec<[f32; 5]> = (0..n).map(|_| std::array::from_fn(|_| next())).collect();
        // Values equal to a threshold go left.
        for (i, t) in trees.iter().enumerate() {
            if (t.features[0] as usize) < BASE {
                base[i][t.features[0] as usize] = t.thresholds[0];
            }
        }
        type Predict = fn(&[Tree], &[[f32; BASE]], &[[f32; CONTEXT]], &[[f32; 5]], &mut Vec<f32>);
        for (name, f) in [
            ("rows", predict_rows as Predict),
            ("columns", predict_columns as Predict),
        ] {
            let mut sums = Vec::new();
            f(&trees, &base, &ctx, &extra, &mut sums);
            assert_eq!(sums.len(), n);
            for i in 0..n {
                let one = predict(&trees, &base[i], &ctx[i], &extra[i]);
                assert_eq!(sums[i].to_bits(), one.to_bits(), "{name}: row {i}");
            }
            // Without the extra features, a tree asking about one reads 0.
            f(&trees, &base, &ctx, &[], &mut sums);
            for i in 0..n {
                let one = predict(&trees, &base[i], &ctx[i], &[]);
                assert_eq!(sums[i].to_bits(), one.to_bits(), "{name}: row {i}");
            }
            // A page smaller than a block.
            let m = 40;
            f(&trees, &base[..m], &ctx[..m], &extra[..m], &mut sums);
            assert_eq!(sums.len(), m);
            for i in 0..m {
                let one = predict(&trees, &base[i], &ctx[i], &extra[i]);
                assert_eq!(sums[i].to_bits(), one.to_bits(), "{name}: small, row {i}");
            }
            f(&[], &base, &ctx, &extra, &mut sums);
            assert!(sums.iter().all(|&s| s == 0.0));
        }
    }

    #[test]
    fn many_thresholds_on_one_feature_fall_back_to_columns() {
        // 300 thresholds on feature 1: more than a byte's bins.
        let trees: Vec<Tree> = (0..300)
            .map(|k| Tree {
                features: vec![1],
                thresholds: vec![k as f32 / 300.0],
                leaves: vec![-(k as f32) / 1000.0, k as f32 / 7000.0],
            })
            .collect();
        let base: Vec<[f32; BASE]> = (0..40)
            .map(|i| std::array::from_fn(|j| (i * 7 + j) as f32 % 41.0 / 40.0))
            .collect();
        let ctx = vec![[0.0; CONTEXT]; 40];
        let mut sums = Vec::new();
        predict_rows(&trees, &base, &ctx, &[] as &[[f32; 0]], &mut sums);
        for i in 0..40 {
            let one = predict(&trees, &base[i], &ctx[i], &[]);
            assert_eq!(sums[i].to_bits(), one.to_bits(), "row {i}");
        }
    }
}
