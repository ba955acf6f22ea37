//! Measuring one line: its [`Shape`], from one pass over its bytes.
//!
//! [`measure`] counts the line's ASCII bytes in vectors
//! ([`count_line`]), then measures an ASCII line, or a
//! valid UTF-8 line without white space beyond ASCII, from these counts
//! ([`bytewise`]), and any other line one character at a time ([`charwise`]); the
//! tests hold both to the same [`Shape`]. What a line's end says and its phrases are
//! found the same way for both ([`finish`]).

use super::classes::{CharClass, is_quote, is_terminal};
use super::counts::count_line;
use crate::lexicon::{Hits, Kind, LEXICON};
use bytewise::{NonAscii, measure_bytes, non_ascii_extra};
use charwise::measure_chars;

mod bytewise;
mod charwise;

/// What one pass over a line's bytes measures.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Shape {
    /// Bytes of the line, without its terminator.
    pub bytes: u32,
    /// Characters (an undecodable run of bytes counts as one).
    pub chars: u32,
    /// Runs of characters between white space.
    pub words: u32,
    /// Letters of any script, and of them the upper-case ones.
    pub letters: u32,
    pub upper: u32,
    /// ASCII digits.
    pub digits: u32,
    /// Characters that are no letter, digit or white space.
    pub punct: u32,
    /// Letters of scripts written without spaces (CJK, kana, Thai…).
    pub unspaced: u32,
    /// Words that begin with an upper-case letter.
    pub cap_words: u32,
    /// Words with digits and no more letters than digits.
    pub numeric_words: u32,
    /// `,`, `、` and `，`.
    pub commas: u32,
    /// Menu separators (`|`, `•`, `›`…).
    pub separators: u32,
    /// White space after a sentence's end: sentences that end inside the line.
    pub mid_sentences: u32,
    /// Times (`09:56`, `9h56`), dates (`17/03/2025`) and years (`1900`–`2099`): the
    /// shapes of [`super::numbers::Numbers`].
    pub times: u32,
    pub dates: u32,
    pub years: u32,
    /// Numbers followed by a unit of time (`2h`, `10d`, `15 mins`, `3wk`): ages and
    /// durations. Evidence for the timestamp kind only, not a model feature.
    pub durations: u32,
    /// The class of the first visible character.
    pub first: CharClass,
    /// Ends a sentence (`.`, `!`, `?`…, perhaps inside closing quotes or brackets).
    pub sentence_end: bool,
    /// Ends in `:`.
    pub colon_end: bool,
    /// Ends in an ellipsis (`…`, `...`, `[…]`): a teaser cut short.
    pub ellipsis_end: bool,
    /// Ends in a parenthesis opened in its last 60 bytes, not at its start:
    /// `… (Image: Getty)`.
    pub trailing_paren: bool,
    /// Holds a link or an address: `@`, `://` or `www.`.
    pub link: bool,
    /// Holds bytes that are no valid UTF-8.
    pub invalid_utf8: bool,
    /// The phrases of the word lists found in the line.
    pub hits: Hits,
}

/// Whether a line ends in `…` or `...`, bare or in brackets: `… Another feature
/// that I […]`, `Read the full story...`.
fn ends_in_ellipsis(line: &[u8]) -> bool {
    let mut t = line.trim_ascii_end();
    if let Some(inner) = t.strip_suffix(b"]").or_else(|| t.strip_suffix(b")")) {
        t = inner.trim_ascii_end();
    }
    t.ends_with("…".as_bytes()) || t.ends_with(b"...")
}

/// Measures one line (its bytes without the terminator).
pub(crate) fn measure(line: &[u8]) -> Shape {
    // The counts over the bytes say whether the line is ASCII: no pass of its own.
    let counts = count_line(line);
    if counts.non_ascii == 0 {
        measure_bytes::<false>(line, &NonAscii::default(), &counts)
    } else if let Some(extra) = non_ascii_extra(line) {
        measure_bytes::<true>(line, &extra, &counts)
    } else {
        measure_chars(line)
    }
}

/// What a line's end says (from its last two visible characters and its last `(`), and
/// its phrases.
fn finish(
    line: &[u8],
    shape: &mut Shape,
    last: char,
    before_last: char,
    last_open_paren: Option<usize>,
) {
    // A sentence may end inside closing quotes or brackets: `… years."`.
    let end = if is_quote(last) || matches!(last, ')' | ']') {
        before_last
    } else {
        last
    };
    shape.sentence_end = is_terminal(end) || is_terminal(last);
    shape.colon_end = last == ':';
    shape.ellipsis_end = ends_in_ellipsis(line);
    shape.trailing_paren =
        last == ')' && last_open_paren.is_some_and(|p| line.len() - p <= 60 && p > 0);
    shape.hits = LEXICON.scan(line);
}

