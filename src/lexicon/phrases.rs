//! Every phrase in one double-array trie, for the longest phrase that starts at a
//! given byte.
//!
//! [`super::Lexicon::scan`] asks only where a phrase may start (see
//! [`super::word_index`] for the plain words it judges without looking): the longest
//! phrase there is what an anchored leftmost-longest Aho-Corasick search gives, and
//! when there is none the unanchored search would go on at the next byte. So one
//! trie walk a position does the automaton's work, and the lexicon needs no failure
//! transitions, whose construction would dominate the program's startup.
//!
//! The trie is a double array: state `s`'s child by byte `b` is the slot
//! `base(s) + FOLD[b]`, if that slot's `check` is `s`. ASCII letters are folded to
//! lower case (the phrases are, and the search matches ASCII letters of either case).

/// Every byte with ASCII letters lower-cased.
const FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    t
};

/// No state, no phrase.
const NONE: u32 = u32::MAX;

/// One slot of the double array: a state, or free.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// The state whose child this slot is ([`NONE`] when free; the root, slot 0, is
    /// no state's child).
    check: u32,
    /// Where this state's children are: the child by byte `b` at `base + FOLD[b]`.
    base: u32,
    /// The phrase that ends at this state ([`NONE`] for none).
    value: u32,
}

const FREE: Slot = Slot {
    check: NONE,
    base: 0,
    value: NONE,
};

/// The phrases' trie as a double array.
pub(super) struct Phrases {
    /// The states, padded to a power of two so that `base + byte`, masked by
    /// [`Self::mask`], needs no bounds check (every base is at most
    /// `slots.len() - 256`).
    slots: Vec<Slot>,
    /// `slots.len() - 1`.
    mask: usize,
}

/// A node of the trie while it is built: its children in increasing byte order,
/// each linked to the next.
#[derive(Clone, Copy)]
struct Node {
    /// The byte that leads here from the parent.
    byte: u8,
    /// The first and last child, and the next sibling ([`NONE`] for none).
    first: u32,
    last: u32,
    next: u32,
    value: u32,
}

impl Default for Node {
    fn default() -> Node {
        Node {
            byte: 0,
            first: NONE,
            last: NONE,
            next: NONE,
            value: NONE,
        }
    }
}

impl Node {
    /// The node's children: (byte, node).
    fn children<'a>(&self, nodes: &'a [Node]) -> impl Iterator<Item = (u8, u32)> + 'a {
        std::iter::successors(Some(self.first).filter(|&c| c != NONE), |&c| {
            Some(nodes[c as usize].next).filter(|&n| n != NONE)
        })
        .map(|c| (nodes[c as usize].byte, c))
    }
}

impl Phrases {
    /// The trie of `patterns` (pattern `i`'s value is `i`). Patterns that are equal
    /// once ASCII-lower-cased keep the first one's index.
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Phrases {
        // The patterns folded, one after another, and sorted (each by its first
        // eight bytes first, then in full; the first of equal ones first).
        let mut folded = Vec::new();
        let mut sorted = Vec::new();
        for (i, p) in patterns.into_iter().enumerate() {
            let start = folded.len();
            folded.extend(p.bytes().map(|b| FOLD[b as usize]));
            let mut prefix = [0u8; 8];
            let head = &folded[start..(start + 8).min(folded.len())];
            prefix[..head.len()].copy_from_slice(head);
            sorted.push((u64::from_be_bytes(prefix), start..folded.len(), i as u32));
        }
        sorted.sort_unstable_by(|a, b| {
            (a.0.cmp(&b.0))
                .then_with(|| folded[a.1.clone()].cmp(&folded[b.1.clone()]))
                .then(a.2.cmp(&b.2))
        });
        // The trie, built in sorted order: a node's new child is always its last.
        let mut nodes = Vec::with_capacity(folded.len() + 1);
        nodes.push(Node::default());
        for (_, range, i) in sorted {
            let mut node = 0usize;
            for &b in &folded[range] {
                let last = nodes[node].last;
                node = if last != NONE && nodes[last as usize].byte == b {
                    last as usize
                } else {
                    let child = nodes.len() as u32;
                    nodes.push(Node {
                        byte: b,
                        ..Node::default()
                    });
                    if last == NONE {
                        nodes[node].first = child;
                    } else {
                        nodes[last as usize].next = child;
                    }
                    nodes[node].last = child;
                    child as usize
                };
            }
            if nodes[node].value == NONE {
                nodes[node].value = i;
            }
        }
        let size = (2 * nodes.len() + 512).next_power_of_two();
        let mut slots = vec![FREE; size];
        // `free[i]` leads to the first free slot from `i` on (a union-find chain,
        // shortened as it is followed): the search for a base skips filled slots at
        // once.
        let mut free: Vec<u32> = (0..size as u32).collect();
        // The root is slot 0.
        slots[0].check = 0;
        free[0] = 1;
        // Each node's slot. A parent comes before its children, so every node's slot
        // is known when it is placed.
        let mut at = vec![0u32; nodes.len()];
        for (node, n) in nodes.iter().enumerate() {
            let s = at[node] as usize;
            slots[s].value = n.value;
            if n.first == NONE {
                continue;
            }
            let first = nodes[n.first as usize].byte as usize;
            let mut slot = first + 1;
            let base = loop {
                slot = first_free(&mut free, slot);
                if slot + 256 >= slots.len() {
                    let len = slots.len();
                    slots.resize(len * 2, FREE);
                    free.extend(len as u32..2 * len as u32);
                }
                let base = slot - first;
                // One child (most nodes) fits in any free slot.
                if n.first == n.last
                    || n.children(&nodes)
                        .all(|(b, _)| slots[base + b as usize].check == NONE)
                {
                    break base;
                }
                slot += 1;
            };
            slots[s].base = base as u32;
            for (b, child) in n.children(&nodes) {
                let slot = base + b as usize;
                slots[slot].check = s as u32;
                free[slot] = slot as u32 + 1;
                at[child as usize] = slot as u32;
            }
        }
        // Room for any byte after the last base.
        let last_base = slots.iter().map(|s| s.base as usize).max().unwrap_or(0);
        slots.resize((last_base + 256).next_power_of_two(), FREE);
        slots[0].check = NONE;
        Phrases {
            mask: slots.len() - 1,
            slots,
        }
    }

