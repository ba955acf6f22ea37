//! Which lines of a page stand on it more than once (by their hashes).
//!
//! Counting every line's hash in a hash map touches a random slot of a table as big
//! as the page for every line: on a page of 55,000 lines the table outgrows the
//! caches, and the counting took about a tenth of the per-line pass's time. Most lines
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

    /// Every hash counted in one map: what the page pass did before the sieve.
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
            .map(|l| {
                (
                    super::super::line_hash(l.trim_ascii()),
                    !l.trim_ascii().is_empty(),
                )
            })
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
}
