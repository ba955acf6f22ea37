//! Splitting a text dump into lines with byte spans, and hashing lines.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// One line of the input: `start..end` is its text without the line terminator,
/// `end..next` the terminator itself (`\n`, `\r\n`, a lone `\r` in a text without
/// `\n` (see [`lines`]), or nothing at the end of input).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineSpan {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// FNV-1a's starting value (64 bits).
pub(crate) const FNV_OFFSET: u64 = 0xcbf29ce484222325;
/// FNV-1a's multiplier (64 bits).
pub(crate) const FNV_PRIME: u64 = 0x100000001b3;

/// FNV-1a, a small stable hash (the same on every run and machine).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = FNV_OFFSET;
    for &b in bytes {
        h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Counts keyed by [`fnv1a`] hashes. The key is already a hash, so the map only mixes
/// it with one multiplication instead of hashing it again with SipHash.
pub(crate) type HashCounts = HashMap<u64, u32, BuildHasherDefault<PreHashed>>;

/// The [`Hasher`] of [`HashCounts`]: spreads an already hashed `u64` over all bits.
#[derive(Default)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(bytes) ^ self.0.rotate_left(5);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The byte that ends the lines of `bytes`: `\n`, unless `bytes` has no `\n` at all
/// but has a `\r` (a text with the classic Mac line ends), whose lone `\r`s then end
/// its lines. In a text with any `\n`, a `\r` ends a line only before a `\n`.
pub(crate) fn line_end(bytes: &[u8]) -> u8 {
    if memchr::memchr(b'\n', bytes).is_none() && memchr::memchr(b'\r', bytes).is_some() {
        b'\r'
    } else {
        b'\n'
    }
}

/// Iterates over the lines of `bytes` with `memchr`. A line ends at `\n` (its `\r`
/// before it, if any, is part of the terminator), or, in a text without `\n`, at
/// `\r` ([`line_end`]). Every byte of the input lies in exactly one line's
/// `start..next`; a final empty line after a trailing line end is not yielded.
pub(crate) fn lines(bytes: &[u8]) -> impl Iterator<Item = LineSpan> + '_ {
    let end_byte = line_end(bytes);
    let crlf = end_byte == b'\n';
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let (end, next) = match memchr::memchr(end_byte, &bytes[pos..]) {
            // `\r\n` ends a line as `\n` does; a lone `\r` in a text with `\n` is text.
            Some(i) if crlf && i > 0 && bytes[pos + i - 1] == b'\r' => (pos + i - 1, pos + i + 1),
            Some(i) => (pos + i, pos + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        pos = next;
        Some(LineSpan { start, end, next })
    })
}

