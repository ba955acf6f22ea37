//! Parsing HTML into our light tree ([`super::dom`]), with html5ever's tokenizer and
//! tree builder (those `scraper` uses) joined by a guard on nesting depth.
//!
//! html5ever's tree builder scans its stack of open elements for many start and end
//! tags, so a page nested 100,000 deep takes minutes to parse (quadratic time). The
//! guard drops the start tags that would open an element deeper than
//! [`MAX_OPEN_ELEMENTS`]: their text still comes through, into the deepest element
//! kept. Real pages stay far below the limit.

use super::dom::{Dom, DomSink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{Tracer, TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult, local_name};
use std::cell::Cell;

/// The most elements the tree builder may hold open (with its list of active
/// formatting elements) before start tags are dropped.
pub(crate) const MAX_OPEN_ELEMENTS: usize = 512;

/// The input is handed to the tokenizer in pieces of about this many bytes (a
/// tendril holds at most 4 GiB).
const CHUNK_BYTES: usize = 1 << 20;

/// Parses a whole HTML document, as `scraper::Html::parse_document` does but into a
/// [`Dom`] and with the depth guard.
pub(crate) fn parse_document(html: &str) -> Dom {
    let sink = DomSink::new(html.len());
    let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
    let tokenizer = Tokenizer::new(
        DepthGuard {
            inner: builder,
            max: MAX_OPEN_ELEMENTS,
        },
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK_BYTES);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (chunk, tail) = rest.split_at(cut);
        input.push_back(StrTendril::from_slice(chunk));
        rest = tail;
        // Script end tags pause the tokenizer; carry on.
        while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    }
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

/// A token sink in front of the tree builder that drops start tags once the builder
/// holds `max` elements.
struct DepthGuard<B> {
    inner: B,
    max: usize,
}

impl<Handle, Sink> DepthGuard<TreeBuilder<Handle, Sink>>
where
    Handle: Clone,
    Sink: TreeSink<Handle = Handle>,
{
    /// The number of elements the tree builder holds: open elements, active
    /// formatting elements, and a few more (the document, `head`, `form`).
    fn held(&self) -> usize {
        let counter = Counter(Cell::new(0), std::marker::PhantomData);
        self.inner.trace_handles(&counter);
        counter.0.get()
    }
}

impl<Handle, Sink> TokenSink for DepthGuard<TreeBuilder<Handle, Sink>>
where
    Handle: Clone,
    Sink: TreeSink<Handle = Handle>,
{
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        if let Token::TagToken(tag) = &token
            && tag.kind == TagKind::StartTag
            && !tag.self_closing
            && opens_an_element(&tag.name)
            && self.held() >= self.max
        {
            return TokenSinkResult::Continue;
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Whether a start tag of this name may nest: not a void element, and not one whose
/// contents the tokenizer reads as raw text (those must reach the tree builder, which
/// switches the tokenizer's state; they hold no elements).
fn opens_an_element(name: &LocalName) -> bool {
    !matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
    )
}

/// Counts the handles the tree builder traces.
struct Counter<H>(Cell<usize>, std::marker::PhantomData<H>);

impl<H> Tracer for Counter<H> {
    type Handle = H;

    fn trace_handle(&self, _: &H) {
        self.0.set(self.0.get() + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::dom::{DOCUMENT, Data, NONE};

    /// The text of every text node, in the order they were made.
    fn all_text(dom: &Dom) -> String {
        let mut text = String::new();
        for node in &dom.nodes {
            if let Data::Text { start, end } = node.data {
                text.push_str(&dom.text[start..end]);
            }
        }
        text
    }

    fn max_depth(dom: &Dom) -> usize {
        let mut max = 0;
        for mut id in 0..dom.nodes.len() {
            let mut depth = 0;
            while dom.node(id).parent != NONE {
                id = dom.node(id).parent;
                depth += 1;
            }
            max = max.max(depth);
        }
        max
    }

    #[test]
    fn depth_is_capped() {
        let html = "<div>".repeat(2 * MAX_OPEN_ELEMENTS) + "deep";
        let dom = parse_document(&html);
        assert!(
            max_depth(&dom) <= MAX_OPEN_ELEMENTS + 2,
            "{}",
            max_depth(&dom)
        );
        assert!(all_text(&dom).contains("deep"));
        assert!(dom.node(DOCUMENT).first != NONE);
    }

    #[test]
    fn long_input_in_chunks() {
        let para = "<p>caf\u{e9} ".repeat(CHUNK_BYTES / 5);
        let dom = parse_document(&para);
        assert_eq!(all_text(&dom).matches("caf\u{e9}").count(), CHUNK_BYTES / 5);
    }
}
