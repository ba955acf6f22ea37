//! The counting of a line's ASCII bytes in vectors ([`count_line`]): words, letters,
//! digits, spaces and the rest of [`AsciiCounts`] in one branch-free pass over its
//! bytes, which the compiler turns into vector code.

/// Counts over the bytes of a line, each byte seen with the one before it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct AsciiCounts {
    /// Bytes that are no space after a space (or at the line's start).
    pub(super) words: u32,
    /// Words that begin with an ASCII upper-case letter.
    pub(super) cap_words: u32,
    /// ASCII letters, and of them the upper-case ones.
    pub(super) letters: u32,
    pub(super) upper: u32,
    /// ASCII digits.
    pub(super) digits: u32,
    /// ASCII white space ([`ascii_space`]).
    pub(super) spaces: u32,
    /// `,`.
    pub(super) commas: u32,
    /// `|`.
    pub(super) bars: u32,
    /// Spaces after `.`, `!` or `?`.
    pub(super) mid_sentences: u32,
    /// `@`, `:` and `.` right after `w`: where a link may be (`mail@`, `://`, `www.`).
    pub(super) link_marks: u32,
    /// Bytes of 0x80 and above: not zero when the line is not ASCII.
    pub(super) non_ascii: u32,
}

/// Whether ASCII byte `b` is white space ([`char::is_whitespace`]: tab, line feed,
/// vertical tab, form feed, carriage return, space).
#[inline(always)]
pub(super) fn ascii_space(b: u8) -> bool {
    (b == b' ') | in_range(b, b'\t', 5)
}

/// Whether `b` is one of the `n` bytes from `lo` on (`lo` below 0x80, `lo + n` at
/// most 0x80): `b - lo < n` as a signed comparison of bytes shifted by 0x80, which
/// vector code does in one instruction where the unsigned one takes two.
#[inline(always)]
fn in_range(b: u8, lo: u8, n: u8) -> bool {
    (b.wrapping_add(0x80 - lo) as i8) < (n.wrapping_add(0x80) as i8)
}

/// The most bytes counted by one call of [`count_chunk`] (a long line's chunks).
const CHUNK: usize = 128;

/// The counts of the bytes of `line`, each seen with the byte before it (a space
/// before the first).
///
/// The counting loop has a fixed length, no branch and byte counters: the compiler
/// turns it into vector code that looks at 16 bytes per instruction. A long line's
/// chunks of [`CHUNK`] bytes are counted where they are (each with the byte before
/// it); the rest of the line, or a short line (most lines: menus, bylines, dates),
/// goes through a buffer of 16, 32, 64, 96 or [`CHUNK`] bytes padded with spaces, so
/// that no byte-by-byte loop counts the last few bytes. Padding spaces change no
/// count but `spaces` and, after a line ending in `.`, `!` or `?`, `mid_sentences`,
/// which are corrected. Long lines hold most of a dump's bytes: in chunks of 128
/// rather than 64, the sums are narrowed from vectors half as often; chunks of 192 or
/// 240 count more slowly (`cargo bench --features internals --bench classify --
/// stages`, its `measure` rows).
pub(super) fn count_line(line: &[u8]) -> AsciiCounts {
    let mut acc = AsciiCounts::default();
    let (chunks, _) = line.as_chunks::<CHUNK>();
    let mut prev = b' ';
    if let Some(first) = chunks.first() {
        count_chunk_of::<{ CHUNK + 1 }>(b' ', first, &mut acc);
        for start in (CHUNK..chunks.len() * CHUNK).step_by(CHUNK) {
            let window = line[start - 1..start + CHUNK].as_array::<{ CHUNK + 1 }>();
            count_chunk(window.expect("a chunk and the byte before it"), &mut acc);
        }
        prev = line[chunks.len() * CHUNK - 1];
    }
    let rest = &line[chunks.len() * CHUNK..];
    match rest.len() {
        0 => {}
        1..=16 => count_chunk_of::<17>(prev, rest, &mut acc),
        17..=32 => count_chunk_of::<33>(prev, rest, &mut acc),
        33..=64 => count_chunk_of::<65>(prev, rest, &mut acc),
        65..=96 => count_chunk_of::<97>(prev, rest, &mut acc),
        _ => count_chunk_of::<{ CHUNK + 1 }>(prev, rest, &mut acc),
    }
    acc
}