/// The number of lines [`lines`] yields for `bytes`: its line ends (counted with
/// `memchr`'s vectorised count), plus one for a last line without one. To size the
/// page's buffers.
pub(crate) fn line_count(bytes: &[u8]) -> usize {
    let end_byte = line_end(bytes);
    memchr::memchr_iter(end_byte, bytes).count()
        + usize::from(bytes.last().is_some_and(|&b| b != end_byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naive version of [`lines`] that the tests hold it to: split on `\n`, strip
    /// the `\r` of a `\r\n`; or, in a text with `\r` but no `\n`, split on `\r`.
    fn naive(s: &str) -> Vec<&str> {
        let sep = if !s.contains('\n') && s.contains('\r') {
            '\r'
        } else {
            '\n'
        };
        let mut v: Vec<&str> = s.split(sep).collect();
        let last = v.pop().filter(|l| !l.is_empty());
        let mut out: Vec<&str> = v
            .into_iter()
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        out.extend(last);
        out
    }

    fn ours(s: &str) -> Vec<&str> {
        lines(s.as_bytes()).map(|l| &s[l.start..l.end]).collect()
    }

    #[test]
    fn splits_like_the_naive_version() {
        for s in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb",
            "a\n\nb\n",
            "\r\n\r\n",
            "x\ry\n",
            "\r",
            "a\r",
            "a\r\r\n",
            "a\rb",
            "a\r\rb\r",
            "\r\r",
            "x\ry\n\rz",
        ] {
            assert_eq!(ours(s), naive(s), "input {s:?}");
        }
    }

    #[test]
    fn hash_counts_count_per_key() {
        let mut counts = HashCounts::default();
        for key in [fnv1a(b"a"), fnv1a(b"b"), fnv1a(b"a"), 0, 1 << 63] {
            *counts.entry(key).or_insert(0) += 1;
        }
        assert_eq!(counts.len(), 4);
        assert_eq!(counts[&fnv1a(b"a")], 2);
        assert_eq!(counts[&0], 1);
    }

    /// [`PreHashed`] spreads keys as a hasher must for a hash map to stay fast: distinct
    /// keys (one `u64`, two `u64`s, byte strings, pairs of them) get distinct hashes,
    /// and the top seven bits (the control byte of a probe group) vary with the key.
    #[test]
    fn pre_hashed_spreads_keys() {
        use std::collections::HashSet;
        fn hash(key: impl std::hash::Hash) -> u64 {
            let mut h = PreHashed::default();
            key.hash(&mut h);
            h.finish()
        }
        let singles: HashSet<u64> = (0..1000u64).map(hash).collect();
        assert_eq!(singles.len(), 1000);
        let top: HashSet<u64> = (0..1000u64).map(|k| hash(k) >> 57).collect();
        assert!(top.len() > 64, "{} values of the top seven bits", top.len());
        let pairs: HashSet<u64> = (0..40u64)
            .flat_map(|a| (0..40u64).map(move |b| hash((a, b))))
            .collect();
        assert_eq!(pairs.len(), 1600);
        let words = ["", "a", "b", "ab", "ba", "menu", "home", "share"];
        let strings: HashSet<u64> = words.iter().map(|w| hash(w.as_bytes())).collect();
        assert_eq!(strings.len(), words.len());
        let joined: HashSet<u64> = words
            .iter()
            .flat_map(|a| {
                words
                    .iter()
                    .map(move |b| hash((a.as_bytes(), b.as_bytes())))
            })
            .collect();
        assert_eq!(joined.len(), words.len() * words.len());
    }

    #[test]
    fn line_count_counts_the_lines() {
        let long = "ab\n".repeat(3000) + "c";
        let long_cr = "ab\r".repeat(3000) + "c";
        for s in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb",
            "a\n\nb\n",
            "\r\n\r\n",
            "\r",
            "a\r\rb",
            "a\rb\r",
            "x\ry\n",
            long.as_str(),
            long_cr.as_str(),
        ] {
            assert_eq!(
                line_count(s.as_bytes()),
                lines(s.as_bytes()).count(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn spans_cover_the_input() {
        for s in ["one\r\ntwo\n\nthree", "one\rtwo\r\rthree\r"] {
            let mut pos = 0;
            for l in lines(s.as_bytes()) {
                assert_eq!(l.start, pos);
                pos = l.next;
            }
            assert_eq!(pos, s.len());
        }
    }

    #[test]
    fn lone_cr_ends_lines_only_in_a_text_without_lf() {
        let spans = |s: &str| -> Vec<(usize, usize, usize)> {
            lines(s.as_bytes())
                .map(|l| (l.start, l.end, l.next))
                .collect()
        };
        // Classic Mac line ends: the `\r` is the terminator, `end..next`.
        assert_eq!(
            spans("ab\rc\r\rd"),
            [(0, 2, 3), (3, 4, 5), (5, 5, 6), (6, 7, 7)]
        );
        assert_eq!(line_end(b"ab\rc"), b'\r');
        // One `\n` anywhere and a lone `\r` is text again.
        assert_eq!(spans("ab\rc\n"), [(0, 4, 5)]);
        assert_eq!(spans("ab\r\nc\rd"), [(0, 2, 4), (4, 7, 7)]);
        assert_eq!(line_end(b"ab\rc\n"), b'\n');
        assert_eq!(line_end(b"abc"), b'\n');
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_naive(s in "[a\r\n ]{0,40}") {
            proptest::prop_assert_eq!(ours(&s), naive(&s));
        }
    }
}
