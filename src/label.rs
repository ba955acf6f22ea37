//! What a line is: its [`Label`], the [`Reasons`] behind a verdict, and the
//! [`DEFAULT_THRESHOLD`] on the content score that makes a line content.

use std::fmt;
use std::str::FromStr;

/// The default decision threshold on the content score.
///
/// A little below one half: the score is a probability fitted line by line, but what
/// matters to a reader (and to the benchmarks, which count words) is the text, and a
/// content line missed costs more words than a boilerplate line kept, since content
/// lines are the long ones. 0.46 gave the best cross-validated word F1 on the
/// benchmark dumps (README, "Accuracy").
///
/// ```
/// use deboiler::{Cleaner, DEFAULT_THRESHOLD};
/// assert_eq!(DEFAULT_THRESHOLD, 0.46);
/// let c = Cleaner::builder().threshold(f32::NAN).build();
/// assert_eq!(c.threshold(), DEFAULT_THRESHOLD);
/// ```
pub const DEFAULT_THRESHOLD: f32 = 0.46;

/// The kind of a line (or block): main content, or one kind of boilerplate.
///
/// ```
/// use deboiler::Label;
/// assert_eq!("timestamp".parse::<Label>(), Ok(Label::Timestamp));
/// assert_eq!(Label::Caption.as_str(), "caption");
/// assert!(Label::Content.is_content());
/// ```
///
/// Every label is named on the command line (`--keep content,comment`), in JSON
/// output and in `.labels` files by [`Label::as_str`]; the list may grow
/// (`#[non_exhaustive]`), so a `match` on it needs a wildcard arm.
///
/// | label | name | what |
/// |---|---|---|
/// | [`Content`](Label::Content) | `content` | the main text |
/// | [`Title`](Label::Title) | `title` | headline and its repeats |
/// | [`Byline`](Label::Byline) | `byline` | authors, bios |
/// | [`Timestamp`](Label::Timestamp) | `timestamp` | dates, times, read times |
/// | [`Caption`](Label::Caption) | `caption` | photo and video captions and credits |
/// | [`Navigation`](Label::Navigation) | `navigation` | menus, share buttons, related links |
/// | [`Marketing`](Label::Marketing) | `marketing` | newsletters, paywalls, ads |
/// | [`Legal`](Label::Legal) | `legal` | cookies, copyright, terms |
/// | [`Comment`](Label::Comment) | `comment` | reader comments and their headers |
/// | [`Blank`](Label::Blank) | `blank` | empty lines |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Label {
    /// The main text of the page: paragraphs, in-body headings, list items, quotes.
    Content,
    /// The page's headline or title.
    Title,
    /// Who wrote it: "By …", author names and bios.
    Byline,
    /// Dates, times and read times: `09:56, Mon, Mar 17, 2025`, `5 min read`.
    Timestamp,
    /// Photo and video captions and credits: `… (Image: Getty)`.
    Caption,
    /// Menus, breadcrumbs, share buttons, related links, tags, pagination.
    Navigation,
    /// Newsletters, sign-up forms, subscriptions, paywalls, ads and promos.
    Marketing,
    /// Cookie notices, consent, copyright, privacy and terms lines.
    Legal,
    /// Reader comments under articles, posts and products: their text and headers
    /// (not the posts of a forum thread, which are the thread's content).
    Comment,
    /// An empty or whitespace-only line.
    Blank,
}

// A cleaner's set of kept labels is a `u16` bitset indexed by `Label::index`.
const _: () = assert!(Label::ALL.len() <= 16);

impl Label {
    /// Every label, in a fixed order (the order of [`Label::index`]).
    ///
    /// ```
    /// use deboiler::Label;
    /// assert_eq!(Label::ALL[0], Label::Content);
    /// for (i, l) in Label::ALL.iter().enumerate() {
    ///     assert_eq!(l.index(), i);
    ///     assert_eq!(l.as_str().parse::<Label>(), Ok(*l));
    /// }
    /// ```
    pub const ALL: [Label; 10] = [
        Label::Content,
        Label::Title,
        Label::Byline,
        Label::Timestamp,
        Label::Caption,
        Label::Navigation,
        Label::Marketing,
        Label::Legal,
        Label::Comment,
        Label::Blank,
    ];

