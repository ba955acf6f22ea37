//! Lines measured before, kept with what the per-line pass made of them.
//!
//! Boilerplate repeats: menus, share buttons, bylines and footers stand on page after
//! page of a site, and a line's row and per-line features depend on its bytes alone
//! (and on the model's per-line weights). In the dumps of the evaluation sets a third
//! to a half of the lines have stood before in the same file, most of them short;
//! a short line costs the per-line pass as much as a long one of its work is per line,
//! not per byte. [`LineCache`] keeps the rows and features of short lines by their
//! bytes, so that a line seen before is copied instead of measured again: exactly the
//! same row and features, as the key is the line's bytes themselves (its hash only
//! finds the slot), and the cache forgets every line when the model's stage weights
//! change.

use super::Row;
use crate::features::BASE;

/// Lines longer than this are measured every time: long lines rarely repeat, and
/// their cost is per byte rather than per line.
pub(crate) const MAX_LINE: usize = 96;
/// The most lines kept; when full, the cache starts over (the lines of the pages
/// being read come back soon).
const MAX_ENTRIES: usize = 16384;
/// Slots of the table: twice the entries, so that probes stay short.
const SLOTS: usize = 2 * MAX_ENTRIES;

/// What the per-line pass made of a line.
#[derive(Clone, Copy)]
pub(crate) struct Measured {
    /// The line's row (its span is the first line's it was measured on).
    pub row: Row,
    /// Its per-line features.
    pub x: [f32; BASE],
}

/// One line kept: its hash, where its bytes are in [`LineCache::keys`], and what it
/// measured as.
struct Entry {
    hash: u64,
    start: u32,
    len: u32,
    measured: Measured,
}

/// Rows and features of short lines by their bytes (see the module's docs).
#[derive(Default)]
pub(crate) struct LineCache {
    /// The bits of the stage weights the rows were scored with (their dot products).
    weights: Vec<u32>,
    /// Per slot: 0 when empty, else an index into `entries` plus one.
    table: Vec<u32>,
    entries: Vec<Entry>,
    /// The kept lines' bytes, one after another.
    keys: Vec<u8>,
}

/// Where [`LineCache::find`] found a line or would put it.
pub(crate) enum Found<'a> {
    /// The line is kept: what it measured as.
    Kept(&'a Measured),
    /// The line is not kept; it would go in this slot.
    Free(usize),
    /// The line is not kept, and is too long to keep.
    TooLong,
}

impl LineCache {
    /// Starts a page scored with stage weights of bits `weights`: forgets every line
    /// when they differ from the last page's.
    pub(crate) fn start(&mut self, weights: &[u32]) {
        if self.table.is_empty() || weights != self.weights.as_slice() {
            self.clear();
            self.weights.clear();
            self.weights.extend_from_slice(weights);
        }
    }

    /// Forgets every line.
    pub(crate) fn clear(&mut self) {
        self.table.clear();
        self.table.resize(SLOTS, 0);
        self.entries.clear();
        self.keys.clear();
        // Room for every entry at once: the entries are never copied to a bigger
        // buffer (memory the cache does not fill is never touched).
        self.entries.reserve_exact(MAX_ENTRIES);
    }

    /// The slot where a probe for `hash` begins: its top bits after a multiplication
    /// that spreads all its bits there.
    fn first_slot(hash: u64) -> usize {
        (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
    }

    /// Looks for `line`, of hash `hash`.
    #[inline]
    pub(crate) fn find(&self, hash: u64, line: &[u8]) -> Found<'_> {
        if line.len() > MAX_LINE {
            return Found::TooLong;
        }
        let mut slot = Self::first_slot(hash);
        loop {
            let e = self.table[slot];
            if e == 0 {
                return Found::Free(slot);
            }
            let entry = &self.entries[e as usize - 1];
            if entry.hash == hash
                && entry.len as usize == line.len()
                && &self.keys[entry.start as usize..][..line.len()] == line
            {
                return Found::Kept(&entry.measured);
            }
            slot = (slot + 1) % SLOTS;
        }
    }

    /// Keeps `line` (of hash `hash`, not kept, at most [`MAX_LINE`] bytes) in `slot`,
    /// where [`Self::find`] said it would go.
    pub(crate) fn keep(&mut self, slot: usize, hash: u64, line: &[u8], measured: Measured) {
        let slot = if self.entries.len() == MAX_ENTRIES {
            self.clear();
            match self.find(hash, line) {
                Found::Free(slot) => slot,
                _ => unreachable!("an empty cache has room for a short line"),
            }
        } else {
            slot
        };
        self.entries.push(Entry {
            hash,
            start: self.keys.len() as u32,
            len: line.len() as u32,
            measured,
        });
        self.keys.extend_from_slice(line);
        self.table[slot] = self.entries.len() as u32;
    }

    /// The bytes held (capacity).
    pub(crate) fn bytes_held(&self) -> usize {
        self.table.capacity() * 4
            + self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.keys.capacity()
            + self.weights.capacity() * 4
    }
}
