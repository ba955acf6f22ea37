//! Reading a line's bytes as UTF-8 where they may not be: its valid pieces
//! ([`utf8_pieces`]), a character at a byte ([`char_at`]), the characters from the
//! end ([`chars_from_end`]), and the first byte that is not ASCII
//! ([`first_non_ascii`]).

/// The line as [`<[u8]>::utf8_chunks`] cuts it: runs of valid UTF-8, each followed by
/// the invalid bytes after it. A valid line (nearly every line) is one piece, found by
/// `str::from_utf8`, which is much quicker on ASCII than the chunk iterator.
pub(super) fn utf8_pieces(line: &[u8]) -> impl Iterator<Item = (&str, &[u8])> {
    let whole = std::str::from_utf8(line).ok();
    let chunks = whole
        .is_none()
        .then(|| line.utf8_chunks())
        .into_iter()
        .flatten()
        .map(|c| (c.valid(), c.invalid()));
    whole.map(|s| (s, &line[..0])).into_iter().chain(chunks)
}

/// The character of valid UTF-8 `line` that starts at `k`.
pub(super) fn char_at(line: &[u8], k: usize) -> char {
    let width = match line[k] {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    };
    let bytes = &line[k..(k + width).min(line.len())];
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| s.chars().next())
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The characters of valid UTF-8 `line`, from its end.
pub(super) fn chars_from_end(line: &[u8]) -> impl Iterator<Item = char> {
    let mut end = line.len();
    std::iter::from_fn(move || {
        let last = *line[..end].last()?;
        if last < 0x80 {
            end -= 1;
            return Some(last as char);
        }
        // Back over the continuation bytes to the character's first byte.
        let start = line[..end]
            .iter()
            .rposition(|&b| !(0x80..0xC0).contains(&b))
            .unwrap_or(0);
        end = start;
        Some(char_at(line, start))
    })
}

/// The index of the first byte of `bytes` that is not ASCII, as
/// `bytes.iter().position(|&b| b >= 0x80)` finds it, but sixteen bytes at a time.
pub(super) fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    let (chunks, rest) = bytes.as_chunks::<16>();
    for (k, chunk) in chunks.iter().enumerate() {
        let high = u128::from_le_bytes(*chunk) & HIGH;
        if high != 0 {
            return Some(k * 16 + (high.trailing_zeros() / 8) as usize);
        }
    }
    let p = rest.iter().position(|&b| b >= 0x80)?;
    Some(chunks.len() * 16 + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_non_ascii_finds_what_position_finds() {
        for len in 0..70 {
            let mut line = vec![b'a'; len];
            assert_eq!(first_non_ascii(&line), None);
            for at in 0..len {
                for high in [0x80, 0xC3, 0xFF] {
                    line[at] = high;
                    let want = line.iter().position(|&b| b >= 0x80);
                    assert_eq!(first_non_ascii(&line), want, "{len} {at}");
                    // A later non-ASCII byte changes nothing.
                    if at + 1 < len {
                        line[len - 1] = 0xE2;
                        assert_eq!(first_non_ascii(&line), want, "{len} {at}");
                        line[len - 1] = b'a';
                    }
                }
                line[at] = 0x7F;
            }
        }
    }

    #[test]
    fn utf8_pieces_cut_like_utf8_chunks() {
        for line in [
            &b""[..],
            b"plain",
            "caf\u{e9}".as_bytes(),
            b"caf\xe9 au lait",
            b"\xff\xfe\x00\x01",
            b"\xe4\xe4\xe4x",
        ] {
            let ours: Vec<(&str, &[u8])> = utf8_pieces(line).collect();
            let std: Vec<(&str, &[u8])> = line
                .utf8_chunks()
                .map(|c| (c.valid(), c.invalid()))
                .collect();
            if line.is_empty() {
                assert_eq!(ours, vec![("", &b""[..])]);
            } else {
                assert_eq!(ours, std, "{line:?}");
            }
        }
    }
}
