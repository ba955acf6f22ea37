//! HTML pages: a page is turned into a text dump, one block per line, the way the
//! benchmark dumps that the classifier was fitted on were made, and the dump is
//! classified by the same [`Cleaner`]. Each block keeps its element path and a few
//! layout facts ([`Layout`]).
//!
//! Data flows one way through the submodules:
//!
//! 1. [`parse`] (with [`raw`] and `parse/markup.rs`) builds the light tree of [`dom`]
//!    with `html5ever`'s tokenizer and tree builder, the parser of `scraper`. Parsing
//!    never fails (HTML5 error recovery); no nesting depth overflows the stack. The
//!    tree has `scraper`'s shape (tests compare the two), less the raw text of scripts
//!    and styles, which the parse skips.
//! 2. [`elements`] says what each element is to the walk (dropped, block, hidden,
//!    link…), worked out once as the tree is built; [`regions`] names the parts of a
//!    page ([`Region`]) that elements and ARIA roles open.
//! 3. [`walk`] walks the tree into a [`dump::Dump`]: the text, one block per line
//!    (words and spaces as in [`words`]), each block with its path, [`Layout`] and
//!    the facts of [`dump`]: element and ancestry, regions, link density, depth,
//!    template tokens of `class`/`id`/`itemprop`/`role` ([`tokens`]), the page's main
//!    container, enclosing groups, repeated template parts.
//! 4. [`layout`] and [`window`] turn those facts into each block's layout features;
//!    [`classify`] adds them to the text features of the block's line and runs the
//!    classifier of text dumps (stages of logistic regression, then the context pass
//!    of `revise`) with the HTML model's weights ([`model`], `seeds/model_html.txt`).
//!
//! `html5ever`'s types stay inside this module. [`encoding`] decodes a page's bytes
//! first; [`train`] fits the HTML model; [`limits`] bounds a page's nodes and blocks.

mod classify;
mod dom;
mod dump;
mod elements;
mod encoding;
mod layout;
mod limits;
mod model;
mod parse;
mod raw;
mod regions;
mod tokens;
#[cfg(feature = "train")]
pub mod train;
mod walk;
pub(crate) mod window;

#[cfg(feature = "train")]
pub(crate) use model::HTML_MODEL;
mod words;

pub use dump::Layout;
pub use encoding::{DecodeError, decode_html, decode_html_with};
pub use limits::{MAX_HTML_BLOCKS, MAX_HTML_NODES, PageTooLarge};
pub use regions::Region;

use crate::cleaner::{Cleaner, Verdict};
use crate::label::{Label, Reasons};

/// The verdicts on an HTML page's blocks: the page's text dump (one block per line),
/// each block's verdict, element path and layout.
///
/// ```
/// use deboiler::{Cleaner, Label};
/// let page = "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\
///     <article><h1>Council approves the harbour wall</h1>\
///     <p>The town council voted on Tuesday to rebuild the old harbour wall, which was badly damaged in the winter storms.</p>\
///     <p>Engineers told the meeting that the repairs would take about eighteen months and cost more than four million pounds.</p>\
///     </article><footer><p>© 2025 Example Media Ltd. All rights reserved.</p></footer></body></html>";
/// let c = Cleaner::new().classify_html(page);
/// assert_eq!(c.len(), 5);
/// let first = c.get(0).unwrap();
/// assert_eq!(first.text(), "Home News");
/// assert_eq!(first.path(), "html>body>nav");
/// assert!(!first.is_kept());
/// let p = c.get(2).unwrap();
/// assert_eq!(p.path(), "html>body>article>p");
/// assert_eq!(p.tag(), "p");
/// assert_eq!(p.label(), Label::Content);
/// assert!(p.is_kept());
/// for block in c.iter() {
///     println!("{} {:.2} {} {}", block.label(), block.score(), block.path(), block.text());
/// }
/// ```
#[derive(Clone, Debug, Default)]
pub struct HtmlClassification {
    dump: dump::Dump,
    verdicts: Vec<Verdict>,
}

impl HtmlClassification {
    /// The page as a text dump: each block's text on its own line, each line ending
    /// in `\n`. The spans of [`HtmlClassification::verdicts`] point into it.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<h1>Title</h1><p>One <b>two</b></p>");
    /// assert_eq!(c.dump(), "Title\nOne two\n");
    /// ```
    pub fn dump(&self) -> &str {
        &self.dump.text
    }

    /// The verdict on every line of [`HtmlClassification::dump`], in order: one per
    /// block.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>Share</p><p>Invalid email</p>");
    /// let v = c.verdicts();
    /// assert_eq!(v.len(), 2);
    /// assert_eq!(&c.dump()[v[1].span()], "Invalid email");
    /// ```
    pub fn verdicts(&self) -> &[Verdict] {
        &self.verdicts
    }

