//! The layout around a block: the means of a few layout features over the blocks
//! before and after it, and how much of its element path it shares with its
//! neighbours. A block's own layout says "a short `li`"; its window says whether the
//! `li` stands among paragraphs of the main container or among links of a menu.
//!
//! Every block of an HTML page gets its layout features ([`super::layout`]) followed
//! by these: [`BLOCK`] features in all, the HTML model's extra columns.

use super::dump::Dump;
use super::layout::{self, LAYOUT};
use once_cell::sync::Lazy;

/// The half-widths of the windows: the blocks up to this many before and after.
const WINDOWS: [usize; 2] = [2, 6];

/// The layout features averaged over each window: each channel is the largest of the
/// named features (so that, say, the four heading levels make one channel).
const CHANNELS: &[(&str, &[&str])] = &[
    ("link", &["link_share"]),
    ("p", &["tag_p"]),
    ("li", &["tag_li"]),
    ("heading", &["tag_h1", "tag_h2", "tag_h3", "tag_h4_6"]),
    ("best", &["best_strict"]),
    ("main", &["in_main_or_article"]),
    (
        "chrome_region",
        &[
            "region_nav",
            "region_header",
            "region_footer",
            "region_aside",
        ],
    ),
    ("content_token", &["anc_content", "anc_article"]),
    (
        "comment_token",
        &["anc_comment", "anc_thread", "anc_review"],
    ),
    (
        "chrome_token",
        &[
            "anc_nav",
            "anc_sidebar",
            "anc_related",
            "anc_share",
            "anc_footer",
            "anc_header",
            "anc_promo",
        ],
    ),
    ("no_tokens", &["tokens_none"]),
    ("hidden", &["hidden"]),
    ("path_repeats", &["path_repeat_share"]),
];

/// The path features: the same path as the block before / after, and the share of
/// the path's elements shared with the block before / after.
const PATH_FEATURES: usize = 4;

/// The number of window features.
pub(crate) const WINDOW: usize = WINDOWS.len() * CHANNELS.len() + PATH_FEATURES;

/// The number of features of a block: its layout features, then its window features.
pub(crate) const BLOCK: usize = LAYOUT + WINDOW;

/// Each channel's layout feature indices.
static CHANNEL_INDICES: Lazy<Vec<Vec<usize>>> = Lazy::new(|| {
    let names = layout::names();
    CHANNELS
        .iter()
        .map(|(_, features)| {
            features
                .iter()
                .filter_map(|f| names.iter().position(|n| n == f))
                .collect()
        })
        .collect()
});

/// The names of a block's features, in order: the layout features', then
/// `win<W>_<channel>` for each window and channel, then the path features'.
pub(crate) fn names() -> Vec<String> {
    let mut n = layout::names();
    for w in WINDOWS {
        for (c, _) in CHANNELS {
            n.push(format!("win{w}_{c}"));
        }
    }
    for p in [
        "path_same_prev",
        "path_same_next",
        "path_shared_prev",
        "path_shared_next",
    ] {
        n.push(p.into());
    }
    debug_assert_eq!(n.len(), BLOCK);
    n
}

/// The number of elements two `>`-separated paths share from the root, and the
/// number of elements of each. Byte by byte: the common prefix holds the shared
/// elements that a `>` closes, and one more when both paths' elements end where the
/// prefix does.
fn shared_elements(a: &str, b: &str) -> (usize, usize, usize) {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // The common prefix, 16 bytes at a time, then byte by byte.
    let chunks = a
        .chunks_exact(16)
        .zip(b.chunks_exact(16))
        .take_while(|(x, y)| x == y)
        .count();
    let k = 16 * chunks
        + a[16 * chunks..]
            .iter()
            .zip(&b[16 * chunks..])
            .take_while(|(x, y)| x == y)
            .count();
    let closes = |s: &[u8]| s.get(k).is_none_or(|&c| c == b'>');
    let shared = a[..k].iter().filter(|&&c| c == b'>').count() + (closes(a) && closes(b)) as usize;
    let elements = |s: &[u8]| s.iter().filter(|&&c| c == b'>').count() + 1;
    (shared, elements(a), elements(b))
}

