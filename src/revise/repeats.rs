//! Which lines of a page stand on it more than once: every line's [`line_hash`], and
//! the [`Repeats`] sieve over the hashes.
//!
//! Counting every line's hash in a hash map touches a random slot of a table as big
//! as the page for every line: on a page of tens of thousands of lines the table
//! outgrows the caches, and the counting becomes a visible share of the per-line pass
//! (`cargo bench --features internals --bench classify -- stages`). Most lines
//! stand once, so [`Repeats`] first sieves them out with two bit sets of a few bits
//! per line (small enough for the L2 cache): `seen` gets a hash's bit when the hash
//! comes, `twice` when it comes while its bit in `seen` is set already (the two sets
//! interleaved, a slot's two bits side by side in one word). A hash that
//! comes twice or more has its bit set in `twice` by its second line. So every line of
//! a repeated hash has its `twice` bit set, and only those lines (and a few whose bits
//! a different hash set) are counted exactly, in a map as small as they are few. A line
//! is repeated when its hash is counted more than once: the same answer as counting
//! every line.

use crate::text::HashCounts;

/// A 64-bit hash of a line's text, to find lines that stand on the page more than
/// once: eight bytes a step (FNV-1a takes one), each word mixed in with a multiply and
/// a shift; the length goes in last, so that lines differing only in trailing zero
/// bytes differ.
pub(super) fn line_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, w: u64| {
        let h = (h ^ w).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let mut words = bytes.chunks_exact(8);
    let mut h = 0xcbf2_9ce4_8422_2325;
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().expect("eight bytes")));
    }
    // The last 0 to 7 bytes, zeros after them, without a copy to a buffer (a call):
    // from the line's last eight bytes when it has them, shifted down past those
    // already mixed in.
    let rest = words.remainder();
    let last = match bytes.last_chunk::<8>() {
        _ if rest.is_empty() => 0,
        Some(tail) => u64::from_le_bytes(*tail) >> (8 * (8 - rest.len())),
        None => rest.iter().rev().fold(0, |w, &b| (w << 8) | b as u64),
    };
    h = mix(h, last);
    mix(h, bytes.len() as u64)
}

/// Slots (a bit in each set) per line of the page (at least): few lines then share a
/// slot.
const SLOTS_PER_LINE: usize = 16;
/// The fewest slots: a word of 64 bits.
const MIN_SLOTS: usize = 32;

/// The lines' hashes, and which of them stand more than once.
#[derive(Default)]
pub(crate) struct Repeats {
    /// Every line's hash, in order.
    hashes: Vec<u64>,
    /// Whether each line takes part (a blank line does not).
    counted: Vec<bool>,
    /// The bit sets (see the module's docs): slot `i`'s `seen` bit is bit `2i % 64`
    /// of word `2i / 64`, its `twice` bit the next one.
    sets: Vec<u64>,
    /// `64 -` the number of bits of a slot's index.
    shift: u32,
    /// The exact counts of the hashes that passed the sieve.
    counts: HashCounts,
}

impl Repeats {
    /// Starts a page of `n` lines.
    pub(crate) fn start(&mut self, n: usize) {
        let slots = (n * SLOTS_PER_LINE).next_power_of_two().max(MIN_SLOTS);
        self.shift = 64 - slots.trailing_zeros();
        self.sets.clear();
        self.sets.resize(slots / 32, 0);
        self.hashes.clear();
        self.hashes.reserve(n);
        self.counted.clear();
        self.counted.reserve(n);
        self.counts.clear();
    }

