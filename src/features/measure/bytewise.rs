//! Measuring a line from counts over its bytes ([`measure_bytes`]): an ASCII line
//! from its [`AsciiCounts`] alone, a line that is valid UTF-8 and mostly ASCII from
//! them corrected by what its other characters are ([`NonAscii`]). The tests hold
//! both to [`super::charwise::measure_chars`], which measures any line a character
//! at a time.

use super::{Shape, finish};
use crate::features::classes::{
    ALPHA, ASCII_FLAGS, SEPARATOR, SPACE, TERMINAL, UNSPACED, UPPER, first_class, flags_of,
};
use crate::features::counts::{AsciiCounts, ascii_space};
use crate::features::numbers::{Numbers, next_digit, next_non_digit};
use crate::features::utf8::{char_at, chars_from_end, first_non_ascii};

/// What the non-ASCII characters of a line (valid UTF-8, none of them white space)
/// add to the counts that [`crate::features::counts::count_line`] takes over its
/// bytes.
#[derive(Default)]
pub(in crate::features) struct NonAscii {
    /// Bytes beyond the first of each character: `chars` is the bytes less these.
    extra_bytes: u32,
    /// Letters ([`ALPHA`]), their upper-case ones, and those of unspaced scripts.
    letters: u32,
    upper: u32,
    unspaced: u32,
    /// Upper-case characters that begin a word.
    cap_words: u32,
    /// ASCII spaces after a non-ASCII sentence end (`…`, `。`).
    mid_sentences: u32,
    commas: u32,
    separators: u32,
}

/// What the non-ASCII characters of `line` add to its byte counts; `None` when the
/// line is no valid UTF-8 or one of its characters is white space that is not ASCII
/// (a no-break space), which moves word boundaries: such a line is measured a
/// character at a time.
///
/// The line is valid UTF-8 when each of its runs of non-ASCII bytes is: a character
/// of several bytes has no ASCII byte. Only these runs are checked (a few bytes a
/// line), not the whole line.
pub(in crate::features) fn non_ascii_extra(line: &[u8]) -> Option<NonAscii> {
    let mut extra = NonAscii::default();
    let mut i = 0;
    while let Some(k) = first_non_ascii(&line[i..]) {
        let run_start = i + k;
        let run_end = line[run_start..]
            .iter()
            .position(u8::is_ascii)
            .map_or(line.len(), |k| run_start + k);
        let run = std::str::from_utf8(&line[run_start..run_end]).ok()?;
        let mut s = run_start;
        for c in run.chars() {
            let w = c.len_utf8();
            non_ascii_char(line, s, c, &mut extra)?;
            s += w;
        }
        i = run_end;
    }
    Some(extra)
}

/// Adds to `extra` what character `c`, at `s` in `line` (not ASCII), adds; `None` when
/// it is white space.
#[inline(always)]
fn non_ascii_char(line: &[u8], s: usize, c: char, extra: &mut NonAscii) -> Option<()> {
    let w = c.len_utf8();
    let flags = flags_of(c);
    if flags & SPACE != 0 {
        return None;
    }
    extra.extra_bytes += w as u32 - 1;
    if flags & ALPHA != 0 {
        extra.letters += 1;
        extra.upper += (flags & UPPER != 0) as u32;
        extra.unspaced += (flags & UNSPACED != 0) as u32;
    } else {
        extra.commas += matches!(c, '、' | '，') as u32;
        extra.separators += (flags & SEPARATOR != 0) as u32;
    }
    // A word begins here after a space or at the line's start (no space is
    // non-ASCII here).
    let starts = s == 0 || ascii_space(line[s - 1]);
    extra.cap_words += (starts && flags & UPPER != 0) as u32;
    extra.mid_sentences +=
        (flags & TERMINAL != 0 && line.get(s + w).is_some_and(|&b| ascii_space(b))) as u32;
    Some(())
}

