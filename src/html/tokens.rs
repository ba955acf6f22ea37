//! Class, id, `itemprop` and `role` tokens of web templates (`nav`, `byline`,
//! `post-content`…), grouped in families, matched by one Aho-Corasick automaton.
//!
//! The list is data, `seeds/class_tokens.txt`: `family<TAB>token` lines. It has its
//! own small automaton rather than a kind in [`crate::lexicon`]'s: that automaton
//! scans the text of every line, and class vocabulary (`content`, `menu`, `date`)
//! would then count as phrases of the text. Matching is ASCII case-insensitive, at the
//! start of a word of the attribute value: after a character that is not a letter or
//! digit, or where lower case turns to upper case (`entryContent`). Tokens shorter
//! than [`WHOLE_WORD_BELOW`] bytes must also end a word (`ad` in `ad-slot`, not in
//! `header`).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use once_cell::sync::Lazy;

/// The token list, compiled in.
static LIST: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/class_tokens.txt"
));

/// Tokens shorter than this many bytes match whole words only.
pub(crate) const WHOLE_WORD_BELOW: usize = 4;

/// The most families the list may name (they are bits of a `u32`).
pub(crate) const MAX_FAMILIES: usize = 32;

/// The compiled token list.
pub(crate) struct Tokens {
    automaton: AhoCorasick,
    /// Each pattern's family bit and whether it must end a word.
    entries: Vec<(u32, bool)>,
    /// Family names, in bit order.
    pub families: Vec<String>,
}

/// Parses `family<TAB>token` lines (`#` comments) into the automaton.
pub(crate) fn build(list: &str) -> Result<Tokens, String> {
    let mut families: Vec<String> = Vec::new();
    let mut patterns = Vec::new();
    let mut entries = Vec::new();
    for (i, raw) in list.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (family, token) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected `family<TAB>token`", i + 1))?;
        let token = token.trim().to_ascii_lowercase();
        if token.len() < 2 || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("line {}: bad token {token:?}", i + 1));
        }
        let bit = match families.iter().position(|f| f == family) {
            Some(b) => b,
            None => {
                families.push(family.to_string());
                families.len() - 1
            }
        };
        if bit >= MAX_FAMILIES {
            return Err(format!("line {}: more than {MAX_FAMILIES} families", i + 1));
        }
        entries.push((1u32 << bit, token.len() < WHOLE_WORD_BELOW));
        patterns.push(token);
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .map_err(|e| e.to_string())?;
    Ok(Tokens {
        automaton,
        entries,
        families,
    })
}

/// The embedded token list.
pub(crate) static TOKENS: Lazy<Tokens> =
    Lazy::new(|| build(LIST).unwrap_or_else(|e| panic!("seeds/class_tokens.txt is invalid: {e}")));

impl Tokens {
    /// The families of the tokens found in `value`, as bits.
    pub(crate) fn scan(&self, value: &str) -> u32 {
        let b = value.as_bytes();
        let mut bits = 0;
        // Overlapping matches are not needed: a word starts one token at most.
        for m in self.automaton.find_iter(b) {
            let (s, e) = (m.start(), m.end());
            let starts = s == 0 || {
                let p = b[s - 1];
                !p.is_ascii_alphanumeric() || (p.is_ascii_lowercase() && b[s].is_ascii_uppercase())
            };
            if !starts {
                continue;
            }
            let (bit, whole) = self.entries[m.pattern().as_usize()];
            if whole
                && e < b.len()
                && b[e].is_ascii_alphanumeric()
                && !(b[e - 1].is_ascii_lowercase() && b[e].is_ascii_uppercase())
            {
                continue;
            }
            bits |= bit;
        }
        bits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bit of a family of `t`, by name (0 when the list has no such family).
    fn family(t: &Tokens, name: &str) -> u32 {
        t.families
            .iter()
            .position(|f| f == name)
            .map_or(0, |i| 1 << i)
    }

    #[test]
    fn the_embedded_list_builds() {
        let t = &*TOKENS;
        assert!(t.families.len() >= 20 && t.families.len() <= MAX_FAMILIES);
        let mut seen = std::collections::HashSet::new();
        for line in LIST
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            assert!(seen.insert(line.split('\t').nth(1).unwrap()), "{line}");
        }
    }

    #[test]
    fn words_and_case() {
        let t = &*TOKENS;
        let f = |n: &str| family(t, n);
        assert_eq!(t.scan("site-header"), f("header"));
        assert_eq!(t.scan("entryContent"), f("article") | f("content"));
        assert_eq!(t.scan("ad-slot"), f("promo"));
        assert_eq!(t.scan("adContainer"), f("promo"));
        assert_eq!(t.scan("shadow load"), 0, "no `ad` inside words");
        assert_eq!(t.scan("navbar"), f("nav"));
        assert_eq!(t.scan("mainnav"), f("nav"));
        assert_eq!(t.scan(""), 0);
        assert_eq!(t.scan("é-nav"), f("nav"));
        assert!(build("x").is_err());
        assert!(build("a\tb c").is_err());
    }
}
