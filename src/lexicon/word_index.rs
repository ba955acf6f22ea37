//! A shortcut past the automaton for plain ASCII words.
//!
//! Most of a text dump is ASCII words, and most phrase matches are single words
//! (function words). [`WordIndex`] lets [`super::Lexicon::scan`] judge such a word
//! with one hash lookup, with exactly the result the automaton's leftmost-longest
//! search would give.
//!
//! Why that is exact: say the search resumes at `t`, inside or at the start of a run
//! `t..u` of ASCII letters and digits, with an ASCII byte before `t` (or the start of
//! the line) and an ASCII byte `c` at `u` (or the end of the line). Suppose also that
//! no phrase can start in `t..u` and run past `u`: no phrase begins with a suffix of
//! the run followed by the bytes after it ([`WordIndex::judge`] checks this against
//! the phrases' stems, the leading run of letters and digits of each phrase with the
//! one or two bytes after it). Then every match that starts in `t..u` ends by `u`, and
//! only a match of all of `t..u`, when `t` starts a word, has word boundaries at both
//! ends: any other starts or ends next to a letter or digit of the run, and its own
//! edge there is a letter or digit, so it is checked and dropped. So the run gives one
//! match exactly when it is a whole word and a phrase itself, and the search goes on at
//! `u` either way: no later match can start before `u`. Everything else (non-ASCII
//! text, a run that may begin a longer phrase, punctuation that begins a phrase) goes
//! to the automaton.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// Words longer than this are left to the automaton.
pub(super) const MAX_WORD: usize = 48;

/// The multiplier of [`step`].
const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// A hash of lower-cased ASCII bytes, folded from the last byte to the first, so that
/// the hashes of all suffixes of a word come out of one backward pass.
fn poly(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0u64, |h, &b| step(h, b))
}