/// Adds to `acc` the counts of `chunk` (at most `M - 1` bytes, not empty) after
/// `prev`, through a buffer of `M` bytes padded with spaces (see [`count_line`]).
#[inline(always)]
fn count_chunk_of<const M: usize>(prev: u8, chunk: &[u8], acc: &mut AsciiCounts) {
    let mut buf = [b' '; M];
    buf[0] = prev;
    buf[1..=chunk.len()].copy_from_slice(chunk);
    count_chunk(&buf, acc);
    if chunk.len() < M - 1 {
        acc.spaces -= (M - 1 - chunk.len()) as u32;
        // The first padding space after a `.` is no sentence's end.
        let last = chunk[chunk.len() - 1];
        acc.mid_sentences -= ((last == b'.') | (last == b'!') | (last == b'?')) as u32;
    }
}

/// Adds to `acc` the counts of `buf[1..]`, each byte seen with the one before it
/// (`M` at most 256: byte counters).
fn count_chunk<const M: usize>(buf: &[u8; M], acc: &mut AsciiCounts) {
    let (mut words, mut cap_words, mut letters, mut upper) = (0u8, 0u8, 0u8, 0u8);
    let (mut digits, mut spaces, mut commas, mut bars) = (0u8, 0u8, 0u8, 0u8);
    let (mut mid, mut link_marks, mut high) = (0u8, 0u8, 0u8);
    // Two loops of six and five counters rather than one of eleven: the compiler
    // (which unrolls both over the chunk) then moves fewer vectors between registers.
    for (&p, &b) in buf[..M - 1].iter().zip(&buf[1..]) {
        let space = ascii_space(b);
        let start = !space & ascii_space(p);
        let up = in_range(b, b'A', 26);
        let low = in_range(b, b'a', 26);
        words += start as u8;
        cap_words += (start & up) as u8;
        letters += (up | low) as u8;
        upper += up as u8;
        digits += in_range(b, b'0', 10) as u8;
        spaces += space as u8;
    }
    for (&p, &b) in buf[..M - 1].iter().zip(&buf[1..]) {
        let space = ascii_space(b);
        commas += (b == b',') as u8;
        high |= b;
        bars += (b == b'|') as u8;
        mid += (space & ((p == b'.') | (p == b'!') | (p == b'?'))) as u8;
        // Only whether there is one counts: one sum for the three.
        link_marks |= ((b == b'@') | (b == b':') | ((b == b'.') & (p == b'w'))) as u8;
    }
    acc.words += words as u32;
    acc.cap_words += cap_words as u32;
    acc.letters += letters as u32;
    acc.upper += upper as u32;
    acc.digits += digits as u32;
    acc.spaces += spaces as u32;
    acc.commas += commas as u32;
    acc.bars += bars as u32;
    acc.mid_sentences += mid as u32;
    acc.link_marks |= link_marks as u32;
    acc.non_ascii |= (high >= 0x80) as u32;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`count_line`] byte by byte, as its doc defines the counts: the naive version
    /// the tests hold it to (`link_marks` and `non_ascii` 0 or 1).
    fn count_line_reference(line: &[u8]) -> AsciiCounts {
        let mut c = AsciiCounts::default();
        let mut p = b' ';
        for &b in line {
            let space = matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
            let start = !space && matches!(p, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
            c.words += start as u32;
            c.cap_words += (start && b.is_ascii_uppercase()) as u32;
            c.letters += b.is_ascii_alphabetic() as u32;
            c.upper += b.is_ascii_uppercase() as u32;
            c.digits += b.is_ascii_digit() as u32;
            c.spaces += space as u32;
            c.commas += (b == b',') as u32;
            c.bars += (b == b'|') as u32;
            c.mid_sentences += (space && matches!(p, b'.' | b'!' | b'?')) as u32;
            c.link_marks |= (b == b'@' || b == b':' || (b == b'.' && p == b'w')) as u32;
            c.non_ascii |= (b >= 0x80) as u32;
            p = b;
        }
        c
    }

    #[test]
    fn count_line_counts_as_byte_by_byte() {
        let mut rng = crate::test_rng::xorshift32(0x9e37_79b9);
        // Bytes the counts ask about, more often than at random.
        let marks = b" \t\r\x0b\x0c\n.!?,|@:wWaZzA09\x80\xff\x1f/";
        for len in (0..300).chain([383, 384, 385, 511, 512, 513, 1000, 4000]) {
            for _ in 0..20 {
                let line: Vec<u8> = (0..len)
                    .map(|_| match rng() % 3 {
                        0 => marks[(rng() as usize) % marks.len()],
                        1 => b'a' + (rng() % 26) as u8,
                        _ => (rng() % 256) as u8,
                    })
                    .collect();
                assert_eq!(count_line(&line), count_line_reference(&line), "{line:?}");
            }
        }
        for line in &crate::corpus_lines() {
            assert_eq!(count_line(line), count_line_reference(line), "{line:?}");
        }
    }
}
