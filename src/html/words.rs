//! Words and spaces as the benchmark dumps see them: text split on Unicode whitespace
//! and the ASCII separator controls (as Python's `str.split()` splits it), invisible
//! format characters left out ([`is_format_char`]), and the punctuation that attaches
//! to the text before it without a space ([`attaches`]). The walk ([`super::walk`])
//! writes a line's text with these.

/// The words of a text: the runs between [`is_space`] characters that hold some
/// character other than a [`is_format_char`] (`text.split(is_space)`, format
/// characters taken out, empty words skipped), in one pass over the bytes.
pub(crate) struct Words<'t> {
    text: &'t str,
    at: usize,
}

/// A word of [`Words`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Word {
    /// Its byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Its characters other than format characters, and the last of them.
    pub chars: u32,
    pub last: char,
    /// Whether it holds format characters (to be taken out).
    pub format: bool,
}

impl<'t> Words<'t> {
    /// The words of `text`.
    pub(crate) fn new(text: &'t str) -> Words<'t> {
        Words { text, at: 0 }
    }
}

/// The bytes by kind, for [`Words`]: [`SPACE`] for ASCII whitespace as [`is_space`]
/// sees it, [`WORD`] for the other ASCII bytes, [`OTHER`] for the bytes of
/// multi-byte characters.
static BYTE_KIND: [u8; 256] = {
    let mut kinds = [OTHER; 256];
    let mut b = 0;
    while b < 0x80 {
        kinds[b] = match b as u8 {
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ' | b'\x1c'..=b'\x1f' => SPACE,
            _ => WORD,
        };
        b += 1;
    }
    kinds
};
const WORD: u8 = 0;
const SPACE: u8 = 1;
const OTHER: u8 = 2;

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() {
            // Skip the whitespace before the word.
            match BYTE_KIND[usize::from(bytes[i])] {
                SPACE => {
                    i += 1;
                    continue;
                }
                WORD => {}
                _ => {
                    let c = self.text[i..].chars().next().unwrap_or(' ');
                    if is_space(c) {
                        i += c.len_utf8();
                        continue;
                    }
                }
            }
            let start = i;
            let mut word = Word {
                start,
                end: start,
                chars: 0,
                last: ' ',
                format: false,
            };
            while i < bytes.len() {
                match BYTE_KIND[usize::from(bytes[i])] {
                    WORD => {
                        // A run of ASCII letters, digits and punctuation.
                        let run = i;
                        while i < bytes.len() && BYTE_KIND[usize::from(bytes[i])] == WORD {
                            i += 1;
                        }
                        let n = u32::try_from(i - run).unwrap_or(u32::MAX);
                        word.chars = word.chars.saturating_add(n);
                        word.last = char::from(bytes[i - 1]);
                    }
                    SPACE => break,
                    _ => {
                        let c = self.text[i..].chars().next().unwrap_or(' ');
                        if is_space(c) {
                            break;
                        }
                        if is_format_char(c) {
                            word.format = true;
                        } else {
                            word.chars = word.chars.saturating_add(1);
                            word.last = c;
                        }
                        i += c.len_utf8();
                    }
                }
            }
            word.end = i;
            if word.chars > 0 {
                self.at = i;
                return Some(word);
            }
        }
        self.at = bytes.len();
        None
    }
}

/// Whitespace between words: Unicode whitespace and the ASCII separator controls
/// (what Python's `str.split()` splits on, with which the benchmark dumps were made).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Whether a piece of text attaches to the text before it on its line (which ends
/// in `last`) without a space: it starts with closing punctuation, or the text
/// before it ends with an opening parenthesis. (The rule of the benchmark dumps,
/// which is html-text's: `<b>W</b>ord` gives `W ord`, `(<a>1</a>)` gives `(1)`.)
pub(crate) fn attaches(last: Option<char>, piece: &str) -> bool {
    matches!(last, Some('('))
        || piece
            .chars()
            .find(|&c| !is_format_char(c))
            .is_some_and(|c| matches!(c, ',' | ':' | ';' | '.' | '!' | '?' | '"' | ')' | ']'))
}

/// Invisible characters that the benchmark dumps leave out: soft hyphen, zero-width
/// space, non-joiner and joiner, word joiner, and the byte-order mark (zero-width
/// no-break space). Direction marks stay.
pub(crate) fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference (naive) version of [`Words`] that the tests hold it to: split,
    /// take format characters out, skip empty words.
    fn naive_words(text: &str) -> Vec<(String, u32, char)> {
        text.split(is_space)
            .map(|w| {
                w.chars()
                    .filter(|&c| !is_format_char(c))
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .map(|w| {
                (
                    w.clone(),
                    w.chars().count() as u32,
                    w.chars().last().unwrap(),
                )
            })
            .collect()
    }

    fn fast_words(text: &str) -> Vec<(String, u32, char)> {
        Words::new(text)
            .map(|w| {
                let s: String = text[w.start..w.end]
                    .chars()
                    .filter(|&c| !is_format_char(c))
                    .collect();
                assert_eq!(w.format, text[w.start..w.end].contains(is_format_char));
                (s, w.chars, w.last)
            })
            .collect()
    }

    #[test]
    fn words_as_split() {
        for text in [
            "",
            " ",
            "a",
            " one  two\tthree\n",
            "\u{a0}x\u{3000}y\u{2028}\u{85}z\x1cw\x1f",
            "\u{200b}",
            " \u{200b} \u{feff}\u{ad} ",
            "Not\u{ad}fall \u{200b}x\u{feff}",
            "caf\u{e9} \u{5e2}\u{200f} \u{1F600}\u{200d}\u{1F600}",
        ] {
            assert_eq!(fast_words(text), naive_words(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_as_split_any(text in "[a \t\n\r\x0b\x0c\x1c\x1f\u{a0}\u{3000}\u{85}\u{ad}\u{200b}\u{200d}\u{feff}\u{e9}\u{1F600}.,]{0,24}") {
            proptest::prop_assert_eq!(fast_words(&text), naive_words(&text));
        }
    }
}
