//! Parsing HTML into our light tree ([`super::dom`]), with html5ever's tokenizer and
//! tree builder (those `scraper` uses) joined by a guard on nesting depth.
//!
//! html5ever's tree builder scans its stack of open elements for many start and end
//! tags, so a page nested 100,000 deep takes minutes to parse (quadratic time). The
//! guard drops the start tags that would open an element deeper than
//! [`MAX_OPEN_ELEMENTS`]: their text still comes through, into the deepest element
//! kept. Real pages stay far below the limit.
//!
//! The guard also pauses the tokenizer after each tag it reads, back in its data
//! state, and the markup that follows is read on a fast path ([`markup`]) that hands
//! the tree builder the same tokens (less the attributes no one reads), until
//! something only the tokenizer can read: text with a character reference, a
//! doctype, a start tag with a raw text element, markup cut by the end of a piece.
//! The tokenizer reads that, up to its next tag. Most tags never reach the
//! tokenizer, which would read their names character by character.

mod markup;

use super::dom::{CountsNodes, Dom, DomSink};
use super::elements::is_dropped;
use super::raw::{RawText, Scan};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{Tracer, TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult, local_name};
use std::cell::{Cell, RefCell};

/// The most elements the tree builder may hold open (with its list of active
/// formatting elements) before start tags are dropped.
pub(crate) const MAX_OPEN_ELEMENTS: usize = 512;

/// The input is handed to the tokenizer in pieces of about this many bytes (a
/// tendril holds at most 4 GiB).
const CHUNK_BYTES: usize = 1 << 20;

/// Parses a whole HTML document, as `scraper::Html::parse_document` does but into a
/// [`Dom`], with the depth guard, and without reading the raw text of the elements
/// whose content the walk drops ([`super::raw`]).
pub(crate) fn parse_document(html: &str) -> Dom {
    parse_in_chunks(html, CHUNK_BYTES)
}

/// [`parse_document`], or `None` as soon as the tree holds more than `max_nodes`
/// nodes: the parse then stops, so that the tree of a page of tiny elements takes no
/// more memory than that many nodes (and the few the last token made).
pub(crate) fn parse_bounded(html: &str, max_nodes: usize) -> Option<Dom> {
    let (dom, over) = parse_with(html, CHUNK_BYTES, true, max_nodes);
    (!over).then_some(dom)
}

/// [`parse_document`], the input handed to the tokenizer in pieces of about
/// `chunk_bytes` bytes.
pub(crate) fn parse_in_chunks(html: &str, chunk_bytes: usize) -> Dom {
    parse_with(html, chunk_bytes, true, usize::MAX).0
}

/// [`parse_in_chunks`], with or without the fast path ([`markup`]; without, for
/// tests that compare the two), and whether the tree grew past `max_nodes` nodes (the
/// parse then stopped there).
fn parse_with(html: &str, chunk_bytes: usize, fast: bool, max_nodes: usize) -> (Dom, bool) {
    let sink = DomSink::new(html.len());
    let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
    let tokenizer = Tokenizer::new(
        DepthGuard {
            inner: builder,
            max: MAX_OPEN_ELEMENTS,
            max_nodes,
            over: Cell::new(false),
            skip: RefCell::new(None),
            count: Cell::new((0, 0)),
            pause: Cell::new(fast),
        },
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    let mut chunks = Chunks(html, chunk_bytes.max(1), &tokenizer.sink.over);
    loop {
        match tokenizer.feed(&input) {
            TokenizerResult::Done => match chunks.next() {
                Some(chunk) => input.push_back(StrTendril::from_slice(chunk)),
                None => break,
            },
            // The guard pauses the tokenizer after every tag it reads (script end
            // tags pause it too), in its data state: the markup that follows is read
            // on the fast path, up to what the tokenizer must read. After the start
            // tag of an element whose raw text is to be skipped, that is skipped
            // first.
            TokenizerResult::Script(_) => {
                if let Some(mut raw) = tokenizer.sink.skip.take() {
                    skip_raw_text(&input, &mut raw, &mut chunks);
                }
                fast_forward(&tokenizer.sink, &input, &mut chunks);
            }
            TokenizerResult::EncodingIndicator(_) => {}
        }
    }
    tokenizer.sink.pause.set(false);
    tokenizer.end();
    let over = tokenizer.sink.over.get();
    (tokenizer.sink.inner.sink.finish(), over)
}

/// The input in pieces of about so many bytes, cut at character boundaries; none
/// once the flag is set (the tree is over its limit of nodes: the rest of the input
/// is left unread).
struct Chunks<'a>(&'a str, usize, &'a Cell<bool>);

impl<'a> Iterator for Chunks<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.0.is_empty() || self.2.get() {
            return None;
        }
        let mut cut = self.0.len().min(self.1);
        while !self.0.is_char_boundary(cut) {
            cut += 1;
        }
        let (chunk, rest) = self.0.split_at(cut);
        self.0 = rest;
        Some(chunk)
    }
}

