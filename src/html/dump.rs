//! What the walk makes of a page ([`Dump`]): the text dump, one line per block, each
//! block with its element path, its [`Layout`] (public) and the [`Facts`] that the
//! layout features are computed from ([`super::layout`]); and the page's structure:
//! the elements that hold several blocks ([`Group`]), its `article`s, and its main
//! container ([`Best`]).

use super::elements::TagClass;
use super::regions::Region;

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
    /// [`Region`] bits.
    pub(crate) regions: u16,
    /// Characters of the block's text, not counting spaces, and those of link text.
    pub(crate) chars: u32,
    pub(crate) link_chars: u32,
    /// See [`Layout::depth`].
    pub(crate) depth: u32,
    /// See [`Layout::is_hidden`].
    pub(crate) hidden: bool,
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

/// One block of the dump: its line's byte range in the dump (without the `\n`), its
/// element path and layout.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Block {
    pub start: usize,
    pub end: usize,
    pub path: String,
    /// Where the block element's name starts in `path`.
    pub tag_start: usize,
    pub layout: Layout,
    /// More about the block, for the layout features ([`super::layout`]).
    pub facts: Facts,
}

/// What the walk learns of a block beyond its [`Layout`]: the raw material of the
/// layout features.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Facts {
    /// The block element's [`TagClass`].
    pub tag: TagClass,
    /// [`ancestors`](super::elements::ancestors) bits of the elements around the
    /// block's text.
    pub ancestors: u16,
    /// Token families ([`super::tokens`]) of the block element and the inline
    /// elements inside it that hold its text.
    pub own_tokens: u32,
    /// Token families of every element around the block's text, below `body`.
    pub tokens: u32,
    /// Words (runs of non-space characters).
    pub words: u32,
    /// Characters inside form controls (`button`, `label`, `option`, `select`,
    /// `legend`, `summary`).
    pub control_chars: u32,
    /// Whether the block lies in the page's main container, by the strict and the
    /// loose measure (see [`Dump::best`]).
    pub in_best: [bool; 2],
    /// A hash of the block element's path with each element's `class`: blocks of one
    /// repeated template part (the posts of a thread, the items of a list) share it.
    pub signature: u64,
    /// [`markup`] bits: what the elements around the block hold or carry.
    pub markup: u8,
}

/// Bits of [`Facts::markup`]: markup that says what a small part of the page is,
/// beyond its text. A box is an element around the block, below `body`; "near"
/// means that the smallest element holding both the block and the marked element
/// has at most the named number of blocks.
pub(crate) mod markup {
    /// Some of the block's text is inside an element with a `datetime` attribute.
    pub const DATETIME: u8 = 1;
    /// Near an e-mail field (within [`EMAIL_BOX_BLOCKS`]): a newsletter or sign-up
    /// box, its heading, pitch, field labels and consent text.
    pub const EMAIL_BOX: u8 = 1 << 1;
    /// Near an `iframe`, `embed` or `object` (within [`FRAME_BOX_BLOCKS`]): an ad
    /// slot's label, an embed's caption.
    pub const FRAME_BOX: u8 = 1 << 2;
    /// Next to an image or video (within [`IMAGE_NEAR_BLOCKS`]): a caption, a
    /// credit.
    pub const IMAGE_NEAR: u8 = 1 << 3;
    /// In a small box with an image or video (within [`IMAGE_BOX_BLOCKS`]): a card,
    /// a promotion, a gallery item.
    pub const IMAGE_BOX: u8 = 1 << 4;

    /// The number of bits.
    pub const COUNT: usize = 5;
    /// The bits' names as layout features, bit 0 first.
    pub const NAMES: [&str; COUNT] = [
        "datetime",
        "email_box",
        "frame_box",
        "image_near",
        "image_box",
    ];

    /// See [`EMAIL_BOX`].
    pub const EMAIL_BOX_BLOCKS: usize = 12;
    /// See [`FRAME_BOX`].
    pub const FRAME_BOX_BLOCKS: usize = 4;
    /// See [`IMAGE_NEAR`].
    pub const IMAGE_NEAR_BLOCKS: usize = 2;
    /// See [`IMAGE_BOX`].
    pub const IMAGE_BOX_BLOCKS: usize = 6;

    /// The bits that the blocks of an element of `blocks` blocks get, the element
    /// holding the [`flag`](crate::html::elements::flag) bits `held`.
    pub fn of_box(held: u16, blocks: usize) -> u8 {
        use crate::html::elements::flag;
        let mut bits = 0;
        if held & flag::EMAIL_FIELD != 0 && blocks <= EMAIL_BOX_BLOCKS {
            bits |= EMAIL_BOX;
        }
        if held & flag::FRAME != 0 && blocks <= FRAME_BOX_BLOCKS {
            bits |= FRAME_BOX;
        }
        if held & flag::IMAGE != 0 {
            if blocks <= IMAGE_NEAR_BLOCKS {
                bits |= IMAGE_NEAR;
            }
            if blocks <= IMAGE_BOX_BLOCKS {
                bits |= IMAGE_BOX;
            }
        }
        bits
    }
}

/// An HTML document as a text dump: the lines, each ending in `\n`, and one
/// [`Block`] per line.
#[derive(Clone, Debug, Default)]
pub(crate) struct Dump {
    pub text: String,
    pub blocks: Vec<Block>,
    /// The page's main container by two measures: the element whose text scores
    /// best, counting each character of sentence-like text `+1` and each character
    /// of link text or of short blocks `-`[`BEST_PENALTY`]`[k]`. Each is the block
    /// range of that element and its share of the page's sentence-like text.
    pub best: [Best; 2],
    /// Characters of sentence-like text on the page.
    pub good_chars: f32,
    /// The elements that hold at least two blocks, children before parents (an
    /// element holding the same blocks as the one before it is left out): the
    /// laminar family of the page's block ranges, at most one per block boundary.
    pub groups: Vec<Group>,
    /// The outermost `article` elements (or role `article`) that hold a block, in
    /// document order: one on an article page, one per card on a page of teasers.
    pub articles: Vec<Group>,
}

/// An element's text: see [`Dump::groups`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Group {
    /// The element's blocks.
    pub blocks: (usize, usize),
    /// Characters, link characters and sentence-like characters in it.
    pub chars: f32,
    pub link_chars: f32,
    pub good: f32,
}

/// A main container: see [`Dump::best`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Best {
    pub score: f32,
    pub good: f32,
    pub blocks: (usize, usize),
}

/// What a character of link text or of a short block costs a main container, for the
/// strict and the loose measure of [`Dump::best`].
pub(crate) const BEST_PENALTY: [f32; 2] = [1.0, 0.25];
/// A block of at least this many words, ending like a sentence, is sentence-like
/// text; so is any block of at least [`SENTENCE_LIKE_LONG`] words.
pub(crate) const SENTENCE_LIKE_WORDS: u32 = 7;
/// See [`SENTENCE_LIKE_WORDS`].
pub(crate) const SENTENCE_LIKE_LONG: u32 = 20;
/// Short blocks' characters count this much of a link's against a container.
pub(crate) const SHORT_BLOCK_COST: f32 = 0.5;

/// Whether a line ends like a sentence: terminal punctuation, perhaps inside closing
/// quotes or brackets.
pub(crate) fn ends_like_sentence(line: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&line[line.len().saturating_sub(16)..]);
    let mut tail = text
        .chars()
        .rev()
        .skip_while(|c| matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '」' | '』'));
    tail.next().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | '。' | '！' | '？' | '।' | '؟' | ':'
        )
    })
}
