//! The limits that bound the memory an HTML page takes whatever its shape: the nodes
//! of its tree and the blocks of its dump ([`Cleaner::try_classify_html`]).
//!
//! A page's memory grows with its bytes, its nodes (about 130 bytes each in the
//! tree) and its blocks (about 2 KB each through the classifier: the dump's block,
//! the layout and window features, the classifier's rows). A page of tiny elements
//! (`<p>x` a million times over, 4 MB) would take gigabytes: the limits refuse it
//! instead. The pages of the shared corpora (1,537 real pages) reach 34,448 nodes
//! and 2,641 blocks at most, far below the limits.
//!
//! [`Cleaner::try_classify_html`]: crate::Cleaner::try_classify_html

use super::dom::{DOCUMENT, Data, Dom, NONE};
use super::elements::flag;
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

/// At least the number of blocks the walk makes of `dom`: a count of its text nodes
/// (and line ends) first, and, when that is over `limit`, a count of the lines
/// along the tree.
///
/// A block is a line of the dump, and a line holds text from a text node: so a page
/// has at most as many blocks as text nodes, but in `pre`-like elements, whose line
/// breaks end lines, a text node makes one more line per `\n`.
pub(crate) fn max_blocks(dom: &Dom, limit: usize) -> usize {
    let mut cheap = dom.text_nodes;
    if dom.has_pre {
        cheap += memchr::memchr_iter(b'\n', dom.text.as_bytes()).count();
    }
    if cheap <= limit {
        return cheap;
    }
    lines_along(dom)
}

/// The lines of `dom` as the walk ends them, counted along the tree: a line ends
/// where a block-level element opens or closes, at a line break element, and at a
/// `\n` inside a `pre`-like element, when text was seen since the last end. Text is
/// any byte other than ASCII whitespace (the walk takes more characters for
/// spaces), so the count is never under the walk's.
fn lines_along(dom: &Dom) -> usize {
    let flags = |id| dom.element(id).map(|e| e.info);
    let mut lines = 0;
    let mut has_text = false;
    let mut end_line = |has_text: &mut bool| {
        lines += usize::from(std::mem::take(has_text));
    };
    // How many `pre`-like elements are open around the node.
    let mut pre = 0usize;
    let mut next = dom.node(DOCUMENT).first;
    while next != NONE {
        let node = dom.node(next);
        let mut descend = false;
        match node.data {
            Data::Text { start, end } => {
                let text = &dom.text.as_bytes()[start..end];
                let mut pieces = text.split(|&b| pre > 0 && b == b'\n');
                if let Some(first) = pieces.next() {
                    has_text |= !first.trim_ascii().is_empty();
                }
                for piece in pieces {
                    end_line(&mut has_text);
                    has_text = !piece.trim_ascii().is_empty();
                }
            }
            Data::Element(_) => match flags(next) {
                Some(info) if info.has(flag::DROPPED) => {}
                Some(info) if info.has(flag::BREAK) => end_line(&mut has_text),
                Some(info) => {
                    if info.has(flag::BLOCK) {
                        end_line(&mut has_text);
                    }
                    descend = true;
                }
                None => {}
            },
            _ => {}
        }
        if descend {
            if node.first != NONE {
                pre += usize::from(flags(next).is_some_and(|i| i.has(flag::PRE)));
                next = node.first;
                continue;
            }
            if flags(next).is_some_and(|i| i.has(flag::BLOCK)) {
                end_line(&mut has_text);
            }
        }
        // On to the next sibling, closing the elements whose children are done.
        let mut cur = next;
        next = loop {
            let node = dom.node(cur);
            if node.next != NONE {
                break node.next;
            }
            if node.parent == NONE || node.parent == DOCUMENT {
                break NONE;
            }
            cur = node.parent;
            let info = flags(cur);
            if info.is_some_and(|i| i.has(flag::BLOCK)) {
                end_line(&mut has_text);
            }
            pre = pre.saturating_sub(usize::from(info.is_some_and(|i| i.has(flag::PRE))));
        };
    }
    end_line(&mut has_text);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::parse::parse_document;
    use crate::html::walk::{Options, dump};

    /// The bound, without and with the walk of the tree, against the blocks the walk
    /// makes.
    fn check(html: &str) -> usize {
        let dom = parse_document(html);
        let blocks = dump(html, Options::default()).blocks.len();
        let cheap = max_blocks(&dom, usize::MAX);
        let walked = lines_along(&dom);
        assert!(
            blocks <= walked && walked <= cheap,
            "{html:?}: {blocks} {walked} {cheap}"
        );
        blocks
    }

    #[test]
    fn bounds_the_blocks() {
        for html in [
            "",
            "<p>a<p>b<br>c",
            "<pre>a\nb\n\nc</pre><p>d\ne</p>",
            "<pre><b>a\nb</b>\nc<div>d\ne</div></pre>f\ng",
            "<textarea>a\nb</textarea><listing>\nc\nd</listing>",
            "<pre>a\n<script>x\ny\nz</script>b</pre>",
            "<svg><pre>a\nb</pre></svg><pre>\n\n\n</pre>",
            "<table><pre>a\nb<td>c\nd</table>",
            "<pre>a<pre>b\nc</pre>d\ne</pre>x\ny",
        ] {
            check(html);
        }
        let pre = format!("<pre>{}</pre>", "line\n".repeat(1000));
        assert_eq!(check(&pre), 1000);
        // Without `pre`, no count of line ends: the text nodes bound the lines.
        let dom = parse_document(&"<p>a\nb".repeat(10));
        assert!(!dom.has_pre);
        assert_eq!(max_blocks(&dom, 10), 10);
        // Inline text nodes on one line, blocks with whitespace between them: when
        // the text nodes are over the limit, the lines are counted.
        let inline = "<i>x</i>".repeat(100);
        assert_eq!(check(&inline), 1);
        assert_eq!(max_blocks(&parse_document(&inline), 10), 1);
        let spaced = "<p>x</p>\n".repeat(100);
        assert_eq!(check(&spaced), 100);
        assert_eq!(max_blocks(&parse_document(&spaced), 10), 100);
    }

    proptest::proptest! {
        #[test]
        fn bounds_the_blocks_of_any_page(parts in proptest::collection::vec(0..PARTS.len(), 0..40)) {
            let html: String = parts.iter().map(|&i| PARTS[i]).collect();
            check(&html);
        }
    }

    /// Pieces of pages for [`bounds_the_blocks_of_any_page`].
    const PARTS: &[&str] = &[
        "<pre>",
        "</pre>",
        "<textarea>",
        "</textarea>",
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<br>",
        "<b>",
        "</b>",
        "<script>",
        "</script>",
        "<table>",
        "<td>",
        "<svg>",
        "</svg>",
        "<template>",
        "</template>",
        "<ruby>",
        "<rt>",
        "a",
        "b c",
        "\n",
        "\n\n",
        " ",
        "<!-- x -->",
        "<plaintext>",
        "<li>",
        "<select><option>",
        "<noscript>",
        "&nbsp;",
        "\u{3000}",
        "\x0b",
        "\x1c",
        "<span hidden>",
        "<hr>",
        "<rp>(</rp>",
        "<listing>",
        "</listing>",
        "<xmp>",
        "<head>",
        "<body>",
        "<frameset>",
        "<math>",
    ];
}
