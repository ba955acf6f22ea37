//! HTML pages: a page is turned into a text dump, one block per line, the way the
//! benchmark dumps that the classifier was fitted on were made, and the dump is
//! classified by the same [`Cleaner`]. Each block keeps its element path and a few
//! layout facts ([`Layout`]).
//!
//! The classifier is the one of text dumps (stages of logistic regression, then the
//! context pass of `revise`), with the HTML model's weights (`seeds/model_html.txt`,
//! [`model`]): every stage also weighs the block's layout features ([`layout`]), which
//! the walk ([`walk`]) gathers in the same pass: element and ancestry, regions, link
//! density, depth, template tokens of `class`/`id`/`itemprop`/`role` ([`tokens`]),
//! the page's main container, enclosing groups, repeated template parts.
//!
//! Parsing never fails (HTML5 error recovery, by `html5ever`'s tokenizer and tree
//! builder, the parser of `scraper`, into a light tree of our own: [`dom`], [`parse`]);
//! no nesting depth overflows the stack. `html5ever`'s types stay inside this module.
//! The walk reads the same tree `scraper` would build (tests compare the two), less
//! the raw text of scripts and styles, which the parse skips ([`raw`]).

mod dom;
mod encoding;
mod layout;
mod model;
mod parse;
mod raw;
mod tokens;
#[cfg(feature = "train")]
pub mod train;
mod walk;
pub(crate) mod window;

pub use encoding::{DecodeError, decode_html};

use crate::cleaner::{Cleaner, Verdict};
use crate::label::{Label, Reasons};
use std::fmt;

/// A part of the page that a block lies in (or some of its text does, for the inline
/// [`Region::Time`]), by element name or ARIA `role`.
///
/// ```
/// use deboiler::{Cleaner, Region};
/// let c = Cleaner::new().classify_html("<nav><a href='/'>Home</a></nav>");
/// assert!(c.get(0).unwrap().layout().is_in(Region::Nav));
/// assert_eq!(Region::Nav.as_str(), "nav");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// `<nav>`, or role `navigation`, `menu`, `menubar`.
    Nav,
    /// `<header>`, or role `banner`.
    Header,
    /// `<footer>`, or role `contentinfo`.
    Footer,
    /// `<aside>`, or role `complementary`.
    Aside,
    /// `<form>`, `<search>`, or role `form`, `search`.
    Form,
    /// `<figure>`.
    Figure,
    /// `<figcaption>`.
    Figcaption,
    /// `<time>`.
    Time,
    /// `<main>`, or role `main`.
    Main,
    /// `<article>`, or role `article`.
    Article,
}

impl Region {
    /// Every region, in a fixed order.
    ///
    /// ```
    /// assert_eq!(deboiler::Region::ALL.len(), 10);
    /// ```
    pub const ALL: [Region; 10] = [
        Region::Nav,
        Region::Header,
        Region::Footer,
        Region::Aside,
        Region::Form,
        Region::Figure,
        Region::Figcaption,
        Region::Time,
        Region::Main,
        Region::Article,
    ];

    /// The region's name: the element's, in lower case.
    ///
    /// ```
    /// assert_eq!(deboiler::Region::Figcaption.as_str(), "figcaption");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Region::Nav => "nav",
            Region::Header => "header",
            Region::Footer => "footer",
            Region::Aside => "aside",
            Region::Form => "form",
            Region::Figure => "figure",
            Region::Figcaption => "figcaption",
            Region::Time => "time",
            Region::Main => "main",
            Region::Article => "article",
        }
    }

    /// The region's bit in [`Layout`]'s set.
    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Layout facts of one block of an HTML page, for later use by the classifier.
///
/// ```
/// use deboiler::{Cleaner, Region};
/// let c = Cleaner::new().classify_html(
///     "<footer><p>Our <a href='/terms'>terms</a></p></footer>",
/// );
/// let layout = c.get(0).unwrap().layout();
/// assert!(layout.is_in(Region::Footer));
/// assert_eq!(layout.link_share(), 5.0 / 8.0); // 5 of the 8 letters are link text
/// assert_eq!(layout.depth(), 4); // html>body>footer>p
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Layout {
    regions: u16,
    chars: u32,
    link_chars: u32,
    depth: u32,
    hidden: bool,
}

impl Layout {
    /// Whether the block lies in `region` (for [`Region::Time`]: whether some of its
    /// text does).
    ///
    /// ```
    /// use deboiler::{Cleaner, Region};
    /// let c = Cleaner::new().classify_html("<p>Posted <time>May 2</time></p>");
    /// assert!(c.get(0).unwrap().layout().is_in(Region::Time));
    /// assert!(!c.get(0).unwrap().layout().is_in(Region::Nav));
    /// ```
    pub fn is_in(&self, region: Region) -> bool {
        self.regions & region.bit() != 0
    }

    /// The regions the block lies in, in the order of [`Region::ALL`].
    ///
    /// ```
    /// use deboiler::{Cleaner, Region};
    /// let c = Cleaner::new().classify_html("<main><aside><p>Related</p></aside></main>");
    /// let regions: Vec<Region> = c.get(0).unwrap().layout().regions().collect();
    /// assert_eq!(regions, [Region::Aside, Region::Main]);
    /// ```
    pub fn regions(&self) -> impl Iterator<Item = Region> + use<> {
        let bits = self.regions;
        Region::ALL.into_iter().filter(move |r| bits & r.bit() != 0)
    }

    /// The share, 0 to 1, of the block's characters (not counting spaces) that are
    /// the text of links (`<a href>`); 0 for a block without text.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<li><a href='/a'>All news</a></li>");
    /// assert_eq!(c.get(0).unwrap().layout().link_share(), 1.0);
    /// ```
    pub fn link_share(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }

