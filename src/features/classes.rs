//! The classes of characters that measuring a line asks about: the bits of
//! [`char_flags`], kept per code point of the Basic Multilingual Plane in
//! [`BMP_FLAGS`] (computed on first use) and for ASCII in [`ASCII_FLAGS`] (computed
//! at compile time), and the [`CharClass`] of a line's first visible character.

use crate::lexicon::is_unspaced;
use std::sync::atomic::{AtomicU16, Ordering};

/// The class of a line's first visible character.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum CharClass {
    #[default]
    None,
    Upper,
    Lower,
    Digit,
    Quote,
    Other,
}

/// Whether `c` is a quotation mark, straight, curly or of another script.
pub(super) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '„' | '‘' | '’' | '«' | '»' | '「' | '」' | '『' | '』'
    )
}

/// Whether `c` ends a sentence (`.`, `!`, `?`, `…` and those of other scripts).
pub(super) fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '।' | '؟')
}

/// Whether `c` separates the items of a menu or a breadcrumb trail (`|`, `•`, `›`).
pub(super) fn is_separator(c: char) -> bool {
    matches!(
        c,
        '|' | '•' | '·' | '›' | '»' | '‹' | '«' | '→' | '▸' | '►' | '‣' | '⁄' | '¦'
    )
}

// Bits of [`char_flags`]: what the measuring loop asks of a character.
/// White space ([`char::is_whitespace`]).
pub(super) const SPACE: u16 = 1;
/// An upper-case letter.
pub(super) const UPPER: u16 = 1 << 1;
/// A lower-case letter.
pub(super) const LOWER: u16 = 1 << 2;
/// A letter of any script, with or without case.
pub(super) const ALPHA: u16 = 1 << 3;
/// An ASCII digit.
pub(super) const DIGIT: u16 = 1 << 4;
/// A quotation mark ([`is_quote`]).
pub(super) const QUOTE: u16 = 1 << 5;
/// A sentence's end ([`is_terminal`]).
pub(super) const TERMINAL: u16 = 1 << 6;
/// A menu separator ([`is_separator`]).
pub(super) const SEPARATOR: u16 = 1 << 7;
/// A character of a script written without spaces ([`is_unspaced`]).
pub(super) const UNSPACED: u16 = 1 << 8;

/// The classes of `c` that [`measure`](super::measure::measure) uses, as bits.
pub(super) fn char_flags(c: char) -> u16 {
    let bit = |yes: bool, flag: u16| if yes { flag } else { 0 };
    bit(c.is_whitespace(), SPACE)
        | bit(c.is_uppercase(), UPPER)
        | bit(c.is_lowercase(), LOWER)
        | bit(c.is_alphabetic(), ALPHA)
        | bit(c.is_ascii_digit(), DIGIT)
        | bit(is_quote(c), QUOTE)
        | bit(is_terminal(c), TERMINAL)
        | bit(is_separator(c), SEPARATOR)
        | bit(is_unspaced(c), UNSPACED)
}

/// Marks a slot of [`BMP_FLAGS`] as computed (no flag of [`char_flags`] uses it).
const KNOWN: u16 = 1 << 15;

/// [`char_flags`] of the Basic Multilingual Plane, each code point's computed on its
/// first use and kept with [`KNOWN`] (0: not computed yet): the Unicode tables behind
/// `is_alphabetic` and friends cost a binary search per character, a slot's load does
/// not. One slot a code point rather than blocks of them: a text uses a few hundred
/// code points, scattered over as many blocks, so that blocks would compute the flags
/// of many code points the text never uses. Racing threads store the same value:
/// relaxed order is enough. 128 KB of zeros, of which a text touches
/// the pages of its scripts.
static BMP_FLAGS: [AtomicU16; 0x1_0000] = [const { AtomicU16::new(0) }; 0x1_0000];

/// [`char_flags`] of `c`, through [`BMP_FLAGS`] below U+10000.
#[inline]
pub(super) fn flags_of(c: char) -> u16 {
    let Some(slot) = BMP_FLAGS.get(c as usize) else {
        return char_flags(c);
    };
    let known = slot.load(Ordering::Relaxed);
    if known & KNOWN != 0 {
        known & !KNOWN
    } else {
        first_flags(c, slot)
    }
}

/// [`char_flags`] of `c`, kept in `slot` of [`BMP_FLAGS`].
#[cold]
#[inline(never)]
fn first_flags(c: char, slot: &AtomicU16) -> u16 {
    let flags = char_flags(c);
    slot.store(flags | KNOWN, Ordering::Relaxed);
    flags
}

/// [`char_flags`] of every ASCII character, computed at compile time from the ASCII
/// rules (a test checks it against [`char_flags`]).
pub(super) static ASCII_FLAGS: [u16; 128] = {
    let mut t = [0u16; 128];
    let mut b = 0u8;
    while b < 128 {
        let mut f = 0;
        if matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
            f |= SPACE;
        }
        if b.is_ascii_uppercase() {
            f |= UPPER | ALPHA;
        }
        if b.is_ascii_lowercase() {
            f |= LOWER | ALPHA;
        }
        if b.is_ascii_digit() {
            f |= DIGIT;
        }
        if matches!(b, b'"' | b'\'') {
            f |= QUOTE;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            f |= TERMINAL;
        }
        if b == b'|' {
            f |= SEPARATOR;
        }
        t[b as usize] = f;
        b += 1;
    }
    t
};

/// The [`CharClass`] of a line's first visible character, from its flags: a letter
/// without case counts as upper case.
pub(super) fn first_class(flags: u16) -> CharClass {
    if flags & UPPER != 0 {
        CharClass::Upper
    } else if flags & LOWER != 0 {
        CharClass::Lower
    } else if flags & DIGIT != 0 {
        CharClass::Digit
    } else if flags & QUOTE != 0 {
        CharClass::Quote
    } else if flags & ALPHA != 0 {
        CharClass::Upper
    } else {
        CharClass::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bmp_pages_agree_with_char_flags() {
        for c in (0x80..0x1_0000)
            .chain([0x1_0000, 0x1_F600, 0x10_FFFF])
            .filter_map(char::from_u32)
        {
            assert_eq!(flags_of(c), char_flags(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn quotes_of_every_script_and_nothing_else() {
        for c in ['"', '\'', '“', '”', '„', '«', '»', '「', '』'] {
            assert!(is_quote(c), "{c}");
            assert_ne!(flags_of(c) & QUOTE, 0, "{c}");
        }
        for c in ['a', 'Z', '1', '.', ' ', '-', 'é', '中'] {
            assert!(!is_quote(c), "{c}");
            assert_eq!(flags_of(c) & QUOTE, 0, "{c}");
        }
        assert_ne!(flags_of('é') & (LOWER | ALPHA), 0);
        assert_eq!(flags_of('中') & (UPPER | LOWER | DIGIT), 0);
    }

    #[test]
    fn ascii_flags_agree_with_char_flags() {
        for b in 0u8..128 {
            assert_eq!(
                ASCII_FLAGS[b as usize],
                char_flags(b as char),
                "byte {b:#04x}"
            );
        }
    }
}
