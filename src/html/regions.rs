//! The parts of a page that a block can lie in ([`Region`]): the element names and
//! ARIA `role`s that open each, and each region's bit in a block's set of regions
//! ([`crate::Layout`]).

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

    /// The region's bit in a block's set of regions (see [`crate::Layout::is_in`]).
    pub(crate) const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The regions (bits) an element opens by its name.
pub(crate) fn name_regions(name: &str) -> u16 {
    let by_name = match name {
        "nav" => Some(Region::Nav),
        "header" => Some(Region::Header),
        "footer" => Some(Region::Footer),
        "aside" => Some(Region::Aside),
        "form" | "search" => Some(Region::Form),
        "figure" => Some(Region::Figure),
        "figcaption" => Some(Region::Figcaption),
        "time" => Some(Region::Time),
        "main" => Some(Region::Main),
        "article" => Some(Region::Article),
        _ => None,
    };
    by_name.map_or(0, Region::bit)
}

/// The regions (bits) that an ARIA `role` attribute's roles open.
pub(crate) fn role_regions(role: Option<&str>) -> u16 {
    let mut regions = 0;
    if let Some(role) = role {
        for role in role.split_ascii_whitespace() {
            let region = match role.to_ascii_lowercase().as_str() {
                "navigation" | "menu" | "menubar" => Region::Nav,
                "banner" => Region::Header,
                "contentinfo" => Region::Footer,
                "complementary" => Region::Aside,
                "form" | "search" => Region::Form,
                "main" => Region::Main,
                "article" => Region::Article,
                _ => continue,
            };
            regions |= region.bit();
        }
    }
    regions
}