    /// The longest phrase that starts at `line[pos]`: its index and its end.
    #[inline]
    pub(super) fn longest_at(&self, line: &[u8], pos: usize) -> Option<(u32, usize)> {
        let slots = &self.slots[..=self.mask];
        let mut state = 0usize;
        let mut best = None;
        for (i, &b) in line.iter().enumerate().skip(pos) {
            let slot = (slots[state].base as usize + FOLD[b as usize] as usize) & self.mask;
            if slots[slot].check != state as u32 {
                break;
            }
            state = slot;
            let value = slots[state].value;
            if value != NONE {
                best = Some((value, i + 1));
            }
        }
        best
    }
}

/// The first free slot from `i` on, by the chain `free` (see [`Phrases::new`]),
/// pointing each slot passed straight at it.
fn first_free(free: &mut [u32], i: usize) -> usize {
    let mut end = i;
    while free[end] as usize != end {
        end = free[end] as usize;
    }
    let mut j = i;
    while free[j] as usize != end {
        let next = free[j] as usize;
        free[j] = end as u32;
        j = next;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest pattern at `pos`, by comparing every pattern.
    fn naive(patterns: &[&str], line: &[u8], pos: usize) -> Option<(u32, usize)> {
        let mut best: Option<(u32, usize)> = None;
        for (i, p) in patterns.iter().enumerate() {
            let p = p.as_bytes();
            if line[pos..]
                .get(..p.len())
                .is_some_and(|l| l.eq_ignore_ascii_case(p))
                && best.is_none_or(|(_, e)| pos + p.len() > e)
            {
                best = Some((i as u32, pos + p.len()));
            }
        }
        best
    }

    #[test]
    fn finds_the_longest_phrase_at_each_byte() {
        let patterns = [
            "the",
            "them",
            "sign in",
            "sign",
            "(image:",
            "назад",
            "更新",
            "été",
            "x",
            "THE",
        ];
        let trie = Phrases::new(patterns);
        for line in [
            "The theme: sign in. SIGN INTO (Image: x) назад 更新 Été été",
            "them",
            "",
            "th",
            "\u{ff}\u{0}(",
        ] {
            let l = line.as_bytes();
            for pos in 0..l.len() {
                assert_eq!(
                    trie.longest_at(l, pos),
                    naive(&patterns[..9], l, pos),
                    "{line:?} at {pos}"
                );
            }
        }
    }

    #[test]
    fn the_embedded_phrases_are_found_in_full() {
        let patterns = super::super::tests::embedded_patterns();
        let trie = Phrases::new(patterns.iter().map(String::as_str));
        for (i, p) in patterns.iter().enumerate() {
            let line = format!("{p} ");
            let (found, end) = trie.longest_at(line.as_bytes(), 0).expect(p);
            assert_eq!(end, p.len(), "{p}");
            assert!(patterns[found as usize].eq_ignore_ascii_case(p), "{p} {i}");
        }
    }
}
