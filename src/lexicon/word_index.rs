//! A shortcut past the automaton for plain ASCII words.
//!
//! Most of a text dump is ASCII words, and most phrase matches are single words
//! (function words). [`WordIndex`] lets [`super::Lexicon::scan`] judge such a word
//! with a short walk through two small tries, with exactly the result the
//! automaton's leftmost-longest search would give.
//!
//! Why that is exact: say the search resumes at `t`, inside or at the start of a run
//! `t..u` of ASCII letters and digits, with an ASCII byte before `t` (or the start of
//! the line) and an ASCII byte `c` at `u` (or the end of the line). Suppose also that
//! no phrase can start in `t..u` and run past `u`: no phrase is there in full,
//! beginning with a suffix of the run followed by the bytes after it
//! ([`WordIndex::judge`] finds the candidates by the phrases' stems, the leading run
//! of letters and digits of each phrase with the one or two bytes after it, then
//! compares each candidate in full). Then every match that starts in `t..u` ends by `u`, and
//! only a match of all of `t..u`, when `t` starts a word, has word boundaries at both
//! ends: any other starts or ends next to a letter or digit of the run, and its own
//! edge there is a letter or digit, so it is checked and dropped. So the run gives one
//! match exactly when it is a whole word and a phrase itself, and the search goes on at
//! `u` either way: no later match can start before `u`. Everything else (non-ASCII
//! text, a run that may begin a longer phrase, punctuation that begins a phrase) goes
//! to the automaton.

/// Words longer than this are left to the automaton.
pub(super) const MAX_WORD: usize = 48;

/// Symbols of [`Trie`]: the 36 lower-case ASCII letters and digits.
const SYMBOLS: usize = 36;

/// Slots of a row of [`WordIndex::flat`] and [`WordIndex::stem_rows`]: a child per
/// symbol, then the value.
const STEM_ROW: usize = SYMBOLS + 1;

/// [`symbol`] of every byte (digits 0–9, letters of either case 10–35, others 0:
/// only letters and digits are ever looked up).
const SYMBOL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = (b as u8).to_ascii_lowercase();
        t[b] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'z' => c - b'a' + 10,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The [`Trie`] symbol of an ASCII letter or digit, either case.
fn symbol(b: u8) -> usize {
    SYMBOL[b as usize] as usize
}

/// [`SYMBOL`] plus one for ASCII letters and digits, 0 for every other byte: the
/// table of [`WordIndex::walk`], which reads each byte once.
#[cfg(test)]
const WALK_SYMBOL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = SYMBOL[b] + 1;
        }
        b += 1;
    }
    t
};

/// A trie over ASCII letters and digits (case-insensitive), dense: every node has a
/// slot for every symbol, so a step is one table load. Node 0 is the root, and a
/// child of 0 means none (the root is no node's child).
#[derive(Default)]
struct Trie {
    next: Vec<[u32; SYMBOLS]>,
    /// A node's value (`u32::MAX` for none).
    value: Vec<u32>,
}

impl Trie {
    fn new() -> Trie {
        Trie {
            next: vec![[0; SYMBOLS]],
            value: vec![u32::MAX],
        }
    }

    /// A new node without children or value.
    fn add_node(&mut self) -> u32 {
        self.next.push([0; SYMBOLS]);
        self.value.push(u32::MAX);
        (self.next.len() - 1) as u32
    }

    /// The node reached from `node` by `bytes` (letters and digits), made as needed.
    fn insert(&mut self, mut node: u32, bytes: impl IntoIterator<Item = u8>) -> u32 {
        for b in bytes {
            let sym = symbol(b);
            node = match self.next[node as usize][sym] {
                0 => {
                    let child = self.add_node();
                    self.next[node as usize][sym] = child;
                    child
                }
                child => child,
            };
        }
        node
    }
}