    /// The number of blocks.
    ///
    /// ```
    /// assert_eq!(deboiler::Cleaner::new().classify_html("<li>a<li>b").len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.verdicts.len().min(self.dump.blocks.len())
    }

    /// Whether the page has no block of text.
    ///
    /// ```
    /// assert!(deboiler::Cleaner::new().classify_html("<script>x()</script>").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th block, from 0.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>a</p>");
    /// assert_eq!(c.get(0).unwrap().text(), "a");
    /// assert!(c.get(1).is_none());
    /// ```
    pub fn get(&self, i: usize) -> Option<HtmlBlock<'_>> {
        Some(HtmlBlock {
            text: self.dump.text.get(self.verdicts.get(i)?.span())?,
            block: self.dump.blocks.get(i)?,
            verdict: self.verdicts.get(i)?,
        })
    }

    /// The blocks, in document order.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>a</p><p>b</p>");
    /// let texts: Vec<&str> = c.iter().map(|b| b.text()).collect();
    /// assert_eq!(texts, ["a", "b"]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = HtmlBlock<'_>> + '_ {
        self.dump
            .blocks
            .iter()
            .zip(&self.verdicts)
            .map(|(block, verdict)| HtmlBlock {
                text: self.dump.text.get(verdict.span()).unwrap_or(""),
                block,
                verdict,
            })
    }

    /// The kept blocks' text, one per line, in order.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>Share on Facebook</p>");
    /// assert_eq!(c.kept_text(), "");
    /// ```
    pub fn kept_text(&self) -> String {
        let mut out = String::new();
        for block in self.iter().filter(|b| b.is_kept()) {
            out.push_str(block.text());
            out.push('\n');
        }
        out
    }
}

/// One block of an HTML page with its verdict: see [`HtmlClassification`].
///
/// ```
/// let c = deboiler::Cleaner::new().classify_html("<ul><li>Invalid email</li></ul>");
/// let b = c.get(0).unwrap();
/// assert_eq!((b.text(), b.path(), b.tag()), ("Invalid email", "html>body>ul>li", "li"));
/// assert_eq!(b.label(), deboiler::Label::Marketing);
/// assert_eq!(b.verdict().label(), b.label());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct HtmlBlock<'a> {
    text: &'a str,
    block: &'a dump::Block,
    verdict: &'a Verdict,
}

impl<'a> HtmlBlock<'a> {
    /// The block's text, whitespace collapsed.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>  one\n  two </p>");
    /// assert_eq!(c.get(0).unwrap().text(), "one two");
    /// ```
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The element path of the block's element, from `html` down, such as
    /// `html>body>div>article>p`; only the innermost 20 elements, after `...>`, on
    /// deeper pages.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<table><tr><td>cell");
    /// assert_eq!(c.get(0).unwrap().path(), "html>body>table>tbody>tr>td");
    /// ```
    pub fn path(&self) -> &'a str {
        &self.block.path
    }

    /// The name of the block's element (the last in [`HtmlBlock::path`]): the
    /// innermost block-level element around the text, such as `p`, `li`, `td`.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<h2>Sub<em>heading</em></h2>");
    /// assert_eq!(c.get(0).unwrap().tag(), "h2");
    /// ```
    pub fn tag(&self) -> &'a str {
        self.block.path.get(self.block.tag_start..).unwrap_or("")
    }

    /// The block's layout facts.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<aside><p>More</p></aside>");
    /// assert!(c.get(0).unwrap().layout().is_in(deboiler::Region::Aside));
    /// ```
    pub fn layout(&self) -> &'a Layout {
        &self.block.layout
    }

    /// The verdict on the block's line of the dump.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>a</p><p>b</p>");
    /// assert_eq!(c.get(1).unwrap().verdict().span(), 2..3);
    /// ```
    pub fn verdict(&self) -> &'a Verdict {
        self.verdict
    }

    /// The block's label.
    ///
    /// ```
    /// let page = "<figure><img src=x><figcaption>Photo: Reuters</figcaption></figure>";
    /// let c = deboiler::Cleaner::new().classify_html(page);
    /// assert_eq!(c.get(0).unwrap().label(), deboiler::Label::Caption);
    /// ```
    pub fn label(&self) -> Label {
        self.verdict.label()
    }

    /// The probability, 0 to 1, that the block is content.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>Share on Facebook</p>");
    /// assert!(c.get(0).unwrap().score() < 0.5);
    /// ```
    pub fn score(&self) -> f32 {
        self.verdict.score()
    }

    /// The evidence behind the verdict.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>Invalid email</p>");
    /// assert!(c.get(0).unwrap().reasons().contains(deboiler::Reason::MarketingPhrase));
    /// ```
    pub fn reasons(&self) -> Reasons {
        self.verdict.reasons()
    }

    /// Whether the cleaner keeps the block.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>Invalid email</p>");
    /// assert!(!c.get(0).unwrap().is_kept());
    /// ```
    pub fn is_kept(&self) -> bool {
        self.verdict.is_kept()
    }
}