    /// The slot of hash `h`: its word, and the mask of its `seen` bit (its `twice` bit
    /// is the next). The hash's top bits, after a multiplication that spreads all its
    /// bits there.
    #[inline(always)]
    fn slot(h: u64, shift: u32) -> (usize, u64) {
        let i = (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
        (i / 32, 1 << (2 * (i % 32)))
    }

    /// Adds the next line's hash; `counted` is false for a line that takes no part
    /// (it is never repeated and counts for no other).
    #[inline(always)]
    pub(crate) fn add(&mut self, h: u64, counted: bool) {
        self.hashes.push(h);
        self.counted.push(counted);
        if counted {
            let (w, m) = Self::slot(h, self.shift);
            let x = self.sets[w];
            self.sets[w] = x | m | ((x & m) << 1);
        }
    }

    /// Calls `each` with every line's index and whether its hash stands on the page
    /// more than once (among the lines that take part), in order.
    pub(crate) fn finish(&mut self, mut each: impl FnMut(usize, bool)) {
        let Repeats {
            hashes,
            counted,
            sets,
            counts,
            shift,
            ..
        } = self;
        let shift = *shift;
        let passes = |h: u64| {
            let (w, m) = Self::slot(h, shift);
            sets[w] & (m << 1) != 0
        };
        for (&h, &c) in hashes.iter().zip(counted.iter()) {
            if c && passes(h) {
                *counts.entry(h).or_insert(0) += 1;
            }
        }
        for (i, (&h, &c)) in hashes.iter().zip(counted.iter()).enumerate() {
            let repeated = c && passes(h) && counts.get(&h).is_some_and(|&k| k > 1);
            each(i, repeated);
        }
    }

    /// The bytes held (capacity).
    pub(crate) fn bytes_held(&self) -> usize {
        use std::mem::size_of;
        self.hashes.capacity() * size_of::<u64>()
            + self.counted.capacity()
            + self.sets.capacity() * size_of::<u64>()
            + self.counts.capacity() * (size_of::<(u64, u32)>() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference (naive) version of [`Repeats`] that the tests hold it to: every
    /// hash counted in one map.
    fn reference(lines: &[(u64, bool)]) -> Vec<bool> {
        let mut counts = HashCounts::default();
        for &(h, c) in lines {
            if c {
                *counts.entry(h).or_insert(0) += 1;
            }
        }
        lines
            .iter()
            .map(|&(h, c)| c && counts.get(&h).is_some_and(|&k| k > 1))
            .collect()
    }

    fn sieved(r: &mut Repeats, lines: &[(u64, bool)]) -> Vec<bool> {
        r.start(lines.len());
        for &(h, c) in lines {
            r.add(h, c);
        }
        let mut out = vec![None; lines.len()];
        r.finish(|i, rep| out[i] = Some(rep));
        out.into_iter()
            .map(|x| x.expect("every line answered"))
            .collect()
    }

    #[test]
    fn the_corpus_repeats_as_counted_in_one_map() {
        let lines: Vec<(u64, bool)> = crate::corpus_lines()
            .iter()
            .map(|l| (line_hash(l.trim_ascii()), !l.trim_ascii().is_empty()))
            .collect();
        let want = reference(&lines);
        assert!(
            want.iter().filter(|&&r| r).count() > 100,
            "the corpus repeats lines"
        );
        let mut r = Repeats::default();
        assert_eq!(sieved(&mut r, &lines), want);
        // The same sets again, for a page after a bigger one.
        assert_eq!(sieved(&mut r, &lines[..500]), reference(&lines[..500]));
    }

    proptest! {
        /// Hashes from a small range (many repeats, and many that share a bit) and
        /// from the whole range, lines taking part or not, pages of any size.
        #[test]
        fn repeats_as_counted_in_one_map(
            lines in proptest::collection::vec(
                (prop_oneof![0u64..40, any::<u64>(), (0u64..8).prop_map(|k| k << 58)],
                 any::<bool>()),
                0..400),
            before in 0usize..3000,
        ) {
            let mut r = Repeats::default();
            // A page of another size before, so that sets are reused.
            let warm: Vec<(u64, bool)> = (0..before as u64).map(|k| (k % 97, true)).collect();
            prop_assert_eq!(sieved(&mut r, &warm), reference(&warm));
            prop_assert_eq!(sieved(&mut r, &lines), reference(&lines));
        }
    }

    /// The reference (naive) version of [`line_hash`] that the tests hold it to: its
    /// last bytes copied to a zeroed buffer of eight.
    fn line_hash_buffered(bytes: &[u8]) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mix = |h: u64, w: u64| {
            let h = (h ^ w).wrapping_mul(K);
            h ^ (h >> 29)
        };
        let mut words = bytes.chunks_exact(8);
        let mut h = 0xcbf2_9ce4_8422_2325;
        for w in &mut words {
            h = mix(h, u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        h = mix(h, u64::from_le_bytes(last));
        mix(h, bytes.len() as u64)
    }

    #[test]
    fn hashes_as_with_a_buffer() {
        let text: Vec<u8> = (0..40u8).map(|k| k.wrapping_mul(37) ^ 0xA5).collect();
        for start in 0..8 {
            for end in start..text.len() {
                let t = &text[start..end];
                assert_eq!(line_hash(t), line_hash_buffered(t), "{start}..{end}");
            }
        }
    }

    /// On the corpus, lines get the same [`line_hash`] exactly when they get the same
    /// FNV-1a hash ([`crate::text::fnv1a`]): neither collides, so the same lines are
    /// repeated under either.
    #[test]
    fn groups_lines_as_fnv1a() {
        let mut by_line_hash = std::collections::HashMap::new();
        let mut by_fnv = std::collections::HashMap::new();
        let mut texts = std::collections::HashSet::new();
        for line in &crate::corpus_lines() {
            let t = line.trim_ascii();
            texts.insert(t.to_vec());
            let fnv = by_fnv
                .entry(crate::text::fnv1a(t))
                .or_insert_with(|| t.to_vec());
            assert_eq!(fnv.as_slice(), t, "FNV-1a collides");
            let ours = by_line_hash
                .entry(line_hash(t))
                .or_insert_with(|| t.to_vec());
            assert_eq!(ours.as_slice(), t, "line_hash collides");
        }
        assert!(texts.len() > 1000);
        for t in ["", "a", "a\0", "abcdefgh", "abcdefgh\0", "abcdefghi"] {
            for u in ["", "a", "a\0", "abcdefgh", "abcdefgh\0", "abcdefghi"] {
                assert_eq!(line_hash(t.as_bytes()) == line_hash(u.as_bytes()), t == u);
            }
        }
    }
}