/// Reads the input on the fast path ([`markup`]), from where the tokenizer paused in
/// its data state between two tokens, and hands the tree builder the tokens of
/// plain text and markup; up to what the tokenizer must read itself (text with a
/// character reference, NUL or CR; other markup; markup cut by the end of a piece),
/// left at the front of the input; or to the end of the input.
fn fast_forward<Handle, Sink>(
    guard: &DepthGuard<TreeBuilder<Handle, Sink>>,
    input: &BufferQueue,
    chunks: &mut Chunks<'_>,
) where
    Handle: Clone,
    Sink: TreeSink<Handle = Handle> + CountsNodes,
{
    // Line numbers serve error messages only.
    const LINE: u64 = 0;
    'pieces: loop {
        let piece = match input.pop_front() {
            Some(piece) => piece,
            None => match chunks.next() {
                Some(chunk) => {
                    // The tokenizer drops a byte order mark at the front of each
                    // piece it is fed: so here.
                    let chunk = chunk.strip_prefix('\u{feff}').unwrap_or(chunk);
                    if chunk.is_empty() {
                        continue;
                    }
                    StrTendril::from_slice(chunk)
                }
                None => return,
            },
        };
        let bytes = piece.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b'<' {
                match markup::scan(&piece, at) {
                    Some((token, len)) => {
                        let result = guard.process(token, LINE);
                        at += len;
                        if let Some(mut raw) = guard.skip.take() {
                            // The start tag of an element whose raw text the walk
                            // drops: the text is skipped here, as after the
                            // tokenizer's pause, and the tokenizer, still in its data
                            // state, never needs the tag's name.
                            if at < bytes.len() {
                                let rest = (bytes.len() - at) as u32;
                                input.push_front(piece.subtendril(at as u32, rest));
                            }
                            skip_raw_text(input, &mut raw, chunks);
                            continue 'pieces;
                        }
                        // Not a start tag the tree builder answers with a raw text
                        // state, which the tokenizer would have to enter.
                        debug_assert!(
                            !matches!(
                                result,
                                TokenSinkResult::RawData(_) | TokenSinkResult::Plaintext
                            ),
                            "fast path: tokenizer state to change"
                        );
                    }
                    None => break,
                }
            } else {
                let end = memchr::memchr(b'<', &bytes[at..]).map_or(bytes.len(), |i| at + i);
                if memchr::memchr3(b'&', 0, b'\r', &bytes[at..end]).is_some() {
                    // A byte order mark in front would be dropped by `feed`: passed
                    // here.
                    let marks =
                        piece[at..end].len() - piece[at..end].trim_start_matches('\u{feff}').len();
                    if marks > 0 {
                        let text = piece.subtendril(at as u32, marks as u32);
                        let _ = guard.process(Token::CharacterTokens(text), LINE);
                        at += marks;
                    }
                    break;
                }
                // The tokenizer would pass the same text, cut at line ends.
                let text = piece.subtendril(at as u32, (end - at) as u32);
                let _ = guard.process(Token::CharacterTokens(text), LINE);
                at = end;
            }
        }
        if at < bytes.len() {
            input.push_front(piece.subtendril(at as u32, (bytes.len() - at) as u32));
            return;
        }
    }
}

