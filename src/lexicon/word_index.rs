//! A shortcut past the phrase trie for plain ASCII words.
//!
//! Most of a text dump is ASCII words, and most phrase matches are single words
//! (function words). [`WordIndex`] lets [`super::Lexicon::scan`] judge such a word
//! with a look-up in hash tables of the whole-word phrases ([`keys`]) and a short
//! walk through a trie of the stems of longer phrases ([`trie`]), with exactly the
//! result an Aho-Corasick automaton's leftmost-longest search would give.
//!
//! Why that is exact: say the search resumes at `t`, inside or at the start of a run
//! `t..u` of ASCII letters and digits, with an ASCII byte before `t` (or the start of
//! the line) and an ASCII byte `c` at `u` (or the end of the line). Suppose also that
//! no phrase can start in `t..u` and run past `u`: no phrase is there in full,
//! beginning with a suffix of the run followed by the bytes after it
//! ([`WordIndex::runs_past`] finds the candidates by the phrases' stems, the leading
//! run of letters and digits of each phrase with the one or two bytes after it, then
//! compares each candidate in full). Then every match that starts in `t..u` ends by
//! `u`, and
//! only a match of all of `t..u`, when `t` starts a word, has word boundaries at both
//! ends: any other starts or ends next to a letter or digit of the run, and its own
//! edge there is a letter or digit, so it is checked and dropped. So the run gives one
//! match exactly when it is a whole word and a phrase itself, and the search goes on at
//! `u` either way: no later match can start before `u`. Everything else (non-ASCII
//! text, a run that may begin a longer phrase, punctuation that begins a phrase) goes
//! to the phrase trie of [`super::phrases`], which finds what the automaton would.
//!
//! The tests hold the index to naive references (`reference`): a trie walk of the
//! whole words, and hashes of every suffix of a run against hashes of the stems.

use keys::{HIGHS, alnum_bytes, chunk_at, medium_slot, short_key, short_slot, table_size};
use trie::{SYMBOLS, Trie, symbol};

mod keys;
#[cfg(test)]
mod reference;
mod trie;

/// Words longer than this are left to the phrase trie.
pub(super) const MAX_WORD: usize = 48;

/// Slots of a row of [`WordIndex::stem_rows`]: a child per symbol, then the value.
const STEM_ROW: usize = SYMBOLS + 1;

/// Single-word phrases and the stems of longer phrases, from the lexicon's phrases.
pub(super) struct WordIndex {
    /// For every phrase that begins with a run of ASCII letters and digits and goes on
    /// past it with an ASCII byte `c` (`sign in`, `etc.`): the run, backwards, from a
    /// start node per `c` and the byte `d` after it, or per `c` alone where the phrase
    /// ends at `c` ([`Self::after`]). A node with a value ends such a run: the value
    /// is the index in [`Self::phrases`] of the phrases with that stem. Walked as
    /// [`Self::stem_rows`] once built.
    stems: Trie,
    /// [`Self::stems`] laid out flat, in rows of [`STEM_ROW`] slots: the children by symbol (with [`HAS_GROUP`] set for those
    /// that end a stem), then the node's value. Node 0 (the root, never a start) is
    /// none; missing children are 0 too.
    stem_rows: Vec<u32>,
    /// `stem_rows.len() - 1`.
    stem_mask: usize,
    /// The phrases, lower-cased, of each stem.
    phrases: Vec<Vec<Box<[u8]>>>,
    /// `c` → the row of [`Self::after`] (`u32::MAX` when no stem goes on with `c`).
    after_c: [u32; 128],
    /// Rows of start nodes in `stems` (0 for none): by the byte `d` (an upper-case
    /// letter's slot a copy of its lower-case one's), and
    /// at [`ENDS`] for phrases that end at `c` (the `.` of `etc.`). Offsets in
    /// [`Self::stem_rows`] once built.
    after: Vec<[u32; 257]>,
    /// The [`Class`] of every byte.
    classes: [Class; 256],
    /// The phrases made only of ASCII letters and digits of at most 8 bytes, hashed (open addressing,
    /// linear probing): each slot the phrase's bytes as [`short_key`] gives them
    /// (0 for an empty slot: no key is 0) …
    short_keys: Vec<u64>,
    /// … and its pattern index.
    short_values: Vec<u32>,
    /// `short_keys.len() - 1`.
    short_mask: usize,
    /// 64 minus the bits of a slot's index, the shift of [`short_slot`].
    short_shift: u32,
    /// The phrases of 9 to 16 bytes, hashed as [`Self::short_keys`] are: each slot
    /// the keys of the phrase's first eight bytes and of the rest (`[0, 0]` for an
    /// empty slot) …
    medium_keys: Vec<[u64; 2]>,
    /// … and its pattern index.
    medium_values: Vec<u32>,
    /// `medium_keys.len() - 1`.
    medium_mask: usize,
    /// The shift of [`medium_slot`].
    medium_shift: u32,
    /// The longer phrases, lower-cased and sorted (the first of equal ones first),
    /// with their pattern indexes.
    long: Vec<(Box<[u8]>, u32)>,
}