    /// How many elements deep the block's element is (`html` is 1).
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<div><p>Text</p></div>");
    /// assert_eq!(c.get(0).unwrap().layout().depth(), 4);
    /// ```
    pub fn depth(&self) -> usize {
        self.depth as usize
    }

    /// Whether some of the block's text is hidden by the page (`hidden`,
    /// `aria-hidden="true"`, an inline `display: none`). Hidden text stays in the dump,
    /// as scrapers (and the benchmark dumps) keep it; this marks it.
    ///
    /// ```
    /// let c = deboiler::Cleaner::new().classify_html("<p>Shown</p><p hidden>Not shown</p>");
    /// assert_eq!(c.len(), 2);
    /// assert!(!c.get(0).unwrap().layout().is_hidden());
    /// assert!(c.get(1).unwrap().layout().is_hidden());
    /// ```
    pub fn is_hidden(&self) -> bool {
        self.hidden
    }
}

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
    dump: walk::Dump,
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
    block: &'a walk::Block,
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
    /// let c = deboiler::Cleaner::new().classify_html("<p>Photo: Reuters</p>");
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
    /// [`crate::decode_html`].
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
        self.classify_dump(&model::HTML_MODEL, &dump, &mut verdicts);
        debug_assert_eq!(verdicts.len(), dump.blocks.len());
        HtmlClassification { dump, verdicts }
    }

    /// Classifies a walked page's blocks with `model`: each line's text features and
    /// its block's layout features, then the context stages.
    pub(crate) fn classify_dump(
        &self,
        model: &model::HtmlModel,
        dump: &walk::Dump,
        out: &mut Vec<Verdict>,
    ) {
        let mut rows = Vec::new();
        let mut base = Vec::new();
        let text = dump.text.as_bytes();
        if model.text.trees.is_empty() {
            crate::revise::measure_page(text, &model.text, &mut rows, |_, _| {});
        } else {
            base.reserve(crate::text::line_count(text));
            crate::revise::measure_page(text, &model.text, &mut rows, |_, x| base.push(*x));
        }
        let mut x = Vec::new();
        window::features(dump, &mut x);
        add_layout(model, &x, &mut rows);
        let in_container: Vec<bool> = dump.blocks.iter().map(|b| b.facts.in_best[0]).collect();
        let measured = crate::revise::MeasuredPage {
            rows: &mut rows,
            base: &base,
            extra: &x,
        };
        let bar = crate::revise::PageBar::html(&in_container);
        self.classify_rows(&model.text, measured, bar, &mut Default::default(), out);
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
        self.classify_html(html).kept_text()
    }
}

/// Adds each block's layout dot products to its line's per-stage dot products, and
/// refreshes the line's first-stage probability. Lines and blocks correspond one to
/// one (every line of a dump is a block); if they ever did not, the layout is left out.
///
/// Most layout features of a block are 0 (token families, one-hot tags), so each dot
/// product runs over the others only, in the same order: with finite weights that
/// gives the bits of the full product whenever it is not 0 (a sum of the same terms
/// in the same order, less terms that are 0, which leave a sum other than 0 as it
/// is); when it is 0, the full product is taken, for the sign of that 0.
pub(crate) fn add_layout(
    model: &model::HtmlModel,
    x: &[[f32; window::BLOCK]],
    rows: &mut [crate::revise::Row],
) {
    if x.len() != rows.len() {
        return;
    }
    let finite = model.layout.iter().all(|w| w.iter().all(|v| v.is_finite()));
    // The start of a sum of `f32`s (Rust starts at -0.0).
    let start: f32 = std::iter::empty::<f32>().sum();
    for (row, x) in rows.iter_mut().zip(x) {
        // Every stage's sum over the features that are not 0, in one pass.
        let mut sparse = [start; crate::score::MAX_STAGES];
        for (i, &xi) in x.iter().enumerate() {
            if xi != 0.0 {
                for (s, w) in sparse.iter_mut().zip(&model.layout) {
                    *s += w[i] * xi;
                }
            }
        }
        for ((d, w), s) in row.base_dot.iter_mut().zip(&model.layout).zip(sparse) {
            *d += if finite && s != 0.0 {
                s
            } else {
                crate::score::dot(w, x)
            };
        }
        row.info.p = crate::score::sigmoid(row.base_dot[0]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sparse dot products of [`add_layout`] against the full ones, bit for bit.
    #[test]
    fn sparse_layout_dots_are_the_full_ones() {
        let mut x = [0.0f32; layout::LAYOUT];
        let mut w = [0.0f32; layout::LAYOUT];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..2000 {
            for i in 0..layout::LAYOUT {
                let r = next();
                x[i] = if r % 4 == 0 {
                    (r >> 8) as f32 / u64::MAX as f32 * 1e3
                } else {
                    0.0
                };
                let r = next();
                w[i] = ((r >> 11) as f32 / (1u64 << 53) as f32 - 0.5)
                    * if round % 3 == 0 { 1e-30 } else { 4.0 };
                if r % 7 == 0 {
                    w[i] = -0.0;
                }
            }
            let mut sparse: f32 = std::iter::empty::<f32>().sum();
            for i in 0..x.len() {
                if x[i] != 0.0 {
                    sparse += w[i] * x[i];
                }
            }
            let full = crate::score::dot(&w, &x);
            if sparse != 0.0 {
                assert_eq!(sparse.to_bits(), full.to_bits(), "round {round}");
            }
        }
    }
}