    /// The label's name as written in `.labels` files and on the command line.
    ///
    /// ```
    /// assert_eq!(deboiler::Label::Marketing.as_str(), "marketing");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Label::Content => "content",
            Label::Title => "title",
            Label::Byline => "byline",
            Label::Timestamp => "timestamp",
            Label::Caption => "caption",
            Label::Navigation => "navigation",
            Label::Marketing => "marketing",
            Label::Legal => "legal",
            Label::Comment => "comment",
            Label::Blank => "blank",
        }
    }

    /// The label's position in [`Label::ALL`].
    ///
    /// ```
    /// use deboiler::Label;
    /// assert_eq!(Label::ALL[Label::Legal.index()], Label::Legal);
    /// ```
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Whether this is [`Label::Content`].
    ///
    /// ```
    /// assert!(!deboiler::Label::Legal.is_content());
    /// ```
    pub const fn is_content(self) -> bool {
        matches!(self, Label::Content)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error of parsing an unknown label name; holds the name as given. Its message
/// lists the known names.
///
/// ```
/// use deboiler::{Label, UnknownLabel};
/// let err = "sidebar".parse::<Label>().unwrap_err();
/// assert_eq!(err, UnknownLabel("sidebar".to_string()));
/// assert!(err.to_string().starts_with("unknown label \"sidebar\" (expected one of: content, title"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLabel(pub String);

impl fmt::Display for UnknownLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown label {:?} (expected one of: ", self.0)?;
        for (i, l) in Label::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(l.as_str())?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for UnknownLabel {}

impl FromStr for Label {
    type Err = UnknownLabel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Label::ALL
            .iter()
            .copied()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownLabel(s.to_string()))
    }
}