/// Set in a child's offset in [`WordIndex::stem_rows`] when the child ends a stem
/// (has a value): most steps of a walk then need not read the value.
const HAS_GROUP: u32 = 1 << 31;

/// The slot of a row of [`WordIndex::after`] for phrases that end at their `c`.
const ENDS: usize = 256;

/// What a byte is to [`super::Lexicon::scan`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// An ASCII letter or digit.
    Alnum,
    /// Any other byte that begins no phrase: no match can start on it (a UTF-8
    /// continuation byte never does, nor the lead byte of a character that no
    /// phrase begins with).
    Inert,
    /// Any other byte that begins a phrase (ASCII case-insensitively).
    Starts,
}

impl WordIndex {
    /// Indexes `patterns` (pattern `i` is the lexicon's phrase `i`).
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> WordIndex {
        let mut index = WordIndex {
            stems: Trie::new(),
            stem_rows: Vec::new(),
            stem_mask: 0,
            phrases: Vec::new(),
            after_c: [u32::MAX; 128],
            after: Vec::new(),
            short_keys: Vec::new(),
            short_values: Vec::new(),
            short_mask: 0,
            short_shift: 0,
            medium_keys: Vec::new(),
            medium_values: Vec::new(),
            medium_mask: 0,
            medium_shift: 0,
            long: Vec::new(),
            classes: std::array::from_fn(|b| {
                if (b as u8).is_ascii_alphanumeric() {
                    Class::Alnum
                } else {
                    Class::Inert
                }
            }),
        };
        // The whole-word phrases with their keys, by length (equal ones in their
        // order: a look-up finds the first).
        let mut short = Vec::new();
        let mut medium = Vec::new();
        for (i, p) in patterns.into_iter().enumerate() {
            let p = p.as_bytes().to_ascii_lowercase();
            if let Some(&first) = p.first()
                && index.classes[first as usize] == Class::Inert
            {
                index.classes[first as usize] = Class::Starts;
            }
            match p.iter().position(|b| !b.is_ascii_alphanumeric()) {
                None => match p.len() {
                    0 => {}
                    len @ 1..=8 => short.push((short_key(chunk_at(&p, 0), len), i as u32)),
                    len @ 9..=16 => {
                        let keys = [
                            short_key(chunk_at(&p, 0), 8),
                            short_key(chunk_at(&p, 8), len - 8),
                        ];
                        medium.push((keys, i as u32));
                    }
                    _ => index.long.push((p.into_boxed_slice(), i as u32)),
                },
                Some(0) => {}
                // The scan asks only where the byte after a run is ASCII.
                Some(j) if !p[j].is_ascii() => {}
                Some(j) => {
                    let c = p[j] as usize;
                    if index.after_c[c] == u32::MAX {
                        index.after_c[c] = index.after.len() as u32;
                        index.after.push([0; 257]);
                    }
                    let row = index.after_c[c] as usize;
                    let slot = p.get(j + 1).map_or(ENDS, |&d| d as usize);
                    let start = match index.after[row][slot] {
                        0 => index.stems.add_node(),
                        n => n,
                    };
                    index.after[row][slot] = start;
                    let end = index.stems.insert(start, p[..j].iter().rev().copied());
                    let group = &mut index.stems.value[end as usize];
                    if *group == u32::MAX {
                        *group = index.phrases.len() as u32;
                        index.phrases.push(Vec::new());
                    }
                    index.phrases[*group as usize].push(p.into_boxed_slice());
                }
            }
        }
        // The stems, flat: node `k` at offset `k × STEM_ROW`, its value after its
        // children. Walks reach real rows only: the padding is never read.
        let stems = std::mem::take(&mut index.stems);
        let mut flags: Vec<u32> = (stems.value.iter())
            .map(|&v| if v == u32::MAX { 0 } else { HAS_GROUP })
            .collect();
        // The root is no node's child: 0 stays none.
        flags[0] = 0;
        let size = (stems.next.len() * STEM_ROW).next_power_of_two();
        index.stem_rows = vec![0; size];
        for ((row, next), &value) in index
            .stem_rows
            .chunks_exact_mut(STEM_ROW)
            .zip(&stems.next)
            .zip(&stems.value)
        {
            for (slot, &child) in row.iter_mut().zip(next) {
                *slot = (child * STEM_ROW as u32) | flags[child as usize];
            }
            row[SYMBOLS] = value;
        }
        assert!(size <= HAS_GROUP as usize, "stem offsets below the flag");
        index.stem_mask = size - 1;
        for start in index.after.iter_mut().flatten() {
            *start *= STEM_ROW as u32;
        }
        // An upper-case `d` leads where its lower-case letter does: the scan looks
        // the byte up as it is.
        for row in &mut index.after {
            for d in b'A'..=b'Z' {
                row[d as usize] = row[d.to_ascii_lowercase() as usize];
            }
        }
        let (size, shift) = table_size(short.len());
        index.short_keys = vec![0; size];
        index.short_values = vec![u32::MAX; size];
        index.short_mask = size - 1;
        index.short_shift = shift;
        for (key, i) in short {
            let mut slot = short_slot(key, index.short_shift);
            while index.short_keys[slot] != 0 {
                slot = (slot + 1) & index.short_mask;
            }
            index.short_keys[slot] = key;
            index.short_values[slot] = i;
        }
        let (size, shift) = table_size(medium.len());
        index.medium_keys = vec![[0; 2]; size];
        index.medium_values = vec![u32::MAX; size];
        index.medium_mask = size - 1;
        index.medium_shift = shift;
        for (keys, i) in medium {
            let mut slot = medium_slot(keys, shift);
            while index.medium_keys[slot] != [0; 2] {
                slot = (slot + 1) & index.medium_mask;
            }
            index.medium_keys[slot] = keys;
            index.medium_values[slot] = i;
        }
        index.long.sort_by(|a, b| a.0.cmp(&b.0));
        index
    }