/// Drops the raw text at the front of the input (taking more chunks as needed), up
/// to the end tag that closes it, which is left at the front; or all the input, if
/// none does. The tokenizer, in its data state, then reads the end tag as it would
/// have in the raw text state.
fn skip_raw_text(input: &BufferQueue, raw: &mut RawText, chunks: &mut Chunks<'_>) {
    // The bytes of a possible end tag begun in the pieces already dropped.
    let mut pending = String::new();
    loop {
        let piece = match input.pop_front() {
            Some(piece) => piece,
            None => match chunks.next() {
                Some(chunk) => StrTendril::from_slice(chunk),
                None => return,
            },
        };
        match raw.scan(piece.as_bytes()) {
            Scan::EndAt(at) => {
                let len = piece.len32() - at as u32;
                input.push_front(piece.subtendril(at as u32, len));
                return;
            }
            Scan::EndBefore => {
                input.push_front(piece);
                input.push_front(StrTendril::from_slice(&pending));
                return;
            }
            Scan::More if raw.in_end_tag() => match piece.rfind('<') {
                // Within a possible end tag, `<` comes first only.
                Some(at) => {
                    pending.clear();
                    pending.push_str(&piece[at..]);
                }
                None => pending.push_str(&piece),
            },
            Scan::More => pending.clear(),
        }
    }
}

/// A token sink in front of the tree builder that drops start tags once the builder
/// holds `max` elements, and pauses the tokenizer after the start tag of an element
/// whose raw text the walk drops, to have it skipped.
struct DepthGuard<B> {
    inner: B,
    max: usize,
    /// The most nodes the tree may hold: past them, every token is dropped and
    /// `over` set.
    max_nodes: usize,
    over: Cell<bool>,
    /// The raw text to skip, once the tokenizer has paused.
    skip: RefCell<Option<RawText>>,
    /// The last count of the elements held, and the nodes made by then.
    count: Cell<(usize, usize)>,
    /// Whether to pause the tokenizer after each tag it reads.
    pause: Cell<bool>,
}

/// Each node made since the tree builder was last counted adds at most this many
/// handles to those it holds (an element is at most on the stack of open elements
/// and in the list of active formatting elements, or the `head` or `form` pointer).
const HANDLES_PER_NODE: usize = 2;

impl<Handle, Sink> DepthGuard<TreeBuilder<Handle, Sink>>
where
    Handle: Clone,
    Sink: TreeSink<Handle = Handle> + CountsNodes,
{
    /// The number of elements the tree builder holds: open elements, active
    /// formatting elements, and a few more (the document, `head`, `form`).
    fn held(&self) -> usize {
        let counter = Counter(Cell::new(0), std::marker::PhantomData);
        self.inner.trace_handles(&counter);
        counter.0.get()
    }

    /// Whether the tree builder holds `max` elements or more, `made` nodes having been
    /// made. Counting them walks its lists, so they are counted only when a bound
    /// (the last count, plus what the nodes made since may have added) does not
    /// settle it.
    fn is_full(&self, made: usize) -> bool {
        let (count, then) = self.count.get();
        let bound = count + HANDLES_PER_NODE * made.saturating_sub(then) + 1;
        if bound < self.max {
            return false;
        }
        let held = self.held();
        self.count.set((held, made));
        held >= self.max
    }

    /// Notes that the tree holds more than `max_nodes` nodes: every token from here
    /// on is dropped, and the input left unread.
    #[cold]
    fn stop(&self) -> TokenSinkResult<Handle> {
        self.over.set(true);
        TokenSinkResult::Continue
    }

    /// Hands a token to the tree builder, unless it is a start tag that would nest
    /// too deep, or the tree holds more than `max_nodes` nodes; and asks for a pause
    /// after the start tag of an element whose raw text is to be skipped.
    fn process(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        // The nodes are counted before every token but text, which makes at most a
        // text node and the formatting elements it reopens (fewer than `max`).
        if !matches!(token, Token::CharacterTokens(_)) {
            let made = self.inner.sink.nodes_made();
            if made > self.max_nodes {
                return self.stop();
            }
            if let Token::TagToken(tag) = &token
                && tag.kind == TagKind::StartTag
                && !tag.self_closing
                && opens_an_element(&tag.name)
                && self.is_full(made)
            {
                return TokenSinkResult::Continue;
            }
        }
        let start_tag = match &token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => Some(tag.name.clone()),
            _ => None,
        };
        match self.inner.process_token(token, line_number) {
            // The tree builder has opened the element and would have the tokenizer
            // read its raw text: pause instead (the handle is not used).
            TokenSinkResult::RawData(kind)
                if start_tag.as_ref().is_some_and(|name| is_dropped(name)) =>
            {
                let name = start_tag.unwrap_or_default();
                *self.skip.borrow_mut() =
                    Some(RawText::new(&name, matches!(kind, RawKind::ScriptData)));
                TokenSinkResult::Script(self.inner.sink.get_document())
            }
            result => result,
        }
    }
}