/// Writes every block's features (layout, then window) of `dump`, in order.
pub(crate) fn features(dump: &Dump, out: &mut Vec<[f32; BLOCK]>) {
    let mut lx = Vec::new();
    layout::features(dump, &mut lx);
    out.clear();
    let n = lx.len();
    if n == 0 || n != dump.blocks.len() {
        return;
    }
    out.reserve_exact(n);
    let channels = &*CHANNEL_INDICES;
    // Prefix sums of every channel: sums[c][i] is the sum over blocks before i.
    let sums: Vec<Vec<f32>> = channels
        .iter()
        .map(|idx| {
            let mut s = Vec::with_capacity(n + 1);
            let mut total = 0.0f32;
            s.push(0.0);
            for x in &lx {
                total += idx.iter().map(|&j| x[j]).fold(0.0, f32::max);
                s.push(total);
            }
            s
        })
        .collect();
    let paths: Vec<&str> = dump.blocks.iter().map(|b| b.path.as_str()).collect();
    // Each block against the next: the same path, and the share of elements shared.
    let pairs: Vec<(f32, f32)> = paths
        .windows(2)
        .map(|w| {
            let (shared, a, b) = shared_elements(w[0], w[1]);
            (
                (w[0] == w[1]) as u8 as f32,
                shared as f32 / a.max(b).max(1) as f32,
            )
        })
        .collect();
    let mut own = vec![0.0f32; channels.len()];
    for (i, x) in lx.iter().enumerate() {
        let mut f = [0.0f32; BLOCK];
        f[..LAYOUT].copy_from_slice(x);
        let mut j = LAYOUT;
        for (o, idx) in own.iter_mut().zip(channels) {
            *o = idx.iter().map(|&k| x[k]).fold(0.0, f32::max);
        }
        for w in WINDOWS {
            let (lo, hi) = (i.saturating_sub(w), (i + w + 1).min(n));
            let count = (hi - lo - 1) as f32;
            for (s, &own) in sums.iter().zip(&own) {
                if count > 0.0 {
                    f[j] = ((s[hi] - s[lo] - own) / count).clamp(0.0, 1.0);
                }
                j += 1;
            }
        }
        if let Some(&(same, share)) = i.checked_sub(1).and_then(|k| pairs.get(k)) {
            f[j] = same;
            f[j + 2] = share;
        }
        if let Some(&(same, share)) = pairs.get(i) {
            f[j + 1] = same;
            f[j + 3] = share;
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::walk::{Options, dump};

    /// The reference (naive) version of [`shared_elements`] that the tests hold it to:
    /// the paths split into elements and compared element by element.
    fn shared_elements_naive(a: &str, b: &str) -> (usize, usize, usize) {
        let shared = a
            .split('>')
            .zip(b.split('>'))
            .take_while(|(x, y)| x == y)
            .count();
        (shared, a.split('>').count(), b.split('>').count())
    }

    #[test]
    fn shared_elements_agree_with_the_naive_count() {
        // Every pair of paths of up to 5 symbols over `a`, `b` and `>`.
        let mut paths = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = paths
                .iter()
                .filter(|p| p.len() == paths.last().map_or(0, |l| l.len()))
                .flat_map(|p| ["a", "b", ">"].map(|c| format!("{p}{c}")))
                .collect();
            paths.extend(longer);
        }
        for a in &paths {
            for b in &paths {
                assert_eq!(
                    shared_elements(a, b),
                    shared_elements_naive(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn names_fit_and_channels_exist() {
        let names = names();
        assert_eq!(names.len(), BLOCK);
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), BLOCK);
        let layout = layout::names();
        for (c, features) in CHANNELS {
            for f in *features {
                assert!(layout.iter().any(|n| n == f), "{c}: no layout feature {f}");
            }
        }
    }

    #[test]
    fn a_menu_and_an_article() {
        let page = "<body><nav><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li>\
            <li><a href=/s>Sport</a></li></ul></nav><article>\
            <p>The council voted on Tuesday to rebuild the old harbour wall after the storms.</p>\
            <p>Engineers said the repairs would take about eighteen months to complete.</p>\
            <p>The work is to start in the spring, when the weather allows it.</p></article></body>";
        let d = dump(page, Options::default());
        let mut out = Vec::new();
        features(&d, &mut out);
        assert_eq!(out.len(), 6);
        let names = names();
        let get = |i: usize, name: &str| out[i][names.iter().position(|n| n == name).unwrap()];
        assert_eq!(get(0, "win2_link"), 1.0, "two links after the first");
        assert_eq!(get(4, "win2_p"), 2.0 / 3.0, "an item and two paragraphs");
        assert_eq!(get(5, "win2_p"), 1.0, "two paragraphs before");
        assert_eq!(get(1, "path_same_prev"), 1.0);
        assert_eq!(get(0, "path_same_prev"), 0.0, "nothing before");
        assert_eq!(get(3, "path_same_prev"), 0.0);
        assert!(get(3, "path_shared_prev") > 0.0 && get(3, "path_shared_prev") < 1.0);
        assert_eq!(get(5, "path_same_next"), 0.0, "nothing after");
    }
}
