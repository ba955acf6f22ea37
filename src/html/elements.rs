//! What the walk needs to know of an element, from its name and attributes
//! ([`ElementInfo`]): whether it is dropped with its contents, starts and ends a line
//! (a block) or stays on its line, keeps its line breaks, is a link, a form control,
//! ruby or hidden; which regions it opens; what kind of block and ancestor it is for the
//! layout features. Worked out once per element, when the tree builder creates it
//! ([`super::dom`]); the parse reads [`is_dropped`] too, to skip the raw text of
//! dropped elements ([`super::parse`]).
//!
//! The lists follow a browser's default style sheet and the rules the benchmark dumps
//! were made with (`aeb/dumps/README.md` in the shared corpora).

use super::regions::{name_regions, role_regions};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

/// The block element, by the classes that matter to the layout features.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum TagClass {
    H1,
    H2,
    H3,
    H4To6,
    P,
    Li,
    Cell,
    Definition,
    Pre,
    Blockquote,
    Caption,
    Control,
    #[default]
    Div,
    Other,
}

/// The number of [`TagClass`] values.
pub(crate) const TAG_CLASSES: usize = 14;

impl TagClass {
    /// The class of an element named `name`.
    fn of(name: &str) -> TagClass {
        match name {
            "h1" => TagClass::H1,
            "h2" => TagClass::H2,
            "h3" => TagClass::H3,
            "h4" | "h5" | "h6" => TagClass::H4To6,
            "p" => TagClass::P,
            "li" => TagClass::Li,
            "td" | "th" => TagClass::Cell,
            "dd" | "dt" => TagClass::Definition,
            "pre" | "textarea" | "listing" | "xmp" | "plaintext" => TagClass::Pre,
            "blockquote" => TagClass::Blockquote,
            "figcaption" | "caption" => TagClass::Caption,
            "option" | "optgroup" | "select" | "legend" | "summary" => TagClass::Control,
            "div" | "section" | "center" | "article" | "main" | "body" | "html" | "aside"
            | "header" | "footer" | "nav" | "figure" | "form" => TagClass::Div,
            _ => TagClass::Other,
        }
    }
}

/// Bits of [`Facts::ancestors`](super::dump::Facts::ancestors): kinds of element the
/// block's text lies in.
pub(crate) mod ancestors {
    pub const LIST: u16 = 1;
    pub const TABLE: u16 = 1 << 1;
    pub const BLOCKQUOTE: u16 = 1 << 2;
    pub const DEFINITIONS: u16 = 1 << 3;
    pub const DETAILS: u16 = 1 << 4;
    pub const CONTROL: u16 = 1 << 5;
    pub const HEADING: u16 = 1 << 6;
    pub const EMPHASIS: u16 = 1 << 7;
    /// The number of bits.
    pub const COUNT: usize = 8;
}

/// The [`ancestors`] bit of an element named `name` (0 for none).
fn ancestor_bits(name: &str) -> u16 {
    match name {
        "ul" | "ol" | "menu" | "dir" => ancestors::LIST,
        "table" => ancestors::TABLE,
        "blockquote" | "q" => ancestors::BLOCKQUOTE,
        "dl" => ancestors::DEFINITIONS,
        "details" => ancestors::DETAILS,
        "button" | "label" | "select" | "option" | "legend" | "summary" => ancestors::CONTROL,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ancestors::HEADING,
        "strong" | "b" | "em" | "i" => ancestors::EMPHASIS,
        _ => 0,
    }
}

/// What the walk needs to know of an element, by its name and attributes: worked
/// out once, when the tree builder creates it ([`super::dom`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ElementInfo {
    /// [`flag`] bits.
    flags: u16,
    /// [`Region`](super::regions::Region) bits of the regions the element opens.
    pub regions: u16,
    /// [`ancestors`] bits of the element.
    pub ancestors: u16,
    /// The element's [`TagClass`], should it hold a block.
    pub tag: TagClass,
}