/// One backward step of [`poly`]: the hash of `b` followed by the bytes hashed in `h`.
fn step(h: u64, b: u8) -> u64 {
    (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(K)
}

/// Mixes the one or two bytes that follow a stem into its hash.
fn tail(c: u8, d: Option<u8>) -> u64 {
    let x = c.to_ascii_lowercase() as u64
        | d.map_or(1 << 16, |d| (d.to_ascii_lowercase() as u64) << 8 | 2 << 16);
    (x ^ 0x5851_F42D_4C95_7F2D).wrapping_mul(0xff51_afd7_ed55_8ccd)
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct Mixed(u64);

impl Hasher for Mixed {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Single-word phrases and the stems of longer phrases, from the automaton's patterns.
pub(super) struct WordIndex {
    /// Open addressing over the phrases made only of ASCII letters and digits:
    /// `(poly of the phrase, pattern index)`, `u32::MAX` for an empty slot.
    whole: Vec<(u64, u32)>,
    /// `64 - log2(whole.len())`: a hash's top bits pick its first slot.
    shift: u32,
    /// Every pattern, lower-cased (to confirm a hit of `whole`).
    patterns: Vec<Box<[u8]>>,
    /// For every phrase that begins with a run of ASCII letters and digits and goes on
    /// past it: `poly(run) ^ tail(…)` of the one or two bytes after the run, as far as
    /// the phrase goes (`sign` + ` i` of `sign in`, `etc` + `.` of `etc.`).
    stems: HashSet<u64, BuildHasherDefault<Mixed>>,
    /// A quick filter before `stems`: for every stem hash `h`, bit `h >> 48`.
    stem_bits: Box<[u64; 1 << 10]>,
    /// Bytes after which a phrase's stem ends the phrase (the `.` of `etc.`).
    ends_after: [bool; 256],
    /// The [`Class`] of every byte.
    classes: [Class; 256],
}

/// What a byte is to [`super::Lexicon::scan`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// An ASCII letter or digit.
    Alnum,
    /// Any other ASCII byte that begins no phrase: no match can start on it.
    Inert,
    /// Any other ASCII byte that begins a phrase (case-insensitively).
    Starts,
    /// A byte of a non-ASCII character.
    High,
}

impl WordIndex {
    /// Indexes `patterns` (pattern `i` is the automaton's pattern `i`).
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> WordIndex {
        let patterns: Vec<Box<[u8]>> = patterns
            .into_iter()
            .map(|p| p.as_bytes().to_ascii_lowercase().into_boxed_slice())
            .collect();
        let size = (patterns.len() * 2).next_power_of_two().max(2);
        let mut index = WordIndex {
            whole: vec![(0, u32::MAX); size],
            shift: 64 - size.trailing_zeros(),
            patterns: Vec::new(),
            stems: HashSet::default(),
            stem_bits: Box::new([0; 1 << 10]),
            ends_after: [false; 256],
            classes: std::array::from_fn(|b| {
                let b = b as u8;
                if b.is_ascii_alphanumeric() {
                    Class::Alnum
                } else if b.is_ascii() {
                    Class::Inert
                } else {
                    Class::High
                }
            }),
        };
        for (i, p) in patterns.iter().enumerate() {
            if let Some(&first) = p.first()
                && index.classes[first as usize] == Class::Inert
            {
                index.classes[first as usize] = Class::Starts;
            }
            match p.iter().position(|b| !b.is_ascii_alphanumeric()) {
                None => {
                    let mut slot = index.slot(poly(p));
                    while index.whole[slot].1 != u32::MAX {
                        slot = (slot + 1) & (size - 1);
                    }
                    index.whole[slot] = (poly(p), i as u32);
                }
                Some(0) => {}
                Some(j) => {
                    let d = p.get(j + 1).copied();
                    index.ends_after[p[j] as usize] |= d.is_none();
                    let h = poly(&p[..j]) ^ tail(p[j], d);
                    index.stems.insert(h);
                    index.stem_bits[(h >> 54) as usize] |= 1 << ((h >> 48) & 63);
                }
            }
        }
        index.patterns = patterns;
        index
    }

    /// The first slot of `whole` to probe for hash `h`.
    fn slot(&self, h: u64) -> usize {
        (h >> self.shift) as usize
    }

    /// Whether `h` is a stem's hash.
    fn is_stem(&self, h: u64) -> bool {
        self.stem_bits[(h >> 54) as usize] & (1 << ((h >> 48) & 63)) != 0 && self.stems.contains(&h)
    }

    /// The [`Class`] of byte `b`.
    pub(super) fn class(&self, b: u8) -> Class {
        self.classes[b as usize]
    }

    /// Looks at the run `line[from..u]` of ASCII letters and digits (`line[u]` ASCII
    /// or the end of the line): `None` when a phrase may start in it and run past `u`
    /// (the automaton must look), else `Some` of the pattern that is the whole run, if
    /// any.
    pub(super) fn judge(&self, line: &[u8], from: usize, u: usize) -> Option<Option<u32>> {
        let run = &line[from..u];
        let mut g = 0;
        if let Some(&c) = line.get(u) {
            // A phrase that goes on past the run goes on with `c`, then with `d` if
            // it is longer still.
            // With no byte after `c`, a NUL stands in: no phrase holds one, so
            // the check can only err on the safe side.
            let two = tail(c, Some(line.get(u + 1).copied().unwrap_or(0)));
            if self.ends_after[c as usize] {
                let one = tail(c, None);
                for &b in run.iter().rev() {
                    g = step(g, b);
                    if self.is_stem(g ^ two) || self.is_stem(g ^ one) {
                        return None;
                    }
                }
            } else {
                for &b in run.iter().rev() {
                    g = step(g, b);
                    if self.is_stem(g ^ two) {
                        return None;
                    }
                }
            }
        } else {
            g = poly(run);
        }
        let mut slot = self.slot(g);
        loop {
            let (h, i) = self.whole[slot];
            if i == u32::MAX {
                return Some(None);
            }
            if h == g && self.patterns[i as usize].eq_ignore_ascii_case(run) {
                return Some(Some(i));
            }
            slot = (slot + 1) % self.whole.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_hashes_come_from_one_backward_pass() {
        let word = b"Design";
        let mut h = 0;
        for (i, &b) in word.iter().enumerate().rev() {
            h = step(h, b);
            assert_eq!(h, poly(&word[i..]));
        }
        assert_eq!(
            poly(b"DESIGN"),
            poly(b"design"),
            "ASCII case does not count"
        );
    }

    #[test]
    fn judges_words() {
        let idx = WordIndex::new(["the", "sign in", "of", "(image:", "don't", "etc."]);
        let line = b"The design in it";
        assert_eq!(idx.judge(line, 0, 3), Some(Some(0)), "`The` is phrase 0");
        assert_eq!(
            idx.judge(line, 4, 10),
            None,
            "`design i` may run into `sign in`"
        );
        assert_eq!(idx.judge(line, 6, 10), None, "so may `sign i`");
        assert_eq!(idx.judge(line, 14, 16), Some(None), "`it` is no phrase");
        assert_eq!(
            idx.judge(b"design on", 0, 6),
            Some(None),
            "no phrase `sign o…`"
        );
        assert_eq!(
            idx.judge(b"design", 0, 6),
            Some(None),
            "nothing runs past the end"
        );
        assert_eq!(idx.judge(b"the design of it", 11, 13), Some(Some(2)));
        assert_eq!(idx.judge(b"etc.", 0, 3), None, "`etc.` is a phrase");
        assert_eq!(idx.judge(b"don't", 0, 3), None);
        assert_eq!(idx.class(b'('), Class::Starts);
        assert_eq!(idx.class(b')'), Class::Inert);
        assert_eq!(idx.class(b'T'), Class::Alnum);
        assert_eq!(idx.class(0xC3), Class::High);
    }
}