impl<Handle, Sink> TokenSink for DepthGuard<TreeBuilder<Handle, Sink>>
where
    Handle: Clone,
    Sink: TreeSink<Handle = Handle> + CountsNodes,
{
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        let is_tag = matches!(token, Token::TagToken(_));
        match self.process(token, line_number) {
            // Back in the data state: pause, for the fast path.
            TokenSinkResult::Continue if is_tag && self.pause.get() => {
                TokenSinkResult::Script(self.inner.sink.get_document())
            }
            result => result,
        }
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

    /// The tree, its elements and its text (not the cache of names, which holds
    /// pointers; nor how attribute values are stored: the fast path shares them with
    /// the input).
    fn show(dom: &Dom) -> String {
        format!("{:?} {:?} {:?}", dom.nodes, dom.elements, dom.text)
            .replace("(shared: ", "(")
            .replace("(inline: ", "(")
            .replace("(owned: ", "(")
    }

    /// The fast path's tree is the tokenizer's, for `html` in pieces of every size
    /// up to 8 bytes, and whole.
    fn same_as_slow(html: &str) {
        for chunk in [1, 2, 3, 5, 8, CHUNK_BYTES] {
            assert_eq!(
                show(&parse_with(html, chunk, true, usize::MAX).0),
                show(&parse_with(html, chunk, false, usize::MAX).0),
                "{html:?} in {chunk}"
            );
        }
    }

    #[test]
    fn fast_path_is_the_tokenizers() {
        for html in [
            "<DIV Class=A ID='b' data-x=\"1\" Role=main>t</DIV><p/>x<br/ ><hr / >",
            "<p class=\"a&amp;b\" data-q=\"&lt;\" style=display:none>v</p>",
            "<a href=\"/x?a=1&b=2\" class=l>link</a><b id=1 data-x=2>b</b>",
            "<div\r\nclass=\"a\r\nb\"\r\n>crlf\r\ntext</div>\r\n",
            "<p class=\"x\"id=y hidden>q<p class='\u{e9}' data-\u{e9}=1>r",
            "<!-- a --><!----><!---><!--><!-- -- --!> --> <!-- <!-- --> x <!-- -\u{2d}->",
            "<table><input type=hidden><input TYPE=HIDDEN class=x><tr><td>c</table>",
            "<math><annotation-xml encoding=\"text/html\"><p>h</p></annotation-xml></math>",
            "<svg><font color=red>f</font><g xlink:role=nav class=c>g</g></svg>",
            "<template shadowrootmode=open><p>s</p></template>",
            "<body class=b data-x=1><p>x<body id=c data-y=2>",
            "<a href=1 class=a>1<a href=2 class=a>2<a href=3 class=a>3<a href=4 class=a>4<p>x</a>y",
            "<p>\u{feff}a&amp;b</p>\u{feff}<p>\u{feff}c</p>",
            "<p>a\0b</p><p data-x=\"\0\" class=\"\0\">n</p>",
            "<p class=a class=b id=c id=d>dup</p><div a=1 b c = 2 d=>e</div>",
            "<pre>\nx</pre><listing>\n\ny</listing><textarea>\nz</textarea>",
            "<o:p>office</o:p><fb:like data-href=x></fb:like></p ><p></p\n>",
            "<div title=\"a>b\">gt</div><div title=a<b>lt</div><div `=1>",
            "<p>unclosed <div class=\"x",
            "<p>unclosed <!-- comment",
            "<script>s</script><style>t</style><title>u</title><p class=v>w</p>",
        ] {
            same_as_slow(html);
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_is_the_tokenizers_any(parts in proptest::collection::vec(0..PARTS.len(), 0..30)) {
            let html: String = parts.iter().map(|&i| PARTS[i]).collect();
            same_as_slow(&html);
        }
    }

    /// Pieces of markup for [`fast_path_is_the_tokenizers_any`].
    const PARTS: &[&str] = &[
        "<div class=a>",
        "</div>",
        "<P ID=x data-y='1'>",
        "</p>",
        "<a href=\"h\">",
        "</a>",
        "<b class=\"c\" title=t>",
        "</b>",
        "<table>",
        "<tr>",
        "<td>",
        "<input type=hidden>",
        "<br/>",
        "<img src=x alt=y />",
        "<!-- c -->",
        "<!--",
        "-->",
        "--!>",
        "<!",
        "<",
        "/",
        ">",
        "=",
        "\"",
        "'",
        " ",
        "\r",
        "\n",
        "&amp;",
        "&",
        "\0",
        "\u{feff}",
        "\u{e9}",
        "x",
        "<script>",
        "</script>",
        "<textarea>",
        "</textarea>",
        "<pre>",
        "<svg>",
        "</svg>",
        "<math>",
        "<body class=z>",
        "<template>",
        "<select>",
        "<option>",
        "class=q",
        "<div",
    ];

    /// [`corpus_same_dom`] takes every this-many-th page of each shared HTML corpus,
    /// in name order: 1 takes them all, in about eight times as long (too long for
    /// every `cargo test` in the dev profile).
    const CORPUS_EVERY: usize = 8;

    /// The fast path's tree is the tokenizer's on real pages: the shared corpora's
    /// `aeb/html` and `wcxb/dev/html` pages, every [`CORPUS_EVERY`]th of each. Skipped,
    /// with a message, where `../shared/corpora` is absent.
    #[test]
    fn corpus_same_dom() {
        use std::io::Read;
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");
        if !std::path::Path::new(root).is_dir() {
            eprintln!("skipping corpus_same_dom: no directory {root}");
            return;
        }
        let (mut selected, mut compared) = (0, 0);
        for dir in ["aeb/html", "wcxb/dev/html"] {
            let dir = format!("{root}/{dir}");
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{dir}: {e}"))
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
                .collect();
            paths.sort();
            assert!(!paths.is_empty(), "no .html.gz page in {dir}");
            selected += paths.len().div_ceil(CORPUS_EVERY);
            for path in paths.iter().step_by(CORPUS_EVERY) {
                let mut bytes = Vec::new();
                flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
                    .read_to_end(&mut bytes)
                    .unwrap();
                let html = crate::html::decode_html(&bytes).unwrap();
                let a = show(&parse_with(&html, CHUNK_BYTES, true, usize::MAX).0);
                let b = show(&parse_with(&html, CHUNK_BYTES, false, usize::MAX).0);
                if a != b {
                    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                    panic!(
                        "{path:?}\nfast: {}\nslow: {}",
                        &a[at.saturating_sub(300)..(at + 300).min(a.len())],
                        &b[at.saturating_sub(300)..(at + 300).min(b.len())]
                    );
                }
                compared += 1;
            }
        }
        assert_eq!(compared, selected);
        eprintln!("corpus_same_dom: {compared} pages compared");
    }

    #[test]
    fn long_input_in_chunks() {
        let para = "<p>caf\u{e9} ".repeat(CHUNK_BYTES / 5);
        let dom = parse_document(&para);
        assert_eq!(all_text(&dom).matches("caf\u{e9}").count(), CHUNK_BYTES / 5);
    }
}
