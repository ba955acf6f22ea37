//! A trie over ASCII letters and digits, case-insensitive and dense: the stems of
//! [`super::WordIndex`] are built in one before they are laid out flat.

/// Symbols of [`Trie`]: the 36 lower-case ASCII letters and digits.
pub(super) const SYMBOLS: usize = 36;

/// [`symbol`] of every byte (digits 0–9, letters of either case 10–35, others 0:
/// only letters and digits are ever looked up).
pub(super) const SYMBOL: [u8; 256] = {
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
pub(super) fn symbol(b: u8) -> usize {
    SYMBOL[b as usize] as usize
}

/// A trie over ASCII letters and digits (case-insensitive), dense: every node has a
/// slot for every symbol, so a step is one table load. Node 0 is the root, and a
/// child of 0 means none (the root is no node's child).
#[derive(Default)]
pub(super) struct Trie {
    pub(super) next: Vec<[u32; SYMBOLS]>,
    /// A node's value (`u32::MAX` for none).
    pub(super) value: Vec<u32>,
}

impl Trie {
    pub(super) fn new() -> Trie {
        Trie {
            next: vec![[0; SYMBOLS]],
            value: vec![u32::MAX],
        }
    }

    /// A new node without children or value.
    pub(super) fn add_node(&mut self) -> u32 {
        self.next.push([0; SYMBOLS]);
        self.value.push(u32::MAX);
        (self.next.len() - 1) as u32
    }

    /// The node reached from `node` by `bytes` (letters and digits), made as needed.
    pub(super) fn insert(&mut self, mut node: u32, bytes: impl IntoIterator<Item = u8>) -> u32 {
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
