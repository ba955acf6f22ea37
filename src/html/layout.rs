//! The layout features of an HTML page's blocks: what the markup says of each block
//! (its element and ancestry, regions, link density, depth, class tokens) and of its
//! place in the page (position, the main container, repeated element paths). They are
//! computed from what the walk gathered, in one pass over the blocks, and are added to
//! the text features of the block's line by the HTML model ([`super::model`]).

use super::dump::{Dump, Group, markup};
use super::elements::{TAG_CLASSES, TagClass, ancestors};
use super::regions::Region;
use super::tokens::TOKENS;
use crate::text::{PreHashed, fnv1a};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Maps keyed by hashes ([`fnv1a`], block signatures) need no hashing of their own.
type Keyed = BuildHasherDefault<PreHashed>;

/// The number of token families the features have room for (the list may name
/// fewer; the rest stay 0).
const FAMILIES: usize = 26;

/// The number of layout features.
pub(crate) const LAYOUT: usize = 2 * FAMILIES
    + TAG_CLASSES
    + ancestors::COUNT
    + 10
    + 21
    + 2 * GROUP_FEATURES
    + 2
    + 4
    + 4
    + 2
    + 3
    + 3
    + markup::COUNT;

/// The layout features' names, in order: `tok_<family>` (the block element and the
/// inline elements holding its text), `anc_<family>` (any element around it below
/// `body`), `tag_*`, `in_*`, `region_*`, then the rest.
pub(crate) fn names() -> Vec<String> {
    let mut n = Vec::with_capacity(LAYOUT);
    let families = &TOKENS.families;
    for prefix in ["tok", "anc"] {
        for i in 0..FAMILIES {
            n.push(match families.get(i) {
                Some(f) => format!("{prefix}_{f}"),
                None => format!("{prefix}_unused{i}"),
            });
        }
    }
    for t in [
        "h1",
        "h2",
        "h3",
        "h4_6",
        "p",
        "li",
        "cell",
        "definition",
        "pre",
        "blockquote",
        "caption",
        "control",
        "div",
        "other",
    ] {
        n.push(format!("tag_{t}"));
    }
    for a in [
        "list",
        "table",
        "blockquote",
        "definitions",
        "details",
        "control",
        "heading",
        "emphasis",
    ] {
        n.push(format!("in_{a}"));
    }
    for r in Region::ALL {
        n.push(format!("region_{}", r.as_str()));
    }
    for s in [
        "link_share",
        "link_only",
        "link_most",
        "control_share",
        "hidden",
        "depth_rel",
        "depth_rel_abs",
        "position",
        "position_first",
        "position_last",
        "path_repeats",
        "path_repeat_share",
        "page_main_share",
        "in_main_or_article",
        "best_strict",
        "best_loose",
        "best_strict_share",
        "best_loose_share",
        "best_strict_blocks",
        "page_blocks_log",
        "tokens_none",
    ] {
        n.push(s.to_string());
    }
    for level in ["grp_small", "grp_wide"] {
        for f in ["link", "good", "chars_share", "good_share", "blocks_share"] {
            n.push(format!("{level}_{f}"));
        }
    }
    n.push("before_best".into());
    n.push("after_best".into());
    for f in [
        "sig_count",
        "sig_runs",
        "sig_first_run",
        "sig_run_rel",
        "best_x_short",
        "best_x_long",
        "main_x_short",
        "link_x_list",
        "text_seen_before",
        "text_seen_after",
        "out_best_x_strength",
        "link_out_best_x_strength",
        "after_best_x_strength",
        "in_top_article",
        "in_other_article",
        "other_article_x_lead",
    ] {
        n.push(f.into());
    }
    for f in markup::NAMES {
        n.push(f.into());
    }
    debug_assert_eq!(n.len(), LAYOUT);
    n
}

/// Features of each of the two enclosing groups (see [`enclosing`]).
const GROUP_FEATURES: usize = 5;
/// The small enclosing group: the smallest element around the block holding at least
/// this many blocks.
const SMALL_GROUP_BLOCKS: usize = 3;
/// The wide enclosing group: the smallest element around the block holding at least
/// this share of the page's characters.
const WIDE_GROUP_SHARE: f32 = 0.15;

