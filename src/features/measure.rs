//! Measuring one line: its [`Shape`], from one pass over its bytes.
//!
//! The character classes the measuring asks about ([`char_flags`], kept per code
//! point in [`BMP_FLAGS`] and for ASCII in [`ASCII_FLAGS`]), the runs of digits that
//! make times, dates and durations ([`Numbers`]), the counting of ASCII bytes in
//! vectors ([`count_line`]), and [`measure`] with its byte-wise and char-wise
//! variants, which the tests hold to the same [`Shape`].

use crate::lexicon::{Hits, Kind, LEXICON, is_unspaced};
use std::sync::atomic::{AtomicU16, Ordering};

/// What one pass over a line's bytes measures.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Shape {
    pub bytes: u32,
    pub chars: u32,
    pub words: u32,
    pub letters: u32,
    pub upper: u32,
    pub digits: u32,
    pub punct: u32,
    pub unspaced: u32,
    pub cap_words: u32,
    pub numeric_words: u32,
    pub commas: u32,
    pub separators: u32,
    pub mid_sentences: u32,
    pub times: u32,
    pub dates: u32,
    pub years: u32,
    /// Numbers followed by a unit of time (`2h`, `10d`, `15 mins`, `3 weeks`): ages
    /// and durations. Evidence for the timestamp kind only, not a model feature.
    pub durations: u32,
    pub first: CharClass,
    pub sentence_end: bool,
    pub colon_end: bool,
    /// Ends in an ellipsis (`…`, `...`, `[…]`): a teaser cut short.
    pub ellipsis_end: bool,
    pub trailing_paren: bool,
    pub link: bool,
    pub invalid_utf8: bool,
    pub hits: Hits,
}

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

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '„' | '‘' | '’' | '«' | '»' | '「' | '」' | '『' | '』'
    )
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '।' | '؟')
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '|' | '•' | '·' | '›' | '»' | '‹' | '«' | '→' | '▸' | '►' | '‣' | '⁄' | '¦'
    )
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

/// Bits of [`char_flags`]: what the measuring loop asks of a character.
const SPACE: u16 = 1;
const UPPER: u16 = 1 << 1;
const LOWER: u16 = 1 << 2;
const ALPHA: u16 = 1 << 3;
const DIGIT: u16 = 1 << 4;
const QUOTE: u16 = 1 << 5;
const TERMINAL: u16 = 1 << 6;
const SEPARATOR: u16 = 1 << 7;
const UNSPACED: u16 = 1 << 8;

/// The classes of `c` that [`measure`] uses, as bits.
fn char_flags(c: char) -> u16 {
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
/// code points, scattered over as many blocks (a block of 32 computed 4,160 flags for
/// the 348 code points of a 3 MB slice, 2.4 M instructions). Racing threads store the
/// same value: relaxed order is enough. 128 KB of zeros, of which a text touches
/// the pages of its scripts.
static BMP_FLAGS: [AtomicU16; 0x1_0000] = [const { AtomicU16::new(0) }; 0x1_0000];

/// [`char_flags`] of `c`, through [`BMP_FLAGS`] below U+10000.
#[inline]
fn flags_of(c: char) -> u16 {
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
static ASCII_FLAGS: [u16; 128] = {
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

/// Tracks runs of ASCII digits to find times (`09:56`, `9h56`), dates
/// (`17/03/2025`, `2025-03-17`, `17.03.2025`) and years (`1900`–`2099`).
#[derive(Default)]
struct Numbers {
    /// (start, end) of the current run, the previous and the one before.
    cur: Option<(usize, usize)>,
    prev: Option<(usize, usize)>,
    prev2: Option<(usize, usize)>,
    /// What was found so far (copied into the [`Shape`] at the end).
    times: u32,
    dates: u32,
    years: u32,
    durations: u32,
}

/// Units of time written right after a number, lower-case ASCII: `2h`, `10d`, `3wk`,
/// `15min`. Spelled-out units (`7 days`, `50 years`) are left out: they fill headlines
/// and sentences. Not `m` or `s`: `5m` is money or metres, `1990s` a decade.
const TIME_UNITS: &[&[u8]] = &[
    b"h", b"hr", b"hrs", b"d", b"w", b"wk", b"wks", b"mo", b"y", b"yr", b"yrs", b"min", b"mins",
];

/// Abbreviated units that may also follow the number after one space (`15 mins`).
const SPACED_TIME_UNITS: &[&[u8]] = &[b"h", b"hr", b"hrs", b"min", b"mins"];

/// Whether the number at `b[s..e]` stands alone (no letter, digit or currency sign just
/// before it) and is followed by a unit of time that ends the word: one of
/// [`TIME_UNITS`] right after it, or of [`SPACED_TIME_UNITS`] after one space.
#[cold]
#[inline(never)]
fn is_duration(b: &[u8], s: usize, e: usize) -> bool {
    if s > 0 && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'$' | 0xA3 | 0xAC)) {
        return false;
    }
    let spaced = b.get(e) == Some(&b' ');
    let from = e + spaced as usize;
    let len = b[from..]
        .iter()
        .take(8)
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if len == 0
        || b.get(from + len)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c >= 0x80)
    {
        return false;
    }
    let word = &b[from..from + len];
    let units = if spaced {
        SPACED_TIME_UNITS
    } else {
        TIME_UNITS
    };
    units.iter().any(|u| u.eq_ignore_ascii_case(word))
}

