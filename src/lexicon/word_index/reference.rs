//! The naive references the tests hold [`WordIndex`] to, and those tests.
//!
//! - [`WholeWords`]: the whole-word phrases in a trie, walked a byte at a time: the
//!   reference of [`WordIndex::whole_word`]'s hash tables.
//! - [`Hashed`]: hashes of every suffix of a run against hashes of the phrases'
//!   stems: the reference of [`WordIndex::runs_past`]. It sends to the automaton
//!   every run followed by a stem's first bytes, the index only those where the
//!   phrase is there in full, so the index may judge a run the reference leaves to
//!   the automaton, never the other way round (the lexicon's tests hold the scan
//!   itself to the automaton).

use super::trie::{SYMBOL, SYMBOLS, Trie};
use super::{MAX_WORD, STEM_ROW, WordIndex};
use std::collections::HashSet;

/// [`SYMBOL`] plus one for ASCII letters and digits, 0 for every other byte: the
/// table of [`WholeWords::walk`], which reads each byte once.
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

/// The phrases made only of ASCII letters and digits in a trie, laid out flat: node
/// `k`'s child by symbol `s` at `k × STEM_ROW + s`, itself given as such an offset
/// (`child × STEM_ROW`), so that a step is one load at the offset plus the symbol,
/// and the node's value (the pattern index) after its children. Padded to a power
/// of two with the dead end, so that the offset masked by [`Self::mask`] needs no
/// bounds check.
pub(super) struct WholeWords {
    flat: Vec<u32>,
    /// `flat.len() - 1`.
    mask: usize,
    /// The offset of the dead end: a node after the others, without value, whose
    /// every child is itself; it is every node's child where there was none.
    dead: u32,
}

impl WholeWords {
    /// The whole-word phrases of `patterns` (pattern `i`'s value is `i`; of equal
    /// ones, the first).
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> WholeWords {
        let mut whole = Trie::new();
        for (i, p) in patterns.into_iter().enumerate() {
            let p = p.as_bytes().to_ascii_lowercase();
            if p.iter().all(u8::is_ascii_alphanumeric) {
                let node = whole.insert(0, p.iter().copied()) as usize;
                if whole.value[node] == u32::MAX {
                    whole.value[node] = i as u32;
                }
            }
        }
        let dead = (whole.next.len() * STEM_ROW) as u32;
        let size = ((whole.next.len() + 1) * STEM_ROW).next_power_of_two();
        let mut flat = vec![dead; size];
        for ((row, next), &value) in flat
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
        flat[dead as usize + SYMBOLS] = u32::MAX;
        WholeWords {
            flat,
            mask: size - 1,
            dead,
        }
    }

    /// Finds the end `u` of the run of ASCII letters and digits that starts at
    /// `from` (at most `limit`), walking the phrases along it: returns `u` and the
    /// node reached, for [`Self::word`].
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

    /// The pattern that is the whole run [`Self::walk`] reached `node` on, if any.
    pub(super) fn word(&self, node: u32) -> Option<u32> {
        let i = self.flat[(node as usize + SYMBOLS) & self.mask];
        (i != u32::MAX).then_some(i)
    }
}

/// What the scan decides of the run `line[from..u]` of ASCII letters and digits
/// (`line[u]` ASCII or the end of the line): `None` when a phrase starts in it and
/// runs past `u` (the phrase trie must look), else `Some` of the pattern that is the
/// whole run, if any. The run's end and the whole word are found both by `index` and
/// by the walk of `whole`, which must agree.
pub(super) fn judge(
    index: &WordIndex,
    whole: &WholeWords,
    line: &[u8],
    from: usize,
    u: usize,
) -> Option<Option<u32>> {
    if index.runs_past(line, from, u) {
        return None;
    }
    let (end, node) = whole.walk(line, from, u);
    assert_eq!(end, u, "a run of letters and digits");
    let (run_end, key) = index.run(line, from, u);
    assert_eq!(run_end, u, "the same run, eight bytes at a time");
    assert_eq!(
        index.whole_word(line, from, u, key),
        whole.word(node),
        "{:?} from {from}",
        String::from_utf8_lossy(line)
    );
    Some(whole.word(node))
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hash of `bytes`, ASCII-lower-cased, from the last byte to the first.
fn poly(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0u64, |h, &b| step(h, b))
}

/// The hash `h` of some bytes with `b` before them.
fn step(h: u64, b: u8) -> u64 {
    (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(K)
}

/// The hash of the byte `c` after a stem and of the byte `d` after it (`None` for a
/// phrase that ends at `c`).
fn tail(c: u8, d: Option<u8>) -> u64 {
    let x = c.to_ascii_lowercase() as u64
        | d.map_or(1 << 16, |d| (d.to_ascii_lowercase() as u64) << 8 | 2 << 16);
    (x ^ 0x5851_F42D_4C95_7F2D).wrapping_mul(0xff51_afd7_ed55_8ccd)
}

/// The word index by hashes: each whole-word phrase by the hash of its bytes, each
/// longer phrase by the hash of its stem and the one or two bytes after it.
pub(super) struct Hashed {
    whole: Vec<(u64, u32)>,
    patterns: Vec<Box<[u8]>>,
    stems: HashSet<u64>,
    /// Whether some phrase ends at the byte after its stem (`etc.`).
    ends_after: [bool; 256],
}

impl Hashed {
    /// Indexes `patterns` (pattern `i` is the lexicon's phrase `i`).
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

    /// [`judge`] by the hashes: `None` when a suffix of the run followed by the bytes
    /// after it is a stem's hash.
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::lexicon::tests::embedded_patterns;

    /// Both indexes' judgement of every run of letters and digits in `line`, from
    /// every place inside it the scan may resume at.
    fn same_judgements(index: &WordIndex, whole: &WholeWords, hashes: &Hashed, line: &[u8]) {
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
                    // The hashes send every run followed by a stem's bytes to the
                    // automaton; the index only those where the phrase is there in
                    // full.
                    let (new, old) = (
                        judge(index, whole, line, from, u),
                        hashes.judge(line, from, u),
                    );
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
    fn the_index_judges_as_the_hashed_reference() {
        let patterns = embedded_patterns();
        let index = WordIndex::new(patterns.iter().map(String::as_str));
        let whole = WholeWords::new(patterns.iter().map(String::as_str));
        let hashes = Hashed::new(patterns.iter().map(String::as_str));
        for line in &crate::corpus_lines() {
            same_judgements(&index, &whole, &hashes, line);
        }
        // Every phrase, and every phrase cut short, with what may follow.
        for p in &patterns {
            for end in 1..=p.len() {
                for after in ["", " ", ".", " x", "'s", "-in", ". "] {
                    let Some(cut) = p.get(..end) else { continue };
                    let line = format!("{}{after}", cut.to_ascii_uppercase());
                    same_judgements(&index, &whole, &hashes, line.as_bytes());
                    let line = format!("{cut}{after}");
                    same_judgements(&index, &whole, &hashes, line.as_bytes());
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
        let whole = WholeWords::new(words.iter().map(String::as_str));
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
                    let (_, node) = whole.walk(l, from, u);
                    assert_eq!(idx.whole_word(l, from, u, key), whole.word(node), "{line}");
                    if word.eq_ignore_ascii_case(w) {
                        assert_eq!(whole.word(node), Some(i as u32), "{line}");
                    }
                }
            }
        }
    }
}