/// HTML input: the same classifier, on the page turned into a text dump.
impl Cleaner {
    /// Classifies the blocks of an HTML page. The page is parsed (never fails: broken
    /// HTML is repaired as browsers do) and walked in document order into a text dump
    /// of one block per line — `head`, `script`, `style`, `noscript`, `template`,
    /// `svg`, `iframe` and the like dropped with their contents, and hidden elements
    /// too; every block-level element (`p`, `div`, `li`, `h1`…`h6`, `td`, `br`…) on a
    /// line of its own; whitespace collapsed except for the line breaks of `pre` — and
    /// the dump's lines are classified as [`Cleaner::classify`] does, with the HTML
    /// model's weights, which also weigh what the markup says of each block.
    ///
    /// For bytes of unknown encoding, decode them first with
    /// [`crate::decode_html`]. Memory grows with the page's blocks (about 2 KB each)
    /// whatever its bytes: for pages from untrusted sources,
    /// [`Cleaner::try_classify_html`] bounds it.
    ///
    /// ```
    /// use deboiler::{Cleaner, Label};
    /// let page = "<!doctype html><title>Page</title><script>var x;</script>\
    ///     <p>The council voted on Tuesday to rebuild the old harbour wall after the winter storms.</p>\
    ///     <p>Invalid email</p>";
    /// let c = Cleaner::new().classify_html(page);
    /// assert_eq!(c.dump(), "The council voted on Tuesday to rebuild the old harbour wall after the winter storms.\nInvalid email\n");
    /// assert_eq!(c.get(1).unwrap().label(), Label::Marketing);
    /// ```
    pub fn classify_html(&self, html: &str) -> HtmlClassification {
        let dump = walk::dump(html, walk::Options::default());
        let mut verdicts = Vec::new();
        self.classify_dump(
            &model::HTML_MODEL,
            crate::kinds::HTML_KINDS.as_ref(),
            &dump,
            &mut Default::default(),
            &mut verdicts,
        );
        debug_assert_eq!(verdicts.len(), dump.blocks.len());
        HtmlClassification { dump, verdicts }
    }

    /// [`Cleaner::classify_html`] in memory bounded by the page's bytes: a page whose
    /// tree holds more than [`MAX_HTML_NODES`] nodes, or whose dump would have more
    /// than [`MAX_HTML_BLOCKS`] blocks, is refused (the parse stops at the limit)
    /// rather than classified. Below the limits, the result is
    /// [`Cleaner::classify_html`]'s. For pages from the open web: a page of tiny
    /// elements takes about 2 KB a block, and the limits keep it to about 200 MB.
    ///
    /// ```
    /// use deboiler::{Cleaner, MAX_HTML_BLOCKS, PageTooLarge};
    /// let cleaner = Cleaner::new();
    /// let page = "<p>The council voted on Tuesday to rebuild the harbour wall.</p>";
    /// let c = cleaner.try_classify_html(page).unwrap();
    /// assert_eq!(c.dump(), cleaner.classify_html(page).dump());
    /// let lines = format!("<pre>{}</pre>", "x\n".repeat(MAX_HTML_BLOCKS + 1));
    /// assert_eq!(
    ///     cleaner.try_classify_html(&lines).unwrap_err(),
    ///     PageTooLarge::Blocks(MAX_HTML_BLOCKS)
    /// );
    /// ```
    pub fn try_classify_html(&self, html: &str) -> Result<HtmlClassification, PageTooLarge> {
        let dom = parse::parse_bounded(html, MAX_HTML_NODES)
            .ok_or(PageTooLarge::Nodes(MAX_HTML_NODES))?;
        let options = walk::Options::default();
        let dump = walk::dump_dom(dom, html.len(), options, MAX_HTML_BLOCKS);
        if dump.blocks.len() > MAX_HTML_BLOCKS {
            return Err(PageTooLarge::Blocks(MAX_HTML_BLOCKS));
        }
        let mut verdicts = Vec::new();
        self.classify_dump(
            &model::HTML_MODEL,
            crate::kinds::HTML_KINDS.as_ref(),
            &dump,
            &mut Default::default(),
            &mut verdicts,
        );
        debug_assert_eq!(verdicts.len(), dump.blocks.len());
        Ok(HtmlClassification { dump, verdicts })
    }

    /// The kept blocks' text of an HTML page, one block per line, in order (see
    /// [`Cleaner::classify_html`]).
    ///
    /// ```
    /// let page = "<nav><a href='/'>Home</a></nav>\
    ///     <p>The council voted on Tuesday to rebuild the old harbour wall, which was badly damaged in the winter storms.</p>\
    ///     <footer>Share on Facebook</footer>";
    /// assert_eq!(
    ///     deboiler::Cleaner::new().clean_html(page),
    ///     "The council voted on Tuesday to rebuild the old harbour wall, which was badly damaged in the winter storms.\n"
    /// );
    /// ```
    pub fn clean_html(&self, html: &str) -> String {
        self.kept_only().classify_html(html).kept_text()
    }
}