impl Numbers {
    fn digit(&mut self, i: usize) {
        match &mut self.cur {
            Some((_, end)) if *end == i => *end = i + 1,
            _ => {
                self.cur = Some((i, i + 1));
            }
        }
    }

    /// Called when the byte at `i` is not a digit (or at the end of the line).
    #[inline(always)]
    fn close(&mut self, b: &[u8], i: usize) {
        let Some((s, e)) = self.cur else { return };
        if e != i {
            return;
        }
        self.cur = None;
        let len = e - s;
        if len == 4 && matches!(&b[s..s + 2], b"19" | b"20") {
            self.years += 1;
        }
        // Nearly every number is followed by a space, punctuation or the line's end:
        // only a letter, or a space and `h`/`m`, can start a unit.
        if len <= 4
            && match b.get(e) {
                Some(c) if c.is_ascii_alphabetic() => true,
                Some(b' ') => matches!(b.get(e + 1), Some(b'h' | b'H' | b'm' | b'M')),
                _ => false,
            }
            && is_duration(b, s, e)
        {
            self.durations += 1;
        }
        if let Some((ps, pe)) = self.prev
            && pe + 1 == s
        {
            let sep = b[pe];
            let plen = pe - ps;
            if matches!(sep, b':' | b'h' | b'H') && (1..=2).contains(&plen) && len == 2 {
                self.times += 1;
            }
            if matches!(sep, b'/' | b'.' | b'-')
                && let Some((qs, qe)) = self.prev2
                && qe + 1 == ps
                && b[qe] == sep
                && (1..=4).contains(&(qe - qs))
                && (1..=2).contains(&plen)
                && (2..=4).contains(&len)
            {
                self.dates += 1;
            }
        }
        self.prev2 = self.prev;
        self.prev = Some((s, e));
    }
}

/// The line as [`<[u8]>::utf8_chunks`] cuts it: runs of valid UTF-8, each followed by
/// the invalid bytes after it. A valid line (nearly every line) is one piece, found by
/// `str::from_utf8`, which is much quicker on ASCII than the chunk iterator.
fn utf8_pieces(line: &[u8]) -> impl Iterator<Item = (&str, &[u8])> {
    let whole = std::str::from_utf8(line).ok();
    let chunks = whole
        .is_none()
        .then(|| line.utf8_chunks())
        .into_iter()
        .flatten()
        .map(|c| (c.valid(), c.invalid()));
    whole.map(|s| (s, &line[..0])).into_iter().chain(chunks)
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

/// Counts over the bytes of a line, each byte seen with the one before it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct AsciiCounts {
    words: u32,
    cap_words: u32,
    letters: u32,
    upper: u32,
    digits: u32,
    spaces: u32,
    commas: u32,
    bars: u32,
    mid_sentences: u32,
    /// `@`, `:` and `.` right after `w`: where a link may be (`mail@`, `://`, `www.`).
    link_marks: u32,
    /// Bytes of 0x80 and above: not zero when the line is not ASCII.
    non_ascii: u32,
}