/// [`super::measure`] of an ASCII line (`MIXED` false, `extra` empty) or of a line
/// that is valid UTF-8 (`MIXED` true, `extra` from [`non_ascii_extra`]): the counts
/// over the bytes `c`, corrected by `extra`, with the rarer questions (numbers, links,
/// a closing parenthesis) asked only of lines that may need them, and those that look
/// at characters (the first and last visible ones, the letters of a word with digits)
/// asked of characters when `MIXED`.
#[inline(always)]
pub(in crate::features) fn measure_bytes<const MIXED: bool>(
    line: &[u8],
    extra: &NonAscii,
    c: &AsciiCounts,
) -> Shape {
    let n = line.len();
    let mut shape = Shape {
        bytes: u32::try_from(n).unwrap_or(u32::MAX),
        ..Shape::default()
    };
    // Counts of a line are below its length, which `bytes` holds.
    let len = shape.bytes;
    let chars = len - extra.extra_bytes;
    let letters = c.letters + extra.letters;
    shape.chars = chars;
    shape.words = c.words;
    shape.cap_words = c.cap_words + extra.cap_words;
    shape.letters = letters;
    shape.upper = c.upper + extra.upper;
    shape.unspaced = extra.unspaced;
    shape.digits = c.digits;
    shape.punct = chars - c.spaces - letters - c.digits;
    shape.commas = c.commas + extra.commas;
    shape.separators = c.bars + extra.separators;
    shape.mid_sentences = c.mid_sentences + extra.mid_sentences;
    // `://` and `www.` are looked for at the `:`s and `.`s only.
    shape.link = c.link_marks > 0
        && (memchr::memchr(b'@', line).is_some()
            || memchr::memchr_iter(b':', line).any(|i| line[i + 1..].starts_with(b"//"))
            || memchr::memchr_iter(b'.', line).any(|i| i >= 3 && &line[i - 3..i] == b"www"));
    if let Some(k) = line.iter().position(|&b| !ascii_space(b)) {
        let flags = if MIXED && line[k] >= 0x80 {
            flags_of(char_at(line, k))
        } else {
            ASCII_FLAGS[line[k] as usize]
        };
        shape.first = first_class(flags);
    }
    if c.digits > 0 {
        let mut numbers = Numbers::default();
        let mut i = 0;
        // Where the last word holding a digit ends: only such words can be numeric,
        // and each is counted at its first run of digits.
        let mut word_end = 0;
        while let Some(s) = next_digit(line, i) {
            let e = next_non_digit(line, s).unwrap_or(n);
            numbers.run(line, s, e);
            if s >= word_end {
                let start = line[..s]
                    .iter()
                    .rposition(|&b| ascii_space(b))
                    .map_or(0, |k| k + 1);
                word_end = line[e..]
                    .iter()
                    .position(|&b| ascii_space(b))
                    .map_or(n, |k| e + k);
                let word = &line[start..word_end];
                let digits = word.iter().filter(|b| b.is_ascii_digit()).count();
                let letters = if MIXED && !word.is_ascii() {
                    String::from_utf8_lossy(word)
                        .chars()
                        .filter(|&c| flags_of(c) & ALPHA != 0)
                        .count()
                } else {
                    word.iter().filter(|b| b.is_ascii_alphabetic()).count()
                };
                shape.numeric_words += (digits >= letters) as u32;
            }
            i = e;
        }
        shape.times = numbers.times;
        shape.dates = numbers.dates;
        shape.years = numbers.years;
        shape.durations = numbers.durations;
    }
    let (last, before_last) = if MIXED {
        let mut visible = chars_from_end(line).filter(|&c| flags_of(c) & SPACE == 0);
        (visible.next().unwrap_or(' '), visible.next().unwrap_or(' '))
    } else {
        let mut visible = line.iter().rev().filter(|&&b| !ascii_space(b));
        (
            visible.next().map_or(' ', |&b| b as char),
            visible.next().map_or(' ', |&b| b as char),
        )
    };
    let last_open_paren = if last == ')' {
        line.iter().rposition(|&b| b == b'(')
    } else {
        None
    };
    finish(line, &mut shape, last, before_last, last_open_paren);
    shape
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::counts::count_line;
    use crate::features::measure::charwise::measure_chars;
    use crate::features::measure::measure;

    /// [`measure`] of an ASCII line, by [`measure_bytes`].
    fn measure_ascii(line: &[u8]) -> Shape {
        measure_bytes::<false>(line, &NonAscii::default(), &count_line(line))
    }

    /// [`measure`] of a line that is valid UTF-8 but not ASCII by [`measure_bytes`];
    /// `None` when the line is left to [`measure_chars`].
    fn measure_mostly_ascii(line: &[u8]) -> Option<Shape> {
        let extra = non_ascii_extra(line)?;
        Some(measure_bytes::<true>(line, &extra, &count_line(line)))
    }

    #[test]
    fn non_ascii_runs_decide_validity_as_the_whole_line_does() {
        let mut rng = crate::test_rng::xorshift32(0x7f4a_7c15);
        let pieces: [&[u8]; 12] = [
            b"a",
            b" ",
            b"1",
            "\u{e9}".as_bytes(),
            "\u{2026}".as_bytes(),
            "\u{1f600}".as_bytes(),
            "\u{a0}".as_bytes(),
            b"\xe2\x80",
            b"\x80",
            b"\xff",
            b"\xed\xa0\x80",
            b"\xf0\x9f\x98",
        ];
        for _ in 0..20_000 {
            let len = rng() % 12;
            let line: Vec<u8> = (0..len)
                .flat_map(|_| pieces[rng() as usize % pieces.len()].iter().copied())
                .collect();
            let extra = non_ascii_extra(&line);
            match std::str::from_utf8(&line) {
                Ok(text) => {
                    let no_wide_space =
                        !text.chars().any(|c| c as u32 >= 0x80 && c.is_whitespace());
                    assert_eq!(extra.is_some(), no_wide_space, "{line:?}");
                    let back: Vec<char> = chars_from_end(&line).collect();
                    assert_eq!(back, text.chars().rev().collect::<Vec<_>>(), "{line:?}");
                    for (k, c) in text.char_indices() {
                        assert_eq!(char_at(&line, k), c, "{line:?} {k}");
                    }
                }
                Err(_) => assert!(extra.is_none(), "{line:?}"),
            }
            assert!(
                same_shape(&measure(&line), &measure_chars(&line)),
                "{line:?}"
            );
        }
    }

    /// Whether two shapes are the same (weights compared bit for bit).
    fn same_shape(a: &Shape, b: &Shape) -> bool {
        format!("{a:?}") == format!("{b:?}")
            && a.hits.weight.map(f32::to_bits) == b.hits.weight.map(f32::to_bits)
    }

    #[test]
    fn ascii_lines_measure_as_char_by_char_on_the_corpus() {
        let mut lines = 0;
        for line in crate::corpus_lines().iter().filter(|l| l.is_ascii()) {
            let (fast, slow) = (measure_ascii(line), measure_chars(line));
            assert!(
                same_shape(&fast, &slow),
                "{:?}",
                String::from_utf8_lossy(line)
            );
            lines += 1;
        }
        assert!(lines > 1000, "corpus/ holds too few ASCII lines: {lines}");
    }

    #[test]
    fn all_lines_measure_as_char_by_char_on_the_corpus() {
        for line in &crate::corpus_lines() {
            let (fast, slow) = (measure(line), measure_chars(line));
            assert!(
                same_shape(&fast, &slow),
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
        for line in [&b"caf\xe9 au lait"[..], b"\xff", b"a\xc2\xa0b 12:30", b""] {
            assert!(same_shape(&measure(line), &measure_chars(line)), "{line:?}");
        }
    }

    #[test]
    fn ascii_lines_measure_as_char_by_char_on_tricky_lines() {
        let long = "ab 1c. ".repeat(100);
        for line in [
            "",
            " ",
            "\t\x0b\x0c\r",
            "x",
            "\"Quoted.\" (Image: Getty)",
            "see https://example.com or www.example.com, mail me@example.com",
            "09:56, Mon, Mar 17, 2025 | UPDATED: 09:56",
            "2025-03-17T09:56:00Z 17/03/2025 3/17/25 9h56 2h 10d 15 mins $5m 1990s v2h",
            "A1 b22 33c 4d4 5 66 a... (x) [y] 'q' z? w! end.",
            "Ends in a paren (after sixty bytes it is not trailing, so this one is long)",
            "\x01\x7f~ lone control bytes",
            long.as_str(),
        ] {
            let l = line.as_bytes();
            assert!(same_shape(&measure_ascii(l), &measure_chars(l)), "{line:?}");
        }
    }

    /// Whether [`measure_mostly_ascii`] measures `line` as [`measure_chars`] does, or
    /// leaves it to it; true when it measured it.
    fn mostly_ascii_agrees(line: &[u8]) -> bool {
        let text = String::from_utf8_lossy(line);
        match measure_mostly_ascii(line) {
            Some(fast) => {
                let slow = measure_chars(line);
                assert!(
                    same_shape(&fast, &slow),
                    "{text:?}\nfast {fast:?}\nslow {slow:?}"
                );
                true
            }
            None => false,
        }
    }

    #[test]
    fn mostly_ascii_lines_measure_as_char_by_char_on_the_corpus() {
        let mut lines = 0;
        for line in crate::corpus_lines().iter().filter(|l| !l.is_ascii()) {
            lines += mostly_ascii_agrees(line) as usize;
        }
        assert!(
            lines > 100,
            "corpus/ holds too few non-ASCII lines: {lines}"
        );
    }

    #[test]
    fn mostly_ascii_lines_measure_as_char_by_char_on_tricky_lines() {
        for line in [
            "Café au lait… he said “Yes.” — Émile",
            "“Quoted.” (Photo: José Núñez)",
            "Ends in an ellipsis…",
            "… and a space after it… ok",
            "東京 2025年3月17日 更新",
            "3½ × 2€ £5 10€ 2h… 15 mins€ 2hé 2025–03–17 09:56",
            "İstanbul Ǆemal ǅ ǆ Ⓐ ⓑ ß ΣΑΣ σας",
            "» Home › News • Sport · Weather | Contact",
            "x、y，z, w",
            "é",
            "É. É! Q? Ω",
            "mail me@exämple.com at www.exämple.com or https://exämple.com",
            "Ä1 b2ü 3ü3 44é ÿ",
            "Ends in a paren (after sixty bytes it is not trailing, so this one is lóng)",
            "Trailing paren (Fotó: Reuters)",
            "Last word «quoted»",
            "१२३ ٣ digits of other scripts",
        ] {
            assert!(
                mostly_ascii_agrees(line.as_bytes()),
                "{line:?} was left to measure_chars"
            );
        }
        // White space that is not ASCII moves word boundaries: left to `measure_chars`.
        for line in ["a\u{a0}b", "1\u{2009}000 €", "x\u{85}y", "\u{3000}全角"] {
            assert!(!mostly_ascii_agrees(line.as_bytes()), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn mostly_ascii_lines_measure_as_char_by_char(
            line in "[ a-zA-Z0-9.,:;!?()'\"|@/ -]{0,20}[éÉ…“”’•»«、，。東ǅß½€£\u{a0}]{1,3}[ a-zA-Z0-9.,:;!?()'\"|@/ éÉ…“”’•»«、，。東ǅß½€£-]{0,40}"
        ) {
            mostly_ascii_agrees(line.as_bytes());
        }

        #[test]
        fn ascii_lines_measure_as_char_by_char(line in "[ -~\t]{0,300}") {
            let l = line.as_bytes();
            proptest::prop_assert!(same_shape(&measure_ascii(l), &measure_chars(l)), "{:?}", line);
        }
    }
}