    /// The end of the run of ASCII letters and digits that starts at `from`, at most
    /// `limit`, read eight bytes at a time; and the key of the run for
    /// [`Self::whole_word`] (of its first eight bytes only when it is longer).
    #[inline(always)]
    pub(super) fn run(&self, line: &[u8], from: usize, limit: usize) -> (usize, u64) {
        let first = chunk_at(line, from);
        let stops = !alnum_bytes(first) & HIGHS;
        if stops != 0 {
            let len = (stops.trailing_zeros() / 8) as usize;
            let u = (from + len).min(limit);
            return (u, short_key(first, u - from));
        }
        // Longer runs: the key serves only one of eight bytes exactly.
        let key = short_key(first, 8);
        let mut i = from + 8;
        while i < limit {
            let stops = !alnum_bytes(chunk_at(line, i)) & HIGHS;
            if stops != 0 {
                return ((i + (stops.trailing_zeros() / 8) as usize).min(limit), key);
            }
            i += 8;
        }
        (limit, key)
    }

    /// The pattern that is the whole run `line[from..u]` of ASCII letters and digits,
    /// if any; `key` is what [`Self::run`] gave for it.
    #[inline(always)]
    pub(super) fn whole_word(&self, line: &[u8], from: usize, u: usize, key: u64) -> Option<u32> {
        if u - from > 8 {
            return self.longer_word(line, from, u, key);
        }
        let keys = &self.short_keys[..=self.short_mask];
        let mut slot = short_slot(key, self.short_shift) & self.short_mask;
        loop {
            let k = keys[slot];
            if k == key {
                return Some(self.short_values[slot]);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & self.short_mask;
        }
    }

    /// [`Self::whole_word`] for runs of more than eight bytes: out of line, as the
    /// scan's loop is faster without it.
    #[inline(never)]
    fn longer_word(&self, line: &[u8], from: usize, u: usize, key: u64) -> Option<u32> {
        let len = u - from;
        if len > 16 {
            return self.long_word(&line[from..u]);
        }
        let keys = [key, short_key(chunk_at(line, from + 8), len - 8)];
        let table = &self.medium_keys[..=self.medium_mask];
        let mut slot = medium_slot(keys, self.medium_shift) & self.medium_mask;
        loop {
            let k = table[slot];
            if k == keys {
                return Some(self.medium_values[slot]);
            }
            if k == [0; 2] {
                return None;
            }
            slot = (slot + 1) & self.medium_mask;
        }
    }

    /// The pattern that is `word` (ASCII letters and digits, more than 16), if any.
    #[inline(never)]
    fn long_word(&self, word: &[u8]) -> Option<u32> {
        let at = self.long.partition_point(|(p, _)| {
            p.iter()
                .map(u8::to_ascii_lowercase)
                .lt(word.iter().map(u8::to_ascii_lowercase))
        });
        let (p, i) = self.long.get(at)?;
        p.eq_ignore_ascii_case(word).then_some(*i)
    }

    /// The [`Class`] of byte `b`.
    pub(super) fn class(&self, b: u8) -> Class {
        self.classes[b as usize]
    }

    /// Whether a phrase from `start` (see [`Self::stems`]) begins in the run
    /// `line[from..u]` and is there in full: its stem a suffix of the run (walked
    /// backwards), and the rest of it the bytes after the run.
    #[inline(always)]
    fn phrase_runs_past(&self, start: u32, line: &[u8], from: usize, u: usize) -> bool {
        if start == 0 {
            return false;
        }
        let rows = &self.stem_rows[..=self.stem_mask];
        // An offset, perhaps with [`HAS_GROUP`] set: the mask drops the flag.
        let mut node = start as usize;
        let run = &line[..u];
        let mut s = run.len();
        while s > from {
            s -= 1;
            let next = rows[(node + symbol(run[s])) & self.stem_mask];
            if next == 0 {
                return false;
            }
            node = next as usize;
            if next & HAS_GROUP != 0 {
                let group = rows[(node + SYMBOLS) & self.stem_mask];
                if self.phrase_at(group, line, s) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether a phrase of stem group `group` is there in full at `line[s..]`. Out of
    /// line: most walks end before a stem, and the walk is inlined into the scan.
    #[inline(never)]
    fn phrase_at(&self, group: u32, line: &[u8], s: usize) -> bool {
        self.phrases[group as usize].iter().any(|p| {
            line[s..]
                .get(..p.len())
                .is_some_and(|l| l.eq_ignore_ascii_case(p))
        })
    }

    /// Whether a phrase starts in the run `line[from..u]` of ASCII letters and digits
    /// (`line[u]` ASCII or the end of the line) and runs past `u`, there in full.
    pub(super) fn runs_past(&self, line: &[u8], from: usize, u: usize) -> bool {
        if let Some(&c) = line.get(u) {
            // A phrase that goes on past the run goes on with `c`, then with `d` if
            // it is longer still.
            if let Some(&row) = self.after_c.get(c as usize)
                && row != u32::MAX
            {
                let row = &self.after[row as usize];
                // With no byte after `c`, a NUL stands in: no phrase holds one. Either
                // case of a letter has its slot.
                let d = line.get(u + 1).copied().unwrap_or(0);
                return self.phrase_runs_past(row[d as usize], line, from, u)
                    || self.phrase_runs_past(row[ENDS], line, from, u);
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::reference::{WholeWords, judge};
    use super::*;

    #[test]
    fn judges_words() {
        let patterns = ["the", "sign in", "of", "(image:", "don't", "etc."];
        let idx = WordIndex::new(patterns);
        let whole = WholeWords::new(patterns);
        let line = b"The design in it";
        assert_eq!(
            judge(&idx, &whole, line, 0, 3),
            Some(Some(0)),
            "`The` is phrase 0"
        );
        assert_eq!(
            judge(&idx, &whole, line, 4, 10),
            None,
            "`design i` may run into `sign in`"
        );
        assert_eq!(judge(&idx, &whole, line, 6, 10), None, "so may `sign i`");
        assert_eq!(
            judge(&idx, &whole, line, 14, 16),
            Some(None),
            "`it` is no phrase"
        );
        assert_eq!(
            judge(&idx, &whole, b"design on", 0, 6),
            Some(None),
            "no phrase `sign o…`"
        );
        assert_eq!(
            judge(&idx, &whole, b"design", 0, 6),
            Some(None),
            "nothing runs past the end"
        );
        assert_eq!(
            judge(&idx, &whole, b"the design of it", 11, 13),
            Some(Some(2))
        );
        assert_eq!(
            judge(&idx, &whole, b"etc.", 0, 3),
            None,
            "`etc.` is a phrase"
        );
        assert_eq!(judge(&idx, &whole, b"don't", 0, 3), None);
        assert_eq!(idx.class(b'('), Class::Starts);
        assert_eq!(idx.class(b')'), Class::Inert);
        assert_eq!(idx.class(b'T'), Class::Alnum);
        assert_eq!(idx.class(0xC3), Class::Inert, "no phrase begins with `Ã`…");
        let accented = WordIndex::new(["été", "über"]);
        assert_eq!(accented.class(0xC3), Class::Starts, "…but `été` does");
        assert_eq!(accented.class(0xA9), Class::Inert, "a continuation byte");
    }
}
