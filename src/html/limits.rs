//! The limits that bound the memory an HTML page takes whatever its shape: the nodes
//! of its tree and the blocks of its dump ([`Cleaner::try_classify_html`]).
//!
//! A page's memory grows with its bytes, its nodes (about 130 bytes each in the
//! tree) and its blocks (about 2 KB each through the classifier: the dump's block,
//! the layout and window features, the classifier's rows). A page of tiny elements
//! (`<p>x` a million times over, 4 MB) would take gigabytes: the limits refuse it
//! instead, the parse stopping once the tree holds more than [`MAX_HTML_NODES`]
//! nodes, and the walk once the dump holds more than [`MAX_HTML_BLOCKS`] blocks
//! (lines in a `pre` element make blocks of one text node, so the nodes alone do
//! not bound them). The pages of the shared corpora (1,537 real pages) reach 34,448 nodes
//! and 2,641 blocks at most, far below the limits.
//!
//! [`Cleaner::try_classify_html`]: crate::Cleaner::try_classify_html

use std::fmt;

/// The most nodes (elements, runs of text, comments) the tree of an HTML page may
/// hold in [`Cleaner::try_classify_html`](crate::Cleaner::try_classify_html):
/// 524,288, about 70 MB of tree.
pub const MAX_HTML_NODES: usize = 1 << 19;

/// The most blocks (lines of its text dump) an HTML page may have in
/// [`Cleaner::try_classify_html`](crate::Cleaner::try_classify_html): 65,536, about
/// 130 MB through the classifier.
pub const MAX_HTML_BLOCKS: usize = 1 << 16;

/// Why [`Cleaner::try_classify_html`](crate::Cleaner::try_classify_html) refused a
/// page: it is over a limit, and would take memory out of proportion to its bytes.
///
/// ```
/// let page = "<p>x".repeat(300_000);
/// let err = deboiler::Cleaner::new().try_classify_html(&page).unwrap_err();
/// assert_eq!(err, deboiler::PageTooLarge::Nodes(deboiler::MAX_HTML_NODES));
/// assert_eq!(err.to_string(), "HTML page of more than 524288 nodes");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageTooLarge {
    /// The tree holds more than this many nodes ([`MAX_HTML_NODES`]).
    Nodes(usize),
    /// The dump would have more than this many blocks ([`MAX_HTML_BLOCKS`]).
    Blocks(usize),
}

impl fmt::Display for PageTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageTooLarge::Nodes(limit) => write!(f, "HTML page of more than {limit} nodes"),
            PageTooLarge::Blocks(limit) => {
                write!(f, "HTML page of more than {limit} blocks (lines of text)")
            }
        }
    }
}

impl std::error::Error for PageTooLarge {}

#[cfg(test)]
mod tests {
    use crate::html::parse::parse_document;
    use crate::html::walk::{Options, dump, dump_dom};

    /// The walk with a limit makes the first `max + 1` blocks of the walk without
    /// one, and no more.
    fn walk_capped(html: &str, max: usize) {
        let all = dump(html, Options::default());
        let capped = dump_dom(parse_document(html), html.len(), Options::default(), max);
        assert_eq!(
            capped.blocks.len(),
            all.blocks.len().min(max + 1),
            "{html:?} {max}"
        );
        assert_eq!(
            capped.blocks[..],
            all.blocks[..capped.blocks.len()],
            "{html:?} {max}"
        );
    }

    #[test]
    fn the_walk_stops_one_block_past_the_limit() {
        for html in [
            "",
            "<p>a<p>b<br>c",
            "<pre>a\nb\n\nc</pre><p>d\ne</p>",
            "<pre><b>a\nb</b>\nc<div>d\ne</div></pre>f\ng",
            "<i>x</i><i>y</i><p>z",
        ] {
            for max in 0..6 {
                walk_capped(html, max);
            }
        }
        let lines = format!("<pre>{}</pre>", "line\n".repeat(1000));
        walk_capped(&lines, 10);
        walk_capped(&lines, 2000);
    }
}