/// Single-word phrases and the stems of longer phrases, from the automaton's patterns.
pub(super) struct WordIndex {
    /// The phrases made only of ASCII letters and digits, forwards; a node's value is
    /// the pattern index. Moved to [`Self::flat`] once built, where missing children
    /// lead to a dead end. The scan looks words up by hash ([`Self::whole_word`]):
    /// the trie is the tests' reference.
    #[cfg(test)]
    whole: Trie,
    /// For every phrase that begins with a run of ASCII letters and digits and goes on
    /// past it with an ASCII byte `c` (`sign in`, `etc.`): the run, backwards, from a
    /// start node per `c` and the byte `d` after it, or per `c` alone where the phrase
    /// ends at `c` ([`Self::after`]). A node with a value ends such a run: the value
    /// is the index in [`Self::phrases`] of the phrases with that stem. Walked as
    /// [`Self::stem_rows`] once built.
    stems: Trie,
    /// [`Self::stems`] flat, as [`Self::flat`] is [`Self::whole`], but with rows of
    /// [`STEM_ROW`] slots: the children by symbol (with [`HAS_GROUP`] set for those
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
    /// [`Self::whole`] for [`Self::walk`], flat: node `k`'s child by symbol `s` at
    /// `k × STEM_ROW + s`, itself given as such an offset (`child × STEM_ROW`), so
    /// that a step is one load at the offset plus the symbol, and the node's value
    /// after its children. Padded to a power of two with the dead end, so that the
    /// offset masked by [`Self::mask`] needs no bounds check.
    #[cfg(test)]
    flat: Vec<u32>,
    /// `flat.len() - 1`.
    #[cfg(test)]
    mask: usize,
    /// The offset of the dead end of [`Self::whole`] in [`Self::flat`].
    #[cfg(test)]
    dead: u32,
    /// The phrases of [`Self::whole`] of at most 8 bytes, hashed (open addressing,
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

/// `0x01` in every byte of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;

/// `0x80` in every byte of a `u64`.
const HIGHS: u64 = 0x80 * ONES;

/// The high bit of each byte of `x` that is an ASCII letter or digit (the others
/// 0): ranges tested on all eight bytes at once, no byte carrying into the next.
fn alnum_bytes(x: u64) -> u64 {
    let h = x & (0x7f * ONES);
    // Letters of either case: `b | 0x20` in `a..=z`.
    let low = h | (0x20 * ONES);
    let letters = (low + (0x80 - b'a' as u64) * ONES) & !(low + (0x7f - b'z' as u64) * ONES);
    let digits = (h + (0x80 - b'0' as u64) * ONES) & !(h + (0x7f - b'9' as u64) * ONES);
    (letters | digits) & !x & HIGHS
}

/// The eight bytes of `line` from `i`, little-endian, zeros past its end.
#[inline(always)]
fn chunk_at(line: &[u8], i: usize) -> u64 {
    match line.get(i..i + 8) {
        Some(c) => u64::from_le_bytes(c.try_into().expect("eight bytes")),
        None => {
            let mut b = [0u8; 8];
            let rest = &line[i.min(line.len())..];
            b[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(b)
        }
    }
}

/// The key of a run of `len` (1 to 8) ASCII letters and digits, its first eight
/// bytes `chunk`: the run's bytes lower-cased (`| 0x20` lower-cases a letter and
/// leaves a digit as it is), zeros after them.
fn short_key(chunk: u64, len: usize) -> u64 {
    let mask = u64::MAX >> (64 - 8 * len);
    (chunk | (0x20 * ONES)) & mask
}

/// The first slot of [`WordIndex::short_keys`] to look at for `key`.
fn short_slot(key: u64, shift: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

/// The first slot of [`WordIndex::medium_keys`] to look at for `keys`.
fn medium_slot(keys: [u64; 2], shift: u32) -> usize {
    ((keys[0] ^ keys[1].wrapping_mul(0xff51_afd7_ed55_8ccd)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        >> shift) as usize
}

/// Slots for `n` keys, at most a quarter full: a miss (most words) ends at an
/// empty slot soon. Returns the size and the shift of a slot's index.
fn table_size(n: usize) -> (usize, u32) {
    let size = (n * 4).next_power_of_two().max(2);
    (size, 64 - size.trailing_zeros())
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
    /// Indexes `patterns` (pattern `i` is the automaton's pattern `i`).
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> WordIndex {
        let mut index = WordIndex {
            #[cfg(test)]
            whole: Trie::new(),
            stems: Trie::new(),
            stem_rows: Vec::new(),
            stem_mask: 0,
            phrases: Vec::new(),
            after_c: [u32::MAX; 128],
            after: Vec::new(),
            #[cfg(test)]
            flat: Vec::new(),
            #[cfg(test)]
            mask: 0,
            #[cfg(test)]
            dead: 0,
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
                None => {
                    #[cfg(test)]
                    {
                        let node = index.whole.insert(0, p.iter().copied()) as usize;
                        if index.whole.value[node] == u32::MAX {
                            index.whole.value[node] = i as u32;
                        }
                    }
                    match p.len() {
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
                    }
                }
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
        #[cfg(test)]
        {
            // The dead end: a node after the others, without value, whose every child
            // is itself; it is every node's child where there was none (0). Only the
            // flat table is walked: the rows are dropped.
            let whole = std::mem::take(&mut index.whole);
            let dead = (whole.next.len() * STEM_ROW) as u32;
            let size = ((whole.next.len() + 1) * STEM_ROW).next_power_of_two();
            index.flat = vec![dead; size];
            for ((row, next), &value) in index
                .flat
                .chunks_exact_mut(STEM_ROW)
                .zip(&whole.next)
                .zip(&whole.value)
            {
                for (slot, &child) in row.iter_mut().zip(next) {
                    *slot = if child == 0 {
                        dead
                    } else {
                        child * STEM_ROW as u32
                    };
                }
                row[SYMBOLS] = value;
            }
            index.flat[dead as usize + SYMBOLS] = u32::MAX;
            index.mask = size - 1;
            index.dead = dead;
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

    /// Finds the end `u` of the run of ASCII letters and digits that starts at
    /// `from` (at most `limit`), walking the phrases of [`Self::whole`] along it:
    /// returns `u` and the node reached, for [`Self::word`].
    #[cfg(test)]
    pub(super) fn walk(&self, line: &[u8], from: usize, limit: usize) -> (usize, u32) {
        let mut node = 0u32;
        let mut i = from;
        let run = &line[..limit];
        let flat = &self.flat[..=self.mask];
        while let Some(&b) = run.get(i) {
            let sym = WALK_SYMBOL[b as usize];
            if sym == 0 {
                return (i, node);
            }
            node = flat[(node as usize + sym as usize - 1) & self.mask];
            i += 1;
            if node == self.dead {
                break;
            }
        }
        // Most words leave every phrase after a few letters: the rest of the run
        // needs only its end.
        while run.get(i).is_some_and(|&b| WALK_SYMBOL[b as usize] != 0) {
            i += 1;
        }
        (i, node)
    }

    /// The pattern that is the whole run [`Self::walk`] reached `node` (an offset in
    /// [`Self::flat`]) on, if any.
    #[cfg(test)]
    pub(super) fn word(&self, node: u32) -> Option<u32> {
        let i = self.flat[(node as usize + SYMBOLS) & self.mask];
        (i != u32::MAX).then_some(i)
    }

    /// Looks at the run `line[from..u]` of ASCII letters and digits (`line[u]` ASCII
    /// or the end of the line): `None` when a phrase starts in it and runs past `u`
    /// (the automaton must look), else `Some` of the pattern that is the whole run, if
    /// any. The scan asks [`Self::runs_past`], [`Self::walk`] and [`Self::word`]
    /// itself, walking the run as it finds its end.
    #[cfg(test)]
    pub(super) fn judge(&self, line: &[u8], from: usize, u: usize) -> Option<Option<u32>> {
        if self.runs_past(line, from, u) {
            return None;
        }
        let (end, node) = self.walk(line, from, u);
        assert_eq!(end, u, "a run of letters and digits");
        let (run_end, key) = self.run(line, from, u);
        assert_eq!(run_end, u, "the same run, eight bytes at a time");
        assert_eq!(
            self.whole_word(line, from, u, key),
            self.word(node),
            "{:?} from {from}",
            String::from_utf8_lossy(line)
        );
        Some(self.word(node))
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

/// The word index as it was before the tries: hashes of every suffix of a run
/// against hashes of the stems. The reference the tests hold [`WordIndex`] to.
#[cfg(test)]
mod hashed {
    use std::collections::HashSet;

    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn poly(bytes: &[u8]) -> u64 {
        bytes.iter().rev().fold(0u64, |h, &b| step(h, b))
    }

    fn step(h: u64, b: u8) -> u64 {
        (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(K)
    }

    fn tail(c: u8, d: Option<u8>) -> u64 {
        let x = c.to_ascii_lowercase() as u64
            | d.map_or(1 << 16, |d| (d.to_ascii_lowercase() as u64) << 8 | 2 << 16);
        (x ^ 0x5851_F42D_4C95_7F2D).wrapping_mul(0xff51_afd7_ed55_8ccd)
    }

    /// The hashed word index.
    pub(super) struct Hashed {
        whole: Vec<(u64, u32)>,
        patterns: Vec<Box<[u8]>>,
        stems: HashSet<u64>,
        ends_after: [bool; 256],
    }

    impl Hashed {
        pub(super) fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Hashed {
            let patterns: Vec<Box<[u8]>> = patterns
                .into_iter()
                .map(|p| p.as_bytes().to_ascii_lowercase().into_boxed_slice())
                .collect();
            let mut index = Hashed {
                whole: Vec::new(),
                patterns: Vec::new(),
                stems: HashSet::new(),
                ends_after: [false; 256],
            };
            for (i, p) in patterns.iter().enumerate() {
                match p.iter().position(|b| !b.is_ascii_alphanumeric()) {
                    None => index.whole.push((poly(p), i as u32)),
                    Some(0) => {}
                    Some(j) => {
                        let d = p.get(j + 1).copied();
                        index.ends_after[p[j] as usize] |= d.is_none();
                        index.stems.insert(poly(&p[..j]) ^ tail(p[j], d));
                    }
                }
            }
            index.patterns = patterns;
            index
        }

        pub(super) fn judge(&self, line: &[u8], from: usize, u: usize) -> Option<Option<u32>> {
            let run = &line[from..u];
            let mut g = 0;
            if let Some(&c) = line.get(u) {
                let two = tail(c, Some(line.get(u + 1).copied().unwrap_or(0)));
                let one = tail(c, None);
                for &b in run.iter().rev() {
                    g = step(g, b);
                    if self.stems.contains(&(g ^ two))
                        || (self.ends_after[c as usize] && self.stems.contains(&(g ^ one)))
                    {
                        return None;
                    }
                }
            } else {
                g = poly(run);
            }
            Some(
                self.whole
                    .iter()
                    .find(|&&(h, i)| h == g && self.patterns[i as usize].eq_ignore_ascii_case(run))
                    .map(|&(_, i)| i),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::tests::embedded_patterns;

    /// Both indexes' judgement of every run of letters and digits in `line`, from
    /// every place inside it the scan may resume at.
    fn same_judgements(tries: &WordIndex, hashes: &hashed::Hashed, line: &[u8]) {
        let mut t = 0;
        while t < line.len() {
            if !line[t].is_ascii_alphanumeric() {
                t += 1;
                continue;
            }
            let mut u = t;
            while u < line.len() && line[u].is_ascii_alphanumeric() {
                u += 1;
            }
            if line.get(u).is_none_or(u8::is_ascii) {
                for from in t..u.min(t + MAX_WORD) {
                    // The hashes sent every run followed by a stem's bytes to the
                    // automaton; the tries only those where the phrase is there in
                    // full (the lexicon's tests hold both to the automaton).
                    let (new, old) = (tries.judge(line, from, u), hashes.judge(line, from, u));
                    assert!(
                        new == old || old.is_none(),
                        "{:?} from {from}: {new:?} {old:?}",
                        String::from_utf8_lossy(line)
                    );
                }
            }
            t = u;
        }
    }

    #[test]
    fn the_tries_judge_as_the_hashes_did() {
        let patterns = embedded_patterns();
        let tries = WordIndex::new(patterns.iter().map(String::as_str));
        let hashes = hashed::Hashed::new(patterns.iter().map(String::as_str));
        for line in &crate::corpus_lines() {
            same_judgements(&tries, &hashes, line);
        }
        // Every phrase, and every phrase cut short, with what may follow.
        for p in &patterns {
            for end in 1..=p.len() {
                for after in ["", " ", ".", " x", "'s", "-in", ". "] {
                    let Some(cut) = p.get(..end) else { continue };
                    let line = format!("{}{after}", cut.to_ascii_uppercase());
                    same_judgements(&tries, &hashes, line.as_bytes());
                    same_judgements(&tries, &hashes, format!("{cut}{after}").as_bytes());
                }
            }
        }
    }

    #[test]
    fn words_of_every_length_are_looked_up_by_hash() {
        let words: Vec<String> = (1..=MAX_WORD + 2)
            .map(|n| {
                (0..n)
                    .map(|i| (b'a' + (i * 7 % 26) as u8) as char)
                    .collect()
            })
            .collect();
        let idx = WordIndex::new(words.iter().map(String::as_str));
        for (i, w) in words.iter().enumerate() {
            for word in [
                w.clone(),
                w.to_ascii_uppercase(),
                format!("{w}x"),
                w[1..].to_string(),
            ] {
                if word.is_empty() {
                    continue;
                }
                for line in [word.clone(), format!("{word} of"), format!("({word}-")] {
                    let l = line.as_bytes();
                    let from = l.iter().position(u8::is_ascii_alphanumeric).unwrap_or(0);
                    let u = from + word.len();
                    if u - from > MAX_WORD {
                        continue;
                    }
                    let (end, key) = idx.run(l, from, l.len().min(from + MAX_WORD + 1));
                    assert_eq!(end, u, "{line}");
                    let (_, node) = idx.walk(l, from, u);
                    assert_eq!(idx.whole_word(l, from, u, key), idx.word(node), "{line}");
                    if word.eq_ignore_ascii_case(w) {
                        assert_eq!(idx.word(node), Some(i as u32), "{line}");
                    }
                }
            }
        }
    }

    #[test]
    fn eight_bytes_at_a_time_tells_letters_and_digits() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let x = ((b as u64) << (8 * at)) | (0x2E2E_2E2E_2E2E_2E2E & !(0xFF << (8 * at)));
                let want = if b.is_ascii_alphanumeric() {
                    0x80 << (8 * at)
                } else {
                    0
                };
                assert_eq!(alnum_bytes(x) & (0xFF << (8 * at)), want, "{b:#x} at {at}");
            }
        }
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
        assert_eq!(idx.class(0xC3), Class::Inert, "no phrase begins with `Ã`…");
        let accented = WordIndex::new(["été", "über"]);
        assert_eq!(accented.class(0xC3), Class::Starts, "…but `été` does");
        assert_eq!(accented.class(0xA9), Class::Inert, "a continuation byte");
    }
}