/// Bits of [`ElementInfo`]'s flags, for [`ElementInfo::has`].
pub(crate) mod flag {
    /// Dropped with everything inside ([`super::is_dropped`]).
    pub const DROPPED: u16 = 1;
    /// `br` or `hr`: ends the line.
    pub const BREAK: u16 = 1 << 1;
    /// Starts and ends a line ([`super::is_block`]).
    pub const BLOCK: u16 = 1 << 2;
    /// Keeps the line breaks of its text.
    pub const PRE: u16 = 1 << 3;
    /// A link: `a` with `href`.
    pub const LINK: u16 = 1 << 4;
    /// Hidden by its attributes ([`super::is_hidden`]).
    pub const HIDDEN: u16 = 1 << 5;
    /// A form control.
    pub const CONTROL: u16 = 1 << 6;
    /// `html` or `body`: no template tokens.
    pub const NO_TOKENS: u16 = 1 << 7;
    /// An HTML element whose content is raw text that the walk drops.
    pub const DROPS_TEXT: u16 = 1 << 8;
    /// A name of such an element ([`super::NameInfo`]), in whatever namespace.
    pub const RAW: u16 = 1 << 9;
    /// `ruby`: its pieces of text join without a space, as do those next to it.
    pub const RUBY: u16 = 1 << 10;
    /// A field for an e-mail address: `input` of `type="email"`, or whose `name`,
    /// `id`, `autocomplete` or `placeholder` says `email` (newsletter and sign-up
    /// forms).
    pub const EMAIL_FIELD: u16 = 1 << 11;
    /// A frame of another page or an embedded object (`iframe`, `frame`, `embed`,
    /// `object`): ad slots and embeds.
    pub const FRAME: u16 = 1 << 12;
    /// An image or a video (`img`, `picture`, `video`).
    pub const IMAGE: u16 = 1 << 13;
    /// Carries a machine-readable date (a `datetime` attribute, as on `time`, `ins`
    /// and `del`).
    pub const DATETIME: u16 = 1 << 14;
    /// The bits a box is marked by when it holds such an element
    /// ([`super::super::dump::markup`]).
    pub const HELD: u16 = EMAIL_FIELD | FRAME | IMAGE;
}

impl ElementInfo {
    /// The facts of an element named `name` with attributes `attrs`.
    pub(crate) fn of(name: &QualName, attrs: &[Attribute]) -> ElementInfo {
        ElementInfo::with(NameInfo::of(&name.local), name, attrs)
    }

    /// The facts of an element named `name`, of which `known` tells what the name
    /// says ([`NameInfo::of`]), with attributes `attrs`.
    pub(crate) fn with(known: NameInfo, name: &QualName, attrs: &[Attribute]) -> ElementInfo {
        let mut info = known.0;
        if info.has(flag::RAW) && name.ns == ns!(html) {
            info.flags |= flag::DROPS_TEXT;
        }
        if attrs.is_empty() {
            return info;
        }
        if name.local == local_name!("a") && attr(attrs, &local_name!("href")).is_some() {
            info.flags |= flag::LINK;
        }
        if is_hidden(attrs) {
            info.flags |= flag::HIDDEN;
        }
        if name.local == local_name!("input") && is_email_field(attrs) {
            info.flags |= flag::EMAIL_FIELD;
        }
        if attr(attrs, &local_name!("datetime")).is_some() {
            info.flags |= flag::DATETIME;
        }
        info.regions |= role_regions(attr(attrs, &local_name!("role")));
        info
    }

    /// Whether an attribute is one the walk reads when it enters the element (the
    /// others are read by [`ElementInfo::of`] only).
    pub(crate) fn reads_later(name: &QualName) -> bool {
        is_token_attr(&name.local)
    }

    /// Whether the text inside the element may be left out of the tree: the element
    /// is dropped with its contents, and they are raw text.
    pub(crate) fn drops_text(&self) -> bool {
        self.flags & flag::DROPS_TEXT != 0
    }

    /// The element's [`flag`] bits.
    #[inline]
    pub(crate) fn flags(&self) -> u16 {
        self.flags
    }

    /// Whether the element has the [`flag`] `bit`.
    #[inline]
    pub(crate) fn has(&self, bit: u16) -> bool {
        self.flags & bit != 0
    }
}

/// What an element's name alone says of it: the [`ElementInfo`] of the element
/// without attributes, in any namespace (worked out once per name and page by
/// [`super::dom`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct NameInfo(ElementInfo);

impl NameInfo {
    /// What the local name `local` says.
    pub(crate) fn of(local: &str) -> NameInfo {
        let mut flags = 0;
        let mut set = |bit: u16, on: bool| {
            if on {
                flags |= bit;
            }
        };
        let dropped = is_dropped(local);
        set(flag::DROPPED, dropped);
        set(flag::BREAK, matches!(local, "br" | "hr"));
        set(flag::BLOCK, is_block(local));
        set(
            flag::PRE,
            matches!(local, "pre" | "textarea" | "listing" | "xmp" | "plaintext"),
        );
        set(
            flag::CONTROL,
            matches!(
                local,
                "button" | "label" | "option" | "select" | "legend" | "summary"
            ),
        );
        set(flag::NO_TOKENS, matches!(local, "html" | "body"));
        set(flag::RUBY, local == "ruby");
        set(
            flag::FRAME,
            matches!(local, "iframe" | "frame" | "embed" | "object"),
        );
        set(flag::IMAGE, matches!(local, "img" | "picture" | "video"));
        set(
            flag::RAW,
            dropped && matches!(local, "script" | "style" | "noscript" | "title" | "iframe"),
        );
        NameInfo(ElementInfo {
            flags,
            regions: name_regions(local),
            ancestors: ancestor_bits(local),
            tag: TagClass::of(local),
        })
    }
}