macro_rules! reasons {
    ($($(#[$doc:meta])* $name:ident = $bit:expr, $text:expr;)*) => {
        /// One piece of evidence behind a verdict. A [`Verdict`](crate::Verdict)'s
        /// [`Reasons`] hold every one that applies to the line.
        ///
        /// ```
        /// use deboiler::{Cleaner, Reason};
        /// let v = Cleaner::new().classify("Share on Facebook\n")[0];
        /// assert!(v.reasons().contains(Reason::NavigationPhrase));
        /// assert_eq!(Reason::NavigationPhrase.to_string(), "navigation-phrase");
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Reason {
            $($(#[$doc])* $name = $bit,)*
        }

        impl Reason {
            /// Every reason, in bit order.
            ///
            /// ```
            /// use deboiler::Reason;
            /// assert_eq!(Reason::ALL[0], Reason::Prose);
            /// assert!(Reason::ALL.contains(&Reason::ImageCredit));
            /// assert!(Reason::ALL.iter().all(|r| !r.as_str().is_empty()));
            /// ```
            pub const ALL: &'static [Reason] = &[$(Reason::$name,)*];

            /// A short, stable name for the reason (used in JSON output).
            ///
            /// ```
            /// assert_eq!(deboiler::Reason::ImageCredit.as_str(), "image-credit");
            /// ```
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Reason::$name => $text,)*
                }
            }
        }
    };
}

reasons! {
    /// Many words, ending like a sentence: reads like running prose.
    Prose = 0, "prose";
    /// Very few words.
    Short = 1, "short";
    /// Ends with terminal punctuation (`.`, `!`, `?`, `。`…).
    Sentence = 2, "sentence";
    /// Many function words (`the`, `of`, `und`, `de`…), as running text has.
    FunctionWords = 3, "function-words";
    /// A date or time shape (`09:56`, `2025-03-17`, `Mar 17, 2025`).
    DateTime = 4, "date-time";
    /// A photo credit (`(Image: Getty)`, `Photo: Reuters`).
    ImageCredit = 5, "image-credit";
    /// A phrase from the timestamp word list (`updated`, `min read`).
    TimestampPhrase = 6, "timestamp-phrase";
    /// A phrase from the marketing word list (`newsletter`, `invalid email`).
    MarketingPhrase = 7, "marketing-phrase";
    /// A phrase from the legal word list (`cookies`, `all rights reserved`).
    LegalPhrase = 8, "legal-phrase";
    /// A phrase from the navigation word list (`share`, `read more`).
    NavigationPhrase = 9, "navigation-phrase";
    /// A phrase from the byline word list (`written by`, `reporter`).
    BylinePhrase = 10, "byline-phrase";
    /// A phrase from the caption word list (`pictured`, `getty images`).
    CaptionPhrase = 11, "caption-phrase";
    /// Separators (`|`, `•`, `›`) between short items.
    Separators = 12, "separators";
    /// Mostly digits.
    Digits = 13, "digits";
    /// Most words capitalised, as in menus and headlines.
    TitleCase = 14, "title-case";
    /// The neighbouring lines look like content.
    ContentNeighbours = 15, "content-neighbours";
    /// The neighbouring lines look like boilerplate.
    BoilerplateNeighbours = 16, "boilerplate-neighbours";
    /// Inside the page's longest run of content-like lines.
    MainRun = 17, "main-run";
    /// Far from the page's main run of content.
    OutsideMainRun = 18, "outside-main-run";
    /// The same text occurs on another line of the page.
    Repeated = 19, "repeated";
    /// A link, URL or e-mail address.
    Link = 20, "link";
    /// Shaped like a headline and placed before the main text.
    Headline = 21, "headline";
    /// Empty or whitespace only.
    Empty = 22, "empty";
    /// Not valid UTF-8 (judged on its valid parts).
    InvalidUtf8 = 23, "invalid-utf8";
    /// Kept as one of the best lines of a page where no line reached the threshold.
    BestOfPage = 24, "best-of-page";
    /// Shaped like a person's name, beside a byline or a date.
    AuthorName = 25, "author-name";
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A small set of [`Reason`]s (a bitset: copying it never allocates).
///
/// ```
/// use deboiler::{Reason, Reasons};
/// let mut r = Reasons::default();
/// r.insert(Reason::DateTime);
/// assert!(r.contains(Reason::DateTime));
/// assert_eq!(r.iter().collect::<Vec<_>>(), vec![Reason::DateTime]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Reasons(u32);

impl Reasons {
    /// Adds a reason (adding one already there changes nothing).
    ///
    /// ```
    /// use deboiler::{Reason, Reasons};
    /// let mut r = Reasons::default();
    /// r.insert(Reason::Short);
    /// r.insert(Reason::Short);
    /// assert_eq!(r.iter().count(), 1);
    /// ```
    pub fn insert(&mut self, r: Reason) {
        self.0 |= 1 << r as u32;
    }

    /// Adds `r` when `cond` holds.
    pub(crate) fn set_if(&mut self, cond: bool, r: Reason) {
        self.0 |= (cond as u32) << r as u32;
    }

    /// Whether the set holds `r`.
    ///
    /// ```
    /// use deboiler::{Reason, Reasons};
    /// let mut r = Reasons::default();
    /// r.insert(Reason::Link);
    /// assert!(r.contains(Reason::Link));
    /// assert!(!r.contains(Reason::Prose));
    /// ```
    pub fn contains(self, r: Reason) -> bool {
        self.0 & (1 << r as u32) != 0
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// use deboiler::{Reason, Reasons};
    /// let mut r = Reasons::default();
    /// assert!(r.is_empty());
    /// r.insert(Reason::Empty);
    /// assert!(!r.is_empty());
    /// ```
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The reasons, in bit order (the order of [`Reason::ALL`]), whatever the order
    /// they were added in. [`Display`](std::fmt::Display) joins their names with `,`.
    ///
    /// ```
    /// use deboiler::{Reason, Reasons};
    /// let mut r = Reasons::default();
    /// r.insert(Reason::Link);
    /// r.insert(Reason::Short);
    /// assert_eq!(r.iter().collect::<Vec<_>>(), [Reason::Short, Reason::Link]);
    /// assert_eq!(r.to_string(), "short,link");
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Reason> {
        Reason::ALL
            .iter()
            .copied()
            .filter(move |r| self.contains(*r))
    }
}

impl fmt::Display for Reasons {
    /// The reasons' names joined by `,`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(r.as_str())?;
        }
        Ok(())
    }
}

/// What the page pass names one line: its label, the reasons behind it, and its
/// score (the probability after the page rules), for the line's
/// [`Verdict`](crate::Verdict).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LineLabel {
    pub label: Label,
    pub reasons: Reasons,
    pub score: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for l in Label::ALL {
            assert_eq!(l.as_str().parse::<Label>(), Ok(l));
            assert_eq!(Label::ALL[l.index()], l);
        }
        assert!("other".parse::<Label>().is_err());
        assert_eq!(" Content ".parse::<Label>(), Ok(Label::Content));
        assert_eq!("comment".parse::<Label>(), Ok(Label::Comment));
        assert_eq!(Label::Comment.to_string(), "comment");
        assert!(!Label::Comment.is_content());
        for (i, a) in Label::ALL.iter().enumerate() {
            for b in &Label::ALL[i + 1..] {
                assert_ne!(a.as_str(), b.as_str());
            }
        }
    }

    #[test]
    fn reasons_fit_the_bitset_and_have_unique_names() {
        assert!(Reason::ALL.len() <= 32);
        for (i, r) in Reason::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i, "reasons must be numbered in order");
            for s in &Reason::ALL[i + 1..] {
                assert_ne!(r.as_str(), s.as_str());
            }
        }
        let mut set = Reasons::default();
        set.set_if(false, Reason::Short);
        assert!(set.is_empty());
        set.set_if(true, Reason::Short);
        set.insert(Reason::Link);
        assert_eq!(set.to_string(), "short,link");
        assert_eq!(
            format!("{:>9}|{:<9}|", Label::Caption, Label::Legal),
            "  caption|legal    |"
        );
    }
}