/// For every block, the index in `dump.groups` of the smallest group around it that
/// satisfies `keep` (None when none does). Groups come children first, so the first
/// group to claim a block is the smallest; a skip list over claimed blocks keeps this
/// linear.
fn enclosing(dump: &Dump, keep: impl Fn(&Group) -> bool) -> Vec<Option<u32>> {
    let n = dump.blocks.len();
    let mut owner = vec![None; n];
    // `next[i]`: a block at or after `i` that may still be unclaimed (`n` past the end).
    let mut next: Vec<usize> = (0..=n).collect();
    fn find(next: &mut [usize], mut i: usize) -> usize {
        let mut root = i;
        while next[root] != root {
            root = next[root];
        }
        while next[i] != root {
            let up = next[i];
            next[i] = root;
            i = up;
        }
        root
    }
    for (g, group) in dump.groups.iter().enumerate() {
        if !keep(group) {
            continue;
        }
        let (start, end) = (group.blocks.0.min(n), group.blocks.1.min(n));
        let mut i = find(&mut next, start);
        while i < end {
            owner[i] = Some(g as u32);
            next[i] = i + 1;
            i = find(&mut next, i + 1);
        }
    }
    owner
}

/// Blocks of at most this many words are short, for the interaction features.
const SHORT_WORDS: u32 = 6;
/// Blocks of at least this many words are long, for the interaction features.
const LONG_WORDS: u32 = 15;

/// Blocks within this many of the page's start or end are at its edge.
const EDGE_BLOCKS: usize = 10;

