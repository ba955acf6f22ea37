//! UTF-16 text: recognised by its start ([`detect_utf16`]), with a byte-order mark
//! or without one, and decoded to UTF-8 ([`decode_utf16`]). Its NUL bytes would
//! otherwise make it look binary, and UTF-16 of ASCII text is even valid UTF-8.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// How much of the input's start is searched for the pattern of UTF-16 without a
/// byte-order mark.
const PROBE: usize = 1024;

/// The fewest code units the pattern is judged on.
const MIN_UNITS: usize = 2;

/// The share of the probed code units that must be ASCII characters (not NUL), in
/// one byte order, for the input to be UTF-16 without a byte-order mark: numerator
/// and denominator.
const ASCII_SHARE: (usize, usize) = (3, 4);

/// The byte order of UTF-16 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Utf16 {
    /// UTF-16LE: the low byte of each code unit first.
    LittleEndian,
    /// UTF-16BE: the high byte of each code unit first.
    BigEndian,
}

impl Utf16 {
    /// The `encoding_rs` encoding of this byte order.
    pub(crate) fn encoding(self) -> &'static Encoding {
        match self {
            Utf16::LittleEndian => UTF_16LE,
            Utf16::BigEndian => UTF_16BE,
        }
    }
}

/// The byte order of the UTF-16 text that `data`, the start of an input, is in, if
/// any: a byte-order mark decides (`FF FE` little-endian, but not the `FF FE 00 00`
/// of UTF-32; `FE FF` big-endian); without one, at least three quarters of the code
/// units in the first 1,024 bytes must be ASCII characters, all in the same byte
/// order (a zero byte beside a non-zero ASCII byte). UTF-16 text without a mark is
/// recognised only when it is mostly ASCII.
///
/// ```
/// use deboiler::Utf16;
/// let le: Vec<u8> = "<p>Hello</p>".encode_utf16().flat_map(u16::to_le_bytes).collect();
/// assert_eq!(deboiler::detect_utf16(&le), Some(Utf16::LittleEndian));
/// assert_eq!(deboiler::detect_utf16(b"\xfe\xff\x4e\x2d"), Some(Utf16::BigEndian));
/// assert_eq!(deboiler::detect_utf16(b"<p>Hello</p>"), None);
/// ```
pub fn detect_utf16(data: &[u8]) -> Option<Utf16> {
    match data {
        [0xff, 0xfe, 0, 0, ..] => return None,
        [0xff, 0xfe, ..] => return Some(Utf16::LittleEndian),
        [0xfe, 0xff, ..] => return Some(Utf16::BigEndian),
        _ => {}
    }
    let probe = &data[..data.len().min(PROBE)];
    let units = probe.len() / 2;
    // Without a zero byte (the common case, searched for quickly) it is not UTF-16
    // of ASCII text.
    if units < MIN_UNITS || memchr::memchr(0, probe).is_none() {
        return None;
    }
    let ascii = |b: u8| b != 0 && b.is_ascii();
    let (mut le, mut be) = (0, 0);
    for unit in probe.chunks_exact(2) {
        if unit[1] == 0 && ascii(unit[0]) {
            le += 1;
        } else if unit[0] == 0 && ascii(unit[1]) {
            be += 1;
        }
    }
    let (num, den) = ASCII_SHARE;
    if le * den >= units * num {
        Some(Utf16::LittleEndian)
    } else if be * den >= units * num {
        Some(Utf16::BigEndian)
    } else {
        None
    }
}

/// `bytes` decoded from UTF-16 to UTF-8 when [`detect_utf16`] finds them to be UTF-16,
/// else `None`. A byte-order mark is dropped (and decides the byte order); unpaired
/// surrogates and an odd last byte become U+FFFD.
///
/// ```
/// let bytes: Vec<u8> = "Home\nThe council met.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
/// assert_eq!(deboiler::decode_utf16(&bytes).unwrap(), "Home\nThe council met.\n");
/// assert_eq!(deboiler::decode_utf16(b"plain UTF-8\n"), None);
/// ```
pub fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let order = detect_utf16(bytes)?;
    Some(order.encoding().decode(bytes).0.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` in UTF-16, little-endian if `le`, with a byte-order mark if `bom`.
    fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
        let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
        units
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn detects_boms_and_the_pattern() {
        let text = "Home\nThe council met on Tuesday.\n";
        let (le, be) = (Some(Utf16::LittleEndian), Some(Utf16::BigEndian));
        for bom in [true, false] {
            assert_eq!(detect_utf16(&utf16(text, true, bom)), le, "{bom}");
            assert_eq!(detect_utf16(&utf16(text, false, bom)), be, "{bom}");
        }
        // Non-ASCII text is recognised by its byte-order mark only.
        assert_eq!(detect_utf16(&utf16("日本語の文章", true, true)), le);
        assert_eq!(detect_utf16(&utf16("日本語の文章", true, false)), None);
        for not in [
            &b"plain text\n"[..],
            b"\x89PNG\r\n\x00\x00\x00IHDR garbage",
            b"text first\n\x00binary after",
            b"\xff\xfe\x00\x00a\x00\x00\x00",
            b"a\x00",
            &[0u8; 64],
        ] {
            assert_eq!(detect_utf16(not), None, "{not:?}");
        }
    }

    #[test]
    fn decodes_either_order_with_or_without_a_mark() {
        let text = "Café au lait – 日本 😀\r\nThe council met on Tuesday.\n".repeat(3);
        for (le, bom) in [(true, true), (true, false), (false, true), (false, false)] {
            assert_eq!(
                decode_utf16(&utf16(&text, le, bom)).as_deref(),
                Some(&*text),
                "{le} {bom}"
            );
        }
        // A big-endian mark wins over a little-endian pattern's guess, an odd last byte
        // is U+FFFD.
        assert_eq!(
            decode_utf16(b"\xfe\xff\x00a\x00b\x00").as_deref(),
            Some("ab\u{fffd}")
        );
        assert_eq!(decode_utf16(b"caf\xc3\xa9"), None);
    }
}
