//! Short lines already measured, kept with what the per-line pass made of them.
//!
//! Boilerplate repeats: menus, share buttons, bylines and footers stand on page after
//! page of a site, and a line's row and per-line features depend on its bytes alone
//! (and on the model's per-line weights). In the dumps of the evaluation sets a third
//! to a half of the lines stand earlier in the same file, most of them short; a short
//! line costs the per-line pass nearly as much as a long one, as most of its work is
//! per line, not per byte. [`LineCache`] keeps what short lines measured as (the page
//! pass keeps a [`Measured`](super::page::Measured): the row and features) by their
//! bytes, so that a line that stood earlier is copied instead of measured again:
//! exactly the same row and features, as the key is the line's bytes themselves (its
//! hash only finds the slot), and the cache forgets every line when the model's stage
//! weights change.
//!
//! The cache is generic over what it keeps: it imports none of the page's types, and
//! the page's buffers, which hold one, import only the cache.

/// Lines longer than this are measured every time: long lines rarely repeat, and
/// their cost is per byte rather than per line.
pub(crate) const MAX_LINE: usize = 96;
/// The most lines kept; when full, the cache starts over (the lines of the pages
/// being read come back soon).
const MAX_ENTRIES: usize = 16384;
/// Slots of the table: twice the entries, so that probes stay short.
const SLOTS: usize = 2 * MAX_ENTRIES;

/// One line kept: its hash, where its bytes are in [`LineCache::keys`], and what it
/// measured as.
struct Entry<T> {
    hash: u64,
    start: u32,
    len: u32,
    measured: T,
}

/// What short lines measured as (a `T`), by their bytes (see the module's docs).
pub(crate) struct LineCache<T> {
    /// The bits of the stage weights the rows were scored with (their dot products).
    weights: Vec<u32>,
    /// Per slot: 0 when empty, else an index into `entries` plus one.
    table: Vec<u32>,
    entries: Vec<Entry<T>>,
    /// The kept lines' bytes, one after another.
    keys: Vec<u8>,
}

impl<T> Default for LineCache<T> {
    fn default() -> Self {
        LineCache {
            weights: Vec::new(),
            table: Vec::new(),
            entries: Vec::new(),
            keys: Vec::new(),
        }
    }
}

/// Where [`LineCache::find`] found a line or would put it.
pub(crate) enum Found<'a, T> {
    /// The line is kept: what it measured as.
    Kept(&'a T),
    /// The line is not kept; it would go in this slot.
    Free(usize),
    /// The line is not kept, and is too long to keep.
    TooLong,
}

impl<T> LineCache<T> {
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
    pub(crate) fn find(&self, hash: u64, line: &[u8]) -> Found<'_, T> {
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
    pub(crate) fn keep(&mut self, slot: usize, hash: u64, line: &[u8], measured: T) {
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
            + self.entries.capacity() * std::mem::size_of::<Entry<T>>()
            + self.keys.capacity()
            + self.weights.capacity() * 4
    }
}