/// Writes the layout features of every block of `dump`, in order.
pub(crate) fn features(dump: &Dump, out: &mut Vec<[f32; LAYOUT]>) {
    out.clear();
    let n = dump.blocks.len();
    if n == 0 {
        return;
    }
    out.reserve_exact(n);
    // Page facts: median depth, repeated paths, text in `main` / `article`.
    let mut depths: Vec<usize> = dump.blocks.iter().map(|b| b.layout.depth()).collect();
    depths.sort_unstable();
    let median = depths[n / 2] as f32;
    let path_hashes: Vec<u64> = dump
        .blocks
        .iter()
        .map(|b| fnv1a(b.path.as_bytes()))
        .collect();
    let mut paths: HashMap<u64, u32, Keyed> =
        HashMap::with_capacity_and_hasher(n, Keyed::default());
    let (mut chars, mut main_chars) = (0.0f32, 0.0f32);
    for (b, &h) in dump.blocks.iter().zip(&path_hashes) {
        *paths.entry(h).or_insert(0) += 1;
        let c = b.layout.chars as f32;
        chars += c;
        if b.layout.is_in(Region::Main) || b.layout.is_in(Region::Article) {
            main_chars += c;
        }
    }
    let main_share = if chars > 0.0 { main_chars / chars } else { 0.0 };
    let good = dump.good_chars.max(1.0);
    let best_blocks = (dump.best[0].blocks.1 - dump.best[0].blocks.0) as f32;
    // Runs of blocks of one signature (consecutive blocks): each block's run index.
    let mut sigs: HashMap<u64, (u32, u32, usize), Keyed> =
        HashMap::with_capacity_and_hasher(n, Keyed::default());
    let mut run_index = Vec::with_capacity(n);
    for (i, b) in dump.blocks.iter().enumerate() {
        let e = sigs.entry(b.facts.signature).or_insert((0, 0, usize::MAX));
        e.0 += 1;
        if e.2 == usize::MAX || e.2 + 1 != i {
            e.1 += 1;
        }
        e.2 = i;
        run_index.push(e.1 - 1);
    }
    // Blocks whose text stands elsewhere on the page (responsive pages repeat parts
    // for other screens): where the text first and last stands.
    let mut texts: HashMap<u64, (usize, usize), Keyed> =
        HashMap::with_capacity_and_hasher(n, Keyed::default());
    let hashes: Vec<u64> = dump
        .blocks
        .iter()
        .map(|b| fnv1a(dump.text.as_bytes().get(b.start..b.end).unwrap_or_default()))
        .collect();
    for (i, h) in hashes.iter().enumerate() {
        texts.entry(*h).or_insert((i, i)).1 = i;
    }
    // The outermost `article` elements: the one with the most sentence-like text is
    // the page's article; the others are teaser cards or comments.
    let mut article_of: Vec<Option<bool>> = vec![None; n];
    let top = dump
        .articles
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.good.total_cmp(&b.1.good).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k);
    for (k, a) in dump.articles.iter().enumerate() {
        for slot in &mut article_of[a.blocks.0.min(n)..a.blocks.1.min(n)] {
            *slot = Some(Some(k) == top);
        }
    }
    // How far the page's article leads the next one: near 1 beside teaser cards
    // of a line or two, near 0 on a listing of articles alike.
    let lead = top.map_or(0.0, |t| {
        let first = dump.articles[t].good;
        let second = (dump.articles.iter().enumerate())
            .filter(|&(k, _)| k != t)
            .map(|(_, a)| a.good)
            .fold(0.0f32, f32::max);
        if first > 0.0 {
            ((first - second) / first).clamp(0.0, 1.0)
        } else {
            0.0
        }
    });
    let small = enclosing(dump, |g| g.blocks.1 - g.blocks.0 >= SMALL_GROUP_BLOCKS);
    let wide = enclosing(dump, |g| g.chars >= WIDE_GROUP_SHARE * chars);
    let group_features = |g: Option<u32>, x: &mut [f32]| {
        let Some(g) = g.and_then(|g| dump.groups.get(g as usize)) else {
            return;
        };
        let c = g.chars.max(1.0);
        x.copy_from_slice(&[
            g.link_chars / c,
            (g.good / c).min(1.0),
            g.chars / chars.max(1.0),
            (g.good / good).min(1.0),
            (g.blocks.1 - g.blocks.0) as f32 / n as f32,
        ]);
    };
    for (i, b) in dump.blocks.iter().enumerate() {
        let mut x = [0.0f32; LAYOUT];
        let f = &b.facts;
        let mut j = 0;
        for bits in [f.own_tokens, f.tokens] {
            for k in 0..FAMILIES {
                x[j + k] = (bits >> k & 1) as f32;
            }
            j += FAMILIES;
        }
        x[j + tag_index(f.tag)] = 1.0;
        j += TAG_CLASSES;
        for k in 0..ancestors::COUNT {
            x[j + k] = (f.ancestors >> k & 1) as f32;
        }
        j += ancestors::COUNT;
        for r in Region::ALL {
            x[j] = b.layout.is_in(r) as u8 as f32;
            j += 1;
        }
        let link = b.layout.link_share();
        let chars = (b.layout.chars as f32).max(1.0);
        let depth = (b.layout.depth() as f32 - median) / 10.0;
        let repeats = paths.get(&path_hashes[i]).copied().unwrap_or(1) as f32;
        let rest = [
            link,
            (link >= 0.99) as u8 as f32,
            (link > 0.5) as u8 as f32,
            (f.control_chars as f32 / chars).min(1.0),
            b.layout.is_hidden() as u8 as f32,
            depth.clamp(-1.0, 1.0),
            depth.abs().min(1.0),
            i as f32 / n as f32,
            (i < EDGE_BLOCKS) as u8 as f32,
            (n - 1 - i < EDGE_BLOCKS) as u8 as f32,
            repeats.ln() / 5.0,
            repeats / n as f32,
            main_share,
            (b.layout.is_in(Region::Main) || b.layout.is_in(Region::Article)) as u8 as f32,
            f.in_best[0] as u8 as f32,
            f.in_best[1] as u8 as f32,
            (dump.best[0].good / good).min(1.0),
            (dump.best[1].good / good).min(1.0),
            best_blocks / n as f32,
            (1.0 + n as f32).ln() / 5.0,
            (f.tokens == 0) as u8 as f32,
        ];
        x[j..j + rest.len()].copy_from_slice(&rest);
        j += rest.len();
        group_features(small[i], &mut x[j..j + GROUP_FEATURES]);
        j += GROUP_FEATURES;
        group_features(wide[i], &mut x[j..j + GROUP_FEATURES]);
        j += GROUP_FEATURES;
        let (bs, be) = dump.best[0].blocks;
        x[j] = (be > bs && i < bs) as u8 as f32;
        x[j + 1] = (be > bs && i >= be) as u8 as f32;
        j += 2;
        let (count, runs, _) = sigs.get(&f.signature).copied().unwrap_or((1, 1, 0));
        let run = run_index[i];
        x[j] = (count as f32).ln() / 5.0;
        x[j + 1] = (runs as f32).ln() / 5.0;
        x[j + 2] = (run == 0 && runs > 1) as u8 as f32;
        x[j + 3] = run as f32 / runs.max(1) as f32;
        j += 4;
        // Interactions a linear stage cannot form: a short block means one thing in
        // the main container and another outside it.
        let short = (f.words <= SHORT_WORDS) as u8 as f32;
        let long = (f.words >= LONG_WORDS) as u8 as f32;
        let best = f.in_best[0] as u8 as f32;
        let main = (b.layout.is_in(Region::Main) || b.layout.is_in(Region::Article)) as u8 as f32;
        x[j] = best * short;
        x[j + 1] = best * long;
        x[j + 2] = main * short;
        x[j + 3] = link * (f.ancestors & ancestors::LIST != 0) as u8 as f32;
        j += 4;
        let (first, last) = texts.get(&hashes[i]).copied().unwrap_or((i, i));
        x[j] = (first < i) as u8 as f32;
        x[j + 1] = (last > i) as u8 as f32;
        j += 2;
        // Outside a strong main container, a block is less likely content than
        // outside a weak one: teasers of other articles (often wholly inside a link)
        // after an article, against the same teasers making up a listing page. The
        // container's strength is a page-level feature the trees may not split on
        // ([`crate::boost::PAGE_LEVEL`]); times the block's own facts it is not.
        let strength = (dump.best[0].good / good).min(1.0);
        let outside = 1.0 - best;
        x[j] = outside * strength;
        x[j + 1] = outside * strength * link;
        x[j + 2] = (be > bs && i >= be) as u8 as f32 * strength;
        j += 3;
        x[j] = (article_of[i] == Some(true)) as u8 as f32;
        x[j + 1] = (article_of[i] == Some(false)) as u8 as f32;
        x[j + 2] = x[j + 1] * lead;
        j += 3;
        for k in 0..markup::COUNT {
            x[j + k] = (f.markup >> k & 1) as f32;
        }
        out.push(x);
    }
}