impl Shape {
    /// Words, counting two characters of an unspaced script (CJK) as one word.
    pub(crate) fn effective_words(&self) -> f32 {
        self.words as f32 + self.unspaced as f32 / 2.0
    }

    /// Whether the line has no visible character.
    pub(crate) fn is_blank(&self) -> bool {
        self.words == 0
    }

    /// Whether a caption phrase sits at the line's start or end (a credit).
    pub(crate) fn credit_at_edge(&self) -> bool {
        let k = Kind::Caption as usize;
        if self.hits.count[k] == 0 {
            return false;
        }
        let end = self.hits.last_end[k] as usize;
        let tail = (self.bytes as usize).saturating_sub(end);
        self.hits.first_start[k] <= 1 || tail <= 2 || (self.trailing_paren && tail <= 40)
    }

    /// Share of words that are numbers or timestamp phrases.
    pub(crate) fn timestamp_share(&self) -> f32 {
        let n = self.numeric_words as f32 + self.hits.count[Kind::Timestamp as usize] as f32;
        (n / self.effective_words().max(1.0)).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn www_anywhere_is_a_link() {
        assert!(measure(b"see www.example.com").link);
        assert!(!measure(b"WWW.example").link, "case-sensitive");
        assert!(!measure(b"ww.example").link);
    }

    #[test]
    fn counts_words_and_classes() {
        let s = measure("Hello World, it is 2025.".as_bytes());
        assert_eq!(s.words, 5);
        assert_eq!(s.cap_words, 2);
        assert_eq!(s.digits, 4);
        assert_eq!(s.years, 1);
        assert_eq!(s.commas, 1);
        assert!(s.sentence_end);
        assert_eq!(s.first, CharClass::Upper);
    }

    #[test]
    fn sentence_end_sees_through_quotes() {
        assert!(measure(b"He said: \"It would take years.\"").sentence_end);
        assert!(measure("他说。".as_bytes()).sentence_end);
        assert!(!measure(b"Read more").sentence_end);
        assert!(measure(b"Click here:").colon_end);
        for teaser in [
            "Another feature that I […]",
            "Read the story...",
            "So it goes (...)",
        ] {
            let s = measure(teaser.as_bytes());
            assert!(s.ellipsis_end && s.sentence_end, "{teaser}");
        }
        assert!(!measure(b"It ended.").ellipsis_end);
    }

    #[test]
    fn timestamp_share_counts_numbers_and_phrases_over_words() {
        let mut s = measure(b"one two three four five six seven eight");
        assert_eq!(s.timestamp_share(), 0.0);
        s.numeric_words = 2;
        s.hits.count[Kind::Timestamp as usize] = 1;
        assert_eq!(s.timestamp_share(), 3.0 / s.effective_words());
        assert!(s.timestamp_share() > 0.3 && s.timestamp_share() < 0.4);
        // At most 1, and 0 on a line without words.
        s.numeric_words = 20;
        assert_eq!(s.timestamp_share(), 1.0);
        assert_eq!(measure(b"").timestamp_share(), 0.0);
    }

    #[test]
    fn an_invalid_byte_measures_as_one_mark_of_punctuation() {
        // Where a line is no valid UTF-8, what follows the bad byte is measured at
        // its own place: the same shape as with a `#` there, but for the flag.
        for (bad, good) in [
            (
                &b"abc\xff at 10:30, see www.example.org"[..],
                &b"abc# at 10:30, see www.example.org"[..],
            ),
            (
                b"on \xff\xfe 2025-03-17 (Image: Getty)",
                b"on ## 2025-03-17 (Image: Getty)",
            ),
            (b"one \xff two, 3 min read", b"one # two, 3 min read"),
        ] {
            let mut a = measure(bad);
            assert!(a.invalid_utf8);
            a.invalid_utf8 = false;
            assert_eq!(format!("{a:?}"), format!("{:?}", measure(good)));
        }
    }

    #[test]
    fn trailing_parenthesis_and_links() {
        let s = measure(b"A source said so. (Image: Getty)");
        assert!(s.trailing_paren);
        assert!(s.credit_at_edge());
        assert!(measure(b"see https://example.com").link);
        assert!(measure(b"mail me@example.com").link);
        assert!(
            !measure(b"(Image: Getty)").trailing_paren,
            "a paren at 0 is the whole line"
        );
    }

    #[test]
    fn invalid_utf8_is_measured_not_dropped() {
        let s = measure(b"caf\xe9 au lait");
        assert!(s.invalid_utf8);
        assert_eq!(s.words, 3);
        let s = measure(b"\xff\xfe\x00\x01");
        assert!(s.invalid_utf8);
        let s = measure(b"\xe4\xe4\xe4");
        assert!(!s.is_blank(), "a line of undecodable bytes is not blank");
    }

    #[test]
    fn unspaced_scripts_count_as_words() {
        let s = measure("東京都は十七日、新しい計画を発表した。".as_bytes());
        assert!(s.effective_words() > 5.0);
        assert!(s.sentence_end);
    }

    /// [`measure`] of `line`, which [`measure_chars`] must measure the same.
    fn both(line: &str) -> Shape {
        let (fast, slow) = (measure(line.as_bytes()), measure_chars(line.as_bytes()));
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{line:?}");
        fast
    }

    /// Asserts that `detect` holds for each line of `accept` and for none of `reject`.
    fn holds_to(detect: impl Fn(&Shape) -> bool, accept: &[&str], reject: &[&str]) {
        for line in accept {
            assert!(detect(&both(line)), "{line:?} must be accepted");
        }
        for line in reject {
            assert!(!detect(&both(line)), "{line:?} must be rejected");
        }
    }

    #[test]
    fn separators_accept_and_reject() {
        for (line, n) in [
            ("Home | News • Sport › Weather", 3),
            ("a || b", 2),
            ("« Back · Next »", 3),
            ("Home ¦ News", 1),
            ("a/b - c, d; e: f — g – h", 0),
            ("x > y < z", 0),
        ] {
            assert_eq!(both(line).separators, n, "{line:?}");
        }
    }

    #[test]
    fn credits_accept_and_reject() {
        holds_to(
            Shape::credit_at_edge,
            &[
                "Photo: Reuters",
                "A source said so. (Image: Getty)",
                "The mayor speaks at the town hall on Monday. Getty Images",
                "The mayor at the hall (Getty Images for Tribeca)",
            ],
            &[
                "The mayor, whom Getty Images filmed, spoke at length about the budget today.",
                "Shot by Getty staff for the agency, then sold (to many papers and to sites)",
                "No phrase of that kind here at all",
                "",
            ],
        );
    }

    #[test]
    fn ellipsis_end_accepts_and_rejects() {
        holds_to(
            |s| s.ellipsis_end,
            &[
                "Read more…",
                "Read more...",
                "So it goes [...]",
                "Another feature that I […] ",
                "(…)",
            ],
            &[
                "It ended.",
                "Wait.. what",
                "Etc..",
                "... and so it began",
                "A … B",
                "end…x",
                "[…] then",
            ],
        );
    }

    #[test]
    fn links_accept_and_reject() {
        holds_to(
            |s| s.link,
            &[
                "see www.example.com",
                "https://example.org",
                "mail me@example.com",
                "ftp://host",
                "@handle",
                "awww.",
            ],
            &[
                "WWW.example",
                "ww.example",
                "a:b",
                "http:/x",
                "see example.com",
                "time 10:30",
                "www",
                "www, then",
            ],
        );
    }

    #[test]
    fn trailing_paren_accepts_and_rejects() {
        let far = format!("Said so ({})", "x".repeat(70));
        holds_to(
            |s| s.trailing_paren,
            &[
                "Said so (AP)",
                "Text (Image: Getty)  ",
                "Text (Fotó: Reuters)",
            ],
            &[
                "(Image: Getty)",
                "Said so (AP) today",
                far.as_str(),
                "Said so AP)",
                "(a)",
            ],
        );
    }

    #[test]
    fn sentence_and_colon_ends_accept_and_reject() {
        holds_to(
            |s| s.sentence_end,
            &[
                "It ended.",
                "Really?",
                "Wow!",
                "He said \"yes.\"",
                "(So it goes.)",
                "他说。",
                "Done. ",
                "Wait…",
            ],
            &[
                "Read more",
                "Click here:",
                "v1.2",
                "e.g",
                "Price: 3.50",
                "(.)x",
                "",
            ],
        );
        holds_to(
            |s| s.colon_end,
            &["Click here:", "Share: "],
            &["10:30", "Note: this", "Click here", ":)"],
        );
    }

    #[test]
    fn numeric_words_accept_and_reject() {
        holds_to(
            |s| s.numeric_words == 1,
            &["2025", "10:30", "A1", "B22", "$5", "17/03/2025"],
            &["3rd", "abc", "x1yz", "-", "Mp3s", ""],
        );
    }

    #[test]
    fn mid_sentences_accept_and_reject() {
        for (line, n) in [
            ("One. Two! Three? Four", 3),
            ("End.", 0),
            ("End. ", 1),
            ("v1.2 e.g.x a.b", 0),
            ("Fin… Encore", 1),
            ("終わり。 次", 1),
        ] {
            assert_eq!(both(line).mid_sentences, n, "{line:?}");
        }
    }

    #[test]
    fn first_character_classes() {
        for (line, class) in [
            ("Hello", CharClass::Upper),
            ("  hello", CharClass::Lower),
            ("1 a", CharClass::Digit),
            ("\"Q\"", CharClass::Quote),
            ("« Q »", CharClass::Quote),
            ("- x", CharClass::Other),
            ("東京", CharClass::Upper),
            ("", CharClass::None),
            ("   ", CharClass::None),
        ] {
            assert_eq!(both(line).first, class, "{line:?}");
        }
    }
}
