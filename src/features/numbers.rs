//! The shapes that runs of ASCII digits make: times, dates, years and durations
//! ([`Numbers`]), and the search for those runs eight bytes at a time
//! ([`next_digit`], [`next_non_digit`]).

/// Tracks runs of ASCII digits to find the shapes of numbers in a line:
///
/// - a time: a run of one or two digits, then `:`, `h` or `H`, then a run of exactly
///   two (`09:56`, `9h56`; not `10:2025`, `123:45`);
/// - a date: three runs joined by the same `/`, `.` or `-`, of one to four digits,
///   one or two, and two to four (`17/03/2025`, `2025-03-17`, `3/17/25`; not
///   `17/03-2025`, `17/003/2025`);
/// - a year: a run of exactly four digits from `1900` to `2099` (not `20255`, nor
///   the phone number `2012345678`);
/// - a duration: see [`is_duration`].
///
/// The tests of this module hold each shape to strings it must find and strings it
/// must not.
#[derive(Default)]
pub(super) struct Numbers {
    /// (start, end) of the current run, the previous and the one before.
    cur: Option<(usize, usize)>,
    prev: Option<(usize, usize)>,
    prev2: Option<(usize, usize)>,
    /// Times found so far (copied into the [`super::Shape`] at the end).
    pub(super) times: u32,
    /// Dates found so far.
    pub(super) dates: u32,
    /// Years found so far.
    pub(super) years: u32,
    /// Durations found so far.
    pub(super) durations: u32,
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
    /// Called for the digit at `i`: it begins a run or extends the current one.
    pub(super) fn digit(&mut self, i: usize) {
        match &mut self.cur {
            Some((_, end)) if *end == i => *end = i + 1,
            _ => {
                self.cur = Some((i, i + 1));
            }
        }
    }

    /// Called when the byte at `i` is not a digit (or at the end of the line).
    #[inline(always)]
    pub(super) fn close(&mut self, b: &[u8], i: usize) {
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

    /// Takes the whole run of digits `b[s..e]` at once (`b[e]` no digit, or `e` the
    /// line's end): [`Self::digit`] of each of its digits, then [`Self::close`].
    #[inline(always)]
    pub(super) fn run(&mut self, b: &[u8], s: usize, e: usize) {
        self.cur = Some((s, e));
        self.close(b, e);
    }
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
pub(super) fn next_digit(line: &[u8], from: usize) -> Option<usize> {
    next_byte::<true>(line, from)
}

/// The index of the first byte of `line` at or after `from` that is no ASCII digit
/// (the end of a run of digits), eight bytes at a time like [`next_digit`]: a run's
/// end is then found without a branch per digit, which mispredicts at the end of
/// each run.
pub(super) fn next_non_digit(line: &[u8], from: usize) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::measure;

    /// `line[from..]`'s first digit as `position` finds it: the naive version of
    /// [`next_digit`] that the tests hold it to.
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

    /// What [`Numbers`] finds in `line` fed one byte at a time, `[times, dates, years,
    /// durations]`, checked against what [`measure`] finds.
    fn found(line: &str) -> [u32; 4] {
        let b = line.as_bytes();
        let mut n = Numbers::default();
        for (i, c) in b.iter().enumerate() {
            if c.is_ascii_digit() {
                n.digit(i);
            } else {
                n.close(b, i);
            }
        }
        n.close(b, b.len());
        let s = measure(b);
        let counts = [n.times, n.dates, n.years, n.durations];
        assert_eq!([s.times, s.dates, s.years, s.durations], counts, "{line}");
        counts
    }

    /// Asserts that each line of `accept` holds one shape `k` of [`found`], and each
    /// line of `reject` none.
    fn holds_to(k: usize, accept: &[&str], reject: &[&str]) {
        for line in accept {
            assert_eq!(found(line)[k], 1, "{line:?} must be accepted");
        }
        for line in reject {
            assert_eq!(found(line)[k], 0, "{line:?} must be rejected");
        }
    }

    #[test]
    fn time_shape_accepts_and_rejects() {
        holds_to(
            0,
            &[
                "09:56",
                "9:56",
                "9h56",
                "09H56",
                "at 23:59.",
                "10:30 am",
                "(7:05)",
                "é 7:05",
            ],
            &[
                "10:2025", "10:205", "10:5", "123:45", "1000:00", "10-30", "10.30", "10/30",
                "10 30", "10::30", "10: 30", "10:", ":30", "10h", "10m30", "10:3O",
            ],
        );
    }

    #[test]
    fn date_shape_accepts_and_rejects() {
        holds_to(
            1,
            &[
                "17/03/2025",
                "2025-03-17",
                "17.03.2025",
                "3/17/25",
                "1/2/2025",
                "on 2025/3/17,",
                "3-4-25",
                "é 17.03.2025",
            ],
            &[
                "17/03",
                "17/03-2025",
                "17-03/2025",
                "17.03/2025",
                "17/003/2025",
                "12345/03/2025",
                "17/03/2",
                "17/03/20256",
                "17//03/2025",
                "17 / 03 / 2025",
                "17:03:2025",
                "17,03,2025",
                "Call 555-1234",
            ],
        );
    }

    #[test]
    fn year_shape_accepts_and_rejects() {
        holds_to(
            2,
            &[
                "2025", "1999", "1900", "2099", "in 2012.", "(2012)", "é 2012",
            ],
            &[
                "2012345678",
                "20255",
                "02025",
                "202",
                "1899",
                "2100",
                "1850",
                "3025",
                "20 25",
                "2,025",
            ],
        );
        assert_eq!(found("2012-2013")[2], 2);
    }

    #[test]
    fn duration_shape_accepts_and_rejects() {
        holds_to(
            3,
            &[
                "2h", "2 h", "10d", "3wk", "5 hrs", "15min", "15 mins", "1yr ago", "6mo",
            ],
            &[
                "2 hours", "3 weeks", "10 days", "12345h", "2hx", "5 m", "5m", "1990s", "5hé",
                "$5h", "v2h", "2h5", "2 d",
            ],
        );
    }
}