fn tag_index(t: TagClass) -> usize {
    match t {
        TagClass::H1 => 0,
        TagClass::H2 => 1,
        TagClass::H3 => 2,
        TagClass::H4To6 => 3,
        TagClass::P => 4,
        TagClass::Li => 5,
        TagClass::Cell => 6,
        TagClass::Definition => 7,
        TagClass::Pre => 8,
        TagClass::Blockquote => 9,
        TagClass::Caption => 10,
        TagClass::Control => 11,
        TagClass::Div => 12,
        TagClass::Other => 13,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::walk::{Options, dump};

    fn named(html: &str) -> Vec<HashMap<String, f32>> {
        let d = dump(html, Options::default());
        let mut out = Vec::new();
        features(&d, &mut out);
        let names = names();
        out.iter()
            .map(|x| names.iter().cloned().zip(x.iter().copied()).collect())
            .collect()
    }

    #[test]
    fn names_fit_the_vector() {
        assert_eq!(names().len(), LAYOUT);
        assert!(TOKENS.families.len() <= FAMILIES);
        let mut sorted = names();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), LAYOUT);
    }

    #[test]
    fn tokens_tags_and_the_main_container() {
        let page = "<body><div class='site-nav'><ul><li><a href=/>Home</a></li>\
            <li><a href=/n>News</a></li></ul></div>\
            <div class='post-content'><h2>A heading</h2>\
            <p>The council voted on Tuesday to rebuild the old harbour wall after the storms.</p>\
            <p>Engineers said the repairs would take about eighteen months to complete.</p></div>\
            <footer><p class=copyright>All rights reserved by the company</p></footer></body>";
        let f = named(page);
        assert_eq!(f.len(), 6);
        assert_eq!(f[0]["anc_nav"], 1.0);
        assert_eq!(f[0]["tok_nav"], 0.0, "the token is on an ancestor");
        assert_eq!(f[0]["tag_li"], 1.0);
        assert_eq!(f[0]["in_list"], 1.0);
        assert_eq!(f[0]["link_only"], 1.0);
        assert_eq!(f[2]["anc_content"], 1.0);
        assert_eq!(f[2]["tag_h2"], 1.0);
        assert_eq!(f[3]["tag_p"], 1.0);
        for (i, b) in f.iter().enumerate() {
            let inside = (2..=4).contains(&i);
            assert_eq!(b["best_strict"], inside as u8 as f32, "block {i}");
        }
        assert_eq!(f[5]["tok_footer"], 1.0);
        assert_eq!(f[5]["region_footer"], 1.0);
        assert_eq!(f[1]["path_repeats"], (2.0f32).ln() / 5.0);
        assert_eq!(f[0]["before_best"], 1.0);
        assert_eq!(f[5]["after_best"], 1.0);
        assert_eq!(
            f[3]["grp_small_blocks_share"], 0.5,
            "the post's three blocks"
        );
        assert_eq!(
            f[0]["grp_small_blocks_share"], 1.0,
            "two links make no group: the body"
        );
    }

    #[test]
    fn teasers_outside_a_strong_main_container() {
        let page = "<body><article>\
            <p>The council voted on Tuesday to rebuild the old harbour wall after the storms.</p>\
            <p>Engineers said the repairs would take about eighteen months to complete.</p>\
            <p>The work is to start in the spring, when the weather allows it.</p></article>\
            <section><p><a href=/1>Storm damage along the coast, in pictures, after the worst winter in years.</a></p>\
            <p>Ferry timetables change for the summer: what it means for you and your car.</p></section></body>";
        let f = named(page);
        assert_eq!(f.len(), 5);
        for b in &f[..3] {
            assert_eq!(b["out_best_x_strength"], 0.0, "in the main container");
            assert_eq!(b["after_best_x_strength"], 0.0);
        }
        for b in &f[3..] {
            let strength = b["out_best_x_strength"];
            assert!(strength > 0.5 && strength <= 1.0, "{strength}");
            assert_eq!(b["after_best_x_strength"], strength);
        }
        assert_eq!(
            f[3]["link_out_best_x_strength"],
            f[3]["out_best_x_strength"]
        );
        assert_eq!(f[4]["link_out_best_x_strength"], 0.0, "no link");
        for (i, b) in f.iter().enumerate() {
            assert_eq!(b["in_top_article"], (i < 3) as u8 as f32, "block {i}");
            assert_eq!(b["in_other_article"], 0.0, "block {i}");
        }
    }

    #[test]
    fn the_page_article_and_teaser_articles() {
        let page = "<body><main><article>\
            <p>The council voted on Tuesday to rebuild the old harbour wall after the storms.</p>\
            <p>Engineers said the repairs would take about eighteen months to complete.</p>\
            <article><p>A comment, in an article of its own inside the first one.</p></article>\
            </article>\
            <article><h2>Storm damage along the coast</h2><p>In pictures.</p></article>\
            <div role=article><p>Ferry timetables change for the summer.</p></div></main></body>";
        let f = named(page);
        assert_eq!(f.len(), 6);
        let top: Vec<f32> = f.iter().map(|b| b["in_top_article"]).collect();
        let other: Vec<f32> = f.iter().map(|b| b["in_other_article"]).collect();
        assert_eq!(top, [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
        assert_eq!(other, [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
        // The page's article leads the teasers: its sentences outweigh theirs.
        let lead: Vec<f32> = f.iter().map(|b| b["other_article_x_lead"]).collect();
        assert!(lead[..3].iter().all(|&x| x == 0.0), "{lead:?}");
        assert!(lead[3..].iter().all(|&x| x > 0.3 && x <= 1.0), "{lead:?}");
        // Articles alike (a listing): none leads by much.
        let listing = "<body><article><p>The first story of the day, told in one sentence here.</p></article>\
            <article><p>The second story of the day, told in one sentence here.</p></article></body>";
        assert!(
            named(listing)
                .iter()
                .all(|b| b["other_article_x_lead"] < 0.1)
        );
        assert!(
            named("<p>No article at all, just a paragraph of text.</p>")
                .iter()
                .all(|b| b["in_top_article"] == 0.0 && b["in_other_article"] == 0.0)
        );
    }

    #[test]
    fn empty_and_deep_pages() {
        assert!(named("").is_empty());
        let deep = "<div>".repeat(5000) + "text";
        assert_eq!(named(&deep).len(), 1);
    }
}