/// The value of the attribute `local` in no namespace (as `scraper`'s `attr` finds
/// it).
pub(crate) fn attr<'a>(attrs: &'a [Attribute], local: &LocalName) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.local == *local && a.name.ns == ns!() && a.name.prefix.is_none())
        .map(|a| &*a.value)
}

/// The attributes whose values give template tokens.
pub(crate) fn is_token_attr(local: &LocalName) -> bool {
    *local == local_name!("class")
        || *local == local_name!("id")
        || *local == local_name!("itemprop")
        || *local == local_name!("role")
}

/// Elements dropped with everything inside: those a browser does not render
/// (`template`, whose content is a fragment apart from the page, `head`, `script`…),
/// those whose text is not the page's (`svg`, `iframe`…), and the annotations of
/// `ruby`: `rt` (a reading, such as the furigana above a Japanese word, which would
/// repeat the word inline), `rtc` (a container of them) and `rp` (the parentheses
/// around a reading, which a browser shows only where it cannot show ruby).
pub(crate) fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "title"
            | "svg"
            | "iframe"
            | "frame"
            | "object"
            | "embed"
            | "applet"
            | "rt"
            | "rtc"
            | "rp"
    )
}

/// Elements that start and end a line: those a browser's default style sheet
/// displays as blocks, list items, table rows or cells; and, as in the benchmark
/// dumps, `select`, `textarea` and `picture`.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "address"
            | "article"
            | "aside"
            | "blockquote"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "plaintext"
            | "pre"
            | "search"
            | "section"
            | "select"
            | "summary"
            | "picture"
            | "table"
            | "tbody"
            | "td"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "xmp"
    )
}

/// Whether an `input` with attributes `attrs` asks for an e-mail address: its
/// `type` is `email`, or its `name`, `id`, `autocomplete` or `placeholder` names
/// one (`email`, `e-mail`, `newsletter_email`, "Your email address").
fn is_email_field(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let says_email = || {
            let v = a.value.as_bytes();
            v.windows(5).any(|w| w.eq_ignore_ascii_case(b"email"))
                || v.windows(6).any(|w| w.eq_ignore_ascii_case(b"e-mail"))
        };
        if a.name.local == local_name!("type") {
            a.value.trim().eq_ignore_ascii_case("email")
        } else {
            (a.name.local == local_name!("name")
                || a.name.local == local_name!("id")
                || a.name.local == local_name!("autocomplete")
                || a.name.local == local_name!("placeholder"))
                && says_email()
        }
    })
}

/// Whether an element is hidden from a reader by its attributes: `hidden` (but not
/// `hidden="until-found"`, which a search reveals, nor a React streaming segment),
/// `aria-hidden="true"`, or an inline style whose last `display` is `none`.
fn is_hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        if a.name.local == local_name!("hidden") {
            !a.value.trim().eq_ignore_ascii_case("until-found") && !is_streamed_segment(attrs)
        } else if a.name.local == local_name!("aria-hidden") {
            a.value.trim().eq_ignore_ascii_case("true")
        } else if a.name.local == local_name!("style") {
            style_hides(&a.value)
        } else {
            false
        }
    })
}

/// Whether a hidden element is a segment of a page that React streams as it renders
/// (`<div hidden id="S:1">`): the page's own script moves it into view at once, and
/// on many pages it holds the main content.
fn is_streamed_segment(attrs: &[Attribute]) -> bool {
    attr(attrs, &local_name!("id"))
        .and_then(|id| id.strip_prefix("S:"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether an inline style's last `display` declaration is `none`.
fn style_hides(style: &str) -> bool {
    let mut hides = false;
    for declaration in style.split(';') {
        if let Some((property, value)) = declaration.split_once(':')
            && property.trim().eq_ignore_ascii_case("display")
        {
            let value = value.trim();
            let value = match value.len().checked_sub(10) {
                Some(cut)
                    if value.is_char_boundary(cut)
                        && value[cut..].eq_ignore_ascii_case("!important") =>
                {
                    value[..cut].trim_end()
                }
                _ => value,
            };
            hides = value.eq_ignore_ascii_case("none");
        }
    }
    hides
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        assert!(style_hides("display:none"));
        assert!(style_hides("display: none !IMPORTANT;"));
        assert!(!style_hides("display:none; display:block"));
        assert!(!style_hides("visibility:hidden"));
        assert!(!style_hides("display:é"));
        assert!(!style_hides(""));
    }
}