/// Whether ASCII byte `b` is white space ([`char::is_whitespace`]: tab, line feed,
/// vertical tab, form feed, carriage return, space).
#[inline(always)]
fn ascii_space(b: u8) -> bool {
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
/// rather than 64, the sums are narrowed from vectors half as often (measured: 120.85
/// → 120.57 instructions a byte on the slice; chunks of 192 or 240 did worse).
fn count_line(line: &[u8]) -> AsciiCounts {
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

/// [`count_line`] byte by byte, as its doc defines the counts (the reference of the
/// tests; `link_marks` and `non_ascii` 0 or 1).
#[cfg(test)]
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

/// [`measure`] of an ASCII line: the same [`Shape`] as [`measure_chars`] (the tests
/// hold them to it), from counts over all bytes at once, with the rarer questions
/// (numbers, links, a closing parenthesis) asked only of lines that may need them.
#[cfg(test)]
fn measure_ascii(line: &[u8]) -> Shape {
    measure_bytes::<false>(line, &NonAscii::default(), &count_line(line))
}

/// What the non-ASCII characters of a line (valid UTF-8, none of them white space)
/// add to the counts that [`count_line`] takes over its bytes, for
/// [`measure_mostly_ascii`].
#[derive(Default)]
struct NonAscii {
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

/// [`measure`] of a line that is valid UTF-8 but not ASCII, most of it ASCII: the
/// byte counts of [`measure_ascii`], corrected by what its non-ASCII characters are
/// ([`NonAscii`]); `None` when the line is no valid UTF-8 or one of its characters is
/// white space that is not ASCII (a no-break space), which moves word boundaries:
/// [`measure_chars`] measures such a line.
#[cfg(test)]
fn measure_mostly_ascii(line: &[u8]) -> Option<Shape> {
    let extra = non_ascii_extra(line)?;
    Some(measure_bytes::<true>(line, &extra, &count_line(line)))
}

/// What the non-ASCII characters of `line` add to its byte counts, for
/// [`measure_mostly_ascii`]; `None` when the line is no valid UTF-8 or one of them is
/// white space.
///
/// The line is valid UTF-8 when each of its runs of non-ASCII bytes is: a character
/// of several bytes has no ASCII byte. Only these runs are checked (a few bytes a
/// line), not the whole line.
fn non_ascii_extra(line: &[u8]) -> Option<NonAscii> {
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

/// The character of valid UTF-8 `line` that starts at `k`.
fn char_at(line: &[u8], k: usize) -> char {
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
fn chars_from_end(line: &[u8]) -> impl Iterator<Item = char> {
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
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
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

/// The measuring of [`measure_ascii`] (`MIXED` false, `extra` empty) and of
/// [`measure_mostly_ascii`] (`MIXED` true, the line valid UTF-8): counts over
/// the bytes, corrected by `extra`, with the questions that look at characters (the
/// first and last visible ones, the letters of a word with digits) asked of
/// characters when `MIXED`.
#[inline(always)]
fn measure_bytes<const MIXED: bool>(line: &[u8], extra: &NonAscii, c: &AsciiCounts) -> Shape {
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
            numbers.cur = Some((s, e));
            numbers.close(line, e);
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

/// One byte of each of the eight bytes of a word (`u64` arithmetic on eight bytes).
const ONES: u64 = u64::MAX / 255;

/// The high bit of each byte of `x` (eight bytes, little-endian) that is an ASCII
/// digit, no other bit: the exact test of the bit hacks' `hasbetween` (no carry
/// crosses a byte, bytes of 0x80 and above are never digits).
#[inline(always)]
fn digit_bits(x: u64) -> u64 {
    let low = x & (ONES * 0x7F);
    // 0xB9 - b has its high bit when b <= 0x39, b + 0x50 when b >= 0x30.
    (ONES * (0x7F + 0x3A) - low) & !x & (low + ONES * (0x7F - 0x2F)) & (ONES * 0x80)
}

/// The index of the first ASCII digit of `line` at or after `from`, as
/// `line[from..].iter().position(u8::is_ascii_digit)` finds it (plus `from`), but
/// eight bytes at a time: most bytes of a line with digits are no digits.
fn next_digit(line: &[u8], from: usize) -> Option<usize> {
    next_byte::<true>(line, from)
}

/// The index of the first byte of `line` at or after `from` that is no ASCII digit
/// (the end of a run of digits), eight bytes at a time like [`next_digit`]: a run's
/// end is then found without a branch per digit, which mispredicts at the end of
/// each run.
fn next_non_digit(line: &[u8], from: usize) -> Option<usize> {
    next_byte::<false>(line, from)
}

/// [`next_digit`] (`DIGIT`) or [`next_non_digit`].
#[inline(always)]
fn next_byte<const DIGIT: bool>(line: &[u8], from: usize) -> Option<usize> {
    let wanted = |word: u64| {
        let bits = digit_bits(word);
        if DIGIT { bits } else { !bits & (ONES * 0x80) }
    };
    let mut i = from;
    while let Some(word) = line.get(i..i + 8) {
        let bits = wanted(u64::from_le_bytes(word.try_into().ok()?));
        if bits != 0 {
            return Some(i + bits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    if i >= line.len() {
        return None;
    }
    if line.len() >= 8 {
        // The last eight bytes, those before `i` masked off.
        let start = line.len() - 8;
        let word = u64::from_le_bytes(line[start..].try_into().ok()?);
        let bits = wanted(word) & (u64::MAX << (8 * (i - start)));
        return (bits != 0).then(|| start + bits.trailing_zeros() as usize / 8);
    }
    line[i..]
        .iter()
        .position(|b| b.is_ascii_digit() == DIGIT)
        .map(|k| i + k)
}

/// The [`CharClass`] of a line's first visible character, from its flags: a letter
/// without case counts as upper case.
fn first_class(flags: u16) -> CharClass {
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

/// [`measure`] of any line, one character at a time.
fn measure_chars(line: &[u8]) -> Shape {
    let mut shape = Shape {
        bytes: u32::try_from(line.len()).unwrap_or(u32::MAX),
        ..Shape::default()
    };
    let mut numbers = Numbers::default();
    let mut in_word = false;
    let mut word_digits = 0u32;
    let mut word_letters = 0u32;
    let mut last = ' ';
    let mut before_last = ' ';
    let mut first_seen = false;
    let mut last_open_paren: Option<usize> = None;
    let mut prev_terminal = false;

    let end_word = |shape: &mut Shape, digits: &mut u32, letters: &mut u32| {
        if *digits > 0 && *digits >= *letters {
            shape.numeric_words += 1;
        }
        *digits = 0;
        *letters = 0;
    };

    let mut offset = 0;
    for (valid, invalid) in utf8_pieces(line) {
        let vb = valid.as_bytes();
        let mut i = 0;
        while i < vb.len() {
            let b = vb[i];
            if in_word && first_seen && b.is_ascii_lowercase() {
                // Most bytes are lower-case ASCII letters inside a word: take the
                // whole run at once, with the same effect as one step per letter.
                let start = i;
                while i < vb.len() && vb[i].is_ascii_lowercase() {
                    i += 1;
                }
                let k = (i - start) as u32;
                numbers.close(line, offset + start);
                shape.chars += k;
                shape.letters += k;
                word_letters += k;
                before_last = if k >= 2 { vb[i - 2] as char } else { last };
                last = vb[i - 1] as char;
                prev_terminal = false;
                continue;
            }
            let (c, width, flags) = if b < 0x80 {
                (b as char, 1, ASCII_FLAGS[b as usize])
            } else {
                let c = valid[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8(), flags_of(c))
            };
            let pos = offset + i;
            if flags & DIGIT != 0 {
                numbers.digit(pos);
            } else {
                numbers.close(line, pos);
            }
            shape.chars += 1;
            let space = flags & SPACE != 0;
            if space {
                if in_word {
                    end_word(&mut shape, &mut word_digits, &mut word_letters);
                }
                in_word = false;
                if prev_terminal {
                    shape.mid_sentences += 1;
                }
            } else {
                if !in_word {
                    shape.words += 1;
                    in_word = true;
                    if flags & UPPER != 0 {
                        shape.cap_words += 1;
                    }
                }
                if !first_seen {
                    first_seen = true;
                    shape.first = first_class(flags);
                }
                if flags & ALPHA != 0 {
                    shape.letters += 1;
                    word_letters += 1;
                    if flags & UPPER != 0 {
                        shape.upper += 1;
                    }
                    if flags & UNSPACED != 0 {
                        shape.unspaced += 1;
                    }
                } else if flags & DIGIT != 0 {
                    shape.digits += 1;
                    word_digits += 1;
                } else {
                    shape.punct += 1;
                    match c {
                        ',' | '、' | '，' => shape.commas += 1,
                        '(' => last_open_paren = Some(pos),
                        '@' => shape.link = true,
                        ':' if line.get(pos + 1..pos + 3) == Some(b"//") => shape.link = true,
                        // `www.` anywhere makes a link.
                        '.' if pos >= 3 && &line[pos - 3..pos] == b"www" => shape.link = true,
                        _ => {}
                    }
                    if flags & SEPARATOR != 0 {
                        shape.separators += 1;
                    }
                }
                before_last = last;
                last = c;
            }
            prev_terminal = !space && flags & TERMINAL != 0;
            i += width;
        }
        offset += vb.len();
        if !invalid.is_empty() {
            shape.invalid_utf8 = true;
            // Undecodable bytes are still visible text: never a blank line.
            if !in_word {
                shape.words += 1;
                in_word = true;
            }
            prev_terminal = false;
            numbers.close(line, offset);
            shape.chars += 1;
            shape.punct += 1;
            offset += invalid.len();
        }
    }
    numbers.close(line, line.len());
    shape.times = numbers.times;
    shape.dates = numbers.dates;
    shape.years = numbers.years;
    shape.durations = numbers.durations;
    if in_word {
        end_word(&mut shape, &mut word_digits, &mut word_letters);
    }
    finish(line, &mut shape, last, before_last, last_open_paren);
    shape
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

    /// `line[from..]`'s first digit as `position` finds it (the reference of
    /// [`next_digit`]).
    fn next_digit_reference(line: &[u8], from: usize) -> Option<usize> {
        line.get(from..)?
            .iter()
            .position(u8::is_ascii_digit)
            .map(|k| from + k)
    }

    #[test]
    fn next_digit_finds_what_position_finds() {
        let mut rng = crate::test_rng::xorshift32(0x1234_5677);
        for len in 0..40 {
            for _ in 0..200 {
                let line: Vec<u8> = (0..len)
                    .map(|_| match rng() % 4 {
                        0 => b"0123456789"[(rng() % 10) as usize],
                        1 => [b'/', b':', 0x2F, 0x3A, 0xB0, 0xB9, 0xFF, 0x80][(rng() % 8) as usize],
                        _ => (rng() % 256) as u8,
                    })
                    .collect();
                for from in 0..=len + 1 {
                    assert_eq!(
                        next_digit(&line, from),
                        next_digit_reference(&line, from),
                        "{line:?} {from}"
                    );
                    let non_digit = line
                        .get(from..)
                        .and_then(|rest| rest.iter().position(|b| !b.is_ascii_digit()))
                        .map(|k| from + k);
                    assert_eq!(next_non_digit(&line, from), non_digit, "{line:?} {from}");
                }
            }
        }
        for b in 0..=255u8 {
            let line = [b; 9];
            assert_eq!(next_digit(&line, 0), next_digit_reference(&line, 0), "{b}");
        }
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
    fn ascii_flags_agree_with_char_flags() {
        for b in 0u8..128 {
            assert_eq!(
                ASCII_FLAGS[b as usize],
                char_flags(b as char),
                "byte {b:#04x}"
            );
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

    #[test]
    fn www_anywhere_is_a_link() {
        assert!(measure(b"see www.example.com").link);
        assert!(!measure(b"WWW.example").link, "case-sensitive, as before");
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
    fn finds_time_and_date_shapes() {
        let cases: &[(&str, u32, u32)] = &[
            (
                "09:56, Mon, Mar 17, 2025 | UPDATED: 09:56, Mon, Mar 17, 2025",
                2,
                0,
            ),
            ("2025-03-17T09:56:00Z", 2, 1),
            ("17/03/2025", 0, 1),
            ("17.03.2025, 09:56 Uhr", 1, 1),
            ("Publié le 17 mars 2025 à 09h56", 1, 0),
            ("3/17/25 9:56 AM ET", 1, 1),
            ("Price 3.50", 0, 0),
            ("Call 555-1234", 0, 0),
        ];
        for &(text, times, dates) in cases {
            let s = measure(text.as_bytes());
            assert_eq!((s.times, s.dates), (times, dates), "{text}");
        }
    }

    #[test]
    fn finds_ages_and_durations() {
        let cases: &[(&str, u32)] = &[
            ("2h", 1),
            ("10d", 1),
            ("edited 3wk ago", 1),
            ("Prep: 15 mins plus marinating", 1),
            ("Cook time: 20 min · Total: 1 hr", 2),
            // Spelled-out units, money, sizes and decades are not ages.
            ("7 Days on São Miguel", 0),
            ("Revenue rose to $5m", 0),
            ("£2h", 0),
            ("the 1990s", 0),
            ("A 3dB drop", 0),
            ("v2h", 0),
        ];
        for &(text, durations) in cases {
            assert_eq!(measure(text.as_bytes()).durations, durations, "{text}");
        }
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
}
